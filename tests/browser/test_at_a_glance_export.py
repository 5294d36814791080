"""Real pipeline output at a glance, on the exported page: stacks, ranking, group rows, the
distribution bar, the outline and the keyboard, measured in chromium on the real sample."""

from __future__ import annotations

import pytest

import ctxwidget
from ctxwidget import rules
from tests.browser.conftest import ExportPage, OpenExport, save_screenshot
from tests.browser.glance_data import largest_panel, real_article

pytestmark = pytest.mark.browser

#: The targets: a stack shows at most this many questions until asked; the largest panel,
#: opened at 1,200 px wide, is at most 1.5 screens tall.
STACK_SIZE = 3
MAX_PANEL_PX = 1350

VISIBLE_PER_STACK = """(stacks) => stacks.map((s) =>
  [...s.querySelectorAll('[data-ctx-panel]')].filter((p) => p.checkVisibility()).map((p) => p.dataset.ctxPanel))"""


def open_real(open_export: OpenExport, **state: object) -> ExportPage:
    export = open_export(html=ctxwidget.to_html(real_article(), **state), name="real")  # type: ignore[arg-type]
    export.page.set_viewport_size({"width": 1200, "height": 900})
    return export


def test_stacks_show_three_ranked_questions_until_asked(open_export: OpenExport) -> None:
    article = real_article()
    export = open_real(open_export)
    stacks = export.widget.root.locator("[data-ctx-stack]")
    positions = sorted({panel.after for panel in article.panels})
    assert stacks.evaluate_all("(ns) => ns.map((n) => Number(n.dataset.ctxStack))") == positions
    visible = stacks.evaluate_all(VISIBLE_PER_STACK)
    assert max(len(ids) for ids in visible) == STACK_SIZE
    assert sum(len(ids) for ids in visible) < len(article.panels)
    # within each stack, the ranking of rules.py: the same order in the DOM
    for after in positions:
        here = [panel for panel in article.panels if panel.after == after]
        expected = [here[i].id for i in rules.ranked(here)]
        stack = export.widget.root.locator(f'[data-ctx-stack="{after}"]')
        shown = stack.locator("[data-ctx-panel]").evaluate_all("(ns) => ns.map((n) => n.dataset.ctxPanel)")
        assert shown == expected
        panels = stack.locator("[data-ctx-panel]")
        independent = panels.evaluate_all("(ns) => ns.map((n) => Number(n.dataset.independent))")
        assert independent == sorted(independent, reverse=True)  # ranked by independent voices
        ranked = [here[i] for i in rules.ranked(here)]
        assert independent == [rules.independent_count(panel.answers) for panel in ranked]
        sources = panels.evaluate_all("(ns) => ns.map((n) => Number(n.dataset.sources))")
        assert sources == [rules.source_count(panel.answers) for panel in ranked]
    # the closing stack holds the most questions; its button reveals the rest
    last = export.widget.root.locator(f'[data-ctx-stack="{positions[-1]}"]')
    count = sum(1 for panel in article.panels if panel.after == positions[-1])
    more = last.locator("[data-ctx-stack-more]")
    assert more.text_content() == f"{count - STACK_SIZE} more questions here"
    assert more.get_attribute("aria-expanded") == "false"
    more.click()
    assert more.get_attribute("aria-expanded") == "true"
    assert len(last.evaluate_all(VISIBLE_PER_STACK)[0]) == count
    more.click()
    assert len(last.evaluate_all(VISIBLE_PER_STACK)[0]) == STACK_SIZE


def test_largest_panel_reads_at_a_glance(open_export: OpenExport) -> None:
    article = real_article()
    big = largest_panel(article)
    groups = rules.group_order(big.answers)
    rows = [group for group in groups if len(group) > 1]
    export = open_real(open_export, expanded=[big.id])
    panel = export.widget.panel(big.id)
    height = panel.evaluate("(n) => n.getBoundingClientRect().height")
    assert height <= MAX_PANEL_PX, f"the largest panel is {height} px tall"
    # one row per group of two or more, largest first, led by its representative answer
    row_nodes = panel.locator("[data-ctx-group]")
    assert row_nodes.evaluate_all("(ns) => ns.map((n) => Number(n.dataset.groupSize))") == [len(g) for g in rows]
    labels = panel.locator("[data-ctx-group-label]").all_text_contents()
    assert labels == [big.answers[rules.representative(big.answers, g)].text for g in rows]
    first = row_nodes.first.locator(".ctx-group-outlets").text_content() or ""
    outlets = [big.answers[i].source for i in rows[0]]
    assert first.count(" · ") == len(set(outlets)) - 1
    busiest = max(set(outlets), key=outlets.count)
    assert f"{busiest} ×{outlets.count(busiest)}" in first
    # every answer stays in the DOM, members hidden until asked
    assert export.widget.chips(big.id).count() == len(big.answers)
    singles = len(groups) - len(rows)
    other = panel.locator(".ctx-singles-toggle")
    assert other.text_content() == f"{singles} other answers"
    assert other.get_attribute("aria-expanded") == "false"
    assert export.widget.chips(big.id).locator("visible=true").count() == 0
    row_nodes.first.locator(".ctx-group-toggle").click()
    assert export.widget.chips(big.id).locator("visible=true").count() == len(rows[0])
    # the bar of group sizes: one segment per row and one for the answers alone
    bar = panel.locator("[data-ctx-distribution]")
    grows = bar.locator("span").evaluate_all("(ns) => ns.map((n) => Number(n.style.flexGrow))")
    assert grows == [len(g) for g in rows] + [singles]
    assert bar.is_visible()
    # the question's own toggle is still the first disclosure button of the panel
    assert panel.locator("button[aria-expanded]").first.get_attribute("data-ctx-toggle") == ""
    save_screenshot(panel, "real-largest-panel")


def test_tab_crosses_the_largest_panel_in_groups_plus_five(open_export: OpenExport) -> None:
    article = real_article()
    big = largest_panel(article)
    export = open_real(open_export, expanded=[big.id])
    panel = export.widget.panel(big.id)
    export.widget.toggle(big.id).focus()
    stops = 0
    while panel.evaluate("(p) => p.contains(document.activeElement)"):
        export.page.keyboard.press("Tab")
        stops += 1
        assert stops <= 200, "Tab never left the panel"
    assert stops <= len(big.groups) + 5
    assert stops == 1 + sum(1 for g in big.groups if len(g) > 1) + 1  # question, rows, other answers
    # inside a row, arrow keys move among its chips, which name outlet, answer and outlets
    row = panel.locator("[data-ctx-group]").first
    row.locator(".ctx-group-toggle").click()
    export.page.keyboard.press("Tab")
    chips = row.locator("[data-ctx-answer]")
    focused = "() => document.activeElement.dataset.answerIndex"
    assert export.page.evaluate(focused) == chips.nth(0).get_attribute("data-answer-index")
    export.page.keyboard.press("ArrowRight")
    assert export.page.evaluate(focused) == chips.nth(1).get_attribute("data-answer-index")
    members = chips.evaluate_all("(ns) => ns.map((n) => Number(n.dataset.answerIndex))")
    outlets = len({big.answers[i].source for i in members})
    name = chips.nth(1).evaluate("(n) => [...n.children].map((c) => c.textContent).join(' ')")
    answer = big.answers[members[1]]
    assert name == f"{answer.source} {answer.text} , one of {outlets} outlets giving this answer"
    assert export.page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    export.page.keyboard.press("Tab")  # leaves the row's chips in one press
    assert export.page.evaluate("() => document.activeElement.classList.contains('ctx-group-toggle')")


def test_outline_filters_and_jumps_into_a_stack(open_export: OpenExport) -> None:
    article = real_article()
    export = open_real(open_export)
    widget = export.widget
    outline = widget.root.locator("[data-ctx-outline]")
    assert outline.is_hidden()
    widget.root.locator("[data-ctx-outline-toggle]").click()
    items = outline.locator("[data-ctx-outline-item]")
    assert items.count() == len(article.panels)
    # a question hidden in its stack
    hidden = widget.root.locator("[data-ctx-stack] .ctx-stack-rest [data-ctx-panel]").first
    target = hidden.get_attribute("data-ctx-panel") or ""
    assert hidden.is_hidden()
    question = article.panel(target).question
    outline.locator("[data-ctx-outline-filter]").fill(question[:25].upper())
    shown = items.locator("visible=true")
    assert 1 <= shown.count() < len(article.panels)
    assert all(question[:25].lower() in text.lower() for text in shown.all_inner_texts())
    outline.locator(f'[data-ctx-outline-item][data-panel="{target}"]').click()
    assert export.model("expanded") == [target]
    toggle = widget.toggle(target)
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.is_visible()
    assert toggle.evaluate("(n) => n === document.activeElement")
    top = toggle.evaluate("(n) => n.getBoundingClientRect().top")
    assert -1 <= top < 900
    save_screenshot(export.page, "real-outline-jump")
