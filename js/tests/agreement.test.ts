// The outlet agreement rule of src/agreement.ts, pinned by the fixture that tests/test_analysis.py
// reads too (ctxwidget.analysis.outlet_agreement).
import { describe, expect, it } from "vitest";
import fixture from "../../tests/data/agreement_fixture.json";
import { outletAgreement, outletPairs } from "../src/agreement";
import type { PanelData } from "../src/types";

/** Equal rows with equal keys in the same order; figures to 1e-12 (a mean's last bit depends on how it is summed). */
function expectRows(got: object[], expected: object[]): void {
  expect(got.map((row) => Object.keys(row))).toEqual(expected.map((row) => Object.keys(row)));
  got.forEach((row, i) => {
    for (const [key, want] of Object.entries(expected[i])) {
      const value = (row as Record<string, unknown>)[key];
      if (typeof want === "number" && !Number.isInteger(want)) expect(value, key).toBeCloseTo(want, 12);
      else expect(value, key).toEqual(want);
    }
  });
}

describe("outlet agreement, as Python computes it", () => {
  for (const c of fixture.cases) {
    const panels = c.panels as unknown as PanelData[];
    const minimum = (c as { min_questions?: number }).min_questions ?? 1;
    it(c.name, () => {
      expectRows(outletPairs(panels, minimum), c.pairs);
      expectRows(outletAgreement(panels, minimum), c.outlets);
    });
  }
  it("has the cases the rule's edges need", () => {
    const answers = fixture.cases.flatMap((c) =>
      c.panels.flatMap((p) => p.answers as { source: string; group?: unknown; copy_of?: unknown }[]),
    );
    expect(answers.some((a) => a.group === undefined)).toBe(true); // ungrouped
    expect(answers.some((a) => typeof a.copy_of === "string")).toBe(true); // copies
    const several = fixture.cases.some((c) => c.panels.some((p) => new Set(p.answers.map((a) => a.source)).size < p.answers.length));
    expect(several).toBe(true); // an outlet with several answers in one panel
  });
  it("refuses a minimum below one", () => {
    expect(() => outletPairs([], 0)).toThrow(/min_questions/);
  });
  it("ignores a copy_of that is not another outlet's name", () => {
    const panels: PanelData[] = [
      {
        id: "q",
        question: "q",
        answers: [
          { source: "a.com", text: "x", group: 1, copy_of: "a.com" },
          { source: "b.com", text: "x", group: 1, copy_of: 5 },
          { source: "c.com", text: "x", group: 1, copy_of: "" },
        ] as unknown as PanelData["answers"],
      },
    ];
    expect(outletAgreement(panels).map((row) => row.copy_of)).toEqual([null, null, null]);
    expect(outletPairs(panels).every((pair) => !pair.copy_pair)).toBe(true);
  });
});
