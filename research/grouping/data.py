"""The two yardsticks as panels with reference groups: NAnCo and the pipeline's real output."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ctxwidget import Answer, Panel, ValidationError

from .nanco import TEST, VALIDATION, load_nanco

__all__ = ["DATA", "Case", "nanco_cases", "sample_cases", "split_sample"]

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
SAMPLE = DATA / "discord_questions_recession_sample.json"
DOCUMENTS = DATA / "documents_recession.json"
#: Share of the real sample's anchor articles kept out of all training and selection.
HELD_OUT_SHARE = 0.25


@dataclass(frozen=True)
class Case:
    """One question as a panel of ungrouped answers, with the reference group of each answer."""

    qid: str
    panel: Panel
    labels: tuple[int, ...]
    anchor: str


def _source(domain: str) -> str:
    host = domain.lower().removeprefix("www.")
    try:
        Answer(source=host, text="-")
    except (ValueError, ValidationError):
        return "unknown.example"
    return host


def sample_cases(path: Path = SAMPLE, documents: Path = DOCUMENTS) -> list[Case]:
    """The 52 questions of the real pipeline sample; a string in several groups takes the first."""
    docs = {d["id"]: d for d in json.loads(documents.read_text("utf-8"))}
    cases = []
    for k, q in enumerate(json.loads(path.read_text("utf-8"))):
        group_of: dict[str, int] = {}
        for g, members in enumerate(q["answer_groups"]):
            for text in members:
                group_of.setdefault(text, g)
        answers, labels = [], []
        for a in q["answers"]:
            doc = docs[a["doc_id"]]
            paragraphs = doc["content"].split("\n\n")
            context = paragraphs[a["pidx"]] if 0 <= a["pidx"] < len(paragraphs) else None
            answers.append(Answer(source=_source(doc["domain"]), text=a["answer"], context=context))
            labels.append(group_of[a["answer"]])
        panel = Panel(question=q["question"], answers=tuple(answers), id=f"s{k:02d}")
        cases.append(Case(f"s{k:02d}", panel, tuple(labels), q["doc_id"]))
    return cases


def split_sample(cases: list[Case]) -> tuple[list[Case], list[Case]]:
    """(train, held out): whole anchor articles, so that no held-out question shares its anchor with a training one.

    Anchors are taken in the order of their id's SHA-1; one is held out if that keeps the held-out
    questions at most ``HELD_OUT_SHARE`` of all, until they reach 80 % of that share.
    """
    anchors = sorted({c.anchor for c in cases}, key=lambda a: hashlib.sha1(a.encode()).hexdigest())
    held: set[str] = set()
    count = 0
    for anchor in anchors:
        size = sum(c.anchor == anchor for c in cases)
        if count + size <= HELD_OUT_SHARE * len(cases):
            held.add(anchor)
            count += size
        if count >= 0.8 * HELD_OUT_SHARE * len(cases):
            break
    return [c for c in cases if c.anchor not in held], [c for c in cases if c.anchor in held]


def nanco_cases() -> dict[str, Case]:
    """NAnCo's eight questions by qid (validation Q2, Q3, Q5, Q6; test Q4, Q7, Q8, Q9)."""
    return {qid: Case(qid, q.panel(), q.clusters, qid) for qid, q in load_nanco().items() if qid in VALIDATION + TEST}
