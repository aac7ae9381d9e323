"""Named non-players (executives, managers, coaches, agents, reporters) and news outlets.

Three package CSVs under ``kb/data/`` are the store; every row names its source:

- ``staff.csv``: one row per person *in one role* (a man who was a GM and is now a reporter has two
  rows). ``valid_from``/``valid_to`` are the calendar years, inclusive, in which he held it; blank
  means open. Managers of past seasons live in Lahman's ``managers`` table; this file adds the men
  named after the last Lahman season and the current ones.
- ``outlets.csv``: one row per outlet, plus a second row (``needs_context`` true) for short forms
  that name it only in context ("the Post", "the Globe").
- ``role_cues.csv``: words around a name that tell its role ("general manager Brian Cashman",
  "Passan reported"); ``position`` says whether the cue comes before the name, after it, or either.
  Overlapping cues ("manager" in "general manager") are for the caller to resolve, longest first.

Lookups go through ``hotstove.kb.names.name_key`` (accents, case, punctuation, "J.D." = "JD").
``load_tables`` copies the CSVs into DuckDB for the knowledge-base build.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from anyascii import anyascii

from hotstove.kb.datafiles import csv_rows, load_csv_tables, to_int
from hotstove.kb.names import name_key

if TYPE_CHECKING:
    from hotstove.storage.duck import Duck

__all__ = [
    "ROLES",
    "ROLE_CUES",
    "CuePosition",
    "Outlet",
    "OutletKind",
    "Role",
    "RoleCue",
    "StaffMember",
    "load_tables",
    "outlet_candidates",
    "outlet_for",
    "outlet_key",
    "outlets",
    "role_cues",
    "staff",
    "staff_candidates",
]

Role = Literal["executive", "coach", "agent", "reporter", "manager"]
OutletKind = Literal["national", "local", "team-site", "blog", "tv", "radio", "wire"]
CuePosition = Literal["before", "after", "either"]

ROLES: tuple[Role, ...] = ("executive", "manager", "coach", "agent", "reporter")
OUTLET_KINDS: tuple[OutletKind, ...] = (
    "national",
    "local",
    "team-site",
    "blog",
    "tv",
    "radio",
    "wire",
)
CUE_POSITIONS: tuple[CuePosition, ...] = ("before", "after", "either")


@dataclass(frozen=True, slots=True)
class StaffMember:
    name: str  # as usually printed: "Craig Breslow", "A.J. Preller"
    role: Role
    club: str | None  # club code for club staff; None for agents, reporters, league officials
    outlet: str | None  # canonical outlet name (outlets.csv) for reporters
    title: str | None  # "chief baseball officer", "agent, Boras Corporation", "Mets beat writer"
    valid_from: int | None  # first calendar year in the role; None: not recorded
    valid_to: int | None  # last calendar year in the role; None: still in it
    aliases: tuple[str, ...]  # other full-name forms: ("Jon Morosi",)
    source: str

    def active(self, season: int) -> bool:
        """Whether he held this role at some point of ``season`` (a calendar year)."""
        return (self.valid_from is None or self.valid_from <= season) and (
            self.valid_to is None or season <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class Outlet:
    outlet: str  # canonical display name: "MassLive", "The Athletic"
    aliases: tuple[str, ...]  # other written forms: ("MassLive.com", "Mass Live")
    domains: tuple[str, ...]  # host or host/path prefix: "masslive.com", "si.com/mlb/dodgers"
    kind: OutletKind
    needs_context: bool  # True: these aliases name the outlet only in context ("the Post")
    source: str


@dataclass(frozen=True, slots=True)
class RoleCue:
    cue: str  # "general manager", "according to", "of The Athletic"
    role: Role
    position: CuePosition  # where the cue stands relative to the name
    source: str


# --------------------------------------------------------------------------- reading


def _list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


def _choice[T: str](value: str, allowed: tuple[T, ...], what: str) -> T:
    if value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of {', '.join(allowed)}")
    return value


@cache
def _staff() -> tuple[StaffMember, ...]:
    return tuple(
        StaffMember(
            name=r["name"],
            role=_choice(r["role"], ROLES, "role"),
            club=r["club"] or None,
            outlet=r["outlet"] or None,
            title=r["title"] or None,
            valid_from=to_int(r["valid_from"]),
            valid_to=to_int(r["valid_to"]),
            aliases=_list(r["aliases"]),
            source=r["source"],
        )
        for r in csv_rows("staff.csv")
    )


@cache
def _outlets() -> tuple[Outlet, ...]:
    return tuple(
        Outlet(
            outlet=r["outlet"],
            aliases=_list(r["aliases"]),
            domains=_list(r["domains"]),
            kind=_choice(r["kind"], OUTLET_KINDS, "outlet kind"),
            needs_context=r["needs_context"] == "true",
            source=r["source"],
        )
        for r in csv_rows("outlets.csv")
    )


@cache
def _cues() -> tuple[RoleCue, ...]:
    return tuple(
        RoleCue(
            cue=r["cue"],
            role=_choice(r["role"], ROLES, "role"),
            position=_choice(r["position"], CUE_POSITIONS, "cue position"),
            source=r["source"],
        )
        for r in csv_rows("role_cues.csv")
    )


def staff() -> list[StaffMember]:
    """Every row of ``staff.csv``, in file order."""
    return list(_staff())


def outlets() -> list[Outlet]:
    """Every row of ``outlets.csv``, in file order (context-only rows included)."""
    return list(_outlets())


def role_cues() -> list[RoleCue]:
    """Every row of ``role_cues.csv``, in file order."""
    return list(_cues())


class _RoleCues(Mapping[str, Role]):
    """Cue phrase (any case) -> role, read from ``role_cues.csv`` on first use."""

    def _table(self) -> dict[str, Role]:
        return _cue_table()

    def __getitem__(self, cue: str) -> Role:
        return self._table()[cue.casefold()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __repr__(self) -> str:
        return f"ROLE_CUES({len(self)} cues from role_cues.csv)"


@cache
def _cue_table() -> dict[str, Role]:
    return {c.cue.casefold(): c.role for c in _cues()}


ROLE_CUES: Mapping[str, Role] = _RoleCues()


# --------------------------------------------------------------------------- people


@cache
def _staff_index() -> dict[str, tuple[StaffMember, ...]]:
    index: dict[str, list[StaffMember]] = {}
    for member in _staff():
        for form in (member.name, *member.aliases):
            hits = index.setdefault(name_key(form), [])
            if member not in hits:
                hits.append(member)
    return {k: tuple(v) for k, v in index.items()}


def _recency(member: StaffMember) -> tuple[int, int]:
    """Sort key: roles still held first, then the most recently ended, then the latest begun."""
    ended = member.valid_to if member.valid_to is not None else 10_000
    return (-ended, -(member.valid_from or 0))


def staff_candidates(name: str, *, season: int | None = None) -> list[StaffMember]:
    """Rows whose name or alias is ``name`` (accents, case and punctuation aside).

    With ``season``, only roles held in that calendar year. Current roles come first.

    >>> [(m.role, m.club) for m in staff_candidates("Theo Epstein", season=2004)]
    [('executive', 'BOS')]
    """
    key = name_key(name)
    if not key:
        return []
    hits = _staff_index().get(key, ())
    if season is not None:
        hits = tuple(m for m in hits if m.active(season))
    return sorted(hits, key=_recency)


# --------------------------------------------------------------------------- outlets

_POSSESSIVE = re.compile(r"['\u2019]s$")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_URLISH = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#].*)?$"
)


def outlet_key(text: str) -> str:
    """Normal form of an outlet's name: ASCII, lower case, no punctuation, no "the", no "'s".

    >>> outlet_key("The N.Y. Post's"), outlet_key("MassLive.com"), outlet_key("Sun-Times")
    ('ny post', 'masslive com', 'sun times')
    """
    s = anyascii(text).strip().lower()
    s = _POSSESSIVE.sub("", s)
    tokens = _NOT_WORD.sub(" ", s).split()
    merged: list[str] = []
    run = ""
    for t in tokens:  # "n y post" -> "ny post", as "N.Y." is written "NY" too
        if len(t) == 1 and t.isalpha():
            run += t
            continue
        if run:
            merged.append(run)
            run = ""
        merged.append(t)
    if run:
        merged.append(run)
    if len(merged) > 1 and merged[0] == "the":
        merged = merged[1:]
    return " ".join(merged)


@cache
def _outlet_index() -> tuple[dict[str, Outlet], dict[str, tuple[Outlet, ...]]]:
    """(plain forms -> main row, context forms -> main rows of every outlet they may name)."""
    main = {o.outlet: o for o in _outlets() if not o.needs_context}
    plain: dict[str, Outlet] = {}
    context: dict[str, list[Outlet]] = {}
    for o in _outlets():
        target = main.get(o.outlet, o)
        forms = o.aliases if o.needs_context else (o.outlet, *o.aliases)
        for form in forms:
            key = outlet_key(form)
            if o.needs_context:
                bucket = context.setdefault(key, [])
                if target not in bucket:
                    bucket.append(target)
            else:
                plain.setdefault(key, target)
    return plain, {k: tuple(v) for k, v in context.items()}


@cache
def _domain_index() -> tuple[tuple[str, str, Outlet], ...]:
    """(host, path prefix, outlet), longest prefix first so team sites beat their parent."""
    rows: list[tuple[str, str, Outlet]] = []
    for o in _outlets():
        for d in o.domains:
            host, _, path = d.lower().partition("/")
            rows.append((host, "/" + path if path else "", o))
    return tuple(sorted(rows, key=lambda r: (-len(r[0]) - len(r[1]), r[0])))


def _by_domain(text: str) -> Outlet | None:
    s = text.strip().lower()
    if not _URLISH.match(s):
        return None
    parts = urlsplit(s if "://" in s else "//" + s)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    for dom_host, prefix, outlet in _domain_index():
        host_ok = host == dom_host or host.endswith("." + dom_host)
        if host_ok and (not prefix or path == prefix or path.startswith(prefix + "/")):
            return outlet
    return None


def outlet_for(text: str) -> Outlet | None:
    """The outlet a name, alias, domain or URL stands for; None when unknown or context-bound.

    >>> outlet_for("MassLive.com").outlet, outlet_for("https://www.si.com/mlb/dodgers/x").outlet
    ('MassLive', 'Dodgers On SI')
    """
    key = outlet_key(text)
    if not key:
        return None
    plain, _ = _outlet_index()
    hit = plain.get(key)
    return hit if hit is not None else _by_domain(text)


def outlet_candidates(text: str) -> list[Outlet]:
    """Every outlet ``text`` may name, context-bound forms included ("the Post" -> several)."""
    hit = outlet_for(text)
    if hit is not None:
        return [hit]
    _, context = _outlet_index()
    return list(context.get(outlet_key(text), ()))


# --------------------------------------------------------------------------- DuckDB

_TABLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "staff": (
        "staff.csv",
        [
            ("name", "VARCHAR"),
            ("role", "VARCHAR"),
            ("club", "VARCHAR"),
            ("outlet", "VARCHAR"),
            ("title", "VARCHAR"),
            ("valid_from", "INTEGER"),
            ("valid_to", "INTEGER"),
            ("aliases", "VARCHAR"),
            ("source", "VARCHAR"),
        ],
    ),
    "outlets": (
        "outlets.csv",
        [
            ("outlet", "VARCHAR"),
            ("aliases", "VARCHAR"),
            ("domains", "VARCHAR"),
            ("kind", "VARCHAR"),
            ("needs_context", "BOOLEAN"),
            ("source", "VARCHAR"),
        ],
    ),
    "role_cues": (
        "role_cues.csv",
        [
            ("cue", "VARCHAR"),
            ("role", "VARCHAR"),
            ("position", "VARCHAR"),
            ("source", "VARCHAR"),
        ],
    ),
}


def load_tables(con: Duck) -> None:
    """Create (or replace) the tables staff, outlets and role_cues from the package CSVs."""
    load_csv_tables(con, _TABLES)
