// The content rules of src/rules.ts, pinned by the fixture that tests/test_rules.py reads too.
import { describe, expect, it } from "vitest";
import fixture from "../../tests/data/rules_fixture.json";
import {
  annotationKey,
  byRank,
  countSources,
  groupAnswers,
  independentCount,
  independentSources,
  isConsensus,
  normaliseText,
  parseAnnotationKey,
  rankFacts,
  representative,
  sourceCount,
  votes,
} from "../src/rules";
import type { AnswerData, PanelData } from "../src/types";

const answersOf = (answers: unknown[]): AnswerData[] => answers as AnswerData[];

describe("groups, consensus, sources and representatives", () => {
  for (const c of fixture.panels) {
    it(c.name, () => {
      const answers = answersOf(c.answers);
      const groups = groupAnswers(answers);
      expect(groups.map((g) => g.indices)).toEqual(c.groups);
      expect(isConsensus(answers, groups)).toBe(c.consensus);
      expect(sourceCount(answers)).toBe(c.sources);
      expect(independentCount(answers)).toBe(c.independent);
      expect(votes(answers)).toEqual(c.votes);
      expect(groups.map((g) => representative(answers, g.indices))).toEqual(c.representatives);
    });
  }
});

describe("copies counted once", () => {
  const cases = fixture.panels.filter((c) => "consensus_counting_every_answer" in c);
  it("has cases where copies flip the verdict", () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });
  for (const c of cases) {
    it(c.name, () => {
      const answers = answersOf(c.answers);
      const plain = answers.map(({ copy_of: _, ...rest }) => rest);
      const every = (c as { consensus_counting_every_answer?: boolean }).consensus_counting_every_answer;
      expect(isConsensus(plain)).toBe(every);
      expect(isConsensus(answers)).toBe(c.consensus);
      expect(every).not.toBe(c.consensus);
    });
  }
  it("ranks by independent sources", () => {
    const panels = fixture.ranking_copies.panels as PanelData[];
    const ranked = byRank(panels.map((panel) => ({ panel, ...rankFacts(panel.answers ?? []) })));
    expect(ranked.map((r) => r.panel.id)).toEqual(fixture.ranking_copies.order);
    expect(independentSources(panels)).toBe(fixture.ranking_copies.independent_sources);
  });
});

describe("ranking and source counts", () => {
  const panels = fixture.ranking.panels as PanelData[];
  it("orders the questions of a stack", () => {
    const ranked = byRank(panels.map((panel) => ({ panel, ...rankFacts(panel.answers ?? []) })));
    expect(ranked.map((r) => r.panel.id)).toEqual(fixture.ranking.order);
  });
  it("counts each outlet's answers, most first", () => {
    expect(countSources(panels)).toEqual(fixture.source_counts.counts);
    expect(independentSources(panels)).toBe(fixture.source_counts.independent_sources);
  });
});

describe("text and keys", () => {
  it("normalises answer text", () => {
    for (const [text, expected] of fixture.normalise) expect(normaliseText(text)).toBe(expected);
  });
  it("parses annotation keys", () => {
    for (const c of fixture.annotation_keys) {
      const parsed = parseAnnotationKey(c.key);
      if (c.panel === null) {
        expect(parsed).toBeNull();
      } else {
        expect(parsed).toEqual({ panel: c.panel, index: c.index });
        expect(annotationKey(c.panel, c.index ?? -1) === c.key).toBe(c.canonical ?? true);
      }
    }
  });
});
