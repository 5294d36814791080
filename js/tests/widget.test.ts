// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import { domainHue } from "../src/color";
import { safeHref } from "../src/dom";
import { groupAnswers } from "../src/rules";
import { mount } from "../src/widget";
import { ARTICLE, makeState, RecordingModel } from "./fakeModel";

let el: HTMLElement;
beforeEach(() => {
  document.body.replaceChildren();
  el = document.createElement("div");
  document.body.append(el);
});

const panel = (id: string) => el.querySelector<HTMLElement>(`[data-ctx-panel="${id}"]`)!;
const toggle = (id: string) => panel(id).querySelector<HTMLButtonElement>("button[aria-expanded]")!;

describe("rendering", () => {
  it("renders header, paragraphs and panels in article order", () => {
    mount(new RecordingModel(makeState(ARTICLE)), el);
    const root = el.querySelector(".ctxwidget")!;
    expect(root.getAttribute("data-lm-suppress-shortcuts")).toBe("true");
    expect(root.querySelector(".ctx-title")!.textContent).toBe("Headline <b>not bold</b>");
    expect(root.querySelector("b")).toBeNull();
    expect(root.querySelectorAll(".ctx-body > .ctx-chunk").length).toBe(1);
    const order = [...root.querySelectorAll(".ctx-chunk > *")].map(
      (n) => n.querySelector("[data-ctx-panel]")?.getAttribute("data-ctx-panel") ?? n.textContent,
    );
    expect(order).toEqual(["q1", "First.", "q2", "A heading", "Second.", "q3"]);
    expect(root.querySelector("h3")!.textContent).toBe("A heading");
    const link = root.querySelector<HTMLAnchorElement>("a[data-ctx-link]")!;
    expect(link.href).toBe("https://example.com/a");
    expect(link.rel).toBe("noopener noreferrer");
    expect(link.target).toBe("_blank");
  });

  it("builds answers lazily, grouped largest first, keeping answer indices", () => {
    mount(new RecordingModel(makeState(ARTICLE)), el);
    expect(panel("q2").querySelectorAll("[data-ctx-answer]").length).toBe(0);
    toggle("q2").click();
    const chips = [...panel("q2").querySelectorAll<HTMLElement>("[data-ctx-answer]")];
    expect(chips.map((c) => c.dataset.answerIndex)).toEqual(["0", "2", "1", "3"]);
    expect(chips.map((c) => c.dataset.source)).toEqual(["a.com", "c.com", "b.com", "d.com"]);
    expect(panel("q2").querySelector(".ctx-summary")!.textContent).toBe("4 sources · 3 answers");
  });

  it("puts blocks into chunks of ten, in article order", () => {
    const paragraphs = Array.from({ length: 24 }, (_, i) => `P${i}.`);
    const panels = [{ id: "x", question: "X?", after: 5, answers: [] }];
    mount(new RecordingModel(makeState({ title: "T", paragraphs, panels })), el);
    const chunks = [...el.querySelectorAll(".ctx-body > .ctx-chunk")];
    expect(chunks.map((c) => c.children.length)).toEqual([10, 10, 5]);
    expect(chunks[0].children[5].querySelector("[data-ctx-panel]")!.getAttribute("data-ctx-panel")).toBe("x");
    expect(chunks[0].children[5].getAttribute("data-ctx-stack")).toBe("5");
    expect(chunks[2].lastElementChild!.textContent).toBe("P23.");
  });

  it("says so when a panel has no answers", () => {
    mount(new RecordingModel(makeState(ARTICLE, ["q1"])), el);
    expect(panel("q1").querySelector(".ctx-empty")!.textContent).toMatch(/No source/);
  });

  it("shows a non-http link as text", () => {
    mount(new RecordingModel(makeState({ ...ARTICLE, url: "javascript:alert(1)" })), el);
    expect(el.querySelector("a")).toBeNull();
    expect(el.querySelector("[data-ctx-link]")!.tagName).toBe("SPAN");
  });
});

describe("state", () => {
  it("toggles with one small message that names the panel", () => {
    const model = new RecordingModel(makeState(ARTICLE, ["q1", "q3"]));
    mount(model, el);
    toggle("q2").click();
    expect(model.sent).toEqual([{ type: "toggle", panel: "q2", open: true }]);
    expect(model.get("expanded")).toEqual(["q1", "q3", "q2"]);
    expect(toggle("q2").getAttribute("aria-expanded")).toBe("true");
    expect(model.saves).toBe(0); // no full state goes out
    toggle("q2").click();
    expect(model.sent[1]).toEqual({ type: "toggle", panel: "q2", open: false });
    expect(panel("q2").querySelector<HTMLElement>(".ctx-answers")!.hidden).toBe(true);
  });

  it("applies toggles the kernel broadcasts from other front ends", () => {
    const model = new RecordingModel(makeState(ARTICLE));
    mount(model, el);
    const emit = (message: unknown) =>
      (model as unknown as { listeners: Map<string, Set<(m: unknown) => void>> }).listeners.get("msg:custom")!.forEach((f) => {
        f(message);
      });
    emit({ type: "toggle", panel: "q3", open: true });
    expect(toggle("q3").getAttribute("aria-expanded")).toBe("true");
    emit({ type: "toggle", panel: "q3", open: "yes" }); // malformed: ignored
    emit({ type: "other" });
    expect(toggle("q3").getAttribute("aria-expanded")).toBe("true");
  });

  it("patches only the panels whose state changed", () => {
    const model = new RecordingModel(makeState(ARTICLE));
    mount(model, el);
    const before = panel("q3");
    const title = el.querySelector(".ctx-title");
    model.set("expanded", ["q3"]);
    expect(panel("q3")).toBe(before);
    expect(el.querySelector(".ctx-title")).toBe(title);
    expect(toggle("q3").getAttribute("aria-expanded")).toBe("true");
    expect(toggle("q2").getAttribute("aria-expanded")).toBe("false");
  });

  it("selects a chip and clears it on a second click", () => {
    const model = new RecordingModel(makeState(ARTICLE, ["q2"]));
    mount(model, el);
    const chip = panel("q2").querySelector<HTMLElement>('[data-answer-index="2"]')!;
    chip.click();
    expect(model.get("selected")).toEqual({ panel: "q2", answer: 2 });
    expect(chip.getAttribute("aria-pressed")).toBe("true");
    chip.click();
    expect(model.get("selected")).toBeNull();
    expect(chip.classList.contains("ctx-selected")).toBe(false);
  });

  it("applies a selection made before the panel was first opened", () => {
    const model = new RecordingModel(makeState(ARTICLE));
    mount(model, el);
    model.set("selected", { panel: "q2", answer: 3 });
    model.set("expanded", ["q2"]);
    expect(panel("q2").querySelector('[data-answer-index="3"]')!.getAttribute("aria-pressed")).toBe("true");
  });

  it("keeps two views of one model in sync and cleans up", () => {
    const model = new RecordingModel(makeState(ARTICLE));
    const other = document.createElement("div");
    document.body.append(other);
    mount(model, el);
    const dispose = mount(model, other);
    toggle("q2").click();
    expect(model.sent.length).toBe(1);
    expect(other.querySelector('[data-ctx-panel="q2"] button')!.getAttribute("aria-expanded")).toBe("true");
    const ids = [...document.querySelectorAll(".ctx-answers")].map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    dispose();
    expect(other.querySelector(".ctxwidget")).toBeNull();
    model.set("expanded", []);
    expect(toggle("q2").getAttribute("aria-expanded")).toBe("false");
  });

  it("re-renders when the article changes", () => {
    const model = new RecordingModel(makeState(ARTICLE));
    mount(model, el);
    model.set("article", { title: "New", panels: [{ id: "z", question: "Z?", answers: [] }] });
    expect(el.querySelector(".ctx-title")!.textContent).toBe("New");
    expect(el.querySelectorAll("[data-ctx-panel]").length).toBe(1);
  });
});

describe("helpers", () => {
  it("allows only http(s) links", () => {
    expect(safeHref("https://a.com/x")).toBe("https://a.com/x");
    expect(safeHref("HTTP://a.com")).toBe("http://a.com/");
    for (const bad of [
      "javascript:alert(1)",
      " javascript:x",
      "JaVaScRiPt:x",
      "data:text/html,x",
      "//a.com",
      "vbscript:x",
      "java\tscript:x",
      "/rel",
      "",
    ]) {
      expect(safeHref(bad)).toBeNull();
    }
  });

  it("colours domains deterministically", () => {
    expect(domainHue("apnews.com")).toBe(domainHue("apnews.com"));
    expect(domainHue("apnews.com")).toBeGreaterThanOrEqual(0);
    expect(domainHue("apnews.com")).toBeLessThan(360);
  });

  it("groups like the Python model", () => {
    const groups = groupAnswers([null, "x", "y", "x", null, "y", "y"].map((g, i) => ({ source: `s${i}.com`, text: "t", group: g })));
    expect(groups.map((g) => g.indices)).toEqual([[2, 5, 6], [1, 3], [0], [4]]);
  });
});
