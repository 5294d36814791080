"""What a user would build from stock ipywidgets instead of ctxwidget.

The same article as ipywidgets: a ``VBox`` of ``HTML`` widgets for the header and the
paragraphs, and, where ctxwidget shows a panel, an ``Accordion`` whose one child is a
``VBox`` of ``HTML`` widgets, one per answer (the outlet as a chip, then the answer).
One accordion per panel, so that every panel can be open at once as in ctxwidget's
``expanded="all"``. Runs in the kernel of the JupyterLab measurements.
"""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = ["CHIP_CLASS", "compose", "panel_class"]

CHIP_CLASS = "bench-chip"
_CHIP_STYLE = "display:inline-block;padding:0 .5em;border-radius:1em;background:#dde6f3;font-weight:600"


def panel_class(panel_id: str) -> str:
    """The DOM class of one panel's accordion (so the benchmark can find it)."""
    return f"bench-panel-{panel_id}"


def _answer_html(answer: dict[str, Any]) -> str:
    source = escape(answer["source"])
    if answer.get("url"):
        chip = (
            f'<a class="{CHIP_CLASS}" style="{_CHIP_STYLE}" href="{escape(answer["url"])}" target="_blank">{source}</a>'
        )
    else:
        chip = f'<span class="{CHIP_CLASS}" style="{_CHIP_STYLE}">{source}</span>'
    return f"{chip} {escape(answer['text'])}"


def compose(article: dict[str, Any], *, open_all: bool = True) -> Any:
    """The article as stock ipywidgets; ``.accordions`` maps panel ids to their ``Accordion``."""
    import ipywidgets as w

    paragraphs = article.get("paragraphs", [])
    byline = " · ".join(escape(str(article[k])) for k in ("source", "author") if article.get(k))
    children: list[Any] = [w.HTML(f"<h2>{escape(article['title'])}</h2><div>{byline}</div>")]
    accordions: dict[str, Any] = {}
    by_position: dict[int, list[dict[str, Any]]] = {}
    for index, panel in enumerate(article.get("panels", [])):
        at = min(max(int(panel.get("after", 0)), 0), len(paragraphs))
        by_position.setdefault(at, []).append({**panel, "id": panel.get("id") or f"q{index + 1}"})
    for position in range(len(paragraphs) + 1):
        for panel in by_position.get(position, []):
            answers = w.VBox([w.HTML(_answer_html(a)) for a in panel.get("answers", [])])
            accordion = w.Accordion(
                children=[answers], titles=(panel["question"],), selected_index=0 if open_all else None
            )
            accordion.add_class(panel_class(panel["id"]))
            accordions[panel["id"]] = accordion
            children.append(accordion)
        if position < len(paragraphs):
            block = paragraphs[position]
            text = block if isinstance(block, str) else block["text"]
            tag = "h3" if isinstance(block, dict) and block.get("kind") == "heading" else "p"
            children.append(w.HTML(f"<{tag}>{escape(text)}</{tag}>"))
    root = w.VBox(children)
    root.accordions = accordions
    return root
