"""The model steps with ``transformers``: question generation, extractive QA, answer consolidation.

Each takes a model name on the Hugging Face hub or the path of a saved model
(``save_pretrained``), runs in batches on ``device`` (default: CUDA when
available, else the CPU) and follows the published pipeline
(salesforce/discord_questions) step for step:

- :class:`QuestionGenerator` (reference: ``Salesforce/discord_qg``, BART):
  for every paragraph, one question per start word (How, Why, What, Who,
  When) as the decoder's prefix, at most 20 tokens; the published filter and
  fuzzy de-duplication.
- :class:`ExtractiveReader` (reference: ``Salesforce/discord_qa``,
  RoBERTa-large): every question against every paragraph, the input laid out
  as the reference model was trained (``eos question bos paragraph bos``), the
  best span of at most 30 tokens among the top 5 starts and ends if it beats
  the no-answer score.
- :class:`PairConsolidator` (reference: ``Salesforce/qa_consolidation``):
  scores ``question <sep> answer1 <sep> answer2`` on a 1-5 scale in both
  orders, links a pair when the mean is above 2.75 (identical answers score
  5), then Louvain communities.

Needs ``pip install 'ctxwidget[pipeline]'`` (transformers, networkx) and
PyTorch; nothing heavy is imported until a model is loaded.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .._extras import install_hint
from .progress import bar
from .questions_filter import deduplicate, is_valid_question
from .records import Document, Question, Span

__all__ = ["ExtractiveReader", "ModelError", "PairConsolidator", "QuestionGenerator", "require"]

EXTRA_HINT = install_hint("pipeline")
START_WORDS = ("How", "Why", "What", "Who", "When")
NO_ANSWERS = frozenset(["no answer", "the", "and", "a", ""])


class ModelError(OSError):
    """A model that cannot be loaded; the message says what to download or install."""


def require(modules: Sequence[str] = ("torch", "transformers")) -> dict[str, Any]:
    """Import ``modules``, or raise :class:`ImportError` naming the ``pipeline`` extra."""
    loaded = {}
    for name in modules:
        try:
            loaded[name] = importlib.import_module(name)
        except ImportError:
            raise ImportError(
                f"this step needs {name}, which is not installed: {EXTRA_HINT} "
                "(install PyTorch first, its CPU build to avoid the large CUDA one)",
                name=name,
            ) from None
    return loaded


def pick_device(device: str | None) -> str:
    """``device``, or ``"cuda"`` when PyTorch sees a GPU, else ``"cpu"``."""
    if device is not None:
        return device
    torch = require(("torch",))["torch"]
    return "cuda" if torch.cuda.is_available() else "cpu"


def _load_failed(what: str, name: str, exc: BaseException) -> ModelError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ModelError(
        f"cannot load the {what} model {name!r} ({reason[:160]}); give the path of a saved model, or download it "
        f"once where there is a network with `hf download {name}` (the Hugging Face cache is then used offline)"
    )


@functools.lru_cache(maxsize=6)
def _load(kind: str, name: str, device: str) -> tuple[Any, Any]:
    mods = require()
    transformers = mods["transformers"]
    auto = {
        "qg": transformers.AutoModelForSeq2SeqLM,
        "qa": transformers.AutoModelForQuestionAnswering,
        "pair": transformers.AutoModelForSequenceClassification,
    }[kind]
    what = {"qg": "question-generation", "qa": "question-answering", "pair": "answer-consolidation"}[kind]
    try:
        config = transformers.AutoConfig.from_pretrained(name)
        extra = {"add_prefix_space": True} if kind == "qa" and config.model_type == "roberta" else {}
        tokenizer = transformers.AutoTokenizer.from_pretrained(name, **extra)
        model = auto.from_pretrained(name)
    except (OSError, ValueError) as exc:
        raise _load_failed(what, name, exc) from None
    model.to(device)
    model.eval()
    return tokenizer, model


# --- question generation ------------------------------------------------------------------------


@dataclass
class QuestionGenerator:
    """A text-to-text model that writes questions about a paragraph (see the module docstring)."""

    name: str
    tokenizer: Any
    model: Any
    device: str
    batch_size: int = 16
    max_length: int = 20

    @classmethod
    def load(cls, name: str, *, device: str | None = None, batch_size: int = 16) -> QuestionGenerator:
        """Load ``name`` (hub name or path) on ``device``; :class:`ModelError` if it cannot be found."""
        device = pick_device(device)
        tokenizer, model = _load("qg", name, device)
        return cls(name, tokenizer, model, device, batch_size)

    def generate(self, paragraphs: Sequence[str], start_words: Sequence[str] = START_WORDS) -> list[list[str]]:
        """For each paragraph, one raw question per start word (unfiltered), in batches."""
        torch = require(("torch",))["torch"]
        out: list[list[str]] = [[] for _ in paragraphs]
        for word in start_words:
            prefix = self.tokenizer([word], add_special_tokens=True)["input_ids"][0][:-1]
            for start in range(0, len(paragraphs), self.batch_size):
                chunk = list(paragraphs[start : start + self.batch_size])
                enc = self.tokenizer(chunk, padding=True, truncation=True, return_tensors="pt").to(self.device)
                decoder = torch.tensor([prefix] * len(chunk), device=self.device)
                with torch.no_grad():
                    ids = self.model.generate(
                        input_ids=enc["input_ids"],
                        attention_mask=enc["attention_mask"],
                        decoder_input_ids=decoder,
                        max_length=self.max_length,
                    )
                for k, text in enumerate(self.tokenizer.batch_decode(ids, skip_special_tokens=True)):
                    out[start + k].append(text.strip())
        return out

    def questions(
        self, documents: Sequence[Document], *, max_questions: int | None = None, progress: bool | None = None
    ) -> list[Question]:
        """The valid, de-duplicated questions of every paragraph of ``documents`` (first ``max_questions``)."""
        found: list[Question] = []
        for doc in bar(documents, desc="questions", total=len(documents), progress=progress):
            paragraphs = [p for p in doc.paragraphs if p.strip()]
            for generated in self.generate(paragraphs) if paragraphs else []:
                found.extend(Question(q, doc.id) for q in generated if is_valid_question(q))
        texts = deduplicate(q.text for q in found)
        first: dict[str, Question] = {}
        for q in found:
            first.setdefault(q.text, q)
        kept = [first[t] for t in texts]
        return kept if max_questions is None else kept[:max_questions]


# --- extractive question answering -------------------------------------------------------------


def align_answer_text(text: str) -> str:
    """The published clean-up of a span: outer punctuation, quotes, brackets and a final ``'s`` removed."""
    while True:
        before = text
        text = text.strip()
        if not text:
            return text
        if text[-1] in ".,!?-;:":
            text = text[:-1]
        elif text[0] == '"':
            text = text[1:]
        elif text.endswith("'s"):
            text = text[:-2]
        elif text[0] in "'(" and text[-1] in "')":
            text = text[1:-1]
        elif text.endswith("s'"):
            text = text[:-1]
        elif text.startswith("US$"):
            text = text[2:]
        elif text.count("(") + text.count(")") == 1:
            text = text.replace("(", "").replace(")", "")
        elif text.count('"') == 1:
            text = text.replace('"', "")
        if text == before:
            return text


@dataclass
class ExtractiveReader:
    """An extractive question-answering model asked every question on every paragraph."""

    name: str
    tokenizer: Any
    model: Any
    device: str
    batch_size: int = 32
    max_length: int = 512
    max_question_tokens: int = 48
    max_answer_tokens: int = 30

    @classmethod
    def load(cls, name: str, *, device: str | None = None, batch_size: int = 32) -> ExtractiveReader:
        """Load ``name`` (hub name or path) on ``device``; :class:`ModelError` if it cannot be found."""
        device = pick_device(device)
        tokenizer, model = _load("qa", name, device)
        if not getattr(tokenizer, "is_fast", False):
            raise ModelError(f"the question-answering model {name!r} has no fast tokenizer (tokenizer.json)")
        return cls(name, tokenizer, model, device, batch_size)

    def _markers(self) -> tuple[int, int]:
        tok = self.tokenizer
        cls_token, sep_token = tok.eos_token, tok.bos_token
        if cls_token is None or sep_token is None:
            specials = tok.all_special_tokens
            cls_token, sep_token = specials[-1], specials[-2]
        return int(tok.convert_tokens_to_ids(cls_token)), int(tok.convert_tokens_to_ids(sep_token))

    def predict(self, questions: Sequence[str], paragraphs: Sequence[str]) -> list[tuple[str, float, float]]:
        """For each (question, paragraph) pair: ``(answer or "no answer", span score, no-answer score)``."""
        torch = require(("torch",))["torch"]
        cls_id, sep_id = self._markers()
        pad_id = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        results: list[tuple[str, float, float]] = []
        for start in range(0, len(questions), self.batch_size):
            qs = list(questions[start : start + self.batch_size])
            ps = list(paragraphs[start : start + self.batch_size])
            q_ids = self.tokenizer(qs, add_special_tokens=False)["input_ids"]
            p_enc = self.tokenizer(ps, add_special_tokens=False, return_offsets_mapping=True)
            rows, spans = [], []
            for q, p, offsets in zip(q_ids, p_enc["input_ids"], p_enc["offset_mapping"], strict=True):
                q = q[: self.max_question_tokens]
                room = self.max_length - len(q) - 3
                p, offsets = p[:room], offsets[:room]
                rows.append([cls_id, *q, sep_id, *p, sep_id])
                spans.append((len(q) + 2, offsets))
            width = max(len(r) for r in rows)
            ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
            mask = torch.zeros((len(rows), width), dtype=torch.long)
            for k, r in enumerate(rows):
                ids[k, : len(r)] = torch.tensor(r)
                mask[k, : len(r)] = 1
            with torch.no_grad():
                out = self.model(input_ids=ids.to(self.device), attention_mask=mask.to(self.device))
            starts_all = out.start_logits.float().cpu()
            ends_all = out.end_logits.float().cpu()
            for k, (offset, char_spans) in enumerate(spans):
                results.append(self._best(starts_all[k], ends_all[k], len(rows[k]), offset, char_spans, ps[k]))
        return results

    def _best(
        self, starts: Any, ends: Any, length: int, offset: int, char_spans: Any, paragraph: str
    ) -> tuple[str, float, float]:
        starts, ends = starts[:length], ends[:length]
        no_answer = float(starts[0] + ends[0])
        top_s = starts.argsort(descending=True)[:5].tolist()
        top_e = ends.argsort(descending=True)[:5].tolist()
        best: tuple[float, int, int] | None = None
        last = offset + len(char_spans) - 1
        for s in top_s:
            for e in top_e:
                if s < offset or e > last or e < s or e - s > self.max_answer_tokens:
                    continue
                score = float(starts[s] + ends[e])
                if best is None or score > best[0]:
                    best = (score, s, e)
        if best is None or best[0] <= no_answer:
            return "no answer", 0.0, no_answer
        score, s, e = best
        text = align_answer_text(paragraph[char_spans[s - offset][0] : char_spans[e - offset][1]])
        if text in NO_ANSWERS:
            return "no answer", 0.0, no_answer
        return text, score, no_answer

    def answers(
        self, documents: Sequence[Document], questions: Sequence[Question], *, progress: bool | None = None
    ) -> list[list[Span]]:
        """Every question on every non-blank paragraph; each answered paragraph gives a :class:`Span`."""
        cells = [(doc.id, pidx, p) for doc in documents for pidx, p in enumerate(doc.paragraphs) if p.strip()]
        out: list[list[Span]] = []
        for question in bar(questions, desc="answers", total=len(questions), progress=progress):
            predictions = self.predict([question.text] * len(cells), [c[2] for c in cells])
            out.append(
                [
                    Span(doc_id, pidx, text, round(score, 4))
                    for (doc_id, pidx, _), (text, score, _) in zip(cells, predictions, strict=True)
                    if text != "no answer"
                ]
            )
        return out


# --- answer consolidation ----------------------------------------------------------------------


@dataclass
class PairConsolidator:
    """A pair classifier that scores whether two answers to a question say the same thing (1-5)."""

    name: str
    tokenizer: Any
    model: Any
    device: str
    batch_size: int = 64
    threshold: float = 2.75

    @classmethod
    def load(
        cls, name: str, *, device: str | None = None, batch_size: int = 64, threshold: float = 2.75
    ) -> PairConsolidator:
        """Load ``name`` (hub name or path) on ``device``; :class:`ModelError` if it cannot be found."""
        require(("torch", "transformers", "networkx"))
        device = pick_device(device)
        tokenizer, model = _load("pair", name, device)
        return cls(name, tokenizer, model, device, batch_size, threshold)

    def score_pairs(self, question: str, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """The model's score of ``question <sep> a1 <sep> a2`` for each pair (identical answers: 5)."""
        torch = require(("torch",))["torch"]
        scores = [5.0 if a == b else 0.0 for a, b in pairs]
        todo = [i for i, (a, b) in enumerate(pairs) if a != b]
        pad_id = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        for start in range(0, len(todo), self.batch_size):
            chunk = todo[start : start + self.batch_size]
            texts = [f"{question} <sep> {pairs[i][0]} <sep> {pairs[i][1]}" for i in chunk]
            encoded = [self.tokenizer.encode(t, truncation=True) for t in texts]
            width = max(len(e) for e in encoded)
            ids = torch.full((len(encoded), width), pad_id, dtype=torch.long)
            mask = torch.zeros((len(encoded), width), dtype=torch.long)
            for k, e in enumerate(encoded):
                ids[k, : len(e)] = torch.tensor(e)
                mask[k, : len(e)] = 1
            with torch.no_grad():
                logits = self.model(input_ids=ids.to(self.device), attention_mask=mask.to(self.device)).logits
            for i, value in zip(chunk, logits[:, 0].float().cpu().tolist(), strict=True):
                scores[i] = float(value)
        return scores

    def consolidate(self, question: str, texts: Sequence[str]) -> list[list[int]]:
        """Groups of ``texts`` (indices), largest first: pairs linked above ``threshold``, then Louvain."""
        nx = require(("networkx",))["networkx"]
        n = len(texts)
        pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
        scores = self.score_pairs(question, [(texts[i], texts[j]) for i, j in pairs])
        weight: dict[tuple[int, int], float] = {}
        for (i, j), s in zip(pairs, scores, strict=True):
            key = (min(i, j), max(i, j))
            weight[key] = weight.get(key, 0.0) + s / 2
        graph = nx.Graph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(edge for edge, w in weight.items() if w > self.threshold)
        communities = nx.community.louvain_communities(graph, seed=0)
        return sorted((sorted(c) for c in communities), key=lambda g: (-len(g), g[0]))

    def group(
        self, questions: Sequence[Question], answers: Sequence[Sequence[Span]], *, progress: bool | None = None
    ) -> list[list[list[int]]]:
        """:meth:`consolidate` for every question's answers."""
        return [
            self.consolidate(q.text, [s.text for s in spans]) if spans else []
            for q, spans in bar(
                zip(questions, answers, strict=True), desc="groups", total=len(questions), progress=progress
            )
        ]
