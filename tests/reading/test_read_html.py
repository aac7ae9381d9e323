"""Web pages: trafilatura's reading, metadata from meta tags, and broken markup."""

from __future__ import annotations

import datetime as dt

import pytest
from reading_paths import FIXTURES

from hotstove.reading import read
from hotstove.records import Article, ReadError, article_id


def _one(name: str) -> Article | ReadError:
    (item,) = list(read([FIXTURES / name]))
    return item


def test_page_with_metadata() -> None:
    item = _one("page.html")
    assert isinstance(item, Article), item
    assert item.kind == "html"
    assert item.title == "Red Sox Keep Calling About Dalton Rushing"
    assert item.outlet == "Fenway Ledger"
    assert item.author == "Pat Example"
    assert item.published == dt.date(2026, 1, 12) and item.published_precision == "day"
    assert item.url == "https://fenwayledger.example/2026/01/red-sox-rushing"
    assert item.text == f"{item.title}\n\n{item.body}"
    assert item.body_start == len(item.title) + 2
    assert item.body.startswith("The Boston Red Sox have checked in")
    assert "Carlos Narváez" in item.body
    # page chrome, scripts and styles are not the story; the headline is not repeated
    for junk in ("Subscribe", "Copyright", "window.ads", "font-family", "\n\nRed Sox Keep"):
        assert junk not in item.text
    assert item.notes == ()
    assert item.id == article_id(item.title, item.body)


def test_broken_html_still_reads() -> None:
    item = _one("broken.html")
    assert isinstance(item, Article), item
    assert item.title == "Mets Claim Catcher Off Waivers"
    assert "Triple-A Syracuse" in item.body
    assert item.published is None
    assert "no publication date in the source" in item.notes


def test_page_without_text_is_an_error() -> None:
    item = _one("empty_page.html")
    assert item == ReadError(str(FIXTURES / "empty_page.html"), "no article text found in the HTML")


@pytest.mark.parametrize(
    "html",
    [
        "<<<>>>",
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<html><body><div><div><span></span></div>",
        "<!-- nothing but a comment -->",
        "<?xml version='1.0'?><html><body><script>x()</script></body></html>",
    ],
)
def test_markup_without_words_is_an_error(tmp_path, html: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(html, "utf-8")
    (item,) = list(read([path]))
    assert isinstance(item, ReadError), item
    assert "\n" not in item.message


def test_unclosed_tags_fall_back_to_lxml(tmp_path) -> None:
    path = tmp_path / "frag.htm"
    path.write_text(
        "<title>Brewers Trade Reliever</title><p>The Milwaukee Brewers traded a reliever to the "
        "Mariners for a prospect on Monday.<p><b>More to come",
        "utf-8",
    )
    (item,) = list(read([path]))
    assert isinstance(item, Article), item
    assert item.title == "Brewers Trade Reliever"
    assert "Milwaukee Brewers traded a reliever" in item.body


def test_html_sniffed_despite_the_extension(tmp_path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_bytes((FIXTURES / "page.html").read_bytes())
    (item,) = list(read([path]))
    assert isinstance(item, Article) and item.kind == "html"
    assert item.id == _one("page.html").id  # same story, same id


def test_same_story_from_html_and_text_is_one_id(tmp_path) -> None:
    page = _one("page.html")
    assert isinstance(page, Article)
    path = tmp_path / "story.txt"
    path.write_text(page.text + "\n", "utf-8")
    (text,) = list(read([path]))
    assert isinstance(text, Article)
    assert text.id == page.id
