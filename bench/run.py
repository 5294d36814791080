"""The benchmark's command line: ``python -m bench [--sizes S,M,L,XL,REAL] [--parts ...] [--out DIR]``.

A complete run (every size and part, default repetitions, traces) rewrites the committed summary
``bench/RESULTS.md``; every run writes ``results.json`` (all samples) to ``bench/out/`` (git-ignored).
A partial run, or one given ``--out DIR``, writes both files to that folder only.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shlex
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ctxwidget import Article

from . import report
from .data import REAL, SIZES, article_dict, chip_count, describe, shared_data
from .machine import describe_machine
from .stats import ratio, summary

HERE = Path(__file__).resolve().parent
SUMMARY = HERE / "RESULTS.md"
OUT = HERE / "out"

# Repetitions per size (each one a fresh browser context, variants alternating).
RENDER_REPEATS = {"S": 9, "M": 7, "L": 7, "XL": 5, REAL: 7}
TOGGLE_REPEATS = {"S": 3, "M": 3, "L": 5, "XL": 3, REAL: 3}
TOGGLES_PER_PAGE = 3
LAB_REPEATS = {"S": 3, "M": 3, "L": 3, "XL": 2, REAL: 3}
PYTHON_ROUNDS = {"S": 15, "M": 11, "L": 9, "XL": 5, REAL: 11}
PARTS = ("render", "toggle", "lab", "python")
# Run only when named (--parts grouping): bench/grouping.py, minutes of model time.
OPTIONAL_PARTS = ("grouping",)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--sizes", default=",".join(SIZES), help=f"comma-separated subset of {','.join(SIZES)} (default: all)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="write RESULTS.md and results.json to DIR (default: results.json to bench/out/, and RESULTS.md "
        "to bench/ after a complete run, else to bench/out/)",
    )
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated subset of {','.join(PARTS)}")
    parser.add_argument(
        "--repeats", type=int, default=None, help="override every repetition count (e.g. 1 for a smoke run)"
    )
    parser.add_argument(
        "--cut", type=float, default=120.0, help="seconds after which a JupyterLab display is cut (120)"
    )
    parser.add_argument("--no-trace", action="store_true", help="skip the traced toggle (its time breakdown)")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument(
        "--report-only", action="store_true", help="measure nothing: rewrite RESULTS.md from OUT/results.json"
    )
    args = parser.parse_args(argv)
    args.sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in args.sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    args.parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    if any(p not in PARTS + OPTIONAL_PARTS for p in args.parts):
        parser.error(f"--parts takes a subset of {','.join(PARTS + OPTIONAL_PARTS)}")
    if REAL in args.sizes:
        try:
            shared_data()
        except FileNotFoundError as exc:
            parser.error(str(exc))
    complete = args.sizes == list(SIZES) and args.parts == list(PARTS) and args.repeats is None
    complete = complete and not args.no_trace
    args.json_path = (args.out or OUT) / "results.json"
    args.summary_path = SUMMARY if args.out is None and complete else (args.out or OUT) / "RESULTS.md"
    return args


def _count(table: dict[str, int], size: str, override: int | None) -> int:
    return override if override is not None else table[size]


def _bundle_info() -> dict[str, Any]:
    from .browser import STATIC

    js = (STATIC / "widget.js").read_bytes()
    return {"widget_js_bytes": len(js), "widget_js_sha256": hashlib.sha256(js).hexdigest()[:16]}


def _field(samples: list[dict[str, Any]], key: str) -> list[float]:
    return [float(s[key]) for s in samples if s.get(key) is not None]


def run_browser(
    args: argparse.Namespace, sizes: dict[str, dict[str, Any]], results: dict[str, Any], log: Callable[[str], None]
) -> str:
    """Render, memory and toggle in headless chromium; returns the browser's version."""
    from playwright.sync_api import sync_playwright

    from .browser import Harness, launch

    with sync_playwright() as pw:
        browser = launch(pw)
        version = f"Chromium {browser.version}"
        harness = Harness(browser)
        for size in args.sizes:
            with _guard(results, size, "browser", log):
                _browser_size(args, size, harness, sizes, results, log)
        browser.close()
    return version


def _browser_size(
    args: argparse.Namespace,
    size: str,
    harness: Any,
    sizes: dict[str, dict[str, Any]],
    results: dict[str, Any],
    log: Callable[[str], None],
) -> None:
    from .browser import first_display_markup, measure_first_display, measure_render, measure_toggle, rendered_markup

    data = article_dict(size)
    article = Article.from_dict(data)
    chips = chip_count(data)
    log(f"[{size}] browser: {chips} chips")
    expanded_markup, collapsed_markup = rendered_markup(harness, article, chips)
    sizes[size]["markup_bytes"] = len(expanded_markup.encode("utf-8"))
    out = results.setdefault(size, {})
    if "render" in args.parts:
        closed_markup, panels = first_display_markup(harness, article)
        samples = measure_first_display(
            harness, article, panels, closed_markup, _count(RENDER_REPEATS, size, args.repeats), log
        )
        out["first_display"] = _pair(samples, "layout_ms", "ms", "ctxwidget", "static_floor")
        out["first_display_cpu"] = _pair(samples, "cpu_ms", "ms", "ctxwidget", "static_floor")
        samples = measure_render(
            harness, article, chips, expanded_markup, _count(RENDER_REPEATS, size, args.repeats), log
        )
        out["render"] = _pair(samples, "layout_ms", "ms", "ctxwidget", "static_floor")
        out["render_cpu"] = _pair(samples, "cpu_ms", "ms", "ctxwidget", "static_floor")
        out["render_dom_only"] = _pair(samples, "dom_ms", "ms", "ctxwidget", "static_floor")
        out["render_to_frame"] = _pair(samples, "frame_ms", "ms", "ctxwidget", "static_floor")
        out["memory"] = {
            "cdp_nodes": _pair(samples, "cdp_nodes", "nodes", "ctxwidget", "static_floor"),
            "widget_nodes": _pair(samples, "nodes", "nodes", "ctxwidget", "static_floor"),
            "js_heap_used": _pair(samples, "js_heap_used_bytes", "bytes", "ctxwidget", "static_floor"),
            "layout_objects": _pair(samples, "layout_objects", "objects", "ctxwidget", "static_floor"),
        }
    if "toggle" in args.parts:
        scenarios = measure_toggle(
            harness,
            article,
            expanded_markup,
            collapsed_markup,
            _count(TOGGLE_REPEATS, size, args.repeats),
            TOGGLES_PER_PAGE,
            log,
        )
        out["toggle"] = {
            name: _pair(samples, "ms", "ms", "ctxwidget", "static_floor", paired=False)
            for name, samples in scenarios.items()
        }
        out["toggle_cpu"] = {
            name: _pair(samples, "cpu_ms", "ms", "ctxwidget", "static_floor", paired=False)
            for name, samples in scenarios.items()
        }
        if not args.no_trace:
            from .browser import trace_toggle

            out["toggle_breakdown"] = trace_toggle(harness, article, expanded_markup, collapsed_markup, log)


def run_lab(args: argparse.Namespace, results: dict[str, Any], log: Callable[[str], None]) -> None:
    """JupyterLab with a real kernel: display, toggle bytes and Python-side expand."""
    from playwright.sync_api import sync_playwright

    from .browser import launch

    with sync_playwright() as pw:
        browser = launch(pw)
        for size in args.sizes:
            with _guard(results, size, "lab", log):
                _lab_size(args, size, browser, results, log)
        browser.close()


def _lab_size(
    args: argparse.Namespace, size: str, browser: Any, results: dict[str, Any], log: Callable[[str], None]
) -> None:
    from .lab import measure_lab

    data = article_dict(size)
    article = Article.from_dict(data)
    with_answers = [p for p in article.panels if p.answers]
    panel = with_answers[len(with_answers) // 2]
    log(f"[{size}] jupyterlab: panel {panel.id} for toggles")
    samples = measure_lab(
        browser,
        size,
        chip_count(data),
        str(panel.id),
        len(panel.answers),
        _count(LAB_REPEATS, size, args.repeats),
        args.cut,
        log,
    )
    results.setdefault(size, {})["jupyterlab"] = report.lab_section(samples, str(panel.id))


def run_python(args: argparse.Namespace, results: dict[str, Any], log: Callable[[str], None]) -> None:
    from .pyside import measure_python

    for size in args.sizes:
        with _guard(results, size, "python", log):
            log(f"[{size}] python")
            samples = measure_python(article_dict(size), _count(PYTHON_ROUNDS, size, args.repeats), log)
            base = summary(samples["json_dumps"], "ms")
            section: dict[str, Any] = {"json_dumps": base}
            for name in ("article", "widget"):
                section[name] = summary(samples[name], "ms")
                section[f"{name}_ratio"] = ratio(section[name], base)
            results.setdefault(size, {})["python"] = section


@contextlib.contextmanager
def _guard(results: dict[str, Any], size: str, part: str, log: Callable[[str], None]) -> Iterator[None]:
    """Record a failure of one part at one size in the results and go on with the rest."""
    try:
        yield
    except Exception as exc:  # a broken part must not lose the other measurements
        text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        log(f"[{size}] {part} FAILED: {text}")
        results.setdefault(size, {}).setdefault("errors", []).append({"part": part, "error": text})


def _pair(
    samples: dict[str, list[dict[str, Any]]], key: str, unit: str, a: str, b: str, paired: bool = True
) -> dict[str, Any]:
    first, second = summary(_field(samples[a], key), unit), summary(_field(samples[b], key), unit)
    return {a: first, b: second, "ratio": ratio(first, second, paired=paired)}


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.report_only:
        document = json.loads(args.json_path.read_text("utf-8"))
        document["targets"] = report.targets(document)
        args.json_path.write_text(json.dumps(document, indent=1) + "\n", "utf-8")
        args.summary_path.write_text(report.markdown(document), "utf-8")
        return 0
    started = time.monotonic()
    log: Callable[[str], None] = (lambda _m: None) if args.quiet else (lambda m: print(m, flush=True))
    sizes = {size: describe(size) for size in args.sizes}
    bundle = _bundle_info()
    load_start = round(os.getloadavg()[0], 2)
    machine = describe_machine()  # the commit as the run starts
    results: dict[str, Any] = {}
    state: dict[str, Any] = {"browser_version": None}

    def save() -> dict[str, Any]:
        document = {
            "schema_version": report.SCHEMA_VERSION,
            "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "command": "python -m bench "
            + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])),
            "duration_s": round(time.monotonic() - started, 1),
            "machine": {
                **machine,
                "chromium": state["browser_version"] or machine["chromium"],
                "load_average_start": load_start,
                "load_average_end": round(os.getloadavg()[0], 2),
            },
            "bundle": bundle,
            "sizes": sizes,
            "parts": args.parts,
            "results": results,
        }
        if _bundle_info() != {k: v for k, v in bundle.items() if k != "changed_during_run"}:
            # The front end was rebuilt while the benchmark ran: its figures mix two builds.
            bundle["changed_during_run"] = True
        document["targets"] = report.targets(document)
        for path in (args.json_path, args.summary_path):
            path.parent.mkdir(parents=True, exist_ok=True)
        args.json_path.write_text(json.dumps(document, indent=1) + "\n", "utf-8")
        args.summary_path.write_text(report.markdown(document), "utf-8")
        return document

    # Written after every part, so that an interrupted run keeps what it measured.
    if "render" in args.parts or "toggle" in args.parts:
        state["browser_version"] = run_browser(args, sizes, results, log)
        save()
    if "lab" in args.parts:
        run_lab(args, results, log)
        save()
    if "python" in args.parts:
        run_python(args, results, log)
    if "grouping" in args.parts:
        from .grouping import run_grouping  # grouping vs fp32 embedding: bench/grouping.py

        run_grouping(results, log)
    document = save()
    if bundle.get("changed_during_run"):
        log("warning: ctxwidget/static/widget.js changed during the run; the figures mix two builds")
    log(f"wrote {args.summary_path} and {args.json_path} in {document['duration_s']} s")
    failed = [(size, e["part"]) for size, r in results.items() for e in r.get("errors", [])]
    if failed:
        log(f"failed parts: {failed}")
        return 1
    return 0
