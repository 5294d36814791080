"""The step that keeps questions: the published Discord Questions rules, with their thresholds as parameters.

The rules of ``select_discord_questions`` in salesforce/discord_questions,
applied to the candidates in order of decreasing number of answers (the
order its consolidation step leaves them in):

1. **broad enough**: at least ``int(min_answers * number of documents)``
   answers (and at least ``min_count``);
2. **discord**: the largest answer group holds at most ``max_largest_group``
   of the answers (a larger one makes a *consensus* question);
3. **new**: fewer than ``max_overlap`` of the question's answering paragraphs
   are answering paragraphs of a question already kept;

then the user's ``limit`` keeps the first ones.

What counts: by default (``count="independent"``) a question's **independent
voices**, the answering documents with each group of syndicated copies once
(``find_copies``), in rules 1 and 2 and in the story's size; ``count="answers"``
reproduces the published pipeline exactly (every answer; one document may
answer from several paragraphs); ``count="documents"`` counts answering
documents, copies included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .records import Decision, DocId, Span

__all__ = ["DEFAULT_RULES", "SelectionRules", "keep_questions"]


@dataclass(frozen=True)
class SelectionRules:
    """Thresholds of the selection rules (the thresholds are the published ones).

    ``count`` says what the thresholds count: ``"independent"`` (the default)
    counts answering documents with each group of syndicated copies once, and
    the story's size the same way; ``"answers"`` counts answers as the
    published code does (one document may answer from several paragraphs), so
    ``SelectionRules(count="answers")`` reproduces the published selection
    exactly; ``"documents"`` counts answering documents, copies included.
    """

    min_answers: float = 0.3
    min_count: int = 3
    max_largest_group: float = 0.5
    max_overlap: float = 0.8
    count: str = "independent"
    limit: int | None = None

    def __post_init__(self) -> None:
        for name in ("min_answers", "max_largest_group", "max_overlap"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
                raise ValueError(f"{name} must be a number from 0 to 1, got {value!r}")
        if self.count not in COUNTS:
            raise ValueError(f"count must be one of {', '.join(map(repr, COUNTS))}, got {self.count!r}")
        if self.limit is not None and (
            isinstance(self.limit, bool) or not isinstance(self.limit, int) or self.limit < 0
        ):
            raise ValueError(f"limit must be None or an integer >= 0, got {self.limit!r}")


#: What SelectionRules.count may be (the first is the default).
COUNTS = ("independent", "answers", "documents")

#: The published thresholds, no limit, copies counted once.
DEFAULT_RULES = SelectionRules()


def keep_questions(
    answers: Sequence[Sequence[Span]],
    groups: Sequence[Sequence[Sequence[int]]],
    n_documents: int,
    rules: SelectionRules | None = None,
    copies: Mapping[DocId, DocId] | None = None,
) -> tuple[list[int], list[Decision]]:
    """The indices of the kept questions, in selection order, and a :class:`Decision` for every question.

    ``answers[i]`` are question ``i``'s answers and ``groups[i]`` its answer
    groups (lists of indices into ``answers[i]``); ``n_documents`` is the size
    of the corpus. ``rules=None`` uses the default rules. ``copies`` maps each
    syndicated copy's document id to the id of the document it copies (see
    ``find_copies``); with ``count="independent"`` a copy's answers count as
    its original's voice, and the corpus counts ``n_documents - len(copies)``
    voices.
    """
    rules = rules or DEFAULT_RULES
    if len(answers) != len(groups):
        raise ValueError(f"{len(answers)} lists of answers but {len(groups)} lists of groups")
    voice_of = dict(copies or {})
    story = n_documents - len(voice_of) if rules.count == "independent" else n_documents
    need = max(rules.min_count, int(rules.min_answers * story))

    def size_of(spans: Sequence[Span]) -> int:
        if rules.count == "answers":
            return len(spans)
        if rules.count == "documents":
            return len({s.doc_id for s in spans})
        return len({voice_of.get(s.doc_id, s.doc_id) for s in spans})

    order = sorted(range(len(answers)), key=lambda i: -len(answers[i]))
    kept: list[int] = []
    kept_pids: list[set[str]] = []
    decisions: dict[int, Decision] = {}
    for i in order:
        spans = answers[i]
        size = size_of(spans)
        if size < need:
            decisions[i] = Decision(i, False, "too few answers", {"answers": size, "needed": need})
            continue
        if rules.count == "independent":
            largest = max((size_of([spans[j] for j in g]) for g in groups[i]), default=0)
            total = size
        else:  # as published: answers in the group against all answers, whatever is counted above
            largest = max((len(g) for g in groups[i]), default=0)
            total = len(spans)
        if largest > rules.max_largest_group * total:
            decisions[i] = Decision(i, False, "consensus", {"largest_group": largest, "answers": total})
            continue
        pids = {s.pid for s in spans}
        similar = next(
            (kept[k] for k, other in enumerate(kept_pids) if len(other & pids) >= rules.max_overlap * len(pids)),
            None,
        )
        if similar is not None:
            decisions[i] = Decision(i, False, "overlaps a kept question", {"kept": similar})
            continue
        if rules.limit is not None and len(kept) >= rules.limit:
            decisions[i] = Decision(i, False, "over the limit", {"limit": rules.limit})
            continue
        kept.append(i)
        kept_pids.append(pids)
        decisions[i] = Decision(i, True, "kept", {"answers": size, "largest_group": largest})
    return kept, [decisions[i] for i in range(len(answers))]
