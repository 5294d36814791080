// @vitest-environment jsdom
// Labelling with the keyboard: the label message protocol, next/previous unlabelled, whole group
// rows, undo, "unlabelled only", progress, and what the page says when a label is not saved.
import { beforeEach, describe, expect, it } from "vitest";
import hostile from "../../tests/data/hostile_strings.json";
import { progressText } from "../src/components/labelling";
import { LocalModel } from "../src/localModel";
import type { FrontEndMessage, LabelResult } from "../src/types";
import { mount } from "../src/widget";
import { ARTICLE, makeState } from "./fakeModel";

/** A kernel that answers only when told: labels reach the page only after it accepts them. */
class SlowKernel extends LocalModel {
  queue: FrontEndMessage[] = [];
  send(content: FrontEndMessage): void {
    if (content.type === "toggle") super.send(content);
    else this.queue.push(content);
  }
  /** Accept every queued message (as the kernel does after its store committed them). */
  accept(): void {
    for (const message of this.queue.splice(0)) super.send(message);
  }
  /** Refuse every queued label: nothing changes, the page is told why. */
  refuse(error: string): void {
    for (const message of this.queue.splice(0)) {
      const result: LabelResult = { type: "label_result", id: message.type === "toggle" ? null : message.id, ok: false, keys: [], error };
      (this as unknown as { reply(r: LabelResult): void }).reply(result);
    }
  }
}

let el: HTMLElement;
beforeEach(() => {
  document.body.replaceChildren();
  el = document.createElement("div");
  document.body.append(el);
});

const LABELS = ["correct", "incorrect", "unsure"];
const chip = (panel: string, i: number) =>
  el.querySelector<HTMLElement>(`[data-ctx-panel="${panel}"] [data-ctx-answer][data-answer-index="${i}"]`)!;
const key = (target: Element, k: string, init: KeyboardEventInit = {}) =>
  target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...init }));
const status = () => el.querySelector<HTMLElement>("[data-ctx-save-status]")!;

describe("the label message", () => {
  it("shows a label only once the kernel accepted it, then moves on to the next unlabelled answer", () => {
    const model = new SlowKernel(makeState(ARTICLE, ["q2"], { labels: LABELS }));
    mount(model, el);
    // The page never writes annotations itself: a local write would be buffered by ipywidgets and
    // sent back with the next state change, possibly stale, undoing a label committed meanwhile.
    const written: string[] = [];
    const set = model.set.bind(model);
    model.set = (k, v) => {
      written.push(k);
      set(k, v);
    };
    chip("q2", 0).focus();
    key(chip("q2", 0), "1");
    expect(written).not.toContain("annotations");
    expect(model.queue).toEqual([{ type: "label", answers: [["q2", 0]], label: "correct", id: expect.any(Number) }]);
    expect(chip("q2", 0).dataset.label).toBeUndefined(); // not before the kernel says so
    expect(status().textContent).toBe("Saving…");
    // Moved on at once: the next answer in the panel's order (the row's second member, q2/2).
    expect(document.activeElement).toBe(chip("q2", 2));
    expect(model.get("selected")).toEqual({ panel: "q2", answer: 2 });
    model.accept();
    expect(chip("q2", 0).dataset.label).toBe("correct");
    expect(model.get("annotations")).toEqual({ "q2/0": "correct" });
    expect(status().textContent).toBe("Saved: 1 label.");
    expect(status().getAttribute("role")).toBe("status");
  });

  it("says a refused label is not saved, with the kernel's reason, and changes nothing", () => {
    const model = new SlowKernel(makeState(ARTICLE, ["q2"], { labels: LABELS }));
    mount(model, el);
    chip("q2", 1).focus();
    key(chip("q2", 1), "2");
    model.refuse("not saved to the label store /x/labels.sqlite3: attempt to write a readonly database");
    expect(model.get("annotations")).toEqual({});
    expect(chip("q2", 1).dataset.label).toBeUndefined();
    expect(status().dataset.kind).toBe("error");
    expect(status().textContent).toBe(
      "Not saved: The label of q2/1. not saved to the label store /x/labels.sqlite3: attempt to write a readonly database",
    );
    // The refused answer counts as unlabelled again: p goes back to it.
    expect(document.activeElement).toBe(chip("q2", 3));
    key(chip("q2", 3), "p");
    expect(document.activeElement).toBe(chip("q2", 1));
  });

  it("ignores keys typed in the outline's filter", () => {
    const model = new SlowKernel(makeState(ARTICLE, [], { labels: LABELS }));
    mount(model, el);
    el.querySelector<HTMLElement>("[data-ctx-outline-toggle]")!.click();
    const input = el.querySelector<HTMLInputElement>("[data-ctx-outline-filter]")!;
    expect(key(input, "n")).toBe(true); // not prevented
    expect(key(input, "1")).toBe(true);
    expect(model.queue).toEqual([]);
    expect(model.get("selected")).toBeNull();
  });
});

describe("next and previous unlabelled", () => {
  it("opens the answer's panel and row, selects it, focuses its chip, and goes across panels", () => {
    const model = new LocalModel(makeState(ARTICLE, [], { labels: LABELS, annotations: { "q2/0": "correct", "q2/2": "correct" } }));
    mount(model, el);
    const start = el.querySelector<HTMLElement>('[data-ctx-panel="q2"] [data-ctx-toggle]')!;
    start.focus();
    expect(key(start, "n")).toBe(false); // handled: JupyterLab never sees it
    expect(model.get("expanded")).toEqual(["q2"]);
    expect(document.activeElement).toBe(chip("q2", 1));
    expect(model.get("selected")).toEqual({ panel: "q2", answer: 1 });
    expect(el.querySelector('[data-ctx-evidence][data-answer-index="1"]')).not.toBeNull();
    key(chip("q2", 1), "n");
    expect(document.activeElement).toBe(chip("q2", 3));
    key(chip("q2", 3), "n"); // the next panel in reading order
    expect(model.get("expanded")).toEqual(["q2", "q3"]);
    expect(document.activeElement).toBe(chip("q3", 0));
    key(chip("q3", 0), "p");
    expect(document.activeElement).toBe(chip("q2", 3));
  });

  it("labels every answer of a panel with one key each after the first move", () => {
    const model = new LocalModel(makeState(ARTICLE, [], { labels: LABELS }));
    mount(model, el);
    const start = el.querySelector<HTMLElement>('[data-ctx-panel="q2"] [data-ctx-toggle]')!;
    start.focus();
    let presses = 0;
    const press = (k: string) => {
      presses += 1;
      key(document.activeElement!, k);
    };
    press("n");
    for (let i = 0; i < 4; i++) press("3");
    expect(model.get("annotations")).toEqual({ "q2/0": "unsure", "q2/1": "unsure", "q2/2": "unsure", "q2/3": "unsure" });
    expect(presses).toBe(5);
    expect(el.querySelector("[data-ctx-progress]")!.textContent).toBe("5 answers · 4 labelled (80%)");
  });
});

describe("group rows and undo", () => {
  it("labels a whole row with one key on its button, as one action that one undo reverts", () => {
    const model = new LocalModel(makeState(ARTICLE, ["q2"], { labels: LABELS }));
    const sent: FrontEndMessage[] = [];
    const send = model.send.bind(model);
    model.send = (m) => {
      sent.push(m);
      send(m);
    };
    mount(model, el);
    const row = el.querySelector<HTMLElement>('[data-ctx-panel="q2"] [data-ctx-group] [data-ctx-disclosure]')!;
    row.focus();
    key(row, "2");
    expect(sent.filter((m) => m.type === "label")).toEqual([
      {
        type: "label",
        answers: [
          ["q2", 0],
          ["q2", 2],
        ],
        label: "incorrect",
        id: expect.any(Number),
      },
    ]);
    expect(model.get("annotations")).toEqual({ "q2/0": "incorrect", "q2/2": "incorrect" });
    expect(document.activeElement).toBe(chip("q2", 1)); // moved on past the row
    key(chip("q2", 1), "1", { shiftKey: true, code: "Digit1" }); // Shift on a lone answer: just it
    expect(model.get("annotations")).toEqual({ "q2/0": "incorrect", "q2/2": "incorrect", "q2/1": "correct" });
    key(document.activeElement!, "u");
    key(document.activeElement!, "u");
    expect(model.get("annotations")).toEqual({});
    expect(status().textContent).toBe("Undone: 2 labels.");
  });

  it("Shift with a number on an answer in a row labels the row", () => {
    const model = new LocalModel(makeState(ARTICLE, ["q2"], { labels: LABELS }));
    mount(model, el);
    chip("q2", 2).focus();
    key(chip("q2", 2), "!", { shiftKey: true, code: "Digit1" });
    expect(model.get("annotations")).toEqual({ "q2/0": "correct", "q2/2": "correct" });
  });
});

describe("unlabelled only, progress and the store's note", () => {
  it("hides labelled answers, counts progress per question in the outline, and shows hostile text as text", () => {
    const hostile = '<img src=x onerror="alert(1)">';
    const model = new LocalModel(
      makeState(ARTICLE, ["q2"], {
        labels: [hostile, "ok"],
        annotations: { "q2/0": hostile },
        _store_info: { location: "/tmp/labels.sqlite3", annotator: hostile, note: "12 stored labels are not in this article" },
      }),
    );
    mount(model, el);
    expect(el.querySelector("[data-ctx-progress]")!.textContent).toBe("5 answers · 1 labelled (20%)");
    expect(el.querySelector("[data-ctx-store-info]")!.textContent).toBe(
      `Labels are saved to /tmp/labels.sqlite3 as ${hostile}. 12 stored labels are not in this article.`,
    );
    expect(el.querySelector("img")).toBeNull();
    expect(chip("q2", 0).dataset.label).toBe(hostile);
    el.querySelector<HTMLElement>("[data-ctx-unlabelled-only]")!.click();
    expect(model.get("unlabelled_only")).toBe(true);
    expect(el.querySelector("[data-ctx-unlabelled-only]")!.getAttribute("aria-pressed")).toBe("true");
    expect(chip("q2", 0).hidden).toBe(true);
    expect(chip("q2", 1).hidden).toBe(false);
    el.querySelector<HTMLElement>("[data-ctx-outline-toggle]")!.click();
    const progress = [...el.querySelectorAll("[data-ctx-outline-progress]")].map((n) => n.textContent);
    expect(progress).toContain("1 of 4 labelled");
    expect(progress).toContain("0 of 1 labelled");
  });

  it("hides the labelling bar without labels, and names its keys for assistive technology", () => {
    mount(new LocalModel(makeState(ARTICLE, ["q2"])), el);
    expect(el.querySelector<HTMLElement>("[data-ctx-labelling-bar]")!.hidden).toBe(true);
    el.replaceChildren();
    mount(new LocalModel(makeState(ARTICLE, ["q2"], { labels: LABELS })), el);
    const shortcuts = [...el.querySelectorAll("[data-ctx-labelling]")].map((b) => b.getAttribute("aria-keyshortcuts"));
    expect(shortcuts).toEqual(["P", "N", "U"]);
    expect(el.querySelector("[data-ctx-keys]")!.textContent).toContain("1–3 label the focused answer and move on");
  });
});

describe("progressText", () => {
  it("writes thousands and a whole percentage", () => {
    expect(progressText(1271, 37)).toBe("1,271 answers · 37 labelled (3%)");
    expect(progressText(1271, 1)).toBe("1,271 answers · 1 labelled (1%)");
    expect(progressText(1271, 1270)).toBe("1,271 answers · 1,270 labelled (99%)");
    expect(progressText(1, 1)).toBe("1 answer · 1 labelled (100%)");
    expect(progressText(0, 0)).toBe("0 answers · 0 labelled (0%)");
  });
});

describe("hostile text", () => {
  const payloads = (hostile.payloads as { value?: string; repeat?: [string, number] }[])
    .map((p) => p.value ?? (p.repeat ? p.repeat[0].repeat(Math.min(p.repeat[1], 2000)) : ""))
    .filter((text) => text.trim() !== "");

  it("shows every hostile annotator and label as text, and labels with it", () => {
    for (const text of payloads) {
      el.replaceChildren();
      const model = new LocalModel(
        makeState(ARTICLE, ["q2"], { labels: [text, "other"], _store_info: { location: "/tmp/l.sqlite3", annotator: text, note: "" } }),
      );
      mount(model, el);
      chip("q2", 1).focus();
      key(chip("q2", 1), "1");
      expect(model.get("annotations")).toEqual({ "q2/1": text });
      expect(chip("q2", 1).dataset.label).toBe(text);
      expect(chip("q2", 1).querySelector(".ctx-label-badge")!.textContent).toBe(text);
      expect(el.querySelector("[data-ctx-store-info]")!.textContent).toBe(`Labels are saved to /tmp/l.sqlite3 as ${text}.`);
      expect(el.querySelectorAll("script, img, iframe, svg, object, embed, style, link").length).toBe(0);
    }
    expect((window as unknown as { __ctxPwned?: unknown }).__ctxPwned).toBeUndefined();
  });
});
