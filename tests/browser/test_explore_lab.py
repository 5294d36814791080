"""Exploring coverage in JupyterLab on a real kernel: filter, grid and annotation both ways."""

from __future__ import annotations

import json

import nbformat
import pytest

from tests.browser.conftest import OpenNotebook, is_loopback
from tests.browser.explore_data import LABELS, explore_article

pytestmark = [pytest.mark.browser, pytest.mark.jupyter]


def explore_notebook() -> nbformat.NotebookNode:
    article = json.dumps(explore_article())
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import json\nfrom ctxwidget import ContextWidget\n"
            f"article = json.loads({article!r})\n"
            f'w = ContextWidget(article, expanded="all", labels={LABELS!r})\nw'
        )
    ]
    return nb


def test_filter_grid_and_annotation_between_ui_and_python(open_lab: OpenNotebook) -> None:
    from playwright.sync_api import expect

    nb = open_lab(explore_notebook(), name="explore.ipynb")
    widget = nb.widget
    root = widget.root

    # groups, largest first
    sizes = widget.panel("why").locator("[data-ctx-group]").evaluate_all("(ns) => ns.map((n) => n.dataset.groupSize)")
    assert sizes == ["3", "2"]

    # the filter from the UI reaches Python ...
    root.locator('[data-ctx-source="b-news.com"]').click()
    assert nb.wait_for_python("w.source_filter", ["b-news.com"]) == ["b-news.com"]
    expect(root.locator("[data-ctx-answer]:visible")).to_have_count(2)
    # ... and from Python reaches the UI
    nb.execute('w.source_filter = ["g-news.com"]')
    expect(root.locator("[data-ctx-answer]:visible")).to_have_count(1)
    expect(root.locator('[data-ctx-source="g-news.com"]')).to_have_attribute("aria-pressed", "true")
    nb.execute("w.source_filter = []")
    expect(root.locator("[data-ctx-answer]:visible")).to_have_count(9)

    # evidence and annotation from the UI reach Python
    widget.chip("why", 0).click()
    assert nb.wait_for_python("w.selected", {"panel": "why", "answer": 0}) == {"panel": "why", "answer": 0}
    evidence = widget.panel("why").locator("[data-ctx-evidence]")
    expect(evidence.locator("mark")).to_have_text("ENERGY COSTS")
    evidence.locator('[data-ctx-label="incorrect"]').click()
    assert nb.wait_for_python("w.annotations", {"why/0": "incorrect"}) == {"why/0": "incorrect"}
    widget.chip("who", 2).focus()
    widget.chip("who", 2).press("3")
    expected = {"why/0": "incorrect", "who/2": "unsure"}
    assert nb.wait_for_python("w.annotations", expected) == expected
    frame = nb.python('w.annotations_frame()[["panel_id", "answer_index", "source", "label"]].values.tolist()')
    assert frame == [["why", 0, "a-news.com", "incorrect"], ["who", 2, "g-news.com", "unsure"]]

    # annotation from Python reaches the UI
    nb.execute('w.annotate("why", 3, "correct")')
    expect(widget.chip("why", 3)).to_have_attribute("data-label", "correct")

    # the grid from the UI, and the view back from Python
    root.locator('[data-ctx-view="grid"]').click()
    assert nb.wait_for_python("w.view", "grid") == "grid"
    cells = root.locator('[data-ctx-grid-row="who"] td')
    expect(cells).to_have_count(7)
    assert cells.evaluate_all("(ns) => ns.map((n) => n.textContent)")[:2] == [
        "the Labor Department",
        "Labor Department",
    ]
    expect(root.locator('[data-ctx-grid-answer][data-panel="who"][data-answer-index="2"]')).to_have_attribute(
        "data-label", "unsure"
    )
    nb.screenshot("jupyterlab-grid")
    nb.execute('w.view = "article"')
    expect(root.locator(".ctx-grid-view")).to_be_hidden()
    expect(widget.panel("why")).to_be_visible()

    # a rejected value from Python leaves the page as it was
    output = nb.execute(
        'try:\n    w.annotations = {"why/0": "maybe"}\nexcept ValueError as e:\n    print("rejected:", e)'
    )
    assert "rejected: annotations['why/0']: 'maybe' is not one of the labels" in output
    expect(widget.chip("why", 0)).to_have_attribute("data-label", "incorrect")

    assert nb.log.page_errors == []
    assert nb.log.outside(is_loopback) == []
