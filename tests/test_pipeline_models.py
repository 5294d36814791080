"""The transformers model steps, with tiny models built and saved here (random weights, a tokenizer
trained on a few sentences): loading by path, batching, devices, the published decoding rules and the
one-line errors. No model hub is needed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from ctxwidget.pipeline import Question, Settings, Span, read_documents, run
from ctxwidget.pipeline.models import (
    ExtractiveReader,
    ModelError,
    PairConsolidator,
    QuestionGenerator,
    align_answer_text,
    require,
)
from ctxwidget.pipeline.questions_filter import deduplicate, is_valid_question

from .pipeline_fixtures import documents

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
tokenizers = pytest.importorskip("tokenizers")

SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<sep>"]


@pytest.fixture(autouse=True, scope="module")
def one_thread() -> Any:
    # Tiny models on a shared machine: more threads only contend (ten times slower under load).
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def tiny_tokenizer() -> Any:
    from tokenizers import Tokenizer, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.WordLevel(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = trainers.WordLevelTrainer(special_tokens=SPECIALS)
    corpus = [doc["content"] for doc in documents()] + [
        "How Why What Who When did the bank raise rates ?",
        "Who won the final ? When did inflation rise ?",
    ]
    tok.train_from_iterator(corpus, trainer)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>"
    )


def roberta_config(tokenizer: Any, **kw: Any) -> Any:
    return transformers.RobertaConfig(
        vocab_size=len(tokenizer),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=600,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        **kw,
    )


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    torch.manual_seed(0)
    root = tmp_path_factory.mktemp("models")
    tokenizer = tiny_tokenizer()
    paths = {name: root / name for name in ("qg", "qa", "pair")}
    qg = transformers.BartForConditionalGeneration(
        transformers.BartConfig(
            vocab_size=len(tokenizer),
            d_model=16,
            encoder_layers=1,
            decoder_layers=1,
            encoder_attention_heads=2,
            decoder_attention_heads=2,
            encoder_ffn_dim=32,
            decoder_ffn_dim=32,
            max_position_embeddings=64,
            pad_token_id=1,
            bos_token_id=0,
            eos_token_id=2,
            decoder_start_token_id=2,
            forced_eos_token_id=2,
        )
    )
    qa = transformers.RobertaForQuestionAnswering(roberta_config(tokenizer))
    pair = transformers.RobertaForSequenceClassification(roberta_config(tokenizer, num_labels=1))
    for name, model in (("qg", qg), ("qa", qa), ("pair", pair)):
        model.save_pretrained(paths[name])
        tokenizer.save_pretrained(paths[name])
    return paths


def test_question_generation_batches_and_start_words(saved: dict[str, Path]) -> None:
    one = QuestionGenerator.load(str(saved["qg"]), device="cpu", batch_size=1)
    many = QuestionGenerator.load(str(saved["qg"]), device="cpu", batch_size=8)
    assert one.device == "cpu"
    paragraphs = [p for d in documents() for p in d["content"].split("\n\n") if p.strip()]
    raw = many.generate(paragraphs)
    assert len(raw) == len(paragraphs)
    assert all(len(per) == 5 for per in raw)
    for per in raw:
        for word, question in zip(("How", "Why", "What", "Who", "When"), per, strict=True):
            assert question.split()[0] == word  # the start word is the decoder's prefix
    assert one.generate(paragraphs) == raw  # padding does not change what is generated
    qs = many.questions(read_documents(documents()))
    assert all(isinstance(q, Question) and is_valid_question(q.text) for q in qs)


def test_extractive_reader_spans_and_batching(saved: dict[str, Path]) -> None:
    reader = ExtractiveReader.load(str(saved["qa"]), device="cpu", batch_size=3)
    docs = read_documents(documents())
    qs = [Question("When did inflation rise ?"), Question("Who won the final ?")]
    found = reader.answers(docs, qs)
    assert len(found) == 2
    spans = [s for per in found for s in per]
    assert spans, "random weights answer some paragraphs"
    by_id = {d.id: d for d in docs}
    for s in spans:
        assert isinstance(s, Span)
        assert s.text in by_id[s.doc_id].paragraphs[s.pidx]
        assert s.text not in ("", "no answer")
    single = ExtractiveReader.load(str(saved["qa"]), device="cpu", batch_size=1)
    assert [[(s.doc_id, s.pidx, s.text) for s in per] for per in single.answers(docs, qs)] == [
        [(s.doc_id, s.pidx, s.text) for s in per] for per in found
    ]


def test_extractive_reader_abstains_when_no_span_beats_no_answer(saved: dict[str, Path], tmp_path: Path) -> None:
    model = transformers.RobertaForQuestionAnswering.from_pretrained(saved["qa"])
    with torch.no_grad():
        model.qa_outputs.weight.zero_()
        model.qa_outputs.bias.zero_()  # every span scores exactly the no-answer score
    model.save_pretrained(tmp_path / "flat")
    tiny_tokenizer().save_pretrained(tmp_path / "flat")
    reader = ExtractiveReader.load(str(tmp_path / "flat"), device="cpu")
    assert reader.answers(read_documents(documents()), [Question("When did inflation rise ?")]) == [[]]


def pair_model(saved: dict[str, Path], tmp_path: Path, bias: float) -> str:
    model = transformers.RobertaForSequenceClassification.from_pretrained(saved["pair"])
    with torch.no_grad():
        model.classifier.out_proj.weight.zero_()
        model.classifier.out_proj.bias.fill_(bias)
    path = tmp_path / f"pair{bias}"
    model.save_pretrained(path)
    tiny_tokenizer().save_pretrained(path)
    return str(path)


def test_consolidation_links_pairs_above_the_threshold(saved: dict[str, Path], tmp_path: Path) -> None:
    texts = ["rates", "inflation", "rates", "prices"]
    agree = PairConsolidator.load(pair_model(saved, tmp_path, 4.0), device="cpu", batch_size=2)
    assert agree.consolidate("Why ?", texts) == [[0, 1, 2, 3]]
    apart = PairConsolidator.load(pair_model(saved, tmp_path, 1.0), device="cpu", batch_size=5)
    assert apart.consolidate("Why ?", texts) == [[0, 2], [1], [3]]  # identical answers score 5
    assert apart.score_pairs("Why ?", [("a", "a"), ("rates", "prices")]) == pytest.approx([5.0, 1.0])
    random = PairConsolidator.load(str(saved["pair"]), device="cpu")
    groups = random.consolidate("Why ?", texts)
    assert sorted(i for g in groups for i in g) == [0, 1, 2, 3]


def test_the_model_steps_inside_run(saved: dict[str, Path], tmp_path: Path) -> None:
    result = run(
        documents(),
        "d1",
        questions=None,
        question_model=str(saved["qg"]),
        answers=str(saved["qa"]),
        groups=pair_model(saved, tmp_path, 1.0),
        rules=None,
        settings=Settings(device="cpu", cache="memory"),
    )
    assert all(q.doc_id in {"d1", "d2", "d3", "d4"} for q in result.questions)
    assert len(result.answers) == len(result.questions) == len(result.groups)
    for spans, groups in zip(result.answers, result.groups, strict=True):
        assert sorted(i for g in groups for i in g) == list(range(len(spans)))


def test_missing_models_and_packages_say_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = str(tmp_path / "no-such-model")
    for loader in (QuestionGenerator.load, ExtractiveReader.load, PairConsolidator.load):
        with pytest.raises(ModelError) as info:
            loader(missing, device="cpu")
        message = str(info.value)
        assert "\n" not in message
        assert missing in message
        assert "hf download" in message
    monkeypatch.setitem(sys.modules, "transformers", None)  # as if not installed
    with pytest.raises(ImportError, match=r"pip install 'ctxwidget\[pipeline\]'"):
        require()


def test_published_filters() -> None:
    assert is_valid_question("Why did the Fed raise rates?")
    assert not is_valid_question("Why?")  # too short
    assert not is_valid_question("What did he say about the plan?")  # a pronoun
    assert not is_valid_question("Why did this happen?")  # a stock question
    assert not is_valid_question("What and why did the bank do it?")  # two question words
    assert not is_valid_question("The bank raised rates again today?")  # no question word first
    assert deduplicate(["Why did the Fed raise rates?", "Why did the Fed raise its rates?", "Who won?"]) == [
        "Why did the Fed raise rates?",
        "Who won?",
    ]
    assert align_answer_text('"the Fed."') == "the Fed"
    assert align_answer_text("Powell's") == "Powell"
    assert align_answer_text("(9.1%)") == "9.1%"
