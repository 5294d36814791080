"""Loading articles from files: one entry point that dispatches on the suffix."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ValidationError, decode_utf8
from ..model import Article
from .assembly import parse_assembly

__all__ = ["SUFFIXES", "load", "read_text"]

SUFFIXES = {".json": "JSON article", ".txt": "Assembly page text"}


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file; binary or undecodable data is a :class:`ValidationError`.

    Missing files and directories raise the usual ``OSError`` subclasses.
    """
    raw = Path(path).read_bytes()
    if b"\x00" in raw[:65536]:
        raise ValidationError("this is binary data, not a text file (it contains NUL bytes)", line=1)
    return decode_utf8(raw)


def load(path: str | os.PathLike[str]) -> Article:
    """Load an article: ``.json`` via :meth:`Article.from_json`, ``.txt`` via :func:`parse_assembly`."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(f"{s} ({what})" for s, what in SUFFIXES.items())
        raise ValidationError(f"cannot read {str(path)!r}: unknown file type {suffix or '(none)'!r}; use {known}")
    text = read_text(path)
    if suffix == ".json":
        return Article.from_json(text)
    return parse_assembly(text)
