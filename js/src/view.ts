// The widget's view: renders once per article, then patches only what changed.
import { bindActions, type ViewActions } from "./actions";
import { CoverageBar } from "./components/coverage";
import { createEvidence } from "./components/evidence";
import { GridView } from "./components/grid";
import { createHeader } from "./components/header";
import { LabellingBar } from "./components/labelling";
import { OutletsView } from "./components/outlets";
import { OutlineView } from "./components/outline";
import { PanelView } from "./components/panel";
import { createParagraph } from "./components/paragraph";
import { StackView } from "./components/stack";
import { Toolbar } from "./components/toolbar";
import { h, uniquePrefix } from "./dom";
import { annotationKey, byRank, parseAnnotationKey } from "./rules";
import type { Store } from "./store";
import type { AnswerHooks, ArticleData, PanelData, Selection, ViewName } from "./types";

/** Paragraphs and panels per content-visibility chunk (measured: 10 beats 1, 25 and 50). */
const CHUNK_BLOCKS = 10;

export class ArticleView {
  readonly root: HTMLElement;
  private panels = new Map<string, PanelView>();
  private stacks: StackView<PanelView>[] = [];
  private stackOf = new Map<string, StackView<PanelView>>();
  private outline: OutlineView | null = null;
  private toolbar: Toolbar | null = null;
  private coverage: CoverageBar | null = null;
  private labelling: LabellingBar | null = null;
  /** Panels in reading order (stack by stack, each in rank order): what "next unlabelled" walks. */
  private reading: PanelView[] = [];
  private totalAnswers = 0;
  private grid: GridView | null = null;
  private outlets: OutletsView | null = null;
  private body: HTMLElement | null = null;
  private readonly idPrefix = uniquePrefix();
  private readonly cleanups: (() => void)[] = [];
  private readonly hooks: AnswerHooks;

  constructor(
    container: HTMLElement,
    private readonly store: Store,
  ) {
    this.hooks = {
      evidence: (panel, index) => this.evidence(panel, index),
      labelOf: (panelId, index) => {
        const annotations = this.store.get("annotations");
        return annotations.size === 0 ? null : (annotations.get(annotationKey(panelId, index)) ?? null);
      },
    };
    this.root = h("div", { class: "ctxwidget", "data-lm-suppress-shortcuts": "true" });
    container.append(this.root);
    this.render(store.get("article"));
    const actions: ViewActions = {
      toggleStack: (node) => this.stacks.find((stack) => stack.root === node)?.toggle(),
      toggleDisclosure: (button) => {
        const id = button.closest<HTMLElement>("[data-ctx-panel]")?.dataset.ctxPanel;
        if (id !== undefined) this.panels.get(id)?.toggleDisclosure(button);
      },
      jumpTo: (id) => this.jumpTo(id),
      toggleOutline: () => this.outline?.setOpen(!this.outline.isOpen),
      filterOutline: (text) => this.outline?.filter(text),
      nextUnlabelled: (from, step) => this.nextUnlabelled(from, step),
      rowOf: (panelId, index) => this.panels.get(panelId)?.rowOf(index) ?? [index],
      rowOfButton: (button) => {
        const id = button.closest<HTMLElement>("[data-ctx-panel]")?.dataset.ctxPanel;
        const members = id === undefined ? null : (this.panels.get(id)?.rowOfButton(button) ?? null);
        return id === undefined || members === null ? null : { panel: id, indices: members };
      },
      focusView: (view) => {
        if (view === "outlets" && this.store.get("view") === "outlets") this.outlets?.focus();
      },
    };
    this.cleanups.push(
      bindActions(this.root, store, actions),
      store.subscribe("article", (article) => this.render(article)),
      store.subscribe("expanded", (next, previous) => this.applyExpanded(next, previous)),
      store.subscribe("selected", (next, previous) => this.applySelected(next, previous)),
      store.subscribe("source_filter", (next) => this.applyFilter(next)),
      store.subscribe("view", (next) => this.applyView(next)),
      store.subscribe("labels", () => this.refreshEvidence()),
      store.subscribe("annotations", (next, previous) => this.applyAnnotations(next, previous)),
      store.subscribe("stack_size", (next) => this.applyStackSize(next)),
      store.subscribe("unlabelled_only", (next) => this.applyUnlabelledOnly(next)),
      store.subscribe("labels", (next) => this.applyLabels(next)),
      store.subscribe("status", (next) => this.labelling?.setStatus(next)),
      store.subscribe("_store_info", (next) => this.labelling?.setStoreInfo(next)),
    );
  }

  dispose(): void {
    for (const cleanup of this.cleanups) cleanup();
    this.root.remove();
  }

  /** A full render: only on first display and when the article itself changes. */
  private render(article: ArticleData): void {
    this.root.replaceChildren();
    this.panels = new Map();
    this.stacks = [];
    this.stackOf = new Map();
    const paragraphs = article.paragraphs ?? [];
    const panels = article.panels ?? [];
    const body = h("div", { class: "ctx-body" });
    const byPosition = new Map<number, PanelView[]>();
    for (const panel of panels) {
      const view = new PanelView(panel, this.idPrefix, this.hooks);
      this.panels.set(panel.id, view);
      const at = Math.min(Math.max(panel.after ?? 0, 0), paragraphs.length);
      const list = byPosition.get(at) ?? [];
      list.push(view);
      byPosition.set(at, list);
    }
    // Blocks go into chunks of CHUNK_BLOCKS; the browser skips layout and paint of chunks
    // far off screen (content-visibility), and checking a few hundred chunks is much cheaper
    // than checking every block.
    let chunk = h("div", { class: "ctx-chunk" });
    let inChunk = 0;
    const add = (node: HTMLElement) => {
      if (inChunk === CHUNK_BLOCKS) {
        body.append(chunk);
        chunk = h("div", { class: "ctx-chunk" });
        inChunk = 0;
      }
      chunk.append(node);
      inChunk += 1;
    };
    // The questions at one position form one stack, in rank order.
    const reading: PanelView[] = [];
    for (let i = 0; i <= paragraphs.length; i++) {
      const here = byPosition.get(i);
      if (here) {
        const ranked = byRank(here);
        const stack = new StackView(ranked, i, `${this.idPrefix}-stack-${i}`);
        this.stacks.push(stack);
        for (const view of ranked) {
          this.stackOf.set(view.panel.id, stack);
          reading.push(view);
        }
        add(stack.root);
      }
      if (i < paragraphs.length) add(createParagraph(paragraphs[i], i));
    }
    if (inChunk > 0) body.append(chunk);
    if (paragraphs.length === 0 && panels.length === 0) {
      body.append(h("p", { class: "ctx-empty" }, "This article has no paragraphs and no questions."));
    }
    this.body = body;
    this.reading = reading;
    this.totalAnswers = panels.reduce((n, p) => n + (p.answers ?? []).length, 0);
    this.labelling = panels.length > 0 ? new LabellingBar() : null;
    this.toolbar = panels.length > 0 ? new Toolbar() : null;
    this.coverage = panels.length > 0 ? new CoverageBar(panels) : null;
    this.outline =
      panels.length > 0
        ? new OutlineView(
            reading.map((view) => ({ panel: view.panel, sources: view.sources })),
            `${this.idPrefix}-outline`,
          )
        : null;
    this.grid = panels.length > 0 ? new GridView(article, this.hooks, this.store.get("source_filter")) : null;
    this.outlets = panels.length > 0 ? new OutletsView(panels, this.store.get("source_filter")) : null;
    const controls =
      this.toolbar || this.coverage
        ? h("div", { class: "ctx-controls" }, this.toolbar?.root, this.labelling?.root, this.coverage?.root, this.outline?.root)
        : null;
    // Apply the UI state while the body is detached: opening panels builds their
    // answers, and building off-document is much cheaper than in the live page.
    this.applyStackSize(this.store.get("stack_size"));
    this.applyFilter(this.store.get("source_filter"));
    this.applyExpanded(this.store.get("expanded"), new Set());
    this.applySelected(this.store.get("selected"), null);
    this.applyView(this.store.get("view"));
    this.applyUnlabelledOnly(this.store.get("unlabelled_only"));
    this.applyLabels(this.store.get("labels"));
    this.labelling?.setStoreInfo(this.store.get("_store_info"));
    this.root.append(createHeader(article), controls ?? "", body, this.grid?.root ?? "", this.outlets?.root ?? "");
  }

  private evidence(panel: PanelData, index: number): HTMLElement {
    const answer = (panel.answers ?? [])[index];
    return createEvidence({
      panelId: panel.id,
      index,
      answer,
      labels: this.store.get("labels"),
      label: this.hooks.labelOf(panel.id, index),
    });
  }

  private applyExpanded(next: ReadonlySet<string>, previous: ReadonlySet<string>): void {
    for (const id of previous) if (!next.has(id)) this.panels.get(id)?.setOpen(false);
    for (const id of next) {
      if (previous.has(id)) continue;
      const panel = this.panels.get(id);
      if (!panel) continue;
      panel.setOpen(true);
      // An open question is never hidden in its stack.
      const stack = this.stackOf.get(id);
      if (stack?.hides(panel)) stack.setRevealed(true);
    }
  }

  private applyStackSize(size: number | null): void {
    for (const stack of this.stacks) stack.setLimit(size);
    for (const id of this.store.get("expanded")) {
      const panel = this.panels.get(id);
      const stack = this.stackOf.get(id);
      if (panel && stack?.hides(panel)) stack.setRevealed(true);
    }
  }

  /** The outline's jump: the article view, the question revealed in its stack, open, in view and focused. */
  private jumpTo(id: string): void {
    const panel = this.panels.get(id);
    if (!panel) return;
    this.store.setView("article");
    const stack = this.stackOf.get(id);
    if (stack?.hides(panel)) stack.setRevealed(true);
    if (!panel.isOpen) this.store.toggle(id);
    panel.root.scrollIntoView?.({ block: "start" }); // absent in jsdom
    panel.button.focus({ preventScroll: true });
  }

  private applySelected(next: Selection | null, previous: Selection | null): void {
    if (previous && previous.panel !== next?.panel) this.panels.get(previous.panel)?.setSelected(null);
    if (next) this.panels.get(next.panel)?.setSelected(next.answer);
    this.grid?.setSelected(next);
  }

  private applyFilter(filter: ReadonlySet<string>): void {
    this.coverage?.setFilter(filter);
    for (const panel of this.panels.values()) panel.setFilter(filter);
    this.grid?.setFilter(filter);
    this.outlets?.setFilter(filter);
  }

  private applyView(view: ViewName): void {
    this.toolbar?.setView(view);
    // Without questions there is only the article.
    const shown: ViewName = this.grid === null ? "article" : view;
    if (this.body) this.body.hidden = shown !== "article";
    this.grid?.setVisible(shown === "grid");
    this.outlets?.setVisible(shown === "outlets");
    this.root.dataset.view = shown;
  }

  private applyAnnotations(next: ReadonlyMap<string, string>, previous: ReadonlyMap<string, string>): void {
    const changed = new Set<string>();
    for (const [key, label] of next) if (previous.get(key) !== label) changed.add(key);
    for (const key of previous.keys()) if (!next.has(key)) changed.add(key);
    for (const key of changed) {
      const answer = parseAnnotationKey(key);
      const label = next.get(key) ?? null;
      if (answer) this.panels.get(answer.panel)?.setLabel(answer.index, label);
      this.grid?.setLabel(key, label);
    }
    const selected = this.store.get("selected");
    if (selected && changed.has(annotationKey(selected.panel, selected.answer))) this.refreshEvidence();
    const panels = new Set<string>();
    for (const key of changed) {
      const answer = parseAnnotationKey(key);
      if (answer) panels.add(answer.panel);
    }
    for (const id of panels) {
      this.panels.get(id)?.refreshLabelFilter();
      this.updatePanelProgress(id, next);
    }
    this.updateProgress(next);
  }

  /** Labels on or off: the labelling bar and the outline's progress show only when there are labels. */
  private applyLabels(labels: readonly string[]): void {
    if (!this.labelling) return;
    this.labelling.root.hidden = labels.length === 0;
    this.labelling.setLabels(labels);
    if (labels.length === 0) return;
    const annotations = this.store.get("annotations");
    for (const view of this.reading) this.updatePanelProgress(view.panel.id, annotations);
    this.updateProgress(annotations);
  }

  private updateProgress(annotations: ReadonlyMap<string, string>): void {
    this.labelling?.setProgress(this.totalAnswers, annotations.size);
  }

  private updatePanelProgress(panelId: string, annotations: ReadonlyMap<string, string>): void {
    const view = this.panels.get(panelId);
    if (!view || !this.outline || this.store.get("labels").length === 0) return;
    const total = (view.panel.answers ?? []).length;
    let labelled = 0;
    for (let i = 0; i < total; i++) if (annotations.has(annotationKey(panelId, i))) labelled += 1;
    this.outline.setProgress(panelId, labelled, total);
  }

  private applyUnlabelledOnly(on: boolean): void {
    this.labelling?.setUnlabelledOnly(on);
    for (const panel of this.panels.values()) panel.setUnlabelledOnly(on);
  }

  /** Move to the next (step 1) or previous (-1) answer without a label, across panels in reading
   * order, from `from` (an answer, or index -1: the start of a panel; null: the article's start):
   * open its panel and row, select it (its evidence shows) and focus its chip. Wraps around once. */
  private nextUnlabelled(from: Selection | null, step: 1 | -1): void {
    const order = this.reading;
    if (order.length === 0) return;
    let p = from === null ? (step > 0 ? 0 : order.length - 1) : order.findIndex((v) => v.panel.id === from.panel);
    if (p < 0) p = 0;
    for (let visited = 0; visited <= order.length; visited++) {
      const view = order[p];
      const list = view.displayOrder();
      let at: number;
      if (visited === 0 && from !== null && from.panel === view.panel.id) {
        const here = list.indexOf(from.answer);
        at = here < 0 ? (step > 0 ? 0 : list.length - 1) : here + step;
      } else {
        at = step > 0 ? 0 : list.length - 1;
      }
      for (; at >= 0 && at < list.length; at += step) {
        const index = list[at];
        if (!this.store.isLabelled(annotationKey(view.panel.id, index)) && view.shows(index)) {
          this.reveal(view, index);
          return;
        }
      }
      p = (p + step + order.length) % order.length;
    }
    this.store.say("Every answer shown is labelled.");
  }

  /** Open an answer's panel and row, select it and focus its chip. */
  private reveal(view: PanelView, index: number): void {
    const id = view.panel.id;
    this.store.setView("article");
    const stack = this.stackOf.get(id);
    if (stack?.hides(view)) stack.setRevealed(true);
    if (!view.isOpen) this.store.toggle(id);
    this.store.selectAnswer(id, index);
    const chip = view.reveal(index);
    if (!chip) return;
    chip.scrollIntoView?.({ block: "nearest" }); // absent in jsdom
    chip.focus({ preventScroll: true });
  }

  private refreshEvidence(): void {
    const selected = this.store.get("selected");
    if (selected) this.panels.get(selected.panel)?.refreshEvidence();
    this.grid?.refreshEvidence();
  }
}
