"""build_many: serial, on a thread pool, and on a Dask LocalCluster (two worker processes)."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path
from typing import Any

import pytest

from ctxwidget import ValidationError
from ctxwidget.pipeline import OfflineAnswerer, Settings, StoryInput, build_many, run
from ctxwidget.pipeline.cache import EmbeddingCache

from .pipeline_fixtures import bag_of_words, documents

QUESTIONS = ["When did inflation rise?", "Why did the central bank raise rates?", "Who won the cup final?"]


def stories() -> list[Any]:
    docs = documents()
    return [
        StoryInput("all", docs, "d1", QUESTIONS),
        {"id": "two", "documents": docs[:2], "anchor": "d2", "questions": QUESTIONS[:2]},
        StoryInput("bad anchor", docs, "nope", QUESTIONS),
        StoryInput(4, docs[1:], "d3", QUESTIONS),
    ]


def options(tmp_path: Path) -> dict[str, Any]:
    return {
        "answers": OfflineAnswerer(threshold=0.02),
        "groups": "exact",
        "rules": None,
        "settings": Settings(
            cache=EmbeddingCache(tmp_path / "cache", encoder=bag_of_words, namespace="test-bag-of-words")
        ),
    }


def check(result: Any, tmp_path: Path) -> None:
    assert list(result.articles) == ["all", "two", 4]
    assert list(result.errors) == ["bad anchor"]
    error = result.errors["bad anchor"]
    assert error.type == "ValidationError"
    assert error.message.startswith("anchor: no document has the id 'nope'")
    assert str(error).startswith("story 'bad anchor': ValidationError: anchor:")
    assert not result.ok
    alone = run(documents(), "d1", questions=QUESTIONS, **options(tmp_path))
    assert result.articles["all"] == alone.article
    assert result.discord_questions["all"] == alone.discord_questions


def test_serial(tmp_path: Path) -> None:
    check(build_many(stories(), **options(tmp_path)), tmp_path)


def test_thread_pool_equals_serial(tmp_path: Path) -> None:
    serial = build_many(stories(), **options(tmp_path))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        pooled = build_many(stories(), executor=pool, **options(tmp_path))
    check(pooled, tmp_path)
    assert pooled.articles == serial.articles
    assert pooled.discord_questions == serial.discord_questions


def test_story_ids_are_checked() -> None:
    with pytest.raises(ValidationError, match=r"^stories\[1\]\.id: 'a' is already the id of stories\[0\]"):
        build_many([StoryInput("a", [], "x"), StoryInput("a", [], "y")])
    with pytest.raises(ValidationError, match=r"^stories\[0\]\.anchor: is required"):
        build_many([{"id": "a", "documents": []}])
    with pytest.raises(ValidationError, match=r"^stories: expected a list"):
        build_many({"id": "a"})  # type: ignore[arg-type]


def test_dask_local_cluster_equals_serial(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="the dask extra: pip install 'ctxwidget[dask]'")
    serial = build_many(stories(), **options(tmp_path))
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, processes=True)
    try:
        with distributed.Client(cluster) as client:
            on_dask = build_many(stories(), executor=client.get_executor(), **options(tmp_path))
            workers = client.run(lambda: __import__("os").getpid())
    finally:
        cluster.close()
    assert len(set(workers.values())) == 2
    check(on_dask, tmp_path)
    assert on_dask.articles == serial.articles
    assert on_dask.discord_questions == serial.discord_questions
