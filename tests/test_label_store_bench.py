"""``python -m bench.labels`` runs end to end on SQLite (a smoke run with tiny counts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.labels import main


def test_label_bench_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "labels.json"
    assert main(["--labels", "5", "--others", "7000", "--repeats", "1", "--no-pg", "--out", str(out)]) == 0
    results = json.loads(out.read_text())
    sqlite = results["sqlite"]
    assert sqlite["commit"]["wall"]["store"]["n"] == 5
    assert sqlite["matching"]["answers"] == 6000
    assert sqlite["matching"]["other_labels"] == 7000
    assert sqlite["matching"]["ratio_median"] > 0
    assert "sqlite   matching" in capsys.readouterr().out
