// The wire format. Each *Data type is the dict form of the ctxwidget.model class of the same
// name without the suffix (ArticleData is Article.to_dict(), AnswerData one of its answers; see
// `ctxwidget schema`): plain JSON, with the optional fields the wire allows, not the class. The
// UI state is ctxwidget.state.UIState, mirrored by state.ts under the same name.
import type { UIState } from "./state";

export interface ParagraphData {
  text: string;
  kind?: "text" | "heading";
}

export type GroupLabel = string | number;

export interface AnswerData {
  source: string;
  text: string;
  url?: string | null;
  context?: string | null;
  group?: GroupLabel | null;
  /** The domain of the outlet whose article this answer's document copies (syndicated or
   * wire copy), or null: the answer is shown but is not an independent voice (rules.ts). */
  copy_of?: string | null;
}

export interface PanelData {
  id: string;
  question: string;
  after?: number;
  answers?: AnswerData[];
}

export interface ArticleData {
  title: string;
  paragraphs?: (ParagraphData | string)[];
  panels?: PanelData[];
  story?: string | null;
  source?: string | null;
  author?: string | null;
  url?: string | null;
}

export interface Selection {
  panel: string;
  answer: number;
}

export type ViewName = "article" | "grid" | "outlets";

/** One panel opened or closed: the front end's click, and the kernel's broadcast of it.
 * It names one panel, so its size does not grow with the article or the open panels. */
export interface ToggleMessage {
  type: "toggle";
  panel: string;
  open: boolean;
}

/** Label answers (one action: one undo reverts them all); `label` null removes their labels.
 * The kernel commits it to its label store, then updates `annotations` and answers with a
 * LabelResult of the same `id`. */
export interface LabelMessage {
  type: "label";
  answers: [panel: string, index: number][];
  label: string | null;
  id: number;
}

/** Revert the annotator's last labelling action. */
export interface UndoMessage {
  type: "undo";
  id: number;
}

/** The kernel's answer to a label or undo message: `ok` false says why nothing changed. */
export interface LabelResult {
  type: "label_result";
  id: number | null;
  ok: boolean;
  keys: string[];
  error?: string;
}

export type FrontEndMessage = ToggleMessage | LabelMessage | UndoMessage;

/** Where the kernel keeps labels (ContextWidget(store=...)); empty without a store. */
export interface StoreInfo {
  location?: string;
  annotator?: string;
  /** "12 stored labels are not in this article", or "". */
  note?: string;
}

/** What a component that shows answers asks of its view. */
export interface AnswerHooks {
  /** The evidence box of one answer (built when the answer is selected). */
  evidence(panel: PanelData, index: number): HTMLElement;
  /** The annotation label of one answer, or null. */
  labelOf(panelId: string, index: number): string | null;
}

/** The synced traits the front end reads and writes: the article and the UI state. */
export interface WidgetState extends UIState {
  article: ArticleData;
  /** Set by the kernel under marimo: a toggle also sends `expanded` as state. */
  _sync_toggles?: boolean;
  /** Set by the kernel when labels are committed to a label store. */
  _store_info?: StoreInfo;
}

/** The part of anywidget's model the front end uses (the local model implements it too). */
export interface ModelLike {
  get<K extends keyof WidgetState>(key: K): WidgetState[K];
  set<K extends keyof WidgetState>(key: K, value: WidgetState[K]): void;
  save_changes(): void;
  on(event: string, callback: (...args: unknown[]) => void): void;
  off(event?: string | null, callback?: ((...args: unknown[]) => void) | null): void;
  /** A custom message to the kernel (anywidget: model.send). */
  send(content: FrontEndMessage): void;
}
