"""Pair scores from sentence embeddings, and the clustering that turns them into groups.

Needs NumPy (part of the ``group`` extra). Everything works on one question at
a time: an ``(n, n)`` matrix of pair scores between its ``n`` answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "DEFAULT_SCORING",
    "DEFAULT_THRESHOLD",
    "Matrix",
    "Scoring",
    "cluster",
    "cosine_matrix",
    "jaccard_matrix",
    "pair_scores",
    "unit_rows",
]

Matrix = NDArray[np.float64]
Normalisation = Literal["none", "centre", "z"]
Linkage = Literal["average", "single", "complete"]


@dataclass(frozen=True)
class Scoring:
    """How the answers of one question are scored in pairs and joined into groups.

    - ``project_question``: remove each answer vector's component along the
      question's vector before the cosine, so that words every answer shares
      with the question stop counting as agreement.
    - ``normalise``: ``"centre"`` subtracts the question's own mean pair score,
      ``"z"`` also divides by its standard deviation, ``"none"`` keeps the raw
      cosine. A panel with fewer than ``shrink_pairs`` answer pairs (fewer
      than five answers for 10) is padded up to that many pairs at
      ``prior_mean`` / ``prior_std``, so that two or three answers are not
      centred on their own one or three pairs; larger panels use their own
      statistics exactly.
    - ``context_weight`` / ``lexical_weight``: mix in the cosine of the
      answers' paragraphs, or the Jaccard overlap of their content words.
    - ``linkage``: ``"average"`` joins two groups while the mean score between
      them is above the threshold; ``"single"`` while any pair is (the
      connected components of the thresholded pair graph); ``"complete"``
      while every pair is.
    """

    project_question: bool = True
    normalise: Normalisation = "centre"
    context_weight: float = 0.0
    lexical_weight: float = 0.0
    linkage: Linkage = "average"
    prior_mean: float | None = None
    prior_std: float | None = None
    shrink_pairs: float = 10.0


#: The variant chosen on the NAnCo validation questions (see docs/grouping.md);
#: ``prior_mean`` is the mean pair score of those questions (no labels used).
DEFAULT_SCORING = Scoring(project_question=True, normalise="centre", linkage="average", prior_mean=0.34)
#: The threshold chosen for it on the validation questions (mean of their best thresholds).
DEFAULT_THRESHOLD = 0.1175


def unit_rows(vectors: ArrayLike) -> Matrix:
    """``vectors`` as float64 rows scaled to length 1 (zero rows stay zero)."""
    array = np.asarray(vectors, dtype=np.float64)
    if array.ndim != 2:
        raise ValueError(f"expected a 2-d array of vectors, got shape {array.shape}")
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    result: Matrix = array / np.maximum(norms, 1e-12)
    return result


def cosine_matrix(vectors: ArrayLike) -> Matrix:
    """The cosine similarity of every pair of rows."""
    rows = unit_rows(vectors)
    result: Matrix = rows @ rows.T
    return result


def jaccard_matrix(token_sets: Sequence[frozenset[str]]) -> Matrix:
    """The Jaccard overlap of every pair of token sets (0 when both are empty)."""
    n = len(token_sets)
    result = np.zeros((n, n), dtype=np.float64)
    for i in range(n):
        for j in range(i, n):
            union = len(token_sets[i] | token_sets[j])
            value = len(token_sets[i] & token_sets[j]) / union if union else 0.0
            result[i, j] = result[j, i] = value
    return result


def _normalised(scores: Matrix, scoring: Scoring) -> Matrix:
    if scoring.normalise == "none":
        return scores
    n = len(scores)
    upper = scores[np.triu_indices(n, 1)]
    # A panel with fewer than ``shrink_pairs`` pairs is padded up to that many with the prior.
    pad = max(scoring.shrink_pairs - upper.size, 0.0)
    pad_mean = pad if scoring.prior_mean is not None else 0.0
    count = upper.size + pad_mean
    prior = scoring.prior_mean or 0.0
    mean = (float(upper.sum()) + pad_mean * prior) / count if count else prior
    result: Matrix = scores - mean
    if scoring.normalise == "z":
        pad_std = pad if scoring.prior_std is not None else 0.0
        prior_var = (scoring.prior_std or 0.0) ** 2
        count = upper.size + pad_std
        var = (float(((upper - mean) ** 2).sum()) + pad_std * prior_var) / count if count else prior_var
        result = result / max(var**0.5, 1e-6)
    return result


def pair_scores(
    answers: ArrayLike,
    *,
    question: ArrayLike | None = None,
    contexts: ArrayLike | None = None,
    tokens: Sequence[frozenset[str]] | None = None,
    scoring: Scoring = DEFAULT_SCORING,
) -> Matrix:
    """The ``(n, n)`` matrix of pair scores of one question's answers.

    ``answers`` (and ``contexts``) are the embeddings of the answer spans (and
    of their paragraphs), ``question`` the embedding of the question, and
    ``tokens`` the content words of each answer; each is needed only when
    ``scoring`` uses it. Higher means more alike; the scale depends on
    ``scoring.normalise``.
    """
    rows = unit_rows(answers)
    if scoring.project_question and question is not None:
        q = unit_rows(np.atleast_2d(np.asarray(question, dtype=np.float64)))[0]
        rows = unit_rows(rows - np.outer(rows @ q, q))
    scores: Matrix = rows @ rows.T
    if scoring.context_weight:
        if contexts is None:
            raise ValueError("scoring.context_weight needs the contexts' embeddings")
        w = scoring.context_weight
        scores = (1.0 - w) * scores + w * cosine_matrix(contexts)
    if scoring.lexical_weight:
        if tokens is None:
            raise ValueError("scoring.lexical_weight needs the answers' tokens")
        w = scoring.lexical_weight
        scores = (1.0 - w) * scores + w * jaccard_matrix(tokens)
    return _normalised(scores, scoring)


def cluster(
    scores: ArrayLike,
    units: Sequence[Sequence[int]],
    threshold: float,
    *,
    linkage: Linkage = "average",
    must: ArrayLike | None = None,
    forbid: ArrayLike | None = None,
) -> list[int]:
    """Agglomerative clustering of ``units`` (lists of answer indices) on answer pair ``scores``.

    Starts with one cluster per unit and repeatedly joins the two clusters
    whose linkage score (mean, or maximum for ``"single"``, minimum for ``"complete"``, over the answer
    pairs between them) is highest, while it is above ``threshold``. ``must``
    and ``forbid`` are boolean ``(units, units)`` matrices: unit pairs that are
    joined first whatever their score, and unit pairs that never end up in one
    cluster. Returns, for each unit, the index of its cluster's first unit.
    """
    s = np.asarray(scores, dtype=np.float64)
    m = len(units)
    if m == 0:
        return []
    member = np.zeros((m, len(s)), dtype=np.float64)
    for u, indices in enumerate(units):
        member[u, list(indices)] = 1.0
    sizes = member.sum(axis=1)
    if linkage == "average":
        sim = (member @ s @ member.T) / np.outer(sizes, sizes)
    else:
        pick = np.max if linkage == "single" else np.min
        sim = np.full((m, m), -np.inf)
        for u in range(m):
            for v in range(u + 1, m):
                sim[u, v] = sim[v, u] = pick(s[np.ix_(list(units[u]), list(units[v]))])
    must_m = np.zeros((m, m), dtype=bool) if must is None else np.array(must, dtype=bool)
    forbid_m = np.zeros((m, m), dtype=bool) if forbid is None else np.array(forbid, dtype=bool)
    alive = np.ones(m, dtype=bool)
    owner = np.arange(m)
    while alive.sum() > 1:
        effective = np.where(must_m, np.inf, sim)
        effective[forbid_m] = -np.inf
        effective[~alive, :] = -np.inf
        effective[:, ~alive] = -np.inf
        np.fill_diagonal(effective, -np.inf)
        flat = int(np.argmax(effective))
        i, j = divmod(flat, m)
        if not effective[i, j] > threshold:
            break
        i, j = min(i, j), max(i, j)
        if linkage == "average":
            merged = (sizes[i] * sim[i] + sizes[j] * sim[j]) / (sizes[i] + sizes[j])
        elif linkage == "single":
            merged = np.maximum(sim[i], sim[j])
        else:
            merged = np.minimum(sim[i], sim[j])
        sim[i, :] = merged
        sim[:, i] = merged
        must_m[i, :] |= must_m[j, :]
        must_m[:, i] = must_m[i, :]
        forbid_m[i, :] |= forbid_m[j, :]
        forbid_m[:, i] = forbid_m[i, :]
        sizes[i] += sizes[j]
        alive[j] = False
        owner[owner == j] = i
    return [int(x) for x in owner]
