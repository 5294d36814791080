// The article view: renders once per article, then patches only what changed.
import { createHeader } from "./components/header";
import { createParagraph } from "./components/paragraph";
import { PanelView } from "./components/panel";
import { h, uniquePrefix } from "./dom";
import type { Store } from "./store";
import type { ArticleData, Selection } from "./types";

export class ArticleView {
  readonly root: HTMLElement;
  private panels = new Map<string, PanelView>();
  private readonly idPrefix = uniquePrefix();
  private readonly cleanups: (() => void)[] = [];

  constructor(
    container: HTMLElement,
    private readonly store: Store,
  ) {
    this.root = h("div", { class: "ctxwidget", "data-lm-suppress-shortcuts": "true" });
    container.append(this.root);
    this.render(store.article);
    const onClick = (event: MouseEvent) => this.onClick(event);
    this.root.addEventListener("click", onClick);
    this.cleanups.push(
      () => this.root.removeEventListener("click", onClick),
      store.subscribe("article", (article) => this.render(article)),
      store.subscribe("expanded", (next, previous) => this.applyExpanded(next, previous)),
      store.subscribe("selected", (next, previous) => this.applySelected(next, previous)),
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
    const body = h("div", { class: "ctx-body" });
    const paragraphs = article.paragraphs ?? [];
    const byPosition = new Map<number, PanelView[]>();
    for (const panel of article.panels ?? []) {
      const view = new PanelView(panel, this.idPrefix);
      this.panels.set(panel.id, view);
      const at = Math.min(Math.max(panel.after ?? 0, 0), paragraphs.length);
      const list = byPosition.get(at) ?? [];
      list.push(view);
      byPosition.set(at, list);
    }
    for (let i = 0; i <= paragraphs.length; i++) {
      for (const view of byPosition.get(i) ?? []) body.append(view.root);
      if (i < paragraphs.length) body.append(createParagraph(paragraphs[i], i));
    }
    if (paragraphs.length === 0 && this.panels.size === 0) {
      body.append(h("p", { class: "ctx-empty" }, "This article has no paragraphs and no questions."));
    }
    this.root.append(createHeader(article), body);
    this.applyExpanded(this.store.expanded, new Set());
    this.applySelected(this.store.selected, null);
  }

  private applyExpanded(next: ReadonlySet<string>, previous: ReadonlySet<string>): void {
    for (const id of previous) if (!next.has(id)) this.panels.get(id)?.setOpen(false);
    for (const id of next) if (!previous.has(id)) this.panels.get(id)?.setOpen(true);
  }

  private applySelected(next: Selection | null, previous: Selection | null): void {
    if (previous) this.panels.get(previous.panel)?.setSelected(null);
    if (next) this.panels.get(next.panel)?.setSelected(next.answer);
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as Element | null;
    if (!target || typeof target.closest !== "function") return;
    const panelNode = target.closest<HTMLElement>("[data-ctx-panel]");
    const panelId = panelNode?.dataset.ctxPanel;
    if (!panelNode || panelId === undefined || !this.root.contains(panelNode)) return;
    if (target.closest(".ctx-question")) {
      this.store.toggle(panelId);
      return;
    }
    const chip = target.closest<HTMLElement>("[data-ctx-answer]");
    if (chip) {
      const index = Number(chip.dataset.answerIndex);
      if (Number.isInteger(index)) this.store.select(panelId, index);
    }
  }
}
