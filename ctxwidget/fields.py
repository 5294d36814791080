"""Checks for one field: the one module that checks a value and names its path.

Each check returns the value it was given (or its clean form), or raises a
:class:`~ctxwidget.errors.ValidationError` whose path is the ``path`` argument
and whose message says what is wrong and how to fix it.

- The model's checks (``check_*``): domains, URLs, panel ids, text, Unicode. The patterns are
  the ones the JSON Schema publishes, so both accept the same values.
- The checks of foreign JSON that the adapters and the pipeline read (:func:`mapping`,
  :func:`sequence`, :func:`get`, :func:`text`, :func:`identifier`, :func:`url_domain`, ...):
  their messages say what a value is in JSON terms (``expected a list, got an object``).

Paths are joined by :func:`ctxwidget.errors.join_path`; :func:`key_path` adds an object key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from .errors import ValidationError, join_path

__all__ = [
    "DOMAIN_PATTERN",
    "PANEL_ID_PATTERN",
    "URL_PATTERN",
    "bare_domain",
    "check_domain",
    "check_optional_text",
    "check_panel_id",
    "check_text",
    "check_unicode",
    "check_url",
    "domain",
    "get",
    "group_label",
    "identifier",
    "index",
    "key_path",
    "kind",
    "mapping",
    "optional_text",
    "sequence",
    "short",
    "text",
    "unique_id",
    "url",
    "url_domain",
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


# -- foreign JSON: the adapters' and the pipeline's checks ----------------------------------------

_IDENTIFIER_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MISSING = object()

JSON_NAMES = {
    "NoneType": "null",
    "bool": "a boolean",
    "int": "an integer",
    "float": "a number",
    "str": "a string",
    "list": "a list",
    "tuple": "a list",
    "dict": "an object",
}


def kind(value: object) -> str:
    """How a value looks in JSON terms ('a string', 'null', 'an object', ...)."""
    name = type(value).__name__
    return JSON_NAMES.get(name, name)


def key_path(path: str, key: str | int) -> str:
    """``path`` extended by a list index or an object key (``a[0]``, ``a.b``, ``a["Article URL"]``)."""
    if isinstance(key, str) and not _IDENTIFIER_RE.match(key):
        key = f'["{key}"]'
    return join_path(path, key)


def mapping(value: object, path: str) -> Mapping[str, Any]:
    """``value`` if it is an object/dict."""
    if not isinstance(value, Mapping):
        raise ValidationError(f"expected an object, got {kind(value)}", path=path)
    return value


def sequence(value: object, path: str) -> Sequence[Any]:
    """``value`` if it is a list (a string is not)."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValidationError(f"expected a list, got {kind(value)}", path=path)
    return value


def get(obj: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> Any:
    """``obj[key]``; a missing required key names its path, a missing optional one gives ``None``."""
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        if required:
            raise ValidationError("is required but missing", path=key_path(path, key))
        return None
    return value


def text(value: object, path: str, *, allow_empty: bool = False) -> str:
    """``value`` if it is a string (not blank unless ``allow_empty``)."""
    if not isinstance(value, str):
        raise ValidationError(f"expected a string, got {kind(value)}", path=path)
    if not allow_empty and not value.strip():
        raise ValidationError("must not be empty", path=path)
    return value


def optional_text(value: object, path: str) -> str | None:
    """``value`` if it is a string or null; a blank string counts as null."""
    if value is None:
        return None
    return text(value, path, allow_empty=True).strip() or None


def index(value: object, path: str, *, size: int | None = None, what: str = "items") -> int:
    """``value`` if it is an integer >= 0 (and < ``size`` when given)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"expected an integer >= 0, got {kind(value)}", path=path)
    if value < 0:
        raise ValidationError(f"expected an integer >= 0, got {value}", path=path)
    if size is not None and value >= size:
        raise ValidationError(f"{value} is out of range; there are {size} {what} (0 to {size - 1})", path=path)
    return value


def identifier(value: object, path: str) -> str | int:
    """``value`` if it is a string or an integer (an id)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationError(f"expected an id (a string or an integer), got {kind(value)}", path=path)
    return value


def unique_id(seen: dict[Any, str], value: Any, where: str, what: str) -> None:
    """Record ``value`` as the id of the item at ``where`` (e.g. ``documents[3]``); a ValidationError at
    ``<where>.id`` naming the earlier item if another one has it already."""
    if value in seen:
        raise ValidationError(
            f"{value!r} is already the id of {seen[value]}; {what} ids must be unique", path=f"{where}.id"
        )
    seen[value] = where


def group_label(value: object, path: str) -> str | int | None:
    """``value`` if it is a group label: a string, an integer or null."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationError(f"expected a group label (a string, an integer or null), got {kind(value)}", path=path)
    return value


def bare_domain(host: str) -> str:
    """A host name lowercased, without a final dot and without a leading ``www.``."""
    host = host.strip().lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def domain(value: object, path: str) -> str:
    """An outlet domain from ``value`` (``www.`` dropped, lowercased), checked as a domain."""
    return check_domain(bare_domain(text(value, path)), path)


def url(value: object, path: str) -> str:
    """``value`` if it is an absolute http(s) URL."""
    return check_url(text(value, path), path)


def url_domain(value: object, path: str) -> str:
    """The outlet domain of an http(s) URL (its host without ``www.``)."""
    checked = url(value, path)
    host = urlsplit(checked).hostname or ""
    try:
        return check_domain(bare_domain(host), path)
    except ValidationError:
        raise ValidationError(f"the URL's host {host!r} is not a domain like 'apnews.com'", path=path) from None
