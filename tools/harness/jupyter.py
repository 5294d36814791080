"""A real JupyterLab server (which also serves Notebook 7) on 127.0.0.1, as TOOLCHAIN.md measured it.

Its own config, runtime, data, workspaces, settings and IPython directories under one base
directory, a free port and no port retries (a stale server never moves the next one), no token,
the user settings that keep JupyterLab from asking questions or going online, and a ``python3``
kernel spec that runs this very interpreter (so kernels import the ctxwidget under test)::

    with JupyterServer.start(Path(tempfile.mkdtemp())) as server:
        path = server.write_notebook("bench.ipynb", ["import ctxwidget"])
        session = server.start_session(path)
        server.wait_for_idle_kernel(path)
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import nbformat

__all__ = ["JUPYTER_SETTINGS", "KERNEL_START_S", "SERVER_START_S", "JupyterServer", "free_port", "notebook_json"]

#: How long the Jupyter server may take to answer ``/api/status``, in seconds.
SERVER_START_S = 60.0
#: How long a kernel may take to start and become idle, in seconds.
KERNEL_START_S = 60.0

#: User settings that keep JupyterLab and Notebook 7 from asking questions or going online.
JUPYTER_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/notebook-extension/tracker": {"autoStartDefaultKernel": True},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}

#: Server extensions nothing here uses: the language servers scan the machine at start-up.
DISABLED_SERVER_EXTENSIONS = ("jupyter_lsp", "jupyter_server_terminals")

_DIRS = ("config", "runtime", "data", "workspaces", "settings", "ipython", "root")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def notebook_json(cells: Sequence[str]) -> dict[str, Any]:
    """An nbformat 4 notebook (as JSON data) of code cells with these sources, on the ``python3`` kernel."""
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
            "language_info": {"name": "python"},
        },
        "cells": [
            {"cell_type": "code", "id": f"cell{i}", "metadata": {}, "execution_count": None, "outputs": [], "source": s}
            for i, s in enumerate(cells)
        ],
    }


def _link_lab_extension(data_dir: Path) -> None:
    """Serve the lab extension of the ctxwidget under test (``ctxwidget/labextension``, which
    ``pip install`` builds), ahead of any copy installed in the environment."""
    import ctxwidget

    built = Path(ctxwidget.__file__).parent / "labextension"
    link = data_dir / "labextensions" / "@ctxwidget" / "jupyterlab"
    if (built / "package.json").exists() and not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(built, target_is_directory=True)


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=1), encoding="utf-8")


@dataclass
class JupyterServer:
    """A running ``jupyter lab`` on 127.0.0.1; ``root`` is the folder it serves (``base/root``).

    The base directory also holds ``settings/`` (JupyterLab's user settings, read when a page
    loads) and ``server.log``.
    """

    url: str
    root: Path
    process: subprocess.Popen[bytes]
    log_path: Path

    # -- life cycle --------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        base: Path,
        *,
        timeout: float = SERVER_START_S,
        attempts: int = 3,
        extra_args: Iterable[str] = (),
    ) -> JupyterServer:
        """Start a server in ``base`` (created if missing) and wait until ``/api/status`` answers.

        A free port can be taken between the probe and the bind: up to ``attempts`` ports are
        tried. Raises ``RuntimeError`` with the end of the server's log if none answers.
        """
        dirs = {name: base / name for name in _DIRS}
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        for plugin, values in JUPYTER_SETTINGS.items():
            _write_json(dirs["settings"] / f"{plugin}.jupyterlab-settings", values)
        _write_json(
            dirs["config"] / "jupyter_server_config.json",
            {"ServerApp": {"jpserver_extensions": dict.fromkeys(DISABLED_SERVER_EXTENSIONS, False)}},
        )
        _write_json(
            dirs["data"] / "kernels" / "python3" / "kernel.json",
            {
                "argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
            },
        )
        _link_lab_extension(dirs["data"])
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(dirs["config"]),
            "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
            "JUPYTER_DATA_DIR": str(dirs["data"]),
            "JUPYTERLAB_WORKSPACES_DIR": str(dirs["workspaces"]),
            "JUPYTERLAB_SETTINGS_DIR": str(dirs["settings"]),
            "IPYTHONDIR": str(dirs["ipython"]),
            "PYTHONUNBUFFERED": "1",
        }
        log_path = base / "server.log"
        for _attempt in range(attempts):
            port = free_port()
            command = [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--ip=127.0.0.1",
                f"--port={port}",
                "--ServerApp.port_retries=0",
                "--IdentityProvider.token=",
                "--allow-root",
                f"--ServerApp.root_dir={dirs['root']}",
                # The page exposes window.jupyterapp: tests and the bench drive commands and kernels through it.
                "--LabApp.expose_app_in_browser=True",
                "--JupyterNotebookApp.expose_app_in_browser=True",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.news_url=None",
                *extra_args,
            ]
            with log_path.open("ab") as log:
                process = subprocess.Popen(
                    command, env=env, cwd=base, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
            server = cls(url=f"http://127.0.0.1:{port}", root=dirs["root"], process=process, log_path=log_path)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    server.api("status")
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    time.sleep(0.1)
                    continue
                return server
            server.stop()
        tail = log_path.read_text("utf-8", errors="replace")[-4000:]
        raise RuntimeError(f"the Jupyter server did not start:\n{tail}")

    def stop(self) -> None:
        """SIGTERM (the server then shuts its kernels down), SIGKILL to its process group if it hangs."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def __enter__(self) -> JupyterServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- REST API ----------------------------------------------------------------------------

    def api(self, path: str, method: str = "GET", body: Any = None, timeout: float = 10.0) -> Any:
        """Call ``/api/<path>`` and decode its JSON answer (``None`` for an empty one)."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(f"{self.url}/api/{path.lstrip('/')}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        # No token: the server wants the XSRF cookie and header to agree on requests that change state.
        request.add_header("Cookie", "_xsrf=harness")
        request.add_header("X-XSRFToken", "harness")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text("utf-8", errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    # -- notebooks and sessions --------------------------------------------------------------

    def add_notebook(
        self, notebook: Path | nbformat.NotebookNode, name: str, files: Mapping[str, Path] | None = None
    ) -> str:
        """Put a notebook (and the files it reads) into the server root; returns its server path."""
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(notebook, Path):
            shutil.copyfile(notebook, target)
        else:
            import nbformat

            nbformat.write(notebook, target)  # type: ignore[no-untyped-call]
        for relative, source in (files or {}).items():
            dest = self.root / relative
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
        return target.relative_to(self.root).as_posix()

    def write_notebook(self, name: str, cells: Sequence[str]) -> str:
        """Write a notebook of these code cells into the server root (see :func:`notebook_json`)."""
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(notebook_json(cells)), "utf-8")
        return target.relative_to(self.root).as_posix()

    def session(self, path: str) -> dict[str, Any] | None:
        """The server's session for a notebook path, if any."""
        for session in self.api("sessions"):
            if session.get("path") == path:
                return dict(session)
        return None

    def start_session(self, path: str) -> dict[str, Any]:
        """Start a kernel for a notebook before any page opens it (the page then finds it running)."""
        body = {"path": path, "name": path, "type": "notebook", "kernel": {"name": "python3"}}
        return dict(self.api("sessions", "POST", body, timeout=30))

    def end_session(self, session: Mapping[str, Any]) -> None:
        """Interrupt the session's kernel and delete the session (which shuts the kernel down)."""
        with contextlib.suppress(urllib.error.URLError, OSError):
            self.api(f"kernels/{session['kernel']['id']}/interrupt", "POST", timeout=30)
        with contextlib.suppress(urllib.error.URLError, OSError):
            self.api(f"sessions/{session['id']}", "DELETE", timeout=60)

    def wait_for_idle_kernel(self, path: str, timeout: float = KERNEL_START_S) -> dict[str, Any]:
        """Poll ``/api/sessions`` until the notebook has a kernel whose execution state is ``idle``.

        Before that, "Run All" silently runs nothing (and the toolbar already says idle).
        """
        deadline = time.monotonic() + timeout
        last: dict[str, Any] | None = None
        while time.monotonic() < deadline:
            last = self.session(path)
            if last and (last.get("kernel") or {}).get("execution_state") == "idle":
                return last
            time.sleep(0.1)
        raise AssertionError(f"no idle kernel for {path} after {timeout:.0f} s; session: {last}\n{self.log_tail()}")
