"""The IPython extension: ``%load_ext ctxwidget``, the ``%ctx`` magic, articles shown as widgets."""

from __future__ import annotations

import builtins
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ctxwidget import Article

from .conftest import SEED

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def shell(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """An IPython shell (the process-wide instance) with history in memory and its own profile dir."""
    pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    created = not InteractiveShell.initialized()
    had = {name: name in builtins.__dict__ for name in ("__IPYTHON__", "display")}
    module = types.ModuleType("ctxwidget_test_shell")
    if created:
        config = Config()
        config.HistoryManager.hist_file = ":memory:"
        ip = InteractiveShell.instance(
            config=config, user_module=module, ipython_dir=str(tmp_path_factory.mktemp("ipython"))
        )
    else:  # pragma: no cover - another test made one
        ip = InteractiveShell.instance()
    yield ip
    if created:
        InteractiveShell.clear_instance()
        sys.modules.pop(module.__name__, None)
        for name, present in had.items():
            if not present:
                builtins.__dict__.pop(name, None)


@pytest.fixture
def loaded(shell: Any) -> Iterator[Any]:
    shell.run_line_magic("load_ext", "ctxwidget.extension")
    yield shell
    shell.run_line_magic("unload_ext", "ctxwidget.extension")


def run(shell: Any, code: str) -> tuple[Any, Any]:
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        result = shell.run_cell(code, store_history=False)
    return result, captured


def shown_widgets(captured: Any) -> list[Any]:
    from ipywidgets.widgets.widget import _instances

    from ctxwidget import ContextWidget

    widgets = []
    for output in captured.outputs:
        assert WIDGET_MIME in output.data, output.data
        widget = _instances[output.data[WIDGET_MIME]["model_id"]]
        assert isinstance(widget, ContextWidget)
        widgets.append(widget)
    return widgets


def test_ctx_magic_displays_a_file(loaded: Any, seed: Article, tmp_path: Path) -> None:
    result, captured = run(loaded, f"%ctx {SEED}")
    assert result.success, result.error_in_exec
    (widget,) = shown_widgets(captured)
    assert widget.article == seed
    assert result.result is None  # shown once, not again by the display hook

    spaced = tmp_path / "an article.json"
    spaced.write_text(seed.to_json(), encoding="utf-8")
    result, captured = run(loaded, f'%ctx "{spaced}"')
    assert result.success
    assert shown_widgets(captured)[0].article == seed


def test_articles_display_as_widgets(loaded: Any, seed: Article) -> None:
    loaded.user_ns["article"] = seed
    for code in ("article", "display(article)", "from IPython.display import display as show; show(article)"):
        result, captured = run(loaded, code)
        assert result.success, (code, result.error_in_exec)
        (widget,) = shown_widgets(captured)
        assert widget.article == seed


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("/no/such/dir/article.txt", r"%ctx: no such file: '/no/such/dir/article\.txt'"),
        ("/no/such/file", r"%ctx: no such file: '/no/such/file'"),
        ("{tmp}", r"%ctx: '.*' is a directory; give an article \.json or \.txt file"),
        ("{tmp}/notes.csv", r"%ctx: notes\.csv: cannot read '.*notes\.csv': unknown file type '\.csv'"),
        ("{tmp}/bad.json", r"%ctx: bad\.json: panels\[0\]\.after: 3 is past the end"),
        ("{tmp}/broken.json", r"%ctx: broken\.json: line 1: not valid JSON"),
        ("", r"usage: %ctx PATH"),
        ("a b", r"usage: %ctx PATH"),
        ('"unclosed', r"%ctx: cannot read the arguments"),
    ],
)
def test_ctx_magic_reports_bad_paths_in_one_line(loaded: Any, tmp_path: Path, argument: str, message: str) -> None:
    from IPython.core.error import UsageError

    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"title": "t", "panels": [{"question": "q", "after": 3}]}', encoding="utf-8")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    result, captured = run(loaded, "%ctx " + argument.format(tmp=tmp_path))
    assert isinstance(result.error_in_exec, UsageError)
    import re

    assert re.search(message, str(result.error_in_exec)), str(result.error_in_exec)
    assert captured.stderr.startswith("UsageError: ")
    assert "Traceback" not in captured.stderr
    assert "Traceback" not in captured.stdout
    assert captured.outputs == []


def test_unload_restores_the_shell(shell: Any, seed: Article) -> None:
    from IPython.core.error import UsageError

    shell.run_line_magic("load_ext", "ctxwidget.extension")
    shell.run_line_magic("unload_ext", "ctxwidget.extension")
    shell.user_ns["article"] = seed
    result, captured = run(shell, "display(article)")
    assert result.success
    # Without the extension an Article displays itself: its MIME payload, HTML and text.
    assert [list(o.data) for o in captured.outputs] == [
        ["application/vnd.ctxwidget.v1+json", "text/html", "text/plain"]
    ]
    result, _ = run(shell, f"%ctx {SEED}")
    assert isinstance(result.error_in_exec, UsageError)
    assert "not found" in str(result.error_in_exec)


def test_unload_restores_a_previous_printer(shell: Any, seed: Article) -> None:
    from ctxwidget import extension

    formatter = shell.display_formatter.ipython_display_formatter
    seen: list[Any] = []
    formatter.for_type(Article, seen.append)
    try:
        extension.load_ipython_extension(shell)
        extension.load_ipython_extension(shell)  # loading twice keeps the original to restore
        assert formatter.lookup(seed) is extension.display_article
        extension.unload_ipython_extension(shell)
        assert formatter.lookup(seed) == seen.append
    finally:
        formatter.pop(Article, None)


@pytest.mark.skipif(
    not hasattr(__import__("ctxwidget"), "load_ipython_extension"),
    reason="ctxwidget/__init__.py does not expose load_ipython_extension yet",
)
def test_load_ext_ctxwidget(shell: Any, seed: Article) -> None:
    shell.run_line_magic("load_ext", "ctxwidget")
    try:
        result, captured = run(shell, f"%ctx {SEED}")
        assert result.success
        assert shown_widgets(captured)[0].article == seed
    finally:
        shell.run_line_magic("unload_ext", "ctxwidget")
