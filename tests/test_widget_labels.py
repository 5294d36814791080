"""ContextWidget with a label store: labels committed before the widget accepts them, loaded back,
undone, refused when invalid or when the store cannot write, from Python and from the page."""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ctxwidget import Article, ContextWidget, ValidationError
from ctxwidget.labels import LabelStore
from tests.pg import Server, postgres_fixture

LABELS = ("correct", "incorrect", "unsure")
HOSTILE = [
    (p["value"] if "value" in p else p["repeat"][0] * min(p["repeat"][1], 2000))
    for p in json.loads((Path(__file__).parent / "data" / "hostile_strings.json").read_text("utf-8"))["payloads"]
]


@pytest.fixture(scope="module")
def pg() -> Iterator[Server]:
    with postgres_fixture() as server:
        yield server


class Page:
    """What the widget sends to the page, and a way to send it messages as the page does."""

    def __init__(self, widget: ContextWidget) -> None:
        self.widget = widget
        self.sent: list[dict[str, Any]] = []
        widget.send = lambda content, buffers=None: self.sent.append(content)  # type: ignore[method-assign]

    def message(self, content: Any) -> dict[str, Any]:
        self.widget._on_front_end_message(self.widget, content, [])
        return self.sent[-1]

    def label(self, answers: list[list[Any]], label: str | None, request: int = 7) -> dict[str, Any]:
        return self.message({"type": "label", "answers": answers, "label": label, "id": request})


def widget(store: Any, annotator: str = "ana", **kwargs: Any) -> ContextWidget:
    return ContextWidget(labels=LABELS, store=store, annotator=annotator, **kwargs)


def test_labels_are_committed_and_come_back_per_annotator(tmp_path: Path) -> None:
    path = tmp_path / "labels.sqlite3"
    w = widget(path)
    assert w.annotations == {}
    assert w._store_info == {"location": str(path), "annotator": "ana", "note": ""}
    w.annotate("q2", 0, "correct")
    page = Page(w)
    assert page.label([["q2", 1], ["q3", 0]], "unsure") == {
        "type": "label_result",
        "id": 7,
        "ok": True,
        "keys": ["q2/1", "q3/0"],
    }
    expected = {"q2/0": "correct", "q2/1": "unsure", "q3/0": "unsure"}
    assert w.annotations == expected
    # Another widget, another process's view of the same file: the same labels, committed.
    with LabelStore(path) as store:
        assert store.labels_for(w.article, annotator="ana").labels == expected
        assert store.labels_for(w.article, annotator="ben").labels == {}
    assert widget(path).annotations == expected
    assert widget(path, annotator="ben").annotations == {}


def test_a_batch_is_one_action_and_undo_is_an_event(tmp_path: Path) -> None:
    w = widget(tmp_path / "l.sqlite3")
    page = Page(w)
    page.label([["q2", 0]], "correct")
    page.label([["q2", 1], ["q2", 2], ["q3", 0]], "incorrect")
    assert page.message({"type": "undo", "id": 9}) == {
        "type": "label_result",
        "id": 9,
        "ok": True,
        "keys": ["q2/1", "q2/2", "q3/0"],
    }
    assert w.annotations == {"q2/0": "correct"}
    history = w.label_store.history()  # type: ignore[union-attr]
    assert list(history["new_label"]) == ["correct", "incorrect", "incorrect", "incorrect", None, None, None]
    assert history["undoes"].notna().sum() == 3
    assert widget(tmp_path / "l.sqlite3").annotations == {"q2/0": "correct"}
    assert w.undo() == ["q2/0"]
    assert w.annotations == {}
    assert w.undo() == []


def test_without_a_store_labels_and_undo_live_in_memory() -> None:
    w = ContextWidget(labels=LABELS)
    assert w.label_store is None
    assert w.annotator is None
    assert w._store_info == {}
    page = Page(w)
    page.label([["q2", 0], ["q2", 1]], "correct")
    page.label([["q2", 0]], "unsure")
    assert w.annotations == {"q2/0": "unsure", "q2/1": "correct"}
    assert w.undo() == ["q2/0"]
    assert w.undo() == ["q2/0", "q2/1"]
    assert w.annotations == {}
    with pytest.raises(TypeError, match="annotator"):
        ContextWidget(labels=LABELS, annotator="ana")
    with pytest.raises(TypeError, match="store must be"):
        ContextWidget(labels=LABELS, store=3)


def test_the_default_annotator_is_the_user_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "zoe")
    monkeypatch.setenv("LOGNAME", "zoe")
    w = ContextWidget(labels=LABELS, store=tmp_path / "l.sqlite3")
    assert w.annotator == "zoe"


@pytest.mark.parametrize(
    ("content", "path"),
    [
        ({"type": "label", "answers": [["q2", 0]], "label": "maybe", "id": 1}, "label"),
        ({"type": "label", "answers": [["q9", 0]], "label": "correct", "id": 1}, "answers[0]"),
        ({"type": "label", "answers": [["q2", 99]], "label": "correct", "id": 1}, "answers[0]"),
        ({"type": "label", "answers": [["q2", True]], "label": "correct", "id": 1}, "answers[0]"),
        ({"type": "label", "answers": [["q2", 0], ["q2", -1]], "label": "correct", "id": 1}, "answers[1]"),
        ({"type": "label", "answers": [["q2/0"]], "label": "correct", "id": 1}, "answers[0]"),
        ({"type": "label", "answers": [], "label": "correct", "id": 1}, "answers"),
        ({"type": "label", "answers": "q2/0", "label": "correct", "id": 1}, "answers"),
    ],
)
def test_invalid_labels_from_the_page_write_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: dict[str, Any], path: str
) -> None:
    w = widget(tmp_path / "l.sqlite3")
    w.annotate("q2", 1, "correct")
    page = Page(w)
    with caplog.at_level(logging.WARNING, logger="ctxwidget"):
        result = page.message(content)
    assert result["ok"] is False
    assert result["id"] == 1
    assert result["error"].startswith(f"{path}: ")
    assert "rejected a label from the front end" in caplog.text
    assert w.annotations == {"q2/1": "correct"}
    assert len(w.label_store.history()) == 1  # type: ignore[union-attr]


def test_an_unknown_annotation_key_set_from_the_page_is_refused_and_not_written(tmp_path: Path) -> None:
    w = widget(tmp_path / "l.sqlite3")
    w.set_state({"annotations": {"q2/0": "correct", "q9/0": "correct"}})
    w.set_state({"annotations": {"q2/0": "nope"}})
    assert w.annotations == {}
    assert len(w.label_store.history()) == 0  # type: ignore[union-attr]
    w.set_state({"annotations": {"q2/0": "correct"}})  # the page's state path commits too (marimo, old pages)
    assert w.label_store.labels_for(w.article, annotator="ana").labels == {"q2/0": "correct"}  # type: ignore[union-attr]


def _break_sqlite(store: LabelStore, path: Path) -> None:
    """The store's connection becomes a read-only one, as when the file or its disk cannot be written."""
    backend = store._db
    with backend.lock:
        backend._conn.close()
        backend._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None)


def test_a_failed_write_is_not_accepted_and_says_why(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "l.sqlite3"
    w = widget(path)
    w.annotate("q2", 0, "correct")
    _break_sqlite(w.label_store, path)  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR, logger="ctxwidget"), pytest.raises(ValidationError) as raised:
        w.annotate("q2", 1, "incorrect")
    message = str(raised.value)
    assert message.startswith(f"annotations: not saved to the label store {path}: ")
    assert "readonly" in message
    assert "\n" not in message
    assert w.annotations == {"q2/0": "correct"}
    page = Page(w)
    result = page.label([["q2", 1], ["q2", 2]], "incorrect")
    assert result["ok"] is False
    assert result["keys"] == ["q2/1", "q2/2"]
    assert f"not saved to the label store {path}" in result["error"]
    assert f"not saved to the label store {path}" in caplog.text
    assert w.annotations == {"q2/0": "correct"}
    assert page.message({"type": "undo", "id": 3})["ok"] is False
    assert w.annotations == {"q2/0": "correct"}
    with LabelStore(path) as fresh:
        assert fresh.labels_for(w.article, annotator="ana").labels == {"q2/0": "correct"}


def test_a_postgres_server_stopped_mid_session(pg: Server, caplog: pytest.LogCaptureFixture) -> None:
    import psycopg

    url = pg.new_database()
    w = widget(url)
    page = Page(w)
    assert page.label([["q2", 0]], "correct")["ok"] is True
    # A server of its own for this test, so stopping it leaves the others alone.
    with postgres_fixture() as own:
        url = own.new_database()
        w = widget(url)
        page = Page(w)
        assert page.label([["q2", 0]], "correct")["ok"] is True
        with psycopg.connect(url, autocommit=True) as conn:
            data = conn.execute("SHOW data_directory").fetchone()[0]  # type: ignore[index]
        subprocess.run(
            [*own.run_as, str(own.bin / "pg_ctl"), "-D", data, "-m", "fast", "stop"], check=True, capture_output=True
        )
        with caplog.at_level(logging.ERROR, logger="ctxwidget"):
            result = page.label([["q2", 1]], "incorrect")
        assert result["ok"] is False
        assert "not saved to the label store postgresql://postgres@127.0.0.1" in result["error"]
        assert "not saved to the label store postgresql://" in caplog.text
        assert w.annotations == {"q2/0": "correct"}


def test_labels_from_another_thread(tmp_path: Path) -> None:
    """ipykernel 7 handles the page's messages on another thread than the cell that made the widget."""
    w = widget(tmp_path / "l.sqlite3")
    page = Page(w)
    results: list[dict[str, Any]] = []
    thread = threading.Thread(target=lambda: results.append(page.label([["q2", 0]], "unsure")))
    thread.start()
    thread.join()
    assert results[0]["ok"] is True
    assert w.label_store.labels_for(w.article, annotator="ana").labels == {"q2/0": "unsure"}  # type: ignore[union-attr]


def test_stored_labels_not_in_the_article_are_counted_and_said(
    tmp_path: Path, seed: Article, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "l.sqlite3"
    w = widget(path, article=seed)
    w.annotations = {"q2/0": "correct", "q2/1": "incorrect", "q3/0": "unsure"}
    data = seed.to_dict()
    data["panels"][1]["answers"][0]["text"] = "a rewritten answer"
    data["panels"][1]["answers"][1]["text"] = "another rewritten answer"
    with caplog.at_level(logging.WARNING, logger="ctxwidget"):
        again = ContextWidget(data, labels=LABELS, store=path, annotator="ana")
    assert again.annotations == {"q3/0": "unsure"}
    assert again._store_info["note"] == "2 stored labels are not in this article"
    assert "2 stored labels are not in this article" in caplog.text
    # Assigning another article shows the store's labels of that one.
    w.article = data
    assert w.annotations == {"q3/0": "unsure"}
    assert w._store_info["note"] == "2 stored labels are not in this article"


def test_labels_the_widget_does_not_offer_stay_in_the_store(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite3"
    widget(path).annotate("q2", 0, "unsure")
    w = ContextWidget(labels=("correct", "incorrect"), store=path, annotator="ana")
    assert w.annotations == {}
    assert w._store_info["note"] == "1 stored label is not among this widget's labels ('unsure')"
    w.labels = ["correct"]  # a view change: nothing is removed from the store
    assert LabelStore(path).labels_for(w.article, annotator="ana").labels == {"q2/0": "unsure"}
    w.labels = ["correct", "unsure"]  # offered again: shown again
    assert w.annotations == {"q2/0": "unsure"}
    assert w._store_info["note"] == ""


def test_hostile_annotators_and_labels_are_stored_as_text(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite3"
    names = [text for text in HOSTILE if text.strip() and "\ud800" not in text][:40]
    for i, text in enumerate(names):
        w = ContextWidget(labels=(text, "other"), store=path, annotator=text)
        w.annotate("q2", i % 4, text)
        assert ContextWidget(labels=(text, "other"), store=path, annotator=text).annotations == {f"q2/{i % 4}": text}
    frame = LabelStore(path).frame()
    assert sorted(set(frame["annotator"])) == sorted(set(names))


def test_front_end_updates_are_checked_even_when_equal(caplog: pytest.LogCaptureFixture) -> None:
    """traitlets skips validation when the new value == the old one (True == 1): every key is checked."""
    w = ContextWidget(stack_size=1)
    with caplog.at_level(logging.WARNING, logger="ctxwidget"):
        w.set_state({"stack_size": True})
        w.set_state({"unlabelled_only": 0})
        w.set_state({"expanded": [], "stack_size": 1.0})
    assert w.stack_size == 1
    assert type(w.stack_size) is int
    assert w.unlabelled_only is False
    assert caplog.text.count("rejected an update from the front end") == 3
    assert "<html" in w.to_html()[:200].lower()
    w.set_state({"unlabelled_only": True})
    assert w.unlabelled_only is True


def test_labels_set_while_notifications_are_held_are_committed(tmp_path: Path) -> None:
    w = widget(tmp_path / "l.sqlite3")
    with w.hold_trait_notifications():
        w.annotations = {"q2/0": "correct"}
        w.expanded = ["q2"]
    assert w.label_store.labels_for(w.article, annotator="ana").labels == {"q2/0": "correct"}  # type: ignore[union-attr]
