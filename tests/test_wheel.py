"""The wheel: built by ``python -m build --wheel``, it holds the front-end bundle and the prebuilt lab
extension, and works in a fresh virtual environment with no Node.js on PATH.

The wheel is built from a copy of the source tree (so a build never rewrites the files other tests
read), its ``node_modules`` linked rather than installed again. The fresh environment gets the
wheel from pip with ``--no-deps``; its dependencies (anywidget, JupyterLab, ...) are borrowed from
the running interpreter's site-packages through a ``.pth`` line, which keeps this test to seconds
instead of a download of JupyterLab. The editable install of the package under test is not
visible there: ``ctxwidget`` is imported from the wheel, and the test checks it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = "share/jupyter/labextensions/@ctxwidget/jupyterlab"


def _source_copy(target: Path) -> None:
    """The files git would ship (tracked and new, not ignored), with the npm packages linked."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for raw in listed:
        if not raw:
            continue
        source = ROOT / raw.decode()
        if source.is_file():
            dest = target / raw.decode()
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest)
    for modules in ("js/node_modules", "js/labextension/node_modules"):
        if not (ROOT / modules).is_dir():
            pytest.fail(f"{modules} is missing: run 'pip install -e .' (it installs both) first")
        (target / modules).symlink_to(ROOT / modules, target_is_directory=True)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("npm") is None:
        pytest.fail("building the wheel needs npm (Node.js 20); installing it does not")
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    _source_copy(source)
    out = base / "dist"
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (built,) = out.glob("ctxwidget-*.whl")
    return built


def test_wheel_holds_the_bundle_and_the_lab_extension(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "ctxwidget/static/widget.js" in names
    assert "ctxwidget/static/widget.css" in names
    data = f"ctxwidget-{wheel.name.split('-')[1]}.data/data/{EXTENSION}"
    assert f"{data}/package.json" in names
    assert f"{data}/install.json" in names
    assert any(n.startswith(f"{data}/static/remoteEntry.") for n in names)
    package = json.loads(zipfile.ZipFile(wheel).read(f"{data}/package.json"))
    assert package["name"] == "@ctxwidget/jupyterlab"
    assert package["jupyterlab"]["mimeExtension"]
    assert not any("node_modules" in n or n.startswith("js/") for n in names)


@pytest.fixture(scope="module")
def fresh_env(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A new venv with the wheel installed, and an environment whose PATH has no Node.js."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    borrowed = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    (purelib / "_borrowed_dependencies.pth").write_text("\n".join(dict.fromkeys(borrowed)) + "\n", "utf-8")
    env = {
        "PATH": str(venv / "bin"),
        "HOME": str(venv.parent),
        "JUPYTER_CONFIG_DIR": str(venv.parent / "config"),
        "JUPYTER_DATA_DIR": str(venv.parent / "data"),
        "LANG": "C.UTF-8",
    }
    assert shutil.which("node", path=env["PATH"]) is None
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--no-build-isolation", str(wheel)],
        capture_output=True,
        text=True,
        env=env,
        cwd=venv.parent,
        timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    return venv, env


def test_installed_wheel_works_without_node(fresh_env: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    venv, env = fresh_env
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import ctxwidget; print(ctxwidget.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv), f"ctxwidget came from {where}, not from the wheel"
    page = tmp_path / "nato.html"
    run = subprocess.run(
        [str(venv / "bin" / "ctxwidget"), "html", "-o", str(page)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    text = page.read_text("utf-8")
    assert "ctxwidget-esm" in text
    assert "Stoltenberg" in text


def test_jupyter_finds_the_lab_extension_enabled(fresh_env: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    venv, env = fresh_env
    assert (venv / EXTENSION / "package.json").exists()
    listed = subprocess.run(
        # What the `jupyter labextension` script runs (the borrowed JupyterLab has no script in this venv).
        [str(venv / "bin" / "python"), "-m", "jupyterlab.labextensions", "list"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stdout + listed.stderr
    out = listed.stdout + listed.stderr
    line = next((ln for ln in out.splitlines() if "@ctxwidget/jupyterlab" in ln), "")
    assert "enabled" in line, out
    assert "OK" in line, out
    assert str(venv / "share" / "jupyter" / "labextensions") in out
    assert os.sep + "node" not in env["PATH"]
