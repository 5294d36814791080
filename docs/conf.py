"""Sphinx configuration of ctxwidget's documentation site.

Build it (from the repository root, with ``pip install -e '.[docs]'``)::

    python -m sphinx -W -b html docs docs/_build/html

Sphinx with pydata-sphinx-theme and myst-nb (Markdown pages and the example notebooks with their
saved outputs, never executed). The site requests nothing from any other host: no web fonts, no
CDN scripts, no analytics; search is Sphinx's own, offline. ``_ext/ctxdocs.py`` adds the API
reference driven by ``__all__``, the docstring check, live articles and the JSON format tables.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# This checkout's package, whatever is installed.
sys.path[:0] = [str(ROOT), str(DOCS / "_ext")]

import ctxwidget  # noqa: E402

project = "ctxwidget"
author = "ctxwidget contributors"
copyright = "ctxwidget contributors, BSD-3-Clause"
release = version = ctxwidget.__version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "ctxdocs",
]

exclude_patterns = ["_build", "_static", "**/.ipynb_checkpoints"]

# -- MyST and notebooks ----------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "off"  # notebooks are pages with their saved outputs
nb_ipywidgets_js: dict[str, dict[str, str]] = {}  # no require.js / widget manager from a CDN
nb_merge_streams = True
# Each .ipynb through ctxdocs.read_notebook: article outputs become live articles.
nb_custom_formats = {".ipynb": ["ctxdocs.read_notebook", {}, False]}

# -- API reference ---------------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"show-inheritance": False}
add_module_names = True


#: The articles that pages show with ``{ctx-article} NAME``.
ctxdocs_articles = {"nato_ukraine": "articles.nato_ukraine", "recession": "articles.recession"}

# -- HTML --------------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"ctxwidget {version}"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"  # else browsers ask for /favicon.ico and get a 404
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
html_theme_options: dict[str, Any] = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    "header_links_before_dropdown": 4,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": [],
    # nothing that reaches another host: no version switcher, no analytics, no icon links
    "icon_links": [],
    "analytics": {},
}
html_context = {"default_mode": "auto"}
# Top-level pages have no sub-pages: no empty "Section Navigation" column beside them.
html_sidebars: dict[str, list[str]] = {"*": [], "examples/*": []}
