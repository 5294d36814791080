"""Train the pair classifier on the real pipeline sample and measure every variant.

Run ``python -m research.grouping.train`` from the repository root (``--write`` also replaces
``ctxwidget/grouping/model/pair_model.json``; ``--json PATH`` writes the measurements).

The yardstick: the 52 questions of ``examples/data/discord_questions_recession_sample.json``, whose
``answer_groups`` are the published Discord Questions pipeline's own RoBERTa-large consolidation
groups. :func:`research.grouping.data.split_sample` holds out whole anchor articles (11 questions);
nothing is trained or selected on them. On the other 41 questions, a five-fold cross-validation
by anchor article gives every training question out-of-fold pair scores, and the clustering and its
threshold are chosen on those. The agreement is the pairwise balanced accuracy of the groups
against the pipeline's, per question, averaged over questions. NAnCo is only reported (validation
Q2, Q3, Q5, Q6 and test Q4, Q7, Q8, Q9), never used to choose.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ctxwidget.grouping import normalise
from ctxwidget.grouping.embedding import encode
from ctxwidget.grouping.pairs import FEATURES, PAIR_MODEL, PairModel, panel_features, panel_texts
from ctxwidget.grouping.scoring import Matrix, cluster

from .data import Case, nanco_cases, sample_cases, split_sample
from .metrics import balanced_accuracy, pair_truth, upper
from .nanco import TEST, VALIDATION

CACHE = Path(os.environ.get("CTXWIDGET_RESEARCH_CACHE", Path.home() / ".cache" / "ctxwidget-research"))
FOLDS = 5
GRID = np.round(np.arange(-4.0, 4.01, 0.25), 2)
Lookup = Callable[[list[str]], Matrix]


# -- embeddings, features ------------------------------------------------------------------


def lookup(cases: Sequence[Case], backend: str) -> Lookup:
    """Embeddings of every text the features need, computed once per backend and cached on disk."""
    texts = sorted({t for c in cases for t in panel_texts(c.panel)})
    digest = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:12]
    path = CACHE / f"vectors-{backend}-{digest}.npy"
    if path.exists():
        matrix = np.load(path)
    else:
        matrix = encode(texts, backend=backend)  # type: ignore[arg-type]
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, matrix)
    row = {t: i for i, t in enumerate(texts)}

    def vectors(batch: list[str]) -> Matrix:
        result: Matrix = matrix[[row[t] for t in batch]]
        return result

    return vectors


def prior_mean(cases: Sequence[Case], vectors: Lookup) -> float:
    """The mean over ``cases`` of their mean projected pair score (no labels used)."""
    means = []
    for c in cases:
        x = panel_features(c.panel, vectors, prior_mean=0.0)
        means.append(float(x[0, 0, FEATURES.index("question_mean")]))
    return round(float(np.mean(means)), 3)


@dataclass
class Prepared:
    """One case's pair features (upper triangle), truth and starting units."""

    case: Case
    x: np.ndarray[Any, Any]
    y: np.ndarray[Any, Any]
    units: list[list[int]]
    full: np.ndarray[Any, Any]


def prepare(cases: Sequence[Case], vectors: Lookup, prior: float) -> list[Prepared]:
    result = []
    for c in cases:
        full = panel_features(c.panel, vectors, prior_mean=prior)
        n = len(c.labels)
        i, j = upper(n)
        index: dict[str, int] = {}
        units: list[list[int]] = []
        for k, a in enumerate(c.panel.answers):
            key = normalise(a.text)
            if key not in index:
                index[key] = len(units)
                units.append([])
            units[index[key]].append(k)
        result.append(Prepared(c, full[i, j], pair_truth(c.labels), units, full))
    return result


# -- models ----------------------------------------------------------------------------------


def _weights(data: Sequence[Prepared], scheme: str) -> np.ndarray[Any, Any]:
    parts = []
    for p in data:
        w = np.ones(len(p.y))
        if scheme == "question":  # every question counts once, each class half of it
            for cls in (False, True):
                mask = p.y == cls
                if mask.any():
                    w[mask] = 0.5 / mask.sum()
        parts.append(w)
    w = np.concatenate(parts)
    if scheme == "global":
        y = np.concatenate([p.y for p in data])
        w = np.where(y, 0.5 / y.sum(), 0.5 / (~y).sum())
    return w * len(w) / w.sum()


@dataclass(frozen=True)
class Learner:
    """How a pair model is fitted."""

    name: str
    kind: str  # "logistic" or "mlp"
    weighting: str = "question"
    hidden: int = 16
    c: float = 1.0
    features: tuple[str, ...] = FEATURES

    def fit(self, data: Sequence[Prepared], prior: float) -> PairModel:
        sk_lm = importlib.import_module("sklearn.linear_model")
        sk_nn = importlib.import_module("sklearn.neural_network")
        x = np.concatenate([p.x for p in data])
        y = np.concatenate([p.y for p in data])
        w = _weights(data, self.weighting)
        keep = np.array([f in self.features for f in FEATURES])
        mean = x.mean(axis=0)
        scale = np.where(keep, np.maximum(x.std(axis=0), 1e-6), 1e9)
        z = (x - mean) / scale
        if self.kind == "logistic":
            model = sk_lm.LogisticRegression(C=self.c, max_iter=2000)
            model.fit(z, y, sample_weight=w)
            layers = ((model.coef_.T.copy(), model.intercept_.copy()),)
        else:
            # MLPClassifier takes no sample weights: resample the pairs by their weights instead.
            rng = np.random.default_rng(0)
            pick = rng.choice(len(y), size=min(len(y), 60000), p=w / w.sum())
            model = sk_nn.MLPClassifier(
                hidden_layer_sizes=(self.hidden,), alpha=1e-3, max_iter=300, random_state=0, early_stopping=True
            )
            model.fit(z[pick], y[pick])
            layers = tuple((wt.copy(), b.copy()) for wt, b in zip(model.coefs_, model.intercepts_, strict=True))
        return PairModel(FEATURES, mean, scale, layers, 0.0, "average", prior, "")


EMBEDDING_ONLY = ("cos", "cos_projected", "cos_centred", "cos_z", "rank", "question_mean", "answers", "question_cos")
#: Every pair model tried; the one ``--write`` ships is chosen by cross-validation.
LEARNERS = (
    Learner("logistic, all features, questions weighted equally", "logistic"),
    Learner("logistic, all features, pairs weighted globally, C=0.1", "logistic", weighting="global", c=0.1),
    Learner("logistic, all features, pairs weighted globally", "logistic", weighting="global"),
    Learner("logistic, embedding features only", "logistic", features=EMBEDDING_ONLY),
    Learner("MLP (16 hidden units), all features", "mlp"),
)


def learner_of(model: PairModel) -> Learner:
    """The learner whose name opens ``model``'s note (the one that trained it)."""
    return next(learner for learner in LEARNERS if model.note.startswith(learner.name + ";"))


# -- grouping and agreement ----------------------------------------------------------------------


def louvain_labels(scores: Matrix, units: list[list[int]], threshold: float) -> list[int]:
    nx = importlib.import_module("networkx")
    n = len(scores)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    i, j = upper(n)
    for a, b in zip(i, j, strict=True):
        if scores[a, b] > threshold:
            graph.add_edge(int(a), int(b))
    for unit in units:
        for b in unit[1:]:
            graph.add_edge(unit[0], b)
    labels = [0] * n
    for c, community in enumerate(nx.community.louvain_communities(graph, seed=0)):
        for member in community:
            labels[member] = c
    return labels


def labels_at(scores: Matrix, units: list[list[int]], threshold: float, linkage: str) -> list[int]:
    if linkage == "pairs":
        raise ValueError("pairs has no groups")
    if linkage == "louvain":
        return louvain_labels(scores, units, threshold)
    owners = cluster(scores, units, threshold, linkage=linkage)  # type: ignore[arg-type]
    unit_of = {i: u for u, unit in enumerate(units) for i in unit}
    return [owners[unit_of[i]] for i in range(len(scores))]


def agreement(p: Prepared, scores: Matrix, threshold: float, linkage: str) -> float:
    if linkage == "pairs":
        i, j = upper(len(scores))
        return balanced_accuracy(p.y, scores[i, j] > threshold)
    return balanced_accuracy(p.y, pair_truth(labels_at(scores, p.units, threshold, linkage)))


def best_threshold(
    data: Sequence[Prepared], scores: Sequence[Matrix], linkage: str, grid: Any = GRID
) -> tuple[float, float]:
    """The grid threshold with the best mean agreement over ``data`` (coarse, then refined)."""

    def mean_at(t: float) -> float:
        return float(np.mean([agreement(p, s, t, linkage) for p, s in zip(data, scores, strict=True)]))

    results = {float(t): mean_at(float(t)) for t in grid}
    best = max(results, key=lambda t: results[t])
    step = float(grid[1] - grid[0])
    for t in np.round(np.arange(best - step, best + step + 1e-9, step / 5), 3):
        if float(t) not in results:
            results[float(t)] = mean_at(float(t))
    best = max(results, key=lambda t: (results[t], -abs(t - best)))
    return best, results[best]


def folds(data: Sequence[Prepared]) -> list[list[int]]:
    """``FOLDS`` groups of case indices, whole anchors each, balanced by question count."""
    anchors: dict[str, list[int]] = {}
    for k, p in enumerate(data):
        anchors.setdefault(p.case.anchor, []).append(k)
    buckets: list[list[int]] = [[] for _ in range(FOLDS)]
    for members in sorted(anchors.values(), key=lambda m: (-len(m), m)):
        min(buckets, key=len).extend(members)
    return buckets


# -- variants --------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    linkage: str
    threshold: float
    cv: float
    held_out: float
    held_out_pooled: float
    nanco_validation: float
    nanco_test: float
    nanco: dict[str, float] = field(default_factory=dict)

    def row(self) -> str:
        return (
            f"| {self.name} | {self.linkage} | {self.threshold:.2f} | {self.cv:.3f} | {self.held_out:.3f} | "
            f"{self.held_out_pooled:.3f} | {self.nanco_validation:.3f} | {self.nanco_test:.3f} |"
        )


def pooled(data: Sequence[Prepared], scores: Sequence[Matrix], threshold: float, linkage: str) -> float:
    y, p_ = [], []
    for p, s in zip(data, scores, strict=True):
        y.append(p.y)
        if linkage == "pairs":
            i, j = upper(len(s))
            p_.append(s[i, j] > threshold)
        else:
            p_.append(pair_truth(labels_at(s, p.units, threshold, linkage)))
    return balanced_accuracy(np.concatenate(y), np.concatenate(p_))


def evaluate(
    name: str,
    linkage: str,
    score: Callable[[Prepared], Matrix],
    oof: Sequence[Matrix],
    train: Sequence[Prepared],
    held: Sequence[Prepared],
    nanco: dict[str, Prepared],
) -> Result:
    threshold, cv = best_threshold(train, oof, linkage)
    held_scores = [score(p) for p in held]
    per = [agreement(p, s, threshold, linkage) for p, s in zip(held, held_scores, strict=True)]
    nanco_scores = {q: agreement(p, score(p), threshold, linkage) for q, p in nanco.items()}
    return Result(
        name,
        linkage,
        threshold,
        cv,
        float(np.mean(per)),
        pooled(held, held_scores, threshold, linkage),
        float(np.mean([nanco_scores[q] for q in VALIDATION])),
        float(np.mean([nanco_scores[q] for q in TEST])),
        nanco_scores,
    )


def cosine_scores(p: Prepared) -> Matrix:
    result: Matrix = p.full[..., FEATURES.index("cos_centred")]
    return result


def int8_check(
    cases: Sequence[Case], fold_models: Sequence[PairModel], best: Result, vectors: Lookup, prior: float
) -> float:
    """Cross-validated agreement of the selected variant on fp32 embeddings less that on int8 ones."""
    fp32 = lookup(cases, "torch")
    values = {}
    for name, vec in (("int8", vectors), ("fp32", fp32)):
        data = prepare(cases, vec, prior)
        scores: list[Matrix] = [np.zeros(0)] * len(data)
        for model, bucket in zip(fold_models, folds(data), strict=True):
            for k in bucket:
                scores[k] = model.logits(data[k].full)
        values[name] = float(
            np.mean([agreement(p, s, best.threshold, best.linkage) for p, s in zip(data, scores, strict=True)])
        )
        print(f"cross-validated agreement with {name} embeddings: {values[name]:.4f}", file=sys.stderr)
    return values["fp32"] - values["int8"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m research.grouping.train", description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write the selected model to {PAIR_MODEL}")
    parser.add_argument("--json", metavar="PATH", help="write the measurements as JSON")
    parser.add_argument("--backend", default="onnx", choices=("onnx", "torch"))
    parser.add_argument("--quick", action="store_true", help="only the logistic models with average linkage")
    args = parser.parse_args(argv)

    cases = sample_cases()
    train_cases, held_cases = split_sample(cases)
    nanco = nanco_cases()
    vectors = lookup([*cases, *nanco.values()], args.backend)
    prior = prior_mean(train_cases, vectors)
    train = prepare(train_cases, vectors, prior)
    held = prepare(held_cases, vectors, prior)
    nanco_p = dict(zip(nanco, prepare(list(nanco.values()), vectors, prior), strict=True))
    print(f"prior mean {prior}; train {len(train)} questions, held out {len(held)}", file=sys.stderr)

    results: list[Result] = []
    linkages = ["pairs", "average"] if args.quick else ["pairs", "average", "single", "complete"]
    if not args.quick and importlib.util.find_spec("networkx"):
        linkages.append("louvain")
    for linkage in linkages:
        oof = [cosine_scores(p) for p in train]
        results.append(
            evaluate(
                "cosine, question projected out, centred (no training)",
                linkage,
                cosine_scores,
                oof,
                train,
                held,
                nanco_p,
            )
        )
        print(results[-1].row(), file=sys.stderr)

    learners = LEARNERS
    chosen: tuple[Result, Learner, list[PairModel]] | None = None
    for learner in learners:
        buckets = folds(train)
        oof: list[Matrix] = [np.zeros(0)] * len(train)
        fold_models = []
        for bucket in buckets:
            fitted = learner.fit([p for k, p in enumerate(train) if k not in bucket], prior)
            fold_models.append(fitted)
            for k in bucket:
                oof[k] = fitted.logits(train[k].full)
        final = learner.fit(train, prior)
        for linkage in linkages:
            if linkage in ("single", "complete") and learner.kind == "mlp":
                continue
            result = evaluate(learner.name, linkage, lambda p, m=final: m.logits(p.full), oof, train, held, nanco_p)
            results.append(result)
            print(result.row(), file=sys.stderr)
            if linkage != "pairs" and (chosen is None or result.cv > chosen[0].cv):
                chosen = (result, learner, fold_models)

    print("| variant | grouping | threshold | train CV | held out | held out pooled | NAnCo val | NAnCo test |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        mark = " ◀ selected" if chosen and r is chosen[0] else ""
        print(r.row().replace(f"| {r.name} |", f"| {r.name}{mark} |", 1))
    assert chosen is not None
    best, learner, fold_models = chosen
    print(f"\nint8 against fp32: {int8_check(train_cases, fold_models, best, vectors, prior):.4f}")
    if args.write:
        final = learner.fit(train, prior)
        note = (
            f"{learner.name}; trained by research/grouping/train.py on the {len(train)} training questions of "
            f"the real Discord Questions sample ({args.backend} embeddings); {best.linkage} linkage at "
            f"threshold {best.threshold} chosen by {FOLDS}-fold cross-validation by anchor article"
        )
        model = PairModel(FEATURES, final.mean, final.scale, final.layers, best.threshold, best.linkage, prior, note)
        PAIR_MODEL.write_text(json.dumps(model.to_dict(), indent=1) + "\n", "utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in results], indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
