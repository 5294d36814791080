// The widget's view: renders once per article, then patches only what changed.
import { CoverageBar } from "./components/coverage";
import { createEvidence } from "./components/evidence";
import { GridView } from "./components/grid";
import { createHeader } from "./components/header";
import { createParagraph } from "./components/paragraph";
import { type PanelHooks, PanelView } from "./components/panel";
import { Toolbar } from "./components/toolbar";
import { h, uniquePrefix } from "./dom";
import { type Store, annotationKey } from "./store";
import type { ArticleData, PanelData, Selection, ViewName } from "./types";

/** Paragraphs and panels per content-visibility chunk (measured: 10 beats 1, 25 and 50). */
const CHUNK_BLOCKS = 10;

export class ArticleView {
  readonly root: HTMLElement;
  private panels = new Map<string, PanelView>();
  private toolbar: Toolbar | null = null;
  private coverage: CoverageBar | null = null;
  private grid: GridView | null = null;
  private body: HTMLElement | null = null;
  private readonly idPrefix = uniquePrefix();
  private readonly cleanups: (() => void)[] = [];
  private readonly hooks: PanelHooks;

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
    const onClick = (event: MouseEvent) => this.onClick(event);
    const onKey = (event: KeyboardEvent) => this.onKey(event);
    this.root.addEventListener("click", onClick);
    this.root.addEventListener("keydown", onKey);
    this.cleanups.push(
      () => this.root.removeEventListener("click", onClick),
      () => this.root.removeEventListener("keydown", onKey),
      store.subscribe("article", (article) => this.render(article)),
      store.subscribe("expanded", (next, previous) => this.applyExpanded(next, previous)),
      store.subscribe("selected", (next, previous) => this.applySelected(next, previous)),
      store.subscribe("source_filter", (next) => this.applyFilter(next)),
      store.subscribe("view", (next) => this.applyView(next)),
      store.subscribe("labels", () => this.refreshEvidence()),
      store.subscribe("annotations", (next, previous) => this.applyAnnotations(next, previous)),
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
    for (let i = 0; i <= paragraphs.length; i++) {
      for (const view of byPosition.get(i) ?? []) add(view.root);
      if (i < paragraphs.length) add(createParagraph(paragraphs[i], i));
    }
    if (inChunk > 0) body.append(chunk);
    if (paragraphs.length === 0 && panels.length === 0) {
      body.append(h("p", { class: "ctx-empty" }, "This article has no paragraphs and no questions."));
    }
    this.body = body;
    this.toolbar = panels.length > 0 ? new Toolbar() : null;
    this.coverage = panels.length > 0 ? new CoverageBar(panels) : null;
    this.grid = panels.length > 0 ? new GridView(article, this.hooks, this.store.get("source_filter")) : null;
    const controls =
      this.toolbar || this.coverage ? h("div", { class: "ctx-controls" }, this.toolbar?.root, this.coverage?.root) : null;
    // Apply the UI state while the body is detached: opening panels builds their
    // answers, and building off-document is much cheaper than in the live page.
    this.applyFilter(this.store.get("source_filter"));
    this.applyExpanded(this.store.get("expanded"), new Set());
    this.applySelected(this.store.get("selected"), null);
    this.applyView(this.store.get("view"));
    this.root.append(createHeader(article), controls ?? "", body, this.grid?.root ?? "");
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
    for (const id of next) if (!previous.has(id)) this.panels.get(id)?.setOpen(true);
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
  }

  private applyView(view: ViewName): void {
    this.toolbar?.setView(view);
    const grid = view === "grid" && this.grid !== null;
    if (this.body) this.body.hidden = grid;
    this.grid?.setVisible(grid);
    this.root.dataset.view = grid ? "grid" : "article";
  }

  private applyAnnotations(next: ReadonlyMap<string, string>, previous: ReadonlyMap<string, string>): void {
    const changed = new Set<string>();
    for (const [key, label] of next) if (previous.get(key) !== label) changed.add(key);
    for (const key of previous.keys()) if (!next.has(key)) changed.add(key);
    for (const key of changed) {
      const slash = key.lastIndexOf("/");
      const panelId = key.slice(0, slash);
      const index = Number(key.slice(slash + 1));
      const label = next.get(key) ?? null;
      this.panels.get(panelId)?.setLabel(index, label);
      this.grid?.setLabel(key, label);
    }
    const selected = this.store.get("selected");
    if (selected && changed.has(annotationKey(selected.panel, selected.answer))) this.refreshEvidence();
  }

  private refreshEvidence(): void {
    const selected = this.store.get("selected");
    if (selected) this.panels.get(selected.panel)?.refreshEvidence();
    this.grid?.refreshEvidence();
  }

  /** The answer a node stands for: a chip in a panel, a grid cell, or an evidence box. */
  private answerOf(node: Element): { panel: string; index: number } | null {
    const owner = node.closest<HTMLElement>("[data-ctx-answer], [data-ctx-grid-answer], [data-ctx-evidence]");
    if (!owner || !this.root.contains(owner)) return null;
    const panel = owner.hasAttribute("data-ctx-answer")
      ? owner.closest<HTMLElement>("[data-ctx-panel]")?.dataset.ctxPanel
      : owner.dataset.panel;
    const index = Number(owner.dataset.answerIndex);
    return panel !== undefined && Number.isInteger(index) ? { panel, index } : null;
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as Element | null;
    if (!target || typeof target.closest !== "function") return;
    const control = target.closest<HTMLElement>(
      ".ctx-question, [data-ctx-label], [data-ctx-evidence-close], [data-ctx-answer], [data-ctx-grid-answer], [data-ctx-view], [data-ctx-source], [data-ctx-filter-clear]",
    );
    if (!control || !this.root.contains(control)) return;
    const data = control.dataset;
    if (control.classList.contains("ctx-question")) {
      const panelId = control.closest<HTMLElement>("[data-ctx-panel]")?.dataset.ctxPanel;
      if (panelId !== undefined) this.store.toggle(panelId);
    } else if (data.ctxLabel !== undefined) {
      const answer = this.answerOf(control);
      if (answer) this.store.annotate(answer.panel, answer.index, data.ctxLabel);
    } else if (data.ctxEvidenceClose !== undefined) {
      this.store.clearSelection();
    } else if (data.ctxView !== undefined) {
      this.store.setView(data.ctxView === "grid" ? "grid" : "article");
    } else if (data.ctxSource !== undefined) {
      this.store.toggleSource(data.ctxSource);
    } else if (data.ctxFilterClear !== undefined) {
      this.store.clearSources();
    } else {
      const answer = this.answerOf(control);
      if (answer) this.store.select(answer.panel, answer.index);
    }
  }

  /** Number keys label the focused answer (0 clears); Escape closes the evidence. */
  private onKey(event: KeyboardEvent): void {
    const target = event.target as Element | null;
    if (!target || typeof target.closest !== "function" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && target.closest("[data-ctx-evidence]") && this.store.get("selected")) {
      this.store.clearSelection();
      event.preventDefault();
      return;
    }
    if (!/^[0-9]$/.test(event.key)) return;
    const labels = this.store.get("labels");
    const answer = target.closest("[data-ctx-answer], [data-ctx-grid-answer]") ? this.answerOf(target) : null;
    if (!answer || labels.length === 0) return;
    const digit = Number(event.key);
    if (digit === 0) this.store.annotate(answer.panel, answer.index, null);
    else if (digit <= labels.length) this.store.annotate(answer.panel, answer.index, labels[digit - 1]);
    else return;
    event.preventDefault();
  }
}
