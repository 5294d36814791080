// A model that lives in the page, for the standalone HTML export: the same
// interface as anywidget's model, so the export runs the notebook's code path.
import type { ModelLike, ToggleMessage, WidgetState } from "./types";

export class LocalModel implements ModelLike {
  private readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();

  constructor(private readonly state: WidgetState) {}

  get<K extends keyof WidgetState>(key: K): WidgetState[K] {
    return this.state[key];
  }

  set<K extends keyof WidgetState>(key: K, value: WidgetState[K]): void {
    if (JSON.stringify(this.state[key]) === JSON.stringify(value)) return;
    this.state[key] = value;
    for (const callback of [...(this.listeners.get(`change:${key}`) ?? [])]) callback();
  }

  save_changes(): void {
    // Nothing to sync: the page is the whole world.
  }

  /** Plays the kernel's part: records the toggle, then broadcasts it as the kernel does. */
  send(content: ToggleMessage): void {
    if (content.type !== "toggle") return;
    const rest = this.state.expanded.filter((id) => id !== content.panel);
    this.state.expanded = content.open ? [...rest, content.panel] : rest;
    for (const callback of [...(this.listeners.get("msg:custom") ?? [])]) callback(content, []);
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
