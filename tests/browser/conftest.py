"""Fixtures for real-browser tests: Debian's chromium driven by Playwright, the standalone
HTML export, and a real Jupyter server with a real kernel.

Every test module under ``tests/browser`` gets the fixtures below without importing anything.
The machinery behind them lives in ``tools/harness`` (shared with ``bench/`` and
``docs/screenshots.py``); the classes they return are importable from here too, for type
annotations::

    from tests.browser.conftest import CtxWidget, ExportPage, JupyterServer, NotebookPage

Fixtures
--------
``browser`` (session)
    A Playwright ``Browser``: ``/usr/bin/chromium`` (or ``$CTXWIDGET_CHROMIUM``) launched with
    :data:`CHROMIUM_ARGS`, which keep it off the internet. Chromium or Playwright missing: the
    test is skipped, or fails when ``$CI`` is set (CI must never skip the browser tests silently).
``context`` / ``page``
    A fresh ``BrowserContext`` (1280x900, default timeout :data:`TIMEOUT_MS`) and a ``Page`` in
    it; closed after the test.
``open_export``
    ``open_export(article=None, *, expanded=(), selected=None, html=None, name="export") -> ExportPage``.
    Writes ``ctxwidget.to_html(article, ...)`` (default article: the built-in example; or the
    given ``html``) to ``tmp_path / f"{name}.html"``, opens it in a new page of ``context`` with a
    :class:`RequestLog` attached before navigation, and waits for ``html[data-ctx-ready="true"]``.
``jupyter_server`` (session)
    A :class:`JupyterServer`: ``python -m jupyterlab`` on a free loopback port, token-less,
    ``--ServerApp.port_retries=0``, its own temporary config/runtime/data/workspaces/settings
    directories, the settings of TOOLCHAIN.md (kernels start by themselves, no news or update
    checks), a ``python3`` kernel spec that runs this very interpreter, and ``root`` a temporary
    directory into which tests copy notebooks. Notebook 7 is an extension of the same server, so
    it serves both ``/lab/...`` and ``/notebooks/...``. Terminated at the end of the session;
    its log is copied to ``tests/artifacts/jupyter-server.log``.
``open_lab`` / ``open_notebook7``
    ``open_lab(notebook, *, name=None, files=None, run=True, widgets=1) -> NotebookPage``.
    Copies ``notebook`` (a path, or an ``nbformat`` notebook) into a folder of the server root
    that is unique to the test, as ``name`` (default: its file name; may contain folders), with
    ``files`` (``{path relative to that folder: source path}``, e.g. data the notebook reads);
    opens it in JupyterLab (``/lab/tree/PATH?reset``) or Notebook 7 (``/notebooks/PATH``);
    waits until ``/api/sessions`` reports its kernel ``idle`` and the page's own kernel
    connection is idle too (before that, "Run All" silently runs nothing); runs all cells
    (``run=False`` skips this) and waits until ``widgets`` ctxwidget views have rendered their
    panels. The kernel is shut down when the test ends. For the quick start::

        nb = open_lab(ROOT / "examples/quickstart.ipynb", name="examples/quickstart.ipynb",
                      files={"seeds/000_bd1b6faf786641fe.txt": SEED})
        nb.widget.toggle("q1").click()
        assert nb.wait_for_python("w.expanded", ["q2", "q3", "q1"]) == ["q2", "q3", "q1"]
        assert "['q4']" in nb.run_cell('w.expanded = ["q4"]\nw.expanded')

    :class:`NotebookPage` has ``page``, ``path``, ``log`` (a :class:`RequestLog`), ``notebook``
    (the panel's locator), ``widgets`` / ``widget`` (all views / a :class:`CtxWidget` of the
    first), ``python(expr)`` (the JSON value of ``expr`` in the kernel, through the page's own
    kernel connection, adding no cell), ``wait_for_python(expr, expected)``, ``execute(code)``,
    ``run_cell(code)`` (a new visible cell, run as a user runs it; returns its output text as
    the page shows it), ``run_all()`` and ``screenshot(name)``.

Helpers
-------
:class:`RequestLog`
    Every request, WebSocket, console error and page error of a page.
    ``RequestLog.attach(page)``; ``log.urls``; ``log.outside(allowed) -> list[str]``.
:class:`CtxWidget`
    Locators for the front end's DOM contract: ``root``, ``panels``, ``panel(id)``,
    ``toggle(id)``, ``chips(id)``, ``chip(id, index)``, ``link``.
:func:`save_screenshot`
    ``save_screenshot(page_or_locator, "name") -> Path`` writes ``tests/artifacts/name.png``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn

import pytest

import ctxwidget
from ctxwidget.examples import nato_ukraine
from tools.harness import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    JUPYTER_SETTINGS,
    KERNEL_START_S,
    ROOT,
    RUN_S,
    SERVER_START_S,
    TIMEOUT_MS,
    ChromiumMissing,
    CtxWidget,
    ExportPage,
    JupyterServer,
    NotebookPage,
    RequestLog,
    free_port,
    is_loopback,
    launch,
    save_screenshot,
)

if TYPE_CHECKING:
    import nbformat
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

__all__ = [
    "ARTIFACTS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "JUPYTER_SETTINGS",
    "KERNEL_START_S",
    "ROOT",
    "RUN_S",
    "SERVER_START_S",
    "TIMEOUT_MS",
    "CtxWidget",
    "ExportPage",
    "JupyterServer",
    "NotebookPage",
    "OpenExport",
    "OpenNotebook",
    "RequestLog",
    "free_port",
    "is_loopback",
    "save_screenshot",
    "unavailable",
]


def unavailable(reason: str) -> NoReturn:
    """Skip the test because a tool is missing, or fail it on CI (``$CI`` set), where it must exist."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required on CI)", pytrace=False)
    pytest.skip(reason)


# -- Playwright and chromium ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """The Playwright driver (session-scoped)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the Python package 'playwright' is not installed (pip install -e '.[dev]')")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's chromium, headless and offline (session-scoped). Never downloads a browser."""
    try:
        instance = launch(playwright)
    except ChromiumMissing as exc:
        unavailable(str(exc))
    yield instance
    instance.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context for one test (no shared cookies or storage)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def dialogs(context: BrowserContext) -> list[str]:
    """Every alert/confirm/prompt any page of the context opens (each is dismissed)."""
    opened: list[str] = []

    def on_dialog(dialog: Any) -> None:
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.on("dialog", on_dialog)
    return opened


# -- the standalone HTML export ------------------------------------------------------------------

OpenExport = Callable[..., ExportPage]


@pytest.fixture
def open_export(context: BrowserContext, tmp_path: Path) -> OpenExport:
    """Factory: write an exported page to ``tmp_path``, open it and wait until it has mounted."""

    def _open(
        article: ctxwidget.Article | Mapping[str, Any] | None = None,
        *,
        expanded: Iterable[str] | str = (),
        selected: Mapping[str, Any] | None = None,
        html: str | None = None,
        name: str = "export",
    ) -> ExportPage:
        if html is None:
            html = ctxwidget.to_html(
                article if article is not None else nato_ukraine(), expanded=expanded, selected=selected
            )
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        return ExportPage.open(context, path)

    return _open


# -- a Jupyter server ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def jupyter_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """A token-less JupyterLab server on a free loopback port, for the whole session."""
    try:
        import jupyterlab  # noqa: F401
        import notebook  # noqa: F401
    except ImportError as exc:
        unavailable(f"JupyterLab and Notebook 7 are needed for these tests: {exc}")
    try:
        server = JupyterServer.start(tmp_path_factory.mktemp("jupyter"))
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        server.stop()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(server.log_path, ARTIFACTS / "jupyter-server.log")


# -- a notebook open in JupyterLab or Notebook 7 -------------------------------------------------

OpenNotebook = Callable[..., NotebookPage]


def _notebook_opener(
    ui: Literal["lab", "notebook7"],
    context: BrowserContext,
    server: JupyterServer,
    request: pytest.FixtureRequest,
) -> Iterator[OpenNotebook]:
    opened: list[NotebookPage] = []
    folder = f"{request.node.name}-{uuid.uuid4().hex[:6]}".replace("[", "-").replace("]", "")

    def _open(
        notebook: Path | nbformat.NotebookNode,
        *,
        name: str | None = None,
        files: Mapping[str, Path] | None = None,
        run: bool = True,
        widgets: int = 1,
    ) -> NotebookPage:
        if name is None:
            name = notebook.name if isinstance(notebook, Path) else "notebook.ipynb"
        files = {f"{folder}/{relative}": source for relative, source in (files or {}).items()}
        path = server.add_notebook(notebook, f"{folder}/{name}", files)
        nb = NotebookPage.open(context, server, path, ui, run=run, widgets=widgets)
        opened.append(nb)
        return nb

    yield _open
    for nb in opened:
        with contextlib.suppress(Exception):
            nb.shutdown_kernel()


@pytest.fixture
def open_lab(
    context: BrowserContext, jupyter_server: JupyterServer, request: pytest.FixtureRequest
) -> Iterator[OpenNotebook]:
    """Factory: open a notebook in JupyterLab on a live kernel and run it (see the module docstring)."""
    yield from _notebook_opener("lab", context, jupyter_server, request)


@pytest.fixture
def open_notebook7(
    context: BrowserContext, jupyter_server: JupyterServer, request: pytest.FixtureRequest
) -> Iterator[OpenNotebook]:
    """Factory: open a notebook in Notebook 7 (``/notebooks/PATH``) on a live kernel and run it."""
    yield from _notebook_opener("notebook7", context, jupyter_server, request)
