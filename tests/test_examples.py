"""Every notebook in ``examples/`` runs under nbval: its saved outputs are what its code prints today."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "examples").glob("*.ipynb"))

pytestmark = pytest.mark.jupyter


def test_the_quickstart_is_among_the_examples() -> None:
    assert ROOT / "examples" / "quickstart.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_under_nbval(notebook: Path) -> None:
    cells = json.loads(notebook.read_text("utf-8"))["cells"]
    code_cells = sum(cell["cell_type"] == "code" for cell in cells)
    assert code_cells > 0
    # A separate pytest: nbval collects the notebook's cells as its own test items.
    command = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", str(notebook)]
    result = subprocess.run(
        [*command, "-p", "no:cacheprovider", "-q", "-o", "addopts="],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = f"{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
    assert result.returncode == 0, report
    assert f"{code_cells} passed" in result.stdout, report
