"""ctxwidget.pipeline: input checks, each step, the selection rules, assembly, the cache and build()."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ctxwidget import Article, ValidationError
from ctxwidget.adapters import from_discord_questions
from ctxwidget.pipeline import (
    Decision,
    Question,
    SelectionRules,
    Settings,
    Span,
    build,
    check_anchor,
    keep_questions,
    read_documents,
    read_questions,
    run,
    to_discord_questions,
)
from ctxwidget.pipeline.cache import EmbeddingCache, cache_dir, make_cache
from ctxwidget.pipeline.offline import FEATURES, OfflineAnswerer, features
from ctxwidget.pipeline.text import answer_type_match, clauses, content_words, sentences

from .pipeline_fixtures import bag_of_words, documents

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "data"


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CTXWIDGET_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def bow_cache(directory: Path | None = None) -> EmbeddingCache:
    return EmbeddingCache(directory, encoder=bag_of_words, namespace="test-bag-of-words", memory=False)


# --- input checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "path", "words"),
    [
        (lambda d: d[1].pop("domain"), "documents[1].domain", "required"),
        (lambda d: d[2].pop("content"), "documents[2].content", "required"),
        (lambda d: d[0].update(id=None), "documents[0].id", "an id"),
        (lambda d: d[3].update(id="d1"), "documents[3].id", "unique"),
        (lambda d: d[0].update(url="javascript:alert(1)"), "documents[0].url", "http"),
        (lambda d: d[1].update(content=7), "documents[1].content", "a string"),
    ],
)
def test_bad_documents_name_their_path(mutate: Any, path: str, words: str) -> None:
    docs = documents()
    mutate(docs)
    with pytest.raises(ValidationError) as info:
        read_documents(docs)
    assert info.value.path == path
    assert words in str(info.value)


def test_empty_inputs_are_errors() -> None:
    with pytest.raises(ValidationError, match=r"^documents: must not be empty"):
        read_documents([])
    with pytest.raises(ValidationError, match=r"^documents: expected a list"):
        read_documents({"id": 1})
    blank = [dict(d, content="\n\n") for d in documents()]
    with pytest.raises(ValidationError, match=r"^documents: every document's content is empty"):
        read_documents(blank)
    with pytest.raises(ValidationError, match=r"^questions: must not be empty"):
        read_questions([])
    with pytest.raises(ValidationError, match=r"^questions\[1\]: must not be empty"):
        read_questions(["Why?", "  "])
    with pytest.raises(ValidationError, match=r"^questions\[0\]\.question: is required"):
        read_questions([{"q": "Why?"}])


def test_empty_document_is_allowed_and_answers_nothing() -> None:
    docs = documents()
    docs.append({"id": "paywalled", "domain": "ft.com", "content": ""})
    read = read_documents(docs)
    assert read[-1].paragraphs == ("",)
    found = OfflineAnswerer(threshold=0.0)(read, [Question("When did inflation rise?")], Settings(cache=bow_cache()))
    assert "paywalled" not in {s.doc_id for s in found[0]}


def test_anchor_checks() -> None:
    docs = read_documents(documents())
    assert check_anchor(docs, "d2").domain == "bbc.co.uk"
    with pytest.raises(ValidationError, match=r"^anchor: no document has the id 'nope'; the ids are 'd1', 'd2'"):
        check_anchor(docs, "nope")
    with pytest.raises(ValidationError, match=r"^anchor: no document has the id 1"):
        check_anchor(docs, 1)
    untitled = documents()
    del untitled[0]["title"]
    with pytest.raises(ValidationError, match=r"^documents\[0\]\.title: is required"):
        check_anchor(read_documents(untitled), "d1")


def test_questions_read_strings_and_the_output_format() -> None:
    sample = json.loads((DATA / "recession_questions.json").read_text())
    qs = read_questions(sample)
    assert [q.text for q in qs] == [s["question"].strip() for s in sample]
    assert read_questions(["  Why?  "]) == [Question("Why?")]


def test_build_rejects_bad_input_before_any_work() -> None:
    calls = []

    def answerer(docs: Any, qs: Any) -> list[list[Span]]:
        calls.append(1)
        return [[] for _ in qs]

    with pytest.raises(ValidationError, match=r"^anchor: no document"):
        build(documents(), "missing", questions=["Why?"], answers=answerer, groups="exact")
    with pytest.raises(ValidationError, match=r"^questions\[0\]: expected a question"):
        build(documents(), "d1", questions=[3], answers=answerer, groups="exact")
    assert calls == []


# --- text helpers -----------------------------------------------------------------------------


def test_sentences_and_clauses() -> None:
    assert sentences('He said "no." Then he left. Prices rose 3.5% in U.S. markets.') == [
        'He said "no."',
        "Then he left.",
        "Prices rose 3.5% in U.S. markets.",
    ]
    assert clauses("The bank, which met on Tuesday, raised rates; markets fell sharply") == [
        "The bank, which met on Tuesday,",
        "raised rates; markets fell sharply",  # a piece under three words joins the next
    ]
    assert content_words("What did the Fed do about inflation?") == ["fed", "about", "inflation"]
    assert answer_type_match("When did it start?", "It started in June 2022.") == 1.0
    assert answer_type_match("When did it start?", "It started long ago.") == 0.0
    assert answer_type_match("How high was the rate?", "It was 9.1 percent.") == 1.0
    assert answer_type_match("Why?", "Because.") == 0.5


# --- the offline answer step ----------------------------------------------------------------


def test_offline_answers_pick_the_right_paragraph_and_abstain() -> None:
    docs = read_documents(documents())
    qs = [Question("When did inflation rise to its highest?"), Question("Who won the cup final?")]
    found = OfflineAnswerer(threshold=0.02)(docs, qs, Settings(cache=bow_cache()))  # bag-of-words scores run low
    by_doc = {s.doc_id: s for s in found[0]}
    assert by_doc["d1"].pidx == 1
    assert "June" in by_doc["d1"].text
    assert by_doc["d3"].pidx == 2  # the blank piece still counts, as in content.split("\n\n")
    assert "d4" not in by_doc  # off topic: no answer
    assert [s.doc_id for s in found[1]] == ["d4"]
    assert all(0.0 < s.score <= 1.0 for spans in found for s in spans)
    assert all(s.text in docs[[d.id for d in docs].index(s.doc_id)].paragraphs[s.pidx] for s in found[0])


def test_threshold_controls_abstention() -> None:
    docs = read_documents(documents())
    qs = [Question("When did inflation rise?")]
    everyone = OfflineAnswerer(threshold=0.0)(docs, qs, Settings(cache=bow_cache()))
    nobody = OfflineAnswerer(threshold=1.0)(docs, qs, Settings(cache=bow_cache()))
    assert len(everyone[0]) == 4
    assert nobody == [[]]


def test_long_sentences_are_cut_to_the_closest_clause() -> None:
    long = (
        "After a long meeting that lasted most of the afternoon and well into the evening, "
        "with many officials speaking at length about the outlook for growth and jobs, "
        "the board agreed that inflation rose because energy prices climbed"
    )
    docs = read_documents([{"id": 1, "title": "t", "domain": "a.com", "content": long}])
    found = OfflineAnswerer(threshold=0.0)(docs, [Question("Why did inflation rise?")], Settings(cache=bow_cache()))
    assert found[0][0].text == "the board agreed that inflation rose because energy prices climbed"
    whole = OfflineAnswerer(threshold=0.0, max_words=0)(
        docs, [Question("Why did inflation rise?")], Settings(cache=bow_cache())
    )
    assert whole[0][0].text == long


def test_features_have_the_documented_shape() -> None:
    docs = read_documents(documents())
    feats = features(docs, [Question("Why?"), Question("When?")], bow_cache())
    assert feats.values.shape == (2, 7, len(FEATURES))  # seven non-blank paragraphs
    assert feats.units[5] == (2, 2)
    with pytest.raises(ValueError, match="unknown feature"):
        feats.linear({"colour": 1.0})
    with pytest.raises(ValueError, match="paragraph_vectors"):
        features(docs, [Question("Why?")], bow_cache(), paragraph_vectors="max")


# --- the cache --------------------------------------------------------------------------------


def test_cache_reuses_vectors_in_memory_and_on_disk(tmp_path: Path) -> None:
    calls: list[int] = []

    def counting(texts: list[str]) -> Any:
        calls.append(len(texts))
        return bag_of_words(texts)

    first = EmbeddingCache(tmp_path, encoder=counting, namespace="count-a", memory=False)
    cold = first(["alpha beta", "gamma", "alpha beta"])
    assert calls == [2]
    assert first.misses == 2
    assert (tmp_path / "embeddings.sqlite3").is_file()
    again = EmbeddingCache(tmp_path, encoder=counting, namespace="count-a", memory=False)
    warm = again(["gamma", "alpha beta"])
    assert calls == [2]
    assert again.hits == 2
    assert (warm == cold[[1, 0]]).all()
    other = EmbeddingCache(tmp_path, encoder=counting, namespace="count-b", memory=False)
    other(["gamma"])
    assert calls == [2, 1]  # another model never reads these vectors
    in_memory = EmbeddingCache(None, encoder=counting, namespace="count-c")
    in_memory(["delta"])
    EmbeddingCache(None, encoder=counting, namespace="count-c")(["delta"])
    assert calls == [2, 1, 1]


def test_cache_options(private_cache: Path) -> None:
    assert cache_dir() == private_cache
    assert make_cache(True).path == private_cache / "embeddings.sqlite3"
    assert make_cache("memory").path is None
    assert make_cache("memory").memory
    assert not make_cache(False).memory
    assert make_cache(False).path is None
    with pytest.raises(ValueError, match="namespace"):
        EmbeddingCache(None, encoder=bag_of_words)


def test_unwritable_cache_dir_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = EmbeddingCache(blocker / "sub", encoder=bag_of_words, namespace="x", memory=False)
    assert cache(["a b"]).shape == (1, 512)


# --- selection ------------------------------------------------------------------------------


def spans(*where: tuple[str, int], text: str = "x") -> list[Span]:
    return [Span(doc, pidx, f"{text}{i}", 1.0) for i, (doc, pidx) in enumerate(where)]


def test_selection_rules_on_hand_made_cases() -> None:
    wide = spans(*[(f"d{i}", 0) for i in range(6)])
    answers = [
        spans(("d0", 0), ("d1", 0)),  # 0: too few (needs 3 of 10)
        wide,  # 1: six answers in three groups of two: discord, kept
        [*wide[:5], Span("d9", 0, "y", 1.0)],  # 2: five of its six paragraphs are 1's: overlaps
        spans(*[(f"d{i}", 1) for i in range(5)]),  # 3: one group of four out of five: consensus
        spans(*[(f"d{i}", 2) for i in range(4)]),  # 4: two groups of two: exactly half is still discord
    ]
    groups = [
        [[0, 1]],
        [[0, 1], [2, 3], [4, 5]],
        [[0], [1], [2], [3], [4], [5]],
        [[0, 1, 2, 3], [4]],
        [[0, 1], [2, 3]],
    ]
    kept, decisions = keep_questions(answers, groups, n_documents=10)
    assert kept == [1, 4]
    assert [d.reason for d in decisions] == [
        "too few answers",
        "kept",
        "overlaps a kept question",
        "consensus",
        "kept",
    ]
    assert decisions[2].details == {"kept": 1}
    assert decisions[0].details == {"answers": 2, "needed": 3}
    # Thresholds are parameters.
    assert keep_questions(answers, groups, 10, SelectionRules(max_largest_group=0.8))[0] == [1, 3, 4]
    assert keep_questions(answers, groups, 10, SelectionRules(max_overlap=0.9))[0] == [1, 2, 4]
    assert keep_questions(answers, groups, 10, SelectionRules(min_answers=0.6))[0] == [1]
    assert keep_questions(answers, groups, 10, SelectionRules(limit=1))[0] == [1]
    assert keep_questions(answers, groups, 10, SelectionRules(limit=1))[1][4] == Decision(
        4, False, "over the limit", {"limit": 1}
    )


def test_selection_counts_answers_or_documents() -> None:
    same_doc = [spans(("d0", 0), ("d0", 1), ("d0", 2), ("d1", 0))]
    assert keep_questions(same_doc, [[[0], [1], [2], [3]]], 10, SelectionRules(count="answers"))[0] == [0]
    assert keep_questions(same_doc, [[[0], [1], [2], [3]]], 10, SelectionRules(count="documents"))[0] == []
    assert keep_questions(same_doc, [[[0], [1], [2], [3]]], 10)[0] == []  # the default counts documents once too


def test_selection_counts_copies_once_by_default() -> None:
    # d1 and d2 copy d0: four answering documents, two independent voices.
    four = [spans(("d0", 0), ("d1", 0), ("d2", 0), ("d3", 0))]
    apart = [[[0], [1], [2], [3]]]
    copies = {"d1": "d0", "d2": "d0"}
    assert SelectionRules().count == "independent"
    assert keep_questions(four, apart, 10, copies=copies)[0] == []  # 2 voices < 3 needed
    kept, decisions = keep_questions(four, apart, 10, SelectionRules(count="documents"), copies=copies)
    assert kept == [0]
    assert decisions[0].details == {"answers": 4, "largest_group": 1}
    assert keep_questions(four, apart, 10, SelectionRules(count="answers"), copies=copies)[0] == [0]
    # The largest group: a consensus of answers as published, discord once copies count once.
    group_of_copies = [spans(("d0", 0), ("d1", 0), ("d2", 0), ("d3", 0), ("d4", 0), ("d5", 0))]
    groups = [[[0, 1, 2, 3], [4], [5]]]  # d0..d3 agree; d1, d2 copy d0
    published = keep_questions(group_of_copies, groups, 6, SelectionRules(count="answers"))[1][0]
    assert published.reason == "consensus"  # 4 of 6 answers
    independent = keep_questions(group_of_copies, groups, 6, copies={"d1": "d0", "d2": "d0"})[1][0]
    assert (independent.reason, independent.details) == ("kept", {"answers": 4, "largest_group": 2})  # 2 of 4 voices


def test_selection_rules_are_checked() -> None:
    with pytest.raises(ValueError, match="min_answers"):
        SelectionRules(min_answers=30)
    with pytest.raises(ValueError, match="count"):
        SelectionRules(count="outlets")
    with pytest.raises(ValueError, match="limit"):
        SelectionRules(limit=-1)


# --- assembly and build ---------------------------------------------------------------------


def test_discord_questions_output_reads_back() -> None:
    read_documents(documents())
    qs = [Question("When did inflation rise?", "d1")]
    found = [[Span("d1", 1, "nine percent in June", 0.9), Span("d2", 1, "again", 0.5), Span("d3", 2, "in June", 0.7)]]
    out = to_discord_questions(qs, found, [[[1], [0, 2]]])
    assert out == [
        {
            "question": "When did inflation rise?",
            "doc_id": "d1",
            "answers": [
                {"answer": "nine percent in June", "doc_id": "d1", "pidx": 1, "pid": "d1_1", "score": 0.9},
                {"answer": "again", "doc_id": "d2", "pidx": 1, "pid": "d2_1", "score": 0.5},
                {"answer": "in June", "doc_id": "d3", "pidx": 2, "pid": "d3_2", "score": 0.7},
            ],
            "answer_groups": [["nine percent in June", "in June"], ["again"]],
        }
    ]
    json.dumps(out)
    article = from_discord_questions(documents(), out, "d1")
    panel = article.panels[0]
    assert panel.after == 2  # after the anchor's answering paragraph
    assert [(a.source, a.text, a.group) for a in panel.answers] == [("bbc.co.uk", "again", 1), ("dw.com", "in June", 0)]


def test_run_end_to_end_with_given_questions() -> None:
    result = run(
        documents(),
        "d1",
        questions=["When did inflation rise?", "Who won the cup final?", "Why did the central bank raise rates?"],
        answers=OfflineAnswerer(threshold=0.02),
        groups="exact",
        rules=SelectionRules(min_count=2, max_largest_group=1.0),
        settings=Settings(cache=bow_cache()),
    )
    assert isinstance(result.article, Article)
    assert result.article.title == "Central bank raises rates"
    assert [r.reason for r in result.decisions] == ["kept", "too few answers", "kept"]
    assert sorted(p.question for p in result.article.panels) == sorted(q["question"] for q in result.discord_questions)
    assert [q["question"] for q in result.discord_questions] == [result.questions[i].text for i in result.selected]
    assert set(result.timings) >= {"read", "questions", "answers", "groups", "selection", "assembly", "total"}
    assert result.article == from_discord_questions(documents(), result.discord_questions, "d1")
    everything = run(
        documents(),
        "d1",
        questions=["Who won the cup final?"],
        groups="exact",
        rules=None,
        settings=Settings(cache=bow_cache()),
    )
    assert [p.question for p in everything.article.panels] == ["Who won the cup final?"]
    assert everything.article.panels[0].answers[0].source == "espn.com"


def test_run_marks_syndicated_copies_and_counts_them_once() -> None:
    pytest.importorskip("numpy")
    story = (
        "The central bank raised interest rates by half a point on Wednesday, its biggest step in two decades, "
        "as inflation rose to nine percent in June and officials warned that prices would keep climbing."
    )
    docs = [*documents(), {"id": "d5", "title": "Copy", "domain": "copies.example.org", "content": story}]
    docs[0] = {**docs[0], "content": story + "\n\nAll rights reserved by the wire."}
    given = {
        "questions": ["Why did the central bank raise rates?"],
        "answers": OfflineAnswerer(threshold=0.02),
        "groups": "exact",
        "settings": Settings(cache=bow_cache()),
    }
    result = run(docs, "d2", rules=SelectionRules(min_count=2, max_largest_group=1.0), **given)  # type: ignore[arg-type]
    assert [(g.original, g.copies, g.original_domain) for g in result.copies] == [("d1", ("d5",), "apnews.com")]
    assert "copies" in result.timings
    answers = {a.source: a.copy_of for p in result.article.panels for a in p.answers}
    assert answers.get("copies.example.org") == "apnews.com"
    assert answers.get("apnews.com", "absent") is None
    # Counted once by default, every document when asked: the decision records what was counted.
    counted = [d.details["answers"] for d in result.decisions if d.kept]
    every = run(docs, "d2", rules=SelectionRules(min_count=2, max_largest_group=1.0, count="documents"), **given)  # type: ignore[arg-type]
    assert [d.details["answers"] for d in every.decisions if d.kept] == [n + 1 for n in counted]


def test_build_with_custom_steps() -> None:
    def answerer(docs: Any, qs: Any) -> list[list[Span]]:
        return [[Span(d.id, 0, d.paragraphs[0][:20], 1.0) for d in docs] for _ in qs]

    def grouper(qs: Any, answers: Any) -> list[list[list[int]]]:
        return [[[i] for i in range(len(a))] for a in answers]

    article = build(
        documents(), "d2", questions=["Anything?"], answers=answerer, groups=grouper, rules=SelectionRules(limit=5)
    )
    assert [a.source for a in article.panels[0].answers] == ["apnews.com", "dw.com", "espn.com"]
    assert article.panels[0].after == 1


def test_build_with_the_packaged_model(private_cache: Path) -> None:
    pytest.importorskip("sentence_transformers")
    qs = ["When did inflation rise to its highest level?", "Who won the cup final?"]
    # These one-line paragraphs are far shorter than news paragraphs, which the length feature
    # favours, so the threshold is lower than the default here.
    answerer = OfflineAnswerer(threshold=0.02)
    result = run(documents(), "d2", questions=qs, answers=answerer, rules=None)
    assert result.article.title == "Rates go up"
    june = {s.doc_id: s.pidx for s in result.answers[0]}
    assert june.get("d1") == 1
    assert "d4" not in june
    assert [s.doc_id for s in result.answers[1]] == ["d4"]
    assert all(isinstance(a.group, int) for p in result.article.panels for a in p.answers)
    assert (private_cache / "embeddings.sqlite3").is_file()
    again = run(documents(), "d2", questions=qs, answers=answerer, rules=None)
    assert again.discord_questions == result.discord_questions


# --- settings, steps and the deprecated spellings -------------------------------------------------


def test_settings_are_checked_and_make_the_cache_once() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        Settings(batch_size=0)
    with pytest.raises(TypeError, match="progress"):
        Settings(progress="yes")  # type: ignore[arg-type]
    settings = Settings(cache="memory", progress=None).resolved()
    assert settings.progress is False  # under pytest
    assert settings.embeddings is settings.embeddings
    import pickle

    copy = pickle.loads(pickle.dumps(settings))
    assert copy == settings
    assert "embeddings" not in copy.__dict__  # a copy in another process makes its own


def test_the_groups_step_is_group_texts() -> None:
    from ctxwidget.grouping.core import group_texts
    from ctxwidget.pipeline import groups

    docs = read_documents(documents())
    qs = [Question("When?"), Question("Who?")]
    found = [[Span("d1", 1, "In June", 1.0), Span("d2", 1, "again", 1.0), Span("d3", 2, "in june.", 1.0)], []]
    assert groups(docs, qs, found, "exact") == [[[0, 2], [1]], []]
    assert group_texts(["When?"], [["In June", "again", "in june."]], method="exact") == [[0, 1, 0]]
    assert group_texts(["When?"], [["a", "b", "a"]], labels=[["x", None, None]], method="exact") == [["x", 0, "x"]]
    with pytest.raises(ValueError, match="contexts"):
        group_texts(["When?"], [["a"]], contexts=[[None, None]], method="exact")


def test_a_step_can_be_given_as_a_step() -> None:
    from ctxwidget.pipeline.steps import AnswerStep, answer_step, group_step

    seen: list[Settings] = []

    class Everyone(AnswerStep):
        def __call__(self, documents: Any, questions: Any, settings: Settings) -> list[list[Span]]:
            seen.append(settings)
            return [[Span(d.id, 0, d.paragraphs[0][:10], 1.0) for d in documents] for _ in questions]

    step = Everyone()
    assert answer_step(step) is step
    assert group_step("exact") == group_step("exact")
    result = run(documents(), "d1", questions=["Why?"], answers=step, groups="exact", rules=None)
    assert len(result.answers[0]) == 4
    assert seen[0].progress is False  # resolved once, before the steps run
    with pytest.raises(TypeError, match="answers must be"):
        answer_step(3)  # type: ignore[arg-type]


def test_the_old_spellings_still_work_with_a_warning() -> None:
    import ctxwidget.pipeline as pipeline
    from ctxwidget.pipeline import StoryInput, steps

    qs = ["When did inflation rise?", "Who won the cup final?", "Why did the central bank raise rates?"]
    new = run(
        documents(),
        "d1",
        questions=qs,
        groups="exact",
        rules=SelectionRules(min_count=2, max_largest_group=1.0, limit=1),
        settings=Settings(cache=bow_cache(), progress=False),
    )
    with pytest.warns(DeprecationWarning, match="deprecated") as caught:
        old = run(
            documents(),
            "d1",
            questions=qs,
            groups="exact",
            select=SelectionRules(min_count=2, max_largest_group=1.0),
            limit=1,
            cache=bow_cache(),
            progress=False,
        )
    messages = [str(w.message) for w in caught]
    assert any("run(select=)" in m and "rules=" in m for m in messages)
    assert any("run(limit=)" in m and "SelectionRules(limit=...)" in m for m in messages)
    assert any("run(cache=, progress=)" in m and "settings=Settings(" in m for m in messages)
    assert all(w.filename == __file__ for w in caught)  # points at the caller
    assert old.discord_questions == new.discord_questions
    assert old.decisions == new.decisions
    with pytest.warns(DeprecationWarning, match="run\\(select=\\).*rules=None"):
        everything = run(
            documents(), "d1", questions=qs, groups="exact", select=False, settings=Settings(cache=bow_cache())
        )
    assert len(everything.selected) == sum(1 for a in everything.answers if a)
    with pytest.warns(DeprecationWarning, match="build\\(limit=\\)"):
        build(documents(), "d1", questions=qs, groups="exact", limit=0, settings=Settings(cache=bow_cache()))
    with pytest.raises(TypeError, match="not both"):
        run(documents(), "d1", questions=qs, settings=Settings(), cache=False)
    with pytest.raises(TypeError, match="'colour'"):
        run(documents(), "d1", questions=qs, colour=True)
    for old_name, new_value in (("select", keep_questions), ("selection", keep_questions), ("Story", StoryInput)):
        with pytest.warns(DeprecationWarning, match=f"ctxwidget.pipeline.{old_name} is deprecated"):
            assert getattr(pipeline, old_name) is new_value
    with pytest.warns(DeprecationWarning, match="steps.keep_questions"):
        assert steps.selection is keep_questions
    docs = read_documents(documents())
    with pytest.warns(DeprecationWarning, match="settings=Settings"):
        by_keyword = OfflineAnswerer(threshold=0.02)(docs, [Question("When did inflation rise?")], cache=bow_cache())
    assert by_keyword == OfflineAnswerer(threshold=0.02)(
        docs, [Question("When did inflation rise?")], Settings(cache=bow_cache())
    )
