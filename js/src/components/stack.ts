// A stack: the "More Context" block of every question at one position of the article, in rank
// order, showing at most `limit` of them until the reader asks for the rest.
import { h } from "../dom";

/** What a stack needs of each of its questions. */
export interface StackItem {
  readonly root: HTMLElement;
}

export class StackView<T extends StackItem> {
  readonly root: HTMLElement;
  private readonly shown: HTMLElement;
  private readonly rest: HTMLElement;
  private readonly more: HTMLButtonElement;
  private revealed = false;
  private limit = Number.POSITIVE_INFINITY;

  /** `items` in rank order; `after` is the number of paragraphs before the stack. */
  constructor(
    readonly items: readonly T[],
    after: number,
    id: string,
  ) {
    this.shown = h("div", { class: "ctx-stack-shown" });
    this.rest = h("div", { class: "ctx-stack-rest", id, hidden: true });
    this.more = h("button", {
      type: "button",
      class: "ctx-stack-more",
      "data-ctx-stack-more": "",
      "aria-expanded": "false",
      "aria-controls": id,
      hidden: true,
    });
    const n = items.length;
    this.root = h(
      "section",
      { class: "ctx-stack", "data-ctx-stack": after, "data-questions": n },
      h("div", { class: "ctx-panel-label" }, "More Context"),
      this.shown,
      this.rest,
      this.more,
    );
    this.root.setAttribute("aria-label", `More Context: ${n} ${n === 1 ? "question" : "questions"}`);
  }

  /** Show at most `limit` questions until revealed (null: all of them). */
  setLimit(limit: number | null): void {
    const next = limit === null ? Number.POSITIVE_INFINITY : limit;
    if (next === this.limit) return;
    this.limit = next;
    this.items.forEach((item, i) => {
      (i < next ? this.shown : this.rest).append(item.root);
    });
    this.update();
  }

  /** Whether the item is in the part hidden until revealed. */
  hides(item: T): boolean {
    return item.root.parentNode === this.rest && !this.revealed;
  }

  setRevealed(revealed: boolean): void {
    if (revealed === this.revealed) return;
    this.revealed = revealed;
    this.update();
  }

  toggle(): void {
    this.setRevealed(!this.revealed);
  }

  private update(): void {
    const hidden = this.items.length - Math.min(this.items.length, this.limit);
    this.rest.hidden = !this.revealed || hidden === 0;
    this.more.hidden = hidden === 0;
    this.more.setAttribute("aria-expanded", this.revealed ? "true" : "false");
    this.more.textContent = this.revealed ? "Show fewer questions" : `${hidden} more ${hidden === 1 ? "question" : "questions"} here`;
  }
}
