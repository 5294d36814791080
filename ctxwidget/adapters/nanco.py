"""NAnCo, the answer-consolidation benchmark of the Discord Questions work, as a set of panels.

The dataset (``nanco_dataset.json`` in salesforce/discord_questions) is a list of
questions ``{"question", "gnews_eid", "Number of Answers", "Created On", "answers"}``;
each answer is ``{"qid", "Answer", "Paragraph", "Paragraph Id", "Article URL",
"cluster_global", ...}``, and two answers with the same ``cluster_global`` say the
same thing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .. import fields as f
from ..model import PANEL_ID_PATTERN, Answer, Article, Panel

__all__ = ["from_nanco"]

_PANEL_ID_RE = re.compile(PANEL_ID_PATTERN)


def _answer(item: object, path: str) -> tuple[Answer, Any]:
    answer = f.mapping(item, path)

    def field(key: str, *, required: bool = True) -> tuple[Any, str]:
        return f.get(answer, key, path, required=required), f.key_path(path, key)

    span, span_at = field("Answer")
    paragraph, paragraph_at = field("Paragraph")
    link, link_at = field("Article URL")
    group, group_at = field("cluster_global")
    qid, qid_at = field("qid", required=False)
    built = Answer(
        source=f.url_domain(link, link_at),
        text=f.text(span, span_at),
        url=link,
        context=f.optional_text(paragraph, paragraph_at),
        group=f.group_label(group, group_at),
    )
    return built, None if qid is None else f.identifier(qid, qid_at)


def from_nanco(dataset: Sequence[Mapping[str, Any]], *, title: str = "NAnCo") -> Article:
    """The NAnCo questions as an article with no paragraphs and one panel per question, in order.

    Each answer becomes a chip: ``source`` is the host of its ``Article URL``
    (lowercase, without ``www.``), ``text`` its ``Answer``, ``context`` its
    ``Paragraph``, ``url`` its ``Article URL`` and ``group`` its
    ``cluster_global``. A panel's id is the answers' common ``qid`` (``Q2``,
    ...; the benchmark's split names them) when they share one that makes a
    valid, unused panel id, else the positional ``q1``, ``q2``, ...

    ``question`` and ``answers``, and each answer's ``Answer``, ``Paragraph``,
    ``Article URL`` and ``cluster_global`` are required; other fields are
    ignored. A missing or ill-typed field raises
    :class:`~ctxwidget.errors.ValidationError` naming it, e.g.
    ``dataset[2].answers[5]["Article URL"]: ...``.
    """
    panels: list[Panel] = []
    used: set[str] = set()
    for i, item in enumerate(f.sequence(dataset, "dataset")):
        path = f"dataset[{i}]"
        entry = f.mapping(item, path)
        question = f.text(f.get(entry, "question", path), f"{path}.question").strip()
        answers_at = f"{path}.answers"
        answers: list[Answer] = []
        qids: set[Any] = set()
        for j, raw in enumerate(f.sequence(f.get(entry, "answers", path), answers_at)):
            answer, qid = _answer(raw, f"{answers_at}[{j}]")
            answers.append(answer)
            qids.add(qid)
        panel_id = None
        if len(qids) == 1:
            (qid,) = qids
            candidate = None if qid is None else str(qid)
            if candidate is not None and _PANEL_ID_RE.match(candidate) and candidate not in used:
                panel_id = candidate
                used.add(candidate)
        panels.append(Panel(question=question, answers=tuple(answers), id=panel_id))
    return Article(title=title, panels=tuple(panels))
