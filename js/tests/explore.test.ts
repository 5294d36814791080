// @vitest-environment jsdom
// Groups, evidence, coverage filter, question grid and annotation.
import { beforeEach, describe, expect, it } from "vitest";
import { findSpan } from "../src/components/evidence";
import { mount } from "../src/widget";
import { ARTICLE, makeState, RecordingModel } from "./fakeModel";

let el: HTMLElement;
beforeEach(() => {
  document.body.replaceChildren();
  el = document.createElement("div");
  document.body.append(el);
});

const q2 = () => el.querySelector<HTMLElement>('[data-ctx-panel="q2"]')!;
const chip = (i: number) => q2().querySelector<HTMLElement>(`[data-ctx-answer][data-answer-index="${i}"]`)!;

describe("groups", () => {
  it("shows each group with its size, largest first, and marks consensus", () => {
    mount(new RecordingModel(makeState(ARTICLE, ["q2"])), el);
    const groups = [...q2().querySelectorAll<HTMLElement>(".ctx-group")];
    expect(groups.map((g) => g.dataset.groupSize)).toEqual(["2"]);
    expect(groups[0].querySelector(".ctx-group-size")!.textContent).toBe("×2");
    expect(q2().querySelector(".ctx-singles-toggle")!.textContent).toBe("2 other answers");
    expect(q2().dataset.consensus).toBe("false");
    const consensus = {
      ...ARTICLE,
      panels: [
        {
          id: "c",
          question: "Q?",
          answers: [
            { source: "a.com", text: "x", group: "g" },
            { source: "b.com", text: "x", group: "g" },
            { source: "c.com", text: "y" },
          ],
        },
      ],
    };
    el.replaceChildren();
    mount(new RecordingModel(makeState(consensus)), el);
    expect(el.querySelector<HTMLElement>('[data-ctx-panel="c"]')!.dataset.consensus).toBe("true");
    expect(el.querySelector(".ctx-consensus")!.textContent).toBe("consensus");
  });
});

describe("evidence", () => {
  it("finds the span ignoring case, or not at all", () => {
    expect(findSpan("They said ALICE did it.", "alice")).toEqual([10, 15]);
    expect(findSpan("Nothing here", "Bob")).toBeNull();
    expect(findSpan("a (b) c", "(b)")).toEqual([2, 5]);
    const long = "x".repeat(100_000);
    expect(findSpan(`say ${long.toUpperCase()} now`, long)).toEqual([4, 100_004]);
    expect(findSpan("\u0130stanbul and ISTANBUL", "istanbul")).toEqual([13, 21]);
  });

  it("opens on a chip click with the span highlighted and an http link", () => {
    const model = new RecordingModel(makeState(ARTICLE, ["q2"]));
    mount(model, el);
    chip(0).click();
    const box = q2().querySelector<HTMLElement>("[data-ctx-evidence]")!;
    expect(box.querySelector("mark")!.textContent).toBe("ALICE");
    expect(box.querySelector("blockquote")!.textContent).toBe("They said ALICE did it.");
    expect(box.querySelector<HTMLAnchorElement>("a")!.href).toBe("https://a.com/story");
    expect(box.previousElementSibling!.contains(chip(0))).toBe(true);
  });

  it("shows the context without highlight when the span is absent, and no javascript: link", () => {
    mount(new RecordingModel(makeState(ARTICLE, ["q2"], { selected: { panel: "q2", answer: 1 } })), el);
    const box = q2().querySelector<HTMLElement>("[data-ctx-evidence]")!;
    expect(box.querySelector("mark")).toBeNull();
    expect(box.querySelector("a")).toBeNull();
    expect(box.querySelector(".ctx-nolink")!.textContent).toBe("Open the article");
  });

  it("closes with its close button and with Escape", () => {
    const model = new RecordingModel(makeState(ARTICLE, ["q2"], { selected: { panel: "q2", answer: 0 } }));
    mount(model, el);
    q2().querySelector<HTMLElement>("[data-ctx-evidence-close]")!.click();
    expect(model.get("selected")).toBeNull();
    expect(q2().querySelector("[data-ctx-evidence]")).toBeNull();
    model.set("selected", { panel: "q2", answer: 0 });
    q2()
      .querySelector<HTMLElement>("[data-ctx-evidence] button")!
      .dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(model.get("selected")).toBeNull();
  });
});

describe("coverage and filter", () => {
  it("lists outlets with counts and filters every panel", () => {
    const model = new RecordingModel(makeState(ARTICLE, ["q2", "q3"]));
    mount(model, el);
    const toggles = [...el.querySelectorAll<HTMLElement>("[data-ctx-source]")];
    expect(toggles.map((t) => t.dataset.ctxSource)).toEqual(["a.com", "b.com", "c.com", "d.com", "e.com"]);
    el.querySelector<HTMLElement>('[data-ctx-source="b.com"]')!.click();
    expect(model.get("source_filter")).toEqual(["b.com"]);
    const visible = [...el.querySelectorAll<HTMLElement>("[data-ctx-answer]")].filter((c) => !c.hidden);
    expect(visible.map((c) => c.dataset.source)).toEqual(["b.com"]);
    expect(el.querySelector('[data-ctx-panel="q3"] .ctx-filter-note')!.textContent).toMatch(/No answer/);
    el.querySelector<HTMLElement>("[data-ctx-filter-clear]")!.click();
    expect(model.get("source_filter")).toEqual([]);
    expect([...el.querySelectorAll<HTMLElement>("[data-ctx-answer]")].every((c) => !c.hidden)).toBe(true);
  });

  it("applies a filter to panels opened later", () => {
    const model = new RecordingModel(makeState(ARTICLE, [], { source_filter: ["a.com"] }));
    mount(model, el);
    model.set("expanded", ["q2"]);
    expect([...q2().querySelectorAll<HTMLElement>("[data-ctx-answer]")].filter((c) => !c.hidden).length).toBe(1);
  });
});

describe("question grid", () => {
  it("switches views and shows one row per question, one column per outlet", () => {
    const model = new RecordingModel(makeState(ARTICLE));
    mount(model, el);
    expect(el.querySelector(".ctx-grid")).toBeNull(); // built lazily
    el.querySelector<HTMLElement>('[data-ctx-view="grid"]')!.click();
    expect(model.get("view")).toBe("grid");
    expect(el.querySelector<HTMLElement>(".ctx-body")!.hidden).toBe(true);
    const rows = [...el.querySelectorAll<HTMLElement>("[data-ctx-grid-row]")];
    expect(rows.map((r) => r.dataset.ctxGridRow)).toEqual(["q1", "q2", "q3"]);
    expect(el.querySelectorAll(".ctx-grid thead th").length).toBe(6);
    const cells = [...rows[1].querySelectorAll("td")].map((td) => td.textContent);
    expect(cells).toEqual(["Alice", "Bob", "alice", "Carol", ""]);
    const alice = rows[1].querySelector<HTMLElement>('[data-answer-index="0"]')!;
    const alice2 = rows[1].querySelector<HTMLElement>('[data-answer-index="2"]')!;
    const hueOf = (cell: HTMLElement) => [...cell.classList].find((name) => name.startsWith("ctx-hue-"));
    expect(hueOf(alice)).toMatch(/^ctx-hue-\d+$/);
    expect(hueOf(alice)).toBe(hueOf(alice2));
    expect(rows[1].querySelector('[data-answer-index="3"]')!.classList.contains("ctx-grid-single")).toBe(true);
    alice.click();
    expect(model.get("selected")).toEqual({ panel: "q2", answer: 0 });
    expect(el.querySelector(".ctx-grid-evidence mark")!.textContent).toBe("ALICE");
  });

  it("filters columns", () => {
    mount(new RecordingModel(makeState(ARTICLE, [], { view: "grid", source_filter: ["e.com", "a.com"] })), el);
    expect([...el.querySelectorAll<HTMLElement>(".ctx-grid thead th[data-source]")].map((t) => t.dataset.source)).toEqual([
      "a.com",
      "e.com",
    ]);
  });
});

describe("annotation", () => {
  const labels = ["correct", "incorrect", "unsure"];

  it("labels from the evidence buttons and from number keys", () => {
    const model = new RecordingModel(makeState(ARTICLE, ["q2"], { labels, selected: { panel: "q2", answer: 0 } }));
    mount(model, el);
    q2().querySelector<HTMLElement>('[data-ctx-label="incorrect"]')!.click();
    expect(model.get("annotations")).toEqual({ "q2/0": "incorrect" });
    expect(chip(0).querySelector(".ctx-label-badge")!.textContent).toBe("incorrect");
    expect(q2().querySelector('[data-ctx-label="incorrect"]')!.getAttribute("aria-pressed")).toBe("true");
    chip(3).dispatchEvent(new KeyboardEvent("keydown", { key: "3", bubbles: true }));
    expect(model.get("annotations")).toEqual({ "q2/0": "incorrect", "q2/3": "unsure" });
    chip(3).dispatchEvent(new KeyboardEvent("keydown", { key: "0", bubbles: true }));
    expect(model.get("annotations")).toEqual({ "q2/0": "incorrect" });
    chip(3).dispatchEvent(new KeyboardEvent("keydown", { key: "7", bubbles: true }));
    expect(model.get("annotations")).toEqual({ "q2/0": "incorrect" });
  });

  it("shows labels set from Python in the article and the grid", () => {
    const model = new RecordingModel(makeState(ARTICLE, ["q2"], { labels }));
    mount(model, el);
    model.set("annotations", { "q2/1": "correct" });
    expect(chip(1).dataset.label).toBe("correct");
    model.set("view", "grid");
    expect(el.querySelector<HTMLElement>('[data-ctx-grid-answer][data-answer-index="1"]')!.dataset.label).toBe("correct");
    model.set("annotations", {});
    expect(chip(1).querySelector(".ctx-label-badge")).toBeNull();
    expect(el.querySelector('[data-ctx-grid-answer][data-answer-index="1"] .ctx-label-badge')).toBeNull();
  });

  it("offers no label buttons without labels", () => {
    mount(new RecordingModel(makeState(ARTICLE, ["q2"], { selected: { panel: "q2", answer: 0 } })), el);
    expect(el.querySelector("[data-ctx-label]")).toBeNull();
  });
});
