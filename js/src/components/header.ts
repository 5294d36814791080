// The article header: story label, headline, and the source line.
import { h, link } from "../dom";
import type { ArticleData } from "../types";

export function createHeader(article: ArticleData): HTMLElement {
  const byline = h("div", { class: "ctx-byline" });
  const parts: (string | HTMLElement)[] = [];
  if (article.source) parts.push(h("span", { class: "ctx-source" }, article.source));
  if (article.author) parts.push(h("span", { class: "ctx-author" }, article.author));
  parts.push(link(article.url, "Read On Original Website", { "data-ctx-link": "" }));
  parts.forEach((part, i) => {
    if (i > 0) byline.append(h("span", { class: "ctx-sep", "aria-hidden": "true" }, " · "));
    byline.append(part);
  });
  return h(
    "header",
    { class: "ctx-header" },
    article.story ? h("div", { class: "ctx-story" }, article.story) : null,
    h("h2", { class: "ctx-title" }, article.title),
    byline,
  );
}
