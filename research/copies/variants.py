"""Ways one outlet's copy of an article differs from the original, and synthetic stories.

Each variant takes an article's paragraphs and returns the copy's ``content``
(paragraphs joined by blank lines, the Discord Questions format). The tests,
the threshold study (``research/copies/threshold.py``) and the benchmark
(``bench/copies.py``) all use these, so "a copy with boilerplate" means the same
thing everywhere.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "examples" / "data" / "documents_recession.json"

#: Another outlet's page furniture around a reprinted article.
BOILERPLATE_BEFORE = (
    "Skip to main content. Sign in or subscribe for unlimited digital access. Local news, weather, sports "
    "and obituaries from the Valley Courier, serving the tri-county area since 1902.\n\n"
    "Share this story on Facebook, Twitter or by email. This article was republished from a partner "
    "outlet under a content-sharing agreement; the views expressed are the author's own."
)
BOILERPLATE_AFTER = (
    "Copyright 2022 Valley Courier Media Group. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed without permission.\n\n"
    "Related coverage: County budget hearing set for Thursday night; high school football playoffs begin "
    "with three home games; road work to close the Main Street bridge for two weeks.\n\n"
    "Get the morning newsletter delivered to your inbox every weekday. Read our privacy policy and terms "
    "of service. Advertise with us. Contact the newsroom with tips and corrections."
)

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(]?[A-Z0-9])")


def join(paragraphs: Sequence[str]) -> str:
    """Paragraphs as a document's ``content``."""
    return "\n\n".join(paragraphs)


def boilerplate(paragraphs: Sequence[str], before: str = BOILERPLATE_BEFORE, after: str = BOILERPLATE_AFTER) -> str:
    """The article inside another outlet's page furniture, before and after."""
    return join([before, *paragraphs, after])


def drop_paragraph(paragraphs: Sequence[str]) -> str:
    """The article without one paragraph (a copy cut to fit): the longest that holds at most a fifth of the words.

    When every paragraph holds more (an article of a few long paragraphs), the shortest goes; an article
    of one paragraph stays whole.
    """
    if len(paragraphs) < 2:
        return join(paragraphs)
    sizes = [len(p.split()) for p in paragraphs]
    small = [i for i in range(len(paragraphs)) if sizes[i] * 5 <= sum(sizes)]
    drop = max(small, key=lambda i: sizes[i]) if small else min(range(len(paragraphs)), key=lambda i: sizes[i])
    return join([p for i, p in enumerate(paragraphs) if i != drop])


def restyle(paragraphs: Sequence[str]) -> str:
    """Quotes, apostrophes and dashes restyled, ligatures and non-breaking spaces (NFKC undoes these)."""
    out = []
    for p in paragraphs:
        p = re.sub(r'"(\S)', "“\\1", p)
        p = p.replace('"', "”").replace("'", "’")
        p = p.replace(" - ", " \u2014 ").replace("--", "\u2013").replace("fi", "\ufb01")
        out.append(p.replace(" ", "\u00a0", 3))
    return join(out)


def resplit(paragraphs: Sequence[str]) -> str:
    """The same text, paragraphs cut anew: one sentence per paragraph, and the first two runs joined."""
    sentences = [s for p in paragraphs for s in _SENTENCE.split(p.strip()) if s]
    if len(sentences) > 2:
        sentences = [f"{sentences[0]} {sentences[1]}", *sentences[2:]]
    return join(sentences)


def edit_sentence(paragraphs: Sequence[str]) -> str:
    """One sentence rewritten by an editor: the middle paragraph's first sentence replaced."""
    middle = len(paragraphs) // 2
    parts = _SENTENCE.split(paragraphs[middle].strip())
    parts[0] = "An editor at the reprinting outlet rewrote this sentence to fit its house style and local readers."
    return join([*paragraphs[:middle], " ".join(parts), *paragraphs[middle + 1 :]])


def everything(paragraphs: Sequence[str], before: str = BOILERPLATE_BEFORE, after: str = BOILERPLATE_AFTER) -> str:
    """All of the above at once: dropped paragraph, edited sentence, restyled, split anew, wrapped."""
    text = drop_paragraph(paragraphs)
    text = edit_sentence(text.split("\n\n"))
    text = restyle(text.split("\n\n"))
    text = resplit(text.split("\n\n"))
    return boilerplate(text.split("\n\n"), before, after)


VARIANTS: dict[str, Callable[[Sequence[str]], str]] = {
    "boilerplate before and after": boilerplate,
    "a paragraph dropped": drop_paragraph,
    "quotes and dashes restyled": restyle,
    "paragraphs split differently": resplit,
    "a sentence edited": edit_sentence,
    "all of these together": everything,
}


def real_documents() -> list[dict[str, Any]]:
    """The 46 real documents of the recession story (``examples/data/documents_recession.json``)."""
    documents: list[dict[str, Any]] = json.loads(DOCUMENTS.read_text("utf-8"))
    return documents


def paragraphs(document: dict[str, Any]) -> list[str]:
    """A document's non-blank paragraphs."""
    return [p for p in str(document["content"]).split("\n\n") if p.strip()]


def synthetic_story(
    n: int, *, seed: int = 0, copy_share: float = 0.05
) -> tuple[list[dict[str, Any]], set[frozenset[str]]]:
    """``n`` synthetic documents with planted copies, and the planted groups (a source and its copies, by id).

    Text comes from a word-bigram chain over the real story's documents (so
    unrelated documents share common phrases, as real ones do), lengths
    from the real documents' paragraph counts (those of 6 or more); a ``copy_share`` of the
    documents are copies, each of an earlier synthetic document, made by one of
    :data:`VARIANTS` in turn. Copies come from 97 copying outlets, each with its
    own page furniture (text from the same chain) around every article it
    reprints. Deterministic for a given ``seed``.
    """
    rng = random.Random(seed)
    real = real_documents()
    chain: dict[str, list[str]] = {}
    starts: list[str] = []
    sizes: list[int] = []
    for document in real:
        paras = paragraphs(document)
        if len(paras) >= 6:  # so a dropped paragraph is at most a sixth of an article
            sizes.append(len(paras))
        for p in paras:
            words = p.split()
            if len(words) > 1:
                starts.append(words[0])
            for a, b in itertools.pairwise(words):
                chain.setdefault(a, []).append(b)

    def paragraph() -> str:
        word = rng.choice(starts)
        words = [word]
        for _ in range(rng.randint(25, 70)):
            word = rng.choice(chain.get(word) or starts)
            words.append(word)
        return " ".join(words) + "."

    variants = list(VARIANTS.values())
    furniture = [(paragraph(), f"{paragraph()}\n\n{paragraph()}") for _ in range(97)]
    documents: list[dict[str, Any]] = []
    planted: dict[str, set[str]] = {}
    copies = int(n * copy_share)
    for i in range(n - copies):
        paras = [paragraph() for _ in range(min(rng.choice(sizes), 30))]
        documents.append({"id": f"d{i:05d}", "domain": f"outlet{i % 997}.example", "content": join(paras)})
    for k in range(copies):
        source = documents[rng.randrange(n - copies)]
        doc_id = f"c{k:05d}"
        make = variants[k % len(variants)]
        before, after = furniture[k % 97]
        if make in (boilerplate, everything):
            content = make(paragraphs(source), before, after)
        else:
            content = make(paragraphs(source))
        documents.append({"id": doc_id, "domain": f"copier{k % 97}.example", "content": content})
        planted.setdefault(source["id"], {source["id"]}).add(doc_id)
    return documents, {frozenset(group) for group in planted.values()}
