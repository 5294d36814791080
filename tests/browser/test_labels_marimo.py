"""Labelling keys in marimo: a label from the page reaches the kernel as a message, is committed to
the store and shown; single letters and numbers reach the widget."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ctxwidget.examples import nato_ukraine
from ctxwidget.labels import LabelStore
from tests.browser.test_marimo import serve_marimo

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser

APP = """
import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo

    from ctxwidget import ContextWidget

    widget = mo.ui.anywidget(
        ContextWidget(labels=("correct", "incorrect"), store={store!r}, annotator="ana", expanded=["q2"])
    )
    widget
    return


if __name__ == "__main__":
    app.run()
"""


def test_keys_label_in_marimo(context: BrowserContext, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    store = tmp_path / "labels.sqlite3"
    app = tmp_path / "labels_app.py"
    app.write_text(APP.format(store=str(store)), "utf-8")
    with serve_marimo(app, tmp_path) as url:
        page = context.new_page()
        page.goto(url)
        root = page.locator(".ctxwidget")
        chip = root.locator('[data-ctx-panel="q2"] [data-ctx-answer][data-answer-index="0"]')
        chip.wait_for(state="attached", timeout=60_000)
        page.locator('.ctxwidget [data-ctx-panel="q2"] [data-ctx-toggle]').focus()
        page.keyboard.press("n")
        expect(chip).to_be_focused()
        page.keyboard.press("2")
        expect(chip).to_have_attribute("data-label", "incorrect", timeout=15_000)
        expect(root.locator("[data-ctx-save-status]")).to_have_text("Saved: 1 label.")
    with LabelStore(store) as reopened:
        assert reopened.labels_for(nato_ukraine(), annotator="ana").labels == {"q2/0": "incorrect"}
