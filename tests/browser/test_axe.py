"""axe-core finds no WCAG 2.1 A/AA violation in the widget, in real chromium.

Audited: the exported page of the built-in example and of a real Discord Questions article, in
the light and the dark colour scheme (the export follows ``prefers-color-scheme``), and the
widget in JupyterLab's light and dark themes; article and grid views; every panel open, one
evidence box shown, one answer labelled. Each audit is restricted to the widget root
(``.ctxwidget``); a failure prints every violating node with axe's explanation.

Run it alone with ``python -m pytest tests/browser/test_axe.py -q`` (needs ``npm --prefix js ci``
for ``js/node_modules/axe-core``). An audit of the real article takes about 15 s, so that
article is audited once per colour scheme, in the article view.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
import pytest

import ctxwidget
from ctxwidget.examples import nato_ukraine
from tests.browser.conftest import ROOT, TIMEOUT_MS, OpenNotebook, unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

AXE = ROOT / "js" / "node_modules" / "axe-core" / "axe.min.js"
DATA = ROOT / "examples" / "data"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LABELS = ["correct", "incorrect", "unsure"]
#: How many violating nodes of one rule a failure message lists.
SHOW_NODES = 12

# Runs axe on every widget root of the page and returns, trimmed to what a reader needs, its
# violations, the colour contrasts it could not decide, and a rule "color-contrast (not checked)"
# if it checked the contrast of fewer elements than there are visible outlet chips (so that a
# change of layout cannot make the audit pass by hiding the widget from axe).
# The widget skips layout and paint of chunks far off screen (content-visibility: auto), and
# axe cannot read the colours of skipped content: the audit lays every chunk out first.
_RUN_AXE = """
async (tags) => {
  const roots = Array.from(document.querySelectorAll(".ctxwidget"));
  if (roots.length === 0) throw new Error("no .ctxwidget on the page");
  if (!document.getElementById("ctx-axe-layout")) {
    const style = document.createElement("style");
    style.id = "ctx-axe-layout";
    style.textContent = ".ctxwidget .ctx-chunk { content-visibility: visible !important; }";
    document.head.append(style);
  }
  const result = await axe.run({ include: roots }, { runOnly: { type: "tag", values: tags } });
  const contrast = (list) => list.filter((v) => v.id === "color-contrast").flatMap((v) => v.nodes);
  const checked = contrast(result.passes).length + contrast(result.violations).length;
  const chips = roots
    .flatMap((root) => Array.from(root.querySelectorAll(".ctx-chip")))
    .filter((el) => el.checkVisibility());
  const found = [...result.violations];
  const undecided = contrast(result.incomplete);
  if (undecided.length > 0) {
    found.push({ id: "color-contrast (undecided)", impact: "serious", help: "axe could not decide", nodes: undecided });
  }
  if (checked < chips.length) {
    found.push({
      id: "color-contrast (not checked)",
      impact: "serious",
      help: `axe checked the contrast of ${checked} elements, but ${chips.length} outlet chips are visible`,
      nodes: [],
    });
  }
  return found.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(" "),
      html: n.html.slice(0, 160),
      summary: n.failureSummary || n.any.map((check) => check.message).join("; "),
    })),
  }));
}
"""


def axe_audit(page: Page) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe-core finds in the page's ``.ctxwidget`` roots, with the
    text whose contrast it could not decide or did not check (the audit must never pass because
    axe gave up)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return list(page.evaluate(_RUN_AXE, TAGS))


def report(violations: list[dict[str, Any]]) -> str:
    """Violations as text: one line per rule with its node count, then its nodes."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
        for node in v["nodes"][:SHOW_NODES]:
            summary = " ".join(str(node["summary"]).split())
            lines.append(f"    {node['target']}  {node['html']}\n        {summary}")
        if len(v["nodes"]) > SHOW_NODES:
            lines.append(f"    ... {len(v['nodes']) - SHOW_NODES} more")
    return "\n".join(lines)


def counts(violations: list[dict[str, Any]]) -> dict[str, int]:
    return {v["id"]: len(v["nodes"]) for v in violations}


@pytest.fixture(scope="module")
def axe_available() -> Path:
    if not AXE.exists():
        unavailable(f"axe-core is missing at {AXE} (run npm --prefix js ci)")
    return AXE


# -- the exported page ---------------------------------------------------------------------------


def real_article() -> ctxwidget.Article:
    """The Discord Questions sample, on the document that anchors the most questions."""
    documents = json.loads((DATA / "documents_recession.json").read_text("utf-8"))
    questions = json.loads((DATA / "discord_questions_recession_sample.json").read_text("utf-8"))
    anchors = [q["doc_id"] for q in questions]
    anchor = max(dict.fromkeys(anchors), key=anchors.count)
    return ctxwidget.adapters.from_discord_questions(documents, questions, anchor)


def everything_shown(article: ctxwidget.Article) -> dict[str, Any]:
    """``to_html``/``ContextWidget`` options: every panel open, the evidence of one answer shown,
    another answer labelled."""
    panel = next(p for p in article.panels if len(p.answers) >= 2)
    return {
        "expanded": "all",
        "selected": {"panel": str(panel.id), "answer": 0},
        "labels": LABELS,
        "annotations": {f"{panel.id}/1": "unsure"},
    }


@pytest.fixture(scope="module")
def export_page(browser: Browser, axe_available: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Factory: open an exported page in a context that lets axe in (the page's CSP forbids
    injected scripts); each article is written and opened once per module."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    folder = tmp_path_factory.mktemp("axe")
    pages: dict[str, Page] = {}

    def _open(name: str) -> Page:
        if name not in pages:
            article = nato_ukraine() if name == "seed" else real_article()
            path = folder / f"{name}.html"
            path.write_text(ctxwidget.to_html(article, **everything_shown(article)), encoding="utf-8")
            tab = context.new_page()
            tab.goto(path.as_uri())
            tab.locator('html[data-ctx-ready="true"]').wait_for(state="attached")
            tab.locator("[data-ctx-evidence]").first.wait_for()
            pages[name] = tab
        return pages[name]

    yield _open
    context.close()


def show_view(page: Page, view: str) -> None:
    page.locator(f'.ctxwidget [data-ctx-view="{view}"]').click()
    page.locator(f'.ctxwidget[data-view="{view}"]').wait_for(state="attached")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("article", "view"),
    [("seed", "article"), ("seed", "grid"), ("real", "article"), ("real", "outlets")],
    ids=["seed", "seed-grid", "real", "real-outlets"],
)
def test_exported_page_has_no_violation(export_page: Any, article: str, view: str, scheme: str) -> None:
    page = export_page(article)
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    show_view(page, view)
    violations = axe_audit(page)
    assert not violations, f"{article} page, {view} view, {scheme}: {counts(violations)}\n{report(violations)}"


# -- JupyterLab ----------------------------------------------------------------------------------

_CHANGE_THEME = """
async (theme) => { await window.jupyterapp.commands.execute("apputils:change-theme", { theme }); }
"""
#: JupyterLab's themes and the value of ``body[data-jp-theme-light]`` once each has loaded.
THEMES = [("JupyterLab Light", "true"), ("JupyterLab Dark", "false")]


def change_theme(page: Page, theme: str, light: str) -> None:
    """Switch JupyterLab's theme and wait until it has loaded (the wait cursor is gone)."""
    page.evaluate(_CHANGE_THEME, theme)
    page.locator(f'body[data-jp-theme-light="{light}"]').wait_for(state="attached")
    page.wait_for_function("() => !document.body.classList.contains('lm-mod-override-cursor')")
    # JupyterLab covers the shell with its splash screen while a theme loads and fades it out
    # afterwards; until it is gone axe-core sees every element as overlapped and decides nothing.
    page.locator("#jupyterlab-splash").wait_for(state="detached", timeout=60_000)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def seed_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    options = everything_shown(nato_ukraine())
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from ctxwidget import ContextWidget\nfrom ctxwidget.examples import nato_ukraine\n"
            f"w = ContextWidget(nato_ukraine(), **{options!r})\nw"
        )
    ]
    return nb


@pytest.mark.jupyter
def test_jupyterlab_light_and_dark_have_no_violation(open_lab: OpenNotebook, axe_available: Path) -> None:
    nb = open_lab(seed_notebook(), name="axe.ipynb")
    page = nb.page
    page.locator(".ctxwidget [data-ctx-evidence]").first.wait_for()
    # JupyterLab lays its shell out in absolutely positioned panels inside a zero-height body
    # with overflow: hidden; axe-core takes everything in a cell output for clipped and checks
    # no colour at all. A full-height body and a viewport as tall as the widget (a big screen)
    # let it see every element, as a reader scrolling the notebook does.
    page.add_style_tag(content="html, body { height: 100%; }")
    height = nb.widget.root.evaluate("(el) => el.getBoundingClientRect().height")
    page.set_viewport_size({"width": 1280, "height": int(height) + 400})
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        for theme, light in THEMES:
            change_theme(page, theme, light)
            for view in ["article", "grid", "outlets"]:
                nb.execute(f"w.view = {view!r}")
                page.locator(f'.ctxwidget[data-view="{view}"]').wait_for(state="attached")
                violations = axe_audit(page)
                if violations:
                    found[f"{theme}, {view} view"] = violations
    finally:
        # the theme is a user setting of the session's server: later tests expect the default
        change_theme(page, *THEMES[0])
    assert not found, "\n".join(f"{where}: {counts(v)}\n{report(v)}" for where, v in found.items())
