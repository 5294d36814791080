"""Exploring coverage on the exported page: groups, evidence, filter, grid and annotation."""

from __future__ import annotations

import pytest

import ctxwidget
from tests.browser.conftest import ExportPage, OpenExport, save_screenshot
from tests.browser.explore_data import LABELS, explore_article

pytestmark = pytest.mark.browser


def open_explore(open_export: OpenExport, **state: object) -> ExportPage:
    return open_export(html=ctxwidget.to_html(explore_article(), labels=LABELS, **state), name="explore")  # type: ignore[arg-type]


def test_groups_largest_first_with_counts_and_consensus(open_export: OpenExport) -> None:
    export = open_explore(open_export, expanded="all")
    why = export.widget.panel("why")
    sizes = why.locator("[data-ctx-group]").evaluate_all("(ns) => ns.map((n) => n.dataset.groupSize)")
    assert sizes == ["3", "2"]
    assert why.locator(".ctx-singles [data-ctx-answer]").count() == 1  # the answer that stands alone comes last
    order = why.locator("[data-ctx-answer]").evaluate_all("(ns) => ns.map((n) => n.dataset.answerIndex)")
    assert order == ["0", "2", "4", "1", "5", "3"]
    assert why.locator(".ctx-summary").inner_text() == "6 sources · 3 answers"
    assert why.get_attribute("data-consensus") == "false"
    assert export.widget.panel("who").get_attribute("data-consensus") == "true"
    assert export.widget.panel("who").locator(".ctx-consensus").is_visible()


def test_evidence_by_click_and_keyboard(open_export: OpenExport) -> None:
    export = open_explore(open_export, expanded="all")
    widget = export.widget
    widget.chip("why", 0).click()
    evidence = widget.panel("why").locator("[data-ctx-evidence]")
    assert evidence.locator("mark").inner_text() == "ENERGY COSTS"
    assert evidence.locator("blockquote").inner_text() == "Most of it comes from ENERGY COSTS, analysts say."
    link = evidence.locator("a")
    assert link.get_attribute("href") == "https://a-news.com/story"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert export.model("selected") == {"panel": "why", "answer": 0}
    # an answer whose span is not in its context: the paragraph without highlight
    widget.chip("why", 4).focus()
    export.page.keyboard.press("Enter")
    assert export.model("selected") == {"panel": "why", "answer": 4}
    assert evidence.locator("mark").count() == 0
    assert evidence.locator("blockquote").inner_text() == "No span here."
    # the evidence is reachable with Tab, and Escape closes it
    for _ in range(10):
        export.page.keyboard.press("Tab")
        if evidence.evaluate("(box) => box.contains(document.activeElement)"):
            break
    else:
        raise AssertionError("Tab never reached the evidence box")
    export.page.keyboard.press("Escape")
    assert export.model("selected") is None
    assert evidence.count() == 0


def test_source_filter_from_ui_and_from_model(open_export: OpenExport) -> None:
    export = open_explore(open_export, expanded="all")
    widget = export.widget
    counts = widget.root.locator("[data-ctx-source]").evaluate_all(
        "(ns) => ns.map((n) => [n.dataset.ctxSource, n.querySelector('.ctx-source-count').textContent])"
    )
    assert counts[:2] == [["a-news.com", "2"], ["b-news.com", "2"]]
    assert len(counts) == 7
    widget.root.locator('[data-ctx-source="b-news.com"]').click()
    assert export.model("source_filter") == ["b-news.com"]
    visible = widget.root.locator("[data-ctx-answer]:visible").evaluate_all("(ns) => ns.map((n) => n.dataset.source)")
    assert visible == ["b-news.com", "b-news.com"]
    export.page.evaluate("() => window.ctxwidget.model.set('source_filter', ['g-news.com', 'a-news.com'])")
    visible = widget.root.locator("[data-ctx-answer]:visible").evaluate_all("(ns) => ns.map((n) => n.dataset.source)")
    assert visible == ["a-news.com", "a-news.com", "g-news.com"]
    assert widget.root.locator('[data-ctx-source="g-news.com"]').get_attribute("aria-pressed") == "true"
    widget.root.locator("[data-ctx-filter-clear]").click()
    assert export.model("source_filter") == []
    assert widget.root.locator("[data-ctx-answer]:visible").count() == 9


def test_grid_view_cells(open_export: OpenExport) -> None:
    export = open_explore(open_export)
    widget = export.widget
    widget.root.locator('[data-ctx-view="grid"]').click()
    assert export.model("view") == "grid"
    assert widget.root.locator(".ctx-body").is_hidden()
    headers = widget.root.locator(".ctx-grid thead th[data-source]").evaluate_all(
        "(ns) => ns.map((n) => n.dataset.source)"
    )
    assert headers == ["a-news.com", "b-news.com", "c-news.com", "d-news.com", "e-news.com", "f-news.com", "g-news.com"]
    row = widget.root.locator('[data-ctx-grid-row="who"] td')
    assert row.evaluate_all("(ns) => ns.map((n) => n.textContent)") == [
        "the Labor Department",
        "Labor Department",
        "",
        "",
        "",
        "",
        "the BLS",
    ]
    why = widget.root.locator('[data-ctx-grid-row="why"]')
    hue = "(n) => getComputedStyle(n).backgroundColor"
    energy = [why.locator(f'[data-answer-index="{i}"]').evaluate(hue) for i in (0, 2, 4)]
    supply = why.locator('[data-answer-index="1"]').evaluate(hue)
    assert len(set(energy)) == 1
    assert energy[0] != supply
    why.locator('[data-answer-index="2"]').click()
    assert export.model("selected") == {"panel": "why", "answer": 2}
    assert widget.root.locator(".ctx-grid-evidence mark").inner_text() == "Energy prices"
    save_screenshot(export.page, "explore-grid")


def test_annotation_from_ui_and_from_model(open_export: OpenExport) -> None:
    export = open_explore(open_export, expanded="all", selected={"panel": "why", "answer": 1})
    widget = export.widget
    widget.panel("why").locator('[data-ctx-evidence] [data-ctx-label="incorrect"]').click()
    assert export.model("annotations") == {"why/1": "incorrect"}
    assert widget.chip("why", 1).get_attribute("data-label") == "incorrect"
    widget.chip("who", 2).focus()
    export.page.keyboard.press("1")
    assert export.model("annotations") == {"why/1": "incorrect", "who/2": "correct"}
    export.page.evaluate("() => window.ctxwidget.model.set('annotations', {'why/0': 'unsure'})")
    assert widget.chip("why", 0).locator(".ctx-label-badge").inner_text().lower() == "unsure"
    assert widget.chip("why", 1).get_attribute("data-label") is None
    save_screenshot(export.page, "explore-article")
