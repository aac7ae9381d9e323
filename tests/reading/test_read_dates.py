"""Dates with their precision, and lines that only look like dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotstove.reading._dates import dateline, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026", (D(2026, 1, 1), "year")),
        ("2026-01", (D(2026, 1, 1), "month")),
        ("2026-01-12", (D(2026, 1, 12), "day")),
        ("2026-01-12T23:30:00-08:00", (D(2026, 1, 12), "day")),  # as written, not UTC
        ("January 12, 2026", (D(2026, 1, 12), "day")),
        ("Jan. 12, 2026", (D(2026, 1, 12), "day")),
        ("Sept. 3, 2025", (D(2025, 9, 3), "day")),
        ("12 January 2026", (D(2026, 1, 12), "day")),
        ("Monday, January 12, 2026", (D(2026, 1, 12), "day")),
        ("January 2026", (D(2026, 1, 1), "month")),
        ("Jan. 12, 2026 at 3:04 pm ET", (D(2026, 1, 12), "day")),
        ("Mon, 12 Jan 2026 23:04:00 -0800", (D(2026, 1, 12), "day")),
        ("1/13/2026", (D(2026, 1, 13), "day")),
        ("1/12/2026", None),  # January 12 or 1 December: not guessed
        ("Feb. 15", None),  # no year
        ("yesterday", None),
        ("2 days ago", None),
        ("in 2025", None),
        ("2026-13-01", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: tuple[dt.date, str] | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("January 12, 2026", D(2026, 1, 12)),
        ("Published Jan. 12, 2026 at 3:04 pm ET", D(2026, 1, 12)),
        ("Posted on March 3, 2024", D(2024, 3, 3)),
        ("Published: January 12, 2026 | Updated: Jan 13, 2026", D(2026, 1, 12)),
        ("Updated January 13, 2026", None),
        ("2026", None),
        ("Feb. 15 - The New York Mets claimed catcher Ben Rortvedt", None),
        ("Big Dumper, Bigger Numbers: Cal Raleigh's 2025 in Review", None),
        ("May 2025 was a good month for him.", None),
    ],
)
def test_dateline(line: str, expected: dt.date | None) -> None:
    found = dateline(line)
    assert (found[0] if found else None) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60),
        st.lists(
            st.sampled_from(
                [
                    "Jan.",
                    "January",
                    " ",
                    "12",
                    ",",
                    "2026",
                    "at",
                    "3:04",
                    "pm",
                    "ET",
                    "-",
                    "/",
                    "Published",
                    "Mon",
                    "\u0662\u0660\u0662\u0666",
                    "\uff12",
                    "T",
                    ":",
                ]
            ),
            max_size=12,
        ).map("".join),
    )
)
def test_dates_never_raise(text: str) -> None:
    for found in (parse_date(text), dateline(text)):
        assert found is None or found[1] in ("day", "month", "year")
