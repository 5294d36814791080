// One answer: the outlet's domain as a coloured chip beside its answer span.
import { domainHue } from "../color";
import { h } from "../dom";
import type { AnswerData } from "../types";

/** The coloured domain label used on answers, in the coverage bar and in the grid header. */
export function sourceChip(domain: string): HTMLElement {
  const chip = h("span", { class: "ctx-chip" }, domain);
  chip.style.setProperty("--ctx-hue", String(domainHue(domain)));
  return chip;
}

export function createChip(answer: AnswerData, index: number): HTMLButtonElement {
  return h(
    "button",
    {
      type: "button",
      class: "ctx-answer",
      "data-ctx-answer": "",
      "data-source": answer.source,
      "data-answer-index": index,
      "aria-pressed": "false",
    },
    sourceChip(answer.source),
    h("span", { class: "ctx-answer-text" }, answer.text),
  );
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
