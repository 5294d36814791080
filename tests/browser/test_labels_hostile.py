"""Every hostile string of ``tests/data/hostile_strings.json`` as an annotator's name and as a label,
through the real labelling path in JupyterLab, in a real chromium.

The annotator's name reaches the page only from the kernel (the widget's ``_store_info``, shown by
the labelling bar as "Labels are saved to ... as NAME."): the exported page has no store, so this
test runs in JupyterLab. One notebook cell shows one widget per payload (in one ``VBox``: JupyterLab
shows only 50 outputs of a cell), all on one store, each
with ``annotator=PAYLOAD`` and ``labels=(PAYLOAD, "other")`` (the four payloads of 10,000 to 100,000
characters included, in the same page). In each view the key ``1`` labels the first answer: the page
sends the label, the kernel commits it to the store and sets ``annotations``, the page shows it.

- no script runs: ``window.__ctxPwned`` stays unset, no dialog opens, no element the front end does
  not make and no ``on*`` attribute appears;
- every name and label is shown literally: the store line, the chip's badge and ``data-label``, the
  evidence box's label buttons equal the input;
- the store holds each label under its annotator, and ``w.annotations`` says it;
- no request leaves 127.0.0.1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
import pytest

from tests.browser.conftest import OpenNotebook, is_loopback
from tests.browser.test_hostile_browser import OWN_TAGS, SLOW_PAGE_MS, VALUES
from tests.test_hostile import SENTINEL

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = [pytest.mark.browser, pytest.mark.jupyter]

# One question, two answers (each its own row): "1" on the first labels it and moves on to the second.
ARTICLE = {
    "title": "Hostile annotators",
    "source": "example.com",
    "paragraphs": [{"text": "One paragraph."}],
    "panels": [
        {
            "id": "q",
            "question": "Who said it?",
            "after": 1,
            "answers": [
                {"source": "a.com", "text": "Alice", "context": "Alice said it.", "url": "https://a.com/story"},
                {"source": "b.com", "text": "Bob", "context": "Bob said it."},
            ],
        }
    ],
}

CODE = """
import json
from ipywidgets import VBox
from ctxwidget import Article, ContextWidget, LabelStore
names = json.load(open("names.json", encoding="utf-8"))
article = Article.from_dict(json.load(open("article.json", encoding="utf-8")))
store = LabelStore("labels.sqlite3")
ws = [ContextWidget(article, labels=(n, "other"), store=store, annotator=n, expanded=["q"]) for n in names]
VBox(ws)
"""

# What each view shows, read in the page, in the order of the views.
COLLECT = """
([sentinel]) => {
  const roots = Array.from(document.querySelectorAll(".jp-Notebook .ctxwidget"));
  const chip = (root, i) => root.querySelector(`[data-ctx-panel="q"] [data-ctx-answer][data-answer-index="${i}"]`);
  return {
    views: roots.map((root) => ({
      store: root.querySelector("[data-ctx-store-info]").textContent,
      storeHidden: root.querySelector("[data-ctx-store-info]").hidden,
      status: root.querySelector("[data-ctx-save-status]").textContent,
      badge: chip(root, 0).querySelector(".ctx-label-badge")?.textContent ?? null,
      label: chip(root, 0).getAttribute("data-label"),
      unlabelled: chip(root, 1).hasAttribute("data-label"),
      selected: chip(root, 1).getAttribute("aria-pressed"),
      evidence: Array.from(root.querySelectorAll(".ctx-evidence .ctx-label"), (e) => e.textContent),
      progress: root.querySelector("[data-ctx-progress]").textContent,
    })),
    tags: [...new Set(roots.flatMap((root) => Array.from(root.querySelectorAll("*"), (e) => e.localName)))].sort(),
    handlers: roots.flatMap((root) =>
      Array.from(root.querySelectorAll("*")).filter((e) =>
        Array.from(e.attributes).some((a) => a.name.toLowerCase().startsWith("on")),
      ),
    ).length,
    sentinel: typeof window[sentinel],
  };
}
"""

# Every view's save status says the label was committed (set only on the kernel's answer).
ALL_SAVED = """
(count) => {
  const statuses = Array.from(document.querySelectorAll(".jp-Notebook .ctxwidget [data-ctx-save-status]"));
  return statuses.length === count && statuses.every((s) => s.textContent === "Saved: 1 label.");
}
"""

STORED = """[
    [i for i, n in enumerate(names) if store.labels_for(article, annotator=n).labels != {"q/0": n}],
    [i for i, (n, w) in enumerate(zip(names, ws)) if w.annotations != {"q/0": n}],
    len(store.frame()),
]"""


def test_every_hostile_annotator_and_label_is_text(
    open_lab: OpenNotebook, context: BrowserContext, dialogs: list[str], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    context.set_default_timeout(SLOW_PAGE_MS)
    assert len(set(VALUES)) == len(VALUES)
    assert "other" not in VALUES  # each widget's second label
    names_file = tmp_path / "names.json"
    names_file.write_text(json.dumps(VALUES), encoding="utf-8")
    article_file = tmp_path / "article.json"
    article_file.write_text(json.dumps(ARTICLE), encoding="utf-8")
    notebook = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    notebook.cells = [nbformat.v4.new_code_cell(CODE.strip())]  # type: ignore[no-untyped-call]
    nb = open_lab(
        notebook,
        name="hostile-labels.ipynb",
        files={"names.json": names_file, "article.json": article_file},
        widgets=len(VALUES),
    )
    page = nb.page
    assert nb.widgets.count() == len(VALUES)

    # The real path: a key in each view, a label message to the kernel, the store, the annotations back.
    for i in range(len(VALUES)):
        nb.widgets.nth(i).locator('[data-ctx-answer][data-answer-index="0"]').focus()
        page.keyboard.press("1")
    page.wait_for_function(ALL_SAVED, arg=len(VALUES), timeout=SLOW_PAGE_MS, polling=200)

    location = nb.python("store.location")
    seen: dict[str, Any] = page.evaluate(COLLECT, [SENTINEL])
    page.wait_for_timeout(400)  # late events: image errors, frame loads, timers
    views = seen["views"]
    assert len(views) == len(VALUES)
    for value, view in zip(VALUES, views, strict=True):
        assert view["store"] == f"Labels are saved to {location} as {value}.", view["store"][:200]
        assert view["storeHidden"] is False
        assert view["status"] == "Saved: 1 label."
        assert view["badge"] == value
        assert view["label"] == value
        assert view["unlabelled"] is False
        assert view["selected"] == "true"  # "1" moved on to the next unlabelled answer, shown as evidence
        assert view["evidence"] == [value, "other"]
        assert view["progress"] == "2 answers · 1 labelled (50%)"
    assert seen["sentinel"] == "undefined"
    assert page.evaluate("(name) => typeof window[name]", SENTINEL) == "undefined"
    assert set(seen["tags"]) <= OWN_TAGS, set(seen["tags"]) - OWN_TAGS
    assert seen["handlers"] == 0
    assert dialogs == []

    # Committed under each annotator, and what each widget holds.
    wrong_store, wrong_widget, rows = nb.python(STORED)
    assert wrong_store == []
    assert wrong_widget == []
    assert rows == len(VALUES)
    expect(nb.widgets.first.locator("[data-ctx-store-info]")).to_be_visible()
    assert nb.log.outside(is_loopback) == []
    assert nb.log.page_errors == []
