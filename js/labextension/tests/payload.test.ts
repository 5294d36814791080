// The renderer's payload check against the cases ctxwidget.mime.read_payload is tested with.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_PAYLOAD_SIZE, checkPayload } from "../src/payload";

interface Case {
  name: string;
  payload: unknown;
  error: "article" | "state" | null;
  path: string | null;
}

const fixture = JSON.parse(
  readFileSync(new URL("../../../tests/data/mime_payloads.json", import.meta.url), "utf-8"),
) as { cases: Case[] };

describe("the shared payload cases", () => {
  it("has cases of every kind", () => {
    const kinds = new Set(fixture.cases.map((c) => c.error));
    expect(kinds).toEqual(new Set([null, "article", "state"]));
    expect(fixture.cases.length).toBeGreaterThan(40);
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const result = checkPayload(c.payload);
      if (c.error === "article") {
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.path).toBe(c.path);
        expect(result.error.startsWith(`${c.path}: `)).toBe(true);
        expect(result.error).not.toContain("\n");
      } else {
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        if (c.error === "state") {
          expect(result.notice).toContain(`(${c.path}: `);
          expect(result.state.expanded).toEqual([]);
          expect(result.state.selected).toBeNull();
        } else {
          expect(result.notice).toBeNull();
        }
      }
    });
  }
});

describe("what the renderer is handed", () => {
  it("keeps the state of a valid payload and fills panel ids in", () => {
    const valid = fixture.cases.find((c) => c.name === "valid")!;
    const result = checkPayload(valid.payload);
    expect(result.ok && result.state.expanded).toEqual(["q1"]);
    expect(result.ok && result.state.annotations).toEqual({ "q1/0": "ok" });
    const derived = checkPayload(fixture.cases.find((c) => c.name === "derived-ids")!.payload);
    expect(derived.ok && derived.state.article.panels!.map((p) => p.id)).toEqual(["q1", "q2"]);
    expect(derived.ok && derived.state.expanded).toEqual(["q2"]);
  });

  it("refuses a payload over the size limit in one line, before walking all of it", () => {
    const big = { version: 1, article: { title: "x".repeat(2000), paragraphs: Array(5000).fill("para") } };
    const result = checkPayload(big, 1000);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^\(payload\): too large to show here/);
    expect(checkPayload(big).ok).toBe(true);
    expect(MAX_PAYLOAD_SIZE).toBe(64 * 1024 * 1024);
  });

  it("never throws, whatever it is given", () => {
    const odd: unknown[] = [undefined, null, 0, NaN, "", [], {}, { version: 1, article: { title: "t", panels: [[]] } }];
    for (const value of odd) expect(() => checkPayload(value)).not.toThrow();
    const deep: Record<string, unknown> = { version: 1, article: { title: "t" } };
    let node: unknown = 1;
    for (let i = 0; i < 100_000; i++) node = [node];
    deep.state = { expanded: node };
    expect(checkPayload(deep).ok).toBe(true); // a bad state: shown with the default one
  });
});

describe("the UI state cases of tests/data/ui_state.json, in a payload", () => {
  interface UICase {
    field: string;
    value: unknown;
    result?: unknown;
    error?: string;
  }
  const ui = JSON.parse(readFileSync(new URL("../../../tests/data/ui_state.json", import.meta.url), "utf-8")) as {
    article: unknown;
    labels: string[];
    cases: UICase[];
  };
  for (const c of ui.cases) {
    it(`${c.field} = ${JSON.stringify(c.value)}`.slice(0, 70), () => {
      const result = checkPayload({ version: 1, article: ui.article, state: { labels: ui.labels, [c.field]: c.value } });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      if ("result" in c) {
        expect(result.notice).toBeNull();
        expect((result.state as unknown as Record<string, unknown>)[c.field]).toEqual(c.result);
      } else {
        const path = c.error === "" ? c.field : c.error?.startsWith("[") ? c.field + c.error : `${c.field}.${c.error}`;
        expect(result.notice).toContain(`(state.${path}: `);
      }
    });
  }
});
