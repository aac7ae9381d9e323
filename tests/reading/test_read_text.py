"""Plain text: the real articles, header blocks, datelines, and read_text on anything."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reading_paths import DEV_ARTICLES, FIXTURES, SEED_ARTICLES, real_articles

from hotstove.errors import BadInput
from hotstove.reading import read, read_text
from hotstove.records import Article, article_id

REAL = real_articles()
NO_DATE = "no publication date in the source"


def test_the_real_article_folders_are_there() -> None:
    if not SEED_ARTICLES.is_dir():
        pytest.skip("no shared articles folder next to the repository")
    assert len(list(SEED_ARTICLES.glob("*.txt"))) == 2
    assert len(list(DEV_ARTICLES.glob("*.txt"))) == 24


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_article_reads_as_its_file(path: Path) -> None:
    (item,) = list(read([path]))
    assert isinstance(item, Article), item
    content = path.read_text("utf-8")
    assert item.text == content  # spans point into the file
    assert item.title == content.split("\n", 1)[0].strip()
    assert item.kind == "text"
    assert item.source == str(path)
    assert item.body.strip() and item.body_start > len(item.title)
    assert item.text[item.body_start - 1] == "\n"
    # none of these files states an outlet or a date: nothing is guessed
    assert item.published is None and item.published_precision is None
    assert item.outlet is None and item.url is None
    assert NO_DATE in item.notes
    assert item.id == article_id(item.title, item.body)


def test_seed_article_body_starts_at_in_this_story() -> None:
    path = SEED_ARTICLES / "seed-000-rushing-revisit.txt"
    if not path.is_file():
        pytest.skip("no shared articles folder")
    (item,) = list(read([path]))
    assert isinstance(item, Article)
    assert (
        item.title == "Boston Red Sox Possibly Revisiting Dalton Rushing Trade Talks with Dodgers"
    )
    assert item.body.startswith("In this story:\n")


def test_given_date_fills_in_with_a_note() -> None:
    path = SEED_ARTICLES / "seed-003-rushing-bold-pursuit.txt"
    if not path.is_file():
        pytest.skip("no shared articles folder")
    (item,) = list(read([path], published=dt.date(2026, 1, 12)))
    assert isinstance(item, Article)
    assert item.published == dt.date(2026, 1, 12) and item.published_precision == "day"
    assert NO_DATE in item.notes
    assert any("given by the caller" in n for n in item.notes)


def test_header_block_fills_fields_and_stays_in_text() -> None:
    path = FIXTURES / "header.txt"
    (item,) = list(read([path]))
    assert isinstance(item, Article)
    assert item.text == path.read_text("utf-8")
    assert item.title == "Red Sox Still Talking to Dodgers About Rushing"
    assert item.author == "Pat Example"
    assert item.outlet == "Fenway Ledger"
    assert item.published == dt.date(2026, 1, 12) and item.published_precision == "day"
    assert item.url == "https://fenwayledger.example/2026/01/red-sox-rushing"
    assert item.body.startswith("The Boston Red Sox have checked in")
    assert item.notes == ()


def test_source_date_wins_over_the_given_one() -> None:
    (item,) = list(read([FIXTURES / "header.txt"], published=dt.date(2026, 2, 1)))
    assert isinstance(item, Article)
    assert item.published == dt.date(2026, 1, 12)
    assert NO_DATE not in item.notes


def test_dateline_near_the_top() -> None:
    (item,) = list(read([FIXTURES / "dateline.txt"]))
    assert isinstance(item, Article)
    assert item.published == dt.date(2026, 1, 10)
    assert item.body.startswith("Alex Bregman agreed")


@pytest.mark.parametrize(
    ("header", "outlet", "author", "published", "precision"),
    [
        ("Source: MassLive\nDate: 2026-01", "MassLive", None, dt.date(2026, 1, 1), "month"),
        ("Author: Sean McAdam\nPosted: 2026-01-12T08:00:00Z", None, "Sean McAdam", None, None),
        ("By Sean McAdam, MassLive", "MassLive", "Sean McAdam", None, None),
        ("January 12, 2026", None, None, dt.date(2026, 1, 12), "day"),
        ("Updated: Jan. 13, 2026", None, None, None, None),  # not a header: the body starts
    ],
)
def test_header_forms(
    header: str,
    outlet: str | None,
    author: str | None,
    published: dt.date | None,
    precision: str | None,
) -> None:
    text = f"Headline Here\n{header}\n\nThe Red Sox are still looking for a catcher this winter.\n"
    item = read_text(text)
    assert item.outlet == outlet
    assert item.author == author
    if "Posted" in header:
        published, precision = dt.date(2026, 1, 12), "day"
    assert item.published == published
    assert item.published_precision == precision
    assert item.text == text


@pytest.mark.parametrize(
    "first_body_line",
    [
        "Feb. 15 - The New York Mets claimed catcher Ben Rortvedt off waivers.",
        "SEATTLE - The Randy Johnson era is over.",
        "By Opening Day, the Sox will know what they have.",
        "In 2025 the Red Sox used four catchers.",
        "2026",
    ],
)
def test_body_lines_are_not_dates_or_headers(first_body_line: str) -> None:
    item = read_text(f"Headline Here\n\n{first_body_line}\nMore text follows here.\n")
    assert item.published is None and item.author is None
    assert item.body.startswith(first_body_line)


def test_read_text_normalizes_newlines_and_bom() -> None:
    item = read_text("\ufeffTitle line\r\n\r\nBody line one.\rBody line two.\r\n", source="paste")
    assert item.text == "Title line\n\nBody line one.\nBody line two.\n"
    assert item.title == "Title line" and item.source == "paste"
    assert item.body == "Body line one.\nBody line two.\n"


def test_title_only() -> None:
    item = read_text("  Just a headline about the Red Sox  \n\n")
    assert item.title == "Just a headline about the Red Sox"
    assert item.body == ""


@pytest.mark.parametrize("text", ["", "   \n\t\n", "\ufeff"])
def test_read_text_refuses_empty(text: str) -> None:
    with pytest.raises(BadInput):
        read_text(text)


def test_same_story_same_id() -> None:
    text = (FIXTURES / "header.txt").read_text("utf-8")
    assert read_text(text).id == read_text(text.replace("\n", "\r\n"), source="other").id
    (a,) = list(read([FIXTURES / "header.txt"]))
    (b,) = list(read([FIXTURES / "header.txt"]))
    assert a == b


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_read_text_raises_only_bad_input(text: str) -> None:
    try:
        item = read_text(text)
    except BadInput:
        return
    assert item.title and item.title in item.text
    assert 0 <= item.body_start <= len(item.text)
    assert "\r" not in item.text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Published: ", "By ", "Outlet: ", "January 12, 2026", "\n", "x", "é"]),
        max_size=20,
    ).map("".join)
)
def test_read_text_header_like_noise(text: str) -> None:
    with contextlib.suppress(BadInput):
        read_text("Title\n" + text)
