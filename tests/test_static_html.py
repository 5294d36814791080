"""The script-free HTML (``ctxwidget.html_static.static_html``): complete, inert, readable when sanitized."""

from __future__ import annotations

import html.parser
import re
from typing import Any

import nh3
import pytest

from ctxwidget import Article
from ctxwidget.html_static import COMPACT_ABOVE, static_html
from tests.test_hostile import PAYLOADS, TEXT_FIELDS, base_article, hostile_article

# GitHub-like: structural tags only, no style, no class, links with href only.
STRUCTURAL_TAGS = {"div", "p", "h2", "h3", "details", "summary", "ul", "li", "a", "b", "strong", "small"}


def github_like(fragment: str) -> str:
    return nh3.clean(fragment, tags=STRUCTURAL_TAGS, attributes={"a": {"href"}, "details": {"open"}}, link_rel=None)


class Tree(html.parser.HTMLParser):
    """Tags, attributes and the text inside each ``<summary>`` and ``<li>``, as a browser tokenizes them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.details: list[dict[str, Any]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.stack.append(tag)
        if tag == "details":
            self.details.append({"open": "open" in dict(attrs), "summary": "", "items": [], "text": ""})

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1:] == [tag], (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if "details" in self.stack and self.details:
            current = self.details[-1]
            current["text"] += data
            if "summary" in self.stack:
                current["summary"] += data


def parse(fragment: str) -> Tree:
    tree = Tree()
    tree.feed(fragment)
    tree.close()
    assert tree.stack == [], "every element is closed"
    return tree


def answer_line(source: str, text: str) -> str:
    return f"{source}: {text}"


def check_complete(fragment: str, article: Article, *, opened: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Every question in a <details> of its own, every answer and outlet inside it."""
    tree = parse(fragment)
    assert len(tree.details) == len(article.panels)
    for details, panel in zip(tree.details, article.panels, strict=True):
        assert details["summary"].startswith(panel.question)
        assert details["open"] == (panel.id in opened)
        for answer in panel.answers:
            assert answer_line(answer.source, answer.text) in details["text"]
    body = "".join(tree.text)
    assert article.title in body
    for block in article.paragraphs:
        assert block.text in body


def test_seed_every_panel_in_details(seed: Article) -> None:
    fragment = static_html(seed, expanded=["q2"])
    check_complete(fragment, seed, opened={"q2"})
    assert "<script" not in fragment.lower()
    assert sum(1 for p in seed.panels if p.answers) == fragment.count("sources ·")


def test_answers_are_grouped_largest_first(small_dict: dict[str, Any]) -> None:
    article = Article.from_dict(small_dict)
    fragment = static_html(article)
    # The group of two (Alice, alice) comes first and says how many sources agree.
    first = fragment.index("2 sources give this answer:")
    assert first < fragment.index("bbc.co.uk")
    assert fragment.index("apnews.com") < fragment.index("bbc.co.uk")
    assert "(3 sources · 2 answers)" in fragment
    assert "No source answered this question." in fragment  # the panel without answers


def test_copies_say_so_and_count_once() -> None:
    answers = [
        {"source": "ocregister.com", "text": "rates", "group": 0},
        {"source": "vigourtimes.com", "text": "rates", "group": 0, "copy_of": "ocregister.com"},
        {"source": "b.com", "text": "wages", "group": 1},
    ]
    panels = [{"question": "Q?", "answers": answers}]
    article = Article.from_dict({"title": "T", "paragraphs": ["P."], "panels": panels})
    tree = parse(static_html(article, expanded="all"))
    assert tree.details[0]["summary"] == "Q? (3 sources · 2 independent · 2 answers)"
    assert "vigourtimes.com, copy of ocregister.com: rates" in tree.details[0]["text"]
    assert "ocregister.com: rates" in tree.details[0]["text"].replace("copy of ocregister.com: rates", "")
    compact = parse(static_html(article, compact_above=0))
    assert "3 answers from 3 sources · 2 independent;" in compact.details[0]["text"]
    # A group counts outlets, and independent ones, as the widget does: not answers.
    assert "2 sources · 1 independent give this answer:" in tree.details[0]["text"]


def test_a_group_counts_outlets_not_answers() -> None:
    answers = [
        {"source": "a.com", "text": "rates", "group": 0},
        {"source": "a.com", "text": "rates again", "group": 0},
        {"source": "b.com", "text": "wages", "group": 1},
        {"source": "c.com", "text": "wages", "group": 1},
        {"source": "d.com", "text": "wages", "group": 1},
    ]
    article = Article.from_dict({"title": "T", "panels": [{"question": "Q?", "answers": answers}]})
    text = parse(static_html(article, expanded="all")).details[0]["text"]
    assert "3 sources give this answer:" in text
    assert "1 source gives this answer:" in text  # one outlet, two answers
    assert "2 sources give" not in text


def test_outlets_link_only_to_their_http_urls(small_dict: dict[str, Any]) -> None:
    fragment = static_html(Article.from_dict(small_dict))
    links = [attrs for tag, attrs in parse(fragment).tags if tag == "a"]
    assert [a["href"] for a in links] == ["https://example.com/a", "https://apnews.com/x"]
    assert all(a["rel"] == "noopener noreferrer" for a in links)


def test_nothing_external_and_no_script(seed: Article) -> None:
    tree = parse(static_html(seed, expanded="all"))
    tags = {tag for tag, _ in tree.tags}
    assert tags <= STRUCTURAL_TAGS, tags - STRUCTURAL_TAGS
    for _tag, attrs in tree.tags:
        assert set(attrs) <= {"class", "style", "open", "href", "rel", "target"}
        assert not any(k.startswith("on") for k in attrs)
        assert "url(" not in (attrs.get("style") or "")


def test_github_like_sanitizer_keeps_every_question_and_answer(seed: Article) -> None:
    fragment = static_html(seed, expanded="all")
    clean = github_like(fragment)
    assert "style=" not in clean
    assert "class=" not in clean
    assert clean.count("<details") == len(seed.panels)
    check_complete(clean, seed, opened=set(seed.panel_ids))


def test_large_article_shows_counts_only() -> None:
    panels = [
        {
            "question": f"Question {i}?",
            "answers": [{"source": "apnews.com", "text": "x" * 400 + str(j)} for j in range(30)],
        }
        for i in range(60)
    ]
    article = Article.from_dict({"title": "Big", "paragraphs": ["Only paragraph."], "panels": panels})
    full = static_html(article, compact_above=None)
    assert len(full.encode()) > COMPACT_ABOVE
    compact = static_html(article)
    assert len(compact.encode()) < COMPACT_ABOVE // 10
    tree = parse(compact)
    # One outlet answered 30 times: one source, as the widget counts (distinct outlets).
    assert [d["summary"] for d in tree.details] == [f"Question {i}? (1 source · 30 answers)" for i in range(60)]
    assert "30 answers from 1 source;" in compact
    assert "x" * 400 not in compact
    assert "Only paragraph." in compact


def test_annotations_follow_their_answers(small_dict: dict[str, Any]) -> None:
    fragment = static_html(Article.from_dict(small_dict), annotations={"q1/1": "incorrect"})
    assert "bbc.co.uk</b>: Bob [incorrect]" in fragment


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: p.name)
def test_hostile_strings_stay_text(payload: Any) -> None:
    data = base_article()
    for field in TEXT_FIELDS:
        data = field.put(data, payload.value)
    article = Article.from_dict(data)
    for fragment in (static_html(article, expanded="all"), github_like(static_html(article, expanded="all"))):
        tree = parse(fragment)
        assert {tag for tag, _ in tree.tags} <= STRUCTURAL_TAGS
        for _tag, attrs in tree.tags:
            assert not any(k.startswith("on") for k in attrs)
            href = attrs.get("href")
            assert href is None or re.match(r"^https?://", href)
        text = "".join(tree.text)
        # What the parser gives back is the string itself (CR and NUL are normalised by any HTML parser).
        expected = payload.value.replace("\r\n", "\n").replace("\r", "\n")
        if "\x00" not in expected:
            assert expected in text


# The answer's context paragraph and its group label are left out of the fallback.
SHOWN_FIELDS = [f for f in TEXT_FIELDS if f.name not in ("context", "group_label")]


@pytest.mark.parametrize("field", SHOWN_FIELDS, ids=lambda f: f.name)
def test_every_text_field_is_escaped(field: Any) -> None:
    article = Article.from_dict(hostile_article(field, '<img src=x onerror="window.__ctxPwned=1">'))
    fragment = static_html(article, expanded="all")
    assert "<img" not in fragment
    assert "&lt;img src=x onerror=&quot;window.__ctxPwned=1&quot;&gt;" in fragment


def test_static_html_is_public(seed: Article) -> None:
    import ctxwidget

    assert "static_html" in ctxwidget.__all__
    assert ctxwidget.static_html(seed) == static_html(seed)
