"""JupyterLab end to end: the quick-start notebook on a real kernel, driven in a real chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, NotebookPage, OpenNotebook, is_loopback

pytestmark = [pytest.mark.browser, pytest.mark.jupyter]

QUICKSTART = ROOT / "examples" / "quickstart.ipynb"
SEED = ROOT / "seeds" / "000_bd1b6faf786641fe.txt"
# The notebook reads the seed as ../seeds/<name>: keep the repository's layout in the server root.
QUICKSTART_FILES: dict[str, Path] = {f"seeds/{SEED.name}": SEED}
# The state the quick start leaves its widget ``w`` in.
END_EXPANDED = ["q2", "q3"]
END_SELECTED = {"panel": "q3", "answer": 5}


def open_quickstart(open_notebook: OpenNotebook, *, run: bool = True) -> NotebookPage:
    return open_notebook(QUICKSTART, name="examples/quickstart.ipynb", files=QUICKSTART_FILES, run=run)


def aria_expanded(nb: NotebookPage) -> dict[str, str | None]:
    return {pid: nb.widget.toggle(pid).get_attribute("aria-expanded") for pid in ["q1", "q2", "q3", "q4"]}


def test_quickstart_clicks_reach_python_and_python_reaches_the_page(open_lab: OpenNotebook) -> None:
    from playwright.sync_api import expect

    nb = open_quickstart(open_lab)
    widget = nb.widget
    assert nb.page.evaluate("() => window.jupyterapp.name") == "JupyterLab"
    assert nb.widgets.count() == 1
    expect(widget.panels).to_have_count(4)

    # The view shows the state the notebook's cells left on the Python side.
    assert nb.python("w.expanded") == END_EXPANDED
    assert nb.python("w.selected") == END_SELECTED
    assert aria_expanded(nb) == {"q1": "false", "q2": "true", "q3": "true", "q4": "false"}
    expect(widget.chip("q3", 5)).to_have_attribute("aria-pressed", "true")
    expect(widget.chips("q2")).to_have_count(8)

    # A click on a question reaches Python.
    widget.toggle("q4").click()
    expect(widget.toggle("q4")).to_have_attribute("aria-expanded", "true")
    assert nb.wait_for_python("w.expanded", [*END_EXPANDED, "q4"]) == [*END_EXPANDED, "q4"]
    widget.toggle("q2").click()
    assert nb.wait_for_python("w.expanded", ["q3", "q4"]) == ["q3", "q4"]

    # A click on a chip reaches Python, and the on_select callback sees it.
    widget.chip("q4", 1).click()
    expect(widget.chip("q4", 1)).to_have_attribute("aria-pressed", "true")
    expect(widget.chip("q3", 5)).to_have_attribute("aria-pressed", "false")
    assert nb.wait_for_python("w.selected", {"panel": "q4", "answer": 1}) == {"panel": "q4", "answer": 1}
    assert nb.python("[w.selected_answer[0].id, w.selected_answer[1].source]") == ["q4", "apnews.com"]

    # Python reaches the page: a cell run like a user runs it.
    output = nb.run_cell('w.expanded = ["q1"]\nw.select("q2", 6)\nw.expanded')
    assert "['q1']" in output
    assert "q2 · state.gov: support" in output  # printed by the notebook's on_select callback
    expect(widget.toggle("q1")).to_have_attribute("aria-expanded", "true")
    for pid in ["q2", "q3", "q4"]:
        expect(widget.toggle(pid)).to_have_attribute("aria-expanded", "false")
    expect(widget.panel("q3").locator(".ctx-answers")).to_be_hidden()
    expect(widget.chip("q2", 6)).to_have_attribute("aria-pressed", "true")
    expect(widget.chip("q2", 6)).to_be_hidden()  # selected inside a closed panel
    widget.toggle("q2").click()
    expect(widget.chip("q2", 6)).to_be_visible()
    assert nb.wait_for_python("w.expanded", ["q1", "q2"]) == ["q1", "q2"]

    # The screenshot: the notebook without the file browser, the pointer off the widget.
    nb.page.evaluate("() => window.jupyterapp.commands.execute('application:toggle-left-area')")
    nb.page.mouse.move(0, 0)
    widget.panel("q2").evaluate("(el) => el.scrollIntoView({ block: 'center' })")
    nb.screenshot("jupyterlab")

    assert nb.log.page_errors == []
    assert nb.log.outside(is_loopback) == [], "the page reached beyond 127.0.0.1"


def test_enter_and_space_toggle_a_question_inside_jupyterlab(open_lab: OpenNotebook) -> None:
    from playwright.sync_api import expect

    nb = open_quickstart(open_lab, run=False)
    # Before it runs, the saved notebook shows the widget's script-free HTML (the article with a
    # <details> per panel), not a widget error.
    saved = nb.notebook.locator(".jp-OutputArea-output").filter(
        has_text="Stoltenberg tells Biden of Ukraine", has=nb.page.locator("details")
    )
    expect(saved).to_have_count(1)
    expect(saved.locator("details")).to_have_count(4)
    assert nb.notebook.get_by_text("Error displaying widget").count() == 0
    nb.run_all()
    nb.wait_for_widgets()

    widget = nb.widget
    assert widget.root.get_attribute("data-lm-suppress-shortcuts") is not None
    cells_before = nb.page.evaluate("() => document.querySelectorAll('.jp-Notebook .jp-Cell').length")

    toggle = widget.toggle("q4")
    toggle.focus()
    toggle.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert nb.wait_for_python("w.expanded", [*END_EXPANDED, "q4"]) == [*END_EXPANDED, "q4"]
    toggle.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert nb.wait_for_python("w.expanded", END_EXPANDED) == END_EXPANDED

    # The keys went to the button, not to JupyterLab: no edit mode, no new cell, focus stays.
    assert toggle.evaluate("(el) => el === document.activeElement")
    assert nb.page.locator(".jp-Notebook.jp-mod-editMode").count() == 0
    assert nb.page.evaluate("() => document.querySelectorAll('.jp-Notebook .jp-Cell').length") == cells_before
