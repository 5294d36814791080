"""The built documentation site in chromium, served by a local http.server on 127.0.0.1: it asks no
other host for anything, its live articles work (a question toggles, a chip shows its evidence),
its pages read without JavaScript, search works offline, and every internal link resolves."""

from __future__ import annotations

import html.parser
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.conftest import RequestLog, unavailable
from tools.docs_site import Build, built_site, serve

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Browser, BrowserContext

pytestmark = pytest.mark.browser

try:
    import myst_nb  # noqa: F401
    import sphinx  # noqa: F401
except ImportError as exc:  # the docs extra: required on CI, skipped with the reason elsewhere
    if os.environ.get("CI"):
        raise
    pytest.skip(f"the docs extra is not installed (pip install -e '.[docs]'): {exc}", allow_module_level=True)

#: Pages whose requests are recorded: one of each kind (guide with a live article, notebook, API, search).
VISITED = ("index.html", "getting-started.html", "examples/quickstart.html", "api/ctxwidget.html", "exploring.html")


@pytest.fixture(scope="module")
def site() -> Build:
    result = built_site()
    assert result.returncode == 0, f"sphinx-build -W failed:\n{result.output}"
    return result


@pytest.fixture(scope="module")
def base(site: Build) -> Iterator[str]:
    with serve(site.outdir) as url:
        yield url


def on_site(base: str) -> Callable[[str], bool]:
    host = urlsplit(base).netloc

    def allowed(url: str) -> bool:
        return url.startswith(("blob:", "data:")) or urlsplit(url).netloc == host

    return allowed


def test_the_site_requests_nothing_from_another_host(context: BrowserContext, base: str) -> None:
    page = context.new_page()
    log = RequestLog.attach(page)
    for name in VISITED:
        page.goto(base + name, wait_until="networkidle")
    page.goto(base + "search.html?q=evidence", wait_until="networkidle")
    page.locator("#search-results li").first.wait_for()  # Sphinx's own search, from searchindex.js
    assert len(log.urls) > 20
    assert log.outside(on_site(base)) == []
    assert log.failed == []
    assert log.page_errors == []
    assert log.console_errors == []


def test_a_question_on_a_docs_page_toggles_and_a_chip_shows_its_evidence(context: BrowserContext, base: str) -> None:
    page = context.new_page()
    page.goto(base + "index.html")
    host = page.locator('[data-ctxwidget-docs][data-ctx-ready="true"]').first
    host.wait_for()
    assert host.locator("[data-ctxwidget-fallback]").count() == 0  # the script replaced the fallback
    toggle = host.locator('[data-ctx-panel="q1"] [data-ctx-toggle]')
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    host.locator('[data-ctx-panel="q3"] [data-ctx-answer]').first.click()
    evidence = host.locator("[data-ctx-evidence]")
    evidence.wait_for()
    assert evidence.is_visible()


def test_a_saved_widget_in_a_notebook_page_is_live(context: BrowserContext, base: str) -> None:
    page = context.new_page()
    page.goto(base + "examples/quickstart.html")
    host = page.locator('[data-ctxwidget-docs][data-ctx-ready="true"]').first
    host.wait_for()
    toggle = host.locator('[data-ctx-panel="q1"] [data-ctx-toggle]')
    before = toggle.get_attribute("aria-expanded")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") != before


def test_without_javascript_the_article_reads_as_the_script_free_html(browser: Browser, base: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + "getting-started.html")
        fallback = page.locator("[data-ctxwidget-fallback]").first
        assert fallback.is_visible()
        assert "When and where will the next NATO summit take place?" in fallback.inner_text()
        assert page.locator(".ctxwidget").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_live_article_passes_axe_in_the_sites_light_and_dark_theme(
    context: BrowserContext, base: str, theme: str
) -> None:
    from tests.browser.test_axe import AXE, axe_audit, report

    if not AXE.exists():
        unavailable(f"axe-core is missing at {AXE} (run npm --prefix js ci)")
    page = context.new_page()
    page.goto(base + "getting-started.html")  # q3 open, the evidence of one of its answers shown
    page.locator('[data-ctxwidget-docs][data-ctx-ready="true"]').first.wait_for()
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
    page.wait_for_function(f"document.body.dataset.jpThemeLight === '{str(theme == 'light').lower()}'")
    assert page.locator("[data-ctx-evidence]").is_visible()
    violations = axe_audit(page)
    assert violations == [], report(violations)


def test_the_widget_follows_the_sites_dark_theme(context: BrowserContext, base: str) -> None:
    page = context.new_page()
    page.goto(base + "index.html")
    page.locator('[data-ctxwidget-docs][data-ctx-ready="true"]').first.wait_for()
    light = page.evaluate("getComputedStyle(document.querySelector('.ctxwidget')).color")
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page.wait_for_function("document.body.dataset.jpThemeLight === 'false'")
    dark = page.evaluate("getComputedStyle(document.querySelector('.ctxwidget')).color")
    assert light != dark


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.links.append(value)


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_every_internal_link_resolves(site: Build, base: str) -> None:
    pages = sorted(p for p in site.outdir.rglob("*.html") if "_static" not in p.relative_to(site.outdir).parts)
    assert len(pages) >= 20
    parsed = {path: parse(path) for path in pages}
    ids = {path.relative_to(site.outdir).as_posix(): parser.ids for path, parser in parsed.items()}
    host = urlsplit(base).netloc
    checked: dict[str, int] = {}
    broken: list[str] = []
    for path, parser in parsed.items():
        page_url = base + path.relative_to(site.outdir).as_posix()
        for link in parser.links:
            url = urljoin(page_url, link)
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                continue
            target = parts._replace(fragment="", query="").geturl()
            if target not in checked:
                try:
                    with urllib.request.urlopen(target, timeout=10) as response:
                        checked[target] = response.status
                except urllib.error.HTTPError as exc:
                    checked[target] = exc.code
            if checked[target] != 200:
                broken.append(f"{path.name}: {link} -> {checked[target]}")
                continue
            relative = parts.path[len(urlsplit(base).path) :]
            if parts.fragment and relative in ids and parts.fragment not in ids[relative]:
                broken.append(f"{path.name}: {link} -> no element with id {parts.fragment!r}")
    assert len(checked) >= 30  # every page, the theme's assets, the images
    assert broken == []
