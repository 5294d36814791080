"""The published question filter and fuzzy de-duplication (salesforce/discord_questions ``utils_questions``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

__all__ = ["deduplicate", "is_valid_question"]

_TOKEN = re.compile(r"\w+(?:'\w+)?|[^\w\s]")
_BAD_WORDS = frozenset(["name", "their", "they", "you", "she", "he", "we", "ad", "blocker"])
_COMMON_BAD = frozenset(
    q.lower()
    for q in (
        "What can be accessed?",
        "Who has been asked to do this?",
        "What was the result?",
        "When was the conversation?",
        "How long has it been?",
        "When will it be available?",
        "How does it work?",
        "Why did this happen?",
        "Which must be reported?",
        "What will continue?",
        "Who was on the call?",
    )
)
_PATTERNS = [
    re.compile(p)
    for p in (
        r"(when|where|how) (can|does|will|did) (it|this|that)( all)? happen\?",
        r"(when|where) (was|is) the (event|meeting)\?",
        r"(what) (did|does|must|will) (he|she|the mayor|the president|the office|the advisor|the minister|officials|"
        r"the official|the us|the company|the ministry|the team) (say|do)\?",
        r"(which) other .*",
        r"(what|which) country .*",
        r"(what|which) president .*",
    )
]
_BAD_STARTS = (
    "which company",
    "which person",
    "which year",
    "what number",
    "who is the person",
    "what company",
    "who said",
    "what is the date",
    "what is the range",
    "what was the length",
    "what is the length",
)
_W_WORDS = frozenset(["what", "who", "when", "where", "why", "how", "which", "whom", "whose", "is", "are"])


def is_valid_question(question: str) -> bool:
    """The published filter: 4-12 tokens, one question word first, one ``?``, no pronouns or vague stock questions."""
    q = question.lower()
    words = _TOKEN.findall(q)
    counts = Counter(words)
    if any(p.search(q) for p in _PATTERNS) or q in _COMMON_BAD:
        return False
    if len(words) < 4 or len(words) > 12:
        return False
    if ("what did" in q or "what was" in q) and len(words) >= 7:
        return False
    if any(w in _BAD_WORDS for w in words) or any(s in q for s in _BAD_STARTS):
        return False
    if "twitter account" in q or "stand for" in q:
        return False
    if words[0] not in _W_WORDS or sum(counts[w] for w in _W_WORDS) >= 2:
        return False
    return q.count("?") == 1


def deduplicate(questions: Iterable[str], similarity: float = 0.8) -> list[str]:
    """Questions in order, dropping one whose similarity ratio to a kept one is above ``similarity``.

    The published pipeline uses fuzzywuzzy's ratio above 80; this is the same
    ratio from :class:`difflib.SequenceMatcher`, with the same length pre-check.
    """
    kept: list[str] = []
    for q in questions:
        if not any(_similar(q, k, similarity) for k in kept):
            kept.append(q)
    return kept


def _similar(a: str, b: str, similarity: float) -> bool:
    if len(b) > (2 - similarity) * len(a) or len(b) < similarity * len(a):
        return False
    return SequenceMatcher(None, a, b).ratio() > similarity
