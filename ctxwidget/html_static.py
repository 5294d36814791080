"""A script-free HTML rendering of an article: what shows where no JavaScript runs.

It is the ``text/html`` of :class:`~ctxwidget.model.Article` and of
:class:`~ctxwidget.widget.ContextWidget` (nbconvert's HTML, GitHub, nbviewer, VS Code
without a kernel, Quarto, Sphinx), and :func:`static_html` for anyone who wants the
fragment. The header, the paragraphs and every panel as
``<details><summary>question</summary>...</details>`` with its answers grouped and each
outlet named. There is no script, no stylesheet, no image and no other external
resource; the few inline styles only add spacing and colour, so the fragment reads the
same as plain structure when a sanitizer strips ``style`` and ``class`` (GitHub does).

Every value goes through :func:`html.escape` in :func:`_text` or :func:`_attr`, the only
two ways data reaches the markup, so a value cannot open or close an element.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .model import Answer, Article, Panel, Paragraph
from .rules import independent_count, source_count

__all__ = ["COMPACT_ABOVE", "static_html"]

#: Above this many bytes of full HTML, the fallback lists the questions with their answer
#: counts only (the MIME payload and the widget still carry every answer).
COMPACT_ABOVE = 500_000

_ROOT_STYLE = (
    "max-width:52rem;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;"
    "border:1px solid rgba(128,128,128,.35);border-radius:6px;padding:.75rem 1rem"
)
_PANEL_STYLE = "margin:.5rem 0;padding:.25rem .5rem;border-left:3px solid rgba(70,120,200,.7)"
_MUTED_STYLE = "opacity:.75"


def _text(value: object) -> str:
    """``value`` as HTML text: ``&``, ``<``, ``>`` and both quotes escaped, NUL written as U+FFFD
    (what an HTML parser would make of it anyway)."""
    return html.escape(str(value), quote=True).replace("\x00", "\ufffd")


def _attr(name: str, value: object) -> str:
    """One attribute, its value escaped (``name`` is always a literal of this module)."""
    return f' {name}="{_text(value)}"'


def _element(tag: str, content: str, attrs: Mapping[str, object | None] | None = None) -> str:
    """``<tag attrs>content</tag>``; ``content`` is markup built by this module, attributes are
    escaped here, ``None`` values left out."""
    rendered = "".join(_attr(k, v) for k, v in (attrs or {}).items() if v is not None)
    return f"<{tag}{rendered}>{content}</{tag}>"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _header(article: Article) -> str:
    parts = []
    if article.story:
        parts.append(_element("p", _element("small", _text(article.story)), {"style": _MUTED_STYLE}))
    parts.append(_element("h2", _text(article.title), {"style": "margin:.25rem 0"}))
    byline = [_text(v) for v in (article.source, article.author) if v]
    if article.url:  # the model accepts only http(s) URLs
        link_attrs = {"href": article.url, "rel": "noopener noreferrer", "target": "_blank"}
        byline.append(_element("a", "Read On Original Website", link_attrs))
    if byline:
        parts.append(_element("p", " · ".join(byline), {"style": _MUTED_STYLE}))
    return _element("div", "".join(parts))


def _outlet(answer: Answer) -> str:
    name = _element("b", _text(answer.source))
    if answer.url:
        return _element("a", name, {"href": answer.url, "rel": "noopener noreferrer", "target": "_blank"})
    return name


def _answer(panel: Panel, index: int, annotations: Mapping[str, str]) -> str:
    answer = panel.answers[index]
    label = annotations.get(f"{panel.id}/{index}")
    marked = f" [{_text(label)}]" if label is not None else ""
    copy = f", copy of {_text(answer.copy_of)}" if answer.copy_of else ""
    return _element("li", f"{_outlet(answer)}{copy}: {_text(answer.text)}{marked}")


def _sources_of(answers: Sequence[Answer]) -> str:
    """Distinct outlets, and independent ones: "5 sources", or "5 sources · 3 independent" with
    copies among them (the widget's words, ``sourcesText`` in js/src/components/voices.ts)."""
    sources, independent = source_count(answers), independent_count(answers)
    text = _plural(sources, "source")
    return text if independent == sources else f"{text} · {independent} independent"


def _sources(panel: Panel) -> str:
    """The sources line of a panel."""
    return _sources_of(panel.answers)


def _counts(panel: Panel) -> str:
    return f"{_sources(panel)} · {_plural(len(panel.groups), 'answer')}"


def _group_title(panel: Panel, group: Sequence[int]) -> str:
    """A group's heading, e.g. "3 sources · 2 independent give this answer:", counting outlets as the
    widget does (an outlet that gives the answer twice is one source, an outlet and its copies one
    independent source)."""
    answers = [panel.answers[i] for i in group]
    verb = "gives" if source_count(answers) == 1 else "give"
    return f"{_sources_of(answers)} {verb} this answer:"


def _summary(panel: Panel) -> str:
    counts = _element("small", f" ({_counts(panel)})", {"style": _MUTED_STYLE}) if panel.answers else ""
    return _element("summary", _element("strong", _text(panel.question)) + counts)


def _panel(panel: Panel, *, open_: bool, annotations: Mapping[str, str], compact: bool) -> str:
    attrs: dict[str, object | None] = {"style": _PANEL_STYLE, "open": "" if open_ else None}
    if not panel.answers:
        body = _element("p", "No source answered this question.")
    elif compact:
        body = _element(
            "p",
            f"{_plural(len(panel.answers), 'answer')} from {_sources(panel)}; "
            "the answers are shown by the ctxwidget renderer and widget.",
        )
    else:
        items = []
        for group in panel.groups:
            answers = "".join(_answer(panel, i, annotations) for i in group)
            if len(group) == 1:
                items.append(answers)
            else:
                items.append(_element("li", _text(_group_title(panel, group)) + _element("ul", answers)))
        body = _element("ul", "".join(items))
    return _element("details", _summary(panel) + body, attrs)


def _body(article: Article, opened: set[str], annotations: Mapping[str, str], *, compact: bool) -> str:
    by_position: dict[int, list[Panel]] = {}
    for panel in article.panels:
        by_position.setdefault(panel.after, []).append(panel)
    parts = [_header(article)]

    def panels_at(position: int) -> None:
        for panel in by_position.get(position, ()):
            open_ = panel.id in opened
            parts.append(_panel(panel, open_=open_, annotations=annotations, compact=compact))

    panels_at(0)
    blocks: tuple[Paragraph, ...] = article.paragraphs  # type: ignore[assignment]  # Paragraphs once built
    for i, block in enumerate(blocks, start=1):
        tag = "h3" if block.kind == "heading" else "p"
        parts.append(_element(tag, _text(block.text)))
        panels_at(i)
    return _element("div", "".join(parts), {"class": "ctxwidget-static", "style": _ROOT_STYLE})


def static_html(
    article: Article | Mapping[str, Any],
    *,
    expanded: Iterable[str] | str = (),
    annotations: Mapping[str, str] | None = None,
    compact_above: int | None = COMPACT_ABOVE,
) -> str:
    """The article as one HTML fragment with no script, style sheet or external resource.

    ``expanded`` (panel ids, or ``"all"``) are the panels shown open; ``annotations``
    (``{"<panel id>/<answer index>": label}``) are shown after their answers. When the full
    fragment is larger than ``compact_above`` bytes (:data:`COMPACT_ABOVE`; ``None``: never)
    each panel shows its counts of sources and distinct answers instead of the answers.
    Unknown panel ids in ``expanded`` are ignored; nothing here raises for UI state.
    """
    value = article if isinstance(article, Article) else Article.from_dict(article)
    opened = set(value.panel_ids) if expanded == "all" else set([expanded] if isinstance(expanded, str) else expanded)
    notes = dict(annotations or {})
    if compact_above is not None and _answers_floor(value) > compact_above:
        return _body(value, opened, notes, compact=True)  # the full fragment would be larger still
    full = _body(value, opened, notes, compact=False)
    if compact_above is None or len(full.encode("utf-8")) <= compact_above:
        return full
    return _body(value, opened, notes, compact=True)


def _answers_floor(article: Article) -> int:
    """A lower bound of the full fragment's size in bytes: each answer's text, outlet and link, with
    the ``<li><b></b>: </li>`` and ``<a href="" rel="noopener noreferrer" target="_blank"></a>``
    around them (escaping only adds to it)."""
    return sum(
        len(a.text) + len(a.source) + 18 + (len(a.url) + 51 if a.url else 0)
        for panel in article.panels
        for a in panel.answers
    )
