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
      this.items.push({ node: item, text: panel.question.toLowerCase() });
      this.list.append(item);
    }
  }
}
