"""Sentences, clauses and content words of news text (regular expressions only)."""

from __future__ import annotations

import re

__all__ = ["answer_type_match", "clauses", "content_words", "sentences"]

# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket),
# then white space, then something that starts a sentence.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’')\]]))\s+(?=[\"“‘(\[]?[A-Z0-9])")
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+|\s+[—–]\s+|\s+--\s+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP_TEXT = (
    "a an and are as at be been being but by can could did do does for from had has have he her his how "
    "i in into is it its may might more most much no not of on or our over she should so such than that the "
    "their them then there these they this those to us was we were what when where which who whom whose why "
    "will with would you happen happened happens s"
)
_STOP = frozenset(_STOP_TEXT.split())
_DATE = re.compile(
    r"\b(?:1[89]\d\d|20\d\d)\b|\b(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|week|weeks|month|months|year|years|quarter|today|yesterday|tomorrow)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z.]+)+")


def sentences(paragraph: str) -> list[str]:
    """The sentences of ``paragraph`` (blank ones dropped)."""
    return [s.strip() for s in _SENTENCE_END.split(paragraph.strip()) if s.strip()]


def clauses(sentence: str, *, min_words: int = 3) -> list[str]:
    """``sentence`` cut at commas, semicolons, colons and dashes; pieces shorter than ``min_words`` join the next."""
    pieces = [p.strip() for p in _CLAUSE_END.split(sentence) if p.strip()]
    out: list[str] = []
    carry = ""
    for piece in pieces:
        piece = f"{carry} {piece}".strip() if carry else piece
        if len(piece.split()) < min_words:
            carry = piece
            continue
        carry = ""
        out.append(piece)
    if carry:
        if out:
            out[-1] = f"{out[-1]} {carry}"
        else:
            out.append(carry)
    return out


def content_words(text: str) -> list[str]:
    """Lowercase words of ``text`` without stop words and question words."""
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def answer_type_match(question: str, paragraph: str) -> float:
    """1 when ``paragraph`` holds the kind of thing ``question`` asks for, 0 when not, 0.5 when unknown.

    "When" wants a date or a time word, "How much/many/high/long/low" a
    number, "Who" a capitalised name of two words or more.
    """
    q = question.strip().lower()
    if q.startswith("when"):
        return 1.0 if _DATE.search(paragraph) else 0.0
    if re.match(r"how (much|many|high|long|low|big|large|fast)\b", q):
        return 1.0 if _NUMBER.search(paragraph) else 0.0
    if q.startswith(("who ", "whom ")):
        return 1.0 if _NAME.search(paragraph) else 0.0
    return 0.5
