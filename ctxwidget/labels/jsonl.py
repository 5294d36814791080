"""Label events as JSON Lines: one event per line, every field of it, nothing else.

A line looks like::

    {"id": "9f...", "time": "2026-12-07T13:24:05.123456Z", "annotator": "ana",
     "article": "https://example.com/a", "question": "Who?", "source": "apnews.com",
     "answer": "Alice", "context": null, "answer_id": "5c...", "old": null, "new": "correct",
     "action": "1b...", "undoes": null}

``old``/``new`` are the label before and after (``null``: no label); ``action`` is shared by
the events of one batch; ``undoes`` is the action an undo reverted. ``answer_id`` must be
the id of the answer fields (it is checked on import), and ``id`` is unique: importing the
same file twice adds nothing the second time.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from ..errors import ValidationError
from ..fields import check_optional_text, check_text
from .identity import AnswerFields

__all__ = ["FIELDS", "Event", "from_line", "to_line"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

# The columns of an event row, in the order the store reads them (and the JSON keys).
FIELDS = (
    "id",
    "time",
    "annotator",
    "article",
    "question",
    "source",
    "answer",
    "context",
    "answer_id",
    "old",
    "new",
    "action",
    "undoes",
)
Event = tuple[Any, ...]  # one row in FIELDS order; time in microseconds since the epoch


def format_time(time_us: int) -> str:
    """Microseconds since the epoch as ISO 8601 UTC with microseconds (exact both ways)."""
    return (_EPOCH + timedelta(microseconds=time_us)).strftime(_TIME_FORMAT)


def parse_time(text: str) -> int:
    """The inverse of :func:`format_time`."""
    moment = datetime.strptime(text, _TIME_FORMAT).replace(tzinfo=timezone.utc)
    return (moment - _EPOCH) // timedelta(microseconds=1)


def to_line(event: Event) -> str:
    """One event as one line of JSON (no newline inside; non-ASCII kept as is)."""
    record = dict(zip(FIELDS, event, strict=True))
    record["time"] = format_time(event[1])
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def from_line(text: str, line: int) -> Event:
    """One event from one line; a :class:`ValidationError` naming ``line`` and the field."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"not JSON ({exc.msg} at column {exc.colno}); one event per line", line=line) from None
    if not isinstance(record, dict):
        raise ValidationError(f"expected a JSON object (one event), got {type(record).__name__}", line=line)
    missing = [f for f in FIELDS if f not in record]
    unknown = [f for f in record if f not in FIELDS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing))
        if unknown:
            parts.append("unknown " + ", ".join(map(repr, unknown)))
        raise ValidationError("; ".join(parts) + f"; an event has exactly the fields {', '.join(FIELDS)}", line=line)
    try:
        for name in ("id", "annotator", "article", "question", "source", "answer", "answer_id", "action"):
            check_text(record[name], name)
        for name in ("context", "old", "new", "undoes"):
            check_optional_text(record[name], name)
        for name in ("old", "new"):
            if record[name] is not None:
                check_text(record[name], name)
        if not isinstance(record["time"], str):
            raise ValidationError("expected a time string like '2026-12-07T13:24:05.123456Z'", path="time")
        try:
            time_us = parse_time(record["time"])
        except ValueError:
            raise ValidationError(
                f"{record['time']!r} is not a time like '2026-12-07T13:24:05.123456Z'", path="time"
            ) from None
    except ValidationError as exc:
        raise ValidationError(str(exc), line=line) from None
    fields = AnswerFields(record["article"], record["question"], record["source"], record["answer"], record["context"])
    if fields.id != record["answer_id"]:
        raise ValidationError(
            "answer_id is not the id of this event's article, question, source, answer and context; "
            "the line was changed after export (restore it from the exported file)",
            line=line,
        )
    return (record["id"], time_us, *(record[f] for f in FIELDS[2:]))
