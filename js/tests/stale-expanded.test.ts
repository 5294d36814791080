// @vitest-environment jsdom
// A toggle keeps the model's own `expanded` current without sending it. ipywidgets remembers that
// local change and sends it (and first sets it again in the page) with the next save_changes of any
// other field: the page must not go back to that stale open set, and every toggle stays a message.
import { beforeEach, describe, expect, it } from "vitest";
import { LocalModel } from "../src/localModel";
import type { WidgetState } from "../src/types";
import { mount } from "../src/widget";
import { ARTICLE, makeState } from "./fakeModel";

/** ipywidgets' WidgetModel as far as this matters: `set` from the page joins a running diff,
 * `save_changes` sets that diff again (Backbone's save) and sends it; a value set from the kernel
 * is not added to the diff (ipywidgets' state lock), and messages from the page go nowhere. */
class BufferingModel extends LocalModel {
  diff: Partial<WidgetState> = {};
  saved: Partial<WidgetState>[] = [];
  messages: unknown[] = [];
  private fromKernel = false;

  set<K extends keyof WidgetState>(key: K, value: WidgetState[K]): void {
    if (JSON.stringify(this.get(key)) !== JSON.stringify(value) && !this.fromKernel) this.diff[key] = value;
    super.set(key, value);
  }

  save_changes(): void {
    const diff = this.diff;
    for (const key of Object.keys(diff) as (keyof WidgetState)[]) super.set(key, diff[key] as never);
    this.saved.push(diff);
    this.diff = {};
  }

  send(content: unknown): void {
    this.messages.push(content);
  }

  /** The kernel sets a trait (an update the page applies without sending it back). */
  kernelSet<K extends keyof WidgetState>(key: K, value: WidgetState[K]): void {
    this.fromKernel = true;
    try {
      this.set(key, value);
    } finally {
      this.fromKernel = false;
    }
  }
}

let el: HTMLElement;
beforeEach(() => {
  document.body.replaceChildren();
  el = document.createElement("div");
  document.body.append(el);
});

const toggle = (id: string) => el.querySelector<HTMLElement>(`[data-ctx-panel="${id}"] [data-ctx-toggle]`)!;
const isOpen = (id: string) => toggle(id).getAttribute("aria-expanded") === "true";

describe("a toggle's local copy of expanded", () => {
  it("does not reopen a panel that Python closed when another field is saved later", () => {
    const model = new BufferingModel(makeState(ARTICLE));
    mount(model, el);
    toggle("q2").click();
    expect(isOpen("q2")).toBe(true);
    expect(model.messages).toEqual([{ type: "toggle", panel: "q2", open: true }]);
    expect(model.saved).toEqual([]); // the toggle itself sends no state
    expect(model.get("expanded")).toEqual(["q2"]); // the model's own copy (what a saved notebook stores)
    // Python closes q2 and opens q3 (w.expanded = ["q3"]); then the reader selects an answer there.
    model.kernelSet("expanded", ["q3"]);
    expect(isOpen("q2")).toBe(false);
    el.querySelector<HTMLElement>('[data-ctx-panel="q3"] [data-ctx-answer]')!.click();
    const last = model.saved[model.saved.length - 1];
    expect(last.selected).toEqual({ panel: "q3", answer: 0 });
    // ipywidgets sends its remembered copy along (the kernel ignores `expanded` in a state update);
    // the page keeps what the kernel said last.
    expect(last.expanded).toEqual(["q2"]);
    expect(isOpen("q2")).toBe(false);
    expect(isOpen("q3")).toBe(true);
    // The kernel answers with the true open set, and the model's copy is current again.
    model.kernelSet("expanded", ["q3"]);
    expect(model.get("expanded")).toEqual(["q3"]);
    expect(isOpen("q2")).toBe(false);
    expect(isOpen("q3")).toBe(true);
    expect(model.messages).toHaveLength(1); // still one small message per toggle
  });
});
