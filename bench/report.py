"""Turn measurements into results.json sections, the issue's targets, and RESULTS.md."""

from __future__ import annotations

import statistics
from typing import Any

from .stats import ratio, summary

__all__ = ["SCHEMA_VERSION", "TARGET_SIZES", "lab_section", "markdown", "targets"]

SCHEMA_VERSION = 2
TARGET_SIZES = ("L", "XL")
TOGGLE_BUDGET_MS = 16.0
BUCKETS = ("script", "style", "layout", "prepaint", "paint", "commit", "intersections", "other")
MESSAGE_BUDGET_BYTES = 1024

# -- JupyterLab section ---------------------------------------------------------------------


def _median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def lab_section(samples: dict[str, list[dict[str, Any]]], panel_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {"toggle_panel": panel_id, "runs": {}}
    shown: dict[str, Any] = {}
    for variant, runs in samples.items():
        cut = any(r.get("cut") for r in runs)
        shown[variant] = summary([r["shown_ms"] for r in runs], "ms", lower_bound=cut)
        display = [r["wire_display"] for r in runs]
        toggles = [t for r in runs for t in r.get("toggles", [])]
        out["runs"][variant] = {
            "cut": cut,
            "display_bytes": {
                "received_bytes": _median([d["received"]["bytes"] for d in display]),
                "sent_bytes": _median([d["sent"]["bytes"] for d in display]),
                "comm_bytes": _median([d["comm_bytes"] for d in display]),
                "comm_messages": _median([d["received"]["comm_frames"] + d["sent"]["comm_frames"] for d in display]),
                "models": _median([r.get("models_received", 0) for r in runs]),
                "lower_bound": cut,
            },
            "toggle_bytes": _toggle_bytes(toggles),
            "python_expand": summary([v for r in runs for v in r.get("python_expand_ms", []) if v is not None], "ms"),
            "click_to_dom": summary([t["click_ms"] for t in toggles if t.get("click_ms") is not None], "ms"),
        }
    c, d = shown["ctxwidget"], shown["ipywidgets"]
    out["render"] = {"ctxwidget": c, "ipywidgets": d, "ratio": ratio(c, d, paired=False)}
    speed = ratio(d, c, paired=False)
    out["render"]["speedup"] = speed
    for key in ("python_expand", "click_to_dom"):
        a, b = out["runs"]["ctxwidget"][key], out["runs"]["ipywidgets"][key]
        out[key] = {"ctxwidget": a, "ipywidgets": b, "ratio": ratio(a, b, paired=False)}
    for key in ("display_bytes", "toggle_bytes"):
        a, b = out["runs"]["ctxwidget"][key], out["runs"]["ipywidgets"][key]
        field = "comm_bytes" if key == "display_bytes" else "largest_message_bytes"
        value = (a.get(field) / b[field]) if a.get(field) is not None and b.get(field) else None
        out[key] = {"ctxwidget": a, "ipywidgets": b, "ratio": {"value": value, "of": field}}
    return out


def _toggle_bytes(toggles: list[dict[str, Any]]) -> dict[str, Any]:
    if not toggles:
        return {"largest_message_bytes": None, "sent_comm_bytes": None, "echo_comm_bytes": None, "total_bytes": None}
    sent = [t["wire"]["sent"]["largest_comm_bytes"] for t in toggles]
    echo = [t["wire"]["received"]["largest_comm_bytes"] for t in toggles]
    return {
        # The largest single comm message of one toggle, either way (the front end's update or the echo).
        "largest_message_bytes": max(max(sent), max(echo)),
        "sent_comm_bytes": _median(sent),
        "echo_comm_bytes": _median(echo),
        "total_bytes": _median([t["wire"]["total_bytes"] for t in toggles]),
        "frames": _median([t["wire"]["sent"]["frames"] + t["wire"]["received"]["frames"] for t in toggles]),
    }


# -- targets ----------------------------------------------------------------------------------


def _get(tree: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(tree, dict) or key not in tree:
            return None
        tree = tree[key]
    return tree


def _target(
    tid: str,
    size: str,
    text: str,
    limit: str,
    measured: str | None,
    status: str,
    ratio_value: Any = None,
    note: str = "",
) -> dict[str, Any]:
    return {
        "id": tid,
        "size": size,
        "target": text,
        "limit": limit,
        "measured": measured,
        "ratio": ratio_value,
        "status": status,
        "note": note,
    }


def _status(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "not met")


def targets(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of the issue, met / not met / not measured, from the results of this run."""
    results = document.get("results", {})
    out: list[dict[str, Any]] = []
    for size in TARGET_SIZES:
        r = results.get(size, {})
        # Main-thread CPU time when it was recorded (steady on a shared machine), else wall time.
        key = "render_cpu" if _get(r, "render_cpu", "ratio", "value") is not None else "render"
        value = _get(r, key, "ratio", "value")
        wall = _get(r, "render", "ratio", "value")
        out.append(
            _target(
                "render_vs_static_floor",
                size,
                "Render at most 1.2x the static floor",
                "<= 1.2x",
                None
                if value is None
                else f"{_get(r, key, 'ctxwidget', 'median'):.0f} ms vs {_get(r, key, 'static_floor', 'median'):.0f} ms",
                _status(None if value is None else value <= 1.2),
                value,
                ("main-thread CPU time" if key == "render_cpu" else "wall time")
                + ("" if wall is None or key == "render" else f"; wall-clock ratio {wall:.2f}x"),
            )
        )

        speed = _get(r, "jupyterlab", "render", "speedup")
        value = _get(speed, "value")
        status, note = _status(None if value is None else value >= 10), ""
        if value is not None and speed.get("bound") == "lower":
            note = "ipywidgets was cut: the speedup is at least this"
            if value < 10:
                status = "undetermined"
        elif value is not None and speed.get("bound") == "upper":
            note = "ctxwidget was cut: the speedup is at most this"
        shown = None if value is None else (f">= {value:.1f}x" if speed.get("bound") == "lower" else f"{value:.1f}x")
        out.append(
            _target(
                "render_vs_ipywidgets",
                size,
                "Render at least 10x faster than the ipywidgets composition in JupyterLab",
                ">= 10x",
                shown,
                status,
                value,
                note,
            )
        )

        key = "toggle_cpu" if _get(r, "toggle_cpu", "expanded", "ctxwidget", "median") is not None else "toggle"
        worst, parts, walls = None, [], []
        for scenario in ("collapsed", "expanded"):
            med = _get(r, key, scenario, "ctxwidget", "median")
            if med is not None:
                parts.append(f"{scenario} {med:.1f} ms")
                worst = med if worst is None else max(worst, med)
            wall = _get(r, "toggle", scenario, "ctxwidget", "median")
            if wall is not None:
                walls.append(f"{scenario} {wall:.1f} ms")
        floor = max((_get(r, key, s, "static_floor", "median") or 0.0) for s in ("collapsed", "expanded"))
        out.append(
            _target(
                "toggle_frame",
                size,
                "Toggle: script+style+layout+paint of one toggle under 16 ms",
                "< 16 ms",
                None if worst is None else ", ".join(parts),
                _status(None if worst is None else worst < TOGGLE_BUDGET_MS),
                (worst / floor) if worst is not None and floor else None,
                ("main-thread CPU time" if key == "toggle_cpu" else "wall time")
                + ("; wall clock " + ", ".join(walls) if key == "toggle_cpu" and walls else "")
                + "; ratio: worst scenario over the static floor's worst",
            )
        )

        largest = _get(r, "jupyterlab", "runs", "ctxwidget", "toggle_bytes", "largest_message_bytes")
        base = _get(r, "jupyterlab", "runs", "ipywidgets", "toggle_bytes", "largest_message_bytes")
        out.append(
            _target(
                "toggle_message",
                size,
                "The toggle message under 1 KB whatever the article's size",
                "< 1024 B",
                None if largest is None else f"{largest:.0f} B",
                _status(None if largest is None else largest < MESSAGE_BUDGET_BYTES),
                (largest / base) if largest is not None and base else None,
                "largest comm message of one click (front end's update or the kernel's echo), "
                "whole websocket frame; ratio over the ipywidgets accordion's",
            )
        )
    r = results.get("L", {})
    value = _get(r, "python", "article_ratio", "value")
    out.append(
        _target(
            "python_vs_json",
            "L",
            "Python build + validate + serialize at most 5x json.dumps",
            "<= 5x",
            None if value is None else f"{value:.2f}x",
            _status(None if value is None else value <= 5),
            value,
        )
    )
    value = _get(r, "memory", "cdp_nodes", "ratio", "value")
    out.append(
        _target(
            "memory_nodes",
            "L",
            "Memory: at most 1.2x the static floor's DOM nodes",
            "<= 1.2x",
            None if value is None else f"{value:.2f}x",
            _status(None if value is None else value <= 1.2),
            value,
        )
    )
    return out


# -- markdown ---------------------------------------------------------------------------------


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "bytes" or unit == "B":
        for step, name in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
            if abs(value) >= step:
                return f"{value / step:.2f} {name}"
        return f"{value:.0f} B"
    if unit == "ms":
        if value >= 10000:
            return f"{value / 1000:.1f} s"
        return f"{value:.0f} ms" if value >= 100 else f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _cell(s: dict[str, Any] | None) -> str:
    if not s or s.get("median") is None:
        return "–"
    unit = s["unit"]
    text = ("≥ " if s.get("lower_bound") else "") + _num(s["median"], unit)
    if s.get("n", 0) > 1 and s["p25"] != s["p75"]:
        text += f" ({_num(s['p25'], unit)}–{_num(s['p75'], unit)})"
    return text + f" n={s['n']}"


def _ratio(r: dict[str, Any] | None, *, invert: bool = False) -> str:
    if not r or r.get("value") is None:
        return "–"
    value = r["value"]
    bound = r.get("bound")
    prefix = {"lower": "≥ ", "upper": "≤ "}.get(bound or "", "")
    text = f"{prefix}{value:.2f}x"
    if r.get("pair_min") is not None and r.get("pair_min") != r.get("pair_max"):
        text += f" (pairs {r['pair_min']:.2f}–{r['pair_max']:.2f})"
    return text


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _pair_rows(results: dict[str, Any], sizes: list[str], path: tuple[str, ...], a: str, b: str) -> list[list[str]]:
    rows = []
    for size in sizes:
        section = _get(results.get(size, {}), *path)
        if section:
            rows.append([size, _cell(section.get(a)), _cell(section.get(b)), _ratio(section.get("ratio"))])
    return rows


def markdown(doc: dict[str, Any]) -> str:
    m = doc["machine"]
    sizes = list(doc["sizes"])
    results = doc["results"]
    lines = [
        "# ctxwidget benchmark results",
        "",
        f"Generated {doc['generated_at']} by `{doc['command'].strip()}` in {doc['duration_s']} s "
        "(method: `bench/README.md`; every sample: the run's `results.json`, in `bench/out/` unless `--out`). "
        "Figures: median (p25–p75) n=samples; ratios are ctxwidget over its baseline (median over median; "
        "'pairs' is the range of per-round ratios where the two were measured in alternating pairs).",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}",
        f"- {m['chromium']} (headless, --disable-gpu); Python {m['python']}",
        f"- Load average (1 min) at the start and end of the run: {m.get('load_average_start', '?')} / "
        f"{m.get('load_average_end', '?')} (other processes share the CPUs)",
        "- " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()),
        f"- ctxwidget commit {m['commit']}; widget.js {doc['bundle']['widget_js_bytes']:,} bytes "
        f"(sha256 {doc['bundle']['widget_js_sha256']})"
        + (" — **rebuilt during the run: figures mix two builds**" if doc["bundle"].get("changed_during_run") else ""),
        "",
        "## Sizes",
        "",
    ]
    lines += _table(
        ["size", "paragraphs", "panels", "answers (chips)", "article JSON", "rendered markup"],
        [
            [
                s,
                str(d["paragraphs"]),
                str(d["panels"]),
                f"{d['answers']:,}",
                _num(d["json_bytes"], "bytes"),
                _num(d.get("markup_bytes"), "bytes"),
            ]
            for s, d in doc["sizes"].items()
        ],
    )
    errors = [(size, e) for size, r in results.items() for e in r.get("errors", [])]
    if errors:
        lines += ["## Errors (these parts measured nothing)", ""]
        lines += [f"- {size} {e['part']}: `{e['error']}`" for size, e in errors] + [""]
    lines += ["## Targets", ""]
    lines += _table(
        ["target", "size", "limit", "measured", "ratio to baseline", "status", "note"],
        [
            [
                t["target"],
                t["size"],
                t["limit"],
                t["measured"] or "–",
                "–" if t["ratio"] is None else f"{t['ratio']:.2f}x",
                f"**{t['status']}**",
                t["note"],
            ]
            for t in doc["targets"]
        ],
    )
    lines += ["## 1. Render (headless chromium): ctxwidget vs the static floor", ""]
    for title, key in (
        ("First display (every panel closed): main-thread CPU time to every panel laid out", "first_display_cpu"),
        ("First display (every panel closed), wall clock", "first_display"),
        (
            "Every panel open: main-thread CPU time, hand-over to every chip in the DOM + forced layout "
            "(the target's figure)",
            "render_cpu",
        ),
        ("Every panel open: wall clock to every chip in the DOM + forced layout", "render"),
        ("Every panel open: every chip in the DOM, before layout", "render_dom_only"),
        ("Every panel open: to the end of the next frame", "render_to_frame"),
    ):
        rows = _pair_rows(results, sizes, (key,), "ctxwidget", "static_floor")
        if rows:
            lines += [f"### {title}", "", *_table(["size", "ctxwidget", "static floor", "ratio"], rows)]
    rows = _pair_rows(results, sizes, ("jupyterlab", "render"), "ctxwidget", "ipywidgets")
    if rows:
        for row, size in zip(rows, [s for s in sizes if _get(results.get(s, {}), "jupyterlab", "render")], strict=True):
            row.append(_ratio(_get(results[size], "jupyterlab", "render", "speedup")))
        lines += ["### JupyterLab, real kernel: run the cell to every chip shown", ""]
        lines += _table(["size", "(c) ctxwidget", "(d) ipywidgets composition", "ratio c/d", "speedup d/c"], rows)
    lines += ["## 2. Toggle", ""]
    for key, what in (("toggle_cpu", "main-thread CPU time (the target's figure)"), ("toggle", "wall clock")):
        for scenario in ("collapsed", "expanded"):
            rows = _pair_rows(results, sizes, (key, scenario), "ctxwidget", "static_floor")
            if rows:
                lines += [f"### Click to answers shown, article {scenario}: {what}", ""]
                lines += _table(["size", "ctxwidget", "static floor", "ratio"], rows)
    breakdown_rows = []
    for size in sizes:
        for scenario, variants in (_get(results.get(size, {}), "toggle_breakdown") or {}).items():
            for variant, split in variants.items():
                if "share_pct" not in split:
                    continue
                shares = split["share_pct"]
                top_events = split.get("top_events_cpu_ms") or split.get("top_events_ms") or {}
                top = ", ".join(f"{k} {v:.1f}" for k, v in list(top_events.items())[:3])
                breakdown_rows.append(
                    [
                        size,
                        scenario,
                        variant,
                        f"{split.get('cpu_ms', split['busy_ms']):.1f} ms",
                        *(f"{shares.get(k, 0.0):.0f}%" for k in BUCKETS),
                        top,
                    ]
                )
    if breakdown_rows:
        lines += [
            "### Where one toggle's time goes: main-thread CPU by phase (one traced toggle; tracing slows it)",
            "",
        ]
        lines += _table(
            ["size", "article", "variant", "traced CPU", *BUCKETS, "top events (CPU self ms)"],
            breakdown_rows,
        )
    rows = _pair_rows(results, sizes, ("jupyterlab", "python_expand"), "ctxwidget", "ipywidgets")
    if rows:
        lines += ["### Python-side expand to DOM updated (JupyterLab; ipywidgets: accordion.selected_index = 0)", ""]
        lines += _table(["size", "ctxwidget w.expand(id)", "ipywidgets", "ratio"], rows)
    rows = _pair_rows(results, sizes, ("jupyterlab", "click_to_dom"), "ctxwidget", "ipywidgets")
    if rows:
        lines += ["### Click to DOM updated inside JupyterLab (close and open, for reference)", ""]
        lines += _table(["size", "ctxwidget", "ipywidgets", "ratio"], rows)
    lines += ["## 3. Bytes on the wire (kernel websocket, JupyterLab)", ""]
    rows = []
    for size in sizes:
        lab = _get(results.get(size, {}), "jupyterlab")
        if not lab:
            continue
        c, d = lab["runs"]["ctxwidget"], lab["runs"]["ipywidgets"]
        cd, dd = c["display_bytes"], d["display_bytes"]
        lb = "≥ " if dd.get("lower_bound") else ""
        rows.append(
            [
                size,
                _num(cd["comm_bytes"], "bytes"),
                f"{cd['comm_messages']:.0f}",
                lb + _num(dd["comm_bytes"], "bytes"),
                lb + f"{dd['comm_messages']:.0f}",
                _ratio_value(lab["display_bytes"]["ratio"].get("value"), "upper" if dd.get("lower_bound") else None),
                _num(c["toggle_bytes"]["sent_comm_bytes"], "bytes"),
                _num(c["toggle_bytes"]["echo_comm_bytes"], "bytes"),
                _num(d["toggle_bytes"]["sent_comm_bytes"], "bytes"),
                _num(d["toggle_bytes"]["echo_comm_bytes"], "bytes"),
                _ratio_value(lab["toggle_bytes"]["ratio"].get("value")),
            ]
        )
    if rows:
        lines += _table(
            [
                "size",
                "display: ctxwidget comm bytes",
                "msgs",
                "display: ipywidgets comm bytes",
                "msgs",
                "ratio",
                "toggle: ctxwidget update",
                "echo",
                "toggle: ipywidgets update",
                "echo",
                "ratio (largest msg)",
            ],
            rows,
        )
    lines += ["## 4. Python: build + validate + serialize vs json.dumps", ""]
    rows = []
    for size in sizes:
        p = _get(results.get(size, {}), "python")
        if p:
            rows.append(
                [
                    size,
                    _cell(p["json_dumps"]),
                    _cell(p["article"]),
                    _ratio(p["article_ratio"]),
                    _cell(p["widget"]),
                    _ratio(p["widget_ratio"]),
                ]
            )
    if rows:
        lines += _table(
            [
                "size",
                "json.dumps",
                "Article.from_dict().to_json()",
                "ratio",
                "ContextWidget(data) + packed state",
                "ratio",
            ],
            rows,
        )
    lines += ["## 5. Memory after render: ctxwidget vs the static floor", ""]
    for title, key in (
        ("DOM nodes of the page (CDP Nodes, after GC; the target's figure)", "cdp_nodes"),
        ("Nodes under the widget's container", "widget_nodes"),
        ("JS heap used (after GC)", "js_heap_used"),
        ("Layout objects", "layout_objects"),
    ):
        rows = _pair_rows(results, sizes, ("memory", key), "ctxwidget", "static_floor")
        if rows:
            lines += [f"### {title}", "", *_table(["size", "ctxwidget", "static floor", "ratio"], rows)]
    return "\n".join(lines) + "\n"


def _ratio_value(value: float | None, bound: str | None = None) -> str:
    if value is None:
        return "–"
    return {"lower": "≥ ", "upper": "≤ "}.get(bound or "", "") + f"{value:.2f}x"
