"""Next season's rates and playing time for every player, from earlier seasons only.

Two methods, both projecting season ``T`` from the seasons before it:

* ``"marcel"`` is Tom Tango's "Marcel the Monkey Forecasting System" (tangotiger.net) as he
  published it: the last three MLB seasons weighted 5/4/3, regressed by adding 1200 PA of league
  average (the league rates of the same three seasons, weighted 5/4/3 by the player's own PA;
  non-pitchers only), an age factor of +0.006 a year under 29 and -0.003 a year over 29 on the
  positive events (hits by type, walks, intentional walks, hit by pitch), and playing time
  ``0.5 PA(T-1) + 0.1 PA(T-2) + 200``. A player without an MLB plate appearance in those three
  seasons has no Marcel line here; the backtest scores him against the formula's own answer for
  an empty history (league average, age-adjusted).
* ``"hotstove"`` keeps Marcel's shape (weighted history pulled toward a prior) but fits every
  choice, per component, from (history -> next season) pairs of seasons before ``T``:

  - each component is an *index* (events per PA over the league's non-pitcher rate that season),
    so eras and league trends do not leak into the weights;
  - past lines are park-neutral: each component is divided by ``(BPF/100) ** beta``, with
    ``beta`` the elasticity of team rates to Lahman's batting park factor, fitted on team-seasons;
  - minor-league lines (AAA, AA, A+, A, affiliated clubs) enter translated to MLB by per-level
    factors measured on players who batted at both levels in the same season (chained
    A -> A+ -> AA -> AAA -> MLB), with a discount on their PA fitted like the rest;
  - year weights and the regression amount ``K`` (reliability ``W / (W + K)``) are chosen per
    component by least squares, and the prior the history is pulled toward is itself a fitted
    linear function of playing time and position (a player who keeps getting at-bats is better
    than the league mean); aging is a fitted quadratic in age with position-group slopes; the
    last club's park is put back with a fitted coefficient.

``data_through`` caps the data a projection may read (rows after it are removed before any
fit), so a caller can prove that projecting ``T`` uses nothing from ``T`` on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from hotstove.valuation import league

if TYPE_CHECKING:
    from hotstove.kb.store import KB

COMPONENTS = ("1B", "2B", "3B", "HR", "BB", "IBB", "HBP", "SO", "SF", "SH")
POSITIVE = ("1B", "2B", "3B", "HR", "BB", "IBB", "HBP")
PITCH_COMPONENTS = ("SO", "BB", "HBP", "HR", "H")
MILB_LEVELS = ("AAA", "AA", "A+", "A")
LEVEL_UP = {"AAA": "MLB", "AA": "AAA", "A+": "AA", "A": "A+"}

# Marcel the Monkey Forecasting System (Tom Tango, tangotiger.net): the published constants.
MARCEL_WEIGHTS = (5.0, 4.0, 3.0)
MARCEL_REGRESS_PA = 1200.0
MARCEL_PEAK_AGE = 29
MARCEL_YOUNG, MARCEL_OLD = 0.006, 0.003
MARCEL_PT = (0.5, 0.1, 200.0)
# Marcel for pitchers (same source, pitcher notes): weights 3/2/1, 134 outs of league average,
# innings 0.5 IP(T-1) + 0.1 IP(T-2) + 25 (60 for a starter).
MARCEL_PITCH_WEIGHTS = (3.0, 2.0, 1.0)
MARCEL_PITCH_REGRESS_OUTS = 134.0
MARCEL_PITCH_PT = (0.5, 0.1, 25.0, 60.0)

FIRST_SEASON = 1970  # oldest data loaded: enough for every fit's training window
TRAIN_SEASONS = 12  # (history -> next season) pairs of the 12 seasons before the target
TRAIN_MIN_PA = 200  # a pair counts when the next season has this many PA (weight = PA)
MILB_MIN_PA = 30  # both levels, same season, for a translation pair
PARK_SEASONS = 20
K_GRID = (60.0, 120.0, 200.0, 300.0, 450.0, 650.0, 900.0, 1300.0, 1800.0, 2600.0, 4000.0)
WEIGHT_SETS = ((1.0, 0.8, 0.6), (1.0, 0.6, 0.35), (1.0, 0.9, 0.8), (1.0, 0.4, 0.15))
MILB_DISCOUNTS = (0.25, 0.5, 0.8)
RECENT_SHRINK = 300.0  # PA of league average added to the latest season's own index (smoothing)
SPEED_SHRINK = 100.0  # times on first added to the speed rate's denominator (smoothing)
PREMIUM = ("MI", "CF")  # position groups whose aging slope is fitted on its own (with "C")


# --- data ----------------------------------------------------------------------------------------


@dataclass
class _Data:
    mlb: pd.DataFrame  # one row per (pid, season): counts, PA, pf, team, league, pitcher, pos
    milb: pd.DataFrame  # one row per (pid, season, level)
    teams: pd.DataFrame  # one row per (season, team): counts, PA, BPF
    pit: pd.DataFrame  # MLB pitching per (pid, season)
    people: pd.DataFrame  # index pid: name, bbref, mlbam, birth_year
    lg: pd.DataFrame  # index season: non-pitcher rate per component
    lg_pit: pd.DataFrame  # index season: rate per batter faced of PITCH_COMPONENTS
    hist_cache: dict[int, _Hist] = field(default_factory=dict)

    def upto(self, last: int) -> _Data:
        return _Data(
            self.mlb[self.mlb.season <= last],
            self.milb[self.milb.season <= last],
            self.teams[self.teams.season <= last],
            self.pit[self.pit.season <= last],
            self.people,
            self.lg[self.lg.index <= last],
            self.lg_pit[self.lg_pit.index <= last],
        )


_BAT_SQL = f"""
SELECT person_id AS pid, season, level, team, org, league,
       coalesce(PA, AB + coalesce(BB,0) + coalesce(HBP,0) + coalesce(SF,0) + coalesce(SH,0)) AS PA,
       AB, H - "2B" - "3B" - HR AS "1B", "2B", "3B", HR, coalesce(BB,0) AS BB,
       coalesce(IBB,0) AS IBB, coalesce(HBP,0) AS HBP, coalesce(SO,0) AS SO,
       coalesce(SF,0) AS SF, coalesce(SH,0) AS SH,
       coalesce(SB,0) AS SB, coalesce(CS,0) AS CS
FROM batting_best
WHERE season >= {FIRST_SEASON} AND AB IS NOT NULL AND H IS NOT NULL
  AND (level = 'MLB' OR (level IN ('AAA','AA','A+','A') AND org IS NOT NULL))
"""


def _load(kb: KB) -> _Data:
    rows = kb.con.execute(_BAT_SQL).df()
    for c in ("PA", "AB", "SB", "CS", *COMPONENTS):
        rows[c] = rows[c].fillna(0).astype(float)
    rows["pid"] = rows["pid"].astype(object)
    bpf = kb.con.execute(
        f"SELECT season, code AS team, BPF FROM team_seasons WHERE season >= {FIRST_SEASON}"
    ).df()
    m = rows[rows.level == "MLB"].merge(bpf, on=["season", "team"], how="left")
    m["BPF"] = m["BPF"].fillna(100.0).astype(float)
    teams = m.groupby(["season", "team"], as_index=False)[["PA", *COMPONENTS]].sum()
    teams = teams.merge(bpf, on=["season", "team"], how="left").dropna(subset=["BPF"])
    m["pfw"] = m["BPF"] / 100.0 * m["PA"]
    m = m.sort_values("PA", ascending=False)
    mlb = m.groupby(["pid", "season"], as_index=False).agg(
        {"PA": "sum", "AB": "sum", "SB": "sum", "CS": "sum", **{c: "sum" for c in COMPONENTS},
         "pfw": "sum",
         "team": "first", "league": "first"}
    )  # fmt: skip
    mlb["pf"] = np.where(mlb.PA > 0, mlb.pfw / mlb.PA.where(mlb.PA > 0, 1.0), 1.0)
    mlb = mlb.drop(columns="pfw")

    pit = kb.con.execute(
        f"""
        SELECT person_id AS pid, season, sum(G) AS G, sum(GS) AS GS, sum(IPouts) AS IPouts,
               sum(coalesce(BFP, IPouts + H + coalesce(BB,0) + coalesce(HBP,0))) AS BF,
               sum(H) AS H, sum(HR) AS HR, sum(coalesce(BB,0)) AS BB,
               sum(coalesce(IBB,0)) AS IBB, sum(coalesce(HBP,0)) AS HBP,
               sum(coalesce(SO,0)) AS SO, sum(ER) AS ER,
               arg_max(team, IPouts) AS team, arg_max(league, IPouts) AS league
        FROM pitching_best WHERE level = 'MLB' AND season >= {FIRST_SEASON}
        GROUP BY person_id, season
        """
    ).df()
    for c in ("G", "GS", "IPouts", "BF", "H", "HR", "BB", "IBB", "HBP", "SO", "ER"):
        pit[c] = pit[c].fillna(0).astype(float)
    pit["pid"] = pit["pid"].astype(object)
    mlb = mlb.merge(pit[["pid", "season", "BF"]], on=["pid", "season"], how="left")
    mlb["pitcher"] = mlb["BF"].fillna(0) > mlb["PA"]
    mlb = mlb.drop(columns="BF")

    pos = kb.con.execute(
        f"""
        SELECT person_id AS pid, season, position, sum(G) AS G FROM fielding
        WHERE level = 'MLB' AND season >= {FIRST_SEASON} GROUP BY 1, 2, 3
        """
    ).df()
    split = pos[pos.position.isin(["LF", "CF", "RF"])][["pid", "season"]].drop_duplicates()
    split["has_split"] = True
    pos["pid"] = pos["pid"].astype(object)
    pos = pos.merge(split, on=["pid", "season"], how="left")
    pos = pos[~((pos.position == "OF") & pos.has_split.fillna(False).astype(bool))]
    pos = pos.sort_values("G", ascending=False).drop_duplicates(["pid", "season"])
    group = {"C": "C", "SS": "MI", "2B": "MI", "CF": "CF", "3B": "3B", "1B": "1B",
             "LF": "OF", "RF": "OF", "OF": "OF", "P": "P"}  # fmt: skip
    pos["pos"] = pos.position.map(group).fillna("DH")
    mlb = mlb.merge(pos[["pid", "season", "pos"]], on=["pid", "season"], how="left")
    mlb["pos"] = mlb["pos"].fillna("DH")

    milb = (
        rows[rows.level != "MLB"]
        .groupby(["pid", "season", "level"], as_index=False)[["PA", *COMPONENTS]]
        .sum()
    )
    milb = milb[milb.PA > 0]

    people = kb.con.execute(
        """SELECT person_id AS pid, bbref, mlbam, birth_year,
                  trim(coalesce(name_first,'') || ' ' || coalesce(name_last,'')) AS name
           FROM people"""
    ).df()
    people["pid"] = people["pid"].astype(object)
    people["mlbam"] = people["mlbam"].astype("Int64")
    people = people.set_index("pid")

    hitters = mlb[~mlb.pitcher]
    tot = hitters.groupby("season")[["PA", *COMPONENTS]].sum()
    lg = tot[list(COMPONENTS)].div(tot["PA"], axis=0)
    ptot = pit.groupby("season")[["BF", *PITCH_COMPONENTS, "IPouts", "ER"]].sum()
    lg_pit = ptot[list(PITCH_COMPONENTS)].div(ptot["BF"], axis=0)
    lg_pit["ERA"] = 27.0 * ptot["ER"] / ptot["IPouts"]
    lg_pit["BF_per_out"] = ptot["BF"] / ptot["IPouts"]
    return _Data(mlb, milb, teams, pit, people, lg, lg_pit)


@lru_cache(maxsize=2)
def _cached(key: str, kb: KB) -> _Data:
    return _load(kb)


def data(kb: KB) -> _Data:
    """Everything the projections read, loaded once per knowledge base."""
    return _cached(str(kb.path or id(kb)), kb)


# --- history of the players to project for one target season -----------------------------------


@dataclass
class _Hist:
    """For target season ``y``: every player with an MLB or minor-league line in y-3..y-1."""

    y: int
    pid: np.ndarray  # (n,)
    pa: np.ndarray  # (n, 3) MLB PA in y-1, y-2, y-3
    cnt: np.ndarray  # (n, 3, m) MLB counts
    pf: np.ndarray  # (n, 3) park factor of those lines (1 = neutral)
    mpa: np.ndarray  # (n, 3, L) minor-league PA per level
    mcnt: np.ndarray  # (n, 3, L, m)
    age: np.ndarray  # (n,)
    grp: np.ndarray  # (n,) position group of the latest MLB season ("NA" without one)
    pf_last: np.ndarray  # (n,) park factor of the latest MLB club
    team: np.ndarray
    league: np.ndarray
    pitcher_last: np.ndarray  # (n,) bool: his latest MLB season was mostly pitching
    run: np.ndarray  # (n, 3) stolen-base attempts (SB + CS), MLB
    old: np.ndarray  # (n, m) index of y-5 and y-4 together, pulled toward the league
    act_keep: np.ndarray | None = None  # training: rows with a non-pitcher next season
    act_idx: np.ndarray | None = None  # their next-season counts over last season's league rate
    act_pa: np.ndarray | None = None


def _hist(d: _Data, y: int) -> _Hist:
    if y in d.hist_cache:
        return d.hist_cache[y]
    m = d.mlb[(d.mlb.season >= y - 3) & (d.mlb.season <= y - 1)]
    mi = d.milb[(d.milb.season >= y - 3) & (d.milb.season <= y - 1)]
    pids = pd.Index(pd.unique(pd.concat([m.pid[m.PA > 0], mi.pid])))
    n, nc, nl = len(pids), len(COMPONENTS), len(MILB_LEVELS)
    pa = np.zeros((n, 3))
    cnt = np.zeros((n, 3, nc))
    pf = np.ones((n, 3))
    run = np.zeros((n, 3))
    mpa = np.zeros((n, 3, nl))
    mcnt = np.zeros((n, 3, nl, nc))
    m = m[m.pid.isin(pids)]
    i = pids.get_indexer(m.pid)
    k = (y - 1 - m.season).to_numpy()
    pa[i, k] = m.PA.to_numpy()
    cnt[i, k] = m[list(COMPONENTS)].to_numpy()
    pf[i, k] = m.pf.to_numpy()
    run[i, k] = (m.SB + m.CS).to_numpy()
    if len(mi):
        j = pids.get_indexer(mi.pid)
        km = (y - 1 - mi.season).to_numpy()
        lv = mi.level.map({lv: x for x, lv in enumerate(MILB_LEVELS)}).to_numpy().astype(int)
        mpa[j, km, lv] = mi.PA.to_numpy()
        mcnt[j, km, lv] = mi[list(COMPONENTS)].to_numpy()
    last = m.sort_values("season").drop_duplicates("pid", keep="last")
    last = last.set_index("pid").reindex(pids)
    by = d.people.birth_year.reindex(pids).to_numpy(dtype=float)
    age = np.where(np.isnan(by), 28.0, y - by)
    h = _Hist(
        y=y,
        pid=pids.to_numpy(),
        pa=pa,
        cnt=cnt,
        pf=pf,
        mpa=mpa,
        mcnt=mcnt,
        age=age,
        grp=last.pos.fillna("NA").to_numpy(),
        pf_last=last.pf.fillna(1.0).to_numpy(dtype=float),
        team=last.team.to_numpy(),
        league=last.league.to_numpy(),
        pitcher_last=last.pitcher.fillna(False).to_numpy(dtype=bool),
        run=run,
        old=_old_index(d, y, pids),
    )
    act = d.mlb[(d.mlb.season == y) & (~d.mlb.pitcher) & (d.mlb.PA >= TRAIN_MIN_PA)]
    if len(act):
        act = act.set_index("pid").reindex(pids)
        keep = np.flatnonzero(act.PA.notna().to_numpy())
        a = act.iloc[keep]
        h.act_keep = keep
        h.act_pa = a.PA.to_numpy(dtype=float)
        h.act_idx = a[list(COMPONENTS)].to_numpy(dtype=float) / h.act_pa[:, None] / _lg3(d, y)[0]
    d.hist_cache[y] = h
    return h


def _old_index(d: _Data, y: int, pids: pd.Index) -> np.ndarray:
    """Seasons y-5 and y-4: events over the league rate of their season, per PA, smoothed."""
    o = d.mlb[(d.mlb.season >= y - 5) & (d.mlb.season <= y - 4) & d.mlb.pid.isin(pids)]
    ev = np.zeros((len(pids), len(COMPONENTS)))
    pa = np.zeros(len(pids))
    if len(o):
        lg = d.lg.reindex(o.season).to_numpy(dtype=float)
        i = pids.get_indexer(o.pid)
        np.add.at(ev, i, o[list(COMPONENTS)].to_numpy(dtype=float) / lg)
        np.add.at(pa, i, o.PA.to_numpy(dtype=float))
    return (ev + RECENT_SHRINK) / (pa + RECENT_SHRINK)[:, None]


def _lg3(d: _Data, y: int) -> np.ndarray:
    """League non-pitcher rates of y-1, y-2, y-3 (3, m); a missing season borrows its neighbour."""
    out = []
    for s in (y - 1, y - 2, y - 3):
        near = d.lg.index[d.lg.index <= s]
        row = d.lg.loc[near.max()] if len(near) else d.lg.iloc[0]
        out.append(row[list(COMPONENTS)].to_numpy(dtype=float))
    return np.array(out)


# --- Marcel --------------------------------------------------------------------------------------


def _marcel_rates(d: _Data, h: _Hist) -> tuple[np.ndarray, np.ndarray]:
    """(rates (n, m), PA (n,)) by Marcel the Monkey; an empty history gets league average."""
    w = np.array(MARCEL_WEIGHTS)
    lg = _lg3(d, h.y)
    wpa = h.pa * w  # (n, 3)
    den = wpa.sum(1)
    num = (h.cnt * w[None, :, None]).sum(1)
    lg_plain = (lg * w[:, None]).sum(0) / w.sum()
    safe = np.where(den > 0, den, 1.0)
    lg_w = np.where(den[:, None] > 0, (wpa[:, :, None] * lg[None]).sum(1) / safe[:, None], lg_plain)
    rate = (num + MARCEL_REGRESS_PA * lg_w) / (den + MARCEL_REGRESS_PA)[:, None]
    rate = rate * _marcel_age_factor(h.age)[:, None] ** _positive_mask()[None, :]
    pt = MARCEL_PT[0] * h.pa[:, 0] + MARCEL_PT[1] * h.pa[:, 1] + MARCEL_PT[2]
    return rate, pt


def _positive_mask() -> np.ndarray:
    return np.array([1.0 if c in POSITIVE else 0.0 for c in COMPONENTS])


def _marcel_age_factor(age: np.ndarray) -> np.ndarray:
    young = (MARCEL_PEAK_AGE - age) * MARCEL_YOUNG
    old = (MARCEL_PEAK_AGE - age) * MARCEL_OLD
    return 1.0 + np.where(age < MARCEL_PEAK_AGE, young, old)


def marcel_line(
    seasons: list[dict[str, float]], league_rates: list[dict[str, float]], age: float
) -> dict[str, float]:
    """Marcel for one player from plain dicts: ``seasons`` and ``league_rates`` are the last three
    seasons, most recent first (counts with PA; per-PA league rates). Returns rates and PA."""
    w = MARCEL_WEIGHTS
    den = sum(wi * float(s.get("PA", 0)) for wi, s in zip(w, seasons, strict=False))
    out: dict[str, float] = {}
    factor = float(_marcel_age_factor(np.array([age]))[0])
    for c in COMPONENTS:
        num = sum(wi * float(s.get(c, 0)) for wi, s in zip(w, seasons, strict=False))
        if den > 0:
            lg_w = (
                sum(
                    wi * float(s.get("PA", 0)) * lr[c]
                    for wi, s, lr in zip(w, seasons, league_rates, strict=False)
                )
                / den
            )
        else:
            lg_w = sum(wi * lr[c] for wi, lr in zip(w, league_rates, strict=False)) / sum(w)
        rate = (num + MARCEL_REGRESS_PA * lg_w) / (den + MARCEL_REGRESS_PA)
        out[c] = rate * (factor if c in POSITIVE else 1.0)
    pas = [float(s.get("PA", 0)) for s in seasons] + [0.0, 0.0]
    out["PA"] = MARCEL_PT[0] * pas[0] + MARCEL_PT[1] * pas[1] + MARCEL_PT[2]
    return out


# --- hotstove: the fits ---------------------------------------------------------------------


@dataclass
class _Fit:
    season: int
    beta: np.ndarray  # park elasticity per component
    factors: np.ndarray  # (L, m) minor-league -> MLB multiplier per level and component
    use_milb: bool
    comp: list[dict[str, Any]]  # per component: weights, K, d, coef
    pt_coef: np.ndarray


def _park_beta(d: _Data, T: int) -> np.ndarray:
    t = d.teams[(d.teams.season < T) & (d.teams.season >= T - PARK_SEASONS)]
    if len(t) < 30:
        return np.zeros(len(COMPONENTS))
    lg = d.lg.reindex(t.season).to_numpy()
    x = np.log(t.BPF.to_numpy(dtype=float) / 100.0)
    wts = t.PA.to_numpy(dtype=float)
    out = []
    for j, c in enumerate(COMPONENTS):
        rate = t[c].to_numpy(dtype=float) / t.PA.to_numpy(dtype=float)
        ok = (rate > 0) & (lg[:, j] > 0)
        yv = np.log(rate[ok] / lg[ok, j])
        xv, wv = x[ok], wts[ok]
        xm = np.average(xv, weights=wv)
        ym = np.average(yv, weights=wv)
        var = np.sum(wv * (xv - xm) ** 2)
        out.append(np.sum(wv * (xv - xm) * (yv - ym)) / var if var > 0 else 0.0)
    return np.array(out)


def _milb_factors(d: _Data, T: int) -> tuple[np.ndarray, bool]:
    """Per level, MLB-equivalent multiplier of each component's rate, chained level by level."""
    nl, nc = len(MILB_LEVELS), len(COMPONENTS)
    f = np.ones((nl, nc))
    mi = d.milb[d.milb.season < T]
    if mi.empty:
        return f, False
    upper: dict[str, pd.DataFrame] = {"MLB": d.mlb[d.mlb.season < T]}
    for lv in MILB_LEVELS:
        upper[lv] = mi[mi.level == lv]
    step = np.ones((nl, nc))
    for x, lv in enumerate(MILB_LEVELS):
        lo = upper[lv]
        hi = upper[LEVEL_UP[lv]]
        pair = lo.merge(hi, on=["pid", "season"], suffixes=("_lo", "_hi"))
        pair = pair[(pair.PA_lo >= MILB_MIN_PA) & (pair.PA_hi >= MILB_MIN_PA)]
        if len(pair) < 20:
            continue
        hm = 2.0 / (1.0 / pair.PA_lo + 1.0 / pair.PA_hi)
        for j, c in enumerate(COMPONENTS):
            r_hi = np.sum(hm * pair[f"{c}_hi"] / pair.PA_hi)
            r_lo = np.sum(hm * pair[f"{c}_lo"] / pair.PA_lo)
            step[x, j] = r_hi / r_lo if r_lo > 0 else 1.0
    for x in range(nl):
        f[x] = np.prod(step[: x + 1], axis=0)
    return f, True


@dataclass
class _Design:
    """The parts of the features that do not depend on a component's weights or K."""

    pa: np.ndarray  # (n, 3) MLB PA
    ev_mlb: np.ndarray  # (n, 3, m) park-neutral MLB counts over the league rate
    ev_milb: np.ndarray  # (n, 3, m) translated minor-league counts over the league rate
    mpa: np.ndarray  # (n, 3) minor-league PA (all levels)
    base: np.ndarray  # (n, q) features outside the reliability (age, park, ...)
    prior: np.ndarray  # (n, p) prior features, multiplied by (1 - r)
    speed: np.ndarray  # (n, 1) stolen-base attempts per time on first, pulled toward zero
    old: np.ndarray  # (n, m) index of the two seasons before the three


def _design(d: _Data, h: _Hist, beta: np.ndarray, factors: np.ndarray) -> _Design:
    lg = _lg3(d, h.y)  # (3, m)
    ev_mlb = h.cnt / (h.pf[:, :, None] ** beta[None, None, :]) / lg[None]
    ev_milb = (h.mcnt * factors[None, None]).sum(2) / lg[None]
    mpa = h.mpa.sum(2)
    a = np.clip(h.age - 29.0, -9.0, 10.0)
    is_c = h.grp == "C"
    prem = np.isin(h.grp, PREMIUM)
    corner = np.isin(h.grp, ("1B", "DH"))
    base = np.column_stack([a, a * a, a * is_c, a * prem, np.log(h.pf_last)])
    tot = h.pa.sum(1)
    prior = np.column_stack(
        [
            np.ones(len(a)),
            np.minimum(h.pa[:, 0], 700.0) / 600.0,
            np.minimum(tot, 2000.0) / 1800.0,
            (tot == 0).astype(float),
            is_c.astype(float),
            prem.astype(float),
            corner.astype(float),
            h.pitcher_last.astype(float),
        ]
    )
    opp = h.cnt[:, :, [COMPONENTS.index(c) for c in ("1B", "BB", "HBP")]].sum((1, 2))
    speed = h.run.sum(1) / (opp + SPEED_SHRINK)
    return _Design(h.pa, ev_mlb, ev_milb, mpa, base, prior, speed[:, None], h.old)


def _rows(ds: _Design, keep: np.ndarray) -> _Design:
    return _Design(*(getattr(ds, f)[keep] for f in _Design.__dataclass_fields__))


def _concat(parts: list[_Design]) -> _Design:
    return _Design(
        *(np.concatenate([getattr(p, f) for p in parts]) for f in _Design.__dataclass_fields__)
    )


def _features(ds: _Design, j: int, w: tuple[float, ...], k: float, dsc: float) -> np.ndarray:
    wv = np.array(w)
    wpa = (ds.pa * wv).sum(1) + dsc * (ds.mpa * wv).sum(1)
    ev = (ds.ev_mlb[:, :, j] * wv).sum(1) + dsc * (ds.ev_milb[:, :, j] * wv).sum(1)
    r = wpa / (wpa + k)
    hidx = np.where(wpa > 0, ev / np.where(wpa > 0, wpa, 1.0), 1.0)
    return np.column_stack([r * hidx, (1.0 - r)[:, None] * ds.prior, ds.base])


@dataclass
class _Train:
    design: _Design  # the training pairs' features, all seasons stacked
    target: np.ndarray  # (N, m) next-season index (over the league rate of the last season)
    weight: np.ndarray  # (N,)


def _training(d: _Data, T: int, beta: np.ndarray, factors: np.ndarray) -> _Train:
    designs, targets, weights = [], [], []
    for y in range(max(FIRST_SEASON + 4, T - TRAIN_SEASONS), T):
        h = _hist(d, y)
        act = d.mlb[(d.mlb.season == y) & (~d.mlb.pitcher) & (d.mlb.PA >= TRAIN_MIN_PA)]
        act = act.set_index("pid").reindex(h.pid)
        keep = np.flatnonzero(act.PA.notna().to_numpy())
        if len(keep) == 0:
            continue
        lg_last = _lg3(d, y)[0]
        a = act.iloc[keep]
        targets.append(
            a[list(COMPONENTS)].to_numpy(dtype=float) / a.PA.to_numpy()[:, None] / lg_last
        )
        weights.append(a.PA.to_numpy(dtype=float))
        designs.append(_rows(_design(d, h, beta, factors), keep))
    return _Train(_concat(designs), np.vstack(targets), np.concatenate(weights))


def _wls(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, float]:
    sw = np.sqrt(w)
    xw = x * sw[:, None]
    xtx = xw.T @ xw + 1e-6 * np.eye(x.shape[1])
    coef = np.linalg.solve(xtx, xw.T @ (y * sw))
    resid = y - x @ coef
    return coef, float(np.sum(w * resid * resid))


def _fit_component(tr: _Train, j: int, use_milb: bool) -> dict[str, Any]:
    y = tr.target[:, j]

    def stack(w: tuple[float, ...], k: float, dsc: float) -> np.ndarray:
        return _features(tr.design, j, w, k, dsc)

    def score(w: tuple[float, ...], k: float, dsc: float) -> float:
        return _wls(stack(w, k, dsc), y, tr.weight)[1]

    best_w, best_d = WEIGHT_SETS[0], (0.5 if use_milb else 0.0)
    best_k = min(K_GRID, key=lambda k: score(best_w, k, best_d))
    best_w = min(WEIGHT_SETS, key=lambda w: score(w, best_k, best_d))
    best_k = min(K_GRID, key=lambda k: score(best_w, k, best_d))
    if use_milb:
        best_d = min(MILB_DISCOUNTS, key=lambda dd: score(best_w, best_k, dd))
    coef, _ = _wls(stack(best_w, best_k, best_d), y, tr.weight)
    return {"weights": best_w, "K": best_k, "d": best_d, "coef": coef}


def _pt_features(h: _Hist) -> np.ndarray:
    a = np.clip(h.age - 29.0, -9.0, 10.0)
    top = h.mpa[:, 0, 0] + h.mpa[:, 0, 1]  # AAA + AA last season
    return np.column_stack(
        [np.ones(len(a)), h.pa[:, 0], h.pa[:, 1], h.pa[:, 2], top, a, a * a,
         h.pitcher_last.astype(float), h.pa[:, 0] * a]
    )  # fmt: skip


def _fit_pt(d: _Data, T: int) -> np.ndarray:
    xs, ys = [], []
    for y in range(max(FIRST_SEASON + 4, T - TRAIN_SEASONS), T):
        if y in (1981, 1994, 1995, 2020):  # strike and pandemic seasons are not a full season
            continue
        h = _hist(d, y)
        act = d.mlb[d.mlb.season == y].set_index("pid").PA.reindex(h.pid).fillna(0.0)
        xs.append(_pt_features(h))
        ys.append(act.to_numpy(dtype=float))
    if not xs:
        return np.zeros(_pt_features(_hist(d, T)).shape[1])
    coef, _ = _wls(np.vstack(xs), np.concatenate(ys), np.ones(sum(len(v) for v in ys)))
    return coef


def _shrunk(ds: _Design, comp: list[dict[str, Any]]) -> np.ndarray:
    """Every component's history index pulled toward the league (1) by its own weights and K."""
    cols = []
    for j, c in enumerate(comp):
        wv = np.array(c["weights"])
        wpa = (ds.pa * wv).sum(1) + c["d"] * (ds.mpa * wv).sum(1)
        ev = (ds.ev_mlb[:, :, j] * wv).sum(1) + c["d"] * (ds.ev_milb[:, :, j] * wv).sum(1)
        cols.append((ev + c["K"]) / (wpa + c["K"]))
    return np.column_stack(cols)


def _stage2(ds: _Design, comp: list[dict[str, Any]], j: int) -> np.ndarray:
    c = comp[j]
    own = _features(ds, j, c["weights"], c["K"], c["d"])
    others = np.delete(_shrunk(ds, comp), j, axis=1)
    # the latest season alone, every component, pulled toward the league by a season of PA
    last = (ds.ev_mlb[:, 0, :] + RECENT_SHRINK) / (ds.pa[:, :1] + RECENT_SHRINK)
    return np.column_stack([own, others, last, ds.old, ds.speed])


def _predict(ds: _Design, comp: list[dict[str, Any]], j: int) -> np.ndarray:
    return _stage2(ds, comp, j) @ comp[j]["coef2"]


def _fit(d: _Data, T: int) -> _Fit:
    beta = _park_beta(d, T)
    factors, have_milb = _milb_factors(d, T)
    # the discount on minor-league PA is fitted only when some training pair has such a line
    use_milb = have_milb and bool(len(d.milb[d.milb.season < T - 1]))
    if not use_milb:
        factors = np.zeros_like(factors)
    tr = _training(d, T, beta, factors)
    comp = [_fit_component(tr, j, use_milb) for j in range(len(COMPONENTS))]
    for j, c in enumerate(comp):
        c["coef2"], _ = _wls(_stage2(tr.design, comp, j), tr.target[:, j], tr.weight)
    return _Fit(T, beta, factors, use_milb, comp, _fit_pt(d, T))


def _hotstove_rates(d: _Data, h: _Hist, fit: _Fit) -> tuple[np.ndarray, np.ndarray]:
    ds = _design(d, h, fit.beta, fit.factors)
    lg_last = _lg3(d, h.y)[0]
    idx = np.column_stack([_predict(ds, fit.comp, j) for j in range(len(fit.comp))])
    rate = np.clip(idx, 0.05, None) * lg_last[None]
    pt = np.clip(_pt_features(h) @ fit.pt_coef, 0.0, 720.0)
    return rate, pt


# --- output ----------------------------------------------------------------------------------


def rate_stats(rate: pd.DataFrame | dict[str, Any], w: dict[str, float]) -> dict[str, Any]:
    """AVG/OBP/SLG/wOBA per PA from per-PA component rates (columns or keys named COMPONENTS);
    the same definitions as the stat engine, on a line of one PA."""
    r = {c: rate[c] for c in COMPONENTS}
    h = r["1B"] + r["2B"] + r["3B"] + r["HR"]
    ab = 1.0 - r["BB"] - r["HBP"] - r["SF"] - r["SH"]
    tb = r["1B"] + 2 * r["2B"] + 3 * r["3B"] + 4 * r["HR"]
    ubb = r["BB"] - r["IBB"]
    woba_num = (
        w["uBB"] * ubb + w["HBP"] * r["HBP"] + w["1B"] * r["1B"] + w["2B"] * r["2B"]
        + w["3B"] * r["3B"] + w["HR"] * r["HR"]
    )  # fmt: skip
    return {
        "H": h,
        "AB": ab,
        "AVG": h / ab,
        "OBP": (h + r["BB"] + r["HBP"]) / (ab + r["BB"] + r["HBP"] + r["SF"]),
        "SLG": tb / ab,
        "wOBA": woba_num / (ab + ubb + r["SF"] + r["HBP"]),
    }


def weights_frame(kb: KB, season: int, leagues: Iterable[Any]) -> pd.DataFrame:
    """wOBA weights of the latest league-season before ``season`` for each league given."""
    envs = league.environments(kb)
    out = []
    for lg in leagues:
        env = None
        for s in range(season - 1, season - 6, -1):
            env = envs.get((s, str(lg))) or envs.get((s, "AL")) or envs.get((s, "NL"))
            if env is not None:
                break
        w = env.woba if env is not None else {}
        out.append({e: w.get(e, math.nan) for e in league.WOBA_EVENTS})
    return pd.DataFrame(out)


def _frame(
    kb: KB, d: _Data, h: _Hist, rate: np.ndarray, pt: np.ndarray, method: str, basis: list[str]
) -> pd.DataFrame:
    season = h.y
    ppl = d.people.reindex(h.pid)
    df = pd.DataFrame(
        {
            "person_id": h.pid,
            "bbref": ppl.bbref.to_numpy(),
            "mlbam": ppl.mlbam.to_numpy(),
            "name": ppl.name.to_numpy(),
            "season": season,
            "age": h.age.astype(int),
            "team": h.team,
            "league": h.league,
            "PA": np.round(pt, 1),
        }
    )
    rates = pd.DataFrame(rate, columns=list(COMPONENTS))
    w = weights_frame(kb, season, df.league.fillna("").tolist())
    st = rate_stats(rates, {e: w[e].to_numpy() for e in league.WOBA_EVENTS})
    for c in COMPONENTS:
        df[c] = rates[c].to_numpy()
    df["AB"] = np.round(st["AB"] * pt, 1)
    df["H"] = np.round(st["H"] * pt, 1)
    for c in ("AVG", "OBP", "SLG", "wOBA"):
        df[c] = np.asarray(st[c], dtype=float)
    df["method"] = method
    df["basis"] = basis
    df["milb"] = h.mpa.sum((1, 2)) > 0 if method == "hotstove" else False
    return df


def _basis(h: _Hist, method: str, use_milb: bool) -> list[str]:
    out = []
    seasons = (h.y - 1, h.y - 2, h.y - 3)
    for i in range(len(h.pid)):
        parts = [f"MLB {s}" for k, s in enumerate(seasons) if h.pa[i, k] > 0]
        if method == "hotstove" and use_milb:
            for k, s in enumerate(seasons):
                lv = [MILB_LEVELS[x] for x in range(len(MILB_LEVELS)) if h.mpa[i, k, x] > 0]
                if lv:
                    parts.append(f"{'/'.join(lv)} {s}")
        out.append(", ".join(parts) if parts else "league average")
    return out


def _cap(d: _Data, season: int, data_through: int | None) -> _Data:
    return d if data_through is None else d.upto(data_through)


def fit_for(kb: KB, season: int, data_through: int | None = None) -> _Fit:
    """The hotstove fit for ``season`` (from earlier seasons only). Cached per season."""
    d = _cap(data(kb), season, data_through)
    return _fit_cached(d, season) if data_through is None else _fit(d, season)


_FITS: dict[tuple[int, int], _Fit] = {}


def _fit_cached(d: _Data, season: int) -> _Fit:
    key = (id(d), season)
    if key not in _FITS:
        _FITS[key] = _fit(d, season)
    return _FITS[key]


def project_batters(
    kb: KB,
    season: int,
    person_ids: Iterable[str] | None = None,
    method: str = "hotstove",
    *,
    data_through: int | None = None,
) -> pd.DataFrame:
    """Every batter's projected ``season``: PA, per-PA rates, AVG/OBP/SLG/wOBA (see module doc).

    Only seasons before ``season`` are read by the fits and the history; ``data_through`` removes
    every row after that season before anything is computed.
    """
    if method not in ("marcel", "hotstove"):
        raise ValueError(f"unknown projection method {method!r}")
    d = _cap(data(kb), season, data_through)
    h = _hist(d, season)
    if method == "marcel":
        rate, pt = _marcel_rates(d, h)
        use_milb = False
    else:
        fit = _fit_cached(d, season) if data_through is None else _fit(d, season)
        rate, pt = _hotstove_rates(d, h, fit)
        use_milb = fit.use_milb
    df = _frame(kb, d, h, rate, pt, method, _basis(h, method, use_milb))
    if method == "marcel":
        df = df[h.pa.sum(1) > 0]
    if person_ids is not None:
        df = df[df.person_id.isin({str(p) for p in person_ids})]
    return df.reset_index(drop=True)


# --- pitchers ----------------------------------------------------------------------------------


def project_pitchers(
    kb: KB,
    season: int,
    person_ids: Iterable[str] | None = None,
    method: str = "hotstove",
    *,
    data_through: int | None = None,
) -> pd.DataFrame:
    """Every pitcher with an MLB inning in the last three seasons: IP, BF, per-batter rates,
    ERA and FIP (FIP constant of the last league-season).

    Marcel for pitchers (weights 3/2/1, 134 outs of league average, innings
    0.5 IP(T-1) + 0.1 IP(T-2) + 25, or + 60 for a starter), both methods; "hotstove" adds the
    regression amount per component fitted on earlier (history -> next season) pairs.
    """
    if method not in ("marcel", "hotstove"):
        raise ValueError(f"unknown projection method {method!r}")
    d = _cap(data(kb), season, data_through)
    p = d.pit[(d.pit.season >= season - 3) & (d.pit.season <= season - 1)]
    comps = list(PITCH_COMPONENTS)
    cols = ["BF", "IPouts", "G", "GS", "ER", *comps]
    wide = {
        k: p[p.season == season - 1 - k].set_index("pid")[cols].add_suffix(f"_{k}")
        for k in range(3)
    }
    df = pd.concat(wide.values(), axis=1).fillna(0.0)
    df = df[(df[[f"IPouts_{k}" for k in range(3)]].sum(axis=1)) > 0]
    w = MARCEL_PITCH_WEIGHTS
    lg = []
    for k in range(3):
        near = d.lg_pit.index[d.lg_pit.index <= season - 1 - k]
        lg.append(d.lg_pit.loc[near.max()] if len(near) else d.lg_pit.iloc[0])
    wbf = sum(w[k] * df[f"BF_{k}"] for k in range(3))
    lg_bf_out = float(lg[0]["BF_per_out"])
    regress_bf = MARCEL_PITCH_REGRESS_OUTS * lg_bf_out
    ks = _pitch_k(d, season) if method == "hotstove" else dict.fromkeys(comps, regress_bf)
    out = pd.DataFrame(index=df.index)
    safe = wbf.where(wbf > 0, 1.0)
    for c in comps:
        lg_w = sum(w[k] * df[f"BF_{k}"] * float(lg[k][c]) for k in range(3)) / safe
        num = sum(w[k] * df[f"{c}_{k}"] for k in range(3))
        out[c] = (num + ks[c] * lg_w) / (wbf + ks[c])
    by = d.people.birth_year.reindex(df.index).to_numpy(dtype=float)
    age = np.where(np.isnan(by), 28.0, season - by)
    factor = _marcel_age_factor(age)
    for c in ("BB", "HBP", "HR", "H"):  # events that help the batter grow with his age factor
        out[c] = out[c] / factor
    out["SO"] = out["SO"] * factor
    gs = df[[f"GS_{k}" for k in range(3)]].sum(axis=1)
    g = df[[f"G_{k}" for k in range(3)]].sum(axis=1)
    starter = gs / g.where(g > 0, 1.0) >= 0.5
    ip = (
        MARCEL_PITCH_PT[0] * df["IPouts_0"] / 3.0
        + MARCEL_PITCH_PT[1] * df["IPouts_1"] / 3.0
        + np.where(starter, MARCEL_PITCH_PT[3], MARCEL_PITCH_PT[2])
    )
    ppl = d.people.reindex(df.index)
    last = p.sort_values("season").drop_duplicates("pid", keep="last").set_index("pid")
    last = last.reindex(df.index)
    lgs = last.league.fillna("").tolist()
    res = pd.DataFrame(
        {
            "person_id": df.index.to_numpy(),
            "bbref": ppl.bbref.to_numpy(),
            "mlbam": ppl.mlbam.to_numpy(),
            "name": ppl.name.to_numpy(),
            "season": season,
            "age": age.astype(int),
            "team": last.team.to_numpy(),
            "league": last.league.to_numpy(),
            "role": np.where(starter, "SP", "RP"),
            "IP": np.round(ip.to_numpy(dtype=float), 1),
        }
    )
    bf_per_out = _bf_per_out(out)
    res["BF"] = np.round(res["IP"].to_numpy() * 3.0 * bf_per_out, 1)
    for c in comps:
        res[c] = out[c].to_numpy()
    envs = [_env(kb, season, lg_) for lg_ in lgs]
    fip_c = np.array([e.fip_constant if e else math.nan for e in envs])
    per_ip = 3.0 * bf_per_out
    fip = (13 * out["HR"] + 3 * (out["BB"] + out["HBP"]) - 2 * out["SO"]).to_numpy() * per_ip
    res["FIP"] = fip + fip_c
    # ERA: the runs the components predict; FIP's constant makes league FIP equal league ERA
    res["ERA"] = res["FIP"]
    res["method"] = method
    res["basis"] = [
        ", ".join(f"MLB {season - 1 - k}" for k in range(3) if df[f"IPouts_{k}"].iloc[i] > 0)
        for i in range(len(df))
    ]
    if person_ids is not None:
        res = res[res.person_id.isin({str(x) for x in person_ids})]
    return res.reset_index(drop=True)


def _bf_per_out(out: pd.DataFrame) -> np.ndarray:
    """Batters faced per out from the projected rates: every PA not on base is (about) an out."""
    on = out["BB"] + out["HBP"] + out["H"]
    return (1.0 / (1.0 - on)).to_numpy(dtype=float)


def _env(kb: KB, season: int, lg: str) -> league.Environment | None:
    envs = league.environments(kb)
    for s in range(season - 1, season - 6, -1):
        env = envs.get((s, lg)) or envs.get((s, "AL")) or envs.get((s, "NL"))
        if env is not None:
            return env
    return None


def _pitch_k(d: _Data, season: int) -> dict[str, float]:
    """Regression amount (batters faced) per component: the K that best predicts the next season
    on pitcher pairs of the training window (3/2/1 weights), by grid search."""
    comps = list(PITCH_COMPONENTS)
    grid = (50.0, 100.0, 200.0, 350.0, 500.0, 800.0, 1200.0, 2000.0, 3500.0)
    rows = []
    for y in range(max(FIRST_SEASON + 4, season - TRAIN_SEASONS), season):
        p = d.pit[(d.pit.season >= y - 3) & (d.pit.season <= y)]
        act = p[(p.season == y) & (p.BF >= 150)].set_index("pid")
        if act.empty:
            continue
        w = MARCEL_PITCH_WEIGHTS
        num_cols = ["BF", *comps]
        hist = {k: p[p.season == y - 1 - k].set_index("pid")[num_cols] for k in range(3)}
        lg = d.lg_pit.reindex([y - 1, y - 2, y - 3]).ffill().bfill()
        frame = pd.DataFrame(index=act.index)
        frame["wbf"] = 0.0
        frame["act_BF"] = act.BF
        for c in comps:
            frame[f"n_{c}"] = 0.0
            frame[f"lg_{c}"] = 0.0
            frame[f"act_{c}"] = act[c] / act.BF / float(lg[c].iloc[0])
        for k in range(3):
            hk = hist[k].reindex(frame.index).fillna(0.0)
            frame["wbf"] += w[k] * hk.BF
            for c in comps:
                frame[f"n_{c}"] += w[k] * hk[c] / float(lg[c].iloc[k])
        rows.append(frame[frame.wbf > 0])
    if not rows:
        return dict.fromkeys(comps, MARCEL_PITCH_REGRESS_OUTS * 4.2)
    f = pd.concat(rows)
    wt = f.act_BF.to_numpy(dtype=float)
    out = {}
    for c in comps:
        yv = f[f"act_{c}"].to_numpy(dtype=float)
        n = f[f"n_{c}"].to_numpy(dtype=float)
        wbf = f.wbf.to_numpy(dtype=float)
        out[c] = min(grid, key=lambda k: float(np.sum(wt * ((n + k) / (wbf + k) - yv) ** 2)))
    return out
