"""Plain text: the title on the first non-empty line, then the body.

``text`` is the input exactly (after decoding, ``\\n`` line endings and no BOM), so every
character span points into the file. Right after the title an optional header block is read
into fields and left in ``text``::

    Red Sox Target Young Dodgers Catcher
    By Sean McAdam
    Outlet: MassLive
    Published: 2026-01-12
    URL: https://www.masslive.com/...

Header lines are ``Published:``/``Date:``/``Posted:``, ``Outlet:``/``Source:``/``Publication:``,
``Author:``/``By:`` or ``By Name``, ``URL:``/``Link:``, and a line that is only a date
(``January 12, 2026``, ``Published Jan. 12, 2026 at 3:04 pm ET``). The body starts after the
block, so the id is the same as for the story read from HTML. A dateline a few lines further
down (after "In this story:", say) is still read, but only when the whole line is a date.
"""

from __future__ import annotations

import datetime as dt
import re

from hotstove.errors import BadInput
from hotstove.reading._article import clean_line, published_fields
from hotstove.reading._dates import Dated, dateline, parse_date
from hotstove.reading._decode import check_text, normalize
from hotstove.records import Article, SourceKind, article_id

_KEYS = {
    "published": "published",
    "date": "published",
    "posted": "published",
    "publication date": "published",
    "outlet": "outlet",
    "source": "outlet",
    "publication": "outlet",
    "author": "author",
    "by": "author",
    "byline": "author",
    "url": "url",
    "link": "url",
}
_FIELD = re.compile(r"\s*([A-Za-z][A-Za-z ]{0,20}?)\s*:\s*(\S.*?)\s*")
# "By Sean McAdam", "By J.P. Hoornstra, Orange County Register", "By Sean McAdam | MassLive"
_NAME_WORD = r"(?:[A-Z][\w'\u2019.-]*|de|van|von|la|del|da|di)"
_BYLINE = re.compile(
    rf"\s*[Bb]y\s+({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}"
    rf"(?:\s+and\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}})?)"
    r"(?:\s*[,|\u2013\u2014-]\s*([A-Z][^.!?]{1,59}?))?\s*"
)
_DATELINE_WINDOW = 6  # non-empty lines after the title searched for a dateline


def parse_text(
    text: str,
    *,
    source: str = "<text>",
    published: dt.date | None = None,
    kind: SourceKind = "text",
) -> Article:
    """Read pasted or decoded text as one article (see the module docstring for the layout).

    Raises :class:`hotstove.errors.BadInput` when the text is empty, binary or not English.
    """
    if not isinstance(text, str):
        raise BadInput(f"expected text, got {type(text).__name__}")
    text = normalize(text)
    check_text(text)
    lines = _lines(text)
    title_i = next(i for i, (_, line) in enumerate(lines) if line.strip())
    title_at, title_line = lines[title_i]
    title = title_line.strip()  # as written, so the title is found in ``text`` too

    fields: dict[str, str] = {}
    found: Dated | None = None
    raw_date: str | None = None
    body_start = len(text)
    in_header = True
    seen = 0
    for at, line in lines[title_i + 1 :]:
        if not line.strip():
            continue
        seen += 1
        if in_header:
            items = _header_items(line)
            for key, value in items:
                if key == "published" and found is None:
                    found = parse_date(value) or dateline(value)
                    raw_date = value if found is None else None
                elif key != "published":
                    fields.setdefault(key, value)
            if items:
                continue
            line_date = dateline(line)
            if line_date is not None:
                found = found or line_date
                continue
            in_header = False
            body_start = at + (len(line) - len(line.lstrip()))
        if found is None and seen <= _DATELINE_WINDOW:
            found = dateline(line)
        if found is not None or seen > _DATELINE_WINDOW:
            break
    if in_header:  # nothing but a title and its header block
        body_start = len(text)

    day, precision, notes = published_fields(found, published, raw=raw_date)
    return Article(
        id=article_id(title, text[body_start:]),
        source=source,
        title=title,
        text=text,
        body_start=body_start,
        outlet=fields.get("outlet"),
        author=fields.get("author"),
        published=day,
        published_precision=precision,
        url=fields.get("url"),
        kind=kind,
        notes=tuple(notes),
    )


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line with the offset where it starts in ``text``."""
    out: list[tuple[int, str]] = []
    at = 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def _header_items(line: str) -> list[tuple[str, str]]:
    """``[(field, value), ...]`` for a header line; empty when the line is not one."""
    if len(line) > 200:
        return []
    m = _FIELD.fullmatch(line)
    if m:
        key = _KEYS.get(" ".join(m.group(1).casefold().split()))
        value = clean_line(m.group(2))
        return [(key, value)] if key is not None and value is not None else []
    m = _BYLINE.fullmatch(line)
    if m is None or len(line) > 100:
        return []
    items = [("author", " ".join(m.group(1).split()))]
    if m.group(2):
        items.append(("outlet", " ".join(m.group(2).split())))
    return items
