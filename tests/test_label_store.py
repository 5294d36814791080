"""ctxwidget.LabelStore: labels kept by content, history, undo, agreement, JSONL, on SQLite and PostgreSQL.

Tests taking ``location`` run on both backends; the PostgreSQL cluster is started once per
session (``tests/pg.py``) and skipped locally, failed in CI, when its binaries are missing.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import multiprocessing
import os
import signal
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ctxwidget
from ctxwidget import Article, ValidationError
from ctxwidget.labels import LabelStore, LabelStoreError, answer_id, article_key, default_annotator
from ctxwidget.labels.backend import SCHEMA_VERSION
from tests.pg import Server, postgres_fixture

CORPUS = Path(__file__).resolve().parent / "data" / "hostile_strings.json"

# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg() -> Iterator[Server]:
    with postgres_fixture() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "labels.sqlite")
    server: Server = request.getfixturevalue("pg")
    return server.new_database()


@pytest.fixture
def store(location: str) -> Iterator[LabelStore]:
    with LabelStore(location) as s:
        yield s


def answer(source: str, text: str, context: str | None = None) -> dict[str, Any]:
    return {"source": source, "text": text, "context": context}


QUESTIONS: dict[str, list[dict[str, Any]]] = {
    "Who?": [answer("apnews.com", "Alice", "It was Alice."), answer("bbc.co.uk", "Bob"), answer("dw.com", "alice")],
    "When?": [answer("apnews.com", "Monday"), answer("cnn.com", "Tuesday", "On Tuesday.")],
    "Where?": [answer("reuters.com", "Kyiv"), answer("bbc.co.uk", "Brussels")],
}


def make_article(questions: dict[str, list[dict[str, Any]]] | None = None, **extra: Any) -> Article:
    """An article with one panel per question, panel ids q1, q2, ... by position."""
    questions = QUESTIONS if questions is None else questions
    return Article.from_dict(
        {
            "title": "A title",
            "url": "https://example.com/a",
            "paragraphs": ["One.", "Two."],
            "panels": [{"question": q, "after": 1, "answers": a} for q, a in questions.items()],
            **extra,
        }
    )


def big_article(panels: int, per_panel: int, url: str = "https://example.com/big") -> Article:
    return Article.from_dict(
        {
            "title": "Big",
            "url": url,
            "paragraphs": ["Text."],
            "panels": [
                {
                    "question": f"Question {p}?",
                    "answers": [answer("apnews.com", f"answer {p}.{i}") for i in range(per_panel)],
                }
                for p in range(panels)
            ],
        }
    )


def hostile_values() -> list[str]:
    doc = json.loads(CORPUS.read_text("utf-8"))
    values = []
    for entry in doc["payloads"]:
        values.append(entry["repeat"][0] * entry["repeat"][1] if "repeat" in entry else entry["value"])
    return values


# -- identity -------------------------------------------------------------------------------


def test_answer_id_is_content_not_position() -> None:
    article = make_article()
    panel = article.panels[0]
    base = answer_id(article, panel, panel.answers[0])
    # the documented definition: SHA-256 of the canonical JSON of the identity fields
    canonical = json.dumps(
        ["ctxwidget-answer/1", "https://example.com/a", "Who?", "apnews.com", "Alice", "It was Alice."],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert base == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    hostile = make_article({'"Who"?\n\u2028\x00': [answer("apnews.com", "é\\\t</script>", "\U0001f600")]})
    p0 = hostile.panels[0]
    canonical = json.dumps(
        ["ctxwidget-answer/1", "https://example.com/a", p0.question, "apnews.com", p0.answers[0].text, "\U0001f600"],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert answer_id(hostile, p0, p0.answers[0]) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert article_key(article) == "https://example.com/a"
    assert article_key(make_article(url=None)) == "A title"
    # position, panel id, group and the answer's link are not identity
    moved = make_article({"New?": [answer("x.com", "y")], **QUESTIONS})
    assert moved.panels[1].id == "q2"
    assert answer_id(moved, moved.panels[1], moved.panels[1].answers[0]) == base
    grouped = make_article(
        {"Who?": [{**answer("apnews.com", "Alice", "It was Alice."), "group": 3, "url": "https://a.b/c"}]}
    )
    assert answer_id(grouped, grouped.panels[0], grouped.panels[0].answers[0]) == base
    # every identity field is
    for changed in (
        make_article(url="https://example.com/b"),
        make_article({"Who? ": QUESTIONS["Who?"]}),
        make_article({"Who?": [answer("apnews.org", "Alice", "It was Alice.")]}),
        make_article({"Who?": [answer("apnews.com", "Alice.", "It was Alice.")]}),
        make_article({"Who?": [answer("apnews.com", "Alice", None)]}),
        make_article({"Who?": [answer("apnews.com", "Alice", "")]}),
    ):
        assert answer_id(changed, changed.panels[0], changed.panels[0].answers[0]) != base


def test_identity_survives_reordering_added_and_dropped_questions(store: LabelStore) -> None:
    v1 = make_article()
    store.set(v1, "q1", 0, "correct", annotator="ana")  # Who? Alice
    store.set(v1, "q1", 2, "wrong", annotator="ana")  # Who? alice
    store.set(v1, "q2", 1, "unsure", annotator="ana")  # When? Tuesday
    store.set(v1, "q3", 0, "correct", annotator="ana")  # Where? Kyiv
    store.set(v1, "q3", 1, "wrong", annotator="ana")  # Where? Brussels
    # Rebuilt: a new first question, Where? dropped, When?'s answers reversed, Who? reordered.
    v2 = make_article(
        {
            "Why?": [answer("apnews.com", "Because")],
            "When?": list(reversed(QUESTIONS["When?"])),
            "Who?": [QUESTIONS["Who?"][2], QUESTIONS["Who?"][0], QUESTIONS["Who?"][1]],
        }
    )
    found = store.labels_for(v2, annotator="ana")
    assert found.labels == {"q3/1": "correct", "q3/0": "wrong", "q2/0": "unsure"}
    assert found.missing == 2
    assert found.message == "2 stored labels are not in this article"
    # the orphans stay: the original article still shows them
    assert store.labels_for(v1, annotator="ana").labels == {
        "q1/0": "correct",
        "q1/2": "wrong",
        "q2/1": "unsure",
        "q3/0": "correct",
        "q3/1": "wrong",
    }
    assert store.labels_for(v1, annotator="ana").missing == 0
    assert len(store.frame()) == 5
    # another annotator sees nothing; one missing label reads in the singular
    assert store.labels_for(v2, annotator="bob").labels == {}
    store.set(v1, "q3", 1, None, annotator="ana")
    assert store.labels_for(v2, annotator="ana").message == "1 stored label is not in this article"


def test_same_answer_twice_shares_its_label(tmp_path: Path) -> None:
    dup = answer("apnews.com", "Alice")
    article = make_article({"Who?": [dup, answer("bbc.co.uk", "Bob"), dup]})
    with LabelStore(tmp_path / "l.sqlite") as store:
        store.set(article, "q1", 2, "correct", annotator="ana")
        assert store.labels_for(article, annotator="ana").labels == {"q1/0": "correct", "q1/2": "correct"}


# -- writes, history, undo ------------------------------------------------------------------


def test_round_trip_through_reopening(location: str) -> None:
    article = make_article()
    with LabelStore(location) as store:
        assert store.set(article, "q1", 0, "correct", annotator="ana") is not None
        store.set(article, "q2", 1, "wrong", annotator="bob")
    with LabelStore(location) as store:
        assert store.labels_for(article, annotator="ana").labels == {"q1/0": "correct"}
        assert store.labels_for(article, annotator="bob").labels == {"q2/1": "wrong"}
        frame = store.frame()
        assert {"annotator", "article", "question", "source", "answer", "label", "time"} <= set(frame.columns)
        row = frame[frame["annotator"] == "ana"].iloc[0]
        assert (row["article"], row["question"], row["source"], row["answer"], row["label"]) == (
            "https://example.com/a",
            "Who?",
            "apnews.com",
            "Alice",
            "correct",
        )
        assert str(frame["time"].dt.tz) == "UTC"


def test_history_records_set_change_remove_and_undo(store: LabelStore) -> None:
    article = make_article()
    first = store.set(article, "q1", 1, "correct", annotator="ana")
    store.set(article, "q1", 1, "wrong", annotator="ana")
    assert store.set(article, "q1", 1, "wrong", annotator="ana") is None  # no change, no event
    store.remove(article, "q1", 1, annotator="ana")
    assert store.remove(article, "q1", 1, annotator="ana") is None
    assert store.undo(article, annotator="ana") == {"q1/1": "wrong"}
    history = store.history()
    assert list(zip(history["old_label"], history["new_label"], strict=True)) == [
        (None, "correct"),
        ("correct", "wrong"),
        ("wrong", None),
        (None, "wrong"),
    ]
    assert set(history["annotator"]) == {"ana"}
    assert set(history["answer"]) == {"Bob"}
    assert set(history["question"]) == {"Who?"}
    assert history["event"].is_unique
    assert history["time"].is_monotonic_increasing
    assert history["action"].iloc[0] == first
    assert history["undoes"].iloc[3] == history["action"].iloc[2]
    assert history["undoes"].iloc[:3].isna().all()
    assert store.labels_for(article, annotator="ana").labels == {"q1/1": "wrong"}


def test_an_answer_row_is_sent_once_and_never_assumed_after_a_failed_write(tmp_path: Path) -> None:
    path = tmp_path / "labels.sqlite"
    article = make_article()
    store = LabelStore(path)
    sent: list[str] = []
    store._db.conn().set_trace_callback(sent.append)
    store.set(article, "q1", 0, "correct", annotator="ana")
    store.set(article, "q1", 0, "wrong", annotator="ana")  # the same answer again: its row is stored
    store.set(article, "q1", 0, "wrong", annotator="bob")
    assert sum("INSERT INTO ctxwidget_answers" in sql for sql in sent) == 1
    # A write that fails is rolled back: its answer is not taken as stored, the next write sends it.
    backend = store._db
    with backend.lock:
        backend._conn.close()
        backend._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None)
    with pytest.raises(LabelStoreError, match="cannot write"):
        store.set(article, "q2", 1, "correct", annotator="ana")
    store.close()  # the next write connects again, writable
    store.set(article, "q2", 1, "correct", annotator="ana")
    store.close()
    with LabelStore(path) as fresh:
        history = fresh.history()  # events joined with their answers: a missing answer row drops the event
        assert list(history["answer"]) == ["Alice", "Alice", "Alice", "Tuesday"]
        assert fresh.labels_for(article, annotator="ana").labels == {"q1/0": "wrong", "q2/1": "correct"}


def test_event_and_action_ids_are_random_uuid4_hex(store: LabelStore) -> None:
    import uuid

    article = make_article()
    store.set_many(article, {"q1/0": "a", "q1/1": "b"}, annotator="ana")
    history = store.history()
    for value in [*history["event"], *history["action"]]:
        assert uuid.UUID(hex=value).hex == value
        assert uuid.UUID(hex=value).version == 4
    assert history["event"].is_unique
    assert history["action"].nunique() == 1


def test_batch_is_one_action_for_undo(store: LabelStore) -> None:
    article = make_article()
    store.set(article, "q1", 0, "wrong", annotator="ana")
    batch = store.set_many(article, {"q1/0": "correct", ("q1", 2): "correct", "q2/0": "correct"}, annotator="ana")
    history = store.history()
    assert (history["action"] == batch).sum() == 3
    labels = store.labels_for(article, annotator="ana").labels
    assert labels == {"q1/0": "correct", "q1/2": "correct", "q2/0": "correct"}
    # one undo reverts the whole batch, the earlier single label comes back
    assert store.undo(article, annotator="ana") == {"q1/0": "wrong", "q1/2": None, "q2/0": None}
    assert store.labels_for(article, annotator="ana").labels == {"q1/0": "wrong"}
    assert (store.history()["undoes"] == batch).sum() == 3
    assert store.undo(article, annotator="ana") == {"q1/0": None}
    assert store.undo(article, annotator="ana") is None
    assert store.labels_for(article, annotator="ana").labels == {}
    assert len(store.history()) == 8  # nothing deleted: 1 + 3 + 3 undo + 1 undo


def test_undo_is_per_annotator_and_article(store: LabelStore) -> None:
    article = make_article()
    other = make_article(url="https://example.com/other")
    store.set(article, "q1", 0, "correct", annotator="ana")
    store.set(article, "q1", 0, "wrong", annotator="bob")
    store.set(other, "q1", 0, "wrong", annotator="ana")
    assert store.undo(article, annotator="ana") == {"q1/0": None}
    assert store.labels_for(article, annotator="bob").labels == {"q1/0": "wrong"}
    assert store.labels_for(other, annotator="ana").labels == {"q1/0": "wrong"}


def test_bad_input_is_rejected_before_anything_is_written(tmp_path: Path) -> None:
    article = make_article()
    with LabelStore(tmp_path / "l.sqlite") as store:
        cases: list[tuple[dict[str, Any], str]] = [
            ({"label": ""}, "label"),
            ({"label": "  "}, "label"),
            ({"label": 3}, "label"),
            ({"label": "ok\ud800"}, "label"),
            ({"annotator": ""}, "annotator"),
            ({"annotator": "x\udfff"}, "annotator"),
            ({"panel_id": "nope"}, "no panel 'nope'"),
            ({"index": 9}, "out of range"),
            ({"index": -1}, "out of range"),
        ]
        for change, needle in cases:
            args = {"panel_id": "q1", "index": 0, "label": "ok", "annotator": "ana", **change}
            with pytest.raises(ValidationError, match=needle):
                store.set(article, args["panel_id"], args["index"], args["label"], annotator=args["annotator"])
        with pytest.raises(ValidationError, match="expected a key"):
            store.set_many(article, {"q1/0": "ok", "q1-0": "ok"}, annotator="ana")
        with pytest.raises(ValidationError, match=r"labels\['q1/1'\]"):
            store.set_many(article, {"q1/0": "ok", "q1/1": ""}, annotator="ana")
        with pytest.raises(TypeError, match=r"ctxwidget\.Article"):
            store.set({"title": "x"}, "q1", 0, "ok")  # type: ignore[arg-type]
        assert len(store.history()) == 0


def test_hostile_strings_are_stored_and_returned_unchanged(store: LabelStore) -> None:
    article = make_article()
    accepted = 0
    for value in hostile_values():
        if not value.strip():
            with pytest.raises(ValidationError):
                store.set(article, "q1", 0, value, annotator="ana")
            continue
        store.set(article, "q1", 0, value, annotator=value)
        store.set(article, "q1", 1, value, annotator="ana")
        assert store.labels_for(article, annotator=value).labels == {"q1/0": value}
        assert store.labels_for(article, annotator="ana").labels["q1/1"] == value
        accepted += 1
    frame = store.frame()
    assert accepted > 90
    assert set(frame["annotator"]) == {v for v in hostile_values() if v.strip()} | {"ana"}
    mine = frame[frame["annotator"] != "ana"]
    assert (mine["annotator"] == mine["label"]).all()


def test_default_annotator_is_the_os_user(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "dora")
    assert default_annotator() == "dora"
    article = make_article()
    with LabelStore(tmp_path / "l.sqlite") as store:
        store.set(article, "q1", 0, "correct")
        assert store.labels_for(article, annotator="dora").labels == {"q1/0": "correct"}

    def fail() -> str:
        raise OSError("no user")

    monkeypatch.setattr(getpass, "getuser", fail)
    monkeypatch.delenv("USERNAME", raising=False)
    assert default_annotator() == "anonymous"


def test_top_level_export() -> None:
    assert ctxwidget.LabelStore is LabelStore
    assert "LabelStore" in ctxwidget.__all__
    assert issubclass(LabelStoreError, ValidationError)


# -- threads and processes ------------------------------------------------------------------


def test_two_threads_share_one_store(location: str) -> None:
    """ipykernel 7 handles the page's messages on another thread than the cell that made the store."""
    article = big_article(10, 20)
    store = LabelStore(location)  # made on this thread, used only from others
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            for p in range(10):
                for i in range(10):
                    store.set(article, f"q{p + 1}", i, "yes", annotator=name)
        except BaseException as exc:  # the test reports it below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in ("ana", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.history()) == 200
    assert len(store.labels_for(article, annotator="bob").labels) == 100
    store.close()


def _label_300(location: str, annotator: str, store: LabelStore | None, out: Any) -> None:
    try:
        article = big_article(30, 10)
        own = store if store is not None else LabelStore(location)
        for p in range(30):
            for i in range(10):
                own.set(article, f"q{p + 1}", i, f"label {p}.{i}", annotator=annotator)
        out.put("ok")
    except BaseException as exc:
        out.put(f"{type(exc).__name__}: {exc}")


def test_two_processes_label_the_same_article_at_once(location: str) -> None:
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    # One process uses a store opened before the fork (it must reconnect), one opens its own.
    inherited = LabelStore(location)
    procs = [
        ctx.Process(target=_label_300, args=(location, "ana", inherited, out)),
        ctx.Process(target=_label_300, args=(location, "bob", None, out)),
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert results == ["ok", "ok"]
    history = inherited.history()
    assert len(history) == 600
    assert history["event"].is_unique
    assert history.groupby("annotator").size().to_dict() == {"ana": 300, "bob": 300}
    assert len(inherited.frame()) == 600
    inherited.close()


def _label_until_killed(location: str, conn: Any) -> None:
    article = big_article(30, 10)
    store = LabelStore(location)
    conn.send("open")
    n = 0
    while True:
        store.set(article, f"q{n // 10 % 30 + 1}", n % 10, f"v{n}", annotator="ana")
        conn.send(n)  # acknowledged: set returned
        n += 1


def test_acknowledged_labels_survive_sigkill(location: str) -> None:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_label_until_killed, args=(location, child))
    proc.start()
    assert parent.recv() == "open"
    acked = []
    while len(acked) < 40:
        acked.append(parent.recv())
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    while parent.poll():
        acked.append(parent.recv())
    assert proc.exitcode == -signal.SIGKILL
    article = big_article(30, 10)
    with LabelStore(location) as store:
        labels = store.labels_for(article, annotator="ana").labels
        events = store.history()
    for n in acked:
        assert labels[f"q{n // 10 % 30 + 1}/{n % 10}"] == f"v{n}"
    assert len(events) >= len(acked)


def _hold_write_lock(path: Path, seconds: float, held: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    held.set()
    threading.Event().wait(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def test_a_writer_longer_than_busy_timeout_is_waited_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's busy_timeout (here cut to 50 ms) runs out while another process writes: the store
    retries the whole transaction instead of letting "database is locked" reach the user."""
    import ctxwidget.labels.sqlite as backend

    monkeypatch.setattr(backend, "_BUSY_MS", 50)
    path = tmp_path / "l.sqlite"
    article = make_article()
    with LabelStore(path) as store:
        held = threading.Event()
        holder = threading.Thread(target=_hold_write_lock, args=(path, 1.0, held))
        holder.start()
        held.wait()
        assert store.set(article, "q1", 0, "correct", annotator="ana") is not None
        holder.join()
        assert store.labels_for(article, annotator="ana").labels == {"q1/0": "correct"}


def test_a_store_busy_past_the_limit_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ctxwidget.labels.backend as base
    import ctxwidget.labels.sqlite as backend

    monkeypatch.setattr(backend, "_BUSY_MS", 50)
    monkeypatch.setattr(base, "BUSY_SECONDS", 0.3)
    path = tmp_path / "l.sqlite"
    article = make_article()
    with LabelStore(path) as store:
        held = threading.Event()
        holder = threading.Thread(target=_hold_write_lock, args=(path, 2.0, held))
        holder.start()
        held.wait()
        with pytest.raises(LabelStoreError, match="kept the store busy") as info:
            store.set(article, "q1", 0, "correct", annotator="ana")
        holder.join()
        assert str(info.value).startswith(f"{path}: ")
        assert "nothing was written" in str(info.value)
        assert len(store.history()) == 0


# -- unusable stores ------------------------------------------------------------------------


def _make_store_file(path: Path) -> None:
    with LabelStore(path) as store:
        store.set(make_article(), "q1", 0, "correct", annotator="ana")


def _corrupt(path: Path) -> None:
    _make_store_file(path)
    data = bytearray(path.read_bytes())
    for name in ("-wal", "-shm"):
        Path(str(path) + name).unlink(missing_ok=True)
    data[100:] = os.urandom(len(data) - 100)  # the header survives, the pages do not
    path.write_bytes(bytes(data))


def _not_ours(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('x')")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    _make_store_file(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE ctxwidget_meta SET value = ? WHERE key = 'version'", (str(SCHEMA_VERSION + 1),))
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _text(path: Path) -> None:
    path.write_text("annotator,label\nana,correct\n")


@pytest.mark.parametrize(
    ("make", "needle", "fix"),
    [
        (_corrupt, "not a readable SQLite database", "backup"),
        (_text, "does not start with the SQLite header", "another path"),
        (_not_ours, "not a ctxwidget label store", "new file"),
        (_newer, f"schema version {SCHEMA_VERSION + 1}", "upgrade ctxwidget"),
    ],
    ids=["corrupt", "not-sqlite", "not-ours", "newer-schema"],
)
def test_unusable_file_is_refused_and_left_byte_for_byte(tmp_path: Path, make: Any, needle: str, fix: str) -> None:
    path = tmp_path / "labels.sqlite"
    make(path)
    before = path.read_bytes()
    with pytest.raises(LabelStoreError, match=needle) as info:
        LabelStore(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert fix in message
    assert path.read_bytes() == before


def test_a_folder_or_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LabelStoreError, match="is a folder, not a file") as info:
        LabelStore(tmp_path)
    assert "labels.sqlite" in str(info.value)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(LabelStoreError, match="does not exist"):
        LabelStore(tmp_path / "nope" / "labels.sqlite")
    with pytest.raises(LabelStoreError, match="unknown kind of store"):
        LabelStore("mysql://host/db")


def test_unreachable_postgres_is_a_clear_error() -> None:
    pytest.importorskip("psycopg")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    url = f"postgresql://someone:secret@127.0.0.1:{port}/labels"
    with pytest.raises(LabelStoreError, match="cannot connect to PostgreSQL") as info:
        LabelStore(url)
    message = str(info.value)
    assert message.startswith(f"postgresql://someone:***@127.0.0.1:{port}/labels: ")
    assert "secret" not in message
    assert "check that the server runs" in message


def test_postgres_newer_schema_and_foreign_tables_are_refused(pg: Server) -> None:
    import psycopg

    url = pg.new_database()
    LabelStore(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE ctxwidget_meta SET value = '99' WHERE key = 'version'")
    with pytest.raises(LabelStoreError, match="schema version 99"):
        LabelStore(url)
    other = pg.new_database()
    with psycopg.connect(other, autocommit=True) as conn:
        conn.execute("CREATE TABLE ctxwidget_events (x int)")
    with pytest.raises(LabelStoreError, match="not a ctxwidget label store"):
        LabelStore(other)
    with psycopg.connect(other, autocommit=True) as conn:
        rows = conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        tables = {r[0] for r in rows}
    assert tables == {"ctxwidget_events"}


# -- agreement ------------------------------------------------------------------------------


def _label_matrix(store: LabelStore, rows: dict[str, list[str | None]]) -> Article:
    units = len(next(iter(rows.values())))
    article = big_article(1, units, url="https://example.com/agree")
    for annotator, labels in rows.items():
        store.set_many(article, {f"q1/{i}": v for i, v in enumerate(labels) if v is not None}, annotator=annotator)
    return article


def test_agreement_textbook_value(store: LabelStore) -> None:
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", 4 observers x 12 units
    with missing values: nominal alpha = 0.743."""
    n = None
    _label_matrix(
        store,
        {
            "A": ["1", "2", "3", "3", "2", "1", "4", "1", "2", n, n, n],
            "B": ["1", "2", "3", "3", "2", "2", "4", "1", "2", "5", n, "3"],
            "C": [n, "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", n],
            "D": ["1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", n],
        },
    )
    assert store.agreement() == pytest.approx(0.743, abs=5e-4)


def test_agreement_hand_computed_and_by_question(store: LabelStore) -> None:
    # Two annotators, four answers: a a b b / a b b b. Coincidences o_aa=2, o_ab=o_ba=1, o_bb=4;
    # n_a=3, n_b=5, n=8: alpha = 1 - (n-1) * (o_ab+o_ba) / (2 n_a n_b) = 1 - 7*2/30 = 8/15.
    article = _label_matrix(store, {"ana": ["a", "a", "b", "b"], "bob": ["a", "b", "b", "b"]})
    assert store.agreement() == pytest.approx(8 / 15)
    # A second question on which they agree fully on two answers, plus one answer only ana labelled.
    other = make_article({"Other?": [answer("x.com", "one"), answer("y.com", "two"), answer("z.com", "three")]})
    store.set_many(other, {"q1/0": "a", "q1/1": "b", "q1/2": "a"}, annotator="ana")
    store.set_many(other, {"q1/0": "a", "q1/1": "b"}, annotator="bob")
    table = store.agreement(by="question").set_index("question")
    assert table.loc["Other?", "alpha"] == pytest.approx(1.0)
    assert table.loc["Other?", "answers"] == 2
    assert table.loc["Question 0?", "alpha"] == pytest.approx(8 / 15)
    assert table.loc["Question 0?", "answers"] == 4
    disagreements = store.disagreements()
    assert len(disagreements) == 1
    row = disagreements.iloc[0]
    assert row["answer"] == "answer 0.1"
    assert row["labels"] == {"ana": "a", "bob": "b"}
    assert row["answer_id"] == answer_id(article, article.panels[0], article.panels[0].answers[1])
    with pytest.raises(ValidationError, match="by"):
        store.agreement(by="colour")


def test_agreement_undefined_is_nan(tmp_path: Path) -> None:
    with LabelStore(tmp_path / "l.sqlite") as store:
        assert math.isnan(store.agreement())
        _label_matrix(store, {"ana": ["a", "a"], "bob": ["a", None]})
        assert math.isnan(store.agreement())  # one label throughout: no disagreement to expect
        assert store.disagreements().empty


# -- JSONL ----------------------------------------------------------------------------------


def _fill(store: LabelStore) -> None:
    article = make_article()
    store.set(article, "q1", 0, "correct", annotator="ana")
    store.set_many(article, {"q1/1": "wrong", "q2/0": "wrong"}, annotator="ana")
    store.undo(article, annotator="ana")
    store.set(article, "q1", 0, "wrong", annotator="bob")
    store.remove(article, "q1", 0, annotator="bob")
    hostile = [v for v in hostile_values() if v.strip()][:40]
    for i, value in enumerate(hostile):
        store.set(article, "q3", i % 2, value, annotator=value)


def _same(a: LabelStore, b: LabelStore) -> None:
    history_a, history_b = a.history(), b.history()
    assert history_a.to_dict("records") == history_b.to_dict("records")
    frame_a = a.frame().sort_values(["annotator", "answer_id"]).reset_index(drop=True)
    frame_b = b.frame().sort_values(["annotator", "answer_id"]).reset_index(drop=True)
    assert frame_a.to_dict("records") == frame_b.to_dict("records")


def test_jsonl_round_trip_sqlite_to_sqlite(tmp_path: Path) -> None:
    with LabelStore(tmp_path / "a.sqlite") as a, LabelStore(tmp_path / "b.sqlite") as b:
        _fill(a)
        count = a.export_jsonl(tmp_path / "events.jsonl")
        lines = (tmp_path / "events.jsonl").read_text("utf-8").splitlines()
        assert count == len(lines) == len(a.history())
        assert b.import_jsonl(tmp_path / "events.jsonl") == count
        assert b.import_jsonl(tmp_path / "events.jsonl") == 0  # idempotent
        _same(a, b)
        article = make_article()
        assert b.labels_for(article, annotator="ana").labels == a.labels_for(article, annotator="ana").labels
        assert b.undo(article, annotator="ana") == {"q1/0": None}  # the undo stack travels too


def test_jsonl_round_trip_sqlite_postgres_sqlite(tmp_path: Path, pg: Server) -> None:
    with (
        LabelStore(tmp_path / "a.sqlite") as a,
        LabelStore(pg.new_database()) as p,
        LabelStore(tmp_path / "c.sqlite") as c,
    ):
        _fill(a)
        first, second = io.StringIO(), io.StringIO()
        a.export_jsonl(first)
        assert p.import_jsonl(io.StringIO(first.getvalue())) == len(a.history())
        _same(a, p)
        p.export_jsonl(second)
        assert second.getvalue() == first.getvalue()
        assert c.import_jsonl(io.StringIO(second.getvalue())) == len(a.history())
        assert p.import_jsonl(io.StringIO(first.getvalue())) == 0
        _same(a, c)


def test_jsonl_import_checks_every_line_first(tmp_path: Path) -> None:
    with LabelStore(tmp_path / "a.sqlite") as a, LabelStore(tmp_path / "b.sqlite") as b:
        _fill(a)
        text = io.StringIO()
        a.export_jsonl(text)
        lines = text.getvalue().splitlines()
        record = json.loads(lines[2])
        record["answer"] = "changed"
        bad = [*lines[:2], json.dumps(record), *lines[3:]]
        with pytest.raises(ValidationError, match=r"^line 3: answer_id is not the id"):
            b.import_jsonl(io.StringIO("\n".join(bad)))
        with pytest.raises(ValidationError, match=r"^line 2: not JSON"):
            b.import_jsonl(io.StringIO(lines[0] + "\n{oops\n"))
        record = json.loads(lines[0])
        record["new"] = ""
        with pytest.raises(ValidationError, match=r"^line 1: new: must not be empty"):
            b.import_jsonl(io.StringIO(json.dumps(record)))
        assert len(b.history()) == 0
