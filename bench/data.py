"""The benchmark's articles: S is the seed, M, L and XL are generated deterministically, REAL is real.

Generated articles reuse real text shipped in ``examples/data``: paragraphs from the
recession news articles, questions and answers (with their outlets, URLs and answer groups)
from NAnCo. The same size always gives the same article, byte for byte.

REAL is real Discord Questions pipeline output, ``discord_questions_recession_sample.json``
over ``documents_recession.json``, built with ``ctxwidget.adapters.from_discord_questions`` for
the document that anchors most questions. Those files are read from ``$CTXWIDGET_SHARED_DATA``
if set, else ``examples/data``, else the project's shared data folder ``../shared/data`` next to
the repository (or next to one of its parent folders).
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ctxwidget.examples import nato_ukraine
from ctxwidget.model import check_domain

__all__ = ["REAL", "SIZES", "Size", "article_dict", "chip_count", "describe", "real_article", "shared_data"]

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "data"
REAL = "REAL"
REAL_FILES = ("documents_recession.json", "discord_questions_recession_sample.json")


@dataclass(frozen=True)
class Size:
    name: str
    paragraphs: int
    panels: int
    answers_per_panel: int


# S is the seed article itself; the numbers are filled in by describe().
SIZES: dict[str, Size | None] = {
    "S": None,
    "M": Size("M", 50, 50, 20),
    "L": Size("L", 200, 200, 30),
    "XL": Size("XL", 1000, 1000, 50),
    REAL: None,
}


def shared_data() -> Path:
    """The shared data folder holding :data:`REAL_FILES`; ``FileNotFoundError`` naming where it looked."""
    tried = [Path(os.environ["CTXWIDGET_SHARED_DATA"])] if os.environ.get("CTXWIDGET_SHARED_DATA") else []
    tried += [ROOT / "examples" / "data"] + [parent / "shared" / "data" for parent in ROOT.parents]
    for folder in tried:
        if all((folder / name).is_file() for name in REAL_FILES):
            return folder
    raise FileNotFoundError(
        f"size {REAL} needs {' and '.join(REAL_FILES)} (examples/data, or the project's ../shared/data); "
        f"looked in {', '.join(str(f) for f in tried)}. Set CTXWIDGET_SHARED_DATA to the folder, "
        f"or run other sizes: --sizes S,M,L,XL"
    )


@lru_cache(maxsize=1)
def real_article() -> dict[str, Any]:
    """The dict form of the REAL article (see the module docstring)."""
    from ctxwidget.adapters import from_discord_questions

    folder = shared_data()
    documents = json.loads((folder / REAL_FILES[0]).read_text("utf-8"))
    questions = json.loads((folder / REAL_FILES[1]).read_text("utf-8"))
    # The anchor: the document most questions were asked of (the first such one in the file).
    anchor, _count = Counter(q["doc_id"] for q in questions).most_common(1)[0]
    return from_discord_questions(documents, questions, anchor).to_dict()


@lru_cache(maxsize=1)
def _paragraph_pool() -> tuple[Any, ...]:
    seed = nato_ukraine().to_dict()["paragraphs"]
    docs = json.loads((DATA / "documents_recession.json").read_text("utf-8"))
    texts = [part.strip() for doc in docs for part in doc["content"].split("\n\n") if part.strip()]
    return tuple(seed) + tuple(texts)


@lru_cache(maxsize=1)
def _question_pool() -> tuple[tuple[str, tuple[dict[str, Any], ...]], ...]:
    nanco = json.loads((DATA / "nanco_dataset.json").read_text("utf-8"))
    pool = []
    for question in nanco:
        answers = []
        for raw in question["answers"]:
            host = (urlsplit(raw["Article URL"]).hostname or "").lower()
            host = host.removeprefix("www.")
            text = raw["Answer"].strip()
            try:
                check_domain(host, "source")
            except ValueError:
                continue
            if text:
                answers.append(
                    {"source": host, "text": text, "url": raw["Article URL"], "group": int(raw["cluster_global"])}
                )
        pool.append((question["question"].strip(), tuple(answers)))
    return tuple(pool)


def _generate(size: Size) -> dict[str, Any]:
    rng = random.Random(f"ctxwidget-bench-{size.name}")
    paragraphs = _paragraph_pool()
    questions = _question_pool()
    article: dict[str, Any] = {
        "title": f"Benchmark article {size.name}: {size.paragraphs} paragraphs, "
        f"{size.panels} panels x {size.answers_per_panel} answers",
        "story": "ctxwidget benchmark",
        "source": "example.com",
        "url": f"https://example.com/bench/{size.name.lower()}",
        "paragraphs": [rng.choice(paragraphs) for _ in range(size.paragraphs)],
        "panels": [],
    }
    for i in range(size.panels):
        question, pool = questions[rng.randrange(len(questions))]
        count = size.answers_per_panel
        if count <= len(pool):
            picked = rng.sample(pool, count)
        else:
            picked = [*rng.sample(pool, len(pool)), *(rng.choice(pool) for _ in range(count - len(pool)))]
        article["panels"].append(
            {
                "id": f"p{i + 1:04d}",
                "question": question,
                "after": min(size.paragraphs, (i + 1) * size.paragraphs // size.panels),
                "answers": [dict(answer) for answer in picked],
            }
        )
    return article


def article_dict(size: str) -> dict[str, Any]:
    """A fresh dict form of the article of this size (``S``, ``M``, ``L``, ``XL`` or ``REAL``)."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose from {', '.join(SIZES)}")
    if size == REAL:
        fresh: dict[str, Any] = json.loads(json.dumps(real_article()))
        return fresh
    spec = SIZES[size]
    if spec is None:
        return nato_ukraine().to_dict()
    return _generate(spec)


def chip_count(article: dict[str, Any]) -> int:
    """How many answers (source chips) the article has."""
    return sum(len(panel.get("answers", ())) for panel in article.get("panels", ()))


def describe(size: str, article: dict[str, Any] | None = None) -> dict[str, Any]:
    """The shape of one size: counts and the byte size of its JSON."""
    article = article if article is not None else article_dict(size)
    panels = article.get("panels", [])
    return {
        "size": size,
        "paragraphs": len(article.get("paragraphs", [])),
        "panels": len(panels),
        "answers": chip_count(article),
        "json_bytes": len(json.dumps(article, ensure_ascii=False, separators=(",", ":")).encode("utf-8")),
    }
