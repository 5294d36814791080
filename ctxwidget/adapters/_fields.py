"""Field checks shared by the adapters: every failure is a ValidationError naming the path."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from ..errors import ValidationError
from ..model import check_domain, check_url

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


def require_pandas(what: str = "this") -> Any:
    """Import pandas, or raise an ``ImportError`` that says how to install it."""
    try:
        import pandas
    except ImportError:
        raise ImportError(
            f"{what} needs pandas, an optional extra of ctxwidget: pip install 'ctxwidget[pandas]'",
            name="pandas",
        ) from None
    return pandas


def kind(value: object) -> str:
    """How a value looks in JSON terms ('a string', 'null', 'an object', ...)."""
    name = type(value).__name__
    return JSON_NAMES.get(name, name)


def key_path(path: str, key: str | int) -> str:
    """``path`` extended by a list index or an object key (``a[0]``, ``a.b``, ``a["Article URL"]``)."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENTIFIER_RE.match(key):
        return f"{path}.{key}" if path else key
    return f'{path}["{key}"]'


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
