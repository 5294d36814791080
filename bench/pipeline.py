"""``python -m bench.pipeline``: the pipeline's targets, measured on this machine.

- **build**: the 46 recession articles, 50 given questions (the first 50 of the real
  pipeline's sample), the offline default, end to end. *Cold*: a new process and an empty
  cache directory (the model load counts); *warm*: a new process over the same cache
  directory. Targets: cold under 60 s, warm under 10 s (2 cores).
- **many**: ``build_many`` over 4 stories (the corpus cut into 4 stories of 11-12 articles,
  10 questions each), serially and on a Dask ``LocalCluster(n_workers=2, threads_per_worker=1)``;
  both without any embedding cache so they do the same work. Target: identical results;
  the speedup is reported (cluster start-up apart).

Writes ``bench/pipeline_results.json`` and ``bench/PIPELINE.md``; the load average is recorded
with every figure because these machines are shared.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "data"
ANCHOR = "62e355b96134dc31786db826"

_CHILD = """
import json, sys, time
t0 = time.perf_counter()
from ctxwidget.pipeline import Settings, run
docs = json.load(open(sys.argv[1]))
questions = [q["question"] for q in json.load(open(sys.argv[2]))][:50]
result = run(docs, sys.argv[3], questions=questions, settings=Settings(progress=False))
print(json.dumps({"wall": time.perf_counter() - t0, "timings": result.timings,
                  "panels": len(result.article.panels), "article": result.article.to_dict()}))
"""


def _load() -> float:
    try:
        return float(os.getloadavg()[0])
    except OSError:
        return float("nan")


def build_part(cache: Path) -> dict[str, Any]:
    """Cold then warm, each in a new process (imports and model load included in ``wall``)."""
    env = dict(os.environ, CTXWIDGET_CACHE_DIR=str(cache), CTXWIDGET_PROGRESS="0", PYTHONPATH=str(ROOT))
    out: dict[str, Any] = {}
    for phase in ("cold", "warm"):
        load = _load()
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                _CHILD,
                str(DATA / "documents_recession.json"),
                str(DATA / "discord_questions_recession_sample.json"),
                ANCHOR,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        measured = json.loads(done.stdout.strip().splitlines()[-1])
        measured["load_before"] = load
        measured["load_after"] = _load()
        out[phase] = measured
    out["identical"] = out["cold"].pop("article") == out["warm"].pop("article")
    return out


def stories() -> list[Any]:
    from ctxwidget.pipeline import StoryInput

    docs = json.loads((DATA / "documents_recession.json").read_text())
    sample = json.loads((DATA / "discord_questions_recession_sample.json").read_text())
    out = []
    for k in range(4):
        part = docs[k::4]
        anchor = next(d["id"] for d in part if d["content"].strip() and d.get("title"))
        questions = [q["question"] for q in sample[k * 10 : k * 10 + 10]]
        out.append(StoryInput(f"story{k + 1}", part, anchor, questions))
    return out


def many_part() -> dict[str, Any]:
    from ctxwidget.pipeline import Settings, build_many

    distributed: Any = importlib.import_module("distributed")  # the dask extra
    Client, LocalCluster = distributed.Client, distributed.LocalCluster

    listed = stories()
    load = _load()
    t = time.perf_counter()
    serial = build_many(listed, settings=Settings(cache=False))
    serial_s = time.perf_counter() - t
    t = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    client = Client(cluster)
    startup_s = time.perf_counter() - t
    try:
        t = time.perf_counter()
        on_dask = build_many(listed, executor=client.get_executor(), settings=Settings(cache=False))
        dask_s = time.perf_counter() - t
    finally:
        client.close()
        cluster.close()
    return {
        "stories": len(listed),
        "serial_s": serial_s,
        "dask_s": dask_s,
        "cluster_startup_s": startup_s,
        "speedup": serial_s / dask_s,
        "identical": serial.articles == on_dask.articles and serial.discord_questions == on_dask.discord_questions,
        "errors": {str(k): str(v) for k, v in {**serial.errors, **on_dask.errors}.items()},
        "load_before": load,
        "load_after": _load(),
    }


def report(results: dict[str, Any]) -> str:
    lines = ["# Pipeline benchmark", "", f"Machine: {results['cpus']} cores; load average recorded per figure.", ""]
    if "build" in results:
        b = results["build"]
        lines += [
            "## build: 46 articles, 50 given questions, offline default",
            "",
            "| phase | process wall (s) | read | answers | groups | selection | assembly | run total | load avg |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for phase in ("cold", "warm"):
            m = b[phase]
            t = m["timings"]
            lines.append(
                f"| {phase} | {m['wall']:.1f} | {t['read']:.2f} | {t['answers']:.2f} | {t['groups']:.2f} | "
                f"{t['selection']:.3f} | {t['assembly']:.3f} | {t['total']:.2f} | {m['load_before']:.1f} |"
            )
        lines += ["", f"Cold and warm articles identical: {b['identical']}.", ""]
    if "many" in results:
        m = results["many"]
        lines += [
            "## build_many: 4 stories, serial vs Dask LocalCluster(2 workers x 1 thread), no cache",
            "",
            f"- serial {m['serial_s']:.1f} s, Dask {m['dask_s']:.1f} s: speedup **{m['speedup']:.2f}x** "
            f"(cluster start-up {m['cluster_startup_s']:.1f} s apart); identical: {m['identical']}; "
            f"load average {m['load_before']:.1f} before, {m['load_after']:.1f} after",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pipeline", description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="build,many", help="comma-separated subset of build,many")
    parser.add_argument("--out", default=str(ROOT / "bench"), help="directory for the results")
    args = parser.parse_args(argv)
    parts = [p for p in args.parts.split(",") if p]
    results: dict[str, Any] = {"cpus": os.cpu_count()}
    if "build" in parts:
        with tempfile.TemporaryDirectory() as cache:
            results["build"] = build_part(Path(cache))
    if "many" in parts:
        results["many"] = many_part()
    out = Path(args.out)
    (out / "pipeline_results.json").write_text(json.dumps(results, indent=1) + "\n")
    (out / "PIPELINE.md").write_text(report(results) + "\n")
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
