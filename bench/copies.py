"""find_copies (MinHash LSH Ensemble, candidates verified) against all-pairs exact comparison.

Run ``python -m bench.copies`` from the repository root (needs ``pip install 'ctxwidget[copies]'``);
``--sizes 500,2000`` to choose sizes, ``--full-baseline 2000`` for the largest size whose all-pairs
baseline is run in full. Prints a Markdown table (the one in docs/copies.md).

Stories are synthetic (:func:`research.copies.variants.synthetic_story`, fixed seed): text from a
word-bigram chain over the real story's documents, 5% of the documents planted copies made each of
the ways the tests use. The baseline is ``find_copies(..., method="exact")``: every pair's exact
containment. Above ``--full-baseline`` documents it is measured on the first
``--full-baseline`` documents and extrapolated: the shingling part (linear, measured on all
documents) plus the pair part scaled by the number of pairs, n(n-1)/2. The report says which
figures are extrapolated. The ratio is baseline time / LSH time (higher is better); recall is the
share of planted copy groups found exactly.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from ctxwidget.pipeline.copies import find_copies, shingles
from research.copies.variants import synthetic_story

SEED = 20220729


def _seconds(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def measure(n: int, full_baseline: int) -> dict[str, Any]:
    """One size: LSH time, baseline time (measured or extrapolated), recall of planted copies."""
    documents, planted = synthetic_story(n, seed=SEED)
    lsh_s, groups = _seconds(lambda: find_copies(documents))
    found = {frozenset(g.ids) for g in groups}
    row: dict[str, Any] = {
        "documents": n,
        "planted": len(planted),
        "found": len(planted & found),
        "extra": len(found - planted),
        "lsh_s": lsh_s,
    }
    if n <= full_baseline:
        exact_s, exact = _seconds(lambda: find_copies(documents, method="exact"))
        row.update(baseline_s=exact_s, extrapolated=False, same_as_exact=exact == groups)
    else:
        shingle_s, _ = _seconds(lambda: [shingles(d["content"]) for d in documents])
        subset = documents[:full_baseline]
        subset_s, _ = _seconds(lambda: find_copies(subset, method="exact"))
        subset_shingle_s, _ = _seconds(lambda: [shingles(d["content"]) for d in subset])
        pair_s = max(subset_s - subset_shingle_s, 0.0) * (n * (n - 1)) / (full_baseline * (full_baseline - 1))
        row.update(baseline_s=shingle_s + pair_s, extrapolated=True, same_as_exact=None)
    row["ratio"] = row["baseline_s"] / lsh_s
    return row


def main(argv: list[str] | None = None) -> None:
    """Measure each size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="500,2000,10000")
    parser.add_argument("--full-baseline", type=int, default=2000)
    args = parser.parse_args(argv)
    rows = [measure(int(n), args.full_baseline) for n in args.sizes.split(",")]
    print("| documents | find_copies (LSH) | all pairs, exact | ratio | planted copies found | other groups |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        baseline = f"{r['baseline_s']:.1f} s" + (" (extrapolated)" if r["extrapolated"] else "")
        same = "" if r["same_as_exact"] is None else (" (= exact)" if r["same_as_exact"] else " (differs from exact)")
        print(
            f"| {r['documents']:,} | {r['lsh_s']:.1f} s | {baseline} | {r['ratio']:.1f}x | "
            f"{r['found']}/{r['planted']}{same} | {r['extra']} |"
        )


if __name__ == "__main__":
    main()
