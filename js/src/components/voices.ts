// How the front end says that some sources are copies of others: the counts of a question or
// an article ("26 sources · 24 independent"), and the note on an answer from a copy ("copy of
// ocregister.com"). The counting rule itself is in rules.ts (independentCount, votes).
import { h } from "../dom";
import type { AnswerData } from "../types";

/** "26 sources", or "26 sources · 24 independent" when copies make the two differ. */
export function sourcesText(sources: number, independent: number): string {
  const all = `${sources} ${sources === 1 ? "source" : "sources"}`;
  return independent === sources ? all : `${all} · ${independent} independent`;
}

/** "copy of ocregister.com" for an answer from a copy, else null. */
export function copyText(answer: AnswerData): string | null {
  return answer.copy_of ? `copy of ${answer.copy_of}` : null;
}

/** The visible note on an answer from a copy (text only), or null. `lead` goes before it
 * (", " after the domain on a chip, so the chip reads and is named "b.com, copy of a.com"). */
export function copyNote(answer: AnswerData, lead = ""): HTMLElement | null {
  const text = copyText(answer);
  return text === null ? null : h("span", { class: "ctx-copy-of", "data-ctx-copy-of": answer.copy_of }, `${lead}${text}`);
}
