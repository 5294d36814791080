"""The lab extension's own checks (js/labextension): tsc and its vitest suite, run from pytest."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

EXT = Path(__file__).resolve().parents[1] / "js" / "labextension"


def _npm(*args: str) -> subprocess.CompletedProcess[str]:
    npm = shutil.which("npm")
    if npm is None or not (EXT / "node_modules").exists() or not (EXT.parent / "node_modules").exists():
        pytest.fail(
            "npm packages are missing: run 'pip install -e .' (it builds js/labextension) and 'npm --prefix js ci'"
        )
    return subprocess.run([npm, "--prefix", str(EXT), *args], capture_output=True, text=True, timeout=300)


def test_lab_extension_typechecks() -> None:
    proc = _npm("run", "typecheck")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_payload_check_passes_the_shared_cases() -> None:
    proc = _npm("test")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " passed" in proc.stdout
