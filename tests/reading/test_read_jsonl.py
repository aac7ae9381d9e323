"""JSON Lines: one article a line; a malformed line is reported by number, the rest read."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from reading_paths import FIXTURES

from hotstove.reading import read
from hotstove.records import Article, ReadError


def test_jsonl_with_one_malformed_line() -> None:
    path = FIXTURES / "articles.jsonl"
    items = list(read([path]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "ReadError", "Article"]
    skubal, garcia, bad, arraez = items
    assert isinstance(skubal, Article) and isinstance(garcia, Article)
    assert isinstance(arraez, Article) and isinstance(bad, ReadError)

    assert skubal.kind == "jsonl"
    assert skubal.source == f"{path}#a1"
    assert skubal.title == "Tigers Say Skubal Is Not Going Anywhere"
    assert skubal.outlet == "Motor City Notes"
    assert skubal.url == "https://motorcity.example/skubal"
    assert skubal.published == dt.date(2026, 1, 1) and skubal.published_precision == "month"
    assert skubal.published_str() == "2026-01"
    assert skubal.text == f"{skubal.title}\n\n{skubal.body}"

    assert garcia.published == dt.date(2026, 1, 12) and garcia.published_precision == "day"

    assert bad.source == f"{path}#line-3"
    assert bad.message.startswith("line 3: not valid JSON")

    # HTML in "text" becomes plain paragraphs
    assert arraez.body.startswith("The San Francisco Giants signed Luis Arraez")
    assert "<p>" not in arraez.text and "\nHe hit for a high average" in arraez.body


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "line 1: expected a JSON object, got list"),
        ('{"title": "", "text": ""}', "line 1: no title and no text"),
        ('{"title": ["a"], "text": "b"}', "line 1: 'title' must be a string, not list"),
    ],
)
def test_bad_lines(tmp_path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", "utf-8")
    assert list(read([path])) == [ReadError(f"{path}#line-1", message)]


def test_unreadable_date_is_noted_not_guessed(tmp_path) -> None:
    row = {
        "title": "Mets Sign a Reliever",
        "text": "The Mets signed a reliever.",
        "published": "soon",
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(row) + "\n\n", "utf-8")
    (item,) = list(read([path]))
    assert isinstance(item, Article)
    assert item.published is None
    assert "publication date 'soon' not understood; ignored" in item.notes
    assert "no publication date in the source" in item.notes


def test_title_taken_from_text_when_missing(tmp_path) -> None:
    row = {"text": "Padres Trade Closer\n\nThe Padres traded their closer to the Rangers."}
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(row), "utf-8")
    (item,) = list(read([path]))
    assert isinstance(item, Article)
    assert item.title == "Padres Trade Closer"
    assert item.body == "The Padres traded their closer to the Rangers."
