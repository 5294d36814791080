// The outline: every question of the article, in reading order, with its number of outlets;
// filterable by text; an item jumps to its question (the view reveals and opens it).
import { h } from "../dom";
import type { PanelData } from "../types";

export interface OutlineEntry {
  panel: PanelData;
  sources: number;
}

export class OutlineView {
  readonly root: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly box: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly none: HTMLElement;
  private items: { node: HTMLElement; text: string }[] = [];
  private built = false;
  /** "3 of 24 labelled" per question, when the widget offers labels. */
  private readonly progress = new Map<string, { labelled: number; total: number }>();
  private readonly progressNodes = new Map<string, HTMLElement>();

  constructor(
    private readonly entries: readonly OutlineEntry[],
    id: string,
  ) {
    const n = entries.length;
    this.toggle = h(
      "button",
      { type: "button", class: "ctx-outline-toggle", "data-ctx-outline-toggle": "", "aria-expanded": "false", "aria-controls": id },
      h("span", { class: "ctx-chevron", "aria-hidden": "true" }),
      `Outline: ${n} ${n === 1 ? "question" : "questions"}`,
    );
    this.list = h("ol", { class: "ctx-outline-list" });
    this.none = h("p", { class: "ctx-empty", hidden: true }, "No question contains this text.");
    this.box = h(
      "div",
      { class: "ctx-outline", id, "data-ctx-outline": "", hidden: true },
      h("input", {
        type: "search",
        class: "ctx-outline-filter",
        "data-ctx-outline-filter": "",
        placeholder: "Filter questions",
        "aria-label": "Filter questions",
      }),
      this.list,
      this.none,
    );
    this.root = h("div", { class: "ctx-outline-box" }, this.toggle, this.box);
  }

  get isOpen(): boolean {
    return !this.box.hidden;
  }

  setOpen(open: boolean): void {
    if (open && !this.built) this.build();
    this.box.hidden = !open;
    this.toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  /** Keep the questions that contain `text` (ignoring case). */
  filter(text: string): void {
    if (!this.built) this.build();
    const needle = text.trim().toLowerCase();
    let shown = 0;
    for (const item of this.items) {
      const visible = needle === "" || item.text.includes(needle);
      item.node.hidden = !visible;
      if (visible) shown += 1;
    }
    this.none.hidden = shown > 0;
  }

  /** Show how many of a question's answers are labelled (null: labels are off). */
  setProgress(panelId: string, labelled: number, total: number): void {
    this.progress.set(panelId, { labelled, total });
    const node = this.progressNodes.get(panelId);
    if (node) node.textContent = progressPhrase(labelled, total);
  }

  /** Items are built on first open, so a closed outline costs one button. */
  private build(): void {
    this.built = true;
    for (const { panel, sources } of this.entries) {
      const item = h(
        "li",
        {},
        h(
          "button",
          { type: "button", class: "ctx-outline-item", "data-ctx-outline-item": "", "data-panel": panel.id },
          h("span", { class: "ctx-outline-question" }, panel.question),
          h("span", { class: "ctx-outline-count" }, `${sources} ${sources === 1 ? "outlet" : "outlets"}`),
        ),
      );
      const progress = this.progress.get(panel.id);
      if (progress) {
        const node = h(
          "span",
          { class: "ctx-outline-progress", "data-ctx-outline-progress": "" },
          progressPhrase(progress.labelled, progress.total),
        );
        (item.firstChild as HTMLElement).append(node);
        this.progressNodes.set(panel.id, node);
      }
      this.items.push({ node: item, text: panel.question.toLowerCase() });
      this.list.append(item);
    }
  }
}

/** "3 of 24 labelled" */
function progressPhrase(labelled: number, total: number): string {
  return `${labelled} of ${total} labelled`;
}
