"""Choose find_copies' containment threshold on the real story: the tables of docs/copies.md.

Run ``python -m research.copies.threshold`` from the repository root (needs
``pip install 'ctxwidget[copies]'``). It prints three Markdown tables:

1. the real story's highest pairwise scores (exact, every pair of its 46
   documents that both have enough text);
2. synthetic copies of each real document (``research/copies/variants.py``):
   the containment of each kind of copy with its original;
3. a sweep of thresholds: pairs of the real story above each, and the share
   of synthetic copies found.

The threshold is then the midpoint between the highest pair that is not a
copy and the lowest score of a copy made by a single change, rounded to 0.05.
"""

from __future__ import annotations

import itertools
import statistics
from typing import Any

from ctxwidget.pipeline.copies import MIN_SHINGLES, containment, shingles
from research.copies.variants import VARIANTS, paragraphs, real_documents

# The two syndicated pairs of the story, checked by reading them (same text, two outlets).
KNOWN_COPIES = {
    frozenset(("62e47d216134dc31786dd5ed", "62e4997d6134dc31786dd866")),  # ocregister.com, vigourtimes.com
    frozenset(("62e355db6134dc31786db834", "62e355c66134dc31786db82c")),  # kesq.com, erienewsnow.com
}
SINGLE_CHANGES = [name for name in VARIANTS if name != "all of these together"]
MIN_WORDS = 100  # documents given synthetic copies: those with this many words or more


def real_pairs() -> list[dict[str, Any]]:
    """Every pair of real documents that both have enough shingles, best containment first."""
    documents = real_documents()
    sets = {d["id"]: shingles(d["content"]) for d in documents}
    domain = {d["id"]: d["domain"] for d in documents}
    ids = [d["id"] for d in documents if len(sets[d["id"]]) >= MIN_SHINGLES]
    rows = []
    for a, b in itertools.combinations(ids, 2):
        shared = len(set(sets[a].tolist()) & set(sets[b].tolist()))
        rows.append(
            {
                "pair": f"{domain[a]} / {domain[b]}",
                "containment": containment(sets[a], sets[b]),
                "jaccard": shared / (len(sets[a]) + len(sets[b]) - shared),
                "shared": shared,
                "sizes": f"{len(sets[a])} / {len(sets[b])}",
                "copy": frozenset((a, b)) in KNOWN_COPIES,
            }
        )
    rows.sort(key=lambda r: -r["containment"])
    return rows


def variant_scores() -> dict[str, list[float]]:
    """For each kind of copy, its containment with the original, one per real document of MIN_WORDS or more."""
    out: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for document in real_documents():
        if len(str(document["content"]).split()) < MIN_WORDS:
            continue
        original = shingles(document["content"])
        for name, make in VARIANTS.items():
            out[name].append(containment(original, shingles(make(paragraphs(document)))))
    return out


def main() -> None:
    """Print the study's tables and the chosen threshold."""
    pairs = real_pairs()
    print(f"## Real story: {len(pairs)} pairs of documents with {MIN_SHINGLES}+ shingles\n")
    print("| pair | containment | Jaccard | shared shingles | shingles | copy |")
    print("|---|---:|---:|---:|---:|---|")
    for row in pairs[:6]:
        print(
            f"| {row['pair']} | {row['containment']:.3f} | {row['jaccard']:.3f} | {row['shared']} | {row['sizes']} | "
            f"{'yes' if row['copy'] else 'no'} |"
        )
    highest_other = max(r["containment"] for r in pairs if not r["copy"])
    lowest_copy = min(r["containment"] for r in pairs if r["copy"])

    scores = variant_scores()
    n = len(next(iter(scores.values())))
    print(f"\n## Synthetic copies of the {n} real documents of {MIN_WORDS}+ words\n")
    print("| copy made by | lowest containment | median | found at 0.5 |")
    print("|---|---:|---:|---:|")
    for name, values in scores.items():
        found = sum(v >= 0.5 for v in values)
        print(f"| {name} | {min(values):.3f} | {statistics.median(values):.3f} | {found}/{len(values)} |")
    lowest_single = min(min(scores[name]) for name in SINGLE_CHANGES)

    print("\n## Threshold sweep\n")
    print("| threshold | real pairs at or above | of them copies | single-change copies found | all-together found |")
    print("|---:|---:|---:|---:|---:|")
    singles = [v for name in SINGLE_CHANGES for v in scores[name]]
    together = scores["all of these together"]
    for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        above = [r for r in pairs if r["containment"] >= t]
        print(
            f"| {t:.1f} | {len(above)} | {sum(r['copy'] for r in above)} | "
            f"{sum(v >= t for v in singles)}/{len(singles)} | {sum(v >= t for v in together)}/{len(together)} |"
        )

    chosen = round((highest_other + lowest_single) / 2 / 0.05) * 0.05
    print(
        f"\nHighest non-copy pair {highest_other:.3f}; lowest real copy {lowest_copy:.3f}; "
        f"lowest single-change synthetic copy {lowest_single:.3f}; midpoint rounded to 0.05: {chosen:.2f}"
    )


if __name__ == "__main__":
    main()
