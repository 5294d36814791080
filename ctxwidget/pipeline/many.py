"""``build_many``: many stories, serially or on any ``concurrent.futures.Executor`` (e.g. a Dask cluster's).

>>> from dask.distributed import Client, LocalCluster          # pip install 'ctxwidget[dask]'
>>> client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
>>> done = build_many(stories, executor=client.get_executor())
>>> done.articles["recession"], done.errors                      # {story id: Article}, {story id: StoryError}

A story that fails (bad input, a missing model, ...) is reported under its
id; the other stories are kept. Each worker loads the models once and shares
the disk embedding cache with the others.
"""

from __future__ import annotations

import concurrent.futures
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .. import fields as f
from ..errors import ValidationError
from ..model import Article
from .build import fold_options, run
from .progress import bar
from .settings import Settings, warn_renamed

__all__ = ["ManyResult", "StoryError", "StoryInput", "build_many"]


@dataclass(frozen=True)
class StoryInput:
    """One story to build: its documents, the anchor document's id and (optionally) the questions to ask.

    (Not :attr:`ctxwidget.Article.story`, the label an article carries.)
    """

    id: str | int
    documents: Any
    anchor: str | int
    questions: Any = None


@dataclass(frozen=True)
class StoryError:
    """Why one story failed: the exception's type and message (and the traceback, for debugging)."""

    id: str | int
    type: str
    message: str
    traceback: str = ""

    def __str__(self) -> str:
        return f"story {self.id!r}: {self.type}: {self.message}"


@dataclass
class ManyResult:
    """The articles built, the Discord Questions output and timings of each story, and the failures."""

    articles: dict[str | int, Article] = field(default_factory=dict)
    discord_questions: dict[str | int, list[dict[str, Any]]] = field(default_factory=dict)
    timings: dict[str | int, dict[str, float]] = field(default_factory=dict)
    errors: dict[str | int, StoryError] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether every story was built."""
        return not self.errors


def _stories(stories: Iterable[StoryInput | Mapping[str, Any]]) -> list[StoryInput]:
    out: list[StoryInput] = []
    seen: dict[str | int, str] = {}
    if isinstance(stories, (str, bytes, Mapping)):
        raise ValidationError(f"expected a list of stories, got {f.kind(stories)}", path="stories")
    for i, item in enumerate(list(stories)):
        path = f"stories[{i}]"
        if isinstance(item, StoryInput):
            story = item
        else:
            raw = f.mapping(item, path)
            story = StoryInput(
                id=f.get(raw, "id", path),
                documents=f.get(raw, "documents", path),
                anchor=f.get(raw, "anchor", path),
                questions=f.get(raw, "questions", path, required=False),
            )
        f.identifier(story.id, f"{path}.id")
        f.unique_id(seen, story.id, path, "story")
        out.append(story)
    return out


def _build_one(story: StoryInput, options: dict[str, Any]) -> tuple[str, Any]:
    """Run one story; never raises, so any executor can carry the outcome back (picklable)."""
    try:
        result = run(story.documents, story.anchor, questions=story.questions, **options)
    except Exception as exc:
        return "error", (type(exc).__name__, str(exc), traceback.format_exc(limit=8))
    return "ok", (result.article, result.discord_questions, result.timings)


def build_many(
    stories: Iterable[StoryInput | Mapping[str, Any]],
    executor: concurrent.futures.Executor | None = None,
    **options: Any,
) -> ManyResult:
    """Build every story (a :class:`StoryInput` or ``{"id", "documents", "anchor", "questions"?}``).

    ``executor=None`` runs them one after the other here; any
    :class:`concurrent.futures.Executor` (a process pool, or
    ``dask.distributed.Client(...).get_executor()``) runs them there, one task
    per story. ``options`` are those of :func:`~ctxwidget.pipeline.build`
    (each must be picklable to travel to a process or a cluster); per-story
    progress bars are off unless ``settings.progress`` is ``True``, and one
    bar counts stories.
    Results come back in the order of ``stories`` whatever the order they
    finish in, and equal a serial run's.
    """
    listed = _stories(stories)
    options = fold_options(options, "build_many")
    settings = options.get("settings") or Settings()
    show = settings.progress
    options["settings"] = replace(settings, progress=bool(show))
    outcomes: dict[int, tuple[str, Any]] = {}
    if executor is None:
        for i, story in enumerate(bar(listed, desc="stories", total=len(listed), progress=show)):
            outcomes[i] = _build_one(story, options)
    else:
        futures = {executor.submit(_build_one, story, options): i for i, story in enumerate(listed)}
        done = concurrent.futures.as_completed(futures)
        for future in bar(done, desc="stories", total=len(futures), progress=show):
            i = futures[future]
            try:
                outcomes[i] = future.result()
            except Exception as exc:  # the executor itself failed (a worker died, ...)
                outcomes[i] = "error", (type(exc).__name__, str(exc), traceback.format_exc(limit=8))
    result = ManyResult()
    for i, story in enumerate(listed):
        status, payload = outcomes[i]
        if status == "ok":
            article, questions, timings = payload
            result.articles[story.id] = article
            result.discord_questions[story.id] = questions
            result.timings[story.id] = timings
        else:
            kind, message, trace = payload
            result.errors[story.id] = StoryError(story.id, kind, message, trace)
    return result


def __getattr__(name: str) -> Any:
    if name == "Story":
        warn_renamed("ctxwidget.pipeline.Story", "ctxwidget.pipeline.StoryInput")
        return StoryInput
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
