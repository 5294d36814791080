// The one place that reads the widget model and writes to it. Views subscribe
// to one key each and receive the new and previous values, so they can patch
// only what changed.
import { annotationKey } from "./rules";
import type { ArticleData, ModelLike, Selection, ToggleMessage, ViewName, WidgetState } from "./types";

/** The state as views see it: sets and maps instead of wire lists. */
export interface StoreState {
  article: ArticleData;
  expanded: ReadonlySet<string>;
  selected: Selection | null;
  source_filter: ReadonlySet<string>;
  view: ViewName;
  labels: readonly string[];
  annotations: ReadonlyMap<string, string>;
  /** Questions a stack shows until asked; null shows them all. */
  stack_size: number | null;
}

/** Questions a stack shows when the model does not say. */
export const DEFAULT_STACK_SIZE = 3;

type Key = keyof StoreState;
type Listener<K extends Key> = (next: StoreState[K], previous: StoreState[K]) => void;

const KEYS: Key[] = ["article", "expanded", "selected", "source_filter", "view", "labels", "annotations", "stack_size"];

export class Store {
  private state: StoreState;
  private readonly listeners = new Map<Key, Set<Listener<Key>>>();
  private readonly unbind: (() => void)[] = [];

  constructor(private readonly model: ModelLike) {
    const state = {} as Record<Key, unknown>;
    for (const key of KEYS) state[key] = read(model, key);
    this.state = state as unknown as StoreState;
    for (const key of KEYS) {
      const onChange = () => this.update(key, read(this.model, key));
      model.on(`change:${key}`, onChange);
      this.unbind.push(() => model.off(`change:${key}`, onChange));
    }
    // A toggle travels as one small message each way, never as the whole list of open panels.
    const onMessage = (message: unknown) => {
      const toggle = message as Partial<ToggleMessage> | null;
      if (toggle?.type === "toggle" && typeof toggle.panel === "string" && typeof toggle.open === "boolean") {
        this.setOpen(toggle.panel, toggle.open);
      }
    };
    model.on("msg:custom", onMessage);
    this.unbind.push(() => model.off("msg:custom", onMessage));
  }

  private update<K extends Key>(key: K, next: StoreState[K]): void {
    const previous = this.state[key];
    this.state = { ...this.state, [key]: next };
    for (const listener of this.listeners.get(key) ?? []) listener(next, previous);
  }

  private setOpen(panelId: string, open: boolean): void {
    if (this.state.expanded.has(panelId) === open) return;
    const next = new Set(this.state.expanded);
    if (open) next.add(panelId);
    else next.delete(panelId);
    this.update("expanded", next);
    // Keep the model's own copy current (it is what a saved notebook stores), without
    // sending it: the kernel learns of the toggle from the small message.
    this.model.set("expanded", [...next]);
  }

  get<K extends Key>(key: K): StoreState[K] {
    return this.state[key];
  }

  subscribe<K extends Key>(key: K, listener: Listener<K>): () => void {
    const set = this.listeners.get(key) ?? new Set();
    set.add(listener as unknown as Listener<Key>);
    this.listeners.set(key, set);
    return () => set.delete(listener as unknown as Listener<Key>);
  }

  /** Open or close one panel: shown at once, then told to the kernel in a message that names
   * only this panel (the kernel updates `expanded` and tells every other front end). */
  toggle(panelId: string): void {
    const open = !this.state.expanded.has(panelId);
    this.setOpen(panelId, open);
    this.model.send({ type: "toggle", panel: panelId, open });
    // marimo re-runs the cells that read a widget on state changes only, never on messages:
    // there the kernel asks for `expanded` to travel as state too (ContextWidget._sync_toggles).
    if (this.model.get("_sync_toggles") === true) this.model.save_changes();
  }

  /** Select one answer, or clear the selection when it is already selected. */
  select(panelId: string, answer: number): void {
    const current = this.state.selected;
    const same = current !== null && current.panel === panelId && current.answer === answer;
    this.write("selected", same ? null : { panel: panelId, answer });
  }

  clearSelection(): void {
    if (this.state.selected !== null) this.write("selected", null);
  }

  /** Add or remove one outlet from the source filter. */
  toggleSource(domain: string): void {
    const next = [...this.state.source_filter].filter((d) => d !== domain);
    if (!this.state.source_filter.has(domain)) next.push(domain);
    this.write("source_filter", next);
  }

  clearSources(): void {
    if (this.state.source_filter.size > 0) this.write("source_filter", []);
  }

  setView(view: ViewName): void {
    if (view !== this.state.view) this.write("view", view);
  }

  /** Label one answer; the same label again (or null) removes it. */
  annotate(panelId: string, answer: number, label: string | null): void {
    const key = annotationKey(panelId, answer);
    const next: Record<string, string> = Object.fromEntries(this.state.annotations);
    if (label === null || next[key] === label) delete next[key];
    else if (this.state.labels.includes(label)) next[key] = label;
    else return;
    this.write("annotations", next);
  }

  dispose(): void {
    for (const unbind of this.unbind) unbind();
    this.listeners.clear();
  }

  private write<K extends keyof WidgetState>(key: K, value: WidgetState[K]): void {
    this.model.set(key, value);
    this.model.save_changes();
  }
}

function read(model: ModelLike, key: Key): StoreState[Key] {
  switch (key) {
    case "article":
      return (model.get("article") ?? { title: "" }) as ArticleData;
    case "expanded":
      return new Set(stringList(model.get("expanded")));
    case "source_filter":
      return new Set(stringList(model.get("source_filter")));
    case "labels":
      return stringList(model.get("labels"));
    case "selected":
      return normalizeSelection(model.get("selected"));
    case "view":
      return model.get("view") === "grid" ? "grid" : "article";
    case "stack_size": {
      const size = model.get("stack_size");
      if (size === null) return null;
      return typeof size === "number" && Number.isInteger(size) && size >= 0 ? size : DEFAULT_STACK_SIZE;
    }
    case "annotations": {
      const raw = model.get("annotations");
      const map = new Map<string, string>();
      if (raw && typeof raw === "object") {
        for (const [k, v] of Object.entries(raw)) if (typeof v === "string") map.set(k, v);
      }
      return map;
    }
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function normalizeSelection(value: unknown): Selection | null {
  if (value === null || typeof value !== "object") return null;
  const { panel, answer } = value as Partial<Selection>;
  if (typeof panel !== "string" || typeof answer !== "number") return null;
  return { panel, answer };
}
