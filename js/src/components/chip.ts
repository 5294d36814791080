// One answer: the outlet's domain as a coloured chip beside its answer span.
import { HUE_STEPS, domainHue } from "../color";
import { h } from "../dom";
import type { AnswerData } from "../types";

/** The coloured domain label used on answers, in the coverage bar and in the grid header. */
export function sourceChip(domain: string): HTMLElement {
  return h("span", { class: `ctx-chip ${hueClass(domain)}` }, domain);
}

/** One of HUE_STEPS colour classes (ctx-hue-0 ... ctx-hue-23), chosen by the domain's hash. */
export function hueClass(domain: string): string {
  return `ctx-hue-${Math.floor(domainHue(domain) / (360 / HUE_STEPS))}`;
}

let chipTemplate: HTMLButtonElement | null = null;

/** An answer chip. Chips are the bulk of the DOM, so they are cloned from one template. */
export function createChip(answer: AnswerData, index: number): HTMLButtonElement {
  if (chipTemplate === null || chipTemplate.ownerDocument !== document) {
    chipTemplate = h(
      "button",
      { type: "button", class: "ctx-answer", "data-ctx-answer": "", "aria-pressed": "false" },
      h("span", { class: "ctx-chip" }),
      h("span", { class: "ctx-answer-text" }),
    );
  }
  const chip = chipTemplate.cloneNode(true) as HTMLButtonElement;
  chip.setAttribute("data-source", answer.source);
  chip.setAttribute("data-answer-index", String(index));
  const source = chip.firstChild as HTMLElement;
  source.textContent = answer.source;
  source.className = `ctx-chip ${hueClass(answer.source)}`;
  (chip.lastChild as HTMLElement).textContent = answer.text;
  return chip;
}

export function setChipSelected(chip: HTMLElement, selected: boolean): void {
  chip.classList.toggle("ctx-selected", selected);
  chip.setAttribute("aria-pressed", selected ? "true" : "false");
}

/** Show the answer's annotation label as a badge on its chip (null removes it). */
export function setChipLabel(chip: HTMLElement, label: string | null): void {
  let badge = chip.querySelector<HTMLElement>(":scope > .ctx-label-badge");
  if (label === null) {
    badge?.remove();
    chip.removeAttribute("data-label");
    return;
  }
  if (!badge) {
    badge = h("span", { class: "ctx-label-badge" });
    chip.append(badge);
  }
  badge.textContent = label;
  chip.setAttribute("data-label", label);
}
