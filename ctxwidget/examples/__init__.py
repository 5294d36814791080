"""Built-in example articles, read from package data."""

from __future__ import annotations

from importlib import resources

from ..model import Article
from ..parsers.assembly import parse_assembly

__all__ = ["nato_ukraine", "nato_ukraine_text"]


def nato_ukraine_text() -> str:
    """The Assembly page text of the built-in example article."""
    return resources.files(__package__).joinpath("data", "nato_ukraine.txt").read_text("utf-8")


def nato_ukraine() -> Article:
    """The seed article: "Stoltenberg tells Biden of Ukraine 'progress' in battlefield" (dw.com)."""
    return parse_assembly(nato_ukraine_text())
