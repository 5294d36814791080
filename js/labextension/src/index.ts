// JupyterLab 4 / Notebook 7 MIME extension: application/vnd.ctxwidget.v1+json outputs, and
// *.ctx.json files opened from the file browser, render as articles with no kernel.
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { MIME_TYPE } from "./payload";
import { ArticleRenderer } from "./renderer";

export const rendererFactory: IRenderMime.IRendererFactory = {
  // Safe: the front end builds its DOM with textContent only and links only http(s) URLs,
  // so the renderer runs in untrusted notebooks too (the hostile-corpus tests prove it).
  // Rank 0: preferred over the text/html fallback that travels with it.
  safe: true,
  mimeTypes: [MIME_TYPE],
  defaultRank: 0,
  createRenderer: (options) => new ArticleRenderer(options.mimeType),
};

const extension: IRenderMime.IExtension = {
  id: "@ctxwidget/jupyterlab:renderer",
  rendererFactory,
  rank: 0,
  dataType: "json",
  fileTypes: [
    {
      name: "ctxwidget-article",
      displayName: "ctxwidget article",
      mimeTypes: [MIME_TYPE],
      extensions: [".ctx.json"],
      fileFormat: "text",
    },
  ],
  documentWidgetFactoryOptions: {
    name: "ctxwidget Article",
    primaryFileType: "ctxwidget-article",
    fileTypes: ["ctxwidget-article"],
    defaultFor: ["ctxwidget-article"],
  },
};

export default extension;
