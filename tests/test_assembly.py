"""The Assembly page-text reader, on the seed and on hand-made pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctxwidget import ValidationError, load, parse_assembly
from ctxwidget.examples import nato_ukraine, nato_ukraine_text

from .conftest import SEED

HEADER = "Story - Assembly - Salesforce Research\nHeadline here\nexample.com - Jane Doe - Read On Original Website\n"


def test_seed_structure() -> None:
    article = parse_assembly(SEED.read_text("utf-8"))
    assert article.story == "NATO-Ukraine Relations"
    assert article.title == "Stoltenberg tells Biden of Ukraine 'progress' in battlefield"
    assert article.source == "dw.com"
    assert article.author is None
    assert len(article.paragraphs) == 33
    headings = [p.text for p in article.paragraphs if p.kind == "heading"]
    assert headings == [
        "Blinken: Vilnius summit will 'reaffirm commitment to defend every inch of NATO territory'",
        "Heavy fighting in Ukraine: Kyiv reports gains, Putin says at high cost",
    ]
    assert [p.after for p in article.panels] == [1, 4, 18, 24]
    assert [len(p.answers) for p in article.panels] == [0, 8, 8, 2]
    assert article.panel_ids == ["q1", "q2", "q3", "q4"]
    summit = article.panels[2]
    assert summit.question == "When and where will the next NATO summit take place?"
    assert (summit.answers[5].source, summit.answers[5].text) == ("apnews.com", "July 11 and 12")
    assert article.paragraphs[0].text.startswith("NATO Secretary-General Jens Stoltenberg told")
    assert article.paragraphs[-1].text.startswith("Putin also said")


def test_packaged_example_is_the_seed() -> None:
    assert nato_ukraine_text() == SEED.read_text("utf-8")
    assert nato_ukraine() == load(SEED)


def test_answer_lines_need_a_lowercase_domain() -> None:
    text = HEADER + (
        "Intro.\nMore Context\nkeyboard_arrow_down keyboard_arrow_right Who?\n"
        "bbc.co.uk the BBC\nnews.yahoo.com Yahoo says\n"
        "U.S. officials said this is a paragraph.\nMore Context\nkeyboard_arrow_down keyboard_arrow_right Why?\n"
    )
    article = parse_assembly(text)
    assert [(a.source, a.text) for a in article.panels[0].answers] == [
        ("bbc.co.uk", "the BBC"),
        ("news.yahoo.com", "Yahoo says"),
    ]
    assert article.paragraphs[1].text == "U.S. officials said this is a paragraph."
    assert [p.after for p in article.panels] == [1, 2]
    assert article.panels[1].answers == ()
    assert article.author == "Jane Doe"


def test_panel_before_first_paragraph_blank_lines_and_crlf() -> None:
    text = HEADER + "\nMore Context\nkeyboard_arrow_down keyboard_arrow_right First?\nap.org yes\n\nBody text.\n"
    article = parse_assembly(text.replace("\n", "\r\n"))
    assert article.panels[0].after == 0
    assert [p.text for p in article.paragraphs] == ["Body text."]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "starts with three lines"),
        ("Just a line\nanother\nthird\n", 1, "Assembly - Salesforce Research"),
        ("S - Assembly - Salesforce Research\nTitle\nno byline here\n", 3, "Read On Original Website"),
        ("S - Assembly - Salesforce Research\nTitle\nNot A Domain - x - Read On Original Website\n", 3, "domain"),
        (HEADER + "Para.\nMore Context\n", 5, "followed by a question line"),
        (HEADER + "Para.\nMore Context\nA question without icons?\n", 6, "keyboard_arrow_down"),
        (HEADER + "More Context\nkeyboard_arrow_down keyboard_arrow_right \n", 5, "question line"),
    ],
)
def test_bad_pages_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_assembly(text)
    assert info.value.line == line, str(info.value)
    assert str(info.value).startswith(f"line {line}: ")
    assert words in str(info.value)


def test_load_dispatches_on_suffix(tmp_path: Path, seed) -> None:  # type: ignore[no-untyped-def]
    as_json = tmp_path / "a.json"
    as_json.write_text(seed.to_json(), "utf-8")
    assert load(as_json) == seed
    other = tmp_path / "a.csv"
    other.write_text("x", "utf-8")
    with pytest.raises(ValidationError, match=r"unknown file type '\.csv'"):
        load(other)
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(ValidationError, match="binary"):
        load(binary)
    latin = tmp_path / "c.txt"
    latin.write_bytes(HEADER.encode() + "caf\xe9\n".encode("latin-1"))
    with pytest.raises(ValidationError, match="not UTF-8") as info:
        load(latin)
    assert info.value.line == 4
