"""JupyterLab with a real kernel: (c) ctxwidget vs (d) the stock ipywidgets composition.

For each run: a fresh kernel (started through the REST API before the page opens, so no
"Run" can race the kernel's start), a new page (its own renderer process; the browser
context, and so the HTTP cache of JupyterLab's own bundles, is shared) on ``/lab/tree/<nb>?reset``,
set-up code run in the kernel, then the notebook's one cell is run and timed until every
answer of the article is in the DOM. The kernel's websocket frames are recorded the whole
time, so the same run gives the bytes of the initial display and of one toggle.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, WebSocket
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tools.harness import JupyterServer

from .browser import VIEWPORT
from .compose import CHIP_CLASS, panel_class

__all__ = ["VARIANTS", "LabServer", "measure_lab"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# variant -> (the notebook cell that displays the article, the selector of one answer chip)
VARIANTS = {
    "ctxwidget": ('w = ctxwidget.ContextWidget(data, expanded="all")\nw', "[data-ctx-answer]"),
    "ipywidgets": ("w = compose(data)\nw", f".{CHIP_CLASS}"),
}


class LabServer:
    """The harness's JupyterLab server in a temporary directory, removed when it stops."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="ctxwidget-bench-lab-"))
        self.server: JupyterServer | None = None

    def __enter__(self) -> JupyterServer:
        self.server = JupyterServer.start(self.tmp, timeout=90.0)
        return self.server

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            self.server.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


# -- websocket frames ---------------------------------------------------------------------


def _decode_frame(payload: str | bytes) -> tuple[int, str, str]:
    """(size in bytes, channel, msg_type) of one kernel websocket frame, in either protocol."""
    if isinstance(payload, str):
        raw = payload.encode("utf-8")
        try:
            msg = json.loads(payload)
            return len(raw), str(msg.get("channel", "")), str(msg.get("header", {}).get("msg_type", ""))
        except (ValueError, AttributeError):
            return len(raw), "", ""
    # v1.kernel.websocket.jupyter.org: a count, offsets, then channel, header, parent, metadata, content...
    size = len(payload)
    try:
        count = int.from_bytes(payload[0:8], "little")
        offsets = [int.from_bytes(payload[8 + 8 * i : 16 + 8 * i], "little") for i in range(count)]
        channel = payload[offsets[0] : offsets[1]].decode("utf-8")
        header = json.loads(payload[offsets[1] : offsets[2]])
        return size, channel, str(header.get("msg_type", ""))
    except (ValueError, IndexError, UnicodeDecodeError):
        return size, "", ""


@dataclass
class Frame:
    t: float
    direction: str  # "sent" (browser to kernel) or "received"
    size: int
    channel: str
    msg_type: str


@dataclass
class SocketTap:
    """Every frame of the page's kernel websockets, with the time it was seen."""

    frames: list[Frame] = field(default_factory=list)
    page: Page | None = None

    def attach(self, page: Page) -> None:
        self.page = page
        page.on("websocket", self._on_socket)

    def _on_socket(self, ws: WebSocket) -> None:
        if "/api/kernels/" not in ws.url:
            return
        ws.on("framesent", lambda payload: self._add("sent", payload))
        ws.on("framereceived", lambda payload: self._add("received", payload))

    def _add(self, direction: str, payload: str | bytes) -> None:
        size, channel, msg_type = _decode_frame(payload)
        self.frames.append(Frame(time.monotonic(), direction, size, channel, msg_type))

    def mark(self) -> int:
        return len(self.frames)

    def summary(self, start: int, end: int | None = None) -> dict[str, Any]:
        frames = self.frames[start:end]
        out: dict[str, Any] = {}
        for direction in ("sent", "received"):
            mine = [f for f in frames if f.direction == direction]
            comm = [f for f in mine if f.msg_type.startswith("comm_")]
            out[direction] = {
                "frames": len(mine),
                "bytes": sum(f.size for f in mine),
                "comm_frames": len(comm),
                "comm_bytes": sum(f.size for f in comm),
                "largest_comm_bytes": max((f.size for f in comm), default=0),
                "by_type": _by_type(mine),
            }
        out["total_bytes"] = out["sent"]["bytes"] + out["received"]["bytes"]
        out["comm_bytes"] = out["sent"]["comm_bytes"] + out["received"]["comm_bytes"]
        return out

    def quiet(self, seconds: float = 0.6, timeout: float = 60.0) -> None:
        """Wait until no frame has arrived for ``seconds``.

        Playwright delivers websocket events only while the client waits on the page,
        so this waits through the page rather than sleeping.
        """
        assert self.page is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            last = self.frames[-1].t if self.frames else 0.0
            if time.monotonic() - last >= seconds:
                return
            self.page.wait_for_timeout(100)


def _by_type(frames: list[Frame]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for f in frames:
        entry = out.setdefault(f.msg_type or "?", {"frames": 0, "bytes": 0})
        entry["frames"] += 1
        entry["bytes"] += f.size
    return out


# -- one measured run ---------------------------------------------------------------------


def _setup_code(size: str) -> str:
    return (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import ctxwidget, ctxwidget.widget, ipywidgets\n"
        "from bench.compose import compose\n"
        "from bench.data import article_dict\n"
        f"data = article_dict({size!r})\n"
    )


def _open_lab(context: BrowserContext, server: JupyterServer, name: str, tap: SocketTap) -> Page:
    page = context.new_page()
    tap.attach(page)
    page.goto(f"{server.url}/lab/tree/{name}?reset", timeout=120_000)
    page.wait_for_function("window.benchLab && window.benchLab.ready()", timeout=120_000, polling=200)
    return page


def _lab_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(path=str(HERE / "lab_page.js"))
    return context


def _panel_selectors(variant: str, panel_id: str) -> tuple[str, str, str]:
    """(the panel, its question/header to click, one of its answer chips)."""
    if variant == "ctxwidget":
        panel = f'[data-ctx-panel="{panel_id}"]'
        return panel, f"{panel} .ctx-question", "[data-ctx-answer]"
    panel = f".{panel_class(panel_id)}"
    return panel, f"{panel} .jupyter-widget-Collapse-header", f".{CHIP_CLASS}"


def _python_change(variant: str, panel_id: str, open_: bool) -> str:
    if variant == "ctxwidget":
        return f"w.expand({panel_id!r})" if open_ else f"w.collapse({panel_id!r})"
    return f"w.accordions[{panel_id!r}].selected_index = {0 if open_ else None}"


def run_once(
    context: BrowserContext,
    server: JupyterServer,
    size: str,
    variant: str,
    chips: int,
    panel_id: str,
    panel_answers: int,
    cut_s: float,
    log: Callable[[str], None],
    interactions: bool = True,
    expand_samples: int = 3,
) -> dict[str, Any]:
    """One display of the article in JupyterLab, then (if it finished) toggles and Python changes."""
    name = f"bench_{variant}_{size}.ipynb"
    cell, selector = VARIANTS[variant]
    server.write_notebook(name, [cell])
    session = server.start_session(name)
    tap = SocketTap()
    page: Page | None = None
    result: dict[str, Any] = {"variant": variant, "size": size}
    try:
        page = _open_lab(context, server, name, tap)
        status = page.evaluate("(code) => benchLab.exec(code)", _setup_code(size))
        if status != "ok":
            raise RuntimeError(f"set-up failed in the kernel: {status}")
        tap.quiet(0.3)
        start_frame = tap.mark()
        started = time.monotonic()
        page.evaluate("([i, sel, n]) => benchLab.runCell(i, sel, n)", [0, selector, chips])
        try:
            page.wait_for_function("window.benchRun.done", timeout=cut_s * 1000, polling=250)
        except PlaywrightTimeout:
            elapsed = time.monotonic() - started
            result.update(
                shown_ms=elapsed * 1000.0,
                cut=True,
                wire_display=tap.summary(start_frame),
                models_received=sum(1 for f in tap.frames[start_frame:] if f.msg_type == "comm_open"),
            )
            log(f"  lab {variant:10s} {size}: cut after {elapsed:.0f} s (lower bound)")
            return result
        run = page.evaluate("window.benchRun")
        result.update(shown_ms=run["tShown"] - run["t0"], frame_ms=run["tFrame"] - run["t0"], cut=False)
        # The display is finished on the wire when the kernel is idle again and quiet.
        page.wait_for_function("benchLab.kernel().status === 'idle'", timeout=120_000, polling=100)
        tap.quiet(0.6)
        result["wire_display"] = tap.summary(start_frame)
        result["models_received"] = sum(1 for f in tap.frames[start_frame:] if f.msg_type == "comm_open")
        log(f"  lab {variant:10s} {size}: shown in {result['shown_ms']:.0f} ms")
        if interactions:
            result.update(_interactions(page, tap, variant, panel_id, panel_answers, expand_samples))
    finally:
        if page is not None:
            page.close()
        server.end_session(session)
    return result


def _interactions(
    page: Page, tap: SocketTap, variant: str, panel_id: str, answers: int, expand_samples: int
) -> dict[str, Any]:
    panel, header, chip = _panel_selectors(variant, panel_id)
    out: dict[str, Any] = {"toggles": [], "python_expand_ms": []}
    # Clicks: close the (open) panel, then open it again; bytes of each on the wire.
    for open_ in (False, True):
        mark = tap.mark()
        timing = page.evaluate("(a) => benchLab.click(...a)", [header, panel, chip, answers, open_])
        tap.quiet(0.6)
        wire = tap.summary(mark)
        out["toggles"].append({"open": open_, "click_ms": timing["ms"], "wire": wire})
    # Python-side expand to DOM updated: collapse (untimed), then expand (timed), three times.
    for _ in range(expand_samples):
        page.evaluate(
            "(a) => benchLab.timeKernelChange(...a)",
            [_python_change(variant, panel_id, False), panel, chip, answers, False],
        )
        tap.quiet(0.3)
        timing = page.evaluate(
            "(a) => benchLab.timeKernelChange(...a)",
            [_python_change(variant, panel_id, True), panel, chip, answers, True],
        )
        if timing["status"] != "ok":
            raise RuntimeError(f"python change failed: {timing['status']}")
        out["python_expand_ms"].append(timing["ms"])
        tap.quiet(0.3)
    return out


def measure_lab(
    browser: Browser,
    size: str,
    chips: int,
    panel_id: str,
    panel_answers: int,
    repeats: int,
    cut_s: float,
    log: Callable[[str], None],
) -> dict[str, list[dict[str, Any]]]:
    """Alternating runs of both variants in one server; a variant that hit the cut runs once."""
    samples: dict[str, list[dict[str, Any]]] = {name: [] for name in VARIANTS}
    with LabServer() as server:
        context = _lab_context(browser)
        for rep in range(repeats):
            order = list(VARIANTS) if rep % 2 == 0 else list(reversed(VARIANTS))
            for variant in order:
                if samples[variant] and samples[variant][-1].get("cut"):
                    continue
                samples[variant].append(
                    run_once(
                        context,
                        server,
                        size,
                        variant,
                        chips,
                        panel_id,
                        panel_answers,
                        cut_s,
                        log,
                        expand_samples=min(3, repeats),
                    )
                )
        context.close()
    return samples
