"""URLs, against a local server only: content types, redirects, size caps, HTTP errors."""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_httpserver import HTTPServer
from reading_paths import FIXTURES

from hotstove.reading import read
from hotstove.records import Article, ReadError


def _only(url: str, **kw: object) -> Article | ReadError:
    items = list(read([url], **kw))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def test_web_page(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/story").respond_with_data(
        (FIXTURES / "page.html").read_bytes(), content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for("/story")
    item = _only(url)
    assert isinstance(item, Article), item
    assert item.kind == "url" and item.source == url
    assert item.title == "Red Sox Keep Calling About Dalton Rushing"
    assert item.outlet == "Fenway Ledger" and item.author == "Pat Example"
    assert item.published == dt.date(2026, 1, 12)
    assert item.url == "https://fenwayledger.example/2026/01/red-sox-rushing"  # canonical
    assert "Carlos Narváez" in item.body
    (request, _response) = httpserver.log[0]
    assert request.headers["User-Agent"].startswith("hotstove/")


def test_page_in_windows_1252(httpserver: HTTPServer) -> None:
    html = "<html><head><title>Narváez Stays</title></head><body><p>The Red Sox said Carlos "
    html += "Narváez is their catcher for the season, and they are not looking for another.</p>"
    httpserver.expect_request("/w").respond_with_data(
        (html + "</body></html>").encode("cp1252"), content_type="text/html; charset=windows-1252"
    )
    item = _only(httpserver.url_for("/w"))
    assert isinstance(item, Article) and item.title == "Narváez Stays"


def test_feed_url(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        (FIXTURES / "feed_rss.xml").read_bytes(), content_type="application/rss+xml"
    )
    url = httpserver.url_for("/feed")
    items = list(read([url]))
    assert [type(i).__name__ for i in items] == ["Article", "ReadError", "Article"]
    assert items[0].source == f"{url}#https://hotstovewire.example/2025/12/alonso-orioles"
    assert isinstance(items[0], Article) and items[0].kind == "feed"


def test_plain_text_url(httpserver: HTTPServer) -> None:
    text = (FIXTURES / "header.txt").read_text("utf-8")
    httpserver.expect_request("/a.txt").respond_with_data(text, content_type="text/plain")
    item = _only(httpserver.url_for("/a.txt"))
    assert isinstance(item, Article)
    assert item.kind == "url" and item.text == text and item.outlet == "Fenway Ledger"
    assert item.url == "https://fenwayledger.example/2026/01/red-sox-rushing"  # from the header

    bare = "Cubs Sign Bregman\n\nAlex Bregman signed with the Chicago Cubs on Saturday.\n"
    httpserver.expect_request("/b.txt").respond_with_data(bare, content_type="text/plain")
    item = _only(httpserver.url_for("/b.txt"))
    assert isinstance(item, Article) and item.url == httpserver.url_for("/b.txt")


def test_redirect_followed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for("/new")}
    )
    httpserver.expect_request("/new").respond_with_data(
        (FIXTURES / "header.txt").read_text("utf-8"), content_type="text/plain"
    )
    assert isinstance(_only(httpserver.url_for("/old")), Article)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.com/x"])
def test_redirect_to_another_scheme_refused(httpserver: HTTPServer, target: str) -> None:
    httpserver.expect_request("/jump").respond_with_data(
        "", status=302, headers={"Location": target}
    )
    item = _only(httpserver.url_for("/jump"))
    assert isinstance(item, ReadError)
    assert "only http and https URLs are read" in item.message
    assert len(httpserver.log) == 1  # refused without retrying


def test_redirect_loop(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": "/loop"}
    )
    item = _only(httpserver.url_for("/loop"))
    assert item == ReadError(httpserver.url_for("/loop"), "more than 5 redirects")


def test_wrong_content_type(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/img").respond_with_data(b"\x89PNG....", content_type="image/png")
    item = _only(httpserver.url_for("/img"))
    assert item == ReadError(
        httpserver.url_for("/img"), "the server sent image/png, not a web page, feed or text"
    )


def test_http_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    item = _only(httpserver.url_for("/gone"))
    assert isinstance(item, ReadError) and "HTTP 404" in item.message


def test_server_error_is_retried_then_reported(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/busy").respond_with_data("busy", status=503)
    item = _only(httpserver.url_for("/busy"))
    assert isinstance(item, ReadError) and "HTTP 503" in item.message
    assert len(httpserver.log) == 3


def test_size_cap(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(
        "Title\n\n" + "The Red Sox want a catcher. " * 2000, content_type="text/plain"
    )
    item = _only(httpserver.url_for("/big"), max_bytes=10_000)
    assert isinstance(item, ReadError) and "limit" in item.message


def test_non_english_page(httpserver: HTTPServer) -> None:
    body = (FIXTURES / "japanese.txt").read_text("utf-8")
    httpserver.expect_request("/ja").respond_with_data(body, content_type="text/plain")
    item = _only(httpserver.url_for("/ja"))
    assert item == ReadError(
        httpserver.url_for("/ja"), "not English text (hotstove reads English articles)"
    )


def test_one_bad_url_does_not_stop_the_rest(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    httpserver.expect_request("/a.txt").respond_with_data(
        (FIXTURES / "header.txt").read_text("utf-8"), content_type="text/plain"
    )
    items = list(read([httpserver.url_for("/gone"), httpserver.url_for("/a.txt")]))
    assert [type(i).__name__ for i in items] == ["ReadError", "Article"]
