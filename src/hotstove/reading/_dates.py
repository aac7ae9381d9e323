"""Publication dates as written, with their precision; nothing is guessed.

``parse_date`` accepts ISO forms (``2026``, ``2026-01``, ``2026-01-12``, ``2026-01-12T15:04Z``),
e-mail/RSS dates (``Mon, 12 Jan 2026 15:04:00 GMT``), unambiguous numeric dates
(``1/13/2026``, not ``1/12/2026``) and English month-name dates (``January 12, 2026``,
``Jan. 12, 2026 at 3:04 pm ET``, ``12 January 2026``, ``January 2026``) read by dateparser.
A date must carry a four-digit year. The date is the one written, not converted to UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from hotstove.records import DatePrecision

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

Dated = tuple[dt.date, DatePrecision]

_ISO = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)?)?", re.ASCII
)
_RFC2822_START = re.compile(r"[A-Za-z]{3},\s*\d", re.ASCII)
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", re.ASCII)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_YEAR = r"(?:1[89]|20)\d{2}"
# "January 12, 2026", "Jan. 12 2026", "12 January 2026", "January 2026" (one date, nothing else)
_NAMED = re.compile(
    rf"{_WEEKDAY}(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}"
    rf"|{_MONTH},?\s+{_YEAR})",
    re.IGNORECASE | re.ASCII,
)
# what may follow a date in a dateline: a time and a zone ("at 3:04 pm ET", "15:04 GMT")
_TIME_TAIL = re.compile(
    r"(?:,?\s*(?:at\s+)?\d{1,2}(?::\d{2})?(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*\(?[A-Z]{1,5}\)?)?)?\s*\.?",
    re.IGNORECASE | re.ASCII,
)


def parse_date(value: str) -> Dated | None:
    """The date in ``value`` (the whole string is the date) and its precision, or None."""
    s = " ".join(value.split())
    if not s or len(s) > 80:
        return None
    m = _ISO.fullmatch(s)
    if m:
        return _iso(m)
    if _RFC2822_START.match(s):
        try:
            when = parsedate_to_datetime(s)  # RFC 2822, as in RSS <pubDate>
        except (TypeError, ValueError, IndexError):
            pass
        else:
            return when.date(), "day"
    m = _NUMERIC.fullmatch(s)
    if m:
        return _numeric(m)
    m = _NAMED.match(s)
    if m and _TIME_TAIL.fullmatch(s[m.end() :]):
        return _named(m.group(0))
    return None


def _iso(m: re.Match[str]) -> Dated | None:
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            return dt.date(int(year), int(month), int(day)), "day"
        if month:
            return dt.date(int(year), int(month), 1), "month"
        return dt.date(int(year), 1, 1), "year"
    except ValueError:
        return None


def _numeric(m: re.Match[str]) -> Dated | None:
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if a <= 12 and b <= 12 and a != b:
        return None  # 1/12/2026: January 12 or 1 December? Not guessed.
    month, day = (a, b) if a <= 12 else (b, a)
    try:
        return dt.date(year, month, day), "day"
    except ValueError:
        return None


def _named(text: str) -> Dated | None:
    data = _parser().get_date_data(text)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "month":
        return day.replace(day=1), "month"
    if data.period == "year":
        return dt.date(day.year, 1, 1), "year"
    return day, "day"


@lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    from dateparser.date import DateDataParser  # slow import: only when a date needs it

    return DateDataParser(
        languages=["en"],
        settings={
            "REQUIRE_PARTS": ["year"],
            "PARSERS": ["absolute-time"],  # never "2 days ago" relative to today
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


_DATELINE_PREFIX = re.compile(
    r"(?:published|posted|first published)(?:\s+on)?\s*:?\s*", re.IGNORECASE
)
_UPDATED = re.compile(r"(?:last\s+)?updated\b", re.IGNORECASE)


def dateline(line: str) -> Dated | None:
    """A line that is only a publication date: ``January 12, 2026``, ``Published Jan. 12, 2026
    at 3:04 pm ET``. ``Updated ...`` lines are not publication dates."""
    s = line.strip()
    if not s or len(s) > 80 or _UPDATED.match(s):
        return None
    s = _DATELINE_PREFIX.sub("", s, count=1) if _DATELINE_PREFIX.match(s) else s
    # "Jan. 12, 2026 | Updated Jan. 13, 2026": the first part is the publication date
    s = re.split(r"\s+[|\u2022\u00b7]\s+", s, maxsplit=1)[0]
    if not _NAMED.match(s) and not _ISO.fullmatch(s):
        return None
    found = parse_date(s)
    if found is None or found[1] == "year":  # a bare "2026" line is not a dateline
        return None
    return found
