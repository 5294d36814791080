"""marimo: ``examples/marimo_context.py`` served by ``marimo run --headless``, driven in chromium.

The article renders through ``mo.ui.anywidget(ContextWidget(...))``; a click on a question and
a click on a source chip each reach Python and re-run the cell that reads ``article.value``.
marimo re-runs cells on state changes only (a custom message re-runs nothing), which is why
under marimo a toggle also sends ``expanded`` as state.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import ROOT, free_port, is_loopback, save_screenshot, unavailable
from tools.harness import RequestLog

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser

APP = ROOT / "examples" / "marimo_context.py"
START_S = 90.0


@contextlib.contextmanager
def serve_marimo(app: Path, folder: Path) -> Iterator[str]:
    """``marimo run app --headless`` on a free loopback port (its log in ``folder``); its URL."""
    try:
        import marimo  # noqa: F401
    except ImportError:
        unavailable("marimo is not installed (pip install -e '.[dev]')")
    port = free_port()
    log_path = folder / "marimo.log"
    command = [sys.executable, "-m", "marimo", "run", str(app), "--headless", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--no-token"]
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_S
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"marimo did not start:\n{log_path.read_text('utf-8', 'replace')[-3000:]}")
                time.sleep(0.2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def marimo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example app served on a free loopback port; its URL."""
    with serve_marimo(APP, tmp_path_factory.mktemp("marimo")) as url:
        yield url


def test_clicks_rerun_the_cells_that_read_the_widget(marimo_app: str, context: BrowserContext) -> None:
    page = context.new_page()
    log = RequestLog.attach(page)
    page.goto(marimo_app)
    root = page.locator(".ctxwidget")
    root.locator("[data-ctx-panel]").first.wait_for(state="attached", timeout=60_000)
    assert root.count() == 1
    assert root.locator("[data-ctx-panel]").count() == 4
    page.get_by_text("Open panels: none").wait_for()

    root.locator('[data-ctx-panel="q3"] [data-ctx-toggle]').click()
    page.get_by_text("Open panels: q3").wait_for()
    root.locator('[data-ctx-panel="q2"] [data-ctx-toggle]').click()
    page.get_by_text("Open panels: q3, q2").wait_for()
    root.locator('[data-ctx-panel="q3"] [data-ctx-toggle]').click()
    page.get_by_text("Open panels: q2").wait_for()

    root.locator('[data-ctx-panel="q2"] [data-ctx-answer][data-answer-index="1"]').click()
    page.get_by_text("Selected: politico.eu answers").wait_for()
    assert root.locator('[data-ctx-panel="q2"] [data-ctx-answer][aria-pressed="true"]').count() == 1
    assert log.outside(is_loopback) == []
    assert [e for e in log.page_errors if "ctxwidget" in e] == []
    save_screenshot(page, "marimo")


def test_example_is_a_valid_marimo_app() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "marimo", "check", str(APP)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
