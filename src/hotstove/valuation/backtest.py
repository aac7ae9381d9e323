"""Score the projections against what happened: each season from the seasons before it only.

For every season ``first..last`` both methods project from data before it (the hotstove fits see
only (history -> next season) pairs that end before it), and each projection is compared with the
season's actual line (MLB, stints summed) of every non-pitcher with at least ``min_pa`` PA who has
a projection from both. A player Marcel cannot project (no MLB PA in the last three seasons, but
a minor-league line hotstove can use) is scored against Marcel's answer for an empty history:
league average, age-adjusted. RMSE is weighted by actual PA; the actual wOBA uses the weights of
the season itself and the player's main league, the projection the weights of the season before.

The optional reference is Steamer's published preseason projections (2010-2018, from
``$HOTSTOVE_DATA/reference/projections``) on the players both have: a yardstick only, never
used to fit anything.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from hotstove.valuation import league, projection

if TYPE_CHECKING:
    from hotstove.kb.store import KB

STATS = ("OBP", "SLG", "wOBA")
REFERENCE_MIN_AB = 100  # Steamer rows with less are playing-time placeholders (data README)


def _actual(kb: KB, d: projection._Data, season: int, min_pa: int) -> pd.DataFrame:
    a = d.mlb[(d.mlb.season == season) & (~d.mlb.pitcher) & d.mlb.PA.ge(min_pa)].copy()
    h = a["1B"] + a["2B"] + a["3B"] + a["HR"]
    a["OBP"] = (h + a.BB + a.HBP) / (a.AB + a.BB + a.HBP + a.SF)
    a["SLG"] = (a["1B"] + 2 * a["2B"] + 3 * a["3B"] + 4 * a["HR"]) / a.AB
    envs = league.environments(kb)
    w = pd.DataFrame(
        [
            (envs.get((season, str(lg))) or envs[(season, "AL")]).woba
            for lg in a.league.fillna("AL")
        ],
        index=a.index,
    )
    ubb = a.BB - a.IBB
    num = (
        w["uBB"] * ubb + w["HBP"] * a.HBP + w["1B"] * a["1B"] + w["2B"] * a["2B"]
        + w["3B"] * a["3B"] + w["HR"] * a["HR"]
    )  # fmt: skip
    a["wOBA"] = num / (a.AB + ubb + a.SF + a.HBP)
    return a[["pid", "PA", *STATS]].rename(columns={"pid": "person_id"})


def _projected(kb: KB, h: Any, rate: np.ndarray) -> pd.DataFrame:
    rates = pd.DataFrame(rate, columns=list(projection.COMPONENTS))
    w = projection.weights_frame(kb, h.y, pd.Series(h.league).fillna("").tolist())
    st = projection.rate_stats(rates, {e: w[e].to_numpy() for e in league.WOBA_EVENTS})
    return pd.DataFrame({"person_id": h.pid, **{s: np.asarray(st[s]) for s in STATS}})


def _rmse(err: pd.Series, wt: pd.Series) -> float:
    return float(math.sqrt(float(np.sum(wt * err * err)) / float(np.sum(wt))))


def _reference(kb: KB, scored: pd.DataFrame) -> dict[str, Any] | None:
    from hotstove import config

    base = config.data_dir()
    path = Path(base) / "reference" / "projections" / "batting_projections.csv" if base else None
    if path is None or not path.is_file():
        return None
    ref = pd.read_csv(path)
    ref = ref[(ref.system == "Steamer") & (ref.AB >= REFERENCE_MIN_AB)].dropna(subset=["mlbam_id"])
    if ref.empty:
        return None
    ref["person_id"] = ref.mlbam_id.astype(int).astype(str)
    ref["season"] = ref.year.astype(int)
    for c in ("H", "2B", "3B", "HR", "BB", "IBB", "HBP", "SF", "AB"):
        ref[c] = ref[c].fillna(0.0)
    single = ref.H - ref["2B"] - ref["3B"] - ref.HR
    ref["OBP_ref"] = (ref.H + ref.BB + ref.HBP) / (ref.AB + ref.BB + ref.HBP + ref.SF)
    ref["SLG_ref"] = (single + 2 * ref["2B"] + 3 * ref["3B"] + 4 * ref.HR) / ref.AB
    envs = league.environments(kb)
    rows = []
    for r in ref.itertuples():
        env = envs.get((int(r.season) - 1, "AL"))
        rows.append(env.woba if env else {})
    w = pd.DataFrame(rows, index=ref.index)
    ubb = ref.BB - ref.IBB
    num = (
        w["uBB"] * ubb + w["HBP"] * ref.HBP + w["1B"] * single + w["2B"] * ref["2B"]
        + w["3B"] * ref["3B"] + w["HR"] * ref.HR
    )  # fmt: skip
    ref["wOBA_ref"] = num / (ref.AB + ubb + ref.SF + ref.HBP)
    cols = ["person_id", "season", "OBP_ref", "SLG_ref", "wOBA_ref"]
    m = scored.merge(ref[cols], on=["person_id", "season"])
    if m.empty:
        return None
    out: dict[str, Any] = {
        "label": "published reference: Steamer preseason projections (not used to fit); "
        "PA-weighted RMSE on the scored player-seasons Steamer projected with >= 100 AB",
        "seasons": [int(m.season.min()), int(m.season.max())],
        "players": len(m),
    }
    for name, suf in (("steamer", "_ref"), ("marcel", "_marcel"), ("hotstove", "_hotstove")):
        out[name] = {s: round(_rmse(m[f"{s}{suf}"] - m[s], m.PA), 5) for s in STATS}
    return out


def backtest(
    kb: KB, first: int = 2010, last: int = 2024, min_pa: int = 200, *, reference: bool = True
) -> dict[str, Any]:
    """Project each season first..last from the years before it; PA-weighted RMSE of OBP, SLG
    and wOBA for Marcel and hotstove on the same player-seasons (see the module's docstring)."""
    t0 = time.perf_counter()
    d = projection.data(kb)
    frames = []
    by_season = []
    unprojected = 0
    for season in range(first, last + 1):
        h = projection._hist(d, season)
        fit = projection.fit_for(kb, season)
        m_rate, _ = projection._marcel_rates(d, h)
        h_rate, _ = projection._hotstove_rates(d, h, fit)
        act = _actual(kb, d, season, min_pa)
        mp = _projected(kb, h, m_rate)
        hp = _projected(kb, h, h_rate)
        both = act.merge(mp, on="person_id", suffixes=("", "_marcel")).merge(
            hp.rename(columns={s: f"{s}_hotstove" for s in STATS}), on="person_id"
        )
        both = both.dropna(subset=[f"{s}_{m}" for s in STATS for m in ("marcel", "hotstove")])
        unprojected += len(act) - len(both)
        both["season"] = season
        both["no_mlb"] = ~pd.Series(h.pa.sum(1) > 0, index=h.pid).reindex(both.person_id).values
        frames.append(both)
        row: dict[str, Any] = {"season": season, "players": len(both), "pa": int(both.PA.sum())}
        for meth in ("marcel", "hotstove"):
            row[meth] = {s: round(_rmse(both[f"{s}_{meth}"] - both[s], both.PA), 5) for s in STATS}
        by_season.append(row)
    scored = pd.concat(frames, ignore_index=True)
    out: dict[str, Any] = {
        "seasons": [first, last],
        "min_pa": min_pa,
        "players": len(scored),
        "pa": int(scored.PA.sum()),
        "no_mlb_history": int(scored.no_mlb.sum()),
        "unprojected": unprojected,
    }
    for meth in ("marcel", "hotstove"):
        out[meth] = {
            s: round(_rmse(scored[f"{s}_{meth}"] - scored[s], scored.PA), 5) for s in STATS
        }
    out["ratio"] = {s: round(out["hotstove"][s] / out["marcel"][s], 4) for s in STATS}
    out["by_season"] = by_season
    if reference:
        ref = _reference(kb, scored)
        if ref is not None:
            out["reference"] = ref
    out["seconds"] = round(time.perf_counter() - t0, 1)
    out["method"] = (
        "each season projected from earlier seasons only; non-pitchers with >= min_pa actual PA "
        "(stints summed) and a projection from both; PA-weighted RMSE"
    )
    return out
