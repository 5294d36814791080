"""The articles that documentation pages show live with ``{ctx-article} NAME`` (conf.py's
``ctxdocs_articles`` names these functions)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import ctxwidget

EXAMPLE_DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


def nato_ukraine() -> ctxwidget.Article:
    """The built-in example article."""
    from ctxwidget.examples import nato_ukraine

    return nato_ukraine()


def recession() -> ctxwidget.Article:
    """The real Discord Questions sample on the article that anchors the most questions."""
    from ctxwidget.adapters import from_discord_questions

    documents = json.loads((EXAMPLE_DATA / "documents_recession.json").read_text("utf-8"))
    questions = json.loads((EXAMPLE_DATA / "discord_questions_recession_sample.json").read_text("utf-8"))
    anchor = Counter(q["doc_id"] for q in questions).most_common(1)[0][0]
    return from_discord_questions(documents, questions, anchor)
