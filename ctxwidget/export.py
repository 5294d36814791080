"""Standalone HTML export: one page that inlines the notebook's own front-end bundle.

The page needs no network: the bundle and stylesheet are embedded, the state is
embedded as JSON (escaped so that no value can end its ``<script>`` element),
and a Content-Security-Policy forbids every request and every script but the
page's own bootstrap.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import Article
from .state import UIState

__all__ = ["STATIC", "state_json", "to_html"]

#: The front end's build output (``npm --prefix js run build``): the widget and this page use it.
STATIC = Path(__file__).parent / "static"

_BOOTSTRAP = """
const esm = document.getElementById("ctxwidget-esm").textContent;
const state = JSON.parse(document.getElementById("ctxwidget-state").textContent);
const url = URL.createObjectURL(new Blob([JSON.parse(esm)], { type: "text/javascript" }));
const mod = await import(url);
URL.revokeObjectURL(url);
window.ctxwidget = mod.mountStandalone(document.getElementById("ctxwidget-root"), state);
document.documentElement.dataset.ctxReady = "true";
""".strip()


def _script_safe_json(value: Any) -> str:
    """JSON that cannot close a ``<script>`` element or open an HTML comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@lru_cache(maxsize=1)
def _bundle() -> tuple[str, str]:
    js_path, css_path = STATIC / "widget.js", STATIC / "widget.css"
    if not js_path.exists():
        raise FileNotFoundError(
            f"{js_path} is missing: build the front end with 'npm --prefix js run build' (pip install runs it for you)"
        )
    return js_path.read_text("utf-8"), css_path.read_text("utf-8")


def state_json(article: Article, **ui: Any) -> dict[str, Any]:
    """The whole widget state a view needs: the article's dict form and the checked
    :class:`~ctxwidget.state.UIState` (the keyword arguments of :func:`to_html`)."""
    return {"article": article.to_dict(), **UIState(**ui).checked(article).to_dict()}


def to_html(article: Article | Mapping[str, Any], **ui: Any) -> str:
    """A self-contained HTML page showing ``article`` with the widget's own front end.

    The keyword arguments are the fields of :class:`~ctxwidget.state.UIState`, the same
    as :class:`~ctxwidget.widget.ContextWidget`'s. The page works offline and makes no
    request.
    """
    value = article if isinstance(article, Article) else Article.from_dict(article)
    state = state_json(value, **ui)
    js, css = _bundle()
    digest = base64.b64encode(hashlib.sha256(_BOOTSTRAP.encode("utf-8")).digest()).decode("ascii")
    policy = (
        "default-src 'none'; "
        f"script-src 'sha256-{digest}' blob:; "
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    css_safe = css.replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ctxwidget">
<title>{html.escape(value.title)}</title>
<style>
body.ctx-standalone {{ margin: 0; padding: 1.5rem; background: #ffffff; }}
@media (prefers-color-scheme: dark) {{ body.ctx-standalone {{ background: #0d1117; }} }}
body.ctx-standalone .ctxwidget {{ margin: 0 auto; }}
{css_safe}
</style>
</head>
<body class="ctx-standalone">
<div id="ctxwidget-root"></div>
<script type="application/json" id="ctxwidget-state">{_script_safe_json(state)}</script>
<script type="application/json" id="ctxwidget-esm">{_script_safe_json(js)}</script>
<script type="module">{_BOOTSTRAP}</script>
</body>
</html>
"""
