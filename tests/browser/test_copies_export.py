"""Syndicated copies on the exported page, in real chromium: a copy's chip and grid cell say which
outlet it copies, in their visible text and their accessible names, and the counts read voices."""

from __future__ import annotations

import pytest

import ctxwidget
from tests.browser.conftest import OpenExport

pytestmark = pytest.mark.browser


def copies_article() -> ctxwidget.Article:
    answers = [
        {"source": "ocregister.com", "text": "rates", "group": 0},
        {"source": "vigourtimes.com", "text": "rates", "group": 0, "copy_of": "ocregister.com"},
        {"source": "copy.example.org", "text": "rates", "group": 0, "copy_of": "ocregister.com"},
        {"source": "b-news.com", "text": "wages", "group": 1},
        {"source": "d-news.com", "text": "energy", "group": 2},
    ]
    return ctxwidget.Article.from_dict(
        {
            "title": "Copies",
            "paragraphs": ["One."],
            "panels": [{"id": "why", "question": "Why?", "after": 1, "answers": answers}],
        }
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_copy_says_so_in_text_and_name(open_export: OpenExport, scheme: str) -> None:
    export = open_export(copies_article(), expanded=["why"], name=f"copies-{scheme}")
    export.page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    widget = export.widget
    panel = widget.panel("why")
    assert panel.locator(".ctx-summary").inner_text() == "5 sources · 3 independent · 3 answers"
    assert panel.get_attribute("data-consensus") == "false"  # 3 of 5 answers agree, but 1 of 3 voices
    chip = widget.chip("why", 1)
    assert chip.locator(".ctx-chip").inner_text() == "vigourtimes.com, copy of ocregister.com"
    assert chip.locator(".ctx-copy-of").is_visible()
    # The accessible name chromium computes (from the chip's content) starts with what it shows.
    named = panel.get_by_role("button", name="vigourtimes.com, copy of ocregister.com", exact=False)
    assert named.count() == 1
    assert named.get_attribute("data-answer-index") == "1"
    # The note keeps the chip's colours (the palette's AA pairs), and its text is not cut off.
    colours = chip.locator(".ctx-copy-of").evaluate(
        "(n) => [getComputedStyle(n).color, getComputedStyle(n.parentElement).color,"
        " n.parentElement.scrollWidth <= n.parentElement.clientWidth]"
    )
    assert colours[0] == colours[1]
    assert colours[2] is True
    widget.root.locator('[data-ctx-view="grid"]').click()
    cell = widget.root.locator('[data-ctx-grid-answer][data-panel="why"][data-answer-index="1"]')
    assert cell.locator(".ctx-copy-of").inner_text().strip() == "copy of ocregister.com"
    assert widget.root.get_by_role("button", name="rates copy of ocregister.com").count() == 2
