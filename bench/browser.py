"""Headless chromium measurements: render, toggle and memory, ctxwidget vs the static floor.

Every page is served from memory by Playwright's router under a fake origin, so nothing
touches the network. Each measurement uses a fresh browser context (no shared caches or
heap), and the two variants alternate: a, b, then b, a, and so on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, ViewportSize

import ctxwidget
from ctxwidget.export import state_json
from tools.harness import launch as launch_chromium

__all__ = ["LAUNCH_ARGS", "Harness", "launch"]

HERE = Path(__file__).resolve().parent
STATIC = Path(ctxwidget.__file__).resolve().parent / "static"
ORIGIN = "http://ctxwidget-bench.test"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}

# Debian chromium, headless, offline (the harness's flags, see TOOLCHAIN.md), plus these of our own.
LAUNCH_ARGS = [
    # Keep timers and frames running at full rate in background-looking headless pages.
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]


def launch(playwright: Playwright) -> Browser:
    return launch_chromium(playwright, LAUNCH_ARGS)


def _page_style() -> str:
    """The <style> of the standalone export, so the bench page looks exactly like it."""
    page = ctxwidget.to_html(ctxwidget.Article(title="bench"))
    match = re.search(r"<style>(.*?)</style>", page, re.S)
    if match is None:  # pragma: no cover - the export always has one
        return (STATIC / "widget.css").read_text("utf-8")
    return match.group(1)


class Harness:
    """Opens bench pages in fresh contexts of one browser, with files served from memory."""

    def __init__(self, browser: Browser, bundle: Path | None = None) -> None:
        self.browser = browser
        self.js = (bundle or STATIC / "widget.js").read_bytes()
        self.helpers = (HERE / "page.js").read_text("utf-8")
        style = _page_style()
        self.index = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>ctxwidget bench</title><style>{style}</style>"
            f'</head><body class="ctx-standalone"><div id="root"></div><script src="/page.js"></script></body></html>'
        )

    def open(self, files: dict[str, bytes | str]) -> tuple[BrowserContext, Page]:
        served: dict[str, tuple[bytes, str]] = {
            "/index.html": (self.index.encode("utf-8"), "text/html; charset=utf-8"),
            "/page.js": (self.helpers.encode("utf-8"), "text/javascript"),
            "/widget.js": (self.js, "text/javascript"),
        }
        for name, body in files.items():
            kind = "application/json" if name.endswith(".json") else "text/html; charset=utf-8"
            served[name] = (body.encode("utf-8") if isinstance(body, str) else body, kind)

        def handle(route: Route) -> None:
            path = "/" + route.request.url.removeprefix(ORIGIN).lstrip("/").split("?", 1)[0]
            if path in served:
                body, kind = served[path]
                route.fulfill(status=200, body=body, content_type=kind)
            else:
                route.fulfill(status=404, body=b"")

        context = self.browser.new_context(viewport=VIEWPORT)
        context.route(f"{ORIGIN}/**", handle)
        page = context.new_page()
        page.goto(f"{ORIGIN}/index.html")
        page.wait_for_function("window.bench !== undefined")
        return context, page

    # -- memory -------------------------------------------------------------------------

    @staticmethod
    def memory(page: Page) -> dict[str, float]:
        """JS heap and DOM node counters of the page after a full garbage collection."""
        cdp = page.context.new_cdp_session(page)
        try:
            cdp.send("HeapProfiler.enable")
            for _ in range(2):
                cdp.send("HeapProfiler.collectGarbage")
            cdp.send("Performance.enable")
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        finally:
            cdp.detach()
        return {
            "js_heap_used_bytes": metrics.get("JSHeapUsedSize", 0.0),
            "js_heap_total_bytes": metrics.get("JSHeapTotalSize", 0.0),
            "cdp_nodes": metrics.get("Nodes", 0.0),
            "layout_objects": metrics.get("LayoutObjects", 0.0),
            "js_event_listeners": metrics.get("JSEventListeners", 0.0),
        }

    def traced(self, page: Page, call: str, arg: Any, marks: tuple[str, str]) -> dict[str, Any]:
        """``page.evaluate(call, arg)`` under a light trace; adds ``cpu_ms``, the main thread's CPU between marks."""
        from .trace import CPU_CATEGORIES, cpu_time

        self.browser.start_tracing(page=page, categories=CPU_CATEGORIES)
        try:
            result: dict[str, Any] = page.evaluate(call, arg)
        finally:
            raw = self.browser.stop_tracing()
        result["cpu_ms"] = cpu_time(raw, *marks)
        return result

    # -- pages --------------------------------------------------------------------------

    def widget_page(self, state: dict[str, Any]) -> tuple[BrowserContext, Page]:
        return self.open({"/state.json": json.dumps(state, ensure_ascii=False)})

    def static_page(self, markup: str) -> tuple[BrowserContext, Page]:
        return self.open({"/markup.html": markup})


def widget_state(article: ctxwidget.Article, expanded: list[str] | str) -> dict[str, Any]:
    return state_json(article, expanded=expanded)


def rendered_markup(harness: Harness, article: ctxwidget.Article, chips: int) -> tuple[str, str]:
    """The widget's final markup with every panel open, and with every panel closed again."""
    context, page = harness.widget_page(widget_state(article, "all"))
    try:
        page.evaluate("(n) => bench.renderWidget(n)", chips)
        expanded = page.evaluate("bench.markup()")
        page.evaluate("bench.setExpanded([])")
        collapsed = page.evaluate("bench.markup()")
    finally:
        context.close()
    return expanded, collapsed


#: What the first display waits for: every panel of the article in the DOM.
PANEL = "[data-ctx-panel]"


def first_display_markup(harness: Harness, article: ctxwidget.Article) -> tuple[str, int]:
    """The widget's markup as first displayed (every panel closed), and how many panels it shows."""
    context, page = harness.widget_page(widget_state(article, []))
    try:
        result = page.evaluate("([n, sel]) => bench.renderWidget(n, sel)", [1 if article.panels else 0, PANEL])
        markup = page.evaluate("bench.markup()")
    finally:
        context.close()
    return markup, int(result["matched"])


VARIANTS = ("ctxwidget", "static_floor")


def alternating(repeats: int) -> Iterator[tuple[int, str]]:
    """``(round, variant)`` for ``repeats`` rounds, the two variants' order swapped every other round."""
    for rep in range(repeats):
        for variant in VARIANTS if rep % 2 == 0 else VARIANTS[::-1]:
            yield rep, variant


def _render_samples(
    harness: Harness,
    state: dict[str, Any],
    markup: str,
    what: str,
    call: str,
    arg: Any,
    count: tuple[str, int, str],
    repeats: int,
    log: Callable[[str], None],
    *,
    memory: bool = False,
) -> dict[str, list[dict[str, Any]]]:
    """Render ``state`` with ctxwidget and ``markup`` as the static floor, alternating, each on a fresh page.

    ``call`` is the page function with ``{}`` for ``Widget`` or ``Static``; ``count`` is the result's
    key, the number the page must hold and what it counts (``("chips", 6000, "chips")``).
    """
    key, expected, noun = count
    samples: dict[str, list[dict[str, Any]]] = {variant: [] for variant in VARIANTS}
    for rep, variant in alternating(repeats):
        if variant == "ctxwidget":
            context, page = harness.widget_page(state)
            script = call.format("Widget")
        else:
            context, page = harness.static_page(markup)
            script = call.format("Static")
        try:
            result = harness.traced(page, script, arg, ("bench-render-start", "bench-render-end"))
            if memory:
                result.update(harness.memory(page))
        finally:
            context.close()
        if result[key] != expected:
            raise RuntimeError(f"{what} {variant}: {result[key]} {noun} in the DOM, expected {expected}")
        samples[variant].append(result)
        log(
            f"  {what} {variant:12s} rep {rep + 1}/{repeats}: {result['layout_ms']:.1f} ms wall, "
            f"{result['cpu_ms'] or 0:.1f} ms CPU"
        )
    return samples


def measure_first_display(
    harness: Harness,
    article: ctxwidget.Article,
    panels: int,
    markup: str,
    repeats: int,
    log: Callable[[str], None],
) -> dict[str, list[dict[str, Any]]]:
    """First display (every panel closed): ctxwidget vs the same closed markup as one string, alternating."""
    call = "([n, sel]) => bench.render{}(n, sel)"
    state = widget_state(article, [])
    return _render_samples(
        harness, state, markup, "first display", call, [panels, PANEL], ("matched", panels, "panels"), repeats, log
    )


def measure_render(
    harness: Harness,
    article: ctxwidget.Article,
    chips: int,
    markup: str,
    repeats: int,
    log: Callable[[str], None],
) -> dict[str, list[dict[str, Any]]]:
    """Render samples of (a) ctxwidget and (b) the static floor, alternating, with memory after each."""
    state = widget_state(article, "all")
    call = "(n) => bench.render{}(n)"
    return _render_samples(
        harness, state, markup, "render", call, chips, ("chips", chips, "chips"), repeats, log, memory=True
    )


def measure_toggle(
    harness: Harness,
    article: ctxwidget.Article,
    expanded_markup: str,
    collapsed_markup: str,
    repeats: int,
    per_page: int,
    log: Callable[[str], None],
    trace_dir: Path | None = None,
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Toggle samples: open a closed panel, in an article shown collapsed and shown expanded.

    ctxwidget: a click on the question; the widget builds the panel's chips on first open.
    Static floor: the same markup with every answer already in it, a click handler that
    only flips ``hidden`` / ``aria-expanded`` / the open class.
    """
    ids = [p.id for p in article.panels if p.id is not None]
    answers = {p.id: len(p.answers) for p in article.panels}
    middle = len(ids) // 2
    scenarios: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for scenario in ("collapsed", "expanded"):
        samples: dict[str, list[dict[str, Any]]] = {variant: [] for variant in VARIANTS}
        for rep, variant in alternating(repeats):
            targets = [ids[(middle + rep * per_page + k) % len(ids)] for k in range(per_page)]
            if variant == "ctxwidget":
                open_ids: list[str] = [] if scenario == "collapsed" else [i for i in ids if i not in targets]
                context, page = harness.widget_page(widget_state(article, open_ids))
                page.evaluate("(n) => bench.renderWidget(n)", sum(answers[i] for i in open_ids))
            else:
                markup = collapsed_markup if scenario == "collapsed" else expanded_markup
                context, page = harness.static_page(markup)
                page.evaluate("(n) => bench.renderStatic(n)", 0)
                page.evaluate("bench.installStaticToggle()")
                if scenario == "expanded":
                    page.evaluate("(ids) => bench.closeStatic(ids)", targets)
            try:
                for pid in targets:
                    result = harness.traced(
                        page,
                        "([id, n]) => bench.toggle(id, n)",
                        [pid, answers[pid]],
                        ("bench-toggle-start", "bench-toggle-end"),
                    )
                    if result.get("ms") is None:
                        raise RuntimeError(f"toggle {variant} {pid}: {result}")
                    result["panel"] = pid
                    samples[variant].append(result)
                    log(
                        f"  toggle {scenario:9s} {variant:12s} {pid}: {result['ms']:.2f} ms wall, "
                        f"{result['cpu_ms'] or 0:.2f} ms CPU"
                    )
            finally:
                context.close()
        scenarios[scenario] = samples
    return scenarios


def trace_toggle(
    harness: Harness,
    article: ctxwidget.Article,
    expanded_markup: str,
    collapsed_markup: str,
    log: Callable[[str], None],
) -> dict[str, dict[str, Any]]:
    """One traced toggle per scenario and variant: where its time goes (tracing slows it down)."""
    from .trace import CATEGORIES, breakdown

    ids = [p.id for p in article.panels if p.id is not None]
    answers = {p.id: len(p.answers) for p in article.panels}
    target = ids[len(ids) // 2]
    out: dict[str, dict[str, Any]] = {}
    for scenario in ("collapsed", "expanded"):
        out[scenario] = {}
        for variant in ("ctxwidget", "static_floor"):
            if variant == "ctxwidget":
                open_ids: list[str] = [] if scenario == "collapsed" else [i for i in ids if i != target]
                context, page = harness.widget_page(widget_state(article, open_ids))
                page.evaluate("(n) => bench.renderWidget(n)", sum(answers[i] for i in open_ids))
            else:
                context, page = harness.static_page(collapsed_markup if scenario == "collapsed" else expanded_markup)
                page.evaluate("(n) => bench.renderStatic(n)", 0)
                page.evaluate("bench.installStaticToggle()")
                if scenario == "expanded":
                    page.evaluate("(ids) => bench.closeStatic(ids)", [target])
            try:
                page.evaluate("bench.settle()")
                harness.browser.start_tracing(page=page, categories=CATEGORIES)
                try:
                    result = page.evaluate("([id, n]) => bench.toggle(id, n)", [target, answers[target]])
                finally:
                    raw = harness.browser.stop_tracing()
                split = breakdown(raw)
                split["untraced_like_ms"] = result.get("ms")
                out[scenario][variant] = split
                shares = split.get("share_pct", {})
                log(
                    f"  traced toggle {scenario:9s} {variant:12s}: {split.get('cpu_ms', 0):.1f} ms CPU; "
                    + ", ".join(f"{k} {v:.0f}%" for k, v in shares.items() if v >= 1)
                )
            finally:
                context.close()
    return out
