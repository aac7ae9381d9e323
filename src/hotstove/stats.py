"""The one stat engine: every rate hotstove shows is computed here, from counting stats.

The player card, the claim checker and the valuation all call these functions, so a rate can
never be computed two ways. Rates are never taken from a source's rounded columns, and a line
split between clubs or levels is summed component by component before any rate is taken.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

BATTING_COUNTS = (
    "G", "PA", "AB", "R", "H", "2B", "3B", "HR", "RBI", "SB", "CS", "BB", "IBB", "SO", "HBP",
    "SH", "SF", "GIDP",
)  # fmt: skip
PITCHING_COUNTS = (
    "W", "L", "G", "GS", "CG", "SHO", "SV", "IPouts", "H", "R", "ER", "HR", "BB", "IBB", "SO",
    "HBP", "WP", "BK", "BFP",
)  # fmt: skip
FIELDING_COUNTS = ("G", "GS", "InnOuts", "PO", "A", "E", "DP", "PB", "WP", "SB", "CS")

Line = Mapping[str, Any]


def _n(v: Any) -> int:
    return 0 if v is None else int(v)


def _div(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


def sum_lines(lines: Iterable[Line], counts: Iterable[str]) -> dict[str, int | None]:
    """Add lines column by column; a column missing from every line stays None (not zero)."""
    keys = tuple(counts)
    total: dict[str, int | None] = {k: None for k in keys}
    for line in lines:
        for k in keys:
            v = line.get(k)
            if v is not None:
                total[k] = _n(total[k]) + int(v)
    return total


# --- batting ---------------------------------------------------------------------------------


def avg(line: Line) -> float | None:
    return _div(_n(line.get("H")), _n(line.get("AB")))


def obp(line: Line) -> float | None:
    """(H + BB + HBP) / (AB + BB + HBP + SF)."""
    on = _n(line.get("H")) + _n(line.get("BB")) + _n(line.get("HBP"))
    return _div(
        on, _n(line.get("AB")) + _n(line.get("BB")) + _n(line.get("HBP")) + _n(line.get("SF"))
    )


def total_bases(line: Line) -> int:
    h, d, t, hr = (_n(line.get(k)) for k in ("H", "2B", "3B", "HR"))
    return h + d + 2 * t + 3 * hr


def slg(line: Line) -> float | None:
    return _div(total_bases(line), _n(line.get("AB")))


def ops(line: Line) -> float | None:
    o, s = obp(line), slg(line)
    return None if o is None or s is None else o + s


def iso(line: Line) -> float | None:
    s, a = slg(line), avg(line)
    return None if s is None or a is None else s - a


def plate_appearances(line: Line) -> int | None:
    """PA as published, else AB + BB + HBP + SF + SH (catcher's interference is not counted)."""
    if line.get("PA") is not None:
        return int(line["PA"])
    if line.get("AB") is None:
        return None
    return sum(_n(line.get(k)) for k in ("AB", "BB", "HBP", "SF", "SH"))


def batting_rates(line: Line) -> dict[str, float | None]:
    pa = plate_appearances(line)
    return {
        "AVG": avg(line),
        "OBP": obp(line),
        "SLG": slg(line),
        "OPS": ops(line),
        "ISO": iso(line),
        "K%": _div(_n(line.get("SO")), pa) if pa else None,
        "BB%": _div(_n(line.get("BB")), pa) if pa else None,
    }


# --- pitching --------------------------------------------------------------------------------


def innings(outs: int | None) -> float | None:
    return None if outs is None else outs / 3


def innings_str(outs: int | None) -> str | None:
    """Innings as baseball writes them: 199 outs -> '66.1' (66 and one third)."""
    return None if outs is None else f"{outs // 3}.{outs % 3}"


def era(line: Line) -> float | None:
    outs = _n(line.get("IPouts"))
    return _div(27 * _n(line.get("ER")), outs)


def whip(line: Line) -> float | None:
    outs = _n(line.get("IPouts"))
    return _div(3 * (_n(line.get("BB")) + _n(line.get("H"))), outs)


def per_nine(count: int | None, outs: int | None) -> float | None:
    return None if count is None or not outs else 27 * count / outs


def per_batter(count: int | None, batters_faced: int | None) -> float | None:
    """A pitcher's rate per batter faced (K% = SO / BFP), as a fraction."""
    return None if count is None or not batters_faced else count / batters_faced


def pitching_rates(line: Line) -> dict[str, float | str | None]:
    outs = line.get("IPouts")
    return {
        "IP": innings_str(outs),
        "ERA": era(line),
        "WHIP": whip(line),
        "K/9": per_nine(line.get("SO"), outs),
        "BB/9": per_nine(line.get("BB"), outs),
        "HR/9": per_nine(line.get("HR"), outs),
    }


# --- catching --------------------------------------------------------------------------------


def caught_stealing_rate(line: Line) -> float | None:
    sb, cs = line.get("SB"), line.get("CS")
    if sb is None or cs is None:
        return None
    return _div(int(cs), int(sb) + int(cs))
