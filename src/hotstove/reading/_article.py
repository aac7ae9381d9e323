"""Building an :class:`Article` once the title, body and metadata of an input are known."""

from __future__ import annotations

import datetime as dt
import re

from hotstove.errors import BadInput
from hotstove.reading._dates import Dated, parse_date
from hotstove.reading._decode import check_text
from hotstove.records import Article, DatePrecision, SourceKind, article_id

NO_DATE = "no publication date in the source"


def published_fields(
    found: Dated | None, given: dt.date | None, *, raw: str | None = None
) -> tuple[dt.date | None, DatePrecision | None, list[str]]:
    """``(published, precision, notes)`` from the source's date and the caller's fallback.

    The source's own date wins; the caller's date fills in only when the source has none, and
    either way the note says the source had none (never a silent guess).
    """
    notes: list[str] = []
    if raw and found is None:
        notes.append(f"publication date {raw.strip()[:40]!r} not understood; ignored")
    if found is not None:
        day, precision = found
        if given is not None and given != day and precision == "day":
            notes.append(f"the source's date {day.isoformat()} is used, not {given.isoformat()}")
        return day, precision, notes
    notes.append(NO_DATE)
    if given is not None:
        notes.append(f"publication date {given.isoformat()} given by the caller")
        return given, "day", notes
    return None, None, notes


def clean_line(value: str | None) -> str | None:
    """One line of metadata (a title, an author, an outlet): whitespace collapsed; '' -> None."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def clean_body(body: str) -> str:
    """Body text from markup or JSON: newlines normalized, lines right-stripped, at most one
    blank line in a row, no blank lines at either end."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    body = "\n".join(line.rstrip() for line in body.split("\n"))
    return _BLANK_RUNS.sub("\n\n", body).strip("\n").strip()


def drop_repeated_title(title: str, body: str) -> str:
    """Pages and feeds often repeat the headline as the body's first line: keep it once."""
    first, _, rest = body.partition("\n")
    if (clean_line(first) or "").casefold() == title.casefold():
        return rest.lstrip("\n")
    return body


def build(
    *,
    source: str,
    kind: SourceKind,
    title: str | None,
    body: str,
    outlet: str | None = None,
    author: str | None = None,
    published: Dated | None = None,
    published_raw: str | None = None,
    given: dt.date | None = None,
    url: str | None = None,
    notes: tuple[str, ...] = (),
) -> Article:
    """An article from parts (HTML, feed entry, JSON line): ``text`` = title, blank line, body.

    Without a title the body's first line becomes it. Raises ``BadInput`` when there is no text
    at all or the text is not English.
    """
    body = clean_body(body)
    head = clean_line(title)
    if head is None:
        first, _, rest = body.partition("\n")
        head = clean_line(first)
        body = rest.strip()
    else:
        body = drop_repeated_title(head, body)
    if head is None:
        raise BadInput("no title and no text")
    text = f"{head}\n\n{body}" if body else head
    check_text(text)
    day, precision, date_notes = published_fields(published, given, raw=published_raw)
    body_start = len(head) + 2 if body else len(head)
    return Article(
        id=article_id(head, body),
        source=source,
        title=head,
        text=text,
        body_start=body_start,
        outlet=clean_line(outlet),
        author=clean_line(author),
        published=day,
        published_precision=precision,
        url=clean_line(url),
        kind=kind,
        notes=(*notes, *date_notes),
    )


def parse_published(raw: str | None) -> Dated | None:
    return parse_date(raw) if raw else None
