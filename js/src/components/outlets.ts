// The Outlets view: who agrees with whom. One row per outlet that answered a question: how often
// it gives the same answer as the outlets it shares questions with (the mean of its pairs'
// agreement, see agreement.ts), how many questions and peers that rests on, its copies, and its
// most and least similar outlet. The outlet's button toggles it in the source filter.

import { type OutletRow, outletAgreement } from "../agreement";
import { hueClass } from "../chip";
import { h } from "../dom";
import type { PanelData } from "../types";

/** Columns a reader can sort by, and their order (descending first for figures). */
type SortKey = "outlet" | "agreement" | "questions";

/** A domain as text that may wrap after its dots (<wbr>), before it wraps anywhere. */
function domain(name: string): HTMLElement {
  const node = h("span", { class: "ctx-outlets-domain" });
  name.split(".").forEach((part, i, parts) => {
    node.append(i < parts.length - 1 ? `${part}.` : part);
    if (i < parts.length - 1) node.append(h("wbr"));
  });
  return node;
}

const percent = (share: number | null): string => (share === null ? "—" : `${Math.round(share * 100)}%`);

/** Null figures (no peer) sort last either way. */
function byKey(key: SortKey, ascending: boolean): (a: OutletRow, b: OutletRow) => number {
  const sign = ascending ? 1 : -1;
  return (a, b) => {
    if (key === "outlet") return sign * (a.outlet < b.outlet ? -1 : a.outlet > b.outlet ? 1 : 0);
    if (key === "questions") return sign * (a.questions - b.questions) || (a.outlet < b.outlet ? -1 : 1);
    if (a.mean_agreement === null || b.mean_agreement === null) {
      return (a.mean_agreement === null ? 1 : 0) - (b.mean_agreement === null ? 1 : 0) || (a.outlet < b.outlet ? -1 : 1);
    }
    return sign * (a.mean_agreement - b.mean_agreement) || (a.outlet < b.outlet ? -1 : 1);
  };
}

export class OutletsView {
  readonly root: HTMLElement;
  private built = false;
  private rows: OutletRow[] = [];
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private readonly sortButtons = new Map<SortKey, [HTMLButtonElement, HTMLTableCellElement]>();
  private body: HTMLTableSectionElement | null = null;
  private sortKey: SortKey = "agreement";
  private ascending = false;
  /** Some outlet copies or is copied: the table has a Copies column. */
  private copies = false;

  constructor(
    private readonly panels: readonly PanelData[],
    private filter: ReadonlySet<string>,
  ) {
    // tabindex -1: focus moves here when the view is chosen with the keyboard (see focus).
    this.root = h("section", {
      class: "ctx-outlets-view",
      "data-ctx-outlets": "",
      hidden: true,
      "aria-label": "Outlets",
      tabindex: "-1",
    });
    this.root.addEventListener("click", (event) => {
      const target = event.target as Element | null;
      const button = target?.closest?.<HTMLElement>("[data-ctx-outlets-sort]");
      if (button && this.root.contains(button)) this.sortBy(button.dataset.ctxOutletsSort as SortKey);
    });
  }

  setVisible(visible: boolean): void {
    if (visible && !this.built) this.build();
    this.root.hidden = !visible;
  }

  /** Focus the view's region, so that its sort buttons and outlets are the next Tab stops, not the
   * coverage bar's many outlet buttons between the view switch and the table. */
  focus(): void {
    if (!this.root.hidden) this.root.focus();
  }

  setFilter(filter: ReadonlySet<string>): void {
    this.filter = filter;
    for (const [outlet, button] of this.buttons) button.setAttribute("aria-pressed", filter.has(outlet) ? "true" : "false");
  }

  /** Sort by a column; the same column again reverses the order. */
  sortBy(key: SortKey): void {
    if (!this.sortButtons.has(key)) return;
    this.ascending = key === this.sortKey ? !this.ascending : key === "outlet";
    this.sortKey = key;
    if (this.built) this.fillBody();
  }

  private build(): void {
    this.built = true;
    this.rows = outletAgreement(this.panels);
    const copies = this.rows.some((row) => row.copy_of !== null || row.copied_by.length > 0);
    this.copies = copies;
    const intro = h(
      "p",
      { class: "ctx-outlets-intro" },
      "How often each outlet gives the same answer (the same answer group) as the outlets it shares questions with: " +
        "the mean over those outlets. Choose an outlet to show only its answers; choose again to show all.",
    );
    if (this.rows.length === 0) {
      this.root.replaceChildren(h("p", { class: "ctx-empty" }, "No outlet answered these questions."));
      return;
    }
    const head = h("tr");
    const column = (text: string, key: SortKey | null, className: string) => {
      const th = h("th", { scope: "col", class: className });
      if (key === null) th.append(text);
      else {
        const button = h("button", { type: "button", class: "ctx-outlets-sort", "data-ctx-outlets-sort": key }, text);
        this.sortButtons.set(key, [button, th]);
        th.append(button);
      }
      head.append(th);
    };
    column("Outlet", "outlet", "ctx-outlets-name");
    column("Agrees", "agreement", "ctx-outlets-share");
    column("Questions", "questions", "ctx-outlets-count");
    column("Most similar", null, "ctx-outlets-peer");
    column("Least similar", null, "ctx-outlets-peer");
    if (copies) column("Copies", null, "ctx-outlets-copies");
    this.body = h("tbody");
    const table = h(
      "table",
      { class: "ctx-outlets" },
      h("caption", { class: "ctx-outlets-caption" }, `${this.rows.length} ${this.rows.length === 1 ? "outlet" : "outlets"}`),
      h("thead", {}, head),
      this.body,
    );
    const note = copies
      ? null
      : h("p", { class: "ctx-outlets-note" }, "No answer in this article is marked as a copy of another outlet's.");
    this.root.replaceChildren(intro, h("div", { class: "ctx-outlets-scroll" }, table), note ?? "");
    this.fillBody();
    this.setFilter(this.filter);
  }

  private fillBody(): void {
    const body = this.body;
    if (!body) return;
    for (const [key, [button, th]] of this.sortButtons) {
      if (key === this.sortKey) th.setAttribute("aria-sort", this.ascending ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
      button.dataset.sorted = key === this.sortKey ? (this.ascending ? "ascending" : "descending") : "";
    }
    if (this.buttons.size === 0) for (const row of this.rows) this.buttons.set(row.outlet, this.outletButton(row.outlet));
    const sorted = [...this.rows].sort(byKey(this.sortKey, this.ascending));
    body.replaceChildren(...sorted.map((row) => this.row(row)));
  }

  private outletButton(outlet: string): HTMLButtonElement {
    return h(
      "button",
      { type: "button", class: "ctx-outlet-button", "data-ctx-outlet": outlet, "aria-pressed": "false" },
      h("span", { class: hueClass(outlet) }, outlet),
    );
  }

  private row(row: OutletRow): HTMLElement {
    const share = row.mean_agreement;
    const meter = h("span", { class: "ctx-outlets-meter", "aria-hidden": "true" }, h("span", { class: "ctx-outlets-fill" }));
    (meter.firstChild as HTMLElement).style.width = `${share === null ? 0 : Math.round(share * 100)}%`;
    const cells: HTMLElement[] = [
      h("th", { scope: "row", class: "ctx-outlets-name" }, this.buttons.get(row.outlet)),
      h(
        "td",
        { class: "ctx-outlets-share", "data-share": share === null ? "" : String(share) },
        h("span", { class: "ctx-outlets-percent" }, percent(share)),
        meter,
        h(
          "span",
          { class: "ctx-outlets-sub" },
          share === null ? "no outlet shares a question" : `with ${row.peers} ${row.peers === 1 ? "outlet" : "outlets"}`,
        ),
      ),
      h("td", { class: "ctx-outlets-count" }, String(row.questions)),
      this.peerCell(row.most_similar, row.most_similar_agreement),
      this.peerCell(row.least_similar, row.least_similar_agreement),
    ];
    if (this.copies) {
      const cell = h("td", { class: "ctx-outlets-copies" });
      if (row.copy_of !== null) cell.append(h("span", { class: "ctx-outlets-copy" }, "copies ", domain(row.copy_of)));
      if (row.copied_by.length > 0) {
        cell.append(
          h("span", { class: "ctx-outlets-copy" }, "copied by ", ...row.copied_by.flatMap((name, i) => [i > 0 ? ", " : "", domain(name)])),
        );
      }
      if (row.copy_of === null && row.copied_by.length === 0) cell.append("—");
      cells.push(cell);
    }
    return h("tr", { "data-ctx-outlet-row": row.outlet }, ...cells);
  }

  private peerCell(outlet: string | null, share: number | null): HTMLElement {
    if (outlet === null) return h("td", { class: "ctx-outlets-peer" }, "—");
    return h(
      "td",
      { class: "ctx-outlets-peer", "data-peer": outlet },
      domain(outlet),
      h("span", { class: "ctx-outlets-sub" }, percent(share)),
    );
  }
}
