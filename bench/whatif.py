"""Prototypes behind the profiling findings: ``python -m bench.whatif {string-render,chunked-cv} --size L``.

They change nothing in ctxwidget; they measure, in the benchmark's own pages and with the
same main-thread CPU figure, what a proposed design change would buy:

* ``string-render``: the article built as one escaped HTML string (the widget's panel and
  chip markup) and assigned with one ``innerHTML``, against ``mountStandalone`` today.
* ``chunked-cv``: on the static floor's markup, ``content-visibility: auto`` on wrappers of
  N consecutive body blocks instead of on every paragraph and panel; one toggle's CPU.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from ctxwidget import Article

from .data import article_dict, chip_count

__all__ = ["main"]

STRING_RENDER = (Path(__file__).resolve().parent / "whatif_render.js").read_text("utf-8")

CHUNK = """(k) => {
  const body = document.querySelector('.ctx-body');
  const blocks = [...body.children];
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < blocks.length; i += k) {
    const chunk = document.createElement('div');
    chunk.style.contentVisibility = 'auto';
    chunk.style.containIntrinsicSize = 'auto 3000px';
    chunk.append(...blocks.slice(i, i + k));
    fragment.append(chunk);
  }
  body.append(fragment);
}"""
NO_BLOCK_CV = "<style>.ctxwidget .ctx-paragraph,.ctxwidget .ctx-panel{content-visibility:visible!important}</style>"
RENDER_MARKS = ("bench-render-start", "bench-render-end")
TOGGLE_MARKS = ("bench-toggle-start", "bench-toggle-end")


def string_render(size: str, repeats: int) -> None:
    from playwright.sync_api import sync_playwright

    from .browser import Harness, launch, widget_state

    data = article_dict(size)
    article, chips = Article.from_dict(data), chip_count(data)
    cpu: dict[str, list[float]] = {"ctxwidget today": [], "one HTML string": []}
    building: list[float] = []
    with sync_playwright() as pw:
        browser = launch(pw)
        harness = Harness(browser)
        for _ in range(repeats):
            for name, call in (("one HTML string", STRING_RENDER), ("ctxwidget today", "(n) => bench.renderWidget(n)")):
                context, page = harness.widget_page(widget_state(article, "all"))
                try:
                    result = harness.traced(page, call, chips, RENDER_MARKS)
                finally:
                    context.close()
                if result["chips"] != chips:
                    raise RuntimeError(f"{name}: {result['chips']} chips, expected {chips}")
                cpu[name].append(result["cpu_ms"])
                if "string_ms" in result:
                    building.append(result["string_ms"])
        browser.close()
    for name, values in cpu.items():
        print(
            f"{size} {name:16s} render, main-thread CPU: median {statistics.median(values):6.1f} ms (n={len(values)})"
        )
    print(f"{size} building the string alone (wall): median {statistics.median(building):.1f} ms")


def chunked_cv(size: str, repeats: int) -> None:
    from playwright.sync_api import sync_playwright

    from .browser import Harness, launch, rendered_markup

    data = article_dict(size)
    article = Article.from_dict(data)
    ids = article.panel_ids
    answers = {p.id: len(p.answers) for p in article.panels}
    variants = {"every block (today)": 0, "chunks of 10": 10, "chunks of 25": 25}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    with sync_playwright() as pw:
        browser = launch(pw)
        harness = Harness(browser)
        markup, _ = rendered_markup(harness, article, chip_count(data))
        for rep in range(repeats):
            targets = [ids[(len(ids) // 2 + rep * 3 + k) % len(ids)] for k in range(3)]
            for name, chunk in variants.items():
                context, page = harness.static_page((NO_BLOCK_CV if chunk else "") + markup)
                try:
                    page.evaluate("(n) => bench.renderStatic(n)", 0)
                    if chunk:
                        page.evaluate(CHUNK, chunk)
                    page.evaluate("bench.installStaticToggle()")
                    page.evaluate("(ids) => bench.closeStatic(ids)", targets)
                    for pid in targets:
                        result = harness.traced(
                            page, "([id, n]) => bench.toggle(id, n)", [pid, answers[pid]], TOGGLE_MARKS
                        )
                        cpu[name].append(result["cpu_ms"])
                finally:
                    context.close()
        browser.close()
    for name, values in cpu.items():
        median = statistics.median(values)
        print(f"{size} content-visibility on {name:20s} toggle, main-thread CPU: median {median:6.2f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.whatif", description=__doc__)
    parser.add_argument("what", choices=["string-render", "chunked-cv"])
    parser.add_argument("--size", default="L")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    (string_render if args.what == "string-render" else chunked_cv)(args.size.upper(), args.repeats)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
