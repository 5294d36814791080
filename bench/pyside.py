"""Python: build + validate + serialize an Article vs ``json.dumps`` of the same dict.

Three code paths on the same article dict, measured alternately in rounds:

* ``json_dumps`` (the baseline): ``json.dumps(data)``.
* ``article``: ``Article.from_dict(data).to_json()``: build and validate the model, then
  serialize it to JSON text (the target's figure).
* ``widget``: ``ContextWidget(data)`` and its state packed as the kernel packs a message
  (``jupyter_client``'s ``json_packer``): what displaying the widget costs in Python.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from typing import Any

from ctxwidget import Article

__all__ = ["measure_python"]

MIN_SAMPLE_S = 0.05


def _widget_path() -> Callable[[dict[str, Any]], Any]:
    from jupyter_client.session import json_packer

    from ctxwidget.widget import ContextWidget

    def run(data: dict[str, Any]) -> Any:
        widget = ContextWidget(data)
        try:
            return json_packer(widget.get_state())
        finally:
            widget.close()

    return run


def _time(fn: Callable[[dict[str, Any]], Any], data: dict[str, Any], loops: int) -> float:
    gc.collect()
    start = time.perf_counter()
    for _ in range(loops):
        fn(data)
    return (time.perf_counter() - start) / loops * 1000.0


def measure_python(data: dict[str, Any], rounds: int, log: Callable[[str], None]) -> dict[str, list[float]]:
    """Per-call milliseconds of each path, ``rounds`` samples each, in alternating order."""
    paths: dict[str, Callable[[dict[str, Any]], Any]] = {
        "json_dumps": json.dumps,
        "article": lambda d: Article.from_dict(d).to_json(),
        "widget": _widget_path(),
    }
    for fn in paths.values():  # warm up imports and caches
        fn(data)
    # The same number of calls per sample for every path, enough for the slowest to take MIN_SAMPLE_S.
    slowest = max(_time(fn, data, 1) for fn in paths.values()) / 1000.0
    loops = max(1, int(MIN_SAMPLE_S / max(slowest, 1e-6)))
    samples: dict[str, list[float]] = {name: [] for name in paths}
    names = list(paths)
    for r in range(rounds):
        order = names if r % 2 == 0 else list(reversed(names))
        for name in order:
            samples[name].append(_time(paths[name], data, loops))
    log(
        "  python: "
        + ", ".join(f"{name} {sorted(v)[len(v) // 2]:.2f} ms" for name, v in samples.items())
        + f" ({loops} calls per sample)"
    )
    return samples
