"""Each league-season's run environment, derived from its own totals.

Everything a value or a projection needs to turn events into runs and runs into wins comes from
this table, one row per (season, league):

* **Linear weights** are the partial derivatives of David Smyth's Base Runs estimator taken at the
  league's totals, with the estimator's "B" multiplier solved so that Base Runs reproduces the
  league's actual runs exactly. So a home run is worth more in 2000 than in 1968 because the data
  says so, not because a table does.
* **wOBA weights** are those run values measured against an out and scaled so that the league's
  wOBA equals its OBP (the convention of Tango, Lichtman and Dolphin, *The Book*, 2007).
* **Runs per win** follows the Pythagenpat-based rule of thumb FanGraphs publishes in its guts
  table: ``RPW = 9 * (R / IP) * 1.5 + 3`` (FanGraphs Sabermetrics Library, "WAR for position
  players" and "Guts!").
* **FIP constant**: ``lgERA - (13 HR + 3 (BB + HBP - IBB) - 2 SO) / IP`` over the league
  (Tango's FIP, FanGraphs Sabermetrics Library, "FIP").

Columns missing in early seasons (IBB before 1955, SF before 1954, CS and GIDP in patches) count
as zero on both sides of every ratio, so a rate never mixes a season's known and unknown events.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from hotstove.kb.store import KB

# Events a batting line is made of, in the order the weight columns are named.
EVENTS = ("1B", "2B", "3B", "HR", "uBB", "IBB", "HBP", "SB", "CS", "GIDP", "out")
WOBA_EVENTS = ("uBB", "HBP", "1B", "2B", "3B", "HR")
FIP_HR, FIP_BB, FIP_SO = 13.0, 3.0, -2.0  # Tango's FIP coefficients (FanGraphs, "FIP")

SOURCE = (
    "league totals from the Lahman Baseball Database; Base Runs (D. Smyth) linear weights; "
    "wOBA scaled to league OBP (The Book, 2007); runs per win and FIP constant as in FanGraphs' "
    "Sabermetrics Library"
)


@dataclass(frozen=True, slots=True)
class Environment:
    """One league-season: its weights and averages (see the module's docstring)."""

    season: int
    league: str
    runs: float
    pa: float
    lw: dict[str, float]  # runs per event, absolute (an out is negative)
    lw_out_rel: float  # an out's value against the average: batting events sum to zero
    woba: dict[str, float]  # wOBA weight per event
    woba_scale: float
    lg_woba: float
    lg_obp: float
    r_per_pa: float
    r_per_out: float
    rpw: float
    fip_constant: float
    lg_era: float
    lg_ra9: float


def _base_runs_parts(t: dict[str, float], m: float = 1.0) -> tuple[float, float, float, float]:
    """Base Runs' A (runners), B (advancement), C (outs), D (home runs) for totals ``t``."""
    singles = t["1B"]
    hits = singles + t["2B"] + t["3B"] + t["HR"]
    tb = singles + 2 * t["2B"] + 3 * t["3B"] + 4 * t["HR"]
    walks = t["uBB"] + t["HBP"]
    a = hits + walks + t["IBB"] - t["HR"] - t["CS"] - t["GIDP"]
    b = m * (
        1.4 * tb - 0.6 * hits - 3.0 * t["HR"] + 0.1 * walks + 0.9 * (t["SB"] - t["CS"] - t["GIDP"])
    )
    c = t["out"] + t["CS"] + t["GIDP"]
    return a, b, c, t["HR"]


def base_runs(t: dict[str, float], m: float = 1.0) -> float:
    a, b, c, d = _base_runs_parts(t, m)
    return (a * b / (b + c) if b + c else 0.0) + d


def solve_multiplier(t: dict[str, float], runs: float) -> float:
    """The B multiplier that makes Base Runs equal the runs actually scored."""
    a, b, c, d = _base_runs_parts(t)
    scored = runs - d
    if b <= 0 or a <= scored:
        return 1.0
    return scored * c / (b * (a - scored))


def linear_weights(t: dict[str, float], m: float) -> dict[str, float]:
    """dBsR/d(event) at the totals ``t``: the marginal run value of one more of each event."""
    base = base_runs(t, m)
    out: dict[str, float] = {}
    for e in EVENTS:
        # Base Runs is smooth and the totals are in the thousands: a unit step is the derivative
        # to many decimals, and it keeps every event's definition in one place (_base_runs_parts).
        bumped = dict(t)
        bumped[e] = t[e] + 1.0
        out[e] = base_runs(bumped, m) - base
    return out


def _batting_totals(kb: KB) -> pd.DataFrame:
    return kb.con.execute(
        """
        SELECT season, league,
               sum(R) AS R, sum(coalesce(PA, AB + coalesce(BB,0) + coalesce(HBP,0)
                   + coalesce(SF,0) + coalesce(SH,0))) AS PA,
               sum(AB) AS AB, sum(H) AS H, sum("2B") AS "2B", sum("3B") AS "3B", sum(HR) AS HR,
               sum(coalesce(BB,0)) AS BB, sum(coalesce(IBB,0)) AS IBB,
               sum(coalesce(HBP,0)) AS HBP, sum(coalesce(SF,0)) AS SF, sum(coalesce(SH,0)) AS SH,
               sum(coalesce(SB,0)) AS SB, sum(coalesce(CS,0)) AS CS,
               sum(coalesce(GIDP,0)) AS GIDP, sum(coalesce(SO,0)) AS SO
        FROM batting_best WHERE level = 'MLB' AND league IS NOT NULL
        GROUP BY season, league
        """
    ).df()


def _pitching_totals(kb: KB) -> pd.DataFrame:
    return kb.con.execute(
        """
        SELECT season, league, sum(IPouts) AS IPouts, sum(ER) AS ER, sum(R) AS R,
               sum(HR) AS HR, sum(coalesce(BB,0)) AS BB, sum(coalesce(IBB,0)) AS IBB,
               sum(coalesce(HBP,0)) AS HBP, sum(coalesce(SO,0)) AS SO
        FROM pitching_best WHERE level = 'MLB' AND league IS NOT NULL
        GROUP BY season, league
        """
    ).df()


def _environment(bat: dict[str, Any], pit: dict[str, Any] | None) -> Environment | None:
    ab, h = float(bat["AB"] or 0), float(bat["H"] or 0)
    if ab <= 0:
        return None
    t = {
        "1B": h - bat["2B"] - bat["3B"] - bat["HR"],
        "2B": float(bat["2B"]),
        "3B": float(bat["3B"]),
        "HR": float(bat["HR"]),
        "uBB": float(bat["BB"] - bat["IBB"]),
        "IBB": float(bat["IBB"]),
        "HBP": float(bat["HBP"]),
        "SB": float(bat["SB"]),
        "CS": float(bat["CS"]),
        "GIDP": float(bat["GIDP"]),
        "out": ab - h + float(bat["SF"]) + float(bat["SH"]),
    }
    runs = float(bat["R"] or 0)
    m = solve_multiplier(t, runs)
    lw = linear_weights(t, m)
    obp_den = ab + bat["BB"] + bat["HBP"] + bat["SF"]
    lg_obp = (h + bat["BB"] + bat["HBP"]) / obp_den if obp_den else 0.0
    # Absolute weights add up to the league's runs; measured against the average instead, an out
    # is worth what makes the batting events sum to zero (Tango's "runs above average" weights).
    lw_out_rel = -sum(lw[e] * t[e] for e in (*WOBA_EVENTS, "IBB")) / t["out"]
    raw = sum((lw[e] - lw_out_rel) * t[e] for e in WOBA_EVENTS)
    woba_den = ab + bat["BB"] - bat["IBB"] + bat["SF"] + bat["HBP"]
    raw_rate = raw / woba_den if woba_den else 0.0
    scale = lg_obp / raw_rate if raw_rate else 1.0
    woba = {e: (lw[e] - lw_out_rel) * scale for e in WOBA_EVENTS}
    pa = float(bat["PA"] or 0)
    outs_made = t["out"] + t["CS"] + t["GIDP"]
    if pit and pit.get("IPouts"):
        ip = pit["IPouts"] / 3.0
        lg_era = 9.0 * pit["ER"] / ip
        lg_ra9 = 9.0 * pit["R"] / ip
        fip_raw = (
            FIP_HR * pit["HR"] + FIP_BB * (pit["BB"] + pit["HBP"] - pit["IBB"]) + FIP_SO * pit["SO"]
        ) / ip
        fip_c = lg_era - fip_raw
        r_per_ip = pit["R"] / ip
    else:
        lg_era = lg_ra9 = fip_c = float("nan")
        r_per_ip = runs / (outs_made / 3.0) if outs_made else 0.0
    return Environment(
        season=int(bat["season"]),
        league=str(bat["league"]),
        runs=runs,
        pa=pa,
        lw=lw,
        lw_out_rel=lw_out_rel,
        woba=woba,
        woba_scale=scale,
        lg_woba=lg_obp,
        lg_obp=lg_obp,
        r_per_pa=runs / pa if pa else 0.0,
        r_per_out=runs / outs_made if outs_made else 0.0,
        rpw=9.0 * r_per_ip * 1.5 + 3.0,
        fip_constant=fip_c,
        lg_era=lg_era,
        lg_ra9=lg_ra9,
    )


@lru_cache(maxsize=4)
def _environments(key: str, kb: KB) -> dict[tuple[int, str], Environment]:
    bat = _batting_totals(kb).to_dict("records")
    pit = {(int(r["season"]), r["league"]): r for r in _pitching_totals(kb).to_dict("records")}
    out: dict[tuple[int, str], Environment] = {}
    for b in bat:
        env = _environment(b, pit.get((int(b["season"]), b["league"])))
        if env is not None:
            out[(env.season, env.league)] = env
    return out


def environments(kb: KB) -> dict[tuple[int, str], Environment]:
    """Every league-season's environment, keyed by (season, league). Cached per knowledge base."""
    return _environments(str(kb.path or id(kb)), kb)


def environment(kb: KB, season: int, league: str) -> Environment | None:
    return environments(kb).get((season, league))


def frame(kb: KB) -> pd.DataFrame:
    """The environments as one row per league-season, weights as columns (lw_1B, w_1B, ...)."""
    import pandas as pd

    rows = []
    for env in environments(kb).values():
        row: dict[str, Any] = {
            "season": env.season, "league": env.league, "R": env.runs, "PA": env.pa,
            "woba_scale": env.woba_scale, "lg_woba": env.lg_woba, "lg_obp": env.lg_obp,
            "r_per_pa": env.r_per_pa, "lw_out_rel": env.lw_out_rel, "r_per_out": env.r_per_out,
            "rpw": env.rpw,
            "fip_constant": env.fip_constant, "lg_era": env.lg_era, "lg_ra9": env.lg_ra9,
        }  # fmt: skip
        row.update({f"lw_{e}": v for e, v in env.lw.items()})
        row.update({f"w_{e}": v for e, v in env.woba.items()})
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["season", "league"]).reset_index(drop=True)
