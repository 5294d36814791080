"""Text keys shared by the exact method and the embedding method (no dependencies)."""

from __future__ import annotations

from ..rules import normalise_text

__all__ = ["content_tokens", "normalise"]

_STOP_WORDS = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "into",
        "is",
        "it",
        "its",
        "more",
        "most",
        "no",
        "not",
        "of",
        "on",
        "or",
        "over",
        "she",
        "than",
        "that",
        "the",
        "their",
        "them",
        "these",
        "they",
        "this",
        "those",
        "to",
        "was",
        "were",
        "will",
        "with",
        "would",
        "about",
        "after",
    )
)


#: The key under which two answer spans count as the same string: the one rule of
#: :func:`ctxwidget.rules.normalise_text`, shared with the representative answer and the front end.
normalise = normalise_text


def content_tokens(text: str) -> frozenset[str]:
    """The set of normalised words of ``text`` less common function words."""
    return frozenset(w for w in normalise(text).split() if w not in _STOP_WORDS)
