"""Moved: the adapters' field checks are in :mod:`ctxwidget.fields` (this name stays until
``ctxwidget.pipeline`` imports them from there)."""

from __future__ import annotations

from ..fields import (
    domain,
    get,
    group_label,
    identifier,
    index,
    key_path,
    kind,
    mapping,
    optional_text,
    sequence,
    text,
    unique_id,
    url,
    url_domain,
)

__all__ = [
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
    "text",
    "unique_id",
    "url",
    "url_domain",
]
