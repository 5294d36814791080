"""Articles as tidy pandas tables and back."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ValidationError
from ..model import Answer, Article, Panel, Paragraph
from . import require_pandas

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["ANSWER_COLUMNS", "answers_frame", "from_frame"]

ANSWER_COLUMNS = ["panel_id", "question", "after", "source", "answer", "group", "url", "context"]


def answers_frame(article: Article) -> pd.DataFrame:
    """One row per answer, in panel order then answer order."""
    pandas = require_pandas()
    rows = [
        {
            "panel_id": panel.id,
            "question": panel.question,
            "after": panel.after,
            "source": answer.source,
            "answer": answer.text,
            "group": answer.group,
            "url": answer.url,
            "context": answer.context,
        }
        for panel in article.panels
        for answer in panel.answers
    ]
    return pandas.DataFrame(rows, columns=ANSWER_COLUMNS)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value))
    except TypeError:  # pragma: no cover
        return False


def _plain(value: Any) -> Any:
    """numpy scalars to Python ones; NaN/None to None."""
    if _missing(value):
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def from_frame(
    frame: pd.DataFrame,
    *,
    title: str,
    paragraphs: Sequence[str | Paragraph] = (),
    **fields: Any,
) -> Article:
    """Panels from rows shaped like :func:`answers_frame` (``panel_id``, ``question``, ``source``, ``answer``
    required; ``after``, ``group``, ``url``, ``context`` optional). Rows with no ``source`` (a question
    nobody answered) make an empty panel."""
    require_pandas()
    required = ["panel_id", "question", "source", "answer"]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValidationError(
            f"missing column(s) {', '.join(missing)}; the frame needs {', '.join(required)}", path="frame"
        )
    order: list[Any] = []
    panels: dict[Any, dict[str, Any]] = {}
    for position, row in enumerate(frame.to_dict("records")):
        path = f"frame.rows[{position}]"
        panel_id = _plain(row["panel_id"])
        if panel_id is None:
            raise ValidationError("is empty; every row needs a panel id", path=f"{path}.panel_id")
        panel_id = str(panel_id)
        entry = panels.get(panel_id)
        if entry is None:
            after = _plain(row.get("after"))
            entry = {
                "id": panel_id,
                "question": _plain(row["question"]),
                "after": 0 if after is None else after,
                "answers": [],
            }
            panels[panel_id] = entry
            order.append(panel_id)
        elif _plain(row["question"]) != entry["question"]:
            raise ValidationError(
                f"panel {panel_id!r} has two questions: {entry['question']!r} and {_plain(row['question'])!r}",
                path=f"{path}.question",
            )
        source = _plain(row["source"])
        if source is None:
            continue
        answer = {
            "source": source,
            "text": _plain(row["answer"]),
            "url": _plain(row.get("url")),
            "context": _plain(row.get("context")),
            "group": _plain(row.get("group")),
        }
        try:
            entry["answers"].append(Answer(**answer))
        except ValidationError as exc:
            raise ValidationError(exc.problem, path=f"{path}.{exc.path}") from None
        except TypeError as exc:
            raise ValidationError(str(exc), path=path) from None
    built = []
    for i, panel_id in enumerate(order):
        entry = panels[panel_id]
        try:
            if isinstance(entry["after"], float) and entry["after"].is_integer():
                entry["after"] = int(entry["after"])
            built.append(Panel(**entry))
        except ValidationError as exc:
            raise ValidationError(exc.problem, path=f"panels[{i}].{exc.path}") from None
    return Article(title=title, paragraphs=tuple(paragraphs), panels=tuple(built), **fields)
