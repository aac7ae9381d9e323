"""RSS 2.0 and Atom feeds: one article per entry, a bad entry reported on its own."""

from __future__ import annotations

import datetime as dt

from reading_paths import FIXTURES

from hotstove.reading import read
from hotstove.records import Article, ReadError


def test_rss_three_items_one_empty() -> None:
    feed = FIXTURES / "feed_rss.xml"
    items = list(read([feed]))
    assert [type(i).__name__ for i in items] == ["Article", "ReadError", "Article"]
    alonso, empty, lowe = items
    assert isinstance(alonso, Article) and isinstance(lowe, Article)
    assert isinstance(empty, ReadError)

    assert alonso.kind == "feed"
    assert alonso.source == f"{feed}#https://hotstovewire.example/2025/12/alonso-orioles"
    assert alonso.title == "Orioles, Alonso Agree on Five-Year Deal"
    assert alonso.outlet == "Hot Stove Wire"
    assert alonso.author == "Jamie Writer"
    assert alonso.url == "https://hotstovewire.example/2025/12/alonso-orioles"
    # the date as written (local time), not converted to UTC (which would be Dec 12)
    assert alonso.published == dt.date(2025, 12, 11) and alonso.published_precision == "day"
    # content:encoded wins over the shorter description; HTML becomes one paragraph a line
    assert alonso.body.startswith("Pete Alonso and the Baltimore Orioles")
    assert "\nThe first baseman hit 38 home runs" in alonso.body
    assert "<p>" not in alonso.text
    assert alonso.text == f"{alonso.title}\n\n{alonso.body}"

    assert empty.source == f"{feed}#https://hotstovewire.example/2025/12/empty"
    assert empty.message == "feed entry 2 has no title and no text"

    assert lowe.source == f"{feed}#3"  # no link: the entry's number
    assert lowe.published is None and "no publication date in the source" in lowe.notes


def test_atom_feed() -> None:
    feed = FIXTURES / "feed.atom"
    items = list(read([feed]))
    assert all(isinstance(i, Article) for i in items) and len(items) == 2
    first, second = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.title == "Realmuto Stays in Philadelphia"
    assert first.author == "Robin Example"
    assert first.outlet == "Catcher Watch"
    assert first.published == dt.date(2026, 1, 9)  # <published>, not <updated>
    assert first.body.startswith("J.T. Realmuto re-signed")
    assert first.source == f"{feed}#https://catcherwatch.example/realmuto-stays"
    assert second.published == dt.date(2026, 1, 10)
    assert any("last update" in n for n in second.notes)


def test_feed_sniffed_by_content(tmp_path) -> None:
    path = tmp_path / "download"
    path.write_bytes((FIXTURES / "feed.atom").read_bytes())
    items = list(read([path]))
    assert len(items) == 2 and all(isinstance(i, Article) for i in items)


def test_xml_that_is_not_a_feed(tmp_path) -> None:
    path = tmp_path / "notes.xml"
    path.write_text('<?xml version="1.0"?><notes><note>hello there</note></notes>', "utf-8")
    (item,) = list(read([path]))
    assert item == ReadError(str(path), "not an RSS or Atom feed")


def test_truncated_feed_keeps_what_it_can(tmp_path) -> None:
    data = (FIXTURES / "feed_rss.xml").read_text("utf-8")
    path = tmp_path / "cut.rss"
    path.write_text(data[: data.index("<item>", data.index("</item>"))], "utf-8")
    items = list(read([path]))
    assert items and isinstance(items[0], Article)
    assert items[0].title == "Orioles, Alonso Agree on Five-Year Deal"


def test_feed_ids_are_stable() -> None:
    a = [i.id for i in read([FIXTURES / "feed_rss.xml"]) if isinstance(i, Article)]
    b = [i.id for i in read([FIXTURES / "feed_rss.xml"]) if isinstance(i, Article)]
    assert a == b and len(set(a)) == 2
