"""The widget's traits and Python API, without a browser."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from ctxwidget import Article, ContextWidget, ValidationError

from .conftest import SEED


def test_accepts_article_dict_and_path(seed: Article, small_dict: dict[str, Any]) -> None:
    assert ContextWidget(seed).article == seed
    assert ContextWidget(SEED).article == seed
    assert ContextWidget(str(SEED)).article == seed
    assert ContextWidget(small_dict).article.title == "A small article"
    assert ContextWidget().article == seed  # the built-in example


def test_traits_hold_the_article_sync_its_dict_form_and_ui_state(seed: Article) -> None:
    w = ContextWidget(seed, expanded=["q2"])
    assert isinstance(w.article, Article)
    assert w.article == seed
    assert w.get_state()["article"] == seed.to_dict()
    assert w.expanded == ["q2"]
    assert w.selected is None
    assert ContextWidget(seed, expanded="all").expanded == ["q1", "q2", "q3", "q4"]


def test_expand_collapse_api(seed: Article) -> None:
    w = ContextWidget(seed)
    w.expand("q3", "q2", "q3")
    assert w.expanded == ["q3", "q2"]
    w.collapse("q3")
    assert w.expanded == ["q2"]
    w.expand_all()
    assert w.expanded == ["q1", "q2", "q3", "q4"]
    w.collapse_all()
    assert w.expanded == []
    with pytest.raises(ValidationError, match=r"unknown panel id 'nope'"):
        w.collapse("nope")


@pytest.mark.parametrize(
    ("trait", "value", "message"),
    [
        ("expanded", ["q9"], r"^expanded\[0\]: unknown panel id 'q9'; the article's panels are 'q1', 'q2'"),
        ("expanded", [3], r"^expanded\[0\]: expected a panel id string"),
        ("selected", {"panel": "q2", "answer": 8}, r"^selected.answer: 8 is not an answer index of panel 'q2'"),
        ("selected", {"panel": "q1", "answer": 0}, r"^selected.answer: 0 is not an answer index of panel 'q1'"),
        ("selected", {"panel": "zz", "answer": 0}, r"^selected.panel: no panel 'zz'"),
        ("selected", {"panel": "q2"}, r"^selected: expected None or"),
        ("selected", 5, r"^selected: expected None or"),
        ("expanded", 5, r"^expanded: expected a list of panel ids"),
        ("article", 5, r"^article: expected an Article, its dict form or a file path, got int"),
        ("article", "seeds/missing.txt", r"^article: "),
        ("article", {"title": "x", "url": "javascript:alert(1)"}, r"^article.url: 'javascript:alert\(1\)' is not"),
        ("article", {"title": "t", "panels": [{"question": "q", "after": 2}]}, r"^article.panels\[0\].after"),
    ],
)
def test_invalid_sets_raise_and_change_nothing(seed: Article, trait: str, value: Any, message: str) -> None:
    w = ContextWidget(seed, expanded=["q2"], selected={"panel": "q2", "answer": 1})
    before = {name: getattr(w, name) for name in ("article", "expanded", "selected")}
    sent: list[Any] = []
    w.send_state = lambda *a, **k: sent.append(a)  # type: ignore[method-assign]
    with pytest.raises(ValidationError, match=message):
        setattr(w, trait, value)
    assert {name: getattr(w, name) for name in before} == before
    assert w.article == seed
    assert sent == []


def test_new_article_prunes_ui_state(seed: Article, small_dict: dict[str, Any]) -> None:
    w = ContextWidget(seed, expanded=["q1", "q2"], selected={"panel": "q2", "answer": 3})
    w.article = small_dict
    assert w.article.title == "A small article"
    assert w.expanded == ["q1"]
    assert w.selected is None


def test_on_select_called_with_panel_and_answer(seed: Article) -> None:
    w = ContextWidget(seed)
    seen: list[tuple[str, str]] = []
    callback = lambda panel, answer: seen.append((panel.id, answer.text))  # noqa: E731
    w.on_select(callback)
    w.select("q3", 5)
    assert seen == [("q3", "July 11 and 12")]
    assert w.selected == {"panel": "q3", "answer": 5}
    w.select(None)
    assert seen == [("q3", "July 11 and 12")]
    w.on_select(callback, remove=True)
    w.select("q3", 0)
    assert len(seen) == 1


def test_front_end_updates_are_applied_or_rejected(seed: Article, caplog: pytest.LogCaptureFixture) -> None:
    w = ContextWidget(seed)
    resent: list[Any] = []
    w.send_state = lambda key=None: resent.append(key)  # type: ignore[method-assign]
    w.set_state({"expanded": ["q2"], "selected": {"panel": "q2", "answer": 0}})
    assert w.expanded == ["q2"]
    assert w.selected == {"panel": "q2", "answer": 0}
    with caplog.at_level(logging.WARNING, logger="ctxwidget"):
        w.set_state({"expanded": ["q2", "bogus"], "selected": {"panel": "q2", "answer": 99}})
    assert w.expanded == ["q2"]
    assert w.selected == {"panel": "q2", "answer": 0}
    assert "rejected an update from the front end" in caplog.text
    assert resent
    assert set(resent[-1]) == {"expanded", "selected"}


def test_repr_is_deterministic(seed: Article) -> None:
    text = repr(ContextWidget(seed, expanded=["q2"]))
    assert text == repr(ContextWidget(seed, expanded=["q2"]))
    assert "0x" not in text
    assert text.startswith('ContextWidget(title="Stoltenberg tells Biden')


def test_save_html(seed: Article, tmp_path: Path) -> None:
    w = ContextWidget(seed, expanded=["q3"])
    page = w.save_html(tmp_path / "page.html").read_text("utf-8")
    assert '"expanded":["q3"]' in page
    assert "mountStandalone" in page


def test_toggle_messages_update_python_without_resending_the_list(
    seed: Article, caplog: pytest.LogCaptureFixture
) -> None:
    w = ContextWidget(seed, expanded=["q1"])
    sent: list[Any] = []
    states: list[Any] = []
    w.send = lambda content, buffers=None: sent.append(content)  # type: ignore[method-assign]
    w._send = lambda msg, buffers=None: states.append(msg)  # type: ignore[method-assign]
    w._handle_custom_msg({"type": "toggle", "panel": "q3", "open": True}, [])
    assert w.expanded == ["q1", "q3"]
    assert sent == [{"type": "toggle", "panel": "q3", "open": True}]
    assert [m for m in states if "expanded" in m.get("state", {})] == []  # the list itself is not sent
    w._handle_custom_msg({"type": "toggle", "panel": "q1", "open": False}, [])
    assert w.expanded == ["q3"]
    with caplog.at_level(logging.WARNING, logger="ctxwidget"):
        w._handle_custom_msg({"type": "toggle", "panel": "nope", "open": True}, [])
        w._handle_custom_msg({"type": "toggle", "panel": "q2", "open": "yes"}, [])
        w._handle_custom_msg({"type": "other"}, [])
    assert w.expanded == ["q3"]
    assert caplog.text.count("rejected a toggle") == 2
    assert "ignored a message" in caplog.text
    assert any("expanded" in m.get("state", {}) for m in states)  # the true state, after a rejection


@pytest.mark.parametrize("article_first", [True, False])
def test_one_update_checks_the_ui_against_the_article_it_brings(seed: Article, article_first: bool) -> None:
    w = ContextWidget(seed, expanded=["q2"])
    article = {"title": "t", "panels": [{"id": "new", "question": "Q?"}]}
    update: dict[str, Any] = {"article": article, "expanded": ["new"]}
    if not article_first:
        update = {"expanded": ["new"], "article": article}
    w.set_state(update)
    assert isinstance(w.article, Article)
    assert w.article.panel_ids == ["new"]
    assert w.expanded == ["new"]


def test_unknown_keywords_are_refused_by_name(seed: Article) -> None:
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'lables'; it accepts article and expanded, "):
        ContextWidget(seed, lables=["ok"])
    with pytest.raises(TypeError, match=r"'_sync_toggles'"):
        ContextWidget(seed, _sync_toggles=True)
    w = ContextWidget(seed, layout={"width": "30rem"}, tooltip="An article", stack_size=None)
    assert w.layout.width == "30rem"
    assert w.tooltip == "An article"
    assert w.stack_size is None


def test_article_takes_a_path_from_python_only(seed: Article) -> None:
    w = ContextWidget({"title": "t"})
    w.article = str(SEED)
    assert w.article == seed
    w.article = {"title": "t"}
    w.set_state({"article": str(SEED)})  # refused, logged
    assert w.article.title == "t"


def test_deprecated_aliases_warn_and_still_work(seed: Article, small_dict: dict[str, Any]) -> None:
    w = ContextWidget(seed, expanded=["q2"])
    with pytest.warns(DeprecationWarning, match=r"w\.value is deprecated; use w\.article"):
        assert w.value is w.article
    with pytest.warns(DeprecationWarning, match=r"w\.value is deprecated; use w\.article"):
        w.value = small_dict
    assert w.article.title == "A small article"
    with pytest.warns(DeprecationWarning, match=r"w\.state\(\) is deprecated; use w\.ui\.to_dict\(\)"):
        assert w.state() == w.ui.to_dict()


def test_a_stale_expanded_riding_along_with_another_update_is_ignored(seed: Article) -> None:
    """The page keeps its model's ``expanded`` current after a toggle without sending it, and
    ipywidgets sends that copy along with the page's next update of any other field: by then
    Python may have set ``expanded`` again, and the copy must not overwrite it."""
    w = ContextWidget(seed, expanded=["q1"])
    w.send = lambda content, buffers=None: None  # type: ignore[method-assign]
    resent: list[Any] = []
    w.send_state = lambda key=None: resent.append(key)  # type: ignore[method-assign]
    w._handle_custom_msg({"type": "toggle", "panel": "q3", "open": True}, [])
    assert w.expanded == ["q1", "q3"]
    w.expanded = ["q2"]  # Python, after the click
    resent.clear()
    w.set_state({"selected": {"panel": "q2", "answer": 0}, "expanded": ["q1", "q3"]})
    assert w.selected == {"panel": "q2", "answer": 0}
    assert w.expanded == ["q2"]
    assert resent == ["expanded"]  # the page is told the true open set
    # The page's copy equal to what Python holds now, or an open set no toggle made, is applied.
    w.set_state({"expanded": ["q2"]})
    w.set_state({"expanded": ["q4"]})
    assert w.expanded == ["q4"]
    assert resent == ["expanded"]
