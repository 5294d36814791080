"""The Jupyter widget: an :class:`~ctxwidget.model.Article` rendered by the anywidget front end."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Union

import anywidget
import traitlets
from traitlets import TraitError

from .errors import ValidationError
from .model import Answer, Article, Panel
from .parsers import load
from .state import check_expanded, check_selected

__all__ = ["ArticleLike", "ContextWidget", "coerce_article"]

log = logging.getLogger("ctxwidget")
STATIC = Path(__file__).parent / "static"

ArticleLike = Union[Article, Mapping[str, Any], str, "os.PathLike[str]"]
SelectCallback = Callable[[Panel, Answer], Any]


class TraitValidationError(ValidationError, TraitError):
    """A :class:`ValidationError` that traitlets also treats as a rejected value (and rolls back)."""


def coerce_article(article: ArticleLike) -> Article:
    """An :class:`Article` from an Article, its dict form, or a path to a ``.json``/``.txt`` file."""
    if isinstance(article, Article):
        return article
    if isinstance(article, Mapping):
        return Article.from_dict(article)
    if isinstance(article, (str, os.PathLike)):
        return load(article)
    raise ValidationError(f"expected an Article, a dict or a file path, got {type(article).__name__}")


def _reject(trait: str, exc: ValidationError | str) -> TraitValidationError:
    if isinstance(exc, ValidationError):
        sep = "" if exc.path.startswith("[") else "."
        path = f"{trait}{sep}{exc.path}" if exc.path else trait
        return TraitValidationError(exc.problem, path=path, line=exc.line)
    return TraitValidationError(exc, path=trait)


class ContextWidget(anywidget.AnyWidget):  # type: ignore[misc]
    """A news article with expandable "More Context" panels.

    Parameters
    ----------
    article:
        An :class:`Article`, its dict form, or a path to a ``.json`` or Assembly ``.txt`` file.
    expanded:
        Panel ids to open at first display, or ``"all"``.

    Synced traits: ``article`` (the dict form, validated on every set),
    ``expanded`` (open panel ids) and ``selected`` (``{"panel": id, "answer": index}``
    or ``None``). An invalid value raises :class:`ValidationError` and leaves the
    widget as it was.
    """

    _esm = STATIC / "widget.js"
    _css = STATIC / "widget.css"

    # Any: the validators below check the values and name the field in their errors.
    article = traitlets.Any().tag(sync=True)
    expanded = traitlets.Any([]).tag(sync=True)
    selected = traitlets.Any(None).tag(sync=True)

    def __init__(
        self,
        article: ArticleLike | None = None,
        *,
        expanded: Iterable[str] | str = (),
        selected: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if article is None:
            from .examples import nato_ukraine

            article = nato_ukraine()
        value = coerce_article(article)
        self._article = value
        self._pending_article: Article | None = None
        try:
            open_ids = check_expanded(expanded, value)
        except ValidationError as exc:
            raise _reject("expanded", exc) from None
        try:
            selection = check_selected(selected, value)
        except ValidationError as exc:
            raise _reject("selected", exc) from None
        super().__init__(article=value.to_dict(), expanded=open_ids, selected=selection, **kwargs)
        self._select_callbacks: list[SelectCallback] = []

    # -- validation ---------------------------------------------------------------------

    @traitlets.validate("article")
    def _validate_article(self, proposal: Any) -> dict[str, Any]:
        try:
            article = coerce_article(proposal["value"])
        except ValidationError as exc:
            raise _reject("article", exc) from None
        self._pending_article = article
        return article.to_dict()

    @traitlets.observe("article")
    def _on_article(self, change: Any) -> None:
        article = getattr(self, "_pending_article", None) or Article.from_dict(change["new"])
        self._article = article
        self._pending_article = None
        known = set(article.panel_ids)
        with self.hold_sync():
            self.expanded = [pid for pid in self.expanded if pid in known]
            if self.selected is not None:
                try:
                    check_selected(self.selected, article)
                except ValidationError:
                    self.selected = None

    @traitlets.validate("expanded")
    def _validate_expanded(self, proposal: Any) -> list[str]:
        try:
            return check_expanded(proposal["value"], self._current_article())
        except ValidationError as exc:
            raise _reject("expanded", exc) from None

    @traitlets.validate("selected")
    def _validate_selected(self, proposal: Any) -> dict[str, Any] | None:
        try:
            return check_selected(proposal["value"], self._current_article())
        except ValidationError as exc:
            raise _reject("selected", exc) from None

    def _current_article(self) -> Article:
        pending = getattr(self, "_pending_article", None)
        return pending if pending is not None else self._article

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
        """The article shown, as an :class:`Article`."""
        return self._article

    @value.setter
    def value(self, article: ArticleLike) -> None:
        self.article = coerce_article(article).to_dict()

    def expand(self, *panel_ids: str) -> None:
        """Open these panels (others stay as they are)."""
        self.expanded = [*self.expanded, *panel_ids]

    def collapse(self, *panel_ids: str) -> None:
        """Close these panels."""
        check_expanded(panel_ids, self._article)
        self.expanded = [pid for pid in self.expanded if pid not in panel_ids]

    def expand_all(self) -> None:
        """Open every panel."""
        self.expanded = self._article.panel_ids

    def collapse_all(self) -> None:
        """Close every panel."""
        self.expanded = []

    def select(self, panel_id: str | None, answer: int | None = None) -> None:
        """Highlight one answer (``None`` clears the selection)."""
        self.selected = None if panel_id is None else {"panel": panel_id, "answer": answer}

    @property
    def selected_answer(self) -> tuple[Panel, Answer] | None:
        """The selected panel and answer, or ``None``."""
        if self.selected is None:
            return None
        panel = self._article.panel(self.selected["panel"])
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
        for callback in list(getattr(self, "_select_callbacks", ())):
            callback(*picked)

    def to_html(self) -> str:
        """A self-contained HTML page of the widget in its current state."""
        from .export import to_html

        return to_html(self._article, expanded=self.expanded, selected=self.selected)

    def save_html(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`to_html` to ``path`` and return the path."""
        target = Path(path)
        target.write_text(self.to_html(), encoding="utf-8")
        return target

    def __repr__(self) -> str:
        return (
            f"ContextWidget(title={self._article.title!r}, panels={len(self._article.panels)}, "
            f"expanded={list(self.expanded)!r}, selected={self.selected!r})"
        )
