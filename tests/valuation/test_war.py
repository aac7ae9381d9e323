"""WAR-style season values: the pure pieces, then the real knowledge base end to end."""

from __future__ import annotations

import csv
import math
import time
from pathlib import Path
from typing import Any

import pytest

from hotstove.valuation import war

FANGRAPHS_PITCHERS = Path("/work/shared/data/reference/fangraphs_pitchers_2025.csv")

JUDGE, OHTANI, RALEIGH = "592450", "660271", "663728"
SKUBAL, SKENES, WILL_SMITH = "669373", "694973", "669257"


def test_pool_is_a_thousand_wins_per_full_season_split_57_43() -> None:
    bat, pit = war.pool_wins(2430)
    assert math.isclose(bat + pit, 1000.0)
    assert math.isclose(bat, 570.0) and math.isclose(pit, 430.0)
    bat15, _ = war.pool_wins(15 * 162 / 2)  # one 15-club league: 1,215 games
    assert math.isclose(bat15, 285.0)


def test_park_adjustment_takes_runs_from_hitters_parks() -> None:
    # 600 PA in a +10% park at 0.12 runs per PA: 7.2 runs removed; a neutral park changes nothing
    assert math.isclose(war.park_batting_runs(20.0, 600, 0.12, 110), 20.0 - 7.2)
    assert war.park_batting_runs(20.0, 600, 0.12, 100) == 20.0
    assert war.park_batting_runs(0.0, 600, 0.12, 90) > 0


def test_fip_events_and_positional_runs() -> None:
    assert war.fip_events(hr=10, bb=50, hbp=5, ibb=3, so=200) == 130 + 156 - 400
    assert math.isclose(war.pos_runs(war.POS_ADJ["SS"], 162), 7.5)
    assert math.isclose(war.pos_runs(war.POS_ADJ["DH"], 81), -8.75)
    assert war.POS_ADJ["C"] > war.POS_ADJ["SS"] > war.POS_ADJ["CF"] > war.POS_ADJ["LF"]


def test_replacement_rate_fills_the_pool() -> None:
    rate = war.replacement_rate(pool_runs=500.0, runs_above_avg=-40.0, exposure=6000.0)
    assert math.isclose(-40.0 + rate * 6000.0, 500.0)
    assert war.replacement_rate(10.0, 0.0, 0.0) == 0.0


# --- the real knowledge base ---------------------------------------------------------------------


def _row(df: Any, person_id: str) -> Any:
    rows = df[df.person_id == person_id]
    assert len(rows) == 1, person_id
    return rows.iloc[0]


@pytest.mark.kb
def test_2025_leaders_and_two_way_player(real_kb) -> None:  # type: ignore[no-untyped-def]
    war.season_values(real_kb, seasons=[2024])  # warm the league cache
    t0 = time.perf_counter()
    df = war.season_values(real_kb, seasons=[2025])
    elapsed = time.perf_counter() - t0
    print(f"2025 season_values: {elapsed:.2f} s, {len(df)} rows")
    assert elapsed < 2.0  # < 1 s on a quiet machine; slack for a busy test run
    assert set(war.COLUMNS) <= set(df.columns)
    top_bat = list(df.sort_values("WAR_bat", ascending=False).person_id.head(10))
    top_pit = list(df.sort_values("WAR_pit", ascending=False).person_id.head(10))
    assert {JUDGE, OHTANI, RALEIGH} <= set(top_bat)
    assert {SKUBAL, SKENES} <= set(top_pit)
    ohtani = _row(df, OHTANI)
    assert ohtani.WAR_bat > 0 and ohtani.WAR_pit > 0
    assert math.isclose(ohtani.WAR, ohtani.WAR_bat + ohtani.WAR_pit)
    assert ohtani.pos == "DH" and ohtani.pos_runs < -15
    judge = _row(df, JUDGE)
    assert judge.team == "NYA" and judge.wOBA > 0.43 and judge.bat_runs > 60
    # a pure pitcher's batting is not counted
    assert math.isnan(_row(df, SKUBAL).WAR_bat)

    lead = war.leaders(real_kb, 2025, n=10, kind="batting")
    assert [r["person_id"] for r in lead] == top_bat
    assert all(v is None or not (isinstance(v, float) and math.isnan(v)) for v in lead[0].values())
    assert war.leaders(real_kb, 2025, n=1, kind="pitching")[0]["person_id"] == top_pit[0]
    with pytest.raises(ValueError):
        war.leaders(real_kb, 2025, kind="fielding")


@pytest.mark.kb
def test_league_seasons_sum_to_their_pools(real_kb) -> None:  # type: ignore[no-untyped-def]
    seasons = [1927, 1975, 2020, 2025]
    bt = war.season_values(real_kb, seasons=seasons, by_team=True)
    games = real_kb.con.execute(
        "SELECT season, league, sum(G) / 2.0 AS games FROM team_seasons "
        "WHERE list_contains(?, season) GROUP BY ALL",
        [seasons],
    ).df()
    sums = bt.groupby(["season", "league"], as_index=False)[["WAR_bat", "WAR_pit"]].sum()
    sums = sums.merge(games, on=["season", "league"])
    assert len(sums) >= 2 * len(seasons) + 2  # AL, NL and the 1927 Negro leagues
    for r in sums.itertuples():
        bat, pit = war.pool_wins(r.games)
        assert math.isclose(r.WAR_bat, bat, abs_tol=1e-6), (r.season, r.league)
        assert math.isclose(r.WAR_pit, pit, abs_tol=1e-6), (r.season, r.league)
    # baserunning is measured against the league: it sums to zero
    assert abs(bt[bt.season == 2025].br_runs.sum()) < 1e-6


@pytest.mark.kb
def test_filtering_by_person_keeps_league_calibration(real_kb) -> None:  # type: ignore[no-untyped-def]
    full = war.season_values(real_kb, seasons=[2025])
    one = war.season_values(real_kb, seasons=[2025], person_ids=[RALEIGH])
    assert len(one) == 1
    assert math.isclose(one.iloc[0].WAR, _row(full, RALEIGH).WAR)
    seasons = war.player_values(real_kb, OHTANI)
    assert [s["season"] for s in seasons] == sorted(s["season"] for s in seasons)
    assert seasons[-1]["season"] == 2025 and seasons[0]["season"] == 2018
    assert math.isclose(seasons[-1]["WAR"], _row(full, OHTANI).WAR)


@pytest.mark.kb
def test_pitching_war_tracks_fangraphs(real_kb) -> None:  # type: ignore[no-untyped-def]
    df = war.season_values(real_kb, seasons=[2025])
    ours = dict(zip(df.mlbam.astype("Int64").astype(str), df.WAR_pit, strict=True))
    xs, ys = [], []
    with FANGRAPHS_PITCHERS.open(encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            v = ours.get(r["MLBAMID"])
            if v is not None and not math.isnan(v):
                xs.append(float(r["WAR"]))
                ys.append(float(v))
    assert len(xs) > 400
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    r = cov / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))
    print(f"Pearson r, pitching WAR vs FanGraphs fWAR 2025: {r:.3f} over {n} pitchers")
    assert r > 0.8


@pytest.mark.kb
def test_catcher_has_savant_framing_and_blocking(real_kb) -> None:  # type: ignore[no-untyped-def]
    df = war.season_values(real_kb, seasons=[2025])
    smith = _row(df, WILL_SMITH)
    assert smith.pos == "C"
    framing = real_kb.one(
        "SELECT framing_runs FROM catcher_framing WHERE season = 2025 AND mlbam = ?", [669257]
    )
    blocking = real_kb.one(
        "SELECT blocking_runs FROM catcher_blocking WHERE season = 2025 AND mlbam = ?", [669257]
    )
    assert framing and blocking
    assert math.isclose(smith.framing_runs, framing["framing_runs"])
    assert math.isclose(smith.blocking_runs, blocking["blocking_runs"])
    assert not math.isnan(smith.arm_runs) and not math.isnan(smith.pbwp_runs)
    # blocking replaces the passed-ball estimate: fielding = arm + framing + blocking (+ 0 plays)
    assert math.isclose(
        smith.fld_runs, smith.arm_runs + smith.framing_runs + smith.blocking_runs, abs_tol=1e-9
    )
    assert smith.pos_runs > 0


@pytest.mark.kb
def test_ruth_leads_1927(real_kb) -> None:  # type: ignore[no-untyped-def]
    top = war.leaders(real_kb, 1927, n=3)
    assert top[0]["bbref"] == "ruthba01"
    assert top[0]["team"] == "NYA" and top[0]["WAR"] > 10


@pytest.mark.kb
def test_fielding_constants_match_the_data(real_kb) -> None:  # type: ignore[no-untyped-def]
    assert abs(war.fielding_reliability(real_kb) - war.FIELDING_RELIABILITY) < 0.02
