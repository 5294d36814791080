"""The representative answer of a group: the answer that names the group in a one-line view.

A rule on the texts alone (no model, no NumPy), so that any view can apply it
to the groups it is given:

1. the answers whose normalised text (:func:`~ctxwidget.grouping.normalise`)
   is the most common in the group;
2. among them, the medoid by word overlap: the highest mean Jaccard overlap of
   content words (:func:`~ctxwidget.grouping.content_tokens`) with the other
   members of the group;
3. then the shorter text (fewer characters), then the earlier answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..model import Answer, Panel
from ._text import content_tokens, normalise

__all__ = ["representative", "representatives"]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def representative(texts: Sequence[str | Answer]) -> int:
    """The index in ``texts`` (answer texts or :class:`Answer` objects of one group) of its representative.

    Raises :class:`ValueError` for an empty group.
    """
    strings = [t.text if isinstance(t, Answer) else t for t in texts]
    if not strings:
        raise ValueError("representative() needs at least one answer")
    keys = [normalise(s) for s in strings]
    counts = Counter(keys)
    top = max(counts.values())
    candidates = [i for i, k in enumerate(keys) if counts[k] == top]
    if len(candidates) == 1:
        return candidates[0]
    tokens = [content_tokens(s) for s in strings]
    others = len(strings) - 1

    def overlap(i: int) -> float:
        return sum(_jaccard(tokens[i], tokens[j]) for j in range(len(strings)) if j != i) / others

    return min(candidates, key=lambda i: (-round(overlap(i), 9), len(strings[i]), i))


def representatives(panel: Panel) -> list[int]:
    """For each group of ``panel`` in :attr:`Panel.groups` order (largest first), the index of its representative.

    Indices are into ``panel.answers``; an answer without a group is its own representative.
    """
    return [group[representative([panel.answers[i] for i in group])] for group in panel.groups]
