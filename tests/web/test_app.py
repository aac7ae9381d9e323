"""The web dashboard and JSON API through the same door a browser uses (FastAPI's TestClient).

The pages are checked for what a person reads (the Rushing thread, linked names, verdicts, the
2025 lines, the chart's data); the JSON is checked to be the very record the CLI's ``--json``
prints; the safety rules are checked by trying to break them (a ``<script>`` story, oversized
pastes, non-http URLs, unknown routes and ids, an unexpected failure).
"""

from __future__ import annotations

import json
import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hotstove import api
from hotstove.web import create_app, markup
from hotstove.web import views as views_mod
from hotstove.web.charts import season_chart, trade_chart

with warnings.catch_warnings():  # starlette's notice about a future httpx, not ours to act on
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "examples" / "articles"
RUSHING = "687221"


# --- pure pieces: no knowledge base --------------------------------------------------------


def _record() -> dict[str, Any]:
    text = "Sox eye Rushing\n\nRushing hit .204/.258/.324 for the Los Angeles Dodgers in 2025."
    la = text.index("Los Angeles Dodgers")
    slash = text.index(".204")
    return {
        "text": text,
        "players": [{"name": "Dalton Rushing", "person_id": RUSHING, "mlbam": 687221,
                     "mentions": [{"start": 8, "end": 15}, {"start": 17, "end": 24}]}],
        "club_mentions": [{"code": "LAD", "mentions": [{"start": la, "end": la + 19},
                                                       {"start": la + 12, "end": la + 19}]}],
        "people": [],
        "claims": [
            {"span": [slash, slash + 14], "text": ".204/.258/.324", "stat": s, "value": v,
             "verdict": "verified", "truth": v}
            for s, v in (("AVG", 0.204), ("OBP", 0.258), ("SLG", 0.324))
        ] + [{"span": [slash, slash + 14], "text": ".204/.258/.324", "stat": "OPS",
              "value": 0.6, "verdict": "wrong", "truth": 0.582}],
    }  # fmt: skip


def test_mark_links_each_mention_once_and_groups_claims_of_one_span() -> None:
    rec = _record()
    m = markup.mark(rec["text"], rec)
    assert "".join(p.text for p in m.headline) == "Sox eye Rushing"
    body = "".join(p.text for p in m.body)
    assert body.startswith("Rushing hit")  # the blank line after the headline is not shown
    links = [(p.text, p.entity.href) for p in m.body if p.entity]
    # the longer mention wins over the nested one, as one link
    assert ("Los Angeles Dodgers", "/clubs/LAD") in links
    assert ("Rushing", "/players/687221") in links
    assert len(m.claims) == 1 and len(m.claims[0].claims) == 4
    assert m.claims[0].verdict == "wrong"  # the mark shows the worst verdict of the four
    assert "AVG .204" in m.claims[0].label and "OPS: actually .582" in m.claims[0].label
    assert m.counts == {"verified": 3, "wrong": 1, "unverifiable": 0}


def test_mark_ignores_spans_outside_the_text() -> None:
    rec = _record()
    rec["claims"].append({"span": [5, 10_000], "stat": "G", "value": 1, "verdict": "verified"})
    m = markup.mark(rec["text"], rec)
    assert "".join(p.text for p in m.headline + m.body).replace("\n", "") == rec["text"].replace(
        "\n", ""
    )


def test_unverifiable_reason_is_said_once_for_the_numbers_it_covers() -> None:
    claims = [{"stat": s, "verdict": "unverifiable", "reason": "partial season"}
              for s in ("AVG", "OBP")]  # fmt: skip
    assert markup.verdict_label(claims) == "AVG, OBP: partial season"


def test_season_chart_tells_mlb_from_minor_league_points() -> None:
    card = {"batting": [
        {"season": 2024, "level": "AAA", "team": "OKC", "PA": 169, "OPS": 0.907},
        {"season": 2025, "level": "AAA", "team": "OKC", "PA": 132, "OPS": 0.938},
        {"season": 2025, "level": "MLB", "team": "LAN", "PA": 155, "OPS": 0.582},
        {"season": 2025, "level": "AA", "team": "TUL", "PA": 0, "OPS": None},
    ], "pitching": []}  # fmt: skip
    chart = season_chart(card)
    assert chart is not None and chart["stat"] == "OPS"
    by_name = {t["name"]: t for t in chart["data"]}
    assert set(by_name) == {"MLB", "AAA (minors)"}
    assert by_name["MLB"]["y"] == [0.582] and by_name["AAA (minors)"]["x"] == [2024, 2025]
    assert by_name["MLB"]["marker"]["symbol"] != by_name["AAA (minors)"]["marker"]["symbol"]
    pitcher = {"batting": [{"season": 2025, "level": "MLB", "PA": 2, "OPS": 0.5}],
               "pitching": [{"season": 2025, "level": "MLB", "IPouts": 300, "BFP": 420,
                             "ERA": 3.21, "IP": "100.0"}]}  # fmt: skip
    assert season_chart(pitcher)["stat"] == "ERA"  # type: ignore[index]


def test_trade_chart_has_one_series_per_side() -> None:
    report = {"player": {"name": "P"}, "from": {"code": "LAD"}, "to": {"code": "BOS"},
              "control": [{"season": 2026}, {"season": 2027}],
              "outlook": [{"season": 2026, "WAR": 1.5}, {"season": 2027, "WAR": 1.2},
                          {"season": 2028, "WAR": 1.0}],
              "package": [{"projected_WAR": 0.5, "control": [{"season": 2026}]}]}  # fmt: skip
    chart = trade_chart(report)
    assert chart is not None
    buyer, seller = chart["data"]
    assert buyer["x"] == [2026, 2027] and buyer["y"] == [1.5, 1.2]  # control years only
    assert seller["y"] == [0.5, 0.0] and "LAD" in seller["name"]


@pytest.mark.parametrize(
    ("host", "ok"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
     ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False), ("::", False)],
)  # fmt: skip
def test_only_loopback_addresses_count_as_local(host: str, ok: bool) -> None:
    from hotstove.cli import _loopback

    assert _loopback(host) is ok


def test_serve_refuses_a_remote_address_in_one_line() -> None:
    from typer.testing import CliRunner

    from hotstove.cli import app
    from hotstove.errors import BadInput

    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert isinstance(result.exception, BadInput)
    assert "--allow-remote" in result.exception.message
    assert "\n" not in result.exception.message


def test_paste_checks_refuse_oversize_text_and_non_http_urls() -> None:
    from hotstove.errors import BadInput

    with pytest.raises(BadInput, match="limit"):
        views_mod.check_paste("x" * (views_mod.MAX_PASTE_BYTES + 1), "")
    for url in ("file:///etc/passwd", "ftp://example.org/a", "/etc/passwd", "javascript:x"):
        with pytest.raises(BadInput, match="http"):
            views_mod.check_paste("", url)
    assert views_mod.check_paste("", "https://example.org/a") == ("", "https://example.org/a")


# --- the app on the real knowledge base ------------------------------------------------------


@pytest.fixture(scope="module")
def web_db(real_kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("web") / "kb.duckdb"
    shutil.copy(real_kb_path, db)
    report = api.ingest([SEEDS], db=db)
    assert report.stored == 2 and not report.failed
    return db


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[TestClient]:
    app = create_app(web_db)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.web.close()


def _rushing_thread(client: TestClient) -> dict[str, Any]:
    threads = client.get("/api/threads").json()
    got = [t for t in threads if t["player"]["mlbam"] == 687221 and t["to"] == "BOS"]
    assert len(got) == 1, threads
    return got[0]


def _testids(html: str, testid: str) -> list[str]:
    return re.findall(rf'<[^>]*data-testid="{testid}"[^>]*>', html)


@pytest.mark.kb
def test_board_lists_the_rushing_thread_and_filters_it(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    tid = _rushing_thread(client)["id"]
    row = re.search(rf'data-thread-id="{tid}".*?</tr>', r.text, re.S)
    assert row is not None
    assert "Dalton Rushing" in row.group(0) and 'data-status="talks"' in row.group(0)
    assert "Sean McAdam" in row.group(0) and "/clubs/LAD" in row.group(0)
    assert tid in client.get("/?club=BOS").text
    assert tid in client.get("/?club=Dodgers").text  # any club name form
    assert tid not in client.get("/?club=NYY").text
    assert tid not in client.get("/?status=completed").text
    bad = client.get("/?status=rumoured")
    assert bad.status_code == 400 and "Unknown status" in bad.text


@pytest.mark.kb
def test_thread_page_has_timeline_first_source_and_a_lazy_evaluation(client: TestClient) -> None:
    t = _rushing_thread(client)
    html = client.get(f"/threads/{t['id']}").text
    assert len(_testids(html, "timeline-row")) == 2
    first = re.search(r'data-testid="first-source".*?</div>', html, re.S)
    assert first is not None and "Sean McAdam" in first.group(0)
    # his track record beside the credit, with the page (and as a fragment of its own)
    assert "1 first report" in html
    assert "1 first report" in client.get(f"/threads/{t['id']}/source").text
    assert f'data-fragment="/threads/{t["id"]}/evaluation"' in html  # not computed on load
    frag = client.get(f"/threads/{t['id']}/evaluation")
    assert frag.status_code == 200 and 'data-testid="evaluation-summary"' in frag.text
    assert "/trade?player=687221&amp;from=LAD&amp;to=BOS" in frag.text
    # computed once: the thread page now shows it inline, the API answers from the same record
    assert 'data-state="ready"' in client.get(f"/threads/{t['id']}").text
    report = client.get("/api/trade", params={"player": RUSHING, "from": "LAD", "to": "BOS"})
    assert report.status_code == 200
    assert report.json()["player"]["bbref"] == "rushida01" and report.json()["to"]["code"] == "BOS"
    page = client.get("/trade", params={"player": RUSHING, "from": "LAD", "to": "BOS"}).text
    assert 'data-testid="trade-chart"' in page and 'id="trade-chart-data"' in page


@pytest.mark.kb
def test_article_page_links_names_and_marks_the_slash_line_verified(client: TestClient) -> None:
    t = _rushing_thread(client)
    pages = {a: client.get(f"/articles/{a}").text for a in t["articles"]}
    html = next(h for h in pages.values() if ".204/.258/.324" in h)
    links = _testids(html, "entity-link")
    assert any('href="/players/687221"' in a and 'data-kind="player"' in a for a in links)
    assert any('href="/clubs/BOS"' in a for a in links)
    mark = re.search(r'<mark[^>]*data-testid="claim"[^>]*>\.204/\.258/\.324</mark>', html)
    assert mark is not None and 'data-verdict="verified"' in mark.group(0)
    verdict = re.search(r'data-testid="claim-verdict"[^>]*>([^<]*)<', html[mark.end() :])
    assert verdict is not None and "AVG .204" in verdict.group(1)
    assert len(_testids(html, "claim-row")) >= 4


@pytest.mark.kb
def test_player_page_shows_2025_mlb_and_triple_a_lines_and_a_chart(client: TestClient) -> None:
    moved = client.get("/players/rushida01", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == "/players/687221"
    html = client.get("/players/687221").text
    rows = _testids(html, "season-row")
    assert any('data-season="2025"' in r and 'data-level="MLB"' in r for r in rows)
    assert any('data-season="2025"' in r and 'data-level="AAA"' in r for r in rows)
    assert ".204" in html and ".582" in html
    assert 'data-testid="player-chart"' in html and "/static/plotly.min.js" in html
    spec = re.search(r'<script type="application/json" id="player-chart-data">(.*?)</script>',
                     html, re.S)  # fmt: skip
    assert spec is not None
    names = {t["name"] for t in json.loads(spec.group(1))["data"]}
    assert {"MLB", "AAA (minors)"} <= names
    assert 'data-testid="catcher-defense"' in html
    assert 'data-testid="player-rumors"' in html  # the Rushing thread
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000  # served locally, no CDN


@pytest.mark.kb
def test_club_page_has_depth_chart_and_rumors_in(client: TestClient) -> None:
    assert client.get("/clubs/Red Sox", follow_redirects=False).headers["location"] == "/clubs/BOS"
    html = client.get("/clubs/BOS").text
    catchers = re.search(r'data-position="C".*?</table>', html, re.S)
    assert catchers is not None and "Carlos Narváez" in catchers.group(0)
    rumors_in = re.search(r'data-testid="rumors-in".*?</table>', html, re.S)
    assert rumors_in is not None and "Dalton Rushing" in rumors_in.group(0)


@pytest.mark.kb
def test_reporters_and_search(client: TestClient) -> None:
    assert 'data-reporter="Sean McAdam"' in client.get("/reporters").text
    found = client.get("/search", params={"q": "JT Realmuto"}).text
    assert 'href="/players/592663"' in found
    assert 'href="/clubs/BOS"' in client.get("/search", params={"q": "Red Sox"}).text
    assert "reporter-sean-mcadam" in client.get("/search", params={"q": "Sean McAdam"}).text


@pytest.mark.kb
def test_api_returns_the_cli_records(client: TestClient, web_db: Path) -> None:
    def same(a: Any) -> Any:
        return json.loads(json.dumps(a, ensure_ascii=False, default=str))

    assert client.get("/api/threads").json() == same(api.rumors(db=web_db))
    assert client.get("/api/reporters").json() == same(api.reporters(db=web_db))
    assert client.get(f"/api/players/{RUSHING}").json() == same(api.player(RUSHING, db=web_db)
                                                                .to_dict())  # fmt: skip
    assert client.get("/api/clubs/BOS", params={"season": 2025}).json() == same(
        api.team("BOS", 2025, db=web_db).to_dict()
    )
    read = {la.article.id: la.to_dict() for la in api.read([SEEDS], db=web_db)}  # type: ignore[union-attr]
    listed = client.get("/api/articles").json()
    assert {a["id"] for a in listed} == set(read)
    for aid, rec in read.items():
        assert client.get(f"/api/articles/{aid}").json() == same(rec)
        checks = client.get(f"/api/checks/{aid}").json()
        assert checks["claims"] == same(rec["claims"])
    t = _rushing_thread(client)
    assert client.get(f"/api/threads/{t['id']}").json() == t
    schema = client.get("/openapi.json").json()
    assert {"/api/threads", "/api/articles/{article_id}", "/api/trade"} <= set(schema["paths"])


@pytest.mark.kb
def test_unknown_routes_and_ids_give_404_pages_never_tracebacks(client: TestClient) -> None:
    for url in ("/nope", "/articles/ffffffffffffffff", "/articles/<script>", "/threads/zzz",
                "/players/999999999", "/clubs/XYZ"):  # fmt: skip
        r = client.get(url)
        assert r.status_code == 404, url
        assert 'data-testid="error"' in r.text and "Traceback" not in r.text
        assert "<script>" not in r.text
    r = client.get("/api/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "HTTP404"
    r = client.get("/api/articles/ffffffffffffffff")
    assert r.status_code == 404 and r.json()["error"]["code"] == "HS104"
    r = client.get("/api/players/Will Smith")  # a hotstove error: its message, its candidates
    assert r.status_code == 409 and r.json()["error"]["candidates"]
    assert client.get("/players/Will Smith", follow_redirects=True).status_code == 200  # search


@pytest.mark.kb
def test_an_unexpected_failure_is_a_500_page(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(views_mod, "reporters", broken)
    r = client.get("/reporters")
    assert r.status_code == 500 and "HS199" in r.text and "Traceback" not in r.text
    assert client.get("/api/reporters").json()["error"]["code"] == "HS199"


@pytest.mark.kb
def test_pasted_script_is_shown_as_text_and_nothing_is_stored(client: TestClient) -> None:
    story = (
        "Red Sox talk with Dodgers about Dalton Rushing\n\n"
        "<script>alert('hot')</script> Dalton Rushing hit .204 in 53 games for the Dodgers "
        "in 2025, according to a report. <img src=x onerror=alert(1)>"
    )
    before = len(client.get("/api/articles").json())
    r = client.post("/paste", data={"text": story})
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;alert(&#39;hot&#39;)&lt;/script&gt;" in r.text
    assert 'href="/players/687221"' in r.text and 'data-testid="claim"' in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert len(client.get("/api/articles").json()) == before  # not stored: no box ticked
    api_read = client.post("/api/read", json={"text": story}).json()
    assert api_read[0]["players"][0]["mlbam"] == 687221


@pytest.mark.kb
def test_paste_limits_and_url_rules(client: TestClient) -> None:
    big = client.post("/paste", data={"text": "Title\n\n" + "word " * 50_000})
    assert big.status_code == 400 and "limit" in big.text
    huge = client.post("/paste", content=b"text=" + b"x" * 500_000,
                       headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert huge.status_code == 413
    local = client.post("/paste", data={"url": "file:///etc/passwd"})
    assert local.status_code == 400 and "Only http" in local.text
    assert client.post("/api/read", json={"url": "ftp://example.org/x"}).status_code == 400


@pytest.mark.kb
def test_paste_with_store_ticked_stores_and_threads_it(client: TestClient) -> None:
    story = (
        "Yankees show interest in Dalton Rushing\n\n"
        "The New York Yankees have interest in Dodgers catcher Dalton Rushing, who hit .204 "
        "in 53 games in 2025, according to a person familiar with the talks."
    )
    before = {a["id"] for a in client.get("/api/articles").json()}
    r = client.post("/paste", data={"text": story, "store": "1"})
    assert r.status_code == 200 and 'data-testid="paste-stored"' in r.text
    after = {a["id"] for a in client.get("/api/articles").json()}
    (new,) = after - before
    assert client.get(f"/articles/{new}").status_code == 200
    assert f'href="/articles/{new}"' in r.text
    # the board answers from the changed archive, not from a stale cache
    assert client.get("/api/threads", params={"club": "NYY"}).json()
