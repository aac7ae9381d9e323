"""Bytes to text, and the cheap checks every input goes through (binary, empty, English).

Every check raises :class:`hotstove.errors.BadInput` with a one-line message; ``read`` turns it
into a :class:`hotstove.records.ReadError` for that input only.
"""

from __future__ import annotations

import codecs
import re

from hotstove.errors import BadInput

NOT_ENGLISH = "not English text (hotstove reads English articles)"

_BINARY_MAGIC = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a zip archive or office document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
)


def decode(data: bytes, *, charset: str | None = None) -> str:
    """Decode a file's bytes: the stated charset, else UTF-8 (with or without BOM), else cp1252.

    The result has a BOM removed and every line ending as ``\\n``. Binary data is refused.
    """
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise BadInput(f"binary file ({what}), not text")
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise BadInput("binary file (NUL bytes), not text")
    text: str | None = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _try(data, "utf-16")
    if text is None and charset:
        text = _try(data, charset)
    if text is None:
        text = _try(data, "utf-8-sig")
    if text is None:
        text = _try(data, "cp1252")
    if text is None:
        raise BadInput("undecodable bytes: neither UTF-8 nor Windows-1252 text")
    return normalize(text)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def normalize(text: str) -> str:
    """Drop a leading BOM and turn ``\\r\\n`` and lone ``\\r`` into ``\\n``; nothing else moves."""
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_text(text: str) -> None:
    """Refuse empty text, binary junk that decoded anyway, and text that is not English."""
    if not text.strip():
        raise BadInput("empty: no text to read")
    if "\x00" in text:
        raise BadInput("binary data (NUL characters), not text")
    if not any(c.isalpha() for c in text):
        raise BadInput("no words: nothing to read")
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 100):
        raise BadInput("binary data (control characters), not text")
    if not looks_english(text):
        raise BadInput(NOT_ENGLISH)


# The commonest English function words: real prose is roughly a third these, other languages
# written in Latin letters (Spanish, French, German...) only a few percent.
_FUNCTION_WORDS_WORDS = (
    "the a an and of to in is was for on with that he his as at by it from has have be are "
    "this will but after not who they their said its had were been would than or which"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_WORDS.split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_MIN_LETTERS = 40  # too little text to judge: let it through
_MIN_WORDS = 25


def looks_english(text: str) -> bool:
    """A cheap test: mostly ASCII letters, and enough English function words among the words."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return True
    ascii_share = sum(1 for c in letters if c.isascii()) / len(letters)
    if ascii_share < 0.8:  # Japanese, Chinese, Russian, Greek, Arabic...
        return False
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < _MIN_WORDS:
        return True
    common = sum(1 for w in words if w in _FUNCTION_WORDS)
    return common / len(words) >= 0.12
