"""The reading stage: files, folders, URLs and pasted text to :class:`hotstove.records.Article`.

    read(["story.txt", "clips/", "feed.xml", "https://..."])  ->  Article | ReadError, in order
    read_text("Headline\\n\\nBody...")                          ->  Article

Formats (chosen by content, then extension): plain text, HTML pages (trafilatura), RSS/Atom
feeds (one article per entry), JSON Lines (one per line), and http(s) URLs serving any of them.
A bad input is one :class:`hotstove.records.ReadError` with a one-line message; the rest is
still read. Dates are taken only from the source (or the caller's ``published``), with a note.
"""

from __future__ import annotations

from hotstove.reading._read import read, read_text

__all__ = ["read", "read_text"]

for _obj in (read, read_text):
    _obj.__module__ = __name__
del _obj
