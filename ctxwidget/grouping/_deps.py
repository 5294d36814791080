"""What the embedding method needs, checked without importing anything heavy."""

from __future__ import annotations

from typing import Literal

from .._extras import EXTRAS, extra_error, install_hint
from .._extras import missing_modules as _missing_modules

__all__ = [
    "BACKENDS",
    "EXTRA_HINT",
    "MODEL_MODULES",
    "ONNX_MODULES",
    "TORCH_EXTRA_HINT",
    "TORCH_MODULES",
    "Backend",
    "available_backend",
    "missing_modules",
    "require",
]

#: ``"onnx"``: int8 all-MiniLM-L6-v2 on ONNX Runtime (the ``group`` extra, no PyTorch);
#: ``"torch"``: the fp32 model on sentence-transformers (the ``group-torch`` extra, GPU capable);
#: ``"auto"``: ONNX when installed, else PyTorch.
Backend = Literal["auto", "onnx", "torch"]
BACKENDS = ("auto", "onnx", "torch")
#: What to install for the embedding method (from the registry of extras, ``ctxwidget._extras``).
EXTRA_HINT = install_hint("group")
TORCH_EXTRA_HINT = install_hint("group-torch")
#: The modules of each model stack, in the order they are needed.
ONNX_MODULES = EXTRAS["group"]
TORCH_MODULES = EXTRAS["group-torch"]
#: The default (``group`` extra) stack.
MODEL_MODULES = ONNX_MODULES


def missing_modules(modules: tuple[str, ...] = MODEL_MODULES) -> list[str]:
    """The modules of ``modules`` (default: the ``group`` extra's) that cannot be imported here."""
    return _missing_modules(modules)


def available_backend(backend: Backend = "auto") -> Literal["onnx", "torch"]:
    """The backend ``backend`` resolves to here; raises :class:`ImportError` naming the extra if it is missing."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(map(repr, BACKENDS))}, got {backend!r}")
    if backend == "auto":
        if not missing_modules(ONNX_MODULES):
            return "onnx"
        if not missing_modules(TORCH_MODULES):
            return "torch"
        require(ONNX_MODULES)
    if backend == "torch":
        require(TORCH_MODULES)
        return "torch"
    require(ONNX_MODULES)
    return "onnx"


def require(modules: tuple[str, ...] = MODEL_MODULES) -> None:
    """Raise :class:`ImportError` naming the extra if any of ``modules`` is missing."""
    missing = missing_modules(modules)
    if missing:
        raise extra_error(
            "group-torch" if "torch" in modules else "group",
            missing,
            what="group_answers(method='embedding')",
            alternative=", or use method='exact', which needs no extra",
        )
