"""Progress bars (``tqdm.auto``) for the pipeline's steps, off under pytest or with CTXWIDGET_PROGRESS=0."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

__all__ = ["bar", "show_progress"]

T = TypeVar("T")


def show_progress(progress: bool | None) -> bool:
    """Whether to draw bars: ``progress`` if given, else on unless under pytest or CTXWIDGET_PROGRESS=0."""
    if progress is not None:
        return progress
    if os.environ.get("CTXWIDGET_PROGRESS", "").strip().lower() in ("0", "false", "no", "off"):
        return False
    return "PYTEST_CURRENT_TEST" not in os.environ


def bar(
    items: Iterable[T], *, desc: str, total: int | None = None, progress: bool | None = None, **kw: Any
) -> Iterator[T]:
    """``items``, wrapped in a ``tqdm.auto`` bar named ``desc`` when progress is on (and tqdm installed)."""
    if not show_progress(progress):
        yield from items
        return
    try:
        tqdm = importlib.import_module("tqdm.auto").tqdm
    except ImportError:
        yield from items
        return
    yield from tqdm(items, desc=desc, total=total, leave=False, **kw)
