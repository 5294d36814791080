"""Pairwise metrics of a grouping against reference groups (NumPy only)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from math import comb
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["adjusted_rand_index", "balanced_accuracy", "pair_truth", "upper"]


def balanced_accuracy(truth: Sequence[bool] | NDArray[Any], predicted: Sequence[bool] | NDArray[Any]) -> float:
    """The mean recall over the classes present in ``truth`` (as scikit-learn computes it)."""
    y = np.asarray(truth, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    recalls = [float((p[y == cls] == cls).mean()) for cls in (False, True) if (y == cls).any()]
    return float(np.mean(recalls))


def adjusted_rand_index(truth: Sequence[object], predicted: Sequence[object]) -> float:
    """The adjusted Rand index of two labellings (1.0 = identical partitions, about 0 = chance)."""
    n = len(truth)
    if n != len(predicted):
        raise ValueError("the two labellings differ in length")
    pairs = comb(n, 2)
    both = sum(comb(c, 2) for c in Counter(zip(truth, predicted, strict=True)).values())
    a = sum(comb(c, 2) for c in Counter(truth).values())
    b = sum(comb(c, 2) for c in Counter(predicted).values())
    expected = a * b / pairs if pairs else 0.0
    top = (a + b) / 2
    if top == expected:
        return 1.0
    return (both - expected) / (top - expected)


def upper(n: int) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """The row and column indices of every pair ``i < j`` of ``n`` items, row-major."""
    rows, cols = np.triu_indices(n, 1)
    return rows, cols


def pair_truth(labels: Sequence[object]) -> NDArray[np.bool_]:
    """For every pair ``i < j`` (row-major), whether the two labels are equal."""
    ids: dict[tuple[type, object], int] = {}
    array = np.asarray([ids.setdefault((type(x), x), len(ids)) for x in labels])
    i, j = upper(len(array))
    result: NDArray[np.bool_] = array[i] == array[j]
    return result
