"""Shared fixtures: the seed article and small hand-made articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import ctxwidget
from ctxwidget.examples import nato_ukraine

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_bd1b6faf786641fe.txt"
DATA = ROOT / "examples" / "data"


@pytest.fixture
def seed() -> ctxwidget.Article:
    return nato_ukraine()


@pytest.fixture
def small_dict() -> dict[str, Any]:
    return {
        "title": "A small article",
        "story": "Test story",
        "source": "example.com",
        "url": "https://example.com/a",
        "paragraphs": ["First paragraph.", {"text": "A heading", "kind": "heading"}, "Second paragraph."],
        "panels": [
            {
                "question": "Who?",
                "after": 1,
                "answers": [
                    {"source": "apnews.com", "text": "Alice", "group": 1, "url": "https://apnews.com/x"},
                    {"source": "bbc.co.uk", "text": "Bob", "group": 2, "context": "It was Bob."},
                    {"source": "dw.com", "text": "alice", "group": 1},
                ],
            },
            {"id": "when", "question": "When?", "after": 3, "answers": []},
        ],
    }
