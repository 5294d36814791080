"""Profiles behind the benchmark's figures: ``python -m bench.profile --size L [--what render,toggle,python]``.

* render / toggle: one Chromium trace of the measured window (main-thread self time by phase)
  and a V8 CPU profile (JavaScript self time by function) of ctxwidget and of the static floor.
* python: cProfile of ``Article.from_dict(data).to_json()`` and of ``ContextWidget(data)``.

Prints the tables; ``--out DIR`` also writes the raw trace and CPU profiles there.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
from collections import defaultdict
from pathlib import Path
from typing import Any

from ctxwidget import Article

from .data import article_dict, chip_count

__all__ = ["main"]


def _js_self_times(profile: dict[str, Any], top: int = 15) -> list[tuple[float, str]]:
    """Self time (ms) per function of a CDP Profiler profile."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    counts: dict[int, int] = defaultdict(int)
    for sample in profile.get("samples", []):
        counts[sample] += 1
    deltas = profile.get("timeDeltas", [])
    total_us = sum(deltas) if deltas else 0
    per_sample = (total_us / len(profile["samples"])) if profile.get("samples") else 0
    by_fn: dict[str, float] = defaultdict(float)
    for node_id, count in counts.items():
        frame = nodes[node_id]["callFrame"]
        name = frame.get("functionName") or "(anonymous)"
        where = frame.get("url", "").rsplit("/", 1)[-1]
        key = f"{name} {where}:{frame.get('lineNumber', -1) + 1}:{frame.get('columnNumber', -1) + 1}"
        by_fn[key] += count * per_sample / 1000.0
    return sorted(((ms, fn) for fn, ms in by_fn.items()), reverse=True)[:top]


def _browser(size: str, what: list[str], out: Path | None, frame: bool, bundle: Path | None) -> None:
    from playwright.sync_api import sync_playwright

    from .browser import Harness, launch, rendered_markup, widget_state
    from .trace import CATEGORIES, breakdown

    data = article_dict(size)
    article = Article.from_dict(data)
    chips = chip_count(data)
    with sync_playwright() as pw:
        browser = launch(pw)
        harness = Harness(browser, bundle)
        expanded, _collapsed = rendered_markup(harness, article, chips)
        ids = article.panel_ids
        target = ids[len(ids) // 2]
        arg: Any
        for job in what:
            for variant in ("ctxwidget", "static_floor"):
                if job == "render":
                    if variant == "ctxwidget":
                        context, page = harness.widget_page(widget_state(article, "all"))
                        call, arg = "(n) => bench.renderWidget(n)", chips
                    else:
                        context, page = harness.static_page(expanded)
                        call, arg = "(n) => bench.renderStatic(n)", chips
                    marks = ("bench-render-start", "bench-render-frame" if frame else "bench-render-end")
                else:
                    if variant == "ctxwidget":
                        context, page = harness.widget_page(widget_state(article, [i for i in ids if i != target]))
                        page.evaluate("(n) => bench.renderWidget(n)", 0)
                    else:
                        context, page = harness.static_page(expanded)
                        page.evaluate("(n) => bench.renderStatic(n)", 0)
                        page.evaluate("bench.installStaticToggle()")
                        page.evaluate("(ids) => bench.closeStatic(ids)", [target])
                    call = "([id, n]) => bench.toggle(id, n)"
                    arg = [target, len(article.panel(target).answers)]
                    marks = ("bench-toggle-start", "bench-toggle-end")
                try:
                    cdp = context.new_cdp_session(page)
                    cdp.send("Profiler.enable")
                    cdp.send("Profiler.setSamplingInterval", {"interval": 100})
                    browser.start_tracing(page=page, categories=CATEGORIES)
                    cdp.send("Profiler.start")
                    result = page.evaluate(call, arg)
                    profile = cdp.send("Profiler.stop")["profile"]
                    raw = browser.stop_tracing()
                finally:
                    context.close()
                split = breakdown(raw, *marks)
                times = {k: round(v, 1) for k, v in result.items() if isinstance(v, float)}
                print(f"\n== {job} {variant} at {size}: {json.dumps(times)}")
                print(
                    f"   trace window {split['window_ms']:.1f} ms, main thread busy {split['busy_ms']:.1f} ms, "
                    f"CPU {split['cpu_ms']:.1f} ms; CPU by phase:"
                )
                print(
                    "   "
                    + ", ".join(
                        f"{k} {v:.1f} ms ({split['share_pct'][k]:.0f}%)" for k, v in split["cpu_bucket_ms"].items()
                    )
                )
                print(
                    "   top events (CPU self ms): "
                    + ", ".join(f"{k} {v:.1f}" for k, v in split["top_events_cpu_ms"].items())
                )
                print("   JavaScript self time (V8 sampling profiler, whole evaluate):")
                for ms, fn in _js_self_times(profile):
                    print(f"     {ms:8.1f} ms  {fn}")
                if out is not None:
                    out.mkdir(parents=True, exist_ok=True)
                    (out / f"{job}-{variant}-{size}.trace.json").write_bytes(raw)
                    (out / f"{job}-{variant}-{size}.cpuprofile").write_text(json.dumps(profile), "utf-8")
        browser.close()


def _python(size: str, out: Path | None) -> None:
    from jupyter_client.session import json_packer

    from ctxwidget.widget import ContextWidget

    data = article_dict(size)

    def widget() -> None:
        w = ContextWidget(data)
        json_packer(w.get_state())
        w.close()

    for label, fn in (("Article.from_dict(data).to_json()", lambda: Article.from_dict(data).to_json()),
                      ("ContextWidget(data) + packed state", widget)):  # fmt: skip
        fn()
        prof = cProfile.Profile()
        prof.enable()
        fn()
        prof.disable()
        text = io.StringIO()
        pstats.Stats(prof, stream=text).sort_stats("tottime").print_stats(12)
        print(f"\n== python {label} at {size} (cProfile, tottime)\n{text.getvalue()}")
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            prof.dump_stats(out / f"python-{label.split('(')[0].split('.')[0]}-{size}.pstats")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--size", default="L")
    parser.add_argument("--what", default="render,toggle,python")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--bundle",
        type=Path,
        default=None,
        help="profile another build of the front end, e.g. an unminified one: "
        "js/node_modules/.bin/esbuild js/src/widget.ts --bundle --format=esm --outfile=bench/out/widget.dev.js",
    )
    parser.add_argument("--to-frame", action="store_true", help="render: trace to the end of the next frame")
    args = parser.parse_args(argv)
    what = [w.strip() for w in args.what.split(",") if w.strip()]
    browser_jobs = [w for w in what if w in ("render", "toggle")]
    if browser_jobs:
        _browser(args.size.upper(), browser_jobs, args.out, args.to_frame, args.bundle)
    if "python" in what:
        _python(args.size.upper(), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
