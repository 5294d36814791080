"""UIState: one description of the UI state, checked against an article and kept for a new one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ctxwidget import Article, ContextWidget, ValidationError
from ctxwidget.errors import join_path
from ctxwidget.examples import nato_ukraine
from ctxwidget.state import (
    UI_DEFAULTS,
    UI_FIELDS,
    UIState,
    annotation_key,
    check_field,
    parse_annotation_key,
    ui_fields_json,
)

SEED = nato_ukraine()
# Shared with js/tests/state.test.ts, which pins js/src/state.ts to it.
FIXTURE = json.loads((Path(__file__).parent / "data" / "ui_state.json").read_text("utf-8"))
FIXTURE_ARTICLE = Article.from_dict(FIXTURE["article"])


def test_fields_are_the_widget_traits() -> None:
    synced = {name for name in ContextWidget.class_own_traits(sync=True) if not name.startswith("_")}
    assert set(UI_FIELDS) == synced - {"article"}  # private synced traits (_sync_toggles) are the kernel's
    assert list(UIState().to_dict()) == list(UI_FIELDS)


def test_checked_normalises_and_names_the_field() -> None:
    ui = UIState(expanded="all", labels=("ok", "bad"), annotations={"q3/0": "ok"}, view="grid").checked(SEED)
    assert ui.expanded == SEED.panel_ids
    assert ui.to_dict()["labels"] == ["ok", "bad"]
    with pytest.raises(ValidationError, match=r"^expanded\[1\]: unknown panel id 'nope'"):
        UIState(expanded=["q3", "nope"]).checked(SEED)
    with pytest.raises(ValidationError, match=r"^selected\.answer: "):
        UIState(selected={"panel": "q3", "answer": 999}).checked(SEED)
    # labels are checked first: annotations are checked against them
    with pytest.raises(ValidationError, match=r"^labels\[0\]: "):
        UIState(labels=[""], annotations={"q3/0": ""}).checked(SEED)


def test_kept_for_drops_what_the_new_article_lacks() -> None:
    ui = UIState(
        expanded=["q2", "q3"],
        selected={"panel": "q3", "answer": 1},
        labels=["ok"],
        annotations={"q3/0": "ok", "q3/1": "ok"},
    ).checked(SEED)
    smaller = Article.from_dict(
        {"title": "t", "panels": [{"id": "q3", "question": "Q?", "answers": [{"source": "a.com", "text": "x"}]}]}
    )
    kept = ui.kept_for(smaller)
    assert kept.expanded == ["q3"]
    assert kept.annotations == {"q3/0": "ok"}
    assert kept.selected is None
    assert kept.labels == ["ok"]
    assert kept.checked(smaller) == kept


@pytest.mark.parametrize("key", ["q3/0", "a/b/12", "x:y/7"])
def test_annotation_key_round_trip(key: str) -> None:
    parsed = parse_annotation_key(key)
    assert parsed is not None
    assert annotation_key(*parsed) == key


@pytest.mark.parametrize("key", ["q3", "q3/", "q3/-1", "q3/x", 5, None])
def test_parse_annotation_key_rejects(key: object) -> None:
    assert parse_annotation_key(key) is None


def test_the_shared_fixture_has_every_field_and_its_default() -> None:
    """tests/data/ui_state.json names the fields in order with their defaults, as UIState does."""
    assert list(FIXTURE["defaults"]) == list(UI_FIELDS)
    assert FIXTURE["defaults"] == UI_DEFAULTS == UIState().to_dict()
    assert list(ui_fields_json()) == list(UI_FIELDS)
    assert all(entry["doc"] and entry["doc"] in (UIState.__doc__ or "") for entry in ui_fields_json().values())
    fields = {case["field"] for case in FIXTURE["cases"]}
    assert fields == set(UI_FIELDS)
    for name in UI_FIELDS:  # each field has values it accepts and values it refuses
        outcomes = {"result" in case for case in FIXTURE["cases"] if case["field"] == name}
        assert outcomes == {True, False}, name


@pytest.mark.parametrize("case", FIXTURE["cases"], ids=lambda c: f"{c['field']}={json.dumps(c['value'])}"[:60])
def test_each_field_checks_the_shared_cases(case: dict[str, Any]) -> None:
    name, value = case["field"], case["value"]
    if "result" in case:
        result = check_field(name, value, FIXTURE_ARTICLE, FIXTURE["labels"])
        assert result == case["result"]
        assert check_field(name, result, FIXTURE_ARTICLE, FIXTURE["labels"]) == result  # the normal form
        return
    with pytest.raises(ValidationError) as info:
        UIState(**{"labels": FIXTURE["labels"], name: value}).checked(FIXTURE_ARTICLE)
    assert info.value.path == join_path(name, case["error"])
