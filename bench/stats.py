"""Medians and spread of repeated measurements, and ratios of paired ones."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

__all__ = ["quantile", "ratio", "summary"]


def quantile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile of ``values``, interpolated between the two nearest samples."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary(samples: Sequence[float], unit: str, *, lower_bound: bool = False) -> dict[str, Any]:
    """Median, quartiles, min and max of ``samples`` (``lower_bound``: a cut run, the true value is larger)."""
    values = [float(v) for v in samples]
    if not values:
        return {
            "unit": unit,
            "n": 0,
            "median": None,
            "p25": None,
            "p75": None,
            "min": None,
            "max": None,
            "spread_pct": None,
            "samples": [],
            "lower_bound": lower_bound,
        }
    median = statistics.median(values)
    p25, p75 = quantile(values, 0.25), quantile(values, 0.75)
    return {
        "unit": unit,
        "n": len(values),
        "median": median,
        "p25": p25,
        "p75": p75,
        "min": min(values),
        "max": max(values),
        # Interquartile range as a share of the median: how noisy this figure is.
        "spread_pct": (100.0 * (p75 - p25) / median) if median else None,
        "samples": values,
        "lower_bound": lower_bound,
    }


def ratio(numerator: dict[str, Any], denominator: dict[str, Any], *, paired: bool = True) -> dict[str, Any]:
    """``numerator / denominator`` of two summaries.

    ``value`` is the ratio of the medians. When both were measured alternately in pairs
    (sample i of each in the same round), ``pair_median``/``pair_min``/``pair_max`` describe the
    per-round ratios, which cancel drift of the machine between rounds.
    """
    num, den = numerator.get("median"), denominator.get("median")
    out: dict[str, Any] = {"value": None, "pair_median": None, "pair_min": None, "pair_max": None}
    if num is None or den is None or den == 0:
        return out
    out["value"] = num / den
    # A lower bound over an exact figure is a lower bound; exact over a lower bound an upper bound.
    if numerator.get("lower_bound") and not denominator.get("lower_bound"):
        out["bound"] = "lower"
    elif denominator.get("lower_bound") and not numerator.get("lower_bound"):
        out["bound"] = "upper"
    a, b = numerator.get("samples") or [], denominator.get("samples") or []
    if paired and a and len(a) == len(b) and all(b):
        pairs = [x / y for x, y in zip(a, b, strict=True)]
        out["pair_median"] = statistics.median(pairs)
        out["pair_min"] = min(pairs)
        out["pair_max"] = max(pairs)
    return out
