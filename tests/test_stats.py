"""The one stat engine: rates from components, sums that keep unknowns unknown."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from hotstove import stats

RUSHING_2025 = {"G": 53, "AB": 142, "H": 29, "2B": 5, "3B": 0, "HR": 4, "BB": 10, "SO": 58,
                "HBP": 1, "SF": 2, "SH": 0}  # fmt: skip


def test_slash_line_from_components() -> None:
    r = stats.batting_rates(RUSHING_2025)
    assert [round(r[k], 3) for k in ("AVG", "OBP", "SLG", "OPS")] == [0.204, 0.258, 0.324, 0.582]
    assert stats.plate_appearances(RUSHING_2025) == 155


def test_ops_is_rounded_sum_of_unrounded_parts() -> None:
    # OPS is OBP + SLG unrounded; rounding the parts first can be off by .001
    line = {"AB": 3, "H": 1, "BB": 0, "HBP": 0, "SF": 0, "2B": 0, "3B": 0, "HR": 0}
    assert stats.ops(line) == stats.obp(line) + stats.slg(line)  # type: ignore[operator]


def test_split_season_summed_before_rates() -> None:
    a = {"AB": 100, "H": 30, "BB": 10, "HBP": 0, "SF": 0, "2B": 5, "3B": 0, "HR": 5}
    b = {"AB": 50, "H": 10, "BB": 0, "HBP": 0, "SF": 0, "2B": 0, "3B": 0, "HR": 0}
    total = stats.sum_lines([a, b], stats.BATTING_COUNTS)
    assert total["AB"] == 150 and total["H"] == 40
    assert stats.avg(total) == 40 / 150
    assert total["SO"] is None  # absent in every stint: unknown, not zero


def test_pitching_rates() -> None:
    line = {"IPouts": 586, "ER": 48, "H": 150, "BB": 40, "SO": 200}
    assert stats.innings_str(586) == "195.1"
    assert round(stats.era(line), 2) == round(27 * 48 / 586, 2)  # type: ignore[arg-type]
    assert stats.era({"IPouts": 0, "ER": 3}) is None


def test_caught_stealing_rate() -> None:
    assert stats.caught_stealing_rate({"SB": 17, "CS": 8}) == 8 / 25
    assert stats.caught_stealing_rate({"SB": None, "CS": 3}) is None


counts = st.integers(min_value=0, max_value=800)


@given(ab=counts, h=counts, bb=counts, hbp=counts, sf=counts, d=counts, t=counts, hr=counts)
def test_rates_are_bounded(ab: int, h: int, bb: int, hbp: int, sf: int, d: int, t: int,
                           hr: int) -> None:  # fmt: skip
    h = min(h, ab)
    d, t, hr = min(d, h), 0, 0
    line = {"AB": ab, "H": h, "BB": bb, "HBP": hbp, "SF": sf, "2B": d, "3B": t, "HR": hr}
    a, o, s = stats.avg(line), stats.obp(line), stats.slg(line)
    if ab:
        assert a is not None and 0 <= a <= 1
        assert s is not None and 0 <= s <= 4
    if o is not None:
        assert 0 <= o <= 1 and not math.isnan(o)


@given(st.integers(min_value=0, max_value=10_000))
def test_innings_round_trip(outs: int) -> None:
    whole, frac = stats.innings_str(outs).split(".")  # type: ignore[union-attr]
    assert int(whole) * 3 + int(frac) == outs
