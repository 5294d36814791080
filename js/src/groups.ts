// Answer groups: answers with the same `group` label say the same thing.
import type { AnswerData } from "./types";

export interface AnswerGroup {
  /** The shared label, or null for an answer without a group (a group of one). */
  label: string | number | null;
  /** Indices into panel.answers, in answer order. */
  indices: number[];
}

/** Groups of answer indices, largest first; ties keep the order groups first appear. */
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
