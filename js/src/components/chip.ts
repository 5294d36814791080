// One answer: the outlet's domain as a coloured chip beside its answer span.
import { domainHue } from "../color";
import { h } from "../dom";
import type { AnswerData } from "../types";

export function createChip(answer: AnswerData, index: number): HTMLButtonElement {
  const chip = h(
    "button",
    {
      type: "button",
      class: "ctx-answer",
      "data-ctx-answer": "",
      "data-source": answer.source,
      "data-answer-index": index,
      "aria-pressed": "false",
    },
    h("span", { class: "ctx-chip" }, answer.source),
    h("span", { class: "ctx-answer-text" }, answer.text),
  );
  chip.style.setProperty("--ctx-hue", String(domainHue(answer.source)));
  return chip;
}

export function setChipSelected(chip: HTMLElement, selected: boolean): void {
  chip.classList.toggle("ctx-selected", selected);
  chip.setAttribute("aria-pressed", selected ? "true" : "false");
}
