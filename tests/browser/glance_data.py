"""The real sample: Discord Questions pipeline output over the recession articles (examples/data)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import ctxwidget
from ctxwidget.adapters import from_discord_questions

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
DOCUMENTS = DATA / "documents_recession.json"
QUESTIONS = DATA / "discord_questions_recession_sample.json"


def real_article() -> ctxwidget.Article:
    """The article of the document that anchors the most questions, with every question."""
    documents = json.loads(DOCUMENTS.read_text(encoding="utf-8"))
    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    anchor = Counter(q["doc_id"] for q in questions).most_common(1)[0][0]
    return from_discord_questions(documents, questions, anchor)


def largest_panel(article: ctxwidget.Article) -> ctxwidget.Panel:
    """The panel with the most answers."""
    return max(article.panels, key=lambda panel: len(panel.answers))
