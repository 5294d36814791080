"""Text normalisation shared by the exact method and the embedding method (no dependencies)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["content_tokens", "normalise"]

_NON_WORD = re.compile(r"[^\w]+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
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


def normalise(text: str) -> str:
    """The key under which two answer spans count as the same string.

    Unicode compatibility form, case folded, punctuation turned into spaces,
    white space collapsed and a leading "the", "a" or "an" dropped, so that
    ``"The Lithuanian capital, Vilnius."`` and ``"lithuanian capital vilnius"``
    share a key. A span that is only punctuation keeps its stripped text.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = " ".join(_NON_WORD.sub(" ", folded).replace("_", " ").split())
    key = _LEADING_ARTICLE.sub("", words)
    return key or words or folded.strip()


def content_tokens(text: str) -> frozenset[str]:
    """The set of normalised words of ``text`` less common function words."""
    return frozenset(w for w in normalise(text).split() if w not in _STOP_WORDS)
