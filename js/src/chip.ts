// Source chips: the outlet's domain as a coloured label, and an answer chip (that label beside
// the answer span). Shared by the components that show answers.
import { domainStep } from "./color";
import { copyNote, copyOfNote } from "./components/voices";
import { h } from "./dom";
import type { AnswerData } from "./types";

/** The coloured domain label used on answers, in the coverage bar and in the grid header; an
 * outlet that answers from a copy of `copyOf`'s document says so after its domain ("b.com, copy of a.com"). */
export function sourceChip(domain: string, copyOf: string | null = null): HTMLElement {
  const chip = h("span", { class: hueClass(domain) }, domain);
  const note = copyOfNote(copyOf, ", ");
  if (note) {
    chip.append(note);
    chip.classList.add("ctx-chip-copy");
  }
  return chip;
}

const hueClasses = new Map<string, string>();

/** "ctx-chip ctx-hue-N": one of HUE_STEPS colour classes (colors.css), chosen by the domain's hash (memoised). */
export function hueClass(domain: string): string {
  let name = hueClasses.get(domain);
  if (name === undefined) {
    name = `ctx-chip ctx-hue-${domainStep(domain)}`;
    hueClasses.set(domain, name);
  }
  return name;
}

let chipTemplate: HTMLButtonElement | null = null;

/** How a chip's accessible name says how many outlets give its answer. */
export function outletsPhrase(outlets: number): string {
  return outlets <= 1 ? "the only outlet giving this answer" : `one of ${outlets} outlets giving this answer`;
}

/** An answer chip. Chips are the bulk of the DOM, so they are cloned from one template
 * whose spans already hold a text node each: a clone only needs its data filled in.
 * Chips take part in a roving tabindex (tabindex -1; the view gives one chip per list 0).
 * The accessible name, from the content, says outlet, answer and how many outlets give it
 * (`outlets`, in a visually hidden span, so the visible text stays part of the name). An answer
 * from a copy says so after its domain, visibly and so in its name: "b.com, copy of a.com". */
export function createChip(answer: AnswerData, index: number, outlets: string): HTMLButtonElement {
  if (chipTemplate === null || chipTemplate.ownerDocument !== document) {
    chipTemplate = h(
      "button",
      { type: "button", class: "ctx-answer", "data-ctx-answer": "", "aria-pressed": "false", tabindex: "-1" },
      h("span", { class: "ctx-chip" }, ""),
      h("span", { class: "ctx-answer-text" }, ""),
      h("span", { class: "ctx-visually-hidden" }, ""),
    );
  }
  const chip = chipTemplate.cloneNode(true) as HTMLButtonElement;
  chip.setAttribute("data-source", answer.source);
  chip.setAttribute("data-answer-index", String(index));
  const source = chip.firstChild as HTMLElement;
  source.className = hueClass(answer.source);
  (source.firstChild as Text).data = answer.source;
  const note = copyNote(answer, ", ");
  if (note) {
    source.append(note);
    source.classList.add("ctx-chip-copy");
    chip.setAttribute("data-copy-of", answer.copy_of ?? "");
  }
  ((source.nextSibling as HTMLElement).firstChild as Text).data = answer.text;
  ((chip.lastChild as HTMLElement).firstChild as Text).data = `, ${outlets}`;
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
