"""A WAR-style season value for every MLB player-season, each against its own league-season.

Every stint (a player's line with one club in one season) is valued in its league's environment
(:mod:`hotstove.valuation.league`), then stints are added up. The parts, all in runs:

* **Batting** (``bat_runs``): wOBA with the league's own weights; runs above average
  ``(wOBA - lgwOBA) / scale * PA``, park-adjusted the way FanGraphs' park-adjusted batting runs
  are (``+ (lgR/PA - BPF/100 * lgR/PA) * PA``, FanGraphs Sabermetrics Library, "wRAA"), with
  Lahman's three-year batting park factor of the stint's club.
* **Baserunning** (``br_runs``): steals and caught stealings against what an average runner of
  the league would have done with the same times on first (1B + BB - IBB + HBP), valued with the
  league's linear weights ``lw_SB`` and ``lw_CS``; plus double plays grounded into against the
  league rate per ball put in play (AB - SO - HR), valued at ``lw_GIDP``, where GIDP is recorded.
  Both parts sum to zero over a league-season by construction.
* **Fielding** (``fld_runs``):

  - catchers: passed balls (and wild pitches in the seasons where Lahman records them for
    catchers) per inning caught against the league rate, each worth a base (``lw_SB``)
    (``pbwp_runs``); caught stealing against the league's caught-stealing rate on the same
    attempts, each extra one worth ``lw_SB - lw_CS`` (``arm_runs``); Baseball Savant's framing
    runs and blocking runs where the knowledge base has that catcher-season. Savant's blocking
    runs replace the passed-ball estimate when both exist; they are never added together.
  - other fielders (not pitchers): plays made (assists for infielders, putouts plus assists for
    outfielders) per inning at the position against the league rate, the expectation scaled by
    the club's share of outs made on balls in play (a strikeout staff leaves fewer plays to
    make) and re-centred so each league-season-position sums to zero; each play is worth the
    gap between a single and an out (``w_1B / woba_scale``). Box-score plays mix skill with
    opportunity (how many balls were hit to the fielder), so the plays part is shrunk by
    ``FIELDING_RELIABILITY``, the year-to-year correlation of the plays rate measured on this
    data (:func:`fielding_reliability`). Errors against the league rate per inning at the
    position count in full, at the same gap.
* **Positional adjustment** (``pos_runs``): FanGraphs' runs per 162 games (``POS_ADJ``), by
  innings where Lahman has InnOuts; else by games, a non-start counted as the fraction of a game
  that starts and non-starts are worth in the seasons with both (:func:`_start_weights`, about
  0.97 and 0.19), so a defensive replacement is not charged a full game; outfield totals
  without a LF/CF/RF split are divided by the player's appearances at each (and their expected
  plays use the LF/CF/RF play rates measured where the split exists); DH games from
  ``appearances.G_dh``. The same games-equivalents are the fielding exposure.
* **Replacement** (``rep_runs``): 1,000 WAR per 2,430 games, 57% to position players and 43% to
  pitchers (the replacement level FanGraphs and Baseball-Reference unified in 2013), scaled by
  each league-season's games. Replacement runs per PA (per inning for pitchers) are solved so the
  league-season's WAR adds up to exactly its share.
* **Pitching** (``WAR_pit``): FIP with the league's constant, put on the runs-allowed scale
  (``+ lgRA9 - lgERA``) and divided by Lahman's pitching park factor, runs above the league's
  RA9 per inning, then the calibrated replacement.

Wins are runs divided by the league's runs per win. A pure pitcher's batting (a pitcher in at
least half of his games) is shown in ``bat_runs`` but not counted; everyone else's pitching is
counted, so a two-way player gets both.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from hotstove.valuation import league

if TYPE_CHECKING:
    from hotstove.kb.store import KB

FIRST_SEASON, LAST_SEASON = 1901, 2025

# FanGraphs Sabermetrics Library, "Positional Adjustment": runs per 162 games at the position.
POS_ADJ = {
    "C": 12.5, "1B": -12.5, "2B": 2.5, "SS": 7.5, "3B": 2.5,
    "LF": -7.5, "CF": 2.5, "RF": -7.5, "DH": -17.5,
}  # fmt: skip
GAMES_PER_SEASON = 162.0

# FanGraphs and Baseball-Reference, unified replacement level (announced 2013; FanGraphs,
# "Unifying Replacement Level"): 1,000 WAR per 2,430-game season, 57% hitters, 43% pitchers.
WAR_PER_GAME = 1000.0 / 2430.0
POSITION_SHARE, PITCHER_SHARE = 0.57, 0.43

# Year-to-year correlation of the plays-made rate above the league (same player and position,
# consecutive seasons, at least 600 innings in both, 1901-2025), measured on the Lahman data by
# fielding_reliability() below; the test suite checks that this value still matches the data.
FIELDING_RELIABILITY = 0.44

# A pitcher in at least this share of his games is a pure pitcher: his batting is not counted.
PURE_PITCHER_SHARE = 0.5

OUTFIELD = ("LF", "CF", "RF", "OF")  # putouts plus assists

SOURCES: dict[str, str] = {
    "batting": "Lahman Baseball Database batting lines; wOBA weights and runs per PA from "
    "league environments (hotstove.valuation.league); park factors: Lahman Teams BPF",
    "baserunning": "Lahman SB, CS, GIDP against league rates; Base Runs linear weights",
    "fielding": "Lahman Fielding (PO, A, E, InnOuts, PB, WP, SB, CS); Baseball Savant catcher "
    "framing and blocking leaderboards",
    "positional": "FanGraphs Sabermetrics Library, 'Positional Adjustment'; Lahman Appearances",
    "replacement": "FanGraphs/Baseball-Reference unified replacement level (2013): 1,000 WAR "
    "per 2,430 games, 57% position players / 43% pitchers",
    "pitching": "Lahman Pitching; FIP (Tango; FanGraphs Sabermetrics Library, 'FIP') with "
    "league constant, RA9 scale and Lahman Teams PPF",
    "runs_per_win": "FanGraphs Sabermetrics Library runs-per-win rule, from league totals",
}

COLUMNS = [
    "person_id", "bbref", "mlbam", "name", "season", "team", "league", "pos", "G", "PA", "wOBA",
    "bat_runs", "br_runs", "fld_runs", "framing_runs", "blocking_runs", "arm_runs", "pbwp_runs",
    "pos_runs", "rep_runs", "WAR_bat", "IP", "FIP", "WAR_pit", "WAR",
]  # fmt: skip


# --- pure pieces -----------------------------------------------------------------------------


def pool_wins(games: float) -> tuple[float, float]:
    """Replacement-level pool (position players, pitchers) for a league-season of ``games``."""
    total = WAR_PER_GAME * games
    return POSITION_SHARE * total, PITCHER_SHARE * total


def park_batting_runs(wraa: float, pa: float, r_per_pa: float, bpf: float) -> float:
    """FanGraphs' park-adjusted batting runs: wRAA + (lgR/PA - PF * lgR/PA) * PA."""
    return wraa + (r_per_pa - bpf / 100.0 * r_per_pa) * pa


def fip_events(hr: Any, bb: Any, hbp: Any, ibb: Any, so: Any) -> Any:
    """FIP's numerator, 13 HR + 3 (BB + HBP - IBB) - 2 SO (numbers or Series)."""
    return league.FIP_HR * hr + league.FIP_BB * (bb + hbp - ibb) + league.FIP_SO * so


def pos_runs(position_adj: Any, games_equiv: Any) -> Any:
    """Positional adjustment for ``games_equiv`` games at a position worth ``position_adj``
    runs per 162 games (numbers or Series)."""
    return position_adj * games_equiv / GAMES_PER_SEASON


def replacement_rate(pool_runs: float, runs_above_avg: float, exposure: float) -> float:
    """Replacement runs per unit of playing time that make a league-season total its pool."""
    return (pool_runs - runs_above_avg) / exposure if exposure > 0 else 0.0


# --- data ------------------------------------------------------------------------------------


def _season_filter(seasons: Iterable[int] | None) -> list[int]:
    if seasons is None:
        return list(range(FIRST_SEASON, LAST_SEASON + 1))
    return sorted({int(s) for s in seasons if FIRST_SEASON <= int(s) <= LAST_SEASON})


def _floats(df: pd.DataFrame) -> pd.DataFrame:
    """Counting columns as plain float64 (missing -> NaN), keys left alone."""
    keys = {"person_id", "season", "team", "league", "stint", "position"}
    cols = [c for c in df.columns if c not in keys]
    df[cols] = df[cols].astype("float64")
    return df


def _batting(kb: KB, seasons: list[int]) -> pd.DataFrame:
    return (
        kb.con.execute(
            """
        SELECT b.person_id, b.season, coalesce(t.lahman, b.team) AS team, b.league, b.stint,
               b.G,
               coalesce(b.PA, b.AB + coalesce(b.BB,0) + coalesce(b.HBP,0) + coalesce(b.SF,0)
                   + coalesce(b.SH,0)) AS PA,
               b.AB, b.H, b."2B" AS H2, b."3B" AS H3, b.HR,
               coalesce(b.BB,0) AS BB, coalesce(b.IBB,0) AS IBB, coalesce(b.HBP,0) AS HBP,
               coalesce(b.SF,0) AS SF, coalesce(b.SB,0) AS SB, coalesce(b.CS,0) AS CS,
               b.GIDP, coalesce(b.SO,0) AS SO, coalesce(t.BPF, 100) AS BPF
        FROM batting_best b
        LEFT JOIN team_seasons t
               ON t.season = b.season AND t.code = b.team AND t.league = b.league
        WHERE b.level = 'MLB' AND b.league IS NOT NULL AND list_contains(?, b.season)
        """,
            [seasons],
        )
        .df()
        .pipe(_floats)
    )


def _pitching(kb: KB, seasons: list[int]) -> pd.DataFrame:
    return (
        kb.con.execute(
            """
        SELECT p.person_id, p.season, coalesce(t.lahman, p.team) AS team, p.league, p.stint,
               p.G AS G_pit,
               coalesce(p.IPouts,0) AS IPouts, coalesce(p.HR,0) AS pHR,
               coalesce(p.BB,0) AS pBB, coalesce(p.IBB,0) AS pIBB, coalesce(p.HBP,0) AS pHBP,
               coalesce(p.SO,0) AS pSO, coalesce(t.PPF, 100) AS PPF
        FROM pitching_best p
        LEFT JOIN team_seasons t
               ON t.season = p.season AND t.code = p.team AND t.league = p.league
        WHERE p.level = 'MLB' AND p.league IS NOT NULL AND list_contains(?, p.season)
        """,
            [seasons],
        )
        .df()
        .pipe(_floats)
    )


def _fielding(kb: KB, seasons: list[int]) -> pd.DataFrame:
    return kb.con.execute(
        """
        SELECT f.person_id, f.season, coalesce(t.lahman, f.team) AS team, f.league, f.stint,
               f.position, f.G::DOUBLE AS G, f.GS::DOUBLE AS GS, f.InnOuts::DOUBLE AS InnOuts,
               f.PO::DOUBLE AS PO,
               f.A::DOUBLE AS A, f.E::DOUBLE AS E, f.PB::DOUBLE AS PB, f.WP::DOUBLE AS WP,
               f.SB::DOUBLE AS SB, f.CS::DOUBLE AS CS
        FROM fielding f
        LEFT JOIN team_seasons t
               ON t.season = f.season AND t.code = f.team AND t.league = f.league
        WHERE f.level = 'MLB' AND f.league IS NOT NULL AND list_contains(?, f.season)
        """,
        [seasons],
    ).df()


def _appearances(kb: KB, seasons: list[int]) -> pd.DataFrame:
    return kb.con.execute(
        """
        SELECT p.person_id, a.yearID AS season, a.teamID AS team,
               coalesce(a.G_lf,0) AS G_lf, coalesce(a.G_cf,0) AS G_cf,
               coalesce(a.G_rf,0) AS G_rf, coalesce(a.G_dh,0) AS G_dh,
               a.GS::DOUBLE AS GS_app
        FROM appearances a JOIN people p ON p.lahman_id = a.playerID
        WHERE list_contains(?, a.yearID)
        """,
        [seasons],
    ).df()


def _team_games(kb: KB, seasons: list[int]) -> pd.DataFrame:
    return kb.con.execute(
        """
        SELECT season, league, sum(G) / 2.0 AS games
        FROM team_seasons WHERE league IS NOT NULL AND list_contains(?, season)
        GROUP BY season, league
        """,
        [seasons],
    ).df()


def _team_bip(pit: pd.DataFrame) -> pd.DataFrame:
    """Each club's share of outs made on balls in play (IPouts - SO) over IPouts."""
    t = pit.groupby(["season", "league", "team"], as_index=False)[["IPouts", "pSO"]].sum()
    t["bip"] = (t.IPouts - t.pSO).clip(lower=0)
    lg = t.groupby(["season", "league"])[["IPouts", "bip"]].transform("sum")
    rate = t.bip / t.IPouts.where(t.IPouts > 0)
    lg_rate = lg.bip / lg.IPouts.where(lg.IPouts > 0)
    t["bip_ratio"] = (rate / lg_rate).fillna(1.0)
    return t[["season", "league", "team", "bip_ratio"]]


def _people(kb: KB, ids: pd.Series) -> pd.DataFrame:
    people = kb.con.execute(
        """
        SELECT person_id, bbref, mlbam,
               trim(concat_ws(' ', name_first, name_last, name_suffix)) AS name
        FROM people WHERE list_contains(?, person_id)
        """,
        [sorted(set(ids.dropna().astype(str)))],
    ).df()
    return people


def _savant(kb: KB, seasons: list[int]) -> pd.DataFrame:
    return kb.con.execute(
        """
        SELECT coalesce(f.season, b.season) AS season,
               CAST(coalesce(f.mlbam, b.mlbam) AS VARCHAR) AS mlbam_s,
               f.framing_runs, b.blocking_runs
        FROM catcher_framing f
        FULL OUTER JOIN catcher_blocking b ON b.season = f.season AND b.mlbam = f.mlbam
        WHERE list_contains(?, coalesce(f.season, b.season))
        """,
        [seasons],
    ).df()


# --- components ------------------------------------------------------------------------------

KEY = ["person_id", "season", "team", "stint"]
LS = ["season", "league"]


def _batting_runs(bat: pd.DataFrame, env: pd.DataFrame) -> pd.DataFrame:
    b = bat.merge(env, on=LS, how="left")
    b["H1"] = b.H - b.H2 - b.H3 - b.HR
    b["woba_num"] = (
        b.w_uBB * (b.BB - b.IBB) + b.w_HBP * b.HBP + b.w_1B * b.H1 + b.w_2B * b.H2
        + b.w_3B * b.H3 + b.w_HR * b.HR
    )  # fmt: skip
    b["woba_den"] = b.AB + b.BB - b.IBB + b.SF + b.HBP
    woba = b.woba_num / b.woba_den.where(b.woba_den > 0)
    wraa = ((woba - b.lg_woba) / b.woba_scale * b.PA).fillna(0.0)
    b["bat_runs"] = park_batting_runs(wraa, b.PA, b.r_per_pa, b.BPF)  # type: ignore[arg-type]
    # baserunning: steals per time on first, against the league
    b["opp"] = b.H1 + b.BB - b.IBB + b.HBP
    lg = b.groupby(LS)[["SB", "CS", "opp"]].transform("sum")
    opp_lg = lg.opp.where(lg.opp > 0)
    exp_sb = (lg.SB / opp_lg * b.opp).fillna(0.0)
    exp_cs = (lg.CS / opp_lg * b.opp).fillna(0.0)
    sb_runs = b.lw_SB * (b.SB - exp_sb) + b.lw_CS * (b.CS - exp_cs)
    # double plays per ball in play, only where GIDP is recorded (on both sides of the rate)
    known = b.GIDP.notna()
    b["gdp_opp"] = (b.AB - b.SO - b.HR).clip(lower=0).where(known, 0.0)
    b["gdp"] = b.GIDP.fillna(0.0)
    lg2 = b.groupby(LS)[["gdp", "gdp_opp"]].transform("sum")
    gdp_rate = (lg2.gdp / lg2.gdp_opp.where(lg2.gdp_opp > 0)).fillna(0.0)
    gdp_runs = (b.lw_GIDP * (b.gdp - gdp_rate * b.gdp_opp)).where(known, 0.0)
    b["br_runs"] = sb_runs.fillna(0.0) + gdp_runs.fillna(0.0)
    return b


def _resolve_outfield(fld: pd.DataFrame) -> pd.DataFrame:
    """Keep LF/CF/RF where a stint has the split, else the OF total; drop pitchers."""
    split = fld[fld.position.isin(["LF", "CF", "RF"])][KEY].drop_duplicates()
    split["has_split"] = True
    f = fld.merge(split, on=KEY, how="left")
    f = f[~((f.position == "OF") & f.has_split.fillna(False).astype(bool))]
    return f.drop(columns="has_split")


def _start_weights(kb: KB) -> tuple[float, float]:
    """Games-equivalents of a start and of a non-start at a position: the least-squares fit
    ``innings / 9 = a * starts + b * (games - starts)`` over every Lahman row with both."""
    row = kb.con.execute(
        """
        WITH r AS (
            SELECT GS::DOUBLE AS s, (G - GS)::DOUBLE AS n, InnOuts / 27.0 AS y
            FROM fielding
            WHERE level = 'MLB' AND InnOuts > 0 AND GS IS NOT NULL AND G >= GS
              AND position <> 'P'
        )
        SELECT sum(s*s), sum(s*n), sum(n*n), sum(s*y), sum(n*y) FROM r
        """
    ).fetchone()
    if not row or row[0] is None:
        return 1.0, 1.0
    ss, sn, nn, sy, ny = (float(v) for v in row)
    det = ss * nn - sn * sn
    if det == 0:
        return 1.0, 1.0
    return (sy * nn - ny * sn) / det, (ny * ss - sy * sn) / det


def _outfield_factors(kb: KB) -> dict[str, float]:
    """Plays made per inning at LF, CF and RF relative to all outfielders, over every Lahman
    season with the split: how an unsplit outfield total should be judged."""
    rows = kb.con.execute(
        """
        SELECT position, sum(coalesce(PO,0) + coalesce(A,0)) / sum(InnOuts) AS rate,
               sum(InnOuts) AS inn
        FROM fielding
        WHERE level = 'MLB' AND InnOuts > 0 AND position IN ('LF','CF','RF')
        GROUP BY position
        """
    ).fetchall()
    total_inn = sum(float(r[2]) for r in rows)
    if not rows or total_inn <= 0:
        return {"LF": 1.0, "CF": 1.0, "RF": 1.0}
    mean = sum(float(r[1]) * float(r[2]) for r in rows) / total_inn
    return {str(r[0]): float(r[1]) / mean for r in rows}


def _exposure(f: pd.DataFrame, weights: tuple[float, float]) -> pd.Series:
    """Games-equivalents at a position: innings / 9 where InnOuts is known; else starts and
    non-starts weighted by ``weights`` (:func:`_start_weights`), with starts at the position from
    Lahman's fielding GS or, failing that, the player's starts (appearances) shared out by his
    games there; else games."""
    inn = f.InnOuts.where(f.InnOuts > 0) / 27.0
    g_all = f.groupby(KEY)["G"].transform("sum")
    est = (f.GS_app * f.G / g_all.where(g_all > 0)).clip(upper=f.G)
    starts = f.GS.fillna(est)
    by_starts = weights[0] * starts + weights[1] * (f.G - starts)
    return inn.fillna(by_starts).fillna(f.G).fillna(0.0).astype(float)


def _fielding_runs(
    fld: pd.DataFrame,
    env: pd.DataFrame,
    bip: pd.DataFrame,
    app: pd.DataFrame,
    weights: tuple[float, float],
    of_k: dict[str, float],
) -> pd.DataFrame:
    f = _resolve_outfield(fld[fld.position != "P"]).merge(env, on=LS, how="left")
    f = f.merge(
        app[["person_id", "season", "team", "GS_app"]],
        on=["person_id", "season", "team"],
        how="left",
    )
    f["gx"] = _exposure(f, weights)
    gap = f.w_1B / f.woba_scale  # a single against an out, in runs (the league's wOBA weight)
    grp = [*LS, "position"]
    # plays made (not catchers), expectation scaled by the club's balls-in-play outs
    f = f.merge(bip, on=["season", "league", "team"], how="left")
    f["bip_ratio"] = f.bip_ratio.fillna(1.0)
    is_of = f.position.isin(OUTFIELD)
    f["plays"] = np.where(is_of, f.PO.fillna(0) + f.A.fillna(0), f.A.fillna(0)).astype(float)
    f.loc[f.position == "C", "plays"] = 0.0
    f["raw_exp"] = f.gx * f.bip_ratio
    of = f.position == "OF"
    if of.any():  # an unsplit outfield total: expect plays by where he played (appearances)
        mixed = f.loc[of, ["person_id", "season", "team"]].merge(
            app, on=["person_id", "season", "team"], how="left"
        )
        gl, gc, gr = (mixed[c].fillna(0.0).to_numpy() for c in ("G_lf", "G_cf", "G_rf"))
        tot = gl + gc + gr
        k = np.where(
            tot > 0,
            (of_k["LF"] * gl + of_k["CF"] * gc + of_k["RF"] * gr) / np.where(tot > 0, tot, 1),
            1.0,
        )
        f.loc[of, "raw_exp"] = f.loc[of, "raw_exp"].to_numpy() * k
    s = f.groupby(grp)[["plays", "raw_exp", "gx"]].transform("sum")
    exp_plays = (f.raw_exp * s.plays / s.raw_exp.where(s.raw_exp > 0)).fillna(0.0)
    plays_runs = FIELDING_RELIABILITY * (f.plays - exp_plays) * gap
    f["E0"] = f.E.fillna(0.0).astype(float)
    se = f.groupby(grp)["E0"].transform("sum")
    exp_e = (f.gx * se / s.gx.where(s.gx > 0)).fillna(0.0)
    err_runs = (exp_e - f.E0) * gap
    f["plays_runs"] = np.where(f.position == "C", 0.0, (plays_runs + err_runs).fillna(0.0))
    # catchers: passed balls (plus wild pitches where recorded for the league-season)
    c = f.position == "C"
    f["wp_known"] = (c & f.WP.notna()).astype(float)
    f["is_c"] = c.astype(float)
    cov = f.groupby(LS)[["wp_known", "is_c"]].transform("sum")
    use_wp = cov.wp_known >= 0.9 * cov.is_c
    f["pbwp"] = f.PB.astype(float) + np.where(use_wp, f.WP.fillna(0.0), 0.0)
    f["pb_ge"] = f.gx.where(c & f.PB.notna(), 0.0)
    f["pbwp0"] = f.pbwp.where(c, 0.0).fillna(0.0)
    s2 = f.groupby(LS)[["pbwp0", "pb_ge"]].transform("sum")
    rate = s2.pbwp0 / s2.pb_ge.where(s2.pb_ge > 0)
    f["pbwp_runs"] = ((rate * f.gx - f.pbwp) * f.lw_SB).where(c & f.PB.notna())
    # catchers: caught stealing against the league's rate on the same attempts
    att = (f.SB + f.CS).where(c)
    f["att"] = att.fillna(0.0)
    f["cs0"] = f.CS.where(c).fillna(0.0)
    s3 = f.groupby(LS)[["att", "cs0"]].transform("sum")
    cs_rate = s3.cs0 / s3.att.where(s3.att > 0)
    f["arm_runs"] = ((f.CS - cs_rate * att) * (f.lw_SB - f.lw_CS)).where(c & att.notna())
    # positional adjustment; OF totals split by the appearances at LF/CF/RF
    f["pos_runs"] = pos_runs(f.position.map(POS_ADJ).fillna(0.0), f.gx)
    of = f.position == "OF"
    if of.any():
        a = f.loc[of, ["person_id", "season", "team"]].merge(
            app, on=["person_id", "season", "team"], how="left"
        )
        tot = (a.G_lf + a.G_cf + a.G_rf).to_numpy()
        mix = np.where(
            tot > 0,
            (POS_ADJ["LF"] * a.G_lf + POS_ADJ["CF"] * a.G_cf + POS_ADJ["RF"] * a.G_rf)
            / np.where(tot > 0, tot, 1),
            (POS_ADJ["LF"] + POS_ADJ["CF"] + POS_ADJ["RF"]) / 3.0,
        )
        f.loc[of, "pos_runs"] = pos_runs(mix, f.loc[of, "gx"].to_numpy())
    f["c_ge"] = f.gx.where(c, 0.0)
    g = f.groupby(KEY)
    agg = g[["plays_runs", "pos_runs", "c_ge"]].sum()
    agg[["pbwp_runs", "arm_runs"]] = g[["pbwp_runs", "arm_runs"]].sum(min_count=1)
    agg = agg.reset_index()
    return agg


def _primary_position(fld: pd.DataFrame, app: pd.DataFrame) -> pd.DataFrame:
    f = _resolve_outfield(fld)
    g = f.groupby(["person_id", "season", "position"], as_index=False)["G"].sum()
    dh = app.groupby(["person_id", "season"], as_index=False)["G_dh"].sum()
    dh = dh[dh.G_dh > 0].rename(columns={"G_dh": "G"})
    dh["position"] = "DH"
    g = pd.concat([g, dh], ignore_index=True).sort_values("G", ascending=False)
    return g.drop_duplicates(["person_id", "season"])[["person_id", "season", "position"]].rename(
        columns={"position": "pos"}
    )


# --- the table -------------------------------------------------------------------------------


def season_values(
    kb: KB,
    seasons: Iterable[int] | None = None,
    person_ids: Iterable[str] | None = None,
    by_team: bool = False,
) -> pd.DataFrame:
    """Every player-season's value (one row per person and season, or per club with
    ``by_team``). League calibration always uses whole league-seasons."""
    yrs = _season_filter(seasons)
    if not yrs:
        return pd.DataFrame(columns=COLUMNS)
    env = league.frame(kb)
    env = env[env.season.isin(yrs)].drop(columns=["R", "PA"])
    bat = _batting(kb, yrs)
    pit = _pitching(kb, yrs)
    fld = _fielding(kb, yrs)
    app = _appearances(kb, yrs)
    games = _team_games(kb, yrs)

    b = _batting_runs(bat, env)
    fr = _fielding_runs(fld, env, _team_bip(pit), app, _start_weights(kb), _outfield_factors(kb))
    # DH positional runs go on the club's first stint of the season
    dh = app.groupby(["person_id", "season", "team"], as_index=False)["G_dh"].sum()
    first = b.groupby(["person_id", "season", "team"], as_index=False)["stint"].min()
    dh = dh.merge(first, on=["person_id", "season", "team"])
    dh["dh_runs"] = pos_runs(POS_ADJ["DH"], dh.G_dh)

    cols = ["person_id", "season", "team", "league", "stint"]
    st = b[[*cols, "G", "PA", "woba_num", "woba_den", "bat_runs", "br_runs"]].merge(
        pit, on=cols, how="outer"
    )
    st = st.merge(fr, on=KEY, how="left").merge(dh[[*KEY, "dh_runs"]], on=KEY, how="left")
    st = st.merge(env[[*LS, "rpw", "fip_constant", "lg_era", "lg_ra9"]], on=LS, how="left")
    for col in ("G", "PA", "bat_runs", "br_runs", "plays_runs", "pos_runs", "dh_runs", "c_ge"):
        st[col] = st[col].fillna(0.0)
    st["G_pit"] = st.G_pit.fillna(0.0)
    st["IPouts"] = st.IPouts.fillna(0.0)
    st["pos_runs"] = st.pos_runs + st.dh_runs

    # Savant catcher runs per catcher-season, shared among his stints by time caught
    sav = _savant(kb, yrs)
    st["mlbam_s"] = st.person_id.astype(str)
    st = st.merge(sav, left_on=["season", "mlbam_s"], right_on=["season", "mlbam_s"], how="left")
    c_tot = st.groupby(["person_id", "season"])["c_ge"].transform("sum")
    share = (st.c_ge / c_tot.where(c_tot > 0)).fillna(0.0)
    st.loc[c_tot <= 0, ["framing_runs", "blocking_runs"]] = np.nan
    st["framing_runs"] = st.framing_runs * share
    st["blocking_runs"] = st.blocking_runs * share
    has_block = st.groupby(["person_id", "season"])["blocking_runs"].transform("count") > 0
    catch_pb = st.pbwp_runs.where(~has_block, st.blocking_runs)
    st["fld_runs"] = (
        st.plays_runs + st.arm_runs.fillna(0.0) + catch_pb.fillna(0.0)
        + st.framing_runs.fillna(0.0)
    )  # fmt: skip

    # who is a pure pitcher (his batting not counted)
    tot_g = st.groupby(["person_id", "season"])[["G", "G_pit"]].transform("sum")
    pure = (tot_g.G_pit > 0) & (tot_g.G_pit >= PURE_PITCHER_SHARE * tot_g.G)
    st["pure_pitcher"] = pure

    # replacement and wins: position players
    st["runs_bat"] = st.bat_runs + st.br_runs + st.fld_runs + st.pos_runs
    pool = games.copy()
    pool["pool_bat"], pool["pool_pit"] = pool_wins(pool.games)  # type: ignore[arg-type]
    pos_pl = st[~pure]
    lsum = pos_pl.groupby(LS, as_index=False)[["runs_bat", "PA"]].sum()
    lsum = lsum.merge(pool, on=LS, how="left").merge(env[[*LS, "rpw"]], on=LS, how="left")
    lsum["rep_pa"] = [
        replacement_rate(pb * r, rb, pa) if pb == pb else 0.0
        for pb, r, rb, pa in zip(lsum.pool_bat, lsum.rpw, lsum.runs_bat, lsum.PA, strict=True)
    ]
    st = st.merge(lsum[[*LS, "rep_pa"]], on=LS, how="left")
    st["rep_runs"] = (st.rep_pa.fillna(0.0) * st.PA).where(~st.pure_pitcher)
    st["WAR_bat"] = ((st.runs_bat + st.rep_runs) / st.rpw).where(~st.pure_pitcher)

    # pitchers: FIP on the RA9 scale, park-adjusted, against the league's RA9
    ip = st.IPouts / 3.0
    st["fip_num"] = fip_events(st.pHR, st.pBB, st.pHBP, st.pIBB, st.pSO)
    fip_c = st.fip_constant  # NaN only for a league without pitching lines: no value then
    runs_fip = (st.fip_num + (fip_c + st.lg_ra9 - st.lg_era) * ip) / 9.0
    st["raa_pit"] = (st.lg_ra9 * ip / 9.0 - runs_fip / (st.PPF.fillna(100.0) / 100.0)).fillna(0.0)
    st["fip_c_ip"] = fip_c * ip
    pitched = st.G_pit > 0
    psum = st[pitched].groupby(LS, as_index=False)[["raa_pit", "IPouts"]].sum()
    psum = psum.merge(pool, on=LS, how="left").merge(env[[*LS, "rpw"]], on=LS, how="left")
    psum["rep_ip"] = [
        replacement_rate(pp * r, ra, o / 3.0) if pp == pp else 0.0
        for pp, r, ra, o in zip(psum.pool_pit, psum.rpw, psum.raa_pit, psum.IPouts, strict=True)
    ]
    st = st.merge(psum[[*LS, "rep_ip"]], on=LS, how="left")
    st["WAR_pit"] = ((st.raa_pit + st.rep_ip.fillna(0.0) * st.IPouts / 3.0) / st.rpw).where(pitched)

    if person_ids is not None:
        wanted = {str(p) for p in person_ids}
        st = st[st.person_id.isin(wanted)]
    st = st.sort_values(["person_id", "season", "stint"])
    sums = [
        "G", "PA", "woba_num", "woba_den", "bat_runs", "br_runs", "fld_runs", "framing_runs",
        "blocking_runs", "arm_runs", "pbwp_runs", "pos_runs", "rep_runs", "WAR_bat", "IPouts",
        "fip_num", "fip_c_ip", "WAR_pit", "G_pit",
    ]  # fmt: skip
    keys = ["person_id", "season", "team"] if by_team else ["person_id", "season"]
    out = st.groupby(keys, sort=False)[sums].sum(min_count=1)
    labels = ["league"] if by_team else ["team", "league"]
    for col in labels:
        out[col] = _joined(st, keys, col)
    out = out.reset_index()
    out["G"] = np.maximum(out.G.fillna(0), out.G_pit.fillna(0)).astype(int)
    out["PA"] = out.PA.fillna(0).astype(int)
    out["wOBA"] = out.woba_num / out.woba_den.where(out.woba_den > 0)
    out["IP"] = out.IPouts.fillna(0.0) / 3.0
    out["FIP"] = (out.fip_num + out.fip_c_ip) / out.IP.where(out.IP > 0)
    out["WAR"] = out.WAR_bat.fillna(0.0) + out.WAR_pit.fillna(0.0)
    out = out.merge(_primary_position(fld, app), on=["person_id", "season"], how="left")
    out.loc[out.pos.isna() & (out.G_pit > 0), "pos"] = "P"
    out = out.merge(_people(kb, out.person_id), on="person_id", how="left")
    out["mlbam"] = out.mlbam.astype("Int64")
    return out[COLUMNS].sort_values(["season", "person_id"]).reset_index(drop=True)


def _joined(st: pd.DataFrame, keys: list[str], col: str) -> pd.Series:
    """``col``'s distinct values per group, in stint order, joined with '/'."""
    d = st[[*keys, col]].drop_duplicates()
    multi = d.duplicated(keys, keep=False)
    one = d[~multi].set_index(keys)[col]
    many = d[multi].groupby(keys, sort=False)[col].agg("/".join)
    return pd.concat([one, many])


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    rows = df.astype(object).where(df.notna(), None).to_dict("records")
    clean: list[dict[str, Any]] = []
    for r in rows:
        d: dict[str, Any] = {}
        for k, v in r.items():
            if isinstance(v, float) and math.isnan(v):
                v = None
            elif isinstance(v, np.generic):
                v = v.item()
            d[str(k)] = v
        clean.append(d)
    return clean


def player_values(kb: KB, person_id: str) -> list[dict[str, Any]]:
    """One player's seasons (stints summed), oldest first, as plain dicts (missing -> None)."""
    row = kb.one(
        "SELECT min(season) AS a, max(season) AS b FROM batting_best "
        "WHERE person_id = ? AND level = 'MLB'",
        [person_id],
    )
    prow = kb.one(
        "SELECT min(season) AS a, max(season) AS b FROM pitching_best "
        "WHERE person_id = ? AND level = 'MLB'",
        [person_id],
    )
    years: set[int] = set()
    for r in (row, prow):
        if r and r["a"] is not None:
            years.update(range(int(r["a"]), int(r["b"]) + 1))
    if not years:
        return []
    df = season_values(kb, seasons=years, person_ids=[person_id])
    return _records(df.sort_values("season"))


def leaders(kb: KB, season: int, n: int = 25, kind: str = "all") -> list[dict[str, Any]]:
    """The season's top ``n`` by WAR (``kind``: all, batting by WAR_bat, pitching by WAR_pit)."""
    col = {"all": "WAR", "batting": "WAR_bat", "pitching": "WAR_pit"}.get(kind)
    if col is None:
        raise ValueError(f"kind must be all, batting or pitching, not {kind!r}")
    df = season_values(kb, seasons=[season])
    df = df[df[col].notna()].sort_values(col, ascending=False).head(n)
    return _records(df)


def fielding_reliability(kb: KB, min_innouts: int = 1800) -> float:
    """Year-to-year correlation of plays made per game-equivalent above the league-position rate,
    for the same player, position and club-independent seasons with enough innings in both."""
    f = kb.con.execute(
        """
        WITH f AS (
            SELECT person_id, season, league, position,
                   sum(CASE WHEN position IN ('LF','CF','RF','OF') THEN PO + A ELSE A END)
                       AS plays,
                   sum(InnOuts) AS inn
            FROM fielding
            WHERE level = 'MLB' AND InnOuts > 0 AND position IN ('1B','2B','3B','SS','LF','CF','RF')
              AND season BETWEEN 1901 AND 2025
            GROUP BY ALL
        ), r AS (
            SELECT *, plays / inn - sum(plays) OVER w / sum(inn) OVER w AS d
            FROM f WINDOW w AS (PARTITION BY season, league, position)
        )
        SELECT corr(a.d, b.d) AS r
        FROM r a JOIN r b ON b.person_id = a.person_id AND b.position = a.position
             AND b.season = a.season + 1
        WHERE a.inn >= ? AND b.inn >= ?
        """,
        [min_innouts, min_innouts],
    ).fetchone()
    return float(f[0]) if f and f[0] is not None else 0.0
