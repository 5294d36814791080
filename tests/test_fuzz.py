"""Property-based tests: random and mutated input never escapes as anything but ValidationError.

Every reader gets valid input built by the strategies below, that input mutated
(a node replaced, removed or added; characters or lines deleted, inserted,
swapped, truncated), and plain noise. The property is the same everywhere: the
reader returns an :class:`Article` or raises :class:`ValidationError` whose
message starts with the path of the field at fault (``panels[0].answers[1].url: ...``)
or, for text formats, ``line N: ...``; nothing else escapes.

Example counts are per test (``FUZZ_SCALE=10`` multiplies them for a long local
run). Under CI, Hypothesis's ``ci`` profile makes the run deterministic.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import ctxwidget.adapters as adapters
from ctxwidget import Article, ValidationError, load, parse_assembly, to_html

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
EXAMPLES: Counter[str] = Counter()


def fuzz(examples: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


@pytest.fixture(scope="module", autouse=True)
def _report_examples() -> Iterator[None]:
    yield
    total = sum(EXAMPLES.values())
    detail = ", ".join(f"{name} {count}" for name, count in sorted(EXAMPLES.items()))
    print(f"\nhypothesis examples run: {total} ({detail})")


# A path as the model and the adapters write it: a[0].b, (article), dataset[2].answers[5]["Article URL"].
_PATH = r'(?:\(article\)|[A-Za-z_][A-Za-z0-9_]*|\[\d+\])(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|\["[^"\n]+"\])*'
PATH_RE = re.compile(rf"^{_PATH}: \S")
LINE_RE = re.compile(r"^line (\d+): \S")


def check_error(exc: ValidationError, *, lines: int | None = None) -> None:
    """The message names a path, or a line within the text when ``lines`` is given."""
    message = str(exc)
    assert "\n" not in message, message
    if lines is not None:
        match = LINE_RE.match(message)
        if match:
            assert 1 <= int(match.group(1)) <= lines + 1, (message, lines)
            assert exc.line == int(match.group(1))
            return
    assert PATH_RE.match(message), message
    assert exc.path, message
    assert message.startswith(f"{exc.path}: "), message


def _event(name: str) -> None:
    """Count an outcome in hypothesis's statistics (only inside a hypothesis test)."""
    with contextlib.suppress(InvalidArgument):
        event(name)


def outcome(read: Callable[[], Article], *, lines: int | None = None) -> Article | ValidationError:
    try:
        article = read()
    except ValidationError as exc:
        check_error(exc, lines=lines)
        _event("rejected")
        return exc
    assert isinstance(article, Article)
    _event("accepted")
    return article


# -- strategies: valid articles ------------------------------------------------------------

words = st.text(st.characters(exclude_categories=("C", "Z")), min_size=1, max_size=8)
sentences = st.lists(words, min_size=1, max_size=6).map(" ".join)
any_text = st.text(max_size=30).filter(lambda s: bool(s.strip()))
texts = st.one_of(sentences, any_text)
label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?", fullmatch=True)
domains = st.one_of(
    st.sampled_from(["apnews.com", "bbc.co.uk", "dw.com", "nytimes.com", "xn--80ak6aa92e.com"]),
    st.builds(lambda a, b: f"{a}.{b}", label, st.from_regex(r"[a-z]{2,6}", fullmatch=True)),
)
urls = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["http", "https", "HTTPS", "Http"]),
    domains,
    st.text(st.sampled_from("abcXYZ019-._~%/?#=&"), max_size=12),
)
groups = st.one_of(st.none(), st.integers(-(2**31), 2**31), texts)


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Any]:
    answer: dict[str, Any] = {"source": draw(domains), "text": draw(texts)}
    for key, strategy in (("url", urls), ("context", texts), ("group", groups)):
        if draw(st.booleans()):
            answer[key] = draw(strategy)
    return answer


@st.composite
def article_dicts(draw: st.DrawFn, max_paragraphs: int = 5, max_panels: int = 4) -> dict[str, Any]:
    paragraphs = draw(
        st.lists(
            st.one_of(
                texts, st.builds(lambda t, k: {"text": t, "kind": k}, texts, st.sampled_from(["text", "heading"]))
            ),
            max_size=max_paragraphs,
        )
    )
    panels = []
    for i in range(draw(st.integers(0, max_panels))):
        panel: dict[str, Any] = {
            "question": draw(texts),
            "after": draw(st.integers(0, len(paragraphs))),
            "answers": draw(st.lists(answers(), max_size=4)),
        }
        if draw(st.booleans()):
            panel["id"] = f"id{i}" + draw(st.from_regex(r"[A-Za-z0-9_.:-]{0,8}", fullmatch=True))
        panels.append(panel)
    data: dict[str, Any] = {"title": draw(texts), "paragraphs": paragraphs, "panels": panels}
    for key, strategy in (("story", texts), ("source", domains), ("author", texts), ("url", urls)):
        if draw(st.booleans()):
            data[key] = draw(strategy)
    return data


# -- strategies: mutations -----------------------------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=2**63 - 2, max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
        st.sampled_from(["", " ", "apnews.com", "javascript:alert(1)", "https://x.com/", "More Context", "q1"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)
FIELD_NAMES = ["title", "text", "kind", "question", "after", "answers", "id", "source", "url", "context", "group"]


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path below the root."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*prefix, index)
            yield from paths(value, (*prefix, index))


def path_text(keys: tuple[Any, ...]) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def node_at(data: Any, keys: tuple[Any, ...]) -> Any:
    node = data
    for key in keys:
        node = node[key]
    return node


def parent_of(data: Any, keys: tuple[Any, ...]) -> Any:
    return node_at(data, keys[:-1])


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[Any]) -> Any:
    """A valid document with one to three random edits."""
    data = copy.deepcopy(draw(base))
    for _ in range(draw(st.integers(1, 3))):
        everywhere = list(paths(data))
        op = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if not everywhere or op == "add":
            targets = [(), *(p for p in everywhere if isinstance(node_at(data, p), (dict, list)))]
            node = node_at(data, draw(st.sampled_from(targets)))
            if isinstance(node, list):
                node.insert(draw(st.integers(0, len(node))), draw(json_values))
            elif isinstance(node, dict):
                node[draw(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=6)))] = draw(json_values)
            continue
        keys = draw(st.sampled_from(everywhere))
        parent = parent_of(data, keys)
        if op == "replace":
            parent[keys[-1]] = draw(json_values)
        elif op == "delete":
            del parent[keys[-1]]
        elif isinstance(parent, list):
            parent.insert(keys[-1], copy.deepcopy(parent[keys[-1]]))
    return data


# -- Article.from_dict ---------------------------------------------------------------------


@fuzz(300)
@given(article_dicts())
def test_from_dict_accepts_valid_articles_and_round_trips(data: dict[str, Any]) -> None:
    EXAMPLES["from_dict valid"] += 1
    article = Article.from_dict(data)
    assert Article.from_dict(article.to_dict()) == article
    assert Article.from_json(article.to_json()) == article
    assert article.title == data["title"]
    assert len(article.panels) == len(data["panels"])
    assert len(set(article.panel_ids)) == len(article.panels)


@fuzz(500)
@given(mutated(article_dicts()))
def test_from_dict_mutated_raises_only_validation_errors(data: Any) -> None:
    EXAMPLES["from_dict mutated"] += 1
    result = outcome(lambda: Article.from_dict(data))
    if isinstance(result, Article):
        assert Article.from_dict(result.to_dict()) == result


@fuzz(250)
@given(article_dicts(), st.data())
def test_from_dict_error_names_the_broken_field(data: dict[str, Any], draw: st.DataObject) -> None:
    """A node replaced by a value no field accepts: the error's path is that node or inside it."""
    EXAMPLES["from_dict broken field"] += 1
    keys = draw.draw(st.sampled_from(list(paths(data))))
    parent_of(data, keys)[keys[-1]] = [[None]]
    with pytest.raises(ValidationError) as info:
        Article.from_dict(data)
    check_error(info.value)
    broken = path_text(keys)
    assert info.value.path == broken or info.value.path.startswith((f"{broken}.", f"{broken}[")), (
        broken,
        str(info.value),
    )


@fuzz(300)
@given(json_values)
def test_from_dict_noise(value: Any) -> None:
    EXAMPLES["from_dict noise"] += 1
    outcome(lambda: Article.from_dict(value))


# -- Article.from_json ---------------------------------------------------------------------


@st.composite
def mutated_text(draw: st.DrawFn, text: str, alphabet: str) -> str:
    """``text`` with one to three character-level edits."""
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["delete", "insert", "truncate", "duplicate", "replace"]))
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 12)))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.text(st.sampled_from(alphabet), min_size=1, max_size=4)) + text[i:]
        elif op == "truncate":
            text = text[:i]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i] + draw(st.sampled_from(alphabet)) + text[i + 1 :]
    return text


JSON_ALPHABET = '{}[]",:0123456789-.eEtruefalsnl \n\\/\u00e9\U0001f600<>abc'


@st.composite
def json_texts(draw: st.DrawFn) -> str:
    data = draw(article_dicts(max_paragraphs=3, max_panels=2))
    text = json.dumps(data, indent=draw(st.sampled_from([None, 1, 2])), ensure_ascii=draw(st.booleans()))
    return draw(mutated_text(text, JSON_ALPHABET))


@fuzz(500)
@given(json_texts())
def test_from_json_mutated_text(text: str) -> None:
    EXAMPLES["from_json mutated"] += 1
    outcome(lambda: Article.from_json(text), lines=text.count("\n") + 1)
    outcome(lambda: Article.from_json(text.encode("utf-8")), lines=text.count("\n") + 1)


@fuzz(200)
@given(st.one_of(st.text(max_size=60), st.text(st.sampled_from(JSON_ALPHABET), max_size=60)))
def test_from_json_noise(text: str) -> None:
    EXAMPLES["from_json noise"] += 1
    outcome(lambda: Article.from_json(text), lines=text.count("\n") + 1)


@pytest.mark.parametrize(
    "text", ["", "  \n", '{"title": "t",\n "paragraphs": [\n', '{"title": "t"', '{"title": "\\ud800"}']
)
def test_truncated_json_names_a_line(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        Article.from_json(text)
    assert info.value.line is not None, str(info.value)


def test_from_json_invalid_utf8_bytes_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as info:
        Article.from_json(b'{"title": "caf\xe9"}')
    assert info.value.line == 1


def test_deeply_nested_json_is_a_validation_error() -> None:
    text = '{"title": "t", "panels": ' + "[" * 5000 + "]" * 5000 + "}"
    with pytest.raises(ValidationError) as info:
        Article.from_json(text)
    check_error(info.value, lines=1)


# -- parse_assembly ------------------------------------------------------------------------

# Assembly lines are stripped single lines: words of non-space characters joined by spaces.
line_words = st.text(st.characters(exclude_categories=("C", "Z")), min_size=1, max_size=8)
line_text = st.lists(line_words, min_size=1, max_size=6).map(" ".join)


@st.composite
def assembly_articles(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """Assembly page text and what it should parse to (prefixes keep lines in their role)."""
    story = "S " + draw(line_text).replace("Assembly", "A")
    title = "T " + draw(line_text)
    source = draw(domains)
    author = draw(st.one_of(st.just("None"), line_text.map(lambda t: "A " + t.replace(" - ", " "))))
    paragraphs = draw(st.lists(line_text.map(lambda t: "P " + t), max_size=5))
    panels = []
    for _ in range(draw(st.integers(0, 3))):
        panels.append(
            {
                "question": "Q " + draw(line_text),
                "after": draw(st.integers(0, len(paragraphs))),
                "answers": [{"source": draw(domains), "text": draw(line_text)} for _ in range(draw(st.integers(0, 3)))],
            }
        )
    panels.sort(key=lambda p: p["after"])
    lines = [f"{story} - Assembly - Salesforce Research", title, f"{source} - {author} - Read On Original Website"]
    for i in range(len(paragraphs) + 1):
        for panel in (p for p in panels if p["after"] == i):
            lines += ["More Context", f"keyboard_arrow_down keyboard_arrow_right {panel['question']}"]
            lines += [f"{a['source']} {a['text']}" for a in panel["answers"]]
        if i < len(paragraphs):
            lines.append(paragraphs[i])
    sep = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    expected = {
        "story": story,
        "title": title,
        "source": source,
        "author": None if author == "None" else author,
        "paragraphs": paragraphs,
        "panels": panels,
    }
    return sep.join(lines) + draw(st.sampled_from(["", "\n"])), expected


@fuzz(300)
@given(assembly_articles())
def test_parse_assembly_reads_what_was_written(case: tuple[str, dict[str, Any]]) -> None:
    EXAMPLES["parse_assembly valid"] += 1
    text, expected = case
    article = parse_assembly(text)
    assert (article.story, article.title, article.source, article.author) == (
        expected["story"],
        expected["title"],
        expected["source"],
        expected["author"],
    )
    assert [p.text for p in article.paragraphs] == expected["paragraphs"]
    got = [
        {"question": p.question, "after": p.after, "answers": [{"source": a.source, "text": a.text} for a in p.answers]}
        for p in article.panels
    ]
    assert got == expected["panels"]


TRICKY_LINES = [
    "More Context",
    "keyboard_arrow_down keyboard_arrow_right",
    "keyboard_arrow_down keyboard_arrow_right Why?",
    "apnews.com An answer",
    "Not.A.Domain answer",
    "x - Assembly - Salesforce Research",
    "example.com - None - Read On Original Website",
    "\ufeff",
    "   ",
    "\u2028",
    "a" * 64 + ".com an answer whose domain has a label over 63 characters",
]


@st.composite
def mutated_assembly(draw: st.DrawFn) -> str:
    text, _ = draw(assembly_articles())
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "chars"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "delete" and lines:
            del lines[i]
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif op == "swap" and lines:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.one_of(st.sampled_from(TRICKY_LINES), st.text(max_size=20))))
        elif lines:
            lines[i] = draw(mutated_text(lines[i], "abc .-:\u00e9\n\r\t\x00\u2028"))
    return "\n".join(lines)


@fuzz(400)
@given(mutated_assembly())
def test_parse_assembly_mutated_names_a_line(text: str) -> None:
    EXAMPLES["parse_assembly mutated"] += 1
    result = outcome(lambda: parse_assembly(text), lines=len(text.splitlines()))
    if isinstance(result, ValidationError):
        assert result.line is not None, str(result)


@fuzz(200)
@given(st.text(max_size=200))
def test_parse_assembly_noise(text: str) -> None:
    EXAMPLES["parse_assembly noise"] += 1
    result = outcome(lambda: parse_assembly(text), lines=len(text.splitlines()))
    if isinstance(result, ValidationError):
        assert result.line is not None, str(result)


ASSEMBLY_HEAD = "S - Assembly - Salesforce Research\nT\nexample.com - None - Read On Original Website\nP.\n"


@pytest.mark.parametrize(
    "source",
    ["a" * 64 + ".com", ".".join(["a" * 60] * 5) + ".com"],
    ids=["label-64", "domain-over-253"],
)
def test_parse_assembly_overlong_answer_domain_names_its_line(source: str) -> None:
    text = ASSEMBLY_HEAD + f"More Context\nkeyboard_arrow_down keyboard_arrow_right Why?\n{source} an answer\n"
    result = outcome(lambda: parse_assembly(text), lines=7)
    if isinstance(result, ValidationError):
        assert result.line == 7, str(result)
    else:  # or the line is not an answer at all and stays a paragraph
        assert result.panels[0].answers == ()


# -- load ----------------------------------------------------------------------------------

_FILES = Path(tempfile.mkdtemp(prefix="ctxwidget-fuzz-"))


@st.composite
def file_contents(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from([".json", ".txt", ".JSON"]))
    kind = draw(st.sampled_from(["json", "assembly", "bytes", "encoded"]))
    if kind == "json":
        data = draw(st.one_of(json_texts(), article_dicts(max_panels=2).map(json.dumps)))
        raw = data.encode("utf-8")
    elif kind == "assembly":
        raw = draw(st.one_of(mutated_assembly(), assembly_articles().map(lambda c: c[0]))).encode("utf-8")
    elif kind == "bytes":
        raw = draw(st.binary(max_size=200))
    else:
        text, _ = draw(assembly_articles())
        raw = text.encode(draw(st.sampled_from(["utf-16", "latin-1", "utf-8-sig", "cp1252"])), errors="replace")
    return suffix, raw


@fuzz(300)
@given(file_contents())
def test_load_files(case: tuple[str, bytes]) -> None:
    EXAMPLES["load"] += 1
    suffix, raw = case
    target = _FILES / f"article{suffix}"
    target.write_bytes(raw)
    lines = raw.count(b"\n") + 1
    result = outcome(lambda: load(target), lines=lines)
    if isinstance(result, Article):
        page = to_html(result)
        assert page.count("</script>") == 3


# -- adapters ------------------------------------------------------------------------------

DATA = Path(__file__).resolve().parents[1] / "examples" / "data"


def _adapter(name: str) -> Callable[..., Article]:
    function = getattr(adapters, name, None)
    if function is None:
        pytest.skip(f"ctxwidget.adapters.{name} does not exist yet")
    return function  # type: ignore[no-any-return]


@st.composite
def frames(draw: st.DrawFn) -> tuple[Article, Any, bool]:
    """An article, its answers frame, and whether the frame was then damaged."""
    pandas = pytest.importorskip("pandas")
    article = Article.from_dict(draw(article_dicts(max_panels=3)))
    frame = adapters.answers_frame(article)
    if draw(st.booleans()):
        return article, frame, False
    rows = frame.to_dict("records")
    if rows:
        row = draw(st.sampled_from(rows))
        column = draw(st.sampled_from(list(frame.columns)))
        row[column] = draw(st.one_of(json_values, st.just(float("nan"))))
    if draw(st.booleans()) and rows:
        rows.append(dict(draw(st.sampled_from(rows))))
    damaged = pandas.DataFrame(rows, columns=list(frame.columns))
    if draw(st.booleans()):
        damaged = damaged.drop(columns=[draw(st.sampled_from(list(frame.columns)))])
    return article, damaged, True


@fuzz(100)
@given(frames())
def test_from_frame(case: tuple[Article, Any, bool]) -> None:
    EXAMPLES["from_frame"] += 1
    from_frame = _adapter("from_frame")
    article, frame, damaged = case
    fields = {k: getattr(article, k) for k in ("story", "source", "author", "url") if getattr(article, k) is not None}
    result = outcome(lambda: from_frame(frame, title=article.title, paragraphs=article.paragraphs, **fields))
    if not damaged:  # an undamaged frame comes back as the article it was made from
        assert result == article


@functools.cache
def _nanco_sample() -> list[dict[str, Any]]:
    data = json.loads((DATA / "nanco_dataset.json").read_text("utf-8"))
    sample = []
    for question in data[:3]:
        question = dict(question)
        question["answers"] = question["answers"][:4]
        sample.append(question)
    return sample


@fuzz(250)
@given(st.data())
def test_from_nanco_mutated(draw: st.DataObject) -> None:
    EXAMPLES["from_nanco"] += 1
    from_nanco = _adapter("from_nanco")
    data = draw.draw(mutated(st.just(copy.deepcopy(_nanco_sample()))))
    outcome(lambda: from_nanco(data))


@functools.cache
def _discord_sample() -> tuple[list[dict[str, Any]], list[dict[str, Any]], Any]:
    documents = json.loads((DATA / "documents_recession.json").read_text("utf-8"))
    questions = json.loads((DATA / "recession_questions.json").read_text("utf-8"))
    anchor = questions[0]["doc_id"]
    wanted = {anchor} | {a["doc_id"] for q in questions[:3] for a in q["answers"][:4]}
    docs = [d for d in documents if d.get("id") in wanted]
    small = [dict(q, answers=q["answers"][:4]) for q in questions[:3]]
    return docs, small, anchor


@fuzz(250)
@given(st.data())
def test_from_discord_questions_mutated(draw: st.DataObject) -> None:
    EXAMPLES["from_discord_questions"] += 1
    from_discord_questions = _adapter("from_discord_questions")
    docs, questions, anchor = copy.deepcopy(_discord_sample())
    which = draw.draw(st.sampled_from(["documents", "questions", "both"]))
    if which in ("documents", "both"):
        docs = draw.draw(mutated(st.just(docs)))
    if which in ("questions", "both"):
        questions = draw.draw(mutated(st.just(questions)))
    outcome(lambda: from_discord_questions(docs, questions, anchor))
