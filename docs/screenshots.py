"""Regenerate the pictures of the README and the docs site from the exported page, in Debian's headless chromium.

    python -m docs.screenshots                  (from the repository root)
    python -m docs.screenshots outlets.png      (only the pictures named)

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


def real_article() -> ctxwidget.Article:
    """The real Discord Questions sample on the article that anchors the most questions."""
    import json
    from collections import Counter

    from ctxwidget.adapters import from_discord_questions

    data = HERE.parent / "examples" / "data"
    documents = json.loads((data / "documents_recession.json").read_text("utf-8"))
    questions = json.loads((data / "discord_questions_recession_sample.json").read_text("utf-8"))
    anchor = Counter(q["doc_id"] for q in questions).most_common(1)[0][0]
    return from_discord_questions(documents, questions, anchor)


#: Scripts run on a page before its picture: open the outline and filter it.
OPEN_OUTLINE = """() => {
  document.querySelector('[data-ctx-outline-toggle]').click();
  const input = document.querySelector('[data-ctx-outline-filter]');
  input.value = 'inflation';
  input.dispatchEvent(new Event('input', { bubbles: true }));
}"""


def shots() -> list[tuple[str, ctxwidget.Article, dict[str, Any], str | None]]:
    """(file name, article, widget state, selector to scroll to); a name ending in ``-dark.png``
    is taken in the dark colour scheme."""
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
        *real_shots(),
        *labelling_shots(),
    ]


def real_shots() -> list[tuple[str, ctxwidget.Article, dict[str, Any], str | None]]:
    """The real sample: its largest panel summarised (light and dark), the outline, and the
    Outlets view (light and dark) with one outlet chosen in the source filter."""
    real = real_article()
    big = max(real.panels, key=lambda panel: len(panel.answers))
    anchor = f'[data-ctx-stack="{big.after}"]'
    return [
        ("real-article.png", real, {"expanded": [big.id]}, anchor),
        ("real-article-dark.png", real, {"expanded": [big.id]}, anchor),
        ("real-outline.png", real, {}, None),
        ("outlets.png", real, {"view": "outlets", "source_filter": ["kitco.com"]}, "[data-ctx-outlets]"),
        ("outlets-dark.png", real, {"view": "outlets", "source_filter": ["kitco.com"]}, "[data-ctx-outlets]"),
    ]


def labelling_state(article: ctxwidget.Article) -> dict[str, Any]:
    """Labelling under way on the real sample: the first answer of every other question labelled,
    and in the largest question a row of a few answers open, two of them labelled and the next
    one selected (its evidence shown, with the label buttons)."""
    labels = ["correct", "incorrect", "unsure"]
    big = max(article.panels, key=lambda panel: len(panel.answers))
    rows: dict[Any, list[int]] = {}
    for index, answer in enumerate(big.answers):
        rows.setdefault(answer.group, []).append(index)
    row = max((r for r in rows.values() if len(r) <= 5), key=len)
    annotations = {f"{p.id}/0": labels[i % 3] for i, p in enumerate(article.panels) if p.answers and p is not big}
    annotations |= {f"{big.id}/{row[0]}": "correct", f"{big.id}/{row[1]}": "incorrect"}
    return {
        "labels": labels,
        "annotations": annotations,
        "expanded": [big.id],
        "selected": {"panel": big.id, "answer": row[2]},
    }


def labelling_shots() -> list[tuple[str, ctxwidget.Article, dict[str, Any], str | None]]:
    """The labelling workflow on the real sample, light and dark (clipped, see :data:`CLIPS`)."""
    real = real_article()
    state = labelling_state(real)
    return [("labelling.png", real, state, None), ("labelling-dark.png", real, state, None)]


#: Pictures clipped to the widget, from the top of one element to the bottom of another:
#: the labelling bar and the evidence box of the selected answer are further apart than a window.
CLIPS = {
    "labelling.png": (".ctxwidget", ".ctx-evidence"),
    "labelling-dark.png": (".ctxwidget", ".ctx-evidence"),
}

CLIP_BOX = """([top, bottom]) => {
  const widget = document.querySelector(".ctxwidget").getBoundingClientRect();
  const a = document.querySelector(top).getBoundingClientRect();
  const b = document.querySelector(bottom).getBoundingClientRect();
  const y = window.scrollY;
  return { x: widget.left - 16, y: a.top + y - 16, width: widget.width + 32, height: b.bottom - a.top + 32 };
}"""


def main(names: list[str] | None = None) -> None:
    """Write every picture, or only those ``names`` lists."""
    IMAGES.mkdir(exist_ok=True)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = launch(playwright)
        light = browser.new_context(viewport={"width": 1000, "height": 820})
        dark = browser.new_context(viewport={"width": 1000, "height": 820}, color_scheme="dark")
        for name, article, state, anchor in shots():
            if names and name not in names:
                continue
            context = dark if name.endswith("-dark.png") else light
            path = Path(tmp) / name.replace(".png", ".html")
            path.write_text(ctxwidget.to_html(article, **state), "utf-8")
            page = ExportPage.open(context, path).page
            if name == "real-outline.png":
                page.evaluate(OPEN_OUTLINE)
            if anchor:
                page.evaluate("s => { document.querySelector(s).scrollIntoView(); window.scrollBy(0, -120); }", anchor)
            if name in CLIPS:
                box = page.evaluate(CLIP_BOX, list(CLIPS[name]))
                page.screenshot(path=str(IMAGES / name), full_page=True, clip=box)
            else:
                page.screenshot(path=str(IMAGES / name))
            print("wrote", IMAGES / name)
            page.close()
        browser.close()


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
