// Deterministic colours: one hue per outlet domain, stable across sessions.

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

/** Chips use this many hues (classes ctx-hue-0 ... in the stylesheet), 15 degrees apart. */
export const HUE_STEPS = 24;
