"""Measure answer grouping on NAnCo with the published Discord Questions protocol.

Run ``python -m research.grouping.nanco`` from the repository root (needs ``pip install 'ctxwidget[group]'``;
the Louvain variant also needs ``networkx``, and is skipped without it). It calls only the public
``ctxwidget.grouping`` API.

The protocol (NAnCo.ipynb in salesforce/discord_questions): every answer pair
within a question is an example, labelled 1 when the two answers have the same
``cluster_global``. A variant's threshold is chosen on the validation
questions Q2, Q3, Q5 and Q6 only: for each, the grid value (steps of 0.01,
score ``> t`` predicts 1) with the best balanced accuracy, the first on ties;
the threshold is the mean of the four. The test score is the balanced accuracy
at that threshold on each test question Q4, Q7, Q8 and Q9, and their mean.
Any weight of a variant is chosen on validation too, and so is the variant.

Two kinds of variant are measured:

- ``pairs``: a pair score thresholded directly (exactly the published setup;
  a pair of identical answer strings gets the question's highest score, 1.0
  for the raw cosine, as published);
- ``groups``: the groups that :func:`~ctxwidget.grouping.group_answers`
  builds at the threshold, read as pair predictions (same group = 1). These
  also get the adjusted Rand index of the groups against ``cluster_global``.

The variant with the best mean validation balanced accuracy at its chosen
threshold is selected; no choice looks at the test questions.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import numpy as np
from numpy.typing import NDArray

from ctxwidget import Answer, Article, Panel, ValidationError
from ctxwidget.grouping import content_tokens, group_answers, normalise
from ctxwidget.grouping.embedding import encode
from ctxwidget.grouping.pairs import panel_texts
from ctxwidget.grouping.scoring import (
    DEFAULT_SCORING,
    DEFAULT_THRESHOLD,
    Matrix,
    Scoring,
    cosine_matrix,
    jaccard_matrix,
    pair_scores,
)

from .metrics import adjusted_rand_index, balanced_accuracy, pair_truth
from .metrics import upper as _upper

__all__ = [
    "GRID",
    "PUBLISHED",
    "TEST",
    "VALIDATION",
    "Evaluation",
    "Question",
    "Row",
    "adjusted_rand_index",
    "balanced_accuracy",
    "load_nanco",
    "main",
    "markdown",
    "run",
]

VALIDATION = ("Q2", "Q3", "Q5", "Q6")
TEST = ("Q4", "Q7", "Q8", "Q9")
#: The threshold grid: the published one (0 to 5 in steps of 0.01) extended down to -1 for centred scores.
GRID: NDArray[np.float64] = np.round(np.arange(-1.0, 5.0, 0.01), 2)
#: Published test balanced accuracies (NAnCo.ipynb): Q4, Q7, Q8, Q9 and their mean.
PUBLISHED: dict[str, tuple[float, float, float, float, float]] = {
    "RoBERTa-large consolidation (Discord Questions)": (0.659130, 0.888872, 0.752381, 0.951475, 0.812965),
    "STS-BertB (stsb-bert-base cosine)": (0.542101, 0.804275, 0.607563, 0.978528, 0.733117),
    "STS-MPNet (all-mpnet-base-v2 cosine)": (0.706304, 0.775066, 0.695238, 0.743152, 0.729940),
    "MNLI (roberta-large-mnli, entailment)": (0.497609, 0.574490, 0.500000, 0.748466, 0.580141),
}
DOCS_START = "<!-- evaluation:start -->"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
DOCS_END = "<!-- evaluation:end -->"


# -- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One NAnCo question: its answer spans, their paragraphs and the gold clusters."""

    qid: str
    question: str
    answers: tuple[str, ...]
    contexts: tuple[str, ...]
    urls: tuple[str, ...]
    clusters: tuple[int, ...]

    @property
    def sentences(self) -> tuple[str, ...]:
        """For each answer, the sentence of its paragraph that holds the span (else the paragraph)."""
        result = []
        for answer, paragraph in zip(self.answers, self.contexts, strict=True):
            found = [s for s in _SENTENCE_END.split(paragraph) if answer in s]
            result.append(found[0] if found else paragraph)
        return tuple(result)

    def panel(self) -> Panel:
        """The question as a panel with ungrouped answers (source = the URL's host)."""
        answers = tuple(
            Answer(source=_domain(url), text=text, url=url if url.startswith("http") else None, context=context)
            for text, context, url in zip(self.answers, self.contexts, self.urls, strict=True)
        )
        return Panel(question=self.question, answers=answers, id=self.qid)


def _domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    try:
        Answer(source=host, text="-")
    except (ValueError, ValidationError):
        return "unknown.example"
    return host


def default_data_path() -> Path:
    """The repository's ``examples/data/nanco_dataset.json`` (from the working directory, else from here)."""
    here = Path(__file__).resolve()
    candidates = [
        Path.cwd() / "examples" / "data" / "nanco_dataset.json",
        here.parents[2] / "examples" / "data" / "nanco_dataset.json",
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(
        "nanco_dataset.json not found; pass --data PATH (tried " + ", ".join(map(str, candidates)) + ")"
    )


def load_nanco(path: str | Path | None = None) -> dict[str, Question]:
    """The NAnCo questions by qid (``Q2`` ... ``Q9``), answers in file order."""
    data = json.loads(Path(path or default_data_path()).read_text("utf-8"))
    questions: dict[str, Question] = {}
    for entry in data:
        answers = entry["answers"]
        qid = str(answers[0]["qid"])
        questions[qid] = Question(
            qid=qid,
            question=str(entry["question"]).strip(),
            answers=tuple(str(a["Answer"]) for a in answers),
            contexts=tuple(str(a["Paragraph"]) for a in answers),
            urls=tuple(str(a["Article URL"]) for a in answers),
            clusters=tuple(int(a["cluster_global"]) for a in answers),
        )
    missing = [q for q in VALIDATION + TEST if q not in questions]
    if missing:
        raise ValueError(f"{path}: questions {', '.join(missing)} are missing")
    return questions


# -- metrics --------------------------------------------------------------------------------


def _best_threshold(
    scores: NDArray[np.float64], truth: NDArray[np.bool_], grid: NDArray[np.float64]
) -> tuple[float, float]:
    best, best_t = -1.0, float(grid[0])
    for t in grid:
        accuracy = balanced_accuracy(truth, scores > t)
        if accuracy > best:
            best, best_t = accuracy, float(t)
    return best_t, best


# -- variants -------------------------------------------------------------------------------


class _Vectors:
    """Embeddings of every text the variants need, computed once."""

    def __init__(
        self, questions: Sequence[Question], encoder: Callable[[list[str]], Any] | None, backend: str = "auto"
    ) -> None:
        texts: dict[str, int] = {}
        for q in questions:
            qa = (f"{q.question} {a}" for a in q.answers)
            for text in (q.question, *q.answers, *q.contexts, *q.sentences, *qa, *panel_texts(q.panel())):
                texts.setdefault(text, len(texts))
        self.row = texts
        self.matrix = encode(list(texts), encoder=encoder, backend=backend)  # type: ignore[arg-type]

    def __call__(self, texts: Sequence[str]) -> Matrix:
        result: Matrix = self.matrix[[self.row[t] for t in texts]]
        return result


PairScorer = Callable[[Question, "_Vectors", float], Matrix]


@dataclass(frozen=True)
class Variant:
    """One way of scoring (``kind="pairs"``) or grouping (``kind="groups"``) a question's answers."""

    name: str
    kind: Literal["pairs", "groups"]
    scoring: Scoring | None = None
    scorer: PairScorer | None = None
    weights: tuple[float, ...] = (0.0,)
    weight_field: str | None = None
    louvain: bool = False

    def with_weight(self, weight: float) -> Scoring | None:
        """The scoring with its weight set to ``weight`` (unchanged for variants without one)."""
        if self.scoring is None or self.weight_field is None:
            return self.scoring
        if self.weight_field == "context_weight":
            return replace(self.scoring, context_weight=weight)
        return replace(self.scoring, lexical_weight=weight)


def _jaccard_scores(q: Question, vectors: _Vectors, weight: float) -> Matrix:
    return _centred(jaccard_matrix([content_tokens(a) for a in q.answers]))


def _question_answer_scores(q: Question, vectors: _Vectors, weight: float) -> Matrix:
    return _centred(cosine_matrix(vectors([f"{q.question} {a}" for a in q.answers])))


def _mean_removed_scores(q: Question, vectors: _Vectors, weight: float) -> Matrix:
    rows = vectors(q.answers)
    return cosine_matrix(rows - rows.mean(axis=0))


def _centred(scores: Matrix) -> Matrix:
    result: Matrix = scores - scores[_upper(len(scores))].mean()
    return result


def _median_centred_scores(q: Question, vectors: _Vectors, weight: float) -> Matrix:
    scores = cosine_matrix(vectors(q.answers))
    result: Matrix = scores - float(np.median(scores[_upper(len(scores))]))
    return result


def _row_centred_scores(q: Question, vectors: _Vectors, weight: float) -> Matrix:
    scores = cosine_matrix(vectors(q.answers))
    off = scores.copy()
    np.fill_diagonal(off, np.nan)
    means = np.nanmean(off, axis=1)
    result: Matrix = scores - (means[:, None] + means[None, :]) / 2
    return result


def _csls_scores(q: Question, vectors: _Vectors, weight: float) -> Matrix:
    scores = cosine_matrix(vectors(q.answers))
    k = min(int(weight), len(scores) - 1)
    off = scores.copy()
    np.fill_diagonal(off, -np.inf)
    neighbours = np.sort(off, axis=1)[:, -k:].mean(axis=1)
    result: Matrix = 2 * scores - neighbours[:, None] - neighbours[None, :]
    return result


def _second_order_scores(q: Question, vectors: _Vectors, weight: float) -> Matrix:
    return _centred(cosine_matrix(cosine_matrix(vectors(q.answers))))


def _projected(rows: Matrix, question: Matrix) -> Matrix:
    q = question / np.linalg.norm(question)
    result: Matrix = rows - np.outer(rows @ q, q)
    return result


def _sentence_scores(q: Question, vectors: _Vectors, weight: float) -> Matrix:
    question = vectors([q.question])[0]
    answers = cosine_matrix(_projected(vectors(q.answers), question))
    sentences = cosine_matrix(_projected(vectors(q.sentences), question))
    return _centred((1 - weight) * answers + weight * sentences)


def _variants() -> list[Variant]:
    raw = Scoring(project_question=False, normalise="none")
    centred = Scoring(project_question=False, normalise="centre")
    z = Scoring(project_question=False, normalise="z")
    projected = Scoring(project_question=True, normalise="centre")
    projected_z = Scoring(project_question=True, normalise="z")
    mix = (0.1, 0.2, 0.3, 0.5)
    return [
        Variant("exact normalised match (no model)", "groups"),
        Variant("Jaccard overlap of content words, centred (no model)", "pairs", scorer=_jaccard_scores),
        Variant("cosine", "pairs", scoring=raw),
        Variant("cosine, centred per question", "pairs", scoring=centred),
        Variant("cosine, z-scored per question", "pairs", scoring=z),
        Variant("cosine after removing the mean answer vector", "pairs", scorer=_mean_removed_scores),
        Variant("cosine, centred on the median pair score", "pairs", scorer=_median_centred_scores),
        Variant("cosine, each pair centred on its two answers' mean scores", "pairs", scorer=_row_centred_scores),
        Variant("CSLS: cosine less each answer's k-nearest mean", "pairs", scorer=_csls_scores, weights=(3, 5, 10)),
        Variant("second order: cosine of the answers' score profiles, centred", "pairs", scorer=_second_order_scores),
        Variant("paragraph cosine only, centred", "pairs", scoring=replace(centred, context_weight=1.0)),
        Variant("cosine of 'question answer' texts, centred", "pairs", scorer=_question_answer_scores),
        Variant(
            "cosine + paragraph cosine (weight w), centred",
            "pairs",
            scoring=centred,
            weights=mix,
            weight_field="context_weight",
        ),
        Variant(
            "cosine + Jaccard (weight w), centred", "pairs", scoring=centred, weights=mix, weight_field="lexical_weight"
        ),
        Variant("question projected out, centred", "pairs", scoring=projected),
        Variant("question projected out, z-scored", "pairs", scoring=projected_z),
        Variant(
            "question projected out + answer-sentence cosine (w), centred",
            "pairs",
            scorer=_sentence_scores,
            weights=mix,
        ),
        Variant("groups: cosine, average linkage", "groups", scoring=replace(raw, linkage="average")),
        Variant("groups: cosine centred, average linkage", "groups", scoring=centred),
        Variant(
            "groups: cosine centred + Jaccard (w), average linkage",
            "groups",
            scoring=centred,
            weights=mix,
            weight_field="lexical_weight",
        ),
        Variant(
            "groups: question projected out, centred, connected components",
            "groups",
            scoring=replace(projected, linkage="single"),
        ),
        Variant(
            "groups: question projected out, centred, Louvain on the thresholded graph",
            "groups",
            scoring=projected,
            louvain=True,
        ),
        Variant(
            "groups: question projected out, centred, complete linkage",
            "groups",
            scoring=replace(projected, linkage="complete"),
        ),
        Variant("groups: question projected out, z-scored, average linkage", "groups", scoring=projected_z),
        Variant("groups: question projected out, centred, average linkage", "groups", scoring=projected),
    ]


# -- running --------------------------------------------------------------------------------


@dataclass
class Row:
    """The measurements of one variant."""

    name: str
    kind: str
    weight: float | None
    threshold: float | None
    validation_best: dict[str, float] = field(default_factory=dict)
    validation: dict[str, float] = field(default_factory=dict)
    test: dict[str, float] = field(default_factory=dict)
    ari: dict[str, float] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    scoring: Scoring | None = None

    @property
    def validation_mean(self) -> float:
        """Mean validation balanced accuracy at the chosen (shared) threshold."""
        return float(np.mean([self.validation[q] for q in VALIDATION]))

    @property
    def validation_best_mean(self) -> float:
        """Mean validation balanced accuracy, each question at its own best threshold (as published)."""
        return (
            float(np.mean([self.validation_best[q] for q in VALIDATION]))
            if self.validation_best
            else self.validation_mean
        )

    @property
    def test_mean(self) -> float:
        """Mean test balanced accuracy (the published headline number)."""
        return float(np.mean([self.test[q] for q in TEST]))

    def ari_mean(self, split: Sequence[str]) -> float | None:
        """Mean adjusted Rand index over ``split`` (groups variants only)."""
        return float(np.mean([self.ari[q] for q in split])) if self.ari else None


@dataclass
class Evaluation:
    """Everything :func:`run` measured."""

    rows: list[Row]
    selected: Row
    prior_mean: float
    shipped: Row
    timing: dict[str, tuple[float, float]] = field(default_factory=dict)
    load_seconds: float | None = None
    data: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""

        def row(r: Row) -> dict[str, Any]:
            return {
                "name": r.name,
                "kind": r.kind,
                "weight": r.weight,
                "threshold": r.threshold,
                "validation_best_mean": r.validation_best_mean,
                "validation_mean": r.validation_mean,
                "test_mean": r.test_mean,
                "validation": r.validation,
                "test": r.test,
                "ari": r.ari,
            }

        return {
            "rows": [row(r) for r in self.rows],
            "selected": self.selected.name,
            "shipped": row(self.shipped),
            "prior_mean": self.prior_mean,
            "timing": self.timing,
            "load_seconds": self.load_seconds,
        }


def _identical_to_max(scores: Matrix, answers: Sequence[str]) -> NDArray[np.float64]:
    i, j = _upper(len(answers))
    values = scores[i, j].copy()
    same = np.array([answers[a] == answers[b] for a, b in zip(i, j, strict=True)], dtype=bool)
    if same.any():
        values[same] = max(1.0, float(values.max()))
    return values


def _pair_values(variant: Variant, q: Question, vectors: _Vectors, weight: float) -> NDArray[np.float64]:
    if variant.scorer is not None:
        scores = variant.scorer(q, vectors, weight)
    else:
        scoring = variant.with_weight(weight)
        assert scoring is not None
        scores = _scores(q, vectors, scoring)
    return _identical_to_max(scores, q.answers)


def _scores(q: Question, vectors: _Vectors, scoring: Scoring) -> Matrix:
    return pair_scores(
        vectors(q.answers),
        question=vectors([q.question])[0] if scoring.project_question else None,
        contexts=vectors(q.contexts) if scoring.context_weight else None,
        tokens=[content_tokens(a) for a in q.answers] if scoring.lexical_weight else None,
        scoring=scoring,
    )


class _Grouper:
    """Groups one question at any threshold with the public ``group_answers``."""

    def __init__(self, q: Question, vectors: _Vectors, scoring: Scoring, louvain: bool) -> None:
        self.panel = q.panel()
        self.vectors = vectors
        self.scores = _scores(q, vectors, scoring)
        self.scoring = scoring
        self.louvain = louvain
        finite = self.scores[_upper(len(self.scores))]
        self.low = float(finite.min()) if finite.size else 0.0
        self.high = float(finite.max()) if finite.size else 0.0

    def labels(self, threshold: float) -> list[object]:
        if self.louvain:
            return self._louvain(threshold)
        grouped = group_answers(
            self.panel, threshold=threshold, scoring=self.scoring, encoder=self.vectors, overwrite=True
        )
        return [a.group for a in grouped.answers]

    def _louvain(self, threshold: float) -> list[object]:
        nx = importlib.import_module("networkx")
        n = len(self.scores)
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        keys = [normalise(a) for a in (x.text for x in self.panel.answers)]
        i, j = _upper(n)
        for a, b in zip(i, j, strict=True):
            if self.scores[a, b] > threshold or keys[a] == keys[b]:
                graph.add_edge(int(a), int(b))
        labels: list[object] = [0] * n
        for c, community in enumerate(nx.community.louvain_communities(graph, seed=0)):
            for member in community:
                labels[member] = c
        return labels

    def grid(self, grid: NDArray[np.float64]) -> NDArray[np.float64]:
        """The grid values that can give different groups (the others repeat a neighbour's result)."""
        if self.louvain:
            return grid
        below = grid[grid < self.low]
        inside = grid[(grid >= self.low) & (grid <= self.high)]
        above = grid[grid > self.high]
        keep = [below[:1], inside, above[:1]]
        result: NDArray[np.float64] = np.concatenate(keep)
        return result


def _louvain_available() -> bool:
    return importlib.util.find_spec("networkx") is not None


def _measure(variant: Variant, questions: dict[str, Question], vectors: _Vectors) -> Row:
    best_row: Row | None = None
    for weight in variant.weights:
        row = _measure_weight(variant, questions, vectors, weight)
        if best_row is None or row.validation_mean > best_row.validation_mean:
            best_row = row
    assert best_row is not None
    return best_row


def _measure_weight(variant: Variant, questions: dict[str, Question], vectors: _Vectors, weight: float) -> Row:
    weight_shown = weight if variant.weight_field or len(variant.weights) > 1 else None
    if variant.kind == "groups" and variant.scoring is None:  # the exact method: no threshold
        row = Row(variant.name, variant.kind, None, None)
        for qid in VALIDATION + TEST:
            q = questions[qid]
            labels = [a.group for a in group_answers(q.panel(), method="exact").answers]
            accuracy = balanced_accuracy(pair_truth(q.clusters), pair_truth(labels))
            (row.validation if qid in VALIDATION else row.test)[qid] = accuracy
            row.ari[qid] = adjusted_rand_index(q.clusters, labels)
            row.groups[qid] = len(set(map(str, labels)))
        return row

    if variant.kind == "pairs":
        values = {qid: _pair_values(variant, questions[qid], vectors, weight) for qid in VALIDATION + TEST}
        truth = {qid: pair_truth(questions[qid].clusters) for qid in VALIDATION + TEST}
        chosen = [_best_threshold(values[q], truth[q], GRID) for q in VALIDATION]
        threshold = float(np.mean([t for t, _ in chosen]))
        row = Row(variant.name, variant.kind, weight_shown, threshold, scoring=variant.with_weight(weight))
        row.validation_best = {q: best for q, (_, best) in zip(VALIDATION, chosen, strict=True)}
        for qid in VALIDATION + TEST:
            accuracy = balanced_accuracy(truth[qid], values[qid] > threshold)
            (row.validation if qid in VALIDATION else row.test)[qid] = accuracy
        return row

    scoring = variant.with_weight(weight)
    assert scoring is not None
    if scoring.normalise != "none":  # shrink small panels' statistics towards the validation mean, as shipped
        scoring = replace(scoring, prior_mean=round(validation_prior(questions, vectors, scoring), 2))
    groupers = {qid: _Grouper(questions[qid], vectors, scoring, variant.louvain) for qid in VALIDATION + TEST}
    truth = {qid: pair_truth(questions[qid].clusters) for qid in VALIDATION + TEST}
    chosen = []
    for qid in VALIDATION:
        grouper = groupers[qid]
        best, best_t = -1.0, 0.0
        for t in grouper.grid(GRID):
            accuracy = balanced_accuracy(truth[qid], pair_truth(grouper.labels(float(t))))
            if accuracy > best:
                best, best_t = accuracy, float(t)
        chosen.append((best_t, best))
    threshold = float(np.mean([t for t, _ in chosen]))
    row = Row(variant.name, variant.kind, weight_shown, threshold, scoring=scoring)
    row.validation_best = {q: best for q, (_, best) in zip(VALIDATION, chosen, strict=True)}
    for qid in VALIDATION + TEST:
        labels = groupers[qid].labels(threshold)
        accuracy = balanced_accuracy(truth[qid], pair_truth(labels))
        (row.validation if qid in VALIDATION else row.test)[qid] = accuracy
        row.ari[qid] = adjusted_rand_index(questions[qid].clusters, labels)
        row.groups[qid] = len(set(map(str, labels)))
    return row


def validation_prior(questions: dict[str, Question], vectors: _Vectors, scoring: Scoring = DEFAULT_SCORING) -> float:
    """The mean over the validation questions of their mean raw pair score (no labels used)."""
    raw = replace(scoring, normalise="none")
    means = []
    for qid in VALIDATION:
        scores = _scores(questions[qid], vectors, raw)
        means.append(float(scores[_upper(len(scores))].mean()))
    return float(np.mean(means))


def _shipped(questions: dict[str, Question], vectors: _Vectors) -> Row:
    """The shipped default: public ``group_answers`` with its default threshold and scoring."""
    row = Row("shipped default: group_answers(article), the pair classifier", "groups", None, None)
    article = Article(title="NAnCo", panels=tuple(questions[q].panel() for q in VALIDATION + TEST))
    grouped = group_answers(article, encoder=vectors)
    for panel in grouped.panels:
        qid = str(panel.id)
        labels = [a.group for a in panel.answers]
        accuracy = balanced_accuracy(pair_truth(questions[qid].clusters), pair_truth(labels))
        (row.validation if qid in VALIDATION else row.test)[qid] = accuracy
        row.ari[qid] = adjusted_rand_index(questions[qid].clusters, labels)
        row.groups[qid] = len(set(map(str, labels)))
    return row


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def _timing(questions: dict[str, Question], scale: bool) -> dict[str, tuple[float, float]]:
    """Wall and CPU seconds of ``group_answers`` with the packaged model, per question and in bulk."""
    timing: dict[str, tuple[float, float]] = {}
    for qid in VALIDATION + TEST:
        panel = questions[qid].panel()
        start = _clock()
        group_answers(panel)
        timing[qid] = _since(start)
    article = Article(title="NAnCo", panels=tuple(questions[q].panel() for q in VALIDATION + TEST))
    start = _clock()
    group_answers(article)
    timing["all 8 at once"] = _since(start)
    if scale:
        timing[SCALE_KEY] = _since_scale(questions)
    return timing


SCALE_KEY = "100 questions x 50 answers"


def _since_scale(questions: dict[str, Question]) -> tuple[float, float]:
    """100 panels of 50 distinct answers each (NAnCo spans, numbered so that none repeats)."""
    spans = [a for q in questions.values() for a in q.answers]
    panels = []
    for p in range(100):
        answers = tuple(
            Answer(source="example.com", text=f"{spans[(p * 50 + i) % len(spans)]} ({p}.{i})") for i in range(50)
        )
        panels.append(Panel(question=questions[VALIDATION[p % 4]].question, answers=answers, id=f"s{p}"))
    start = _clock()
    group_answers(Article(title="scale", panels=tuple(panels)), progress=False)
    return _since(start)


def run(
    data: str | Path | None = None,
    *,
    encoder: Callable[[list[str]], Any] | None = None,
    timing: bool = True,
    scale: bool = False,
    variants: Sequence[str] | None = None,
    backend: str = "auto",
) -> Evaluation:
    """Measure every variant (or those named in ``variants``) and select one on validation.

    With the packaged model (``encoder=None``) and ``timing``, also time the model's loading and
    ``group_answers`` per question; ``scale`` adds a run of 100 questions with 50 answers each.
    """
    load_seconds = None
    if encoder is None:
        from ctxwidget.grouping.embedding import load_model

        cached = load_model.cache_info().currsize > 0
        start = _clock()
        load_model()
        load_seconds = None if cached else _since(start)[0]
    path = Path(data) if data else default_data_path()
    questions = load_nanco(path)
    vectors = _Vectors([questions[q] for q in VALIDATION + TEST], encoder, backend)
    prior = validation_prior(questions, vectors)
    rows = []
    for variant in _variants():
        if variants is not None and variant.name not in variants:
            continue
        if variant.louvain and not _louvain_available():
            continue
        rows.append(_measure(variant, questions, vectors))
    selected = max(rows, key=lambda r: r.validation_mean)  # first of the best on ties
    shipped = _shipped(questions, vectors)
    evaluation = Evaluation(
        rows=rows, selected=selected, prior_mean=prior, shipped=shipped, data=str(path), load_seconds=load_seconds
    )
    if timing and encoder is None:
        evaluation.timing = _timing(questions, scale)
    return evaluation


# -- report ---------------------------------------------------------------------------------


def _f(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def markdown(evaluation: Evaluation) -> str:
    """The result tables as Markdown (what ``--write`` puts into docs/grouping.md)."""
    shipped = evaluation.shipped
    lines = [
        "### Test balanced accuracy beside the published numbers",
        "",
        "| system | " + " | ".join(TEST) + " | test mean |",
        "|---|" + "---:|" * (len(TEST) + 1),
    ]
    for name, values in PUBLISHED.items():
        lines.append(f"| {name} (published) | " + " | ".join(_f(v) for v in values) + " |")
    lines.append(
        "| **ctxwidget `group_answers`** (shipped default: pair classifier, MiniLM-L6) | "
        + " | ".join(_f(shipped.test[q]) for q in TEST)
        + f" | **{_f(shipped.test_mean)}** |"
    )
    lines += [
        "",
        f"Shipped default: validation mean {_f(shipped.validation_mean)}, test mean {_f(shipped.test_mean)}, "
        f"adjusted Rand index validation {_f(shipped.ari_mean(VALIDATION))}, test {_f(shipped.ari_mean(TEST))} "
        "(trained on the real pipeline sample, nothing chosen on NAnCo). The cosine variants below: "
        f"default threshold {DEFAULT_THRESHOLD}, prior mean {DEFAULT_SCORING.prior_mean} (the validation "
        f"questions' mean pair score measures {evaluation.prior_mean:.3f}).",
        "",
        f"Selected on validation among the cosine variants: **{evaluation.selected.name}** "
        f"(threshold {_f(evaluation.selected.threshold)}, validation mean {_f(evaluation.selected.validation_mean)}).",
        "",
        "### Every variant",
        "",
        "`val best` is the published validation table's number (each validation question at its own best "
        "threshold); `val` is at the one threshold carried to test, and is what selects. ARI: adjusted Rand "
        "index of the groups against `cluster_global` (groups variants only).",
        "",
        "| variant | kind | w | threshold | val best | val | test | " + " | ".join(TEST) + " | ARI val | ARI test |",
        "|---|---|---:|---:|---:|---:|---:|" + "---:|" * len(TEST) + "---:|---:|",
    ]
    for r in evaluation.rows:
        mark = " ◀ selected" if r is evaluation.selected else ""
        lines.append(
            f"| {r.name}{mark} | {r.kind} | {_f(r.weight, 1) if r.weight is not None else '–'} | "
            f"{_f(r.threshold)} | {_f(r.validation_best_mean)} | {_f(r.validation_mean)} | {_f(r.test_mean)} | "
            + " | ".join(_f(r.test[q]) for q in TEST)
            + f" | {_f(r.ari_mean(VALIDATION))} | {_f(r.ari_mean(TEST))} |"
        )
    lines += [
        "",
        "### Per question (shipped default)",
        "",
        "| question | split | answers | gold groups | our groups | balanced accuracy | ARI | wall s | CPU s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    questions = load_nanco(evaluation.data) if evaluation.data else {}
    for qid in VALIDATION + TEST:
        split = "validation" if qid in VALIDATION else "test"
        accuracy = (shipped.validation if qid in VALIDATION else shipped.test)[qid]
        q = questions.get(qid)
        answers = str(len(q.answers)) if q else "–"
        gold = str(len(set(q.clusters))) if q else "–"
        wall, cpu = evaluation.timing.get(qid, (None, None))
        lines.append(
            f"| {qid} | {split} | {answers} | {gold} | {shipped.groups[qid]} | {_f(accuracy)} | "
            f"{_f(shipped.ari[qid])} | {_f(wall, 2)} | {_f(cpu, 2)} |"
        )
    if evaluation.timing:
        load = "" if evaluation.load_seconds is None else f" (loading it took {evaluation.load_seconds:.1f} s)"
        lines += ["", f"Seconds of `group_answers` with the packaged model already loaded{load}, on 2 CPU cores:", ""]
        for key in ("all 8 at once", SCALE_KEY):
            if key in evaluation.timing:
                wall, cpu = evaluation.timing[key]
                lines.append(f"- {key}: {wall:.2f} s wall, {cpu:.2f} s CPU")
    return "\n".join(lines) + "\n"


def write_docs(path: str | Path, tables: str) -> None:
    """Replace the text between the evaluation markers of ``path`` with ``tables``."""
    target = Path(path)
    text = target.read_text("utf-8") if target.exists() else f"# Answer grouping\n\n{DOCS_START}\n{DOCS_END}\n"
    pattern = re.compile(re.escape(DOCS_START) + r".*?" + re.escape(DOCS_END), re.S)
    if not pattern.search(text):
        text = text.rstrip("\n") + f"\n\n{DOCS_START}\n{DOCS_END}\n"
    text = pattern.sub(lambda _: f"{DOCS_START}\n{tables}{DOCS_END}", text)
    target.write_text(text, "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: measure, print the tables, optionally write them into the docs."""
    parser = argparse.ArgumentParser(prog="python -m research.grouping.nanco", description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="nanco_dataset.json (default: examples/data)")
    parser.add_argument("--write", metavar="MARKDOWN", help="put the tables into this file, between the markers")
    parser.add_argument("--json", metavar="PATH", help="also write the measurements as JSON")
    parser.add_argument("--no-timing", action="store_true", help="skip the per-question timing runs")
    parser.add_argument("--scale", action="store_true", help="also time 100 questions x 50 answers")
    parser.add_argument("--backend", default="auto", choices=("auto", "onnx", "torch"), help="the embedding runtime")
    args = parser.parse_args(argv)
    try:
        evaluation = run(args.data, timing=not args.no_timing, scale=args.scale, backend=args.backend)
    except ImportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    tables = markdown(evaluation)
    print(tables)
    if args.write:
        write_docs(args.write, tables)
    if args.json:
        Path(args.json).write_text(json.dumps(evaluation.to_dict(), indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
