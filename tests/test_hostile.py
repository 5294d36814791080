"""Hostile strings in every field: kept as text or rejected, never able to escape the export.

The corpus is ``tests/data/hostile_strings.json``. Each payload goes into each field of
an otherwise ordinary article (``FIELDS``). Free-text fields must keep it exactly; the
domain and URL fields must either accept a harmless value or reject it with a
:class:`ValidationError` naming the field. The exported page must embed it so that no
value can close its ``<script>`` element, and the widget must hold it unchanged.

The browser tests (``tests/browser/test_hostile_browser.py``) import ``FIELDS``,
``PAYLOADS`` and ``hostile_article`` from here, so a new field is added in one place.
"""

from __future__ import annotations

import copy
import html.parser
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ctxwidget import Article, ContextWidget, ValidationError, to_html
from ctxwidget.model import check_domain

CORPUS = Path(__file__).resolve().parent / "data" / "hostile_strings.json"
SENTINEL = "__ctxPwned"


@dataclass(frozen=True)
class Payload:
    name: str
    category: str
    value: str


def load_payloads() -> list[Payload]:
    """The corpus, with ``repeat: [unit, times]`` entries expanded."""
    doc = json.loads(CORPUS.read_text("utf-8"))
    result = []
    for entry in doc["payloads"]:
        if "repeat" in entry:
            unit, times = entry["repeat"]
            value = unit * times
        else:
            value = entry["value"]
        result.append(Payload(entry["name"], entry["category"], value))
    return result


PAYLOADS = load_payloads()

# -- where a string can go ------------------------------------------------------------------


def base_article() -> dict[str, Any]:
    """An ordinary article with every field filled, so each payload replaces one value."""
    return {
        "title": "Base title",
        "story": "Base story",
        "source": "example.com",
        "author": "Base Author",
        "url": "https://example.com/article",
        "paragraphs": [{"text": "First paragraph."}, {"text": "A heading", "kind": "heading"}, {"text": "Last."}],
        "panels": [
            {
                "id": "p1",
                "question": "Base question?",
                "after": 1,
                "answers": [
                    {
                        "source": "apnews.com",
                        "text": "Base answer",
                        "url": "https://apnews.com/a",
                        "context": "Base context sentence.",
                        "group": "g1",
                    },
                    {"source": "bbc.co.uk", "text": "Other answer", "group": "g2"},
                ],
            }
        ],
    }


@dataclass(frozen=True)
class Field:
    """One place a string can go: its key path in the dict form and what it accepts."""

    name: str
    keys: tuple[str | int, ...]
    kind: str  # "text": any non-blank string; "domain"; "url"

    @property
    def path(self) -> str:
        """The path a ValidationError names, e.g. ``panels[0].answers[0].url``."""
        out = ""
        for key in self.keys:
            out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
        return out

    def get(self, data: dict[str, Any]) -> Any:
        node: Any = data
        for key in self.keys:
            node = node[key]
        return node

    def put(self, data: dict[str, Any], value: Any) -> dict[str, Any]:
        out = copy.deepcopy(data)
        node: Any = out
        for key in self.keys[:-1]:
            node = node[key]
        node[self.keys[-1]] = value
        return out


ANSWER = ("panels", 0, "answers", 0)
FIELDS: list[Field] = [
    Field("story", ("story",), "text"),
    Field("title", ("title",), "text"),
    Field("author", ("author",), "text"),
    Field("paragraph", ("paragraphs", 0, "text"), "text"),
    Field("heading", ("paragraphs", 1, "text"), "text"),
    Field("question", ("panels", 0, "question"), "text"),
    Field("answer", (*ANSWER, "text"), "text"),
    Field("context", (*ANSWER, "context"), "text"),
    Field("group_label", (*ANSWER, "group"), "text"),
    Field("source", ("source",), "domain"),
    Field("answer_source", (*ANSWER, "source"), "domain"),
    Field("answer_copy_of", (*ANSWER, "copy_of"), "domain"),
    Field("url", ("url",), "url"),
    Field("answer_url", (*ANSWER, "url"), "url"),
]
TEXT_FIELDS = [f for f in FIELDS if f.kind == "text"]
STRICT_FIELDS = [f for f in FIELDS if f.kind != "text"]

# Annotation labels are widget state, not article fields; see test_annotation_labels_*.
DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|data|vbscript|file)\s*:", re.I)


def hostile_article(field: Field, value: str) -> dict[str, Any]:
    return field.put(base_article(), value)


def _cases(fields: list[Field]) -> list[Any]:
    return [pytest.param(f, p, id=f"{f.name}-{p.name}") for f in fields for p in PAYLOADS]


# -- the corpus ----------------------------------------------------------------------------


def test_corpus_is_large_and_covers_every_kind() -> None:
    names = [p.name for p in PAYLOADS]
    assert len(names) >= 60
    assert len(set(names)) == len(names)
    kinds = {p.category for p in PAYLOADS}
    assert kinds >= {"script", "handler", "url", "svg", "breakout", "css", "template", "unicode", "long"}
    values = [p.value for p in PAYLOADS]
    assert any("</script" in v.lower() for v in values)
    assert any("<!--" in v for v in values)
    assert any(re.match(r"(?i)^javascript:", v) for v in values)
    assert any(re.match(r"(?i)^data:", v) for v in values)
    assert any(re.match(r"(?i)^vbscript:", v) for v in values)
    assert any("{{7*7}}" in v for v in values)
    assert any("${" in v for v in values)
    assert any("\u202e" in v for v in values)
    assert any("\u200b" in v for v in values)
    assert max(len(v) for v in values) >= 100_000
    assert all(v.strip() for v in values), "a blank payload would only test the 'must not be empty' check"


# -- the model -----------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "payload"), _cases(TEXT_FIELDS))
def test_text_fields_keep_the_string_exactly(field: Field, payload: Payload) -> None:
    article = Article.from_dict(hostile_article(field, payload.value))
    data = article.to_dict()
    assert field.get(data) == payload.value
    assert Article.from_json(article.to_json()) == article
    assert Article.from_dict(data) == article


def _rejection(field: Field, value: str) -> ValidationError | None:
    """The ValidationError for ``value`` in ``field``, or None when it is accepted."""
    try:
        Article.from_dict(hostile_article(field, value))
    except ValidationError as exc:
        return exc
    return None


def _accepts(field: Field, value: str) -> bool:
    exc = _rejection(field, value)
    if exc is None:
        return True
    assert str(exc).startswith(f"{field.path}: "), str(exc)
    assert exc.path == field.path
    assert "\n" not in str(exc)
    return False


@pytest.mark.parametrize("field", STRICT_FIELDS, ids=lambda f: f.name)
def test_domain_and_url_fields_accept_only_safe_values(field: Field) -> None:
    accepted = [p for p in PAYLOADS if _accepts(field, p.value)]
    for payload in accepted:
        value = payload.value
        if field.kind == "domain":
            check_domain(value, "x")
            assert re.fullmatch(r"[a-z0-9.-]+", value), value
        else:
            assert re.match(r"(?i)^https?://[^\s/?#]+", value), value
            assert not re.search(r"[\s\x00-\x1f]", value), value
    if field.kind == "domain":
        assert accepted == []
    else:
        # The only hostile values a URL field takes are real https: URLs with odd paths.
        assert {p.name for p in accepted} == {"https-attr-break", "https-bidi-host"}
        for payload in PAYLOADS:
            if DANGEROUS_SCHEME.match(payload.value) or (payload.category == "url" and "https" not in payload.name):
                assert payload not in accepted, payload.name


@pytest.mark.parametrize(
    "value",
    [
        "JAVASCRIPT:alert(1)",
        "javascript:alert(1)//http://x.com",
        "http:alert(1)",
        "https:/\\evil.com",
        "http//x.com",
        "https://",
        "https:// x.com",
        "https://x.com/\u0000",
        "https://x.com/\u2028",
        "ftp://x.com/",
        "\u0068ttps\u200b://x.com",
    ],
)
@pytest.mark.parametrize("field", [f for f in STRICT_FIELDS if f.kind == "url"], ids=lambda f: f.name)
def test_url_tricks_are_rejected(field: Field, value: str) -> None:
    with pytest.raises(ValidationError) as info:
        Article.from_dict(hostile_article(field, value))
    assert info.value.path == field.path


# -- the exported page ---------------------------------------------------------------------


class _PageParser(html.parser.HTMLParser):
    """Records the page's elements the way a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: dict[str, str] = {}
        self.title = ""
        self.comments: list[str] = []
        self._open: str | None = None
        self._script_id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag
        if tag == "script":
            self._script_id = dict(attrs).get("id") or "bootstrap"
            self.scripts[self._script_id] = ""

    def handle_endtag(self, tag: str) -> None:
        self._open = None
        self._script_id = None

    def handle_data(self, data: str) -> None:
        if self._open == "title":
            self.title += data
        elif self._open == "script" and self._script_id is not None:
            self.scripts[self._script_id] += data

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


EXPECTED_TAGS = ["html", "head", "meta", "meta", "meta", "meta", "title", "style", "body", "div", "script", "script"]


def check_page(page: str, article: Article) -> None:
    """The page's structure is fixed whatever the data; the state comes back intact."""
    parser = _PageParser()
    parser.feed(page)
    parser.close()
    assert [t for t, _ in parser.tags] == [*EXPECTED_TAGS, "script"]
    assert [a.get("id") for t, a in parser.tags if t == "script"] == ["ctxwidget-state", "ctxwidget-esm", None]
    assert parser.comments == []
    assert parser.title == article.title
    state = json.loads(parser.scripts["ctxwidget-state"])
    assert state["article"] == article.to_dict()
    body = page.split("<body", 1)[1]
    assert len(re.findall(r"(?i)</script", body)) == 3
    assert len(re.findall(r"(?i)<script", body)) == 3
    assert "<!--" not in body
    assert "\u2028" not in body
    assert "\u2029" not in body
    head = page.split("<body", 1)[0]
    assert len(re.findall(r"(?i)</?(script|style|title)", head)) == 4  # <title></title><style></style>


@pytest.mark.parametrize(("field", "payload"), _cases(TEXT_FIELDS))
def test_export_embeds_every_string_inert(field: Field, payload: Payload) -> None:
    article = Article.from_dict(hostile_article(field, payload.value))
    check_page(to_html(article, expanded="all", selected={"panel": "p1", "answer": 0}), article)


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p.name)
def test_export_with_the_string_in_every_text_field_at_once(payload: Payload) -> None:
    data = base_article()
    for field in TEXT_FIELDS:
        data = field.put(data, payload.value)
    article = Article.from_dict(data)
    check_page(to_html(article, expanded="all"), article)


# -- the widget ----------------------------------------------------------------------------


@pytest.mark.parametrize("field", TEXT_FIELDS, ids=lambda f: f.name)
def test_widget_holds_every_string_unchanged(field: Field) -> None:
    w = ContextWidget(base_article(), expanded="all")
    for payload in PAYLOADS:
        w.article = hostile_article(field, payload.value)
        assert field.get(w.get_state()["article"]) == payload.value
        assert field.get(w.article.to_dict()) == payload.value
        assert w.expanded == ["p1"]
        text = repr(w)
        assert "\n" not in text
        # What the kernel sends the front end: JSON that decodes back to the same value.
        state = json.loads(json.dumps(w.get_state(["article"]), ensure_ascii=False))
        assert field.get(state["article"]) == payload.value


@pytest.mark.parametrize("field", STRICT_FIELDS, ids=lambda f: f.name)
def test_widget_rejects_hostile_domains_and_urls_and_keeps_its_state(field: Field) -> None:
    w = ContextWidget(base_article(), expanded="all", selected={"panel": "p1", "answer": 1})
    before = w.get_state()
    rejected = 0
    for payload in PAYLOADS:
        if _accepts(field, payload.value):
            continue
        with pytest.raises(ValidationError) as info:
            w.article = hostile_article(field, payload.value)
        assert str(info.value).startswith(f"article.{field.path}: ")
        assert w.get_state() == before
        rejected += 1
    assert rejected >= len(PAYLOADS) - 2


def _has_annotations() -> bool:
    return ContextWidget.class_traits().get("labels") is not None


@pytest.mark.skipif(not _has_annotations(), reason="the widget has no annotation labels yet")
@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p.name)
def test_annotation_labels_keep_the_string_exactly(payload: Payload) -> None:
    labels = ["ok", payload.value]
    w = ContextWidget(base_article(), labels=labels, annotations={"p1/0": payload.value})
    assert w.labels == labels
    assert w.annotations == {"p1/0": payload.value}
    article = w.article
    page = to_html(article, labels=labels, annotations={"p1/0": payload.value})
    check_page(page, article)
    state = json.loads(re.search(r'id="ctxwidget-state">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert state["labels"] == labels
    assert state["annotations"] == {"p1/0": payload.value}


# -- strings Python can hold but UTF-8 cannot ----------------------------------------------


@pytest.mark.parametrize("field", TEXT_FIELDS, ids=lambda f: f.name)
def test_lone_surrogates_are_rejected_or_survive_export(field: Field) -> None:
    value = "broken \ud800 text"
    exc = _rejection(field, value)
    if exc is not None:
        assert exc.path == field.path
        return
    article = Article.from_dict(hostile_article(field, value))
    page = to_html(article)
    check_page(page, article)
    page.encode("utf-8")  # what save_html and the CLI write
    assert Article.from_json(article.to_json()) == article
    ContextWidget(article)
