# /// script
# dependencies = ["ctxwidget", "marimo>=0.25"]
# ///
"""ctxwidget in marimo: the article as a reactive UI element.

    marimo edit examples/marimo_context.py     # or: marimo run examples/marimo_context.py

A click on a question or on a source chip changes the widget's state, and marimo re-runs
the cells that read ``article.value``: here, the summary of what is open and selected.
"""

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")


@app.cell
def _():
    import marimo as mo

    import ctxwidget
    from ctxwidget import ContextWidget

    return ContextWidget, ctxwidget, mo


@app.cell
def _(ContextWidget, ctxwidget, mo):
    article = mo.ui.anywidget(ContextWidget(ctxwidget.examples.nato_ukraine()))
    article
    return (article,)


@app.cell
def _(article, mo):
    state = article.value
    shown = article.widget.article
    selected = state["selected"]
    if selected is None:
        answer_line = "No answer selected: click a source chip."
    else:
        panel = shown.panel(selected["panel"])
        answer = panel.answers[selected["answer"]]
        answer_line = f"Selected: {answer.source} answers {panel.question!r} with {answer.text!r}."
    opened = ", ".join(state["expanded"]) or "none"
    # News text is untrusted: shown as plain text, never as Markdown or HTML.
    mo.plain_text(f"Open panels: {opened}\n{answer_line}")
    return


if __name__ == "__main__":
    app.run()
