// Coverage summary: the outlets that answered any question, with counts; each
// is a toggle of the source filter.

import { sourceChip } from "../chip";
import { h } from "../dom";
import { copiesOf, countSources, independentSources } from "../rules";
import type { PanelData } from "../types";
import { copyOfText, sourcesText } from "./voices";

export class CoverageBar {
  readonly root: HTMLElement;
  private readonly toggles = new Map<string, HTMLButtonElement>();
  private readonly clear: HTMLButtonElement;
  private readonly status: HTMLElement;

  constructor(panels: readonly PanelData[]) {
    const counts = countSources(panels);
    const answered = panels.filter((p) => (p.answers ?? []).length > 0).length;
    this.status = h("span", { class: "ctx-coverage-status" });
    this.clear = h("button", { type: "button", class: "ctx-filter-clear", "data-ctx-filter-clear": "", hidden: true }, "Show all sources");
    const list = h("div", { class: "ctx-coverage-list", role: "group", "aria-label": "Filter by source" });
    const copies = copiesOf(panels);
    for (const [domain, count] of counts) {
      // An outlet that answers from a copy says so, visibly and so in its name: "b.com, copy of a.com, 3 answers".
      const original = copies.get(domain) ?? null;
      const chip = sourceChip(domain, original);
      const answers = `${count} ${count === 1 ? "answer" : "answers"}`;
      const copy = original === null ? "" : `, ${copyOfText(original)}`;
      const button = h(
        "button",
        {
          type: "button",
          class: "ctx-source-toggle",
          "data-ctx-source": domain,
          "data-copy-of": original,
          "aria-pressed": "false",
          title: `${answers} from ${domain}${copy}`,
        },
        chip,
        // The name, from the content, reads "a.com, 3 answers": what stands between the visible
        // domain and count is said only to assistive technology (without it they run together,
        // "a.com3"). Not an aria-label: the name must hold the visible text as it is shown.
        h("span", { class: "ctx-visually-hidden" }, ", "),
        h("span", { class: "ctx-source-count" }, String(count)),
        h("span", { class: "ctx-visually-hidden" }, count === 1 ? " answer" : " answers"),
      );
      this.toggles.set(domain, button);
      list.append(button);
    }
    this.root = h(
      "div",
      { class: "ctx-coverage", hidden: counts.length === 0 },
      h(
        "div",
        { class: "ctx-coverage-head" },
        h(
          "span",
          { class: "ctx-coverage-title" },
          `${sourcesText(counts.length, independentSources(panels))} answered ${answered} of ${panels.length} questions`,
        ),
        this.status,
        this.clear,
      ),
      list,
    );
  }

  setFilter(filter: ReadonlySet<string>): void {
    for (const [domain, button] of this.toggles) button.setAttribute("aria-pressed", filter.has(domain) ? "true" : "false");
    this.clear.hidden = filter.size === 0;
    this.status.textContent = filter.size === 0 ? "" : `· showing ${filter.size} of ${this.toggles.size}`;
  }
}
