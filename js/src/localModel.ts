// A model that lives in the page, for the standalone HTML export: the same
// interface as anywidget's model, so the export runs the notebook's code path.
import { annotationKey } from "./rules";
import type { FrontEndMessage, LabelResult, ModelLike, WidgetState } from "./types";

export class LocalModel implements ModelLike {
  private readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  /** The undo of each labelling action: the labels it replaced, by key (null: none). */
  private readonly undoStack: Record<string, string | null>[] = [];

  constructor(private readonly state: WidgetState) {}

  get<K extends keyof WidgetState>(key: K): WidgetState[K] {
    return this.state[key];
  }

  set<K extends keyof WidgetState>(key: K, value: WidgetState[K]): void {
    if (JSON.stringify(this.state[key]) === JSON.stringify(value)) return;
    this.state[key] = value;
    this.emit(`change:${key}`);
  }

  save_changes(): void {
    // Nothing to sync: the page is the whole world.
  }

  /** Plays the kernel's part: records a toggle, a label or an undo, then tells the page as the kernel does. */
  send(content: FrontEndMessage): void {
    if (content.type === "toggle") {
      const rest = this.state.expanded.filter((id) => id !== content.panel);
      this.state.expanded = content.open ? [...rest, content.panel] : rest;
      this.emit("msg:custom", content, []);
    } else if (content.type === "label") {
      this.label(content.answers, content.label, content.id);
    } else if (content.type === "undo") {
      const last = this.undoStack.pop();
      if (last) this.apply(last);
      this.reply({ type: "label_result", id: content.id, ok: true, keys: Object.keys(last ?? {}) });
    }
  }

  /** The kernel's checks of a label message, then the labels applied in memory (this page only). */
  private label(answers: readonly [string, number][], label: string | null, id: number): void {
    const counts = new Map((this.state.article.panels ?? []).map((p) => [p.id, (p.answers ?? []).length]));
    const ok =
      Array.isArray(answers) &&
      answers.length > 0 &&
      answers.every((pair) => Array.isArray(pair) && Number.isInteger(pair[1]) && pair[1] >= 0 && pair[1] < (counts.get(pair[0]) ?? 0)) &&
      (label === null || this.state.labels.includes(label));
    if (!ok) {
      this.reply({ type: "label_result", id, ok: false, keys: [], error: "not an answer or a label of this page" });
      return;
    }
    const keys = answers.map(([panel, index]) => annotationKey(panel, index));
    const before: Record<string, string | null> = {};
    for (const key of keys) if (this.state.annotations[key] !== (label ?? undefined)) before[key] = this.state.annotations[key] ?? null;
    if (Object.keys(before).length > 0) {
      this.undoStack.push(before);
      this.apply(Object.fromEntries(keys.map((key) => [key, label])));
    }
    this.reply({ type: "label_result", id, ok: true, keys });
  }

  private apply(labels: Readonly<Record<string, string | null>>): void {
    const next = { ...this.state.annotations };
    for (const [key, label] of Object.entries(labels)) {
      if (label === null) delete next[key];
      else next[key] = label;
    }
    this.set("annotations", next);
  }

  private reply(result: LabelResult): void {
    this.emit("msg:custom", result, []);
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const callback of [...(this.listeners.get(event) ?? [])]) callback(...args);
  }

  on(event: string, callback: (...args: unknown[]) => void): void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(callback);
    this.listeners.set(event, set);
  }

  off(event?: string | null, callback?: ((...args: unknown[]) => void) | null): void {
    if (!event) {
      this.listeners.clear();
      return;
    }
    if (!callback) this.listeners.delete(event);
    else this.listeners.get(event)?.delete(callback);
  }
}
