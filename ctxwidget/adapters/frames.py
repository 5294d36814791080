"""Articles as tidy pandas tables and back."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._extras import require_pandas
from ..errors import ValidationError
from ..fields import kind
from ..model import Answer, Article, Panel, Paragraph

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["ANSWER_COLUMNS", "answers_frame", "article_from_frame", "from_frame"]

#: The columns of :func:`answers_frame`, one row per answer, in this order.
ANSWER_COLUMNS = ["panel_id", "question", "after", "source", "answer", "group", "url", "context", "copy_of"]
REQUIRED_COLUMNS = ["panel_id", "question", "source", "answer"]

# Answer fields by the frame column that holds them.
_COLUMN_OF_FIELD = {
    "source": "source",
    "text": "answer",
    "url": "url",
    "context": "context",
    "group": "group",
    "copy_of": "copy_of",
}


def answers_frame(article: Article, *, empty_panels: bool = True) -> pd.DataFrame:
    """One row per answer, in panel order then answer order.

    Columns: ``panel_id``, ``question``, ``after``, ``source``, ``answer``,
    ``group``, ``url``, ``context``, ``copy_of``. A panel without answers gets one row whose
    ``source`` and ``answer`` are null (``empty_panels=False`` leaves it out), so
    that :func:`article_from_frame` rebuilds every panel; count answers with
    ``frame["source"].notna()`` or ``frame.groupby("panel_id")["source"].count()``.
    ``group`` keeps the labels as given (integers stay integers next to nulls).
    """
    pandas = require_pandas("answers_frame()")
    rows: list[dict[str, Any]] = []
    for panel in article.panels:
        base = {"panel_id": panel.id, "question": panel.question, "after": panel.after}
        if not panel.answers:
            if empty_panels:
                rows.append({**base, **dict.fromkeys(ANSWER_COLUMNS[3:])})
            continue
        rows.extend(
            {
                **base,
                "source": answer.source,
                "answer": answer.text,
                "group": answer.group,
                "url": answer.url,
                "context": answer.context,
                "copy_of": answer.copy_of,
            }
            for answer in panel.answers
        )
    frame = pandas.DataFrame(rows, columns=ANSWER_COLUMNS)
    # An object column keeps integer groups as integers next to nulls (no 1.0 and NaN).
    frame["group"] = pandas.Series([row["group"] for row in rows], index=frame.index, dtype=object)
    frame["after"] = frame["after"].astype("int64")
    return frame


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    # pandas.NA, pandas.NaT and numpy NaN scalars
    try:
        return bool(value != value)  # NaN-like values differ from themselves
    except (TypeError, ValueError):
        return type(value).__name__ in ("NAType", "NaTType")


def _plain(value: Any) -> Any:
    """numpy scalars to Python ones; NaN/None/NA to None."""
    if _missing(value):
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) and not isinstance(value, (str, bytes)) else value


def _integral(value: Any) -> Any:
    """A float that holds an integer (as pandas stores integers next to NaN) as an int."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def article_from_frame(
    frame: pd.DataFrame,
    *,
    title: str,
    paragraphs: Sequence[str | Paragraph] = (),
    **fields: Any,
) -> Article:
    """An article whose panels come from rows shaped like :func:`answers_frame`.

    ``panel_id``, ``question``, ``source`` and ``answer`` columns are required;
    ``after``, ``group``, ``url``, ``context`` and ``copy_of`` are optional (other columns are
    ignored). Rows with the same ``panel_id`` make one panel, in order of first
    appearance; they must agree on ``question`` and ``after`` (a missing
    ``after`` is 0). A row with a null ``source`` and ``answer`` only declares
    its panel, so a panel nobody answered survives the round trip. Integral
    floats in ``after`` and ``group`` (what pandas makes of integers next to
    nulls) are read as integers. ``fields`` go to :class:`Article` (``story``,
    ``source``, ``author``, ``url``).

    A bad cell raises :class:`~ctxwidget.errors.ValidationError` naming the row
    position and column, e.g. ``frame.rows[3].source: ...``.
    """
    pandas = require_pandas("from_frame()")
    if not isinstance(frame, pandas.DataFrame):
        raise ValidationError(f"expected a pandas DataFrame, got {kind(frame)}", path="frame")
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValidationError(
            f"missing column(s) {', '.join(missing)}; the frame needs {', '.join(REQUIRED_COLUMNS)}", path="frame"
        )
    order: list[str] = []
    panels: dict[str, dict[str, Any]] = {}
    first_row: dict[str, int] = {}
    for position, row in enumerate(frame.to_dict("records")):
        path = f"frame.rows[{position}]"
        panel_id = _plain(row["panel_id"])
        if panel_id is None:
            raise ValidationError("is empty; every row needs a panel id", path=f"{path}.panel_id")
        panel_id = str(_integral(panel_id))
        question = _plain(row["question"])
        after = _integral(_plain(row.get("after")))
        entry = panels.get(panel_id)
        if entry is None:
            entry = {"id": panel_id, "question": question, "after": 0 if after is None else after, "answers": []}
            try:
                Panel(**entry)  # the panel's own fields, checked where they first appear
            except ValidationError as exc:
                column = "panel_id" if exc.path == "id" else exc.path
                raise ValidationError(exc.problem, path=f"{path}.{column}") from None
            panels[panel_id] = entry
            first_row[panel_id] = position
            order.append(panel_id)
        else:
            where = f"frame.rows[{first_row[panel_id]}]"
            if question != entry["question"]:
                raise ValidationError(
                    f"panel {panel_id!r} has the question {entry['question']!r} in {where}, here {question!r}",
                    path=f"{path}.question",
                )
            if after is not None and after != entry["after"]:
                raise ValidationError(
                    f"panel {panel_id!r} comes after paragraph {entry['after']!r} in {where}, here {after!r}",
                    path=f"{path}.after",
                )
        source = _plain(row["source"])
        text = _plain(row["answer"])
        if source is None:
            if text is not None:
                raise ValidationError(
                    "is empty but the row has an answer; give the answer's source domain", path=f"{path}.source"
                )
            continue  # a row that only declares its panel
        answer = {
            "source": source,
            "text": text,
            "url": _plain(row.get("url")),
            "context": _plain(row.get("context")),
            "group": _integral(_plain(row.get("group"))),
            "copy_of": _plain(row.get("copy_of")),
        }
        try:
            entry["answers"].append(Answer(**answer))
        except ValidationError as exc:
            raise ValidationError(exc.problem, path=f"{path}.{_COLUMN_OF_FIELD.get(exc.path, exc.path)}") from None
    built = tuple(Panel(**panels[panel_id]) for panel_id in order)
    try:
        return Article(title=title, paragraphs=tuple(paragraphs), panels=built, **fields)
    except ValidationError as exc:
        prefix, _, column = exc.path.partition("].")
        if prefix.startswith("panels[") and column == "after":
            row = first_row[order[int(prefix[len("panels[") :])]]
            raise ValidationError(exc.problem, path=f"frame.rows[{row}].after") from None
        raise


#: The earlier name of :func:`article_from_frame`.
from_frame = article_from_frame
