// Outlet agreement: how often two outlets give the same answer. The rule of
// ctxwidget.analysis.outlet_agreement, once more for the Outlets view; tests/data/agreement_fixture.json
// pins the two. Field names are Python's column names (PAIR_COLUMNS, OUTLET_COLUMNS).
import { copiedOutlet } from "./rules";
import type { AnswerData, GroupLabel, PanelData } from "./types";

/** An answer as the wire may carry it: `copy_of` names the outlet whose document this answer's
 * document copies (absent in data from before the field). */
type AnswerWithCopy = AnswerData & { copy_of?: unknown };

/** Two outlets that answered `questions` questions both (outlet_a before outlet_b). */
export interface OutletPair {
  outlet_a: string;
  outlet_b: string;
  /** Questions both answer. */
  questions: number;
  /** Of those, the questions where one of a's answers shares a group with one of b's. */
  agreed: number;
  /** agreed / questions. */
  agreement: number;
  /** One outlet copies the other. */
  copy_pair: boolean;
}

/** One outlet's agreement with the others. A figure without a peer is null (Python: NaN). */
export interface OutletRow {
  outlet: string;
  /** Questions it answers. */
  questions: number;
  /** Outlets it shares at least min_questions questions with. */
  peers: number;
  /** The unweighted mean of its pairs' agreement. */
  mean_agreement: number | null;
  /** The outlet it copies, or null. */
  copy_of: string | null;
  /** Outlets that copy it, sorted. */
  copied_by: string[];
  most_similar: string | null;
  most_similar_agreement: number | null;
  least_similar: string | null;
  least_similar_agreement: number | null;
}

/** Python's string order (by code point), which differs from UTF-16 order only where a surrogate
 * meets a code unit above it. */
function compare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xAstral = x >= 0xd800 && x <= 0xdfff;
    const yAstral = y >= 0xd800 && y <= 0xdfff;
    return xAstral === yAstral ? x - y : xAstral ? 1 : -1;
  }
  return a.length - b.length;
}

/** A group label as a set key: 7 and "7" differ. */
const groupKey = (label: GroupLabel): string => `${typeof label}:${label}`;

/** Per panel, each outlet's answer groups; and each outlet's copy_of (the last one its answers carry). */
function answersByPanel(panels: readonly PanelData[]): { outlets: Map<string, Set<string>>[]; copyOf: Map<string, string> } {
  const copyOf = new Map<string, string>();
  const outlets = panels.map((panel) => {
    const byOutlet = new Map<string, Set<string>>();
    for (const answer of (panel.answers ?? []) as AnswerWithCopy[]) {
      let groups = byOutlet.get(answer.source);
      if (!groups) {
        groups = new Set();
        byOutlet.set(answer.source, groups);
      }
      const label = answer.group ?? null;
      if (label !== null) groups.add(groupKey(label));
      const original = copiedOutlet(answer);
      if (original !== null) copyOf.set(answer.source, original);
    }
    return byOutlet;
  });
  return { outlets, copyOf };
}

function shareGroup(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const key of a) if (b.has(key)) return true;
  return false;
}

interface Tally {
  pairs: OutletPair[];
  answered: Map<string, number>;
  copyOf: Map<string, string>;
}

function tally(panels: readonly PanelData[], minQuestions: number): Tally {
  const { outlets, copyOf } = answersByPanel(panels);
  const shared = new Map<string, Map<string, [a: string, b: string, questions: number, agreed: number]>>();
  const answered = new Map<string, number>();
  for (const byOutlet of outlets) {
    const names = [...byOutlet.keys()].sort(compare);
    for (const name of names) answered.set(name, (answered.get(name) ?? 0) + 1);
    for (let i = 0; i < names.length; i++) {
      let row = shared.get(names[i]);
      if (!row) {
        row = new Map();
        shared.set(names[i], row);
      }
      const mine = byOutlet.get(names[i]) as Set<string>;
      for (let j = i + 1; j < names.length; j++) {
        let counts = row.get(names[j]);
        if (!counts) {
          counts = [names[i], names[j], 0, 0];
          row.set(names[j], counts);
        }
        counts[2] += 1;
        if (shareGroup(mine, byOutlet.get(names[j]) as Set<string>)) counts[3] += 1;
      }
    }
  }
  const pairs = [...shared.values()]
    .flatMap((row) => [...row.values()])
    .filter(([, , questions]) => questions >= minQuestions)
    .sort((x, y) => compare(x[0], y[0]) || compare(x[1], y[1]))
    .map(([a, b, questions, agreed]) => ({
      outlet_a: a,
      outlet_b: b,
      questions,
      agreed,
      agreement: agreed / questions,
      copy_pair: copyOf.get(a) === b || copyOf.get(b) === a,
    }));
  return { pairs, answered, copyOf };
}

function checkMin(minQuestions: number): void {
  if (!Number.isInteger(minQuestions) || minQuestions < 1)
    throw new RangeError(`min_questions: expected a count of 1 or more, got ${minQuestions}`);
}

/** One entry per pair of outlets sharing at least `minQuestions` questions, sorted by names
 * (outlet_agreement(article)). Two outlets share a question when both answer it and agree on it
 * when an answer of one shares a group with an answer of the other; an ungrouped answer agrees
 * with nothing, but its question still counts as shared. */
export function outletPairs(panels: readonly PanelData[], minQuestions = 1): OutletPair[] {
  checkMin(minQuestions);
  return tally(panels, minQuestions).pairs;
}

/** One entry per outlet, sorted by name (outlet_agreement(article, by="outlet")): its mean
 * agreement with its peers, its copies, and its most and least similar peer (ties go to the peer
 * sharing more questions, then to the first name). */
export function outletAgreement(panels: readonly PanelData[], minQuestions = 1): OutletRow[] {
  checkMin(minQuestions);
  const { pairs, answered, copyOf } = tally(panels, minQuestions);
  const peers = new Map<string, [name: string, agreement: number, questions: number][]>();
  const add = (outlet: string, peer: [string, number, number]) => {
    const list = peers.get(outlet);
    if (list) list.push(peer);
    else peers.set(outlet, [peer]);
  };
  for (const pair of pairs) {
    add(pair.outlet_a, [pair.outlet_b, pair.agreement, pair.questions]);
    add(pair.outlet_b, [pair.outlet_a, pair.agreement, pair.questions]);
  }
  const copiedBy = new Map<string, string[]>();
  for (const [copy, original] of copyOf) {
    const list = copiedBy.get(original);
    if (list) list.push(copy);
    else copiedBy.set(original, [copy]);
  }
  return [...answered.keys()].sort(compare).map((outlet) => {
    const mine = peers.get(outlet) ?? [];
    let most: [string, number, number] | null = null;
    let least: [string, number, number] | null = null;
    for (const peer of mine) {
      const [name, agreement, questions] = peer;
      if (
        most === null ||
        agreement > most[1] ||
        (agreement === most[1] && (questions > most[2] || (questions === most[2] && compare(name, most[0]) < 0)))
      ) {
        most = peer;
      }
      if (
        least === null ||
        agreement < least[1] ||
        (agreement === least[1] && (questions > least[2] || (questions === least[2] && compare(name, least[0]) < 0)))
      ) {
        least = peer;
      }
    }
    return {
      outlet,
      questions: answered.get(outlet) ?? 0,
      peers: mine.length,
      mean_agreement: mine.length === 0 ? null : mine.reduce((sum, peer) => sum + peer[1], 0) / mine.length,
      copy_of: copyOf.get(outlet) ?? null,
      copied_by: (copiedBy.get(outlet) ?? []).sort(compare),
      most_similar: most?.[0] ?? null,
      most_similar_agreement: most?.[1] ?? null,
      least_similar: least?.[0] ?? null,
      least_similar_agreement: least?.[1] ?? null,
    };
  });
}
