"""Checks for the UI state that goes with an article (open panels, selection).

The widget and the HTML export share them, so both accept exactly the same values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .errors import ValidationError
from .fields import check_unicode
from .model import Article

__all__ = [
    "annotation_key",
    "article_sources",
    "check_annotations",
    "check_expanded",
    "check_labels",
    "check_selected",
    "check_source_filter",
    "check_ui_state",
    "check_view",
    "trait_path",
]


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


VIEWS = ("article", "grid")


def article_sources(article: Article) -> dict[str, int]:
    """Every outlet that answered a question, with its number of answers, most first."""
    counts: dict[str, int] = {}
    for panel in article.panels:
        for answer in panel.answers:
            counts[answer.source] = counts.get(answer.source, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def check_view(value: Any) -> str:
    """``"article"`` or ``"grid"``."""
    if value not in VIEWS:
        raise ValidationError(f"{value!r} is not a view; use 'article' or 'grid'")
    return str(value)


def check_source_filter(value: Iterable[str] | None, article: Article) -> list[str]:
    """Outlet domains to show (empty: show every outlet); each must have answered a question."""
    if value is None:
        return []
    if isinstance(value, (str, Mapping)) or not isinstance(value, Iterable):
        raise ValidationError(f"expected a list of source domains, got {type(value).__name__}")
    sources = article_sources(article)
    result: list[str] = []
    for i, domain in enumerate(value):
        if not isinstance(domain, str):
            raise ValidationError(f"expected a domain string, got {type(domain).__name__}", path=f"[{i}]")
        if domain not in sources:
            shown = list(sources)[:20]
            choices = ", ".join(repr(s) for s in shown) + (", ..." if len(sources) > 20 else "")
            raise ValidationError(
                f"{domain!r} answered no question in this article; its sources are {choices or 'none'}",
                path=f"[{i}]",
            )
        if domain not in result:
            result.append(domain)
    return result


def check_labels(value: Iterable[str] | None) -> list[str]:
    """Annotation labels: distinct, non-empty strings, in order."""
    if value is None:
        return []
    if isinstance(value, (str, Mapping)) or not isinstance(value, Iterable):
        raise ValidationError(
            f'expected a list of label strings such as ("correct", "incorrect"), got {type(value).__name__}'
        )
    result: list[str] = []
    for i, label in enumerate(value):
        if not isinstance(label, str) or not label.strip():
            raise ValidationError(f"expected a non-empty label string, got {label!r}", path=f"[{i}]")
        if label in result:
            raise ValidationError(f"{label!r} is listed twice; labels must be distinct", path=f"[{i}]")
        check_unicode(label, f"[{i}]")
        result.append(label)
    return result


def annotation_key(panel_id: str, answer: int) -> str:
    """The key of one answer in ``annotations``: ``"<panel id>/<answer index>"``."""
    return f"{panel_id}/{answer}"


def check_annotations(value: Mapping[str, str] | None, article: Article, labels: list[str]) -> dict[str, str]:
    """``{"<panel id>/<answer index>": <label>}`` with known answers and labels."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(f'expected a dict {{"<panel id>/<answer index>": "<label>"}}, got {type(value).__name__}')
    counts = {panel.id: len(panel.answers) for panel in article.panels}
    result: dict[str, str] = {}
    for key, label in value.items():
        path = f"[{key!r}]"
        panel_id, sep, index_text = key.rpartition("/") if isinstance(key, str) else ("", "", "")
        if not sep or panel_id not in counts or not index_text.isdigit():
            raise ValidationError(
                f"{key!r} is not an answer key; write '<panel id>/<answer index>', e.g. 'q2/0'", path=path
            )
        index = int(index_text)
        if str(index) != index_text or index >= counts[panel_id]:
            raise ValidationError(
                f"panel {panel_id!r} has {counts[panel_id]} answers; {index_text} is not one of its indices", path=path
            )
        if not labels:
            raise ValidationError("the widget has no labels; pass labels=(...) to annotate", path=path)
        if label not in labels:
            raise ValidationError(f"{label!r} is not one of the labels {labels!r}", path=path)
        result[key] = label
    return result


def trait_path(trait: str, path: str) -> str:
    """``path`` inside the trait: ``expanded`` + ``[0]`` is ``expanded[0]``, ``selected`` + ``panel`` is
    ``selected.panel``."""
    if not path:
        return trait
    return f"{trait}{'' if path.startswith('[') else '.'}{path}"


def _prefixed(trait: str, check: Any, *args: Any) -> Any:
    try:
        return check(*args)
    except ValidationError as exc:
        raise ValidationError(exc.problem, path=trait_path(trait, exc.path)) from None


def check_ui_state(
    article: Article,
    *,
    expanded: Iterable[str] | str = (),
    selected: Mapping[str, Any] | None = None,
    labels: Iterable[str] = (),
    annotations: Mapping[str, str] | None = None,
    source_filter: Iterable[str] = (),
    view: str = "article",
) -> dict[str, Any]:
    """Every UI trait checked against ``article``; errors name the trait (``expanded[0]: ...``)."""
    checked_labels = _prefixed("labels", check_labels, labels)
    return {
        "expanded": _prefixed("expanded", check_expanded, expanded, article),
        "selected": _prefixed("selected", check_selected, selected, article),
        "labels": checked_labels,
        "annotations": _prefixed("annotations", check_annotations, annotations, article, checked_labels),
        "source_filter": _prefixed("source_filter", check_source_filter, source_filter, article),
        "view": _prefixed("view", check_view, view),
    }
