"""Checks for the UI state that goes with an article (open panels, selection).

The widget and the HTML export share them, so both accept exactly the same values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .errors import ValidationError
from .model import Article

__all__ = ["check_expanded", "check_selected"]


def check_expanded(ids: Iterable[str] | str, article: Article) -> list[str]:
    """Open panel ids, de-duplicated in order; ``"all"`` means every panel."""
    if isinstance(ids, str):
        if ids == "all":
            return article.panel_ids
        ids = [ids]
    if isinstance(ids, Mapping) or not isinstance(ids, Iterable):
        raise ValidationError(f'expected a list of panel ids or "all", got {type(ids).__name__}')
    known = article.panel_ids
    known_set = set(known)
    result: list[str] = []
    for i, pid in enumerate(ids):
        if not isinstance(pid, str):
            raise ValidationError(f"expected a panel id string, got {type(pid).__name__}", path=f"[{i}]")
        if pid not in known_set:
            shown = known[:20]
            choices = ", ".join(repr(k) for k in shown) + (", ..." if len(known) > 20 else "")
            raise ValidationError(
                f"unknown panel id {pid!r}; the article's panels are {choices or 'none'}", path=f"[{i}]"
            )
        if pid not in result:
            result.append(pid)
    return result


def check_selected(value: Mapping[str, Any] | None, article: Article) -> dict[str, Any] | None:
    """``None`` or ``{"panel": <id>, "answer": <index into that panel's answers>}``."""
    if value is None:
        return None
    if not isinstance(value, Mapping) or set(value) != {"panel", "answer"}:
        raise ValidationError('expected None or {"panel": <panel id>, "answer": <answer index>}')
    panel_id, index = value["panel"], value["answer"]
    try:
        panel = article.panel(panel_id)
    except KeyError as exc:
        raise ValidationError(str(exc.args[0]), path="panel") from None
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(panel.answers):
        last = f"0 to {len(panel.answers) - 1}" if panel.answers else "none to select"
        raise ValidationError(
            f"{index!r} is not an answer index of panel {panel_id!r}; it has {len(panel.answers)} answers ({last})",
            path="answer",
        )
    return {"panel": panel_id, "answer": index}
