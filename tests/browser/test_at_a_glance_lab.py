"""Real pipeline output at a glance in JupyterLab on a real kernel: stacks and their size from
Python, ranking, group rows, the distribution bar, the outline jump and the Tab count."""

from __future__ import annotations

import nbformat
import pytest

from ctxwidget import rules
from tests.browser.conftest import OpenNotebook, save_screenshot
from tests.browser.glance_data import DOCUMENTS, QUESTIONS, largest_panel, real_article

pytestmark = [pytest.mark.browser, pytest.mark.jupyter]

VISIBLE_PER_STACK = """(stacks) => stacks.map((s) =>
  [...s.querySelectorAll('[data-ctx-panel]')].filter((p) => p.checkVisibility()).length)"""


def glance_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import json\nfrom collections import Counter\nfrom ctxwidget import ContextWidget\n"
            "from ctxwidget.adapters import from_discord_questions\n"
            "documents = json.load(open('documents.json'))\nquestions = json.load(open('questions.json'))\n"
            "anchor = Counter(q['doc_id'] for q in questions).most_common(1)[0][0]\n"
            "article = from_discord_questions(documents, questions, anchor)\n"
            "big = max(article.panels, key=lambda p: len(p.answers))\n"
            "w = ContextWidget(article, expanded=[big.id])\nw"
        )
    ]
    return nb


def test_real_sample_reads_at_a_glance_in_jupyterlab(open_lab: OpenNotebook) -> None:
    from playwright.sync_api import expect

    article = real_article()
    big = largest_panel(article)
    rows = [g for g in rules.group_order(big.answers) if len(g) > 1]
    files = {"documents.json": DOCUMENTS, "questions.json": QUESTIONS}
    nb = open_lab(glance_notebook(), name="glance.ipynb", files=files)
    nb.page.set_viewport_size({"width": 1200, "height": 900})
    widget = nb.widget
    stacks = widget.root.locator("[data-ctx-stack]")
    assert stacks.count() == len({panel.after for panel in article.panels})
    assert max(stacks.evaluate_all(VISIBLE_PER_STACK)) == 3

    # the stack size from Python, patched in place
    nb.execute("w.stack_size = 1")
    nb.page.wait_for_function(
        "() => [...document.querySelectorAll('.ctxwidget .ctx-stack-shown')].every((s) => s.children.length === 1)"
    )
    nb.execute("w.stack_size = 3")
    nb.page.wait_for_function(
        "() => [...document.querySelectorAll('.ctxwidget .ctx-stack-shown')].some((s) => s.children.length === 3)"
    )

    # ranking: the independent count (an outlet and its copies once) never grows within a stack
    for independent in stacks.evaluate_all(
        "(ss) => ss.map((s) => [...s.querySelectorAll('[data-ctx-panel]')].map((p) => Number(p.dataset.independent)))"
    ):
        assert independent == sorted(independent, reverse=True)

    # the largest panel: bar, rows with their representative answers, within 1.5 screens
    panel = widget.panel(big.id)
    assert panel.evaluate("(n) => n.getBoundingClientRect().height") <= 1350
    assert panel.locator("[data-ctx-distribution] span").count() == len(rows) + 1
    labels = panel.locator("[data-ctx-group-label]").all_text_contents()
    assert labels == [big.answers[rules.representative(big.answers, g)].text for g in rows]
    assert widget.chips(big.id).count() == len(big.answers)

    # Tab crosses it in groups + 5 stops at most
    widget.toggle(big.id).focus()
    stops = 0
    while panel.evaluate("(p) => p.contains(document.activeElement)"):
        nb.page.keyboard.press("Tab")
        stops += 1
        assert stops <= 200
    assert stops <= len(big.groups) + 5

    # a group row opens with Enter, and the chip clicked there is the selection in Python
    row = panel.locator("[data-ctx-group]").first
    row.locator("[data-ctx-disclosure]").focus()
    nb.page.keyboard.press("Enter")
    expect(row.locator("[data-ctx-disclosure]")).to_have_attribute("aria-expanded", "true")
    first = row.locator("[data-ctx-answer]").first
    first.click()
    index = int(first.get_attribute("data-answer-index") or "-1")
    assert nb.wait_for_python("w.selected", {"panel": big.id, "answer": index}) == {"panel": big.id, "answer": index}
    save_screenshot(panel, "lab-real-largest-panel")

    # the outline jumps to a question hidden in its stack and opens it, in Python too
    widget.root.locator("[data-ctx-outline-toggle]").click()
    hidden = widget.root.locator(".ctx-stack-rest [data-ctx-panel]").first
    target = hidden.get_attribute("data-ctx-panel") or ""
    widget.root.locator(f'[data-ctx-outline-item][data-panel="{target}"]').click()
    expect(widget.toggle(target)).to_have_attribute("aria-expanded", "true")
    expect(widget.toggle(target)).to_be_visible()
    assert target in nb.wait_for_python("w.expanded", [big.id, target])
