"""A throwaway PostgreSQL cluster for tests: Debian's server binaries, a temp folder, a free port.

``postgres_server()`` starts one (as the ``postgres`` user when run as root: ``initdb`` refuses
root) and yields a ``Server`` whose ``new_database()`` returns a fresh ``postgresql://`` URL;
the cluster is stopped with ``pg_ctl -m immediate stop`` and its folder removed at the end.
Without the binaries it raises ``FileNotFoundError``; through ``postgres_fixture()`` tests then
skip with the reason, except in CI (``CI=true``), where they fail. ``python -m bench.labels``
starts its cluster with it too.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["MISSING", "Server", "find_bin", "postgres_fixture", "postgres_server"]


def find_bin() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` holding ``initdb`` (or ``$CTXWIDGET_PG_BIN``)."""
    if os.environ.get("CTXWIDGET_PG_BIN"):
        return Path(os.environ["CTXWIDGET_PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running cluster: ``port``, and ``new_database()`` for a fresh database's URL."""

    bin: Path
    port: int
    run_as: list[str]

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def new_database(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        subprocess.run(
            [*self.run_as, str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name],
            check=True,
            capture_output=True,
        )
        return self.url(name)


MISSING = (
    "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb); "
    "install Debian's postgresql package (apt-get install -y postgresql)"
)


def _need_bin() -> Path:
    binary = find_bin()
    if binary is None or not (binary / "pg_ctl").exists():
        raise FileNotFoundError(MISSING)
    return binary


@contextmanager
def postgres_fixture() -> Iterator[Server]:
    """:func:`postgres_server` for a pytest fixture: without the binaries the test skips, in CI
    (``CI=true``) it fails."""
    cluster = postgres_server()
    try:
        server = cluster.__enter__()
    except FileNotFoundError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        cluster.__exit__(None, None, None)


@contextmanager
def postgres_server() -> Iterator[Server]:
    """Start a throwaway cluster; stop it and remove its folder afterwards."""
    binary = _need_bin()
    root = Path(tempfile.mkdtemp(prefix="ctxwidget-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        os.chmod(root, 0o755)
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    port = _free_port()
    try:
        subprocess.run(
            [*run_as, str(binary / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
        )
        options = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=on"
        started = subprocess.run(
            [*run_as, str(binary / "pg_ctl"), "-D", str(data), "-l", str(data / "log"), "-w", "-o", options, "start"],
            capture_output=True,
            text=True,
        )
        if started.returncode != 0:
            text = (data / "log").read_text() if (data / "log").exists() else started.stderr
            raise RuntimeError(f"PostgreSQL did not start: {text[-2000:]}")
        yield Server(binary, port, run_as)
    finally:
        if data.exists():
            subprocess.run(
                [*run_as, str(binary / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True
            )
        shutil.rmtree(root, ignore_errors=True)
