"""Debian's chromium, headless and offline, launched through Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "ChromiumMissing", "chromium_path", "launch"]

#: The browser: ``/usr/bin/chromium``, or ``$CTXWIDGET_CHROMIUM``.
CHROMIUM = os.environ.get("CTXWIDGET_CHROMIUM", "/usr/bin/chromium")
#: Flags measured in TOOLCHAIN.md: without the networking ones Chromium tries to reach the internet.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class ChromiumMissing(RuntimeError):
    """No executable chromium where :data:`CHROMIUM` says."""


def chromium_path() -> str:
    """:data:`CHROMIUM` if it is an executable file; raises :class:`ChromiumMissing` (with the fix) if not."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        raise ChromiumMissing(f"chromium not found at {CHROMIUM} (apt-get install chromium, or set CTXWIDGET_CHROMIUM)")
    return CHROMIUM


def launch(playwright: Playwright, extra_args: Iterable[str] = ()) -> Browser:
    """Launch :data:`CHROMIUM` headless with :data:`CHROMIUM_ARGS` (plus ``extra_args``)."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), args=[*CHROMIUM_ARGS, *extra_args], headless=True
    )
