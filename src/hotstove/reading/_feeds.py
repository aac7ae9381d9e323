"""RSS and Atom feeds: one article per entry, read with feedparser.

Each entry's title, content (or summary) HTML, link, author and date become an article; the
outlet is the feed's title and ``source`` is ``<feed>#<entry link>`` (``#<n>``, counting from 1,
when an entry has no link). An entry with no title and no text is reported on its own.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from typing import Any

from hotstove.errors import BadInput, HotstoveError
from hotstove.reading._article import build, clean_line
from hotstove.reading._dates import Dated, parse_date
from hotstove.reading._html import fragment_to_text
from hotstove.records import Article, ReadError


def read_feed(
    data: bytes, *, source: str, published: dt.date | None = None
) -> Iterator[Article | ReadError]:
    """Every entry of an RSS or Atom feed, in the feed's order."""
    import feedparser  # slow import: only when a feed is read

    # a stream, never bytes or str: feedparser would treat those as a path or a URL to open
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    entries = list(parsed.entries)
    if not entries:
        if not parsed.get("version"):
            raise BadInput("not an RSS or Atom feed")
        if parsed.get("bozo"):
            reason = " ".join(str(parsed.get("bozo_exception", "malformed XML")).split())
            raise BadInput(f"not a readable RSS or Atom feed ({reason[:120]})")
        raise BadInput("the feed has no entries")
    outlet = clean_line(parsed.feed.get("title"))
    for n, entry in enumerate(entries, start=1):
        link = clean_line(entry.get("link"))
        where = f"{source}#{link or n}"
        try:
            yield _entry(entry, n, source=where, outlet=outlet, published=published, link=link)
        except HotstoveError as exc:
            yield ReadError(where, str(exc))
        except Exception as exc:  # a parser bug on one entry must not lose the others
            yield ReadError(
                where, f"could not read it ({type(exc).__name__}: {' '.join(str(exc).split())})"
            )


def _entry(
    entry: Any,
    n: int,
    *,
    source: str,
    outlet: str | None,
    published: dt.date | None,
    link: str | None,
) -> Article:
    title = fragment_to_text(entry.get("title") or "")
    html = ""
    for part in entry.get("content") or ():
        html = part.get("value") or ""
        if html.strip():
            break
    if not html.strip():
        html = entry.get("summary") or entry.get("description") or ""
    body = fragment_to_text(html)
    if not title.strip() and not body.strip():
        raise BadInput(f"feed entry {n} has no title and no text")
    raw = entry.get("published") or entry.get("updated")
    notes: tuple[str, ...] = ()
    if not entry.get("published") and raw:
        notes = ("date is the entry's last update (no publication date given)",)
    author = (entry.get("author_detail") or {}).get("name") or entry.get("author")
    return build(
        source=source,
        kind="feed",
        title=title,
        body=body,
        outlet=outlet,
        author=author,
        published=_date(raw),
        published_raw=raw,
        given=published,
        url=link,
        notes=notes,
    )


def _date(raw: str | None) -> Dated | None:
    """An entry's date as written (RFC 822 in RSS, ISO 8601 in Atom)."""
    if not raw:
        return None
    try:
        return parsedate_to_datetime(raw).date(), "day"
    except (TypeError, ValueError, IndexError):
        return parse_date(raw)
