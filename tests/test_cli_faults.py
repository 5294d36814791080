"""The command line under bad input and failing I/O: exit 1, one line on stderr, no traceback.

Each case runs ``python -m ctxwidget`` in a subprocess, as a user would. A bad file's
message is ``file:line: message`` for text problems and ``file: path: message`` for a
JSON field at fault. ``tests/test_export_cli.py`` covers a missing file, a directory, a
binary file and Latin-1 text; this file covers the rest, including 50 MB inputs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ASSEMBLY_HEAD = "Story - Assembly - Salesforce Research\nTitle\nexample.com - None - Read On Original Website\n"
BIG = 50 * 1024 * 1024


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float


def cli(*args: str | Path, stdout: int | None = subprocess.PIPE, timeout: float = 120) -> Run:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "ctxwidget", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=timeout,
    )
    return Run(
        proc.returncode,
        (proc.stdout or b"").decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
        time.monotonic() - start,
    )


def one_line_error(run: Run, prefix: str) -> str:
    """Exit 1 and exactly one line on stderr that starts with ``prefix``; returns the line."""
    assert run.code == 1, (run.code, run.err[-2000:])
    assert "Traceback" not in run.err, run.err[-2000:]
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err[-2000:]
    assert lines[0].startswith(prefix), lines[0][:500]
    assert len(lines[0]) < 400, f"{len(lines[0])} characters: {lines[0][:200]}..."
    return lines[0]


# -- bad files: file:line: message --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "where", "message"),
    [
        ("syntax.json", '{"title": "t",\n "paragraphs": [\n  "a",\n }\n', ":4: ", "not valid JSON"),
        ("comma.json", '{"title": "t",\n\n\n "story": "s",}\n', ":4: ", "not valid JSON"),
        ("nan.json", '{\n"title": NaN}\n', ":2: ", "not valid JSON"),
        ("empty.txt", "", ":1: ", "an Assembly page starts with three lines"),
        ("story.txt", "\n\nNo story line here\nTitle\nx.com - None - Read On Original Website\n", ":3: ", "expected"),
        ("byline.txt", "S - Assembly - Salesforce Research\nTitle\nnot a byline\n", ":3: ", "expected"),
        (
            "source.txt",
            "S - Assembly - Salesforce Research\nT\nEXAMPLE.COM - x - Read On Original Website\n",
            ":3: ",
            "",
        ),
        ("panel.txt", ASSEMBLY_HEAD + "Para.\nMore Context\nno question marker\n", ":6: ", "expected the question"),
        ("last.txt", ASSEMBLY_HEAD + "Para.\n\n\nMore Context\n", ":7: ", "'More Context' must be followed"),
    ],
)
def test_bad_text_names_file_and_line(tmp_path: Path, name: str, content: str, where: str, message: str) -> None:
    target = tmp_path / name
    target.write_text(content, encoding="utf-8")
    line = one_line_error(cli("validate", target), f"{target}{where}")
    assert message in line


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"title": "t", "url": "javascript:alert(1)"}, "url: 'javascript:alert(1)' is not an http(s) URL"),
        ({"title": "t", "panels": [{"question": "q", "answers": [{"source": "A.COM", "text": "x"}]}]}, "panels[0]."),
        ({"title": "t", "panels": [{"question": "q", "after": 3}]}, "panels[0].after: 3 is past the end"),
        ({"title": "t", "extra": 1}, "(article): unknown field 'extra'"),
        ({"paragraphs": []}, "title: is required but missing"),
        ([], "(article): expected 'object'"),
    ],
)
def test_bad_json_field_names_file_and_path(tmp_path: Path, data: object, path: str) -> None:
    target = tmp_path / "bad.json"
    target.write_text(json.dumps(data, indent=2), encoding="utf-8")
    one_line_error(cli("validate", target), f"{target}: {path}")
    one_line_error(cli("html", target, "-o", tmp_path / "out.html"), f"{target}: {path}")
    assert not (tmp_path / "out.html").exists()


@pytest.mark.parametrize(
    ("name", "raw", "where", "message"),
    [
        ("mid.json", b'{"title": "t",\n "story": "ok",\n "author": "caf\xe9"}', ":3: ", "not UTF-8 text"),
        ("mid.txt", ASSEMBLY_HEAD.encode() + b"P.\n\xff\xfe\n", ":5: ", "not UTF-8 text"),
        ("utf16.txt", ASSEMBLY_HEAD.encode("utf-16"), ":1: ", "binary data"),
        ("nul.json", b'{"title": "a\x00b"}', ":1: ", "binary data"),
    ],
)
def test_undecodable_bytes_name_the_line(tmp_path: Path, name: str, raw: bytes, where: str, message: str) -> None:
    target = tmp_path / name
    target.write_bytes(raw)
    assert message in one_line_error(cli("validate", target), f"{target}{where}")


def test_json_with_byte_order_mark_loads_or_fails_in_one_line(tmp_path: Path) -> None:
    target = tmp_path / "bom.json"
    target.write_bytes(b'\xef\xbb\xbf{"title": "t"}')
    run = cli("validate", target)
    if run.code != 0:
        one_line_error(run, f"{target}:1: ")


@pytest.mark.parametrize("content", ["", '{"title": "t",\n "paragraphs": [\n  "a",\n'])
def test_truncated_json_names_its_last_line(tmp_path: Path, content: str) -> None:
    target = tmp_path / "cut.json"
    target.write_text(content, encoding="utf-8")
    last = max(1, content.count("\n") + (0 if content.endswith("\n") or not content else 1))
    run = cli("validate", target)
    line = one_line_error(run, f"{target}:")
    assert line.startswith((f"{target}:{last}: ", f"{target}:{last + 1}: ")), line


def test_deeply_nested_json_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "deep.json"
    target.write_text('{"title": "t", "panels": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    one_line_error(cli("validate", target), f"{target}")


# -- things that are not article files ----------------------------------------------------


def test_unknown_suffixes(tmp_path: Path) -> None:
    for name in ("table.csv", "README", "page.html"):
        target = tmp_path / name
        target.write_text("x", encoding="utf-8")
        assert "unknown file type" in one_line_error(cli("validate", target), f"{target}: ")


def test_directory_named_like_an_article(tmp_path: Path) -> None:
    target = tmp_path / "folder.json"
    target.mkdir()
    one_line_error(cli("validate", target), f"{target}: is a directory")
    one_line_error(cli("html", target), f"{target}: is a directory")


def test_dangling_symlink_and_symlink_loop(tmp_path: Path) -> None:
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "gone.json")
    assert "no such file" in one_line_error(cli("validate", dangling), f"{dangling}: ")
    loop_a, loop_b = tmp_path / "a.json", tmp_path / "b.json"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    one_line_error(cli("validate", loop_a), f"{loop_a}: ")


# -- output faults -------------------------------------------------------------------------


def test_output_into_a_missing_directory(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "dir" / "page.html"
    assert "cannot write" in one_line_error(cli("html", "-o", out), f"{out}: ")


def test_output_onto_a_directory(tmp_path: Path) -> None:
    assert "cannot write" in one_line_error(cli("html", "-o", tmp_path), f"{tmp_path}: ")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_to_a_full_disk() -> None:
    assert "No space left" in one_line_error(cli("html", "-o", "/dev/full"), "/dev/full: cannot write")


def test_unknown_panel_to_expand() -> None:
    assert "unknown panel id 'nope'" in one_line_error(cli("html", "--expand", "nope"), "--expand: ")


@pytest.mark.parametrize("args", [("html",), ("schema",)])
def test_closed_stdout_is_not_a_traceback(args: tuple[str, ...]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: the first write fails with EPIPE
    try:
        run = cli(*args, stdout=write_end)
    finally:
        os.close(write_end)
    assert "Traceback" not in run.err, run.err
    assert len(run.err.strip().splitlines()) <= 1, run.err


# -- 50 MB inputs --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("big")
    paragraph = "Lorem ipsum dolor sit amet, " * 17  # about 480 characters
    count = BIG // (len(paragraph) + 8)
    article = {"title": "A 50 MB article", "paragraphs": [f"{paragraph}{i}." for i in range(count)]}
    files = {
        "valid": base / "valid.json",
        "late_error": base / "late_error.json",
        "late_bytes": base / "late_bytes.json",
        "one_line": base / "one_line.txt",
        "binary": base / "binary.txt",
    }
    text = json.dumps(article, indent=1)
    files["valid"].write_text(text, encoding="utf-8")
    files["late_error"].write_text(text[:-2] + ",\n}", encoding="utf-8")  # a trailing comma on the last lines
    files["late_bytes"].write_bytes(text[:-3].encode() + b'\xff"\n]\n}')
    files["one_line"].write_text("x" * BIG, encoding="utf-8")
    files["binary"].write_bytes((b"\x00" + os.urandom(1023)) * (BIG // 1024))
    for path in files.values():
        assert path.stat().st_size >= BIG * 0.95, path
    return files


def test_50mb_valid_article(big_files: dict[str, Path], tmp_path: Path) -> None:
    path = big_files["valid"]
    run = cli("validate", path)
    assert run.code == 0, run.err[-2000:]
    assert run.out.startswith(f"{path}: ok (")
    assert run.seconds < 30, run.seconds
    out = tmp_path / "big.html"
    run = cli("html", path, "-o", out)
    assert run.code == 0, run.err[-2000:]
    assert out.stat().st_size > BIG * 0.95
    assert out.read_bytes()[-20:].rstrip().endswith(b"</html>")


def test_50mb_json_with_the_error_at_the_end(big_files: dict[str, Path]) -> None:
    path = big_files["late_error"]
    lines = path.read_bytes().count(b"\n") + 1
    line = one_line_error(cli("validate", path), f"{path}:")
    assert line.startswith((f"{path}:{lines}: ", f"{path}:{lines - 1}: ")), line[:200]


def test_50mb_json_with_a_bad_byte_at_the_end(big_files: dict[str, Path]) -> None:
    path = big_files["late_bytes"]
    raw = path.read_bytes()
    expected = raw[: raw.index(b"\xff")].count(b"\n") + 1
    assert "not UTF-8 text" in one_line_error(cli("validate", path), f"{path}:{expected}: ")


def test_50mb_single_line_of_text(big_files: dict[str, Path]) -> None:
    path = big_files["one_line"]
    one_line_error(cli("validate", path), f"{path}:")


def test_50mb_of_binary_data(big_files: dict[str, Path]) -> None:
    path = big_files["binary"]
    assert "binary data" in one_line_error(cli("validate", path), f"{path}:1: ")


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (FileNotFoundError(2, "No such file or directory"), "no such file"),
        (IsADirectoryError(21, "Is a directory"), "is a directory; give a .json or .txt file"),
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError(5, "Input/output error"), "cannot read (Input/output error)"),
        (MemoryError(), "too large to load into memory"),
        (UnicodeDecodeError("utf-8", b"a\xff", 1, 2, "invalid start byte"), "not UTF-8 text (byte 1 is b'\\xff')"),
    ],
)
def test_one_mapping_of_reading_errors(exc: BaseException, words: str) -> None:
    from ctxwidget.parsers.files import READ_FAILURES, read_failure

    assert isinstance(exc, READ_FAILURES)
    assert read_failure(exc).startswith(words)
