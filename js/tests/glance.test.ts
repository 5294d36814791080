// @vitest-environment jsdom
// Reading real output at a glance: stacks, ranking, group rows, the distribution bar, the outline
// and the roving tabindex.
import { beforeEach, describe, expect, it } from "vitest";
import type { AnswerData, ArticleData, PanelData } from "../src/types";
import { mount } from "../src/widget";
import { makeState, RecordingModel } from "./fakeModel";

let el: HTMLElement;
beforeEach(() => {
  document.body.replaceChildren();
  el = document.createElement("div");
  document.body.append(el);
});

const answer = (source: string, text: string, group: number | null = null): AnswerData => ({ source, text, group });

/** A question answered by `n` distinct outlets, all in one group when `consensus`. */
function question(id: string, n: number, consensus = false): PanelData {
  const answers = Array.from({ length: n }, (_, i) => answer(`s${i}.com`, `answer ${i}`, consensus ? 0 : i));
  return { id, question: `Question ${id}?`, after: 1, answers };
}

/** Five questions at one position, one before it; a big panel with groups of 5, 3 and 8 answers alone. */
function article(): ArticleData {
  const big: AnswerData[] = [
    answer("a.com", "Recession", 0),
    answer("b.com", "a recession", 0),
    answer("a.com", "recession", 0),
    answer("c.com", "recession.", 0),
    answer("d.com", "A deep recession", 0),
    answer("e.com", "inflation", 1),
    answer("f.com", "Inflation", 1),
    answer("e.com", "high inflation", 1),
    ...Array.from({ length: 8 }, (_, i) => answer(`x${i}.com`, `alone ${i}`)),
  ];
  return {
    title: "T",
    paragraphs: ["One.", "Two."],
    panels: [
      { id: "first", question: "Before?", after: 0, answers: [answer("a.com", "x")] },
      question("few", 2),
      question("many", 4),
      question("agreed", 4, true),
      { id: "big", question: "What next?", after: 1, answers: big },
      question("none", 0),
    ],
  };
}

const stack = (after: number) => el.querySelector<HTMLElement>(`[data-ctx-stack="${after}"]`)!;
const visibleIds = (node: HTMLElement) =>
  [...node.querySelectorAll<HTMLElement>("[data-ctx-panel]")].filter((p) => !p.closest("[hidden]")).map((p) => p.dataset.ctxPanel);

describe("stacks and ranking", () => {
  it("puts the questions of one position in one stack, ranked, showing three until asked", () => {
    mount(new RecordingModel(makeState(article())), el);
    expect(el.querySelectorAll("[data-ctx-stack]").length).toBe(2);
    const s = stack(1);
    const all = [...s.querySelectorAll<HTMLElement>("[data-ctx-panel]")];
    expect(all.map((p) => p.dataset.ctxPanel)).toEqual(["big", "many", "agreed", "few", "none"]);
    expect(all.map((p) => p.dataset.sources)).toEqual(["14", "4", "4", "2", "0"]);
    expect(visibleIds(s)).toEqual(["big", "many", "agreed"]);
    const more = s.querySelector<HTMLButtonElement>("[data-ctx-stack-more]")!;
    expect(more.textContent).toBe("2 more questions here");
    expect(more.getAttribute("aria-expanded")).toBe("false");
    expect(document.getElementById(more.getAttribute("aria-controls")!)!.hidden).toBe(true);
    more.click();
    expect(visibleIds(s)).toEqual(["big", "many", "agreed", "few", "none"]);
    expect(more.getAttribute("aria-expanded")).toBe("true");
    expect(stack(0).querySelector("[data-ctx-stack-more]")!.hasAttribute("hidden")).toBe(true);
  });

  it("takes the stack size from the model, without re-rendering, and reveals open questions", () => {
    const model = new RecordingModel(makeState(article(), [], { stack_size: 1 }));
    mount(model, el);
    const big = el.querySelector('[data-ctx-panel="big"]');
    expect(visibleIds(stack(1))).toEqual(["big"]);
    model.set("stack_size", null);
    expect(visibleIds(stack(1))).toEqual(["big", "many", "agreed", "few", "none"]);
    model.set("stack_size", 2);
    expect(visibleIds(stack(1))).toEqual(["big", "many"]);
    model.set("expanded", ["none"]);
    expect(visibleIds(stack(1))).toContain("none");
    expect(el.querySelector('[data-ctx-panel="big"]')).toBe(big);
  });
});

describe("group rows", () => {
  it("summarises a large panel: one row per group, its representative and outlets, the rest behind buttons", () => {
    mount(new RecordingModel(makeState(article(), ["big"])), el);
    const panel = el.querySelector<HTMLElement>('[data-ctx-panel="big"]')!;
    const rows = [...panel.querySelectorAll<HTMLElement>("[data-ctx-group]")];
    expect(rows.map((r) => r.dataset.groupSize)).toEqual(["5", "3"]);
    expect(rows.map((r) => r.querySelector("[data-ctx-group-label]")!.textContent)).toEqual(["Recession", "inflation"]);
    expect(rows[0].querySelector(".ctx-group-outlets")!.textContent).toBe("a.com ×2 · b.com · c.com · d.com");
    // every answer is in the DOM, members hidden until asked
    expect(panel.querySelectorAll("[data-ctx-answer]").length).toBe(16);
    const toggle = rows[0].querySelector<HTMLButtonElement>(".ctx-group-toggle")!;
    const members = document.getElementById(toggle.getAttribute("aria-controls")!)!;
    expect(members.hidden).toBe(true);
    toggle.click();
    expect(members.hidden).toBe(false);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const singles = panel.querySelector<HTMLButtonElement>(".ctx-singles-toggle")!;
    expect(singles.textContent).toBe("8 other answers");
    expect(singles.getAttribute("aria-expanded")).toBe("false");
    // the question's toggle stays the first disclosure button of the panel
    expect(panel.querySelector("button[aria-expanded]")!.hasAttribute("data-ctx-toggle")).toBe(true);
  });

  it("heads the answers with a bar of group sizes", () => {
    mount(new RecordingModel(makeState(article(), ["big"])), el);
    const bar = el.querySelector<HTMLElement>('[data-ctx-panel="big"] [data-ctx-distribution]')!;
    expect([...bar.children].map((s) => (s as HTMLElement).style.flexGrow)).toEqual(["5", "3", "8"]);
    expect(bar.getAttribute("aria-label")).toBe("16 answers: groups of 5, 3; 8 answers alone");
  });

  it("names each chip by outlet, answer and how many outlets give it", () => {
    mount(new RecordingModel(makeState(article(), ["big"])), el);
    const chip = (i: number) => el.querySelector(`[data-ctx-panel="big"] [data-answer-index="${i}"]`)!;
    const name = (i: number) => [...chip(i).children].map((c) => c.textContent).join(" ");
    expect(name(1)).toBe("b.com a recession , one of 4 outlets giving this answer");
    expect(name(9)).toBe("x1.com alone 1 , the only outlet giving this answer");
    expect(chip(1).querySelector(".ctx-visually-hidden")).not.toBeNull();
  });

  it("opens the row of an answer selected from Python", () => {
    const model = new RecordingModel(makeState(article(), ["big"], { selected: { panel: "big", answer: 6 } }));
    mount(model, el);
    const chip = el.querySelector<HTMLElement>('[data-ctx-panel="big"] [data-answer-index="6"]')!;
    expect(chip.closest("[hidden]")).toBeNull();
    expect(chip.closest("[data-ctx-group]")!.nextElementSibling!.hasAttribute("data-ctx-evidence")).toBe(true);
  });
});

describe("keyboard", () => {
  it("makes each list of chips one tab stop, moved by the arrow keys", () => {
    mount(new RecordingModel(makeState(article(), ["big"])), el);
    const list = el.querySelector<HTMLElement>('[data-ctx-panel="big"] .ctx-group-members')!;
    const chips = [...list.querySelectorAll<HTMLElement>("[data-ctx-answer]")];
    expect(chips.map((c) => c.getAttribute("tabindex"))).toEqual(["0", "-1", "-1", "-1", "-1"]);
    list.hidden = false;
    chips[0].focus();
    chips[0].dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    expect(document.activeElement).toBe(chips[1]);
    expect(chips.map((c) => c.getAttribute("tabindex"))).toEqual(["-1", "0", "-1", "-1", "-1"]);
    chips[1].dispatchEvent(new KeyboardEvent("keydown", { key: "End", bubbles: true }));
    expect(document.activeElement).toBe(chips[4]);
    chips[4].dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", bubbles: true }));
    expect(document.activeElement).toBe(chips[3]);
  });
});

describe("outline", () => {
  it("lists every question in reading order, filters, and jumps to a hidden one", () => {
    const model = new RecordingModel(makeState(article()));
    mount(model, el);
    const outline = el.querySelector<HTMLElement>("[data-ctx-outline]")!;
    expect(outline.hidden).toBe(true);
    el.querySelector<HTMLButtonElement>("[data-ctx-outline-toggle]")!.click();
    expect(outline.hidden).toBe(false);
    const items = [...outline.querySelectorAll<HTMLElement>("[data-ctx-outline-item]")];
    expect(items.map((i) => i.dataset.panel)).toEqual(["first", "big", "many", "agreed", "few", "none"]);
    expect(items[1].querySelector(".ctx-outline-count")!.textContent).toBe("14 outlets");
    const input = outline.querySelector<HTMLInputElement>("[data-ctx-outline-filter]")!;
    input.value = "QUESTION";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    expect(items.filter((i) => !i.closest("li")!.hidden).map((i) => i.dataset.panel)).toEqual(["many", "agreed", "few", "none"]);
    items[5].click();
    expect(model.get("expanded")).toEqual(["none"]);
    expect(model.sent).toEqual([{ type: "toggle", panel: "none", open: true }]);
    expect(visibleIds(stack(1))).toContain("none");
    expect(document.activeElement).toBe(el.querySelector('[data-ctx-panel="none"] [data-ctx-toggle]'));
  });
});
