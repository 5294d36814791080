"""``python -m bench.widget_labels``: labelling through the widget, measured.

1. **Commit latency from the page's message.** ``ContextWidget._on_front_end_message`` (what
   ipywidgets calls when the page sends ``{"type": "label", ...}``) from the call until the
   store's commit returns (the widget accepts the label only after): *committed*, what the goal
   is about; and until the handler returns, ``annotations`` updated and synced to the page (its
   comm message JSON-encoded as the kernel does; the socket send left out): *handler*. Against
   a plain ``INSERT`` of an event-sized row and ``COMMIT`` through the same driver with the
   store's settings (``bench.labels``), and ``store.set`` alone (what the store costs without
   the widget), alternating, ``--labels`` of each (default 1,000) on distinct answers of the L
   article; median and p99 of wall time, and the ratios. Goal: committed <= 2x the plain
   INSERT. Wall time, and the process's CPU time (which leaves out the fsync all three wait for).
   SQLite and PostgreSQL (a throwaway cluster, as ``bench.labels``; ``--no-pg`` skips it).
2. **Key presses.** The real sample's largest panel (``bench.data`` REAL: 102 answers) in the
   exported page, in chromium, labelled with the keyboard alone from its question's button
   (focused, panel open), until every answer has a label: *before*, the front end of ``--before``
   (default: the commit before the labelling keys, built from git) with its keys (Tab to a row,
   Enter to open it, Tab into it, a number, an arrow to the next answer); *after*, ``n`` then a
   number per answer (each moves on), and *rows*, ``n`` then one key per group (Shift+number on
   an answer of a row labels the row, a number an answer alone). Goals: <= 1.5 presses per answer
   one by one, <= 1 per group by rows.

Results are printed and written to ``bench/out/widget_labels.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from ctxwidget import Article, ContextWidget
from ctxwidget.export import _script_safe_json, to_html
from ctxwidget.labels import LabelStore
from ctxwidget.rules import group_order

from .data import REAL, article_dict
from .labels import OUT, PlainInsert, distinct_l, postgres_server, summary_ms, timed

ROOT = Path(__file__).resolve().parents[1]
#: The front end before the labelling keys (the label store merged, nothing of the widget's side).
BEFORE = "701d870"
LABELS = ("correct", "incorrect", "unsure")


# -- 1. commit latency -----------------------------------------------------------------------


def message_latency(location: str, labels: int) -> dict[str, Any]:
    """The widget's handler of a label message, ``store.set`` and a plain INSERT + COMMIT, alternating."""
    data = distinct_l()
    article = Article.from_dict(data)
    slots = [(p.id or "", i) for p in article.panels for i in range(len(p.answers))]
    if 2 * (labels + 20) > len(slots):
        raise ValueError(f"--labels {labels}: at most {len(slots) // 2 - 20} (distinct answers for each)")
    widget = ContextWidget(article, labels=LABELS, store=location, annotator="bench")
    results: list[dict[str, Any]] = []
    widget.send = lambda content, buffers=None: results.append(content)  # no comm here: keep the answers
    # Outside a kernel the widget's comm drops what it is given; encode it as the kernel would (its
    # JSON; the socket send is left out), so the sync of ``annotations`` to the page is counted.
    widget.comm.publish_msg = lambda msg_type, data=None, metadata=None, buffers=None, **keys: json.dumps(data)
    # The moment the widget's commit returns: the store's set_many, timed where the widget calls it.
    own = widget.label_store
    if own is None:
        raise RuntimeError("the widget has no store")
    committed_at: list[tuple[float, float]] = []
    set_many = own.set_many

    def timed_set_many(*args: Any, **kwargs: Any) -> str | None:
        action: str | None = set_many(*args, **kwargs)
        committed_at.append((time.perf_counter(), time.process_time()))
        return action

    own.set_many = timed_set_many  # type: ignore[method-assign]
    store = LabelStore(location)  # another connection: store.set alone
    plain = PlainInsert(store)
    commit: list[tuple[float, float]] = []
    handler: list[tuple[float, float]] = []
    direct: list[tuple[float, float]] = []
    base: list[tuple[float, float]] = []
    try:
        for n in range(labels + 20):  # the first 20 warm up
            pid, i = slots[2 * n]
            other_pid, other_i = slots[2 * n + 1]
            label = LABELS[n % 3]
            message = {"type": "label", "answers": [[pid, i]], "label": label, "id": n}
            wall, cpu = time.perf_counter(), time.process_time()
            widget._on_front_end_message(widget, message, [])
            a = (time.perf_counter() - wall, time.process_time() - cpu)
            if len(committed_at) != n + 1:
                raise RuntimeError("a label message did not commit once: the measure is void")
            m = (committed_at[-1][0] - wall, committed_at[-1][1] - cpu)
            b = timed(partial(store.set, article, other_pid, other_i, label, annotator="direct"))
            c = timed(partial(plain.insert, article.title, pid, None, label))
            if n >= 20:
                commit.append(m)
                handler.append(a)
                direct.append(b)
                base.append(c)
        if not all(r["ok"] for r in results) or len(widget.annotations) != labels + 20:
            raise RuntimeError("a label message was refused: the measure is void")
        committed = store.labels_for(article, annotator="bench").labels
        if committed != widget.annotations:
            raise RuntimeError("the widget shows labels the store does not hold")
    finally:
        plain.close()
        store.close()
        widget.label_store.close()  # type: ignore[union-attr]
        widget.close()
    result: dict[str, Any] = {}
    for kind, at in (("wall", 0), ("cpu", 1)):
        mine, whole, middle, theirs = (summary_ms([t[at] for t in times]) for times in (commit, handler, direct, base))
        result[kind] = {
            "committed": mine,
            "handler": whole,
            "store_set": middle,
            "plain_insert": theirs,
            "ratio_median": mine["median_ms"] / theirs["median_ms"],
            "ratio_p99": mine["p99_ms"] / theirs["p99_ms"],
            "handler_ratio_median": whole["median_ms"] / theirs["median_ms"],
            "handler_ratio_p99": whole["p99_ms"] / theirs["p99_ms"],
            "store_set_ratio_median": middle["median_ms"] / theirs["median_ms"],
        }
    return result


# -- 2. key presses --------------------------------------------------------------------------


def _old_bundle(rev: str, folder: Path) -> str:
    """The front end of git revision ``rev``, bundled as ``js/build.mjs`` does."""
    archive = subprocess.run(["git", "archive", rev, "js/src"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    out = folder / "widget.js"
    esbuild = ROOT / "js" / "node_modules" / ".bin" / "esbuild"
    subprocess.run(
        [
            str(esbuild),
            str(folder / "js/src/widget.ts"),
            "--bundle",
            "--format=esm",
            "--target=es2020",
            "--minify",
            f"--outfile={out}",
            "--log-level=warning",
        ],
        check=True,
    )
    return out.read_text("utf-8")


# Labelled answers of the panel, and where the focus is (what the policies below decide by).
_LOOK = """(panel) => {
  const root = document.querySelector(`[data-ctx-panel="${panel}"]`);
  const chips = Array.from(root.querySelectorAll('[data-ctx-answer]'));
  const a = document.activeElement;
  const chip = a && a.closest('[data-ctx-answer]');
  const row = chip && chip.closest('[data-ctx-group]');
  const rowFree = row ? Array.from(row.querySelectorAll('[data-ctx-answer]')).every((c) => !c.dataset.label) : false;
  const disclosure = a && a.closest('[data-ctx-disclosure]');
  let nextChip = false;
  if (chip) {
    let n = chip.nextElementSibling;
    while (n && n.hidden) n = n.nextElementSibling;
    nextChip = !!n;
  }
  return {
    labelled: chips.filter((c) => c.dataset.label).length,
    total: chips.length,
    chip: !!chip,
    chipLabelled: !!(chip && chip.dataset.label),
    inRow: !!row,
    rowFree,
    nextChip,
    disclosure: !!disclosure,
    expanded: disclosure ? disclosure.getAttribute('aria-expanded') === 'true' : null,
  };
}"""


def _before(look: dict[str, Any]) -> str:
    """Today's keys: Tab to a row (Enter opens it), Tab into its chips, a number, an arrow to the next."""
    if look["disclosure"]:
        return "Enter" if not look["expanded"] else "Tab"
    if look["chip"]:
        if not look["chipLabelled"]:
            return "1"
        return "ArrowRight" if look["nextChip"] else "Tab"
    return "Tab"


def _after_one_by_one(look: dict[str, Any]) -> str:
    return "1" if look["chip"] else "n"


def _after_rows(look: dict[str, Any]) -> str:
    if not look["chip"]:
        return "n"
    return "Shift+Digit1" if look["inRow"] and look["rowFree"] else "1"


def key_presses(before_rev: str) -> dict[str, Any]:
    """Presses to label every answer of the REAL article's largest panel, by each policy, in chromium."""
    from playwright.sync_api import sync_playwright

    from tools.harness import launch

    data = article_dict(REAL)
    panel = max(data["panels"], key=lambda p: len(p["answers"]))
    panel_obj = Article.from_dict(data).panel(panel["id"])
    groups = len(group_order(panel_obj.answers))  # the groups as the page makes them, answers alone too
    page_html = to_html(data, labels=LABELS, expanded=[panel["id"]])
    results: dict[str, Any] = {"panel": panel["id"], "answers": len(panel["answers"]), "groups": groups}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as pw:
        browser = launch(pw)
        pages = {"after": page_html, "rows": page_html}
        try:
            old = _old_bundle(before_rev, Path(folder))
            current = _script_safe_json(Path(ROOT / "ctxwidget/static/widget.js").read_text("utf-8"))
            pages["before"] = page_html.replace(current, _script_safe_json(old))
        except (subprocess.CalledProcessError, FileNotFoundError) as exc:
            results["before_error"] = f"could not build the front end of {before_rev}: {exc}"
        policies = {"before": _before, "after": _after_one_by_one, "rows": _after_rows}
        for name in ("before", "after", "rows"):
            if name not in pages:
                continue
            path = Path(folder) / f"{name}.html"
            path.write_text(pages[name], "utf-8")
            tab = browser.new_page()
            tab.goto(path.as_uri())
            tab.locator('html[data-ctx-ready="true"]').wait_for(state="attached")
            tab.locator(f'[data-ctx-panel="{panel["id"]}"] [data-ctx-toggle]').focus()
            presses = 0
            look = tab.evaluate(_LOOK, panel["id"])
            while look["labelled"] < look["total"] and presses < 2000:
                tab.keyboard.press(policies[name](look))
                presses += 1
                look = tab.evaluate(_LOOK, panel["id"])
            annotations = tab.evaluate("() => window.ctxwidget.model.get('annotations')")
            done = sum(1 for key in annotations if key.startswith(f"{panel['id']}/"))
            tab.close()
            results[name] = {
                "presses": presses,
                "labelled": done,
                "per_answer": presses / len(panel["answers"]),
                "per_group": presses / groups,
            }
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    """Both measurements; prints and saves the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.widget_labels", description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=int, default=1000, help="label messages per sample set")
    parser.add_argument("--before", default=BEFORE, help="git revision of the front end before the labelling keys")
    parser.add_argument("--pg", help="a postgresql:// URL of an empty database (default: a throwaway cluster)")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--no-browser", action="store_true", help="skip the key presses (no chromium)")
    parser.add_argument("--out", type=Path, default=OUT / "widget_labels.json")
    args = parser.parse_args(argv)
    logging.getLogger("ctxwidget").setLevel(logging.ERROR)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder, postgres_server(args) as new_pg:
        backends: list[tuple[str, Callable[[], str]]] = [("sqlite", lambda: str(Path(folder) / "labels.sqlite3"))]
        if new_pg is not None:
            backends.append(("postgres", new_pg))
        for name, new in backends:
            results[name] = message_latency(new(), args.labels)
            for kind, row in results[name].items():
                print(
                    f"{name:8} {kind:4}: label message -> committed median {row['committed']['median_ms']:.3f} ms, "
                    f"p99 {row['committed']['p99_ms']:.3f} ms (ratio median {row['ratio_median']:.2f}x, "
                    f"p99 {row['ratio_p99']:.2f}x); whole handler, with the sync to the page, median "
                    f"{row['handler']['median_ms']:.3f} ms, p99 {row['handler']['p99_ms']:.3f} ms "
                    f"({row['handler_ratio_median']:.2f}x, {row['handler_ratio_p99']:.2f}x); "
                    f"store.set median {row['store_set']['median_ms']:.3f} ms "
                    f"({row['store_set_ratio_median']:.2f}x); plain INSERT median "
                    f"{row['plain_insert']['median_ms']:.3f} ms, p99 {row['plain_insert']['p99_ms']:.3f} ms"
                )
    if not args.no_browser:
        keys = results["keys"] = key_presses(args.before)
        print(f"keys: panel {keys['panel']}, {keys['answers']} answers in {keys['groups']} groups")
        if "before_error" in keys:
            print(f"keys before: {keys['before_error']}")
        for name in ("before", "after", "rows"):
            if name in keys:
                row = keys[name]
                print(
                    f"keys {name:6}: {row['presses']} presses, {row['labelled']} labelled, "
                    f"{row['per_answer']:.2f} per answer, {row['per_group']:.2f} per group"
                )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
