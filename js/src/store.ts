// The one place that reads the widget model and writes to it.
import type { ArticleData, ModelLike, Selection, WidgetState } from "./types";

type Listener<T> = (next: T, previous: T) => void;

export class Store {
  private readonly listeners = {
    article: new Set<Listener<ArticleData>>(),
    expanded: new Set<Listener<ReadonlySet<string>>>(),
    selected: new Set<Listener<Selection | null>>(),
  };
  private expandedIds: ReadonlySet<string>;
  private selection: Selection | null;
  private readonly unbind: () => void;

  constructor(private readonly model: ModelLike) {
    this.expandedIds = new Set(model.get("expanded") ?? []);
    this.selection = normalizeSelection(model.get("selected"));
    const onArticle = () => this.emit("article", this.article, this.article);
    const onExpanded = () => {
      const previous = this.expandedIds;
      this.expandedIds = new Set(this.model.get("expanded") ?? []);
      this.emit("expanded", this.expandedIds, previous);
    };
    const onSelected = () => {
      const previous = this.selection;
      this.selection = normalizeSelection(this.model.get("selected"));
      this.emit("selected", this.selection, previous);
    };
    model.on("change:article", onArticle);
    model.on("change:expanded", onExpanded);
    model.on("change:selected", onSelected);
    this.unbind = () => {
      model.off("change:article", onArticle);
      model.off("change:expanded", onExpanded);
      model.off("change:selected", onSelected);
    };
  }

  get article(): ArticleData {
    return this.model.get("article");
  }

  get expanded(): ReadonlySet<string> {
    return this.expandedIds;
  }

  get selected(): Selection | null {
    return this.selection;
  }

  subscribe<K extends keyof Store["listeners"]>(
    key: K,
    listener: Store["listeners"][K] extends Set<infer L> ? L : never,
  ): () => void {
    const set = this.listeners[key] as Set<typeof listener>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Open or close one panel. */
  toggle(panelId: string): void {
    const next = this.model.get("expanded").filter((id) => id !== panelId);
    if (!this.expandedIds.has(panelId)) next.push(panelId);
    this.write("expanded", next);
  }

  /** Select one answer, or clear the selection when it is already selected. */
  select(panelId: string, answer: number): void {
    const current = this.selection;
    const same = current !== null && current.panel === panelId && current.answer === answer;
    this.write("selected", same ? null : { panel: panelId, answer });
  }

  dispose(): void {
    this.unbind();
    for (const set of Object.values(this.listeners)) set.clear();
  }

  private write<K extends keyof WidgetState>(key: K, value: WidgetState[K]): void {
    this.model.set(key, value);
    this.model.save_changes();
  }

  private emit<K extends keyof Store["listeners"]>(key: K, next: unknown, previous: unknown): void {
    for (const listener of this.listeners[key]) {
      (listener as (n: unknown, p: unknown) => void)(next, previous);
    }
  }
}

function normalizeSelection(value: unknown): Selection | null {
  if (value === null || typeof value !== "object") return null;
  const { panel, answer } = value as Partial<Selection>;
  if (typeof panel !== "string" || typeof answer !== "number") return null;
  return { panel, answer };
}
