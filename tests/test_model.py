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
    written = {"source": "a.com", "text": "x", "url": None, "context": None, "group": None, "copy_of": None}
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


# -- copy_of: an answer from a syndicated copy -------------------------------------------------

COPIED = {
    "title": "T",
    "paragraphs": ["One."],
    "panels": [
        {
            "id": "q1",
            "question": "Who?",
            "after": 1,
            "answers": [
                {"source": "ocregister.com", "text": "the Fed", "group": 0},
                {"source": "vigourtimes.com", "text": "the Fed", "group": 0, "copy_of": "ocregister.com"},
            ],
        }
    ],
}


def test_copy_of_round_trips_through_dict_and_json() -> None:
    article = Article.from_dict(COPIED)
    copy_answer = article.panels[0].answers[1]
    assert copy_answer.copy_of == "ocregister.com"
    assert article.panels[0].answers[0].copy_of is None
    assert article.to_dict()["panels"][0]["answers"][1]["copy_of"] == "ocregister.com"
    assert Article.from_dict(article.to_dict()) == article
    assert Article.from_json(article.to_json()) == article
    assert Answer("b.com", "x", copy_of="a.com").copy_of == "a.com"


def test_older_json_without_copy_of_loads_unchanged(small_dict: dict[str, Any]) -> None:
    # small_dict's answers have no copy_of key, as every article written before the field existed.
    assert all("copy_of" not in a for p in small_dict["panels"] for a in p.get("answers", []))
    article = Article.from_dict(small_dict)
    assert all(a.copy_of is None for p in article.panels for a in p.answers)
    written = article.to_dict()
    for panel in written["panels"]:
        for answer in panel["answers"]:
            assert answer.pop("copy_of") is None
    assert Article.from_dict(written) == article


def test_copy_of_is_in_both_schemas() -> None:
    prop = json_schema()["$defs"]["Answer"]["properties"]["copy_of"]
    assert "copy_of" not in json_schema()["$defs"]["Answer"]["required"]
    assert "copy_of" in json_schema(mode="output")["$defs"]["Answer"]["required"]
    assert any(option.get("pattern") for option in prop["anyOf"])
    jsonschema.validate(Article.from_dict(COPIED).to_dict(), json_schema(mode="output"))
    bad = copy.deepcopy(COPIED)
    bad["panels"][0]["answers"][1]["copy_of"] = "Not A Domain"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, json_schema())


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("vigourtimes.com", "'vigourtimes.com' is the answer's own source"),
        (
            "OCRegister.com",
            r"'OCRegister.com' is not a domain like 'apnews.com' \(write it in lowercase: 'ocregister.com'\)",
        ),
        ("https://ocregister.com/x", "is not a domain like 'apnews.com' \\(give the host name only"),
        (7, "expected (a domain string like 'apnews.com'|'str \\| null'), got"),
        ("", "'' is not a domain"),
    ],
)
def test_copy_of_must_be_another_outlets_domain(value: Any, message: str) -> None:
    bad = copy.deepcopy(COPIED)
    bad["panels"][0]["answers"][1]["copy_of"] = value
    with pytest.raises(ValidationError, match=r"^panels\[0\]\.answers\[1\]\.copy_of: .*" + message):
        Article.from_dict(bad)
    with pytest.raises(ValidationError, match=r"^copy_of: .*" + message):
        Answer("vigourtimes.com", "x", copy_of=value)
