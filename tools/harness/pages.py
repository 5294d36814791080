"""What a page did, the widget's DOM contract, exported pages and notebooks open in a browser.

* :class:`RequestLog`: every request, WebSocket, console error and page error of a page.
* :class:`CtxWidget`: locators for the front end's stable DOM contract.
* :class:`ExportPage`: a standalone HTML export open in chromium, mounted.
* :class:`NotebookPage`: a notebook open in JupyterLab or Notebook 7 on a live kernel, with
  ways to run code in that kernel through the page's own connection.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .jupyter import KERNEL_START_S, JupyterServer

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Locator, Page

__all__ = [
    "ARTIFACTS",
    "ROOT",
    "RUN_S",
    "TIMEOUT_MS",
    "CtxWidget",
    "ExportPage",
    "NotebookPage",
    "RequestLog",
    "is_loopback",
    "save_screenshot",
]

#: The repository's root.
ROOT = Path(__file__).resolve().parents[2]
#: Where screenshots and server logs of the tests go (git-ignored).
ARTIFACTS = ROOT / "tests" / "artifacts"
#: Default Playwright timeout for actions and waits, in milliseconds.
TIMEOUT_MS = 20_000
#: How long running a notebook, a cell or a snippet of code may take, in seconds.
RUN_S = 60.0


def save_screenshot(target: Page | Locator, name: str, *, full_page: bool = False, directory: Path = ARTIFACTS) -> Path:
    """Save a PNG of a page (its viewport, or ``full_page``) or of one element to ``directory/name.png``."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.png"
    if hasattr(target, "goto"):  # a Page
        target.screenshot(path=str(path), full_page=full_page)  # type: ignore[call-arg]
    else:
        target.screenshot(path=str(path))
    return path


# -- recording what a page does ------------------------------------------------------------------


@dataclass
class RequestLog:
    """What a page asked the network for, and what went wrong in it.

    Attach it before the page navigates, so the document request itself is recorded.
    Chromium reports some requests its Content-Security-Policy refused as requests (images,
    for example) and others only as console errors (``fetch``): to be sure that nothing tried
    to leave, check ``outside(...)`` and ``console_errors``. ``page_errors`` holds the stack of
    every uncaught exception.
    """

    urls: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    @classmethod
    def attach(cls, page: Page) -> RequestLog:
        log = cls()
        page.on("request", lambda request: log.urls.append(request.url))
        page.on("requestfailed", lambda request: log.failed.append(f"{request.url} ({request.failure})"))
        page.on("websocket", lambda ws: log.websockets.append(ws.url))
        page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda error: log.page_errors.append(error.stack or error.message))
        return log

    def outside(self, allowed: Callable[[str], bool] | Iterable[str]) -> list[str]:
        """Requested URLs (WebSockets included) that are not allowed.

        ``allowed`` is a predicate, or URL prefixes such as ``["file:///tmp/x.html", "blob:"]``.
        """
        if callable(allowed):
            ok = allowed
        else:
            prefixes = tuple(allowed)

            def ok(url: str) -> bool:
                return url.startswith(prefixes)

        return [url for url in [*self.urls, *self.websockets] if not ok(url)]


def is_loopback(url: str) -> bool:
    """True for ``http(s)``/``ws(s)`` URLs on 127.0.0.1 or localhost, and for in-page ``blob:``/``data:`` URLs."""
    from urllib.parse import urlsplit

    if url.startswith(("blob:", "data:")):
        return True
    parts = urlsplit(url)
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in {"127.0.0.1", "localhost"}


# -- the DOM contract ----------------------------------------------------------------------------


@dataclass
class CtxWidget:
    """Locators for one rendered ctxwidget (the front end's stable DOM contract)."""

    root: Locator

    @property
    def panels(self) -> Locator:
        return self.root.locator("[data-ctx-panel]")

    def panel(self, panel_id: str) -> Locator:
        return self.root.locator(f'[data-ctx-panel="{panel_id}"]')

    def toggle(self, panel_id: str) -> Locator:
        """The question button that opens and closes a panel."""
        return self.panel(panel_id).locator("button[aria-expanded]").first

    def chips(self, panel_id: str) -> Locator:
        """The panel's answer chips, in screen order (which grouping may change)."""
        return self.panel(panel_id).locator("[data-ctx-answer]")

    def chip(self, panel_id: str, index: int) -> Locator:
        """The chip of ``panel.answers[index]``."""
        return self.panel(panel_id).locator(f'[data-ctx-answer][data-answer-index="{index}"]')

    @property
    def link(self) -> Locator:
        return self.root.locator("a[data-ctx-link]")


# -- the standalone HTML export ------------------------------------------------------------------


@dataclass
class ExportPage:
    """An exported page open in the browser."""

    page: Page
    path: Path
    log: RequestLog

    @classmethod
    def open(cls, context: BrowserContext, path: Path) -> ExportPage:
        """Open the page at ``path`` in a new tab of ``context`` (its :class:`RequestLog` attached before
        navigation) and wait until the front end has mounted (``html[data-ctx-ready="true"]``)."""
        tab = context.new_page()
        log = RequestLog.attach(tab)
        tab.goto(path.as_uri())
        tab.locator('html[data-ctx-ready="true"]').wait_for(state="attached")
        return cls(page=tab, path=path, log=log)

    @property
    def url(self) -> str:
        return self.path.as_uri()

    @property
    def widget(self) -> CtxWidget:
        return CtxWidget(self.page.locator(".ctxwidget"))

    def model(self, key: str) -> Any:
        """A value of the in-page model (``window.ctxwidget.model``)."""
        return self.page.evaluate("(key) => window.ctxwidget.model.get(key)", key)


# -- a notebook open in JupyterLab or Notebook 7 -------------------------------------------------

# findPanel: the notebook panel of a path, in either front end (both expose the same application
# API). within: a promise that rejects after `ms` (page.evaluate itself never times out).
_FIND_PANEL = """
const findPanel = (path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return null;
  for (const widget of app.shell.widgets("main")) {
    if (widget.context && widget.context.path === path && widget.content && widget.sessionContext) return widget;
  }
  return null;
};
const within = (promise, ms, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms)),
  ]);
"""

_KERNEL_READY = (
    "(path) => {"
    + _FIND_PANEL
    + """
  const panel = findPanel(path);
  if (!panel || !panel.context.isReady || !panel.sessionContext.isReady) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const idle = !!kernel && kernel.connectionStatus === "connected" && kernel.status === "idle";
  return idle ? panel.id : false;
}"""
)

_RUN_ALL = (
    "async ({ path, ms }) => {"
    + _FIND_PANEL
    + """
  const panel = findPanel(path);
  window.jupyterapp.shell.activateById(panel.id);
  const ok = await within(window.jupyterapp.commands.execute("notebook:run-all-cells"), ms, "Run All");
  return ok !== false;
}"""
)

_EXECUTE = (
    "async ({ path, code, ms }) => {"
    + _FIND_PANEL
    + """
  const kernel = findPanel(path).sessionContext.session.kernel;
  const future = kernel.requestExecute({ code, silent: false, store_history: false, allow_stdin: false });
  let out = "";
  let error = null;
  future.onIOPub = (msg) => {
    const type = msg.header.msg_type;
    if (type === "stream") out += msg.content.text;
    else if (type === "error") error = `${msg.content.ename}: ${msg.content.evalue}`;
  };
  const reply = await within(future.done, ms, `executing ${JSON.stringify(code)}`);
  return { out, error, status: reply.content.status };
}"""
)

_APPEND_AND_RUN = (
    "async ({ path, code, ms }) => {"
    + _FIND_PANEL
    + """
  const panel = findPanel(path);
  const notebook = panel.content;
  const index = notebook.model.cells.length;
  notebook.model.sharedModel.insertCell(index, { cell_type: "code", source: code });
  window.jupyterapp.shell.activateById(panel.id);
  notebook.activeCellIndex = index;
  notebook.deselectAll();
  await within(window.jupyterapp.commands.execute("notebook:run-cell"), ms, "running the new cell");
  return index;
}"""
)

# The DOM text of a cell's outputs, once the cell has finished and every output is rendered.
_CELL_OUTPUT = (
    "({ path, index }) => {"
    + _FIND_PANEL
    + """
  const cell = findPanel(path).content.widgets[index];
  if (!cell || cell.model.executionCount === null) return null;
  const prompt = cell.node.querySelector(".jp-InputPrompt");
  if (!prompt || !prompt.textContent.includes(`[${cell.model.executionCount}]`)) return null;
  const nodes = cell.node.querySelectorAll(".jp-OutputArea-output");
  if (nodes.length !== cell.model.outputs.length) return null;
  return { text: Array.from(nodes, (node) => node.innerText).join("\\n") };
}"""
)


@dataclass
class NotebookPage:
    """A notebook open in JupyterLab (``ui="lab"``) or Notebook 7 (``ui="notebook7"``), on a live kernel."""

    page: Page
    server: JupyterServer
    path: str
    ui: Literal["lab", "notebook7"]
    log: RequestLog
    panel_dom_id: str = ""

    @property
    def notebook(self) -> Locator:
        """The notebook panel's element."""
        return self.page.locator(f'[id="{self.panel_dom_id}"]')

    @property
    def widgets(self) -> Locator:
        """Every ctxwidget root in the notebook (one per displayed view)."""
        return self.notebook.locator(".ctxwidget")

    @property
    def widget(self) -> CtxWidget:
        """The first ctxwidget view in the notebook."""
        return CtxWidget(self.widgets.first)

    def wait_for_kernel(self, timeout: float = KERNEL_START_S) -> None:
        """Wait until the server reports the kernel idle, then until the page's connection is idle too."""
        self.server.wait_for_idle_kernel(self.path, timeout)
        handle = self.page.wait_for_function(_KERNEL_READY, arg=self.path, timeout=timeout * 1000, polling=100)
        self.panel_dom_id = str(handle.json_value())

    def run_all(self, timeout: float = RUN_S) -> None:
        """Run every cell and wait until the last one has finished."""
        ok = self.page.evaluate(_RUN_ALL, {"path": self.path, "ms": timeout * 1000})
        assert ok, f"running {self.path} failed (a cell raised?)"

    def wait_for_widgets(self, count: int = 1) -> None:
        """Wait until ``count`` ctxwidget views have rendered, each with at least one panel."""
        self.widgets.nth(count - 1).locator("[data-ctx-panel]").first.wait_for(state="attached")

    def execute(self, code: str, timeout: float = RUN_S) -> str:
        """Run ``code`` on the notebook's kernel through the page's own kernel connection (the one the
        widget's messages travel on, so earlier clicks are processed first) without adding a cell;
        return its stdout. Raises ``AssertionError`` if the code raised."""
        result = self.page.evaluate(_EXECUTE, {"path": self.path, "code": code, "ms": timeout * 1000})
        assert result["error"] is None, f"{code!r} raised {result['error']}"
        return str(result["out"])

    def python(self, expression: str) -> Any:
        """The JSON value of a Python expression, evaluated in the notebook's kernel (e.g. ``"w.expanded"``)."""
        marker = f"@@ctx-{uuid.uuid4().hex}@@"
        out = self.execute(f'print({marker!r} + __import__("json").dumps({expression}) + {marker!r})')
        start, end = out.index(marker) + len(marker), out.rindex(marker)
        return json.loads(out[start:end])

    def wait_for_python(self, expression: str, expected: Any, timeout: float = 10.0) -> Any:
        """Poll :meth:`python` until it equals ``expected`` or ``timeout`` passes; return the last value.

        Assert on the result: ``assert nb.wait_for_python("w.expanded", ["q1"]) == ["q1"]``.
        (ipywidgets may hold a state update back until the kernel has answered the previous one.)
        """
        deadline = time.monotonic() + timeout
        value = self.python(expression)
        while value != expected and time.monotonic() < deadline:
            time.sleep(0.05)
            value = self.python(expression)
        return value

    def run_cell(self, code: str, timeout: float = RUN_S) -> str:
        """Append a visible code cell, run it like a user would, and return its outputs' text as the
        page shows it (a traceback too: a cell that raises does not raise here)."""
        index = self.page.evaluate(_APPEND_AND_RUN, {"path": self.path, "code": code, "ms": timeout * 1000})
        handle = self.page.wait_for_function(
            _CELL_OUTPUT, arg={"path": self.path, "index": index}, timeout=timeout * 1000, polling=50
        )
        return str(handle.json_value()["text"])

    def screenshot(self, name: str) -> Path:
        return save_screenshot(self.page, name)

    @classmethod
    def open(
        cls,
        context: BrowserContext,
        server: JupyterServer,
        path: str,
        ui: Literal["lab", "notebook7"] = "lab",
        *,
        run: bool = True,
        widgets: int = 1,
    ) -> NotebookPage:
        """Open the notebook at server ``path`` in a new tab, wait for its kernel (see
        :meth:`wait_for_kernel`), then, unless ``run=False``, run all cells and wait until
        ``widgets`` ctxwidget views have rendered."""
        tab = context.new_page()
        log = RequestLog.attach(tab)
        nb = cls(page=tab, server=server, path=path, ui=ui, log=log)
        url = f"{server.url}/lab/tree/{path}?reset" if ui == "lab" else f"{server.url}/notebooks/{path}"
        tab.goto(url)
        nb.wait_for_kernel()
        if run:
            nb.run_all()
            nb.wait_for_widgets(widgets)
        return nb

    def restart_kernel(self, timeout: float = 30.0) -> None:
        """Restart the notebook's kernel through the page (its session context), as the Kernel menu does."""
        self.page.evaluate(
            "async ({ path, ms }) => {"
            + _FIND_PANEL
            + "const panel = findPanel(path);"
            + "if (!panel) throw new Error(`no notebook panel for ${path}`);"
            + "await within(panel.sessionContext.restartKernel(), ms, 'kernel restart'); }",
            {"path": self.path, "ms": timeout * 1000},
        )

    def shutdown_kernel(self, timeout: float = 10.0) -> None:
        """Shut the notebook's kernel down through the page, if the server still has its session."""
        if self.server.session(self.path) is not None:
            self.page.evaluate(
                "async ({ path, ms }) => {"
                + _FIND_PANEL
                + "await within(findPanel(path).sessionContext.shutdown(), ms, 'kernel shutdown'); }",
                {"path": self.path, "ms": timeout * 1000},
            )
