"""The article's own MIME type, ``application/vnd.ctxwidget.v1+json``, and ``.ctx.json`` files.

An :class:`~ctxwidget.model.Article` displays itself through :func:`mimebundle`: the
versioned payload below (rendered in JupyterLab 4 and Notebook 7 by the lab extension
that ships in the wheel, with no kernel), a script-free ``text/html``
(:func:`ctxwidget.html_static.static_html`) for every place without that renderer, and a
one-line ``text/plain``.

The payload, and the content of a ``*.ctx.json`` file::

    {"version": 1,
     "article": {...the article's dict form (ctxwidget schema)...},
     "state": {...the fields of ctxwidget.state.UIState, in normal form...}}

``state`` may be left out, or any of its fields (each then has its default, see
:data:`~ctxwidget.state.UI_DEFAULTS`), and a file may hold the bare article dict form
instead (no ``version``). The renderer checks what it is given as strictly as
:func:`read_payload` does (the cases in ``tests/data/mime_payloads.json`` pin both): a
payload it cannot show is a one-line error in its output area, and a state that does
not fit its article is replaced by the default state with a one-line notice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import ValidationError, join_path
from .html_static import static_html
from .model import Article
from .state import UI_FIELDS, check_ui_state

__all__ = [
    "MAX_PAYLOAD_BYTES",
    "MIME_TYPE",
    "PAYLOAD_VERSION",
    "mimebundle",
    "payload",
    "plain_text",
    "read_ctx_json",
    "read_payload",
    "write_ctx_json",
]

MIME_TYPE = "application/vnd.ctxwidget.v1+json"
PAYLOAD_VERSION = 1
#: The renderer refuses payloads whose text is larger than this (a one-line error instead);
#: :func:`payload` refuses them too, so a notebook never carries one.
MAX_PAYLOAD_BYTES = 64 * 1024 * 1024


def payload(article: Article, **ui: Any) -> dict[str, Any]:
    """The versioned MIME payload of ``article`` with its UI state (the keyword arguments of
    :class:`~ctxwidget.widget.ContextWidget`, checked against the article)."""
    data = {"version": PAYLOAD_VERSION, "article": article.to_dict(), "state": check_ui_state(article, **ui)}
    return data


def plain_text(article: Article) -> str:
    """A one-line ``text/plain``: the title and the counts (a notebook diff stays readable)."""
    answers = sum(len(p.answers) for p in article.panels)
    return (
        f"Article(title={article.title!r}, paragraphs={len(article.paragraphs)}, "
        f"panels={len(article.panels)}, answers={answers})"
    )


def mimebundle(article: Article, **ui: Any) -> dict[str, Any]:
    """What ``Article._repr_mimebundle_`` returns: the payload, ``text/html`` and ``text/plain``."""
    data = payload(article, **ui)
    size = len(json.dumps(data["article"], ensure_ascii=False).encode("utf-8"))
    if size > MAX_PAYLOAD_BYTES:
        raise ValidationError(
            f"the article's JSON is {size / 1e6:.0f} MB, above the {MAX_PAYLOAD_BYTES // 2**20} MiB a notebook "
            "output may carry; show it with ContextWidget or export it with ctxwidget html",
            path="(article)",
        )
    state = data["state"]
    return {
        MIME_TYPE: data,
        "text/html": static_html(article, expanded=state["expanded"], annotations=state["annotations"]),
        "text/plain": plain_text(article),
    }


def _field(prefix: str, exc: ValidationError) -> ValidationError:
    """``exc`` with its path inside ``prefix``: ``panels[0].id`` in ``article`` is ``article.panels[0].id``."""
    return ValidationError(exc.problem, path=join_path(prefix, exc.path))


def read_payload(data: Any) -> tuple[Article, dict[str, Any]]:
    """The article and its checked UI state from a payload (or a bare article dict form).

    Raises :class:`ValidationError` naming the field: ``version``, ``article.panels[0].question``,
    ``state.expanded[0]``...
    """
    if not isinstance(data, Mapping):
        raise ValidationError(
            f'expected a JSON object {{"version": 1, "article": ...}}, got {type(data).__name__}', path="(payload)"
        )
    if "version" not in data:
        if "title" in data:  # a bare article
            article = Article.from_dict(data)
            return article, check_ui_state(article)
        raise ValidationError('is missing: write {"version": 1, "article": {...}}', path="version")
    version = data["version"]
    if version != PAYLOAD_VERSION or isinstance(version, bool):
        raise ValidationError(
            f"{version!r} is not a payload version this ctxwidget reads (it reads {PAYLOAD_VERSION}); "
            "upgrade ctxwidget",
            path="version",
        )
    unknown = sorted(set(data) - {"version", "article", "state"})
    if unknown:
        raise ValidationError(
            f"unknown field {unknown[0]!r}; allowed fields are version, article, state", path="(payload)"
        )
    if "article" not in data:
        raise ValidationError("is required but missing", path="article")
    if not isinstance(data["article"], Mapping):
        raise ValidationError(f"expected an object, got {type(data['article']).__name__}", path="article")
    try:
        article = Article.from_dict(data["article"])
    except ValidationError as exc:
        raise _field("article", exc) from None
    state = data.get("state")
    if state is None:
        state = {}
    if not isinstance(state, Mapping):
        raise ValidationError(f"expected an object, got {type(state).__name__}", path="state")
    extra = sorted(set(state) - set(UI_FIELDS))
    if extra:
        raise ValidationError(f"unknown field {extra[0]!r}; allowed fields are {', '.join(UI_FIELDS)}", path="state")
    try:
        checked = check_ui_state(article, **state)
    except ValidationError as exc:
        raise _field("state", exc) from None
    return article, checked


def write_ctx_json(article: Article, path: str | os.PathLike[str], **ui: Any) -> Path:
    """Write ``article`` (with its UI state) as a ``.ctx.json`` file, which JupyterLab opens as an
    article from its file browser; returns the path."""
    target = Path(path)
    target.write_text(json.dumps(payload(article, **ui), ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def read_ctx_json(path: str | os.PathLike[str]) -> tuple[Article, dict[str, Any]]:
    """Read a ``.ctx.json`` file written by :func:`write_ctx_json` (or holding a bare article)."""
    raw = Path(path).read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"not a JSON file ({exc})", path=str(path)) from None
    return read_payload(data)
