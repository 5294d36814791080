// Event delegation: one click and one keydown listener per view, and a table that maps each
// control's selector to what it does. Store actions change the synced UI state; view actions
// (disclosures that only this view shows) go to the view. The view itself only renders and patches.
import { readField } from "./state";
import type { Store } from "./store";
import type { Selection, ViewName } from "./types";

/** What a view lets its controls do besides store actions: disclosures that only it shows. */
export interface ViewActions {
  /** Show or hide the rest of a stack of questions. */
  toggleStack(stack: HTMLElement): void;
  /** Open or close a disclosure inside a panel (a group row's members, the other answers). */
  toggleDisclosure(button: HTMLElement): void;
  /** Reveal a question in its stack, open it, scroll to it and focus it. */
  jumpTo(panelId: string): void;
  /** Show or hide the outline of every question. */
  toggleOutline(): void;
  /** Keep the outline's questions that contain this text. */
  filterOutline(text: string): void;
  /** Open, select and focus the next (1) or previous (-1) answer without a label after `from`. */
  nextUnlabelled(from: Selection | null, step: 1 | -1): void;
  /** The members of an answer's group row (the answer alone when it has no row). */
  rowOf(panelId: string, index: number): readonly number[];
  /** The panel and members of the group row whose button this is, or null. */
  rowOfButton(button: HTMLElement): { panel: string; indices: readonly number[] } | null;
  /** Move focus into the view just chosen with the keyboard, when it is far from the view switch. */
  focusView(view: ViewName): void;
}

/** The answer a node stands for: a chip in a panel, a grid cell, or an evidence box. */
export function answerOf(root: HTMLElement, node: Element): { panel: string; index: number } | null {
  const owner = node.closest<HTMLElement>("[data-ctx-answer], [data-ctx-grid-answer], [data-ctx-evidence]");
  if (!owner || !root.contains(owner)) return null;
  const panel = owner.hasAttribute("data-ctx-answer")
    ? owner.closest<HTMLElement>("[data-ctx-panel]")?.dataset.ctxPanel
    : owner.dataset.panel;
  const index = Number(owner.dataset.answerIndex);
  return panel !== undefined && Number.isInteger(index) ? { panel, index } : null;
}

interface Context {
  root: HTMLElement;
  store: Store;
  view: ViewActions;
}

type Action = (control: HTMLElement, context: Context, event: MouseEvent) => void;

/** Click targets, most specific first: the first selector that matches the clicked node's
 * closest control wins. */
const CLICKS: readonly [selector: string, action: Action][] = [
  [
    "[data-ctx-toggle]",
    (control, { store }) => {
      const panelId = control.closest<HTMLElement>("[data-ctx-panel]")?.dataset.ctxPanel;
      if (panelId !== undefined) store.toggle(panelId);
    },
  ],
  [
    "[data-ctx-label]",
    (control, { root, store }) => {
      const answer = answerOf(root, control);
      if (answer && control.dataset.ctxLabel !== undefined) store.annotate(answer.panel, answer.index, control.dataset.ctxLabel);
    },
  ],
  ["[data-ctx-evidence-close]", (_, { store }) => store.clearSelection()],
  ["[data-ctx-answer], [data-ctx-grid-answer]", (control, { root, store }) => select(root, store, control)],
  [
    "[data-ctx-view]",
    (control, { store, view }, event) => {
      const chosen = readField("view", control.dataset.ctxView);
      store.setView(chosen);
      // Enter or Space (a click with no pointer count): focus follows into the chosen view.
      if (event.detail === 0) view.focusView(chosen);
    },
  ],
  ["[data-ctx-source]", (control, { store }) => store.toggleSource(control.dataset.ctxSource ?? "")],
  ["[data-ctx-outlet]", (control, { store }) => store.toggleSource(control.dataset.ctxOutlet ?? "")],
  ["[data-ctx-filter-clear]", (_, { store }) => store.clearSources()],
  [
    "[data-ctx-stack-more]",
    (control, { view }) => {
      const stack = control.closest<HTMLElement>("[data-ctx-stack]");
      if (stack) view.toggleStack(stack);
    },
  ],
  ["[data-ctx-disclosure]", (control, { view }) => view.toggleDisclosure(control)],
  ["[data-ctx-outline-toggle]", (_, { view }) => view.toggleOutline()],
  ["[data-ctx-labelling]", (control, context) => labellingButton(control.dataset.ctxLabelling ?? "", context)],
  ["[data-ctx-unlabelled-only]", (_, { store }) => store.setUnlabelledOnly(!store.get("unlabelled_only"))],
  ["[data-ctx-outline-item]", (control, { view }) => view.jumpTo(control.dataset.panel ?? "")],
];

const CLICK_SELECTOR = CLICKS.map(([selector]) => selector).join(", ");

function select(root: HTMLElement, store: Store, control: HTMLElement): void {
  const answer = answerOf(root, control);
  if (answer) store.select(answer.panel, answer.index);
}

function labellingButton(action: string, { store, view }: Context): void {
  if (action === "undo") store.undo();
  else if (action === "next" || action === "previous") view.nextUnlabelled(store.get("selected"), action === "next" ? 1 : -1);
}

/** Where "next unlabelled" starts from the focused node: its answer, the first member of its
 * group row, the start of its panel, else the selected answer. */
function positionOf(target: Element, context: Context): Selection | null {
  const { root, store, view } = context;
  const answer = target.closest("[data-ctx-answer]") ? answerOf(root, target) : null;
  if (answer) return { panel: answer.panel, answer: answer.index };
  const button = target.closest<HTMLElement>("[data-ctx-disclosure]");
  const row = button ? view.rowOfButton(button) : null;
  if (row) return { panel: row.panel, answer: row.indices[0] };
  const panel = target.closest<HTMLElement>("[data-ctx-panel]")?.dataset.ctxPanel;
  if (panel !== undefined) return { panel, answer: -1 };
  return store.get("selected");
}

function onClick(event: MouseEvent, context: Context): void {
  const target = event.target as Element | null;
  if (!target || typeof target.closest !== "function") return;
  const control = target.closest<HTMLElement>(CLICK_SELECTOR);
  if (!control || !context.root.contains(control)) return;
  for (const [selector, action] of CLICKS) {
    if (control.matches(selector)) {
      action(control, context, event);
      return;
    }
  }
}

const ROVING_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"]);

/** Roving tabindex: a list of chips (`[data-ctx-roving]`) is one tab stop; arrow keys, Home and
 * End move focus among its shown chips, and the focused chip becomes the list's tab stop. */
function rove(target: Element, key: string): boolean {
  const chip = target.closest<HTMLElement>("[data-ctx-answer]");
  const list = chip?.parentElement;
  if (!chip || !list?.hasAttribute("data-ctx-roving")) return false;
  const chips = [...list.children].filter((c): c is HTMLElement => c instanceof HTMLElement && !c.hidden);
  const at = chips.indexOf(chip);
  const last = chips.length - 1;
  const next =
    key === "Home" ? 0 : key === "End" ? last : key === "ArrowLeft" || key === "ArrowUp" ? Math.max(0, at - 1) : Math.min(last, at + 1);
  chips[next].focus(); // onFocus makes it the list's tab stop
  return true;
}

/** A focused chip becomes its list's one tab stop. */
function onFocus(event: FocusEvent): void {
  const target = event.target as Element | null;
  if (!target || typeof target.closest !== "function") return;
  const chip = target.closest<HTMLElement>("[data-ctx-roving] > [data-ctx-answer]");
  if (chip && chip.getAttribute("tabindex") !== "0") {
    const list = chip.parentElement;
    if (list) for (const other of list.querySelectorAll<HTMLElement>(':scope > [tabindex="0"]')) other.setAttribute("tabindex", "-1");
    chip.setAttribute("tabindex", "0");
  }
}

function onInput(event: Event, context: Context): void {
  const target = event.target as HTMLInputElement | null;
  if (target && typeof target.matches === "function" && target.matches("[data-ctx-outline-filter]")) {
    context.view.filterOutline(target.value);
  }
}

/** The letter keys of labelling (lower case, no modifier): next and previous unlabelled, undo. */
const LETTERS: Readonly<Record<string, (target: Element, context: Context) => void>> = {
  n: (target, context) => context.view.nextUnlabelled(positionOf(target, context), 1),
  p: (target, context) => context.view.nextUnlabelled(positionOf(target, context), -1),
  u: (_, { store }) => store.undo(),
};

/** The digit of a number key (the top row or the keypad), Shift or not; else null. */
function digitOf(event: KeyboardEvent): number | null {
  const code = /^(?:Digit|Numpad)([0-9])$/.exec(event.code ?? "");
  if (code) return Number(code[1]);
  return /^[0-9]$/.test(event.key) ? Number(event.key) : null;
}

/** Number keys label the focused answer (0 clears) and move on to the next unlabelled answer;
 * on a group row's button, or with Shift on an answer in a row, they label every member of the
 * row at once (one action, one undo). n / p go to the next / previous unlabelled answer, u undoes
 * the last label. Escape closes the evidence. Keys typed in a text field are left alone. */
function onKey(event: KeyboardEvent, context: Context): void {
  const target = event.target as Element | null;
  if (!target || typeof target.closest !== "function" || event.ctrlKey || event.metaKey || event.altKey) return;
  const { root, store, view } = context;
  if (event.key === "Escape" && target.closest("[data-ctx-evidence]") && store.get("selected")) {
    store.clearSelection();
    event.preventDefault();
    return;
  }
  if (ROVING_KEYS.has(event.key) && rove(target, event.key)) {
    event.preventDefault();
    return;
  }
  if (target.closest("input, textarea, select, [contenteditable]")) return;
  const labels = store.get("labels");
  if (labels.length === 0) return;
  const letter = LETTERS[event.key];
  if (letter && !event.shiftKey) {
    letter(target, context);
    event.preventDefault();
    return;
  }
  const digit = digitOf(event);
  if (digit === null || digit > labels.length) return;
  const label = digit === 0 ? null : labels[digit - 1];
  const button = target.closest<HTMLElement>("[data-ctx-disclosure]");
  const row = button ? view.rowOfButton(button) : null;
  const answer = row === null && target.closest("[data-ctx-answer], [data-ctx-grid-answer]") ? answerOf(root, target) : null;
  if (row) {
    store.label(row.panel, row.indices, label);
  } else if (answer) {
    const inArticle = target.closest("[data-ctx-answer]") !== null;
    const members = event.shiftKey && inArticle ? view.rowOf(answer.panel, answer.index) : [answer.index];
    store.label(answer.panel, members, label);
    if (!inArticle) {
      event.preventDefault();
      return; // the grid: stay on the cell
    }
  } else {
    return;
  }
  event.preventDefault();
  if (label !== null) view.nextUnlabelled(positionOf(target, context), 1);
}

/** Listen on `root` for every control's events; returns the cleanup. */
export function bindActions(root: HTMLElement, store: Store, view: ViewActions): () => void {
  const context: Context = { root, store, view };
  const click = (event: MouseEvent) => onClick(event, context);
  const key = (event: KeyboardEvent) => onKey(event, context);
  root.addEventListener("click", click);
  const input = (event: Event) => onInput(event, context);
  root.addEventListener("keydown", key);
  root.addEventListener("input", input);
  root.addEventListener("focusin", onFocus);
  return () => {
    root.removeEventListener("click", click);
    root.removeEventListener("keydown", key);
    root.removeEventListener("input", input);
    root.removeEventListener("focusin", onFocus);
  };
}
