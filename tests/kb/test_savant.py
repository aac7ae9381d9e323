"""Baseball Savant catcher leaderboards: the local loader, and the fetcher against localhost."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from hotstove.errors import BadInput, SourceUnavailable
from hotstove.kb.sources import savant
from hotstove.storage.duck import Duck, connect

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "savant"
REAL_DATA = Path(os.environ.get("HOTSTOVE_DATA", "/work/shared/data"))


@pytest.fixture
def con() -> Iterator[Duck]:
    c = connect(None, read_only=False)
    yield c
    c.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A ``HOTSTOVE_DATA`` folder with a few real rows of each file in both layouts."""
    root = tmp_path / "data" / "savant-catchers"
    (root / "2025").mkdir(parents=True)
    (root / "history").mkdir()
    copies = {
        "catcher-framing_2025.csv": "2025/catcher-framing.csv",
        "catcher_blocking_2025.csv": "2025/catcher_blocking.csv",
        "poptime_2025.csv": "2025/poptime.csv",
        "catcher_framing_2015.csv": "history/catcher_framing_2015.csv",
        "poptime_2019.csv": "history/poptime_2019.csv",
        "poptime_history_2025.csv": "history/poptime_2025.csv",  # also in 2025/: not read
    }
    for src, dst in copies.items():
        shutil.copy(FIXTURES / src, root / dst)
    return tmp_path / "data"


def _one(con: Duck, sql: str, *params: Any) -> tuple[Any, ...]:
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_load_fixture_layout(con: Duck, data_dir: Path) -> None:
    counts = savant.load(con, data_dir)
    assert counts == {
        "catcher_framing": 3,
        "catcher_framing_league": 1,
        "catcher_blocking": 2,
        "catcher_poptime": 3,
    }
    name, pitches, runs, rate = _one(
        con,
        "SELECT name, pitches, framing_runs, strike_rate FROM catcher_framing "
        "WHERE season = 2025 AND mlbam = ?",
        687221,
    )
    assert (name, pitches, round(runs, 2)) == ("Dalton Rushing", 2660, -3.06)
    assert 0 < rate < 1
    assert _one(
        con,
        "SELECT pitches, blocking_runs, blocks_above_average, pb_wp, round(x_pb_wp, 2) "
        "FROM catcher_blocking WHERE mlbam = ?",
        687221,
    ) == (1330, -1.0, -4.0, 16, 11.73)
    assert _one(
        con,
        "SELECT team_id, age, arm_strength, pop_2b, pop_2b_att, source FROM catcher_poptime "
        "WHERE season = 2025 AND mlbam = ?",
        687221,
    ) == (119, 24, 82.8, 1.93, 15, "savant:2025/poptime.csv")
    # the old framing file: its league-average row is not a player
    assert _one(
        con, "SELECT name, framing_runs, strike_rate FROM catcher_framing WHERE season = 2015"
    ) == ("Yasmani Grandal", 25.0, 0.523)
    assert _one(con, "SELECT season, pitches, strike_rate FROM catcher_framing_league") == (
        2015,
        143616,
        0.467,
    )
    # a season in both 2025/ and history/ comes once, from 2025/
    assert con.execute(
        "SELECT season, count(*), count(DISTINCT source) FROM catcher_poptime "
        "WHERE mlbam = 592663 GROUP BY 1 ORDER BY 1"
    ).fetchall() == [(2019, 1, 1), (2025, 1, 1)]


def test_load_is_idempotent_and_takes_either_folder(con: Duck, data_dir: Path) -> None:
    first = savant.load(con, data_dir)
    dump = con.execute("SELECT * FROM catcher_poptime ORDER BY ALL").fetchall()
    assert savant.load(con, data_dir / "savant-catchers") == first
    assert con.execute("SELECT * FROM catcher_poptime ORDER BY ALL").fetchall() == dump


def test_old_style_framing_in_a_season_folder(con: Duck, data_dir: Path) -> None:
    season_dir = data_dir / "savant-catchers" / "2016"
    season_dir.mkdir()
    text = (FIXTURES / "catcher_framing_2015.csv").read_text("utf-8").replace(",2015,", ",2016,")
    (season_dir / "catcher-framing.csv").write_text(text, encoding="utf-8")
    counts = savant.load(con, data_dir)
    assert (counts["catcher_framing"], counts["catcher_framing_league"]) == (4, 2)
    assert con.execute(
        "SELECT season, source FROM catcher_framing WHERE mlbam = 518735 ORDER BY season"
    ).fetchall() == [
        (2015, "savant:history/catcher_framing_2015.csv"),
        (2016, "savant:2016/catcher-framing.csv"),
    ]


def test_load_empty_folder_makes_empty_tables(con: Duck, tmp_path: Path) -> None:
    (tmp_path / "savant-catchers").mkdir()
    assert set(savant.load(con, tmp_path).values()) == {0}


def test_load_reports_a_changed_format(con: Duck, data_dir: Path) -> None:
    bad = data_dir / "savant-catchers" / "2025" / "catcher_blocking.csv"
    bad.write_text('player_id,player_name,pitches\n1,"A, B",3\n', encoding="utf-8")
    with pytest.raises(SourceUnavailable, match="missing columns: catcher_blocking_runs"):
        savant.load(con, data_dir)


@pytest.mark.skipif(
    not (REAL_DATA / "savant-catchers").is_dir(), reason="no real data folder (HOTSTOVE_DATA)"
)
def test_load_real_files(con: Duck) -> None:
    counts = savant.load(con, REAL_DATA)
    assert counts["catcher_framing_league"] == 3
    assert counts["catcher_blocking"] >= 64
    assert _one(con, "SELECT blocks_above_average FROM catcher_blocking WHERE mlbam = 687221") == (
        -4.0,
    )
    runs, pitches = _one(
        con,
        "SELECT framing_runs, pitches FROM catcher_framing WHERE season = 2025 AND mlbam = ?",
        672275,
    )
    assert (round(runs, 1), pitches) == (25.1, 8913)
    assert _one(
        con,
        "SELECT mlbam FROM catcher_framing WHERE season = 2025 ORDER BY framing_runs DESC LIMIT 1",
    ) == (672275,)
    assert con.execute(
        "SELECT season, pop_2b FROM catcher_poptime WHERE mlbam = 592663 "
        "AND season IN (2015, 2019, 2025) ORDER BY season"
    ).fetchall() == [(2015, 1.91), (2019, 1.88), (2025, 1.86)]
    assert _one(
        con,
        "SELECT count(*) FROM (SELECT season, mlbam FROM catcher_poptime "
        "GROUP BY ALL HAVING count(*) > 1)",
    ) == (0,)
    assert _one(con, "SELECT count(*) FROM catcher_framing WHERE season = 2025") == (57,)


# ------------------------------------------------------------------------------------------
# fetch

QUERIES = {
    "framing": (
        "/catcher_framing",
        {"year": "2025", "team": "", "min": "q", "type": "catcher", "sort": "4,1", "csv": "true"},
    ),
    "blocking": (
        "/leaderboard/catcher-blocking",
        {
            "game_type": "Regular",
            "n": "q",
            "season_start": "2025",
            "season_end": "2025",
            "split": "no",
            "team": "",
            "type": "Cat",
            "with_team_only": "1",
            "csv": "true",
        },
    ),  # fmt: skip
    "poptime": (
        "/leaderboard/poptime",
        {"year": "2025", "team": "", "min2b": "5", "min3b": "0", "csv": "true"},
    ),
}
SERVED = {
    "framing": "catcher-framing_2025.csv",
    "blocking": "catcher_blocking_2025.csv",
    "poptime": "poptime_2025.csv",
}


def test_fetch_writes_the_layout_load_reads(
    httpserver: HTTPServer, tmp_path: Path, con: Duck
) -> None:
    for board, (path, query) in QUERIES.items():
        body = (FIXTURES / SERVED[board]).read_bytes()
        httpserver.expect_request(path, query_string=query).respond_with_data(
            body, content_type="text/csv; charset=utf-8"
        )
    dest = tmp_path / "savant-catchers"
    for board in QUERIES:
        out = savant.fetch(board, 2025, dest, base_url=httpserver.url_for("/"))  # type: ignore[arg-type]
        assert out == dest / "2025" / savant.FILE_NAMES[board]
        assert out.read_bytes() == (FIXTURES / SERVED[board]).read_bytes()
    assert sorted(p.name for p in (dest / "2025").iterdir()) == [
        "catcher-framing.csv",
        "catcher_blocking.csv",
        "poptime.csv",
    ]  # no temporary files left behind
    counts = savant.load(con, tmp_path)
    assert (counts["catcher_framing"], counts["catcher_blocking"], counts["catcher_poptime"]) == (
        2,
        2,
        2,
    )


def test_url_for_matches_the_documented_addresses() -> None:
    assert savant.url_for("poptime", 2019) == (
        "https://baseballsavant.mlb.com/leaderboard/poptime?year=2019&team=&min2b=5&min3b=0"
        "&csv=true"
    )
    assert savant.url_for("throwing", 2024, base_url="http://127.0.0.1:1/").startswith(
        "http://127.0.0.1:1/leaderboard/catcher-throwing?game_type=Regular&n=q&season_start=2024"
    )


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/csv"])
def test_fetch_refuses_a_web_page(
    httpserver: HTTPServer, tmp_path: Path, content_type: str
) -> None:
    httpserver.expect_request("/leaderboard/poptime").respond_with_data(
        (FIXTURES / "error_page.html").read_bytes(), content_type=content_type
    )
    dest = tmp_path / "savant-catchers"
    with pytest.raises(SourceUnavailable, match="web page instead of CSV"):
        savant.fetch("poptime", 2025, dest, base_url=httpserver.url_for("/"))
    assert list((dest / "2025").iterdir()) == []


def test_fetch_failure_keeps_the_previous_copy(httpserver: HTTPServer, tmp_path: Path) -> None:
    dest = tmp_path / "savant-catchers"
    old = dest / "2025" / "poptime.csv"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"previous copy\n")
    httpserver.expect_request("/leaderboard/poptime").respond_with_data("gone", status=404)
    with pytest.raises(SourceUnavailable, match="HTTP 404") as info:
        savant.fetch("poptime", 2025, dest, base_url=httpserver.url_for("/"))
    assert "\n" not in str(info.value)
    assert old.read_bytes() == b"previous copy\n"
    assert [p.name for p in old.parent.iterdir()] == ["poptime.csv"]


def test_fetch_refuses_an_unexpected_header(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/catcher_framing").respond_with_data(
        "a,b,c\n1,2,3\n", content_type="text/csv"
    )
    with pytest.raises(SourceUnavailable, match="rv_tot or runs_extra_strikes"):
        savant.fetch("framing", 2025, tmp_path, base_url=httpserver.url_for("/"))


def test_fetch_refuses_an_oversized_body(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(savant, "MAX_BYTES", 200)
    body = (FIXTURES / "catcher_blocking_2025.csv").read_bytes()
    httpserver.expect_request("/leaderboard/catcher-blocking").respond_with_data(
        body, content_type="text/csv"
    )
    with pytest.raises(SourceUnavailable, match="limit"):
        savant.fetch("blocking", 2025, tmp_path, base_url=httpserver.url_for("/"))
    assert not (tmp_path / "2025" / "catcher_blocking.csv").exists()


def test_fetch_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(BadInput):
        savant.fetch("sprint", 2025, tmp_path)  # type: ignore[arg-type]
    with pytest.raises(BadInput):
        savant.fetch("framing", 1899, tmp_path)
