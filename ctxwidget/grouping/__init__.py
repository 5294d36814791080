"""Group the answers of each "More Context" panel that say the same thing.

>>> from ctxwidget import group_answers, verdict
>>> grouped = group_answers(article)                   # needs pip install 'ctxwidget[group]'
>>> grouped = group_answers(article, method="exact")   # no extra: equal normalised texts
>>> [verdict(panel) for panel in grouped.panels]       # "consensus" or "discord"

The embedding method and its measurement on NAnCo are described in
``docs/grouping.md``; ``python -m research.grouping.nanco`` (in the repository,
outside the package) reproduces it.
"""

from __future__ import annotations

from ..rules import verdict
from ._deps import EXTRA_HINT
from ._text import content_tokens, normalise
from .core import Method, Verdict, classify, group_answers, group_texts
from .representative import representative, representatives

__all__ = [
    "EXTRA_HINT",
    "Method",
    "Verdict",
    "classify",
    "content_tokens",
    "group_answers",
    "group_texts",
    "normalise",
    "representative",
    "representatives",
    "verdict",
]
