"""Labels that are never lost, in JupyterLab: labelled with keys in the page, acknowledged, the kernel
SIGKILLed and restarted, the cell run again: every acknowledged label is back (page and store).
A store that cannot write says "Not saved" in the page and changes nothing."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from ctxwidget.examples import nato_ukraine
from ctxwidget.labels import LabelStore
from tests.browser.conftest import NotebookPage, OpenNotebook
from tests.browser.test_notebook7 import our_page_errors
from tools.harness.jupyter import notebook_json

pytestmark = [pytest.mark.browser, pytest.mark.jupyter]

LABELS = ("correct", "incorrect", "unsure")

CELL_TYPES = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'),
  (c) => c.classList.contains('jp-CodeCell') ? 'code' : 'other')"""
# The size of the focused chip's group row (1: an answer alone), or null when no chip is focused.
ROW_SIZE = """() => {
  const chip = document.activeElement && document.activeElement.closest('[data-ctx-answer]');
  if (!chip) return null;
  const row = chip.closest('[data-ctx-group]');
  return row ? Number(row.dataset.groupSize) : 1;
}"""


def labels_notebook(store: Path) -> Any:
    import nbformat

    cells = [
        "import os\nfrom ctxwidget import ContextWidget",
        f'w = ContextWidget(labels={LABELS!r}, store={str(store)!r}, annotator="ana", expanded=["q2"])\nw',
    ]
    return nbformat.from_dict(notebook_json(cells))


def shown_labels(nb: NotebookPage) -> dict[str, str]:
    """The labels the page shows (set only from what the kernel accepted)."""
    return dict(
        nb.widget.root.evaluate(
            """(root) => Array.from(root.querySelectorAll('[data-ctx-answer][data-label]'), (chip) => [
                 chip.closest('[data-ctx-panel]').dataset.ctxPanel + '/' + chip.dataset.answerIndex,
                 chip.dataset.label])"""
        )
    )


def process_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(")")[-1].split()[0] != "Z"  # a zombie is dead
    except FileNotFoundError:
        return False


def wait_until(predicate: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def test_acknowledged_labels_survive_a_killed_kernel(open_lab: OpenNotebook, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    store = tmp_path / "labels.sqlite3"
    nb = open_lab(labels_notebook(store), name="labels.ipynb")
    widget = nb.widget
    page = nb.page
    cells_before = page.evaluate(CELL_TYPES)
    expect(widget.root.locator("[data-ctx-progress]")).to_have_text("18 answers · 0 labelled (0%)")

    # Keys only: n to the first unlabelled answer, numbers that label and move on, a whole row, undo.
    widget.toggle("q2").focus()
    page.keyboard.press("n")
    expect(widget.chip("q2", 0)).to_be_focused()
    for key in ["1", "2", "3"]:
        page.keyboard.press(key)
    page.keyboard.press("u")  # the third label is undone (an event in the store's history)
    page.keyboard.press("p")
    page.keyboard.press("p")
    row = page.evaluate(ROW_SIZE)
    assert row is not None, "p moved focus to an answer chip"
    page.keyboard.press("Shift+Digit3")  # the focused answer's whole group row
    expected = "Saved: 1 label." if row == 1 else f"Saved: {row} labels."
    expect(widget.root.locator("[data-ctx-save-status]")).to_have_text(expected, timeout=15_000)
    acknowledged = shown_labels(nb)
    assert len(acknowledged) >= 3
    assert set(acknowledged.values()) <= set(LABELS)
    # JupyterLab ate none of the keys: no cell inserted or turned into markdown, no edit mode.
    assert page.evaluate(CELL_TYPES) == cells_before
    assert page.locator(".jp-Notebook.jp-mod-editMode").count() == 0
    assert nb.python("w.annotations") == acknowledged

    # The kernel is killed outright (no chance to flush anything), restarted, the cells run again.
    pid = nb.python("os.getpid()")
    os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: not process_alive(pid)), "the killed kernel is still running"
    nb.restart_kernel()
    nb.wait_for_kernel()
    assert nb.python("__import__('os').getpid()") != pid
    nb.run_all()
    nb.wait_for_widgets()
    assert nb.python("w.annotations") == acknowledged
    nb.execute("w.expand_all()")  # every labelled answer's chip in the DOM
    assert wait_until(lambda: shown_labels(nb) == acknowledged), (shown_labels(nb), acknowledged)
    with LabelStore(store) as reopened:
        assert reopened.labels_for(nato_ukraine(), annotator="ana").labels == acknowledged
    assert nb.log.page_errors == []


BREAK = """
import sqlite3
backend = w.label_store._db
with backend.lock:
    backend._conn.close()
    backend._conn = sqlite3.connect(
        f"file:{backend.path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
    )
"""


@pytest.mark.parametrize("ui", ["open_lab", "open_notebook7"])
def test_a_store_that_cannot_write_says_not_saved(ui: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """In JupyterLab and Notebook 7: the page's label reaches the store from the kernel's message
    thread; once the store cannot write, the page says so and nothing changes."""
    from playwright.sync_api import expect

    store = tmp_path / "labels.sqlite3"
    nb = request.getfixturevalue(ui)(labels_notebook(store), name="broken.ipynb")
    widget = nb.widget
    widget.chip("q2", 0).focus()
    nb.page.keyboard.press("1")
    status = widget.root.locator("[data-ctx-save-status]")
    expect(status).to_have_text("Saved: 1 label.")
    nb.execute(BREAK)  # the file can no longer be written (as on a read-only disk)
    widget.chip("q2", 1).focus()
    nb.page.keyboard.press("2")
    expect(status).to_contain_text("Not saved: The label of q2/1.")
    expect(status).to_contain_text(f"not saved to the label store {store}")
    expect(status).to_have_attribute("role", "status")
    expect(widget.chip("q2", 1)).not_to_have_attribute("data-label", "incorrect")
    assert nb.python("w.annotations") == {"q2/0": "correct"}
    assert shown_labels(nb) == {"q2/0": "correct"}
    # Single letters reach the widget, not the notebook's command mode.
    cells = nb.page.evaluate(CELL_TYPES)
    widget.chip("q2", 0).focus()
    for key in ["n", "p", "u", "j", "k"]:
        nb.page.keyboard.press(key)
    assert nb.page.evaluate(CELL_TYPES) == cells
    assert our_page_errors(nb.log.page_errors) == []
