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
    """Wall and CPU milliseconds of each bucket between the two marks (the last pair in the trace).

    Self time: an event's time less its children's. Wall self time is cut to the window; CPU
    self time (``tdur`` less the children's ``tdur``) is counted in the same proportion.
    """
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
            e
            for e in events
            if (e.get("pid"), e.get("tid")) == thread
            and e.get("ph") == "X"
            and e.get("dur", 0) > 0
            and e["ts"] < t1
            and e["ts"] + e.get("dur", 0) > t0
        ),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    # Nest the spans: each node is [begin, end, name, tdur, children].
    roots: list[list[Any]] = []
    stack: list[list[Any]] = []
    for e in spans:
        node = [e["ts"], e["ts"] + e["dur"], e["name"], e.get("tdur", e["dur"]), []]
        while stack and stack[-1][1] <= node[0]:
            stack.pop()
        (stack[-1][4] if stack else roots).append(node)
        stack.append(node)

    wall: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)

    def clip(begin: float, finish: float) -> float:
        return float(max(0.0, min(finish, t1) - max(begin, t0)))

    def visit(node: list[Any]) -> None:
        begin, finish, name, tdur, children = node
        own = (finish - begin) - sum(c[1] - c[0] for c in children)
        own_in = clip(begin, finish) - sum(clip(c[0], c[1]) for c in children)
        own_cpu = max(0.0, tdur - sum(c[3] for c in children))
        wall[name] += max(0.0, own_in)
        if own > 0:
            cpu[name] += own_cpu * max(0.0, own_in) / own
        for child in children:
            visit(child)

    for root in roots:
        visit(root)
    buckets = dict.fromkeys((*_BUCKETS, "other"), 0.0)
    cpu_buckets = dict(buckets)
    for name, us in wall.items():
        buckets[_bucket(name)] += us / 1000.0
    for name, us in cpu.items():
        cpu_buckets[_bucket(name)] += us / 1000.0
    busy, busy_cpu = sum(buckets.values()), sum(cpu_buckets.values())
    names = sorted(cpu.items(), key=lambda kv: -kv[1])[:12]
    return {
        "window_ms": (t1 - t0) / 1000.0,
        "busy_ms": busy,
        "cpu_ms": busy_cpu,
        "ms": buckets,
        "cpu_bucket_ms": cpu_buckets,
        "share_pct": {k: (100.0 * v / busy_cpu if busy_cpu else 0.0) for k, v in cpu_buckets.items()},
        "top_events_cpu_ms": {name: us / 1000.0 for name, us in names},
    }


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
