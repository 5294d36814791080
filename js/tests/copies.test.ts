// @vitest-environment jsdom
// Syndicated copies: a chip, a grid cell and the counts say when a source copies another outlet.
import axe from "axe-core";
import { beforeEach, describe, expect, it } from "vitest";
import type { AnswerData, ArticleData } from "../src/types";
import { mount } from "../src/widget";
import { makeState, RecordingModel } from "./fakeModel";

let el: HTMLElement;
beforeEach(() => {
  document.body.replaceChildren();
  el = document.createElement("div");
  document.body.append(el);
});

const answer = (source: string, text: string, group: number, copy_of?: string): AnswerData =>
  copy_of ? { source, text, group, copy_of } : { source, text, group };

// Two copies of ocregister.com make "rates" look like a consensus (3 of 5 answers); one vote each
// for the three independent outlets makes it discord.
const ARTICLE: ArticleData = {
  title: "T",
  paragraphs: ["One."],
  panels: [
    {
      id: "q1",
      question: "Why?",
      after: 1,
      answers: [
        answer("ocregister.com", "rates", 0),
        answer("vigourtimes.com", "rates", 0, "ocregister.com"),
        answer("copy.example.org", "rates", 0, "ocregister.com"),
        answer("b.com", "wages", 1),
        answer("d.com", "energy", 2),
      ],
    },
    { id: "q2", question: "Who?", after: 1, answers: [answer("b.com", "Alice", 0), answer("d.com", "Alice", 0)] },
  ],
};

/** The accessible name a button takes from its content (every chip's name comes from its text). */
const nameOf = (node: HTMLElement): string => (node.textContent ?? "").replace(/\s+/g, " ").trim();
const chip = (i: number) => el.querySelector<HTMLElement>(`[data-ctx-panel="q1"] [data-ctx-answer][data-answer-index="${i}"]`)!;

describe("answers from copies", () => {
  it("a chip from a copy names the outlet it copies, visibly and in its accessible name", () => {
    mount(new RecordingModel(makeState(ARTICLE, ["q1"])), el);
    const copy = chip(1);
    const source = copy.querySelector<HTMLElement>(".ctx-chip")!;
    expect(source.textContent).toBe("vigourtimes.com, copy of ocregister.com");
    const note = copy.querySelector<HTMLElement>(".ctx-copy-of")!;
    expect(note.closest(".ctx-visually-hidden")).toBeNull(); // visible text, not only a label
    expect(nameOf(copy).startsWith("vigourtimes.com, copy of ocregister.com")).toBe(true);
    expect(copy.dataset.copyOf).toBe("ocregister.com");
    // The original and the other outlets say nothing of copies.
    expect(chip(0).querySelector(".ctx-copy-of")).toBeNull();
    expect(chip(0).querySelector(".ctx-chip")!.textContent).toBe("ocregister.com");
    expect(chip(3).hasAttribute("data-copy-of")).toBe(false);
  });

  it("the question line counts independent sources beside all sources, and the verdict reads votes", () => {
    mount(new RecordingModel(makeState(ARTICLE)), el);
    const q1 = el.querySelector<HTMLElement>('[data-ctx-panel="q1"]')!;
    expect(q1.querySelector(".ctx-summary")!.textContent).toBe("5 sources · 3 independent · 3 answers");
    expect(q1.dataset.sources).toBe("5");
    expect(q1.dataset.independent).toBe("3");
    expect(q1.dataset.consensus).toBe("false"); // 3 of 5 answers, but 1 of 3 votes
    // Without copies nothing changes: no "independent" part.
    const q2 = el.querySelector<HTMLElement>('[data-ctx-panel="q2"]')!;
    expect(q2.querySelector(".ctx-summary")!.textContent).toBe("2 sources · 1 answer");
    expect(q2.dataset.consensus).toBe("true");
  });

  it("the coverage summary counts independent sources", () => {
    mount(new RecordingModel(makeState(ARTICLE)), el);
    expect(el.querySelector(".ctx-coverage-title")!.textContent).toBe("5 sources · 3 independent answered 2 of 2 questions");
  });

  it("ranks by independent sources: three outlets with two copies come after two independent ones", () => {
    const stack: ArticleData = {
      ...ARTICLE,
      panels: [
        {
          id: "p1",
          question: "Q1?",
          after: 1,
          answers: [answer("a.com", "x", 1), answer("b.com", "x", 1, "a.com"), answer("c.com", "x", 1, "a.com")],
        },
        { id: "p2", question: "Q2?", after: 1, answers: [answer("d.com", "x", 1), answer("e.com", "y", 2)] },
      ],
    };
    mount(new RecordingModel(makeState(stack)), el);
    expect([...el.querySelectorAll<HTMLElement>("[data-ctx-panel]")].map((p) => p.dataset.ctxPanel)).toEqual(["p2", "p1"]);
  });

  it("the grid marks a copy's cell in text, not colour alone", () => {
    mount(new RecordingModel(makeState(ARTICLE, [], { view: "grid" })), el);
    const cell = el.querySelector<HTMLElement>('[data-ctx-grid-answer][data-panel="q1"][data-answer-index="1"]')!;
    expect(cell.querySelector(".ctx-copy-of")!.textContent).toBe(" copy of ocregister.com");
    expect(nameOf(cell)).toBe("rates copy of ocregister.com");
    expect(cell.title.startsWith("vigourtimes.com, copy of ocregister.com: ")).toBe(true);
    const original = el.querySelector<HTMLElement>('[data-ctx-grid-answer][data-panel="q1"][data-answer-index="0"]')!;
    expect(original.querySelector(".ctx-copy-of")).toBeNull();
  });

  it("a group row's outlets line names the copies, and describes the row's button", () => {
    mount(new RecordingModel(makeState(ARTICLE, ["q1"])), el);
    const row = el.querySelector<HTMLElement>('[data-ctx-panel="q1"] [data-ctx-group="0"]')!;
    const line = row.querySelector<HTMLElement>(".ctx-group-outlets")!;
    expect(line.textContent).toBe("ocregister.com · vigourtimes.com, copy of ocregister.com · copy.example.org, copy of ocregister.com");
    const button = row.querySelector<HTMLElement>("[data-ctx-disclosure]")!;
    expect(button.getAttribute("aria-describedby")).toBe(line.id);
    expect(document.getElementById(line.id)).toBe(line);
    expect(button.title).toBe("3 answers from 3 sources · 1 independent");
    // The source filter keeps the copies named on the line.
    el.querySelector<HTMLElement>('[data-ctx-source="vigourtimes.com"]')!.click();
    expect(line.textContent).toBe("vigourtimes.com, copy of ocregister.com");
    // Without copies, the line and the title are as before.
    const plain = el.querySelector<HTMLElement>('[data-ctx-panel="q2"] [data-ctx-toggle]')!;
    plain.click();
    const other = el.querySelector<HTMLElement>('[data-ctx-panel="q2"] [data-ctx-disclosure]')!;
    expect(other.title).toBe("2 answers from 2 sources");
  });

  it("the coverage summary's toggle of an outlet that copies says so in its text and name", () => {
    mount(new RecordingModel(makeState(ARTICLE)), el);
    const toggle = el.querySelector<HTMLElement>('[data-ctx-source="vigourtimes.com"]')!;
    expect(toggle.querySelector(".ctx-chip")!.textContent).toBe("vigourtimes.com, copy of ocregister.com");
    expect(toggle.querySelector(".ctx-copy-of")!.closest(".ctx-visually-hidden")).toBeNull();
    expect(toggle.dataset.copyOf).toBe("ocregister.com");
    expect(toggle.title).toBe("1 answer from vigourtimes.com, copy of ocregister.com");
    const original = el.querySelector<HTMLElement>('[data-ctx-source="ocregister.com"]')!;
    expect(original.querySelector(".ctx-chip")!.textContent).toBe("ocregister.com");
    expect(original.hasAttribute("data-copy-of")).toBe(false);
  });

  it("a coverage toggle's accessible name keeps the domain and its count apart, and holds its visible text", () => {
    mount(new RecordingModel(makeState(ARTICLE)), el);
    // axe-core's implementation of the accessible name computation (accname), as the axe audit uses it.
    axe.setup(document);
    try {
      const name = (domain: string) => axe.commons.text.accessibleText(el.querySelector<HTMLElement>(`[data-ctx-source="${domain}"]`)!);
      expect(name("b.com")).toBe("b.com, 2 answers");
      expect(name("ocregister.com")).toBe("ocregister.com, 1 answer");
      expect(name("vigourtimes.com")).toBe("vigourtimes.com, copy of ocregister.com, 1 answer");
      for (const toggle of el.querySelectorAll<HTMLElement>("[data-ctx-source]")) {
        // Label in name: the visible domain (with its copy note) and the visible count, in that order.
        const visible = toggle.querySelector(".ctx-chip")!.textContent!;
        const count = toggle.querySelector(".ctx-source-count")!.textContent!;
        const spoken = axe.commons.text.accessibleText(toggle);
        expect(spoken.startsWith(`${visible}, ${count} `)).toBe(true);
      }
    } finally {
      axe.teardown();
    }
  });

  it("the grid's column header of an outlet that copies says so", () => {
    mount(new RecordingModel(makeState(ARTICLE, [], { view: "grid" })), el);
    const head = el.querySelector<HTMLElement>('th[data-source="copy.example.org"]')!;
    expect(nameOf(head)).toBe("copy.example.org, copy of ocregister.com");
    expect(head.dataset.copyOf).toBe("ocregister.com");
    expect(el.querySelector<HTMLElement>('th[data-source="b.com"]')!.textContent).toBe("b.com");
  });

  it("a hostile copy_of set on the model, bypassing Python, is shown as text", () => {
    const hostile = '<img src=x onerror="window.__ctxPwned=1">';
    const bad: ArticleData = {
      ...ARTICLE,
      panels: [{ id: "q1", question: "Q?", after: 1, answers: [answer("a.com", "x", 0), answer("b.com", "x", 0, hostile)] }],
    };
    mount(new RecordingModel(makeState(bad, ["q1"])), el);
    const copy = chip(1);
    expect(copy.querySelector(".ctx-copy-of")!.textContent).toBe(`, copy of ${hostile}`);
    // the group row's outlets line, the coverage summary's toggle
    expect(el.querySelector(".ctx-group-outlets")!.textContent).toBe(`a.com · b.com, copy of ${hostile}`);
    expect(el.querySelector<HTMLElement>('[data-ctx-source="b.com"]')!.title).toBe(`1 answer from b.com, copy of ${hostile}`);
    expect(el.querySelector("img")).toBeNull();
    expect((window as unknown as { __ctxPwned?: number }).__ctxPwned).toBeUndefined();
  });
});
