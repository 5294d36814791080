"""The IPython extension: ``%load_ext ctxwidget``.

Loading it makes every :class:`~ctxwidget.model.Article` that a cell returns
or :func:`~IPython.display.display` shows appear as a
:class:`~ctxwidget.widget.ContextWidget`, and adds the line magic
``%ctx PATH`` that shows an article file (``.json`` or Assembly ``.txt``) as a
widget. ``%unload_ext ctxwidget`` undoes both.

IPython and ipywidgets are imported only when the extension is loaded, so
importing this module is cheap.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any

from .errors import ValidationError
from .model import Article

__all__ = ["ctx_magic", "display_article", "load_ipython_extension", "unload_ipython_extension"]

MAGIC_NAME = "ctx"
USAGE = "usage: %ctx PATH  (PATH: an article .json file or Assembly page .txt file; quote it if it has spaces)"

# What each shell showed Articles with before the extension was loaded, to restore it on unload.
_previous_printers: dict[int, Any] = {}


def display_article(article: Article) -> None:
    """Display ``article`` as a :class:`~ctxwidget.widget.ContextWidget` (the extension's display hook)."""
    from IPython.display import display

    from .widget import ContextWidget

    show: Any = display  # untyped in IPython
    show(ContextWidget(article))


def _path_argument(line: str) -> str:
    from IPython.core.error import UsageError

    windows = os.name == "nt"  # keep backslashes in Windows paths
    try:
        parts = shlex.split(line.strip(), posix=not windows)
    except ValueError as exc:  # an unclosed quote
        raise UsageError(f"%{MAGIC_NAME}: cannot read the arguments ({exc}); {USAGE}") from None
    if len(parts) != 1:
        raise UsageError(USAGE)
    path = parts[0]
    if windows and len(path) >= 2 and path[0] == path[-1] and path[0] in "\"'":
        path = path[1:-1]
    return os.path.expanduser(path)


def ctx_magic(line: str) -> None:
    """``%ctx PATH``: show an article file (``.json`` or Assembly ``.txt``) as a ContextWidget.

    A path that cannot be read or a file that is not a valid article is
    reported in one line (an IPython ``UsageError``), not as a traceback. Use
    ``ContextWidget(PATH)`` instead to keep a handle on the widget.
    """
    from IPython.core.error import UsageError

    from .parsers import load
    from .parsers.files import READ_FAILURES, read_failure

    path = _path_argument(line)
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"%{MAGIC_NAME}: {path!r} is a directory; give an article .json or .txt file")
    try:
        article = load(target)
    except ValidationError as exc:
        raise UsageError(f"%{MAGIC_NAME}: {target.name}: {exc}") from None
    except READ_FAILURES as exc:
        raise UsageError(f"%{MAGIC_NAME}: {read_failure(exc)}: {path!r}") from None
    display_article(article)


def load_ipython_extension(ipython: Any) -> None:
    """Register the Article display hook and the ``%ctx`` magic in ``ipython`` (an InteractiveShell)."""
    formatter = ipython.display_formatter.ipython_display_formatter
    previous = formatter.for_type(Article, display_article)
    if previous is not display_article:
        _previous_printers[id(ipython)] = previous
    ipython.register_magic_function(ctx_magic, magic_kind="line", magic_name=MAGIC_NAME)


def unload_ipython_extension(ipython: Any) -> None:
    """Undo :func:`load_ipython_extension`: Articles display as before and ``%ctx`` is gone."""
    formatter = ipython.display_formatter.ipython_display_formatter
    previous = _previous_printers.pop(id(ipython), None)
    if previous is not None:
        formatter.for_type(Article, previous)
    else:
        formatter.pop(Article, None)
    manager = ipython.magics_manager
    if manager.magics["line"].get(MAGIC_NAME) is ctx_magic:
        del manager.magics["line"][MAGIC_NAME]
        if getattr(manager.user_magics, MAGIC_NAME, None) is ctx_magic:
            delattr(manager.user_magics, MAGIC_NAME)
