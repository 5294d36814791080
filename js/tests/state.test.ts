// The UI state of src/state.ts, pinned by the fixture that tests/test_state.py checks
// ctxwidget.state.UIState against: the same fields, defaults, and accepted and refused values.
import { describe, expect, it } from "vitest";
import fixture from "../../tests/data/ui_state.json";
import { checkField, checkUIState, defaultUIState, FieldError, readField, UI_FIELDS, type UIField } from "../src/state";
import { Store } from "../src/store";
import type { ArticleData } from "../src/types";
import { makeState, RecordingModel } from "./fakeModel";

interface Case {
  field: UIField;
  value: unknown;
  result?: unknown;
  error?: string;
  context?: boolean;
}

const cases = fixture.cases as Case[];
const article = fixture.article as ArticleData;
const context = { article, labels: fixture.labels };
const name = (c: Case): string => `${c.field} = ${JSON.stringify(c.value)}`.slice(0, 70);
const inField = (field: string, path: string): string => (path === "" ? field : path.startsWith("[") ? field + path : `${field}.${path}`);

describe("the fields", () => {
  it("are ctxwidget.state.UIState's, in its order, with its defaults", () => {
    expect(UI_FIELDS).toEqual(Object.keys(fixture.defaults));
    expect(defaultUIState()).toEqual(fixture.defaults);
  });

  it("each have values they accept and values they refuse in the fixture", () => {
    for (const field of UI_FIELDS) {
      const outcomes = new Set(cases.filter((c) => c.field === field).map((c) => "result" in c));
      expect(outcomes, field).toEqual(new Set([true, false]));
    }
  });

  it("give fresh defaults (a view may not share one list with another)", () => {
    const a = defaultUIState();
    a.expanded.push("q1");
    expect(defaultUIState().expanded).toEqual([]);
  });
});

describe("checked against the article (the lab renderer's payload check)", () => {
  for (const c of cases) {
    it(name(c), () => {
      if ("result" in c) {
        expect(checkField(c.field, c.value, context)).toEqual(c.result);
        return;
      }
      let error: unknown = null;
      try {
        checkField(c.field, c.value, context);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FieldError);
      expect((error as FieldError).path).toBe(c.error);
      // In a whole state the path starts with the field, as ctxwidget.state.trait_path writes it.
      const whole = () => checkUIState({ labels: fixture.labels, [c.field]: c.value }, article);
      expect(whole).toThrow(FieldError);
      try {
        whole();
      } catch (e) {
        expect((e as FieldError).path).toBe(inField(c.field, c.error ?? ""));
      }
    });
  }
});

describe("read from the model (the store: shapes only, the kernel has checked the rest)", () => {
  for (const c of cases) {
    if ("result" in c) {
      it(`keeps ${name(c)}`, () => expect(readField(c.field, c.result)).toEqual(c.result));
    } else if (!c.context) {
      it(`replaces ${name(c)} by the default`, () => {
        expect(readField(c.field, c.value)).toEqual(defaultUIState()[c.field]);
      });
    }
  }

  it("gives the default for a field the model does not have", () => {
    for (const field of UI_FIELDS) expect(readField(field, undefined)).toEqual(defaultUIState()[field]);
  });

  it("shows a stack size of 0 (which Python refuses) as the default", () => {
    const model = new RecordingModel(makeState(article, [], { stack_size: 0 }));
    const store = new Store(model);
    expect(store.get("stack_size")).toBe(fixture.defaults.stack_size);
    model.set("stack_size", 1);
    expect(store.get("stack_size")).toBe(1);
    store.dispose();
  });
});
