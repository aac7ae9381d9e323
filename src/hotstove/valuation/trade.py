"""The evaluation of a move: player P from club S to club B, and what an offered package is worth.

``evaluate_trade`` gathers, each with its source: the player's ids and positions, his season values
(WAR-style, ``war``), the projection for next season (``projection``) and the outlook over his years
of control (``outlook``), team control and surplus value (``control``), his fit on both clubs'
depth charts (``fit``), the players offered for him, and the history between the clubs
(``history``). It only reads the knowledge base; the CLI and the API print or return the record.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from hotstove.errors import AmbiguousName, BadInput, NotFound
from hotstove.kb import card, names
from hotstove.kb.depth import resolve_club
from hotstove.valuation import control as control_mod
from hotstove.valuation import fit as fit_mod
from hotstove.valuation import history as history_mod
from hotstove.valuation import league, outlook, war

if TYPE_CHECKING:
    from pathlib import Path

    from hotstove.kb.store import KB


@dataclass(slots=True)
class TradeReport:
    player: dict[str, Any]
    from_club: dict[str, Any]
    to_club: dict[str, Any]
    season: int  # the latest season in the data; projections are for the one after
    value: list[dict[str, Any]]
    projection: dict[str, Any]
    outlook: list[dict[str, Any]]
    control: list[dict[str, Any]]
    surplus: dict[str, Any] | None
    fit: dict[str, Any] | None
    package: list[dict[str, Any]]
    history: list[dict[str, Any]]
    sources: list[dict[str, str]]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["from"] = d.pop("from_club")
        d["to"] = d.pop("to_club")
        return _plain(d)


def _plain(v: Any) -> Any:
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
        return _plain(v.item())
    return v


def latest_season(kb: KB) -> int:
    row = kb.one("SELECT max(season) AS s FROM batting_best WHERE level = 'MLB'")
    if not row or row["s"] is None:
        raise NotFound("The knowledge base holds no MLB seasons; run `hotstove data build`.")
    return int(row["s"])


def resolve_player(kb: KB, query: str, club: str | None, season: int) -> names.Candidate:
    """The player a name means, namesakes decided by the club he is said to play for."""
    return card.resolve_at_club(kb, query, club, season=season)


def _club(kb: KB, text: str, season: int) -> dict[str, Any]:
    code = resolve_club(text, season=season)
    row = kb.one("SELECT code, name FROM clubs WHERE code = ?", [code]) or {"code": code}
    return {"code": code, "name": row.get("name")}


def _player_block(kb: KB, cand: names.Candidate, season: int) -> dict[str, Any]:
    p = (
        kb.one(
            """SELECT person_id, mlbam, bbref, retro, fangraphs, lahman_id, birth_date, bats,
                  throws, debut, mlb_first, mlb_last FROM people WHERE person_id = ?""",
            [cand.person_id],
        )
        or {}
    )
    born = p.get("birth_date")
    age = None
    if born:
        y, m = int(str(born)[:4]), int(str(born)[5:7] or 1)
        age = season + 1 - y - (1 if m >= 7 else 0)  # baseball age: as of July 1
    return {
        "name": cand.name,
        "person_id": cand.person_id,
        "mlbam": p.get("mlbam"),
        "bbref": p.get("bbref"),
        "retro": p.get("retro"),
        "fangraphs": p.get("fangraphs"),
        "born": born,
        "age_next_season": age,
        "bats": p.get("bats"),
        "throws": p.get("throws"),
        "debut": p.get("debut"),
        "mlb_seasons": [p.get("mlb_first"), p.get("mlb_last")],
    }


def _value_rows(kb: KB, person_id: str) -> list[dict[str, Any]]:
    keep = ("season", "team", "league", "pos", "G", "PA", "wOBA", "bat_runs", "br_runs",
            "fld_runs", "framing_runs", "blocking_runs", "pos_runs", "rep_runs", "WAR_bat", "IP",
            "FIP", "WAR_pit", "WAR")  # fmt: skip
    rows = war.player_values(kb, person_id)
    out = []
    for r in rows:
        row = {k: r.get(k) for k in keep if k in r}
        for k, v in list(row.items()):
            if isinstance(v, float):
                row[k] = round(v, 3 if k in ("wOBA",) else 1) if not math.isnan(v) else None
        out.append(row)
    return out


def _war_with_club(kb: KB, season: int) -> dict[tuple[str, str], float]:
    frame = war.season_values(kb, seasons=[season], by_team=True)
    codes = {
        r["lahman"]: r["code"]
        for r in kb.rows("SELECT lahman, code FROM team_seasons WHERE season = ?", [season])
    }
    out: dict[tuple[str, str], float] = {}
    for r in frame[["person_id", "team", "WAR"]].itertuples(index=False):
        code = codes.get(r.team, r.team)
        key = (str(r.person_id), code)
        out[key] = round(float(r.WAR) + out.get(key, 0.0), 1)
    return out


def _value_with_club(kb: KB) -> Any:
    """value_of(person, club, first, last) for the history: WAR with that club in those seasons."""
    codes: dict[tuple[int, str], str] = {
        (int(r["season"]), r["lahman"]): r["code"]
        for r in kb.rows("SELECT season, lahman, code FROM team_seasons")
    }
    by_person: dict[str, list[tuple[int, str, float]]] | None = None

    def value_of(person_id: str, club: str, first: int, last: int | None) -> float | None:
        nonlocal by_person
        if by_person is None:  # every season's values at once: a few seconds, then lookups
            by_person = {}
            frame = war.season_values(kb, by_team=True)[["person_id", "season", "team", "WAR"]]
            for r in frame.itertuples(index=False):
                by_person.setdefault(str(r.person_id), []).append(
                    (int(r.season), str(r.team), float(r.WAR) if r.WAR == r.WAR else 0.0)
                )
        seasons = [
            (s, team, w) for s, team, w in by_person.get(person_id, [])
            if s >= first and (last is None or s <= last)
        ]  # fmt: skip
        if not seasons and first <= _first_valued_season(by_person):
            return None  # the value table does not reach back to his seasons
        return round(sum(w for s, team, w in seasons if codes.get((s, team)) == club), 1)

    return value_of


def _first_valued_season(by_person: dict[str, list[tuple[int, str, float]]]) -> int:
    return min((s for rows in by_person.values() for s, _t, _w in rows), default=0)


def _contract_summary(rows: list[Any]) -> list[dict[str, Any]]:
    return [r.to_dict() if hasattr(r, "to_dict") else dict(r) for r in rows]


def _package_entry(
    kb: KB, query: str, seller: str, season: int, *, dollars_per_war: float, discount_rate: float
) -> dict[str, Any]:
    try:
        cand = resolve_player(kb, query, seller, season)
    except (NotFound, AmbiguousName) as exc:
        return {"query": query, "error": str(exc)}
    look = outlook.outlook(kb, cand.person_id, season + 1)
    rows = control_mod.control(
        kb, cand.person_id, season + 1, war_by_season=look.war_by_season(),
        dollars_per_war=dollars_per_war,
    )  # fmt: skip
    surplus = control_mod.surplus(
        rows, look.war_by_season(), dollars_per_war=dollars_per_war, discount_rate=discount_rate
    )
    last = [r for r in _value_rows(kb, cand.person_id) if r["season"] == season]
    return {
        "name": cand.name,
        "person_id": cand.person_id,
        "bbref": cand.bbref,
        "mlbam": cand.mlbam,
        "WAR_last_season": round(sum(r.get("WAR") or 0.0 for r in last), 1) if last else None,
        "projected_WAR": look.seasons[0].WAR if look.seasons else None,
        "control": [r.to_dict() for r in rows],
        "surplus_musd": round(surplus.total_musd, 1),
    }


def evaluate_trade(
    kb: KB,
    player: str,
    seller: str,
    buyer: str,
    *,
    give: list[str] | None = None,
    position: str | None = None,
    contracts_file: Path | None = None,
    dollars_per_war: float | None = None,
    discount_rate: float = 0.08,
    history_limit: int | None = None,
) -> TradeReport:
    if not player or not player.strip():
        raise BadInput("Give a player: --player NAME (or an MLBAM / bbref id).")
    season = latest_season(kb)
    src = _club(kb, seller, season)
    dst = _club(kb, buyer, season)
    if src["code"] == dst["code"]:
        raise BadInput(f"--from and --to are the same club ({src['code']}).")
    cand = resolve_player(kb, player, src["code"], season)
    notes: list[str] = []
    block = _player_block(kb, cand, season)
    value = _value_rows(kb, cand.person_id)
    if not value:
        notes.append(f"{cand.name} has no MLB record in the data: value and fit rest on the "
                     "projection alone (minor-league lines where they exist).")  # fmt: skip
    look = outlook.outlook(kb, cand.person_id, season + 1)
    notes.extend(look.notes)
    per_war = control_mod.DOLLARS_PER_WAR if dollars_per_war is None else dollars_per_war
    ctrl = control_mod.control(
        kb, cand.person_id, season + 1, contracts_file=contracts_file,
        war_by_season=look.war_by_season(), dollars_per_war=per_war,
    )  # fmt: skip
    surplus = control_mod.surplus(
        ctrl, look.war_by_season(), dollars_per_war=per_war, discount_rate=discount_rate
    )
    rates = outlook.rates(kb, season + 1)
    try:
        fitted: dict[str, Any] | None = fit_mod.fit(
            kb, cand.person_id, src["code"], dst["code"], season,
            war_with_club=_war_with_club(kb, season), rate_of=rates, position=position,
        ).to_dict()  # fmt: skip
    except NotFound as exc:
        fitted = None
        notes.append(f"No fit: {exc}")
    package = [
        _package_entry(kb, q, dst["code"], season, dollars_per_war=per_war,
                       discount_rate=discount_rate)
        for q in give or [] if q.strip()
    ]  # fmt: skip
    if package:
        offered = sum(p.get("surplus_musd") or 0.0 for p in package)
        notes.append(
            f"Package surplus {offered:.1f} $M against {cand.name}'s {surplus.total_musd:.1f} $M."
        )
    past = history_mod.club_history(
        kb, src["code"], dst["code"], value_of=_value_with_club(kb), limit=history_limit
    )
    sources = [
        {"what": "season value (WAR)", "source": war.SOURCES if isinstance(war.SOURCES, str)
         else "; ".join(f"{k}: {v}" for k, v in war.SOURCES.items())},
        {"what": "league weights", "source": league.SOURCE},
        {"what": "projection", "source": look.projection.get("source", "hotstove projection")},
        {"what": "aging", "source": outlook.aging_curve(kb).source},
        {"what": "control and salary", "source": control_mod.SOURCE},
        {"what": "fit", "source": fitted["source"] if fitted else "Lahman Fielding"},
        {"what": "history", "source": history_mod.SOURCE},
    ]  # fmt: skip
    return TradeReport(
        player={**block, "positions": fit_mod.positions_played(kb, cand.person_id)},
        from_club=src,
        to_club=dst,
        season=season,
        value=value,
        projection=look.projection,
        outlook=[asdict(s) for s in look.seasons],
        control=_contract_summary(ctrl),
        surplus=surplus.to_dict(),
        fit=fitted,
        package=package,
        history=[m.to_dict() for m in past],
        sources=sources,
        notes=notes,
    )
