// A "More Context" question: a toggle that expands to its answers, summarised. Each group of
// two or more answers is one row (its representative answer, the outlets that gave it, its
// size; the members on demand); answers that stand alone come last, collapsed when many; a bar
// of group sizes heads the answers. Every answer is in the DOM once the panel has been opened.
import { createChip, outletsPhrase, setChipLabel, setChipSelected } from "../chip";
import { h } from "../dom";
import { type AnswerGroup, groupAnswers, independentCount, rankFacts, representative, sourceCount } from "../rules";
import type { AnswerData, AnswerHooks, PanelData } from "../types";
import { outletsText, sourcesText } from "./voices";

/** A panel with at most this many answers shows every answer when opened; a larger one is
 * summarised: one line per group (its members on demand), and its answers that stand alone
 * behind a button when there are more than OPEN_SINGLES_UP_TO of them. */
export const SHOW_ALL_UP_TO = 12;
export const OPEN_SINGLES_UP_TO = 6;

/** "8 sources · 5 answers": how many outlets answered, in how many distinct ways; with copies
 * among them, "8 sources · 6 independent · 5 answers" (see voices.ts). */
export function summarize(
  answers: readonly AnswerData[],
  groups: readonly AnswerGroup[] = groupAnswers(answers),
): { text: string; sources: number; independent: number; consensus: boolean } {
  if (answers.length === 0) return { text: "no answers", sources: 0, independent: 0, consensus: false };
  const { sources, independent, consensus } = rankFacts(answers, groups);
  const ways = groups.length;
  const text = `${sourcesText(sources, independent)} · ${ways} ${ways === 1 ? "answer" : "answers"}`;
  return { text, sources, independent, consensus };
}

/** One disclosure inside the panel: a button and the list of chips it shows or hides. */
interface Disclosure {
  button: HTMLButtonElement;
  list: HTMLElement;
  /** The row or block that holds it (hidden when the filter leaves it no answer). */
  node: HTMLElement;
  indices: readonly number[];
  /** The outlets line of a group row (kept in step with the filter). */
  outlets: Text | null;
}

export class PanelView {
  readonly root: HTMLElement;
  readonly button: HTMLButtonElement;
  /** Distinct outlets that answered, and whether it is a consensus question (for ranking). */
  readonly sources: number;
  readonly independent: number;
  readonly consensus: boolean;
  private readonly region: HTMLElement;
  private readonly answers: readonly AnswerData[];
  private readonly groups: readonly AnswerGroup[];
  private readonly regionId: string;
  private chips: HTMLElement[] = [];
  /** The disclosure each answer belongs to, by answer index. */
  private owner: Disclosure[] = [];
  private disclosures: Disclosure[] = [];
  private filterNote: HTMLElement | null = null;
  private evidenceBox: HTMLElement | null = null;
  private built = false;
  private open = false;
  private selectedIndex: number | null = null;
  private filter: ReadonlySet<string> = new Set();
  private unlabelledOnly = false;
  /** Whether any chip may be hidden by the filter now (nothing to undo otherwise). */
  private filtered = false;

  constructor(
    readonly panel: PanelData,
    idPrefix: string,
    private readonly hooks: AnswerHooks,
  ) {
    this.answers = panel.answers ?? [];
    this.groups = groupAnswers(this.answers);
    this.regionId = `${idPrefix}-${panel.id}-answers`;
    const summary = summarize(this.answers, this.groups);
    this.sources = summary.sources;
    this.independent = summary.independent;
    this.consensus = summary.consensus;
    this.button = h(
      "button",
      { type: "button", class: "ctx-question", "data-ctx-toggle": "", "aria-expanded": "false", "aria-controls": this.regionId },
      h("span", { class: "ctx-chevron", "aria-hidden": "true" }),
      h("span", { class: "ctx-question-text" }, panel.question),
      h("span", { class: "ctx-summary" }, summary.text),
      summary.consensus
        ? h("span", { class: "ctx-consensus", title: "More than half of the independent sources give the same answer" }, "consensus")
        : null,
    );
    this.region = h("div", { class: "ctx-answers", id: this.regionId, role: "region", hidden: true });
    this.region.setAttribute("aria-label", `Answers: ${panel.question}`);
    this.root = h(
      "section",
      {
        class: "ctx-panel",
        "data-ctx-panel": panel.id,
        "data-sources": this.sources,
        "data-independent": this.independent,
        "data-consensus": summary.consensus ? "true" : "false",
      },
      this.button,
      this.region,
    );
  }

  get isOpen(): boolean {
    return this.open;
  }

  setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    if (open && !this.built) this.build();
    this.button.setAttribute("aria-expanded", open ? "true" : "false");
    this.region.hidden = !open;
    this.root.classList.toggle("ctx-open", open);
  }

  /** Highlight one answer and show its evidence below its row (null clears). */
  setSelected(index: number | null): void {
    if (index === this.selectedIndex) return;
    if (this.selectedIndex !== null && this.chips[this.selectedIndex]) {
      setChipSelected(this.chips[this.selectedIndex], false);
    }
    this.selectedIndex = index;
    if (this.built) this.showSelection();
    // A labelled answer stays shown while selected; once left, "unlabelled only" hides it.
    if (this.built && this.unlabelledOnly) this.applyFilter();
  }

  /** Rebuild the evidence box (its label buttons changed). */
  refreshEvidence(): void {
    if (this.built) this.showSelection();
  }

  setLabel(index: number, label: string | null): void {
    if (this.built && this.chips[index]) setChipLabel(this.chips[index], label);
  }

  /** After labels changed: the "unlabelled only" filter hides the answers that now have one. */
  refreshLabelFilter(): void {
    if (this.built && this.unlabelledOnly) this.applyFilter();
  }

  /** Show only answers from these outlets (an empty set shows all). */
  setFilter(filter: ReadonlySet<string>): void {
    this.filter = filter;
    if (this.built) this.applyFilter();
  }

  /** Show only the answers that have no label yet. */
  setUnlabelledOnly(on: boolean): void {
    this.unlabelledOnly = on;
    if (this.built) this.applyFilter();
  }

  /** Answer indices in the order the panel shows them: each group row's members, then the
   * answers that stand alone (what "next unlabelled" walks through). */
  displayOrder(): number[] {
    const rows = this.groups.filter((g) => g.indices.length > 1).flatMap((g) => g.indices);
    const singles = this.groups.filter((g) => g.indices.length === 1).map((g) => g.indices[0]);
    return [...rows, ...singles];
  }

  /** The members of the answer's group row (the answer alone when it has no row). */
  rowOf(index: number): readonly number[] {
    const group = this.groups.find((g) => g.indices.includes(index));
    return group && group.indices.length > 1 ? group.indices : [index];
  }

  /** The members of the group row whose button this is, or null. */
  rowOfButton(button: HTMLElement): readonly number[] | null {
    const disclosure = this.disclosures.find((d) => d.button === button);
    return disclosure && disclosure.outlets !== null ? disclosure.indices : null;
  }

  /** Whether the source filter shows this answer. */
  shows(index: number): boolean {
    const answer = this.answers[index];
    return answer !== undefined && (this.filter.size === 0 || this.filter.has(answer.source));
  }

  /** The chip of one answer, its row opened (the panel must be open). */
  reveal(index: number): HTMLElement | null {
    const chip = this.chips[index];
    if (!chip) return null;
    setDisclosure(this.owner[index], true);
    return chip;
  }

  /** Open or close one of the panel's disclosures (a group row, the other answers). */
  toggleDisclosure(button: HTMLElement): void {
    const disclosure = this.disclosures.find((d) => d.button === button);
    if (disclosure) setDisclosure(disclosure, disclosure.list.hidden);
  }

  /** Answers are built on first open, so a closed panel costs one button. */
  private build(): void {
    this.built = true;
    if (this.answers.length === 0) {
      this.region.append(h("p", { class: "ctx-empty" }, "No source has answered this question yet."));
      return;
    }
    this.chips = new Array(this.answers.length);
    this.owner = new Array(this.answers.length);
    const fragment = document.createDocumentFragment();
    const rows = this.groups.filter((g) => g.indices.length > 1);
    const singles = this.groups.filter((g) => g.indices.length === 1).map((g) => g.indices[0]);
    fragment.append(this.distribution(rows, singles.length));
    const all = this.answers.length <= SHOW_ALL_UP_TO;
    rows.forEach((group, rank) => {
      fragment.append(this.row(group, rank, all));
    });
    if (singles.length > 0) fragment.append(this.singles(singles, rows.length === 0, all || singles.length <= OPEN_SINGLES_UP_TO));
    this.filterNote = h("p", { class: "ctx-filter-note", hidden: true });
    fragment.append(this.filterNote);
    this.region.append(fragment);
    this.applyFilter();
    this.showSelection();
  }

  /** The bar of group sizes: one segment per group of two or more, one for the answers alone. */
  private distribution(rows: readonly AnswerGroup[], singles: number): HTMLElement {
    const bar = h("div", { class: "ctx-distribution", "data-ctx-distribution": "", role: "img" });
    const sizes = rows.map((g) => g.indices.length);
    for (const size of sizes) {
      const segment = h("span", { class: "ctx-dist-group" });
      segment.style.flexGrow = String(size);
      bar.append(segment);
    }
    if (singles > 0) {
      const segment = h("span", { class: "ctx-dist-single" });
      segment.style.flexGrow = String(singles);
      bar.append(segment);
    }
    const parts = sizes.length > 0 ? [`groups of ${sizes.join(", ")}`] : [];
    if (singles > 0) parts.push(`${singles} ${singles === 1 ? "answer" : "answers"} alone`);
    bar.setAttribute("aria-label", `${this.answers.length} answers: ${parts.join("; ")}`);
    bar.title = bar.getAttribute("aria-label") ?? "";
    return bar;
  }

  private listId(n: number): string {
    return `${this.regionId}-${n}`;
  }

  /** One group of two or more answers: its representative, its outlets and size, and its members. */
  private row(group: AnswerGroup, rank: number, open: boolean): HTMLElement {
    const size = group.indices.length;
    const members = group.indices.map((i) => this.answers[i]);
    const outletCount = sourceCount(members);
    const lead = this.answers[representative(this.answers, group.indices)];
    const list = h("div", { class: "ctx-group-members", id: this.listId(rank), "data-ctx-roving": "" });
    const button = h(
      "button",
      { type: "button", class: "ctx-group-toggle", "data-ctx-disclosure": "", "aria-expanded": "false", "aria-controls": list.id },
      h("span", { class: "ctx-chevron", "aria-hidden": "true" }),
      h("span", { class: "ctx-group-label", "data-ctx-group-label": "" }, lead.text),
      h("span", { class: "ctx-group-size" }, `×${size}`),
    );
    // "5 answers from 4 sources · 3 independent"; the outlets line (which names copies) describes the button.
    button.title = `${size} answers from ${sourcesText(outletCount, independentCount(members))}`;
    const outlets = document.createTextNode(outletsText(this.answers, group.indices));
    const line = h("span", { class: "ctx-group-outlets", id: `${list.id}-outlets` }, outlets);
    button.setAttribute("aria-describedby", line.id);
    const node = h(
      "div",
      { class: "ctx-group", "data-ctx-group": group.label === null ? null : String(group.label), "data-group-size": size },
      h("div", { class: "ctx-group-head" }, button, line),
      list,
    );
    const disclosure: Disclosure = { button, list, node, indices: group.indices, outlets };
    this.fill(disclosure, outletsPhrase(outletCount));
    setDisclosure(disclosure, open);
    return node;
  }

  /** The answers no other answer agrees with, together at the end. */
  private singles(indices: readonly number[], only: boolean, open: boolean): HTMLElement {
    const n = indices.length;
    const list = h("div", { class: "ctx-singles-members", id: this.listId(-1), "data-ctx-roving": "" });
    const text = only ? `${n} ${n === 1 ? "answer" : "different answers"}` : `${n} other ${n === 1 ? "answer" : "answers"}`;
    const button = h(
      "button",
      { type: "button", class: "ctx-singles-toggle", "data-ctx-disclosure": "", "aria-expanded": "false", "aria-controls": list.id },
      h("span", { class: "ctx-chevron", "aria-hidden": "true" }),
      text,
    );
    const node = h("div", { class: "ctx-singles", "data-ctx-singles": "" }, button, list);
    const disclosure: Disclosure = { button, list, node, indices, outlets: null };
    this.fill(disclosure, outletsPhrase(1));
    setDisclosure(disclosure, open);
    return node;
  }

  private fill(disclosure: Disclosure, outlets: string): void {
    this.disclosures.push(disclosure);
    for (const index of disclosure.indices) {
      const chip = createChip(this.answers[index], index, outlets);
      const label = this.hooks.labelOf(this.panel.id, index);
      if (label !== null) setChipLabel(chip, label);
      this.chips[index] = chip;
      this.owner[index] = disclosure;
      disclosure.list.append(chip);
    }
    (disclosure.list.firstElementChild as HTMLElement | null)?.setAttribute("tabindex", "0");
  }

  private showSelection(): void {
    this.evidenceBox?.remove();
    this.evidenceBox = null;
    const index = this.selectedIndex;
    if (index === null || !this.chips[index]) return;
    const chip = this.chips[index];
    setChipSelected(chip, true);
    const disclosure = this.owner[index];
    setDisclosure(disclosure, true);
    this.evidenceBox = this.hooks.evidence(this.panel, index);
    disclosure.node.after(this.evidenceBox);
  }

  private applyFilter(): void {
    const bySource = this.filter.size > 0;
    const active = bySource || this.unlabelledOnly;
    if (!active && !this.filtered) return;
    this.filtered = active;
    let shown = 0;
    const panelId = this.panel.id;
    this.chips.forEach((chip, index) => {
      const visible =
        (!bySource || this.filter.has(this.answers[index].source)) &&
        !(this.unlabelledOnly && this.hooks.labelOf(panelId, index) !== null && this.selectedIndex !== index);
      chip.hidden = !visible;
      if (visible) shown += 1;
    });
    for (const disclosure of this.disclosures) {
      const visible = disclosure.indices.filter((i) => !this.chips[i].hidden);
      disclosure.node.hidden = visible.length === 0;
      if (disclosure.outlets) disclosure.outlets.data = outletsText(this.answers, visible);
      // The list's one tab stop must be a chip that is shown.
      const stop = disclosure.list.querySelector<HTMLElement>(':scope > [tabindex="0"]');
      if (stop?.hidden && visible.length > 0) {
        stop.setAttribute("tabindex", "-1");
        this.chips[visible[0]].setAttribute("tabindex", "0");
      }
    }
    if (this.filterNote) {
      this.filterNote.hidden = !active;
      const why = [bySource ? "source filter" : "", this.unlabelledOnly ? "unlabelled only" : ""].filter(Boolean).join(", ");
      this.filterNote.textContent = active
        ? shown === 0
          ? bySource
            ? "No answer from the chosen sources."
            : "Every answer here is labelled."
          : `Showing ${shown} of ${this.answers.length} answers (${why}).`
        : "";
    }
  }
}

function setDisclosure(disclosure: Disclosure, open: boolean): void {
  disclosure.button.setAttribute("aria-expanded", open ? "true" : "false");
  disclosure.list.hidden = !open;
  disclosure.node.classList.toggle("ctx-open", open);
}
