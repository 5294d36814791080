// The one place that reads the widget model and writes to it. Views subscribe
// to one key each and receive the new and previous values, so they can patch
// only what changed. The UI fields and their normal form are state.ts's.
import { annotationKey } from "./rules";
import { readField, UI_FIELDS, type UIField, type UIState } from "./state";
import type { ArticleData, LabelResult, ModelLike, StoreInfo, ToggleMessage, ViewName, WidgetState } from "./types";

/** What the page says about labelling: saved, saving, or not saved and why (an ARIA live region shows it). */
export interface LabelStatus {
  kind: "" | "saving" | "saved" | "error";
  text: string;
}

/** The state as views see it: the article and the UI state, with sets and maps instead of wire
 * lists and objects. */
export interface StoreState extends Omit<UIState, "expanded" | "source_filter" | "labels" | "annotations"> {
  article: ArticleData;
  expanded: ReadonlySet<string>;
  source_filter: ReadonlySet<string>;
  labels: readonly string[];
  annotations: ReadonlyMap<string, string>;
  /** Where the kernel keeps labels (empty without a store). */
  _store_info: StoreInfo;
  /** The last labelling action's outcome. */
  status: LabelStatus;
  /** Answers whose label was sent and not yet answered by the kernel. */
  pending: ReadonlySet<string>;
}

type Key = keyof StoreState;
type Listener<K extends Key> = (next: StoreState[K], previous: StoreState[K]) => void;

const KEYS: Key[] = ["article", "_store_info", ...UI_FIELDS];

export class Store {
  private state: StoreState;
  private readonly listeners = new Map<Key, Set<Listener<Key>>>();
  private readonly unbind: (() => void)[] = [];
  /** Label and undo requests sent and not yet answered: their id and the keys they label. */
  private readonly sent = new Map<number, string[]>();
  /** Request ids start at random, so two pages of one widget (each hears every answer) do not mix theirs up. */
  private requests = Math.floor(Math.random() * 2 ** 40);
  /** True while this page saves its changes (see save). */
  private saving = false;

  constructor(private readonly model: ModelLike) {
    const state = {} as Record<Key, unknown>;
    for (const key of KEYS) state[key] = read(model, key);
    state.status = { kind: "", text: "" };
    state.pending = new Set<string>();
    this.state = state as unknown as StoreState;
    for (const key of KEYS) {
      const onChange = () => {
        // ipywidgets' save sets again every field the page set since its last save, `expanded` too
        // (setOpen's copy, maybe older than what the kernel has said since): the page keeps its own
        // open set, and the kernel, which ignores that copy, sends the true one back.
        if (key === "expanded" && this.saving) return;
        this.update(key, read(this.model, key));
      };
      model.on(`change:${key}`, onChange);
      this.unbind.push(() => model.off(`change:${key}`, onChange));
    }
    // A toggle travels as one small message each way, never as the whole list of open panels.
    const onMessage = (message: unknown) => {
      const toggle = message as Partial<ToggleMessage> | null;
      if (toggle?.type === "toggle" && typeof toggle.panel === "string" && typeof toggle.open === "boolean") {
        this.setOpen(toggle.panel, toggle.open);
      }
      const result = message as Partial<LabelResult> | null;
      if (result?.type === "label_result") this.onResult(result);
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
    // sending it: the kernel learns of the toggle from the small message. ipywidgets sends this
    // copy along with the next save of another field, when it may be stale: see save().
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
    if (this.model.get("_sync_toggles") === true) this.save();
  }

  /** Select one answer, or clear the selection when it is already selected. */
  select(panelId: string, answer: number): void {
    const current = this.state.selected;
    const same = current !== null && current.panel === panelId && current.answer === answer;
    this.write("selected", same ? null : { panel: panelId, answer });
  }

  /** Select one answer (it stays selected if it already is). */
  selectAnswer(panelId: string, answer: number): void {
    const current = this.state.selected;
    if (current === null || current.panel !== panelId || current.answer !== answer) this.write("selected", { panel: panelId, answer });
  }

  /** Say something in the labelling status line (the live region). */
  say(text: string): void {
    this.update("status", { kind: "", text });
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
    this.label(panelId, [answer], label);
  }

  /** Label answers of one panel at once (a group row: one action, one undo); when every one of
   * them has `label` already, remove it. The kernel commits the labels to its store and then
   * updates `annotations`: nothing shows as labelled before the kernel has accepted it. */
  label(panelId: string, answers: readonly number[], label: string | null): void {
    if (answers.length === 0 || (label !== null && !this.state.labels.includes(label))) return;
    const keys = answers.map((i) => annotationKey(panelId, i));
    const same = label !== null && keys.every((key) => this.state.annotations.get(key) === label);
    const id = ++this.requests;
    this.sent.set(id, keys);
    this.update("pending", new Set([...this.state.pending, ...keys]));
    this.update("status", { kind: "saving", text: "Saving…" });
    this.model.send({ type: "label", answers: answers.map((i) => [panelId, i]), label: same ? null : label, id });
  }

  /** Revert the last labelling action (in the kernel's store, as a new event of its history). */
  undo(): void {
    const id = ++this.requests;
    this.sent.set(id, []);
    this.model.send({ type: "undo", id });
  }

  /** Whether the answer has a label or one is on its way to the kernel. */
  isLabelled(key: string): boolean {
    return this.state.annotations.has(key) || this.state.pending.has(key);
  }

  setUnlabelledOnly(on: boolean): void {
    if (on !== this.state.unlabelled_only) this.write("unlabelled_only", on);
  }

  private onResult(result: Partial<LabelResult>): void {
    const id = typeof result.id === "number" ? result.id : null;
    const keys = id === null ? undefined : this.sent.get(id);
    if (id === null || keys === undefined) return; // another view's request (every view hears every answer)
    this.sent.delete(id);
    if (keys.length > 0) {
      const pending = new Set(this.state.pending);
      for (const key of keys) pending.delete(key);
      this.update("pending", pending);
    }
    if (result.ok === true) {
      const undone = keys.length === 0;
      const n = (result.keys ?? []).length;
      const text = undone
        ? n === 0
          ? "Nothing to undo."
          : `Undone: ${n} ${n === 1 ? "label" : "labels"}.`
        : `Saved: ${n} ${n === 1 ? "label" : "labels"}.`;
      this.update("status", { kind: "saved", text });
    } else {
      const reason = typeof result.error === "string" ? result.error : "the kernel refused it";
      const what = keys.length === 0 ? "Undo" : keys.length === 1 ? `The label of ${keys[0]}` : `${keys.length} labels`;
      this.update("status", { kind: "error", text: `Not saved: ${what}. ${reason}` });
    }
  }

  dispose(): void {
    for (const unbind of this.unbind) unbind();
    this.listeners.clear();
  }

  private write<K extends keyof WidgetState>(key: K, value: WidgetState[K]): void {
    this.model.set(key, value);
    this.save();
  }

  /** Send what the page set. ipywidgets also sends (and first sets again here) the model's copy of
   * `expanded` that setOpen made, however old: the kernel leaves out such a copy when Python has
   * set `expanded` since the toggle (ContextWidget.set_state), and so does the page meanwhile. */
  private save(): void {
    this.saving = true;
    try {
      this.model.save_changes();
    } finally {
      this.saving = false;
    }
  }
}

function read(model: ModelLike, key: Key): StoreState[Key] {
  if (key === "article") return (model.get("article") ?? { title: "" }) as ArticleData;
  if (key === "_store_info") {
    const info = model.get("_store_info");
    return (typeof info === "object" && info !== null && !Array.isArray(info) ? info : {}) as StoreInfo;
  }
  const value = readField(key as UIField, model.get(key as UIField));
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
