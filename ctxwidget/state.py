"""The UI state that goes with an article (open panels, selection, filters, labels).

:class:`UIState` is the one description of it: the widget's synced traits, the
HTML export's keyword arguments and the state embedded in an exported page are
its fields. The widget and the export check values with the same functions, so
both accept exactly the same values. Adding a UI field means a field (default, check,
doc) in :class:`UIState` here, its entry in ``js/src/state.ts`` and in
``tests/data/ui_state.json``, and the view that shows it; the widget's trait follows
from the field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .errors import ValidationError, join_path
from .fields import check_unicode
from .model import Article
from .rules import annotation_key, parse_annotation_key, source_counts

__all__ = [
    "UI_DEFAULTS",
    "UI_FIELDS",
    "UIState",
    "annotation_key",
    "article_sources",
    "check_annotations",
    "check_expanded",
    "check_labels",
    "check_selected",
    "check_source_filter",
    "check_stack_size",
    "check_ui_state",
    "check_unlabelled_only",
    "check_view",
    "parse_annotation_key",
    "ui_fields_json",
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


VIEWS = ("article", "grid", "outlets")


def article_sources(article: Article) -> dict[str, int]:
    """Every outlet that answered a question, with its number of answers, most first."""
    return source_counts(article.panels)


def check_view(value: Any) -> str:
    """``"article"``, ``"grid"`` or ``"outlets"``."""
    if value not in VIEWS:
        raise ValidationError(f"{value!r} is not a view; use 'article', 'grid' or 'outlets'")
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
        parsed = parse_annotation_key(key)
        if parsed is None or parsed[0] not in counts:
            raise ValidationError(
                f"{key!r} is not an answer key; write '<panel id>/<answer index>', e.g. 'q2/0'", path=path
            )
        panel_id, index = parsed
        index_text = key.rpartition("/")[2]
        if annotation_key(panel_id, index) != key or index >= counts[panel_id]:
            raise ValidationError(
                f"panel {panel_id!r} has {counts[panel_id]} answers; {index_text} is not one of its indices", path=path
            )
        if not labels:
            raise ValidationError("the widget has no labels; pass labels=(...) to annotate", path=path)
        if label not in labels:
            raise ValidationError(f"{label!r} is not one of the labels {labels!r}", path=path)
        result[key] = label
    return result


#: Questions a stack shows until the reader asks for the rest, unless told otherwise.
DEFAULT_STACK_SIZE = 3


def check_stack_size(value: Any) -> int | None:
    """Questions a stack shows until asked: a whole number of at least 1, or ``None`` for all of them."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(
            f"expected a whole number of questions of at least 1, or None to show every question; got {value!r}"
        )
    return int(value)


def check_unlabelled_only(value: Any) -> bool:
    """``True`` shows only the answers that have no label yet; ``False`` (the default) shows all."""
    if not isinstance(value, bool):
        raise ValidationError(f"expected True or False, got {value!r}")
    return value


#: A field's check: (value, article, the checked labels) -> the value in normal form.
Check = Callable[[Any, Article, list[str]], Any]


def _ui_field(default: Any, check: Check, doc: str) -> Any:
    """One :class:`UIState` field: its default, its check and its documentation, together.
    A dict default (mutable) is made fresh for each state."""
    metadata = {"check": check, "doc": doc}
    if isinstance(default, dict):
        return dataclasses.field(default_factory=lambda: dict(default), metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass(frozen=True)
class UIState:
    """What a view shows of an article besides the article itself.

    This class is the one declaration of the UI state: each field carries its default, its
    check and its documentation. The widget's synced traits and keyword arguments, the
    keyword arguments of :func:`~ctxwidget.export.to_html` and the state of a MIME payload
    or an exported page are its fields; ``js/src/state.ts`` mirrors it (pinned by
    ``tests/data/ui_state.json``).

    Built with any values; :meth:`checked` validates them against an article and returns the
    normal form (lists and dicts, ``"all"`` spelled out as every panel id).
    """

    expanded: Iterable[str] | str = _ui_field(
        (), lambda value, article, _labels: check_expanded(value, article), 'Open panel ids, or ``"all"``.'
    )
    selected: Mapping[str, Any] | None = _ui_field(
        None,
        lambda value, article, _labels: check_selected(value, article),
        '``None`` or ``{"panel": <id>, "answer": <index>}``: the answer highlighted with its evidence.',
    )
    source_filter: Iterable[str] | None = _ui_field(
        (),
        lambda value, article, _labels: check_source_filter(value, article),
        "Outlet domains whose answers are shown (empty: all).",
    )
    view: str = _ui_field(
        "article",
        lambda value, _article, _labels: check_view(value),
        '``"article"`` (paragraphs with panels), ``"grid"`` (questions x outlets) or ``"outlets"``'
        " (each outlet's agreement with the others).",
    )
    labels: Iterable[str] | None = _ui_field(
        (),
        lambda value, _article, _labels: check_labels(value),
        'Annotation labels offered for each answer, e.g. ``("correct", "incorrect")``.',
    )
    annotations: Mapping[str, str] | None = _ui_field(
        {},
        check_annotations,
        '``{"<panel id>/<answer index>": <label>}`` (see :func:`annotation_key`); checked against ``labels``.',
    )
    stack_size: int | None = _ui_field(
        DEFAULT_STACK_SIZE,
        lambda value, _article, _labels: check_stack_size(value),
        "How many questions each stack (the questions at one place in the article, ranked) shows "
        f"until the reader asks for the rest; ``None`` shows them all. Default {DEFAULT_STACK_SIZE}.",
    )
    unlabelled_only: bool = _ui_field(
        False,
        lambda value, _article, _labels: check_unlabelled_only(value),
        "Show only the answers that have no label yet (``True``), or every answer (``False``).",
    )

    def checked(self, article: Article) -> UIState:
        """Every field checked against ``article``; errors name the field (``expanded[0]: ...``)."""
        labels: list[str] = _check_named("labels", self.labels, article, [])
        values: dict[str, Any] = {
            name: labels if name == "labels" else _check_named(name, getattr(self, name), article, labels)
            for name in UI_FIELDS
        }
        return UIState(**values)

    def kept_for(self, article: Article) -> UIState:
        """This checked state with what does not apply to a new ``article`` left out: panels,
        sources and annotated answers it does not have, and a selection it cannot show."""
        ids = set(article.panel_ids)
        counts = {panel.id: len(panel.answers) for panel in article.panels}
        sources = article_sources(article)
        annotations = {}
        for key, label in (self.annotations or {}).items():
            parsed = parse_annotation_key(key)
            if parsed is not None and parsed[1] < counts.get(parsed[0], 0):
                annotations[key] = label
        selected = self.selected
        if selected is not None:
            try:
                check_selected(selected, article)
            except ValidationError:
                selected = None
        return dataclasses.replace(
            self,
            expanded=[pid for pid in self.expanded if pid in ids],
            source_filter=[s for s in self.source_filter or () if s in sources],
            annotations=annotations,
            selected=selected,
        )

    def to_dict(self) -> dict[str, Any]:
        """The fields by name, as the front end reads them (lists and dicts copied)."""
        return {name: _copied(getattr(self, name)) for name in UI_FIELDS}


_FIELDS = dataclasses.fields(UIState)
#: The names of the UI fields, in the order of :class:`UIState`.
UI_FIELDS: tuple[str, ...] = tuple(field.name for field in _FIELDS)
_CHECKS: dict[str, Check] = {field.name: field.metadata["check"] for field in _FIELDS}


def check_field(name: str, value: Any, article: Article, labels: list[str]) -> Any:
    """One UI field checked against ``article`` (and the checked ``labels``, for annotations);
    error paths are inside the field (``[0]``), see :func:`~ctxwidget.errors.join_path`."""
    return _CHECKS[name](value, article, labels)


def _check_named(name: str, value: Any, article: Article, labels: list[str]) -> Any:
    try:
        return check_field(name, value, article, labels)
    except ValidationError as exc:
        raise ValidationError(exc.problem, path=join_path(name, exc.path)) from None


def _copied(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


#: Each field's default in normal form (what the front end shows when it is given no state).
UI_DEFAULTS: dict[str, Any] = UIState().to_dict()


def ui_fields_json() -> dict[str, Any]:
    """The fields of :class:`UIState` as JSON: ``{name: {"default": ..., "doc": ...}}`` in field
    order. ``tests/data/ui_state.json`` holds the names and defaults, and ``js/src/state.ts``
    is tested against that file."""
    return {field.name: {"default": UI_DEFAULTS[field.name], "doc": field.metadata["doc"]} for field in _FIELDS}


def _attributes_doc() -> str:
    lines = ["", "", "    Attributes", "    ----------"]
    for field in _FIELDS:
        lines += [f"    {field.name}:", f"        {field.metadata['doc']}"]
    return "\n".join(lines) + "\n    "


# The attributes section is written from the fields, so no docstring repeats them.
UIState.__doc__ = (UIState.__doc__ or "").rstrip() + _attributes_doc()


def check_ui_state(article: Article, **ui: Any) -> dict[str, Any]:
    """``UIState(**ui).checked(article).to_dict()``: every UI field checked against ``article``."""
    return UIState(**ui).checked(article).to_dict()
