"""The Outlets view on the exported page of the real sample, in chromium: every outlet, the
figures of ``ctxwidget.analysis.outlet_agreement``, no sideways scrolling at 900 px, the source
filter by mouse and by keyboard alone, and hostile outlet names shown as text."""

from __future__ import annotations

import math
from typing import Any

import pytest

import ctxwidget
from ctxwidget.state import article_sources
from tests.browser.conftest import ExportPage, OpenExport, is_loopback, save_screenshot
from tests.browser.glance_data import real_article
from tests.browser.test_hostile_browser import LONG_SPANS, OWN_TAGS, SLOW_PAGE_MS, VALUES
from tests.test_hostile import SENTINEL

pytestmark = pytest.mark.browser

#: A typical notebook's width, at its narrow end.
WIDTH = 900
#: The corpus as outlet names. Its two payloads over 20,000 characters take chromium minutes to lay
#: out six times each in a table (as they take seconds in one paragraph); a 2,000-character name
#: without a break stands in for them.
NAMES = [v for i, v in enumerate(VALUES) if i not in LONG_SPANS] + ["x" * 2000]

# How wide things are, in CSS px: the page, the widget, the table's box and the table itself.
WIDTHS = """() => {
  const doc = document.scrollingElement;
  const root = document.querySelector(".ctxwidget");
  const box = root.querySelector(".ctx-outlets-scroll");
  const table = root.querySelector(".ctx-outlets");
  return {
    page: [doc.scrollWidth, doc.clientWidth],
    root: [root.scrollWidth, root.clientWidth],
    box: [box.scrollWidth, box.clientWidth],
    table: table.getBoundingClientRect().width,
    cellsOutside: Array.from(table.querySelectorAll("th, td")).filter(
      (c) => c.getBoundingClientRect().right > box.getBoundingClientRect().right + 0.5).length,
  };
}"""


def open_real(open_export: OpenExport, **state: Any) -> ExportPage:
    export = open_export(html=ctxwidget.to_html(real_article(), **state), name="real")
    export.page.set_viewport_size({"width": WIDTH, "height": 900})
    return export


def show_outlets(export: ExportPage) -> None:
    export.widget.root.locator('[data-ctx-view="outlets"]').click()
    export.page.locator('.ctxwidget[data-view="outlets"] table.ctx-outlets').wait_for()


def assert_no_sideways_scroll(export: ExportPage) -> dict[str, Any]:
    widths = export.page.evaluate(WIDTHS)
    for what in ("page", "root", "box"):
        scroll, client = widths[what]
        assert scroll <= client, f"the {what} scrolls sideways at {WIDTH} px: {widths}"
    assert widths["cellsOutside"] == 0, widths
    return dict(widths)


def test_every_outlet_with_its_figures_and_no_sideways_scroll_at_900px(open_export: OpenExport) -> None:
    pandas = pytest.importorskip("pandas")
    from ctxwidget.analysis import outlet_agreement

    article = real_article()
    export = open_real(open_export)
    show_outlets(export)
    root = export.widget.root
    rows = root.locator("[data-ctx-outlet-row]")
    shown = rows.evaluate_all("(rs) => rs.map((r) => r.dataset.ctxOutletRow)")
    assert sorted(shown) == sorted(article_sources(article))
    assert len(shown) == 32
    widths = assert_no_sideways_scroll(export)
    print(f"Outlets view at {WIDTH} px: {widths}")
    # the figures are Python's (the same rule, computed in the page)
    expected = outlet_agreement(article, by="outlet").set_index("outlet")
    figures = rows.evaluate_all(
        """(rs) => rs.map((r) => [r.dataset.ctxOutletRow, r.querySelector(".ctx-outlets-share").dataset.share,
              r.querySelector(".ctx-outlets-count").textContent,
              Array.from(r.querySelectorAll(".ctx-outlets-peer"), (c) => c.dataset.peer ?? null)])"""
    )
    for outlet, share, questions, (most, least) in figures:
        row = expected.loc[outlet]
        if pandas.isna(row["mean_agreement"]):
            assert share == ""
        else:
            assert math.isclose(float(share), row["mean_agreement"], rel_tol=1e-12), outlet
        assert int(questions) == row["questions"]
        assert (most, least) == (row["most_similar"], row["least_similar"])
    # most agreeing first; the view's default order
    shares = [float(s) for _, s, _, _ in figures if s != ""]
    assert shares == sorted(shares, reverse=True)
    save_screenshot(export.page, "outlets-900")


def test_clicking_an_outlet_filters_the_article(open_export: OpenExport) -> None:
    article = real_article()
    busiest = next(iter(article_sources(article)))
    panel = next(p for p in article.panels if any(a.source == busiest for a in p.answers) and len(p.answers) > 3)
    export = open_real(open_export, expanded=[panel.id])
    show_outlets(export)
    button = export.widget.root.locator(f'[data-ctx-outlet="{busiest}"]')
    button.click()
    assert export.model("source_filter") == [busiest]
    assert button.get_attribute("aria-pressed") == "true"
    coverage = export.widget.root.locator(f'.ctx-coverage [data-ctx-source="{busiest}"]')
    assert coverage.get_attribute("aria-pressed") == "true"
    export.widget.root.locator('[data-ctx-view="article"]').click()
    # every chip of the open panel is in the DOM (some in closed group rows); the filter hides the others'
    chips = (
        export.widget.panel(str(panel.id))
        .locator("[data-ctx-answer]")
        .evaluate_all("(cs) => cs.map((c) => [c.dataset.source, c.hidden])")
    )
    assert len(chips) == len(panel.answers)
    assert {source for source, hidden in chips if not hidden} == {busiest}
    assert all(hidden for source, hidden in chips if source != busiest)
    show_outlets(export)
    button.click()
    assert export.model("source_filter") == []


def test_keyboard_alone_opens_the_view_and_filters(open_export: OpenExport) -> None:
    export = open_real(open_export)
    page = export.page
    page.locator("body").focus()

    def tab_to(selector: str, limit: int) -> str:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return str(page.evaluate("() => document.activeElement.textContent"))
        raise AssertionError(f"Tab never reached {selector} in {limit} presses")

    def tabs_to(selector: str, limit: int) -> int:
        for n in range(1, limit + 1):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return n
        raise AssertionError(f"Tab never reached {selector} in {limit} presses")

    # Chosen with the pointer, the view leaves the focus on the switch: the coverage bar's outlets
    # and the outline come before the table.
    switch = export.widget.root.locator('[data-ctx-view="outlets"]')
    switch.click()
    by_pointer = tabs_to("[data-ctx-outlets-sort]", 120)
    export.widget.root.locator('[data-ctx-view="article"]').click()
    page.locator("body").focus()

    tab_to('[data-ctx-view="outlets"]', 40)
    page.keyboard.press("Enter")
    assert export.model("view") == "outlets"
    # Chosen with the keyboard, focus moves into the view's region (its focus ring shows), and the
    # next Tab is the table's first sort button, then the outlets.
    assert page.evaluate("() => document.activeElement.matches('[data-ctx-outlets]')")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") == "dashed"
    assert tab_to("[data-ctx-outlets-sort]", 1) == "Outlet"
    print(f"\nTabs from the view switch to the table: {by_pointer} after a click, 1 after Enter")
    assert by_pointer > 10  # the coverage bar's outlets are many in the real sample
    page.keyboard.press("Enter")  # sorts by name
    first = export.widget.root.locator("[data-ctx-outlet-row]").first.get_attribute("data-ctx-outlet-row")
    assert first == min(article_sources(real_article()))
    outlet = tab_to("[data-ctx-outlet]", 5)
    assert outlet == first
    page.keyboard.press("Enter")
    assert export.model("source_filter") == [first]
    page.keyboard.press("Space")
    assert export.model("source_filter") == []
    # the focus ring shows
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "dashed"


# Outlet names and copies the model would refuse, handed to the page's model directly.
SET_HOSTILE_OUTLETS = """
([values]) => {
  const model = window.ctxwidget.model;
  // one question per value, answered by it and its copy: each is the other's only peer
  const panels = values.map((value, i) => ({
    id: `q${i}`,
    question: "q",
    after: 0,
    answers: [
      { source: value, text: "a", group: 0 },
      { source: `copy${i}.example`, text: "a", group: 0, copy_of: value },
    ],
  }));
  model.set("article", { title: "t", panels });
  model.set("view", "outlets");
  const root = document.querySelector(".ctxwidget");
  return {
    names: Array.from(root.querySelectorAll("[data-ctx-outlet]"), (b) => [b.dataset.ctxOutlet, b.textContent]),
    rows: Array.from(root.querySelectorAll("[data-ctx-outlet-row]"), (r) => r.dataset.ctxOutletRow),
    copies: Array.from(root.querySelectorAll(".ctx-outlets-copies .ctx-outlets-domain"), (d) => d.textContent),
    peers: Array.from(root.querySelectorAll(".ctx-outlets-peer .ctx-outlets-domain"), (d) => d.textContent),
    tags: [...new Set(Array.from(root.querySelectorAll("*"), (e) => e.localName))].sort(),
    handlers: Array.from(document.querySelectorAll("*")).filter(
      (e) => Array.from(e.attributes).some((a) => a.name.toLowerCase().startsWith("on"))).length,
  };
}
"""


def test_hostile_outlet_names_and_copies_are_text(open_export: OpenExport, dialogs: list[str]) -> None:
    """Outlet domains are checked by Python (hostile text cannot be one); the view copes when they were not."""
    export = open_export(name="outlets-hostile")
    page = export.page
    page.set_default_timeout(SLOW_PAGE_MS)
    page.set_viewport_size({"width": WIDTH, "height": 900})
    seen = page.evaluate(SET_HOSTILE_OUTLETS, [NAMES])
    copies = [f"copy{i}.example" for i in range(len(NAMES))]
    assert sorted(name for name, _ in seen["names"]) == sorted(NAMES + copies)
    assert all(name == text for name, text in seen["names"])
    assert sorted(set(seen["rows"])) == sorted(name for name, _ in seen["names"])
    # "copies <value>" on each copy's row, "copied by <copy>" on the original's
    assert sorted(seen["copies"]) == sorted(NAMES + copies)
    # each outlet's most and least similar peer is its copy, or its original
    assert sorted(seen["peers"]) == sorted(2 * (NAMES + copies))
    assert set(seen["tags"]) <= OWN_TAGS | {"caption", "wbr"}, set(seen["tags"]) - OWN_TAGS
    assert seen["handlers"] == 0
    assert_no_sideways_scroll(export)
    page.wait_for_timeout(400)
    assert page.evaluate("(name) => typeof window[name]", SENTINEL) == "undefined"
    assert dialogs == []
    assert export.log.outside(lambda u: u == export.url or is_loopback(u)) == []
    assert export.log.page_errors == []
