"""Readers that turn files and page text into :class:`~ctxwidget.model.Article` objects."""

from .assembly import parse_assembly
from .files import load, read_text

__all__ = ["load", "parse_assembly", "read_text"]
