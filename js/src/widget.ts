// anywidget entry point: lifecycle only. The same bundle serves the notebook
// (default export) and the standalone HTML export (mountStandalone).
import { LocalModel } from "./localModel";
import { Store } from "./store";
import type { ModelLike, WidgetState } from "./types";
import { ArticleView } from "./view";

/** One store per model, shared by all of its views, so that every view shows the same UI state. */
const stores = new WeakMap<ModelLike, Store>();

function storeFor(model: ModelLike): Store {
  let store = stores.get(model);
  if (store === undefined) {
    store = new Store(model);
    stores.set(model, store);
  }
  return store;
}

function releaseStore(model: ModelLike): void {
  stores.get(model)?.dispose();
  stores.delete(model);
}

/** Render one view into `el`; returns the cleanup that removes it (the model's store stays). */
export function mount(model: ModelLike, el: HTMLElement): () => void {
  const view = new ArticleView(el, storeFor(model));
  return () => view.dispose();
}

/** Render a widget state into `el` with an in-page model (used by the HTML export). */
export function mountStandalone(el: HTMLElement, state: WidgetState): { model: LocalModel; dispose: () => void } {
  const model = new LocalModel(state);
  const unmount = mount(model, el);
  return {
    model,
    dispose: () => {
      unmount();
      releaseStore(model);
    },
  };
}

export default {
  initialize({ model }: { model: ModelLike }) {
    storeFor(model);
    return () => releaseStore(model);
  },
  render({ model, el }: { model: ModelLike; el: HTMLElement }) {
    return mount(model, el);
  },
};
