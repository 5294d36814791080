// The outlet palette: every chip colour keeps its text at WCAG AA contrast in both themes,
// the hue steps stay apart, and colors.css holds exactly what color.ts makes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chipBackground, contrastRatio, domainStep, HUE_STEPS, PALETTE, paletteCss, parseHex, type Theme } from "../src/color";

const CSS = readFileSync(new URL("../src/colors.css", import.meta.url), "utf8");
const THEMES: Theme[] = ["light", "dark"];
const STEPS = Array.from({ length: HUE_STEPS }, (_, step) => step);
/** WCAG 2.1 AA, normal-size text (chips are small text). */
const AA_TEXT = 4.5;

/** OKLab of a #rrggbb colour (distances there follow perceived colour differences). */
function oklab(color: string): [number, number, number] {
  const [r, g, b] = parseHex(color).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

function distance(a: string, b: string): number {
  const [p, q] = [oklab(a), oklab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

describe("outlet palette", () => {
  it("maps every domain hash to a step the stylesheet defines", () => {
    const steps = new Set<number>();
    for (let i = 0; i < 5000; i++) steps.add(domainStep(`outlet-${i}.example`));
    expect([...steps].sort((a, b) => a - b)).toEqual(STEPS);
    for (const step of STEPS) expect(CSS).toContain(`.ctxwidget .ctx-hue-${step} {`);
  });

  it("colors.css holds the rules color.ts makes (npm run palette rewrites them)", () => {
    const block = /\/\* palette:start \*\/\n([\s\S]*?)\n\/\* palette:end \*\//.exec(CSS);
    expect(block).not.toBeNull();
    expect(block![1]).toBe(paletteCss());
  });

  it("uses the chip text colours of colors.css", () => {
    const light = /\.ctxwidget \{[^}]*--ctx-chip-fg: (#[0-9a-f]{6});/.exec(CSS);
    const jupyterDark = /body\[data-jp-theme-light="false"\] \.ctxwidget \{[^}]*--ctx-chip-fg: (#[0-9a-f]{6});/.exec(CSS);
    const exportDark = /body\.ctx-standalone \.ctxwidget \{[^}]*--ctx-chip-fg: (#[0-9a-f]{6});/.exec(CSS);
    expect(light?.[1]).toBe(PALETTE.light.text);
    expect(jupyterDark?.[1]).toBe(PALETTE.dark.text);
    expect(exportDark?.[1]).toBe(PALETTE.dark.text);
  });

  it.each(THEMES)("gives chip text at least AA contrast on every hue step (%s)", (theme) => {
    const ratios = STEPS.map((step) => contrastRatio(chipBackground(step, theme), PALETTE[theme].text));
    const worst = Math.min(...ratios);
    expect(worst, `lowest contrast ${worst.toFixed(2)} at step ${ratios.indexOf(worst)}`).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it.each(THEMES)("keeps the hue steps apart (%s)", (theme) => {
    const colors = STEPS.map((step) => chipBackground(step, theme));
    expect(new Set(colors).size).toBe(HUE_STEPS);
    let closest = Infinity;
    for (let i = 0; i < HUE_STEPS; i++) {
      for (let j = i + 1; j < HUE_STEPS; j++) closest = Math.min(closest, distance(colors[i], colors[j]));
    }
    // 0.02 in OKLab is about one just-noticeable difference.
    expect(closest).toBeGreaterThanOrEqual(0.02);
    // neighbouring steps (15 degrees apart) differ in lightness as well as hue
    for (let i = 0; i < HUE_STEPS; i++) {
      const next = colors[(i + 1) % HUE_STEPS];
      expect(Math.abs(oklab(colors[i])[0] - oklab(next)[0])).toBeGreaterThan(0.04);
    }
  });

  it("computes WCAG contrast like the specification", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(contrastRatio("#ffffff", "#ffffff")).toBe(1);
  });
});
