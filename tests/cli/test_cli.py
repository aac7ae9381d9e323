"""The ``hotstove`` command as users run it: the real console entry in a subprocess.

Exit codes, stdout and stderr are checked as a user (or a script) sees them: errors are one coded
line on stderr with a non-zero exit and never a traceback; ``--json`` prints the same records the
Python API returns. ``data fetch`` runs in-process (typer's ``CliRunner``) against a local HTTP
server, so the autouse ``no_internet`` guard covers it. Every subprocess gets base URLs that point
at a closed local port, so no subprocess can reach the internet either.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

import hotstove
from hotstove.cli import app
from hotstove.kb import fetch as fetch_mod
from hotstove.kb.sources import chadwick_fetch, statsapi

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOWHERE = "http://127.0.0.1:9"  # the discard port: refused at once, never the internet
URL_VARS = ("HOTSTOVE_REGISTER_URL", "HOTSTOVE_SAVANT_URL", "HOTSTOVE_STATSAPI_URL")
RUSHING = {"mlbam": 687221, "bbref": "rushida01"}


# ------------------------------------------------------------------------------------------
# helpers


def run(
    *args: str, db: Path | str | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """``hotstove ARGS`` as a user runs it (``python -m hotstove``), without colour, 120 wide."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTSTOVE_")}
    env.update(
        NO_COLOR="1",
        COLUMNS="120",
        TERM="dumb",
        PYTHONIOENCODING="utf-8",
        # never the user's own database or cache, never the internet
        HOTSTOVE_DB=str(db) if db is not None else "/nonexistent/hotstove-test/kb.duckdb",
        HOTSTOVE_CACHE=str(Path(tempfile.gettempdir()) / "hotstove-test-cache"),
        **dict.fromkeys(URL_VARS, NOWHERE),
    )
    return subprocess.run(
        [sys.executable, "-m", "hotstove", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
        check=False,
    )


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout


def assert_error(proc: subprocess.CompletedProcess[str], code: str) -> str:
    """A library error: exit 1, nothing on stdout, the coded message on stderr; returns stderr
    joined into one string (so the checks of the content do not depend on wrapping)."""
    assert_no_traceback(proc)
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert proc.stdout == ""
    assert lines(proc.stderr), "no message on stderr"
    assert lines(proc.stderr)[0].startswith(f"{code}: "), proc.stderr
    return " ".join(line.strip() for line in lines(proc.stderr))


def assert_one_line_error(proc: subprocess.CompletedProcess[str], code: str) -> str:
    assert_error(proc, code)
    got = lines(proc.stderr)
    assert len(got) == 1, f"expected one line on stderr, got {len(got)}:\n{proc.stderr}"
    return got[0]


def as_json(proc: subprocess.CompletedProcess[str]) -> Any:
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)
    return json.loads(proc.stdout)


def rate(v: float) -> str:
    """Baseball style, as printed: .204."""
    s = f"{v:.3f}"
    return s[1:] if s.startswith("0.") else s


def sources_by_name(status: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["source"]: s for s in status["sources"]}


# ------------------------------------------------------------------------------------------
# errors: one coded line, non-zero exit, no traceback


def test_empty_name_is_one_line_error(tiny_kb_path: Path) -> None:
    msg = assert_one_line_error(run("player", "", db=tiny_kb_path), "HS106")
    assert "name" in msg and "MLBAM" in msg  # the message shows what to type


def test_blank_club_is_one_line_error(tiny_kb_path: Path) -> None:
    assert_one_line_error(run("team", "  ", "--season", "2025", db=tiny_kb_path), "HS106")


def test_unknown_club_is_one_line_error(tiny_kb_path: Path) -> None:
    msg = assert_one_line_error(
        run("team", "Springfield Isotopes", "--season", "2025", db=tiny_kb_path), "HS104"
    )
    assert "Springfield Isotopes" in msg


def test_unknown_position_is_one_line_error(tiny_kb_path: Path) -> None:
    msg = assert_one_line_error(
        run("team", "BOS", "--season", "2025", "--position", "QB", db=tiny_kb_path), "HS106"
    )
    assert "QB" in msg


def test_season_without_data_is_one_line_error(tiny_kb_path: Path) -> None:
    msg = assert_one_line_error(run("team", "BOS", "--season", "1850", db=tiny_kb_path), "HS104")
    assert "1850" in msg


@pytest.mark.kb
def test_ambiguous_name_lists_both_will_smiths(real_kb_path: Path) -> None:
    proc = run("player", "Will Smith", db=real_kb_path)
    text = assert_error(proc, "HS105")
    # the catcher (MLB from 2019) and the pitcher (MLB from 2012), with their ids
    catcher = next(line for line in lines(proc.stderr) if "669257" in line)
    pitcher = next(line for line in lines(proc.stderr) if "519293" in line)
    assert "Will Smith" in catcher and "2019" in catcher and "smithwi05" in catcher
    assert "Will Smith" in pitcher and "2012" in pitcher and "smithwi04" in pitcher
    assert "give an id" in text


@pytest.mark.parametrize(
    "args",
    [
        ("player", "Dalton Rushing"),
        ("team", "Red Sox", "--season", "2025"),
        ("data", "status", "--json"),
    ],
    ids=["player", "team", "status"],
)
def test_missing_database_says_to_build(args: tuple[str, ...]) -> None:
    proc = run(*args, "--db", "/nonexistent/x.duckdb")
    msg = assert_one_line_error(proc, "HS101")
    assert "/nonexistent/x.duckdb" in msg
    assert "hotstove data build" in msg


def test_missing_database_from_env_says_to_build() -> None:
    msg = assert_one_line_error(run("player", "687221"), "HS101")  # HOTSTOVE_DB -> nowhere
    assert "hotstove data build" in msg


@pytest.fixture
def junk_db(tmp_path: Path) -> Path:
    path = tmp_path / "junk.duckdb"
    path.write_bytes(b"this is not a database\n" + bytes(range(256)) * 40)
    return path


@pytest.mark.parametrize(
    "args", [("player", "687221"), ("data", "status")], ids=["player", "status"]
)
def test_corrupt_database_is_a_clear_error(junk_db: Path, args: tuple[str, ...]) -> None:
    text = assert_error(run(*args, "--db", str(junk_db)), "HS102")
    assert "cannot be read" in text
    assert "hotstove data build" in text


def test_corrupt_database_error_is_one_line(junk_db: Path) -> None:
    assert_one_line_error(run("player", "687221", "--db", str(junk_db)), "HS102")


@pytest.fixture
def stale_db(tmp_path: Path, tiny_kb_path: Path) -> Path:
    """A KB missing a table, as one built by an older hotstove is after an upgrade."""
    import duckdb

    path = tmp_path / "stale.duckdb"
    shutil.copyfile(tiny_kb_path, path)
    con = duckdb.connect(str(path))
    try:
        kind = con.execute(
            "SELECT table_type FROM information_schema.tables WHERE table_name = 'fielding'"
        ).fetchone()
        con.execute(f"DROP {'VIEW' if kind and kind[0] == 'VIEW' else 'TABLE'} fielding CASCADE")
    finally:
        con.close()
    return path


def test_stale_database_fails_without_traceback(stale_db: Path) -> None:
    proc = run("player", "rushida01", "--db", str(stale_db))
    assert_no_traceback(proc)
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert re.match(r"HS1\d\d: ", proc.stderr)


def test_stale_database_says_to_rebuild(stale_db: Path) -> None:
    text = assert_error(run("player", "rushida01", "--db", str(stale_db)), "HS102")
    assert "hotstove data build" in text


def test_build_from_missing_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "kb.duckdb"
    proc = run("data", "build", "--db", str(db), "--data-dir", "/nonexistent-hotstove-data")
    assert_no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stdout == ""
    last = lines(proc.stderr)[-1]
    assert last.startswith("HS103: ") and "/nonexistent-hotstove-data" in last
    assert "--data-dir" in last or "HOTSTOVE_DATA" in last
    assert not db.exists()
    assert list(tmp_path.iterdir()) == []  # no half-built file left behind


def test_build_from_missing_data_dir_is_one_line(tmp_path: Path) -> None:
    proc = run(
        "data",
        "build",
        "--db",
        str(tmp_path / "kb.duckdb"),
        "--data-dir",
        "/nonexistent-hotstove-data",
    )
    assert_one_line_error(proc, "HS103")


@pytest.mark.parametrize(
    "args",
    [
        ("player", "Dalton Rushing", "--bogus"),
        ("team", "BOS", "--bogus"),
        ("team", "BOS", "--season", "twenty"),
        ("data", "build", "--bogus"),
        ("data", "status", "--bogus"),
        ("data", "fetch", "--first", "soon"),
        ("data", "nosuchcommand"),
        ("player",),
    ],
    ids=["player", "team", "team-season", "build", "status", "fetch", "subcommand", "no-name"],
)
def test_usage_errors_exit_2_without_traceback(args: tuple[str, ...]) -> None:
    proc = run(*args)
    assert_no_traceback(proc)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert "Usage:" in proc.stderr
    assert "Error" in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("player",),
        ("team",),
        ("data", "build"),
        pytest.param(("data", "status")),
        ("data", "fetch"),
    ],
    ids=["player", "team", "build", "status", "fetch"],
)
def test_help_shows_an_example(args: tuple[str, ...]) -> None:
    proc = run(*args, "--help")
    assert_no_traceback(proc)
    assert proc.returncode == 0
    assert "Usage:" in proc.stdout
    assert re.search(r"Example: hotstove " + re.escape(" ".join(args)), proc.stdout), proc.stdout


def test_top_level_help_lists_commands() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    for command in ("player", "team", "data"):
        assert re.search(rf"^\W*{command}\b", proc.stdout, re.MULTILINE), proc.stdout


# ------------------------------------------------------------------------------------------
# player


@pytest.fixture(scope="module")
def rushing_card(tiny_kb_path: Path) -> dict[str, Any]:
    card: dict[str, Any] = as_json(run("player", "Dalton Rushing", "--json", db=tiny_kb_path))
    return card


def test_player_json_ids(rushing_card: dict[str, Any]) -> None:
    assert rushing_card["name"] == "Dalton Rushing"
    assert rushing_card["ids"]["mlbam"] == RUSHING["mlbam"]
    assert rushing_card["ids"]["bbref"] == RUSHING["bbref"]


def test_player_json_2025_mlb_batting(rushing_card: dict[str, Any]) -> None:
    rows = [r for r in rushing_card["batting"] if r["season"] == 2025 and r["level"] == "MLB"]
    assert len(rows) == 1
    row = rows[0]
    assert (row["team"], row["G"], row["SO"], row["BB"]) == ("LAD", 53, 58, 10)
    got = tuple(rate(row[k]) for k in ("AVG", "OBP", "SLG", "OPS"))
    assert got == (".204", ".258", ".324", ".582")


def test_player_json_fielding_and_postseason(rushing_card: dict[str, Any]) -> None:
    first_base = [
        r for r in rushing_card["fielding"] if r["season"] == 2025 and r["position"] == "1B"
    ]
    assert [(r["G"], r["GS"]) for r in first_base] == [(8, 1)]
    post = [r for r in rushing_card["postseason"] if r["season"] == 2025]
    assert sum(r["G"] for r in post) == 1


@pytest.mark.parametrize("query", ["687221", "rushida01"])
def test_player_same_card_by_id(
    tiny_kb_path: Path, rushing_card: dict[str, Any], query: str
) -> None:
    assert as_json(run("player", query, "--json", db=tiny_kb_path)) == rushing_card


def test_player_terminal_card(tiny_kb_path: Path) -> None:
    proc = run("player", "Dalton Rushing", db=tiny_kb_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    for text in ("Dalton Rushing", "687221", "rushida01", "Batting", ".204", ".258", ".582"):
        assert text in proc.stdout
    mlb = next(line for line in proc.stdout.splitlines() if re.search(r"2025\s+MLB\s+LAD", line))
    assert re.search(r"\b53\b", mlb) and ".204" in mlb


def test_player_json_matches_python_api(tiny_kb_path: Path, rushing_card: dict[str, Any]) -> None:
    card = hotstove.player("Dalton Rushing", db=tiny_kb_path)
    assert json.loads(json.dumps(card.to_dict(), ensure_ascii=False, default=str)) == rushing_card


def test_python_api_player_frame(tiny_kb_path: Path) -> None:
    card = hotstove.player("Dalton Rushing", db=tiny_kb_path)
    assert card.ids["mlbam"] == RUSHING["mlbam"]
    frame = card.to_frame("batting")
    mlb = frame[(frame["season"] == 2025) & (frame["level"] == "MLB")]
    assert len(mlb) == 1
    assert int(mlb.iloc[0]["G"]) == 53
    assert rate(float(mlb.iloc[0]["AVG"])) == ".204"


# ------------------------------------------------------------------------------------------
# team


@pytest.fixture(scope="module")
def red_sox_catchers(tiny_kb_path: Path) -> dict[str, Any]:
    chart: dict[str, Any] = as_json(
        run("team", "Red Sox", "--season", "2025", "--position", "C", "--json", db=tiny_kb_path)
    )
    return chart


def _catchers(chart: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert [d["position"] for d in chart["depth"]] == ["C"]
    return {p["bbref"]: p for p in chart["depth"][0]["players"]}


def test_team_json_depth(red_sox_catchers: dict[str, Any]) -> None:
    assert (red_sox_catchers["club"], red_sox_catchers["season"]) == ("BOS", 2025)
    catchers = _catchers(red_sox_catchers)
    assert catchers["narvaca01"]["G"] == 112
    assert catchers["wongco01"]["G"] == 61
    assert catchers["narvaca01"]["name"] == "Carlos Narváez"
    order = list(catchers)
    assert order.index("narvaca01") < order.index("wongco01")  # most games first


def test_team_json_person_ids(red_sox_catchers: dict[str, Any]) -> None:
    catchers = _catchers(red_sox_catchers)
    assert catchers["narvaca01"]["person_id"] == "665966"
    assert catchers["wongco01"]["person_id"] == "657136"


def test_team_terminal_lists_both_catchers(tiny_kb_path: Path) -> None:
    proc = run("team", "Red Sox", "--season", "2025", "--position", "C", db=tiny_kb_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = proc.stdout
    assert "Boston Red Sox" in out
    narvaez = next(line for line in out.splitlines() if "Carlos Narváez" in line)
    wong = next(line for line in out.splitlines() if "Connor Wong" in line)
    assert re.search(r"\b112\b", narvaez) and re.search(r"\b61\b", wong)
    assert out.index("Carlos Narváez") < out.index("Connor Wong")


@pytest.mark.parametrize("club", ["BOS", "Boston"])
def test_team_club_forms_agree(
    tiny_kb_path: Path, red_sox_catchers: dict[str, Any], club: str
) -> None:
    got = as_json(
        run("team", club, "--season", "2025", "--position", "c", "--json", db=tiny_kb_path)
    )
    assert got == red_sox_catchers


def test_team_json_matches_python_api(tiny_kb_path: Path, red_sox_catchers: dict[str, Any]) -> None:
    chart = hotstove.team("BOS", 2025, "C", db=tiny_kb_path)
    assert json.loads(json.dumps(chart.to_dict(), default=str)) == red_sox_catchers
    frame = chart.to_frame()
    narvaez = frame[frame["bbref"] == "narvaca01"]
    assert list(narvaez["name"]) == ["Carlos Narváez"]
    assert list(narvaez["G"]) == [112]
    assert set(frame["position"]) == {"C"}


# ------------------------------------------------------------------------------------------
# data status


def test_status_terminal_names_absent_sources(tiny_kb_path: Path) -> None:
    proc = run("data", "status", db=tiny_kb_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert str(tiny_kb_path) in out.replace("\n", "") or tiny_kb_path.name in out
    rows = {}
    for line in out.splitlines():
        m = re.match(r"^\W*(\w+)\s*│\s*(\S+)", line)
        if m:
            rows[m.group(1)] = m.group(2)
    for source in ("chadwick", "lahman", "milb", "savant"):
        assert rows.get(source) == "present", (source, out)
    for source in ("contracts", "transactions"):
        assert rows.get(source) == "ABSENT", (source, out)
    for credit in ("Lahman", "Chadwick", "Spotrac"):  # credits, even of absent sources
        assert credit in out


def test_status_json_names_absent_sources(tiny_kb_path: Path) -> None:
    status = as_json(run("data", "status", "--json", db=tiny_kb_path))
    assert status["db"] == str(tiny_kb_path)
    by = sources_by_name(status)
    for source in ("chadwick", "lahman", "milb", "savant"):
        assert by[source]["present"] is True
        assert by[source]["tables"] and all(n >= 0 for n in by[source]["tables"].values())
        assert by[source]["credit"]
    for source in ("contracts", "transactions"):
        assert by[source]["present"] is False
        assert by[source]["tables"] == {}
        assert "absent" in by[source]["note"]
    assert by["lahman"]["tables"]["lahman_people"] > 20_000
    assert status == hotstove.status(db=tiny_kb_path)


# ------------------------------------------------------------------------------------------
# data build


def _tables(status: dict[str, Any]) -> dict[str, tuple[bool, dict[str, int]]]:
    return {s["source"]: (s["present"], s["tables"]) for s in status["sources"]}


def test_build_twice_gives_the_same_tables(
    tmp_path: Path, tiny_data: Path, tiny_kb_path: Path
) -> None:
    """A rebuild over an existing KB (here the session's tiny KB, built from the same folder)
    replaces it atomically and holds the same tables."""
    db = tmp_path / "kb" / "hotstove.duckdb"
    db.parent.mkdir()
    shutil.copyfile(tiny_kb_path, db)
    before = as_json(run("data", "status", "--json", db=db))

    proc = run("data", "build", "--db", str(db), "--data-dir", str(tiny_data))
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""  # progress and summary go to stderr
    assert "Built" in proc.stderr and "hotstove.duckdb" in proc.stderr
    assert "contracts" in proc.stderr  # the absent sources are named
    assert db.is_file()
    assert [p.name for p in db.parent.iterdir()] == [db.name]  # no temporary file left

    after = as_json(run("data", "status", "--json", db=db))
    assert _tables(after) == _tables(before)
    assert after["meta"]["built_at"] >= before["meta"]["built_at"]
    assert after["meta"]["data_dir"] == str(tiny_data)
    card = as_json(run("player", "687221", "--json", db=db))
    assert card["ids"]["bbref"] == RUSHING["bbref"]


# ------------------------------------------------------------------------------------------
# data fetch (in-process, against a local server)

PEOPLE = (FIXTURES / "chadwick" / "people_rushing.csv").read_bytes()
SAVANT = FIXTURES / "savant"


def _register_file(name: str) -> bytes | None:
    if name == "people-0.csv":
        return PEOPLE
    if name.startswith("people-"):
        return PEOPLE.splitlines(keepends=True)[0]  # the other shards: header only
    if name in ("names.csv", "countries.csv"):
        return (FIXTURES / "chadwick" / name).read_bytes()
    return None


def _handler(request: Request) -> Response:
    path = request.path
    if path.startswith("/register/"):
        body = _register_file(path.rsplit("/", 1)[1])
        if body is not None:
            return Response(body, content_type="text/plain; charset=utf-8")
    if path == "/savant/catcher_framing":
        return Response((SAVANT / "catcher-framing_2025.csv").read_bytes(), mimetype="text/csv")
    if path == "/savant/leaderboard/poptime":
        return Response((SAVANT / "poptime_2025.csv").read_bytes(), mimetype="text/csv")
    if path == "/savant/leaderboard/catcher-throwing":
        return Response((SAVANT / "error_page.html").read_bytes(), mimetype="text/html")
    if re.fullmatch(r"/api/v1/teams/\d+/roster", path):
        body = (FIXTURES / "statsapi" / "roster_119_40man_2025-09-28.json").read_bytes()
        return Response(body, mimetype="application/json")
    return Response("no such page", status=404)  # blocking, transactions, anything else


@pytest.fixture
def served(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[HTTPServer]:
    httpserver.expect_request(re.compile(".*")).respond_with_handler(_handler)
    monkeypatch.setenv("HOTSTOVE_REGISTER_URL", httpserver.url_for("/register/"))
    monkeypatch.setenv("HOTSTOVE_SAVANT_URL", httpserver.url_for("/savant"))
    monkeypatch.setenv("HOTSTOVE_STATSAPI_URL", httpserver.url_for("/api/v1"))
    monkeypatch.setenv("HOTSTOVE_CACHE", str(Path(tempfile.gettempdir()) / "hotstove-test-cache"))
    monkeypatch.delenv("HOTSTOVE_DB", raising=False)
    monkeypatch.setattr(fetch_mod, "_sleep", lambda _s: None)
    yield httpserver


def test_fetch_reports_fetched_and_failed_and_builds(served: HTTPServer, tmp_path: Path) -> None:
    dest = tmp_path / "data"
    runner = CliRunner()
    args = ["data", "fetch", "--dest", str(dest), "--first", "2025", "--last", "2025"]
    result = runner.invoke(app, args)
    assert result.exception is None, result.output
    assert result.exit_code == 0

    report = json.loads(result.stdout)  # the report is JSON on stdout
    summary = " ".join(result.stderr.split())  # and a human summary on stderr
    assert f"Fetched {len(report['fetched'])} files" in summary
    assert "blocking 2025" in summary and "transactions 2025" in summary
    assert Path(report["dest"]) == dest
    fetched = {(f["source"], f["item"]): f for f in report["fetched"]}
    failed = {(f["source"], f["item"]): f["reason"] for f in report["failed"]}

    register = {item for source, item in fetched if source == "chadwick"}
    assert register == set(chadwick_fetch.register_files())
    assert fetched[("savant", "framing 2025")]["path"] == "savant-catchers/2025/catcher-framing.csv"
    assert fetched[("savant", "poptime 2025")]["path"] == "savant-catchers/2025/poptime.csv"
    rosters = [f for (source, item), f in fetched.items() if item.startswith("40-man rosters")]
    assert len(rosters) == 1 and rosters[0]["source"] == "statsapi"
    assert re.fullmatch(r"statsapi/rosters_40man_\d{4}-\d\d-\d\d\.csv", rosters[0]["path"])

    assert set(failed) == {
        ("savant", "blocking 2025"),
        ("savant", "throwing 2025"),
        ("statsapi", "transactions 2025"),
    }
    assert "HTTP 404" in failed[("savant", "blocking 2025")]
    assert "web page" in failed[("savant", "throwing 2025")]
    assert "HTTP 404" in failed[("statsapi", "transactions 2025")]
    assert all("\n" not in reason for reason in failed.values())

    # every reported file is on disk with the reported size; nothing half-written is left
    for f in report["fetched"]:
        path = dest / f["path"]
        assert path.is_file() and path.stat().st_size == f["bytes"] > 0
    leftovers = [p for p in dest.rglob("*") if p.name.startswith(".") or p.suffix == ".part"]
    assert leftovers == []
    assert not (dest / "savant-catchers" / "2025" / "catcher_blocking.csv").exists()

    # every source was asked of the local server only (no_internet guards the rest)
    asked = {req.path.split("/")[1] for req, _ in served.log}
    assert asked == {"register", "savant", "api"}
    roster_calls = [r for r, _ in served.log if r.path.endswith("/roster")]
    assert len(roster_calls) == len(statsapi.MLB_CLUBS)

    # the folder is one `data build --data-dir` reads (into a --db folder not yet made)
    db = tmp_path / "new" / "kb.duckdb"
    built = runner.invoke(app, ["data", "build", "--db", str(db), "--data-dir", str(dest)])
    assert built.exception is None, built.output
    assert built.exit_code == 0
    assert built.stdout == ""
    status = runner.invoke(app, ["data", "status", "--db", str(db), "--json"])
    assert status.exit_code == 0, status.output
    by = sources_by_name(json.loads(status.stdout))
    assert by["chadwick"]["present"] is True
    assert by["chadwick"]["tables"]["register"] >= 1
    assert by["savant"]["present"] is True
    assert by["savant"]["tables"]["catcher_framing"] > 0
    assert by["savant"]["tables"]["catcher_poptime"] > 0
    assert by["statsapi"]["present"] is True
    assert by["statsapi"]["tables"]["rosters"] > 0
    card = hotstove.player("687221", db=db)
    assert card.ids["bbref"] == RUSHING["bbref"]


def test_fetch_with_nothing_fetched_exits_non_zero(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    httpserver.expect_request(re.compile(".*")).respond_with_data("gone", status=404)
    for var, path in zip(URL_VARS, ("/register/", "/savant", "/api/v1"), strict=True):
        monkeypatch.setenv(var, httpserver.url_for(path))
    monkeypatch.setattr(fetch_mod, "_sleep", lambda _s: None)
    args = ["data", "fetch", "--dest", str(tmp_path), "--first", "2025", "--last", "2025"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    report = json.loads(result.stdout)  # the report is still printed
    assert report["fetched"] == [] and report["failed"]
    assert "HTTP 404" in result.stderr
    assert list(tmp_path.rglob("*.csv")) == []


@pytest.mark.parametrize(
    ("query", "code"),
    [("", "HS106"), ("Springfield Nobody", "HS104"), ("687221", "HS103")],
    ids=["empty", "unknown", "offline"],
)
def test_fetch_player_errors(tiny_kb_path: Path, tmp_path: Path, query: str, code: str) -> None:
    db = tmp_path / "kb.duckdb"
    shutil.copyfile(tiny_kb_path, db)  # --player writes into the KB: never the shared fixture
    proc = run("data", "fetch", "--player", query, "--db", str(db), "--dest", str(tmp_path / "d"))
    text = assert_error(proc, code)
    if code == "HS103":
        assert "127.0.0.1:9" in text  # the mirror it was pointed at, not the internet


# ------------------------------------------------------------------------------------------
# evaluation of a move


@pytest.mark.kb
def test_trade_report_json_and_terminal(real_kb_path: Path) -> None:
    args = ("trade", "--player", "Dalton Rushing", "--from", "LAD", "--to", "BOS")
    d = as_json(run(*args, "--json", db=real_kb_path))
    assert set(d) >= {"player", "from", "to", "value", "projection", "control", "surplus", "fit",
                      "history", "sources"}  # fmt: skip
    assert d["player"]["mlbam"] == RUSHING["mlbam"]
    assert {r["status"] for r in d["control"]} >= {"pre_arb", "arb"}
    assert all({"season", "WAR"} <= set(v) for v in d["value"])
    proc = run(*args, db=real_kb_path)
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr
    for text in ("Carlos Narváez", "Connor Wong", "Will Smith", "Surplus value", "2020-02-10"):
        assert text in proc.stdout, text


@pytest.mark.kb
def test_trade_and_leaders_errors_are_one_line(real_kb_path: Path) -> None:
    msg = assert_one_line_error(
        run("trade", "--player", "Nobody Atall", "--from", "LAD", "--to", "BOS", db=real_kb_path),
        "HS104",
    )
    assert "Nobody Atall" in msg
    same = ("trade", "--player", "Dalton Rushing", "--from", "LAD", "--to", "Dodgers")
    assert_one_line_error(run(*same, db=real_kb_path), "HS106")
    assert_one_line_error(run("leaders", "--season", "1850", db=real_kb_path), "HS104")
    assert_one_line_error(run("leaders", "--kind", "fielding", db=real_kb_path), "HS106")


@pytest.mark.kb
def test_leaders_json(real_kb_path: Path) -> None:
    rows = as_json(run("leaders", "--season", "2025", "--top", "5", "--json", db=real_kb_path))
    assert len(rows) == 5 and rows[0]["mlbam"] == 592450  # Aaron Judge
    assert rows == sorted(rows, key=lambda r: -r["WAR"])
