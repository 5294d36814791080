// @vitest-environment jsdom
// The Outlets view: who agrees with whom, from the view switch to the source filter.
import { beforeEach, describe, expect, it } from "vitest";
import fixture from "../../tests/data/agreement_fixture.json";
import hostile from "../../tests/data/hostile_strings.json";
import type { ArticleData, PanelData } from "../src/types";
import { mount } from "../src/widget";
import { ARTICLE, makeState, RecordingModel } from "./fakeModel";

let el: HTMLElement;
beforeEach(() => {
  document.body.replaceChildren();
  el = document.createElement("div");
  document.body.append(el);
});

/** The fixture's case with copies, several answers per panel and an ungrouped answer. */
const COPIES: ArticleData = { title: "T", paragraphs: ["One."], panels: fixture.cases[0].panels as unknown as PanelData[] };

/** The elements the view makes. */
const OWN = new Set(["button", "caption", "div", "p", "span", "table", "tbody", "td", "th", "thead", "tr", "wbr"]);

const view = () => el.querySelector<HTMLElement>("[data-ctx-outlets]")!;
const rowNames = () => [...el.querySelectorAll<HTMLElement>("[data-ctx-outlet-row]")].map((r) => r.dataset.ctxOutletRow);
const cellText = (outlet: string, column: string) =>
  el.querySelector<HTMLElement>(`[data-ctx-outlet-row="${outlet}"] .${column}`)!.textContent;

describe("the Outlets view", () => {
  it("is the view switch's third button, built when first shown, and hides the article and the grid", () => {
    const model = new RecordingModel(makeState(COPIES));
    mount(model, el);
    const buttons = [...el.querySelectorAll<HTMLButtonElement>(".ctx-toolbar [data-ctx-view]")];
    expect(buttons.map((b) => [b.dataset.ctxView, b.textContent])).toEqual([
      ["article", "Article"],
      ["grid", "Question grid"],
      ["outlets", "Outlets"],
    ]);
    expect(view().hidden).toBe(true);
    expect(el.querySelector(".ctx-outlets")).toBeNull(); // built lazily
    buttons[2].click();
    expect(model.get("view")).toBe("outlets");
    expect(buttons.map((b) => b.getAttribute("aria-pressed"))).toEqual(["false", "false", "true"]);
    expect(view().hidden).toBe(false);
    expect(el.querySelector<HTMLElement>(".ctx-body")!.hidden).toBe(true);
    expect(el.querySelector<HTMLElement>(".ctx-grid-view")!.hidden).toBe(true);
    expect(el.querySelector<HTMLElement>(".ctxwidget")!.dataset.view).toBe("outlets");
    buttons[1].click();
    expect(view().hidden).toBe(true);
    expect(el.querySelector<HTMLElement>(".ctx-grid-view")!.hidden).toBe(false);
    model.set("view", "article");
    expect(view().hidden).toBe(true);
    expect(el.querySelector<HTMLElement>(".ctx-body")!.hidden).toBe(false);
  });

  it("is a table with a caption, column headers and one row header per outlet, most agreeing first", () => {
    mount(new RecordingModel(makeState(COPIES, [], { view: "outlets" })), el);
    const table = el.querySelector("table.ctx-outlets")!;
    expect(table.querySelector("caption")!.textContent).toBe("3 outlets");
    const heads = [...table.querySelectorAll("thead th")];
    expect(heads.map((th) => th.textContent)).toEqual(["Outlet", "Agrees", "Questions", "Most similar", "Least similar", "Copies"]);
    expect(heads.every((th) => th.getAttribute("scope") === "col")).toBe(true);
    expect(heads[1].getAttribute("aria-sort")).toBe("descending");
    // a: (1/2 + 1/3) / 2 = 42%, b: 25%, c: 17% (the fixture's figures)
    expect(rowNames()).toEqual(["a.com", "b.com", "c.com"]);
    for (const row of table.querySelectorAll("tbody tr")) {
      const header = row.firstElementChild!;
      expect([header.tagName, header.getAttribute("scope")]).toEqual(["TH", "row"]);
      expect(header.querySelector("button[data-ctx-outlet]")).not.toBeNull();
    }
    expect(cellText("a.com", "ctx-outlets-share")).toBe("42%with 2 outlets");
    expect(cellText("c.com", "ctx-outlets-share")).toBe("17%with 2 outlets");
    expect(cellText("a.com", "ctx-outlets-count")).toBe("3");
    const peer = (outlet: string, i: number) => el.querySelectorAll(`[data-ctx-outlet-row="${outlet}"] .ctx-outlets-peer`)[i];
    expect(peer("a.com", 0).querySelector(".ctx-outlets-domain")!.textContent).toBe("b.com");
    expect(peer("a.com", 0).querySelector(".ctx-outlets-sub")!.textContent).toBe("50%");
    expect(peer("c.com", 1).textContent).toBe("b.com0%");
    // a domain may wrap after its dots
    expect(peer("a.com", 0).querySelector(".ctx-outlets-domain")!.innerHTML).toBe("b.<wbr>com");
    expect(cellText("c.com", "ctx-outlets-copies")).toBe("copies a.com");
    expect(cellText("a.com", "ctx-outlets-copies")).toBe("copied by c.com");
    expect(cellText("b.com", "ctx-outlets-copies")).toBe("—");
    expect(el.querySelector(".ctx-outlets-note")).toBeNull();
  });

  it("says so when no answer is marked as a copy, and drops the column", () => {
    mount(new RecordingModel(makeState(ARTICLE, [], { view: "outlets" })), el);
    expect(el.querySelector(".ctx-outlets-note")!.textContent).toContain("No answer in this article is marked as a copy");
    expect([...el.querySelectorAll(".ctx-outlets thead th")].map((th) => th.textContent)).not.toContain("Copies");
    // e.com answers alone: no figure, last
    expect(rowNames()[rowNames().length - 1]).toBe("e.com");
    expect(cellText("e.com", "ctx-outlets-share")).toBe("—no outlet shares a question");
  });

  it("sorts by a column's button; the same button again reverses", () => {
    mount(new RecordingModel(makeState(COPIES, [], { view: "outlets" })), el);
    const sort = (key: string) => el.querySelector<HTMLButtonElement>(`[data-ctx-outlets-sort="${key}"]`)!;
    sort("outlet").click();
    expect(rowNames()).toEqual(["a.com", "b.com", "c.com"]);
    expect(sort("outlet").closest("th")!.getAttribute("aria-sort")).toBe("ascending");
    expect(sort("agreement").closest("th")!.hasAttribute("aria-sort")).toBe(false);
    sort("outlet").click();
    expect(rowNames()).toEqual(["c.com", "b.com", "a.com"]);
    sort("questions").click();
    expect(rowNames()).toEqual(["a.com", "c.com", "b.com"]); // 3, 3, 2: ties by name
    sort("agreement").click();
    expect(rowNames()).toEqual(["a.com", "b.com", "c.com"]);
    sort("agreement").click();
    expect(rowNames()).toEqual(["c.com", "b.com", "a.com"]);
  });

  it("toggles an outlet in the source filter, and shows the filter set from elsewhere", () => {
    const model = new RecordingModel(makeState(COPIES, [], { view: "outlets" }));
    mount(model, el);
    const button = (outlet: string) => el.querySelector<HTMLButtonElement>(`[data-ctx-outlet="${outlet}"]`)!;
    expect(button("b.com").textContent).toBe("b.com");
    button("b.com").click();
    expect(model.get("source_filter")).toEqual(["b.com"]);
    expect(button("b.com").getAttribute("aria-pressed")).toBe("true");
    expect(button("a.com").getAttribute("aria-pressed")).toBe("false");
    // the coverage bar above the views says what is shown
    expect(el.querySelector('.ctx-coverage [data-ctx-source="b.com"]')!.getAttribute("aria-pressed")).toBe("true");
    button("c.com").click();
    expect(model.get("source_filter")).toEqual(["b.com", "c.com"]);
    button("b.com").click();
    expect(model.get("source_filter")).toEqual(["c.com"]);
    model.set("source_filter", ["a.com"]);
    expect(["a.com", "b.com", "c.com"].map((o) => button(o).getAttribute("aria-pressed"))).toEqual(["true", "false", "false"]);
    // a re-sort keeps the buttons and their state
    el.querySelector<HTMLButtonElement>('[data-ctx-outlets-sort="outlet"]')!.click();
    expect(button("a.com").getAttribute("aria-pressed")).toBe("true");
  });

  it("takes the focus when chosen with the keyboard, so its table is the next Tab stop", () => {
    const model = new RecordingModel(makeState(COPIES));
    mount(model, el);
    const button = el.querySelector<HTMLButtonElement>('.ctx-toolbar [data-ctx-view="outlets"]')!;
    // A pointer click (detail 1) shows the view and leaves the focus where the reader clicked.
    button.focus();
    button.dispatchEvent(new MouseEvent("click", { bubbles: true, detail: 1 }));
    expect(model.get("view")).toBe("outlets");
    expect(document.activeElement).toBe(button);
    el.querySelector<HTMLButtonElement>('.ctx-toolbar [data-ctx-view="article"]')!.click();
    expect(document.activeElement).toBe(button); // the article view takes no focus
    // Enter or Space (a click with detail 0): focus moves to the view's labelled region.
    button.dispatchEvent(new MouseEvent("click", { bubbles: true, detail: 0 }));
    expect(document.activeElement).toBe(view());
    expect(view().getAttribute("aria-label")).toBe("Outlets");
    expect(view().getAttribute("tabindex")).toBe("-1"); // focusable by script, not a Tab stop of its own
    // The next Tab stop after the region: the first sort button (what jsdom cannot press Tab to).
    const tabbable = [...el.querySelectorAll<HTMLElement>("button, [tabindex]")].filter(
      (node) => node.getAttribute("tabindex") !== "-1" && !node.closest("[hidden]"),
    );
    const after = tabbable.find((node) => view().compareDocumentPosition(node) & Node.DOCUMENT_POSITION_CONTAINED_BY);
    expect(after?.dataset.ctxOutletsSort).toBe("outlet");
  });

  it("is not offered for an article without questions", () => {
    mount(new RecordingModel(makeState({ title: "T", paragraphs: ["One."] }, [], { view: "outlets" })), el);
    expect(el.querySelector("[data-ctx-outlets]")).toBeNull();
    expect(el.querySelector<HTMLElement>(".ctxwidget")!.dataset.view).toBe("article");
  });

  it("shows hostile outlet names and copies as text", () => {
    type Payload = { value?: string; repeat?: [string, number] };
    const strings = (hostile.payloads as Payload[]).map((p) => p.value ?? (p.repeat ? p.repeat[0].repeat(p.repeat[1]) : ""));
    const panels: PanelData[] = [
      {
        id: "q",
        question: "q",
        answers: strings.flatMap((s, i) => [
          { source: s, text: "x", group: i },
          { source: `ok${i}.com`, text: "x", group: i, copy_of: s },
        ]) as PanelData["answers"],
      },
    ];
    mount(new RecordingModel(makeState({ title: "T", panels }, [], { view: "outlets" })), el);
    const shown = [...el.querySelectorAll<HTMLElement>("[data-ctx-outlet]")];
    for (const s of new Set(strings)) expect(shown.some((b) => b.dataset.ctxOutlet === s && b.textContent === s)).toBe(true);
    const copies = [...el.querySelectorAll<HTMLElement>(".ctx-outlets-copies .ctx-outlets-domain")].map((d) => d.textContent);
    for (const s of new Set(strings)) expect(copies).toContain(s);
    expect(view().querySelectorAll("img, script, iframe, svg, a, style, object, embed").length).toBe(0);
    const tags = new Set([...view().querySelectorAll("*")].map((e) => e.localName));
    expect([...tags].filter((t) => !OWN.has(t))).toEqual([]);
  });
});
