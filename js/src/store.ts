// The one place that reads the widget model and writes to it. Views subscribe
// to one key each and receive the new and previous values, so they can patch
// only what changed. The UI fields and their normal form are state.ts's.
import { annotationKey } from "./rules";
import { readField, UI_FIELDS, type UIState } from "./state";
import type { ArticleData, ModelLike, ToggleMessage, ViewName, WidgetState } from "./types";

/** The state as views see it: the article and the UI state, with sets and maps instead of wire
 * lists and objects. */
export interface StoreState extends Omit<UIState, "expanded" | "source_filter" | "labels" | "annotations"> {
  article: ArticleData;
  expanded: ReadonlySet<string>;
  source_filter: ReadonlySet<string>;
  labels: readonly string[];
  annotations: ReadonlyMap<string, string>;
}

type Key = keyof StoreState;
type Listener<K extends Key> = (next: StoreState[K], previous: StoreState[K]) => void;

const KEYS: Key[] = ["article", ...UI_FIELDS];

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
  if (key === "article") return (model.get("article") ?? { title: "" }) as ArticleData;
  const value = readField(key, model.get(key));
  switch (key) {
    case "expanded":
    case "source_filter":
      return new Set(value as string[]);
    case "annotations":
      return new Map(Object.entries(value as Record<string, string>));
    default:
      return value as StoreState[Key];
  }
}
