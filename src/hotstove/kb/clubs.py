"""The 30 MLB clubs, every name news uses for them, and their minor-league affiliates.

Three package CSVs under ``kb/data/`` are the store (``clubs.csv``, ``club_aliases.csv``,
``affiliates.csv``); each row names its source. This module reads them on first use, answers
name lookups, and copies them into DuckDB for the knowledge-base build (``load_tables``).

Lookups go through one normal form, ``club_key()``: accents folded, case and punctuation
dropped, a leading "the" ignored, so "L.A." == "LA", "D-backs" == "Dbacks", "the Sox" == "Sox".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from anyascii import anyascii
from rapidfuzz import fuzz, process

from hotstove.errors import AmbiguousName, BadInput, NotFound
from hotstove.kb.datafiles import csv_rows, load_csv_tables, to_int

if TYPE_CHECKING:
    from hotstove.storage.duck import Duck

__all__ = [
    "Affiliate",
    "AliasKind",
    "Club",
    "ClubMatch",
    "Level",
    "affiliate",
    "club",
    "club_candidates",
    "club_from_lahman",
    "club_key",
    "clubs",
    "lahman_team_ids",
    "load_tables",
]

AliasKind = Literal[
    "abbreviation",
    "full",
    "city",
    "nickname",
    "short",
    "slang",
    "former",
    "lahman",
    "bbref",
    "retro",
]
Level = Literal["AAA", "AA", "A+", "A", "A-"]

# Scores of club_candidates: an exact form in use (or valid in the season asked about), an exact
# form only used in the past, and fuzzy matches (scaled below both).
EXACT = 100.0
EXACT_PAST = 90.0
_FUZZY_SCALE = 0.8
_FUZZY_CUTOFF = 85.0
_FUZZY_MIN_KEY = 4

# When one club matches through several rows, prefer the row of the most telling kind.
_KIND_RANK: dict[str, int] = {
    k: i
    for i, k in enumerate(
        [
            "abbreviation",
            "full",
            "nickname",
            "city",
            "short",
            "slang",
            "former",
            "lahman",
            "bbref",
            "retro",
        ]
    )
}


@dataclass(frozen=True, slots=True)
class Club:
    code: str  # MLB.com / Stats API abbreviation: "LAD", "CWS", "ATH"
    mlbam_team_id: int  # MLB Stats API team id: 119 for the Dodgers
    name: str  # "Los Angeles Dodgers"
    city: str  # "Los Angeles"
    nickname: str  # "Dodgers"
    league: Literal["AL", "NL"]
    division: Literal["East", "Central", "West"]
    franch_id: str  # Lahman franchID: "LAD", "OAK" for the Athletics
    lahman: str  # Lahman teamID in 2025: "LAN"
    bbref: str  # Baseball-Reference code: "LAD", "KCR", "ATH"
    retro: str  # Retrosheet code: "LAN", "ANA"


@dataclass(frozen=True, slots=True)
class ClubMatch:
    code: str  # the club this form names
    alias: str  # the alias row that matched, as written in club_aliases.csv
    kind: AliasKind
    needs_context: bool  # the form also names another club (in the season asked about)
    score: float  # 100 exact and current, 90 exact but only in the past, < 90 fuzzy


@dataclass(frozen=True, slots=True)
class Affiliate:
    parent: str  # club code
    level: Level
    name: str  # "Oklahoma City Comets"
    city: str
    nickname: str
    former_names: tuple[str, ...]
    aliases: tuple[str, ...]  # other forms news uses: "WooSox", "OKC"
    mlbam_team_id: int | None
    valid_from: int | None
    valid_to: int | None  # None: still the affiliate
    source: str


@dataclass(frozen=True, slots=True)
class _Alias:
    alias: str
    key: str
    code: str
    kind: AliasKind
    needs_context: bool
    valid_from: int | None
    valid_to: int | None
    source: str

    def valid_in(self, season: int) -> bool:
        return (self.valid_from is None or self.valid_from <= season) and (
            self.valid_to is None or season <= self.valid_to
        )


# --- normal form -------------------------------------------------------------------------------

_THE = re.compile(r"^the\s+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"['\u2019]s?\s*$")


def club_key(text: str) -> str:
    """The form names are compared in: ASCII, lower case, no punctuation or spaces, no "the".

    >>> club_key("The L.A. Dodgers"), club_key("D-backs"), club_key("Montréal")
    ('ladodgers', 'dbacks', 'montreal')
    """
    folded = anyascii(text).lower().strip()
    folded = _THE.sub("", folded)
    return _NOT_ALNUM.sub("", folded)


# --- the store ---------------------------------------------------------------------------------


@cache
def _clubs() -> tuple[Club, ...]:
    return tuple(
        Club(
            code=r["code"],
            mlbam_team_id=int(r["mlbam_team_id"]),
            name=r["name"],
            city=r["city"],
            nickname=r["nickname"],
            league=r["league"],  # type: ignore[arg-type]
            division=r["division"],  # type: ignore[arg-type]
            franch_id=r["franch_id"],
            lahman=r["lahman_2025"],
            bbref=r["bbref"],
            retro=r["retro"],
        )
        for r in csv_rows("clubs.csv")
    )


@cache
def _by_code() -> dict[str, Club]:
    return {c.code: c for c in _clubs()}


@cache
def _aliases() -> tuple[_Alias, ...]:
    return tuple(
        _Alias(
            alias=r["alias"],
            key=club_key(r["alias"]),
            code=r["code"],
            kind=r["kind"],  # type: ignore[arg-type]
            needs_context=r["needs_context"] == "true",
            valid_from=to_int(r["valid_from"]),
            valid_to=to_int(r["valid_to"]),
            source=r["source"],
        )
        for r in csv_rows("club_aliases.csv")
    )


@cache
def _alias_index() -> dict[str, tuple[_Alias, ...]]:
    index: dict[str, list[_Alias]] = defaultdict(list)
    for a in _aliases():
        index[a.key].append(a)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _lahman_index() -> dict[str, tuple[_Alias, ...]]:
    index: dict[str, list[_Alias]] = defaultdict(list)
    for a in _aliases():
        if a.kind == "lahman":
            index[a.alias.upper()].append(a)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _affiliates() -> tuple[Affiliate, ...]:
    def split(value: str) -> tuple[str, ...]:
        return tuple(p for p in (s.strip() for s in value.split(";")) if p)

    return tuple(
        Affiliate(
            parent=r["parent"],
            level=r["level"],  # type: ignore[arg-type]
            name=r["name"],
            city=r["city"],
            nickname=r["nickname"],
            former_names=split(r["former_names"]),
            aliases=split(r["aliases"]),
            mlbam_team_id=to_int(r["mlbam_team_id"]),
            valid_from=to_int(r["valid_from"]),
            valid_to=to_int(r["valid_to"]),
            source=r["source"],
        )
        for r in csv_rows("affiliates.csv")
    )


@cache
def _affiliate_index() -> dict[str, tuple[int, ...]]:
    index: dict[str, set[int]] = defaultdict(set)
    for i, a in enumerate(_affiliates()):
        for form in (a.name, a.city, a.nickname, *a.former_names, *a.aliases):
            key = club_key(form)
            if key:
                index[key].add(i)
    return {k: tuple(sorted(v)) for k, v in index.items()}


# --- clubs -------------------------------------------------------------------------------------


def clubs() -> list[Club]:
    """The 30 current clubs, ordered by code."""
    return list(_clubs())


def club_candidates(text: str, *, season: int | None = None, fuzzy: bool = True) -> list[ClubMatch]:
    """Every club a surface form can name, best first (one match per club).

    With ``season`` only forms in use that season count. Without it, forms in use today score
    100 and forms only used in the past 90. When nothing matches exactly, close spellings come
    back with scores below 90 (unless ``fuzzy`` is off). Never raises on odd text; returns []
    when nothing is close.
    """
    key = club_key(text)
    if not key:
        return []
    rows = _exact_rows(key, season)
    if not rows and _POSSESSIVE.search(text):
        rows = _exact_rows(club_key(_POSSESSIVE.sub("", text)), season)
    if rows:
        return _rank(rows, season)
    return _fuzzy(key, season) if fuzzy else []


def _exact_rows(key: str, season: int | None) -> list[_Alias]:
    rows = _alias_index().get(key, ())
    return [r for r in rows if season is None or r.valid_in(season)]


def _row_score(row: _Alias, season: int | None) -> float:
    return EXACT if season is not None or row.valid_to is None else EXACT_PAST


def _rank(rows: Iterable[_Alias], season: int | None, scale: float = 1.0) -> list[ClubMatch]:
    best: dict[str, tuple[float, _Alias]] = {}
    for row in rows:
        score = _row_score(row, season) * scale
        held = best.get(row.code)
        if held is None or (-score, _KIND_RANK[row.kind]) < (-held[0], _KIND_RANK[held[1].kind]):
            best[row.code] = (score, row)
    per_score: dict[float, int] = defaultdict(int)
    for score, _ in best.values():
        per_score[score] += 1
    matches = [
        ClubMatch(
            code=row.code,
            alias=row.alias,
            kind=row.kind,
            needs_context=row.needs_context or per_score[score] > 1,
            score=round(score, 1),
        )
        for score, row in best.values()
    ]
    return sorted(matches, key=lambda m: (-m.score, m.code))


def _fuzzy(key: str, season: int | None) -> list[ClubMatch]:
    if len(key) < _FUZZY_MIN_KEY:
        return []
    keys = [k for k in _alias_index() if len(k) > 2 and _exact_rows(k, season)]
    found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=5)
    matches: dict[str, ClubMatch] = {}
    for matched_key, ratio, _ in found:
        for m in _rank(_exact_rows(matched_key, season), season, scale=_FUZZY_SCALE * ratio / 100):
            if m.code not in matches or m.score > matches[m.code].score:
                matches[m.code] = m
    return sorted(matches.values(), key=lambda m: (-m.score, m.code))


def club(code_or_name: str, *, season: int | None = None) -> Club:
    """One club from its code, MLB team id or any name form ("Bronx Bombers", "L.A. Dodgers").

    Raises ``AmbiguousName`` when the form names several clubs ("Sox", "L.A.", or "Senators"
    without a season), ``NotFound`` with suggestions when it names none, ``BadInput`` when empty.
    """
    text = code_or_name.strip()
    if not text:
        raise BadInput("A club name or code is needed, got an empty string.")
    by_code = _by_code()
    if text.upper() in by_code:
        return by_code[text.upper()]
    if text.isascii() and text.isdigit():  # "²" is a digit to str.isdigit, not to int()
        for c in _clubs():
            if c.mlbam_team_id == int(text):
                return c
    exact = [m for m in club_candidates(text, season=season) if m.score >= EXACT_PAST]
    if exact:
        top = exact[0].score
        codes = list(dict.fromkeys(m.code for m in exact if m.score == top))
        if len(codes) == 1:
            return by_code[codes[0]]
        named = [by_code[c] for c in codes]
        meanings = {m.code: _meaning(m, season) for m in exact if m.score == top}
        when = f" in {season}" if season is not None else ""
        raise AmbiguousName(
            f'"{text}" can mean the {_join(meanings[c.code] for c in named)}{when}; '
            "give the full club name, a season or more context.",
            candidates=named,
        )
    suggestions = _suggest(text)
    hint = f" Did you mean the {_join(c.name for c in suggestions)}?" if suggestions else ""
    raise NotFound(f'No MLB club is called "{text}".{hint}', suggestions=suggestions)


def _meaning(match: ClubMatch, season: int | None) -> str:
    name = _by_code()[match.code].name
    if season is not None or match.score == EXACT:
        return name
    spans = [
        f"{a.valid_from or ''}-{a.valid_to}"
        for a in _alias_index().get(club_key(match.alias), ())
        if a.code == match.code and a.valid_to is not None
    ]
    return f"{name} ({match.alias}, {', '.join(spans)})" if spans else name


def _suggest(text: str, limit: int = 3) -> list[Club]:
    key = club_key(text)
    if not key:
        return []
    found = process.extract(
        key, list(_alias_index()), scorer=fuzz.WRatio, score_cutoff=75, limit=limit * 4
    )
    codes: list[str] = []
    for matched_key, _, _ in found:
        for row in _alias_index()[matched_key]:
            if row.code not in codes:
                codes.append(row.code)
    return [_by_code()[c] for c in codes[:limit]]


def _join(names: Iterable[str]) -> str:
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def club_from_lahman(team_id: str, year: int) -> str | None:
    """The current club code of a Lahman team-season ("BRO", 1955 -> "LAD").

    None for a defunct franchise or a teamID not used in that year.
    """
    for row in _lahman_index().get(team_id.strip().upper(), ()):
        if row.valid_in(year):
            return row.code
    return None


def lahman_team_ids(code: str) -> list[tuple[str, int, int | None]]:
    """Lahman teamIDs of a club with their first and last seasons (None: still in use)."""
    target = club(code).code
    spans = [
        (a.alias, a.valid_from or 0, a.valid_to)
        for a in _aliases()
        if a.kind == "lahman" and a.code == target
    ]
    return sorted(spans, key=lambda s: s[1])


# --- affiliates --------------------------------------------------------------------------------

_LEVEL_WORDS: Sequence[tuple[Level, re.Pattern[str]]] = [
    ("AAA", re.compile(r"\b(?:triple[\s-]?a|aaa)\b")),
    ("AA", re.compile(r"\b(?:double[\s-]?a|aa)\b")),
    ("A+", re.compile(r"\b(?:high[\s-]?a|advanced[\s-]?a|class[\s-]a[\s-]advanced)\b|\ba\+")),
    ("A-", re.compile(r"\bshort[\s-]season(?:[\s-]a\b)?")),
    ("A", re.compile(r"\b(?:low[\s-]?a|single[\s-]?a|class[\s-]a)\b")),
]


def affiliate(text: str, *, season: int | None = None) -> list[Affiliate]:
    """Minor-league clubs a phrase names, newest first.

    Understands a level in the phrase ("Triple-A Oklahoma City", "Double-A Tulsa"), city,
    full name, nickname, former names and forms like "WooSox". Returns [] when nothing matches.
    """
    folded = anyascii(text).lower()
    level: Level | None = None
    for lvl, pattern in _LEVEL_WORDS:
        if pattern.search(folded):
            level = lvl
            folded = pattern.sub(" ", folded)
            break
    key = club_key(_POSSESSIVE.sub("", folded))
    if not key:
        return []
    rows = _affiliates()
    found = [rows[i] for i in _affiliate_index().get(key, ())]
    if level is not None:
        found = [a for a in found if a.level == level]
    if season is not None:
        found = [
            a
            for a in found
            if (a.valid_from is None or a.valid_from <= season)
            and (a.valid_to is None or season <= a.valid_to)
        ]
    return sorted(found, key=lambda a: (-(a.valid_from or 0), a.parent, a.level))


# --- DuckDB ------------------------------------------------------------------------------------

_TABLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "clubs": (
        "clubs.csv",
        [
            ("code", "VARCHAR"),
            ("mlbam_team_id", "INTEGER"),
            ("name", "VARCHAR"),
            ("city", "VARCHAR"),
            ("nickname", "VARCHAR"),
            ("league", "VARCHAR"),
            ("division", "VARCHAR"),
            ("franch_id", "VARCHAR"),
            ("lahman_2025", "VARCHAR"),
            ("bbref", "VARCHAR"),
            ("retro", "VARCHAR"),
            ("source", "VARCHAR"),
        ],
    ),
    "club_aliases": (
        "club_aliases.csv",
        [
            ("alias", "VARCHAR"),
            ("code", "VARCHAR"),
            ("kind", "VARCHAR"),
            ("needs_context", "BOOLEAN"),
            ("valid_from", "INTEGER"),
            ("valid_to", "INTEGER"),
            ("source", "VARCHAR"),
        ],
    ),
    "affiliates": (
        "affiliates.csv",
        [
            ("parent", "VARCHAR"),
            ("level", "VARCHAR"),
            ("name", "VARCHAR"),
            ("city", "VARCHAR"),
            ("nickname", "VARCHAR"),
            ("former_names", "VARCHAR"),
            ("aliases", "VARCHAR"),
            ("mlbam_team_id", "INTEGER"),
            ("valid_from", "INTEGER"),
            ("valid_to", "INTEGER"),
            ("source", "VARCHAR"),
        ],
    ),
}


def load_tables(con: Duck) -> None:
    """Create (or replace) the tables clubs, club_aliases and affiliates from the package CSVs."""
    load_csv_tables(con, _TABLES)
