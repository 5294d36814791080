"""``ctxwidget build``: the article written atomically, errors as one line naming the file and path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ctxwidget import Article
from ctxwidget.cli import main

from .pipeline_fixtures import documents


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CTXWIDGET_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "documents.json"
    path.write_text(json.dumps(documents()))
    return path


def build(*argv: str) -> int:
    return main(["build", *argv, "--quiet"])


def test_bad_input_is_one_line_and_writes_nothing(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "article.json"
    questions = tmp_path / "questions.json"
    questions.write_text(json.dumps(["Why?", 7]))
    cases: list[tuple[list[str], str]] = [
        (
            [str(corpus), "--anchor", "nope", "--questions", str(questions)],
            f"{corpus}: anchor: no document has the id 'nope'",
        ),
        (
            [str(corpus), "--anchor", "d1", "--questions", str(questions)],
            f"{questions}: questions[1]: expected a question",
        ),
        ([str(tmp_path / "missing.json"), "--anchor", "d1"], f"{tmp_path / 'missing.json'}: no such file"),
        (
            [str(corpus), "--anchor", "d1", "--questions", str(tmp_path / "none.txt")],
            f"{tmp_path / 'none.txt'}: no such file",
        ),
    ]
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "a",\n "content": }]')
    cases.append(([str(broken), "--anchor", "a"], f"{broken}:2: not valid JSON"))
    dup = tmp_path / "dup.json"
    dup.write_text(json.dumps([documents()[0], documents()[0]]))
    cases.append(
        ([str(dup), "--anchor", "d1", "--questions", str(questions)], f"{dup}: documents[1].id: 'd1' is already")
    )
    for argv, message in cases:
        assert build(*argv, "-o", str(out)) == 1
        err = capsys.readouterr().err
        assert err.startswith(message), err
        assert err.count("\n") == 1
        assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.json", "documents.json", "dup.json", "questions.json"]


def test_build_writes_the_article_and_the_questions(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The offline answer step with a bag-of-words encoder, so the command runs in milliseconds.
    from ctxwidget.pipeline import cache as cache_module

    from .pipeline_fixtures import bag_of_words

    real = cache_module.make_cache

    def bow(option: Any, **kw: Any) -> Any:
        made = real(option, **kw)
        made.encoder, made.namespace = bag_of_words, "test-bag-of-words"
        return made

    monkeypatch.setattr(cache_module, "make_cache", bow)
    questions = tmp_path / "questions.txt"
    questions.write_text("Who won the cup final?\n\nWhen did inflation rise to its highest?\n")
    out = tmp_path / "article.json"
    dq = tmp_path / "dq.json"
    argv = [str(corpus), "--anchor", "d2", "--questions", str(questions), "-o", str(out)]
    assert build(*argv, "--discord-questions", str(dq), "--all-questions", "--groups", "exact") == 0
    article = Article.from_json(out.read_text())
    assert article.title == "Rates go up"
    assert article.panels
    assert {p.question for p in article.panels} <= {"Who won the cup final?", "When did inflation rise to its highest?"}
    written = json.loads(dq.read_text())
    assert sorted(q["question"] for q in written) == sorted(p.question for p in article.panels)
    assert all({"answer", "doc_id", "pidx", "pid", "score"} <= set(a) for q in written for a in q["answers"])
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(("flag", "count"), [((), "independent"), (("--count", "answers"), "answers")])
def test_count_flag_reaches_the_selection_rules(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: tuple[str, ...], count: str
) -> None:
    import importlib

    from ctxwidget import ValidationError

    build_module = importlib.import_module("ctxwidget.pipeline.build")  # the module, not the function
    seen: list[Any] = []

    def fake_run(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["rules"])
        raise ValidationError("stopped here", path="documents")

    monkeypatch.setattr(build_module, "run", fake_run)
    questions = tmp_path / "questions.txt"
    questions.write_text("Who?\n")
    argv = [str(corpus), "--anchor", "d2", "--questions", str(questions), "-o", str(tmp_path / "a.json")]
    assert build(*argv, *flag, "--groups", "exact") == 1
    assert [r.count for r in seen] == [count]


def test_integer_ids_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ctxwidget.pipeline.cli import _anchor

    assert _anchor([{"id": 7}, {"id": "8"}], "7") == 7
    assert _anchor([{"id": 7}, {"id": "8"}], "8") == "8"
    assert _anchor([{"id": True}], "True") == "True"


def test_a_plain_install_is_told_which_extra_to_install(corpus: Path, tmp_path: Path) -> None:
    # numpy (and with it the whole model stack) missing, as after a plain `pip install ctxwidget`.
    code = "import sys\nsys.modules['numpy'] = None\nfrom ctxwidget.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    out = tmp_path / "article.json"
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    argv = ["build", str(corpus), "--anchor", "d1", "-o", str(out), "--quiet"]
    for extra in ([], ["--questions", str(corpus.with_name("q.txt"))]):
        corpus.with_name("q.txt").write_text("Why did rates rise?\n")
        done = subprocess.run(
            [sys.executable, "-c", code, *argv, *extra], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 1, done.stderr
        assert "pip install 'ctxwidget[group]'" in done.stderr
        assert "the offline answer step (answers='embedding')" in done.stderr
        assert "numpy" in done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.count("\n") == 1
        assert not out.exists()
    exact = subprocess.run(
        [sys.executable, "-c", code, *argv, "--questions", str(corpus.with_name("q.txt")), "--groups", "exact"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "grouping answers" not in exact.stderr  # exact grouping needs no extra; the answer step still does
    assert "pip install 'ctxwidget[group]'" in exact.stderr
