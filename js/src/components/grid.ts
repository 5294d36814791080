// The question grid: one row per question, one column per outlet; each cell is
// the outlet's answer span, coloured by its answer group.

import { setChipLabel, setChipSelected, sourceChip } from "../chip";
import { h } from "../dom";
import { copiedOutlet, copiesOf, countSources, groupAnswers } from "../rules";
import type { AnswerHooks, ArticleData, PanelData, Selection } from "../types";
import { copyNote, copyText } from "./voices";

/** Hue steps (ctx-hue-N, see color.ts) for the largest groups of a question, in order; smaller groups reuse them. */
const GROUP_HUE_STEPS = [14, 2, 9, 19, 0, 12, 4, 17];

export class GridView {
  readonly root: HTMLElement;
  private cells = new Map<string, HTMLButtonElement>();
  private readonly evidenceSlot: HTMLElement;
  private built = false;
  private selection: Selection | null = null;

  constructor(
    private readonly article: ArticleData,
    private readonly hooks: AnswerHooks,
    private filter: ReadonlySet<string>,
  ) {
    this.evidenceSlot = h("div", { class: "ctx-grid-evidence" });
    this.root = h("div", { class: "ctx-grid-view", hidden: true });
  }

  setVisible(visible: boolean): void {
    if (visible && !this.built) this.build();
    this.root.hidden = !visible;
  }

  setFilter(filter: ReadonlySet<string>): void {
    this.filter = filter;
    if (this.built) this.build();
  }

  setSelected(selection: Selection | null): void {
    const previous = this.selection;
    this.selection = selection;
    if (!this.built) return;
    if (previous) {
      const cell = this.cells.get(`${previous.panel}/${previous.answer}`);
      if (cell) setChipSelected(cell, false);
    }
    this.showSelection();
  }

  setLabel(key: string, label: string | null): void {
    const cell = this.cells.get(key);
    if (cell) setChipLabel(cell, label);
  }

  refreshEvidence(): void {
    if (this.built) this.showSelection();
  }

  private build(): void {
    this.built = true;
    this.cells = new Map();
    const panels = this.article.panels ?? [];
    const sources = countSources(panels)
      .map(([domain]) => domain)
      .filter((domain) => this.filter.size === 0 || this.filter.has(domain));
    const column = new Map(sources.map((domain, i) => [domain, i]));
    const table = h("table", { class: "ctx-grid" });
    const headRow = h("tr", {}, h("th", { scope: "col", class: "ctx-grid-corner" }, "Question"));
    // A column of an outlet that answers from a copy says so in its header, as the coverage summary does.
    const copies = copiesOf(panels);
    for (const domain of sources) {
      const original = copies.get(domain) ?? null;
      const chip = sourceChip(domain, original);
      headRow.append(h("th", { scope: "col", "data-source": domain, "data-copy-of": original }, chip));
    }
    table.append(h("thead", {}, headRow));
    const body = h("tbody");
    for (const panel of panels) body.append(this.row(panel, sources.length, column));
    table.append(body);
    const scroller = h("div", { class: "ctx-grid-scroll" }, table);
    const note =
      panels.length === 0
        ? h("p", { class: "ctx-empty" }, "This article has no questions.")
        : sources.length === 0
          ? h("p", { class: "ctx-empty" }, "No source answered these questions.")
          : null;
    this.root.replaceChildren(note ?? scroller, this.evidenceSlot);
    this.showSelection();
  }

  private row(panel: PanelData, width: number, column: Map<string, number>): HTMLElement {
    const answers = panel.answers ?? [];
    const cells: HTMLElement[] = Array.from({ length: width }, () => h("td", { class: "ctx-grid-cell" }));
    const groups = groupAnswers(answers);
    groups.forEach((group, rank) => {
      const single = group.indices.length === 1;
      for (const index of group.indices) {
        const answer = answers[index];
        const at = column.get(answer.source);
        if (at === undefined) continue;
        const cell = h(
          "button",
          {
            type: "button",
            class: single ? "ctx-grid-answer ctx-grid-single" : "ctx-grid-answer",
            "data-ctx-grid-answer": "",
            "data-panel": panel.id,
            "data-answer-index": index,
            "data-source": answer.source,
            "data-group-rank": rank,
            "aria-pressed": "false",
            title: single ? "an answer no other source gives" : `one of ${group.indices.length} sources giving this answer`,
            "data-copy-of": copiedOutlet(answer),
          },
          h("span", { class: "ctx-answer-text" }, answer.text),
          copyNote(answer, " "),
        );
        // The column header names the outlet; a copy's cell names the outlet it copies, in its text and its name.
        const copy = copyText(answer);
        if (copy) cell.title = `${answer.source}, ${copy}: ${cell.title}`;
        if (!single) cell.classList.add(`ctx-hue-${GROUP_HUE_STEPS[rank % GROUP_HUE_STEPS.length]}`);
        const label = this.hooks.labelOf(panel.id, index);
        if (label !== null) setChipLabel(cell, label);
        this.cells.set(`${panel.id}/${index}`, cell);
        cells[at].append(cell);
      }
    });
    return h("tr", { "data-ctx-grid-row": panel.id }, h("th", { scope: "row", class: "ctx-grid-question" }, panel.question), ...cells);
  }

  private showSelection(): void {
    this.evidenceSlot.replaceChildren();
    const selection = this.selection;
    if (!selection) return;
    const cell = this.cells.get(`${selection.panel}/${selection.answer}`);
    const panel = (this.article.panels ?? []).find((p) => p.id === selection.panel);
    if (!cell || !panel) return;
    setChipSelected(cell, true);
    this.evidenceSlot.append(h("p", { class: "ctx-grid-evidence-question" }, panel.question), this.hooks.evidence(panel, selection.answer));
  }
}
