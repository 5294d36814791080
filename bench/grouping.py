"""``python -m bench.grouping``: grouping a real article's answers against embedding them in fp32.

Side by side in one process, alternating round by round, both models loaded and warmed first:

- baseline: every answer of the article embedded with fp32 all-MiniLM-L6-v2 on
  sentence-transformers (``SentenceTransformer.encode``, batch size 64), the cost of the
  simplest embedding grouping before any scoring;
- candidate: ``group_answers(article, overwrite=True)`` with the default (ONNX Runtime, int8)
  backend, everything included: normalisation, embedding each distinct text once, the pair
  classifier and the clustering.

The article is the real pipeline sample's largest anchor (its questions and answers rebuilt with
``from_discord_questions``), and, as a second row, all 52 questions of the sample as one article.
Target: candidate / baseline at most 0.35 (median of the per-round ratios).
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctxwidget import Article
from ctxwidget.adapters.discord_questions import from_discord_questions

from .stats import ratio, summary

DATA = Path(__file__).resolve().parents[1] / "examples" / "data"
TARGET = 0.35


def articles() -> dict[str, Article]:
    """The largest anchor article of the real sample, and the whole sample as one article."""
    documents = json.loads((DATA / "documents_recession.json").read_text("utf-8"))
    questions = json.loads((DATA / "discord_questions_recession_sample.json").read_text("utf-8"))
    bare = [{k: v for k, v in q.items() if k != "answer_groups"} for q in questions]
    anchor = Counter(q["doc_id"] for q in bare).most_common(1)[0][0]
    article = from_discord_questions(documents, [q for q in bare if q["doc_id"] == anchor], anchor)
    whole = from_discord_questions(documents, [{**q, "doc_id": anchor} for q in bare], anchor)
    return {"largest anchor article": article, "all 52 questions": whole}


def _time(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000.0


def measure(rounds: int = 5, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Per article: the baseline and candidate summaries (ms) and their paired ratio."""
    from ctxwidget.grouping import group_answers
    from ctxwidget.grouping.embedding import load_model

    fp32 = load_model("torch")
    model = fp32.model  # type: ignore[attr-defined]
    load_model("onnx")
    result: dict[str, Any] = {}
    for name, article in articles().items():
        texts = [a.text for p in article.panels for a in p.answers]
        baseline: list[float] = []
        candidate: list[float] = []

        def embed(texts: list[str] = texts) -> None:
            model.encode(texts, batch_size=64, show_progress_bar=False, convert_to_numpy=True)

        def group(article: Article = article) -> None:
            group_answers(article, overwrite=True, backend="onnx")

        embed()
        group()  # warm both
        for _ in range(rounds):
            baseline.append(_time(embed))
            candidate.append(_time(group))
        base = summary(baseline, "ms")
        cand = summary(candidate, "ms")
        section: dict[str, Any] = {
            "answers": len(texts),
            "distinct_answers": len({a.text for p in article.panels for a in p.answers}),
            "panels": len(article.panels),
            "embed_fp32_every_answer": base,
            "group_answers_onnx": cand,
            "ratio": ratio(cand, base),
            "target": TARGET,
        }
        paired = section["ratio"]["pair_median"] or section["ratio"]["value"]
        log(
            f"{name}: {len(texts)} answers, fp32 embedding {base['median']:.0f} ms, "
            f"group_answers {cand['median']:.0f} ms, ratio {paired:.3f}"
        )
        result[name] = section
    return result


def run_grouping(results: dict[str, Any], log: Callable[[str], None]) -> None:
    """``python -m bench --parts grouping``: ``results["grouping"]``."""
    if importlib.util.find_spec("sentence_transformers") is None or importlib.util.find_spec("onnxruntime") is None:
        results["grouping"] = {"errors": [{"part": "grouping", "error": "needs the group and group-torch extras"}]}
        return
    results["grouping"] = measure(log=log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.grouping", description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the measurements here")
    args = parser.parse_args(argv)
    measured = measure(args.rounds)
    if args.json:
        args.json.write_text(json.dumps(measured, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
