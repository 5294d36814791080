// A stand-in for anywidget's model that records what the front end writes.
import { LocalModel } from "../src/localModel";
import { defaultUIState } from "../src/state";
import type { ArticleData, ToggleMessage, WidgetState } from "../src/types";

export class RecordingModel extends LocalModel {
  saves = 0;
  sent: ToggleMessage[] = [];
  save_changes(): void {
    this.saves += 1;
  }
  send(content: ToggleMessage): void {
    this.sent.push(content);
    super.send(content);
  }
}

export function makeState(article: ArticleData, expanded: string[] = [], extra: Partial<WidgetState> = {}): WidgetState {
  return { ...defaultUIState(), article, expanded, ...extra };
}

export const ARTICLE: ArticleData = {
  title: "Headline <b>not bold</b>",
  story: "Story",
  source: "dw.com",
  author: null,
  url: "https://example.com/a",
  paragraphs: [{ text: "First." }, { text: "A heading", kind: "heading" }, "Second."],
  panels: [
    { id: "q1", question: "Empty?", after: 0, answers: [] },
    {
      id: "q2",
      question: "Who?",
      after: 1,
      answers: [
        { source: "a.com", text: "Alice", group: 1, context: "They said ALICE did it.", url: "https://a.com/story" },
        { source: "b.com", text: "Bob", group: 2, context: "Nobody named here.", url: "javascript:alert(1)" },
        { source: "c.com", text: "alice", group: 1 },
        { source: "d.com", text: "Carol" },
      ],
    },
    { id: "q3", question: "When?", after: 3, answers: [{ source: "e.com", text: "Now" }] },
  ],
};
