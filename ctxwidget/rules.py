"""Content rules: what an article's answers mean, shared with the front end.

The front end's ``js/src/rules.ts`` applies the same rules; ``tests/data/rules_fixture.json``
pins both (pytest and vitest read it). The rules:

- **Groups**: answers with the same ``group`` label say the same thing (``7`` and ``"7"`` are
  different labels); an answer without a group is a group of one. Groups come largest first;
  ties keep the order in which the groups first appear.
- **Voices**: an answer whose ``copy_of`` names an outlet (its document is a syndicated copy of
  that outlet's article) speaks with that outlet's voice; any other answer with its own
  outlet's. An outlet and its copies count once: when the original outlet answered a question,
  the answers of its copies cast no vote; when it did not, the first of its copies to answer
  (in answer order) votes for it, the other copies do not. Every other answer votes, as before
  (an outlet that answers twice has two votes), so without ``copy_of`` every answer votes.
  Copies are still shown; only the counts below read the votes.
- **Consensus**: at least two votes, and the largest group holds more than half of them.
- **Sources**: the number of distinct outlets that answered a question; its **independent**
  sources, the number of distinct voices (an outlet and its copies once). Over an article, each
  outlet with its number of answers, most first (ties by name).
- **The same text**: two answer texts are the same when their :func:`normalise_text` keys are
  equal: Unicode compatibility form (NFKC), lower case, every run of characters other than
  letters and digits one space, trimmed, and a leading "the", "a" or "an" dropped (a text with
  no letter or digit keeps its trimmed form). Grouping (``ctxwidget.grouping``) uses the same key.
- **Representative answer** of a group: the member whose normalised text the most members
  share; ties go to the shorter normalised text, then to the earlier answer.
- **Ranking** of the questions at one position: more independent sources first; among equals a
  discord question before a consensus one; then article order.
- **Annotation keys**: ``"<panel id>/<answer index>"``.

This module depends on nothing else in the package: it reads ``.answers``, ``.source``,
``.text``, ``.group`` and ``.copy_of`` of whatever it is given, so the model can use it too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from .model import Article

__all__ = [
    "annotation_key",
    "group_order",
    "independent_count",
    "independent_sources",
    "is_consensus",
    "normalise_text",
    "parse_annotation_key",
    "rank_key",
    "ranked",
    "representative",
    "source_count",
    "source_counts",
    "top_questions",
    "verdict",
    "voice",
    "votes",
]


class _Answer(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def group(self) -> str | int | None: ...
    @property
    def copy_of(self) -> str | None: ...


class _Panel(Protocol):
    @property
    def answers(self) -> Sequence[_Answer]: ...


def group_order(answers: Sequence[_Answer]) -> list[list[int]]:
    """Indices of ``answers`` by group, largest group first (ties: first appearance)."""
    order: dict[object, list[int]] = {}
    for index, answer in enumerate(answers):
        label = answer.group
        key: object = ("ungrouped", index) if label is None else ("group", type(label).__name__, label)
        order.setdefault(key, []).append(index)
    return sorted(order.values(), key=len, reverse=True)


def voice(answer: _Answer) -> str:
    """The outlet an answer speaks for: ``copy_of`` when its document is a copy, else its ``source``."""
    return answer.copy_of or answer.source


def votes(answers: Sequence[_Answer]) -> list[int]:
    """Indices of the answers that vote, in answer order: an outlet and its copies count once.

    An answer votes unless it comes from a copy (``copy_of`` set) and either the outlet it copies
    answered too, or another copy of that outlet answered earlier. Without ``copy_of`` every
    answer votes.
    """
    speaker: dict[str, str] = {}
    for answer in answers:
        said = voice(answer)
        if answer.copy_of is None:
            speaker[said] = said  # the original outlet speaks for itself
        else:
            speaker.setdefault(said, answer.source)  # otherwise its first copy to answer
    return [i for i, answer in enumerate(answers) if speaker[voice(answer)] == answer.source]


def is_consensus(answers: Sequence[_Answer], groups: Sequence[Sequence[int]] | None = None) -> bool:
    """At least two votes (:func:`votes`), and the largest group holds more than half of them."""
    voting = votes(answers)
    if len(voting) < 2:
        return False
    ordered = groups if groups is not None else group_order(answers)
    if len(voting) == len(answers):
        largest = len(ordered[0])
    else:
        counted = set(voting)
        largest = max(sum(1 for i in group if i in counted) for group in ordered)
    return largest * 2 > len(voting)


def verdict(panel: _Panel) -> Literal["consensus", "discord"]:
    """``"consensus"`` when the panel's largest group holds more than half of its votes, else ``"discord"``.

    The same rule as the front end's badge: at least two votes (an outlet and its copies count
    once, see :func:`votes`), and the largest group (answers without a group count as groups of
    one) larger than half of them; everything else, including an empty panel, is ``"discord"``.
    Exported as ``ctxwidget.verdict``.
    """
    answers = getattr(panel, "answers", None)
    if not isinstance(answers, Sequence) or isinstance(answers, (str, bytes)):
        raise TypeError(f"verdict() takes a Panel, got {type(panel).__name__}")
    return "consensus" if is_consensus(answers) else "discord"


def source_count(answers: Iterable[_Answer]) -> int:
    """The number of distinct outlets among ``answers``."""
    return len({answer.source for answer in answers})


def independent_count(answers: Iterable[_Answer]) -> int:
    """The number of distinct voices among ``answers``: outlets, an outlet and its copies once."""
    return len({voice(answer) for answer in answers})


def independent_sources(panels: Iterable[_Panel]) -> int:
    """The number of distinct voices that answered any of ``panels`` (see :func:`independent_count`)."""
    return independent_count(answer for panel in panels for answer in panel.answers)


def source_counts(panels: Iterable[_Panel]) -> dict[str, int]:
    """Every outlet that answered one of ``panels``, with its number of answers, most first (ties by name)."""
    counts: dict[str, int] = {}
    for panel in panels:
        for answer in panel.answers:
            counts[answer.source] = counts.get(answer.source, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def annotation_key(panel_id: str, answer: int) -> str:
    """The key of one answer in ``annotations``: ``"<panel id>/<answer index>"``."""
    return f"{panel_id}/{answer}"


def parse_annotation_key(key: object) -> tuple[str, int] | None:
    """``(panel id, answer index)`` of a key written ``"<panel id>/<ASCII digits>"``, else ``None``.

    The panel id may itself contain ``/``. ``annotation_key(*parse_annotation_key(key)) == key``
    for every key :func:`annotation_key` writes; a key such as ``"q1/03"`` parses but is not
    canonical, which callers that check keys report.
    """
    if not isinstance(key, str):
        return None
    panel_id, sep, digits = key.rpartition("/")
    if not sep or not panel_id or not digits.isascii() or not digits.isdigit():
        return None
    return panel_id, int(digits)


_LEADING_ARTICLE = re.compile(r"^(?:the|a|an) ")
# White space as both Python and JavaScript see it (explicit, so that the two trim alike).
_SPACE = re.compile(r"[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def normalise_text(text: str) -> str:
    """The key under which two answer texts count as the same (see the module docstring).

    ``"The Lithuanian capital, Vilnius."`` and ``"lithuanian  capital vilnius"`` share the key
    ``"lithuanian capital vilnius"``; ``"Ｖｉｌｎｉｕｓ"`` is ``"vilnius"``; ``"..."`` stays ``"..."``.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    words = " ".join("".join(c if c.isalpha() or c.isnumeric() else " " for c in folded).split())
    return _LEADING_ARTICLE.sub("", words) or _SPACE.sub(" ", folded).strip(" ")


def representative(answers: Sequence[_Answer], indices: Sequence[int]) -> int:
    """The answer index that stands for the group ``indices`` (see the module docstring)."""
    texts = [normalise_text(answers[i].text) for i in indices]
    counts: dict[str, int] = {}
    for text in texts:
        counts[text] = counts.get(text, 0) + 1
    best = 0
    for k in range(1, len(indices)):
        by_count = counts[texts[k]] - counts[texts[best]]
        if by_count > 0 or (by_count == 0 and len(texts[k]) < len(texts[best])):
            best = k
    return indices[best]


def rank_key(panel: _Panel) -> tuple[int, bool]:
    """Sort key of a question within its stack: more independent sources first, then discord before consensus."""
    return (-independent_count(panel.answers), is_consensus(panel.answers))


def ranked(panels: Iterable[_Panel]) -> list[int]:
    """Positions in ``panels`` in rank order (a stable sort by :func:`rank_key`)."""
    items = list(panels)
    return sorted(range(len(items)), key=lambda i: rank_key(items[i]))


def top_questions(article: Article, *, max_questions: int | None = None, min_sources: int = 0) -> Article:
    """A copy of ``article`` with only its best questions; see :meth:`ctxwidget.Article.top_questions`."""
    import msgspec

    from .errors import ValidationError

    for name, value, low in (("max_questions", max_questions, 0), ("min_sources", min_sources, 0)):
        if value is None and name == "max_questions":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValidationError(f"expected a whole number of at least {low}, got {value!r}", path=name)
    panels = article.panels
    keep = [i for i, panel in enumerate(panels) if independent_count(panel.answers) >= min_sources]
    if max_questions is not None and len(keep) > max_questions:
        best = sorted(keep, key=lambda i: rank_key(panels[i]))[:max_questions]
        keep = sorted(best)
    return msgspec.structs.replace(article, panels=tuple(panels[i] for i in keep))
