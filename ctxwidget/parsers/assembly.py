"""Reader for the Assembly reader's page text.

The format, line by line::

    <story> - Assembly - Salesforce Research
    <headline>
    <source domain> - <author or None> - Read On Original Website
    <paragraph>                       (one per line; short lines without final
    ...                                punctuation are sub-headings)
    More Context
    keyboard_arrow_down keyboard_arrow_right <question>
    <source domain> <answer span>     (zero or more)
    <paragraph>
    ...

A panel belongs after the paragraph that precedes it. Blank lines are ignored.
"""

from __future__ import annotations

import re

from ..errors import ValidationError
from ..model import Answer, Article, Panel, Paragraph, check_domain

__all__ = ["is_heading", "parse_assembly"]

PANEL_MARKER = "More Context"
_STORY_RE = re.compile(r"^(?P<story>.*?)\s+-\s+Assembly(?:\s+-\s+.*)?$")
_BYLINE_RE = re.compile(r"^(?P<source>\S+)\s+-\s+(?P<author>.*?)\s+-\s+Read On Original Website$")
_QUESTION_RE = re.compile(r"^(?:keyboard_arrow_(?:down|right|up|left)\b\s*)+(?P<question>.*)$")
# A lowercase domain whose last label is alphabetic, a space, then the answer span.
_ANSWER_RE = re.compile(
    r"^(?P<source>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,63})"
    r"\s+(?P<text>\S.*)$"
)
_CLOSERS = "\"'\u201d\u2019\u00bb)]"
_FINAL_PUNCTUATION = ".!?\u2026:;,"
HEADING_MAX_CHARS = 120


def is_heading(line: str) -> bool:
    """True for a short line without final punctuation (a sub-heading)."""
    if len(line) > HEADING_MAX_CHARS or not any(ch.isalpha() for ch in line):
        return False
    tail = line.rstrip(_CLOSERS)
    return bool(tail) and tail[-1] not in _FINAL_PUNCTUATION


def parse_assembly(text: str) -> Article:
    """Parse Assembly page text into an :class:`Article`.

    Raises :class:`ValidationError` naming the line number when the text does
    not follow the format.
    """
    if not isinstance(text, str):
        raise ValidationError(f"expected page text as str, got {type(text).__name__}", line=1)
    # Lines end at "\n" only (with an optional "\r"), as editors count them; other
    # separators that str.splitlines honours (\v, \f, \x1c-\x1e, U+2028) stay inside a line.
    lines = [(n, line.strip()) for n, line in enumerate(text.lstrip("\ufeff").split("\n"), 1)]
    lines = [(n, line) for n, line in lines if line]
    if len(lines) < 3:
        raise ValidationError(
            "an Assembly page starts with three lines: '<story> - Assembly - Salesforce Research', "
            "the headline, and '<source> - <author> - Read On Original Website'",
            line=lines[-1][0] + 1 if lines else 1,
        )

    (story_no, story_line), (title_no, title), (byline_no, byline) = lines[:3]
    story_match = _STORY_RE.match(story_line)
    if not story_match:
        raise ValidationError(
            f"expected '<story> - Assembly - Salesforce Research', got {story_line[:80]!r}",
            line=story_no,
        )
    for line_no, line in ((title_no, title), (byline_no, byline)):
        if line == PANEL_MARKER:
            raise ValidationError("'More Context' cannot come before the headline and byline", line=line_no)
    byline_match = _BYLINE_RE.match(byline)
    if not byline_match:
        raise ValidationError(
            f"expected '<source domain> - <author or None> - Read On Original Website', got {byline[:80]!r}",
            line=byline_no,
        )
    source = byline_match.group("source")
    try:
        check_domain(source, "source")
    except ValidationError as exc:
        raise ValidationError(f"source {exc.problem}", line=byline_no) from None
    author = byline_match.group("author").strip()

    paragraphs: list[Paragraph] = []
    panels: list[Panel] = []
    index = 3
    while index < len(lines):
        line_no, line = lines[index]
        index += 1
        if line != PANEL_MARKER:
            paragraphs.append(Paragraph(line, "heading" if is_heading(line) else "text"))
            continue
        if index >= len(lines):
            raise ValidationError(
                "'More Context' must be followed by a question line "
                "'keyboard_arrow_down keyboard_arrow_right <question>'",
                line=line_no,
            )
        question_no, question_line = lines[index]
        index += 1
        question_match = _QUESTION_RE.match(question_line)
        question = question_match.group("question").strip() if question_match else ""
        if not question_match or not question or question == PANEL_MARKER:
            raise ValidationError(
                "expected the question line 'keyboard_arrow_down keyboard_arrow_right <question>' "
                f"after 'More Context', got {question_line[:80]!r}",
                line=question_no,
            )
        answers: list[Answer] = []
        while index < len(lines):
            answer_match = _ANSWER_RE.match(lines[index][1])
            if not answer_match:
                break
            try:
                answers.append(Answer(source=answer_match.group("source"), text=answer_match.group("text")))
            except ValidationError as exc:
                raise ValidationError(f"answer {exc.path} {exc.problem}", line=lines[index][0]) from None
            index += 1
        panels.append(Panel(question=question, after=len(paragraphs), answers=tuple(answers)))

    return Article(
        title=title,
        paragraphs=tuple(paragraphs),
        panels=tuple(panels),
        story=story_match.group("story").strip() or None,
        source=source,
        author=None if author in ("", "None") else author,
    )
