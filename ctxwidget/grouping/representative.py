"""The representative answer of each group: the answer that names the group in a one-line view.

The rule is the content rule of :mod:`ctxwidget.rules` (the same as the front end's, pinned by
``tests/data/rules_fixture.json``): the member whose normalised text the most members share;
ties go to the shorter normalised text, then to the earlier answer. It needs no model, so it
applies to groups from any source.
"""

from __future__ import annotations

from ..model import Panel
from ..rules import group_order, representative

__all__ = ["representative", "representatives"]


def representatives(panel: Panel) -> list[int]:
    """For each group of ``panel``, largest first (as :attr:`Panel.groups`), the index of its representative.

    Indices are into ``panel.answers``; an answer without a group is its own representative.
    """
    return [representative(panel.answers, group) for group in group_order(panel.answers)]
