"""The standalone HTML export of the built-in example, in a real chromium."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

import ctxwidget
from ctxwidget.examples import nato_ukraine
from tests.browser.conftest import ExportPage, OpenExport, RequestLog, save_screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PANELS = ["q1", "q2", "q3", "q4"]
ANSWERS = {"q1": 0, "q2": 8, "q3": 8, "q4": 2}


def expanded_state(export: ExportPage) -> dict[str, str | None]:
    return {pid: export.widget.toggle(pid).get_attribute("aria-expanded") for pid in PANELS}


def focus_by_tab(export: ExportPage, panel_id: str, limit: int = 40) -> None:
    """Move the focus with the Tab key, as a keyboard user would, until it is on a panel's question."""
    target = export.widget.toggle(panel_id)
    for _ in range(limit):
        export.page.keyboard.press("Tab")
        if target.evaluate("(el) => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached the question of {panel_id}")


def test_four_panels_closed_and_chips_appear_when_opened(open_export: OpenExport) -> None:
    export = open_export()
    widget = export.widget
    article = nato_ukraine()

    assert widget.root.count() == 1
    assert widget.panels.evaluate_all("(nodes) => nodes.map((n) => n.dataset.ctxPanel)") == PANELS
    assert set(expanded_state(export).values()) == {"false"}
    assert widget.root.locator("[data-ctx-answer]:visible").count() == 0

    for panel in article.panels:
        panel_id = str(panel.id)
        widget.toggle(panel_id).click()
        chips = widget.chips(panel_id)
        assert widget.toggle(panel_id).get_attribute("aria-expanded") == "true"
        assert chips.count() == ANSWERS[panel_id], panel_id
        for chip in chips.all():
            assert chip.is_visible()
            answer = panel.answers[int(chip.get_attribute("data-answer-index") or "-1")]
            assert chip.get_attribute("data-source") == answer.source
            assert answer.source in chip.inner_text()
            assert answer.text in chip.inner_text()
    assert widget.panel("q1").get_by_text("No source has answered").is_visible()
    assert export.model("expanded") == PANELS


def test_click_toggles_a_panel(open_export: OpenExport) -> None:
    export = open_export()
    toggle, region_id = export.widget.toggle("q2"), export.widget.toggle("q2").get_attribute("aria-controls")
    region = export.page.locator(f'[id="{region_id}"]')

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert region.is_visible()
    assert export.model("expanded") == ["q2"]

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert region.is_hidden()
    assert export.model("expanded") == []
    assert expanded_state(export) == dict.fromkeys(PANELS, "false")


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_keyboard_toggles_a_focused_question(open_export: OpenExport, key: str) -> None:
    export = open_export()
    toggle = export.widget.toggle("q3")
    focus_by_tab(export, "q3")

    focus = toggle.evaluate(
        """(el) => {
          const style = getComputedStyle(el);
          const width = parseFloat(style.outlineWidth);
          return { visible: el.matches(":focus-visible"), style: style.outlineStyle, width };
        }"""
    )
    assert focus["visible"], "keyboard focus on the question is not :focus-visible"
    assert focus["style"] != "none"
    assert focus["width"] > 0, f"no visible focus outline: {focus}"

    export.page.keyboard.press(key)
    assert toggle.get_attribute("aria-expanded") == "true"
    assert export.model("expanded") == ["q3"]
    assert export.widget.chips("q3").count() == ANSWERS["q3"]
    assert toggle.evaluate("(el) => el === document.activeElement"), "focus left the question"

    export.page.keyboard.press(key)
    assert toggle.get_attribute("aria-expanded") == "false"
    assert export.model("expanded") == []


def test_enter_and_space_each_toggle_in_turn(open_export: OpenExport) -> None:
    export = open_export()
    toggle = export.widget.toggle("q4")
    focus_by_tab(export, "q4")
    seen = []
    for key in ["Enter", "Space", "Space", "Enter"]:
        export.page.keyboard.press(key)
        seen.append(toggle.get_attribute("aria-expanded"))
    assert seen == ["true", "false", "true", "false"]


def test_clicking_a_chip_selects_its_answer(open_export: OpenExport) -> None:
    export = open_export(expanded="all")
    widget = export.widget

    def pressed() -> list[list[Any]]:
        found: list[list[Any]] = widget.root.locator('[data-ctx-answer][aria-pressed="true"]').evaluate_all(
            "(nodes) => nodes.map((n) => "
            "[n.closest('[data-ctx-panel]').dataset.ctxPanel, Number(n.dataset.answerIndex)])"
        )
        return found

    assert widget.root.locator('[data-ctx-answer][aria-pressed="true"]').count() == 0
    widget.chip("q2", 3).click()
    assert pressed() == [["q2", 3]]
    assert export.model("selected") == {"panel": "q2", "answer": 3}

    widget.chip("q3", 5).click()  # the selection moves: one answer at a time
    assert widget.chip("q2", 3).get_attribute("aria-pressed") == "false"
    assert widget.chip("q3", 5).get_attribute("aria-pressed") == "true"
    assert export.model("selected") == {"panel": "q3", "answer": 5}

    widget.chip("q3", 5).click()  # clicking the selected answer clears the selection
    assert widget.root.locator('[data-ctx-answer][aria-pressed="true"]').count() == 0
    assert export.model("selected") is None

    widget.chip("q4", 1).press("Enter")  # chips are buttons: the keyboard selects too
    assert widget.chip("q4", 1).get_attribute("aria-pressed") == "true"
    assert export.model("selected") == {"panel": "q4", "answer": 1}
    assert pressed() == [["q4", 1]]


def test_chip_index_is_the_answer_position_not_the_screen_position(
    open_export: OpenExport, small_dict: dict[str, Any]
) -> None:
    # Answers 0 and 2 share a group, so on screen answer 2 comes before answer 1.
    export = open_export(small_dict, expanded="all", name="grouped")
    panel_id = str(ctxwidget.Article.from_dict(small_dict).panels[0].id)
    chips = export.widget.chips(panel_id)
    assert chips.evaluate_all("(nodes) => nodes.map((n) => Number(n.dataset.answerIndex))") == [0, 2, 1]
    assert chips.evaluate_all("(nodes) => nodes.map((n) => n.dataset.source)") == ["apnews.com", "dw.com", "bbc.co.uk"]

    chips.nth(1).click()
    assert export.model("selected") == {"panel": panel_id, "answer": 2}
    assert export.widget.chip(panel_id, 2).get_attribute("aria-pressed") == "true"


def test_initial_state_comes_from_the_export(open_export: OpenExport) -> None:
    export = open_export(expanded=["q3"], selected={"panel": "q3", "answer": 5})
    assert expanded_state(export) == {"q1": "false", "q2": "false", "q3": "true", "q4": "false"}
    assert export.widget.chip("q3", 5).get_attribute("aria-pressed") == "true"
    assert export.widget.chip("q3", 5).get_attribute("data-source") == "apnews.com"


def test_header_link_is_safe(open_export: OpenExport) -> None:
    # The seed has no URL: the header says so in plain text and links nowhere.
    plain = open_export()
    assert plain.widget.link.count() == 0
    assert plain.widget.root.locator("[data-ctx-link]").inner_text() == "Read On Original Website"
    assert plain.widget.root.locator("header a").count() == 0

    article = {**nato_ukraine().to_dict(), "url": "https://www.dw.com/en/stoltenberg-tells-biden/a-65941000"}
    linked = open_export(article, name="linked")
    link = linked.widget.link
    assert link.count() == 1
    assert link.get_attribute("href") == article["url"]
    assert link.get_attribute("target") == "_blank"
    assert set((link.get_attribute("rel") or "").split()) == {"noopener", "noreferrer"}
    assert link.inner_text() == "Read On Original Website"


def test_no_request_leaves_the_page(open_export: OpenExport) -> None:
    export = open_export(expanded="all")
    widget = export.widget
    # Use everything on the page: every question twice, every chip once.
    for panel_id in PANELS:
        widget.toggle(panel_id).click()
        widget.toggle(panel_id).click()
        for chip in widget.chips(panel_id).all():
            chip.click()
    widget.chip("q2", 0).click()
    export.page.evaluate("() => document.fonts.ready")
    save_screenshot(export.page, "export", full_page=True)

    log = export.log
    assert log.urls[0] == export.url
    assert sum(url.startswith("blob:") for url in log.urls) == 1, log.urls  # the bundle, imported once
    assert log.outside([export.url, "blob:"]) == []
    assert log.websockets == []
    assert log.failed == []
    assert log.console_errors == []  # requests the CSP refused are reported here
    assert log.page_errors == []


def test_request_log_sees_requests(open_export: OpenExport, page: Page) -> None:
    """The recorder behind the test above does notice requests, and CSP refusals."""
    log = RequestLog.attach(page)
    with page.expect_event("requestfailed"):
        page.set_content('<img src="http://127.0.0.1:9/pixel.png">')
    assert log.outside(["about:"]) == ["http://127.0.0.1:9/pixel.png"]

    export = open_export()
    with export.page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        export.page.evaluate("() => fetch('http://127.0.0.1:9/data').catch(() => null)")
    assert any("http://127.0.0.1:9/data" in text for text in export.log.console_errors)
