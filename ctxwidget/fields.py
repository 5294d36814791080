"""Checks for one field of the model: domains, URLs, panel ids, text, Unicode.

Each check returns the value it was given, or raises a
:class:`~ctxwidget.errors.ValidationError` whose path is the ``path`` argument
and whose message says what is wrong and how to fix it. The patterns are the
ones the JSON Schema publishes, so both accept the same values.
"""

from __future__ import annotations

import re

from .errors import ValidationError

__all__ = [
    "DOMAIN_PATTERN",
    "PANEL_ID_PATTERN",
    "URL_PATTERN",
    "check_domain",
    "check_optional_text",
    "check_panel_id",
    "check_text",
    "check_unicode",
    "check_url",
    "short",
]

DOMAIN_PATTERN = (
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$"
)
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$"
PANEL_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"

_DOMAIN_RE = re.compile(DOMAIN_PATTERN)
_PANEL_ID_RE = re.compile(PANEL_ID_PATTERN)
_URL_BAD_CHAR = re.compile(r"[\s\x00-\x1f]")
# scheme://[userinfo@]host — the host a bracketed IPv6 address or a non-empty name.
_URL_HOST = re.compile(r"^[A-Za-z]+://(?:[^@/?#]*@)?(?:\[[0-9A-Fa-f:.]+\]|[^:/?#@\[\]]+)(?::\d*)?(?:[/?#]|$)")


def short(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters for an error message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_domain(value: object, path: str) -> str:
    """Return ``value`` if it is a lowercase domain such as ``apnews.com``."""
    if not isinstance(value, str):
        raise ValidationError(f"expected a domain string like 'apnews.com', got {type(value).__name__}", path=path)
    if not _DOMAIN_RE.match(value):
        hint = ""
        if value.lower() != value and _DOMAIN_RE.match(value.lower()):
            hint = f" (write it in lowercase: {value.lower()!r})"
        elif "://" in value or "/" in value:
            hint = " (give the host name only, without scheme or path)"
        raise ValidationError(f"{short(value)} is not a domain like 'apnews.com'{hint}", path=path)
    return value


def check_url(value: object, path: str) -> str:
    """Return ``value`` if it is an absolute ``http:`` or ``https:`` URL."""
    if not isinstance(value, str):
        raise ValidationError(f"expected a URL string, got {type(value).__name__}", path=path)
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in ("http", "https"):
        raise ValidationError(
            f"{short(value)} is not an http(s) URL; only http: and https: links are allowed", path=path
        )
    if _URL_BAD_CHAR.search(value):
        raise ValidationError(f"{short(value)} contains white space or control characters", path=path)
    check_unicode(value, path)
    if not _URL_HOST.match(value):
        raise ValidationError(
            f"{short(value)} is not a URL with a host name; write it as 'https://host/path'", path=path
        )
    return value


def check_panel_id(value: object, path: str) -> str:
    """Return ``value`` if it is a panel id: 1-64 letters, digits, ``_``, ``.``, ``:`` or ``-``."""
    if not isinstance(value, str) or not _PANEL_ID_RE.match(value):
        raise ValidationError(
            f"{short(value)} is not a panel id; use 1-64 letters, digits, '_', '.', ':' or '-'", path=path
        )
    return value


def check_unicode(value: str, path: str) -> str:
    """Return ``value`` if it can be written as UTF-8 (no lone surrogates such as ``\\ud800``)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(
            f"contains a lone surrogate {value[exc.start]!r} at position {exc.start}; "
            "text must be valid Unicode (decode the source with errors='replace')",
            path=path,
        ) from None
    return value


def check_text(value: object, path: str, *, allow_empty: bool = False) -> str:
    """Return ``value`` if it is valid Unicode text (not blank unless ``allow_empty``)."""
    if not isinstance(value, str):
        raise ValidationError(f"expected a string, got {type(value).__name__}", path=path)
    if not allow_empty and not value.strip():
        raise ValidationError("must not be empty", path=path)
    return check_unicode(value, path)


def check_optional_text(value: object, path: str) -> None:
    """Accept ``None`` or valid Unicode text (blank allowed)."""
    if value is None:
        return
    if not isinstance(value, str):
        raise ValidationError(f"expected a string or null, got {type(value).__name__}", path=path)
    check_unicode(value, path)
