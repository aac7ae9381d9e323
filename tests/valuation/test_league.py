"""League environments: Base Runs weights reproduce the runs scored; wOBA is scaled to OBP."""

from __future__ import annotations

import math

import pytest

from hotstove.valuation import league


def _totals(**kw: float) -> dict[str, float]:
    t = dict.fromkeys(league.EVENTS, 0.0)
    t.update(kw)
    return t


def test_multiplier_makes_base_runs_equal_the_runs_scored() -> None:
    t = _totals(**{"1B": 950, "2B": 280, "3B": 30, "HR": 180, "uBB": 500, "IBB": 30, "HBP": 60,
                   "SB": 90, "CS": 30, "GIDP": 120, "out": 4150})  # fmt: skip
    m = league.solve_multiplier(t, 720)
    assert math.isclose(league.base_runs(t, m), 720, rel_tol=1e-9)


def test_weights_order_like_baseball() -> None:
    t = _totals(**{"1B": 950, "2B": 280, "3B": 30, "HR": 180, "uBB": 500, "IBB": 30, "HBP": 60,
                   "SB": 90, "CS": 30, "GIDP": 120, "out": 4150})  # fmt: skip
    lw = league.linear_weights(t, league.solve_multiplier(t, 720))
    assert lw["HR"] > lw["3B"] > lw["2B"] > lw["1B"] > lw["uBB"] > 0 > lw["out"]
    assert lw["CS"] < lw["out"] and lw["SB"] > 0
    assert 1.3 < lw["HR"] < 1.5  # a home run is worth about 1.4 runs in any modern environment


@pytest.mark.kb
def test_real_environments(real_kb) -> None:  # type: ignore[no-untyped-def]
    f = league.frame(real_kb)
    modern = f[(f.season >= 1901) & f.league.isin(["AL", "NL"])]
    assert len(modern) == 2 * (2025 - 1901 + 1)
    # wOBA equals OBP for the league by construction
    assert (modern.lg_woba - modern.lg_obp).abs().max() < 1e-12
    env = league.environment(real_kb, 2025, "AL")
    assert env is not None
    assert 0.70 < env.woba["uBB"] < 0.76 and 0.86 < env.woba["1B"] < 0.92
    assert 1.9 < env.woba["HR"] < 2.1 and 9.0 < env.rpw < 10.5
    # the dead-ball era valued a home run more than the 2000 AL did, in wOBA terms
    hr_1908 = float(modern[(modern.season == 1908) & (modern.league == "AL")].w_HR.iloc[0])
    hr_2000 = float(modern[(modern.season == 2000) & (modern.league == "AL")].w_HR.iloc[0])
    assert hr_1908 > hr_2000
