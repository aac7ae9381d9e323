"""The trade report end to end on the real knowledge base: every part present and sourced."""

from __future__ import annotations

from typing import Any

import pytest

from hotstove.errors import BadInput, NotFound
from hotstove.valuation import fit, outlook
from hotstove.valuation.trade import evaluate_trade

pytestmark = pytest.mark.kb


@pytest.fixture(scope="module")
def rushing(real_kb_path: Any) -> dict[str, Any]:
    from hotstove.kb.store import KB

    with KB.open(real_kb_path) as kb:
        return evaluate_trade(kb, "Dalton Rushing", "LAD", "BOS").to_dict()


def test_rushing_report_has_every_part(rushing: dict[str, Any]) -> None:
    r = rushing
    assert r["player"]["bbref"] == "rushida01" and r["player"]["mlbam"] == 687221
    assert r["from"]["code"] == "LAD" and r["to"]["code"] == "BOS"
    assert any(v["season"] == 2025 and v["WAR"] is not None for v in r["value"])
    assert r["projection"]["season"] == 2026 and r["projection"]["PA"] > 0
    assert {"pre_arb", "arb"} <= {c["status"] for c in r["control"]}
    assert all(c["estimated"] for c in r["control"] if c["status"] in ("pre_arb", "arb"))
    assert r["surplus"] is not None and r["surplus"]["dollars_per_war"] > 0
    assert {s["what"] for s in r["sources"]} >= {"season value (WAR)", "projection", "history"}


def test_rushing_fit_on_both_depth_charts(rushing: dict[str, Any]) -> None:
    f = rushing["fit"]
    assert f["position"] == "C"
    inc = {p["bbref"]: p for p in f["buyer"]["incumbents"]}
    assert {"narvaca01", "wongco01"} <= set(inc)
    for who in ("narvaca01", "wongco01"):
        assert inc[who]["G"] > 40 and inc[who]["WAR"] is not None
        assert inc[who]["projected_gain"] is not None
    blockers = {p["bbref"] for p in f["seller"]["blockers"]}
    assert "smithwi05" in blockers and "rushida01" not in blockers
    assert 0 <= f["seller"]["expected_games"] < 162
    # he has played first base and left field too: each is an alternative at Boston
    assert "1B" in {p["position"] for p in f["positions_played"]}
    assert any(a["position"] == "1B" for a in f["alternatives"])


def test_history_includes_the_betts_trade(rushing: dict[str, Any]) -> None:
    betts = [m for m in rushing["history"] if str(m.get("date", "")).startswith("2020-02")]
    assert len(betts) == 1


def test_pitcher_two_way_and_prospect(real_kb: Any) -> None:
    ace = evaluate_trade(real_kb, "Tarik Skubal", "DET", "NYY").to_dict()
    assert ace["projection"]["kind"] == "pit" and ace["projection"]["IP"] > 100
    assert ace["fit"]["position"] == "P"
    both = evaluate_trade(real_kb, "Shohei Ohtani", "LAD", "NYY").to_dict()
    last = [v for v in both["value"] if v["season"] == 2025][0]
    assert last["WAR_bat"] > 0 and last["WAR_pit"] > 0
    assert both["projection"]["kind"] == "two-way"
    kid = evaluate_trade(real_kb, "Jonathon Long", "CHC", "BOS").to_dict()
    assert kid["value"] == [] and any("no MLB record" in n for n in kid["notes"])


def test_bad_requests_are_clear(real_kb: Any) -> None:
    with pytest.raises(NotFound):
        evaluate_trade(real_kb, "Nobody Atall", "LAD", "BOS")
    with pytest.raises(BadInput):
        evaluate_trade(real_kb, "Dalton Rushing", "LAD", "Dodgers")
    with pytest.raises(NotFound):
        evaluate_trade(real_kb, "Dalton Rushing", "LAD", "Springfield Isotopes")


def test_aging_curve_peaks_in_the_mid_twenties(real_kb: Any) -> None:
    curve = outlook.aging_curve(real_kb)
    assert curve.batting[23] > 0 > curve.batting[31] > curve.batting[36]
    assert curve.pairs["batting"] > 3000


def test_primary_position_prefers_recent_games() -> None:
    played = [
        {"position": "C", "G": 300, "last_season": 2019},
        {"position": "1B", "G": 120, "last_season": 2025},
        {"position": "DH", "G": 40, "last_season": 2024},
    ]
    assert fit.primary_position(played) == "1B"
    assert fit.primary_position([]) is None
