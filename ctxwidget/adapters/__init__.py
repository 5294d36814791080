"""Adapters: other formats in, tables out (pandas is an optional extra).

- :func:`from_discord_questions`: Discord Questions pipeline output as an annotated article;
- :func:`from_nanco`: the NAnCo answer-consolidation dataset as a set of panels;
- :func:`answers_frame` / :func:`article_from_frame`: an article's answers as a pandas DataFrame and back
  (``Article.answers_frame()`` and ``Article.from_frame()`` call these).
"""

from __future__ import annotations

from .._extras import require_pandas
from .discord_questions import assign_groups, detect_copies, from_discord_questions
from .frames import ANSWER_COLUMNS, answers_frame, article_from_frame, from_frame
from .nanco import from_nanco

__all__ = [
    "ANSWER_COLUMNS",
    "answers_frame",
    "article_from_frame",
    "assign_groups",
    "detect_copies",
    "from_discord_questions",
    "from_frame",
    "from_nanco",
    "require_pandas",
]
