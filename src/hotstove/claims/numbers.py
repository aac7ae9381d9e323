"""Numbers as articles write them: digits, words ("eight", "twenty-five"), thirds of an inning.

Pure functions and the regular expressions the extractor builds its patterns from.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "no": 0, "one": 1, "once": 1, "two": 2, "twice": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_UNIT_WORDS = "|".join(
    sorted((k for k in UNITS if k not in {"no", "once", "twice"}), key=len)[::-1]
)
_TEN_WORDS = "|".join(TENS)
# A whole number written in digits or words ("58", "eight", "twenty-five", "1,203").
INT = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_TEN_WORDS})(?:[- ](?:{_UNIT_WORDS}))?|{_UNIT_WORDS})"
# A rate as printed: ".204", "0.89", "2.31", "1.000".
RATE = r"(?:\d?\.\d{3}|\d{1,2}\.\d{1,2})"
YEAR = r"(?:18[7-9]\d|19\d\d|20[0-4]\d)"
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip

_ANY_NUMBER = re.compile(
    rf"(?<![\w.])[-−+]?(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|\.\d+)(?:\s?[⅓⅔]|\s\d/3)?(?![\w])"
    rf"|\b(?:{_TEN_WORDS})(?:-(?:{_UNIT_WORDS}))?\b|\b(?:{_UNIT_WORDS})\b",
    re.IGNORECASE,
)


def int_value(s: str) -> int | None:
    """ "58" -> 58, "eight" -> 8, "twenty-five" -> 25, "1,203" -> 1203; None if not a number."""
    w = s.strip().lower().replace("−", "-")
    if re.fullmatch(r"[-+]?\d[\d,]*", w):
        return int(w.replace(",", ""))
    if w in UNITS:
        return UNITS[w]
    parts = re.split(r"[- ]", w)
    if parts and parts[0] in TENS:
        extra = UNITS.get(parts[1]) if len(parts) == 2 else 0
        if extra is None:
            return None
        return TENS[parts[0]] + extra
    return None


def rate_value(s: str) -> float:
    """ ".204" -> 0.204, "2.31" -> 2.31."""
    return float(s.strip())


def innings_value(whole: str, frac: str | None) -> float:
    """ "66", "1/3" -> 66.1 (baseball notation: .1 and .2 are thirds)."""
    n = int_value(whole) or 0
    if not frac:
        return float(n)
    f = frac.strip()
    thirds = 1 if f in {"1/3", "⅓"} else 2 if f in {"2/3", "⅔"} else 0
    return round(n + thirds / 10, 1)


def all_numbers(text: str) -> list[tuple[int, int, str]]:
    """Every number-like stretch of ``text`` as (start, end, text): to report what was skipped."""
    return [(m.start(), m.end(), m.group()) for m in _ANY_NUMBER.finditer(text)]
