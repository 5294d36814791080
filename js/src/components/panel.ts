// A "More Context" panel: a question that expands to its answers, grouped.
import { h } from "../dom";
import { groupAnswers } from "../groups";
import type { AnswerData, PanelData } from "../types";
import { createChip, setChipSelected } from "./chip";

/** "8 sources · 5 answers": how many outlets answered, in how many distinct ways. */
export function summarize(answers: readonly AnswerData[]): { text: string; consensus: boolean } {
  if (answers.length === 0) return { text: "no answers", consensus: false };
  const sources = new Set(answers.map((a) => a.source)).size;
  const groups = groupAnswers(answers);
  const ways = groups.length;
  const consensus = answers.length >= 2 && groups[0].indices.length * 2 > answers.length;
  const text = `${sources} ${sources === 1 ? "source" : "sources"} · ${ways} ${ways === 1 ? "answer" : "answers"}`;
  return { text, consensus };
}

export class PanelView {
  readonly root: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly region: HTMLElement;
  private chips: HTMLElement[] = [];
  private built = false;
  private open = false;
  private selectedIndex: number | null = null;

  constructor(
    readonly panel: PanelData,
    idPrefix: string,
  ) {
    const answers = panel.answers ?? [];
    const regionId = `${idPrefix}-${panel.id}-answers`;
    const summary = summarize(answers);
    this.button = h(
      "button",
      { type: "button", class: "ctx-question", "aria-expanded": "false", "aria-controls": regionId },
      h("span", { class: "ctx-chevron", "aria-hidden": "true" }),
      h("span", { class: "ctx-question-text" }, panel.question),
      h("span", { class: "ctx-summary" }, summary.text),
      summary.consensus ? h("span", { class: "ctx-consensus", title: "Most sources agree" }, "consensus") : null,
    );
    this.region = h("div", { class: "ctx-answers", id: regionId, role: "region", hidden: true });
    this.region.setAttribute("aria-label", `Answers: ${panel.question}`);
    this.root = h(
      "section",
      { class: "ctx-panel", "data-ctx-panel": panel.id },
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

  setSelected(index: number | null): void {
    if (index === this.selectedIndex) return;
    if (this.selectedIndex !== null && this.chips[this.selectedIndex]) {
      setChipSelected(this.chips[this.selectedIndex], false);
    }
    this.selectedIndex = index;
    if (index !== null && this.chips[index]) setChipSelected(this.chips[index], true);
  }

  /** Answers are built on first open, so a closed panel costs one button. */
  private build(): void {
    this.built = true;
    const answers = this.panel.answers ?? [];
    if (answers.length === 0) {
      this.region.append(h("p", { class: "ctx-empty" }, "No source has answered this question yet."));
      return;
    }
    this.chips = new Array(answers.length);
    const fragment = document.createDocumentFragment();
    for (const group of groupAnswers(answers)) {
      const list = h("div", {
        class: "ctx-group",
        "data-ctx-group": group.label === null ? null : String(group.label),
        "data-group-size": group.indices.length,
      });
      if (group.indices.length > 1) {
        list.append(h("span", { class: "ctx-group-size", title: "sources giving this answer" }, `×${group.indices.length}`));
      }
      for (const index of group.indices) {
        const chip = createChip(answers[index], index);
        this.chips[index] = chip;
        list.append(chip);
      }
      fragment.append(list);
    }
    this.region.append(fragment);
    if (this.selectedIndex !== null && this.chips[this.selectedIndex]) {
      setChipSelected(this.chips[this.selectedIndex], true);
    }
  }
}
