"""Team control, salaries and surplus value.

**Service time** is estimated, and always marked so. Major-league service counts days on the active
roster (or the major-league injured list) during the championship season, and 172 days make one
year (2022-2026 Basic Agreement, "Major League service"). Each season is credited:

* from Spotrac when its contracts table gives the service entering this season and the next
  (their difference is this season's days);
* else, in the debut season, the days from ``people.debut`` to that season's last regular-season
  day (:func:`season_end`), at most 172;
* else in proportion to his games: a full year once he reaches the games a regular needs, for
  position players by games, for pitchers by appearances or starts (whichever credits more). The
  thresholds are fitted on the knowledge base itself (:func:`roster_thresholds`): each
  player-season whose days Spotrac fixes, against his games that season per 162 team games.

The latest Spotrac figure at or before a season anchors the total; later seasons are added to it.

**Control** runs from a season to free agency: ``pre_arb`` below 3 years of service entering a
season, ``arb`` from 3 to below 6, ``free_agent`` the first season entered with 6 years (that row
is kept and the list stops). A guaranteed contract covers its seasons: its average annual value is
the salary, and seasons beyond six years of service are ``signed`` (the club holds him by contract,
not by control); free agency comes only after the contract ends. Super Two (arbitration a year
early for the top 22% of players between 2 and 3 years with 86 days in the previous season, same
Agreement, Article VI) is noted when close, never applied.

**Money**: surplus = WAR x $/WAR - salary per controlled season, discounted to the first season.
"""

from __future__ import annotations

import csv
import math
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hotstove.errors import BadInput, NotFound
from hotstove.kb.names import name_key

if TYPE_CHECKING:
    from hotstove.kb.store import KB

# --- rules of the 2022-2026 Basic Agreement ---------------------------------------------------
DAYS_PER_YEAR = 172  # Basic Agreement: 172 days of major-league service make one year
ARB_YEARS = 3  # arbitration-eligible from 3 years of service (Article VI.F)
FREE_AGENT_YEARS = 6  # free agency after 6 years of service (Article XX.B)
SUPER_TWO_MIN_DAYS_LAST_SEASON = 86  # Article VI.F.1(b): 86 days in the preceding season
# League minimum salary by season, $M (2022-2026 Basic Agreement, Article VI.B "Minimum Salary").
LEAGUE_MINIMUM_MUSD = {2022: 0.700, 2023: 0.720, 2024: 0.740, 2025: 0.760, 2026: 0.780}

# --- money ------------------------------------------------------------------------------------
# $M per WAR on the free-agent market. FanGraphs, "More Musings on What Teams Are Paying for a Win
# in Free Agency" (2026), table "Dollars Per WAR in Free Agency, 2020-2026": $7.4M for players
# projected at 0-1 WAR, $8.6M at 1-2, $10.5M at 2-3, $12.3M at 3+ (the follow-up to "What Are Teams
# Paying For A Win In Free Agency? 2026 Edition"). We take the 1-2 WAR tier, where a typical
# controlled regular projects; pass another figure (or a tier) to surplus() for stars.
DOLLARS_PER_WAR = 8.6
DOLLARS_PER_WAR_SOURCE = (
    "FanGraphs, 'More Musings on What Teams Are Paying for a Win in Free Agency' (2026): "
    "$8.6M per WAR for free agents projected at 1-2 WAR, 2020-2026"
)
# Arbitration pays a share of open-market value by arbitration year: the 40/60/80 rule of thumb
# (Tom Tango, building on David Studenmund in The Hardball Times Baseball Annual 2007), as
# described in MLB Trade Rumors, "When The 40/60/80 Arbitration Rule Doesn't Work" (2011).
ARB_SHARE = (0.40, 0.60, 0.80)
DISCOUNT_RATE = 0.08  # the brief's default; configurable
# Yearly growth of $/WAR. No citable current figure was found, so the default is none (0%).
INFLATION = 0.0

SOURCE = (
    "service time: Spotrac contracts table where it gives one, else estimated from the debut "
    "date and games (172 days a year, 2022-2026 Basic Agreement); league minimum: 2022-2026 "
    "Basic Agreement; arbitration: 40/60/80% of free-agent value (Tango, via MLB Trade Rumors "
    f"2011); {DOLLARS_PER_WAR_SOURCE}"
)

# When the data cannot place a season's last day: the first Sunday on or after September 28. It
# matches every full season the data does place (2015-2019, 2021, 2023; see season_end()).
_APPROX_END = "approximation: the first Sunday on or after September 28"
# A season's last day shows as a spike of final games and debuts: 14 to 52 on that day in
# 2015-2023, at most 2 on any postseason day. Fewer than this and the approximation is used.
_END_SPIKE = 10
# Fallback thresholds (games per 162 team games for a full year), used only when the knowledge
# base has too few Spotrac pairs to fit them; these are the fit on the 2026-11 build.
_FALLBACK_THRESHOLDS = {"batter_games": 73.0, "pitcher_games": 40.0, "pitcher_starts": 14.0}
_MIN_FIT_ROWS = 200


# --- records ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServiceTime:
    """Major-league service through a season, estimated (see the module's docstring)."""

    person_id: str
    through_season: int
    years: int
    days: int
    text: str  # "years.days", e.g. "1.140"
    seasons: list[dict[str, Any]]  # per season: season, days, how
    estimated: bool  # always True: these are estimates, Spotrac's figures included
    source: str

    @property
    def total_days(self) -> int:
        return self.years * DAYS_PER_YEAR + self.days

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ControlYear:
    """One season of club control: his status, his service entering it, and his salary."""

    season: int
    status: str  # 'pre_arb', 'arb', 'signed' (under contract beyond control) or 'free_agent'
    estimated: bool  # the status rests on estimated service time
    service_before: str  # years.days entering the season
    salary_musd: float | None  # None: an arbitration year before a WAR is known, or free agency
    salary_source: str | None
    contract: dict[str, Any] | None = None
    arb_year: int | None = None  # 1, 2, 3 in arbitration
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Surplus:
    total_musd: float
    by_season: list[dict[str, Any]]
    dollars_per_war: float
    discount_rate: float
    inflation: float
    first_season: int | None
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- helpers ----------------------------------------------------------------------------------


def league_minimum(season: int) -> tuple[float, str]:
    """The league minimum salary in $M and where it comes from."""
    if season in LEAGUE_MINIMUM_MUSD:
        return LEAGUE_MINIMUM_MUSD[season], "league minimum (CBA)"
    last, first = max(LEAGUE_MINIMUM_MUSD), min(LEAGUE_MINIMUM_MUSD)
    known = last if season > last else first
    return LEAGUE_MINIMUM_MUSD[known], f"league minimum (CBA; {season} not set, {known} used)"


def service_text(total_days: int) -> str:
    return f"{total_days // DAYS_PER_YEAR}.{total_days % DAYS_PER_YEAR:03d}"


def parse_service(value: float | None) -> int | None:
    """Spotrac's years.days as a number (2.09 = 2 years 90 days) -> days; None if unknown."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value < 0:
        return None
    years = int(math.floor(value + 1e-9))
    days = round((value - years) * 1000)
    if days >= DAYS_PER_YEAR:
        return None
    return years * DAYS_PER_YEAR + days


def _key(kb: KB) -> str:
    return str(kb.path or id(kb))


def _as_date(v: Any) -> date | None:
    if v is None:
        return None
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


# --- season ends ------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _season_ends(key: str, kb: KB) -> dict[int, date]:
    rows = kb.rows(
        """
        with d as (
            select debut as d from people where debut is not null
            union all select final_game from people where final_game is not null)
        select year(d) as y, d, count(*) as n from d
        where month(d) in (9, 10) group by all order by y, n desc, d desc
        """
    )
    out: dict[int, date] = {}
    for r in rows:
        y = int(r["y"])
        if y not in out and int(r["n"]) >= _END_SPIKE:
            d = _as_date(r["d"])
            if d is not None:
                out[y] = d
    return out


def approximate_season_end(season: int) -> date:
    d = date(season, 9, 28)
    return d + timedelta(days=(6 - d.weekday()) % 7)


def season_end(kb: KB, season: int) -> tuple[date, str]:
    """The last day of a regular season and how it was found (from the data or approximated)."""
    found = _season_ends(_key(kb), kb).get(season)
    if found is not None:
        return found, "last regular-season day from the data (final games and debuts)"
    return approximate_season_end(season), _APPROX_END


@lru_cache(maxsize=4)
def _season_starts(key: str, kb: KB) -> dict[int, date]:
    rows = kb.rows(
        "select year(debut) as y, min(debut) as d from people where debut is not null group by 1"
    )
    return {int(r["y"]): d for r in rows if (d := _as_date(r["d"])) is not None}


# --- roster thresholds from the data ----------------------------------------------------------


@lru_cache(maxsize=4)
def _thresholds(key: str, kb: KB) -> dict[str, float]:
    import numpy as np

    if not kb.has("contracts"):
        return dict(_FALLBACK_THRESHOLDS, rows=0.0, fitted=0.0)
    frame = kb.con.execute(
        """
        with st as (
            select mlbam, first_season as s, max(service_time) as st from contracts
            where service_time >= 0 and years = 1 group by all),
        sd as (
            select mlbam, s,
                   cast(floor(st) as int) * 172 + cast(round((st - floor(st)) * 1000) as int) as n
            from st),
        d as (
            select a.mlbam, a.s, b.n - a.n as days
            from sd a join sd b on a.mlbam = b.mlbam and b.s = a.s + 1),
        bat as (select mlbam, season, sum(G) as g from batting_best where level = 'MLB'
                group by all),
        pit as (select mlbam, season, sum(G) as g, sum(GS) as gs from pitching_best
                where level = 'MLB' group by all),
        tg as (select season, max(G) as tg from team_seasons group by all)
        select d.days, coalesce(bat.g, 0) * 162.0 / tg.tg as bg,
               coalesce(pit.g, 0) * 162.0 / tg.tg as pg, coalesce(pit.gs, 0) * 162.0 / tg.tg as gs
        from d join people p on p.mlbam = d.mlbam
        left join bat on bat.mlbam = d.mlbam and bat.season = d.s
        left join pit on pit.mlbam = d.mlbam and pit.season = d.s
        join tg on tg.season = d.s
        where d.s > year(p.debut) and d.days between 0 and 172
          and coalesce(bat.g, 0) + coalesce(pit.g, 0) > 0
        """
    ).df()
    if len(frame) < _MIN_FIT_ROWS:
        return dict(_FALLBACK_THRESHOLDS, rows=float(len(frame)), fitted=0.0)
    days = frame["days"].to_numpy(dtype=float)
    bg, pg, gs = (frame[c].to_numpy(dtype=float) for c in ("bg", "pg", "gs"))
    pitcher = pg >= 0.5 * bg

    def err(pred: Any, mask: Any) -> float:
        return float(np.abs(np.minimum(pred, 1.0) * DAYS_PER_YEAR - days)[mask].mean())

    bat_full = min(np.arange(20.0, 163.0), key=lambda f: err(bg / f, ~pitcher))
    grid = [(g, s) for g in np.arange(10.0, 81.0, 1.0) for s in np.arange(5.0, 35.0, 1.0)]
    pit_g, pit_s = min(grid, key=lambda t: err(np.maximum(pg / t[0], gs / t[1]), pitcher))
    return {
        "batter_games": float(bat_full),
        "pitcher_games": float(pit_g),
        "pitcher_starts": float(pit_s),
        "rows": float(len(frame)),
        "fitted": 1.0,
        "mean_abs_error_batters": err(bg / bat_full, ~pitcher),
        "mean_abs_error_pitchers": err(np.maximum(pg / pit_g, gs / pit_s), pitcher),
    }


def roster_thresholds(kb: KB) -> dict[str, float]:
    """Games per 162 team games that earn a full year, fitted on Spotrac's service deltas."""
    return _thresholds(_key(kb), kb)


@lru_cache(maxsize=4)
def _super_two_cutoffs(key: str, kb: KB) -> dict[int, int]:
    """Per season, the least service Spotrac shows for an arbitration contract below 3 years."""
    if not kb.has("contracts"):
        return {}
    rows = kb.rows(
        "select first_season as s, min(service_time) as st from contracts where type = 'arb' "
        "and years = 1 and service_time >= 2 and service_time < 3 group by 1"
    )
    return {int(r["s"]): d for r in rows if (d := parse_service(r["st"])) is not None}


@lru_cache(maxsize=4)
def _team_games(key: str, kb: KB) -> dict[int, int]:
    rows = kb.rows("select season, max(G) as g from team_seasons group by 1")
    return {int(r["season"]): int(r["g"]) for r in rows if r["g"]}


# --- service time -----------------------------------------------------------------------------


def _person(kb: KB, person_id: str) -> dict[str, Any]:
    row = kb.one(
        "select person_id, mlbam, bbref, name_first, name_last, debut from people "
        "where person_id = ?",
        [str(person_id)],
    )
    if row is None:
        raise NotFound(f"No person with id {person_id} in the knowledge base.")
    return row


def _spotrac_service(kb: KB, mlbam: Any) -> dict[int, int]:
    """Spotrac's service entering each season, in days."""
    if mlbam is None or not kb.has("contracts"):
        return {}
    rows = kb.rows(
        "select first_season as s, max(service_time) as st from contracts "
        "where mlbam = ? and service_time >= 0 group by 1",
        [int(mlbam)],
    )
    return {int(r["s"]): d for r in rows if (d := parse_service(r["st"])) is not None}


def _games(kb: KB, person_id: str) -> dict[int, tuple[float, float, float]]:
    rows = kb.rows(
        """
        select season, sum(bg) as bg, sum(pg) as pg, sum(gs) as gs from (
            select season, G as bg, 0 as pg, 0 as gs from batting_best
            where person_id = ? and level = 'MLB'
            union all
            select season, 0, G, GS from pitching_best where person_id = ? and level = 'MLB')
        group by season
        """,
        [person_id, person_id],
    )
    return {
        int(r["season"]): (float(r["bg"] or 0), float(r["pg"] or 0), float(r["gs"] or 0))
        for r in rows
    }


def _last_data_season(kb: KB) -> int:
    row = kb.one("select max(season) as s from batting_best where level = 'MLB'")
    return int(row["s"]) if row and row["s"] is not None else 0


def _debut_days(kb: KB, debut: date) -> tuple[int, str]:
    end, how = season_end(kb, debut.year)
    days = max(0, (end - debut).days + 1)
    text = f"from debut {debut} to season end {end} ({how})"
    start = _season_starts(_key(kb), kb).get(debut.year)
    span = (end - start).days + 1 if start else None
    if span is not None and span < 150:
        # A shortened season (2020): service was prorated to a full 186-day championship season.
        days = round(days * 186 / span)
        text += f"; prorated, the season ran {span} days"
    return min(DAYS_PER_YEAR, days), text


def _games_days(kb: KB, season: int, g: tuple[float, float, float]) -> tuple[int, str]:
    th = roster_thresholds(kb)
    tg = _team_games(_key(kb), kb).get(season) or 162
    per = 162.0 / tg
    bg, pg, gs = (x * per for x in g)
    if bg + pg <= 0:
        return 0, (
            "estimate: no MLB games, counted 0 (a season on the major-league injured list "
            "would count in full; not in the data)"
        )
    share = max(bg / th["batter_games"], pg / th["pitcher_games"], gs / th["pitcher_starts"])
    days = round(min(1.0, share) * DAYS_PER_YEAR)
    how = (
        f"estimate from games: {g[0]:.0f} G batting, {g[1]:.0f} G / {g[2]:.0f} GS pitching "
        f"(full year at {th['batter_games']:.0f} G, {th['pitcher_games']:.0f} pitching G or "
        f"{th['pitcher_starts']:.0f} GS per 162 team games)"
    )
    return days, how


def service_time(kb: KB, person_id: str, through_season: int) -> ServiceTime:
    """Estimated MLB service through the end of ``through_season``."""
    p = _person(kb, person_id)
    pid = str(p["person_id"])
    debut = _as_date(p["debut"])
    games = _games(kb, pid)
    first = debut.year if debut else min(games, default=None)
    if first is None or first > through_season:
        why = f"no MLB games in the data through {through_season}: no service"
        return ServiceTime(pid, through_season, 0, 0, "0.000", [], True, why)
    spot = _spotrac_service(kb, p["mlbam"])
    last_data = _last_data_season(kb)
    seasons: list[dict[str, Any]] = []
    for s in range(first, through_season + 1):
        a, b = spot.get(s), spot.get(s + 1)
        if a is not None and b is not None and 0 <= b - a <= DAYS_PER_YEAR:
            seasons.append({"season": s, "days": b - a,
                            "how": f"Spotrac (service entering {s} and {s + 1})"})  # fmt: skip
            continue
        if debut is not None and s == debut.year:
            days, how = _debut_days(kb, debut)
        elif s > last_data:
            days, how = DAYS_PER_YEAR, "assumed a full year (no season data yet)"
        else:
            days, how = _games_days(kb, s, games.get(s, (0.0, 0.0, 0.0)))
        seasons.append({"season": s, "days": days, "how": how})
    anchors = [s for s in spot if s <= through_season + 1]
    if anchors:
        anchor = max(anchors)
        before = [r for r in seasons if r["season"] < anchor]
        after = sum(r["days"] for r in seasons if r["season"] >= anchor)
        total = spot[anchor] + after
        _fit_to_anchor(before, spot[anchor])
        est = [r["season"] for r in seasons if not r["how"].startswith("Spotrac")]
        source = f"Spotrac service time entering {anchor} ({service_text(spot[anchor])})"
        if any(s >= anchor for s in est):
            source += "; later seasons estimated from games"
    else:
        total = sum(r["days"] for r in seasons)
        source = "estimated from the debut date and games (no Spotrac service time)"
    total = max(0, total)
    return ServiceTime(pid, through_season, total // DAYS_PER_YEAR, total % DAYS_PER_YEAR,
                       service_text(total), seasons, True, source)  # fmt: skip


def _fit_to_anchor(before: list[dict[str, Any]], anchor_days: int) -> None:
    """Scale the estimated seasons before a Spotrac figure so that they add up to it."""
    known = sum(r["days"] for r in before if r["how"].startswith("Spotrac"))
    est = [r for r in before if not r["how"].startswith("Spotrac")]
    rest = anchor_days - known
    if not est or rest < 0:
        return
    base = sum(r["days"] for r in est)
    for r in est:
        share = r["days"] / base if base else 1 / len(est)
        r["days"] = round(rest * share)
        r["how"] += "; scaled to Spotrac's total"


# --- contracts --------------------------------------------------------------------------------


def _contract(first: Any, years: Any, value: Any, kind: Any, source: str) -> dict[str, Any] | None:
    try:
        f, y, v = int(first), int(years), float(value)
    except (TypeError, ValueError):
        return None
    if y < 1 or math.isnan(v):
        return None
    return {
        "first_season": f, "last_season": f + y - 1, "years": y, "value_musd": v,
        "aav_musd": round(v / y, 4), "type": (str(kind).strip() if kind else None) or None,
        "source": source,
        "note": "salary shown is the average annual value (total / years), not the year's pay",
    }  # fmt: skip


def _matches(row: dict[str, Any], person: dict[str, Any]) -> bool | None:
    """True/False if the row names a player (by mlbam, bbref or name); None if it names none."""
    named = False
    m = str(row.get("mlbam") or "").strip()
    if m:
        named = True
        if person["mlbam"] is not None and m.split(".")[0] == str(person["mlbam"]):
            return True
    b = str(row.get("bbref") or "").strip()
    if b:
        named = True
        if person["bbref"] and b == person["bbref"]:
            return True
    n = str(row.get("name") or "").strip()
    if n:
        named = True
        full = f"{person['name_first'] or ''} {person['name_last'] or ''}"
        if name_key(n) == name_key(full):
            return True
    return False if named else None


def read_contracts_file(path: Path) -> list[dict[str, Any]]:
    """A user contracts CSV: mlbam or bbref or name, first_season, years, value_musd, type."""
    try:
        with Path(path).open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise BadInput(f"Cannot read the contracts file {path}: {exc}") from exc
    if rows and not {"first_season", "years", "value_musd"} <= set(rows[0]):
        raise BadInput(f"{path}: needs columns first_season, years, value_musd (and mlbam, bbref "
                       "or name; type)")  # fmt: skip
    return [{k.strip(): v for k, v in r.items() if k} for r in rows]


def _contracts(
    kb: KB,
    person: dict[str, Any],
    contracts_file: Path | None,
    reported: list[dict[str, Any]] | None,
) -> list[tuple[int, dict[str, Any]]]:
    """(priority, contract): the user's file 3, an article 2, the KB 1."""
    out: list[tuple[int, dict[str, Any]]] = []
    if contracts_file is not None:
        for r in read_contracts_file(contracts_file):
            if _matches(r, person):
                c = _contract(r.get("first_season"), r.get("years"), r.get("value_musd"),
                              r.get("type"), "user contracts file")  # fmt: skip
                if c:
                    out.append((3, c))
    for r in reported or []:
        if _matches(r, person) is False:
            continue
        c = _contract(r.get("first_season"), r.get("years"), r.get("value_musd"), r.get("type"),
                      "reported in article")  # fmt: skip
        if c:
            c["reported"] = str(r.get("source") or "article")
            out.append((2, c))
    if person["mlbam"] is not None and kb.has("contracts"):
        rows = kb.rows(
            "select first_season, years, value_musd, type, source from contracts "
            "where mlbam = ? order by first_season",
            [int(person["mlbam"])],
        )
        for r in rows:
            c = _contract(r["first_season"], r["years"], r["value_musd"], r["type"],
                          "contract (Spotrac)")  # fmt: skip
            if c:
                out.append((1, c))
    return out


def _covering(contracts: list[tuple[int, dict[str, Any]]], season: int) -> dict[str, Any] | None:
    """The contract for a season: the highest source first, then the latest signed, the longest."""
    hits = [(p, c) for p, c in contracts if c["first_season"] <= season <= c["last_season"]]
    if not hits:
        return None
    return max(hits, key=lambda pc: (pc[0], pc[1]["first_season"], pc[1]["years"]))[1]


# --- control ----------------------------------------------------------------------------------


def _status(days: int) -> str:
    years = days // DAYS_PER_YEAR
    if years < ARB_YEARS:
        return "pre_arb"
    if years < FREE_AGENT_YEARS:
        return "arb"
    return "free_agent"


def arbitration_salary(season: int, arb_year: int, war: float, dollars_per_war: float) -> float:
    """Share of open-market value for the arbitration year (1-3), floored at the minimum."""
    share = ARB_SHARE[min(max(arb_year, 1), len(ARB_SHARE)) - 1]
    return max(league_minimum(season)[0], share * max(war, 0.0) * dollars_per_war)


def control(
    kb: KB,
    person_id: str,
    first_season: int,
    *,
    contracts_file: Path | None = None,
    reported: list[dict[str, Any]] | None = None,
    war_by_season: dict[int, float] | None = None,
    dollars_per_war: float = DOLLARS_PER_WAR,
    max_seasons: int = 20,
) -> list[ControlYear]:
    """Seasons of club control from ``first_season`` until free agency (that season included).

    Service entering ``first_season`` is :func:`service_time` through the season before; each later
    season is assumed to add a full year. Arbitration salaries need a WAR: give ``war_by_season``
    here, or leave them to :func:`surplus` (``salary_musd`` is None until then).
    """
    person = _person(kb, person_id)
    st = service_time(kb, str(person["person_id"]), first_season - 1)
    contracts = _contracts(kb, person, contracts_file, reported)
    cutoffs = sorted(_super_two_cutoffs(_key(kb), kb).values())
    rows: list[ControlYear] = []
    no_service = st.total_days == 0 and not st.seasons
    for i in range(max_seasons):
        season = first_season + i
        days = st.total_days + i * DAYS_PER_YEAR
        service = service_text(days)
        by_service = _status(days)
        c = _covering(contracts, season)
        note = None
        if i == 0 and no_service:
            note = f"no MLB service in the data: the clock is assumed to start in {first_season}"
        if by_service == "pre_arb" and cutoffs and days >= cutoffs[0]:
            where = "above" if days >= cutoffs[-1] else "within"
            note = (
                f"possible Super Two at {service} ({where} the cutoffs Spotrac shows, "
                f"{service_text(cutoffs[0])}-{service_text(cutoffs[-1])}): arbitration a year "
                "early; not applied"
            )
        if by_service == "free_agent" and c is None:
            ended = rows[-1].contract if rows and rows[-1].status == "signed" else None
            why = (f"contract ends after {ended['last_season']}; six years of service"
                   if ended else "six years of service")  # fmt: skip
            rows.append(ControlYear(season, "free_agent", True, service, None, None, None, None,
                                    f"{why}: free agent"))  # fmt: skip
            break
        status = "signed" if by_service == "free_agent" else by_service
        arb_year = days // DAYS_PER_YEAR - ARB_YEARS + 1 if status == "arb" else None
        if c is not None:
            salary: float | None = c["aav_musd"]
            source: str | None = c["source"]
        elif status == "pre_arb":
            salary, source = league_minimum(season)
        else:
            source = "arbitration estimate"
            war = (war_by_season or {}).get(season)
            salary = (
                round(arbitration_salary(season, arb_year or 1, war, dollars_per_war), 3)
                if war is not None
                else None
            )
        rows.append(ControlYear(season, status, status != "signed", service, salary, source,
                                c, arb_year, note))  # fmt: skip
    return rows


# --- surplus ----------------------------------------------------------------------------------


def surplus(
    control_rows: list[ControlYear],
    war_by_season: dict[int, float],
    *,
    dollars_per_war: float = DOLLARS_PER_WAR,
    discount_rate: float = DISCOUNT_RATE,
    inflation: float = INFLATION,
    first_season: int | None = None,
) -> Surplus:
    """Value (WAR x $/WAR, grown by ``inflation`` a year) less salary, discounted to the first
    season at ``discount_rate``, over the seasons the club controls or holds by contract."""
    first = first_season if first_season is not None else (
        min((r.season for r in control_rows), default=None))  # fmt: skip
    out: list[dict[str, Any]] = []
    notes: list[str] = []
    total = 0.0
    for r in control_rows:
        if r.status == "free_agent" and r.contract is None:
            continue
        t = r.season - (first if first is not None else r.season)
        rate = dollars_per_war * (1.0 + inflation) ** t
        war = war_by_season.get(r.season)
        if war is None:
            notes.append(f"{r.season}: no WAR projection, counted as 0")
            war = 0.0
        value = war * rate
        salary, source = r.salary_musd, r.salary_source
        if salary is None and r.status == "arb":
            salary = arbitration_salary(r.season, r.arb_year or 1, war, rate)
            source = "arbitration estimate"
        elif salary is None:
            salary, source = league_minimum(r.season)
        gain = value - salary
        disc = gain / (1.0 + discount_rate) ** t
        total += disc
        out.append({
            "season": r.season, "status": r.status, "WAR": round(war, 2),
            "dollars_per_war": round(rate, 3), "value_musd": round(value, 3),
            "salary_musd": round(salary, 3), "salary_source": source,
            "surplus_musd": round(gain, 3), "discounted_musd": round(disc, 3),
        })  # fmt: skip
    sources = [
        f"$/WAR {dollars_per_war:g} $M: "
        + (DOLLARS_PER_WAR_SOURCE if dollars_per_war == DOLLARS_PER_WAR else "given by the user"),
        f"discount rate {discount_rate:.0%} a year; $/WAR inflation {inflation:.1%} a year"
        + (" (no cited figure: none assumed)" if inflation == INFLATION else ""),
        "league minimum: 2022-2026 Basic Agreement (later seasons: the 2026 figure)",
        "arbitration: 40/60/80% of free-agent value (Tango; MLB Trade Rumors, 2011)",
        "contract salaries are average annual values; deferred money is not discounted",
    ]
    return Surplus(round(total, 3), out, dollars_per_war, discount_rate, inflation, first,
                   sources, notes)  # fmt: skip
