"""Fixtures for real-browser tests: Debian's chromium driven by Playwright, the standalone
HTML export, and a real Jupyter server with a real kernel.

Every test module under ``tests/browser`` gets the fixtures below without importing anything.
The classes they return are importable for type annotations::

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
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn

import pytest

import ctxwidget
from ctxwidget.examples import nato_ukraine

if TYPE_CHECKING:
    import nbformat
    from playwright.sync_api import Browser, BrowserContext, Locator, Page, Playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("CTXWIDGET_CHROMIUM", "/usr/bin/chromium")
#: Flags measured in TOOLCHAIN.md: without the networking ones Chromium tries to reach the internet.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: Default Playwright timeout for actions and waits, in milliseconds.
TIMEOUT_MS = 20_000
#: How long the Jupyter server may take to answer ``/api/status``, in seconds.
SERVER_START_S = 60.0
#: How long a kernel may take to start and become idle, in seconds.
KERNEL_START_S = 60.0
#: How long running a notebook, a cell or a snippet of code may take, in seconds.
RUN_S = 60.0

#: User settings that keep JupyterLab and Notebook 7 from asking questions or going online.
JUPYTER_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/notebook-extension/tracker": {"autoStartDefaultKernel": True},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def unavailable(reason: str) -> NoReturn:
    """Skip the test because a tool is missing, or fail it on CI (``$CI`` set), where it must exist."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required on CI)", pytrace=False)
    pytest.skip(reason)


def save_screenshot(target: Page | Locator, name: str, *, full_page: bool = False) -> Path:
    """Save a PNG of a page (its viewport, or ``full_page``) or of one element to ``tests/artifacts/``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
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
        return self.panel(panel_id).locator("button[aria-expanded]")

    def chips(self, panel_id: str) -> Locator:
        """The panel's answer chips, in screen order (which grouping may change)."""
        return self.panel(panel_id).locator("[data-ctx-answer]")

    def chip(self, panel_id: str, index: int) -> Locator:
        """The chip of ``panel.answers[index]``."""
        return self.panel(panel_id).locator(f'[data-ctx-answer][data-answer-index="{index}"]')

    @property
    def link(self) -> Locator:
        return self.root.locator("a[data-ctx-link]")


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
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"chromium not found at {CHROMIUM} (apt-get install chromium, or set CTXWIDGET_CHROMIUM)")
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), headless=True)
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


# -- the standalone HTML export ------------------------------------------------------------------


@dataclass
class ExportPage:
    """An exported page open in the browser."""

    page: Page
    path: Path
    log: RequestLog

    @property
    def url(self) -> str:
        return self.path.as_uri()

    @property
    def widget(self) -> CtxWidget:
        return CtxWidget(self.page.locator(".ctxwidget"))

    def model(self, key: str) -> Any:
        """A value of the in-page model (``window.ctxwidget.model``)."""
        return self.page.evaluate("(key) => window.ctxwidget.model.get(key)", key)


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
        tab = context.new_page()
        log = RequestLog.attach(tab)
        tab.goto(path.as_uri())
        tab.locator('html[data-ctx-ready="true"]').wait_for(state="attached")
        return ExportPage(page=tab, path=path, log=log)

    return _open


# -- a Jupyter server ----------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class JupyterServer:
    """A running ``jupyter lab`` (which also serves Notebook 7) on 127.0.0.1."""

    url: str
    root: Path
    process: subprocess.Popen[bytes]
    log_path: Path

    def api(self, path: str) -> Any:
        """GET ``/api/...`` and decode the JSON answer."""
        with urllib.request.urlopen(f"{self.url}/api/{path.lstrip('/')}", timeout=10) as response:
            return json.loads(response.read())

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text("utf-8", errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def add_notebook(
        self, notebook: Path | nbformat.NotebookNode, name: str, files: Mapping[str, Path] | None = None
    ) -> str:
        """Put a notebook (and the files it reads) into the server root; returns its server path."""
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(notebook, Path):
            shutil.copyfile(notebook, target)
        else:
            import nbformat

            nbformat.write(notebook, target)  # type: ignore[no-untyped-call]
        for relative, source in (files or {}).items():
            dest = self.root / relative
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
        return target.relative_to(self.root).as_posix()

    def session(self, path: str) -> dict[str, Any] | None:
        """The server's session for a notebook path, if any."""
        for session in self.api("sessions"):
            if session.get("path") == path:
                return dict(session)
        return None

    def wait_for_idle_kernel(self, path: str, timeout: float = KERNEL_START_S) -> dict[str, Any]:
        """Poll ``/api/sessions`` until the notebook has a kernel whose execution state is ``idle``."""
        deadline = time.monotonic() + timeout
        last: dict[str, Any] | None = None
        while time.monotonic() < deadline:
            last = self.session(path)
            if last and (last.get("kernel") or {}).get("execution_state") == "idle":
                return last
            time.sleep(0.1)
        raise AssertionError(f"no idle kernel for {path} after {timeout:.0f} s; session: {last}\n{self.log_tail()}")


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=1), encoding="utf-8")


def _start_server(base: Path, port: int) -> tuple[subprocess.Popen[bytes], Path]:
    dirs = {name: base / name for name in ("config", "runtime", "data", "workspaces", "settings", "ipython")}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    for plugin, values in JUPYTER_SETTINGS.items():
        _write_json(dirs["settings"] / f"{plugin}.jupyterlab-settings", values)
    # A kernel spec for this interpreter: the kernel must import the ctxwidget under test.
    _write_json(
        dirs["data"] / "kernels" / "python3" / "kernel.json",
        {
            "argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
        },
    )
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTERLAB_WORKSPACES_DIR": str(dirs["workspaces"]),
        "JUPYTERLAB_SETTINGS_DIR": str(dirs["settings"]),
        "IPYTHONDIR": str(dirs["ipython"]),
        "PYTHONUNBUFFERED": "1",
    }
    log_path = base / "server.log"
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--allow-root",
        f"--ServerApp.root_dir={base / 'root'}",
        # The page exposes window.jupyterapp: tests drive commands and the kernel through it.
        "--LabApp.expose_app_in_browser=True",
        "--JupyterNotebookApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=None",
    ]
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command, env=env, cwd=base, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    return process, log_path


def _stop_server(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (the server then shuts its kernels down), SIGKILL to its process group if it hangs."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@pytest.fixture(scope="session")
def jupyter_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """A token-less JupyterLab server on a free loopback port, for the whole session."""
    try:
        import jupyterlab  # noqa: F401
        import notebook  # noqa: F401
    except ImportError as exc:
        unavailable(f"JupyterLab and Notebook 7 are needed for these tests: {exc}")
    base = tmp_path_factory.mktemp("jupyter")
    (base / "root").mkdir()
    server: JupyterServer | None = None
    for _attempt in range(3):  # a free port can be taken between the probe and the bind
        port = free_port()
        process, log_path = _start_server(base, port)
        candidate = JupyterServer(
            url=f"http://127.0.0.1:{port}", root=base / "root", process=process, log_path=log_path
        )
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline and process.poll() is None:
            try:
                candidate.api("status")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
                continue
            server = candidate
            break
        if server is not None:
            break
        _stop_server(process)
    if server is None:
        log = log_path.read_text("utf-8", errors="replace")[-4000:]
        pytest.fail(f"the Jupyter server did not start:\n{log}", pytrace=False)
    try:
        yield server
    finally:
        _stop_server(server.process)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(server.log_path, ARTIFACTS / "jupyter-server.log")


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
        tab = context.new_page()
        log = RequestLog.attach(tab)
        nb = NotebookPage(page=tab, server=server, path=path, ui=ui, log=log)
        opened.append(nb)
        url = f"{server.url}/lab/tree/{path}?reset" if ui == "lab" else f"{server.url}/notebooks/{path}"
        tab.goto(url)
        nb.wait_for_kernel()
        if run:
            nb.run_all()
            nb.wait_for_widgets(widgets)
        return nb

    yield _open
    for nb in opened:
        with contextlib.suppress(Exception):
            session = server.session(nb.path)
            if session is not None:
                nb.page.evaluate(
                    "async (path) => {"
                    + _FIND_PANEL
                    + "await within(findPanel(path).sessionContext.shutdown(), 10000, 'kernel shutdown'); }",
                    nb.path,
                )


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
