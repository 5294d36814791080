"""The TypeScript front end's own checks: tsc, biome (lint and format) and the vitest suite, run from pytest."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parents[1] / "js"


def _npm(*args: str) -> subprocess.CompletedProcess[str]:
    npm = shutil.which("npm")
    if npm is None or not (JS / "node_modules").exists():
        pytest.fail("npm packages are missing: run 'npm --prefix js ci' first")
    return subprocess.run([npm, "--prefix", str(JS), *args], capture_output=True, text=True, timeout=300)


def test_typescript_compiles_cleanly() -> None:
    proc = _npm("run", "typecheck")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_vitest_suite_passes() -> None:
    proc = _npm("test")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " passed" in proc.stdout


def test_biome_lint_and_format_are_clean() -> None:
    proc = _npm("run", "lint")
    assert proc.returncode == 0, proc.stdout + proc.stderr
