"""Named non-players, news outlets and role cues: the package CSVs and their lookups."""

from __future__ import annotations

import csv
import os
from collections import Counter
from importlib.resources import files
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotstove.kb.clubs import clubs
from hotstove.kb.names import name_key
from hotstove.kb.roles import (
    ROLE_CUES,
    ROLES,
    load_tables,
    outlet_candidates,
    outlet_for,
    outlets,
    role_cues,
    staff,
    staff_candidates,
)

CODES = {c.code for c in clubs()}
KB = Path(os.environ.get("HOTSTOVE_TEST_KB", "/tmp/hs/kb.duckdb"))


def _rows(name: str) -> list[dict[str, str]]:
    text = files("hotstove.kb").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


# --------------------------------------------------------------------------- the CSVs


@pytest.mark.parametrize(
    ("name", "header"),
    [
        (
            "staff.csv",
            "name,role,club,outlet,title,valid_from,valid_to,aliases,source",
        ),
        ("outlets.csv", "outlet,aliases,domains,kind,needs_context,source"),
        ("role_cues.csv", "cue,role,position,source"),
    ],
)
def test_csv_headers(name: str, header: str) -> None:
    text = files("hotstove.kb").joinpath("data", name).read_text(encoding="utf-8")
    assert text.splitlines()[0] == header
    assert all(len(r) == header.count(",") + 1 for r in csv.reader(text.splitlines()))


def test_everything_parses() -> None:
    assert len(staff()) > 400
    assert len(outlets()) > 60
    assert len(role_cues()) > 40


def test_every_row_has_a_source() -> None:
    for name in ("staff.csv", "outlets.csv", "role_cues.csv"):
        assert all(r["source"].strip() for r in _rows(name)), name


def test_club_codes_are_valid() -> None:
    for m in staff():
        assert m.club is None or m.club in CODES, m
        if m.role in ("executive", "manager", "coach") and m.club is None:
            assert m.role == "executive", m  # only league and union officials have no club
        if m.role in ("agent", "reporter"):
            assert m.club is None, m


def test_years_are_ordered() -> None:
    for m in staff():
        if m.valid_from is not None and m.valid_to is not None:
            assert m.valid_from <= m.valid_to, m
        for year in (m.valid_from, m.valid_to):
            assert year is None or 1960 <= year <= 2026, m


def test_no_duplicate_rows() -> None:
    # a reporter may work for two outlets at once (print and TV): outlet is part of the key
    seen = Counter(
        (r["name"], r["role"], r["club"], r["outlet"], r["valid_from"]) for r in _rows("staff.csv")
    )
    assert [k for k, n in seen.items() if n > 1] == []
    seen_outlets = Counter((r["outlet"], r["needs_context"]) for r in _rows("outlets.csv"))
    assert [k for k, n in seen_outlets.items() if n > 1] == []
    seen_cues = Counter(r["cue"].casefold() for r in _rows("role_cues.csv"))
    assert [k for k, n in seen_cues.items() if n > 1] == []


def test_reporters_name_known_outlets() -> None:
    names = {o.outlet for o in outlets()}
    for m in staff():
        if m.outlet is not None:
            assert m.role == "reporter", m
            assert m.outlet in names, m


def test_every_club_has_an_executive() -> None:
    current = {m.club for m in staff() if m.role == "executive" and m.active(2026)}
    assert current >= CODES


def test_every_club_has_a_2026_manager_row() -> None:
    managers = [m for m in staff() if m.role == "manager" and m.active(2026)]
    assert {m.club for m in managers} == CODES
    assert len(managers) == len(CODES)  # one each


def test_every_club_has_a_manager_in_the_kb() -> None:
    """A 2026 row here, or Lahman's 2025 manager in a built knowledge base."""
    if not KB.exists():
        pytest.skip(f"no built knowledge base at {KB}")
    con = duckdb.connect(str(KB), read_only=True)
    try:
        tables = {
            t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        if not {"managers", "team_seasons"} <= tables:
            pytest.skip("knowledge base lacks managers or team_seasons")
        lahman = {
            code
            for (code,) in con.execute(
                "SELECT DISTINCT t.code FROM managers m JOIN team_seasons t "
                "ON t.season = m.yearID AND t.lahman = m.teamID WHERE m.yearID = ?",
                [2025],
            ).fetchall()
        }
    finally:
        con.close()
    here = {m.club for m in staff() if m.role == "manager" and m.active(2026)}
    assert (lahman | here) >= CODES
    assert len(lahman) == len(CODES)


def test_roles_and_kinds_are_known() -> None:
    assert {m.role for m in staff()} == set(ROLES)
    assert {c.role for c in role_cues()} == set(ROLES)


def test_context_rows_hold_no_domains_and_have_a_main_row() -> None:
    main = {o.outlet for o in outlets() if not o.needs_context}
    for o in outlets():
        if o.needs_context:
            assert o.domains == (), o
            assert o.outlet in main, o


def test_aliases_do_not_clash_across_people() -> None:
    """An alias may not be another listed person's name."""
    by_key: dict[str, set[str]] = {}
    for m in staff():
        by_key.setdefault(name_key(m.name), set()).add(m.name)
    for m in staff():
        for alias in m.aliases:
            assert by_key.get(name_key(alias), {m.name}) == {m.name}, (m.name, alias)


# --------------------------------------------------------------------------- people


def test_breslow_is_the_red_sox_executive() -> None:
    (m,) = staff_candidates("Craig Breslow")
    assert (m.role, m.club, m.title) == ("executive", "BOS", "chief baseball officer")


def test_mcadam_is_a_masslive_reporter() -> None:
    hits = staff_candidates("Sean McAdam", season=2026)
    assert [(m.role, m.outlet) for m in hits] == [("reporter", "MassLive")]


def test_passan_is_espn() -> None:
    assert [(m.role, m.outlet) for m in staff_candidates("Jeff Passan", season=2026)] == [
        ("reporter", "ESPN")
    ]
    assert staff_candidates("Jeff Passan")[0].outlet == "ESPN"  # current role first


def test_boras_is_an_agent() -> None:
    (m,) = staff_candidates("Scott Boras")
    assert m.role == "agent"
    assert m.club is None
    assert m.title is not None and "Boras Corporation" in m.title


@pytest.mark.parametrize(
    "surface",
    ["Héctor Gómez", "Hector Gomez", "HECTOR GOMEZ", "héctor  gómez", "Gómez, Héctor"],
)
def test_accents_case_and_order_do_not_matter(surface: str) -> None:
    assert [m.outlet for m in staff_candidates(surface)] == ["Z101 Digital"]


@pytest.mark.parametrize("surface", ["A.J. Preller", "AJ Preller", "A. J. Preller", "a.j. preller"])
def test_initials_forms(surface: str) -> None:
    assert [m.club for m in staff_candidates(surface, season=2025)] == ["SD"]


def test_aliases_match() -> None:
    hits = staff_candidates("Jon Morosi", season=2026)
    assert hits and {m.name for m in hits} == {"Jon Paul Morosi"}
    assert {m.outlet for m in hits} >= {"MLB Network"}


@pytest.mark.parametrize(("season", "club"), [(2004, "BOS"), (2016, "CHC")])
def test_seasons_choose_the_job(season: int, club: str) -> None:
    assert [(m.role, m.club) for m in staff_candidates("Theo Epstein", season=season)] == [
        ("executive", club)
    ]


def test_no_season_lists_every_job_newest_first() -> None:
    assert [m.club for m in staff_candidates("Theo Epstein")] == ["CHC", "BOS"]
    assert staff_candidates("Theo Epstein", season=1990) == []


def test_one_person_many_roles() -> None:
    roles = {(m.role, m.club) for m in staff_candidates("Jim Bowden")}
    assert roles == {("executive", "CIN"), ("executive", "WSH"), ("reporter", None)}
    assert {m.role for m in staff_candidates("Jim Bowden", season=2001)} == {
        "executive",
        "reporter",
    }


def test_new_managers_for_2026() -> None:
    for name, club in [("Tony Vitello", "SF"), ("Blake Butera", "WSH"), ("Kurt Suzuki", "LAA")]:
        assert [(m.role, m.club) for m in staff_candidates(name, season=2026)] == [
            ("manager", club)
        ]


@pytest.mark.parametrize("surface", ["", "   ", "Nobody Atall"])
def test_unknown_names(surface: str) -> None:
    assert staff_candidates(surface) == []


# --------------------------------------------------------------------------- outlets


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("MassLive", "MassLive"),
        ("MassLive.com", "MassLive"),
        ("Mass Live", "MassLive"),
        ("https://www.masslive.com/redsox/2026/01/x.html", "MassLive"),
        ("masslive.com", "MassLive"),
        ("The Athletic", "The Athletic"),
        ("the Athletic's", "The Athletic"),
        ("https://www.nytimes.com/athletic/6812345/2026/01/05/x/", "The Athletic"),
        ("https://www.nytimes.com/2026/01/05/sports/baseball/x.html", "The New York Times"),
        ("N.Y. Post", "New York Post"),
        ("NY Post", "New York Post"),
        ("MLBTR", "MLB Trade Rumors"),
        ("https://www.si.com/mlb/dodgers/news/x", "Dodgers On SI"),
        ("https://www.si.com/mlb/x", "Sports Illustrated"),
        ("ESPN.com", "ESPN"),
        ("St. Louis Post-Dispatch", "St. Louis Post-Dispatch"),
        ("stltoday.com", "St. Louis Post-Dispatch"),
        ("Sun-Times", "Chicago Sun-Times"),
    ],
)
def test_outlet_for(text: str, outlet: str) -> None:
    hit = outlet_for(text)
    assert hit is not None and hit.outlet == outlet
    assert not hit.needs_context


@pytest.mark.parametrize("text", ["the Post", "the Globe", "the Times", "", "Nowhere Gazette"])
def test_outlet_for_needs_a_plain_form(text: str) -> None:
    assert outlet_for(text) is None


def test_context_forms_list_every_outlet() -> None:
    names = {o.outlet for o in outlet_candidates("the Post")}
    assert {"New York Post", "Washington Post", "The Denver Post"} <= names
    assert [o.outlet for o in outlet_candidates("the Globe")][0] == "Boston Globe"
    assert [o.outlet for o in outlet_candidates("MassLive.com")] == ["MassLive"]


def test_look_alike_hosts_do_not_match() -> None:
    assert outlet_for("https://notmasslive.com/x") is None
    assert outlet_for("https://www.si.com/mlb/dodgersx/y").outlet == "Sports Illustrated"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- cues


def test_role_cues() -> None:
    assert ROLE_CUES["general manager"] == "executive"
    assert ROLE_CUES["GM"] == "executive"
    assert ROLE_CUES["Chief Baseball Officer"] == "executive"
    assert ROLE_CUES["skipper"] == "manager"
    assert ROLE_CUES["pitching coach"] == "coach"
    assert ROLE_CUES["represented by"] == "agent"
    assert ROLE_CUES["according to"] == "reporter"
    assert "general manager" in ROLE_CUES and "nonsense" not in ROLE_CUES
    assert len(ROLE_CUES) == len(role_cues())


# --------------------------------------------------------------------------- DuckDB


def test_load_tables() -> None:
    con = duckdb.connect(":memory:")
    load_tables(con)
    load_tables(con)  # CREATE OR REPLACE: a second build replaces, not appends
    assert con.execute("SELECT count(*) FROM staff").fetchone() == (len(staff()),)
    assert con.execute("SELECT count(*) FROM outlets").fetchone() == (len(outlets()),)
    assert con.execute("SELECT count(*) FROM role_cues").fetchone() == (len(role_cues()),)
    row = con.execute(
        "SELECT role, club, outlet, valid_from, valid_to FROM staff WHERE name = ? AND club = ?",
        ["Theo Epstein", "BOS"],
    ).fetchone()
    assert row == ("executive", "BOS", None, 2002, 2011)
    assert con.execute(
        "SELECT needs_context FROM outlets WHERE outlet = ? ORDER BY needs_context",
        ["New York Post"],
    ).fetchall() == [(False,), (True,)]
    con.close()


@given(st.text(max_size=60), st.one_of(st.none(), st.integers(1800, 2100)))
def test_lookups_never_raise_on_arbitrary_text(text: str, season: int | None) -> None:
    assert isinstance(staff_candidates(text, season=season), list)
    hit = outlet_for(text)
    assert hit is None or not hit.needs_context
    assert isinstance(outlet_candidates(text), list)
