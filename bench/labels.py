"""``python -m bench.labels``: what the label store costs, against the plain database underneath.

1. **Commit latency.** ``store.set(article, panel_id, index, label)`` (what the widget's handler
   calls when a label is clicked), from the call to the committed row, against a plain
   ``INSERT`` of the same event row and ``COMMIT`` through the same driver with the same
   settings (SQLite: WAL, ``synchronous=FULL``; PostgreSQL: its defaults). ``--labels`` calls
   each (default 1,000), the two alternating; median and p99 of wall time, and of the process's
   CPU time (which leaves out the fsync both wait for), with their ratios. Goal: <= 2x.
2. **Matching.** A store holding ``--others`` labels (default 100,000) of other articles plus
   one label for every answer of the L article (6,000 answers): ``store.labels_for(article)``
   (content ids of the 6,000 answers, the query, the mapping back to keys) against building the
   widget for that article without a store, ``ContextWidget(data)``, or if the front end is not
   built, ``Article.from_dict(data).to_dict()`` (the report says which). Goal: <= 1x.

Both on SQLite and on PostgreSQL: ``--pg URL`` names a database (its tables are created; use an
empty one), else a throwaway cluster is started from Debian's server binaries as the tests do
(``tests/pg.py``); ``--no-pg`` skips PostgreSQL. Results are printed and written to
``bench/out/labels.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from ctxwidget import Article
from ctxwidget.labels import LabelStore

from .data import article_dict
from .stats import quantile

OUT = Path(__file__).resolve().parent / "out"
_BASE_DDL = (
    "CREATE TABLE IF NOT EXISTS bench_plain (event_id TEXT PRIMARY KEY, time_us BIGINT NOT NULL,"
    " annotator TEXT NOT NULL, article TEXT NOT NULL, answer_id TEXT NOT NULL, old_label TEXT, new_label TEXT,"
    " action TEXT NOT NULL)"
)


def distinct_l() -> dict[str, Any]:
    """The L article (200 panels x 30 answers) with every answer distinct.

    L reuses a small pool of real answers (217 distinct in 6,000), and equal answers under
    one question share a content id and so a label; a suffix ``[panel.answer]`` on each
    answer's text makes 6,000 distinct answers, so 6,000 labels are 6,000 rows.
    """
    data = article_dict("L")
    panels = [
        {**panel, "answers": [{**a, "text": f"{a['text']} [{p}.{i}]"} for i, a in enumerate(panel["answers"])]}
        for p, panel in enumerate(data["panels"])
    ]
    return {**data, "panels": panels}


def summary_ms(values: list[float]) -> dict[str, float]:
    """Median and p99 of ``values`` (seconds), in milliseconds."""
    return {"median_ms": statistics.median(values) * 1e3, "p99_ms": quantile(values, 0.99) * 1e3, "n": len(values)}


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds of one call of ``fn``."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


class PlainInsert:
    """A plain INSERT + COMMIT of one event-sized row through the store's own driver and settings."""

    def __init__(self, store: LabelStore) -> None:
        backend = store._db  # the same connection settings as the store's
        self._pg = type(backend).__name__ == "PostgresBackend"
        self._conn = backend.connect()
        self._conn.execute(_BASE_DDL)
        self._sql = "INSERT INTO bench_plain VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        if self._pg:
            self._sql = self._sql.replace("?", "%s")

    def insert(self, article: str, answer_id: str, old: str | None, new: str) -> None:
        row = (uuid.uuid4().hex, time.time_ns() // 1000, "bench", article, answer_id, old, new, uuid.uuid4().hex)
        self._conn.execute("BEGIN" if self._pg else "BEGIN IMMEDIATE")
        self._conn.execute(self._sql, row)
        self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()


def commit_latency(location: str, labels: int) -> dict[str, Any]:
    """``store.set`` on the L article against a plain INSERT + COMMIT, alternating, ``labels`` of each."""
    article = Article.from_dict(distinct_l())
    slots = [(p.id or "", i) for p in article.panels for i in range(len(p.answers))]
    store = LabelStore(location)
    plain = PlainInsert(store)
    ours: list[tuple[float, float]] = []
    base: list[tuple[float, float]] = []
    try:
        for n in range(labels + 20):  # the first 20 warm up (prepared statements, page cache)
            pid, i = slots[n % len(slots)]
            label = f"label {n // len(slots) % 2}"  # every call changes the label
            a = timed(partial(store.set, article, pid, i, label, annotator="bench"))
            b = timed(partial(plain.insert, article.title, pid, None, label))
            if n >= 20:
                ours.append(a)
                base.append(b)
        written = len(store.history())
        if written != labels + 20:
            raise RuntimeError(f"{written} events for {labels + 20} calls: every call must change a label")
    finally:
        plain.close()
        store.close()
    result: dict[str, Any] = {}
    for kind, index in (("wall", 0), ("cpu", 1)):
        mine, theirs = summary_ms([s[index] for s in ours]), summary_ms([s[index] for s in base])
        result[kind] = {
            "store": mine,
            "plain_insert": theirs,
            "ratio_median": mine["median_ms"] / theirs["median_ms"],
            "ratio_p99": mine["p99_ms"] / theirs["p99_ms"],
        }
    return result


def _baseline() -> tuple[str, Callable[[dict[str, Any]], Any]]:
    try:
        from ctxwidget import ContextWidget

        ContextWidget(article_dict("S"))
    except Exception:
        return "Article.from_dict(data).to_dict()", lambda data: Article.from_dict(data).to_dict()
    return "ContextWidget(data)", lambda data: ContextWidget(data)


def matching(location: str, others: int, repeats: int) -> dict[str, Any]:
    """``labels_for`` of the 6,000-answer article in a store of ``others`` other labels, against building it."""
    data = distinct_l()
    article = Article.from_dict(data)
    keys = [f"{p.id}/{i}" for p in article.panels for i in range(len(p.answers))]
    store = LabelStore(location)
    filled = 0
    k = 0
    while filled < others:  # other articles: the same answers under other URLs
        other = Article.from_dict({**data, "url": f"https://bench.example/other/{k}"})
        batch = keys[: min(len(keys), others - filled)]
        store.set_many(other, dict.fromkeys(batch, "other"), annotator="bench")
        filled += len(batch)
        k += 1
    store.set_many(article, {key: ("yes" if n % 2 else "no") for n, key in enumerate(keys)}, annotator="bench")
    name, build = _baseline()
    ours: list[float] = []
    base: list[float] = []
    found = None
    for _ in range(repeats):
        fresh = Article.from_dict(data)  # a new object: nothing cached from the last round
        wall = time.perf_counter()
        found = store.labels_for(fresh, annotator="bench")
        ours.append(time.perf_counter() - wall)
        wall = time.perf_counter()
        build(data)
        base.append(time.perf_counter() - wall)
    store.close()
    if found is None or len(found.labels) != len(keys) or found.missing:
        raise RuntimeError(f"labels_for found {found}, expected {len(keys)} labels and none missing")
    mine, theirs = summary_ms(ours), summary_ms(base)
    return {
        "answers": len(keys),
        "other_labels": filled,
        "baseline": name,
        "store": mine,
        "build": theirs,
        "ratio_median": mine["median_ms"] / theirs["median_ms"],
    }


@contextlib.contextmanager
def postgres_server(args: argparse.Namespace) -> Iterator[Callable[[], str] | None]:
    """A PostgreSQL URL maker for the run (--pg, or a throwaway cluster), or None with --no-pg."""
    if args.no_pg:
        yield None
    elif args.pg:
        yield lambda: str(args.pg)
    else:
        import sys

        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.pg import postgres_server

        with postgres_server() as server:
            yield server.new_database


def main(argv: list[str] | None = None) -> int:
    """Run both measurements on SQLite (and PostgreSQL) and print and save the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.labels", description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=int, default=1000, help="labels per commit-latency sample set")
    parser.add_argument("--others", type=int, default=100_000, help="labels of other articles in the store")
    parser.add_argument("--repeats", type=int, default=7, help="matching rounds")
    parser.add_argument("--pg", help="a postgresql:// URL of an empty database (default: a throwaway cluster)")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--out", type=Path, default=OUT / "labels.json")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder, postgres_server(args) as new_pg:
        backends: list[tuple[str, Callable[[], str]]] = [
            ("sqlite", lambda: str(Path(folder) / f"{uuid.uuid4().hex}.db"))
        ]
        if new_pg is not None:
            backends.append(("postgres", new_pg))
        for name, new in backends:
            latency = commit_latency(new(), args.labels)
            match = matching(new(), args.others, args.repeats)
            results[name] = {"commit": latency, "matching": match}
            for kind in ("wall", "cpu"):
                row = latency[kind]
                print(
                    f"{name:8} commit {kind:4}: store median {row['store']['median_ms']:.3f} ms, "
                    f"p99 {row['store']['p99_ms']:.3f} ms; "
                    f"plain INSERT median {row['plain_insert']['median_ms']:.3f} ms, "
                    f"p99 {row['plain_insert']['p99_ms']:.3f} ms; ratio median {row['ratio_median']:.2f}x, "
                    f"p99 {row['ratio_p99']:.2f}x"
                )
            print(
                f"{name:8} matching: labels_for of {match['answers']} answers among {match['other_labels']} other "
                f"labels, median {match['store']['median_ms']:.1f} ms; {match['baseline']} median "
                f"{match['build']['median_ms']:.1f} ms; ratio {match['ratio_median']:.2f}x"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
