"""Labelling with the keyboard in the exported page (no kernel: the page's own model keeps the
labels), on the real sample: progress, next unlabelled, a number that labels and moves on, a
whole row, undo, and "unlabelled only"."""

from __future__ import annotations

from typing import Any

import pytest

from bench.data import REAL, article_dict
from ctxwidget import to_html
from tests.browser.conftest import OpenExport

pytestmark = pytest.mark.browser

LABELS = ("correct", "incorrect", "unsure")


def test_keys_label_the_real_sample_in_the_exported_page(open_export: OpenExport) -> None:
    from playwright.sync_api import expect

    data: dict[str, Any] = article_dict(REAL)
    biggest = max(data["panels"], key=lambda p: len(p["answers"]))
    pid = biggest["id"]
    export = open_export(html=to_html(data, labels=LABELS), name="labels")
    page, widget = export.page, export.widget
    progress = widget.root.locator("[data-ctx-progress]")
    total = f"{sum(len(p['answers']) for p in data['panels']):,} answers"
    expect(progress).to_have_text(f"{total} · 0 labelled (0%)")
    expect(widget.root.locator("[data-ctx-labelling]")).to_have_count(3)

    widget.toggle(pid).focus()
    page.keyboard.press("n")  # opens the question and its first row, selects and focuses the answer
    expect(widget.toggle(pid)).to_have_attribute("aria-expanded", "true")
    first = export.model("selected")
    assert first is not None
    assert first["panel"] == pid
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("data-answer-index", str(first["answer"]))
    expect(page.locator("[data-ctx-evidence]")).to_have_count(1)
    page.keyboard.press("Shift+Digit2")  # its whole group row
    row = export.model("annotations")
    assert len(row) >= 2
    assert set(row.values()) == {"incorrect"}
    page.keyboard.press("1")  # the next unlabelled answer (focused by the move on)
    assert len(export.model("annotations")) == len(row) + 1
    count = sum(len(p["answers"]) for p in data["panels"])
    percent = min(99, max(1, int((len(row) + 1) * 100 / count + 0.5)))  # as the page rounds
    expect(progress).to_have_text(f"{total} · {len(row) + 1} labelled ({percent}%)")
    page.keyboard.press("u")
    assert export.model("annotations") == row
    widget.root.locator("[data-ctx-outline-toggle]").click()
    item = widget.root.locator(f'[data-ctx-outline-item][data-panel="{pid}"] [data-ctx-outline-progress]')
    expect(item).to_have_text(f"{len(row)} of {len(biggest['answers'])} labelled")

    widget.root.locator("[data-ctx-unlabelled-only]").click()
    assert export.model("unlabelled_only") is True
    labelled = widget.panel(pid).locator("[data-ctx-answer][data-label]")
    expect(labelled.first).to_be_hidden()
    assert export.log.page_errors == []
