"""How numbers are written for a person: the terminal and the web pages share these."""

from __future__ import annotations

import math
from typing import Any


def blank(v: Any) -> bool:
    """Unknown: None, an empty string or NaN (shown as nothing, never as 0)."""
    return v is None or (isinstance(v, str) and v == "") or (isinstance(v, float) and math.isnan(v))


def rate(v: Any, digits: int = 3) -> str:
    """Baseball style: .204, 1.005; blank when unknown."""
    if blank(v):
        return ""
    s = f"{float(v):.{digits}f}"
    return s[1:] if s.startswith("0.") else s


def num(v: Any) -> str:
    return "" if blank(v) else str(v)


def decimal(v: Any, digits: int = 1) -> str:
    """A run or WAR figure to ``digits`` places; text that is not a number as it is."""
    if blank(v):
        return ""
    try:
        return f"{float(v):.{digits}f}"
    except (TypeError, ValueError):
        return str(v)


def money(v: Any) -> str:
    """Millions of dollars: $14.0M."""
    return "" if blank(v) else f"${float(v):,.1f}M"
