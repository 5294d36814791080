"""The offline HTML export and the command line."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ctxwidget import Article, ValidationError, to_html
from ctxwidget.cli import main

from .conftest import SEED


def test_page_is_self_contained(seed: Article) -> None:
    page = to_html(seed, expanded="all")
    assert "<script src" not in page
    assert "<link" not in page
    assert not re.search(r"""(src|href)=["']https?:""", page)
    assert "Content-Security-Policy" in page
    assert "default-src 'none'" in html.unescape(page)
    state = re.search(r'<script type="application/json" id="ctxwidget-state">(.*?)</script>', page, re.S)
    assert state is not None
    data = json.loads(state.group(1))
    assert data["expanded"] == ["q1", "q2", "q3", "q4"]
    assert Article.from_dict(data["article"]) == seed


def test_embedded_state_cannot_close_its_script() -> None:
    nasty = "</script><script>window.pwned=1</script><!--"
    article = Article.from_dict({"title": nasty, "paragraphs": [nasty], "panels": [{"question": nasty}]})
    page = to_html(article)
    body = page.split("<body", 1)[1]
    assert body.count("</script>") == 3  # state, bundle, bootstrap: nothing else closes a script
    assert "<!--" not in body
    assert "&lt;/script&gt;" in page.split("<body", 1)[0]  # the <title> is escaped


def test_export_rejects_unknown_panels(seed: Article) -> None:
    with pytest.raises(ValidationError, match="unknown panel id 'nope'"):
        to_html(seed, expanded=["nope"])


def test_cli_html_default_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.html"
    assert main(["html", "-o", str(out)]) == 0
    assert "Stoltenberg" in out.read_text("utf-8")
    assert "wrote" in capsys.readouterr().out


def test_cli_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SEED)]) == 0
    assert "33 paragraphs, 4 panels, 18 answers" in capsys.readouterr().out
    bad = tmp_path / "bad.txt"
    bad.write_text("S - Assembly - Salesforce Research\nT\nx.com - None - Read On Original Website\nP.\nMore Context\n")
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{bad}:5: ")
    assert "\n" not in err
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"title": "t", "panels": [{"question": "q", "answers": [{"source": "x", "text": "y"}]}]}')
    assert main(["validate", str(bad_json)]) == 1
    assert capsys.readouterr().err.strip().startswith(f"{bad_json}: panels[0].answers[0].source: 'x' is not a domain")


@pytest.mark.parametrize("kind", ["missing", "directory", "binary", "latin1"])
def test_cli_bad_files_get_one_line(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "in.txt"
    if kind == "directory":
        target = tmp_path
    elif kind == "binary":
        target.write_bytes(bytes(range(256)) * 4)
    elif kind == "latin1":
        target.write_bytes("caf\xe9".encode("latin-1"))
    proc = subprocess.run(
        [sys.executable, "-m", "ctxwidget", "validate", str(target)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith(str(target))


def test_cli_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "Article" in schema["$defs"]


def test_cli_schema_output_requires_every_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--output"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$defs"]["Panel"]["required"] == ["question", "after", "answers", "id"]
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["$defs"]["Panel"]["required"] == ["question"]
