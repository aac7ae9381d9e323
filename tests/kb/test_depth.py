"""Depth charts by club name form and season."""

from __future__ import annotations

import pytest

from hotstove.errors import AmbiguousName, BadInput, NotFound
from hotstove.kb.depth import depth_chart, resolve_club
from hotstove.kb.store import KB


def _games(chart: object, position: str) -> dict[str, int]:
    return {
        p["bbref"]: p["G"]
        for d in chart.depth  # type: ignore[attr-defined]
        if d["position"] == position
        for p in d["players"]
    }


@pytest.mark.parametrize("name", ["Red Sox", "BOS", "Boston", "boston red sox", "BoSox"])
def test_red_sox_catchers_2025(tiny_kb: KB, name: str) -> None:
    chart = depth_chart(tiny_kb, name, 2025, "C")
    assert chart.club == "BOS"
    g = _games(chart, "C")
    assert g["narvaca01"] == 112 and g["wongco01"] == 61
    first = chart.depth[0]["players"][0]
    assert first["bbref"] == "narvaca01" and first["GS"] == 106 and first["PA"] is not None


def test_positions_most_games_first(tiny_kb: KB) -> None:
    chart = depth_chart(tiny_kb, "LAD", 2025)
    positions = [d["position"] for d in chart.depth]
    assert positions[:2] == ["C", "1B"] and "DH" in positions and "P" in positions
    for d in chart.depth:
        games = [p["G"] for p in d["players"]]
        assert games == sorted(games, reverse=True)
    assert _games(chart, "1B")["rushida01"] == 8


def test_historical_names(tiny_kb: KB) -> None:
    assert depth_chart(tiny_kb, "Expos", 2003, "SS").club == "WSH"
    assert _games(depth_chart(tiny_kb, "Yankees", 1998, "SS"), "SS")["jeterde01"] >= 140


def test_bad_club_input(tiny_kb: KB) -> None:
    with pytest.raises(NotFound):
        depth_chart(tiny_kb, "Springfield Isotopes", 2025)
    with pytest.raises(AmbiguousName):
        resolve_club("Sox", season=2025)
    with pytest.raises(BadInput):
        resolve_club("  ")
    with pytest.raises(BadInput):
        depth_chart(tiny_kb, "BOS", 2025, "QB")
    with pytest.raises(NotFound, match="2031"):
        depth_chart(tiny_kb, "BOS", 2031)
