"""The Jupyter widget: an :class:`~ctxwidget.model.Article` rendered by the anywidget front end."""

from __future__ import annotations

import logging
import os
import sys
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import anywidget
import traitlets
from traitlets import TraitError

from .errors import ValidationError
from .export import STATIC
from .model import Answer, Article, Panel
from .parsers import load
from .state import (
    UI_DEFAULTS,
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

__all__ = ["KEYWORDS", "ArticleLike", "ContextWidget", "coerce_article"]

log = logging.getLogger("ctxwidget")

ArticleLike = Union[Article, Mapping[str, Any], str, "os.PathLike[str]"]
SelectCallback = Callable[[Panel, Answer], Any]

#: The keyword arguments of :class:`ContextWidget` besides ``article``: the fields of
#: :class:`~ctxwidget.state.UIState`, then the public synced traits of an ipywidgets
#: ``DOMWidget`` (layout, tabbable, tooltip). Private traits are the kernel's own.
KEYWORDS: tuple[str, ...] = UI_FIELDS + tuple(
    sorted(name for name in anywidget.AnyWidget.class_trait_names(sync=True) if not name.startswith("_"))
)


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
    raise ValidationError(f"expected an Article, its dict form or a file path, got {type(article).__name__}")


def _article_to_json(article: Article, _widget: Any) -> dict[str, Any]:
    """What the front end receives of the ``article`` trait: its JSON form."""
    return article.to_dict()


def _ui_trait(name: str) -> Any:
    """The synced trait of one :class:`UIState` field, with its default; ``_validate_ui`` checks it."""
    return _Checked(UI_DEFAULTS[name]).tag(sync=True)


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"{old} is deprecated; use {new}", DeprecationWarning, stacklevel=3)


def _reject(trait: str, exc: ValidationError) -> TraitValidationError:
    return TraitValidationError(exc.problem, path=trait_path(trait, exc.path), line=exc.line)


class ContextWidget(anywidget.AnyWidget):  # type: ignore[misc]
    """A news article with expandable "More Context" panels.

    Parameters
    ----------
    article:
        An :class:`Article`, its dict form, or a path to a ``.json`` or Assembly ``.txt``
        file (default: the built-in example).

    The other keyword arguments are the fields of :class:`~ctxwidget.state.UIState`
    (see there), and the widget's layout keywords ``layout``, ``tabbable`` and
    ``tooltip``; any other keyword raises :class:`TypeError`.

    Each UI field is a synced trait of the same name (``w.expanded``...), and ``w.ui`` is
    all of them as one :class:`~ctxwidget.state.UIState`. Setting an invalid value raises
    :class:`ValidationError` and leaves the widget exactly as it was; an invalid value
    from the front end is logged and the front end is sent the true state.

    The article is held once, as an :class:`Article`, in the synced trait ``w.article``:
    assign an Article, its dict form or a file path (read in the kernel) to show another;
    the front end receives :meth:`Article.to_dict` (and may send back only a dict form).
    """

    _esm = STATIC / "widget.js"
    _css = STATIC / "widget.css"

    # Any: the validators below check every value and name the field in their errors.
    # The article is big and rarely changes; the other traits are small UI state,
    # so a click never resends the article.
    article = _Checked().tag(sync=True, to_json=_article_to_json)
    # One synced trait per UIState field (the fields, defaults and checks are UIState's).
    expanded = _ui_trait("expanded")
    selected = _ui_trait("selected")
    source_filter = _ui_trait("source_filter")
    view = _ui_trait("view")
    labels = _ui_trait("labels")
    annotations = _ui_trait("annotations")
    stack_size = _ui_trait("stack_size")
    # marimo re-runs the cells that read a widget only when its state changes, never on a custom
    # message: under marimo a toggle also sends `expanded` as state (in Jupyter it stays one message).
    _sync_toggles = traitlets.Bool(False).tag(sync=True)
    # True while an update from the front end is applied (set_state): it may not send a path.
    _from_front_end = False

    def __init__(self, article: ArticleLike | None = None, **kwargs: Any) -> None:
        unknown = sorted(set(kwargs) - set(KEYWORDS))
        if unknown:
            raise TypeError(
                f"ContextWidget() got an unexpected keyword argument {unknown[0]!r}; "
                f"it accepts article and {', '.join(KEYWORDS)}"
            )
        if article is None:
            from .examples import nato_ukraine

            article = nato_ukraine()
        value = coerce_article(article)
        self._select_callbacks: list[SelectCallback] = []
        ui = UIState(**{name: kwargs.pop(name) for name in UI_FIELDS if name in kwargs}).checked(value)
        super().__init__(article=value, **ui.to_dict(), _sync_toggles=_in_marimo(), **kwargs)
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
        # From the front end only an Article's dict form: a path would let it make the kernel read files.
        if self._from_front_end and not isinstance(value, Mapping):
            raise _reject(
                "article",
                ValidationError(
                    f"expected the dict form of an Article, got {type(value).__name__}; "
                    "a file path is read from Python only (w.article = path)"
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
            for name in ("expanded", "source_filter", "annotations", "selected"):
                setattr(self, name, getattr(kept, name))

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
        if not isinstance(panel_id, str) or panel_id not in self.article.panel_ids or not isinstance(is_open, bool):
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
        self._from_front_end = True
        try:
            super().set_state(sync_data)
        except TraitError as exc:
            log.warning("ctxwidget: rejected an update from the front end: %s", exc)
            self.send_state([key for key in sync_data if key in self.keys])
        finally:
            self._from_front_end = False

    # -- Python API ---------------------------------------------------------------------

    @property
    def value(self) -> Article:
        """Deprecated: use :attr:`article` (the same :class:`Article`, and assignable the same way)."""
        _deprecated("w.value", "w.article")
        article: Article = self.article
        return article

    @value.setter
    def value(self, article: ArticleLike) -> None:
        _deprecated("w.value", "w.article")
        self.article = article

    def expand(self, *panel_ids: str) -> None:
        """Open these panels (others stay as they are)."""
        self.expanded = [*self.expanded, *panel_ids]

    def collapse(self, *panel_ids: str) -> None:
        """Close these panels."""
        self._checked("expanded", check_expanded, panel_ids, self.article)
        self.expanded = [pid for pid in self.expanded if pid not in panel_ids]

    def expand_all(self) -> None:
        """Open every panel."""
        self.expanded = self.article.panel_ids

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
        panel = self.article.panel(self.selected["panel"])
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
            panel = self.article.panel(panel_id)
            answer = panel.answers[index]
            rows.append((panel_id, panel.question, index, answer.source, answer.text, label))
        order = {pid: i for i, pid in enumerate(self.article.panel_ids)}
        rows.sort(key=lambda row: (order[row[0]], row[2]))
        columns = ["panel_id", "question", "answer_index", "source", "answer", "label"]
        return pandas.DataFrame(rows, columns=columns)

    @property
    def ui(self) -> UIState:
        """The UI state (everything but the article), checked, as one :class:`~ctxwidget.state.UIState`;
        ``w.ui.to_dict()`` is what the front end sees."""
        return UIState(**{name: getattr(self, name) for name in UI_FIELDS})

    def state(self) -> dict[str, Any]:
        """Deprecated: use ``w.ui.to_dict()`` (:attr:`ui` is the same state as a :class:`~ctxwidget.state.UIState`)."""
        _deprecated("w.state()", "w.ui.to_dict()")
        return self.ui.to_dict()

    def to_html(self) -> str:
        """A self-contained HTML page of the widget in its current state."""
        from .export import to_html

        return to_html(self.article, **self.ui.to_dict())

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
        data = {**data, "text/html": static_html(self.article, expanded=self.expanded, annotations=self.annotations)}
        return data, metadata

    def __repr__(self) -> str:
        parts = [
            f"title={self.article.title!r}",
            f"panels={len(self.article.panels)}",
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
