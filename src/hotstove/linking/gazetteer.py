"""The name index the linker scans articles with: a word-level trie over every alias.

Built once from the knowledge base (the name model's ``name_aliases``, clubs, affiliates, staff,
outlets), then kept in memory for the process and pickled to the cache directory, keyed by the
knowledge base's build time, so later processes load it instead of rebuilding it.

The trie is two hash tables: every key (a normal form, words joined by single spaces) to its
number, and every run of a key's first words that a longer key goes on from (its stems). The
linker walks it a word at a time from each capitalized token (a key starts and ends on one), so
only the few words that begin a name are looked up, each in one hash probe: no loop over names,
and no per-character automaton (pyahocorasick's search for a child node among many siblings
made each lookup cost about a microsecond). The entries of each key are kept beside it, a
player's as one short string decoded when a story names him. The cache holds plain lists of
strings and tuples, so loading it runs no Python code per key or per person.
"""

from __future__ import annotations

import atexit
import gc
import math
import pickle
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from hotstove import config
from hotstove.kb.store import KB
from hotstove.linking.text import text_key

CACHE_VERSION = 10
KEEP_CACHES = 3


class PersonInfo(NamedTuple):
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
    first: int | None = None  # first season: MLB, else pro (None when undated)
    last: int | None = None  # last season: MLB, else pro
    prior: float = 0.0  # log10(1 + MLB games): how often he played

    def active(self, year: int, slack: int = 1) -> bool:
        first = self.first
        last = self.last
        if first is None or last is None:
            return False
        return first - slack <= year <= last + slack


def person_info(
    person_id: str, name: str, bbref: str | None, mlbam: int | None, mlb_first: int | None,
    mlb_last: int | None, pro_first: int | None, pro_last: int | None, birth_year: int | None,
    positions: tuple[str, ...], suffix: str | None, mlb_games: int, given: tuple[str, ...] = (),
) -> PersonInfo:  # fmt: skip
    """A person of the index with the career span and prior the linker weighs precomputed."""
    return PersonInfo(
        person_id, name, bbref, mlbam, mlb_first, mlb_last, pro_first, pro_last, birth_year,
        positions, suffix, mlb_games, given, mlb_first or pro_first, mlb_last or pro_last,
        math.log10(1 + mlb_games),
    )  # fmt: skip


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


def _pack(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f"{a}\t{b}" for a, b in pairs)


def _unpack(packed: str) -> list[tuple[str, str]]:
    return [(a, b) for a, _, b in (line.partition("\t") for line in packed.split("\n"))]


@dataclass
class Gazetteer:
    """The name index of one knowledge base build.

    ``index`` maps each key (a normal form, words joined by single spaces) to its number ``n``
    and ``stems`` holds the first words of keys that go on; the entries of key ``n`` ((kind,
    payload) in the order they were added) are ``lookup(n)``, grouped by kind ``groups(n)``.
    ``people`` holds every person, ``orgs`` the organizations each played for (club, first
    season, last season), ``managed`` the (season, club) each managed, and
    ``surname_pairs(key)`` the (first-name key, person) of everyone with that surname.
    """

    index: dict[str, int]  # key -> its number
    stems: set[str]  # "a", "a b" for the key "a b c": runs of first words a longer key goes on from
    persons: list[str]  # key number -> its people as "person_id\thow\tsuffix" lines ("" if none)
    other: dict[int, list[tuple[str, Any]]]  # key number -> all its entries, when not only people
    people: dict[str, PersonInfo]
    orgs: dict[str, list[tuple[str, int, int]]]  # person -> (club, first season, last season)
    managed: dict[str, list[tuple[int, str]]]  # person -> (season, club) managed
    surnames: dict[str, str]  # surname key -> its (first-name key, person) pairs, packed
    first_counts: dict[str, int]  # first-name key -> people in the index with it
    outlets: dict[str, str] = field(default_factory=dict)  # outlet key -> display name
    cues: list[tuple[str, str, str]] = field(default_factory=list)  # (cue key, role, position)
    latest_season: int = 2025
    _entries: dict[int, list[tuple[str, Any]]] = field(default_factory=dict, repr=False)
    _surnames: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)
    _groups: dict[int, list[tuple[str, list[Any]]]] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        # plain builtins only: people as rows of fields, the memos of decoded entries left out
        state = {k: getattr(self, k) for k in self.__dataclass_fields__ if not k.startswith("_")}
        state["people"] = [tuple(p) for p in self.people.values()]
        state["index"] = list(self.index)  # the keys in number order
        state["stems"] = list(self.stems)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        rows = state.pop("people")
        keys = state.pop("index")
        self.index = dict(zip(keys, range(len(keys)), strict=True))
        self.stems = set(state.pop("stems"))
        self.__dict__.update(state)
        self.people = dict(zip([r[0] for r in rows], map(PersonInfo._make, rows), strict=True))
        self._entries = {}
        self._surnames = {}
        self._groups = {}

    def find(self, key: str) -> int | None:
        """The number of ``key`` in the index, else None."""
        return self.index.get(key)

    def lookup(self, n: int) -> list[tuple[str, Any]]:
        """The entries of key number ``n``, in the order they were added."""
        got = self._entries.get(n)
        if got is None:
            got = self.other.get(n)
            if got is None:
                got = [
                    ("person", (pid, how, sfx or None))
                    for pid, how, sfx in (line.split("\t") for line in self.persons[n].split("\n"))
                ]
            self._entries[n] = got
        return got

    def groups(self, n: int) -> list[tuple[str, list[Any]]]:
        """The payloads of key number ``n`` by kind, kinds in the order first added (shared:
        read them, never change them)."""
        got = self._groups.get(n)
        if got is None:
            by_kind: dict[str, list[Any]] = {}
            for kind, payload in self.lookup(n):
                group = by_kind.get(kind)
                if group is None:
                    by_kind[kind] = [payload]
                else:
                    group.append(payload)
            got = list(by_kind.items())
            self._groups[n] = got
        return got

    def entries(self, key: str) -> list[tuple[str, Any]]:
        n = self.find(key)
        return [] if n is None else list(self.lookup(n))

    def surname_pairs(self, key: str) -> list[tuple[str, str]]:
        """(first-name key, person) of everyone whose surname key is ``key``."""
        got = self._surnames.get(key)
        if got is None:
            packed = self.surnames.get(key)
            got = _unpack(packed) if packed is not None else []
            self._surnames[key] = got
        return got


def _add(index: dict[str, list[tuple[str, Any]]], key: str, entry: tuple[str, Any]) -> None:
    if not key:
        return
    cur = index.get(key)
    if cur is None:
        index[key] = [entry]
    else:
        cur.append(entry)


def _packable(payload: Any) -> bool:
    """A person entry that packs into a line and decodes to an equal tuple: string fields
    without tabs or newlines, an id, and a suffix that is None or a non-empty string."""
    pid, how, sfx = payload
    fields = (pid, how, "" if sfx is None else sfx)
    return (
        all(isinstance(f, str) and "\t" not in f and "\n" not in f for f in fields)
        and bool(pid) and sfx != ""
    )  # fmt: skip


def _compile(
    index: dict[str, list[tuple[str, Any]]],
) -> tuple[dict[str, int], set[str], list[str], dict[int, list[tuple[str, Any]]]]:
    """The trie of the keys of ``index`` (each key to its number, and the stems) and the
    entries of each key."""
    numbers: dict[str, int] = {}
    stems: set[str] = set()
    persons: list[str] = []
    other: dict[int, list[tuple[str, Any]]] = {}
    for n, (key, entries) in enumerate(index.items()):
        numbers[key] = n
        cut = key.rfind(" ")
        while cut >= 0:
            stems.add(key[:cut])
            cut = key.rfind(" ", 0, cut)
        packed = ""
        if all(kind == "person" for kind, _ in entries):
            payloads = [payload for _kind, payload in entries]
            if all(map(_packable, payloads)):
                packed = "\n".join(f"{pid}\t{how}\t{sfx or ''}" for pid, how, sfx in payloads)
        if not packed:
            other[n] = entries
        persons.append(packed)
    return numbers, stems, persons, other


def build_gazetteer(kb: KB) -> Gazetteer:
    con = kb.con
    index: dict[str, list[tuple[str, Any]]] = {}  # key -> entries, in the order added
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
        people[pid] = person_info(
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
        _add(index, key, ("person", (pid, how, suffix)))
        toks = key.split()
        # "J. T." written with a space is two tokens in running text as well as one
        if len(toks) >= 2 and len(toks[0]) in (2, 3) and how in ("exact", "initials"):
            _add(index, " ".join([*toks[0], *toks[1:]]), ("person", (pid, how, suffix)))
    surnames: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pid, p in people.items():
        parts = text_key(p.name).split()
        if p.suffix and parts and parts[-1] in {"jr", "sr", "ii", "iii", "iv"}:
            parts = parts[:-1]
        if len(parts) >= 2:
            surnames[" ".join(parts[1:])].append((parts[0], pid))
    first_counts = Counter(first for pairs in surnames.values() for first, _pid in pairs)
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
        _add(index, key, ("club", ClubEntry(code, kind, bool(needs), vf, vt)))
    for parent, level, name, city, _nick, former, aliases, vf, vt in con.execute(
        "SELECT parent, level, name, city, nickname, former_names, aliases, valid_from, valid_to "
        "FROM affiliates"
    ).fetchall():
        for form in [name, *(former or "").split(";"), *(aliases or "").split(";")]:
            if form and form.strip():
                aff = AffiliateEntry(parent, level, name, False, vf, vt)
                _add(index, text_key(form), ("affiliate", aff))
        if city:
            _add(
                index,
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
                    _add(index, text_key(form), ("staff", entry))
    if kb.has("outlets"):
        for outlet, aliases in con.execute("SELECT outlet, aliases FROM outlets").fetchall():
            for form in [outlet, *(aliases or "").split(";")]:
                if form and form.strip():
                    k = text_key(form)
                    outlets[k] = outlet
                    _add(index, k, ("outlet", outlet))
    if kb.has("role_cues"):
        cues = [
            (text_key(c), r, p)
            for c, r, p in con.execute("SELECT cue, role, position FROM role_cues").fetchall()
        ]
    numbers, stems, persons, other = _compile(index)
    row = con.execute("SELECT max(season) FROM team_seasons").fetchone()
    return Gazetteer(
        numbers, stems, persons, other, people, dict(orgs), dict(managed),
        {k: _pack(v) for k, v in surnames.items()}, dict(first_counts), outlets, cues,
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
