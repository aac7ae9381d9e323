"""The name index the linker scans articles with: one Aho-Corasick automaton over every alias.

Built once from the knowledge base (the name model's ``name_aliases``, clubs, affiliates, staff,
outlets), then kept in memory for the process and pickled to the cache directory, keyed by the
knowledge base's build time, so later processes load it instead of rebuilding it.
"""

from __future__ import annotations

import atexit
import gc
import math
import pickle
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from hotstove import config
from hotstove.kb.store import KB
from hotstove.linking.text import text_key

CACHE_VERSION = 7
KEEP_CACHES = 3


@dataclass(frozen=True, slots=True)
class PersonInfo:
    person_id: str
    name: str
    bbref: str | None
    mlbam: int | None
    mlb_first: int | None
    mlb_last: int | None
    pro_first: int | None
    pro_last: int | None
    birth_year: int | None
    positions: tuple[str, ...]
    suffix: str | None
    mlb_games: int
    given: tuple[str, ...] = ()  # given names after the first, normalized ("a" for "Alexander")

    def active(self, year: int, slack: int = 1) -> bool:
        first = self.mlb_first or self.pro_first
        last = self.mlb_last or self.pro_last
        if first is None or last is None:
            return False
        return first - slack <= year <= last + slack

    @property
    def prior(self) -> float:
        return math.log10(1 + self.mlb_games)


def _in_years(year: int | None, first: int | None, last: int | None) -> bool:
    """A name form or a job held in ``year`` (no year: still held now)."""
    if year is None:
        return last is None
    return (first or 0) <= year <= (last or 9999)


@dataclass(frozen=True, slots=True)
class ClubEntry:
    code: str
    kind: str
    needs_context: bool
    valid_from: int | None
    valid_to: int | None

    def valid(self, year: int | None) -> bool:
        return _in_years(year, self.valid_from, self.valid_to)


@dataclass(frozen=True, slots=True)
class AffiliateEntry:
    parent: str
    level: str
    name: str
    needs_level: bool  # a bare city ("Oklahoma City") names the club only beside "Triple-A"
    valid_from: int | None
    valid_to: int | None

    def valid(self, year: int | None) -> bool:
        y = year if year is not None else 9999
        return (self.valid_from or 0) - 1 <= y <= (self.valid_to or 9999)


@dataclass(frozen=True, slots=True)
class StaffEntry:
    name: str
    role: str
    club: str | None
    outlet: str | None
    title: str | None
    valid_from: int | None
    valid_to: int | None

    def valid(self, year: int | None) -> bool:
        return _in_years(year, self.valid_from, self.valid_to)


@dataclass
class Gazetteer:
    automaton: Any
    people: dict[str, PersonInfo]
    orgs: dict[str, list[tuple[str, int, int]]]  # person -> (club, first season, last season)
    managed: dict[str, list[tuple[int, str]]]  # person -> (season, club) managed
    surnames: dict[str, list[tuple[str, str]]]  # surname key -> (first-name key, person)
    outlets: dict[str, str] = field(default_factory=dict)  # outlet key -> display name
    cues: list[tuple[str, str, str]] = field(default_factory=list)  # (cue key, role, position)
    latest_season: int = 2025

    def __getstate__(self) -> dict[str, Any]:
        # The automaton is stored as its words and rebuilt on load: pickling pyahocorasick's
        # automaton leaks references to its values, which keeps modules alive at exit.
        state = {k: getattr(self, k) for k in self.__dataclass_fields__}
        state["automaton"] = list(self.automaton.items())
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        auto = ahocorasick.Automaton()
        for key, value in state.pop("automaton"):
            auto.add_word(key, value)
        auto.make_automaton()
        self.__dict__.update(state)
        self.automaton = auto

    def entries(self, key: str) -> list[tuple[str, Any]]:
        got = self.automaton.get(key, None)
        return list(got[1]) if got else []


def _add(auto: Any, key: str, entry: tuple[str, Any]) -> None:
    if not key:
        return
    cur = auto.get(key, None)
    if cur is None:
        auto.add_word(key, (key, [entry]))  # the key rides along: iter() yields only values
    else:
        cur[1].append(entry)


def build_gazetteer(kb: KB) -> Gazetteer:
    con = kb.con
    auto = ahocorasick.Automaton()
    people: dict[str, PersonInfo] = {}
    for r in con.execute(
        """
        SELECT person_id, name_first, name_last, name_suffix, bbref, mlbam, mlb_first, mlb_last,
               pro_first, pro_last, birth_year, positions, coalesce(mlb_games, 0), name_given
        FROM people
        """
    ).fetchall():
        pid, first, last, suffix, bbref, mlbam, mf, ml, pf, pl, by, pos, games, given = r
        name = " ".join(x for x in (first, last, suffix) if x)
        # A Baseball-Reference id names a player's record only once he has an MLB game in the
        # data (the register already carries ids of players who debuted after it); before that,
        # like every minor leaguer, he is known by his MLBAM id.
        if not games:
            bbref = None
        people[pid] = PersonInfo(
            pid, name, bbref, mlbam, mf, ml, pf, pl, by,
            tuple((pos or "").split(",")) if pos else (), suffix, int(games),
            tuple(text_key(given).split()[1:]) if given else (),
        )  # fmt: skip
    seen: set[tuple[str, str]] = set()
    for key, pid, how, suffix in con.execute(
        "SELECT alias_key, person_id, how, suffix FROM name_aliases"
    ).fetchall():
        if (key, pid) in seen or pid not in people:
            continue
        seen.add((key, pid))
        _add(auto, key, ("person", (pid, how, suffix)))
        toks = key.split()
        # "J. T." written with a space is two tokens in running text as well as one
        if len(toks) >= 2 and len(toks[0]) in (2, 3) and how in ("exact", "initials"):
            _add(auto, " ".join([*toks[0], *toks[1:]]), ("person", (pid, how, suffix)))
    surnames: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pid, p in people.items():
        parts = text_key(p.name).split()
        if p.suffix and parts and parts[-1] in {"jr", "sr", "ii", "iii", "iv"}:
            parts = parts[:-1]
        if len(parts) >= 2:
            surnames[" ".join(parts[1:])].append((parts[0], pid))
    orgs: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for pid, org, first, last in con.execute(
        """
        SELECT person_id, org, min(season), max(season) FROM (
            SELECT person_id, org, season FROM batting WHERE org IS NOT NULL
            UNION ALL SELECT person_id, org, season FROM pitching WHERE org IS NOT NULL)
        GROUP BY person_id, org
        """
    ).fetchall():
        orgs[pid].append((org, int(first), int(last)))
    managed: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pid, season, code in con.execute(
        """
        SELECT p.person_id, m.yearID, ts.code FROM managers m
        JOIN people p ON p.lahman_id = m.playerID
        JOIN team_seasons ts ON ts.season = m.yearID AND ts.lahman = m.teamID
        """
    ).fetchall():
        managed[pid].append((int(season), code))
    for alias, code, kind, needs, vf, vt in con.execute(
        "SELECT alias, code, kind, coalesce(needs_context, false), valid_from, valid_to "
        "FROM club_aliases WHERE kind NOT IN ('lahman', 'retro', 'bbref')"
    ).fetchall():
        key = text_key(alias)
        if key.startswith("the "):
            key = key[4:]
        _add(auto, key, ("club", ClubEntry(code, kind, bool(needs), vf, vt)))
    for parent, level, name, city, _nick, former, aliases, vf, vt in con.execute(
        "SELECT parent, level, name, city, nickname, former_names, aliases, valid_from, valid_to "
        "FROM affiliates"
    ).fetchall():
        for form in [name, *(former or "").split(";"), *(aliases or "").split(";")]:
            if form and form.strip():
                aff = AffiliateEntry(parent, level, name, False, vf, vt)
                _add(auto, text_key(form), ("affiliate", aff))
        if city:
            _add(
                auto,
                text_key(city),
                ("affiliate", AffiliateEntry(parent, level, name, True, vf, vt)),
            )
    outlets: dict[str, str] = {}
    cues: list[tuple[str, str, str]] = []
    if kb.has("staff"):
        for name, role, club, outlet, title, vf, vt, aliases in con.execute(
            "SELECT name, role, club, outlet, title, valid_from, valid_to, aliases FROM staff"
        ).fetchall():
            entry = StaffEntry(name, role, club, outlet, title, vf, vt)
            for form in [name, *(aliases or "").split(";")]:
                if form and form.strip():
                    _add(auto, text_key(form), ("staff", entry))
    if kb.has("outlets"):
        for outlet, aliases in con.execute("SELECT outlet, aliases FROM outlets").fetchall():
            for form in [outlet, *(aliases or "").split(";")]:
                if form and form.strip():
                    k = text_key(form)
                    outlets[k] = outlet
                    _add(auto, k, ("outlet", outlet))
    if kb.has("role_cues"):
        cues = [
            (text_key(c), r, p)
            for c, r, p in con.execute("SELECT cue, role, position FROM role_cues").fetchall()
        ]
    auto.make_automaton()
    row = con.execute("SELECT max(season) FROM team_seasons").fetchone()
    return Gazetteer(
        auto, people, dict(orgs), dict(managed), dict(surnames), outlets, cues,
        int(row[0]) if row and row[0] else 2025,
    )  # fmt: skip


_LOADED: dict[str, Gazetteer] = {}


# Drop the index before the interpreter tears modules down: freeing a few hundred thousand
# objects after DuckDB's bindings are gone makes nanobind report leaks on exit.
def _release() -> None:
    _LOADED.clear()
    gc.collect()


atexit.register(_release)


def load_gazetteer(kb: KB) -> Gazetteer:
    """The gazetteer of this knowledge base: from memory, else the disk cache, else built."""
    row = kb.con.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchone()
    # keyed by the build, not the file: a copy of a knowledge base shares its index
    stamp = f"{row[0] if row else kb.path}|{CACHE_VERSION}"
    if stamp in _LOADED:
        return _LOADED[stamp]
    import hashlib

    built = hashlib.sha1(stamp.encode()).hexdigest()[:12]
    cache = config.cache_dir() / f"gazetteer-{built}.pkl"
    gaz: Gazetteer | None = None
    if cache.is_file():
        try:
            with cache.open("rb") as fin:
                gaz = pickle.load(fin)
        except Exception:  # noqa: BLE001 - a bad cache file is rebuilt, never fatal
            gaz = None
    if gaz is None:
        gaz = build_gazetteer(kb)
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(".tmp")
            with tmp.open("wb") as fout:
                pickle.dump(gaz, fout, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache)
            kept = sorted(cache.parent.glob("gazetteer-*.pkl"), key=lambda f: f.stat().st_mtime)
            for old in kept[:-KEEP_CACHES]:  # the indexes of the newest few builds stay
                old.unlink(missing_ok=True)
        except OSError:
            pass
    _LOADED.clear()
    _LOADED[stamp] = gaz
    return gaz
