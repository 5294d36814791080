"""The hostile corpus through the two displays that need no kernel, in a real chromium.

The article of ``test_hostile_browser.py`` (every payload of ``tests/data/hostile_strings.json``
in every field, every panel open, every payload an annotation label) as:

- the MIME output of an untrusted notebook opened in JupyterLab, which has no
  Content-Security-Policy for scripts: the lab extension's renderer must show every string
  as text, run nothing, request nothing, and leave JupyterLab's own styles alone;
- the script-free HTML fallback, in a page with JavaScript on: nothing runs, nothing is
  requested, every question and answer is its string, literally.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest

from ctxwidget import Article, mime
from ctxwidget.html_static import static_html
from tests.browser.conftest import RequestLog, is_loopback
from tests.browser.test_hostile_browser import (
    COLLECT,
    LONG_SPANS,
    OUTSIDE_STYLE,
    SENTINEL,
    SLOW_PAGE_MS,
    VALUES,
    check_rendered,
    corpus_article,
    corpus_state,
    parsed_text,
)
from tests.browser.test_persist import SavedNotebook
from tests.browser.test_persist import open_saved as open_saved_fixture

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser


open_saved = open_saved_fixture  # the fixture of test_persist.py, used here too


def _corpus() -> Article:
    return Article.from_dict(corpus_article())


@pytest.mark.jupyter
def test_mime_renderer_shows_every_payload_as_text(
    open_saved: Callable[..., SavedNotebook], context: BrowserContext, dialogs: list[str]
) -> None:
    context.set_default_timeout(SLOW_PAGE_MS)
    payload = mime.payload(_corpus(), **corpus_state())
    notebook = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    cell = nbformat.v4.new_code_cell("article")  # type: ignore[no-untyped-call]
    cell.outputs = [
        nbformat.v4.new_output(  # type: ignore[no-untyped-call]
            "display_data", data={mime.MIME_TYPE: payload, "text/plain": "hostile"}
        )
    ]
    notebook.cells = [cell]
    # Written without a signature: JupyterLab opens it untrusted, and the renderer is safe to run there.
    nb = open_saved(notebook, "hostile-mime.ipynb")
    page = nb.page
    nb.notebook.locator(".ctxwidget-mime .ctxwidget [data-ctx-panel]").first.wait_for(state="attached")
    before = page.evaluate(OUTSIDE_STYLE)
    seen = page.evaluate(COLLECT, [len(VALUES), SENTINEL, LONG_SPANS])
    page.wait_for_timeout(400)  # late events: image errors, frame loads, timers
    check_rendered(seen)
    assert page.evaluate("(name) => typeof window[name]", SENTINEL) == "undefined"
    assert dialogs == []
    assert page.evaluate(OUTSIDE_STYLE) == before
    assert nb.log.outside(is_loopback) == []
    assert nb.log.page_errors == []


FALLBACK_COLLECT = """
(sentinel) => ({
  summaries: Array.from(document.querySelectorAll("details > summary > strong"), (e) => e.textContent),
  first: Array.from(document.querySelectorAll("details"), (d) => d.querySelector("li:not(:has(ul))").textContent),
  paragraphs: Array.from(document.querySelectorAll(".ctxwidget-static > p"), (e) => e.textContent),
  headings: Array.from(document.querySelectorAll(".ctxwidget-static > h3"), (e) => e.textContent),
  tags: [...new Set(Array.from(document.body.querySelectorAll("*"), (e) => e.localName))].sort(),
  handlers: Array.from(document.querySelectorAll("*")).filter(
    (e) => Array.from(e.attributes).some((a) => a.name.toLowerCase().startsWith("on"))).length,
  scripts: document.scripts.length,
  sentinel: typeof window[sentinel],
})
"""


def test_html_fallback_shows_every_payload_as_text(context: BrowserContext, dialogs: list[str], tmp_path: Path) -> None:
    context.set_default_timeout(SLOW_PAGE_MS)
    article = _corpus()
    state = corpus_state()
    fragment = static_html(article, expanded=state["expanded"], annotations=state["annotations"], compact_above=None)
    path = tmp_path / "fallback.html"
    path.write_text(f'<!DOCTYPE html><html lang="en"><meta charset="utf-8"><body>{fragment}</body></html>', "utf-8")
    page = context.new_page()
    log = RequestLog.attach(page)
    page.goto(path.as_uri())
    seen = page.evaluate(FALLBACK_COLLECT, SENTINEL)
    page.wait_for_timeout(400)
    assert seen["sentinel"] == "undefined"
    assert seen["scripts"] == 0
    assert seen["handlers"] == 0
    assert set(seen["tags"]) <= {"div", "p", "h2", "h3", "details", "summary", "ul", "li", "a", "b", "strong", "small"}
    literal = [parsed_text(v) for v in VALUES]
    assert seen["summaries"] == literal
    # Each panel's group of two comes first: the hostile answer, then its annotation label.
    assert seen["first"] == [f"apnews.com: {v} [{v}]" for v in literal]
    assert seen["paragraphs"] == literal
    assert seen["headings"] == literal
    assert dialogs == []
    assert log.outside(lambda url: url == path.as_uri()) == []
    assert log.page_errors == []
