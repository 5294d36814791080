"""Widget traits for exploring coverage: filter, view, labels and annotations."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from ctxwidget import Article, ContextWidget, ValidationError, to_html

LABELS = ("correct", "incorrect", "unsure")


def test_defaults(seed: Article) -> None:
    w = ContextWidget(seed)
    assert (w.view, w.source_filter, w.labels, w.annotations) == ("article", [], [], {})


def test_source_filter_and_view(seed: Article) -> None:
    w = ContextWidget(seed, source_filter=["apnews.com"], view="grid")
    assert w.source_filter == ["apnews.com"]
    w.source_filter = ["politico.eu", "apnews.com", "politico.eu"]
    assert w.source_filter == ["politico.eu", "apnews.com"]
    w.view = "article"
    assert "view=" not in repr(w)


def test_annotations_from_python(seed: Article) -> None:
    w = ContextWidget(seed, labels=LABELS)
    w.annotate("q3", 5, "correct")
    w.annotate("q2", 0, "unsure")
    assert w.annotations == {"q3/5": "correct", "q2/0": "unsure"}
    frame = w.annotations_frame()
    assert list(frame.columns) == ["panel_id", "question", "answer_index", "source", "answer", "label"]
    assert frame.to_dict("records")[1] == {
        "panel_id": "q3",
        "question": "When and where will the next NATO summit take place?",
        "answer_index": 5,
        "source": "apnews.com",
        "answer": "July 11 and 12",
        "label": "correct",
    }
    w.annotate("q3", 5, None)
    assert w.annotations == {"q2/0": "unsure"}


@pytest.mark.parametrize(
    ("trait", "value", "message"),
    [
        ("source_filter", ["reuters.com"], r"^source_filter\[0\]: 'reuters.com' answered no question"),
        ("source_filter", "apnews.com", r"^source_filter: expected a list of source domains"),
        ("view", "table", r"^view: 'table' is not a view; use 'article', 'grid' or 'outlets'"),
        ("labels", ["a", "a"], r"^labels\[1\]: 'a' is listed twice"),
        ("labels", [""], r"^labels\[0\]: expected a non-empty label"),
        ("annotations", {"q3/5": "maybe"}, r"^annotations\['q3/5'\]: 'maybe' is not one of the labels"),
        ("annotations", {"q3/99": "correct"}, r"^annotations\['q3/99'\]: panel 'q3' has 8 answers"),
        ("annotations", {"q3-5": "correct"}, r"^annotations\['q3-5'\]: 'q3-5' is not an answer key"),
        ("annotations", {"q3/05": "correct"}, r"^annotations\['q3/05'\]"),
        ("annotations", [], r"^annotations: expected a dict"),
    ],
)
def test_invalid_values_change_nothing(seed: Article, trait: str, value: Any, message: str) -> None:
    w = ContextWidget(seed, labels=LABELS, annotations={"q2/1": "correct"}, source_filter=["dw.com"], view="grid")
    before = w.ui.to_dict()
    with pytest.raises(ValidationError, match=message):
        setattr(w, trait, value)
    assert w.ui.to_dict() == before


def test_annotations_need_labels(seed: Article) -> None:
    with pytest.raises(ValidationError, match=r"^annotations\['q2/0'\]: the widget has no labels"):
        ContextWidget(seed, annotations={"q2/0": "x"})


def test_new_labels_and_article_keep_what_still_applies(seed: Article, caplog: pytest.LogCaptureFixture) -> None:
    w = ContextWidget(seed, labels=LABELS, annotations={"q2/1": "correct", "q3/0": "unsure"}, source_filter=["dw.com"])
    with caplog.at_level(logging.WARNING, logger="ctxwidget"):
        w.labels = ["correct", "incorrect"]
    assert w.annotations == {"q2/1": "correct"}
    assert "drop 1 annotation" in caplog.text
    smaller = seed.to_dict()
    smaller["panels"] = smaller["panels"][:2]
    smaller["panels"][1]["answers"] = smaller["panels"][1]["answers"][:1]
    w.article = smaller
    assert w.annotations == {}
    assert w.source_filter == []


def test_front_end_annotation_updates(seed: Article) -> None:
    w = ContextWidget(seed, labels=LABELS)
    resent: list[Any] = []
    w.send_state = lambda key=None: resent.append(key)  # type: ignore[method-assign]
    w.set_state({"annotations": {"q3/5": "correct"}})
    assert w.annotations == {"q3/5": "correct"}
    w.set_state({"annotations": {"q3/5": "nonsense"}, "view": "grid"})
    assert w.annotations == {"q3/5": "correct"}
    assert w.view == "article"
    assert resent


def test_export_carries_the_whole_state(seed: Article) -> None:
    w = ContextWidget(seed, labels=LABELS, annotations={"q3/5": "correct"}, view="grid", source_filter=["apnews.com"])
    page = w.to_html()
    assert '"annotations":{"q3/5":"correct"}' in page
    assert '"view":"grid"' in page
    with pytest.raises(ValidationError, match="not a view"):
        to_html(seed, view="cards")
