"""The hostile corpus rendered in a real chromium: on the exported page and in JupyterLab.

One article carries every payload of ``tests/data/hostile_strings.json`` in every field
(each payload is a paragraph, a sub-heading, a question, an answer, its context, its
group label and its annotation label; the headline, story and author join them all).
Rendered with every panel open, then every answer selected in turn (so each context is
in the evidence box; the two answers over 20,000 characters are left to
``test_evidence_of_a_very_long_answer``), then in the grid view:

- no script runs: ``window.__ctxPwned`` stays unset and no dialog opens;
- every string is shown literally: the ``textContent`` of its node equals it;
- the widget holds only the elements the front end makes (no tag, no ``on*`` attribute
  from the data), every link is http(s) with ``rel="noopener noreferrer"``;
- no request leaves 127.0.0.1 (and on the exported page its Content-Security-Policy
  never has anything to refuse);
- no style leaks: an element outside the widget keeps its computed style, the page does
  not scroll sideways.

JupyterLab's Content-Security-Policy does not restrict scripts, so there the front end's own escaping is all
that stands between the data and the page; the exported page has one as well. Finally the
front end's own URL check is tested by handing the page's model articles with
``javascript:`` and other URLs that never passed Python.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import nbformat
import pytest

import ctxwidget
from ctxwidget import ValidationError
from ctxwidget.model import check_url
from tests.browser.conftest import OpenExport, OpenNotebook, is_loopback
from tests.test_hostile import PAYLOADS, SENTINEL
from tools.harness.pages import ExportPage

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser

VALUES = [p.value for p in PAYLOADS]
SEPARATOR = " \u241f "
JOINED = SEPARATOR.join(VALUES)


def _http(value: str) -> bool:
    try:
        check_url(value, "url")
    except ValidationError:
        return False
    return True


HTTP_PAYLOADS = [v for v in VALUES if _http(v)]
# Answers this long break the evidence box (see test_evidence_of_a_very_long_answer): the
# other tests leave them unselected so that they test everything else.
LONG_SPANS = [i for i, v in enumerate(VALUES) if len(v) > 20_000]


def corpus_article() -> dict[str, Any]:
    """Every payload in every field of one article (panel ``p{i}`` holds payload ``i``)."""
    paragraphs: list[dict[str, str]] = []
    panels = []
    for i, value in enumerate(VALUES):
        paragraphs += [{"text": value}, {"text": value, "kind": "heading"}]
        url = value if _http(value) else f"https://example.com/{i}"
        panels.append(
            {
                "id": f"p{i}",
                "question": value,
                "after": 2 * i + 1,
                "answers": [
                    {"source": "apnews.com", "text": value, "url": url, "context": value, "group": value},
                    {"source": "bbc.co.uk", "text": "The same answer.", "group": value},
                ],
            }
        )
    return {
        "title": JOINED,
        "story": JOINED,
        "author": JOINED,
        "source": "example.com",
        "url": HTTP_PAYLOADS[0],
        "paragraphs": paragraphs,
        "panels": panels,
    }


def corpus_state() -> dict[str, Any]:
    """The UI state that shows everything: all panels open, every payload an annotation label."""
    return {
        "expanded": "all",
        "labels": VALUES,
        "annotations": {f"p{i}/0": value for i, value in enumerate(VALUES)},
    }


# What a rendered widget shows, read in the page. Selecting answers is done by clicking
# their chips, as a user would, so it works the same in the export and in JupyterLab.
COLLECT = """
([count, sentinel, skip]) => {
  const root = document.querySelector(".ctxwidget");
  const text = (sel) => Array.from(root.querySelectorAll(sel), (e) => e.textContent);
  const attr = (sel, name) => Array.from(root.querySelectorAll(sel), (e) => e.getAttribute(name));
  const out = {
    title: text(".ctx-title"),
    story: text(".ctx-story"),
    author: text(".ctx-author"),
    paragraphs: text("p.ctx-paragraph"),
    headings: text("h3.ctx-subheading"),
    questions: text(".ctx-panel .ctx-question-text"),
    answers: text('.ctx-panel [data-ctx-answer][data-answer-index="0"] .ctx-answer-text'),
    groups: attr('.ctx-panel [data-ctx-group][data-group-size="2"]', "data-ctx-group"),
    badges: text(".ctx-panel .ctx-label-badge"),
    contexts: [],
    evidenceLabels: null,
    evidenceLabelAttrs: null,
  };
  for (let i = 0; i < count; i++) {
    if (skip.includes(i)) {
      out.contexts.push(null);
      continue;
    }
    const chip = root.querySelector(`[data-ctx-panel="p${i}"] [data-ctx-answer][data-answer-index="0"]`);
    chip.click();
    const box = root.querySelector(`[data-ctx-panel="p${i}"] .ctx-evidence`);
    const quote = box && box.querySelector(".ctx-evidence-context");
    out.contexts.push(quote ? quote.textContent : null);
    if (i === 0 && box) {
      out.evidenceLabels = Array.from(box.querySelectorAll(".ctx-label"), (e) => e.textContent);
      out.evidenceLabelAttrs = Array.from(box.querySelectorAll(".ctx-label"), (e) => e.getAttribute("data-ctx-label"));
    }
  }
  root.querySelector('[data-ctx-view="grid"]').click();
  out.gridQuestions = text(".ctx-grid-question");
  out.gridAnswers = text('[data-ctx-grid-answer][data-answer-index="0"] .ctx-answer-text');
  root.querySelector('[data-ctx-view="article"]').click();
  out.tags = [...new Set(Array.from(root.querySelectorAll("*"), (e) => e.localName))].sort();
  out.handlers = Array.from(document.querySelectorAll("*"))
    .filter((e) => Array.from(e.attributes).some((a) => a.name.toLowerCase().startsWith("on")))
    .map((e) => e.localName);
  out.links = Array.from(root.querySelectorAll("a"), (a) => ({
    href: a.getAttribute("href"),
    rel: a.getAttribute("rel"),
    target: a.getAttribute("target"),
  }));
  out.sentinel = typeof window[sentinel];
  out.scrollWidth = document.documentElement.scrollWidth;
  out.innerWidth = window.innerWidth;
  const rect = root.getBoundingClientRect();
  out.rootRight = rect.right;
  return out;
}
"""

# The elements the front end itself makes; anything else came from the data.
OWN_TAGS = {
    "a", "blockquote", "button", "div", "h2", "h3", "header", "input", "li", "mark", "ol", "p", "section",
    "span", "table", "tbody", "td", "th", "thead", "tr",
}  # fmt: skip

# Computed style of an element outside the widget, and of the page itself.
OUTSIDE_STYLE = """
() => {
  let probe = document.getElementById("ctx-outside-probe");
  if (!probe) {
    probe = document.createElement("p");
    probe.id = "ctx-outside-probe";
    probe.textContent = "outside the widget";
    document.body.prepend(probe);
  }
  const pick = (el) => {
    const s = getComputedStyle(el);
    return [s.color, s.backgroundColor, s.display, s.visibility, s.fontSize, s.fontFamily, s.position, s.opacity];
  };
  return { probe: pick(probe), body: pick(document.body), html: pick(document.documentElement) };
}
"""


def check_rendered(seen: dict[str, Any]) -> None:
    """Everything shown literally, nothing added, nothing run."""
    assert seen["sentinel"] == "undefined"
    assert seen["title"] == [JOINED]
    assert seen["story"] == [JOINED]
    assert seen["author"] == [JOINED]
    assert seen["paragraphs"] == VALUES
    assert seen["headings"] == VALUES
    assert seen["questions"] == VALUES
    assert seen["answers"] == VALUES
    assert seen["groups"] == VALUES
    assert seen["badges"] == VALUES
    assert seen["contexts"] == [None if i in LONG_SPANS else v for i, v in enumerate(VALUES)]
    assert seen["evidenceLabels"] == VALUES
    assert seen["evidenceLabelAttrs"] == VALUES
    assert seen["gridQuestions"] == VALUES
    assert seen["gridAnswers"] == VALUES
    assert set(seen["tags"]) <= OWN_TAGS, set(seen["tags"]) - OWN_TAGS
    assert seen["handlers"] == []
    assert len(seen["links"]) >= 2  # the article's link, and the evidence box's
    for link in seen["links"]:
        assert re.match(r"^https?://", link["href"]), link
        assert link["rel"] == "noopener noreferrer", link
        assert link["target"] == "_blank", link
    assert seen["scrollWidth"] <= seen["innerWidth"], "the page scrolls sideways"
    assert seen["rootRight"] <= seen["innerWidth"]


def parsed_text(text: str) -> str:
    """``text`` as the HTML parser stores it in an element: CR LF and CR become LF, NUL becomes U+FFFD."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")


# A 100,000-character token without a break point takes Chromium seconds to lay out in a
# regular-weight font (bold is fast): the pages that show one get a longer time limit.
SLOW_PAGE_MS = 120_000


def _settle(page: Page) -> None:
    """Give late events (image errors, frame loads, timers) time to fire."""
    page.wait_for_timeout(400)


def _nothing_ran_nor_left(export: ExportPage, dialogs: list[str]) -> None:
    """After late events: no script of the data ran, no dialog opened, no request left the
    machine and the page raised no error."""
    _settle(export.page)
    assert export.page.evaluate("(name) => typeof window[name]", SENTINEL) == "undefined"
    assert dialogs == []
    assert export.log.outside(lambda u: u == export.url or is_loopback(u)) == []
    assert export.log.page_errors == []


def _export_html() -> str:
    return ctxwidget.to_html(corpus_article(), **corpus_state())


def test_corpus_fits_the_model() -> None:
    assert len(set(VALUES)) == len(VALUES), "annotation labels must be distinct"
    article = ctxwidget.Article.from_dict(corpus_article())
    assert len(article.panels) == len(VALUES)
    assert HTTP_PAYLOADS, "the corpus needs an https URL with a hostile path"


def test_exported_page_shows_every_payload_as_text(
    open_export: OpenExport, context: BrowserContext, dialogs: list[str]
) -> None:
    context.set_default_timeout(SLOW_PAGE_MS)
    baseline = open_export(name="baseline")
    before = baseline.page.evaluate(OUTSIDE_STYLE)
    baseline.page.close()

    export = open_export(html=_export_html(), name="hostile")
    page = export.page
    seen = page.evaluate(COLLECT, [len(VALUES), SENTINEL, LONG_SPANS])
    _settle(page)
    check_rendered(seen)
    assert page.evaluate("(name) => typeof window[name]", SENTINEL) == "undefined"
    assert dialogs == []
    assert page.evaluate(OUTSIDE_STYLE) == before
    title = page.evaluate("() => document.querySelector('head > title').textContent")
    assert title == parsed_text(JOINED), "the <title> holds the headline as text"
    assert export.log.outside(lambda url: url == export.url or is_loopback(url)) == []
    assert [e for e in export.log.console_errors if "Content Security Policy" in e] == []
    assert export.log.page_errors == []
    # The page's own structure is intact: three scripts (state, bundle, bootstrap), one style.
    assert page.evaluate("() => document.scripts.length") == 3
    assert page.evaluate("() => document.querySelectorAll('style, link').length") == 1


SELECT_LONG = """
(indices) => {
  const root = document.querySelector(".ctxwidget");
  return indices.map((i) => {
    root.querySelector(`[data-ctx-panel="p${i}"] [data-ctx-answer][data-answer-index="0"]`).click();
    const quote = root.querySelector(`[data-ctx-panel="p${i}"] .ctx-evidence .ctx-evidence-context`);
    return quote ? quote.textContent : null;
  });
}
"""


def test_evidence_of_a_very_long_answer(open_export: OpenExport, context: BrowserContext) -> None:
    context.set_default_timeout(SLOW_PAGE_MS)
    assert LONG_SPANS, "the corpus needs answers over 20,000 characters"
    long_only = {
        "title": "Long answers",
        "panels": [
            {
                "id": f"p{i}",
                "question": "Q?",
                "answers": [{"source": "apnews.com", "text": VALUES[i], "context": VALUES[i]}],
            }
            for i in LONG_SPANS
        ],
    }
    export = open_export(long_only, expanded="all", name="long")
    contexts = export.page.evaluate(SELECT_LONG, LONG_SPANS)
    assert export.log.page_errors == []
    assert contexts == [VALUES[i] for i in LONG_SPANS]


# -- the front end's own defence -----------------------------------------------------------

# Values no Python check has seen: the model is set directly in the page.
FRONT_END_URLS = [
    *VALUES,
    "javascript:alert(1)",
    "JAVASCRIPT:window.__ctxPwned=1",
    " https://example.com/",
    "https://example.com/\n",
    "\u0000https://example.com/",
    "https:example.com",
    "https:/example.com",
    "http:\\\\example.com",
    "//example.com/x",
    "data:text/html,<script>alert(1)</script>",
    "blob:https://example.com/0",
    "https://example.com/\u2028x",
    "https://example.com/ok",
    "HTTP://EXAMPLE.COM/OK",
]

SET_ARTICLE = """
([url, sentinel]) => {
  const model = window.ctxwidget.model;
  model.set("article", {
    title: "t",
    url,
    panels: [{ id: "x", question: "q", after: 0, answers: [{ source: "apnews.com", text: "a", url }] }],
  });
  model.set("expanded", ["x"]);
  model.set("selected", { panel: "x", answer: 0 });
  const root = document.querySelector(".ctxwidget");
  return {
    links: Array.from(root.querySelectorAll("a"), (a) => ({ href: a.getAttribute("href"), rel: a.rel })),
    plain: Array.from(root.querySelectorAll(".ctx-nolink"), (e) => e.textContent),
    evidence: root.querySelectorAll(".ctx-evidence").length,
    sentinel: typeof window[sentinel],
  };
}
"""


def test_front_end_makes_links_only_from_http_urls(open_export: OpenExport, dialogs: list[str]) -> None:
    export = open_export(name="defence")
    page = export.page
    for url in FRONT_END_URLS:
        seen = page.evaluate(SET_ARTICLE, [url, SENTINEL])
        assert seen["evidence"] == 1
        strict = isinstance(url, str) and re.match(r"^https?://[^\s\x00-\x1f\u2028\u2029]+$", url, re.I)
        if not strict:
            assert seen["links"] == [], url
            assert "Read On Original Website" in seen["plain"], url
        for link in seen["links"]:
            assert re.match(r"^https?://", link["href"]), (url, link)
            assert link["rel"] == "noopener noreferrer"
        if seen["links"]:
            assert _http(url), f"the front end linked {url!r}, which Python refuses"
    # Never linked: any scheme but http(s), relative URLs, white space or control characters.
    assert page.evaluate(SET_ARTICLE, ["https://example.com/ok", SENTINEL])["links"][0]["href"] == (
        "https://example.com/ok"
    )
    _settle(page)
    assert page.evaluate("(name) => typeof window[name]", SENTINEL) == "undefined"
    assert dialogs == []
    assert export.log.outside(lambda u: u == export.url or is_loopback(u)) == []


SET_STRICT_FIELDS = """
([value]) => {
  const model = window.ctxwidget.model;
  model.set("article", {
    title: "t",
    source: value,
    panels: [{ id: value, question: "q", after: 0, answers: [{ source: value, text: "a", group: value }] }],
  });
  model.set("expanded", [value]);
  model.set("selected", { panel: value, answer: 0 });
  const root = document.querySelector(".ctxwidget");
  const chip = root.querySelector("[data-ctx-answer]");
  return {
    source: Array.from(root.querySelectorAll(".ctx-source"), (e) => e.textContent),
    panel: Array.from(root.querySelectorAll("[data-ctx-panel]"), (e) => e.getAttribute("data-ctx-panel")),
    chip: chip && chip.querySelector(".ctx-chip").textContent,
    chipAttr: chip && chip.getAttribute("data-source"),
    coverage: Array.from(root.querySelectorAll("[data-ctx-source]"), (e) => e.getAttribute("data-ctx-source")),
    evidence: root.querySelectorAll(".ctx-evidence").length,
    handlers: Array.from(document.querySelectorAll("*")).filter(
      (e) => Array.from(e.attributes).some((a) => a.name.toLowerCase().startsWith("on"))).length,
  };
}
"""


def test_front_end_shows_unchecked_domains_and_ids_as_text(open_export: OpenExport, dialogs: list[str]) -> None:
    """Source domains and panel ids are checked by Python; the front end copes when they were not."""
    export = open_export(name="domains")
    page = export.page
    for value in VALUES:
        seen = page.evaluate(SET_STRICT_FIELDS, [value])
        assert seen["source"] == [value]
        assert seen["panel"] == [value]
        assert seen["chip"] == value
        assert seen["chipAttr"] == value
        assert seen["coverage"] == [value]
        assert seen["evidence"] == 1, "the answer of a panel with this id can be selected"
        assert seen["handlers"] == 0
    _nothing_ran_nor_left(export, dialogs)


SET_COPY_OF = """
([value]) => {
  const model = window.ctxwidget.model;
  model.set("article", {
    title: "t",
    panels: [{ id: "q1", question: "q", after: 0, answers: [
      { source: "a.com", text: "a", group: 0, copy_of: value },
      { source: "b.com", text: "a", group: 0 },
    ] }],
  });
  model.set("expanded", ["q1"]);
  model.set("view", "article");
  const root = document.querySelector(".ctxwidget");
  const text = (node) => node && node.textContent;
  const article = text(root.querySelector("[data-ctx-answer] .ctx-copy-of"));
  const line = text(root.querySelector(".ctx-group-outlets"));
  const coverage = text(root.querySelector('[data-ctx-source="a.com"] .ctx-copy-of'));
  const coverageTitle = root.querySelector('[data-ctx-source="a.com"]').title;
  model.set("view", "grid");
  const grid = text(root.querySelector("[data-ctx-grid-answer] .ctx-copy-of"));
  const header = text(root.querySelector('th[data-source="a.com"] .ctx-copy-of'));
  model.set("view", "article");
  return {
    article, grid, line, coverage, coverageTitle, header,
    handlers: Array.from(document.querySelectorAll("*")).filter(
      (e) => Array.from(e.attributes).some((a) => a.name.toLowerCase().startsWith("on"))).length,
  };
}
"""


def test_front_end_shows_an_unchecked_copy_of_as_text(open_export: OpenExport, dialogs: list[str]) -> None:
    """copy_of is a domain Python checks; set on the model directly, every hostile value stays text
    in each place that names a copy: the chip, the group row's outlets line, the coverage summary's
    toggle (and its tooltip), the grid's cell and column header (the Outlets view's Copies column:
    tests/browser/test_outlets_export.py)."""
    export = open_export(name="copy-of")
    page = export.page
    for value in VALUES:
        seen = page.evaluate(SET_COPY_OF, [value])
        assert seen["article"] == f", copy of {value}"
        assert seen["grid"] == f" copy of {value}"
        assert seen["line"] == f"a.com, copy of {value} · b.com"
        assert seen["coverage"] == seen["header"] == f", copy of {value}"
        assert seen["coverageTitle"] == f"1 answer from a.com, copy of {value}"
        assert seen["handlers"] == 0
    _nothing_ran_nor_left(export, dialogs)


# -- JupyterLab ----------------------------------------------------------------------------

HOSTILE_NOTEBOOK_CODE = """
import json
from ctxwidget import ContextWidget
state = json.load(open("hostile_state.json", encoding="utf-8"))
w = ContextWidget("hostile.json", **state)
w
"""


@pytest.mark.jupyter
def test_jupyterlab_shows_every_payload_as_text(
    open_lab: OpenNotebook, context: BrowserContext, dialogs: list[str], tmp_path: Any
) -> None:
    context.set_default_timeout(SLOW_PAGE_MS)
    article_file = tmp_path / "hostile.json"
    article_file.write_text(json.dumps(corpus_article()), encoding="utf-8")
    state_file = tmp_path / "hostile_state.json"
    state_file.write_text(json.dumps(corpus_state()), encoding="utf-8")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(HOSTILE_NOTEBOOK_CODE.strip())]

    nb = open_lab(
        notebook,
        name="hostile.ipynb",
        files={"hostile.json": article_file, "hostile_state.json": state_file},
        run=False,
    )
    page = nb.page
    before = page.evaluate(OUTSIDE_STYLE)
    lab_style = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('.jp-NotebookPanel-toolbar'));"
        " return [s.display, s.visibility, s.backgroundColor, s.height]; }"
    )
    nb.run_all()
    nb.wait_for_widgets(1)
    seen = page.evaluate(COLLECT, [len(VALUES), SENTINEL, LONG_SPANS])
    _settle(page)
    check_rendered(seen)
    assert page.evaluate("(name) => typeof window[name]", SENTINEL) == "undefined"
    assert dialogs == []
    assert page.evaluate(OUTSIDE_STYLE) == before
    assert (
        page.evaluate(
            "() => { const s = getComputedStyle(document.querySelector('.jp-NotebookPanel-toolbar'));"
            " return [s.display, s.visibility, s.backgroundColor, s.height]; }"
        )
        == lab_style
    )
    assert nb.log.outside(is_loopback) == []
    assert nb.log.page_errors == []
    # The clicks reached the kernel: the last answer clicked is the selection there.
    last = {"panel": f"p{len(VALUES) - 1}", "answer": 0}
    assert nb.wait_for_python("w.selected", last) == last
