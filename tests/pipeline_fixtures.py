"""Hand-made corpora and a deterministic bag-of-words encoder for the pipeline tests."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np

DIM = 512


def bag_of_words(texts: list[str]) -> np.ndarray[Any, Any]:
    """Hashed word counts: texts that share words are close, everything else is orthogonal-ish."""
    out = np.zeros((len(texts), DIM))
    for i, text in enumerate(texts):
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % DIM] += 1.0
        out[i, DIM - 1] += 0.01  # never an all-zero row
    return out


def documents() -> list[dict[str, Any]]:
    """Four outlets on one story; ``d3`` has a blank piece before its answer, ``d4`` is off topic."""
    return [
        {
            "id": "d1",
            "title": "Central bank raises rates",
            "domain": "www.apnews.com",
            "url": "https://apnews.com/d1",
            "content": "The central bank raised interest rates by half a point on Wednesday.\n\n"
            "Inflation rose to nine percent in June, the highest in forty years.",
        },
        {
            "id": "d2",
            "title": "Rates go up",
            "domain": "bbc.co.uk",
            "url": "https://bbc.co.uk/d2",
            "content": "Shares fell in early trading.\n\n"
            "The central bank raised interest rates again to fight inflation, officials said.",
        },
        {
            "id": "d3",
            "title": "Prices",
            "domain": "dw.com",
            "content": "A quiet day in the markets.\n\n\n\nInflation rose sharply in June as energy prices climbed.",
        },
        {
            "id": "d4",
            "title": "Football",
            "domain": "espn.com",
            "content": "The home team won the cup final after extra time.",
        },
    ]
