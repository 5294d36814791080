"""The Jupyter widget: an :class:`~ctxwidget.model.Article` rendered by the anywidget front end."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import anywidget
import traitlets
from traitlets import TraitError

from .errors import ValidationError
from .model import Answer, Article, Panel
from .parsers import load
from .state import (
    DEFAULT_STACK_SIZE,
    UI_FIELDS,
    UIState,
    annotation_key,
    check_expanded,
    check_field,
    check_labels,
    parse_annotation_key,
    trait_path,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["ArticleLike", "ContextWidget", "coerce_article"]

log = logging.getLogger("ctxwidget")
STATIC = Path(__file__).parent / "static"

ArticleLike = Union[Article, Mapping[str, Any], str, "os.PathLike[str]"]
SelectCallback = Callable[[Panel, Answer], Any]


class _Checked(traitlets.Any):  # type: ignore[misc]
    """Any value, checked by the widget's validators: None too (``traitlets.Any`` lets None skip them)."""

    allow_none = False


class TraitValidationError(ValidationError, TraitError):
    """A :class:`ValidationError` that traitlets also treats as a rejected value (and rolls back)."""


def _in_marimo() -> bool:
    """Whether this runs in a marimo notebook or app (marimo imported and its kernel running)."""
    marimo = sys.modules.get("marimo")
    try:
        return bool(marimo is not None and marimo.running_in_notebook())
    except Exception:  # an unexpected marimo version: behave as in Jupyter
        return False


def coerce_article(article: ArticleLike) -> Article:
    """An :class:`Article` from an Article, its dict form, or a path to a ``.json``/``.txt`` file."""
    if isinstance(article, Article):
        return article
    if isinstance(article, Mapping):
        return Article.from_dict(article)
    if isinstance(article, (str, os.PathLike)):
        return load(article)
    raise ValidationError(f"expected an Article, a dict or a file path, got {type(article).__name__}")


def _article_to_json(article: Article, _widget: Any) -> dict[str, Any]:
    """What the front end receives of the ``article`` trait: its JSON form."""
    return article.to_dict()


def _reject(trait: str, exc: ValidationError) -> TraitValidationError:
    return TraitValidationError(exc.problem, path=trait_path(trait, exc.path), line=exc.line)


class ContextWidget(anywidget.AnyWidget):  # type: ignore[misc]
    """A news article with expandable "More Context" panels.

    Parameters
    ----------
    article:
        An :class:`Article`, its dict form, or a path to a ``.json`` or Assembly ``.txt``
        file (default: the built-in example).

    The keyword arguments are the fields of :class:`~ctxwidget.state.UIState` (others go
    to :class:`anywidget.AnyWidget`):

    expanded:
        Panel ids to open, or ``"all"``.
    selected:
        ``{"panel": <id>, "answer": <index>}`` to highlight one answer and show its evidence.
    labels:
        Annotation labels offered for each answer, e.g. ``("correct", "incorrect", "unsure")``.
    annotations:
        ``{"<panel id>/<answer index>": <label>}``.
    source_filter:
        Outlet domains whose answers are shown (empty: all).
    view:
        ``"article"`` (paragraphs with panels) or ``"grid"`` (questions x outlets).

    Each of these is a synced trait of the same name. Setting an invalid value
    raises :class:`ValidationError` and leaves the widget exactly as it was; an
    invalid value from the front end is logged and the front end is sent the
    true state.

    The article is held once, as an :class:`Article`: ``w.article`` is the synced
    trait (assign an Article or its dict form; the front end receives
    :meth:`Article.to_dict`), and ``w.value`` is the same Article, whose setter also
    takes a file path, read in the kernel.
    """

    _esm = STATIC / "widget.js"
    _css = STATIC / "widget.css"

    # Any: the validators below check every value and name the field in their errors.
    # The article is big and rarely changes; the other traits are small UI state,
    # so a click never resends the article.
    article = _Checked().tag(sync=True, to_json=_article_to_json)
    expanded = _Checked([]).tag(sync=True)
    selected = traitlets.Any(None).tag(sync=True)  # None is a valid selection
    source_filter = _Checked([]).tag(sync=True)
    view = _Checked("article").tag(sync=True)
    labels = _Checked([]).tag(sync=True)
    annotations = _Checked({}).tag(sync=True)
    # marimo re-runs the cells that read a widget only when its state changes, never on a custom
    # message: under marimo a toggle also sends `expanded` as state (in Jupyter it stays one message).
    _sync_toggles = traitlets.Bool(False).tag(sync=True)
    stack_size = _Checked(DEFAULT_STACK_SIZE).tag(sync=True)

    def __init__(self, article: ArticleLike | None = None, **kwargs: Any) -> None:
        if article is None:
            from .examples import nato_ukraine

            article = nato_ukraine()
        value = coerce_article(article)
        self._select_callbacks: list[SelectCallback] = []
        ui = UIState(**{name: kwargs.pop(name) for name in UI_FIELDS if name in kwargs}).checked(value)
        kwargs.setdefault("_sync_toggles", _in_marimo())
        super().__init__(article=value, **ui.to_dict(), **kwargs)
        self.on_msg(self._on_front_end_message)

    @staticmethod
    def _checked(trait: str, check: Callable[..., Any], *args: Any) -> Any:
        try:
            return check(*args)
        except ValidationError as exc:
            raise _reject(trait, exc) from None
        except Exception as exc:  # a validator must only ever reject: anything else would skip the rollback
            raise _reject(trait, ValidationError(f"cannot check this value ({type(exc).__name__}: {exc})")) from None

    # -- validation ---------------------------------------------------------------------

    def _current_article(self) -> Article:
        """The article the UI traits are checked against: the trait's Article, or, while one
        update sets several traits at once, the article given in it (checked here first)."""
        value = self.article
        if isinstance(value, Article):
            return value
        return self._as_article(value)

    def _as_article(self, value: Any) -> Article:
        # Only an Article or its dict form: a path would let the front end make the kernel read files.
        if not isinstance(value, (Article, Mapping)):
            raise _reject(
                "article",
                ValidationError(
                    f"expected an Article or its dict form, got {type(value).__name__}; "
                    "to show a file, use ContextWidget(path) or w.value = path"
                ),
            )
        article: Article = self._checked("article", coerce_article, value)
        return article

    @traitlets.validate("article")
    def _validate_article(self, proposal: Any) -> Article:
        return self._as_article(proposal["value"])

    @traitlets.validate(*UI_FIELDS)
    def _validate_ui(self, proposal: Any) -> Any:
        name = proposal["trait"].name
        # In one front-end update, labels may arrive unchecked beside annotations: check them too.
        labels = self._checked("labels", check_labels, self.labels) if name == "annotations" else []
        return self._checked(name, check_field, name, proposal["value"], self._current_article(), labels)

    @traitlets.observe("article")
    def _on_article(self, change: Any) -> None:
        article: Article = change["new"]
        old = self.ui
        kept = old.kept_for(article)
        dropped = len(old.annotations or {}) - len(kept.annotations or {})
        if dropped:
            log.warning("ctxwidget: the new article drops %d annotation(s)", dropped)
        with self.hold_sync():
            self.expanded = kept.expanded
            self.source_filter = kept.source_filter
            self.annotations = kept.annotations
            self.selected = kept.selected

    @traitlets.observe("labels")
    def _on_labels(self, change: Any) -> None:
        labels = set(change["new"])
        kept = {key: label for key, label in self.annotations.items() if label in labels}
        if len(kept) != len(self.annotations):
            log.warning("ctxwidget: the new labels drop %d annotation(s)", len(self.annotations) - len(kept))
            self.annotations = kept

    def _on_front_end_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """A click that opened or closed one panel: ``{"type": "toggle", "panel": id, "open": bool}``.

        Toggles travel as these small messages, never as the whole list of open panels: the
        new ``expanded`` is not sent back as state; instead every front end is told of the one
        panel that changed.
        """
        if not isinstance(content, dict) or content.get("type") != "toggle":
            log.warning("ctxwidget: ignored a message from the front end: %.200r", content)
            return
        panel_id, is_open = content.get("panel"), content.get("open")
        if not isinstance(panel_id, str) or panel_id not in self.value.panel_ids or not isinstance(is_open, bool):
            log.warning("ctxwidget: rejected a toggle from the front end: %.200r", content)
            self.send_state("expanded")  # tell the front end the true state
            return
        rest = [pid for pid in self.expanded if pid != panel_id]
        expanded = [*rest, panel_id] if is_open else rest
        with self._lock_property(expanded=expanded):
            self.expanded = expanded
        self.send({"type": "toggle", "panel": panel_id, "open": is_open})

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Apply an update from the front end; an invalid one is logged and undone there."""
        try:
            super().set_state(sync_data)
        except TraitError as exc:
            log.warning("ctxwidget: rejected an update from the front end: %s", exc)
            self.send_state([key for key in sync_data if key in self.keys])

    # -- Python API ---------------------------------------------------------------------

    @property
    def value(self) -> Article:
        """The article shown: the :class:`Article` in the ``article`` trait.

        Assign an Article, its dict form or a path to a ``.json``/``.txt`` file to show another.
        """
        article: Article = self.article
        return article

    @value.setter
    def value(self, article: ArticleLike) -> None:
        self.article = self._checked("article", coerce_article, article)

    def expand(self, *panel_ids: str) -> None:
        """Open these panels (others stay as they are)."""
        self.expanded = [*self.expanded, *panel_ids]

    def collapse(self, *panel_ids: str) -> None:
        """Close these panels."""
        self._checked("expanded", check_expanded, panel_ids, self.value)
        self.expanded = [pid for pid in self.expanded if pid not in panel_ids]

    def expand_all(self) -> None:
        """Open every panel."""
        self.expanded = self.value.panel_ids

    def collapse_all(self) -> None:
        """Close every panel."""
        self.expanded = []

    def select(self, panel_id: str | None, answer: int | None = None) -> None:
        """Highlight one answer and show its evidence (``None`` clears the selection)."""
        self.selected = None if panel_id is None else {"panel": panel_id, "answer": answer}

    @property
    def selected_answer(self) -> tuple[Panel, Answer] | None:
        """The selected panel and answer, or ``None``."""
        if self.selected is None:
            return None
        panel = self.value.panel(self.selected["panel"])
        return panel, panel.answers[self.selected["answer"]]

    def on_select(self, callback: SelectCallback, *, remove: bool = False) -> None:
        """Call ``callback(panel, answer)`` whenever an answer is selected (in the UI or from Python)."""
        if remove:
            self._select_callbacks.remove(callback)
        else:
            self._select_callbacks.append(callback)

    @traitlets.observe("selected")
    def _on_selected(self, change: Any) -> None:
        picked = self.selected_answer
        if picked is None:
            return
        for callback in list(self._select_callbacks):
            callback(*picked)

    def annotate(self, panel_id: str, answer: int, label: str | None) -> None:
        """Give one answer a label (``None`` removes its label)."""
        key = annotation_key(panel_id, answer)
        updated = {k: v for k, v in self.annotations.items() if k != key}
        if label is not None:
            updated[key] = label
        self.annotations = updated

    def annotations_frame(self) -> pd.DataFrame:
        """The labels given so far: panel_id, question, answer_index, source, answer, label."""
        from .adapters import require_pandas

        pandas = require_pandas()
        rows = []
        for key, label in self.annotations.items():
            panel_id, index = parse_annotation_key(key) or ("", 0)  # keys were checked
            panel = self.value.panel(panel_id)
            answer = panel.answers[index]
            rows.append((panel_id, panel.question, index, answer.source, answer.text, label))
        order = {pid: i for i, pid in enumerate(self.value.panel_ids)}
        rows.sort(key=lambda row: (order[row[0]], row[2]))
        columns = ["panel_id", "question", "answer_index", "source", "answer", "label"]
        return pandas.DataFrame(rows, columns=columns)

    @property
    def ui(self) -> UIState:
        """The UI state (everything but the article), checked, as one :class:`~ctxwidget.state.UIState`."""
        return UIState(**{name: getattr(self, name) for name in UI_FIELDS})

    def state(self) -> dict[str, Any]:
        """The UI state (everything but the article), as the front end sees it."""
        return self.ui.to_dict()

    def to_html(self) -> str:
        """A self-contained HTML page of the widget in its current state."""
        from .export import to_html

        return to_html(self.value, **self.state())

    def save_html(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`to_html` to ``path`` and return the path."""
        target = Path(path)
        target.write_text(self.to_html(), encoding="utf-8")
        return target

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The widget view, plus the script-free HTML of the article in its current state for
        wherever no widget manager runs (nbconvert's HTML, GitHub, VS Code without a kernel)."""
        from .html_static import static_html

        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        data = {**data, "text/html": static_html(self.value, expanded=self.expanded, annotations=self.annotations)}
        return data, metadata

    def __repr__(self) -> str:
        parts = [
            f"title={self.value.title!r}",
            f"panels={len(self.value.panels)}",
            f"expanded={list(self.expanded)!r}",
            f"selected={self.selected!r}",
        ]
        if self.view != "article":
            parts.append(f"view={self.view!r}")
        if self.source_filter:
            parts.append(f"source_filter={list(self.source_filter)!r}")
        if self.labels:
            parts.append(f"annotations={len(self.annotations)}")
        return f"ContextWidget({', '.join(parts)})"
