"""The data model: an article, its paragraphs, and its "More Context" panels.

Every object is an immutable :mod:`msgspec` struct. Structural checks (types,
required and unknown fields) run in C when a dict or JSON text is converted;
the semantic checks (domains, URLs, unique panel ids, panel positions) run in
``__post_init__`` so that objects built directly in Python are checked too.
Every failure is a :class:`~ctxwidget.errors.ValidationError` whose message
starts with the path of the field at fault.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

import msgspec
from msgspec import Meta

from ._convert import convert, decode_error, translate
from .errors import ValidationError, decode_utf8
from .fields import (
    DOMAIN_PATTERN,
    PANEL_ID_PATTERN,
    URL_PATTERN,
    check_domain,
    check_optional_text,
    check_panel_id,
    check_text,
    check_unicode,
    check_url,
    short,
)
from .rules import group_order, top_questions

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "DOMAIN_PATTERN",
    "PANEL_ID_PATTERN",
    "URL_PATTERN",
    "Answer",
    "Article",
    "GroupLabel",
    "Panel",
    "Paragraph",
    "ParagraphKind",
    "SchemaMode",
    "check_domain",
    "check_unicode",
    "check_url",
    "json_schema",
]

ParagraphKind = Literal["text", "heading"]
GroupLabel = str | int

Domain = Annotated[
    str,
    Meta(
        description="An outlet's domain, lowercase, without scheme or path, e.g. 'apnews.com'.",
        extra_json_schema={"pattern": DOMAIN_PATTERN},
    ),
]
CopyOf = Annotated[
    str,
    Meta(
        description="The domain of the outlet whose article the answering document copies "
        "(syndicated or wire copy), e.g. 'apnews.com'; differs from source.",
        extra_json_schema={"pattern": DOMAIN_PATTERN},
    ),
]
Url = Annotated[
    str,
    Meta(
        description="An absolute http: or https: URL.",
        extra_json_schema={"pattern": URL_PATTERN},
    ),
]
PanelId = Annotated[
    str,
    Meta(
        description="Unique within the article; letters, digits and _ . : - (at most 64).",
        extra_json_schema={"pattern": PANEL_ID_PATTERN},
    ),
]


def _fail(path: str, message: str) -> ValidationError:
    return ValidationError(message, path=path)


class Paragraph(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One block of the article body: running text or a sub-heading."""

    text: str
    kind: ParagraphKind = "text"

    def __post_init__(self) -> None:
        check_text(self.text, "text")
        if self.kind not in ("text", "heading"):
            raise _fail("kind", f"{short(self.kind)} is not one of 'text', 'heading'")


class Answer(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One outlet's answer to a panel's question.

    ``source`` is the outlet's domain, ``text`` the short answer span,
    ``context`` the paragraph the span came from, and ``group`` a label shared
    by answers that say the same thing (kept exactly as given). ``copy_of``
    is set when the answering document is a copy of another outlet's article
    (syndicated or wire copy): the domain of the outlet it copies, which must
    differ from ``source``. A copy's answer is shown like any other, but it
    is not an independent voice (see :mod:`ctxwidget.rules`).
    """

    source: Domain
    text: str
    url: Url | None = None
    context: str | None = None
    group: GroupLabel | None = None
    copy_of: CopyOf | None = None

    def __post_init__(self) -> None:
        check_domain(self.source, "source")
        check_text(self.text, "text")
        if self.url is not None:
            check_url(self.url, "url")
        check_optional_text(self.context, "context")
        group = self.group
        if group is not None and (isinstance(group, bool) or not isinstance(group, (str, int))):
            raise _fail("group", f"expected a string, an integer or null, got {type(group).__name__}")
        if isinstance(group, str):
            check_unicode(group, "group")
        if self.copy_of is not None:
            check_domain(self.copy_of, "copy_of")
            if self.copy_of == self.source:
                raise _fail(
                    "copy_of",
                    f"{self.copy_of!r} is the answer's own source; copy_of names the other outlet "
                    "whose article this one copies (or null)",
                )


def _as_tuple(value: object, path: str) -> tuple[Any, ...]:
    if isinstance(value, tuple):
        return value
    if isinstance(value, list):
        return tuple(value)
    raise _fail(path, f"expected a list, got {type(value).__name__}")


def _coerce(item: object, cls: type[msgspec.Struct], path: str) -> Any:
    if isinstance(item, cls):
        return item
    if isinstance(item, Mapping):
        return _convert(item, cls, path)
    raise _fail(path, f"expected a {cls.__name__} or a dict, got {type(item).__name__}")


class Panel(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A "More Context" question shown after ``after`` paragraphs, with its answers.

    ``id`` is unique within the article; when omitted the article derives
    ``q1``, ``q2``, ... from the panel's position.
    """

    question: str
    after: Annotated[int, Meta(ge=0)] = 0
    answers: tuple[Answer, ...] = ()
    id: PanelId | None = None

    def __post_init__(self) -> None:
        if self.id is not None:
            check_panel_id(self.id, "id")
        check_text(self.question, "question")
        if isinstance(self.after, bool) or not isinstance(self.after, int) or self.after < 0:
            raise _fail("after", f"expected a paragraph count >= 0, got {short(self.after)}")
        answers = _as_tuple(self.answers, "answers")
        if any(not isinstance(a, Answer) for a in answers):
            answers = tuple(_coerce(a, Answer, f"answers[{i}]") for i, a in enumerate(answers))
        if answers is not self.answers:
            msgspec.structs.force_setattr(self, "answers", answers)

    @property
    def groups(self) -> list[list[int]]:
        """Indices of ``answers`` grouped by label, largest group first.

        Answers without a group form groups of their own; ties keep the order
        in which the groups first appear.
        """
        return group_order(self.answers)


class Article(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A news article with its "More Context" panels.

    ``paragraphs`` accepts :class:`Paragraph` objects or plain strings and holds
    :class:`Paragraph` objects once built; ``panels[i].after`` must lie between 0 and
    ``len(paragraphs)``. ``story`` is an optional label of the news story the article belongs
    to (a field of the JSON form, kept as given, e.g. ``"Recession fears"``); ``source`` is
    the outlet's domain, ``author`` and ``url`` the byline and the article's address.
    """

    title: str
    paragraphs: tuple[str | Paragraph, ...] = ()
    panels: tuple[Panel, ...] = ()
    story: str | None = None
    source: Domain | None = None
    author: str | None = None
    url: Url | None = None

    def __post_init__(self) -> None:
        check_text(self.title, "title")
        check_optional_text(self.story, "story")
        check_optional_text(self.author, "author")
        if self.source is not None:
            check_domain(self.source, "source")
        if self.url is not None:
            check_url(self.url, "url")

        paragraphs = _as_tuple(self.paragraphs, "paragraphs")
        if any(not isinstance(p, Paragraph) for p in paragraphs):
            paragraphs = tuple(self._paragraph(p, i) for i, p in enumerate(paragraphs))
        if paragraphs is not self.paragraphs:
            msgspec.structs.force_setattr(self, "paragraphs", paragraphs)

        panels = _as_tuple(self.panels, "panels")
        if any(not isinstance(p, Panel) for p in panels):
            panels = tuple(_coerce(p, Panel, f"panels[{i}]") for i, p in enumerate(panels))
        panels = self._with_ids(panels)
        count = len(paragraphs)
        for i, panel in enumerate(panels):
            if panel.after > count:
                raise _fail(
                    f"panels[{i}].after",
                    f"{panel.after} is past the end; the article has {count} paragraphs, "
                    f"so 'after' must be between 0 and {count}",
                )
        if panels is not self.panels:
            msgspec.structs.force_setattr(self, "panels", panels)

    @staticmethod
    def _paragraph(item: object, index: int) -> Paragraph:
        path = f"paragraphs[{index}]"
        if isinstance(item, Paragraph):
            return item
        if isinstance(item, str):
            check_text(item, path)
            return Paragraph(item)
        return _coerce(item, Paragraph, path)  # type: ignore[no-any-return]

    @staticmethod
    def _with_ids(panels: tuple[Panel, ...]) -> tuple[Panel, ...]:
        seen: dict[str, int] = {}
        for i, panel in enumerate(panels):
            if panel.id is None:
                continue
            if panel.id in seen:
                raise _fail(
                    f"panels[{i}].id",
                    f"{panel.id!r} is already the id of panels[{seen[panel.id]}]; panel ids must be unique",
                )
            seen[panel.id] = i
        if len(seen) == len(panels):
            return panels
        result = []
        for i, panel in enumerate(panels):
            if panel.id is None:
                candidate, n = f"q{i + 1}", 1
                while candidate in seen:
                    n += 1
                    candidate = f"q{i + 1}-{n}"
                seen[candidate] = i
                panel = msgspec.structs.replace(panel, id=candidate)
            result.append(panel)
        return tuple(result)

    # -- typed access -------------------------------------------------------------------

    def panel(self, panel_id: str) -> Panel:
        """The panel with this id; ``KeyError`` names the known ids if there is none."""
        for panel in self.panels:
            if panel.id == panel_id:
                return panel
        known = ", ".join(repr(p.id) for p in self.panels) or "none"
        raise KeyError(f"no panel {panel_id!r}; the article's panels are {known}")

    @property
    def panel_ids(self) -> list[str]:
        """The panel ids in article order."""
        return [p.id for p in self.panels if p.id is not None]

    def top_questions(self, *, max_questions: int | None = None, min_sources: int = 0) -> Article:
        """A copy of the article that shows only its best questions.

        ``min_sources`` drops questions answered by fewer independent sources (distinct outlets,
        an outlet and its copies once: see ``copy_of``); then, if more than ``max_questions``
        remain, the best-ranked ones stay (more independent sources first, then
        discord before consensus, then article order: the ranking of a stack). Kept questions
        keep their ids, places and article order, so annotations and ``expanded`` still apply::

            article.top_questions(min_sources=3, max_questions=20)
        """
        return top_questions(self, max_questions=max_questions, min_sources=min_sources)

    def select(self, *, max_questions: int | None = None, min_sources: int = 0) -> Article:
        """Deprecated: the old name of :meth:`top_questions` (``ContextWidget.select`` highlights an answer)."""
        warnings.warn(
            "Article.select() is deprecated; use Article.top_questions(max_questions=..., min_sources=...)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.top_questions(max_questions=max_questions, min_sources=min_sources)

    # -- display ------------------------------------------------------------------------

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """The article's own MIME type (rendered in JupyterLab and Notebook 7 with no kernel),
        script-free ``text/html`` and a one-line ``text/plain``; see :mod:`ctxwidget.mime`."""
        from .mime import mimebundle  # the display layer sits above the model: imported when shown

        return mimebundle(self)

    # -- conversions --------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """Build and validate an article from its dict form (see :func:`json_schema`)."""
        if isinstance(data, Article):
            return data
        if not isinstance(data, Mapping):
            raise _fail("(article)", f"expected an object/dict, got {type(data).__name__}")
        return _convert(data, cls, "")  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict form; ``Article.from_dict(a.to_dict()) == a``.

        Every key is written, at its default too (``"author": None``, ``"after": 0``,
        ``"answers": []``, ``"kind": "text"``), so every article has the same shape:
        ``json_schema(mode="output")``.
        """
        # Through JSON bytes (both steps in C): tuples come back as lists.
        return msgspec.json.decode(msgspec.json.encode(self))  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls, text: str | bytes) -> Article:
        """Parse and validate JSON text; syntax errors name the line."""
        if isinstance(text, (bytes, bytearray, memoryview)):
            decode_utf8(bytes(text))  # only for its error, which names the line
            text = bytes(text)
        if not text.strip():
            raise ValidationError('empty: expected a JSON object such as {"title": "..."}', line=1)
        try:
            return msgspec.json.decode(text, type=cls)
        except msgspec.ValidationError as exc:
            raise translate(exc, "", _fields_at) from None
        except msgspec.DecodeError as exc:
            raise decode_error(exc, text) from None
        except RecursionError:
            raise ValidationError("nested too deeply to be an article", line=1) from None

    def to_json(self, *, indent: int = 0) -> str:
        """The JSON text of :meth:`to_dict` (every key written)."""
        raw = msgspec.json.encode(self)
        if indent:
            raw = msgspec.json.format(raw, indent=indent)
        return raw.decode("utf-8")

    # -- tables: kept for convenience, the conversions live in ctxwidget.adapters ------------

    def answers_frame(self) -> pd.DataFrame:
        """One row per answer, as :func:`ctxwidget.adapters.answers_frame` (the home of this conversion).

        Columns: panel_id, question, after, source, answer, group, url, context, copy_of. Needs pandas.
        """
        from .adapters.frames import answers_frame  # at call time: the model needs no adapter to load

        frame: pd.DataFrame = answers_frame(self)
        return frame

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        title: str,
        paragraphs: Sequence[str | Paragraph] = (),
        **fields: Any,
    ) -> Article:
        """An article from an :meth:`answers_frame`-shaped frame, as :func:`ctxwidget.adapters.article_from_frame`."""
        from .adapters.frames import article_from_frame  # at call time, as above

        article: Article = article_from_frame(frame, title=title, paragraphs=paragraphs, **fields)
        return article


def _fields_at(path: str) -> str:
    """The allowed field names of the struct at ``path`` (best effort), for unknown-field errors."""
    tail = path.rsplit(".", 1)[-1]
    for name, cls in (("answers", Answer), ("panels", Panel), ("paragraphs", Paragraph)):
        if tail.startswith(name + "["):
            return ", ".join(cls.__struct_fields__)
    return ", ".join(Article.__struct_fields__)


def _convert(data: Any, cls: type[msgspec.Struct], base: str) -> Any:
    return convert(data, cls, base, _fields_at)


SchemaMode = Literal["input", "output"]


def json_schema(mode: SchemaMode = "input") -> dict[str, Any]:
    """The JSON Schema of the article's JSON form.

    ``mode="input"`` (the default) describes what :meth:`Article.from_dict` and
    :meth:`Article.from_json` accept: only ``title`` and ``question`` are required,
    paragraphs may be plain strings, panel ids may be left out. ``mode="output"``
    describes what :meth:`Article.to_dict` and :meth:`Article.to_json` write: every
    key of every object is present (``null``, ``0``, ``[]`` or ``"text"`` at its
    default), each paragraph is an object and each panel has its id.
    """
    if mode not in ("input", "output"):
        raise ValueError(f"mode must be 'input' or 'output', not {mode!r}")
    schema: dict[str, Any] = msgspec.json.schema(Article)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ctxwidget article"
    if mode == "output":
        defs = schema["$defs"]
        for definition in defs.values():
            definition["required"] = list(definition["properties"])
            for prop in definition["properties"].values():
                prop.pop("default", None)
        defs["Article"]["properties"]["paragraphs"]["items"] = {"$ref": "#/$defs/Paragraph"}
        panel = defs["Panel"]["properties"]
        panel["id"] = next(option for option in panel["id"]["anyOf"] if option.get("type") == "string")
        schema["title"] = "ctxwidget article (as written)"
    return schema
