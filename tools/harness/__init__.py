"""One browser and Jupyter harness for the browser tests, the benchmark and the screenshots.

* :mod:`.chromium`: Debian's chromium through Playwright, with the offline flags of TOOLCHAIN.md.
* :mod:`.jupyter`: a JupyterLab server (which also serves Notebook 7) in its own directories,
  its REST API, notebooks written into its root, and polling its sessions until a kernel is idle.
* :mod:`.pages`: what a page did (:class:`RequestLog`), locators of the widget's DOM contract
  (:class:`CtxWidget`), and a notebook open in JupyterLab or Notebook 7 (:class:`NotebookPage`).

pytest turns these into fixtures in ``tests/browser/conftest.py``; ``bench/`` and
``docs/screenshots.py`` use them directly. Nothing here imports pytest.
"""

from .chromium import CHROMIUM, CHROMIUM_ARGS, ChromiumMissing, chromium_path, launch
from .jupyter import JUPYTER_SETTINGS, KERNEL_START_S, SERVER_START_S, JupyterServer, free_port, notebook_json
from .pages import (
    ARTIFACTS,
    ROOT,
    RUN_S,
    TIMEOUT_MS,
    CtxWidget,
    ExportPage,
    NotebookPage,
    RequestLog,
    is_loopback,
    save_screenshot,
)

__all__ = [
    "ARTIFACTS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "JUPYTER_SETTINGS",
    "KERNEL_START_S",
    "ROOT",
    "RUN_S",
    "SERVER_START_S",
    "TIMEOUT_MS",
    "ChromiumMissing",
    "CtxWidget",
    "ExportPage",
    "JupyterServer",
    "NotebookPage",
    "RequestLog",
    "chromium_path",
    "free_port",
    "is_loopback",
    "launch",
    "notebook_json",
    "save_screenshot",
]
