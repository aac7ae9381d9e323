"""A club's depth chart for a season: who played each position, how often, and how well he hit.

Games and starts by position come from the fielding table (Lahman, outfield split into LF/CF/RF
where it is published); designated hitters from the appearances table, which records games but not
starts there. Batting lines are the player's line with that club that season (stints summed).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from hotstove import stats
from hotstove.errors import AmbiguousName, BadInput, NotFound
from hotstove.kb import clubs
from hotstove.kb.store import KB

POSITIONS = ["C", "1B", "2B", "3B", "SS", "LF", "CF", "RF", "OF", "DH", "P"]


@dataclass(frozen=True, slots=True)
class DepthChart:
    club: str
    club_name: str
    season: int
    depth: list[dict[str, Any]]
    source: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(
            [{"position": d["position"], **p} for d in self.depth for p in d["players"]]
        )


def resolve_club(text: str, *, season: int | None = None) -> str:
    """The club code a name means (in that season), or a one-line error."""
    if not text or not text.strip():
        raise BadInput("Give a club: a code (BOS), a city or a nickname (Red Sox).")
    matches = clubs.club_candidates(text, season=season)
    codes = list(dict.fromkeys(m.code for m in matches))
    if not codes:
        raise NotFound(f"No MLB club matches {text!r}.")
    best = [m for m in matches if m.score >= matches[0].score]
    best_codes = list(dict.fromkeys(m.code for m in best))
    if len(best_codes) > 1:
        raise AmbiguousName(
            f"{text!r} may mean {', '.join(best_codes)}; give the club's nickname or code.",
            best_codes,
        )
    return best_codes[0]


def depth_chart(kb: KB, club: str, season: int, position: str | None = None) -> DepthChart:
    code = resolve_club(club, season=season)
    ts = kb.one(
        "SELECT lahman, name FROM team_seasons WHERE code = ? AND season = ?", [code, season]
    )
    if ts is None:
        last = kb.one("SELECT max(season) AS s FROM team_seasons WHERE code = ?", [code])
        hint = f" (its data runs to {last['s']})" if last and last.get("s") else ""
        raise NotFound(f"No {season} season for {code} in the knowledge base{hint}.")
    pos = position.upper() if position else None
    if pos is not None and pos not in POSITIONS:
        raise BadInput(f"Unknown position {position!r}; use one of {', '.join(POSITIONS)}.")
    rows = kb.rows(
        """
        WITH f AS (
            SELECT person_id, position, sum(G) AS G, sum(GS) AS GS
            FROM fielding WHERE team = ? AND season = ? GROUP BY person_id, position
            UNION ALL
            SELECT p.person_id, 'DH', sum(a.G_dh), NULL
            FROM appearances a JOIN people p ON p.lahman_id = a.playerID
            WHERE a.teamID = ? AND a.yearID = ? AND a.G_dh > 0 GROUP BY p.person_id
        ),
        b AS (
            SELECT person_id, sum(G) AS bG, sum(PA) AS PA, sum(AB) AS AB, sum(H) AS H,
                   sum("2B") AS "2B", sum("3B") AS "3B", sum(HR) AS HR, sum(BB) AS BB,
                   sum(HBP) AS HBP, sum(SF) AS SF, sum(SO) AS SO
            FROM batting_best WHERE team = ? AND season = ? AND level = 'MLB'
            GROUP BY person_id
        ),
        pt AS (
            SELECT person_id, sum(IPouts) AS IPouts, sum(ER) AS ER, sum(H) AS pH, sum(BB) AS pBB,
                   sum(SO) AS pSO, sum(GS) AS pGS, sum(SV) AS SV
            FROM pitching_best WHERE team = ? AND season = ? AND level = 'MLB'
            GROUP BY person_id
        )
        SELECT f.position, f.person_id, p.name_first, p.name_last, p.name_suffix, p.bbref,
               p.mlbam, f.G, f.GS, b.* EXCLUDE (person_id), pt.* EXCLUDE (person_id)
        FROM f JOIN people p USING (person_id)
        LEFT JOIN b USING (person_id) LEFT JOIN pt USING (person_id)
        WHERE ? IS NULL OR f.position = ?
        ORDER BY f.position, f.G DESC, f.GS DESC NULLS LAST, p.name_last
        """,
        [code, season, ts["lahman"], season, code, season, code, season, pos, pos],
    )
    by_pos: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        name = " ".join(x for x in (r["name_first"], r["name_last"], r["name_suffix"]) if x)
        player: dict[str, Any] = {
            "name": name,
            "person_id": r["person_id"],
            "bbref": r["bbref"],
            "mlbam": r["mlbam"],
            "G": r["G"],
            "GS": r["GS"],
            "PA": r.get("PA"),
        }
        if r["position"] == "P":
            line = {"IPouts": r.get("IPouts"), "ER": r.get("ER"), "H": r.get("pH"),
                    "BB": r.get("pBB")}  # fmt: skip
            player.update(
                {"IP": stats.innings_str(r.get("IPouts")), "ERA": stats.era(line),
                 "WHIP": stats.whip(line), "SO": r.get("pSO"), "SV": r.get("SV")}
            )  # fmt: skip
        rates = stats.batting_rates(r) if r.get("AB") else {}
        player.update({k: rates.get(k) for k in ("AVG", "OBP", "SLG", "OPS")})
        player["HR"] = r.get("HR")
        by_pos.setdefault(r["position"], []).append(player)
    depth = [
        {"position": p, "players": by_pos[p]}
        for p in sorted(by_pos, key=lambda x: POSITIONS.index(x) if x in POSITIONS else 99)
    ]
    return DepthChart(
        club=code,
        club_name=ts["name"],
        season=season,
        depth=depth,
        source="Lahman Baseball Database (Fielding, FieldingOFsplit, Appearances, Batting)",
    )
