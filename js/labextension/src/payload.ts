// Checks a MIME payload (application/vnd.ctxwidget.v1+json) or a .ctx.json file before it is
// shown. A notebook is untrusted input: this accepts exactly what ctxwidget.mime.read_payload
// accepts (tests/data/mime_payloads.json pins both), and names the field it refuses with the
// same path. A bad article is refused; a bad UI state is replaced by the default one.
import { checkUIState, defaultUIState, FieldError, UI_FIELDS, type UIState } from "../../src/state";
import type { ArticleData, ParagraphData, WidgetState } from "../../src/types";

export const MIME_TYPE = "application/vnd.ctxwidget.v1+json";
export const PAYLOAD_VERSION = 1;
/** About ctxwidget.mime.MAX_PAYLOAD_BYTES: characters of text plus one per value. */
export const MAX_PAYLOAD_SIZE = 64 * 1024 * 1024;

export type PayloadResult =
  | { ok: true; state: WidgetState; notice: string | null }
  | { ok: false; error: string; path: string };

class Refusal extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
  }
}

// The same patterns as ctxwidget/model.py.
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const URL_SCHEME = /^https?:/i;
const URL_BAD_CHAR = /[\s\x00-\x1f]/;
const URL_HOST = /^[A-Za-z]+:\/\/(?:[^@/?#]*@)?(?:\[[0-9A-Fa-f:.]+\]|[^:/?#@[\]]+)(?::\d*)?(?:[/?#]|$)/;
const PANEL_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const ARTICLE_FIELDS = ["title", "paragraphs", "panels", "story", "source", "author", "url"];
const PARAGRAPH_FIELDS = ["text", "kind"];
const PANEL_FIELDS = ["question", "after", "answers", "id"];
const ANSWER_FIELDS = ["source", "text", "url", "context", "group", "copy_of"];

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const kind = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "list" : typeof v);
const join = (base: string, key: string): string => (base ? `${base}.${key}` : key);

/** Counts the payload's size as it is walked, and refuses it past the limit. */
class Budget {
  private used = 0;
  constructor(private readonly limit: number) {}
  spend(value: unknown): void {
    this.used += typeof value === "string" ? value.length + 1 : 1;
    if (this.used > this.limit) {
      throw new Refusal(
        "(payload)",
        `too large to show here (over ${Math.round(this.limit / 2 ** 20)} MiB); show it with ContextWidget or export it with ctxwidget html`,
      );
    }
  }

  /** Spends every value inside `value` (iteratively: nesting depth does not matter). */
  spendAll(value: unknown): void {
    const stack = [value];
    while (stack.length > 0) {
      const item = stack.pop();
      this.spend(item);
      if (Array.isArray(item)) {
        for (const inner of item) stack.push(inner);
      } else if (isObject(item)) {
        for (const [key, inner] of Object.entries(item)) {
          this.spend(key);
          stack.push(inner);
        }
      }
    }
  }
}

function object(value: unknown, path: string, fields: string[], budget: Budget): Obj {
  budget.spend(value);
  if (!isObject(value)) throw new Refusal(path, `expected an object, got ${kind(value)}`);
  for (const key of Object.keys(value)) {
    if (!fields.includes(key)) throw new Refusal(path, `unknown field '${key}'; allowed fields are ${fields.join(", ")}`);
  }
  return value;
}

function list(value: unknown, path: string, budget: Budget): unknown[] {
  budget.spend(value);
  if (!Array.isArray(value)) throw new Refusal(path, `expected a list, got ${kind(value)}`);
  return value;
}

function text(value: unknown, path: string, budget: Budget, { optional = false, blank = false } = {}): string | null {
  budget.spend(value);
  if (value === null || value === undefined) {
    if (optional) return null;
    throw new Refusal(path, value === undefined ? "is required but missing" : "expected a string, got null");
  }
  if (typeof value !== "string") throw new Refusal(path, `expected a string, got ${kind(value)}`);
  if (!blank && value.trim() === "") throw new Refusal(path, "must not be empty");
  if (LONE_SURROGATE.test(value)) throw new Refusal(path, "contains a lone surrogate; text must be valid Unicode");
  return value;
}

function domain(value: unknown, path: string, budget: Budget): string {
  const v = text(value, path, budget, { blank: true })!;
  if (!DOMAIN.test(v)) throw new Refusal(path, "is not a domain like 'apnews.com'");
  return v;
}

function url(value: unknown, path: string, budget: Budget): string | null {
  const v = text(value, path, budget, { optional: true, blank: true });
  if (v === null) return null;
  if (!URL_SCHEME.test(v) || URL_BAD_CHAR.test(v) || !URL_HOST.test(v)) {
    throw new Refusal(path, "is not an http(s) URL with a host name");
  }
  return v;
}

function answer(value: unknown, path: string, budget: Budget) {
  const a = object(value, path, ANSWER_FIELDS, budget);
  const source = domain(a.source, join(path, "source"), budget);
  const answerText = text(a.text, join(path, "text"), budget)!;
  const answerUrl = url(a.url, join(path, "url"), budget);
  const context = text(a.context, join(path, "context"), budget, { optional: true, blank: true });
  const group = a.group ?? null;
  budget.spend(group);
  if (group !== null && !(typeof group === "string" || (typeof group === "number" && Number.isInteger(group)))) {
    throw new Refusal(join(path, "group"), `expected a string, an integer or null, got ${kind(group)}`);
  }
  if (typeof group === "string") text(group, join(path, "group"), budget, { blank: true });
  const copyOf = a.copy_of === undefined || a.copy_of === null ? null : domain(a.copy_of, join(path, "copy_of"), budget);
  if (copyOf === source) {
    throw new Refusal(join(path, "copy_of"), `'${copyOf}' is the answer's own source; copy_of names the other outlet whose article this one copies (or null)`);
  }
  return { source, text: answerText, url: answerUrl, context, group, copy_of: copyOf };
}

function paragraph(value: unknown, path: string, budget: Budget): ParagraphData {
  if (typeof value === "string") return { text: text(value, path, budget)!, kind: "text" };
  const p = object(value, path, PARAGRAPH_FIELDS, budget);
  const paragraphText = text(p.text, join(path, "text"), budget)!;
  const k = p.kind ?? "text";
  if (k !== "text" && k !== "heading") throw new Refusal(join(path, "kind"), "is not one of 'text', 'heading'");
  return { text: paragraphText, kind: k };
}

/** The article's dict form, checked as ctxwidget.Article.from_dict checks it; panel ids filled in. */
export function checkArticle(value: unknown, base: string, budget: Budget): ArticleData {
  const a = object(value, base, ARTICLE_FIELDS, budget);
  const title = text(a.title, join(base, "title"), budget)!;
  const story = text(a.story, join(base, "story"), budget, { optional: true, blank: true });
  const author = text(a.author, join(base, "author"), budget, { optional: true, blank: true });
  const source = a.source === null || a.source === undefined ? null : domain(a.source, join(base, "source"), budget);
  const articleUrl = url(a.url, join(base, "url"), budget);
  const paragraphs = list(a.paragraphs ?? [], join(base, "paragraphs"), budget).map((p, i) =>
    paragraph(p, `${join(base, "paragraphs")}[${i}]`, budget),
  );
  const rawPanels = list(a.panels ?? [], join(base, "panels"), budget);
  const seen = new Map<string, number>();
  const panels = rawPanels.map((raw, i) => {
    const path = `${join(base, "panels")}[${i}]`;
    const p = object(raw, path, PANEL_FIELDS, budget);
    const id = p.id ?? null;
    budget.spend(id);
    if (id !== null && (typeof id !== "string" || !PANEL_ID.test(id))) {
      throw new Refusal(join(path, "id"), "is not a panel id; use 1-64 letters, digits, '_', '.', ':' or '-'");
    }
    const question = text(p.question, join(path, "question"), budget)!;
    const after = p.after ?? 0;
    budget.spend(after);
    if (typeof after !== "number" || !Number.isInteger(after) || after < 0) {
      throw new Refusal(join(path, "after"), `expected a paragraph count >= 0, got ${kind(after)}`);
    }
    const answers = list(p.answers ?? [], join(path, "answers"), budget).map((x, j) =>
      answer(x, `${join(path, "answers")}[${j}]`, budget),
    );
    if (id !== null) {
      if (seen.has(id)) throw new Refusal(join(path, "id"), `'${id}' is already the id of panels[${seen.get(id)}]`);
      seen.set(id, i);
    }
    return { id: id as string | null, question, after, answers };
  });
  // Ids as ctxwidget.Article derives them: q<position>, or q<position>-<n> when taken.
  for (const [i, panel] of panels.entries()) {
    if (panel.id !== null) continue;
    let candidate = `q${i + 1}`;
    for (let n = 2; seen.has(candidate); n++) candidate = `q${i + 1}-${n}`;
    seen.set(candidate, i);
    panel.id = candidate;
  }
  for (const [i, panel] of panels.entries()) {
    if (panel.after > paragraphs.length) {
      throw new Refusal(
        `${join(base, "panels")}[${i}].after`,
        `${panel.after} is past the end; the article has ${paragraphs.length} paragraphs`,
      );
    }
  }
  return {
    title,
    story,
    author,
    source,
    url: articleUrl,
    paragraphs,
    panels: panels.map((p) => ({ ...p, id: p.id as string })),
  };
}

/** The UI state, checked against the article by state.ts as ctxwidget.state.check_ui_state checks it. */
export function checkState(value: unknown, article: ArticleData, budget: Budget): UIState {
  if (value === null || value === undefined) return defaultUIState();
  const state = object(value, "state", UI_FIELDS, budget);
  budget.spendAll(state);
  try {
    return checkUIState(state, article);
  } catch (error) {
    if (error instanceof FieldError) throw new Refusal(`state.${error.path}`, error.problem);
    throw error;
  }
}

/** A payload (or a bare article, as in a .ctx.json file) as a widget state, or why it cannot be shown. */
export function checkPayload(data: unknown, limit: number = MAX_PAYLOAD_SIZE): PayloadResult {
  const budget = new Budget(limit);
  let article: ArticleData;
  let rawState: unknown;
  try {
    if (!isObject(data)) throw new Refusal("(payload)", `expected a JSON object {"version": 1, "article": ...}, got ${kind(data)}`);
    if (!("version" in data)) {
      if (!("title" in data)) throw new Refusal("version", 'is missing: write {"version": 1, "article": {...}}');
      article = checkArticle(data, "", budget); // a bare article
      rawState = undefined;
    } else {
      if (data.version !== PAYLOAD_VERSION) {
        throw new Refusal(
          "version",
          `${JSON.stringify(data.version)} is not a payload version this renderer reads (it reads ${PAYLOAD_VERSION}); upgrade ctxwidget`,
        );
      }
      const extra = Object.keys(data).filter((k) => !["version", "article", "state"].includes(k));
      if (extra.length > 0) throw new Refusal("(payload)", `unknown field '${extra.sort()[0]}'`);
      if (!("article" in data)) throw new Refusal("article", "is required but missing");
      article = checkArticle(data.article, "article", budget);
      rawState = data.state;
    }
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, error: error.message, path: error.path };
    return { ok: false, error: `cannot read this payload (${String(error)})`, path: "(payload)" };
  }
  try {
    return { ok: true, state: { article, ...checkState(rawState, article, budget) }, notice: null };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    if (error.path === "(payload)") return { ok: false, error: error.message, path: error.path };
    return {
      ok: true,
      state: { article, ...defaultUIState() },
      notice: `the saved view state was not used (${error.message})`,
    };
  }
}

export { Refusal };
