"""Downloads: the shared HTTP rules, the Chadwick register, and ``fetch_all`` (all on localhost)."""

from __future__ import annotations

import csv
import json
import re
import socket
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from hotstove.errors import SourceUnavailable
from hotstove.kb.fetch import csv_check, download, fetch_all, http_client
from hotstove.kb.sources import chadwick_fetch, statsapi
from hotstove.storage.duck import connect

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PEOPLE = (FIXTURES / "chadwick" / "people_rushing.csv").read_bytes()
NAMES = (FIXTURES / "chadwick" / "names.csv").read_bytes()
COUNTRIES = (FIXTURES / "chadwick" / "countries.csv").read_bytes()


def _register_body(name: str) -> bytes:
    if name.startswith("people-"):
        return PEOPLE
    return NAMES if name == "names.csv" else COUNTRIES


def _serve_register(server: HTTPServer, *, broken: str | None = None) -> None:
    for name in chadwick_fetch.register_files():
        body = b"<html>rate limited</html>" if name == broken else _register_body(name)
        server.expect_request(f"/data/{name}").respond_with_data(body, content_type="text/plain")


# ------------------------------------------------------------------------------------------
# the Chadwick register


def test_fetch_register_is_complete_and_idempotent(httpserver: HTTPServer, tmp_path: Path) -> None:
    _serve_register(httpserver)
    seen: list[tuple[int, int | None]] = []
    paths = chadwick_fetch.fetch_register(
        tmp_path / "chadwick",
        base_url=httpserver.url_for("/data/"),
        progress=lambda n, total: seen.append((n, total)),
    )
    names = [p.name for p in paths]
    assert names == [f"people-{c}.csv" for c in "0123456789abcdef"] + [
        "names.csv",
        "countries.csv",
    ]
    assert all(p.read_bytes() == _register_body(p.name) for p in paths)
    assert sum(n for n, _ in seen) == sum(len(_register_body(n)) for n in names)
    assert {total for _, total in seen} <= {len(PEOPLE), len(NAMES), len(COUNTRIES)}

    before = {p.name: p.read_bytes() for p in paths}
    chadwick_fetch.fetch_register(tmp_path / "chadwick", base_url=httpserver.url_for("/data/"))
    after = {p.name: p.read_bytes() for p in (tmp_path / "chadwick").iterdir()}
    assert after == before  # same files, nothing else (no temporary files)

    # what came is what the local loader reads
    con = connect(None, read_only=False)
    from hotstove.kb.sources import chadwick

    chadwick.load(con, tmp_path)
    assert con.execute(
        "SELECT DISTINCT key_bbref, key_retro, key_fangraphs FROM register "
        "WHERE key_mlbam = '687221'"
    ).fetchall() == [("rushida01", "rushd001", "31382")]


def test_fetch_register_keeps_good_files_and_names_the_bad_one(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    _serve_register(httpserver, broken="people-3.csv")
    with pytest.raises(SourceUnavailable) as info:
        chadwick_fetch.fetch_register(tmp_path, base_url=httpserver.url_for("/data/"))
    message = str(info.value)
    assert "people-3.csv" in message and "1 of 18" in message and "\n" not in message
    assert not (tmp_path / "people-3.csv").exists()
    assert len([p for p in tmp_path.iterdir() if p.suffix == ".csv"]) == 17


def test_register_header_is_checked(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/data/people-0.csv").respond_with_data(
        "key_person,name_last\nabc,Smith\n"
    )
    with pytest.raises(SourceUnavailable, match="key_person,key_uuid,key_mlbam"):
        chadwick_fetch.fetch_file("people-0.csv", tmp_path, base_url=httpserver.url_for("/data"))


# ------------------------------------------------------------------------------------------
# the shared HTTP rules


def test_download_retries_a_server_error(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_oneshot_request("/f.csv").respond_with_data("oops", status=500)
    httpserver.expect_request("/f.csv").respond_with_data("a,b\n1,2\n")
    with http_client() as client:
        out = download(
            client, httpserver.url_for("/f.csv"), tmp_path / "f.csv", what="test", max_bytes=100
        )
    assert out.read_text() == "a,b\n1,2\n"
    assert [r.status_code for _, r in httpserver.log] == [500, 200]


def test_download_refuses_a_declared_oversized_body(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/big.csv").respond_with_data("a,b\n" + "1,2\n" * 100)
    with http_client() as client, pytest.raises(SourceUnavailable, match="over the"):
        download(client, httpserver.url_for("/big.csv"), tmp_path / "x", what="t", max_bytes=50)
    assert list(tmp_path.iterdir()) == []


def test_download_stops_an_undeclared_oversized_body(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    def endless(_request: Request) -> Response:
        return Response((b"1,2\n" * 1000 for _ in range(100)), content_type="text/csv")

    httpserver.expect_request("/stream.csv").respond_with_handler(endless)
    with http_client() as client, pytest.raises(SourceUnavailable, match="download stopped"):
        download(
            client, httpserver.url_for("/stream.csv"), tmp_path / "x", what="t", max_bytes=10_000
        )
    assert list(tmp_path.iterdir()) == []


def test_unreachable_host_is_source_unavailable(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with http_client() as client, pytest.raises(SourceUnavailable, match="could not reach"):
        download(client, f"http://127.0.0.1:{port}/x.csv", tmp_path / "x", what="t", max_bytes=9)


def test_csv_check_sees_html_without_a_content_type() -> None:
    check = csv_check("t")
    with pytest.raises(SourceUnavailable, match="web page"):
        check(b"\n  <!DOCTYPE html><html><body>captcha</body></html>", "")
    check(b'\xef\xbb\xbf"id","name"\n1,x\n', "text/csv")  # a BOM and quotes are fine


# ------------------------------------------------------------------------------------------
# fetch_all


def _statsapi_json(name: str) -> Any:
    return json.loads((FIXTURES / "statsapi" / name).read_text("utf-8"))


def test_fetch_all_reports_what_came_and_what_failed(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    savant = FIXTURES / "savant"
    roster = _statsapi_json("roster_119_40man_2025-09-28.json")
    moves = _statsapi_json("transactions_2025-11-10_2025-11-20.json")

    def handler(request: Request) -> Response:
        path = request.path
        if path.startswith("/register/"):
            return Response(_register_body(path.rsplit("/", 1)[1]), content_type="text/plain")
        if path == "/savant/catcher_framing":
            return Response((savant / "catcher-framing_2025.csv").read_bytes(), mimetype="text/csv")
        if path == "/savant/leaderboard/poptime":
            return Response((savant / "poptime_2025.csv").read_bytes(), mimetype="text/csv")
        if path == "/savant/leaderboard/catcher-blocking":
            return Response("not found", status=404)
        if path == "/savant/leaderboard/catcher-throwing":
            return Response((savant / "error_page.html").read_bytes(), mimetype="text/html")
        m = re.fullmatch(r"/api/v1/teams/(\d+)/roster", path)
        if m:
            return Response(json.dumps(roster), mimetype="application/json")
        if path == "/api/v1/transactions":
            return Response(json.dumps(moves), mimetype="application/json")
        return Response("no such page", status=404)

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    report = fetch_all(
        tmp_path,
        seasons=[2025],
        statsapi_url=httpserver.url_for("/api/v1"),
        savant_url=httpserver.url_for("/savant"),
        register_url=httpserver.url_for("/register/"),
        today=date(2025, 11, 20),
    )

    got = {(f["source"], f["item"]): f["path"] for f in report["fetched"]}
    assert sum(1 for s, _ in got if s == "chadwick") == 18
    assert got[("savant", "framing 2025")] == "savant-catchers/2025/catcher-framing.csv"
    assert got[("savant", "poptime 2025")] == "savant-catchers/2025/poptime.csv"
    assert got[("statsapi", "40-man rosters 2025-11-20")] == (
        "statsapi/rosters_40man_2025-11-20.csv"
    )
    assert got[("statsapi", "transactions 2025")] == "statsapi/transactions_2025.csv"
    failed = {(f["source"], f["item"]): f["reason"] for f in report["failed"]}
    assert set(failed) == {("savant", "blocking 2025"), ("savant", "throwing 2025")}
    assert "HTTP 404" in failed[("savant", "blocking 2025")]
    assert "web page" in failed[("savant", "throwing 2025")]
    assert all(f["bytes"] > 0 for f in report["fetched"])

    # the Stats API files are in the KB table shapes, readable by the build
    with (tmp_path / "statsapi" / "rosters_40man_2025-11-20.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == statsapi.ROSTER_COLUMNS
    assert len(rows) == 4 * len(statsapi.MLB_CLUBS)
    con = connect(None, read_only=False)
    claim = con.execute(
        "SELECT date, mlbam, type_code, from_team_id, to_team_id FROM read_csv(?, header = true) "
        "WHERE type_code = 'CLW'",
        [str(tmp_path / "statsapi" / "transactions_2025.csv")],
    ).fetchall()
    assert claim == [(date(2025, 11, 12), 666163, "CLW", 119, 113)]
