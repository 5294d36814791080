"""The documentation site: its strict build (``sphinx-build -W``), the API reference driven by
``__all__``, the docstring check, live articles and the JSON format tables (docs/_ext/ctxdocs.py).

The build runs once per test process (``tools.docs_site.built_site``), shared with the browser
tests of ``tests/browser/test_docs_site.py``.
"""

from __future__ import annotations

import html
import importlib
import json
import os
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import ctxwidget
import ctxwidget.mime
from ctxwidget.examples import nato_ukraine
from ctxwidget.export import state_json

try:
    import myst_nb  # noqa: F401
    import pydata_sphinx_theme  # noqa: F401
    import sphinx  # noqa: F401
except ImportError as exc:  # the docs extra: required on CI, skipped with the reason elsewhere
    if os.environ.get("CI"):
        raise
    pytest.skip(f"the docs extra is not installed (pip install -e '.[docs]'): {exc}", allow_module_level=True)

from docs._ext import ctxdocs
from tools.docs_site import Build, built_site

API_MODULES = ("ctxwidget", "ctxwidget.adapters", "ctxwidget.pipeline", "ctxwidget.grouping")
ISLAND = re.compile(r'<script type="application/json" data-ctxwidget-state="">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def site() -> Build:
    result = built_site()
    assert result.returncode == 0, f"sphinx-build -W failed:\n{result.output}"
    print(f"docs built in {result.seconds:.1f} s")
    return result


def page(site: Build, name: str) -> str:
    return (site.outdir / name).read_text("utf-8")


# -- the strict build ----------------------------------------------------------------------------


def test_the_site_builds_with_warnings_as_errors(site: Build) -> None:
    assert "WARNING" not in site.output, site.output
    assert "ERROR" not in site.output, site.output
    for name in ("index.html", "getting-started.html", "labelling.html", "json-format.html", "search.html"):
        assert (site.outdir / name).is_file(), name
    assert (site.outdir / "_static" / "ctxwidget" / "widget.js").read_bytes() == (
        Path(ctxwidget.__file__).parent / "static" / "widget.js"
    ).read_bytes()


@pytest.mark.parametrize("modname", API_MODULES)
def test_the_reference_documents_every_name_of_all_under_its_public_spelling(site: Build, modname: str) -> None:
    module = importlib.import_module(modname)
    text = page(site, f"api/{'ctxwidget' if modname == 'ctxwidget' else modname.split('.')[1]}.html")
    ids = set(re.findall(r'<dt class="sig sig-object py" id="([^"]+)"', text))
    assert {f"{modname}.{name}" for name in module.__all__} <= ids


def test_lazily_exported_names_are_documented_with_their_docstrings(site: Build) -> None:
    text = page(site, "api/ctxwidget.html")
    entry = text[text.index('id="ctxwidget.ContextWidget"') : text.index('id="ctxwidget.ContextWidget.')]
    shown = set(re.findall(r"[A-Za-z]{4,}", re.sub(r"<[^>]+>", " ", html.unescape(entry))))
    summary = ctxwidget.ContextWidget.__doc__.strip().splitlines()[0]
    assert set(re.findall(r"[A-Za-z]{4,}", summary)) <= shown, (summary, entry[:500])
    assert 'id="ctxwidget.to_html"' in text
    assert 'id="ctxwidget.static_html"' in text


def test_signatures_show_types_without_validation_metadata(site: Build) -> None:
    text = page(site, "api/ctxwidget.html")
    answer = text[text.index('id="ctxwidget.Answer"') : text.index('id="ctxwidget.Article"')]
    assert "Meta(" not in answer
    assert "extra_json_schema" not in answer
    assert "url" in answer


def test_a_dataclass_signature_with_a_default_factory_is_parsed_not_shown_raw(site: Build) -> None:
    text = page(site, "api/pipeline.html")
    entry = text[text.index('id="ctxwidget.pipeline.BuildResult"') :]
    signature = html.unescape(re.sub(r"<[^>]+>", "", entry[: entry.index("</dt>")]))
    assert "documents: list[Document], " in signature
    assert "timings: dict[str, float] = ..., copies: list[Any] = ...)" in signature
    assert "~ctxwidget" not in signature
    assert "<factory>" not in signature


def test_references_to_where_a_name_is_defined_link_to_its_public_entry(site: Build) -> None:
    assert ctxdocs.public_spellings(API_MODULES)["ctxwidget.widget.ContextWidget"] == "ctxwidget.ContextWidget"
    assert ctxdocs.public_spellings(API_MODULES)["ctxwidget.rules.verdict"] == "ctxwidget.verdict"
    assert 'href="ctxwidget.html#ctxwidget.Article"' in page(site, "api/adapters.html")


def test_annotated_metadata_is_dropped_and_everything_else_kept() -> None:
    from typing import Annotated, Literal, Optional

    assert ctxdocs.without_metadata(Optional[Annotated[str, "meta"]]) == (str | None)  # noqa: UP045
    assert ctxdocs.without_metadata(tuple[Annotated[int, 1], ...]) == tuple[int, ...]
    assert ctxdocs.without_metadata(Literal["a", "b"]) == Literal["a", "b"]
    assert ctxdocs.without_metadata(dict[str, int]) == dict[str, int]


# -- the docstring check --------------------------------------------------------------------------


def test_every_public_name_has_a_docstring() -> None:
    assert ctxdocs.missing_docstrings(API_MODULES) == []


def test_the_check_finds_a_public_name_without_a_docstring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "docless"
    package.mkdir()
    (package / "__init__.py").write_text(
        textwrap.dedent(
            '''
            """A package."""
            from ._impl import LIMIT, NAMES, Documented, bare, documented
            __all__ = ["LIMIT", "NAMES", "Documented", "bare", "documented"]
            '''
        )
    )
    (package / "_impl.py").write_text(
        textwrap.dedent(
            '''
            #: The limit.
            LIMIT = 10
            NAMES = ["a"]

            class Documented(Exception):
                """Has one."""

            def documented():
                """Has one."""

            def bare():
                pass
            '''
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert ctxdocs.missing_docstrings(["docless"]) == ["docless.NAMES", "docless.bare"]
    finally:
        for name in [m for m in sys.modules if m == "docless" or m.startswith("docless.")]:
            del sys.modules[name]


def test_a_class_must_have_its_own_docstring_not_its_bases() -> None:
    class Base:
        """Base."""

    class Child(Base):
        pass

    assert ctxdocs.own_doc(Base) == "Base."
    assert ctxdocs.own_doc(Child) is None


# -- live articles --------------------------------------------------------------------------------


def islands(text: str) -> list[dict[str, Any]]:
    return [json.loads(island) for island in ISLAND.findall(text)]


def test_a_page_embeds_the_article_state_and_keeps_the_script_free_fallback(site: Build) -> None:
    text = page(site, "getting-started.html")
    [state] = islands(text)
    article = nato_ukraine()
    assert state == json.loads(json.dumps(state_json(article, expanded=["q3"], selected={"panel": "q3", "answer": 5})))
    assert "data-ctxwidget-fallback" in text
    assert "<details" in text
    assert 'src="_static/ctxwidget-docs.js' in text
    assert 'type="module"' in text


def test_notebook_pages_show_saved_widgets_live_and_load_no_widget_manager(site: Build) -> None:
    text = page(site, "examples/quickstart.html")
    [state] = islands(text)
    assert state["article"]["title"] == nato_ukraine().title
    assert state["expanded"] == ["q2", "q3"]  # the saved widget state of the notebook
    assert "widget-view+json" not in text
    assert "widget-state+json" not in text
    assert re.findall(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', text) == []


def test_the_data_island_cannot_end_its_script_element() -> None:
    hostile = "</script><script>alert(1)</script><!-- \u2028"
    article = ctxwidget.Article.from_dict(
        {"title": hostile, "paragraphs": [hostile], "panels": [{"question": hostile, "answers": []}]}
    )
    markup = ctxdocs.live_html(ctxwidget.mime.payload(article))
    island = ISLAND.search(markup)
    assert island is not None
    assert "<" not in island.group(1)
    assert "\u2028" not in island.group(1)
    assert markup.count("<script") == 1
    assert json.loads(island.group(1))["article"]["title"] == hostile


def test_article_outputs_and_saved_widgets_become_live_and_others_lose_their_widget_views() -> None:
    import nbformat

    article = nato_ukraine()
    bundle = article._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    saved = {"article": article.to_dict(), "expanded": ["q1"], "_anywidget_id": "ctxwidget.widget.ContextWidget"}
    other = {"model_id": "other", "version_major": 2, "version_minor": 0}
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {ctxdocs.WIDGET_STATE_MIME: {"state": {"w1": {"state": saved}, "other": {"state": {}}}}}
    nb.cells = [
        nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("execute_result", bundle, execution_count=1)]),
        nbformat.v4.new_code_cell(
            outputs=[
                nbformat.v4.new_output(
                    "display_data", {ctxdocs.WIDGET_VIEW_MIME: {"model_id": "w1"}, "text/html": "<p>fallback</p>"}
                )
            ]
        ),
        nbformat.v4.new_code_cell(
            outputs=[nbformat.v4.new_output("display_data", {ctxdocs.WIDGET_VIEW_MIME: other, "text/plain": "x"})]
        ),
    ]
    live = ctxdocs.live_notebook(nb)
    first, second, third = (cell.outputs[0].data for cell in live.cells)
    assert set(first) == {"text/html", "text/plain"}
    assert "data-ctxwidget-docs" in first["text/html"]
    assert islands(first["text/html"])[0]["article"] == article.to_dict()
    assert "<p>fallback</p>" in second["text/html"]
    assert islands(second["text/html"])[0]["expanded"] == ["q1"]
    assert third == {"text/plain": "x"}
    assert "widgets" not in live.metadata
    assert ctxdocs.ARTICLE_MIME == ctxwidget.mime.MIME_TYPE


def test_a_bad_article_payload_is_refused_by_the_same_checks_as_the_renderer() -> None:
    with pytest.raises(ctxwidget.ValidationError, match=r"article\.panels\[0\]\.question"):
        ctxdocs.live_html({"version": 1, "article": {"title": "t", "panels": [{"question": 3}]}})


# -- the JSON format ------------------------------------------------------------------------------


def test_the_json_format_page_lists_every_field_of_the_schema(site: Build) -> None:
    text = page(site, "json-format.html")
    schema = ctxwidget.json_schema()
    for name, definition in schema["$defs"].items():
        assert f">{name}<" in text
        for field in definition["properties"]:
            assert f'<span class="pre">{field}</span>' in text, f"{name}.{field}"
