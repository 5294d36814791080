"""The data model: construction, validation messages, and the JSON round trip."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest

from ctxwidget import Answer, Article, Panel, Paragraph, ValidationError, json_schema


def test_from_dict_accepts_plain_strings_and_derives_ids(small_dict: dict[str, Any]) -> None:
    article = Article.from_dict(small_dict)
    assert article.paragraphs[0] == Paragraph("First paragraph.")
    assert article.paragraphs[1].kind == "heading"
    assert [p.id for p in article.panels] == ["q1", "when"]
    assert article.panels[0].answers[1].context == "It was Bob."
    assert article.panels[0].answers[0].group == 1


def test_round_trip_is_exact(small_dict: dict[str, Any], seed: Article) -> None:
    for article in (Article.from_dict(small_dict), seed):
        data = article.to_dict()
        assert Article.from_dict(data) == article
        assert Article.from_dict(data).to_dict() == data
        assert Article.from_json(article.to_json()) == article
        assert json.loads(article.to_json()) == data
        assert Article.from_json(article.to_json(indent=2)) == article


def test_group_labels_keep_their_type() -> None:
    panel = Panel(question="q?", answers=(Answer("a.com", "x", group="7"), Answer("b.com", "y", group=7)))
    article = Article(title="t", panels=(panel,))
    again = Article.from_json(article.to_json())
    assert [a.group for a in again.panels[0].answers] == ["7", 7]


def test_objects_are_immutable(seed: Article) -> None:
    with pytest.raises(AttributeError):
        seed.title = "changed"  # type: ignore[misc]
    assert isinstance(seed.paragraphs, tuple)
    assert isinstance(seed.panels[1].answers, tuple)


def test_direct_construction_validates_and_converts_lists() -> None:
    article = Article(title="t", paragraphs=["one."], panels=[{"question": "q?", "after": 1}])  # type: ignore[arg-type]
    assert isinstance(article.panels[0], Panel)
    assert article.panels[0].id == "q1"
    with pytest.raises(ValidationError, match=r"^source: 'not a domain' is not a domain like 'apnews.com'"):
        Answer(source="not a domain", text="x")


def test_derived_ids_avoid_given_ones() -> None:
    article = Article.from_dict({"title": "t", "panels": [{"question": "a", "id": "q2"}, {"question": "b"}]})
    assert article.panel_ids == ["q2", "q2-2"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["panels"][0]["answers"][0].update(source="not a domain"),
            "panels[0].answers[0].source: 'not a domain' is not a domain like 'apnews.com'",
        ),
        (
            lambda d: d["panels"][0]["answers"][0].update(source="APNews.com"),
            "panels[0].answers[0].source: 'APNews.com' is not a domain like 'apnews.com' (write it in lowercase",
        ),
        (
            lambda d: d["panels"][0]["answers"][2].update(url="javascript:alert(1)"),
            "panels[0].answers[2].url: 'javascript:alert(1)' is not an http(s) URL",
        ),
        (lambda d: d.update(url="data:text/html,hi"), "url: 'data:text/html,hi' is not an http(s) URL"),
        (lambda d: d["panels"][1].update(after=4), "panels[1].after: 4 is past the end; the article has 3 paragraphs"),
        (lambda d: d["panels"][1].update(after=-1), "panels[1].after"),
        (lambda d: [p.update(id="dup") for p in d["panels"]], "panels[1].id: 'dup' is already the id of panels[0]"),
        (lambda d: d["panels"][1].update(id="has space"), "panels[1].id: 'has space' is not a panel id"),
        (lambda d: d.pop("title"), "title: is required but missing"),
        (lambda d: d.update(title="  "), "title: must not be empty"),
        (lambda d: d["panels"][0].update(answer=[]), "panels[0]: unknown field 'answer'; allowed fields are"),
        (lambda d: d["panels"][0]["answers"][1].update(group=True), "panels[0].answers[1].group: expected"),
        (lambda d: d["panels"][0]["answers"][1].update(group=[1]), "panels[0].answers[1].group: expected"),
        (lambda d: d["paragraphs"].append(3), "paragraphs[3]: expected"),
        (lambda d: d["paragraphs"][1].update(kind="title"), "paragraphs[1].kind"),
        (lambda d: d["panels"][0].update(answers="x"), "panels[0].answers: expected"),
        (lambda d: d["panels"][0]["answers"][0].pop("text"), "panels[0].answers[0].text: is required but missing"),
    ],
)
def test_validation_messages_name_the_path(small_dict: dict[str, Any], mutate: Any, message: str) -> None:
    data = copy.deepcopy(small_dict)
    mutate(data)
    with pytest.raises(ValidationError) as info:
        Article.from_dict(data)
    assert str(info.value).startswith(message), str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("bad", [None, 3, "text", [1, 2]])
def test_from_dict_rejects_non_objects(bad: Any) -> None:
    with pytest.raises(ValidationError, match="expected an object"):
        Article.from_dict(bad)


def test_from_json_syntax_error_names_the_line() -> None:
    with pytest.raises(ValidationError) as info:
        Article.from_json('{\n  "title": "x",\n  "panels": [,]\n}')
    assert info.value.line == 3
    assert str(info.value).startswith("line 3: not valid JSON")


def test_from_json_type_error_names_the_path() -> None:
    with pytest.raises(ValidationError, match=r"^panels\[0\]\.question: expected 'str', got 'int'"):
        Article.from_json('{"title": "x", "panels": [{"question": 5}]}')


def test_panel_groups_largest_first() -> None:
    answers = tuple(Answer(f"s{i}.com", f"a{i}", group=g) for i, g in enumerate([None, "x", "y", "x", None, "y", "y"]))
    assert Panel(question="q", answers=answers).groups == [[2, 5, 6], [1, 3], [0], [4]]


def test_schema_describes_the_dict_form() -> None:
    schema = json_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    text = json.dumps(schema)
    for name in ("Article", "Panel", "Answer", "Paragraph"):
        assert name in schema["$defs"]
    assert "apnews.com" in text
    assert schema["$defs"]["Article"]["required"] == ["title"]


def test_to_dict_writes_every_key_at_its_default() -> None:
    article = Article.from_dict({"title": "t", "paragraphs": ["One."], "panels": [{"question": "Q?"}]})
    assert article.to_dict() == {
        "title": "t",
        "paragraphs": [{"text": "One.", "kind": "text"}],
        "panels": [{"question": "Q?", "after": 0, "answers": [], "id": "q1"}],
        "story": None,
        "source": None,
        "author": None,
        "url": None,
    }
    answer = Article(title="t", panels=(Panel("Q?", answers=(Answer("a.com", "x"),)),)).to_dict()
    written = {"source": "a.com", "text": "x", "url": None, "context": None, "group": None}
    assert answer["panels"][0]["answers"][0] == written
    assert json.loads(article.to_json()) == article.to_dict()


def test_output_schema_requires_every_key_the_input_schema_does_not(small_dict: dict[str, Any], seed: Article) -> None:
    written, read = json_schema(mode="output"), json_schema()
    for name, definition in written["$defs"].items():
        assert definition["required"] == list(definition["properties"]), name
    jsonschema.Draft202012Validator.check_schema(written)
    for article in (Article.from_dict(small_dict), seed):
        jsonschema.validate(article.to_dict(), written)
        jsonschema.validate(article.to_dict(), read)
    short_form = {"title": "t", "paragraphs": ["plain"], "panels": [{"question": "Q?"}]}
    jsonschema.validate(short_form, read)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(short_form, written)
    with pytest.raises(ValueError, match="mode must be 'input' or 'output'"):
        json_schema(mode="both")  # type: ignore[arg-type]


def test_join_path_is_the_one_way_error_paths_are_joined() -> None:
    from ctxwidget.errors import join_path
    from ctxwidget.fields import key_path

    assert join_path("panels[0]", "answers", 1, "source") == "panels[0].answers[1].source"
    assert join_path("expanded", "[0]") == "expanded[0]"
    assert join_path("article", "(article)") == "article"
    assert join_path("", "title") == "title"
    assert join_path() == ""
    assert key_path("documents[0]", "Article URL") == 'documents[0]["Article URL"]'
    assert key_path("", "id") == "id"
    assert key_path("a", 2) == "a[2]"
