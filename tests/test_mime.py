"""The article's MIME type: the payload, its checks (pinned with the renderer's), ``.ctx.json`` files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ctxwidget import Article, ValidationError, mime
from ctxwidget.html_static import static_html
from ctxwidget.state import UI_FIELDS

CASES = json.loads((Path(__file__).parent / "data" / "mime_payloads.json").read_text("utf-8"))["cases"]


def test_cases_cover_every_outcome() -> None:
    assert {c["error"] for c in CASES} == {None, "article", "state"}
    assert len({c["name"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_read_payload_matches_the_shared_cases(case: dict[str, Any]) -> None:
    if case["error"] is None:
        article, state = mime.read_payload(case["payload"])
        assert isinstance(article, Article)
        assert set(state) == set(UI_FIELDS)
        return
    with pytest.raises(ValidationError) as info:
        mime.read_payload(case["payload"])
    assert info.value.path == case["path"]
    assert str(info.value).startswith(f"{case['path']}: ")
    assert "\n" not in str(info.value)


def test_payload_round_trips(seed: Article) -> None:
    state = {"expanded": ["q2", "q3"], "selected": {"panel": "q3", "answer": 1}, "labels": ["ok"]}
    data = mime.payload(seed, **state)
    assert data["version"] == mime.PAYLOAD_VERSION == 1
    assert json.loads(json.dumps(data)) == data
    article, checked = mime.read_payload(json.loads(json.dumps(data)))
    assert article == seed
    assert checked["expanded"] == ["q2", "q3"]
    assert checked["selected"] == {"panel": "q3", "answer": 1}


def test_payload_checks_its_state(seed: Article) -> None:
    with pytest.raises(ValidationError, match=r"^expanded\[0\]: unknown panel id 'q9'"):
        mime.payload(seed, expanded=["q9"])


def test_mimebundle_has_the_three_representations(seed: Article) -> None:
    bundle = mime.mimebundle(seed, expanded=["q3"])
    assert list(bundle) == [mime.MIME_TYPE, "text/html", "text/plain"]
    assert mime.MIME_TYPE == "application/vnd.ctxwidget.v1+json"
    assert bundle[mime.MIME_TYPE]["article"] == seed.to_dict()
    assert bundle[mime.MIME_TYPE]["state"]["expanded"] == ["q3"]
    assert bundle["text/html"] == static_html(seed, expanded=["q3"])
    assert bundle["text/plain"] == (
        "Article(title=\"Stoltenberg tells Biden of Ukraine 'progress' in battlefield\", "
        "paragraphs=33, panels=4, answers=18)"
    )


def test_mimebundle_refuses_an_article_too_large_for_a_notebook(monkeypatch: pytest.MonkeyPatch, seed: Article) -> None:
    monkeypatch.setattr(mime, "MAX_PAYLOAD_BYTES", 1000)
    with pytest.raises(ValidationError, match=r"^\(article\): the article's JSON is .* ContextWidget"):
        mime.mimebundle(seed)


def test_ctx_json_files(tmp_path: Path, seed: Article) -> None:
    path = mime.write_ctx_json(seed, tmp_path / "nato.ctx.json", expanded="all")
    data = json.loads(path.read_text("utf-8"))
    assert data["version"] == 1
    article, state = mime.read_ctx_json(path)
    assert article == seed
    assert state["expanded"] == seed.panel_ids
    bare = tmp_path / "bare.ctx.json"
    bare.write_text(seed.to_json(), encoding="utf-8")
    assert mime.read_ctx_json(bare)[0] == seed
    broken = tmp_path / "broken.ctx.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ValidationError, match="not a JSON file"):
        mime.read_ctx_json(broken)


def test_context_widget_adds_the_html_fallback(seed: Article) -> None:
    from ctxwidget import ContextWidget

    w = ContextWidget(seed, expanded=["q3"])
    data, _metadata = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/html"] == static_html(seed, expanded=["q3"])
    w.expanded = ["q2"]
    assert w._repr_mimebundle_()[0]["text/html"] == static_html(seed, expanded=["q2"])


def test_article_repr_mimebundle_is_the_bundle(seed: Article) -> None:
    assert seed._repr_mimebundle_() == mime.mimebundle(seed)


def test_toggles_travel_as_state_only_under_marimo(monkeypatch: pytest.MonkeyPatch, seed: Article) -> None:
    import sys
    import types

    from ctxwidget import ContextWidget

    assert ContextWidget(seed)._sync_toggles is False
    fake = types.ModuleType("marimo")
    fake.running_in_notebook = lambda: True  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "marimo", fake)
    w = ContextWidget(seed)
    assert w._sync_toggles is True
    assert w.get_state()["_sync_toggles"] is True
    fake.running_in_notebook = lambda: False  # type: ignore[attr-defined]
    assert ContextWidget(seed)._sync_toggles is False
