"""Where the time of one toggle goes: a Chromium trace split into script, style, layout, paint.

The toggle helper marks its window with ``performance.mark("bench-toggle-start")`` and
``...-end``; every trace event of the renderer's main thread is cut to that window and its
*self* time (its duration less its children's) is put in one bucket by name.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

__all__ = ["CATEGORIES", "breakdown"]

CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "blink.user_timing",
    "blink",
    "v8",
    "v8.execute",
    "toplevel",
]

# Longest prefix wins; names not listed go to "other".
_BUCKETS = {
    "script": (
        "FunctionCall",
        "EventDispatch",
        "FireAnimationFrame",
        "v8",
        "V8",
        "EvaluateScript",
        "RunMicrotasks",
        "TimerFire",
        "MinorGC",
        "MajorGC",
        "BlinkGC",
        "ThreadState::",
        "GCEvent",
        "CppGC",
        "FrameRequestCallback",
        "HitTest",
        "AsyncTask Run",
        "MessagePort",
        "PageAnimator::serviceScriptedAnimations",
    ),
    "style": (
        "UpdateLayoutTree",
        "RecalculateStyles",
        "Document::updateStyle",
        "Document::recalcStyle",
        "Blink.Style",
        "StyleEngine",
        "ParseAuthorStyleSheet",
        "Document::UpdateStyleInvalidation",
        "ScheduleStyleRecalculation",
    ),
    "layout": (
        "Layout",
        "LocalFrameView::layout",
        "LocalFrameView::performLayout",
        "Blink.Layout",
        "InlineNode",
        "Layout",
        "LocalFrameView::UpdateStyleAndLayout",
        "LocalFrameView::RunStyleAndLayoutLifecyclePhases",
    ),
    "prepaint": (
        "PrePaint",
        "Blink.PrePaint",
        "Blink.CompositingInputs",
        "LocalFrameView::RunPrePaintLifecyclePhase",
        "LocalFrameView::RunCompositingInputsLifecyclePhase",
        "CullRectUpdate",
        "PaintLayer",
    ),
    "paint": (
        "Paint",
        "Blink.Paint",
        "LocalFrameView::RunPaintLifecyclePhase",
        "Layerize",
        "Blink.CompositingCommit",
        "PaintArtifactCompositor",
        "LocalFrameView::pushPaintArtifactToCompositor",
        "UpdateLayer",
        "RasterTask",
    ),
    "commit": ("Commit", "ProxyMain::BeginMainFrame::commit"),
    # content-visibility: auto decides what is on screen with an internal IntersectionObserver.
    "intersections": (
        "IntersectionObserverController",
        "IntersectionObservation",
        "ComputeIntersections",
        "DisplayLockDocumentState",
        "DisplayLock",
    ),
}
_PREFIXES = sorted(((p, b) for b, ps in _BUCKETS.items() for p in ps), key=lambda x: -len(x[0]))


def _bucket(name: str) -> str:
    for prefix, bucket in _PREFIXES:
        if name.startswith(prefix):
            return bucket
    return "other"


def breakdown(raw: bytes, start: str = "bench-toggle-start", end: str = "bench-toggle-end") -> dict[str, Any]:
    """Milliseconds and shares of each bucket between the two marks of the last toggle."""
    data = json.loads(raw)
    events = data["traceEvents"] if isinstance(data, dict) else data
    starts = [e for e in events if e.get("name") == start]
    ends = [e for e in events if e.get("name") == end]
    if not starts or not ends:
        return {"error": "marks not found in the trace"}
    mark = starts[-1]
    t0, t1 = mark["ts"], max(e["ts"] for e in ends)
    thread = (mark["pid"], mark["tid"])
    spans = sorted(
        (
            (e["ts"], e["ts"] + e.get("dur", 0), e["name"])
            for e in events
            if (e.get("pid"), e.get("tid")) == thread
            and e.get("ph") == "X"
            and e.get("dur", 0) > 0
            and e["ts"] < t1
            and e["ts"] + e.get("dur", 0) > t0
        ),
        key=lambda s: (s[0], -s[1]),
    )
    totals: dict[str, float] = defaultdict(float)
    # Self time: walk the nesting with a stack; a span's time not covered by a child is its own.
    stack: list[list[Any]] = []  # [end, name, cursor]

    def close(until: float) -> None:
        while stack and stack[-1][0] <= until:
            span_end, name, cursor = stack.pop()
            _add(totals, name, cursor, span_end, t0, t1)
            if stack:
                stack[-1][2] = max(stack[-1][2], span_end)

    for begin, finish, name in spans:
        close(begin)
        if stack:
            parent = stack[-1]
            _add(totals, parent[1], parent[2], begin, t0, t1)
            parent[2] = max(parent[2], finish)
        stack.append([finish, name, begin])
    close(float("inf"))
    buckets: dict[str, float] = defaultdict(float)
    for name, us in totals.items():
        buckets[_bucket(name)] += us / 1000.0
    busy = sum(buckets.values())
    window = (t1 - t0) / 1000.0
    names = sorted(totals.items(), key=lambda kv: -kv[1])[:12]
    return {
        "window_ms": window,
        "busy_ms": busy,
        "ms": {k: buckets.get(k, 0.0) for k in (*_BUCKETS, "other")},
        "share_pct": {k: (100.0 * buckets.get(k, 0.0) / busy if busy else 0.0) for k in (*_BUCKETS, "other")},
        "top_events_ms": {name: us / 1000.0 for name, us in names},
    }


def _add(totals: dict[str, float], name: str, begin: float, end: float, t0: float, t1: float) -> None:
    lo, hi = max(begin, t0), min(end, t1)
    if hi > lo:
        totals[name] += hi - lo


CPU_CATEGORIES = ["toplevel", "blink.user_timing"]


def cpu_time(raw: bytes, start: str, end: str) -> float | None:
    """Milliseconds of CPU the renderer's main thread used between two marks.

    The sum of the thread time (``tdur``) of the thread's top-level tasks, a task cut by a
    mark counted in proportion to its part inside. Unlike wall time, it does not grow when
    other processes take the CPU away, so it is the steadier figure on a shared machine.
    """
    data = json.loads(raw)
    events = data["traceEvents"] if isinstance(data, dict) else data
    starts = [e for e in events if e.get("name") == start]
    ends = [e for e in events if e.get("name") == end]
    if not starts or not ends:
        return None
    mark = starts[-1]
    t0, t1 = mark["ts"], max(e["ts"] for e in ends)
    thread = (mark["pid"], mark["tid"])
    tasks = sorted(
        (e for e in events if (e.get("pid"), e.get("tid")) == thread and e.get("ph") == "X" and e.get("dur", 0) > 0
         and e.get("name") in ("ThreadControllerImpl::RunTask", "RunTask") and "tdur" in e),
        key=lambda e: (e["ts"], -e["dur"]),
    )  # fmt: skip
    total, covered_until = 0.0, float("-inf")
    for task in tasks:
        begin, finish = task["ts"], task["ts"] + task["dur"]
        if finish <= t0 or begin >= t1 or begin < covered_until:
            continue  # outside the window, or nested in a task already counted
        covered_until = finish
        inside = (min(finish, t1) - max(begin, t0)) / task["dur"]
        total += task["tdur"] * inside
    return total / 1000.0
