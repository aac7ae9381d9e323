"""Past moves between two clubs: trades read from the transaction wire, movements from stints.

``club_history(kb, "LAD", "BOS")`` answers "what have these clubs done with each other before?"

* **Trades from the wire.** Lines of ``transaction_lines`` that name both clubs and a trade are
  pre-filtered in SQL (every name form either club was known by since the wire begins, from the
  club name table, and the word "traded"), then read by the one wire-line reader,
  ``rumors.moves.parse_wire_line``, with names linked through the one name model
  (``kb.card.resolve``; namesakes decided by the club the line places them with). Only the
  players moving between the two clubs count. The wire often lists one trade twice in slightly
  different words (a position word missing, another day's copy): lines within two days whose
  players are the same, or one set inside the other, are one trade, told by its fullest line.
* **Movements from season stints.** Where the wire does not reach (before it starts; after the
  league-wide feed stops; after the club feed stops), a player whose MLB rows go from one club to
  the other directly (stint ``k`` to ``k + 1`` in one season, or his last club of a season to his
  first of the next) moved between them: by trade, waivers or signing, the data does not say. These
  are ``inferred`` with kind ``"moved"``, one per player (Lahman has no dates, so which movements
  of a season happened together cannot be told apart). Movements a parsed trade explains are
  dropped. Coverage is measured from the wire table itself (first and last date per feed).
* **Value afterwards.** For each player received, the caller's ``value_of(person_id, club,
  first_season, last_season)`` (``last_season`` None while he is still with the club) and the
  seasons he spent with the receiving club after the move; each side sums its players.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from hotstove.errors import AmbiguousName, BadInput, NotFound
from hotstove.kb import card, names
from hotstove.kb import clubs as clubs_mod
from hotstove.kb.sources.transactions import CREDIT as WIRE_CREDIT
from hotstove.rumors.moves import WIRE_PLAYER, Resolver, parse_wire_line

if TYPE_CHECKING:
    from hotstove.kb.store import KB

__all__ = ["SOURCE", "MovedPlayer", "PastMove", "Side", "ValueOf", "club_history", "wire_resolver"]

ValueOf = Callable[[str, str, int, "int | None"], "float | None"]
"""``value_of(person_id, club_code, first_season, last_season_or_None)`` -> value or None."""

STINTS_SOURCE = "season stints (Lahman)"
WIRE_SOURCE = "transactions"
SOURCE = f"trades: {WIRE_CREDIT}; movements between clubs: Lahman Baseball Database season stints"

# One trade told twice on the wire: copies seen up to this many days apart.
DUP_DAYS = 2
# Name-form kinds of club_aliases.csv that the wire writes (full names, nicknames, former names);
# forms that need context ("Sox", "L.A.") are left to the reader.
_WIRE_FORM_KINDS = ("full", "nickname", "former", "short")
_MIN_FORM = 4  # shorter forms ("LA") match too much text to pre-filter on
# What a side gets besides players, as the wire writes it.
_CONSIDERATIONS = (
    ("cash", re.compile(r"\bcash\b", re.I)),
    ("player to be named later", re.compile(r"\bplayers? to be named\b|\bPTBNL\b", re.I)),
    ("future considerations", re.compile(r"\bfuture considerations\b", re.I)),
    ("international bonus pool money", re.compile(r"\binternational\b[^.;]{0,40}?\bmoney", re.I)),
)
_FOR = re.compile(r"\bfor\b")


@dataclass(slots=True)
class MovedPlayer:
    name: str
    person_id: str | None  # canonical key; None when the name could not be linked
    position: str | None  # the position word the wire gives ("RHP", "CF"), if any
    from_club: str
    to_club: str
    seasons: list[int] = field(default_factory=list)  # MLB seasons with to_club after the move
    last_season: int | None = None  # his last with to_club; None while still there (or never)
    first_season: int | None = None  # valued from: his first with to_club, else the move's
    value: float | None = None  # value_of for those seasons; None when unknown


@dataclass(slots=True)
class Side:
    club: str  # the club receiving
    players: list[MovedPlayer] = field(default_factory=list)
    considerations: list[str] = field(default_factory=list)  # "cash", "player to be named later"
    value: float | None = None  # sum of the players' known values; None when none is known
    value_complete: bool = False  # every player received has a known value


@dataclass(slots=True)
class PastMove:
    date: str | None  # ISO date of the wire line; None for an inferred movement
    season: int  # the season of the trade, or the first season with the new club
    kind: Literal["trade", "moved"]
    source: str  # "transactions" or "season stints (Lahman)"
    inferred: bool
    sides: list[Side]  # [club_a's side, club_b's side]
    text: str | None = None  # the wire line, or a sentence stating the stints
    period: str | None = None  # when an inferred movement happened: "during 1997", "1997-98"
    also: list[str] = field(default_factory=list)  # other wire copies of the same trade

    def side(self, club: str) -> Side:
        return next(s for s in self.sides if s.club == club)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- clubs -------------------------------------------------------------------------------------


def _club_code(kb: KB, text: str) -> str:
    """A club code: one team_seasons knows (current or historical), else any form clubs knows."""
    if not text or not text.strip():
        raise BadInput("A club code is needed, got an empty string.")
    code = text.strip().upper()
    if kb.one("SELECT 1 AS x FROM team_seasons WHERE code = ? LIMIT 1", [code]):
        return code
    return clubs_mod.club(text).code  # NotFound / AmbiguousName with suggestions


def _wire_forms(kb: KB, code: str, since: int) -> list[str]:
    kinds = ", ".join(f"'{k}'" for k in _WIRE_FORM_KINDS)
    rows = kb.rows(
        f"""SELECT DISTINCT alias FROM club_aliases
            WHERE code = ? AND kind IN ({kinds}) AND NOT needs_context
              AND (valid_to IS NULL OR valid_to >= ?)""",
        [code, since],
    )
    forms = {r["alias"] for r in rows if len(r["alias"]) >= _MIN_FORM}
    # a form containing another adds nothing to an ILIKE filter
    return sorted(f for f in forms if not any(o != f and o.lower() in f.lower() for o in forms))


# --- the resolver ------------------------------------------------------------------------------


def wire_resolver(kb: KB) -> Resolver:
    """``resolve(name, club, season)`` for ``parse_wire_line``: the name model's choice, namesakes
    narrowed to those who played for ``club``; None when nobody (or several) fit."""
    memo: dict[tuple[str, str | None, int | None], Any] = {}

    def resolve(name: str, club: str | None, season: int | None) -> Any:
        key = (name, club, season)
        if key not in memo:
            try:
                memo[key] = card.resolve_at_club(kb, name, club, season=season)
            except (AmbiguousName, NotFound):
                memo[key] = None
        return memo[key]

    return resolve


# --- trades from the wire ----------------------------------------------------------------------


@dataclass(slots=True)
class _Trade:
    date: dt.date
    text: str
    got: dict[str, list[MovedPlayer]]  # club -> players it received
    considerations: dict[str, list[str]]
    also: list[str] = field(default_factory=list)

    def keys(self) -> frozenset[str]:
        return frozenset(p.person_id or p.name for ps in self.got.values() for p in ps)


def _positions(text: str) -> dict[str, str]:
    """Name as written -> the position word before it ("RHP Jane Doe")."""
    out: dict[str, str] = {}
    for m in WIRE_PLAYER.finditer(text):
        out.setdefault(
            m.group("name").rstrip("."), m.group(0)[: m.start("name") - m.start()].strip()
        )
    return out


def _considerations(text: str, first_receiver: str | None, a: str, b: str) -> dict[str, list[str]]:
    """Cash, players to be named: after "for" they go to the club that gave the first players up,
    before it to the club that received them."""
    out: dict[str, list[str]] = {a: [], b: []}
    if first_receiver is None:
        return out
    other = b if first_receiver == a else a
    fors = [m.start() for m in _FOR.finditer(text)]
    for label, pattern in _CONSIDERATIONS:
        for m in pattern.finditer(text):
            after_for = any(f < m.start() for f in fors)
            club = other if after_for else first_receiver
            if label not in out[club]:
                out[club].append(label)
    return out


def _wire_trades(kb: KB, a: str, b: str, resolve: Resolver) -> list[_Trade]:
    first = kb.one("SELECT min(date) AS d FROM transaction_lines")
    if not first or first["d"] is None:
        return []
    since = int(str(first["d"])[:4])
    forms_a, forms_b = _wire_forms(kb, a, since), _wire_forms(kb, b, since)
    if not forms_a or not forms_b:
        return []

    def any_of(forms: list[str]) -> str:
        return "(" + " OR ".join("text ILIKE ?" for _ in forms) + ")"

    rows = kb.rows(
        f"""SELECT date, text FROM transaction_lines
            WHERE text ILIKE '%traded%' AND {any_of(forms_a)} AND {any_of(forms_b)}
            ORDER BY date, text""",
        [f"%{f}%" for f in forms_a] + [f"%{f}%" for f in forms_b],
    )
    pair = {a, b}
    trades: list[_Trade] = []
    for r in rows:
        text, day = str(r["text"]), _as_date(r["date"])
        moves = [
            m
            for m in parse_wire_line(text, day, resolve)
            if m.kind == "trade" and {m.from_club, m.to_club} == pair
        ]
        if not moves:
            continue
        pos = _positions(text)
        got: dict[str, list[MovedPlayer]] = {a: [], b: []}
        seen: set[str] = set()
        for m in moves:
            assert m.from_club is not None and m.to_club is not None
            key = m.person_id or m.name
            if key in seen:
                continue
            seen.add(key)
            position = _position_of(pos, m.name)
            got[m.to_club].append(
                MovedPlayer(m.name, m.person_id, position, m.from_club, m.to_club)
            )
        first_receiver = moves[0].to_club
        trades.append(_Trade(day, text, got, _considerations(text, first_receiver, a, b)))
    return _dedupe(trades)


def _position_of(pos: dict[str, str], name: str) -> str | None:
    """The position word written before a player, found by his name as written or, when the
    name model's display name differs ("José Cruz" for "Jose Cruz Jr."), by his surname."""
    key = names.name_key(name)
    by_key = {names.name_key(w): word for w, word in pos.items()}
    if key in by_key:
        return by_key[key]
    last = key.split()[-1] if key.split() else ""
    hits = [word for k, word in by_key.items() if last and last in k.split()]
    return hits[0] if len(hits) == 1 else None


def _dedupe(trades: list[_Trade]) -> list[_Trade]:
    kept: list[_Trade] = []
    for t in trades:
        twin = next(
            (
                k
                for k in kept
                if abs((k.date - t.date).days) <= DUP_DAYS
                and (k.keys() <= t.keys() or t.keys() <= k.keys())
            ),
            None,
        )
        if twin is None:
            kept.append(t)
            continue
        fuller, other = (t, twin) if len(t.keys()) > len(twin.keys()) else (twin, t)
        fuller.also = [*twin.also, *t.also, other.text]
        for club, items in other.considerations.items():
            for c in items:
                if c not in fuller.considerations[club]:
                    fuller.considerations[club].append(c)
        if fuller is t:
            kept[kept.index(twin)] = t
    return kept


# --- season stints -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Stint:
    season: int
    stint: int
    club: str


def _stints(kb: KB, a: str, b: str) -> tuple[dict[str, list[_Stint]], dict[str, str]]:
    """MLB stints (club codes, in order) of everyone who played for either club, and names."""
    rows = kb.con.execute(
        """
        WITH st AS (
            SELECT DISTINCT s.person_id, s.season, s.stint, coalesce(c.club, l.club) AS code
            FROM (SELECT person_id, season, stint, team, league FROM batting_best
                  WHERE level = 'MLB'
                  UNION
                  SELECT person_id, season, stint, team, league FROM pitching_best
                  WHERE level = 'MLB') s
            -- the built tables write the club code in team; a Lahman teamID maps the same way.
            -- Only team-seasons of a franchise that is one of today's clubs (club is set) count:
            -- a defunct club can carry the same code (the 1884 Boston Reds are not the Red Sox).
            LEFT JOIN team_seasons c
              ON c.season = s.season AND c.code = s.team AND c.league = s.league
            LEFT JOIN team_seasons l ON l.season = s.season AND l.lahman = s.team
            WHERE coalesce(c.club, l.club) IS NOT NULL
        ),
        who AS (SELECT DISTINCT person_id FROM st WHERE code IN ($a, $b))
        SELECT st.person_id, st.season, st.stint, st.code,
               concat_ws(' ', p.name_first, p.name_last, p.name_suffix) AS name
        FROM st JOIN who USING (person_id) LEFT JOIN people p USING (person_id)
        ORDER BY st.person_id, st.season, st.stint
        """,
        {"a": a, "b": b},
    ).fetchall()
    seqs: dict[str, list[_Stint]] = {}
    names: dict[str, str] = {}
    for pid, season, stint, code, name in rows:
        seqs.setdefault(str(pid), []).append(_Stint(int(season), int(stint or 1), str(code)))
        names[str(pid)] = name or str(pid)
    return seqs, names


def _coverage(kb: KB, a: str, b: str) -> list[tuple[dt.date, dt.date]]:
    """Date spans the wire covers for this pair: league-wide feeds, and feeds of either club."""
    rows = kb.rows(
        """SELECT min(date) AS lo, max(date) AS hi FROM transaction_lines
           WHERE club IS NULL OR club IN (?, ?) GROUP BY club, source""",
        [a, b],
    )
    return [(_as_date(r["lo"]), _as_date(r["hi"])) for r in rows if r["lo"] is not None]


def _as_date(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])


def _window(prev: _Stint, cur: _Stint) -> tuple[dt.date, dt.date]:
    """When a movement seen in the stints can have happened (a season, or the winter between)."""
    if cur.season == prev.season:
        return dt.date(cur.season, 1, 1), dt.date(cur.season, 12, 31)
    return dt.date(prev.season, 8, 1), dt.date(cur.season, 6, 30)


def _covered(window: tuple[dt.date, dt.date], spans: list[tuple[dt.date, dt.date]]) -> bool:
    return any(lo <= window[0] and window[1] <= hi for lo, hi in spans)


def _after(seq: list[_Stint], start: int, club: str, latest: int) -> tuple[list[int], int | None]:
    """Seasons with ``club`` from ``seq[start]`` until he next plays elsewhere; the last season,
    or None when he is with the club in the latest season of the data."""
    seasons: list[int] = []
    i = start
    while i < len(seq) and seq[i].club == club:
        if seq[i].season not in seasons:
            seasons.append(seq[i].season)
        i += 1
    if not seasons:
        return [], None
    still = i == len(seq) and seasons[-1] >= latest
    return seasons, None if still else seasons[-1]


def _first_with(seq: list[_Stint], club: str, giver: str, season: int) -> int | None:
    """Index of the first stint with ``club`` after a move that takes effect in ``season`` from
    ``giver``: that season's stints up to his last one with ``giver`` came before the move; any
    other club first means he never played for ``club`` after it."""
    start = next((i for i, s in enumerate(seq) if s.season >= season), len(seq))
    for i in range(start, len(seq)):
        if seq[i].season == season and seq[i].club == giver:
            start = i + 1
    if start < len(seq) and seq[start].club == club:
        return start
    return None


# --- the history -------------------------------------------------------------------------------


def club_history(
    kb: KB,
    club_a: str,
    club_b: str,
    *,
    value_of: ValueOf | None = None,
    limit: int | None = None,
) -> list[PastMove]:
    """Trades (from the wire) and inferred movements (from stints) between two clubs, newest
    first, each side with the players it received and their value with it afterwards."""
    a, b = _club_code(kb, club_a), _club_code(kb, club_b)
    if a == b:
        raise BadInput(f"A history needs two different clubs, got {a} twice.")
    if limit is not None and limit < 0:
        raise BadInput(f"limit must be 0 or more, got {limit}.")
    resolve = wire_resolver(kb)
    trades = _wire_trades(kb, a, b, resolve)
    seqs, names = _stints(kb, a, b)
    latest_row = kb.one("SELECT max(season) AS s FROM batting_best WHERE level = 'MLB'")
    latest = int(latest_row["s"]) if latest_row and latest_row["s"] is not None else 0
    spans = _coverage(kb, a, b)

    moves: list[tuple[dt.date, PastMove]] = []
    explained: list[tuple[str, str, int]] = []  # (person, receiving club, season) of trades
    for t in trades:
        season = t.date.year if t.date.month < 10 else t.date.year + 1  # winter deals: next year
        sides = []
        for club in (a, b):
            players = t.got[club]
            for p in players:
                if p.person_id is None:
                    continue
                explained.append((p.person_id, club, season))
                seq = seqs.get(p.person_id, [])
                i = _first_with(seq, club, p.from_club, season)
                seasons, last = _after(seq, i, club, latest) if i is not None else ([], None)
                p.seasons, p.last_season = seasons, last
                p.first_season = seasons[0] if seasons else season
            sides.append(_side(club, players, t.considerations[club]))
        move = PastMove(
            date=t.date.isoformat(),
            season=t.date.year,
            kind="trade",
            source=WIRE_SOURCE,
            inferred=False,
            sides=sides,
            text=t.text,
            also=t.also,
        )
        moves.append((t.date, move))

    for pid, seq in seqs.items():
        for k in range(1, len(seq)):
            prev, cur = seq[k - 1], seq[k]
            if {prev.club, cur.club} != {a, b}:
                continue
            if cur.season - prev.season > 1:
                continue  # a season or more away from MLB: not a direct move
            if _covered(_window(prev, cur), spans):
                continue
            if any(
                p == pid and club == cur.club and abs(s - cur.season) <= 1
                for p, club, s in explained
            ):
                continue
            seasons, last = _after(seq, k, cur.club, latest)
            player = MovedPlayer(
                names[pid], pid, None, prev.club, cur.club, seasons, last, seasons[0]
            )
            same = cur.season == prev.season
            period = f"during {cur.season}" if same else f"{prev.season}-{str(cur.season)[2:]}"
            said = (
                f"{names[pid]}: {prev.club} (stint {prev.stint}) then {cur.club} (stint "
                f"{cur.stint}) in {cur.season}"
                if same
                else f"{names[pid]}: {prev.club} in {prev.season}, {cur.club} in {cur.season}"
            )
            sides = [_side(c, [player] if c == cur.club else [], []) for c in (a, b)]
            move = PastMove(
                date=None,
                season=cur.season,
                kind="moved",
                source=STINTS_SOURCE,
                inferred=True,
                sides=sides,
                text=said,
                period=period,
            )
            # sorts in the middle of its season, or at new year for a winter move
            moves.append((dt.date(cur.season, 7, 1) if same else dt.date(cur.season, 1, 1), move))

    moves.sort(key=lambda dm: (dm[0], dm[1].text or ""), reverse=True)
    out = [m for _, m in moves]
    out = out if limit is None else out[:limit]
    if value_of is not None:  # only the moves returned: a caller's value can be costly
        for m in out:
            m.sides = [_valued(s, value_of) for s in m.sides]
    return out


def _valued(side: Side, value_of: ValueOf) -> Side:
    for p in side.players:
        if p.person_id is not None and p.first_season is not None:
            v = value_of(p.person_id, p.to_club, p.first_season, p.last_season)
            p.value = None if v is None else float(v)
    return _side(side.club, side.players, side.considerations)


def _side(club: str, players: Iterable[MovedPlayer], considerations: list[str]) -> Side:
    got = list(players)
    known = [p.value for p in got if p.value is not None]
    return Side(
        club=club,
        players=got,
        considerations=list(considerations),
        value=round(sum(known), 3) if known else None,
        value_complete=bool(got) and len(known) == len(got),
    )
