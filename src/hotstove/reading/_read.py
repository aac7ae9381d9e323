"""``read``: files, folders and URLs to articles, one bad input never stopping the rest.

The format is chosen by the content first and the file's extension second:

- starts with ``<``: a feed when the root element is ``<rss>``, ``<feed>`` or ``<rdf:RDF>``,
  else a web page;
- the first non-empty line is a JSON object (or the name ends ``.jsonl``/``.ndjson``): JSON Lines;
- a name ending ``.html``/``.htm``/``.xhtml``: a web page; ``.xml``/``.rss``/``.atom``: a feed;
- anything else that decodes as text: plain text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from hotstove.errors import BadInput, HotstoveError
from hotstove.reading._decode import decode
from hotstove.reading._feeds import read_feed
from hotstove.reading._html import read_html
from hotstove.reading._jsonl import read_jsonl
from hotstove.reading._text import parse_text
from hotstove.reading._web import fetch_page
from hotstove.records import Article, ReadError, SourceKind

Item = Article | ReadError

DEFAULT_MAX_BYTES = 5_000_000
ONLY_HTTP = "only http and https URLs are read"

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_HTTP = re.compile(r"https?://", re.IGNORECASE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")  # two letters or more: not "C:\..."
_ROOT = re.compile(r"<([A-Za-z][\w:.-]*)")
_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s)*", re.DOTALL | re.I)


def read(
    sources: Iterable[str | Path],
    *,
    published: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Item]:
    """Read every source, in order: a file, a folder (recursed, files sorted, hidden files
    skipped) or an ``http(s)://`` URL. Yields an :class:`Article` per article found and a
    :class:`ReadError` per input (or feed entry, or JSON line) that could not be read.

    ``published`` is used for articles whose source states no date (with a note saying so).
    Files and downloads larger than ``max_bytes`` are refused.
    """
    if isinstance(sources, str | Path):
        sources = [sources]
    for src in sources:
        yield from _one(src, published=published, max_bytes=max_bytes)


def _one(src: str | Path, *, published: dt.date | None, max_bytes: int) -> Iterator[Item]:
    name = str(src)
    if isinstance(src, str):
        if _HTTP.match(src.strip()):
            yield from _guard(name, _url(src.strip(), published=published, max_bytes=max_bytes))
            return
        if _SCHEME.match(src) and not Path(src).exists():
            yield ReadError(name, ONLY_HTTP)
            return
    path = Path(src)
    if path.is_dir():
        files = _folder(path)
        if not files:
            yield ReadError(name, "the folder has no files to read")
        for file in files:
            yield from _guard(str(file), _file(file, published=published, max_bytes=max_bytes))
        return
    yield from _guard(name, _file(path, published=published, max_bytes=max_bytes))


def _guard(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """Yield the items; a failure part-way becomes one ReadError for ``source``."""
    try:
        yield from items
    except HotstoveError as exc:
        yield ReadError(source, _one_line(str(exc)))
    except Exception as exc:  # a parser bug on one input must not lose the others
        yield ReadError(source, _one_line(f"could not read it ({type(exc).__name__}: {exc})"))


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _folder(folder: Path) -> list[Path]:
    """Files under ``folder``, sorted, skipping hidden files and folders."""
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _file(path: Path, *, published: dt.date | None, max_bytes: int) -> Iterator[Item]:
    source = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BadInput("no such file or folder") from None
    except OSError as exc:
        raise BadInput(f"cannot read it ({exc.strerror or type(exc).__name__})") from None
    if not path.is_file():
        raise BadInput("not a regular file")
    if size == 0:
        raise BadInput("empty file")
    if size > max_bytes:
        raise BadInput(
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit; not read"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read it ({exc.strerror or type(exc).__name__})") from None
    if len(data) > max_bytes:  # grew since the size check
        raise BadInput(f"file is over the {max_bytes / 1e6:g} MB limit; not read")
    yield from _parse(data, source=source, suffix=path.suffix.casefold(), published=published)


def _url(url: str, *, published: dt.date | None, max_bytes: int) -> Iterator[Item]:
    page = fetch_page(url, max_bytes=max_bytes)
    if not page.data.strip():
        raise BadInput("the server sent an empty answer")
    hint = {"html": ".html", "feed": ".xml", "xml": ".xml", "text": ".txt"}.get(page.kind, "")
    yield from _parse(
        page.data,
        source=url,
        suffix=hint,
        published=published,
        charset=page.charset,
        kind="url",
        url=url,
    )


def _parse(
    data: bytes,
    *,
    source: str,
    suffix: str,
    published: dt.date | None,
    charset: str | None = None,
    kind: SourceKind | None = None,
    url: str | None = None,
) -> Iterator[Item]:
    text = decode(data, charset=charset)
    if not text.strip():
        raise BadInput("empty file" if kind is None else "the server sent an empty answer")
    fmt = sniff(text, suffix)
    if fmt == "feed":
        yield from read_feed(data, source=source, published=published)
    elif fmt == "jsonl":
        yield from read_jsonl(text, source=source, published=published)
    elif fmt == "html":
        yield read_html(text, source=source, kind=kind or "html", published=published, url=url)
    else:
        article = parse_text(text, source=source, published=published, kind=kind or "text")
        yield article if article.url or not url else replace(article, url=url)


def read_text(text: str, *, source: str = "<text>", published: dt.date | None = None) -> Article:
    """Read pasted text as one article: the title on the first non-empty line, then the body.

    ``text`` is kept exactly (line endings made ``\\n``, a BOM dropped), so spans point into it;
    a header block after the title (``Published:``, ``Outlet:``, ``By ...``, ``URL:``) fills the
    fields. Raises :class:`hotstove.errors.BadInput` when the text is empty, binary or not English.
    """
    return parse_text(text, source=source, published=published)


def sniff(text: str, suffix: str = "") -> str:
    """``"feed"``, ``"html"``, ``"jsonl"`` or ``"text"``: by content first, then extension."""
    head = text[:4096]
    start = head.lstrip()
    if start.startswith("<"):
        prolog = _PROLOG.match(head)
        m = _ROOT.match(head[prolog.end() :] if prolog else head)
        root = m.group(1).casefold() if m else ""
        if root in ("rss", "feed", "rdf:rdf"):
            return "feed"
        if start.startswith("<?xml") and root != "html" and suffix not in _HTML_SUFFIXES:
            return "feed"  # some other XML: the feed reader says it is not a feed
        return "html"
    first = start.split("\n", 1)[0].strip()
    if first.startswith("{") and (suffix in _JSONL_SUFFIXES or first.endswith("}")):
        return "jsonl"
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _FEED_SUFFIXES:
        return "feed"
    return "text"
