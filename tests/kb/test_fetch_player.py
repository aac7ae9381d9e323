"""`hotstove data fetch --player`: one player's Stats API lines land in the KB and the next build.

Served from recorded responses by a local HTTP server; nothing reaches the internet.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pytest_httpserver import HTTPServer

from hotstove import api
from hotstove.kb.build import build
from hotstove.kb.card import player_card
from hotstove.kb.store import KB

FIX = Path(__file__).parent.parent / "fixtures" / "statsapi"


def _serve(server: HTTPServer) -> str:
    """Answer like the Stats API: hitting lines for Rushing, no pitching lines."""
    from werkzeug import Request, Response

    def answer(request: Request) -> Response:
        args = request.args
        if args.get("group") == "hitting":
            name = "milb" if args.get("leagueListId") == "milb_all" else "mlb"
            body = (FIX / f"people_687221_hitting_{name}.json").read_text("utf-8")
        else:
            body = json.dumps({"stats": []})
        return Response(body, content_type="application/json")

    server.expect_request("/api/v1/people/687221/stats").respond_with_handler(answer)
    return server.url_for("/api/v1")


def _lines(kb: KB, season: int, level: str) -> list[dict]:
    return [
        r for r in player_card(kb, "687221").batting if (r["season"], r["level"]) == (season, level)
    ]


def test_fetch_player_updates_kb_and_next_build(
    httpserver: HTTPServer, tiny_kb_path: Path, tiny_data: Path, tmp_path: Path
) -> None:
    base = _serve(httpserver)
    db = tmp_path / "kb.duckdb"
    shutil.copy(tiny_kb_path, db)
    with KB.open(db) as kb:
        before = _lines(kb, 2025, "AAA")
    assert before[0]["G"] == 31  # the FanGraphs snapshot of 2025-08-25

    dest = tmp_path / "data"
    shutil.copytree(tiny_data, dest)
    got = api.fetch_player("687221", dest=dest, db=db, statsapi_url=base)
    assert got["mlbam"] == 687221 and got["rows"]["batting"] > 0
    again = api.fetch_player("687221", dest=dest, db=db, statsapi_url=base)  # idempotent
    assert again["rows"] == got["rows"]

    with KB.open(db) as kb:
        aaa = _lines(kb, 2025, "AAA")
        mlb = _lines(kb, 2025, "MLB")
        n = kb.one(
            "SELECT count(*) AS n FROM batting WHERE person_id = '687221' AND source = 'statsapi'"
        )
    # the Stats API's final line wins over the partial snapshot; MLB stays Lahman's, not doubled
    assert len(aaa) == 1 and aaa[0]["G"] == 35 and aaa[0]["source"] == "statsapi"
    assert [round(aaa[0][k], 3) for k in ("AVG", "OBP", "SLG")] == [0.314, 0.436, 0.517]
    assert len(mlb) == 1 and mlb[0]["G"] == 53 and mlb[0]["source"] == "lahman"
    assert n is not None and n["n"] == got["rows"]["batting"]

    rebuilt = tmp_path / "rebuilt.duckdb"
    build(rebuilt, dest)  # the download is part of the data folder now
    with KB.open(rebuilt) as kb:
        assert _lines(kb, 2025, "AAA")[0]["G"] == 35
        st = kb.source("statsapi")
        assert st is not None and st["present"]
