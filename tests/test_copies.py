"""find_copies: syndicated copies among a story's documents, counted once."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

pytest.importorskip("datasketch", reason="the copies extra: pip install 'ctxwidget[copies]'")

from ctxwidget.errors import ValidationError
from ctxwidget.pipeline import CopyGroup, Document, copy_of, find_copies
from ctxwidget.pipeline.copies import DEFAULT_THRESHOLD, containment, normalise, shingles
from research.copies.variants import VARIANTS, paragraphs, real_documents, synthetic_story

OCREGISTER, VIGOURTIMES = "62e47d216134dc31786dd5ed", "62e4997d6134dc31786dd866"
KESQ, ERIENEWSNOW = "62e355db6134dc31786db834", "62e355c66134dc31786db82c"
CNN, HUFFPOST, NYMAG = "62e355dd6134dc31786db835", "62e47d0f6134dc31786dd5e9", "62e355bb6134dc31786db827"
# Same headline ("How to Cope With Rising Rates and Inflation"), text written separately.
GLOBALONLINEMONY, NYTIMES = "62e47d0c6134dc31786dd5e8", "62e47d256134dc31786dd5ee"

REAL_GROUPS = [
    CopyGroup(KESQ, (ERIENEWSNOW,), "kesq.com", ("erienewsnow.com",), 1.0),
    CopyGroup(OCREGISTER, (VIGOURTIMES,), "ocregister.com", ("vigourtimes.com",), 0.988304),
]


@pytest.fixture(scope="module")
def documents() -> list[dict[str, Any]]:
    return real_documents()


def by_id(documents: list[dict[str, Any]], doc_id: str) -> dict[str, Any]:
    return next(d for d in documents if d["id"] == doc_id)


@pytest.mark.parametrize("method", ["lsh", "exact"])
def test_the_real_story_has_exactly_its_two_copy_pairs(documents: list[dict[str, Any]], method: Any) -> None:
    groups = find_copies(documents, method=method)
    assert [(g.ids, g.original, g.copies) for g in groups] == [(g.ids, g.original, g.copies) for g in REAL_GROUPS]
    assert [g.original_domain for g in groups] == ["kesq.com", "ocregister.com"]
    assert [g.copy_domains for g in groups] == [("erienewsnow.com",), ("vigourtimes.com",)]
    assert groups[0].score == 1.0
    assert 0.98 < groups[1].score < 0.99


def test_copy_of_maps_each_copy_to_the_outlet_it_copies(documents: list[dict[str, Any]]) -> None:
    assert copy_of(documents) == {ERIENEWSNOW: "kesq.com", VIGOURTIMES: "ocregister.com"}
    assert copy_of(documents, threshold=0.999) == {ERIENEWSNOW: "kesq.com"}


def test_documents_records_work_as_well_as_dicts(documents: list[dict[str, Any]]) -> None:
    records = [
        Document(id=d["id"], domain=d["domain"], paragraphs=tuple(d["content"].split("\n\n"))) for d in documents
    ]
    assert [g.ids for g in find_copies(records)] == [g.ids for g in REAL_GROUPS]


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("source", [CNN, OCREGISTER, HUFFPOST])
def test_a_copy_made_each_way_is_found(documents: list[dict[str, Any]], variant: str, source: str) -> None:
    original = by_id(documents, source)
    copy = {"id": "copy", "domain": "reprints.example", "content": VARIANTS[variant](paragraphs(original))}
    groups = find_copies([*documents, copy])
    mine = [g for g in groups if "copy" in g.ids]
    assert len(mine) == 1
    expected = {source, "copy"} | ({VIGOURTIMES} if source == OCREGISTER else set())
    assert set(mine[0].ids) == expected
    assert [g.ids for g in groups if "copy" not in g.ids] == [
        g.ids for g in REAL_GROUPS if source not in g.ids
    ]  # nothing else changes


def test_the_earlier_publication_is_the_original_when_dates_are_given(documents: list[dict[str, Any]]) -> None:
    original = by_id(documents, CNN)
    wrapped = {
        "id": "wrapped",
        "domain": "reprints.example",
        "content": VARIANTS["boilerplate before and after"](paragraphs(original)),
    }
    story = [original, wrapped]
    # No dates: the longer document (the wrapper, with its boilerplate) is taken as the original.
    assert find_copies(story)[0].original == "wrapped"
    dated = find_copies(story, dates={CNN: "2022-07-28", "wrapped": "2022-07-29T08:00:00Z"})
    assert (dated[0].original, dated[0].copies, dated[0].original_domain) == (CNN, ("wrapped",), "cnn.com")
    # A member with a date ranks before one without.
    assert find_copies(story, dates={CNN: "2022-07-30"})[0].original == CNN


def test_separately_written_articles_on_the_same_event_are_not_copies(documents: list[dict[str, Any]]) -> None:
    for a, b in [(GLOBALONLINEMONY, NYTIMES), (ERIENEWSNOW, CNN), (HUFFPOST, NYMAG), (KESQ, CNN)]:
        pair = [by_id(documents, a), by_id(documents, b)]
        assert find_copies(pair) == []
        assert find_copies(pair, method="exact") == []
        assert containment(shingles(pair[0]["content"]), shingles(pair[1]["content"])) < DEFAULT_THRESHOLD


def test_one_outlet_reprinting_two_articles_in_its_frame_does_not_make_them_copies(
    documents: list[dict[str, Any]],
) -> None:
    frame = VARIANTS["boilerplate before and after"]
    story = [
        {"id": i, "domain": "reprints.example", "content": frame(paragraphs(by_id(documents, source))[:3])}
        for i, source in enumerate((HUFFPOST, NYMAG))
    ]
    assert find_copies(story) == []
    # The same two pages from two outlets: the shared frame is most of the shorter page.
    story[1] = {**story[1], "domain": "other.example"}
    assert [g.ids for g in find_copies(story)] == [(0, 1)]


def test_short_pages_are_never_copies_unless_asked() -> None:
    stub = "Subscribe to read the full story on inflation and the Fed."
    docs = [{"id": i, "domain": f"o{i}.example", "content": stub} for i in (1, 2)]
    assert find_copies(docs) == []
    assert [g.ids for g in find_copies(docs, min_shingles=1)] == [(1, 2)]


def test_copies_of_copies_form_one_group_in_a_deterministic_order(documents: list[dict[str, Any]]) -> None:
    text = paragraphs(by_id(documents, HUFFPOST))
    chain = [
        {"id": "b", "domain": "b.example", "content": "\n\n".join(text)},
        {"id": 7, "domain": "c.example", "content": VARIANTS["a sentence edited"](text)},
        {"id": "a", "domain": "a.example", "content": VARIANTS["a paragraph dropped"](text)},
        {"id": 3, "domain": "d.example", "content": "\n\n".join(paragraphs(by_id(documents, CNN)))},
        {"id": "z", "domain": "e.example", "content": "\n\n".join(paragraphs(by_id(documents, CNN))[:-2])},
    ]
    for order in (chain, chain[::-1]):
        groups = find_copies(order)
        assert [g.ids for g in groups] == [(3, "z"), (7, "a", "b")]  # ints before strings, groups by first id
        assert [g.original for g in groups] == [3, "b"]  # the longest member
        assert groups[1].copies == (7, "a")


def test_lsh_finds_what_all_pairs_finds_on_a_synthetic_story() -> None:
    docs, planted = synthetic_story(300, seed=3, copy_share=0.1)
    lsh = find_copies(docs)
    assert lsh == find_copies(docs, method="exact")
    found = {frozenset(g.ids) for g in lsh}
    assert found == planted


def test_normalise_ignores_style_case_and_paragraphs() -> None:
    plain = normalise('The Fed\'s "soft landing" - unlikely, said Powell.\n\nFinance fell.')
    styled = normalise("THE FED’S “SOFT LANDING” — UNLIKELY, said\u00a0Powell. \ufb01nance fell.")
    assert plain == styled == ["the", "fed's", "soft", "landing", "unlikely", "said", "powell", "finance", "fell"]


def test_shingle_hashes_are_the_same_in_every_process() -> None:
    code = "from ctxwidget.pipeline.copies import shingles; print(shingles('one two three four five six').tolist())"
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
    assert len(json.loads(runs.pop())) == 2
    assert len(shingles("one two three four")) == 0


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"threshold": 0}, "threshold"),
        ({"threshold": 1.5}, "threshold"),
        ({"threshold": "0.5"}, "threshold"),
        ({"threshold": float("nan")}, "threshold"),
        ({"min_shingles": 0}, "min_shingles"),
        ({"min_shingles": True}, "min_shingles"),
        ({"num_perm": 8}, "num_perm"),
        ({"method": "fast"}, "method"),
        ({"dates": ["2022-07-01"]}, "dates"),
        ({"dates": {"nope": "2022-07-01"}}, "dates"),
        ({"dates": {1: "July 1st"}}, "dates[1]"),
        ({"dates": {1: 20220701}}, "dates[1]"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs: dict[str, Any], path: str) -> None:
    docs = [{"id": 1, "domain": "a.example", "content": "some text here"}]
    with pytest.raises(ValidationError) as caught:
        find_copies(docs, **kwargs)
    assert caught.value.path == path


def test_bad_documents_name_the_field() -> None:
    with pytest.raises(ValidationError, match=r"^documents\[1\]\.domain"):
        find_copies([{"id": 1, "domain": "a.example", "content": "x"}, {"id": 2, "content": "y"}])
    with pytest.raises(ValidationError, match=r"^documents\[1\]\.id"):
        find_copies(
            [{"id": 1, "domain": "a.example", "content": "x"}, {"id": 1, "domain": "b.example", "content": "y"}]
        )
