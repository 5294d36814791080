"""Labels that are never lost: :class:`LabelStore` keeps annotators' labels of answers on disk.

An SQLite file by default (no server), or a PostgreSQL database for a team. Labels are keyed by
the answer's content (:func:`answer_id`), every change is an event in an append-only history,
and agreement between annotators is Krippendorff's alpha. See :mod:`ctxwidget.labels.store`.
"""

from __future__ import annotations

from .backend import SCHEMA_VERSION, LabelStoreError
from .identity import answer_id, article_key, default_annotator
from .store import ArticleLabels, LabelStore

__all__ = [
    "SCHEMA_VERSION",
    "ArticleLabels",
    "LabelStore",
    "LabelStoreError",
    "answer_id",
    "article_key",
    "default_annotator",
]
