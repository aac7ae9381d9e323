"""A player's value ahead: next season from the projection, later seasons by the aging curve.

Next season's WAR is the projection's batting rate (wOBA) and playing time turned into runs with
the latest league environment, plus what his recent seasons say about the rest of his game
(baserunning, fielding, position) and the replacement level of the latest season; pitchers the
same from projected FIP and innings. Later seasons add the aging curve: the average change from
one season to the next at each age, measured here by the delta method over players with
regular playing time in both seasons (1990 to the latest season), never taken from a table.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from hotstove.valuation import league

if TYPE_CHECKING:
    from hotstove.kb.store import KB

AGING_FIRST_SEASON = 1990
MIN_PA_AGING = 300  # both seasons: regulars, so a change is mostly skill, not sample noise
MIN_OUTS_AGING = 300  # 100 innings in both seasons
PER_PA = 600.0  # the curve is shown per 600 PA (a regular's season) and per 180 innings
PER_IP = 180.0


@dataclass(frozen=True, slots=True)
class AgingCurve:
    """Runs gained (or lost) from age a to a+1 per 600 PA (batters) or 180 innings (pitchers)."""

    batting: dict[int, float]
    pitching: dict[int, float]
    pairs: dict[str, int]
    source: str = (
        "delta method over consecutive MLB seasons (Lahman), regulars in both seasons, "
        f"{AGING_FIRST_SEASON} onward; runs from each season's own league weights"
    )

    def step(self, kind: str, age: int) -> float:
        curve = self.batting if kind == "bat" else self.pitching
        if not curve:
            return 0.0
        if age in curve:
            return curve[age]
        edge = min(curve) if age < min(curve) else max(curve)
        return curve[edge]


@dataclass(slots=True)
class SeasonOutlook:
    season: int
    age: int | None
    playing_time: float  # PA for batters, innings for pitchers
    WAR: float
    basis: str


@dataclass(slots=True)
class Outlook:
    person_id: str
    kind: str  # 'bat' or 'pit' (two-way players have both in `parts`)
    seasons: list[SeasonOutlook]
    projection: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def war_by_season(self) -> dict[int, float]:
        return {s.season: s.WAR for s in self.seasons}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _clean(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


@lru_cache(maxsize=4)
def _aging(key: str, kb: KB) -> AgingCurve:
    env = league.frame(kb)
    kb.con.register("hs_env", env)
    try:
        bat = kb.con.execute(
            f"""
            WITH s AS (
                SELECT b.person_id, b.season, any_value(b.league) AS league,
                       sum(b.PA) AS PA, sum(b.AB) AS AB, sum(b.H) AS H, sum(b."2B") AS d,
                       sum(b."3B") AS t, sum(b.HR) AS hr, sum(coalesce(b.BB,0)) AS bb,
                       sum(coalesce(b.IBB,0)) AS ibb, sum(coalesce(b.HBP,0)) AS hbp,
                       sum(coalesce(b.SF,0)) AS sf
                FROM batting_best b WHERE b.level = 'MLB' AND b.season >= {AGING_FIRST_SEASON}
                GROUP BY b.person_id, b.season HAVING sum(b.PA) >= {MIN_PA_AGING}
            ), r AS (
                SELECT s.person_id, s.season, s.PA,
                       s.season - year(try_cast(p.birth_date AS DATE))
                         - CASE WHEN month(try_cast(p.birth_date AS DATE)) >= 7 THEN 1 ELSE 0 END
                         AS age,
                       ((e.w_uBB * (s.bb - s.ibb) + e.w_HBP * s.hbp + e.w_1B * (s.H - s.d - s.t
                         - s.hr) + e.w_2B * s.d + e.w_3B * s.t + e.w_HR * s.hr)
                         / nullif(s.AB + s.bb - s.ibb + s.sf + s.hbp, 0) - e.lg_woba)
                         / e.woba_scale AS runs_per_pa
                FROM s JOIN people p USING (person_id)
                JOIN hs_env e ON e.season = s.season AND e.league = s.league
            )
            SELECT a.age, count(*) AS n,
                   sum((b.runs_per_pa - a.runs_per_pa) * 2.0 / (1.0 / a.PA + 1.0 / b.PA))
                     / sum(2.0 / (1.0 / a.PA + 1.0 / b.PA)) AS delta
            FROM r a JOIN r b ON b.person_id = a.person_id AND b.season = a.season + 1
            WHERE a.age IS NOT NULL GROUP BY a.age HAVING count(*) >= 30 ORDER BY a.age
            """
        ).fetchall()
        pit = kb.con.execute(
            f"""
            WITH s AS (
                SELECT person_id, season, any_value(league) AS league, sum(IPouts) AS outs,
                       sum(HR) AS hr, sum(coalesce(BB,0)) AS bb, sum(coalesce(IBB,0)) AS ibb,
                       sum(coalesce(HBP,0)) AS hbp, sum(coalesce(SO,0)) AS so
                FROM pitching_best WHERE level = 'MLB' AND season >= {AGING_FIRST_SEASON}
                GROUP BY person_id, season HAVING sum(IPouts) >= {MIN_OUTS_AGING}
            ), r AS (
                SELECT s.person_id, s.season, s.outs,
                       s.season - year(try_cast(p.birth_date AS DATE))
                         - CASE WHEN month(try_cast(p.birth_date AS DATE)) >= 7 THEN 1 ELSE 0 END
                         AS age,
                       (13 * s.hr + 3 * (s.bb + s.hbp - s.ibb) - 2 * s.so) / (s.outs / 3.0)
                         + e.fip_constant AS fip
                FROM s JOIN people p USING (person_id)
                JOIN hs_env e ON e.season = s.season AND e.league = s.league
            )
            SELECT a.age, count(*) AS n,
                   sum((a.fip - b.fip) * 2.0 / (1.0 / a.outs + 1.0 / b.outs))
                     / sum(2.0 / (1.0 / a.outs + 1.0 / b.outs)) AS delta
            FROM r a JOIN r b ON b.person_id = a.person_id AND b.season = a.season + 1
            WHERE a.age IS NOT NULL GROUP BY a.age HAVING count(*) >= 30 ORDER BY a.age
            """
        ).fetchall()
    finally:
        kb.con.unregister("hs_env")
    return AgingCurve(
        batting=_smooth({int(a): (int(n), float(d) * PER_PA) for a, n, d in bat}),
        # a FIP change is runs per nine innings: per 180 innings that is 20 times as many runs
        pitching=_smooth({int(a): (int(n), float(d) * PER_IP / 9.0) for a, n, d in pit}),
        pairs={
            "batting": sum(int(n) for _a, n, _d in bat),
            "pitching": sum(int(n) for _a, n, _d in pit),
        },  # fmt: skip
    )


def _smooth(raw: dict[int, tuple[int, float]]) -> dict[int, float]:
    """A quadratic in age fitted to the yearly deltas, each weighted by its number of pairs.

    Single ages are noisy (a few dozen pairs at the ends); the curve's shape is what carries.
    """
    if len(raw) < 3:
        return {a: d for a, (_n, d) in raw.items()}
    import numpy as np

    ages = np.array(sorted(raw), dtype=float)
    deltas = np.array([raw[int(a)][1] for a in ages])
    weights = np.sqrt(np.array([raw[int(a)][0] for a in ages], dtype=float))
    coef = np.polyfit(ages, deltas, 2, w=weights)
    return {int(a): float(np.polyval(coef, a)) for a in ages}


def aging_curve(kb: KB) -> AgingCurve:
    """The aging curve measured from this knowledge base (cached per file)."""
    return _aging(str(kb.path or id(kb)), kb)


# --- next season and beyond ------------------------------------------------------------------

MARCEL_WEIGHTS = (5.0, 4.0, 3.0)  # Tango's Marcel weights, newest season first
# Baserunning and fielding runs are regressed toward average like Marcel regresses a rate: by
# adding this many PA of an average player (Tango, "Marcel the Monkey Forecasting System").
REGRESS_PA = 1200.0
YEARS_AHEAD = 15  # long enough for the longest contracts in the data (surplus needs each year)


@dataclass(slots=True)
class NextSeason:
    """One player's projected next season, as WAR per unit of playing time and the time."""

    person_id: str
    kind: str  # 'bat', 'pit' or 'two-way'
    age: int | None
    pa: float
    ip: float
    war_bat: float
    war_pit: float
    detail: dict[str, Any]

    @property
    def WAR(self) -> float:  # noqa: N802 - baseball's own abbreviation
        return self.war_bat + self.war_pit

    def rate(self) -> tuple[float, float] | None:
        """(WAR per PA or per inning, PA or innings) for his main role."""
        if self.kind == "pit":
            return (self.war_pit / self.ip, self.ip) if self.ip > 0 else None
        return (self.war_bat / self.pa, self.pa) if self.pa > 0 else None


def _latest_env(kb: KB, season: int, lg: str | None) -> league.Environment | None:
    envs = league.environments(kb)
    for s in range(season - 1, season - 4, -1):
        env = envs.get((s, lg or "")) or envs.get((s, "AL")) or envs.get((s, "NL"))
        if env is not None:
            return env
    return None


@lru_cache(maxsize=4)
def _next_season(key: str, kb: KB, season: int) -> dict[str, NextSeason]:
    from hotstove.valuation import projection, war

    last = season - 1
    vals = war.season_values(kb, seasons=[last - 2, last - 1, last])
    # per-PA non-batting runs (baserunning + fielding), regressed; positional runs per PA as
    # played last; replacement runs per PA of the latest league-season
    other: dict[str, tuple[float, float]] = {}
    pos_pa: dict[str, float] = {}
    rep_pa: dict[str, float] = {}
    rep_ip: dict[str, float] = {}
    by_pid: dict[str, list[dict[str, Any]]] = {}
    for r in vals.to_dict("records"):
        by_pid.setdefault(str(r["person_id"]), []).append(r)
    league_rep: dict[str, list[float]] = {}
    for r in vals[vals.season == last].to_dict("records"):
        lg = str(r.get("league"))
        pa = float(r.get("PA") or 0)
        acc = league_rep.setdefault(lg, [0.0, 0.0, 0.0, 0.0])
        if pa > 0 and r.get("WAR_bat") is not None and not _nan(r.get("rep_runs")):
            acc[0] += float(r["rep_runs"])
            acc[1] += pa
        ip = float(r.get("IP") or 0)
        env = league.environments(kb).get((last, lg))
        if ip > 0 and env is not None and not _nan(r.get("FIP")) and not _nan(r.get("WAR_pit")):
            raa = (env.lg_era - float(r["FIP"])) * ip / 9.0
            acc[2] += float(r["WAR_pit"]) * env.rpw - raa
            acc[3] += ip
    for lg, (rr, pa, rp, ip) in league_rep.items():
        rep_pa[lg] = rr / pa if pa else 0.0
        rep_ip[lg] = rp / ip if ip else 0.0
    for pid, rows in by_pid.items():
        num = den = 0.0
        for r in rows:
            w = MARCEL_WEIGHTS[min(2, last - int(r["season"]))]
            pa = float(r.get("PA") or 0)
            runs = sum(float(r.get(k) or 0) for k in ("br_runs", "fld_runs") if not _nan(r.get(k)))
            num += w * runs
            den += w * pa
        other[pid] = (num, den)
        recent = max(rows, key=lambda r: int(r["season"]))
        pa = float(recent.get("PA") or 0)
        pos_pa[pid] = (
            float(recent.get("pos_runs") or 0) / pa
            if pa and not _nan(recent.get("pos_runs"))
            else 0.0
        )

    out: dict[str, NextSeason] = {}
    bats = projection.project_batters(kb, season)
    for r in bats.to_dict("records"):
        pid = str(r["person_id"])
        lg = str(r.get("league") or "")
        env = _latest_env(kb, season, lg)
        pa = float(r.get("PA") or 0)
        if env is None or pa <= 0 or _nan(r.get("wOBA")):
            continue
        bat = (float(r["wOBA"]) - env.lg_woba) / env.woba_scale * pa
        num, den = other.get(pid, (0.0, 0.0))
        rest = num / (den + REGRESS_PA) * pa
        pos = pos_pa.get(pid, 0.0) * pa
        rep = rep_pa.get(lg, next(iter(rep_pa.values()), 0.0)) * pa
        war_bat = (bat + rest + pos + rep) / env.rpw
        out[pid] = NextSeason(
            pid, "bat", _int(r.get("age")), pa, 0.0, war_bat, 0.0,
            {"PA": round(pa), "wOBA": r.get("wOBA"), "OBP": r.get("OBP"), "SLG": r.get("SLG"),
             "AVG": r.get("AVG"), "batting_runs": round(bat, 1),
             "baserunning_fielding_runs": round(rest, 1), "positional_runs": round(pos, 1),
             "replacement_runs": round(rep, 1), "rpw": round(env.rpw, 2)},
        )  # fmt: skip
    pits = projection.project_pitchers(kb, season)
    for r in pits.to_dict("records"):
        pid = str(r["person_id"])
        lg = str(r.get("league") or "")
        env = _latest_env(kb, season, lg)
        ip = float(r.get("IP") or 0)
        if env is None or ip <= 0 or _nan(r.get("FIP")):
            continue
        raa = (env.lg_era - float(r["FIP"])) * ip / 9.0
        rep = rep_ip.get(lg, next(iter(rep_ip.values()), 0.0)) * ip
        war_pit = (raa + rep) / env.rpw
        detail = {"IP": round(ip, 1), "FIP": r.get("FIP"), "ERA": r.get("ERA"),
                  "pitching_runs": round(raa, 1), "replacement_runs": round(rep, 1)}  # fmt: skip
        prev = out.get(pid)
        hitter = prev is not None and _is_two_way(by_pid.get(pid, []))
        if prev is not None and hitter:
            prev.kind, prev.ip, prev.war_pit = "two-way", ip, war_pit
            prev.detail.update(detail)
        else:
            out[pid] = NextSeason(pid, "pit", _int(r.get("age")), 0.0, ip, 0.0, war_pit, detail)
    return out


def _is_two_way(rows: list[dict[str, Any]]) -> bool:
    """A pitcher whose batting counts in his value (the value table says so by WAR_bat)."""
    return any(
        not _nan(r.get("WAR_bat")) and float(r.get("PA") or 0) >= 100
        and not _nan(r.get("WAR_pit")) and float(r.get("IP") or 0) >= 20
        for r in rows
    )  # fmt: skip


def _nan(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _int(v: Any) -> int | None:
    return None if _nan(v) else int(v)


def next_season(kb: KB, season: int) -> dict[str, NextSeason]:
    """Every projected player's next season (``season``), keyed by person id. Cached."""
    return _next_season(str(kb.path or id(kb)), kb, season)


def rates(kb: KB, season: int) -> Any:
    """rate_of(person_id) -> (WAR per PA or inning, playing time) | None, for ``fit``."""
    table = next_season(kb, season)

    def rate_of(person_id: str) -> tuple[float, float] | None:
        ns = table.get(person_id)
        return None if ns is None else ns.rate()

    return rate_of


def outlook(kb: KB, person_id: str, first_season: int, years: int = YEARS_AHEAD) -> Outlook:
    """Projected WAR for ``first_season`` and the seasons after it, by the aging curve."""
    ns = next_season(kb, first_season).get(person_id)
    if ns is None:
        return Outlook(
            person_id,
            "none",
            [],
            {"source": "no projection"},
            ["No projection: no recent MLB or minor-league line to project from."],
        )
    curve = aging_curve(kb)
    env = _latest_env(kb, first_season, None)
    rpw = env.rpw if env else 10.0
    seasons = []
    war_bat, war_pit = ns.war_bat, ns.war_pit
    for i in range(years):
        age = None if ns.age is None else ns.age + i
        if i > 0 and age is not None:
            war_bat += curve.step("bat", age - 1) * (ns.pa / PER_PA) / rpw if ns.pa else 0.0
            war_pit += curve.step("pit", age - 1) * (ns.ip / PER_IP) / rpw if ns.ip else 0.0
        seasons.append(
            SeasonOutlook(
                season=first_season + i,
                age=age,
                playing_time=round(ns.pa if ns.kind != "pit" else ns.ip, 1),
                WAR=round(war_bat + war_pit, 1),
                basis="projection" if i == 0 else "projection + aging curve",
            )
        )
    proj = {"season": first_season, "kind": ns.kind, "age": ns.age,
            "WAR": round(ns.WAR, 1), **ns.detail,
            "source": "hotstove projection (see `hotstove backtest`), league weights of the "
                      "latest season, value parts from the last three seasons"}  # fmt: skip
    return Outlook(person_id, ns.kind, seasons, proj)
