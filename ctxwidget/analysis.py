"""Tables about an annotated article's sources: how often outlets agree, and who copies whom.

>>> from ctxwidget.analysis import outlet_agreement
>>> outlet_agreement(article)                  # one row per pair of outlets
>>> outlet_agreement(article, by="outlet")     # one row per outlet

Needs pandas (``pip install 'ctxwidget[pandas]'``).
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from ._extras import require_pandas
from .errors import ValidationError

if TYPE_CHECKING:
    from .pipeline.copies import CopyGroup

__all__ = ["OUTLET_COLUMNS", "PAIR_COLUMNS", "outlet_agreement"]

#: Columns of ``outlet_agreement(article)``.
PAIR_COLUMNS = ("outlet_a", "outlet_b", "questions", "agreed", "agreement", "copy_pair")
#: Columns of ``outlet_agreement(article, by="outlet")``.
OUTLET_COLUMNS = (
    "outlet",
    "questions",
    "peers",
    "mean_agreement",
    "copy_of",
    "copied_by",
    "most_similar",
    "most_similar_agreement",
    "least_similar",
    "least_similar_agreement",
)


def _copies(copies: object) -> dict[str, str]:
    """``copies`` as {copy outlet: original outlet}."""
    if copies is None:
        return {}
    if isinstance(copies, Mapping):
        out = {}
        for key, value in copies.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise ValidationError(
                    f"expected outlet domains (copy -> original), got {key!r}: {value!r}; "
                    "give a mapping of domains or the groups find_copies returns",
                    path="copies",
                )
            out[key] = value
        return out
    if isinstance(copies, (str, bytes)) or not isinstance(copies, Iterable):
        raise ValidationError(
            f"expected a mapping of outlet domains or find_copies groups, got {type(copies).__name__}", path="copies"
        )
    out = {}
    for i, group in enumerate(copies):
        original = getattr(group, "original_domain", None)
        domains = getattr(group, "copy_domains", None)
        if not isinstance(original, str) or not isinstance(domains, tuple):
            raise ValidationError(
                f"expected a CopyGroup (from find_copies), got {type(group).__name__}", path=f"copies[{i}]"
            )
        for domain in domains:
            if domain != original:
                out[domain] = original
    return out


def _answers_by_panel(article: object) -> tuple[list[dict[str, set[Any]]], dict[str, str]]:
    """Per panel, each outlet's set of answer groups; and each outlet's ``copy_of`` read from its answers."""
    panels = getattr(article, "panels", None)
    if panels is None or isinstance(article, (str, bytes, Mapping)):
        raise ValidationError(
            f"expected an Article (e.g. from ctxwidget.adapters.from_discord_questions), got {type(article).__name__}",
            path="article",
        )
    out: list[dict[str, set[Any]]] = []
    copy_of: dict[str, str] = {}
    for panel in panels:
        outlets: dict[str, set[Any]] = {}
        for answer in panel.answers:
            groups = outlets.setdefault(answer.source, set())
            if answer.group is not None:
                groups.add(answer.group)
            original = getattr(answer, "copy_of", None)  # a field answers may carry
            if original and original != answer.source:
                copy_of[answer.source] = original
        out.append(outlets)
    return out, copy_of


def outlet_agreement(
    article: object,
    *,
    by: Literal["pair", "outlet"] = "pair",
    copies: Mapping[str, str] | Iterable[CopyGroup] | None = None,
    min_questions: int = 1,
) -> Any:
    """How often outlets give the same answer, as a pandas DataFrame.

    Two outlets *share* a question when both answer its panel, and *agree* on
    it when their answers fall in the same answer group (``Answer.group``). An
    outlet with several answers in a panel agrees with another when any of
    its answers shares a group with any of the other's; an ungrouped answer
    (``group`` None) agrees with nothing, but the question still counts as
    shared. The article's own outlet does not answer its panels, so it is in
    no pair.

    ``by="pair"`` (default): one row per pair of outlets sharing at least
    ``min_questions`` questions, columns :data:`PAIR_COLUMNS`: ``questions``
    shared, ``agreed`` on, ``agreement`` = agreed / questions, and ``copy_pair``
    True when one outlet is known to copy the other. Sorted by outlet names.

    ``by="outlet"``: one row per outlet, columns :data:`OUTLET_COLUMNS`:
    ``questions`` it answers, ``peers`` (outlets it shares ``min_questions``
    or more with), ``mean_agreement`` (the unweighted mean of its pairs'
    agreement), ``copy_of`` (the outlet it copies, or None), ``copied_by``
    (a sorted tuple of outlets copying it), and its ``most_similar`` and
    ``least_similar`` peer with their agreement (ties go to the peer sharing
    more questions, then to the first name). Sorted by outlet.

    Copies come from ``copies`` (a mapping {copy domain: original domain},
    or the groups :func:`ctxwidget.pipeline.find_copies` returns) and from
    any ``copy_of`` the answers carry.
    """
    pandas = require_pandas("outlet_agreement")
    if by not in ("pair", "outlet"):
        raise ValidationError(f"{by!r} is not a table; use 'pair' or 'outlet'", path="by")
    if isinstance(min_questions, bool) or not isinstance(min_questions, int) or min_questions < 1:
        raise ValidationError(f"expected a count of 1 or more, got {min_questions!r}", path="min_questions")
    copy_of = _copies(copies)
    panels, from_answers = _answers_by_panel(article)
    copy_of = {**from_answers, **copy_of}

    shared: dict[tuple[str, str], list[int]] = {}
    answered: dict[str, int] = {}
    for outlets in panels:
        names = sorted(outlets)
        for name in names:
            answered[name] = answered.get(name, 0) + 1
        for a, b in itertools.combinations(names, 2):
            counts = shared.setdefault((a, b), [0, 0])
            counts[0] += 1
            counts[1] += bool(outlets[a] & outlets[b])

    pairs: list[dict[str, Any]] = [
        {
            "outlet_a": a,
            "outlet_b": b,
            "questions": n,
            "agreed": agreed,
            "agreement": agreed / n,
            "copy_pair": copy_of.get(a) == b or copy_of.get(b) == a,
        }
        for (a, b), (n, agreed) in sorted(shared.items())
        if n >= min_questions
    ]
    if by == "pair":
        return pandas.DataFrame(pairs, columns=list(PAIR_COLUMNS))

    peers: dict[str, list[tuple[str, float, int]]] = {}
    for row in pairs:
        a, b = row["outlet_a"], row["outlet_b"]
        peers.setdefault(a, []).append((b, row["agreement"], row["questions"]))
        peers.setdefault(b, []).append((a, row["agreement"], row["questions"]))
    copied_by: dict[str, list[str]] = {}
    for copy, original in copy_of.items():
        copied_by.setdefault(original, []).append(copy)
    rows = []
    for outlet in sorted(answered):
        mine = peers.get(outlet, [])
        most = min(mine, key=lambda p: (-p[1], -p[2], p[0]), default=None)
        least = min(mine, key=lambda p: (p[1], -p[2], p[0]), default=None)
        rows.append(
            {
                "outlet": outlet,
                "questions": answered[outlet],
                "peers": len(mine),
                "mean_agreement": statistics.fmean(p[1] for p in mine) if mine else float("nan"),
                "copy_of": copy_of.get(outlet),
                "copied_by": tuple(sorted(copied_by.get(outlet, ()))),
                "most_similar": most[0] if most else None,
                "most_similar_agreement": most[1] if most else float("nan"),
                "least_similar": least[0] if least else None,
                "least_similar_agreement": least[1] if least else float("nan"),
            }
        )
    frame = pandas.DataFrame(rows, columns=list(OUTLET_COLUMNS))
    for column in ("copy_of", "most_similar", "least_similar"):  # None stays None (not NaN)
        frame[column] = pandas.Series([row[column] for row in rows], dtype=object, index=frame.index)
    return frame
