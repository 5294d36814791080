"""Notebook 7 end to end: the quick-start notebook renders and a click reaches Python."""

from __future__ import annotations

import pytest

from tests.browser.conftest import OpenNotebook, is_loopback
from tests.browser.test_jupyterlab import END_EXPANDED, END_SELECTED, open_quickstart

pytestmark = [pytest.mark.browser, pytest.mark.jupyter]


def our_page_errors(errors: list[str]) -> list[str]:
    """Uncaught errors, less those raised entirely inside Notebook 7's own bundle.

    Notebook 7.6 throws a few by itself, also on ``/tree`` with no notebook open (seen:
    "Cannot read properties of undefined (reading 'schema')", "Command 'filebrowser:open-path'
    not registered"). An error that passes through the widget (a ``blob:`` module loaded by
    anywidget) or through any lab extension is kept.
    """
    return [
        error
        for error in errors
        if not ("/static/notebook/" in error and "blob:" not in error and "/labextensions/" not in error)
    ]


def test_quickstart_in_notebook7(open_notebook7: OpenNotebook) -> None:
    from playwright.sync_api import expect

    nb = open_quickstart(open_notebook7)
    assert "/notebooks/" in nb.page.url
    assert nb.page.evaluate("() => window.jupyterapp.name") == "Jupyter Notebook"
    widget = nb.widget
    expect(widget.panels).to_have_count(4)
    expect(widget.toggle("q2")).to_have_attribute("aria-expanded", "true")
    expect(widget.chip("q3", 5)).to_have_attribute("aria-pressed", "true")
    assert nb.python("w.selected") == END_SELECTED

    widget.toggle("q1").click()
    expect(widget.toggle("q1")).to_have_attribute("aria-expanded", "true")
    assert nb.wait_for_python("w.expanded", [*END_EXPANDED, "q1"]) == [*END_EXPANDED, "q1"]

    widget.chip("q2", 0).click()
    assert nb.wait_for_python("w.selected", {"panel": "q2", "answer": 0}) == {"panel": "q2", "answer": 0}

    widget.toggle("q1").scroll_into_view_if_needed()
    nb.screenshot("notebook7")
    assert our_page_errors(nb.log.page_errors) == []
    assert nb.log.outside(is_loopback) == [], "the page reached beyond 127.0.0.1"
