// The labelling bar: progress over the whole article, the keys, next/previous unlabelled and
// undo buttons, the "unlabelled only" filter, where labels are kept, and a live region that says
// whether the last label was saved (and why not). Shown when the widget offers labels.
import { h } from "../dom";
import type { LabelStatus } from "../store";
import type { StoreInfo } from "../types";

/** "1,271 answers · 37 labelled (3%)" */
export function progressText(total: number, labelled: number): string {
  // Rounded, but 100% only when every answer is labelled and 1% as soon as one is.
  const exact = total === 0 ? 0 : (labelled * 100) / total;
  const pct = labelled === 0 ? 0 : labelled >= total ? 100 : Math.min(99, Math.max(1, Math.round(exact)));
  return `${total.toLocaleString("en-US")} ${total === 1 ? "answer" : "answers"} · ${labelled.toLocaleString("en-US")} labelled (${pct}%)`;
}

/** The keys, as the legend shows them and as aria-keyshortcuts names them. */
export const KEYS = { next: "n", previous: "p", undo: "u" } as const;

export class LabellingBar {
  readonly root: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly only: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly where: HTMLElement;
  private readonly legend: HTMLElement;

  constructor() {
    this.progress = h("span", { class: "ctx-progress", "data-ctx-progress": "" });
    const button = (action: string, text: string, key: string) =>
      h("button", { type: "button", class: "ctx-view-button", "data-ctx-labelling": action, "aria-keyshortcuts": key.toUpperCase() }, text);
    this.only = h(
      "button",
      { type: "button", class: "ctx-view-button", "data-ctx-unlabelled-only": "", "aria-pressed": "false" },
      "Unlabelled only",
    );
    this.legend = h("p", { class: "ctx-keys", "data-ctx-keys": "" });
    this.where = h("p", { class: "ctx-store-info", "data-ctx-store-info": "", hidden: true });
    // role=status is a polite live region: a screen reader says each new outcome once.
    this.status = h("p", { class: "ctx-save-status", "data-ctx-save-status": "", role: "status", "aria-live": "polite" });
    this.root = h(
      "div",
      { class: "ctx-labelling", "data-ctx-labelling-bar": "", role: "group", "aria-label": "Labelling" },
      h(
        "div",
        { class: "ctx-labelling-head" },
        this.progress,
        h(
          "span",
          { class: "ctx-toolbar" },
          button("previous", "Previous unlabelled", KEYS.previous),
          button("next", "Next unlabelled", KEYS.next),
          button("undo", "Undo", KEYS.undo),
          this.only,
        ),
      ),
      this.legend,
      this.where,
      this.status,
    );
  }

  setLabels(labels: readonly string[]): void {
    const n = Math.min(labels.length, 9);
    const digits = n <= 1 ? "1" : `1–${n}`;
    // Each key is kept on one line: "Shift+1–3" broke after its dash.
    const key = (text: string) => h("span", { class: "ctx-key" }, text);
    this.legend.replaceChildren(
      "Keys: ",
      key(`${KEYS.next} / ${KEYS.previous}`),
      " next / previous unlabelled answer · ",
      key(digits),
      " label the focused answer and move on (on a group row, or ",
      key(`Shift+${digits}`),
      " on an answer: the whole row) · ",
      key("0"),
      " remove · ",
      key(KEYS.undo),
      " undo",
    );
  }

  setProgress(total: number, labelled: number): void {
    this.progress.textContent = progressText(total, labelled);
  }

  setUnlabelledOnly(on: boolean): void {
    this.only.setAttribute("aria-pressed", on ? "true" : "false");
  }

  setStoreInfo(info: StoreInfo): void {
    const parts: string[] = [];
    if (info.location) parts.push(`Labels are saved to ${info.location}${info.annotator ? ` as ${info.annotator}` : ""}.`);
    if (info.note) parts.push(`${info.note}.`);
    this.where.textContent = parts.join(" ");
    this.where.hidden = parts.length === 0;
  }

  setStatus(status: LabelStatus): void {
    this.status.textContent = status.text;
    this.status.dataset.kind = status.kind;
  }
}
