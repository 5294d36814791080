// Content rules: what the article's data means, independent of how it is drawn.
// ctxwidget/rules.py holds the same rules for Python; tests/data/rules_fixture.json pins both.
import type { AnswerData, GroupLabel, PanelData } from "./types";

export interface AnswerGroup {
  /** The shared label, or null for an answer without a group (a group of one). */
  label: GroupLabel | null;
  /** Indices into panel.answers, in answer order. */
  indices: number[];
}

/** Groups of answer indices, largest first; ties keep the order groups first appear.
 * Answers with the same `group` say the same thing; 7 and "7" are different labels. */
export function groupAnswers(answers: readonly AnswerData[]): AnswerGroup[] {
  const groups: AnswerGroup[] = [];
  const byLabel = new Map<string, AnswerGroup>();
  answers.forEach((answer, index) => {
    const label = answer.group ?? null;
    if (label === null) {
      groups.push({ label: null, indices: [index] });
      return;
    }
    const key = `${typeof label}:${label}`;
    let group = byLabel.get(key);
    if (!group) {
      group = { label, indices: [] };
      byLabel.set(key, group);
      groups.push(group);
    }
    group.indices.push(index);
  });
  // Array.prototype.sort is stable, so equal sizes keep their first-seen order.
  return groups.sort((a, b) => b.indices.length - a.indices.length);
}

/** How many distinct outlets answered. */
export function sourceCount(answers: readonly AnswerData[]): number {
  return new Set(answers.map((a) => a.source)).size;
}

/** The outlet whose document the answer's document copies, or null (an empty `copy_of`, or the
 * answer's own outlet, is none). */
export function copiedOutlet(answer: AnswerData): string | null {
  const original: unknown = answer.copy_of ?? null;
  return typeof original === "string" && original !== "" && original !== answer.source ? original : null;
}

/** Each outlet that answers from a copy -> the outlet it copies (the last one its answers name). */
export function copiesOf(panels: readonly PanelData[]): Map<string, string> {
  const copies = new Map<string, string>();
  for (const panel of panels) {
    for (const answer of panel.answers ?? []) {
      const original = copiedOutlet(answer);
      if (original !== null) copies.set(answer.source, original);
    }
  }
  return copies;
}

/** The outlet an answer speaks for: `copy_of` when its document is a copy, else its source. */
export function voice(answer: AnswerData): string {
  return answer.copy_of || answer.source;
}

/** How many independent sources answered: distinct voices, an outlet and its copies once. */
export function independentCount(answers: readonly AnswerData[]): number {
  return new Set(answers.map(voice)).size;
}

/** Indices of the answers that vote, in answer order: an outlet and its copies count once.
 * An answer votes unless it comes from a copy (copy_of set) and either the outlet it copies
 * answered too, or another copy of that outlet answered earlier; without copy_of every answer
 * votes (an outlet that answers twice has two votes). */
export function votes(answers: readonly AnswerData[]): number[] {
  const speaker = new Map<string, string>();
  for (const answer of answers) {
    const said = voice(answer);
    if (!answer.copy_of) speaker.set(said, said);
    else if (!speaker.has(said)) speaker.set(said, answer.source);
  }
  const out: number[] = [];
  answers.forEach((answer, i) => {
    if (speaker.get(voice(answer)) === answer.source) out.push(i);
  });
  return out;
}

/** A consensus question: at least two votes (see votes), and its largest group holds more than half of them. */
export function isConsensus(answers: readonly AnswerData[], groups: readonly AnswerGroup[] = groupAnswers(answers)): boolean {
  const voting = votes(answers);
  if (voting.length < 2) return false;
  let largest = groups[0].indices.length;
  if (voting.length !== answers.length) {
    const counted = new Set(voting);
    largest = Math.max(...groups.map((g) => g.indices.filter((i) => counted.has(i)).length));
  }
  return largest * 2 > voting.length;
}

/** How many independent sources answered any of the panels (see independentCount). */
export function independentSources(panels: readonly PanelData[]): number {
  return independentCount(panels.flatMap((p) => p.answers ?? []));
}

/** Outlet -> number of answers, most first (ties by name), over every panel. */
export function countSources(panels: readonly PanelData[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const panel of panels) for (const answer of panel.answers ?? []) counts.set(answer.source, (counts.get(answer.source) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The key of one answer in `annotations`: "<panel id>/<answer index>". */
export function annotationKey(panelId: string, answer: number): string {
  return `${panelId}/${answer}`;
}

/** The answer an annotation key names ("<panel id>/<ASCII digits>"; the panel id may itself
 * contain "/"), or null. "q1/03" parses but is not canonical (annotationKey writes "q1/3"). */
export function parseAnnotationKey(key: string): { panel: string; index: number } | null {
  const slash = key.lastIndexOf("/");
  const digits = key.slice(slash + 1);
  if (slash < 1 || !/^[0-9]+$/.test(digits)) return null;
  return { panel: key.slice(0, slash), index: Number(digits) };
}

const LEADING_ARTICLE = /^(?:the|a|an) /;
// White space as both Python and JavaScript see it (explicit, so that the two trim alike).
const SPACE = /[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** The key under which two answer texts count as the same (ctxwidget.rules.normalise_text, and
 * the grouping's): Unicode compatibility form (NFKC), lower case, every run of characters other
 * than letters and digits one space, trimmed, and a leading "the", "a" or "an" dropped; a text
 * with no letter or digit keeps its trimmed form ("  The U.S.!" -> "u s", "..." -> "..."). */
export function normaliseText(text: string): string {
  const folded = text.normalize("NFKC").toLowerCase();
  const words = folded.replace(/[^\p{L}\p{N}]+/gu, " ").replace(/^ +| +$/g, "");
  return words.replace(LEADING_ARTICLE, "") || folded.replace(SPACE, " ").replace(/^ +| +$/g, "");
}

/** The member that stands for a group: the answer whose normalised text the most members
 * share; ties go to the shorter normalised text, then to the earlier answer. */
export function representative(answers: readonly AnswerData[], indices: readonly number[]): number {
  const counts = new Map<string, number>();
  const texts = indices.map((i) => normaliseText(answers[i].text));
  for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
  let best = 0;
  for (let k = 1; k < indices.length; k++) {
    const a = texts[k];
    const b = texts[best];
    const byCount = (counts.get(a) ?? 0) - (counts.get(b) ?? 0);
    if (byCount > 0 || (byCount === 0 && codePoints(a) < codePoints(b))) best = k;
  }
  return indices[best];
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** What ranking needs to know of a question. */
export interface Rankable {
  /** Distinct outlets that answered (see sourceCount). */
  sources: number;
  /** Independent sources: an outlet and its copies once (see independentCount). */
  independent: number;
  consensus: boolean;
}

/** The facts ranking uses, for one question's answers. */
export function rankFacts(answers: readonly AnswerData[], groups: readonly AnswerGroup[] = groupAnswers(answers)): Rankable {
  return { sources: sourceCount(answers), independent: independentCount(answers), consensus: isConsensus(answers, groups) };
}

/** Questions in rank order within a stack: more independent sources first; among equals a
 * discord question before a consensus one; then article order (the sort is stable). */
export function byRank<T extends Rankable>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.independent - a.independent || Number(a.consensus) - Number(b.consensus));
}
