"""A small multi-outlet article with groups, context and URLs, shared by the browser tests."""

from __future__ import annotations

from typing import Any

LABELS = ["correct", "incorrect", "unsure"]


def explore_article() -> dict[str, Any]:
    """Two questions; q1 has groups of 3, 2 and 1 (consensus is absent: 3 of 6), q2 is a consensus."""

    def answer(source: str, text: str, group: int | None, context: str) -> dict[str, Any]:
        return {"source": source, "text": text, "group": group, "context": context, "url": f"https://{source}/story"}

    return {
        "title": "Prices rise again",
        "story": "Inflation",
        "source": "example.com",
        "paragraphs": ["Prices rose in March.", "Economists disagree on why."],
        "panels": [
            {
                "id": "why",
                "after": 1,
                "question": "Why are prices rising?",
                "answers": [
                    answer("a-news.com", "energy costs", 0, "Most of it comes from ENERGY COSTS, analysts say."),
                    answer("b-news.com", "supply chains", 1, "Snarled supply chains are to blame."),
                    answer("c-news.com", "energy prices", 0, "Energy prices doubled."),
                    answer("d-news.com", "wages", None, "Some point to wages."),
                    answer("e-news.com", "the cost of energy", 0, "No span here."),
                    answer("f-news.com", "shipping delays", 1, "Shipping delays persist."),
                ],
            },
            {
                "id": "who",
                "after": 2,
                "question": "Who reported the figures?",
                "answers": [
                    answer("a-news.com", "the Labor Department", 0, "The Labor Department reported the figures."),
                    answer("b-news.com", "Labor Department", 0, "Data from the Labor Department."),
                    answer("g-news.com", "the BLS", 1, "The BLS said so."),
                ],
            },
        ],
    }
