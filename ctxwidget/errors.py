"""The one exception type every ctxwidget entry point raises for bad input."""

from __future__ import annotations

__all__ = ["ValidationError", "decode_utf8", "join_path"]


class ValidationError(ValueError):
    """Input that does not fit ctxwidget's data model.

    The message always starts with the path of the offending field
    (``panels[2].answers[0].source: ...``) or, for text formats, the line
    number (``line 7: ...``), followed by what is wrong and how to fix it.
    """

    def __init__(self, message: str, *, path: str = "", line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.problem = message
        prefix = ""
        if line is not None:
            prefix = f"line {line}: "
        elif path:
            prefix = f"{path}: "
        super().__init__(prefix + message)


def join_path(*parts: str | int) -> str:
    """One error path from its parts, the one way paths are joined.

    A string part is a path (``"panels[0]"``, ``"answers[1].source"``, ``"[2]"``) and follows
    with a ``.`` unless it starts with ``[``; an integer part is a list index (``[3]``); an
    empty part and ``"(article)"`` (the root) add nothing::

        join_path("panels[0]", "answers", 1, "source") == "panels[0].answers[1].source"
        join_path("expanded", "[0]") == "expanded[0]"
        join_path("article", "(article)") == "article"
    """
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        if not part or part == "(article)":
            continue
        if out and not part.startswith("["):
            out += "."
        out += part
    return out


def decode_utf8(raw: bytes) -> str:
    """``raw`` as text; bytes that are not UTF-8 are a :class:`ValidationError` naming the line."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValidationError(
            f"not UTF-8 text (byte {exc.start} is {raw[exc.start : exc.start + 1]!r}); save the file as UTF-8",
            line=line,
        ) from None
