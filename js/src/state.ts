// The UI state: the fields of ctxwidget.state.UIState (their one declaration), with their
// defaults and checks, in one table. The store reads the kernel's values through it and the
// lab renderer checks a notebook's payload with it; tests/data/ui_state.json pins it to Python.
// Adding a field: its entry in UIState and FIELDS here, then the view that shows it.
import { annotationKey, parseAnnotationKey } from "./rules";
import type { ArticleData, Selection, ViewName } from "./types";

/** The UI state in normal form: what ctxwidget.state.UIState.to_dict() gives. */
export interface UIState {
  /** Open panel ids. */
  expanded: string[];
  selected: Selection | null;
  /** Outlet domains whose answers are shown (empty: all). */
  source_filter: string[];
  view: ViewName;
  labels: string[];
  /** "<panel id>/<answer index>" -> label */
  annotations: Record<string, string>;
  /** Questions a stack shows until asked; null shows them all. */
  stack_size: number | null;
  /** Show only the answers that have no label yet. */
  unlabelled_only: boolean;
}

export type UIField = keyof UIState;

/** A value a field refuses; `path` is inside the field ("" for the value itself, "[0]", "answer"). */
export class FieldError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
  }
}

/** What a value is checked against: the article and the checked labels. Without it (the store
 * reading what the kernel already checked) only the value's shape is checked. */
export interface CheckContext {
  article: ArticleData;
  labels: readonly string[];
}

interface FieldSpec<K extends UIField> {
  /** A fresh default value (ctxwidget.state.UI_DEFAULTS). */
  initial(): UIState[K];
  /** The value in normal form, or a FieldError: as ctxwidget.state.check_field. */
  check(value: unknown, context: CheckContext | null): UIState[K];
}

const VIEWS: readonly ViewName[] = ["article", "grid", "outlets"];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const kind = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "list" : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function strings(value: unknown, what: string): string[] {
  if (!Array.isArray(value)) throw new FieldError("", `expected a list of ${what}, got ${kind(value)}`);
  return value.map((item, i) => {
    if (typeof item !== "string") throw new FieldError(`[${i}]`, `expected a string, got ${kind(item)}`);
    return item;
  });
}

const unique = (items: readonly string[]): string[] => [...new Set(items)];

function panelsOf(context: CheckContext): { id: string; answers: number }[] {
  return (context.article.panels ?? []).map((p) => ({ id: p.id, answers: (p.answers ?? []).length }));
}

/** Every field, in the order of ctxwidget.state.UIState. */
export const FIELDS: { readonly [K in UIField]: FieldSpec<K> } = {
  expanded: {
    initial: () => [],
    check(value, context) {
      if (value === "all") {
        if (context === null) throw new FieldError("", '"all" needs the article');
        return panelsOf(context).map((p) => p.id);
      }
      const ids = strings(typeof value === "string" ? [value] : value, "panel ids");
      if (context !== null) {
        const known = new Set(panelsOf(context).map((p) => p.id));
        ids.forEach((id, i) => {
          if (!known.has(id)) throw new FieldError(`[${i}]`, `unknown panel id '${id}'`);
        });
      }
      return unique(ids);
    },
  },
  selected: {
    initial: () => null,
    check(value, context) {
      if (value === null) return null;
      if (!isObject(value) || Object.keys(value).sort().join() !== "answer,panel") {
        throw new FieldError("", 'expected null or {"panel": <panel id>, "answer": <answer index>}');
      }
      const { panel, answer } = value;
      if (typeof panel !== "string") throw new FieldError("panel", `expected a panel id, got ${kind(panel)}`);
      const count = context === null ? Number.POSITIVE_INFINITY : panelsOf(context).find((p) => p.id === panel)?.answers;
      if (count === undefined) throw new FieldError("panel", `no panel '${panel}'`);
      if (typeof answer !== "number" || !Number.isInteger(answer) || answer < 0 || answer >= count) {
        throw new FieldError("answer", `is not an answer index of panel '${panel}'`);
      }
      return { panel, answer };
    },
  },
  source_filter: {
    initial: () => [],
    check(value, context) {
      if (value === null) return [];
      const domains = strings(value, "source domains");
      if (context !== null) {
        const sources = new Set((context.article.panels ?? []).flatMap((p) => (p.answers ?? []).map((a) => a.source)));
        domains.forEach((d, i) => {
          if (!sources.has(d)) throw new FieldError(`[${i}]`, `'${d}' answered no question in this article`);
        });
      }
      return unique(domains);
    },
  },
  view: {
    initial: () => "article",
    check(value) {
      if (!VIEWS.includes(value as ViewName)) throw new FieldError("", "is not a view; use 'article', 'grid' or 'outlets'");
      return value as ViewName;
    },
  },
  labels: {
    initial: () => [],
    check(value) {
      if (value === null) return [];
      const labels = Array.isArray(value) ? value : strings(value, "label strings");
      labels.forEach((label, i) => {
        if (typeof label !== "string" || label.trim() === "") {
          throw new FieldError(`[${i}]`, "expected a non-empty label string");
        }
        if (labels.indexOf(label) !== i) throw new FieldError(`[${i}]`, `'${label}' is listed twice`);
        if (LONE_SURROGATE.test(label)) throw new FieldError(`[${i}]`, "contains a lone surrogate");
      });
      return labels as string[];
    },
  },
  annotations: {
    initial: () => ({}),
    check(value, context) {
      if (value === null) return {};
      if (!isObject(value)) throw new FieldError("", `expected an object, got ${kind(value)}`);
      const panels = context === null ? null : new Map(panelsOf(context).map((p) => [p.id, p.answers]));
      const result: Record<string, string> = {};
      for (const [key, label] of Object.entries(value)) {
        const path = `['${key}']`;
        const parsed = parseAnnotationKey(key);
        if (parsed === null || (panels !== null && !panels.has(parsed.panel))) {
          throw new FieldError(path, "is not an answer key; write '<panel id>/<answer index>'");
        }
        if (annotationKey(parsed.panel, parsed.index) !== key || parsed.index >= (panels?.get(parsed.panel) ?? Infinity)) {
          throw new FieldError(path, `is not an answer of panel '${parsed.panel}'`);
        }
        if (typeof label !== "string") throw new FieldError(path, `expected a label string, got ${kind(label)}`);
        if (context !== null && context.labels.length === 0) throw new FieldError(path, "the state has no labels");
        if (context !== null && !context.labels.includes(label)) throw new FieldError(path, "is not one of the labels");
        result[key] = label;
      }
      return result;
    },
  },
  stack_size: {
    initial: () => 3,
    check(value) {
      if (value === null) return null;
      if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
        throw new FieldError("", "expected a whole number of questions of at least 1, or null");
      }
      return value;
    },
  },
  unlabelled_only: {
    initial: () => false,
    check(value) {
      if (typeof value !== "boolean") throw new FieldError("", "expected true or false");
      return value;
    },
  },
};

/** The field names, in order. */
export const UI_FIELDS = Object.keys(FIELDS) as UIField[];

/** Every field at its default. */
export function defaultUIState(): UIState {
  return Object.fromEntries(UI_FIELDS.map((name) => [name, FIELDS[name].initial()])) as unknown as UIState;
}

/** One field checked, as ctxwidget.state.check_field (context null: its shape only). */
export function checkField<K extends UIField>(name: K, value: unknown, context: CheckContext | null): UIState[K] {
  return FIELDS[name].check(value, context);
}

/** One field as the kernel sent it, in normal form; a value of the wrong shape (or none) is the default. */
export function readField<K extends UIField>(name: K, value: unknown): UIState[K] {
  if (value === undefined) return FIELDS[name].initial();
  try {
    return checkField(name, value, null);
  } catch (error) {
    if (error instanceof FieldError) return FIELDS[name].initial();
    throw error;
  }
}

/** A whole state checked against `article`, labels first, as ctxwidget.state.UIState.checked;
 * a missing field is its default. A FieldError's path starts with the field (`expanded[0]`). */
export function checkUIState(raw: Readonly<Record<string, unknown>>, article: ArticleData): UIState {
  const named = <K extends UIField>(name: K, context: CheckContext): UIState[K] => {
    const value = raw[name];
    if (value === undefined) return FIELDS[name].initial();
    try {
      return checkField(name, value, context);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      const inner = error.path === "" ? "" : error.path.startsWith("[") ? error.path : `.${error.path}`;
      throw new FieldError(`${name}${inner}`, error.problem);
    }
  };
  const labels = named("labels", { article, labels: [] });
  const context = { article, labels };
  const state = {} as Record<UIField, unknown>;
  for (const name of UI_FIELDS) state[name] = name === "labels" ? labels : named(name, context);
  return state as unknown as UIState;
}
