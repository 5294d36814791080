"""Adapters: Discord Questions output, NAnCo and pandas frames."""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxwidget import Answer, Article, Panel, ValidationError
from ctxwidget.adapters import (
    ANSWER_COLUMNS,
    answers_frame,
    assign_groups,
    from_discord_questions,
    from_frame,
    from_nanco,
    require_pandas,
)

from .conftest import DATA

ANCHOR_ID = "62e355b96134dc31786db826"


def load_json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def documents() -> list[dict[str, Any]]:
    return load_json("documents_recession.json")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def recession_questions() -> list[dict[str, Any]]:
    return load_json("recession_questions.json")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def nanco() -> list[dict[str, Any]]:
    return load_json("nanco_dataset.json")  # type: ignore[no-any-return]


# -- the group rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "groups", "expected"),
    [
        (["a", "b", "c"], [["c"], ["a", "b"]], [1, 1, 0]),
        # a string listed in two groups: the first occurrence takes the first group, the next the second
        (["x", "y", "x"], [["x", "y"], ["x"]], [0, 0, 1]),
        # a string listed twice in one group serves two occurrences before the next group
        (["x", "x", "x", "x"], [["x", "x"], ["z"], ["x"]], [0, 0, 2, None]),
        # group order inside a group does not matter; unlisted answers get None
        (["b", "a", "q"], [["a", "b"]], [0, 0, None]),
        (["a", "a"], [], [None, None]),
        ([], [["a"]], []),
        # exact strings: case and spacing count
        (["Fed", "fed", "Fed "], [["Fed"], ["fed"]], [0, 1, None]),
    ],
)
def test_assign_groups(answers: list[str], groups: list[list[str]], expected: list[int | None]) -> None:
    assert assign_groups(answers, groups) == expected


def test_assign_groups_like_the_pipeline_output() -> None:
    # The shape of real output: short strings repeated within and across groups.
    answers = ["the Fed", "Federal Reserve", "the Fed", "Fed", "the Fed", "Federal Reserve", "the Fed"]
    groups = [["the Fed", "Fed", "the Fed"], ["Federal Reserve", "the Fed", "Federal Reserve"]]
    assert assign_groups(answers, groups) == [0, 1, 0, 0, 1, 1, None]


@given(
    answers=st.lists(st.sampled_from("abc"), max_size=12),
    groups=st.lists(st.lists(st.sampled_from("abcd"), max_size=5), max_size=5),
)
def test_assign_groups_properties(answers: list[str], groups: list[list[str]]) -> None:
    result = assign_groups(answers, groups)
    assert len(result) == len(answers)
    for text in set(answers):
        taken = [g for a, g in zip(answers, result, strict=True) if a == text]
        listed = sorted(g for g, group in enumerate(groups) for s in group if s == text)
        # occurrences take the listings in group order, one listing each, until they run out
        assert taken == (listed + [None] * len(taken))[: len(taken)]


# -- Discord Questions: small hand-made inputs --------------------------------------------


def doc(doc_id: str, domain: str, paragraphs: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "id": doc_id,
        "title": f"Title {doc_id}",
        "domain": domain,
        "url": f"https://{domain}/{doc_id}",
        "content": "\n\n".join(paragraphs),
        **extra,
    }


def answer(text: str, doc_id: str, pidx: int) -> dict[str, Any]:
    return {"answer": text, "doc_id": doc_id, "pidx": pidx, "pid": f"{doc_id}_{pidx}"}


@pytest.fixture
def small_docs() -> list[dict[str, Any]]:
    return [
        # raw pieces: 0 "A0", 1 "", 2 "A2", 3 "  ", 4 "A4"  -> article paragraphs A0, A2, A4
        doc("a", "www.Anchor.com", ["A0", "", "A2", "  ", "A4"]),
        doc("b", "WWW.bbc.co.uk", ["B0 says Alice.", "", "B2 says Bob."]),
        doc("c", "dw.com", ["C0 says alice."], url=None),
        doc("d", "www3.example.org", ["D0", "D1 says Alice."]),
    ]


@pytest.fixture
def small_questions() -> list[dict[str, Any]]:
    return [
        {
            "question": "Who?",
            "doc_id": "b",
            "answers": [
                answer("Alice", "b", 0),
                answer("Alice", "a", 2),
                answer("alice", "c", 0),
                answer("Bob", "b", 2),
                answer("Alice", "d", 1),
            ],
            # "Alice" is listed in groups 0 and 2; the anchor's occurrence uses up one listing
            "answer_groups": [["Alice", "alice", "Alice"], ["Bob"], ["Alice"]],
        },
        {"question": "Where?", "doc_id": "c", "answers": [answer("Paris", "c", 0)], "answer_groups": [["Paris"]]},
        {"question": "When?", "answers": [answer("now", "d", 1), answer("soon", "a", 4), answer("later", "a", 0)]},
        {"question": "Why?", "answers": [answer("because", "a", 3)], "answer_groups": []},
        {"question": "What?", "answers": [], "answer_groups": []},
    ]


def test_discord_article_from_the_anchor(small_docs: list[dict[str, Any]], small_questions: Any) -> None:
    article = from_discord_questions(small_docs, small_questions, "a")
    assert article.title == "Title a"
    assert article.source == "anchor.com"
    assert article.url == "https://www.Anchor.com/a"
    assert [p.text for p in article.paragraphs] == ["A0", "A2", "A4"]


def test_discord_pidx_maps_past_dropped_empty_paragraphs(small_docs: Any, small_questions: Any) -> None:
    article = from_discord_questions(small_docs, small_questions, "a")
    after = {p.question: p.after for p in article.panels}
    assert after["Who?"] == 2  # raw pidx 2 is the article's 2nd paragraph "A2"
    assert after["When?"] == 1  # answered at raw 4 and 0: the first one, "A0"
    assert after["Why?"] == 2  # raw 3 is blank: the panel follows the paragraph kept before it
    assert article.paragraphs[after["Who?"] - 1].text == "A2"


def test_discord_unanswered_questions_close_the_article(small_docs: Any, small_questions: Any) -> None:
    article = from_discord_questions(small_docs, small_questions, "a")
    # Panels in article order; the ones the anchor does not answer come last, in input order.
    assert [(p.id, p.question, p.after) for p in article.panels] == [
        ("q3", "When?", 1),
        ("q1", "Who?", 2),
        ("q4", "Why?", 2),
        ("q2", "Where?", 3),
        ("q5", "What?", 3),
    ]


def test_discord_answers_are_the_other_documents(small_docs: Any, small_questions: Any) -> None:
    article = from_discord_questions(small_docs, small_questions, "a")
    who = article.panel("q1")
    assert who.answers == (
        Answer(source="bbc.co.uk", text="Alice", url="https://WWW.bbc.co.uk/b", context="B0 says Alice.", group=0),
        Answer(source="dw.com", text="alice", url=None, context="C0 says alice.", group=0),
        Answer(source="bbc.co.uk", text="Bob", url="https://WWW.bbc.co.uk/b", context="B2 says Bob.", group=1),
        # the anchor's "Alice" took group 0's second listing, so this one falls to group 2
        Answer(
            source="www3.example.org", text="Alice", url="https://www3.example.org/d", context="D1 says Alice.", group=2
        ),
    )
    assert who.groups == [[0, 1], [2], [3]]
    assert [a.group for a in article.panel("q3").answers] == [None]  # no answer_groups at all
    assert article.panel("q4").answers == ()  # only the anchor answered
    assert article.panel("q5").answers == ()


def test_discord_copies_given_mark_their_answers(small_docs: Any, small_questions: Any) -> None:
    article = from_discord_questions(small_docs, small_questions, "a", copies={"d": "bbc.co.uk"})
    who = article.panel("q1")
    assert [(a.source, a.copy_of) for a in who.answers] == [
        ("bbc.co.uk", None),
        ("dw.com", None),
        ("bbc.co.uk", None),
        ("www3.example.org", "bbc.co.uk"),
    ]
    assert [a.copy_of for a in article.panel("q3").answers] == ["bbc.co.uk"]  # d's answer to "When?"
    assert len(who.answers) == 4  # a copy's answers stay in the article
    # A copy of the same outlet's own article is that outlet's voice already: nothing to record.
    same = from_discord_questions(small_docs, small_questions, "a", copies={"d": "www3.example.org"})
    assert all(a.copy_of is None for p in same.panels for a in p.answers)
    # www. and case are dropped as for the documents' own domains.
    assert from_discord_questions(small_docs, small_questions, "a", copies={"d": "WWW.bbc.co.uk"}) == article


@pytest.mark.parametrize(
    ("copies", "message"),
    [
        ({"zz": "bbc.co.uk"}, r"^copies: no document has the id 'zz'"),
        ({"d": "not a domain"}, r"^copies\['d'\]: 'not a domain' is not a domain"),
        (["d"], r"^copies: expected a mapping of document id to the domain it copies, or None, got list"),
    ],
)
def test_discord_bad_copies_name_the_argument(small_docs: Any, small_questions: Any, copies: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        from_discord_questions(small_docs, small_questions, "a", copies=copies)


def test_discord_copies_found_by_default(documents: Any) -> None:
    pytest.importorskip("numpy")
    sample = load_json("discord_questions_recession_sample.json")  # the real pipeline's output
    found = from_discord_questions(documents, sample, ANCHOR_ID)
    none = from_discord_questions(documents, sample, ANCHOR_ID, copies={})
    marked = {(a.source, a.copy_of) for p in found.panels for a in p.answers if a.copy_of}
    # The two syndicated pairs of the story (measured: docs/copies.md), as far as these questions reach them.
    assert marked == {("vigourtimes.com", "ocregister.com"), ("erienewsnow.com", "kesq.com")}
    strip = [[msgspec.structs.replace(a, copy_of=None) for a in p.answers] for p in found.panels]
    assert strip == [list(p.answers) for p in none.panels]  # nothing else differs, and no answer is dropped


def test_discord_copies_without_the_extra(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, small_docs: Any, small_questions: Any
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    calls: list[dict[str, Any]] = []
    import ctxwidget.pipeline.copies as copies_module

    monkeypatch.setattr(copies_module, "find_copies", lambda docs, **kw: calls.append(kw) or [])
    # numpy but no datasketch: an exact all-pairs comparison, up to EXACT_COPIES_UP_TO documents.
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "datasketch" else real(name, *a))
    from_discord_questions(small_docs, small_questions, "a")
    assert calls == [{"method": "exact"}]
    # A plain install (no numpy): nothing is searched, a note says what to install.
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name in ("numpy", "datasketch") else real(name, *a)
    )
    with caplog.at_level("INFO", logger="ctxwidget"):
        article = from_discord_questions(small_docs, small_questions, "a")
    assert calls == [{"method": "exact"}]
    assert "pip install 'ctxwidget[copies]'" in caplog.text
    assert all(a.copy_of is None for p in article.panels for a in p.answers)


def test_discord_other_anchor_and_integer_ids(small_docs: Any, small_questions: Any) -> None:
    article = from_discord_questions(small_docs, small_questions, "c")
    assert article.source == "dw.com"
    assert article.url is None
    assert [(p.question, p.after) for p in article.panels][:2] == [("Who?", 1), ("Where?", 1)]
    assert [a.source for a in article.panel("q1").answers] == [
        "bbc.co.uk",
        "anchor.com",
        "bbc.co.uk",
        "www3.example.org",
    ]
    docs = [dict(d, id=i) for i, d in enumerate(small_docs)]
    questions = [
        {"question": "Q?", "answers": [answer("A0", 0, 0) | {"doc_id": 0}, {"answer": "x", "doc_id": 2, "pidx": 0}]}
    ]
    article = from_discord_questions(docs, questions, 0)
    assert article.panels[0].after == 1
    assert article.panels[0].answers[0].source == "dw.com"


def test_discord_does_not_touch_its_input(small_docs: Any, small_questions: Any) -> None:
    before = copy.deepcopy((small_docs, small_questions))
    from_discord_questions(small_docs, small_questions, "a")
    assert (small_docs, small_questions) == before


def test_discord_leading_and_empty_content() -> None:
    docs = [doc("a", "a.com", ["", "", "First", ""]), doc("e", "e.com", []), doc("b", "b.com", ["x"])]
    questions = [{"question": "Q?", "answers": [answer("First", "a", 2), answer("x", "b", 0)]}]
    article = from_discord_questions(docs, questions, "a")
    assert [p.text for p in article.paragraphs] == ["First"]
    assert article.panels[0].after == 1
    empty = from_discord_questions(docs, questions, "e")  # content "" is one empty paragraph
    assert empty.paragraphs == ()
    assert [(p.after, len(p.answers)) for p in empty.panels] == [(0, 2)]


# -- Discord Questions: the hand-written example ------------------------------------------


def test_recession_example_spans_are_verbatim(documents: Any, recession_questions: Any) -> None:
    by_id = {d["id"]: d for d in documents}
    assert 4 <= len(recession_questions) <= 6
    for q in recession_questions:
        assert len({a["doc_id"] for a in q["answers"]}) >= 5  # several outlets answer every question
        for a in q["answers"]:
            paragraph = by_id[a["doc_id"]]["content"].split("\n\n")[a["pidx"]]
            assert a["answer"] in paragraph, (q["question"], a)
            assert a["pid"] == f"{a['doc_id']}_{a['pidx']}"
        listed = sorted(s for g in q["answer_groups"] for s in g)
        assert listed == sorted(a["answer"] for a in q["answers"])  # every answer in exactly one listing
        sizes = [len(g) for g in q["answer_groups"]]
        assert sizes == sorted(sizes, reverse=True)


def test_recession_example_article(documents: Any, recession_questions: Any) -> None:
    article = from_discord_questions(documents, recession_questions, ANCHOR_ID)
    assert article.title == "Is an Impending US Recession Now All but Guaranteed?"
    assert article.source == "internationalbanker.com"
    assert len(article.paragraphs) == 14
    placed = [(p.id, p.after) for p in article.panels]
    assert placed == [("q1", 3), ("q2", 3), ("q3", 9), ("q4", 9), ("q5", 10), ("q6", 14)]
    assert all(a.source != "internationalbanker.com" for p in article.panels for a in p.answers)
    counts = {p.id: [len(g) for g in p.groups] for p in article.panels}
    assert counts == {"q1": [5, 1], "q2": [3, 2], "q3": [8, 2, 1], "q4": [3, 2, 2], "q5": [3, 3, 2], "q6": [6, 3]}
    for panel in article.panels:
        for a in panel.answers:
            assert a.context is not None
            assert a.text in a.context
    hike = article.panel("q6")
    assert [a.source for a in hike.answers if a.text == "three-quarters of a percentage point"] == [
        "netionaldastak.com",
        "kesq.com",
    ]


# -- Discord Questions: malformed input ---------------------------------------------------

Mutation = Callable[[list[dict[str, Any]], list[dict[str, Any]]], Any]


def _set(target: Callable[[Any, Any], dict[str, Any]], key: str, value: Any) -> Mutation:
    def mutate(docs: list[dict[str, Any]], questions: list[dict[str, Any]]) -> None:
        target(docs, questions)[key] = value

    return mutate


def _drop(target: Callable[[Any, Any], dict[str, Any]], key: str) -> Mutation:
    def mutate(docs: list[dict[str, Any]], questions: list[dict[str, Any]]) -> None:
        del target(docs, questions)[key]

    return mutate


def doc1(docs: Any, questions: Any) -> dict[str, Any]:
    return docs[1]  # type: ignore[no-any-return]


def anchor_doc(docs: Any, questions: Any) -> dict[str, Any]:
    return docs[0]  # type: ignore[no-any-return]


def q0(docs: Any, questions: Any) -> dict[str, Any]:
    return questions[0]  # type: ignore[no-any-return]


def q0a1(docs: Any, questions: Any) -> dict[str, Any]:
    return questions[0]["answers"][1]  # type: ignore[no-any-return]


DISCORD_ERRORS: list[tuple[str, Mutation, str]] = [
    ("doc id missing", _drop(doc1, "id"), r"documents\[1\]\.id: is required but missing"),
    (
        "doc id a list",
        _set(doc1, "id", ["b"]),
        r"documents\[1\]\.id: expected an id \(a string or an integer\), got a list",
    ),
    ("doc id a bool", _set(doc1, "id", True), r"documents\[1\]\.id: expected an id"),
    ("duplicate id", _set(doc1, "id", "a"), r"documents\[1\]\.id: 'a' is already the id of documents\[0\]"),
    ("domain missing", _drop(doc1, "domain"), r"documents\[1\]\.domain: is required but missing"),
    ("domain an int", _set(doc1, "domain", 3), r"documents\[1\]\.domain: expected a string, got an integer"),
    ("domain not a domain", _set(doc1, "domain", "bbc co uk"), r"documents\[1\]\.domain: 'bbc co uk' is not a domain"),
    ("domain a URL", _set(doc1, "domain", "https://bbc.co.uk/x"), r"documents\[1\]\.domain: .*host name only"),
    ("url not http", _set(doc1, "url", "javascript:alert(1)"), r"documents\[1\]\.url: .* is not an http\(s\) URL"),
    ("url a dict", _set(doc1, "url", {}), r"documents\[1\]\.url: expected a string, got an object"),
    ("content missing", _drop(doc1, "content"), r"documents\[1\]\.content: is required but missing"),
    ("content a list", _set(doc1, "content", ["x"]), r"documents\[1\]\.content: expected a string, got a list"),
    ("title an int", _set(doc1, "title", 5), r"documents\[1\]\.title: expected a string, got an integer"),
    ("anchor title missing", _drop(anchor_doc, "title"), r"documents\[0\]\.title: is required \(it is the article's"),
    ("anchor title blank", _set(anchor_doc, "title", "  "), r"documents\[0\]\.title: must not be empty"),
    ("question missing", _drop(q0, "question"), r"questions\[0\]\.question: is required but missing"),
    ("question empty", _set(q0, "question", ""), r"questions\[0\]\.question: must not be empty"),
    ("question an int", _set(q0, "question", 7), r"questions\[0\]\.question: expected a string, got an integer"),
    ("question doc_id a float", _set(q0, "doc_id", 1.5), r"questions\[0\]\.doc_id: expected an id"),
    ("answers missing", _drop(q0, "answers"), r"questions\[0\]\.answers: is required but missing"),
    ("answers a dict", _set(q0, "answers", {}), r"questions\[0\]\.answers: expected a list, got an object"),
    ("answers a string", _set(q0, "answers", "Alice"), r"questions\[0\]\.answers: expected a list, got a string"),
    ("answer text missing", _drop(q0a1, "answer"), r"questions\[0\]\.answers\[1\]\.answer: is required but missing"),
    (
        "answer text null",
        _set(q0a1, "answer", None),
        r"questions\[0\]\.answers\[1\]\.answer: expected a string, got null",
    ),
    ("answer text blank", _set(q0a1, "answer", " "), r"questions\[0\]\.answers\[1\]\.answer: must not be empty"),
    ("answer doc missing", _drop(q0a1, "doc_id"), r"questions\[0\]\.answers\[1\]\.doc_id: is required but missing"),
    (
        "answer doc unknown",
        _set(q0a1, "doc_id", "zz"),
        r"questions\[0\]\.answers\[1\]\.doc_id: no document has the id 'zz'",
    ),
    ("pidx missing", _drop(q0a1, "pidx"), r"questions\[0\]\.answers\[1\]\.pidx: is required but missing"),
    (
        "pidx a string",
        _set(q0a1, "pidx", "2"),
        r"questions\[0\]\.answers\[1\]\.pidx: expected an integer >= 0, got a string",
    ),
    (
        "pidx a bool",
        _set(q0a1, "pidx", True),
        r"questions\[0\]\.answers\[1\]\.pidx: expected an integer >= 0, got a boolean",
    ),
    (
        "pidx a float",
        _set(q0a1, "pidx", 2.0),
        r"questions\[0\]\.answers\[1\]\.pidx: expected an integer >= 0, got a number",
    ),
    ("pidx negative", _set(q0a1, "pidx", -1), r"questions\[0\]\.answers\[1\]\.pidx: expected an integer >= 0, got -1"),
    (
        "pidx past the end",
        _set(q0a1, "pidx", 5),
        r"questions\[0\]\.answers\[1\]\.pidx: 5 is out of range; there are 5 par",
    ),
    ("pid an int", _set(q0a1, "pid", 3), r"questions\[0\]\.answers\[1\]\.pid: expected a string, got an integer"),
    (
        "groups a string",
        _set(q0, "answer_groups", "x"),
        r"questions\[0\]\.answer_groups: expected a list, got a string",
    ),
    (
        "group a dict",
        _set(q0, "answer_groups", [{}]),
        r"questions\[0\]\.answer_groups\[0\]: expected a list, got an object",
    ),
    (
        "group item an int",
        _set(q0, "answer_groups", [["a", 3]]),
        r"questions\[0\]\.answer_groups\[0\]\[1\]: expected a string",
    ),
]


@pytest.mark.parametrize(("mutate", "message"), [c[1:] for c in DISCORD_ERRORS], ids=[c[0] for c in DISCORD_ERRORS])
def test_discord_malformed_fields_name_their_path(
    small_docs: list[dict[str, Any]], small_questions: list[dict[str, Any]], mutate: Mutation, message: str
) -> None:
    mutate(small_docs, small_questions)
    with pytest.raises(ValidationError, match="^" + message) as info:
        from_discord_questions(small_docs, small_questions, "a")
    assert str(info.value).startswith(info.value.path + ": ")


@pytest.mark.parametrize(
    ("documents_arg", "questions_arg", "doc_id", "message"),
    [
        ({"a": 1}, [], "a", r"^documents: expected a list, got an object"),
        ("docs", [], "a", r"^documents: expected a list, got a string"),
        ([None], [], "a", r"^documents\[0\]: expected an object, got null"),
        ([doc("a", "a.com", ["x"])], None, "a", r"^questions: expected a list, got null"),
        ([doc("a", "a.com", ["x"])], ["Who?"], "a", r"^questions\[0\]: expected an object, got a string"),
        ([doc("a", "a.com", ["x"])], [{"question": "Q", "answers": [5]}], "a", r"^questions\[0\]\.answers\[0\]: exp"),
        ([doc("a", "a.com", ["x"])], [], "b", r"^doc_id: no document has the id 'b'; the ids are 'a'"),
        ([doc("a", "a.com", ["x"])], [], ["a"], r"^doc_id: expected an id"),
        ([doc("a", "a.com", ["x"])], [], 1, r"^doc_id: no document has the id 1"),
    ],
)
def test_discord_malformed_arguments(documents_arg: Any, questions_arg: Any, doc_id: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        from_discord_questions(documents_arg, questions_arg, doc_id)


def test_discord_malformed_errors_are_never_python_errors(small_docs: Any, small_questions: Any) -> None:
    """Random damage to every field raises ValidationError, nothing else."""
    import random

    rng = random.Random(3)
    junk: list[Any] = [None, 0, -1, True, 1.5, "", "x", [], {}, [1], {"a": 1}]

    def paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        if isinstance(value, dict):
            for k, v in value.items():
                yield (*at, k)
                yield from paths(v, (*at, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield (*at, i)
                yield from paths(v, (*at, i))

    root = {"docs": small_docs, "questions": small_questions}
    every = list(paths(root))
    failures: list[ValidationError] = []
    for _ in range(400):
        data = copy.deepcopy(root)
        where = rng.choice(every)
        holder = data
        for step in where[:-1]:
            holder = holder[step]
        holder[where[-1]] = rng.choice(junk)
        try:
            from_discord_questions(data["docs"], data["questions"], "a")
        except ValidationError as exc:
            failures.append(exc)
    assert len(failures) > 300  # nearly every change is an error; none escaped as another exception
    for exc in failures:
        assert exc.path, exc
        assert str(exc).startswith(exc.path + ": ")


# -- NAnCo --------------------------------------------------------------------------------


def test_nanco_panels(nanco: list[dict[str, Any]]) -> None:
    article = from_nanco(nanco)
    assert article.title == "NAnCo"
    assert article.paragraphs == ()
    assert len(article.panels) == 8
    assert [p.question for p in article.panels] == [q["question"] for q in nanco]
    assert [p.id for p in article.panels] == ["Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9"]
    assert all(p.after == 0 for p in article.panels)
    for panel, q in zip(article.panels, nanco, strict=True):
        # every answer in the list becomes a chip; "Number of Answers" counts some that were left out
        assert len(panel.answers) == len(q["answers"]) <= int(q["Number of Answers"])  # a string in the file
        for chip, raw in zip(panel.answers, q["answers"], strict=True):
            assert chip.group == raw["cluster_global"]
            assert chip.text == raw["Answer"]
            assert chip.context == raw["Paragraph"]
            assert chip.url == raw["Article URL"]
            assert "www." not in chip.source
            assert chip.source == chip.source.lower()
            assert chip.source in raw["Article URL"].lower()
    assert [len(p.answers) for p in article.panels] == [29, 28, 27, 26, 31, 26, 24, 39]
    assert article.panel("Q9").groups[0] == [i for i, a in enumerate(nanco[7]["answers"]) if a["cluster_global"] == 2]
    assert article.panels[0].answers[0].source == "cbsnews.com"
    assert from_nanco(nanco, title="Benchmark").title == "Benchmark"


def test_nanco_widget_and_json_round_trip(nanco: list[dict[str, Any]]) -> None:
    from ctxwidget import ContextWidget

    article = from_nanco(nanco)
    assert Article.from_json(article.to_json()) == article
    assert ContextWidget(article, expanded="all").expanded == article.panel_ids


def nanco_item(qid: Any = "Q1", **answer: Any) -> dict[str, Any]:
    fields = {
        "qid": qid,
        "Answer": "an answer",
        "Paragraph": "A paragraph with an answer.",
        "Paragraph Id": "p1",
        "Article URL": "https://www.Example.com/a?b=1",
        "cluster_global": 0,
        **answer,
    }
    return {"question": "What?", "gnews_eid": "x", "Number of Answers": 1, "Created On": "", "answers": [fields]}


def test_nanco_fields_and_panel_ids() -> None:
    article = from_nanco(
        [
            nanco_item(),
            nanco_item("Q1", cluster_global="c7", Paragraph=""),  # a repeated qid gets a positional id
            nanco_item(None),
            {"question": "Nobody?", "answers": []},
            nanco_item("bad id!"),
        ]
    )
    assert [p.id for p in article.panels] == ["Q1", "q2", "q3", "q4", "q5"]
    chip = article.panels[0].answers[0]
    assert (chip.source, chip.url, chip.group) == ("example.com", "https://www.Example.com/a?b=1", 0)
    assert article.panels[1].answers[0].group == "c7"
    assert article.panels[1].answers[0].context is None
    assert article.panels[3].answers == ()
    mixed = nanco_item("Q1")
    mixed["answers"].append({**mixed["answers"][0], "qid": "Q2"})
    assert from_nanco([mixed]).panels[0].id == "q1"


A = "dataset[0].answers[0]"
NANCO_ERRORS = [
    ("question missing", lambda d: d[0].pop("question"), r"dataset\[0\]\.question: is required but missing"),
    (
        "question a list",
        lambda d: d[0].update(question=["x"]),
        r"dataset\[0\]\.question: expected a string, got a list",
    ),
    ("answers missing", lambda d: d[0].pop("answers"), r"dataset\[0\]\.answers: is required but missing"),
    ("answers null", lambda d: d[0].update(answers=None), r"dataset\[0\]\.answers: expected a list, got null"),
    ("answer an int", lambda d: d[0]["answers"].__setitem__(0, 3), r"dataset\[0\]\.answers\[0\]: expected an object"),
    ("Answer missing", lambda d: d[0]["answers"][0].pop("Answer"), r"dataset\[0\]\.answers\[0\]\.Answer: is required"),
    (
        "Answer an int",
        lambda d: d[0]["answers"][0].update(Answer=1),
        r"dataset\[0\]\.answers\[0\]\.Answer: expected a str",
    ),
    (
        "Answer blank",
        lambda d: d[0]["answers"][0].update(Answer=" "),
        r"dataset\[0\]\.answers\[0\]\.Answer: must not be",
    ),
    (
        "URL missing",
        lambda d: d[0]["answers"][0].pop("Article URL"),
        r'dataset\[0\]\.answers\[0\]\["Article URL"\]: is req',
    ),
    (
        "URL not http",
        lambda d: d[0]["answers"][0].update({"Article URL": "ftp://x.com/a"}),
        r'dataset\[0\]\.answers\[0\]\["Article URL"\]: .* is not an http\(s\) URL',
    ),
    (
        "URL an int",
        lambda d: d[0]["answers"][0].update({"Article URL": 5}),
        r'dataset\[0\]\.answers\[0\]\["Article URL"\]: expected a string, got an integer',
    ),
    (
        "URL host not a domain",
        lambda d: d[0]["answers"][0].update({"Article URL": "https://local_host/a"}),
        r'dataset\[0\]\.answers\[0\]\["Article URL"\]: the URL\'s host \'local_host\' is not a domain',
    ),
    (
        "Paragraph missing",
        lambda d: d[0]["answers"][0].pop("Paragraph"),
        r"dataset\[0\]\.answers\[0\]\.Paragraph: is req",
    ),
    (
        "Paragraph a dict",
        lambda d: d[0]["answers"][0].update(Paragraph={}),
        r"dataset\[0\]\.answers\[0\]\.Paragraph: exp",
    ),
    (
        "cluster missing",
        lambda d: d[0]["answers"][0].pop("cluster_global"),
        r"dataset\[0\]\.answers\[0\]\.cluster_global: is",
    ),
    (
        "cluster a float",
        lambda d: d[0]["answers"][0].update(cluster_global=1.5),
        r"dataset\[0\]\.answers\[0\]\.cluster_global: expected a group label \(a string, an integer or null\), got a n",
    ),
    (
        "cluster a bool",
        lambda d: d[0]["answers"][0].update(cluster_global=False),
        r".*cluster_global: expected a group",
    ),
    ("qid a list", lambda d: d[0]["answers"][0].update(qid=[]), r"dataset\[0\]\.answers\[0\]\.qid: expected an id"),
]


@pytest.mark.parametrize(("mutate", "message"), [c[1:] for c in NANCO_ERRORS], ids=[c[0] for c in NANCO_ERRORS])
def test_nanco_malformed_fields_name_their_path(mutate: Callable[[Any], Any], message: str) -> None:
    data = [nanco_item()]
    mutate(data)
    with pytest.raises(ValidationError, match="^" + message):
        from_nanco(data)


@pytest.mark.parametrize(
    ("dataset", "title", "message"),
    [
        ({"question": "x"}, "NAnCo", r"^dataset: expected a list, got an object"),
        (["x"], "NAnCo", r"^dataset\[0\]: expected an object, got a string"),
        ([], "", r"^title: must not be empty"),
        ([], 3, r"^title: expected a string"),
    ],
)
def test_nanco_malformed_arguments(dataset: Any, title: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        from_nanco(dataset, title=title)


# -- pandas frames ------------------------------------------------------------------------


def rebuild(frame: Any, article: Article) -> Article:
    """The article back from ``frame`` with ``article``'s own fields (what a frame does not hold)."""
    return Article.from_frame(
        frame,
        title=article.title,
        paragraphs=article.paragraphs,
        story=article.story,
        source=article.source,
        url=article.url,
    )


def test_frame_round_trip_keeps_empty_panels(small_dict: dict[str, Any]) -> None:
    pd = pytest.importorskip("pandas")
    article = Article.from_dict(small_dict)
    frame = article.answers_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ANSWER_COLUMNS
    assert len(frame) == 4  # three answers and one row for the empty panel "when"
    empty = frame[frame["panel_id"] == "when"].iloc[0]
    assert pd.isna(empty["source"])
    assert pd.isna(empty["answer"])
    assert frame.groupby("panel_id", sort=False)["source"].count().to_dict() == {"q1": 3, "when": 0}
    assert list(frame["group"]) == [1, 2, 1, None]
    rebuilt = rebuild(frame, article)
    assert rebuilt == article
    assert len(answers_frame(article, empty_panels=False)) == 3
    assert from_frame(
        answers_frame(article, empty_panels=False), title="t", paragraphs=article.paragraphs
    ).panel_ids == ["q1"]


def test_frame_round_trip_keeps_copy_of(tmp_path: Path, small_dict: dict[str, Any]) -> None:
    pd = pytest.importorskip("pandas")
    small_dict["panels"][0]["answers"][1]["copy_of"] = "copied.example.org"
    article = Article.from_dict(small_dict)
    frame = article.answers_frame()
    assert list(frame["copy_of"].isna()) == [True, False, True, True]
    assert frame["copy_of"].iloc[1] == "copied.example.org"
    assert rebuild(frame, article) == article
    path = tmp_path / "answers.csv"
    frame.to_csv(path, index=False)
    rebuilt = rebuild(pd.read_csv(path), article)
    assert rebuilt.panels[0].answers[1].copy_of == "copied.example.org"
    assert rebuilt.panels[0].answers[0].copy_of is None  # an empty CSV cell is null, not "nan"
    old = frame.drop(columns=["copy_of"])  # a frame written before the column existed
    assert Article.from_frame(old, title="t", paragraphs=article.paragraphs).panels[0].answers[1].copy_of is None
    frame.loc[1, "copy_of"] = frame.loc[1, "source"]
    with pytest.raises(ValidationError, match=r"^frame\.rows\[1\]\.copy_of: .* is the answer's own source"):
        Article.from_frame(frame, title="t", paragraphs=article.paragraphs)


def test_frame_round_trip_of_real_data(nanco: Any, documents: Any, recession_questions: Any) -> None:
    pytest.importorskip("pandas")
    for article in (from_nanco(nanco), from_discord_questions(documents, recession_questions, ANCHOR_ID)):
        frame = article.answers_frame()
        assert frame["source"].notna().sum() == sum(len(p.answers) for p in article.panels)
        fields = {"source": article.source, "url": article.url} if article.source else {}
        assert Article.from_frame(frame, title=article.title, paragraphs=article.paragraphs, **fields) == article


def test_frame_round_trip_through_csv(tmp_path: Path, small_dict: dict[str, Any]) -> None:
    pd = pytest.importorskip("pandas")
    small_dict["panels"][0]["answers"][1]["group"] = None  # integers next to a null become floats in CSV
    article = Article.from_dict(small_dict)
    path = tmp_path / "answers.csv"
    article.answers_frame().to_csv(path, index=False)
    frame = pd.read_csv(path)
    assert frame["group"].dtype.kind == "f"
    rebuilt = rebuild(frame, article)
    assert rebuilt == article


def test_from_frame_accepts_minimal_columns_and_numpy_values() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "panel_id": [1, 1, 2],
            "question": ["Who?", "Who?", "When?"],
            "source": ["a.com", "b.com", pd.NA],
            "answer": ["x", "y", None],
            "group": pd.array([3, pd.NA, pd.NA], dtype="Int64"),
        }
    )
    article = from_frame(frame, title="t")
    assert article.panels == (
        Panel(
            id="1",
            question="Who?",
            answers=(Answer(source="a.com", text="x", group=3), Answer(source="b.com", text="y")),
        ),
        Panel(id="2", question="When?"),
    )
    assert type(article.panels[0].answers[0].group) is int


def _frame(**overrides: list[Any]) -> Any:
    pd = pytest.importorskip("pandas")
    columns: dict[str, list[Any]] = {
        "panel_id": ["p", "p", "r"],
        "question": ["Who?", "Who?", "Why?"],
        "after": [1, 1, 0],
        "source": ["a.com", "b.com", "c.com"],
        "answer": ["x", "y", "z"],
        "group": [1, 2, None],
        "url": ["https://a.com/1", None, None],
        "context": [None, "It was y.", None],
    }
    columns.update(overrides)
    return pd.DataFrame(columns)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"source": ["a.com", "B C", "c.com"]}, r"^frame\.rows\[1\]\.source: 'B C' is not a domain"),
        ({"source": ["a.com", None, "c.com"]}, r"^frame\.rows\[1\]\.source: is empty but the row has an answer"),
        ({"answer": ["x", " ", "z"]}, r"^frame\.rows\[1\]\.answer: must not be empty"),
        ({"answer": ["x", 5, "z"]}, r"^frame\.rows\[1\]\.answer: expected a string, got int"),
        ({"url": ["javascript:x", None, None]}, r"^frame\.rows\[0\]\.url: 'javascript:x' is not an http\(s\) URL"),
        ({"group": [1.5, None, None]}, r"^frame\.rows\[0\]\.group: expected a string, an integer or null, got float"),
        ({"context": [None, 3, None]}, r"^frame\.rows\[1\]\.context: expected a string or null"),
        (
            {"question": ["Who?", "Whom?", "Why?"]},
            r"^frame\.rows\[1\]\.question: panel 'p' has the question 'Who\?' in fr",
        ),
        ({"question": [None, None, "Why?"]}, r"^frame\.rows\[0\]\.question: expected a string"),
        (
            {"after": [1, 0, 0]},
            r"^frame\.rows\[1\]\.after: panel 'p' comes after paragraph 1 in frame\.rows\[0\], here 0",
        ),
        ({"after": [-1, -1, 0]}, r"^frame\.rows\[0\]\.after: expected a paragraph count >= 0"),
        ({"after": [1.5, 1.5, 0]}, r"^frame\.rows\[0\]\.after: expected a paragraph count >= 0, got 1\.5"),
        ({"after": [5, 5, 0]}, r"^frame\.rows\[0\]\.after: 5 is past the end; the article has 2 paragraphs"),
        ({"panel_id": ["p", None, "r"]}, r"^frame\.rows\[1\]\.panel_id: is empty; every row needs a panel id"),
        ({"panel_id": ["p p", "p p", "r"]}, r"^frame\.rows\[0\]\.panel_id: 'p p' is not a panel id"),
    ],
)
def test_from_frame_bad_cells_name_row_and_column(overrides: dict[str, list[Any]], message: str) -> None:
    frame = _frame(**overrides)
    with pytest.raises(ValidationError, match=message):
        Article.from_frame(frame, title="t", paragraphs=["One.", "Two."])


def test_from_frame_bad_frames() -> None:
    pd = pytest.importorskip("pandas")
    with pytest.raises(ValidationError, match=r"^frame: missing column\(s\) source, answer; the frame needs panel_id"):
        from_frame(pd.DataFrame({"panel_id": ["p"], "question": ["Q"]}), title="t")
    with pytest.raises(ValidationError, match=r"^frame: expected a pandas DataFrame, got a list"):
        from_frame([{"panel_id": "p"}], title="t")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^title: must not be empty"):
        from_frame(_frame(), title="", paragraphs=["One."])
    assert from_frame(_frame().iloc[0:0], title="t").panels == ()


def test_missing_pandas_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, seed: Article) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes 'import pandas' raise ImportError
    with pytest.raises(
        ImportError,
        match=r"^answers_frame\(\) needs pandas, an optional extra of ctxwidget: pip install 'ctxwidget\[pandas\]'$",
    ):
        seed.answers_frame()
    with pytest.raises(ImportError, match=r"^from_frame\(\) needs pandas.*pip install 'ctxwidget\[pandas\]'"):
        Article.from_frame(object(), title="t")  # type: ignore[arg-type]
    with pytest.raises(ImportError, match=r"^this needs pandas") as info:
        require_pandas()
    assert info.value.name == "pandas"
