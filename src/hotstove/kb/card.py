"""The player card: bio, ids, season lines at every level, fielding, catcher defense, postseason.

Every rate on the card comes from ``hotstove.stats`` over summed counting stats; every table says
which source it came from; a source the knowledge base does not hold is named as absent, never
shown as zeros.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from hotstove import stats
from hotstove.errors import AmbiguousName, NotFound
from hotstove.kb import names
from hotstove.kb.build import LEVELS
from hotstove.kb.store import KB

_LEVEL_ORDER = {lvl: i for i, lvl in enumerate(LEVELS)}
_ROUND_ORDER = ["WC", "ALWC", "NLWC", "DS", "ALDS", "NLDS", "CS", "ALCS", "NLCS", "WS"]

SOURCE_NAMES = {
    "lahman": "Lahman Baseball Database",
    "milb-statsapi": "MLB Stats API (minor leagues, via armstjc/milb-data-repository)",
    "milb-fangraphs": "FanGraphs minor-league leaderboard (2025 through 2025-08-25)",
}


@dataclass(frozen=True, slots=True)
class PlayerCard:
    person_id: str
    name: str
    ids: dict[str, Any]
    born: str | None
    birthplace: str | None
    bats: str | None
    throws: str | None
    debut: str | None
    final_game: str | None
    positions: list[str]
    batting: list[dict[str, Any]]
    pitching: list[dict[str, Any]]
    fielding: list[dict[str, Any]]
    catcher_defense: dict[str, Any]
    postseason: list[dict[str, Any]]
    postseason_pitching: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_frame(self, table: str = "batting") -> Any:
        """One of the card's tables as a pandas DataFrame (``batting``, ``pitching``, ...)."""
        import pandas as pd

        rows = getattr(self, table)
        if isinstance(rows, dict):
            rows = [r for v in rows.values() if isinstance(v, list) for r in v]
        return pd.DataFrame([{k: v for k, v in r.items() if k != "stints"} for r in rows])


def resolve(kb: KB, query: str, *, season: int | None = None) -> names.Candidate:
    """The one person a name or id means, or a clear error listing candidates or suggestions."""
    res = names.lookup(kb.con, query, season=season)
    if res.chosen is not None:
        return res.chosen
    if res.candidates and res.reason != "no match":
        top = names.TIER[res.candidates[0].how]
        mlb = sum(1 for c in res.candidates if c.mlb_first is not None and names.TIER[c.how] == top)
        who = f"{mlb} MLB players" if mlb > 1 else f"{len(res.candidates)} players"
        raise AmbiguousName(
            f"{query!r} may be {who}; give an id, a suffix (Jr.) or a fuller name.",
            res.candidates,
        )
    raise NotFound(f"No player matches {query!r}.", res.candidates)


def resolve_at_club(
    kb: KB, query: str, club: str | None, *, season: int | None = None
) -> names.Candidate:
    """Like ``resolve``, with namesakes narrowed to those who played for ``club`` (a club code)."""
    try:
        return resolve(kb, query, season=season)
    except AmbiguousName as exc:
        pool = [c for c in exc.candidates if club and club in (c.clubs or "").split(",")]
        if len(pool) == 1:
            return pool[0]
        raise


def _season_rows(
    rows: list[dict[str, Any]], counts: tuple[str, ...], rates: Any
) -> list[dict[str, Any]]:
    """One row per season and level: stints summed, each stint kept under ``stints``."""
    groups: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r["season"], r["level"])].append(r)
    out: list[dict[str, Any]] = []
    for (season, level), stints in sorted(
        groups.items(), key=lambda kv: (kv[0][0], -_LEVEL_ORDER.get(kv[0][1], 99))
    ):
        stints.sort(key=lambda r: r.get("stint") or 0)
        total = stats.sum_lines(stints, counts)
        teams = [s.get("team") or s.get("team_name") for s in stints]
        row: dict[str, Any] = {
            "season": season,
            "level": level,
            "team": teams[0] if len(stints) == 1 else f"{len(stints)} teams",
            "team_name": stints[0].get("team_name") if len(stints) == 1 else None,
            "org": stints[0].get("org") if len({s.get("org") for s in stints}) == 1 else None,
            **total,
            **rates(total),
            "source": stints[0]["source"],
        }
        if len(stints) > 1:
            row["stints"] = [
                {
                    "team": s.get("team"),
                    "team_name": s.get("team_name"),
                    "org": s.get("org"),
                    **{k: s.get(k) for k in counts},
                    **rates(s),
                }
                for s in stints
            ]
        out.append(row)
    return out


def _catcher_defense(kb: KB, mlbam: int | None) -> dict[str, Any]:
    src = kb.source("savant")
    if not src or not src.get("present"):
        return {"available": False, "note": "Statcast catcher data is absent from this build"}
    if mlbam is None:
        return {"available": True, "framing": [], "blocking": [], "poptime": []}
    out: dict[str, Any] = {"available": True, "source": "Baseball Savant"}
    for key, table in (
        ("framing", "catcher_framing"),
        ("blocking", "catcher_blocking"),
        ("poptime", "catcher_poptime"),
    ):
        out[key] = (
            kb.rows(
                f"SELECT * EXCLUDE (mlbam) FROM {table} WHERE mlbam = ? ORDER BY season", [mlbam]
            )
            if kb.has(table)
            else []
        )
    out["coverage"] = src.get("coverage")
    return out


def player_card(kb: KB, query: str) -> PlayerCard:
    cand = resolve(kb, query)
    p = kb.one("SELECT * FROM people WHERE person_id = ?", [cand.person_id])
    if p is None:
        raise NotFound(f"No player matches {query!r}.")
    pid = p["person_id"]
    batting = _season_rows(
        kb.rows("SELECT * FROM batting_best WHERE person_id = ? ORDER BY season, stint", [pid]),
        stats.BATTING_COUNTS,
        stats.batting_rates,
    )
    pitching = _season_rows(
        kb.rows("SELECT * FROM pitching_best WHERE person_id = ? ORDER BY season, stint", [pid]),
        stats.PITCHING_COUNTS,
        stats.pitching_rates,
    )
    fielding = kb.rows(
        """
        SELECT season, team, position, sum(G) AS G, sum(GS) AS GS, sum(InnOuts) AS InnOuts,
               sum(PO) AS PO, sum(A) AS A, sum(E) AS E, sum(DP) AS DP, sum(PB) AS PB,
               sum(WP) AS WP, sum(SB) AS SB, sum(CS) AS CS
        FROM fielding WHERE person_id = ?
        GROUP BY season, team, position ORDER BY season, G DESC, position
        """,
        [pid],
    )
    for f in fielding:
        f["innings"] = stats.innings_str(f.pop("InnOuts"))
        if f["position"] == "C":
            f["CS%"] = stats.caught_stealing_rate(f)
        else:
            for k in ("PB", "WP", "SB", "CS"):
                f.pop(k, None)
    post = kb.rows("SELECT * FROM postseason_batting WHERE person_id = ? ORDER BY season", [pid])
    post.sort(key=lambda r: (r["season"], _round_key(r["round"])))
    postseason = [
        {
            "season": r["season"],
            "round": r["round"],
            "team": r["team"],
            **{k: r.get(k) for k in stats.BATTING_COUNTS if k in r},
            **stats.batting_rates(r),
        }
        for r in post
    ]
    post_p = kb.rows("SELECT * FROM postseason_pitching WHERE person_id = ? ORDER BY season", [pid])
    post_p.sort(key=lambda r: (r["season"], _round_key(r["round"])))
    postseason_pitching = [
        {
            "season": r["season"],
            "round": r["round"],
            "team": r["team"],
            **{k: r.get(k) for k in stats.PITCHING_COUNTS if k in r},
            **stats.pitching_rates(r),
        }
        for r in post_p
    ]
    notes: list[str] = []
    if cand.how == "fuzzy":
        notes.append(f"No player is named {query!r}; showing the closest name, {display_name(p)}.")
    milb = kb.source("milb")
    if milb is None or not milb.get("present"):
        notes.append("Minor-league seasons are absent from this build.")
    elif any(r["level"] != "MLB" and r["season"] == 2025 for r in batting + pitching):
        notes.append(
            "2025 minor-league lines stop on 2025-08-25 (FanGraphs snapshot); "
            "games after that date are missing."
        )
    used = sorted({r["source"] for r in batting + pitching} | {"lahman"})
    sources = [
        {"table": "batting/pitching/fielding", "source": SOURCE_NAMES.get(s, s)} for s in used
    ]
    for name in ("chadwick", "savant"):
        src = kb.source(name)
        if src:
            sources.append(
                {
                    "table": "ids" if name == "chadwick" else "catcher_defense",
                    "source": src["credit"],
                    "present": src["present"],
                    "as_of": src.get("as_of"),
                }
            )
    born = p.get("birth_date")
    place = ", ".join(
        x for x in (p.get("birth_city"), p.get("birth_state"), p.get("birth_country")) if x
    )
    return PlayerCard(
        person_id=pid,
        name=display_name(p),
        ids={
            "mlbam": p.get("mlbam"),
            "bbref": p.get("bbref"),
            "retro": p.get("retro"),
            "fangraphs": p.get("fangraphs"),
            "bbref_minors": p.get("bbref_minors"),
            "lahman": p.get("lahman_id"),
        },
        born=born if isinstance(born, str) else None,
        birthplace=place or None,
        bats=p.get("bats"),
        throws=p.get("throws"),
        debut=p.get("debut"),
        final_game=p.get("final_game"),
        positions=(p.get("positions") or "").split(",") if p.get("positions") else [],
        batting=batting,
        pitching=pitching,
        fielding=fielding,
        catcher_defense=_catcher_defense(kb, p.get("mlbam")),
        postseason=postseason,
        postseason_pitching=postseason_pitching,
        sources=sources,
        notes=notes,
    )


def display_name(p: dict[str, Any]) -> str:
    parts = [p.get("name_first"), p.get("name_last"), p.get("name_suffix")]
    return " ".join(x for x in parts if x)


def _round_key(r: str | None) -> int:
    r = (r or "").rstrip("0123456789")
    return _ROUND_ORDER.index(r) if r in _ROUND_ORDER else len(_ROUND_ORDER)
