// A "More Context" panel: a question that expands to its answers, by group.

import { createChip, setChipLabel, setChipSelected } from "../chip";
import { h } from "../dom";
import { type AnswerGroup, groupAnswers, isConsensus, sourceCount } from "../rules";
import type { AnswerData, AnswerHooks, PanelData } from "../types";

/** "8 sources · 5 answers": how many outlets answered, in how many distinct ways. */
export function summarize(
  answers: readonly AnswerData[],
  groups: readonly AnswerGroup[] = groupAnswers(answers),
): { text: string; consensus: boolean } {
  if (answers.length === 0) return { text: "no answers", consensus: false };
  const sources = sourceCount(answers);
  const ways = groups.length;
  const consensus = isConsensus(answers, groups);
  const text = `${sources} ${sources === 1 ? "source" : "sources"} · ${ways} ${ways === 1 ? "answer" : "answers"}`;
  return { text, consensus };
}

export class PanelView {
  readonly root: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly region: HTMLElement;
  private readonly answers: readonly AnswerData[];
  private readonly groups: readonly AnswerGroup[];
  private chips: HTMLElement[] = [];
  private groupNodes: { group: AnswerGroup; node: HTMLElement }[] = [];
  private filterNote: HTMLElement | null = null;
  private evidenceBox: HTMLElement | null = null;
  private built = false;
  private open = false;
  private selectedIndex: number | null = null;
  private filter: ReadonlySet<string> = new Set();
  /** Whether any chip may be hidden by the filter now (nothing to undo otherwise). */
  private filtered = false;

  constructor(
    readonly panel: PanelData,
    idPrefix: string,
    private readonly hooks: AnswerHooks,
  ) {
    this.answers = panel.answers ?? [];
    this.groups = groupAnswers(this.answers);
    const regionId = `${idPrefix}-${panel.id}-answers`;
    const summary = summarize(this.answers, this.groups);
    this.button = h(
      "button",
      { type: "button", class: "ctx-question", "data-ctx-toggle": "", "aria-expanded": "false", "aria-controls": regionId },
      h("span", { class: "ctx-chevron", "aria-hidden": "true" }),
      h("span", { class: "ctx-question-text" }, panel.question),
      h("span", { class: "ctx-summary" }, summary.text),
      summary.consensus
        ? h("span", { class: "ctx-consensus", title: "More than half of the sources give the same answer" }, "consensus")
        : null,
    );
    this.region = h("div", { class: "ctx-answers", id: regionId, role: "region", hidden: true });
    this.region.setAttribute("aria-label", `Answers: ${panel.question}`);
    this.root = h(
      "section",
      { class: "ctx-panel", "data-ctx-panel": panel.id, "data-consensus": summary.consensus ? "true" : "false" },
      h("div", { class: "ctx-panel-label" }, "More Context"),
      this.button,
      this.region,
    );
  }

  setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    if (open && !this.built) this.build();
    this.button.setAttribute("aria-expanded", open ? "true" : "false");
    this.region.hidden = !open;
    this.root.classList.toggle("ctx-open", open);
  }

  /** Highlight one answer and show its evidence below its group (null clears). */
  setSelected(index: number | null): void {
    if (index === this.selectedIndex) return;
    if (this.selectedIndex !== null && this.chips[this.selectedIndex]) {
      setChipSelected(this.chips[this.selectedIndex], false);
    }
    this.selectedIndex = index;
    if (this.built) this.showSelection();
  }

  /** Rebuild the evidence box (its label buttons changed). */
  refreshEvidence(): void {
    if (this.built) this.showSelection();
  }

  setLabel(index: number, label: string | null): void {
    if (this.built && this.chips[index]) setChipLabel(this.chips[index], label);
  }

  /** Show only answers from these outlets (an empty set shows all). */
  setFilter(filter: ReadonlySet<string>): void {
    this.filter = filter;
    if (this.built) this.applyFilter();
  }

  /** Answers are built on first open, so a closed panel costs one button. */
  private build(): void {
    this.built = true;
    if (this.answers.length === 0) {
      this.region.append(h("p", { class: "ctx-empty" }, "No source has answered this question yet."));
      return;
    }
    this.chips = new Array(this.answers.length);
    const fragment = document.createDocumentFragment();
    // Answers no other source gives flow together in one block, so the evidence box
    // opens below the whole block instead of splitting it.
    let singles: HTMLElement | null = null;
    for (const group of this.groups) {
      const size = group.indices.length;
      const node = h("div", {
        class: size > 1 ? "ctx-group" : "ctx-group ctx-group-single",
        "data-ctx-group": group.label === null ? null : String(group.label),
        "data-group-size": size,
      });
      if (size > 1) {
        node.append(h("span", { class: "ctx-group-size", title: `${size} sources give this answer` }, `×${size}`));
      }
      const chips = group.indices.map((index) => {
        const chip = createChip(this.answers[index], index);
        const label = this.hooks.labelOf(this.panel.id, index);
        if (label !== null) setChipLabel(chip, label);
        this.chips[index] = chip;
        return chip;
      });
      node.append(...chips);
      this.groupNodes.push({ group, node });
      if (size > 1) {
        fragment.append(node);
      } else {
        if (singles === null) {
          singles = h("div", { class: "ctx-singles" });
          fragment.append(singles);
        }
        singles.append(node);
      }
    }
    this.filterNote = h("p", { class: "ctx-filter-note", hidden: true });
    fragment.append(this.filterNote);
    this.region.append(fragment);
    this.applyFilter();
    this.showSelection();
  }

  private showSelection(): void {
    this.evidenceBox?.remove();
    this.evidenceBox = null;
    const index = this.selectedIndex;
    if (index === null || !this.chips[index]) return;
    const chip = this.chips[index];
    setChipSelected(chip, true);
    this.evidenceBox = this.hooks.evidence(this.panel, index);
    const block = chip.closest(".ctx-singles") ?? chip.parentElement;
    block?.after(this.evidenceBox);
  }

  private applyFilter(): void {
    const active = this.filter.size > 0;
    if (!active && !this.filtered) return;
    this.filtered = active;
    let shown = 0;
    this.chips.forEach((chip, index) => {
      const visible = !active || this.filter.has(this.answers[index].source);
      chip.hidden = !visible;
      if (visible) shown += 1;
    });
    for (const { group, node } of this.groupNodes) {
      node.hidden = !group.indices.some((i) => !this.chips[i].hidden);
    }
    if (this.filterNote) {
      this.filterNote.hidden = !active;
      this.filterNote.textContent = active
        ? shown === 0
          ? "No answer from the chosen sources."
          : `Showing ${shown} of ${this.answers.length} answers (source filter).`
        : "";
    }
  }
}
