"""outlet_agreement: how often outlets give the same answer, exact on a hand-made article and on the real sample."""

from __future__ import annotations

import json
import math
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("pandas")

from ctxwidget import Answer, Article, Panel
from ctxwidget.adapters import from_discord_questions
from ctxwidget.analysis import OUTLET_COLUMNS, PAIR_COLUMNS, outlet_agreement
from ctxwidget.errors import ValidationError
from tests.conftest import DATA

FIXTURE = json.loads((Path(__file__).parent / "data" / "agreement_fixture.json").read_text(encoding="utf-8"))

# The empty marketwatch.com page anchors the article, so no outlet's answers are left out.
EMPTY_ANCHOR = "62dc1914b03a36944c183115"


def tiny() -> Article:
    """Three panels; outlet a answers twice in q1; c's second-panel answer is ungrouped."""
    return Article(
        title="Tiny",
        panels=(
            Panel(
                question="q1",
                answers=(
                    Answer(source="a.com", text="x", group=1),
                    Answer(source="a.com", text="y", group=2),
                    Answer(source="b.com", text="y", group=2),
                    Answer(source="c.com", text="z", group=3),
                ),
            ),
            Panel(
                question="q2",
                answers=(
                    Answer(source="a.com", text="x", group="g"),
                    Answer(source="b.com", text="w", group="h"),
                    Answer(source="c.com", text="x"),
                ),
            ),
            Panel(
                question="q3",
                answers=(Answer(source="a.com", text="x", group=0), Answer(source="c.com", text="x", group=0)),
            ),
        ),
    )


def test_pairs_on_a_tiny_article_are_exact() -> None:
    frame = outlet_agreement(tiny())
    assert tuple(frame.columns) == PAIR_COLUMNS
    assert frame.to_dict("records") == [
        # q1: a's second answer shares b's group; q2: different groups.
        {"outlet_a": "a.com", "outlet_b": "b.com", "questions": 2, "agreed": 1, "agreement": 0.5, "copy_pair": False},
        # q1: no shared group; q2: c's answer is ungrouped; q3: same group.
        {"outlet_a": "a.com", "outlet_b": "c.com", "questions": 3, "agreed": 1, "agreement": 1 / 3, "copy_pair": False},
        {"outlet_a": "b.com", "outlet_b": "c.com", "questions": 2, "agreed": 0, "agreement": 0.0, "copy_pair": False},
    ]
    assert outlet_agreement(tiny(), min_questions=3)["outlet_b"].tolist() == ["c.com"]


def test_outlets_on_a_tiny_article_are_exact() -> None:
    frame = outlet_agreement(tiny(), by="outlet", copies={"c.com": "a.com"})
    assert tuple(frame.columns) == OUTLET_COLUMNS
    rows = {r["outlet"]: r for r in frame.to_dict("records")}
    assert list(rows) == ["a.com", "b.com", "c.com"]
    a, b, c = rows["a.com"], rows["b.com"], rows["c.com"]
    assert (a["questions"], b["questions"], c["questions"]) == (3, 2, 3)
    assert a["peers"] == b["peers"] == c["peers"] == 2
    assert a["mean_agreement"] == pytest.approx((0.5 + 1 / 3) / 2)
    assert b["mean_agreement"] == pytest.approx(0.25)
    assert c["mean_agreement"] == pytest.approx(1 / 6)
    assert (a["most_similar"], a["most_similar_agreement"], a["least_similar"]) == ("b.com", 0.5, "c.com")
    assert (c["most_similar"], c["least_similar"], c["least_similar_agreement"]) == ("a.com", "b.com", 0.0)
    assert c["copy_of"] == "a.com"
    assert a["copied_by"] == ("c.com",)
    assert b["copied_by"] == ()
    assert a["copy_of"] is None
    pairs = outlet_agreement(tiny(), copies={"c.com": "a.com"})
    assert pairs["copy_pair"].tolist() == [False, True, False]


def test_copies_come_from_answers_when_they_carry_copy_of() -> None:
    def answer(source: str, group: int, copy_of: str | None = None) -> SimpleNamespace:
        return SimpleNamespace(source=source, text="t", group=group, copy_of=copy_of)

    article = SimpleNamespace(
        panels=[SimpleNamespace(answers=[answer("a.com", 1), answer("b.com", 1, "a.com"), answer("c.com", 2)])]
    )
    rows = {r["outlet"]: r for r in outlet_agreement(article, by="outlet").to_dict("records")}
    assert rows["b.com"]["copy_of"] == "a.com"
    assert rows["a.com"]["copied_by"] == ("b.com",)
    assert outlet_agreement(article)["copy_pair"].tolist() == [True, False, False]


def test_an_outlet_with_no_peer_has_no_neighbours() -> None:
    article = Article(title="t", panels=(Panel(question="q", answers=(Answer(source="a.com", text="x", group=1),)),))
    assert outlet_agreement(article).empty
    row = outlet_agreement(article, by="outlet").to_dict("records")[0]
    assert (row["peers"], row["most_similar"], row["least_similar"]) == (0, None, None)
    assert math.isnan(row["mean_agreement"])


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"by": "domain"}, "by"),
        ({"min_questions": 0}, "min_questions"),
        ({"copies": {"a.com": 1}}, "copies"),
        ({"copies": 3}, "copies"),
        ({"copies": ["a.com"]}, "copies[0]"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        outlet_agreement(tiny(), **kwargs)
    assert caught.value.path == path
    with pytest.raises(ValidationError, match=r"^article: expected an Article"):
        outlet_agreement({"panels": []})


def _records(frame: Any) -> list[dict[str, Any]]:
    """A frame's rows as the fixture writes them: NaN as None, tuples as lists."""
    rows = frame.to_dict("records")
    return [
        {
            key: None
            if isinstance(value, float) and math.isnan(value)
            else list(value)
            if isinstance(value, tuple)
            else value
            for key, value in row.items()
        }
        for row in rows
    ]


def _namespace(panels: list[dict[str, Any]]) -> SimpleNamespace:
    """An article whose answers carry ``copy_of`` whether or not the model has the field."""
    return SimpleNamespace(
        panels=[
            SimpleNamespace(
                answers=[
                    SimpleNamespace(source=a["source"], text=a["text"], group=a.get("group"), copy_of=a.get("copy_of"))
                    for a in p["answers"]
                ]
            )
            for p in panels
        ]
    )


@pytest.mark.parametrize("case", FIXTURE["cases"], ids=[c["name"] for c in FIXTURE["cases"]])
def test_the_shared_fixture(case: dict[str, Any]) -> None:
    """The rule as js/src/agreement.ts computes it for the Outlets view (js/tests/agreement.test.ts)."""
    articles: list[object] = [_namespace(case["panels"])]
    if not any("copy_of" in a for p in case["panels"] for a in p["answers"]):
        articles.append(Article.from_dict({"title": "T", "panels": case["panels"]}))
    for article in articles:
        minimum = case.get("min_questions", 1)
        _assert_rows(_records(outlet_agreement(article, min_questions=minimum)), case["pairs"])
        _assert_rows(_records(outlet_agreement(article, by="outlet", min_questions=minimum)), case["outlets"])


def _assert_rows(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    """Equal rows; floats to 1e-12 (a mean's last bit depends on how it is summed)."""
    assert [list(row) for row in got] == [list(row) for row in expected]
    for row, want in zip(got, expected, strict=True):
        for key, value in want.items():
            if isinstance(value, float):
                assert row[key] == pytest.approx(value, rel=1e-12, abs=1e-12), key
            else:
                assert row[key] == value, key
                assert type(row[key]) is type(value), key


@pytest.fixture(scope="module")
def real() -> tuple[Article, list[dict[str, Any]]]:
    documents = json.loads((DATA / "documents_recession.json").read_text("utf-8"))
    questions = json.loads((DATA / "discord_questions_recession_sample.json").read_text("utf-8"))
    return from_discord_questions(documents, questions, EMPTY_ANCHOR), documents


def test_on_the_real_sample_copies_agree_and_the_median_pair_does_not(
    real: tuple[Article, list[dict[str, Any]]],
) -> None:
    pytest.importorskip("datasketch")
    from ctxwidget.pipeline import find_copies

    article, documents = real
    assert sum(len(p.answers) for p in article.panels) == 1271  # every answer of the sample
    pairs = outlet_agreement(article, copies=find_copies(documents))
    copies = pairs[pairs["copy_pair"]].to_dict("records")
    assert [(r["outlet_a"], r["outlet_b"], r["questions"], r["agreed"]) for r in copies] == [
        # One question's three "much easier" answers are attributed to erienewsnow.com in the
        # sample's reconstruction (both documents contain the phrase): 9 of 10.
        ("erienewsnow.com", "kesq.com", 10, 9),
        ("ocregister.com", "vigourtimes.com", 15, 15),
    ]
    median = float(pairs["agreement"].median())
    assert len(pairs) == 517
    assert median == pytest.approx(0.2727, abs=1e-4)  # 27%: outlets mostly answer differently
    assert pairs[~pairs["copy_pair"]]["agreement"].median() < 0.9

    outlets = outlet_agreement(article, by="outlet", copies=find_copies(documents)).set_index("outlet")
    assert outlets.loc["vigourtimes.com", "most_similar"] == "ocregister.com"
    assert outlets.loc["erienewsnow.com", "most_similar"] == "kesq.com"
    assert outlets.loc["vigourtimes.com", "copy_of"] == "ocregister.com"
    assert outlets.loc["kesq.com", "copied_by"] == ("erienewsnow.com",)
    busy = outlets[outlets["questions"] >= 10]
    assert busy["mean_agreement"].idxmin() == "moderndiplomacy.eu"  # it agrees with (almost) nobody
    assert busy.loc["moderndiplomacy.eu", "mean_agreement"] < 0.05
