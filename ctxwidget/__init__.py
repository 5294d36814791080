"""ctxwidget: a news article with "More Context" panels, as a Jupyter widget."""

from __future__ import annotations

from typing import Any

from .errors import ValidationError
from .extension import load_ipython_extension as load_ipython_extension
from .extension import unload_ipython_extension as unload_ipython_extension
from .grouping import group_answers
from .model import Answer, Article, Panel, Paragraph, json_schema
from .parsers import load, parse_assembly
from .rules import verdict

__all__ = [
    "Answer",
    "Article",
    "ContextWidget",
    "LabelStore",
    "Panel",
    "Paragraph",
    "ValidationError",
    "group_answers",
    "json_schema",
    "load",
    "load_ipython_extension",
    "parse_assembly",
    "static_html",
    "to_html",
    "verdict",
]
__version__ = "0.1.0"  # the one place the version is set (pyproject reads it)


def __getattr__(name: str) -> Any:
    # The widget pulls in ipywidgets; import it only when asked for.
    if name == "ContextWidget":
        from .widget import ContextWidget

        return ContextWidget
    if name == "LabelStore":
        from .labels import LabelStore

        return LabelStore
    if name == "to_html":
        from .export import to_html

        return to_html
    if name == "static_html":
        from .html_static import static_html

        return static_html
    if name == "classify":
        import warnings

        from .grouping.core import classify

        warnings.warn("ctxwidget.classify is deprecated; use ctxwidget.verdict", DeprecationWarning, stacklevel=2)
        return classify
    if name in ("examples", "adapters", "grouping"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'ctxwidget' has no attribute {name!r}")


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where the prebuilt lab extension is, for ``jupyter labextension develop --overwrite .``
    (pip installs it into ``share/jupyter/labextensions`` by itself)."""
    return [{"src": "labextension", "dest": "@ctxwidget/jupyterlab"}]
