// One block of the article body.
import { h } from "../dom";
import type { ParagraphData } from "../types";

export function createParagraph(paragraph: ParagraphData | string, index: number): HTMLElement {
  const block = typeof paragraph === "string" ? { text: paragraph, kind: "text" as const } : paragraph;
  if (block.kind === "heading") {
    return h("h3", { class: "ctx-subheading", "data-ctx-paragraph": index }, block.text);
  }
  return h("p", { class: "ctx-paragraph", "data-ctx-paragraph": index }, block.text);
}
