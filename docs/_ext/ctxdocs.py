"""The Sphinx extension of ctxwidget's documentation site.

It adds:

- ``ctx-api``: the API reference of one module, one entry per name of its ``__all__`` (so a
  new public name appears by itself), documented under the name users import;
- the docstring check: every name in the ``__all__`` of :data:`API_MODULES` must have a
  docstring (a ``#:`` comment for data), else a warning, which ``sphinx-build -W`` turns into
  a failed build;
- live articles: an ``Article`` output (``application/vnd.ctxwidget.v1+json``) or a saved
  ``ContextWidget`` view in a notebook, and the ``ctx-article`` directive, become the
  script-free HTML fallback plus a ``<script type="application/json">`` data island, which
  ``_static/ctxwidget-docs.js`` mounts with the widget's own bundle (``mountStandalone``, as
  ``ctxwidget.to_html`` does);
- ``ctx-json-schema``: the tables of the JSON format, from ``ctxwidget.json_schema()``;
- the example notebooks (``examples/*.ipynb``) copied into ``docs/examples/`` as pages.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import importlib
import inspect
import json
import operator
import os
import shutil
import sys
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError, PycodeError
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

DOCS = Path(__file__).resolve().parent.parent
ROOT = DOCS.parent

#: The modules whose ``__all__`` the API reference documents and the docstring check walks.
API_MODULES = ("ctxwidget", "ctxwidget.adapters", "ctxwidget.pipeline", "ctxwidget.grouping")

#: The MIME type of an ``Article`` output (``ctxwidget.mime.MIME_TYPE``).
ARTICLE_MIME = "application/vnd.ctxwidget.v1+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"

_MISSING = object()


# -- the public names and their docstrings -------------------------------------------------------


def kind_of(obj: Any) -> str:
    """``"exception"``, ``"class"``, ``"function"`` or ``"data"``: how autodoc documents ``obj``."""
    if inspect.isclass(obj):
        return "exception" if issubclass(obj, BaseException) else "class"
    if inspect.isroutine(obj):
        return "function"
    return "data"


def public_names(modname: str) -> list[tuple[str, Any]]:
    """``(name, object)`` for each name of the module's ``__all__``, in that order.

    Lazily exported names (a module ``__getattr__``) are imported here, as users import them.
    """
    module = importlib.import_module(modname)
    names = getattr(module, "__all__", None)
    if names is None:
        raise ExtensionError(f"{modname} has no __all__: the API reference lists the names of __all__")
    return [(name, getattr(module, name)) for name in names]


def data_doc(modname: str, name: str, obj: Any) -> str | None:
    """The documentation of a data name (a ``#:`` comment or a string after the assignment), looked
    up in the module that assigns it: ``modname`` itself or one of its package's loaded modules."""
    package = modname.split(".")[0]
    candidates = [modname, *sorted(m for m in sys.modules if m.startswith(package + ".") and m != modname)]
    for candidate in candidates:
        module = sys.modules.get(candidate)
        if module is None or getattr(module, name, _MISSING) is not obj:
            continue
        try:
            docs = ModuleAnalyzer.for_module(candidate).find_attr_docs()
        except PycodeError:
            continue
        lines = docs.get(("", name))
        if lines and "".join(lines).strip():
            return "\n".join(lines).strip()
    return None


def own_doc(obj: Any) -> str | None:
    """The docstring ``obj`` itself has (a class's own, not one inherited from a base class)."""
    doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else getattr(obj, "__doc__", None)
    return doc.strip() if isinstance(doc, str) and doc.strip() else None


def missing_docstrings(modules: Iterable[str] = API_MODULES) -> list[str]:
    """The public names (``module.name``) of ``modules`` that have no docstring."""
    missing = []
    for modname in modules:
        for name, obj in public_names(modname):
            doc = data_doc(modname, name, obj) if kind_of(obj) == "data" else own_doc(obj)
            if doc is None:
                missing.append(f"{modname}.{name}")
    return missing


def check_docstrings(app: Sphinx) -> None:
    """Warn (a failed build under ``-W``) for every public name without a docstring."""
    for qualified in missing_docstrings(app.config.ctxdocs_api_modules):
        logger.warning(
            "%s is public (in its module's __all__) but has no docstring: add one "
            "(a '#:' comment above the assignment for data)",
            qualified,
            type="ctxdocs",
            subtype="docstring",
        )


def parse_rst(directive: SphinxDirective, lines: list[str], source: str) -> list[nodes.Node]:
    """Nodes of reStructuredText ``lines`` generated by ``directive``, in a MyST page or an rST one."""
    from myst_parser.mocking import MockState

    if isinstance(directive.state, MockState):  # a Markdown page parses nested content as Markdown
        lines = ["``````{eval-rst}", *lines, "``````"]
    container = nodes.container()
    directive.state.nested_parse(StringList(lines, source=source), 0, container)
    return list(container.children)


def _indent(text: str, prefix: str = "   ") -> list[str]:
    return [prefix + line if line else "" for line in text.splitlines()]


def api_rst(modname: str) -> list[str]:
    """The reStructuredText of one module's reference: its docstring, then each public name."""
    lines = [f".. automodule:: {modname}", "   :no-members:", ""]
    for name, obj in public_names(modname):
        target = f"{modname}.{name}"
        kind = kind_of(obj)
        if kind in ("class", "exception"):
            lines += [f".. auto{kind}:: {target}", "   :members:", ""]
        elif kind == "function":
            lines += [f".. autofunction:: {target}", ""]
        else:
            value = repr(obj)
            if len(value) > 200:
                value = value[:197] + "..."
            lines += [f".. py:data:: {name}", f"   :module: {modname}", f"   :value: {value}", ""]
            lines += [*_indent(data_doc(modname, name, obj) or ""), ""]
    return lines


def without_metadata(annotation: Any) -> Any:
    """``annotation`` with every ``Annotated[T, ...]`` replaced by ``T`` (msgspec's field constraints
    are for validation; in a signature they are noise): ``Optional[Annotated[str, Meta(...)]]`` is
    ``str | None``. Anything it cannot rebuild comes back unchanged."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return without_metadata(args[0])
    if not args or origin is typing.Literal or any(isinstance(arg, list) for arg in args):
        return annotation
    stripped = tuple(without_metadata(arg) for arg in args)
    try:
        if origin in (typing.Union, types.UnionType):
            return functools.reduce(operator.or_, stripped)
        return origin[stripped] if origin is not None else annotation
    except TypeError:
        return annotation


class _Elided:
    """A default that a signature shows as ``...``: one whose repr is not Python (``<factory>``)."""

    def __repr__(self) -> str:
        return "..."


def clean_signature(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, signature: str | None, return_annotation: str | None
) -> tuple[str | None, str | None] | None:
    """``autodoc-process-signature``: the signature without ``Annotated`` metadata, and with ``...``
    for a dataclass's ``default_factory`` (whose ``<factory>`` makes the signature unparsable, so
    that Sphinx would show it as raw text), where it had either."""
    if signature is None or not any(mark in signature for mark in ("Annotated", "Meta(", "<factory>")):
        return None
    from sphinx.util.inspect import signature as inspect_signature
    from sphinx.util.inspect import stringify_signature

    try:
        sig = inspect_signature(obj)
    except (TypeError, ValueError):
        return None
    params = []
    for param in sig.parameters.values():
        elided = param.default is not param.empty and repr(param.default).startswith("<")
        default = _Elided() if elided else param.default
        params.append(param.replace(annotation=without_metadata(param.annotation), default=default))
    sig = sig.replace(parameters=params, return_annotation=without_metadata(sig.return_annotation))
    return stringify_signature(sig, show_return_annotation=False, unqualified_typehints=True), return_annotation


@functools.cache
def public_spellings(modules: tuple[str, ...]) -> dict[str, str]:
    """Where each public name is defined (``ctxwidget.model.Article``) -> the name the reference
    documents it under (``ctxwidget.Article``), the first of ``modules`` that exports it."""
    spellings: dict[str, str] = {}
    for modname in modules:
        for name, obj in public_names(modname):
            origin, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
            if isinstance(origin, str) and isinstance(qualname, str):
                spellings.setdefault(f"{origin}.{qualname}", f"{modname}.{name}")
    return spellings


def resolve_public_spelling(app: Sphinx, env: Any, node: Any, contnode: nodes.Element) -> nodes.Element | None:
    """``missing-reference``: a docstring's reference to where a name is defined
    (``ctxwidget.widget.ContextWidget.expand``), or a bare name of ``ctxwidget`` (``Article``), links
    to the entry of the name users import (``ctxwidget.ContextWidget.expand``)."""
    if node.get("refdomain") != "py":
        return None
    target: str = node.get("reftarget", "")
    modules = tuple(app.config.ctxdocs_api_modules)
    spellings = public_spellings(modules)
    candidates = [f"{modules[0]}.{target}"] if "." not in target else []
    for origin, public in spellings.items():
        if target == origin or target.startswith(origin + "."):
            candidates.append(public + target[len(origin) :])
    domain = env.get_domain("py")
    for candidate in candidates:
        resolved: nodes.Element | None = domain.resolve_xref(
            env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode
        )
        if resolved is not None:
            return resolved
    return None


class ApiDirective(SphinxDirective):
    """``.. ctx-api:: module``: the reference of every name in the module's ``__all__``."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        modname = self.arguments[0]
        # an incremental build redoes this page when a file that defines one of its names changes
        objects = [importlib.import_module(modname), *(obj for _, obj in public_names(modname))]
        for obj in objects:
            with contextlib.suppress(TypeError):
                source = inspect.getsourcefile(obj)
                if source is not None:
                    self.env.note_dependency(source)
        return parse_rst(self, api_rst(modname), f"<ctx-api {modname}>")


# -- live articles -------------------------------------------------------------------------------


def _script_safe_json(value: Any) -> str:
    """JSON that cannot end its ``<script>`` element: the escaping of ``ctxwidget.to_html``."""
    from ctxwidget import export

    text: str = export._script_safe_json(value)
    return text


def live_html(payload: Mapping[str, Any], fallback: str | None = None) -> str:
    """The HTML of one live article from an ``Article`` MIME payload: the script-free fallback
    (``fallback``, else the article's own ``text/html``) and the state as a JSON data island, which
    ``ctxwidget-docs.js`` replaces with the widget. Raises ``ValidationError`` on a bad payload."""
    from ctxwidget.export import state_json
    from ctxwidget.mime import mimebundle, read_payload

    article, state = read_payload(payload)
    if fallback is None:
        fallback = mimebundle(article, **state)["text/html"]
    island = _script_safe_json(state_json(article, **state))
    return (
        '<div class="ctxwidget-docs" data-ctxwidget-docs="">'
        f'<script type="application/json" data-ctxwidget-state="">{island}</script>'
        f'<div class="ctxwidget-docs-fallback" data-ctxwidget-fallback="">{fallback}</div>'
        "</div>"
    )


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        return "".join(value)
    return value if isinstance(value, str) else None


def _widget_payload(output: Mapping[str, Any], widgets: Mapping[str, Any]) -> dict[str, Any] | None:
    """The MIME payload of a saved ``ContextWidget`` view, from the notebook's widget state, or None
    when the output is not one (or its state was not saved)."""
    view = output.get("data", {}).get(WIDGET_VIEW_MIME)
    if not isinstance(view, Mapping):
        return None
    model = widgets.get(str(view.get("model_id")), {}).get("state", {})
    if not str(model.get("_anywidget_id", "")).endswith("ContextWidget") or "article" not in model:
        return None
    from ctxwidget.state import UI_FIELDS

    return {"version": 1, "article": model["article"], "state": {k: model[k] for k in UI_FIELDS if k in model}}


def live_notebook(nb: nbformat.NotebookNode, where: str = "") -> nbformat.NotebookNode:
    """``nb`` with each article output (an ``Article``, or a ``ContextWidget`` whose state was saved)
    as a live article (``text/html``), and no widget views or widget state left: the site loads no
    widget manager, so other widgets show their ``text/html`` or ``text/plain``."""
    nb = copy.deepcopy(nb)
    saved = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not isinstance(data, dict):
                continue
            payload = data.get(ARTICLE_MIME)
            if payload is None:
                payload = _widget_payload(output, saved)
            if payload is not None:
                try:
                    live = live_html(payload, _text(data.get("text/html")))
                except ValueError as exc:
                    logger.warning("%s: cell %d: cannot show its article: %s", where, index, exc, type="ctxdocs")
                else:
                    output["data"] = {"text/html": live, "text/plain": data.get("text/plain", "")}
                    continue
            data.pop(WIDGET_VIEW_MIME, None)
            data.pop(ARTICLE_MIME, None)
    nb.metadata.pop("widgets", None)
    return nb


def read_notebook(text: str, **kwargs: Any) -> nbformat.NotebookNode:
    """The myst-nb reader of ``.ipynb`` files (``nb_custom_formats``): :func:`live_notebook`."""
    return live_notebook(nbformat.reads(text, as_version=4))  # type: ignore[no-untyped-call]


class ArticleDirective(SphinxDirective):
    """``.. ctx-article:: NAME``: a live article, ``NAME`` a key of conf.py's ``ctxdocs_articles``
    (whose values name a function that returns the article).

    Options are the UI state: ``:expanded:`` (panel ids, or ``all``), ``:selected:`` (``ID INDEX``),
    ``:view:``, ``:labels:`` (comma-separated) and ``:stack-size:``.
    """

    required_arguments = 1
    option_spec = {  # noqa: RUF012 (docutils' own attribute)
        "expanded": directives.unchanged,
        "selected": directives.unchanged,
        "view": directives.unchanged,
        "labels": directives.unchanged,
        "stack-size": directives.nonnegative_int,
    }

    def run(self) -> list[nodes.Node]:
        factories: Mapping[str, str] = self.config.ctxdocs_articles
        name = self.arguments[0]
        if name not in factories:
            raise self.error(f"unknown article {name!r}: conf.py's ctxdocs_articles has {', '.join(factories)}")
        modname, _, function = factories[name].rpartition(".")
        make: Callable[[], Any] = getattr(importlib.import_module(modname), function)
        article = make()
        state: dict[str, Any] = {}
        if "expanded" in self.options:
            ids = self.options["expanded"].split()
            state["expanded"] = "all" if ids == ["all"] else ids
        if "selected" in self.options:
            panel, answer = self.options["selected"].split()
            state["selected"] = {"panel": panel, "answer": int(answer)}
        if "view" in self.options:
            state["view"] = self.options["view"]
        if "labels" in self.options:
            state["labels"] = [label.strip() for label in self.options["labels"].split(",")]
        if "stack-size" in self.options:
            state["stack_size"] = self.options["stack-size"]
        from ctxwidget.mime import payload

        try:
            markup = live_html(payload(article, **state))
        except ValueError as exc:
            raise self.error(f"ctx-article {name}: {exc}") from None
        return [nodes.raw("", markup, format="html")]


def copy_bundle(app: Sphinx, exc: BaseException | None) -> None:
    """Put the widget's bundle and stylesheet in ``_static/ctxwidget/`` (HTML builds)."""
    if exc is not None or app.builder.format != "html":
        return
    from ctxwidget.export import STATIC

    target = Path(app.outdir) / "_static" / "ctxwidget"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("widget.js", "widget.css"):
        shutil.copyfile(STATIC / name, target / name)


def check_bundle(app: Sphinx) -> None:
    from ctxwidget.export import STATIC

    for name in ("widget.js", "widget.css"):
        if not (STATIC / name).exists():
            raise ExtensionError(
                f"{STATIC / name} is missing: build the front end first (npm --prefix js run build; "
                "pip install runs it for you)"
            )


# -- the JSON format -----------------------------------------------------------------------------


def _type_of(schema: Mapping[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type_of(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " or ".join(_cell(json.dumps(v)) for v in schema["enum"])
    if schema.get("type") == "array":
        return f"array of {_type_of(schema.get('items', {}))}"
    return str(schema.get("type", "any"))


def _notes(schema: Mapping[str, Any]) -> str:
    notes = []
    for part in [schema, *schema.get("anyOf", [])]:
        if "description" in part:
            notes.append(str(part["description"]))
        if "minimum" in part:
            notes.append(f"at least {part['minimum']}")
    return " ".join(dict.fromkeys(notes))


def _cell(text: str) -> str:
    return "``" + text.replace("`", "'") + "``" if text else ""


SchemaMode = typing.Literal["input", "output"]


def schema_rst(mode: SchemaMode) -> list[str]:
    """One table per object of ``ctxwidget.json_schema(mode=mode)``: each field's type, whether it
    is required, its default and its rule."""
    import ctxwidget

    schema = ctxwidget.json_schema(mode)
    lines: list[str] = []
    for name, definition in schema.get("$defs", {}).items():
        required = set(definition.get("required", []))
        lines += [f".. rubric:: {name}", ""]
        description = str(definition.get("description", "")).strip()
        if description:
            lines += [*description.splitlines(), ""]
        lines += [".. list-table::", "   :header-rows: 1", "", "   * - field", "     - type", "     - required"]
        lines += ["     - default", "     - rule"]
        for field, spec in definition.get("properties", {}).items():
            default = json.dumps(spec["default"]) if "default" in spec else ""
            lines += [
                f"   * - ``{field}``",
                f"     - {_type_of(spec)}",
                f"     - {'yes' if field in required else 'no'}",
                f"     - {_cell(default)}",
                f"     - {_notes(spec) or ''}".rstrip(),
            ]
        lines.append("")
    return lines


class JsonSchemaDirective(SphinxDirective):
    """``.. ctx-json-schema::``: the tables of the JSON format (``:mode: output`` for what ctxwidget
    writes); ``:full:`` adds the whole schema as a JSON block."""

    option_spec = {  # noqa: RUF012 (docutils' own attribute)
        "mode": lambda value: directives.choice(value, ("input", "output")),
        "full": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        import ctxwidget

        mode: SchemaMode = self.options.get("mode", "input")
        lines = schema_rst(mode)
        if "full" in self.options:
            schema = ctxwidget.json_schema(mode)
            lines += [".. code-block:: json", "", *_indent(json.dumps(schema, indent=2)), ""]
        return parse_rst(self, lines, "<ctx-json-schema>")


# -- the example notebooks -----------------------------------------------------------------------


def copy_examples(app: Sphinx, config: Any) -> None:
    """Copy ``examples/*.ipynb`` into ``docs/examples/`` (git-ignored), rewriting only changed files
    so that an incremental build stays incremental."""
    target = Path(app.srcdir) / "examples"
    target.mkdir(exist_ok=True)
    wanted = {path.name: path for path in sorted((ROOT / "examples").glob("*.ipynb"))}
    for stale in target.glob("*.ipynb"):
        if stale.name not in wanted:
            stale.unlink()
    for name, source in wanted.items():
        data = source.read_bytes()
        copy_path = target / name
        if not copy_path.exists() or copy_path.read_bytes() != data:
            partial = copy_path.with_suffix(f".{os.getpid()}.tmp")  # whole or not at all, for parallel builds
            partial.write_bytes(data)
            os.replace(partial, copy_path)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives, the docstring check, the bundle and the example notebooks."""
    app.add_config_value("ctxdocs_api_modules", API_MODULES, "env")
    app.add_config_value("ctxdocs_articles", {}, "env")
    app.add_directive("ctx-api", ApiDirective)
    app.add_directive("ctx-article", ArticleDirective)
    app.add_directive("ctx-json-schema", JsonSchemaDirective)
    app.connect("config-inited", copy_examples)
    app.connect("builder-inited", check_bundle)
    app.connect("builder-inited", check_docstrings)
    app.connect("build-finished", copy_bundle)
    app.connect("autodoc-process-signature", clean_signature)
    app.connect("missing-reference", resolve_public_spelling)
    app.add_css_file("ctxwidget/widget.css")
    app.add_css_file("ctxwidget-docs.css")
    app.add_js_file("ctxwidget-docs.js", type="module")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = [
    "API_MODULES",
    "live_html",
    "live_notebook",
    "missing_docstrings",
    "read_notebook",
    "schema_rst",
    "setup",
]
