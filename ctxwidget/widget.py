"""The Jupyter widget: an :class:`~ctxwidget.model.Article` rendered by the anywidget front end."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import anywidget
import traitlets
from traitlets import TraitError

from .errors import ValidationError, join_path
from .export import STATIC
from .fields import check_text, short
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
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .labels import LabelStore

__all__ = ["KEYWORDS", "ArticleLike", "ContextWidget", "coerce_article"]

log = logging.getLogger("ctxwidget")

ArticleLike = Union[Article, Mapping[str, Any], str, "os.PathLike[str]"]
SelectCallback = Callable[[Panel, Answer], Any]

#: The keyword arguments of :class:`ContextWidget` besides ``article``: the fields of
#: :class:`~ctxwidget.state.UIState`, then the public synced traits of an ipywidgets
#: ``DOMWidget`` (layout, tabbable, tooltip), and ``store`` and ``annotator`` (where labels are
#: committed). Private traits are the kernel's own.
KEYWORDS: tuple[str, ...] = (
    *UI_FIELDS,
    "store",
    "annotator",
    *sorted(name for name in anywidget.AnyWidget.class_trait_names(sync=True) if not name.startswith("_")),
)

#: How many answers one label message from the front end may name (a whole group row at most;
#: an article's largest panel in practice holds a few hundred).
MAX_MESSAGE_ANSWERS = 10_000


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


def _open_store(store: object) -> LabelStore | None:
    """The :class:`LabelStore` of the ``store`` keyword: ``None``, a store, a path or a URL."""
    if store is None:
        return None
    from .labels import LabelStore

    if isinstance(store, LabelStore):
        return store
    if isinstance(store, (str, os.PathLike)):
        return LabelStore(store)
    raise TypeError(f"store must be a file path, a postgresql:// URL or a LabelStore, got {type(store).__name__}")


def _check_annotator(annotator: object) -> str:
    """``annotator``, checked as text; ``None`` is the operating system's user name."""
    if annotator is None:
        from .labels import default_annotator

        return default_annotator()
    return check_text(annotator, "annotator")


def _reason(exc: BaseException) -> str:
    """One line that says why a write failed."""
    text = " ".join(str(getattr(exc, "problem", "") or exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _with_twins(article: Article, new: dict[str, str], changes: Mapping[str, str | None]) -> dict[str, str]:
    """``new``, completed in place: each changed label also on the answers of the same content
    (they share one id in the store)."""
    from .labels.identity import ArticleIndex

    global _twins
    if _twins is None or _twins.article is not article:
        _twins = ArticleIndex(article)
    result = new
    for key, label in changes.items():
        parsed = parse_annotation_key(key)
        ids = _twins.ids.get(parsed[0]) if parsed is not None else None
        if parsed is None or ids is None or parsed[1] >= len(ids):
            continue
        for twin in _twins.keys(ids[parsed[1]]):
            if label is None:
                result.pop(twin, None)
            else:
                result[twin] = label
    return result


# The answer ids of the last article labelled with a store (hashing them costs a few ms).
_twins: Any = None


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"{old} is deprecated; use {new}", DeprecationWarning, stacklevel=3)


def _reject(trait: str, exc: ValidationError) -> TraitValidationError:
    return TraitValidationError(exc.problem, path=join_path(trait, exc.path), line=exc.line)


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
    unlabelled_only = _ui_trait("unlabelled_only")
    # Where labels are kept, shown in the page: {"location", "annotator", "note"} ({} without a store).
    _store_info = traitlets.Dict().tag(sync=True)
    # marimo re-runs the cells that read a widget only when its state changes, never on a custom
    # message: under marimo a toggle also sends `expanded` as state (in Jupyter it stays one message).
    _sync_toggles = traitlets.Bool(False).tag(sync=True)
    # True while an update from the front end is applied (set_state): it may not send a path.
    _from_front_end = False
    # True while annotations are set from what the store already holds (loading, undo, a view
    # change that drops some, a label message once committed): nothing is written then.
    _quiet = False
    _label_store: LabelStore | None = None
    # The annotations last accepted (kept by an observer, which runs after validation even
    # when traitlets holds notifications and the trait already holds the proposed value).
    _accepted: Mapping[str, str] = {}
    # The article and labels ``_accepted`` was checked against.
    _accepted_context: tuple[Any, tuple[str, ...]] | None = None
    _counts: tuple[Article, dict[str, int]] | None = None
    # The open panels right after the last toggle: what every page's model holds as its own copy
    # of ``expanded`` (set there without being sent) until its next update of another field.
    _last_toggle: frozenset[str] | None = None

    def __init__(
        self,
        article: ArticleLike | None = None,
        *,
        store: str | os.PathLike[str] | LabelStore | None = None,
        annotator: str | None = None,
        **kwargs: Any,
    ) -> None:
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
        # Without a store, the undo of each action: the labels it replaced, by key.
        self._undo_stack: list[dict[str, str | None]] = []
        label_store = _open_store(store)
        who = None if label_store is None else _check_annotator(annotator)
        if label_store is None and annotator is not None:
            raise TypeError(
                "ContextWidget(annotator=...) needs a store=...: labels without a store are not per annotator"
            )
        ui = UIState(**{name: kwargs.pop(name) for name in UI_FIELDS if name in kwargs}).checked(value)
        given = ui.to_dict()
        stored: dict[str, str] = {}
        if label_store is not None and who is not None:
            stored = self._stored_labels(label_store, value, who, given["labels"])
        super().__init__(
            article=value,
            **{**given, "annotations": stored},
            _sync_toggles=_in_marimo(),
            **kwargs,
        )
        self._label_store = label_store
        self._annotator = who
        if given["annotations"]:
            # Labels given to the constructor are labels like any other: with a store, written to it.
            self.annotations = {**stored, **given["annotations"]}
        self.on_msg(self._on_front_end_message)

    def _stored_labels(self, store: LabelStore, article: Article, who: str, labels: list[str]) -> dict[str, str]:
        """``who``'s stored labels of ``article`` that the widget offers; says what it cannot show."""
        found = store.labels_for(article, annotator=who)
        offered = set(labels)
        shown = {key: label for key, label in found.labels.items() if label in offered}
        notes = [found.message] if found.missing else []
        other = len(found.labels) - len(shown)
        if other:
            names = sorted({label for label in found.labels.values() if label not in offered})
            notes.append(
                f"{other} stored {'label is' if other == 1 else 'labels are'} not among this widget's labels "
                f"({', '.join(map(short, names[:5]))}{', ...' if len(names) > 5 else ''})"
            )
        for note in notes:
            log.warning("ctxwidget: %s (store %s, annotator %r)", note, store.location, who)
        self._store_info = {"location": store.location, "annotator": who, "note": "; ".join(notes)}
        return shown

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
        article = self._current_article()
        value = proposal["value"]
        context = (article, tuple(labels))
        changed: dict[str, str] | None = None
        if name == "annotations" and isinstance(value, Mapping) and self._accepted_context == context:
            # The labels accepted last were checked against this article and these labels: check
            # only what differs, so one more label costs the same however many there are.
            accepted = self._accepted
            changed = {key: label for key, label in value.items() if key not in accepted or accepted[key] != label}
            self._checked(name, check_field, name, changed, article, labels)
            value = dict(value)
        else:
            value = self._checked(name, check_field, name, value, article, labels)
        if name == "annotations" and not self._quiet:
            value = self._commit(value, changed)
        return value

    def _commit(self, new: dict[str, str], changed: Mapping[str, str] | None = None) -> dict[str, str]:
        """Write the labels that change from the current ``annotations`` to ``new`` (one action;
        ``changed``: its new and changed labels, if known), before the trait accepts them; a failed
        write raises and the trait keeps its value. Returns ``new`` (the same dict, completed)."""
        old = self._accepted
        if changed is None:
            changed = {key: label for key, label in new.items() if old.get(key) != label}
        changes: dict[str, str | None] = dict(changed)
        if len(new) - len(changed) != len(old):  # some labels were removed
            changes.update({key: None for key in old if key not in new})
        if not changes or not self._write(changes, old):
            return new
        # Answers with the same content share a label in the store: show it on each of them.
        return _with_twins(self.article, new, changes)

    def _write(self, changes: dict[str, str | None], old: Mapping[str, str]) -> bool:
        """Commit ``changes`` (labels by key, ``None``: removed) to the store, one action, or without
        a store keep their undo; returns whether they went to a store. A failed write raises
        :class:`TraitValidationError` (so a trait being set keeps its value) and logs why."""
        store = self._label_store
        if store is None:
            self._undo_stack.append({key: old.get(key) for key in changes})
            return False
        try:
            store.set_many(self.article, dict[Any, Any](changes), annotator=self._annotator)
        except Exception as exc:
            reason = _reason(exc)
            log.error(
                "ctxwidget: %d label(s) not saved to the label store %s: %s", len(changes), store.location, reason
            )
            raise TraitValidationError(
                f"not saved to the label store {store.location}: {reason}; the labels are unchanged",
                path="annotations",
            ) from exc
        return True

    @traitlets.observe("article")
    def _on_article(self, change: Any) -> None:
        article: Article = change["new"]
        old = self.ui
        kept = old.kept_for(article)
        store = self._label_store
        if store is not None and self._annotator is not None:
            # The annotator's labels of the new article are what the store holds for it.
            kept = dataclasses.replace(
                kept, annotations=self._stored_labels(store, article, self._annotator, self.labels)
            )
            self._undo_stack.clear()
        else:
            dropped = len(old.annotations or {}) - len(kept.annotations or {})
            if dropped:
                log.warning("ctxwidget: the new article drops %d annotation(s)", dropped)
        with self.hold_sync(), self._quietly():
            for name in ("expanded", "source_filter", "annotations", "selected"):
                setattr(self, name, getattr(kept, name))

    @traitlets.observe("annotations")
    def _on_annotations(self, change: Any) -> None:
        self._accepted = change["new"]
        self._accepted_context = (self.article, tuple(self.labels))

    @traitlets.observe("labels")
    def _on_labels(self, change: Any) -> None:
        store = self._label_store
        if store is not None and self._annotator is not None:
            # The stored labels the widget now offers are shown; the others stay in the store.
            with self._quietly():
                self.annotations = self._stored_labels(store, self.article, self._annotator, list(change["new"]))
            return
        labels = set(change["new"])
        kept = {key: label for key, label in self.annotations.items() if label in labels}
        if len(kept) != len(self.annotations):
            log.warning("ctxwidget: the new labels drop %d annotation(s)", len(self.annotations) - len(kept))
            with self._quietly():
                self.annotations = kept

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        """Set ``annotations`` without writing to the store (what it shows already is the store's)."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def _on_front_end_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """A small message from the page: a toggle, a label or an undo.

        - ``{"type": "toggle", "panel": id, "open": bool}``: a click that opened or closed one
          panel. Toggles never travel as the whole list of open panels: the new ``expanded`` is
          not sent back as state; instead every front end is told of the one panel that changed.
        - ``{"type": "label", "answers": [[panel id, index], ...], "label": label or None, "id": n}``:
          label these answers (one action: one undo reverts them all); with a store, committed
          to it before ``annotations`` changes.
        - ``{"type": "undo", "id": n}``: revert the annotator's last action.

        A label or undo is answered with ``{"type": "label_result", "id": n, "ok": bool, "keys": [...],
        "error": reason}``; every front end receives the new ``annotations`` as state.
        """
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "label":
            self._on_label_message(content)
            return
        if kind == "undo":
            self._on_undo_message(content)
            return
        if kind != "toggle":
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
        self._last_toggle = frozenset(expanded)
        self.send({"type": "toggle", "panel": panel_id, "open": is_open})

    def _on_label_message(self, content: dict[str, Any]) -> None:
        request = content.get("id")
        try:
            keys, label = self._label_request(content)
        except ValidationError as exc:
            log.warning("ctxwidget: rejected a label from the front end: %s", exc)
            self._label_result(request, [], str(exc))
            return
        # The keys and the label are checked: commit what changes at once, then show it. Only
        # the changed labels are looked at before the commit, whatever the number of labels.
        old = self.annotations
        changes = {key: label for key in keys if old.get(key) != label}
        try:
            stored = bool(changes) and self._write(changes, old)
        except ValidationError as exc:
            self._label_result(request, keys, str(exc))
            return
        if changes:
            updated = dict(old)
            if stored:  # answers with the same content share the label in the store
                _with_twins(self.article, updated, changes)
            else:
                for key, new in changes.items():
                    if new is None:
                        updated.pop(key, None)
                    else:
                        updated[key] = new
            with self._quietly():  # committed (or, without a store, recorded) above
                self.annotations = updated
        self._label_result(request, keys, None)

    def _label_request(self, content: dict[str, Any]) -> tuple[list[str], str | None]:
        """The annotation keys and the label of a label message, checked; raises ValidationError."""
        answers, label = content.get("answers"), content.get("label")
        if not isinstance(answers, list) or not answers or len(answers) > MAX_MESSAGE_ANSWERS:
            raise ValidationError(
                f"expected a list of 1 to {MAX_MESSAGE_ANSWERS} [panel id, index] pairs", path="answers"
            )
        counts = self._answer_counts()
        keys: list[str] = []
        for i, pair in enumerate(answers):
            ok = isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
            index = pair[1] if ok else None
            if (
                not ok
                or isinstance(index, bool)
                or not isinstance(index, int)
                or not 0 <= index < counts.get(pair[0], 0)
            ):
                raise ValidationError(f"{short(pair)} is not an answer of this article", path=f"answers[{i}]")
            keys.append(annotation_key(pair[0], index))
        if label is not None and label not in self.labels:
            raise ValidationError(f"{short(label)} is not one of the labels {list(self.labels)!r}", path="label")
        return keys, label

    def _answer_counts(self) -> dict[str, int]:
        """The number of answers of each panel of the current article (kept until it changes)."""
        cached = self._counts
        if cached is None or cached[0] is not self.article:
            cached = self._counts = (
                self.article,
                {panel.id or "": len(panel.answers) for panel in self.article.panels},
            )
        return cached[1]

    def _label_result(self, request: Any, keys: list[str], error: str | None) -> None:
        request = request if isinstance(request, int) and not isinstance(request, bool) else None
        message: dict[str, Any] = {"type": "label_result", "id": request, "ok": error is None, "keys": keys}
        if error is not None:
            message["error"] = error
        self.send(message)

    def _on_undo_message(self, content: dict[str, Any]) -> None:
        try:
            keys = self.undo()
        except ValidationError as exc:
            self._label_result(content.get("id"), [], str(exc))
            return
        self._label_result(content.get("id"), keys, None)

    def _check_update(self, sync_data: dict[str, Any]) -> None:
        """Check every UI field of a front-end update, even one equal to the current value (traitlets
        validates only values that differ, and ``True == 1``): a refused value raises."""
        article = self._as_article(sync_data["article"]) if "article" in sync_data else self.article
        labels = self._checked("labels", check_labels, sync_data.get("labels", self.labels))
        for name in UI_FIELDS:
            if name in sync_data:
                self._checked(name, check_field, name, sync_data[name], article, labels)

    def _stale_expanded(self, sync_data: dict[str, Any]) -> bool:
        """Whether the update's ``expanded`` is a page's copy of the open panels after the last
        toggle, which Python has replaced since. A page sets that copy in its model without sending
        it (the toggle went as a message), and ipywidgets sends it along with the page's next update
        of another field: applied, it would undo what Python set after the click."""
        value = sync_data.get("expanded")
        if self._last_toggle is None or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return False
        return frozenset(value) == self._last_toggle != frozenset(self.expanded)

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Apply an update from the front end; an invalid one is logged and undone there.

        An ``expanded`` that only repeats a page's copy of the open panels after the last toggle,
        when Python has set ``expanded`` since, is left out (the rest applies) and the page is sent
        the true ``expanded``.
        """
        if self._stale_expanded(sync_data):
            sync_data = {key: value for key, value in sync_data.items() if key != "expanded"}
            self.send_state("expanded")
        self._from_front_end = True
        try:
            self._check_update(sync_data)
            # Annotations go last, on their own: traitlets validates the traits of one update only
            # after setting them all, when the current value no longer tells what changed, and a
            # label must be committed (what changed, against what was there) before it is accepted.
            rest = {key: value for key, value in sync_data.items() if key != "annotations"}
            if rest:
                super().set_state(rest)
            if "annotations" in sync_data:
                self.annotations = sync_data["annotations"]
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
        """Give one answer a label (``None`` removes its label).

        With a ``store``, the label is committed to it first: if the write fails this raises
        :class:`ValidationError` naming the store, and ``annotations`` is unchanged.
        """
        key = annotation_key(panel_id, answer)
        updated = {k: v for k, v in self.annotations.items() if k != key}
        if label is not None:
            updated[key] = label
        self.annotations = updated

    def undo(self) -> list[str]:
        """Revert the last labelling action (a whole group row is one) and return the keys it
        restored (``[]``: nothing to undo). With a ``store``, the store's undo of this annotator's
        last action on this article, recorded in its history as a new event."""
        store = self._label_store
        if store is None:
            if not self._undo_stack:
                return []
            restore = self._undo_stack[-1]
        else:
            try:
                restored = store.undo(self.article, annotator=self._annotator)
            except Exception as exc:
                reason = _reason(exc)
                log.error("ctxwidget: undo not saved to the label store %s: %s", store.location, reason)
                raise ValidationError(
                    f"not saved to the label store {store.location}: {reason}; the labels are unchanged",
                    path="undo",
                ) from exc
            if restored is None:
                return []
            restore = restored
        updated = dict(self.annotations)
        offered = set(self.labels)
        for key, label in restore.items():
            if label is None or label not in offered:
                updated.pop(key, None)
            else:
                updated[key] = label
        with self._quietly():
            self.annotations = updated
        if store is None:
            self._undo_stack.pop()
        return sorted(restore)

    @property
    def label_store(self) -> LabelStore | None:
        """The :class:`~ctxwidget.labels.LabelStore` labels are committed to (``None``: memory only)."""
        return self._label_store

    @property
    def annotator(self) -> str | None:
        """Whose labels this widget shows and writes (``None`` without a store)."""
        return self._annotator

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
