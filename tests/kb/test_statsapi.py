"""MLB Stats API client against recorded answers served on localhost (never the internet)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer

from hotstove.errors import BadInput, SourceUnavailable
from hotstove.kb import fetch as fetch_mod
from hotstove.kb.sources import statsapi
from hotstove.storage.duck import Duck, connect

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "statsapi"


def _json(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text("utf-8"))


def _base(server: HTTPServer) -> str:
    return server.url_for("/api/v1")


COMMON = {"stats": "yearByYear", "gameType": "R", "hydrate": "team"}


def _serve_person(server: HTTPServer, mlbam: int, group: str, milb: str, mlb: str) -> None:
    path = f"/api/v1/people/{mlbam}/stats"
    q = {**COMMON, "group": group}
    server.expect_request(path, query_string={**q, "leagueListId": "milb_all"}).respond_with_json(
        _json(milb)
    )
    server.expect_request(path, query_string={**q, "sportId": "1"}).respond_with_json(_json(mlb))


def test_guard_blocks_the_internet() -> None:
    with pytest.raises(RuntimeError, match="internet|resolve"):
        httpx.get("https://statsapi.mlb.com/api/v1/sports", timeout=2)


def test_person_stats_hitting_rushing(httpserver: HTTPServer) -> None:
    _serve_person(
        httpserver,
        687221,
        "hitting",
        "people_687221_hitting_milb.json",
        "people_687221_hitting_mlb.json",
    )
    rows = statsapi.person_stats(687221, "hitting", base_url=_base(httpserver))

    assert [(r["season"], r["level"], r["team"]) for r in rows] == [
        (2023, "A+", "GL"),
        (2024, "AA", "TUL"),
        (2024, "AAA", "OKC"),  # the 2024 two-club total line (no team) is not a row
        (2025, "AAA", "OKC"),
        (2025, "MLB", "LAD"),
    ]
    assert all(tuple(r) == statsapi.BATTING_COLUMNS for r in rows)
    mlb = rows[4]
    assert mlb["person_id"] == "687221" and mlb["mlbam"] == 687221 and mlb["bbref"] is None
    assert (mlb["team_name"], mlb["org"], mlb["league"], mlb["stint"]) == (
        "Los Angeles Dodgers",
        "LAD",
        "NL",
        1,
    )
    counts = ("G", "PA", "AB", "H", "2B", "3B", "HR", "BB", "SO", "HBP", "SF")
    assert {k: mlb[k] for k in counts} == {
        "G": 53, "PA": 155, "AB": 142, "H": 29, "2B": 5, "3B": 0, "HR": 4, "BB": 10, "SO": 58,
        "HBP": 1, "SF": 2,
    }  # fmt: skip
    assert mlb["source"] == "statsapi"

    okc25 = rows[3]
    avg = okc25["H"] / okc25["AB"]
    obp = (okc25["H"] + okc25["BB"] + okc25["HBP"]) / (
        okc25["AB"] + okc25["BB"] + okc25["HBP"] + okc25["SF"]
    )
    tb = okc25["H"] + okc25["2B"] + 2 * okc25["3B"] + 3 * okc25["HR"]
    assert (okc25["G"], round(avg, 3), round(obp, 3), round(tb / okc25["AB"], 3)) == (
        35,
        0.314,
        0.436,
        0.517,
    )
    assert okc25["team_name"] == "Oklahoma City Comets" and okc25["org"] == "LAD"
    assert okc25["league"] == "Pacific Coast League"

    tulsa, okc24 = rows[1], rows[2]
    assert (tulsa["G"], tulsa["AB"], tulsa["H"], tulsa["HR"]) == (77, 281, 76, 17)
    assert (okc24["G"], okc24["AB"], okc24["H"], okc24["HR"]) == (37, 139, 38, 9)
    assert tulsa["org"] == "LAD" and tulsa["stint"] == 1 and okc24["stint"] == 1


def test_person_stats_pitching_counts_outs(httpserver: HTTPServer) -> None:
    _serve_person(
        httpserver,
        669373,
        "pitching",
        "people_669373_pitching_milb.json",
        "people_669373_pitching_mlb.json",
    )
    (row,) = statsapi.person_stats(669373, "pitching", base_url=_base(httpserver))
    assert tuple(row) == statsapi.PITCHING_COLUMNS
    assert (row["season"], row["level"], row["team"], row["league"]) == (2025, "MLB", "DET", "AL")
    assert row["IPouts"] == 586  # "195.1" innings
    counts = ("W", "L", "G", "GS", "ER", "SO", "BB", "HBP", "WP", "BK", "BFP")
    assert {k: row[k] for k in counts} == {
        "W": 13, "L": 6, "G": 31, "GS": 31, "ER": 48, "SO": 241, "BB": 33, "HBP": 3, "WP": 4,
        "BK": 0, "BFP": 748,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("innings", "outs"),
    [("66.1", 199), ("195.1", 586), ("0.2", 2), ("7.0", 21), ("7", 21), (12.2, 38)]
    + [("7.3", None), (".---", None), ("", None), (None, None), ("-1.0", None)],
)
def test_innings_to_outs(innings: Any, outs: int | None) -> None:
    assert statsapi.innings_to_outs(innings) == outs


def _split(sport: tuple[int, str], league: str, **team: Any) -> dict[str, Any]:
    return {
        "season": "2019",
        "stat": {"gamesPlayed": 10, "atBats": "30", "hits": 9, "avg": ".300", "rbi": "-.--"},
        "team": {"id": 999, "name": "Somewhere", **team},
        "league": {"id": 1, "name": league},
        "sport": {"id": sport[0], "abbreviation": sport[1]},
    }


def test_parse_levels_and_missing_values() -> None:
    payload = {
        "stats": [
            {
                "group": {"displayName": "hitting"},
                "splits": [
                    _split((16, "ROK"), "Dominican Summer League", abbreviation="DSL1"),
                    _split((16, "ROK"), "Arizona Complex League"),
                    _split((16, "ROK"), "Gulf Coast League"),
                    _split((5442, "ROA"), "Appalachian League"),
                    _split((15, "A(-)"), "New York-Penn League"),
                    _split((17, "WIN"), "Arizona Fall League"),  # winter league: skipped
                    _split((1, "MLB"), "American League"),  # id 999 is no MLB club
                ],
            }
        ]
    }
    rows = statsapi.parse_person_stats(payload, 1, "hitting")
    assert [r["level"] for r in rows] == ["DSL", "CPX", "RK", "RK", "A-", "MLB"]
    assert [r["stint"] for r in rows] == [1, 1, 1, 2, 1, 1]
    dsl, cpx = rows[0], rows[1]
    assert dsl["team"] == "DSL1" and cpx["team"] is None and cpx["org"] is None
    assert dsl["AB"] == 30 and dsl["RBI"] is None and dsl["PA"] is None  # never 0 for missing


def test_roster_40man(httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        "/api/v1/teams/119/roster", query_string={"rosterType": "40Man", "date": "2025-09-28"}
    ).respond_with_json(_json("roster_119_40man_2025-09-28.json"))
    rows = statsapi.roster(119, date="2025-09-28", base_url=_base(httpserver))
    assert all(tuple(r) == statsapi.ROSTER_COLUMNS for r in rows)
    by_id = {r["mlbam"]: r for r in rows}
    rushing = by_id[687221]
    assert rushing == {
        "club": "LAD", "team_id": 119, "date": date(2025, 9, 28), "mlbam": 687221,
        "name": "Dalton Rushing", "jersey": "68", "position": "C", "status": "ACTIVE",
        "is_40_man": True, "is_active": True, "source": "statsapi",
    }  # fmt: skip
    assert (by_id[669257]["status"], by_id[669257]["is_active"]) == ("IL-10", False)
    assert by_id[676508]["status"] == "MINORS"
    assert by_id[660271]["position"] == "TWP"


def test_transactions_waiver_claim(httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        "/api/v1/transactions",
        query_string={"startDate": "11/10/2025", "endDate": "11/20/2025", "teamId": "119"},
    ).respond_with_json(_json("transactions_2025-11-10_2025-11-20.json"))
    rows = statsapi.transactions(
        date(2025, 11, 10), date(2025, 11, 20), team_id=119, base_url=_base(httpserver)
    )
    assert all(tuple(r) == statsapi.TRANSACTION_COLUMNS for r in rows)
    claim = rows[0]
    assert claim == {
        "date": date(2025, 11, 12), "effective_date": date(2025, 11, 12), "mlbam": 666163,
        "name": "Ben Rortvedt", "type_code": "CLW", "type_desc": "Claimed Off Waivers",
        "from_team_id": 119, "from_team": "Los Angeles Dodgers", "to_team_id": 113,
        "to_team": "Cincinnati Reds",
        "description": "Cincinnati Reds claimed C Ben Rortvedt off waivers from Los Angeles "
        "Dodgers.",
        "source": "statsapi",
    }  # fmt: skip
    no_person = rows[2]
    assert no_person["mlbam"] is None and no_person["effective_date"] is None
    assert no_person["from_team_id"] is None


def test_long_transaction_range_is_split_by_year(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/transactions").respond_with_json({"transactions": []})
    statsapi.transactions(date(2023, 1, 1), date(2025, 6, 30), base_url=_base(httpserver))
    windows = [(r.args["startDate"], r.args["endDate"]) for r, _ in httpserver.log]
    assert windows == [
        ("01/01/2023", "01/01/2024"),
        ("01/02/2024", "01/01/2025"),
        ("01/02/2025", "06/30/2025"),
    ]


def test_retry_after_server_error(httpserver: HTTPServer) -> None:
    path = "/api/v1/teams/119/roster"
    httpserver.expect_oneshot_request(path).respond_with_data("busy", status=502)
    httpserver.expect_request(path).respond_with_json(_json("roster_119_40man_2025-09-28.json"))
    rows = statsapi.roster(119, date=date(2025, 9, 28), base_url=_base(httpserver))
    assert len(rows) == 4
    assert [resp.status_code for _, resp in httpserver.log] == [502, 200]


def test_gives_up_after_limited_retries(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/teams/119/roster").respond_with_data("down", status=503)
    with pytest.raises(SourceUnavailable, match=r"HTTP 503 after 3 tries"):
        statsapi.roster(119, date="2025-09-28", base_url=_base(httpserver))
    assert len(httpserver.log) == 1 + fetch_mod.RETRIES


def test_404_is_one_line_source_unavailable(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/teams/1/roster").respond_with_data("nope", status=404)
    with pytest.raises(SourceUnavailable) as info:
        statsapi.roster(1, date="2025-09-28", base_url=_base(httpserver))
    message = str(info.value)
    assert "HTTP 404" in message and "\n" not in message and info.value.code == "HS103"
    assert len(httpserver.log) == 1  # a 4xx is not retried


def test_oversized_answer_is_refused(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statsapi, "MAX_BYTES", 1_000)
    httpserver.expect_request("/api/v1/transactions").respond_with_json(
        {"transactions": [{"description": "x" * 2_000}]}
    )
    with pytest.raises(SourceUnavailable, match="limit"):
        statsapi.transactions(date(2025, 1, 1), date(2025, 1, 2), base_url=_base(httpserver))


def test_not_json_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/transactions").respond_with_data(
        "<html>maintenance</html>", content_type="text/html"
    )
    with pytest.raises(SourceUnavailable, match="not JSON"):
        statsapi.transactions(date(2025, 1, 1), date(2025, 1, 2), base_url=_base(httpserver))


def test_env_base_url_and_user_agent(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(statsapi.ENV_BASE_URL, _base(httpserver))
    httpserver.expect_request("/api/v1/transactions").respond_with_json({"transactions": []})
    assert statsapi.transactions(date(2025, 1, 1), date(2025, 1, 1)) == []
    request, _ = httpserver.log[0]
    assert request.headers["User-Agent"].startswith("hotstove/")


def test_bad_arguments() -> None:
    with pytest.raises(BadInput):
        statsapi.person_stats(1, "fielding")  # type: ignore[arg-type]
    with pytest.raises(BadInput):
        statsapi.roster(119, date="28/09/2025")
    with pytest.raises(BadInput):
        statsapi.transactions(date(2025, 2, 1), date(2025, 1, 1))


# ------------------------------------------------------------------------------------------
# write_rows

_STATS = ", ".join(f'"{c}" BIGINT' for c in statsapi.BATTING_COLUMNS[10:-1])
_ID_COLS = (
    "person_id VARCHAR, mlbam BIGINT, bbref VARCHAR, season INTEGER, level VARCHAR, team VARCHAR, "
    "team_name VARCHAR, org VARCHAR, league VARCHAR, stint INTEGER"
)


@pytest.fixture
def kb() -> Iterator[Duck]:
    con = connect(None, read_only=False)
    con.execute(f"CREATE TABLE batting ({_ID_COLS}, {_STATS}, source VARCHAR)")
    pitching_stats = ", ".join(f'"{c}" BIGINT' for c in statsapi.PITCHING_COLUMNS[10:-1])
    con.execute(f"CREATE TABLE pitching ({_ID_COLS}, {pitching_stats}, source VARCHAR)")
    con.execute(
        "CREATE TABLE rosters (club VARCHAR, team_id INTEGER, date DATE, mlbam BIGINT, "
        "name VARCHAR, jersey VARCHAR, position VARCHAR, status VARCHAR, is_40_man BOOLEAN, "
        "is_active BOOLEAN, source VARCHAR)"
    )
    con.execute(
        "CREATE TABLE transactions (date DATE, effective_date DATE, mlbam BIGINT, name VARCHAR, "
        "type_code VARCHAR, type_desc VARCHAR, from_team_id INTEGER, from_team VARCHAR, "
        "to_team_id INTEGER, to_team VARCHAR, description VARCHAR, source VARCHAR)"
    )
    yield con
    con.close()


def _dump(con: Duck, table: str) -> list[tuple[Any, ...]]:
    return sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def test_write_rows_is_idempotent(kb: Duck, httpserver: HTTPServer) -> None:
    _serve_person(
        httpserver,
        687221,
        "hitting",
        "people_687221_hitting_milb.json",
        "people_687221_hitting_mlb.json",
    )
    rows = statsapi.person_stats(687221, "hitting", base_url=_base(httpserver))
    assert statsapi.write_rows(kb, "batting", rows) == 5
    first = _dump(kb, "batting")
    statsapi.write_rows(kb, "batting", rows)
    assert _dump(kb, "batting") == first

    changed = [dict(rows[3], H=38)]  # a corrected line replaces, never duplicates
    statsapi.write_rows(kb, "batting", changed)
    assert len(_dump(kb, "batting")) == 5
    got = kb.execute(
        "SELECT H FROM batting WHERE season = 2025 AND level = 'AAA' AND source = 'statsapi'"
    ).fetchall()
    assert got == [(38,)]

    other = [dict(rows[0], source="milb")]  # another source's row with the same id is kept
    statsapi.write_rows(kb, "batting", other)
    assert len(_dump(kb, "batting")) == 6


def test_write_rows_null_keys_and_other_tables(kb: Duck) -> None:
    row: dict[str, Any] = {c: None for c in statsapi.PITCHING_COLUMNS}
    row.update(person_id="1", mlbam=1, season=2019, level="CPX", stint=1, IPouts=10)
    row["source"] = "statsapi"
    statsapi.write_rows(kb, "pitching", [row])
    statsapi.write_rows(kb, "pitching", [dict(row, IPouts=11)])  # team NULL still matches
    assert kb.execute("SELECT IPouts FROM pitching").fetchall() == [(11,)]

    roster_row = {
        "club": "LAD", "team_id": 119, "date": date(2025, 9, 28), "mlbam": 687221,
        "name": "Dalton Rushing", "jersey": "68", "position": "C", "status": "ACTIVE",
        "is_40_man": True, "is_active": True, "source": "statsapi",
    }  # fmt: skip
    for _ in range(2):
        statsapi.write_rows(kb, "rosters", [roster_row, roster_row])
    assert len(_dump(kb, "rosters")) == 1

    moves = statsapi.parse_transactions(_json("transactions_2025-11-10_2025-11-20.json"))
    for _ in range(2):
        statsapi.write_rows(kb, "transactions", moves)
    assert len(_dump(kb, "transactions")) == 3


def test_write_rows_refuses_unknown_tables_and_columns(kb: Duck) -> None:
    with pytest.raises(BadInput):
        statsapi.write_rows(kb, "people; DROP TABLE batting", [])
    with pytest.raises(BadInput, match="bogus"):
        statsapi.write_rows(kb, "rosters", [{"bogus": 1}])
    assert statsapi.write_rows(kb, "rosters", []) == 0


def test_write_rows_inside_the_callers_transaction(kb: Duck) -> None:
    moves = statsapi.parse_transactions(_json("transactions_2025-11-10_2025-11-20.json"))
    kb.execute("BEGIN TRANSACTION")
    statsapi.write_rows(kb, "transactions", moves)
    kb.execute("ROLLBACK")  # the caller's rollback undoes the write
    assert _dump(kb, "transactions") == []
