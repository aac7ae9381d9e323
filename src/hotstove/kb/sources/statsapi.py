"""MLB Stats API (``statsapi.mlb.com/api/v1``): season lines, 40-man rosters, transactions.

For users with internet. Each public function makes the request(s), then a pure ``parse_*``
function turns the JSON into rows in the KB table shapes (``batting``, ``pitching``,
``rosters``, ``transactions``); ``write_rows`` stores them idempotently.

The API has no official documentation; the field names used here are the ones its answers carry
(``stats[0].splits[]`` with ``season``, ``stat``, ``team``, ``league``, ``sport``; a traded
season adds a total split with no ``team`` and ``numTeams`` set, which is skipped because the
per-club splits are kept). The base URL is ``base_url=``, else ``HOTSTOVE_STATSAPI_URL``, else
the public address.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from datetime import date as Date
from typing import Any, Literal

import httpx

from hotstove.errors import BadInput, SourceUnavailable
from hotstove.kb.fetch import client_scope, get_bytes
from hotstove.storage.duck import Duck

DEFAULT_BASE_URL = "https://statsapi.mlb.com/api/v1"
ENV_BASE_URL = "HOTSTOVE_STATSAPI_URL"
SOURCE = "statsapi"
MAX_BYTES = 50_000_000  # a league-wide season of transactions is a few MB

Group = Literal["hitting", "pitching"]

# MLB club ids -> the Stats API's own club abbreviations (AZ, ATH, CWS, KC, SD, SF, TB, WSH).
MLB_CLUBS: dict[int, str] = {
    108: "LAA", 109: "AZ", 110: "BAL", 111: "BOS", 112: "CHC", 113: "CIN", 114: "CLE",
    115: "COL", 116: "DET", 117: "HOU", 118: "KC", 119: "LAD", 120: "WSH", 121: "NYM",
    133: "ATH", 134: "PIT", 135: "SD", 136: "SEA", 137: "SF", 138: "STL", 139: "TB",
    140: "TEX", 141: "TOR", 142: "MIN", 143: "PHI", 144: "ATL", 145: "CWS", 146: "MIA",
    147: "NYY", 158: "MIL",
}  # fmt: skip

# sport.id -> level. 5442 was "Rookie Advanced" (Appalachian/Pioneer, to 2020). 16 (Rookie) is
# split by league name into DSL, CPX (the complex leagues) and RK. Others (17 winter leagues,
# independents, international) are not organised-baseball levels and are skipped.
SPORT_LEVELS: dict[int, str] = {
    1: "MLB", 11: "AAA", 12: "AA", 13: "A+", 14: "A", 15: "A-", 16: "RK", 5442: "RK",
}  # fmt: skip
_SPORT_ABBREVIATIONS = {"MLB": "MLB", "AAA": "AAA", "AA": "AA", "A+": "A+", "A": "A",
                        "A(-)": "A-", "A-": "A-", "ROK": "RK", "RK": "RK", "ROA": "RK"}  # fmt: skip
_MLB_LEAGUES = {103: "AL", 104: "NL"}

BATTING_COLUMNS = (
    "person_id", "mlbam", "bbref", "season", "level", "team", "team_name", "org", "league",
    "stint", "G", "PA", "AB", "R", "H", "2B", "3B", "HR", "RBI", "SB", "CS", "BB", "IBB", "SO",
    "HBP", "SH", "SF", "GIDP", "source",
)  # fmt: skip
PITCHING_COLUMNS = (
    "person_id", "mlbam", "bbref", "season", "level", "team", "team_name", "org", "league",
    "stint", "W", "L", "G", "GS", "CG", "SHO", "SV", "IPouts", "H", "R", "ER", "HR", "BB", "IBB",
    "SO", "HBP", "WP", "BK", "BFP", "source",
)  # fmt: skip
ROSTER_COLUMNS = (
    "club", "team_id", "date", "mlbam", "name", "jersey", "position", "status", "is_40_man",
    "is_active", "source",
)  # fmt: skip
TRANSACTION_COLUMNS = (
    "date", "effective_date", "mlbam", "name", "type_code", "type_desc", "from_team_id",
    "from_team", "to_team_id", "to_team", "description", "source",
)  # fmt: skip

# KB column <- Stats API ``stat`` field (first one present wins).
_BATTING_FIELDS: dict[str, tuple[str, ...]] = {
    "G": ("gamesPlayed",), "PA": ("plateAppearances",), "AB": ("atBats",), "R": ("runs",),
    "H": ("hits",), "2B": ("doubles",), "3B": ("triples",), "HR": ("homeRuns",),
    "RBI": ("rbi",), "SB": ("stolenBases",), "CS": ("caughtStealing",),
    "BB": ("baseOnBalls",), "IBB": ("intentionalWalks",), "SO": ("strikeOuts",),
    "HBP": ("hitByPitch",), "SH": ("sacBunts",), "SF": ("sacFlies",),
    "GIDP": ("groundIntoDoublePlay",),
}  # fmt: skip
_PITCHING_FIELDS: dict[str, tuple[str, ...]] = {
    "W": ("wins",), "L": ("losses",), "G": ("gamesPitched", "gamesPlayed"),
    "GS": ("gamesStarted",), "CG": ("completeGames",), "SHO": ("shutouts",), "SV": ("saves",),
    "H": ("hits",), "R": ("runs",), "ER": ("earnedRuns",), "HR": ("homeRuns",),
    "BB": ("baseOnBalls",), "IBB": ("intentionalWalks",), "SO": ("strikeOuts",),
    "HBP": ("hitBatsmen", "hitByPitch"), "WP": ("wildPitches",), "BK": ("balks",),
    "BFP": ("battersFaced",),
}  # fmt: skip

# Natural keys used by write_rows (NULLs compare equal).
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "batting": ("person_id", "season", "level", "team", "stint", "source"),
    "pitching": ("person_id", "season", "level", "team", "stint", "source"),
    "rosters": ("team_id", "date", "mlbam", "source"),
    "transactions": ("date", "mlbam", "type_code", "from_team_id", "to_team_id", "description",
                     "source"),
}  # fmt: skip


def base_url(override: str | None = None) -> str:
    """``override``, else ``HOTSTOVE_STATSAPI_URL``, else the public API address."""
    return (override or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).rstrip("/")


def _get_json(
    path: str, params: Mapping[str, str | int], *, client: httpx.Client, base: str | None, what: str
) -> dict[str, Any]:
    body = get_bytes(
        client, f"{base_url(base)}{path}", params=params, what=what, max_bytes=MAX_BYTES
    )
    try:
        data = json.loads(body)
    except ValueError:
        raise SourceUnavailable(f"{what}: the MLB Stats API answer is not JSON.") from None
    if not isinstance(data, dict):
        raise SourceUnavailable(f"{what}: unexpected MLB Stats API answer (not an object).")
    return data


# --------------------------------------------------------------------------------------------
# small parsers


def _int(value: Any) -> int | None:
    """A count from the API; placeholders (``"-"``, ``".---"``, ``""``) and junk are missing."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def innings_to_outs(innings: Any) -> int | None:
    """Baseball innings notation to outs: ``"66.1"`` -> 199, ``"7.2"`` -> 23, ``"0.0"`` -> 0."""
    if innings is None or isinstance(innings, bool):
        return None
    text = str(innings).strip()
    whole, _, frac = text.partition(".")
    if not whole.isdigit() or (frac and frac not in {"0", "1", "2"}):
        return None
    return int(whole) * 3 + (int(frac) if frac else 0)


def _date(value: Any) -> Date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


def _level(split: Mapping[str, Any]) -> str | None:
    sport = split.get("sport") or {}
    sport_id = sport.get("id")
    level = SPORT_LEVELS.get(sport_id) if isinstance(sport_id, int) else None
    if level is None:
        level = _SPORT_ABBREVIATIONS.get(str(sport.get("abbreviation", "")).upper())
    if level == "RK":
        league = str((split.get("league") or {}).get("name", ""))
        if "dominican summer" in league.lower():
            return "DSL"
        if "complex" in league.lower():
            return "CPX"
    return level


def _league(split: Mapping[str, Any]) -> str | None:
    league = split.get("league") or {}
    if league.get("id") in _MLB_LEAGUES:
        return _MLB_LEAGUES[league["id"]]
    return league.get("abbreviation") or league.get("name")


def parse_person_stats(
    payload: Mapping[str, Any], mlbam: int, group: Group
) -> list[dict[str, Any]]:
    """Rows (``batting`` or ``pitching`` shape) from one ``/people/{id}/stats`` answer.

    One row per season, level and club; a traded season's total line (no ``team``) is skipped,
    and so are levels outside organised baseball (winter leagues and the like). ``stint``
    numbers a player's clubs within one season and level, in the API's order.
    """
    fields = _BATTING_FIELDS if group == "hitting" else _PITCHING_FIELDS
    rows: list[dict[str, Any]] = []
    for block in payload.get("stats") or []:
        if (block.get("group") or {}).get("displayName", group) != group:
            continue
        for split in block.get("splits") or []:
            team = split.get("team")
            season = _int(split.get("season"))
            level = _level(split)
            if not team or season is None or level is None:
                continue
            stat = split.get("stat") or {}
            team_id = team.get("id")
            abbr = team.get("abbreviation")
            if level == "MLB":
                abbr = abbr or MLB_CLUBS.get(team_id)
                org = MLB_CLUBS.get(team_id, abbr)
            else:
                parent = team.get("parentOrgId")
                org = MLB_CLUBS.get(parent) if isinstance(parent, int) else None
            row: dict[str, Any] = {
                "person_id": str(mlbam),
                "mlbam": mlbam,
                "bbref": None,
                "season": season,
                "level": level,
                "team": abbr,
                "team_name": team.get("name"),
                "org": org,
                "league": _league(split),
                "stint": None,  # numbered below
            }
            for column, names in fields.items():
                row[column] = next((_int(stat[n]) for n in names if n in stat), None)
            if group == "pitching":
                outs = _int(stat.get("outs"))
                row["IPouts"] = (
                    outs if outs is not None else innings_to_outs(stat.get("inningsPitched"))
                )
            row["source"] = SOURCE
            rows.append(row)
    counters: dict[tuple[int, str], int] = {}
    for row in rows:
        key = (row["season"], row["level"])
        counters[key] = counters.get(key, 0) + 1
        row["stint"] = counters[key]
    columns = BATTING_COLUMNS if group == "hitting" else PITCHING_COLUMNS
    return [{c: row.get(c) for c in columns} for row in rows]


def person_stats(
    mlbam: int,
    group: Group,
    *,
    client: httpx.Client | None = None,
    base_url: str | None = None,
) -> list[dict[str, Any]]:
    """A player's season lines at every level, in the KB ``batting``/``pitching`` row shape.

    Two requests: ``/people/{id}/stats?stats=yearByYear&group=...&leagueListId=milb_all`` (the
    minor leagues) and the same with ``sportId=1`` (the majors). Rows are sorted by season; within
    a season the minor-league lines come first, in the API's order, then the MLB lines.
    """
    if group not in ("hitting", "pitching"):
        raise BadInput(f"group must be 'hitting' or 'pitching', not {group!r}.")
    what = f"MLB Stats API {group} lines for player {mlbam}"
    # hydrate=team asks for each club's abbreviation and parentOrgId; without them a split's
    # team has only id and name, and the rows get team/org only for MLB clubs.
    common: dict[str, str | int] = {"stats": "yearByYear", "group": group, "gameType": "R",
                                    "hydrate": "team"}  # fmt: skip
    with client_scope(client) as c:
        milb = _get_json(f"/people/{int(mlbam)}/stats", {**common, "leagueListId": "milb_all"},
                         client=c, base=base_url, what=what)  # fmt: skip
        mlb = _get_json(f"/people/{int(mlbam)}/stats", {**common, "sportId": 1},
                        client=c, base=base_url, what=what)  # fmt: skip
    minors = [r for r in parse_person_stats(milb, mlbam, group) if r["level"] != "MLB"]
    majors = [r for r in parse_person_stats(mlb, mlbam, group) if r["level"] == "MLB"]
    rows = minors + majors
    rows.sort(key=lambda r: r["season"])  # stable: the API's order within a season
    return rows


# --------------------------------------------------------------------------------------------
# rosters


def _roster_status(status: Mapping[str, Any]) -> str | None:
    """The API's status as a short label: ``A`` -> ACTIVE, ``D10`` -> IL-10, ``RM`` -> MINORS;
    anything else keeps the API's description, upper-cased."""
    code = str(status.get("code") or "")
    if code == "A":
        return "ACTIVE"
    if code.startswith("D") and code[1:].isdigit():
        return f"IL-{code[1:]}"
    if code in {"RM", "MIN"}:
        return "MINORS"
    desc = status.get("description")
    return str(desc).upper() if desc else (code or None)


def parse_roster(
    payload: Mapping[str, Any], team_id: int, day: Date, roster_type: str = "40Man"
) -> list[dict[str, Any]]:
    """Rows in the KB ``rosters`` shape from one ``/teams/{id}/roster`` answer."""
    rows: list[dict[str, Any]] = []
    for entry in payload.get("roster") or []:
        person = entry.get("person") or {}
        mlbam = _int(person.get("id"))
        if mlbam is None:
            continue
        status = entry.get("status") or {}
        rows.append(
            {
                "club": MLB_CLUBS.get(team_id),
                "team_id": team_id,
                "date": day,
                "mlbam": mlbam,
                "name": person.get("fullName"),
                "jersey": entry.get("jerseyNumber") or None,
                "position": (entry.get("position") or {}).get("abbreviation"),
                "status": _roster_status(status),
                "is_40_man": True if roster_type == "40Man" else None,
                "is_active": (status.get("code") == "A") if status.get("code") else None,
                "source": SOURCE,
            }
        )
    return rows


def _as_date(value: str | Date | None, what: str) -> Date | None:
    if value is None or isinstance(value, Date):
        return value
    try:
        return Date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{what} must be a date like 2025-09-28, not {value!r}.") from None


def roster(
    team_id: int,
    *,
    date: str | Date | None = None,
    roster_type: str = "40Man",
    client: httpx.Client | None = None,
    base_url: str | None = None,
) -> list[dict[str, Any]]:
    """A club's roster on ``date`` (default: today, UTC) in the KB ``rosters`` row shape.

    ``/teams/{id}/roster?rosterType=40Man&date=YYYY-MM-DD``. ``is_40_man`` is True for the
    40-man roster type and unknown (NULL) for other types.
    """
    day = _as_date(date, "date") or datetime.now(UTC).date()
    params: dict[str, str | int] = {"rosterType": roster_type, "date": day.isoformat()}
    with client_scope(client) as c:
        what = f"MLB Stats API {roster_type} roster of team {team_id}"
        payload = _get_json(
            f"/teams/{int(team_id)}/roster", params, client=c, base=base_url, what=what
        )
    return parse_roster(payload, int(team_id), day, roster_type)


# --------------------------------------------------------------------------------------------
# transactions


def parse_transactions(payload: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Rows in the KB ``transactions`` shape from one ``/transactions`` answer."""
    rows: list[dict[str, Any]] = []
    for move in payload.get("transactions") or []:
        person = move.get("person") or {}
        from_team = move.get("fromTeam") or {}
        to_team = move.get("toTeam") or {}
        rows.append(
            {
                "date": _date(move.get("date")),
                "effective_date": _date(move.get("effectiveDate")),
                "mlbam": _int(person.get("id")),
                "name": person.get("fullName"),
                "type_code": move.get("typeCode"),
                "type_desc": move.get("typeDesc"),
                "from_team_id": _int(from_team.get("id")),
                "from_team": from_team.get("name"),
                "to_team_id": _int(to_team.get("id")),
                "to_team": to_team.get("name"),
                "description": move.get("description"),
                "source": SOURCE,
            }
        )
    return rows


def transactions(
    start: Date,
    end: Date,
    *,
    team_id: int | None = None,
    player_id: int | None = None,
    client: httpx.Client | None = None,
    base_url: str | None = None,
) -> list[dict[str, Any]]:
    """Transactions dated ``start``..``end`` (inclusive), in the KB ``transactions`` row shape.

    ``/transactions?startDate=MM/DD/YYYY&endDate=MM/DD/YYYY`` (plus ``teamId`` / ``playerId``).
    Ranges longer than a year are asked for one year at a time.
    """
    if end < start:
        raise BadInput(f"end ({end}) is before start ({start}).")
    rows: list[dict[str, Any]] = []
    with client_scope(client) as c:
        lo = start
        while lo <= end:
            hi = min(end, lo + timedelta(days=365))
            params: dict[str, str | int] = {
                "startDate": lo.strftime("%m/%d/%Y"),
                "endDate": hi.strftime("%m/%d/%Y"),
            }
            if team_id is not None:
                params["teamId"] = int(team_id)
            if player_id is not None:
                params["playerId"] = int(player_id)
            payload = _get_json("/transactions", params, client=c, base=base_url,
                                what=f"MLB Stats API transactions {lo} to {hi}")  # fmt: skip
            rows.extend(parse_transactions(payload))
            lo = hi + timedelta(days=1)
    return rows


# --------------------------------------------------------------------------------------------
# storage


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _in_transaction(con: Duck) -> bool:
    """True inside an explicit transaction: there two statements share one transaction id,
    while in auto-commit mode each statement gets a new one."""
    first = con.execute("SELECT txid_current()").fetchone()
    second = con.execute("SELECT txid_current()").fetchone()
    return first == second


def write_rows(con: Duck, table: str, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert rows into an existing KB table, replacing rows with the same natural key.

    Running it twice with the same rows leaves the same table. Within ``rows`` the last row with
    a given key wins. Values are always bound parameters. Returns the number of rows written.
    """
    keys = NATURAL_KEYS.get(table)
    if keys is None:
        raise BadInput(f"write_rows knows tables {sorted(NATURAL_KEYS)}, not {table!r}.")
    columns = [r[0] for r in con.execute(f"DESCRIBE {_quote(table)}").fetchall()]
    unknown = {k for row in rows for k in row} - set(columns)
    if unknown:
        raise BadInput(f"rows for {table} have columns it lacks: {sorted(unknown)}.")
    unique: dict[tuple[Any, ...], Mapping[str, Any]] = {}
    for row in rows:
        unique[tuple(row.get(k) for k in keys)] = row
    if not unique:
        return 0
    cols = ", ".join(_quote(c) for c in columns)
    marks = ", ".join("?" for _ in columns)
    match = " AND ".join(f"t.{_quote(k)} IS NOT DISTINCT FROM n.{_quote(k)}" for k in keys)
    tmp = _quote(f"_hotstove_new_{table}")
    own = not _in_transaction(con)  # inside the caller's transaction, the caller commits
    if own:
        con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {tmp} AS SELECT * FROM {_quote(table)} LIMIT 0")
        con.executemany(
            f"INSERT INTO {tmp} ({cols}) VALUES ({marks})",
            [[row.get(c) for c in columns] for row in unique.values()],
        )
        con.execute(
            f"DELETE FROM {_quote(table)} t WHERE EXISTS (SELECT 1 FROM {tmp} n WHERE {match})"
        )
        con.execute(f"INSERT INTO {_quote(table)} ({cols}) SELECT {cols} FROM {tmp}")
        con.execute(f"DROP TABLE {tmp}")
        if own:
            con.execute("COMMIT")
    except BaseException:
        if own:
            con.execute("ROLLBACK")
        raise
    return len(unique)
