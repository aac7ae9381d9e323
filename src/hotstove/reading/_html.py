"""Web pages: trafilatura finds the story and its metadata; lxml is the fallback.

trafilatura gives the main text, title, author, date, site name and canonical URL (from
``<link rel=canonical>``, ``og:`` and ``article:`` tags). The date is read from the page's
markup and address only (htmldate's ``extensive_search`` is off), so no date is guessed from
numbers in the prose. When trafilatura finds nothing (short or broken pages) the tags are
stripped with lxml and ``<title>``/``og:title``/``<h1>`` names the story.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import lxml.html
from lxml import etree

from hotstove.errors import BadInput
from hotstove.reading._article import build, clean_line
from hotstove.reading._dates import parse_date
from hotstove.records import Article, SourceKind

_DATE_PARAMS = {"extensive_search": False, "original_date": True, "max_date": "2099-12-31"}

_BLOCKS_WORDS = (
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table td th tr ul"
)
_BLOCKS = frozenset(_BLOCKS_WORDS.split())
_NEVER_TEXT_WORDS = "script style noscript template svg iframe object embed head"
_NEVER_TEXT = frozenset(_NEVER_TEXT_WORDS.split())
_PAGE_CHROME_WORDS = "nav header footer aside form button"
_PAGE_CHROME = frozenset(_PAGE_CHROME_WORDS.split())


def read_html(
    html: str,
    *,
    source: str,
    kind: SourceKind = "html",
    published: dt.date | None = None,
    url: str | None = None,
) -> Article:
    """One article from a web page. Raises ``BadInput`` when the page has no readable text."""
    doc = _trafilatura(html, url)
    tree = _parse(html)
    meta = _meta(tree) if tree is not None else {}
    title = clean_line(doc.get("title")) or meta.get("title")
    body = doc.get("text") or ""
    notes: tuple[str, ...] = ()
    if not body.strip():
        body = html_to_text(tree, drop=_PAGE_CHROME) if tree is not None else ""
        if body.strip():
            notes = ("main text not found; all of the page's text was kept",)
    if not body.strip() and not title:
        raise BadInput("no article text found in the HTML")
    if not body.strip():
        raise BadInput("the HTML has a title but no article text")
    raw_date = doc.get("date") or meta.get("date")
    return build(
        source=source,
        kind=kind,
        title=title,
        body=body,
        outlet=doc.get("sitename") or meta.get("outlet"),
        author=doc.get("author") or meta.get("author"),
        published=parse_date(raw_date) if raw_date else None,
        published_raw=raw_date,
        given=published,
        url=doc.get("url") or meta.get("url") or url,
        notes=notes,
    )


def _trafilatura(html: str, url: str | None) -> dict[str, Any]:
    """trafilatura's reading of the page as a dict; empty when it finds nothing or fails."""
    from trafilatura import bare_extraction  # slow import: only when a page is read

    try:
        doc = bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
        found = doc.as_dict() if doc is not None and not isinstance(doc, dict) else doc
    except Exception:  # a third-party parser on arbitrary markup: fall back to lxml
        return {}
    return found if isinstance(found, dict) else {}


def _parse(html: str) -> Any:
    """The page as an lxml tree, or None when lxml cannot make one."""
    data = html.encode("utf-8", errors="replace")
    if not data.strip():
        return None
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
        return lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _meta(tree: Any) -> dict[str, str]:
    """Title, author, outlet, date and URL from ``<meta>``/``<link>``/``<title>``/``<h1>``."""
    found: dict[str, str] = {}
    wanted = {
        "og:title": "title",
        "twitter:title": "title",
        "author": "author",
        "article:author": "author",
        "og:site_name": "outlet",
        "application-name": "outlet",
        "article:published_time": "date",
        "date": "date",
        "pubdate": "date",
        "og:url": "url",
    }
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or "").strip().casefold()
        value = clean_line(el.get("content"))
        if key in wanted and value and wanted[key] not in found:
            found[wanted[key]] = value
    for el in tree.iter("link"):
        if "canonical" in (el.get("rel") or "").casefold().split() and el.get("href"):
            found["url"] = el.get("href").strip()
    if "title" not in found:
        for tag in ("title", "h1"):
            el = next(tree.iter(tag), None)
            text = clean_line(el.text_content()) if el is not None else None
            if text:
                found["title"] = text
                break
    if "author" in found and re.match(r"https?://", found["author"]):
        del found["author"]  # article:author is often a profile URL
    return found


def html_to_text(tree: Any, *, drop: frozenset[str] = frozenset()) -> str:
    """The visible text of an lxml tree, one paragraph a line (the tree is changed)."""
    for el in list(tree.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            continue
        tag = el.tag.casefold()
        if tag in _NEVER_TEXT or tag in drop:
            if el.getparent() is not None:
                el.drop_tree()
            continue
        if tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if tag != "br":
                el.text = "\n" + (el.text or "")
    try:
        text = tree.text_content()
    except ValueError:
        return ""
    lines = (" ".join(line.split()) for line in str(text).split("\n"))
    return "\n".join(line for line in lines if line)


def fragment_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's summary or content)."""
    if "<" not in fragment:
        return fragment.strip()
    tree = _parse(f"<html><body>{fragment}</body></html>")
    return html_to_text(tree) if tree is not None else ""
