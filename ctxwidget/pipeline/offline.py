"""The offline answer step: the packaged embedding model, no download.

For each question and each document it scores every paragraph with a small
linear model over seven features (:data:`FEATURES`), keeps the best
paragraph of the document if its score passes ``threshold`` (else the
document does not answer), and answers with the sentence of that paragraph
closest to the question, cut to its closest clause when the sentence is long.
The weights were fitted on half of the questions of the real Discord
Questions output for the recession story (``research/pipeline/``); the README
gives the agreement with that pipeline and its limits.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .cache import EmbeddingCache
from .records import Document, Question, Span
from .settings import Settings, settings_from
from .steps import OfflineStep
from .text import answer_type_match, clauses, content_words, sentences

__all__ = ["DEFAULT_THRESHOLD", "DEFAULT_WEIGHTS", "FEATURES", "Features", "OfflineAnswerer", "features"]

#: The features of a (question, paragraph) pair, in the order of ``Features.values``.
FEATURES = (
    "paragraph",  # cosine of the question and the paragraph
    "sentence",  # cosine of the question and the paragraph's closest sentence
    "lexical",  # share of the question's content words (IDF-weighted) found in the paragraph
    "length",  # log(1 + characters of the paragraph)
    "position",  # paragraph index / number of paragraphs of its document
    "type",  # the paragraph holds what the question asks for (date, number, name): 1, 0, or 0.5
    "zscore",  # the paragraph cosine standardised over every paragraph of the corpus, per question
)
#: Logistic-regression weights fitted by research/pipeline/fit.py on the tuning questions ("bias": intercept).
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "paragraph": -3.7702,
    "sentence": 2.2191,
    "lexical": 1.3656,
    "length": 0.5423,
    "position": -0.9176,
    "type": 0.6531,
    "zscore": 1.09,
    "bias": -6.3,
}
#: A document answers when its best paragraph's probability is above this (the best balanced accuracy
#: on the tuning questions; higher thresholds answer less often but pick the real pipeline's paragraph
#: more often, see research/pipeline/RESULTS.md).
DEFAULT_THRESHOLD = 0.1


@dataclass(frozen=True)
class Features:
    """The feature values of every (question, paragraph) pair of a corpus.

    ``units[u]`` is ``(document index, pidx)`` of paragraph ``u`` (blank
    paragraphs are left out); ``values[q, u, k]`` is feature ``FEATURES[k]``.
    """

    units: list[tuple[int, int]]
    values: np.ndarray[Any, Any]
    sentence_vectors: np.ndarray[Any, Any]
    question_vectors: np.ndarray[Any, Any]
    sentence_texts: list[str]
    sentence_unit: np.ndarray[Any, Any]

    def column(self, name: str) -> np.ndarray[Any, Any]:
        """The ``(questions, paragraphs)`` matrix of one feature."""
        return np.asarray(self.values[:, :, FEATURES.index(name)])

    def linear(self, weights: Mapping[str, float]) -> np.ndarray[Any, Any]:
        """``bias + sum(weight * feature)`` for every pair; features missing from ``weights`` weigh 0."""
        unknown = set(weights) - set(FEATURES) - {"bias"}
        if unknown:
            raise ValueError(f"unknown feature(s) {sorted(unknown)}; the features are {', '.join(FEATURES)}")
        w = np.array([float(weights.get(name, 0.0)) for name in FEATURES])
        out: np.ndarray[Any, Any] = self.values @ w + float(weights.get("bias", 0.0))
        return out


def _units(documents: Sequence[Document]) -> tuple[list[tuple[int, int]], list[str]]:
    units, texts = [], []
    for d, doc in enumerate(documents):
        for pidx, paragraph in enumerate(doc.paragraphs):
            if paragraph.strip():
                units.append((d, pidx))
                texts.append(paragraph.strip())
    return units, texts


def features(
    documents: Sequence[Document],
    questions: Sequence[Question],
    cache: EmbeddingCache,
    *,
    paragraph_vectors: str = "encode",
) -> Features:
    """Compute :data:`FEATURES` for every question and every non-blank paragraph of ``documents``.

    ``paragraph_vectors="encode"`` embeds whole paragraphs; ``"mean"`` uses the
    normalised mean of their sentences' vectors (half the model work).
    """
    units, texts = _units(documents)
    sent_texts: list[str] = []
    sent_unit: list[int] = []
    for u, text in enumerate(texts):
        for s in sentences(text) or [text]:
            sent_texts.append(s)
            sent_unit.append(u)
    unit_of = np.array(sent_unit, dtype=np.int64)
    qv = np.asarray(cache([q.text for q in questions]), dtype=np.float64)
    sv = np.asarray(cache(sent_texts), dtype=np.float64)
    if paragraph_vectors == "encode":
        pv = np.asarray(cache(texts), dtype=np.float64)
    elif paragraph_vectors == "mean":
        pv = np.zeros((len(texts), sv.shape[1]))
        np.add.at(pv, unit_of, sv)
        pv /= np.maximum(np.linalg.norm(pv, axis=1, keepdims=True), 1e-12)
    else:
        raise ValueError(f"paragraph_vectors must be 'encode' or 'mean', got {paragraph_vectors!r}")

    nq, nu = len(questions), len(texts)
    cos_p = qv @ pv.T
    cos_s = qv @ sv.T
    best_s = np.full((nq, nu), -1.0)
    for q in range(nq):
        np.maximum.at(best_s[q], unit_of, cos_s[q])

    words = [set(content_words(t)) for t in texts]
    df: dict[str, int] = {}
    for ws in words:
        for w in ws:
            df[w] = df.get(w, 0) + 1
    lexical = np.zeros((nq, nu))
    for q, question in enumerate(questions):
        qw = list(dict.fromkeys(content_words(question.text)))
        idf = {w: math.log((nu + 1) / (df.get(w, 0) + 1)) + 1.0 for w in qw}
        total = sum(idf.values())
        if total:
            for u, ws in enumerate(words):
                lexical[q, u] = sum(v for w, v in idf.items() if w in ws) / total

    length = np.array([math.log1p(len(t)) for t in texts])
    position = np.array([pidx / len(documents[d].paragraphs) for d, pidx in units])
    kinds: dict[str, np.ndarray[Any, Any]] = {}
    type_match = np.zeros((nq, nu))
    for q, question in enumerate(questions):
        key = question.text
        if key not in kinds:
            kinds[key] = np.array([answer_type_match(question.text, t) for t in texts])
        type_match[q] = kinds[key]
    mean = cos_p.mean(axis=1, keepdims=True)
    std = np.maximum(cos_p.std(axis=1, keepdims=True), 1e-9)
    zscore = (cos_p - mean) / std

    values = np.stack(
        [
            cos_p,
            best_s,
            lexical,
            np.broadcast_to(length, (nq, nu)),
            np.broadcast_to(position, (nq, nu)),
            type_match,
            zscore,
        ],
        axis=-1,
    )
    return Features(units, values, sv, qv, sent_texts, unit_of)


def _sigmoid(x: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    out: np.ndarray[Any, Any] = 1.0 / (1.0 + np.exp(-np.clip(x, -50, 50)))
    return out


def _trim(text: str) -> str:
    text = text.strip().strip("\"“”'‘’").strip()
    while text and text[-1] in ".,;:!?":
        text = text[:-1].rstrip()
    return text or "no answer"


@dataclass(frozen=True)
class OfflineAnswerer(OfflineStep):
    """The offline answer step (see the module docstring); every parameter is a tuning knob.

    A step: ``answerer(documents, questions, settings)``; it embeds through
    ``settings.embeddings`` (the run's cache) with the run's batch size and
    progress.

    ``threshold``: the probability a document's best paragraph needs to
    count as an answer (higher: fewer answers). ``weights``: the linear
    model over :data:`FEATURES`. ``max_words``: a best sentence longer than
    this is cut to its clause closest to the question (0: never cut).
    """

    threshold: float = DEFAULT_THRESHOLD
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    paragraph_vectors: str = "encode"
    max_words: int = 30

    def probabilities(self, feats: Features) -> np.ndarray[Any, Any]:
        """The ``(questions, paragraphs)`` probability that a paragraph answers a question."""
        return _sigmoid(feats.linear(self.weights))

    def __call__(
        self,
        documents: Sequence[Document],
        questions: Sequence[Question],
        settings: Settings | None = None,
        **deprecated: Any,
    ) -> list[list[Span]]:
        """For each question, one :class:`Span` per answering document, in document order."""
        from .progress import bar

        settings = settings_from(settings, deprecated, "OfflineAnswerer.__call__").resolved()
        cache = settings.embeddings
        progress = settings.progress

        feats = features(documents, questions, cache, paragraph_vectors=self.paragraph_vectors)
        prob = self.probabilities(feats)
        doc_of = np.array([d for d, _ in feats.units])
        cos_s = feats.question_vectors @ feats.sentence_vectors.T
        picks: list[list[tuple[int, int, int]]] = []  # (doc, unit, sentence)
        for q in bar(range(len(questions)), desc="answers", total=len(questions), progress=progress):
            chosen = []
            for d in range(len(documents)):
                mine = np.flatnonzero(doc_of == d)
                if not len(mine):
                    continue
                u = int(mine[np.argmax(prob[q, mine])])
                if prob[q, u] <= self.threshold:
                    continue
                in_unit = np.flatnonzero(feats.sentence_unit == u)
                s = int(in_unit[np.argmax(cos_s[q, in_unit])])
                chosen.append((d, u, s))
            picks.append(chosen)

        long_clauses: dict[str, list[str]] = {}
        if self.max_words:
            for chosen in picks:
                for _, _, s in chosen:
                    text = feats.sentence_texts[s]
                    if len(text.split()) > self.max_words and text not in long_clauses:
                        long_clauses[text] = clauses(text)
        flat = sorted({c for cs in long_clauses.values() for c in cs})
        clause_vec = np.asarray(cache(flat), dtype=np.float64) if flat else np.zeros((0, 0))
        row = {c: i for i, c in enumerate(flat)}

        out: list[list[Span]] = []
        for q, chosen in enumerate(picks):
            spans = []
            for d, u, s in chosen:
                text = feats.sentence_texts[s]
                pieces = long_clauses.get(text)
                if pieces and len(pieces) > 1:
                    sims = clause_vec[[row[c] for c in pieces]] @ feats.question_vectors[q]
                    text = pieces[int(np.argmax(sims))]
                doc = documents[d]
                spans.append(Span(doc.id, feats.units[u][1], _trim(text), round(float(prob[q, u]), 6)))
            out.append(spans)
        return out
