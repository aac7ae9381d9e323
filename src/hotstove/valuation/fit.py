"""Fit: where a player would play at the buying club, and who stands in his way at the selling one.

The buyer's depth chart at the player's position comes from the latest season's games (Lahman
fielding and appearances); each incumbent carries his games, that season's value with the club and
his projected value next season. The projected gain of a move is the player's projected WAR over
the incumbent's, both at the player's projected playing time, so a part-timer is not flattered by
playing more. At the seller, a blocker is a teammate at the position who started more games there
last season or is projected to be better per plate appearance; the games left for the player are
the club's games less the blockers'. Other positions the player has played are alternatives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from hotstove.kb import depth

if TYPE_CHECKING:
    from hotstove.kb.store import KB

# A projected rate: (WAR per plate appearance or per inning, projected playing time).
Rate = tuple[float, float]

FIELD_POSITIONS = ("C", "1B", "2B", "3B", "SS", "LF", "CF", "RF", "DH")


@dataclass(slots=True)
class Incumbent:
    name: str
    person_id: str
    bbref: str | None
    mlbam: int | None
    G: int
    GS: int | None
    PA: int | None
    WAR: float | None  # last season, with this club
    projected_WAR: float | None  # next season, at his own projected playing time
    projected_gain: float | None = None  # buyer side: the player's projected WAR over this one's


@dataclass(slots=True)
class Side:
    club: str
    club_name: str
    season: int
    position: str
    team_games: int
    players: list[Incumbent]
    expected_games: int | None = None  # seller side: games at the position left for the player


@dataclass(slots=True)
class Fit:
    position: str
    positions_played: list[dict[str, Any]]
    buyer: Side
    seller: Side
    alternatives: list[Side] = field(default_factory=list)
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["buyer"]["incumbents"] = d["buyer"].pop("players")
        d["seller"]["blockers"] = d["seller"].pop("players")
        for alt in d["alternatives"]:
            alt["incumbents"] = alt.pop("players")
        return d


def positions_played(kb: KB, person_id: str) -> list[dict[str, Any]]:
    """Every position a player has played (MLB; else his minor-league listing), most games first."""
    rows = kb.rows(
        """
        SELECT position, sum(G) AS G, max(season) AS last_season, 'MLB' AS level
        FROM fielding WHERE person_id = ? AND level = 'MLB' AND position <> 'OF'
        GROUP BY position
        ORDER BY last_season DESC, G DESC
        """,
        [person_id],
    )
    if kb.has("appearances"):
        dh = kb.one(
            """
            SELECT sum(a.G_dh) AS G, max(a.yearID) AS last_season FROM appearances a
            JOIN people p ON p.lahman_id = a.playerID WHERE p.person_id = ? AND a.G_dh > 0
            """,
            [person_id],
        )
        if dh and dh.get("G"):
            rows.append({"position": "DH", "G": dh["G"], "last_season": dh["last_season"],
                         "level": "MLB"})  # fmt: skip
    if not rows and kb.has("milb_batting"):
        rows = kb.rows(
            """
            SELECT position, sum(G) AS G, max(season) AS last_season, 'MiLB' AS level
            FROM milb_batting WHERE person_id = ? AND position IS NOT NULL GROUP BY position
            ORDER BY last_season DESC, G DESC
            """,
            [person_id],
        )
        # a listing such as "3B/1B" counts for its first position
        merged: dict[str, dict[str, Any]] = {}
        for r in rows:
            pos = str(r["position"]).split("/")[0].strip().upper()
            if pos not in depth.POSITIONS:
                continue
            m = merged.setdefault(pos, {**r, "position": pos, "G": 0})
            m["G"] += r["G"] or 0
            m["last_season"] = max(m["last_season"] or 0, r["last_season"] or 0)
        rows = list(merged.values())
    return sorted(rows, key=lambda r: -(r["G"] or 0))


def primary_position(played: list[dict[str, Any]]) -> str | None:
    """The position of most games in his latest two seasons there, else of most games ever."""
    if not played:
        return None
    latest = max(r["last_season"] or 0 for r in played)
    recent = [r for r in played if (r["last_season"] or 0) >= latest - 1]
    return str(max(recent or played, key=lambda r: r["G"] or 0)["position"])


def _side(
    kb: KB,
    club: str,
    season: int,
    position: str,
    *,
    exclude: str,
    war_with_club: Mapping[tuple[str, str], float],
    rate_of: Callable[[str], Rate | None],
) -> tuple[Side, int]:
    """The club's players at the position (``exclude`` left out), and ``exclude``'s own games."""
    chart = depth.depth_chart(kb, club, season, position)
    own_games = 0
    team = kb.one("SELECT G FROM team_seasons WHERE code = ? AND season = ?", [chart.club, season])
    players: list[Incumbent] = []
    for block in chart.depth:
        for p in block["players"]:
            if p["person_id"] == exclude:
                own_games = int(p["G"] or 0)
                continue
            rate = rate_of(p["person_id"])
            players.append(
                Incumbent(
                    name=p["name"],
                    person_id=p["person_id"],
                    bbref=p["bbref"],
                    mlbam=p["mlbam"],
                    G=int(p["G"] or 0),
                    GS=p["GS"],
                    PA=p.get("PA"),
                    WAR=war_with_club.get((p["person_id"], chart.club)),
                    projected_WAR=None if rate is None else round(rate[0] * rate[1], 1),
                )
            )
    side = Side(
        club=chart.club,
        club_name=chart.club_name,
        season=season,
        position=position,
        team_games=int(team["G"]) if team and team.get("G") else 162,
        players=players,
    )
    return side, own_games


def fit(
    kb: KB,
    person_id: str,
    seller: str,
    buyer: str,
    season: int,
    *,
    war_with_club: Mapping[tuple[str, str], float],
    rate_of: Callable[[str], Rate | None],
    position: str | None = None,
) -> Fit:
    """The player's fit at ``buyer`` and his place at ``seller`` from ``season``'s depth charts.

    ``war_with_club[(person_id, club)]`` is last season's WAR with that club; ``rate_of(person)``
    his projected WAR per PA (or inning) and projected playing time next season.
    """
    played = positions_played(kb, person_id)
    pos = (position or primary_position(played) or "DH").upper()
    mine = rate_of(person_id)

    def gains(side: Side) -> Side:
        for inc in side.players:
            theirs = rate_of(inc.person_id)
            if mine is not None and theirs is not None:
                inc.projected_gain = round((mine[0] - theirs[0]) * mine[1], 1)
        return side

    def side(club: str, position: str) -> tuple[Side, int]:
        return _side(kb, club, season, position, exclude=person_id, war_with_club=war_with_club,
                     rate_of=rate_of)  # fmt: skip

    buy = gains(side(buyer, pos)[0])
    sell, own_games = side(seller, pos)
    blockers = []
    for inc in sell.players:
        theirs = rate_of(inc.person_id)
        better = mine is not None and theirs is not None and theirs[0] >= mine[0]
        if own_games < inc.G or better:
            blockers.append(inc)
    sell.players = blockers
    sell.expected_games = max(0, sell.team_games - sum(min(b.G, sell.team_games) for b in blockers))
    alternatives = [
        gains(side(buyer, str(r["position"]))[0])
        for r in played
        if r["position"] != pos and r["position"] in FIELD_POSITIONS and r.get("level") == "MLB"
    ]  # fmt: skip
    return Fit(
        position=pos,
        positions_played=played,
        buyer=buy,
        seller=sell,
        alternatives=alternatives,
        source=f"{season} depth charts: Lahman Fielding and Appearances; values hotstove WAR",
    )
