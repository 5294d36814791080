// Deterministic colours: one hue per outlet domain, stable across sessions, and a palette whose
// every colour keeps chip text at WCAG AA contrast in the light and the dark theme.

/** FNV-1a hash of a string, as an unsigned 32-bit integer. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A hue in degrees (0-359) for a domain; the CSS turns it into theme-aware colours. */
export function domainHue(domain: string): number {
  return hashString(domain.toLowerCase()) % 360;
}

/** Chips use this many hues (classes ctx-hue-0 ... in colors.css), 15 degrees apart. */
export const HUE_STEPS = 24;

/** The hue step (0 ... HUE_STEPS - 1) of a domain: its chips carry the class ctx-hue-<step>. */
export function domainStep(domain: string): number {
  return Math.floor(domainHue(domain) / (360 / HUE_STEPS));
}

export type Theme = "light" | "dark";

/**
 * How chip colours are made, per theme: OKLCH lightness (perceptual, so every hue has the same
 * contrast with the text), alternating between two values from one hue step to the next so that
 * neighbouring hues differ in lightness too; the chroma is the largest the sRGB gamut allows for
 * that hue, at most `maxChroma`. `text` is the chip text colour (colors.css `--ctx-chip-fg`).
 */
export const PALETTE: Record<Theme, { lightness: [number, number]; maxChroma: number; text: string }> = {
  light: { lightness: [0.91, 0.85], maxChroma: 0.09, text: "#1f2328" },
  dark: { lightness: [0.47, 0.4], maxChroma: 0.11, text: "#f0f3f6" },
};

/** The hue angle (degrees) of step `step` (0 ... HUE_STEPS - 1). */
export function stepHue(step: number): number {
  return (step * 360) / HUE_STEPS;
}

/** OKLCH to gamma-encoded sRGB components (0-1; out of gamut when any is outside). */
export function oklchToSrgb(l: number, c: number, hueDegrees: number): [number, number, number] {
  const a = c * Math.cos((hueDegrees * Math.PI) / 180);
  const b = c * Math.sin((hueDegrees * Math.PI) / 180);
  const l1 = (l + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m1 = (l - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s1 = (l - 0.0894841775 * a - 1.291485548 * b) ** 3;
  const linear = [
    4.0767416621 * l1 - 3.3077115913 * m1 + 0.2309699292 * s1,
    -1.2684380046 * l1 + 2.6097574011 * m1 - 0.3413193965 * s1,
    -0.0041960863 * l1 - 0.7034186147 * m1 + 1.707614701 * s1,
  ];
  const encode = (x: number): number => (Math.abs(x) <= 0.0031308 ? 12.92 * x : Math.sign(x) * (1.055 * Math.abs(x) ** (1 / 2.4) - 0.055));
  return [encode(linear[0]), encode(linear[1]), encode(linear[2])];
}

function inGamut(rgb: readonly number[]): boolean {
  return rgb.every((x) => x >= 0 && x <= 1);
}

function toHex(rgb: readonly number[]): string {
  return `#${rgb
    .map((x) =>
      Math.round(Math.min(1, Math.max(0, x)) * 255)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

/** The chip background of a hue step in a theme, as `#rrggbb`. */
export function chipBackground(step: number, theme: Theme): string {
  const { lightness, maxChroma } = PALETTE[theme];
  const l = lightness[step % 2];
  const hue = stepHue(step);
  let chroma = maxChroma;
  while (chroma > 0 && !inGamut(oklchToSrgb(l, chroma, hue))) chroma -= 0.001;
  return toHex(oklchToSrgb(l, Math.max(0, chroma), hue));
}

/** `#rrggbb` to sRGB components (0-1). */
export function parseHex(color: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!match) throw new Error(`not a #rrggbb colour: ${color}`);
  return [1, 2, 3].map((i) => parseInt(match[i], 16) / 255) as [number, number, number];
}

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(color: string): number {
  const [r, g, b] = parseHex(color).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The hue-step rules of colors.css (between its "palette" markers), made from PALETTE. */
export function paletteCss(): string {
  const lines = [];
  for (let step = 0; step < HUE_STEPS; step++) {
    lines.push(
      `.ctxwidget .ctx-hue-${step} { --ctx-hue-light: ${chipBackground(step, "light")}; --ctx-hue-dark: ${chipBackground(step, "dark")}; }`,
    );
  }
  return lines.join("\n");
}
