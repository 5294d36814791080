"""Regenerate the README's pictures from the exported page, in Debian's headless chromium.

    python -m docs.screenshots     (from the repository root)

Each picture is the offline HTML page of an example in a given state, so it shows exactly
what the widget's front end renders.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

import ctxwidget
from ctxwidget.examples import nato_ukraine
from tools.harness import ExportPage, launch

HERE = Path(__file__).resolve().parent
IMAGES = HERE / "images"


def shots() -> list[tuple[str, ctxwidget.Article, dict[str, Any], str | None]]:
    """(file name, article, widget state, selector to scroll to)."""
    article = nato_ukraine()
    try:
        from ctxwidget.grouping import group_answers

        article = group_answers(article)
    except ImportError:
        pass
    labels = ["correct", "incorrect", "unsure"]
    return [
        (
            "article.png",
            article,
            {
                "expanded": ["q3"],
                "selected": {"panel": "q3", "answer": 5},
                "labels": labels,
                "annotations": {"q3/5": "correct"},
            },
            '[data-ctx-panel="q3"]',
        ),
        ("grid.png", article, {"view": "grid", "selected": {"panel": "q3", "answer": 5}, "labels": labels}, None),
    ]


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1000, "height": 820})
        for name, article, state, anchor in shots():
            path = Path(tmp) / name.replace(".png", ".html")
            path.write_text(ctxwidget.to_html(article, **state), "utf-8")
            page = ExportPage.open(context, path).page
            if anchor:
                page.evaluate("s => { document.querySelector(s).scrollIntoView(); window.scrollBy(0, -120); }", anchor)
            page.screenshot(path=str(IMAGES / name))
            print("wrote", IMAGES / name)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
