"""Build the documentation site strictly, once per process, and serve a built site on loopback.

    python -m tools.docs_site [OUTDIR]     (from the repository root; default docs/_build/html)

is the same as ``python -m sphinx -W --keep-going -b html docs OUTDIR`` and prints how long it took.
``tests/test_docs.py`` and ``tests/browser/test_docs_site.py`` share one build through
:func:`built_site`.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


@dataclass(frozen=True)
class Build:
    """One run of ``sphinx-build -W``: where it wrote, its exit code, its output and its wall time."""

    outdir: Path
    returncode: int
    output: str
    seconds: float


def sphinx_command(outdir: Path) -> list[str]:
    """The strict build: every warning is an error (``-W``), all of them reported (``--keep-going``)."""
    return [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(DOCS), str(outdir)]


def build(outdir: Path) -> Build:
    """Run the strict build into ``outdir`` (a fresh doctree cache beside it)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    command = [*sphinx_command(outdir), "-d", str(outdir.parent / "doctrees")]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return Build(outdir, done.returncode, done.stdout + done.stderr, time.perf_counter() - start)


@functools.cache
def built_site() -> Build:
    """The site built once for this process, in a temporary directory removed at exit."""
    holder = tempfile.TemporaryDirectory(prefix="ctxwidget-docs-")
    _KEEP.append(holder)
    return build(Path(holder.name) / "html")


_KEEP: list[tempfile.TemporaryDirectory[str]] = []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that cancelled a request
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port); yields the base URL ``http://127.0.0.1:P/``."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def main(argv: list[str] | None = None) -> int:
    """Build the site into ``argv[0]`` (default ``docs/_build/html``); print the time."""
    args = sys.argv[1:] if argv is None else argv
    outdir = Path(args[0]) if args else DOCS / "_build" / "html"
    result = build(outdir.resolve())
    print(result.output, end="")
    print(f"docs: {'built' if result.returncode == 0 else 'FAILED'} in {result.seconds:.1f} s: {outdir}")
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
