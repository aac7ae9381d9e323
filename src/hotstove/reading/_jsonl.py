"""JSON Lines: one article a line, ``{"id", "title", "text", "outlet", "url", "published"}``.

``text`` may be plain text or HTML; ``body`` and ``content`` are accepted for it, ``author``
and ``source`` are read too. The line's ``id`` only names the source (``<file>#<id>``); the
article's id comes from its content like every other article's. A bad line is reported with
its number (``<file>#line-<n>``) and the other lines are read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from hotstove.errors import BadInput, HotstoveError
from hotstove.reading._article import build
from hotstove.reading._dates import parse_date
from hotstove.reading._html import fragment_to_text
from hotstove.records import Article, ReadError

_LOOKS_HTML = re.compile(r"<(?:p|div|br|span|a|b|i|em|strong|h[1-6]|article|ul|li)\b", re.I)
_TEXT_KEYS = ("text", "body", "content")
_STRING_KEYS = ("id", "title", "outlet", "source", "url", "author", "published", *_TEXT_KEYS)


def read_jsonl(
    text: str, *, source: str, published: dt.date | None = None
) -> Iterator[Article | ReadError]:
    """Every line of a JSON Lines file as an article (or a ReadError for that line)."""
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}#line-{n}"
        try:
            yield _line(line, n, source=source, published=published)
        except HotstoveError as exc:
            yield ReadError(where, f"line {n}: {exc}")
        except Exception as exc:  # a parser bug on one entry must not lose the others
            yield ReadError(
                where,
                f"line {n}: could not read it ({type(exc).__name__}: {' '.join(str(exc).split())})",
            )


def _line(line: str, n: int, *, source: str, published: dt.date | None) -> Article:
    try:
        row: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadInput(f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(row, dict):
        raise BadInput(f"expected a JSON object, got {type(row).__name__}")
    for key in _STRING_KEYS:
        value = row.get(key)
        if value is not None and not isinstance(value, str | int):
            raise BadInput(f"{key!r} must be a string, not {type(value).__name__}")
    body = next((str(row[k]) for k in _TEXT_KEYS if row.get(k) not in (None, "")), "")
    if _LOOKS_HTML.search(body):
        body = fragment_to_text(body)
    title = str(row["title"]) if row.get("title") is not None else None
    if not (title or "").strip() and not body.strip():
        raise BadInput("no title and no text")
    raw = str(row["published"]) if row.get("published") not in (None, "") else None
    ident = row.get("id")
    return build(
        source=f"{source}#{ident}" if ident not in (None, "") else f"{source}#line-{n}",
        kind="jsonl",
        title=title,
        body=body,
        outlet=_opt(row, "outlet") or _opt(row, "source"),
        author=_opt(row, "author"),
        published=parse_date(raw) if raw else None,
        published_raw=raw,
        given=published,
        url=_opt(row, "url"),
    )


def _opt(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)
