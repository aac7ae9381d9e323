"""Projections: Marcel by hand, no look-ahead, the backtest's shape, a real player's line."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hotstove.valuation import backtest, projection

LEAGUE = {"1B": 0.15, "2B": 0.045, "3B": 0.005, "HR": 0.03, "BB": 0.08, "IBB": 0.007,
          "HBP": 0.01, "SO": 0.2, "SF": 0.008, "SH": 0.004}  # fmt: skip


def _line(pa: float, **counts: float) -> dict[str, float]:
    return {"PA": pa, **{c: counts.get(c, 0.0) for c in projection.COMPONENTS}}


def test_marcel_equals_hand_computation() -> None:
    seasons = [_line(600, HR=30, BB=60, SO=120), _line(500, HR=20, BB=40), _line(0)]
    leagues = [LEAGUE, {**LEAGUE, "HR": 0.02}, {**LEAGUE, "HR": 0.04}]
    got = projection.marcel_line(seasons, leagues, age=31)
    # weighted HR 5*30 + 4*20 = 230 over weighted PA 5*600 + 4*500 = 5000; league HR weighted by
    # the player's weighted PA: (3000*.03 + 2000*.02) / 5000 = .026; add 1200 PA of it
    hr = (230 + 1200 * 0.026) / (5000 + 1200)
    age = 1 - 2 * 0.003  # two years past 29
    assert got["HR"] == pytest.approx(hr * age)
    assert got["SO"] == pytest.approx((5 * 120 + 1200 * 0.2) / 6200)  # not age-adjusted
    assert got["BB"] == pytest.approx((5 * 60 + 4 * 40 + 1200 * 0.08) / 6200 * age)
    assert got["PA"] == pytest.approx(0.5 * 600 + 0.1 * 500 + 200)
    empty = projection.marcel_line([_line(0)] * 3, [LEAGUE] * 3, age=25)
    assert empty["HR"] == pytest.approx(0.03 * (1 + 4 * 0.006))
    assert empty["PA"] == 200


@pytest.mark.kb
def test_marcel_vectorised_matches_the_line_function(real_kb: Any) -> None:
    d = projection.data(real_kb)
    row = projection.project_batters(real_kb, 2019, ["592450"], method="marcel").iloc[0]
    seasons, leagues = [], []
    for s in (2018, 2017, 2016):
        m = d.mlb[(d.mlb.pid == "592450") & (d.mlb.season == s)]
        seasons.append(m.iloc[0].to_dict() if len(m) else _line(0))
        leagues.append(d.lg.loc[s].to_dict())
    want = projection.marcel_line(seasons, leagues, age=2019 - 1992)
    for c in projection.COMPONENTS:
        assert row[c] == pytest.approx(want[c])
    assert row["PA"] == pytest.approx(want["PA"], abs=0.05)


@pytest.mark.kb
def test_projecting_a_season_never_reads_it(real_kb: Any) -> None:
    full = projection.project_batters(real_kb, 2019)
    capped = projection.project_batters(real_kb, 2019, data_through=2018)
    assert len(full) == len(capped) > 1000
    for c in (*projection.COMPONENTS, "PA", "wOBA"):
        assert np.allclose(full[c].to_numpy(), capped[c].to_numpy())
    pit_full = projection.project_pitchers(real_kb, 2019)
    pit_capped = projection.project_pitchers(real_kb, 2019, data_through=2018)
    assert np.allclose(pit_full["FIP"].to_numpy(), pit_capped["FIP"].to_numpy())


@pytest.mark.kb
def test_backtest_short_window(real_kb: Any) -> None:
    r = backtest.backtest(real_kb, 2015, 2016)
    for key in ("seasons", "players", "pa", "marcel", "hotstove", "by_season"):
        assert key in r
    assert r["seasons"] == [2015, 2016]
    assert 500 < r["players"] < 800
    assert [s["season"] for s in r["by_season"]] == [2015, 2016]
    for meth in ("marcel", "hotstove"):
        assert 0.02 < r[meth]["wOBA"] < 0.045
        assert 0.04 < r[meth]["SLG"] < 0.08


@pytest.mark.kb
def test_a_real_slugger_projects_as_one(real_kb: Any) -> None:
    judge = projection.project_batters(real_kb, 2026, ["592450"]).iloc[0]
    assert 0.330 < judge["wOBA"] < 0.480
    assert judge["HR"] > 0.05  # per PA: well above the league's ~.03
    assert 300 < judge["PA"] < 720
    assert judge["milb"] is False or not judge["milb"]
    assert judge["bbref"] == "judgeaa01"
    pit = projection.project_pitchers(real_kb, 2026)
    assert set(pit.role) <= {"SP", "RP"}
    assert pit.FIP.between(1.5, 7.5).mean() > 0.95
