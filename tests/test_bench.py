"""The benchmark runs end to end at size S and writes well-formed results (no timing assertions)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.browser, pytest.mark.jupyter]

TARGET_IDS = {
    "render_vs_static_floor",
    "render_vs_ipywidgets",
    "toggle_frame",
    "toggle_message",
    "python_vs_json",
    "memory_nodes",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "S", "--repeats", "1", "--no-trace", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    document = json.loads((out / "results.json").read_text("utf-8"))
    return document, (out / "RESULTS.md").read_text("utf-8")


def _is_summary(value: Any, *, allow_lower_bound: bool = False) -> bool:
    if not isinstance(value, dict) or not {"unit", "n", "median", "p25", "p75", "min", "max", "samples"} <= set(value):
        return False
    if value["n"] < 1 or len(value["samples"]) != value["n"]:
        return False
    if value.get("lower_bound") and not allow_lower_bound:
        return False
    return all(isinstance(v, (int, float)) and math.isfinite(v) and v >= 0 for v in value["samples"])


def _is_ratio(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("value"), (int, float)) and value["value"] > 0


def test_top_level_fields(results: tuple[dict[str, Any], str]) -> None:
    doc, _ = results
    assert {
        "schema_version",
        "generated_at",
        "command",
        "machine",
        "bundle",
        "sizes",
        "results",
        "targets",
    } <= set(doc)
    assert {"cpu", "cores", "memory_gib", "os", "python", "chromium", "packages", "commit"} <= set(doc["machine"])
    assert doc["sizes"]["S"]["answers"] == 18
    assert set(doc["results"]) == {"S"}
    assert "errors" not in doc["results"]["S"], doc["results"]["S"]["errors"]


def test_browser_sections(results: tuple[dict[str, Any], str]) -> None:
    s = results[0]["results"]["S"]
    for key in ("first_display", "first_display_cpu", "render", "render_cpu", "render_dom_only", "render_to_frame"):
        for variant in ("ctxwidget", "static_floor"):
            assert _is_summary(s[key][variant]), (key, variant)
        assert _is_ratio(s[key]["ratio"]), key
    for key in ("cdp_nodes", "widget_nodes", "js_heap_used", "layout_objects"):
        assert _is_summary(s["memory"][key]["ctxwidget"]), key
        assert _is_ratio(s["memory"][key]["ratio"]), key
    # The same final markup: the widget and the floor hold the same nodes under the container.
    assert s["memory"]["widget_nodes"]["ctxwidget"]["median"] == s["memory"]["widget_nodes"]["static_floor"]["median"]
    for scenario, key in (
        ("collapsed", "toggle"),
        ("expanded", "toggle"),
        ("collapsed", "toggle_cpu"),
        ("expanded", "toggle_cpu"),
    ):
        toggle = s[key][scenario]
        for variant in ("ctxwidget", "static_floor"):
            assert _is_summary(toggle[variant]), (scenario, variant)
        assert _is_ratio(toggle["ratio"]), scenario


def test_jupyterlab_section(results: tuple[dict[str, Any], str]) -> None:
    lab = results[0]["results"]["S"]["jupyterlab"]
    assert _is_summary(lab["render"]["ctxwidget"])
    assert _is_summary(lab["render"]["ipywidgets"], allow_lower_bound=True)
    assert _is_ratio(lab["render"]["ratio"])
    assert _is_ratio(lab["render"]["speedup"])
    for variant in ("ctxwidget", "ipywidgets"):
        run = lab["runs"][variant]
        assert run["display_bytes"]["comm_bytes"] > 0, variant
        assert run["display_bytes"]["models"] >= 1, variant
        for key in ("sent_comm_bytes", "echo_comm_bytes"):
            assert run["toggle_bytes"][key] > 0, (variant, key)
        for key in ("python_expand", "click_to_dom"):
            assert _is_summary(run[key]), (variant, key)
    assert _is_ratio(lab["display_bytes"]["ratio"])
    assert _is_ratio(lab["toggle_bytes"]["ratio"])
    assert _is_ratio(lab["python_expand"]["ratio"])


def test_python_section(results: tuple[dict[str, Any], str]) -> None:
    py = results[0]["results"]["S"]["python"]
    for key in ("json_dumps", "article", "widget"):
        assert _is_summary(py[key]), key
    assert _is_ratio(py["article_ratio"])
    assert _is_ratio(py["widget_ratio"])


def test_targets_and_markdown(results: tuple[dict[str, Any], str]) -> None:
    doc, markdown = results
    assert {t["id"] for t in doc["targets"]} == TARGET_IDS
    for target in doc["targets"]:
        assert target["status"] in {"met", "not met", "undetermined", "not measured"}, target
        # The targets are about L and XL: a run at S measures none of them.
        assert target["status"] == "not measured", target
    assert "## Method" not in markdown, "the method is described once, in bench/README.md"
    for heading in (
        "## Machine",
        "## Targets",
        "## 1. Render",
        "## 2. Toggle",
        "## 3. Bytes",
        "## 4. Python",
        "## 5. Memory",
    ):
        assert heading in markdown, heading


def test_real_article_needs_the_shared_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench import data, run

    monkeypatch.setenv("CTXWIDGET_SHARED_DATA", str(tmp_path))
    monkeypatch.setattr(data, "ROOT", tmp_path / "repo")
    with pytest.raises(FileNotFoundError, match=r"discord_questions_recession_sample\.json.*CTXWIDGET_SHARED_DATA"):
        data.shared_data()
    with pytest.raises(SystemExit) as exit_info:
        run._parse(["--sizes", "S,REAL"])
    assert exit_info.value.code == 2
    assert "needs documents_recession.json and discord_questions_recession_sample.json" in capsys.readouterr().err


def test_only_a_complete_run_rewrites_the_committed_summary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bench import run

    monkeypatch.setattr(run, "shared_data", lambda: tmp_path)  # parsing REAL only checks that its data exists
    complete = run._parse([])
    assert complete.summary_path == run.SUMMARY
    assert complete.json_path == run.OUT / "results.json"
    for argv in (["--sizes", "REAL"], ["--parts", "render"], ["--repeats", "1"], ["--no-trace"]):
        partial = run._parse(argv)
        assert partial.summary_path == run.OUT / "RESULTS.md", argv
