// How the front end says that some sources are copies of others: the counts of a question or
// an article ("26 sources · 24 independent"), the note on an answer from a copy ("copy of
// ocregister.com"), and an outlet named with its copy ("vigourtimes.com, copy of ocregister.com").
// The counting rule itself is in rules.ts (independentCount, votes, copiedOutlet);
// ctxwidget/html_static.py says the same for the script-free HTML.
import { h } from "../dom";
import { copiedOutlet } from "../rules";
import type { AnswerData } from "../types";

/** "26 sources", or "26 sources · 24 independent" when copies make the two differ. */
export function sourcesText(sources: number, independent: number): string {
  const all = `${sources} ${sources === 1 ? "source" : "sources"}`;
  return independent === sources ? all : `${all} · ${independent} independent`;
}

/** "copy of ocregister.com". */
export function copyOfText(original: string): string {
  return `copy of ${original}`;
}

/** "copy of ocregister.com" for an answer from a copy, else null. */
export function copyText(answer: AnswerData): string | null {
  const original = copiedOutlet(answer);
  return original === null ? null : copyOfText(original);
}

/** A note "copy of ocregister.com" (text only, `lead` before it), or null without `original`. */
export function copyOfNote(original: string | null, lead = ""): HTMLElement | null {
  return original === null ? null : h("span", { class: "ctx-copy-of", "data-ctx-copy-of": original }, `${lead}${copyOfText(original)}`);
}

/** The visible note on an answer from a copy (text only), or null. `lead` goes before it
 * (", " after the domain on a chip, so the chip reads and is named "b.com, copy of a.com"). */
export function copyNote(answer: AnswerData, lead = ""): HTMLElement | null {
  return copyOfNote(copiedOutlet(answer), lead);
}

/** "kesq.com ×3 · vigourtimes.com, copy of ocregister.com · cnn.com": the outlets of these
 * answers, each once in first-answer order, with a count when several and the outlet it copies. */
export function outletsText(answers: readonly AnswerData[], indices: readonly number[]): string {
  const outlets = new Map<string, { n: number; original: string | null }>();
  for (const i of indices) {
    const answer = answers[i];
    const entry = outlets.get(answer.source) ?? { n: 0, original: null };
    entry.n += 1;
    entry.original = copiedOutlet(answer) ?? entry.original;
    outlets.set(answer.source, entry);
  }
  return [...outlets]
    .map(([domain, { n, original }]) => `${domain}${n > 1 ? ` ×${n}` : ""}${original === null ? "" : `, ${copyOfText(original)}`}`)
    .join(" · ");
}
