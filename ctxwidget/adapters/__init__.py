"""Adapters: other formats in, tables out (pandas is an optional extra)."""

from __future__ import annotations

from typing import Any

__all__ = ["require_pandas"]


def require_pandas() -> Any:
    """Import pandas, or explain how to install it."""
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("this needs pandas, an optional extra: pip install 'ctxwidget[pandas]'") from None
    return pandas
