"""Loading articles from files: one entry point that dispatches on the suffix."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..errors import ValidationError, decode_utf8
from ..model import Article
from .assembly import parse_assembly

__all__ = ["READ_FAILURES", "SUFFIXES", "load", "read_failure", "read_text"]

SUFFIXES = {".json": "JSON article", ".txt": "Assembly page text"}
#: What reading a file can raise besides a ValidationError: catch these and report :func:`read_failure`.
READ_FAILURES: tuple[type[BaseException], ...] = (OSError, UnicodeDecodeError, MemoryError)


def read_failure(exc: BaseException) -> str:
    """Why a file could not be read, in words for a one-line message after its name.

    The one mapping of reading errors for every entry point (the command line, ``%ctx``,
    ``ctxwidget build``): ``f"{path}: {read_failure(exc)}"`` reads ``notes.json: no such file``.
    """
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory; give a .json or .txt file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, MemoryError):
        return "too large to load into memory"
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start} is {exc.object[exc.start : exc.start + 1]!r}); save the file as UTF-8"
    if isinstance(exc, OSError):
        return f"cannot read ({exc.strerror or exc})"
    return f"cannot read ({exc})"


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file; binary or undecodable data is a :class:`ValidationError`.

    Missing files and directories raise the usual ``OSError`` subclasses.
    """
    raw = Path(path).read_bytes()
    if b"\x00" in raw[:65536]:
        raise ValidationError("this is binary data, not a text file (it contains NUL bytes)", line=1)
    return decode_utf8(raw)


def load(path: str | os.PathLike[str]) -> Article:
    """Load an article: ``.json`` via :meth:`Article.from_json`, ``.txt`` via :func:`parse_assembly`.

    A directory raises :class:`IsADirectoryError`, a missing file :class:`FileNotFoundError`
    (see :func:`read_failure`); a file that is not an article, a :class:`ValidationError`.
    """
    if stat.S_ISDIR(Path(path).stat().st_mode):  # a missing file: FileNotFoundError, before its suffix counts
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(f"{s} ({what})" for s, what in SUFFIXES.items())
        raise ValidationError(f"cannot read {str(path)!r}: unknown file type {suffix or '(none)'!r}; use {known}")
    text = read_text(path)
    if suffix == ".json":
        return Article.from_json(text)
    return parse_assembly(text)
