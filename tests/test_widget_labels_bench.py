"""``python -m bench.widget_labels`` runs end to end on SQLite (a smoke run with tiny counts, no browser)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.widget_labels import main


def test_widget_label_bench_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "widget_labels.json"
    assert main(["--labels", "5", "--no-pg", "--no-browser", "--out", str(out)]) == 0
    sqlite = json.loads(out.read_text())["sqlite"]["wall"]
    assert sqlite["committed"]["n"] == sqlite["handler"]["n"] == 5
    assert sqlite["committed"]["median_ms"] <= sqlite["handler"]["median_ms"]  # the commit is inside the handler
    assert sqlite["plain_insert"]["n"] == 5
    assert sqlite["ratio_median"] > 0
    assert sqlite["handler_ratio_median"] > 0
    assert "sqlite   cpu : label message -> committed median " in capsys.readouterr().out
