"""The learned pair classifier: features of two answers of one question, and the packaged weights.

The classifier was trained to reproduce the answer groups of the published
Discord Questions pipeline (its RoBERTa-large consolidation model) from
features that need only the small sentence model and the texts;
``research/grouping/train.py`` trains it and writes ``model/pair_model.json``.
Needs NumPy (part of the ``group`` extra).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ..model import Panel
from ._text import content_tokens, normalise
from .scoring import Matrix, jaccard_matrix, unit_rows

__all__ = [
    "FEATURES",
    "PAIR_MODEL",
    "PairModel",
    "load_pair_model",
    "pair_features",
    "panel_features",
    "panel_texts",
]

PAIR_MODEL = Path(__file__).parent / "model" / "pair_model.json"

#: The features of one answer pair, in the order the weights expect.
FEATURES = (
    "cos",  # cosine of the two answers' vectors
    "cos_projected",  # the same once the question's direction is projected out
    "cos_centred",  # cos_projected less the question's mean pair score (small panels shrunk to a prior)
    "cos_z",  # cos_centred over the question's standard deviation of pair scores
    "rank",  # log of the better of the two neighbour ranks (1 = each other's nearest)
    "question_mean",  # the question's mean projected pair score
    "answers",  # log of the number of answers of the question
    "jaccard",  # Jaccard overlap of the answers' content words
    "containment",  # shared content words over the smaller answer's
    "paragraph_jaccard",  # Jaccard overlap of the two paragraphs' content words
    "same_paragraph",  # both answers come from the same paragraph text
    "short",  # log(1 + words) of the shorter answer
    "long",  # log(1 + words) of the longer answer
    "question_cos",  # mean cosine of the two answers with the question
    "profile",  # correlation of the two answers' projected scores with every other answer
    "neighbours",  # Jaccard overlap of the two answers' five nearest neighbours
    "char_jaccard",  # Jaccard overlap of the answers' character trigrams
    "head",  # the answers share their last content word
)

#: Neighbours per answer for the ``neighbours`` feature.
NEIGHBOURS = 5


def _containment(tokens: Sequence[frozenset[str]]) -> Matrix:
    n = len(tokens)
    result = np.zeros((n, n), dtype=np.float64)
    for i in range(n):
        for j in range(i + 1, n):
            smaller = min(len(tokens[i]), len(tokens[j]))
            value = len(tokens[i] & tokens[j]) / smaller if smaller else 0.0
            result[i, j] = result[j, i] = value
    return result


def _ranks(scores: Matrix) -> Matrix:
    """For each pair, the better of the ranks of each answer among the other's neighbours (1 = nearest)."""
    n = len(scores)
    off = scores.copy()
    np.fill_diagonal(off, -np.inf)
    order = np.argsort(-off, axis=1, kind="stable")
    rank = np.empty((n, n), dtype=np.float64)
    rows = np.arange(n)[:, None]
    rank[rows, order] = np.arange(1, n + 1, dtype=np.float64)[None, :]
    result: Matrix = np.minimum(rank, rank.T)
    return result


def _profile(scores: Matrix) -> Matrix:
    n = len(scores)
    if n < 3:
        return np.zeros((n, n))
    rows = scores.copy()
    np.fill_diagonal(rows, np.nan)
    rows = rows - np.nanmean(rows, axis=1, keepdims=True)
    rows = np.nan_to_num(rows)
    result: Matrix = unit_rows(rows) @ unit_rows(rows).T
    return result


def _neighbours(scores: Matrix) -> Matrix:
    n = len(scores)
    k = min(NEIGHBOURS, n - 1)
    if k < 1:
        return np.zeros((n, n))
    off = scores.copy()
    np.fill_diagonal(off, -np.inf)
    near = np.zeros((n, n))
    near[np.arange(n)[:, None], np.argsort(-off, axis=1, kind="stable")[:, :k]] = 1.0
    near[np.arange(n), np.arange(n)] = 1.0  # each answer is in its own neighbourhood
    both = near @ near.T
    result: Matrix = both / (2 * (k + 1) - both)
    return result


def _trigrams(text: str) -> frozenset[str]:
    padded = f" {text} "
    return frozenset(padded[i : i + 3] for i in range(max(len(padded) - 2, 1)))


def _heads(tokens: Sequence[frozenset[str]], texts: Sequence[str]) -> Matrix:
    heads = []
    for words, text in zip(tokens, texts, strict=True):
        content = [w for w in text.split() if w in words]
        heads.append(content[-1] if content else None)
    n = len(heads)
    result = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if heads[i] is not None and heads[i] == heads[j]:
                result[i, j] = 1.0
    return result


def pair_features(
    answers: ArrayLike,
    question: ArrayLike,
    tokens: Sequence[frozenset[str]],
    paragraph_tokens: Sequence[frozenset[str]],
    same_paragraph: ArrayLike,
    words: Sequence[int],
    *,
    texts: Sequence[str],
    prior_mean: float,
    shrink_pairs: float = 10.0,
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The ``(n, n, len(FEATURES))`` features of every answer pair of one question.

    ``answers`` are the answers' embeddings, ``question`` the question's,
    ``tokens`` / ``paragraph_tokens`` the content words of each answer and of
    its paragraph, ``same_paragraph`` a boolean ``(n, n)`` matrix,
    ``words`` each answer's word count and ``texts`` the normalised answers. ``prior_mean`` pads the mean of a
    question with fewer than ``shrink_pairs`` pairs (see
    :class:`~ctxwidget.grouping.scoring.Scoring`).
    """
    rows = unit_rows(answers)
    n = len(rows)
    q = unit_rows(np.atleast_2d(np.asarray(question, dtype=np.float64)))[0]
    cos = rows @ rows.T
    along = rows @ q
    projected = unit_rows(rows - np.outer(along, q))
    cos_p = projected @ projected.T
    upper = cos_p[np.triu_indices(n, 1)]
    pad = max(shrink_pairs - upper.size, 0.0)
    mean = (float(upper.sum()) + pad * prior_mean) / (upper.size + pad) if upper.size + pad else prior_mean
    var = float(((upper - mean) ** 2).sum()) / upper.size if upper.size else 0.0
    std = max(var, 0.01) ** 0.5  # at least 0.1: a panel of two or three answers has no spread to speak of
    centred = cos_p - mean
    lengths = np.log1p(np.asarray(words, dtype=np.float64))
    planes = [
        cos,
        cos_p,
        centred,
        centred / std,
        np.log(_ranks(cos_p)) if n > 1 else np.zeros((n, n)),
        np.full((n, n), mean),
        np.full((n, n), np.log(max(n, 1))),
        jaccard_matrix(tokens),
        _containment(tokens),
        jaccard_matrix(paragraph_tokens),
        np.asarray(same_paragraph, dtype=np.float64),
        np.minimum.outer(lengths, lengths),
        np.maximum.outer(lengths, lengths),
        (along[:, None] + along[None, :]) / 2,
        _profile(cos_p),
        _neighbours(cos_p),
        jaccard_matrix([_trigrams(t) for t in texts]),
        _heads(tokens, texts),
    ]
    return np.stack(planes, axis=-1)


def panel_texts(panel: Panel) -> list[str]:
    """The texts of ``panel`` that :func:`panel_features` embeds: its normalised answers, then its question."""
    return [normalise(a.text) for a in panel.answers] + [normalise(panel.question)]


def panel_features(
    panel: Panel, vectors: Callable[[list[str]], Matrix], *, prior_mean: float
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """:func:`pair_features` of ``panel``'s answers; ``vectors`` maps texts of :func:`panel_texts` to embeddings.

    An answer without a paragraph (``context``) stands for its own paragraph.
    """
    texts = panel_texts(panel)
    embedded = vectors(texts)
    tokens = [content_tokens(a.text) for a in panel.answers]
    paragraph_tokens = [
        content_tokens(a.context) if a.context else t for a, t in zip(panel.answers, tokens, strict=True)
    ]
    contexts = [a.context for a in panel.answers]
    same = np.array([[a is not None and a == b for b in contexts] for a in contexts], dtype=bool).reshape(
        len(contexts), len(contexts)
    )
    words = [len(t.split()) for t in texts[:-1]]
    return pair_features(
        embedded[:-1], embedded[-1], tokens, paragraph_tokens, same, words, texts=texts[:-1], prior_mean=prior_mean
    )


@dataclass(frozen=True)
class PairModel:
    """A small feed-forward classifier over :data:`FEATURES` (a logistic regression when it has one layer)."""

    features: tuple[str, ...]
    mean: Matrix
    scale: Matrix
    layers: tuple[tuple[Matrix, Matrix], ...]
    threshold: float
    linkage: str
    prior_mean: float
    note: str

    def logits(self, features: np.ndarray[Any, np.dtype[np.float64]]) -> Matrix:
        """The log-odds that each pair belongs in one group, for an ``(..., len(features))`` array."""
        x = (features - self.mean) / self.scale
        for k, (weights, bias) in enumerate(self.layers):
            x = x @ weights + bias
            if k < len(self.layers) - 1:
                x = np.maximum(x, 0.0)
        result: Matrix = x[..., 0]
        return result

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PairModel:
        """The model from its JSON form (as :meth:`to_dict` writes it)."""
        features = tuple(str(f) for f in data["features"])
        if features != FEATURES:
            raise ValueError(f"pair model features {features} differ from this version's {FEATURES}")
        layers = tuple(
            (np.asarray(layer["weights"], dtype=np.float64), np.asarray(layer["bias"], dtype=np.float64))
            for layer in data["layers"]
        )
        return cls(
            features=features,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            layers=layers,
            threshold=float(data["threshold"]),
            linkage=str(data["linkage"]),
            prior_mean=float(data["prior_mean"]),
            note=str(data.get("note", "")),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, with weights rounded to 6 significant digits."""

        def r(a: Matrix) -> Any:
            return np.vectorize(lambda v: float(f"{v:.6g}"))(a).tolist()

        return {
            "note": self.note,
            "features": list(self.features),
            "mean": r(self.mean),
            "scale": r(self.scale),
            "layers": [{"weights": r(w), "bias": r(b)} for w, b in self.layers],
            "threshold": self.threshold,
            "linkage": self.linkage,
            "prior_mean": self.prior_mean,
        }


@functools.lru_cache(maxsize=1)
def load_pair_model() -> PairModel:
    """The packaged pair model (``model/pair_model.json``)."""
    return PairModel.from_dict(json.loads(PAIR_MODEL.read_text("utf-8")))
