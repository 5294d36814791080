"""The content rules of ctxwidget.rules, pinned by the fixture the front end's tests read too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ctxwidget import Article, ValidationError, grouping, rules, verdict
from ctxwidget.model import Panel
from ctxwidget.state import article_sources

FIXTURE = json.loads((Path(__file__).parent / "data" / "rules_fixture.json").read_text(encoding="utf-8"))
CASES = FIXTURE["panels"]


def _panel(answers: list[dict[str, Any]], panel_id: str = "p") -> Panel:
    return Panel(id=panel_id, question="Q?", answers=tuple(answers))  # type: ignore[arg-type]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_groups_consensus_sources_and_representatives(case: dict[str, Any]) -> None:
    panel = _panel(case["answers"])
    groups = rules.group_order(panel.answers)
    assert groups == case["groups"]
    assert panel.groups == case["groups"]
    assert rules.is_consensus(panel.answers) is case["consensus"]
    assert verdict(panel) == ("consensus" if case["consensus"] else "discord")
    assert rules.source_count(panel.answers) == case["sources"]
    assert rules.independent_count(panel.answers) == case["independent"]
    assert rules.votes(panel.answers) == case["votes"]
    assert [rules.representative(panel.answers, group) for group in groups] == case["representatives"]


COPY_CASES = [case for case in CASES if "consensus_counting_every_answer" in case]


@pytest.mark.parametrize("case", COPY_CASES, ids=[case["name"] for case in COPY_CASES])
def test_copies_counted_once_flip_the_verdict(case: dict[str, Any]) -> None:
    panel = _panel(case["answers"])
    assert any(answer.copy_of for answer in panel.answers)
    # The same answers with copy_of dropped: every answer votes, as before the field existed.
    plain = _panel([{k: v for k, v in answer.items() if k != "copy_of"} for answer in case["answers"]])
    assert rules.votes(plain.answers) == list(range(len(plain.answers)))
    assert rules.is_consensus(plain.answers) is case["consensus_counting_every_answer"]
    assert case["consensus_counting_every_answer"] is not case["consensus"]
    assert rules.is_consensus(panel.answers) is case["consensus"]
    assert rules.independent_count(plain.answers) == rules.source_count(plain.answers) == case["sources"]


def test_ranking_within_a_stack() -> None:
    panels = [_panel(p["answers"], p["id"]) for p in FIXTURE["ranking"]["panels"]]
    assert [panels[i].id for i in rules.ranked(panels)] == FIXTURE["ranking"]["order"]


def test_ranking_counts_a_copy_once() -> None:
    case = FIXTURE["ranking_copies"]
    panels = [_panel(p["answers"], p["id"]) for p in case["panels"]]
    assert [panels[i].id for i in rules.ranked(panels)] == case["order"]
    assert rules.independent_sources(panels) == case["independent_sources"]
    article = Article(title="T", panels=tuple(panels))
    assert article.top_questions(min_sources=2).panel_ids == ["p2"]
    assert article.top_questions(max_questions=1).panel_ids == ["p2"]


def test_source_counts() -> None:
    panels = [_panel(p["answers"], p["id"]) for p in FIXTURE["ranking"]["panels"]]
    assert list(rules.source_counts(panels).items()) == [tuple(pair) for pair in FIXTURE["source_counts"]["counts"]]
    assert rules.independent_sources(panels) == FIXTURE["source_counts"]["independent_sources"]
    article = Article(title="T", panels=tuple(panels))
    assert article_sources(article) == rules.source_counts(panels)


@pytest.mark.parametrize(("text", "expected"), FIXTURE["normalise"])
def test_normalise_text(text: str, expected: str) -> None:
    assert rules.normalise_text(text) == expected
    assert grouping.normalise(text) == expected  # grouping and the representative share one rule


@pytest.mark.parametrize("case", FIXTURE["annotation_keys"], ids=[c["key"] for c in FIXTURE["annotation_keys"]])
def test_annotation_keys(case: dict[str, Any]) -> None:
    parsed = rules.parse_annotation_key(case["key"])
    if case["panel"] is None:
        assert parsed is None
    else:
        assert parsed == (case["panel"], case["index"])
        canonical = rules.annotation_key(case["panel"], case["index"]) == case["key"]
        assert canonical is case.get("canonical", True)


def test_top_questions_keeps_the_best_ranked_questions_in_article_order() -> None:
    panels = [_panel(p["answers"], p["id"]) for p in FIXTURE["ranking"]["panels"]]
    article = Article(title="T", panels=tuple(panels))
    assert article.top_questions(min_sources=2).panel_ids == ["p1", "p2", "p3", "p6"]
    assert article.top_questions(max_questions=3).panel_ids == ["p2", "p3", "p6"]
    assert article.top_questions(max_questions=2, min_sources=3).panel_ids == ["p2", "p6"]
    assert article.top_questions().panel_ids == article.panel_ids
    assert article.top_questions(max_questions=0).panels == ()
    assert article.panel_ids == ["p1", "p2", "p3", "p4", "p5", "p6"]  # the original is unchanged


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_questions": -1}, "max_questions: expected a whole number of at least 0, got -1"),
        ({"min_sources": "3"}, "min_sources: expected a whole number of at least 0, got '3'"),
        ({"max_questions": True}, "max_questions: expected a whole number of at least 0, got True"),
    ],
)
def test_top_questions_rejects_bad_limits(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Article(title="T").top_questions(**kwargs)


def test_old_names_still_work_and_name_the_new_spelling() -> None:
    import ctxwidget
    from ctxwidget.grouping import classify

    panels = [_panel(p["answers"], p["id"]) for p in FIXTURE["ranking"]["panels"]]
    article = Article(title="T", panels=tuple(panels))
    with pytest.warns(DeprecationWarning, match=r"use Article\.top_questions\("):
        assert article.select(max_questions=3) == article.top_questions(max_questions=3)
    with pytest.warns(DeprecationWarning, match=r"use ctxwidget\.verdict\(panel\)"):
        assert [classify(p) for p in panels] == [verdict(p) for p in panels]
    with pytest.warns(DeprecationWarning, match=r"use ctxwidget\.verdict"):
        assert ctxwidget.classify is classify
    assert ctxwidget.verdict is rules.verdict
    assert not hasattr(rules, "select")
    assert not hasattr(article, "blocks")
