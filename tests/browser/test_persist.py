"""An article that outlives its kernel, in a real chromium.

A notebook is executed with ``jupyter nbconvert --execute``, its widget state removed (what
JupyterLab 4 and Notebook 7 save), then:

- reopened in JupyterLab and in Notebook 7 without running anything: the ``Article`` output
  renders through the lab extension's MIME renderer with every panel, and clicks toggle
  panels and show evidence after the kernel is shut down; payloads a notebook could carry
  but the renderer must refuse show one line each, and the cells around them still render;
- converted with ``jupyter nbconvert --to html`` and opened with JavaScript disabled: every
  question and answer of the ``Article`` and of the ``ContextWidget`` is in the page, each
  panel in a ``<details>``;
- a ``.ctx.json`` file opens from JupyterLab's file browser path as an article.

Screenshots of the reopened notebook and of the no-JavaScript page go to ``tests/artifacts``.
"""

from __future__ import annotations

import contextlib
import copy
import json
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
import pytest

import ctxwidget
from ctxwidget import mime
from tests.browser.conftest import JupyterServer, RequestLog, is_loopback, save_screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Locator, Page

pytestmark = [pytest.mark.browser, pytest.mark.jupyter]

SOURCE = [
    "import ctxwidget\nfrom ctxwidget import ContextWidget\narticle = ctxwidget.examples.nato_ukraine()",
    "article",
    'ContextWidget(article, expanded=["q3"])',
]

# Payloads a tampered or future notebook could carry: each must show one line, never break the page.
BAD_OUTPUTS = {
    "version": {"version": 2, "article": {"title": "From the future"}},
    "article.panels[0].question": {"version": 1, "article": {"title": "T", "panels": [{"question": 7}]}},
    "(payload)": [1, 2, 3],
}
BAD_STATE = {
    "version": 1,
    "article": {"title": "Kept article", "panels": [{"question": "Q?"}]},
    "state": {"expanded": ["zz"]},
}


def _display(data: dict[str, Any]) -> Any:
    return nbformat.v4.new_output("display_data", data=data)  # type: ignore[no-untyped-call]


@pytest.fixture(scope="module")
def saved_notebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The notebook run by ``jupyter nbconvert --execute``, saved without its widget state."""
    folder = tmp_path_factory.mktemp("persist")
    source = folder / "source.ipynb"
    nb = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    nb.cells = [nbformat.v4.new_code_cell(code) for code in SOURCE]  # type: ignore[no-untyped-call]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, source)  # type: ignore[no-untyped-call]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--output",
            "executed",
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    executed = nbformat.read(folder / "executed.ipynb", as_version=4)  # type: ignore[no-untyped-call]
    assert "widgets" in executed.metadata, "nbconvert --execute stores the widget state"
    del executed.metadata["widgets"]  # as JupyterLab 4 and Notebook 7 save it
    saved = folder / "saved.ipynb"
    nbformat.write(executed, saved)  # type: ignore[no-untyped-call]
    return saved


def test_saved_notebook_carries_the_article(saved_notebook: Path) -> None:
    nb = nbformat.read(saved_notebook, as_version=4)  # type: ignore[no-untyped-call]
    article_output = nb.cells[1].outputs[0]
    assert set(article_output.data) == {mime.MIME_TYPE, "text/html", "text/plain"}
    article, _state = mime.read_payload(article_output.data[mime.MIME_TYPE])
    assert article == ctxwidget.examples.nato_ukraine()
    widget_output = nb.cells[2].outputs[0]
    assert "application/vnd.jupyter.widget-view+json" in widget_output.data
    assert "<details" in widget_output.data["text/html"]


def _with_bad_outputs(saved_notebook: Path) -> Any:
    nb = nbformat.read(saved_notebook, as_version=4)  # type: ignore[no-untyped-call]
    for data in [*BAD_OUTPUTS.values(), BAD_STATE]:
        cell = nbformat.v4.new_code_cell("# a payload this renderer must refuse")  # type: ignore[no-untyped-call]
        cell.outputs = [_display({mime.MIME_TYPE: data, "text/plain": "bad"})]
        nb.cells.append(cell)
    # The article again after them: one bad output must not stop the next from rendering.
    again = copy.deepcopy(nb.cells[1])
    again.id = "article-again"
    nb.cells.append(again)
    return nb


@dataclass
class SavedNotebook:
    """A saved notebook open in JupyterLab or Notebook 7, its cells never run."""

    page: Page
    server: JupyterServer
    path: str
    ui: str
    log: RequestLog

    @property
    def notebook(self) -> Locator:
        return self.page.locator(".jp-Notebook")

    def end_kernel(self) -> None:
        """End the kernel JupyterLab may have started for the notebook (none is needed)."""
        session = self.server.session(self.path)
        if session is not None:
            self.server.end_session(session)
        assert self.server.session(self.path) is None


@pytest.fixture
def open_saved(context: BrowserContext, jupyter_server: JupyterServer) -> Iterator[Callable[..., SavedNotebook]]:
    """Factory: put a notebook on the server and open it without waiting for (or using) a kernel."""
    opened: list[SavedNotebook] = []

    def _open(notebook: Any, name: str, ui: str = "lab") -> SavedNotebook:
        path = jupyter_server.add_notebook(notebook, f"saved-{uuid.uuid4().hex[:8]}/{name}")
        page = context.new_page()
        log = RequestLog.attach(page)
        url = f"{jupyter_server.url}/lab/tree/{path}?reset" if ui == "lab" else f"{jupyter_server.url}/notebooks/{path}"
        page.goto(url)
        saved = SavedNotebook(page, jupyter_server, path, ui, log)
        opened.append(saved)
        return saved

    yield _open
    for saved in opened:
        with contextlib.suppress(Exception):
            saved.end_kernel()


def _reopen_and_check(open_saved: Callable[..., SavedNotebook], saved_notebook: Path, ui: str) -> None:
    seed = ctxwidget.examples.nato_ukraine()
    nb = open_saved(_with_bad_outputs(saved_notebook), "reopened.ipynb", ui)
    mime_views = nb.notebook.locator(".ctxwidget-mime .ctxwidget")
    mime_views.nth(2).locator("[data-ctx-panel]").first.wait_for(state="attached")
    assert mime_views.count() == 3  # the article, the article with a bad state, the article again
    errors = nb.notebook.locator(".ctxwidget-mime-error")
    assert errors.count() == len(BAD_OUTPUTS)
    texts = errors.all_text_contents()
    for text, path in zip(texts, BAD_OUTPUTS, strict=True):
        assert text.startswith(f"ctxwidget: cannot show this article: {path}: "), text
        assert "\n" not in text
    notice = nb.notebook.locator(".ctxwidget-mime-notice").text_content() or ""
    assert notice.startswith("ctxwidget: the saved view state was not used (state.expanded[0]: "), notice

    view = mime_views.first
    panels = view.locator("[data-ctx-panel]")
    assert panels.evaluate_all("els => els.map(e => e.getAttribute('data-ctx-panel'))") == seed.panel_ids
    for panel in seed.panels:
        assert panel.question in (view.locator(f'[data-ctx-panel="{panel.id}"]').text_content() or "")
    # No kernel: whatever JupyterLab started is gone before the first click.
    nb.end_kernel()
    toggle = view.locator('[data-ctx-panel="q3"] [data-ctx-toggle]')
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    chip = view.locator('[data-ctx-panel="q3"] [data-ctx-answer][data-answer-index="0"]')
    chip.click()
    evidence = view.locator("[data-ctx-evidence]")
    evidence.wait_for()
    assert seed.panel("q3").answers[0].source in (evidence.text_content() or "")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    view.locator('[data-ctx-panel="q2"] [data-ctx-toggle]').click()
    view.locator('[data-ctx-panel="q2"] [data-ctx-answer]').first.wait_for()
    # Notebook 7 itself logs an error when its kernel goes away; none may come from the renderer.
    assert [e for e in nb.log.page_errors if "ctxwidget" in e] == []
    if ui == "lab":
        assert nb.log.page_errors == []
    assert nb.log.outside(is_loopback) == []
    view.locator('[data-ctx-panel="q2"]').scroll_into_view_if_needed()
    save_screenshot(nb.page, f"persist-{ui}")


def test_reopened_in_jupyterlab(open_saved: Callable[..., SavedNotebook], saved_notebook: Path) -> None:
    _reopen_and_check(open_saved, saved_notebook, "lab")


def test_reopened_in_notebook7(open_saved: Callable[..., SavedNotebook], saved_notebook: Path) -> None:
    _reopen_and_check(open_saved, saved_notebook, "notebook7")


NO_JS_COLLECT = """
() => Array.from(document.querySelectorAll("details"), (d) => ({
  summary: d.querySelector("summary").textContent,
  items: Array.from(d.querySelectorAll("li:not(:has(ul))"), (li) => li.textContent),
  open: d.open,
}))
"""


def test_nbconvert_html_without_javascript(browser: Browser, saved_notebook: Path, tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "html",
            "--output-dir",
            str(tmp_path),
            str(saved_notebook),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    page_path = tmp_path / "saved.html"
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1100, "height": 900})
    try:
        page: Page = context.new_page()
        page.goto(page_path.as_uri())
        assert page.evaluate("1 + 1") == 2  # evaluate still works: it is the page's scripts that are off
        found = page.evaluate(NO_JS_COLLECT)
        seed = ctxwidget.examples.nato_ukraine()
        # The Article's cell, then the ContextWidget's (its text/html fallback: q3 open).
        assert len(found) == 2 * len(seed.panels)
        for copy_index, opened in ((0, set()), (1, {"q3"})):
            shown = found[copy_index * len(seed.panels) : (copy_index + 1) * len(seed.panels)]
            for details, panel in zip(shown, seed.panels, strict=True):
                assert details["summary"].startswith(panel.question)
                assert details["open"] == (panel.id in opened)
                for answer in panel.answers:
                    assert f"{answer.source}: {answer.text}" in details["items"]
        text = page.inner_text("body")
        assert seed.title in text
        assert "Error displaying widget" not in text
        page.locator("details[open]").first.evaluate("(d) => d.previousElementSibling.scrollIntoView()")
        save_screenshot(page, "persist-nbconvert-nojs")
    finally:
        context.close()


def test_ctx_json_file_opens_as_an_article(
    context: BrowserContext, jupyter_server: JupyterServer, tmp_path: Path
) -> None:
    seed = ctxwidget.examples.nato_ukraine()
    folder = jupyter_server.root / "ctxjson"
    folder.mkdir(exist_ok=True)
    mime.write_ctx_json(seed, folder / "nato.ctx.json", expanded=["q2"])
    page = context.new_page()
    page.goto(f"{jupyter_server.url}/lab/tree/ctxjson/nato.ctx.json?reset")
    view = page.locator(".jp-MainAreaWidget .ctxwidget-mime .ctxwidget")
    view.locator("[data-ctx-panel]").first.wait_for(state="attached")
    assert view.locator("[data-ctx-panel]").count() == len(seed.panels)
    toggle = view.locator('[data-ctx-panel="q2"] [data-ctx-toggle]')
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    tab = page.locator('.lm-TabBar-tab.lm-mod-current[data-type="document-title"]')
    assert "nato.ctx.json" in tab.inner_text()
    # A broken file: one line in the document, not a broken tab.
    (folder / "broken.ctx.json").write_text(json.dumps({"version": 9, "article": {}}), encoding="utf-8")
    page.goto(f"{jupyter_server.url}/lab/tree/ctxjson/broken.ctx.json?reset")
    error = page.locator(".jp-MainAreaWidget .ctxwidget-mime-error")
    error.wait_for()
    assert error.inner_text().startswith("ctxwidget: cannot show this article: version: 9 is not a payload version")
