"""msgspec's conversion errors as :class:`~ctxwidget.errors.ValidationError` messages.

msgspec reports ``Expected `str`, got `int` - at `$.panels[0].question```; ctxwidget
reports ``panels[0].question: expected 'str', got 'int'``: the path first, then
what is wrong and, for unknown fields, which fields are allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec

from .errors import ValidationError, join_path

__all__ = ["convert", "decode_error", "translate"]

T = TypeVar("T", bound=msgspec.Struct)
#: The allowed field names of the struct found at a path ("panels[0]" -> "question, after, ...").
FieldsAt = Callable[[str], str]

_AT_RE = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_FIELD_MSG_RE = re.compile(r"^(?P<field>[A-Za-z_]+(?:\[\d+\])?(?:\.[A-Za-z_]+)*): (?P<rest>.*)$", re.S)
_UNKNOWN_RE = re.compile(r"^Object contains unknown field `(?P<name>.*)`$", re.S)
_MISSING_RE = re.compile(r"^Object missing required field `(?P<name>.*)`$", re.S)


def convert(data: Any, cls: type[T], base: str, fields_at: FieldsAt) -> T:
    """``msgspec.convert(data, cls)`` with every error a ValidationError under ``base``."""
    try:
        return msgspec.convert(data, cls)
    except RecursionError:
        raise ValidationError("nested too deeply to be an article", path=base or "(article)") from None
    except ValidationError as exc:  # raised by __post_init__ on the top-level object
        raise ValidationError(exc.problem, path=join_path(base, exc.path) or exc.path) from None
    except msgspec.ValidationError as exc:
        raise translate(exc, base, fields_at) from None


def translate(exc: msgspec.ValidationError, base: str, fields_at: FieldsAt) -> ValidationError:
    """Turn msgspec's ``msg - at `$.a[0].b``` into ``a[0].b: msg`` with a fix."""
    match = _AT_RE.match(str(exc))
    message = match.group("msg") if match else str(exc)
    at = (match.group("path") or "") if match else ""
    at = at[1:] if at.startswith(".") else at
    path = join_path(base, at)
    field = _FIELD_MSG_RE.match(message)
    if field:  # a check in __post_init__: "source: 'x' is not ..."
        return ValidationError(field.group("rest"), path=join_path(path, field.group("field")))
    unknown = _UNKNOWN_RE.match(message)
    if unknown:
        return ValidationError(
            f"unknown field {unknown.group('name')!r}; allowed fields are {fields_at(path)}",
            path=path or "(article)",
        )
    missing = _MISSING_RE.match(message)
    if missing:
        return ValidationError("is required but missing", path=join_path(path, missing.group("name")))
    message = message.replace("`", "'")
    if message.startswith("Expected"):
        message = "expected" + message[len("Expected") :]
    return ValidationError(message, path=path or "(article)")


def decode_error(exc: msgspec.DecodeError, text: str | bytes) -> ValidationError:
    """A JSON syntax error as a ValidationError naming the line."""
    message = str(exc)
    raw = text.encode("utf-8", "replace") if isinstance(text, str) else text
    byte = re.search(r"\(byte (\d+)\)", message)
    # With no byte offset the input was cut short: the problem is at its end.
    end = int(byte.group(1)) if byte else len(raw.rstrip())
    line = raw[:end].count(b"\n") + 1
    return ValidationError(f"not valid JSON: {message}", line=line)
