// The evidence of one answer: its source paragraph with the span highlighted,
// a link to the article (http(s) only), and the annotation labels.

import { sourceChip } from "../chip";
import { h, link } from "../dom";
import type { AnswerData } from "../types";

/** [start, end) of `span` in `text`, ignoring case; null when it is not there. */
export function findSpan(text: string, span: string): [number, number] | null {
  const needle = span.trim();
  if (!needle) return null;
  const lowerText = text.toLowerCase();
  const lowerNeedle = needle.toLowerCase();
  // Lower-casing keeps lengths for almost all text, so positions carry over to the original.
  if (lowerText.length === text.length && lowerNeedle.length === needle.length) {
    const at = lowerText.indexOf(lowerNeedle);
    return at < 0 ? null : [at, at + needle.length];
  }
  // Rare letters change length when lower-cased (e.g. "\u0130"): match case-insensitively
  // with a regular expression instead, where the engine reports original positions.
  try {
    const match = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "iu").exec(text);
    return match ? [match.index, match.index + match[0].length] : null;
  } catch {
    const at = text.indexOf(needle); // a pattern too large for the engine: exact match only
    return at < 0 ? null : [at, at + needle.length];
  }
}

export interface EvidenceOptions {
  panelId: string;
  index: number;
  answer: AnswerData;
  labels: readonly string[];
  label: string | null;
}

export function createEvidence({ panelId, index, answer, labels, label }: EvidenceOptions): HTMLElement {
  const box = h("div", {
    class: "ctx-evidence",
    "data-ctx-evidence": "",
    "data-panel": panelId,
    "data-answer-index": index,
    role: "group",
  });
  box.setAttribute("aria-label", `Evidence from ${answer.source}`);
  const head = h(
    "div",
    { class: "ctx-evidence-head" },
    sourceChip(answer.source),
    answer.url ? link(answer.url, "Open the article", { "data-ctx-evidence-link": "" }) : null,
    h("button", { type: "button", class: "ctx-evidence-close", "data-ctx-evidence-close": "", "aria-label": "Close evidence" }, "×"),
  );
  box.append(head);
  const context = answer.context ?? "";
  if (context.trim()) {
    const quote = h("blockquote", { class: "ctx-evidence-context" });
    const at = findSpan(context, answer.text);
    if (at) {
      quote.append(context.slice(0, at[0]), h("mark", { class: "ctx-highlight" }, context.slice(at[0], at[1])), context.slice(at[1]));
    } else {
      quote.textContent = context;
    }
    box.append(quote);
  } else {
    box.append(h("p", { class: "ctx-empty" }, "No source paragraph was given for this answer."));
  }
  if (labels.length > 0) {
    const group = h("div", { class: "ctx-labels", role: "group", "aria-label": "Label this answer" });
    labels.forEach((name, i) => {
      const pressed = name === label;
      group.append(
        h(
          "button",
          {
            type: "button",
            class: pressed ? "ctx-label ctx-label-on" : "ctx-label",
            "data-ctx-label": name,
            "aria-pressed": pressed ? "true" : "false",
            title: i < 9 ? `Key ${i + 1} on a focused answer` : null,
            "aria-keyshortcuts": i < 9 ? String(i + 1) : null,
          },
          name,
        ),
      );
    });
    box.append(group);
  }
  return box;
}
