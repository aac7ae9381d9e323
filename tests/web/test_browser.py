"""The dashboard in a real browser: ``hotstove serve`` in a subprocess, driven by headless Chromium.

What a person sees is checked at a laptop size (1366x800) and a phone size (390x844): the Rushing
thread on the rumor board, the article reached by clicking through with "Rushing" linked to his
page and the slash line marked verified, his player page with the chart drawn by plotly and his
2025 MLB and Triple-A lines, and a pasted story holding a ``<script>`` tag shown as text with no
script run. Every page is screenshotted (full page) into the test's temp folder, or into
``$HOTSTOVE_SCREENSHOTS`` when that is set, for a person to look at.

The browser is Debian's Chromium (``/usr/bin/chromium``, or ``$HOTSTOVE_CHROMIUM``) driven by
Playwright's Python package; nothing is downloaded. The tests skip, saying why, only when
Playwright or the browser is missing (``.ci/run`` installs the browser when it can).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hotstove import api

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "examples" / "articles"
RUSHING = "687221"
CHROMIUM = os.environ.get("HOTSTOVE_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root in a container
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"laptop": {"width": 1366, "height": 800}, "phone": {"width": 390, "height": 844}}
START_TIMEOUT = 90.0  # seconds for the server to answer its first page (it loads the gazetteer)

pytestmark = pytest.mark.kb


# --- the server and the browser ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - loopback only
        return int(r.status)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("HOTSTOVE_SCREENSHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        return Path(where)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set "
                    "HOTSTOVE_CHROMIUM)")  # fmt: skip
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
    finally:
        pw.stop()


@pytest.fixture(scope="module")
def server(
    real_kb_path: Path, tmp_path_factory: pytest.TempPathFactory, browser: Any
) -> Iterator[str]:
    """``hotstove serve`` over a copy of the knowledge base holding the seed articles."""
    work = tmp_path_factory.mktemp("browser")
    db = work / "kb.duckdb"
    shutil.copy(real_kb_path, db)
    report = api.ingest([SEEDS], db=db)
    assert report.stored == 2 and not report.failed
    port = _free_port()
    log = (work / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hotstove", "serve", "--port", str(port), "--db", str(db)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"hotstove serve exited ({proc.returncode}):\n{_tail(work)}")
            try:
                if _get(base + "/api/threads") == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"hotstove serve did not answer in {START_TIMEOUT:.0f} s:\n"
                            f"{_tail(work)}")  # fmt: skip
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def _tail(work: Path) -> str:
    return (work / "server.log").read_text("utf-8", "replace")[-3000:]


class Tab:
    """A page at one viewport size, with what went wrong in it (script errors, dialogs)."""

    def __init__(self, page: Any, size: str, base: str, shots: Path) -> None:
        self.page, self.size, self.base, self.shots = page, size, base, shots
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

        def on_dialog(d: Any) -> None:
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", on_dialog)

    def goto(self, path: str) -> None:
        resp = self.page.goto(self.base + path, wait_until="load")
        assert resp is not None and resp.status == 200, path

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}-{self.size}.png"
        self.page.evaluate("window.scrollTo(0, 0)")  # else the sticky header lands mid-picture
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def no_sideways_scroll(self) -> None:
        """The page itself never scrolls sideways (wide tables scroll inside their own box)."""
        wide = self.page.evaluate("document.documentElement.scrollWidth")
        assert wide <= VIEWPORTS[self.size]["width"], f"page is {wide} px wide at {self.size}"


@pytest.fixture(params=list(VIEWPORTS))
def tab(request: pytest.FixtureRequest, browser: Any, server: str, shots: Path) -> Iterator[Tab]:
    size = request.param
    phone = size == "phone"
    context = browser.new_context(viewport=VIEWPORTS[size], device_scale_factor=2 if phone else 1,
                                  is_mobile=phone, has_touch=phone)  # fmt: skip
    context.set_default_timeout(20_000)
    t = Tab(context.new_page(), size, server, shots)
    yield t
    context.close()
    assert not t.errors, f"script errors on the page: {t.errors}"


def _rushing_row(tab: Tab) -> Any:
    rows = tab.page.get_by_test_id("thread-row").filter(has_text="Dalton Rushing")
    row = rows.filter(has=tab.page.locator('a[href="/clubs/BOS"]'))
    assert row.count() == 1
    return row


# --- what a person sees --------------------------------------------------------------------


def test_board_shows_the_rushing_thread(tab: Tab) -> None:
    tab.goto("/")
    row = _rushing_row(tab)
    row.scroll_into_view_if_needed()
    assert row.is_visible()
    move = row.locator("td").nth(1)
    assert move.inner_text().split() == ["LAD", "→", "BOS"]
    assert row.get_by_test_id("status").inner_text() == "talks"
    if tab.size == "laptop":  # the phone layout drops the first-source column
        assert "Sean McAdam" in row.inner_text()
    tab.shot("board")
    tab.no_sideways_scroll()


def test_article_links_rushing_and_marks_the_slash_line_verified(tab: Tab) -> None:
    page = tab.page
    tab.goto("/")
    _rushing_row(tab).get_by_test_id("thread-link").click()
    page.wait_for_url("**/threads/*")
    assert "Dalton Rushing" in page.get_by_test_id("thread-title").inner_text()
    stories = page.get_by_test_id("timeline-article")
    assert stories.count() == 2
    tab.shot("thread")
    stories.filter(has_text="Bold Trade Pursuit").click()
    page.wait_for_url("**/articles/*")

    rushing = page.locator('a[data-testid="entity-link"][href="/players/687221"]')
    assert rushing.count() >= 3
    assert rushing.first.is_visible() and "Rushing" in rushing.first.inner_text()
    assert rushing.first.get_attribute("data-kind") == "player"
    assert {rushing.nth(i).inner_text() for i in range(rushing.count())} <= {
        "Rushing", "Dalton Rushing"
    }  # fmt: skip

    slash = page.locator('mark[data-testid="claim"]', has_text=".204/.258/.324")
    assert slash.count() == 1
    slash.scroll_into_view_if_needed()
    assert slash.is_visible() and slash.get_attribute("data-verdict") == "verified"
    # the verdict beside it, in green, saying what was checked
    verdict = page.locator('mark[data-testid="claim"]:has-text(".204/.258/.324") ~ '
                           '[data-testid="claim-verdict"]').first  # fmt: skip
    assert verdict.is_visible() and verdict.get_attribute("data-verdict") == "verified"
    assert verdict.inner_text().startswith("✓") and "AVG .204" in verdict.inner_text()
    rows = page.get_by_test_id("claim-row").filter(has_text=".204/.258/.324")
    assert rows.count() >= 3
    assert {rows.nth(i).get_attribute("data-verdict") for i in range(rows.count())} == {"verified"}
    tab.shot("article")
    tab.no_sideways_scroll()

    rushing.first.click()
    page.wait_for_url("**/players/687221")
    assert page.get_by_test_id("player-name").inner_text() == "Dalton Rushing"


def test_player_page_draws_the_chart_and_shows_the_2025_lines(tab: Tab) -> None:
    page = tab.page
    tab.goto(f"/players/{RUSHING}")
    chart = page.locator('[data-testid="player-chart"][data-chart-ready="1"]')
    chart.wait_for(state="visible")
    svg = chart.locator(".main-svg").first
    svg.wait_for(state="visible")
    box = svg.bounding_box()
    assert box is not None and box["width"] >= 300 and box["height"] >= 200
    assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[tab.size]["width"]
    legend = [t.strip() for t in chart.locator(".legendtext").all_text_contents()]
    assert "MLB" in legend and "AAA (minors)" in legend
    assert chart.locator(".scatterlayer .point").count() >= 3  # one marker per season line

    for level, line in (
        ("MLB", (".204", ".258", ".324", ".582")),
        ("AAA", (".308", ".424", ".514", ".938")),
    ):
        row = page.locator(f'[data-testid="season-row"][data-season="2025"][data-level="{level}"]')
        assert row.count() >= 1, level
        text = row.first.inner_text()
        assert all(v in text for v in line), (level, text)
    mlb = page.locator('[data-testid="season-row"][data-season="2025"][data-level="MLB"]').first
    mlb.scroll_into_view_if_needed()
    assert mlb.is_visible()
    assert page.get_by_test_id("player-rumors").filter(has_text="BOS").is_visible()
    tab.shot("player")
    tab.no_sideways_scroll()


def test_pasted_script_is_shown_as_text_and_never_runs(tab: Tab) -> None:
    page = tab.page
    tab.goto("/paste")
    story = (
        "Red Sox keep talking with Dodgers about Dalton Rushing\n\n"
        "<script>alert(1)</script> Dalton Rushing hit .204 in 53 games for the Dodgers in 2025. "
        '<img src=x onerror="alert(2)"> <script>window.pwned = 1</script>'
    )
    page.get_by_test_id("paste-text").fill(story)
    page.get_by_test_id("paste-submit").click()
    result = page.get_by_test_id("paste-result")
    result.wait_for(state="visible")
    text = result.inner_text()
    assert "<script>alert(1)</script>" in text and '<img src=x onerror="alert(2)">' in text
    assert result.locator("script, img").count() == 0
    assert page.evaluate("window.pwned") is None
    link = result.locator('a[data-testid="entity-link"][href="/players/687221"]').first
    assert link.is_visible() and "Rushing" in link.inner_text()
    assert result.get_by_test_id("claim").count() >= 1
    page.wait_for_timeout(300)  # a dialog, if any script ran, would have opened by now
    assert tab.dialogs == []
    tab.shot("paste")
    tab.no_sideways_scroll()
