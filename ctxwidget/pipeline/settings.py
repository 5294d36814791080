"""``Settings``: how a run runs (device, batch size, embedding cache, progress), the same for every step."""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from .progress import show_progress

if TYPE_CHECKING:  # pragma: no cover
    from .cache import CacheOption, EmbeddingCache

__all__ = ["Settings", "settings_from", "warn_renamed"]


@dataclass(frozen=True)
class Settings:
    """The settings every step of a run shares; give one to :func:`~ctxwidget.pipeline.run` as ``settings=``.

    ``device``: where models run (``"cpu"``, ``"cuda"``, ...; default: CUDA
    when available). ``batch_size``: texts per model call (the embedding
    model, the QA and pair models; question generation keeps its own 16).
    ``cache``: the embedding cache (``True``: memory and the disk cache,
    ``"memory"``, ``False``, a directory, or an
    :class:`~ctxwidget.pipeline.EmbeddingCache`). ``progress``: progress bars
    (``None``: on unless under pytest or ``CTXWIDGET_PROGRESS=0``).

    :meth:`resolved` decides ``progress`` once; :attr:`embeddings` makes the
    cache once, on first use, so a run whose steps need no embeddings needs
    no extra.
    """

    device: str | None = None
    batch_size: int = 64
    cache: CacheOption = True
    progress: bool | None = None

    def __post_init__(self) -> None:
        if isinstance(self.batch_size, bool) or not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise ValueError(f"batch_size must be an integer >= 1, got {self.batch_size!r}")
        if self.device is not None and not isinstance(self.device, str):
            raise TypeError(f"device must be None or a string such as 'cpu' or 'cuda', got {self.device!r}")
        if self.progress is not None and not isinstance(self.progress, bool):
            raise TypeError(f"progress must be None, True or False, got {self.progress!r}")

    def resolved(self) -> Settings:
        """These settings with ``progress`` decided (``True`` or ``False``), so every step shows a bar or none."""
        decided = show_progress(self.progress)
        return self if decided is self.progress else replace(self, progress=decided)

    @functools.cached_property
    def embeddings(self) -> EmbeddingCache:
        """The embedding cache ``cache`` asks for, made on first use and then shared by every step."""
        from .cache import make_cache

        return make_cache(self.cache, batch_size=self.batch_size, progress=self.progress)

    def custom_encoder(self) -> bool:
        """Whether the cache embeds with an encoder of its own (then only numpy is needed, not the model)."""
        return getattr(self.cache, "encoder", None) is not None

    def __getstate__(self) -> dict[str, Any]:
        # The cache made on first use stays here; a copy sent to another process makes its own.
        state = dict(self.__dict__)
        state.pop("embeddings", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def warn_renamed(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn that ``old`` is deprecated (it goes in the next release) and ``new`` replaces it."""
    warnings.warn(
        f"{old} is deprecated and will be removed in the next release; use {new}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def settings_from(settings: Settings | None, legacy: dict[str, Any], where: str, *, stacklevel: int = 4) -> Settings:
    """``settings``, or (deprecated) the :class:`Settings` of the old keywords ``device=``, ``batch_size=``, ...

    ``legacy`` is every other keyword ``where`` was called with: one that is
    not a field of :class:`Settings` is a :class:`TypeError`, as is giving
    both forms.
    """
    names = [f.name for f in fields(Settings)]
    unknown = sorted(set(legacy) - set(names))
    if unknown:
        raise TypeError(f"{where}() got unexpected keyword argument(s) {', '.join(map(repr, unknown))}")
    if not legacy:
        return Settings() if settings is None else settings
    if settings is not None:
        raise TypeError(f"{where}() takes settings= or {', '.join(f'{k}=' for k in legacy)}, not both")
    given = ", ".join(f"{k}={v!r}" for k, v in legacy.items())
    warn_renamed(
        f"{where}({', '.join(f'{k}=' for k in legacy)})", f"{where}(settings=Settings({given}))", stacklevel=stacklevel
    )
    return Settings(**legacy)
