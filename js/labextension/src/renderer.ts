// The MIME renderer: a Lumino widget that mounts the notebook's own front end (mountStandalone,
// the same code as the widget and the HTML export) with an in-page model, so toggles, evidence,
// the grid, the source filter and labels work with no kernel.
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
// The stylesheet the notebook widget uses, bundled from its sources by build.mjs (as text).
import css from "../../src/widget.css";
import { mountStandalone } from "../../src/widget";
import { MIME_TYPE, checkPayload } from "./payload";

const STYLE_ID = "ctxwidget-labextension-style";

/** The front end's stylesheet, once per page (every rule is scoped under .ctxwidget). */
function ensureStyle(): void {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = css;
  document.head.append(style);
}

/** A one-line message in the output area, as text. */
function line(className: string, message: string): HTMLElement {
  const el = document.createElement("div");
  el.className = className;
  el.setAttribute("role", "status");
  el.textContent = `ctxwidget: ${message}`;
  return el;
}

export class ArticleRenderer extends Widget implements IRenderMime.IRenderer {
  private unmount: (() => void) | null = null;

  constructor(private readonly mimeType: string = MIME_TYPE) {
    super();
    this.addClass("ctxwidget-mime");
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.release();
    this.node.replaceChildren();
    const result = checkPayload(model.data[this.mimeType]);
    if (!result.ok) {
      this.node.append(line("ctxwidget-mime-error", `cannot show this article: ${result.error}`));
      return;
    }
    ensureStyle();
    if (result.notice !== null) this.node.append(line("ctxwidget-mime-notice", result.notice));
    const host = document.createElement("div");
    this.node.append(host);
    this.unmount = mountStandalone(host, result.state).dispose;
  }

  dispose(): void {
    this.release();
    super.dispose();
  }

  private release(): void {
    this.unmount?.();
    this.unmount = null;
  }
}
