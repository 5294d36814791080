// The view switch: the annotated article, the question grid or the outlets.
import { h } from "../dom";
import type { ViewName } from "../types";

export class Toolbar {
  readonly root: HTMLElement;
  private readonly buttons = new Map<ViewName, HTMLButtonElement>();

  constructor() {
    this.root = h("div", { class: "ctx-toolbar", role: "group", "aria-label": "View" });
    for (const [view, text] of [
      ["article", "Article"],
      ["grid", "Question grid"],
      ["outlets", "Outlets"],
    ] as const) {
      const button = h("button", { type: "button", class: "ctx-view-button", "data-ctx-view": view, "aria-pressed": "false" }, text);
      this.buttons.set(view, button);
      this.root.append(button);
    }
  }

  setView(view: ViewName): void {
    for (const [name, button] of this.buttons) button.setAttribute("aria-pressed", name === view ? "true" : "false");
  }
}
