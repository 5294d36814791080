"""Syndicated copies: documents of a story that are one article published by several outlets.

A wire story or a syndicated column often reaches a story's document list
several times, under several outlets' domains, sometimes with another outlet's
boilerplate around it, a paragraph dropped, quotes restyled or a sentence
edited. Counted as separate sources it inflates agreement ("five outlets say
so" when one wrote it and four reprinted it). :func:`find_copies` finds such
groups so each can be counted once.

The method (see ``docs/copies.md`` for the threshold study on a real story):

1. **Normalise**: NFKC, curly quotes and dashes unified, case folded, the text
   cut into words of letters and digits, so punctuation, white space and
   paragraph boundaries do not matter.
2. **Shingle**: every run of ``k`` = 5 consecutive words, hashed to 64 bits
   (a stable hash, the same in every process). An outlet's page furniture
   (a shingle found in two or more documents of one domain) is dropped, so
   two different articles reprinted by one outlet in the same frame are not
   taken for copies of each other.
3. **Score** a pair by *containment*, ``|A ∩ B| / min(|A|, |B|)``: the share
   of the shorter document's shingles found in the longer one. Unlike Jaccard
   it stays near 1 when one outlet wraps the article in its own boilerplate
   or drops a paragraph, and it stays low for two articles written
   separately on the same event (on the real 46-document story: copies 0.99
   and 1.0, the highest other pair 0.21).
4. **Candidates without all pairs**: MinHash sketches in an LSH Ensemble
   (``datasketch.MinHashLSHEnsemble``, an index for containment rather than
   Jaccard, so a short article wholly inside a long page is still found),
   queried with a lower threshold than the final one for recall; every
   candidate is then verified exactly on its shingles. Cost grows about
   linearly with the number of documents; ``method="exact"`` compares all
   pairs (quadratic), the reference the benchmark measures against.
5. **Group**: the connected components of the copy relation.

Each group names its **original**, the outlet whose document the others copy:
the earliest-published member when ``dates`` are given (members with a date
before members without one), otherwise the longest member (most distinct
shingles: the containing document), ties broken by the smaller id. Answers
from the other members later record ``copy_of`` = the original's domain.

Needs the ``copies`` extra: ``pip install 'ctxwidget[copies]'`` (datasketch
and numpy).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, Literal

from .._extras import import_extra
from ..errors import ValidationError
from .documents import read_documents
from .records import DocId, Document

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Shingles = npt.NDArray[np.uint64]

__all__ = [
    "DEFAULT_THRESHOLD",
    "CopyGroup",
    "containment",
    "copy_of",
    "find_copies",
    "normalise",
    "shingles",
]

#: Containment at or above which two documents are copies (chosen on the real story: docs/copies.md).
DEFAULT_THRESHOLD = 0.5
#: Words per shingle.
SHINGLE_WORDS = 5
#: A document with fewer distinct shingles is too short to tell a copy from a shared quote.
MIN_SHINGLES = 20

# Quotes, apostrophes and dashes of every style become one ASCII form each; then
# only letters and digits count, so these unify twice over (and are explicit).
_UNIFY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
# Words: runs of letters and digits; an apostrophe inside a word joins it ("don't", "Fed's").
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

# Fixed odd 64-bit multipliers, one per position in a shingle (from the fractional parts of
# square roots of primes, as SHA-2 takes its constants): a shingle's hash is a weighted sum
# of its words' hashes, modulo 2**64.
_MULTIPLIERS = (
    0x6A09E667F3BCC909,
    0xBB67AE8584CAA73B,
    0x3C6EF372FE94F82B,
    0xA54FF53A5F1D36F1,
    0x510E527FADE682D1,
    0x9B05688C2B3E6C1F,
    0x1F83D9ABFB41BD6B,
    0x5BE0CD19137E2179,
)


def normalise(text: str) -> list[str]:
    """The words of ``text`` as :func:`find_copies` compares them.

    NFKC, quotes, apostrophes and dashes unified, case folded; a word is a run
    of letters and digits (an inner apostrophe kept), so punctuation, white
    space and paragraph breaks are ignored.

    >>> normalise("The Fed’s “soft landing” — un\\n\\nlikely")
    ['the', "fed's", 'soft', 'landing', 'un', 'likely']
    """
    return _WORD.findall(unicodedata.normalize("NFKC", text).translate(_UNIFY).casefold())


def _numpy() -> Any:
    return import_extra("copies", "numpy", what="finding copies")


def shingles(text: str, k: int = SHINGLE_WORDS, *, _cache: dict[str, int] | None = None) -> Shingles:
    """The distinct ``k``-word shingles of ``text`` as sorted 64-bit hashes (a numpy array).

    A text of fewer than ``k`` words has none. The hash is stable (BLAKE2b of
    each word, combined by position), so the same text gives the same array in
    every process.
    """
    np = _numpy()
    words = normalise(text)
    if len(words) < k:
        return np.empty(0, dtype=np.uint64)  # type: ignore[no-any-return]
    cache = {} if _cache is None else _cache
    hashes = []
    for word in words:
        value = cache.get(word)
        if value is None:
            value = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
            cache[word] = value
        hashes.append(value)
    h = np.array(hashes, dtype=np.uint64)
    n = len(words) - k + 1
    out = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            out += h[j : j + n] * np.uint64(_MULTIPLIERS[j % len(_MULTIPLIERS)] | 1)
    return np.unique(out)  # type: ignore[no-any-return]


def containment(a: Shingles, b: Shingles) -> float:
    """``|a ∩ b| / min(|a|, |b|)`` for two outputs of :func:`shingles` (0 when either is empty)."""
    np = _numpy()
    smaller = min(len(a), len(b))
    if smaller == 0:
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return float(shared / smaller)


@dataclass(frozen=True)
class CopyGroup:
    """Documents that are copies of one another: an ``original`` and its ``copies``.

    ``copies`` are sorted by id; ``ids`` is every member, sorted. The domains
    are the members' outlets (``original_domain``; ``copy_domains`` in the
    order of ``copies``). ``score`` is the lowest containment among the pairs
    that joined the group (each at or above the threshold).
    """

    original: DocId
    copies: tuple[DocId, ...]
    original_domain: str
    copy_domains: tuple[str, ...]
    score: float

    @property
    def ids(self) -> tuple[DocId, ...]:
        """Every member's id, sorted (ints before strings)."""
        return tuple(sorted((self.original, *self.copies), key=_id_key))

    def copy_of(self) -> dict[DocId, str]:
        """Each copy's id mapped to the original's domain."""
        return dict.fromkeys(self.copies, self.original_domain)


def _id_key(doc_id: DocId) -> tuple[int, int, str]:
    return (0, doc_id, "") if isinstance(doc_id, int) else (1, 0, doc_id)


def _when(value: object, path: str) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(
                f"{value!r} is not an ISO 8601 date or time; write e.g. '2022-07-29' or '2022-07-29T14:05:00Z'",
                path=path,
            ) from None
    else:
        raise ValidationError(
            f"expected a date (a datetime, a date or an ISO 8601 string), got {type(value).__name__}", path=path
        )
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _dates(dates: object, ids: set[DocId]) -> dict[DocId, datetime]:
    if dates is None:
        return {}
    if not isinstance(dates, Mapping):
        raise ValidationError(
            f"expected a mapping of document id to publication date, got {type(dates).__name__}", path="dates"
        )
    out = {}
    for doc_id, value in dates.items():
        if doc_id not in ids:
            raise ValidationError(f"no document has the id {doc_id!r}; give dates of the documents only", path="dates")
        if value is not None:
            out[doc_id] = _when(value, f"dates[{doc_id!r}]")
    return out


def _check_number(value: object, path: str, *, low: float, high: float | None, integer: bool, hint: str) -> None:
    ok_type = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok_type:
        raise ValidationError(f"expected {'an integer' if integer else 'a number'}, got {value!r}; {hint}", path=path)
    assert isinstance(value, (int, float))
    if value < low or (high is not None and value > high) or value != value:
        raise ValidationError(f"{value!r} is out of range; {hint}", path=path)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _exact_pairs(eligible: Sequence[int]) -> Iterable[tuple[int, int]]:
    for x, i in enumerate(eligible):
        for j in eligible[x + 1 :]:
            yield i, j


def _lsh_pairs(
    sets: Sequence[Shingles], eligible: Sequence[int], *, threshold: float, num_perm: int
) -> Iterable[tuple[int, int]]:
    try:
        from datasketch import MinHash, MinHashLSHEnsemble
    except ImportError:
        raise ImportError(
            "find_copies needs datasketch, an optional extra of ctxwidget: pip install 'ctxwidget[copies]'",
            name="datasketch",
        ) from None
    # Each document's sketch from its 64-bit shingle hashes as they are (identity hash
    # function), under datasketch's seeded 64-bit affine permutations.
    sketches = dict(
        zip(
            eligible,
            MinHash.generator((sets[i].tolist() for i in eligible), num_perm=num_perm, scheme="affine64", hashfunc=int),
            strict=True,
        )
    )
    index = MinHashLSHEnsemble(threshold=threshold, num_perm=num_perm, num_part=8)
    index.index([(i, sketches[i], _size_bucket(len(sets[i]))) for i in eligible])
    seen: set[tuple[int, int]] = set()
    for i in eligible:
        for j in index.query(sketches[i], len(sets[i])):
            pair = (i, j) if i < j else (j, i)
            if i != j and pair not in seen:
                seen.add(pair)
                yield pair


def _without_furniture(docs: Sequence[Document], sets: list[Shingles]) -> list[Shingles]:
    """Each outlet's page furniture dropped: shingles in two or more documents of one domain."""
    np = _numpy()
    by_domain: dict[str, list[int]] = {}
    for i, doc in enumerate(docs):
        if len(sets[i]):
            by_domain.setdefault(doc.domain, []).append(i)
    for members in by_domain.values():
        if len(members) < 2:
            continue
        values, counts = np.unique(np.concatenate([sets[i] for i in members]), return_counts=True)
        furniture = values[counts > 1]
        if len(furniture):
            for i in members:
                sets[i] = np.setdiff1d(sets[i], furniture, assume_unique=True)
    return sets


def _size_bucket(size: int) -> int:
    # LSH Ensemble's partitioning costs grow with the square of the number of distinct sizes:
    # sizes rounded up to a 5% grid keep it bounded (about 100 buckets from 20 to 10**4 shingles).
    return math.ceil(1.05 ** math.ceil(math.log(size, 1.05))) if size > 1 else size


def find_copies(
    documents: object,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    dates: Mapping[DocId, date | datetime | str | None] | None = None,
    min_shingles: int = MIN_SHINGLES,
    method: Literal["lsh", "exact"] = "lsh",
    num_perm: int = 128,
) -> list[CopyGroup]:
    """Groups of documents that are copies of one another (syndicated or reprinted articles).

    ``documents`` is the Discord Questions document list (``{"id", "domain",
    "content", ...}`` objects or :class:`Document`). Two documents are copies
    when at least ``threshold`` of the shorter one's 5-word shingles appear in
    the other (containment, see the module docs); both need ``min_shingles``
    distinct shingles, so paywall stubs and empty pages are never copies. A
    group is a connected component of that relation: two or more documents.

    Each group's ``original`` is the earliest-published member when ``dates``
    (document id to a ``datetime``, ``date`` or ISO 8601 string; naive times
    are read as UTC) gives dates, members with a date ranking before members
    without; otherwise, and among equal dates, the longest member (most
    distinct shingles), then the smaller id. Groups come sorted by their
    smallest id.

    ``method="lsh"`` (default) finds candidates with a MinHash LSH Ensemble
    and verifies each exactly, in about linear time; ``method="exact"``
    compares every pair (quadratic: the reference). Bad arguments raise
    :class:`~ctxwidget.errors.ValidationError` naming the argument.
    """
    _check_number(threshold, "threshold", low=1e-9, high=1.0, integer=False, hint="give a share in (0, 1], e.g. 0.5")
    _check_number(min_shingles, "min_shingles", low=1, high=None, integer=True, hint="give a count of 1 or more")
    _check_number(num_perm, "num_perm", low=16, high=4096, integer=True, hint="give 16 to 4096, e.g. 128")
    if method not in ("lsh", "exact"):
        raise ValidationError(f"{method!r} is not a method; use 'lsh' or 'exact'", path="method")
    docs: list[Document] = read_documents(documents)
    when = _dates(dates, {d.id for d in docs})

    cache: dict[str, int] = {}
    sets = _without_furniture(docs, [shingles(doc.content, _cache=cache) for doc in docs])
    eligible = [i for i, s in enumerate(sets) if len(s) >= min_shingles]
    if method == "exact" or len(eligible) < 2:
        candidates = _exact_pairs(eligible)
    else:
        # Query below the final threshold, for recall; every candidate is verified exactly.
        candidates = _lsh_pairs(sets, eligible, threshold=max(0.05, threshold * 0.6), num_perm=num_perm)

    components = _UnionFind(len(docs))
    edges: list[tuple[int, int, float]] = []
    for i, j in candidates:
        score = containment(sets[i], sets[j])
        if score >= threshold:
            edges.append((i, j, score))
            components.union(i, j)

    members: dict[int, list[int]] = {}
    for i, _, _ in edges:
        members.setdefault(components.find(i), [])
    for i in range(len(docs)):
        root = components.find(i)
        if root in members:
            members[root].append(i)
    lowest: dict[int, float] = {}
    for i, _, score in edges:
        root = components.find(i)
        lowest[root] = min(lowest.get(root, 1.0), score)

    far_future = datetime.max.replace(tzinfo=timezone.utc)

    def rank(i: int) -> tuple[bool, datetime, int, tuple[int, int, str]]:
        moment = when.get(docs[i].id)
        return (moment is None, moment or far_future, -len(sets[i]), _id_key(docs[i].id))

    groups = []
    for root, idx in members.items():
        original = min(idx, key=rank)
        rest = sorted((i for i in idx if i != original), key=lambda i: _id_key(docs[i].id))
        groups.append(
            CopyGroup(
                original=docs[original].id,
                copies=tuple(docs[i].id for i in rest),
                original_domain=docs[original].domain,
                copy_domains=tuple(docs[i].domain for i in rest),
                score=round(lowest[root], 6),
            )
        )
    groups.sort(key=lambda g: _id_key(g.ids[0]))
    return groups


def copy_of(documents: object, **options: Any) -> dict[DocId, str]:
    """Each copied document's id mapped to the domain of the outlet it copies.

    The documents :func:`find_copies` puts in a group, less each group's
    original; ``options`` are those of :func:`find_copies`. This is the value
    an answer from that document records as ``copy_of``.
    """
    out: dict[DocId, str] = {}
    for group in find_copies(documents, **options):
        out.update(group.copy_of())
    return out
