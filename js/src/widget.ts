// anywidget entry point: lifecycle only. The same bundle serves the notebook
// (default export) and the standalone HTML export (mountStandalone).
import { LocalModel } from "./localModel";
import { Store } from "./store";
import type { ModelLike, WidgetState } from "./types";
import { ArticleView } from "./view";

/** Render one view into `el`; returns the cleanup that removes it. */
export function mount(model: ModelLike, el: HTMLElement): () => void {
  const store = new Store(model);
  const view = new ArticleView(el, store);
  return () => {
    view.dispose();
    store.dispose();
  };
}

/** Render a widget state into `el` with an in-page model (used by the HTML export). */
export function mountStandalone(el: HTMLElement, state: WidgetState): { model: LocalModel; dispose: () => void } {
  const model = new LocalModel(state);
  return { model, dispose: mount(model, el) };
}

export default {
  render({ model, el }: { model: ModelLike; el: HTMLElement }) {
    return mount(model, el);
  },
};
