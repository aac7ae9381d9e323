"""Team control, salaries and surplus value: pure arithmetic by hand, then real players."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from hotstove.valuation import control as ctl
from hotstove.valuation.control import ControlYear

# --- pure math ----------------------------------------------------------------------------------


def test_service_numbers_read_years_dot_days() -> None:
    assert ctl.parse_service(2.09) == 2 * 172 + 90
    assert ctl.parse_service(0.138) == 138
    assert ctl.parse_service(4.155) == 4 * 172 + 155
    assert ctl.parse_service(-1) is None and ctl.parse_service(None) is None
    assert ctl.parse_service(1.180) is None  # 180 days cannot be: a year is 172
    assert ctl.service_text(172 + 140) == "1.140"
    assert ctl.service_text(6 * 172) == "6.000"


def test_league_minimum_follows_the_agreement_then_holds() -> None:
    assert ctl.league_minimum(2022)[0] == 0.70 and ctl.league_minimum(2026)[0] == 0.78
    assert ctl.league_minimum(2026)[1] == "league minimum (CBA)"
    salary, how = ctl.league_minimum(2029)
    assert salary == 0.78 and "2026 used" in how


def test_approximate_season_end_is_a_late_september_sunday() -> None:
    assert ctl.approximate_season_end(2025) == date(2025, 9, 28)
    assert ctl.approximate_season_end(2019) == date(2019, 9, 29)
    assert ctl.approximate_season_end(2015) == date(2015, 10, 4)


def _row(season: int, status: str, arb_year: int | None = None, **kw: object) -> ControlYear:
    return ControlYear(season=season, status=status, estimated=True, service_before="0.000",
                       salary_musd=kw.get("salary"), salary_source=kw.get("source"),  # type: ignore[arg-type]
                       contract=kw.get("contract"), arb_year=arb_year)  # type: ignore[arg-type]  # fmt: skip


def test_surplus_by_hand_two_seasons() -> None:
    # 2026 pre-arb at the minimum (0.78), 2027 first arbitration year at 40% of market value.
    rows = [_row(2026, "pre_arb"), _row(2027, "arb", arb_year=1), _row(2028, "free_agent")]
    s = ctl.surplus(rows, {2026: 2.0, 2027: 3.0, 2028: 4.0}, dollars_per_war=10.0,
                    discount_rate=0.10, inflation=0.0)  # fmt: skip
    assert [r["season"] for r in s.by_season] == [2026, 2027]  # the free-agent year is not his
    y1, y2 = s.by_season
    assert y1["value_musd"] == 20.0 and y1["salary_musd"] == 0.78
    assert y1["discounted_musd"] == pytest.approx(19.22)  # first season: not discounted
    assert y2["value_musd"] == 30.0 and y2["salary_musd"] == 12.0  # 0.4 * 3 WAR * $10M
    assert y2["discounted_musd"] == pytest.approx(18.0 / 1.1, abs=1e-3)
    assert s.total_musd == pytest.approx(19.22 + 18.0 / 1.1, abs=1e-3)
    json.dumps(s.to_dict())


def test_surplus_floors_arbitration_at_the_minimum_and_inflates_the_rate() -> None:
    rows = [_row(2026, "arb", arb_year=1), _row(2027, "arb", arb_year=2)]
    s = ctl.surplus(rows, {2026: 0.1, 2027: 1.0}, dollars_per_war=10.0, discount_rate=0.0,
                    inflation=0.05)  # fmt: skip
    y1, y2 = s.by_season
    assert y1["salary_musd"] == 0.78  # 0.4 * 0.1 * 10 = 0.4 is below the minimum
    assert y2["dollars_per_war"] == pytest.approx(10.5)
    assert y2["salary_musd"] == pytest.approx(0.6 * 10.5)
    assert s.total_musd == pytest.approx((1.0 - 0.78) + (10.5 - 6.3), abs=1e-3)


def test_signed_free_agent_years_count_and_missing_war_is_noted() -> None:
    deal = {"first_season": 2026, "years": 1, "value_musd": 5.0, "aav_musd": 5.0}
    rows = [_row(2026, "signed", salary=5.0, source="user contracts file", contract=deal)]
    s = ctl.surplus(rows, {}, dollars_per_war=8.0)
    assert s.by_season[0]["surplus_musd"] == -5.0 and s.notes


def test_default_dollars_per_war_is_cited() -> None:
    assert ctl.DOLLARS_PER_WAR == 8.6
    assert "FanGraphs" in ctl.DOLLARS_PER_WAR_SOURCE and "2026" in ctl.DOLLARS_PER_WAR_SOURCE
    s = ctl.surplus([], {})
    assert s.total_musd == 0.0 and any("FanGraphs" in x for x in s.sources)


# --- the real knowledge base ----------------------------------------------------------------------


@pytest.mark.kb
def test_season_ends_from_the_data(real_kb) -> None:  # type: ignore[no-untyped-def]
    assert ctl.season_end(real_kb, 2019)[0] == date(2019, 9, 29)
    assert ctl.season_end(real_kb, 2022)[0] == date(2022, 10, 5)  # the lockout-delayed season
    assert ctl.season_end(real_kb, 2020)[0] == date(2020, 9, 27)
    th = ctl.roster_thresholds(real_kb)
    assert th["fitted"] == 1.0 and 50 <= th["batter_games"] <= 100
    assert 20 <= th["pitcher_games"] <= 60 and 8 <= th["pitcher_starts"] <= 25


@pytest.mark.kb
def test_rushing_pre_arb_then_arbitration_then_free_agency(real_kb) -> None:  # type: ignore[no-untyped-def]
    st = ctl.service_time(real_kb, "687221", 2025)
    assert st.estimated and st.text == "0.138" and "Spotrac" in st.source
    assert [r["season"] for r in st.seasons] == [2025]
    rows = ctl.control(real_kb, "687221", 2026)
    assert [r.status for r in rows] == ["pre_arb"] * 3 + ["arb"] * 3 + ["free_agent"]
    assert [r.season for r in rows] == list(range(2026, 2033))
    assert all(r.estimated for r in rows)
    assert rows[0].service_before == "0.138"
    assert rows[0].salary_musd == 0.79 and rows[0].salary_source == "contract (Spotrac)"
    assert rows[1].salary_musd == 0.78 and rows[1].salary_source.startswith("league minimum")
    assert rows[2].note and "Super Two" in rows[2].note  # 2.138 entering 2028
    assert [r.arb_year for r in rows[3:6]] == [1, 2, 3]
    assert rows[3].salary_source == "arbitration estimate" and rows[3].salary_musd is None
    json.dumps([r.to_dict() for r in rows])
    # with a WAR the arbitration salary is filled in: 40% of 2.5 WAR at $8.6M
    priced = ctl.control(real_kb, "687221", 2026, war_by_season={2029: 2.5})
    assert priced[3].salary_musd == pytest.approx(0.4 * 2.5 * 8.6, abs=1e-3)
    s = ctl.surplus(rows, {y: 2.0 for y in range(2026, 2033)})
    assert [r["season"] for r in s.by_season] == list(range(2026, 2032))
    assert s.total_musd > 0


@pytest.mark.kb
def test_will_smith_is_held_by_his_ten_year_contract(real_kb) -> None:  # type: ignore[no-untyped-def]
    st = ctl.service_time(real_kb, "669257", 2025)
    assert st.text == "6.090"  # Spotrac's 4.090 entering 2024, then two full seasons of games
    rows = ctl.control(real_kb, "669257", 2026)
    signed = [r for r in rows if r.contract is not None]
    assert [r.season for r in signed] == list(range(2026, 2034))
    for r in signed:
        assert r.status == "signed" and r.salary_musd == 14.0
        assert r.salary_source == "contract (Spotrac)"
        assert r.contract is not None and r.contract["value_musd"] == 140.0
        assert r.contract["years"] == 10 and r.contract["first_season"] == 2024
        assert "average" in r.contract["note"]
    assert rows[-1].season == 2034 and rows[-1].status == "free_agent"
    s = ctl.surplus(rows, {y: 3.0 for y in range(2026, 2035)}, discount_rate=0.0)
    assert len(s.by_season) == 8
    assert s.total_musd == pytest.approx(8 * (3.0 * 8.6 - 14.0), abs=1e-3)


@pytest.mark.kb
def test_player_without_mlb_games(real_kb) -> None:  # type: ignore[no-untyped-def]
    row = real_kb.one(
        "select p.person_id from people p join batting_best b using (person_id) "
        "where b.level = 'AAA' and b.season = 2025 and p.debut is null and "
        "not exists (select 1 from batting_best m where m.person_id = p.person_id "
        "and m.level = 'MLB') and not exists (select 1 from pitching_best m where "
        "m.person_id = p.person_id and m.level = 'MLB') order by b.PA desc limit 1"
    )
    assert row is not None
    st = ctl.service_time(real_kb, row["person_id"], 2025)
    assert st.total_days == 0 and st.seasons == [] and "no MLB games" in st.source
    rows = ctl.control(real_kb, row["person_id"], 2026)
    assert [r.status for r in rows] == ["pre_arb"] * 3 + ["arb"] * 3 + ["free_agent"]
    assert rows[0].service_before == "0.000" and rows[-1].season == 2032
    assert rows[0].note and "clock is assumed to start in 2026" in rows[0].note


@pytest.mark.kb
def test_user_contracts_file_overrides_the_kb(real_kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "contracts.csv"
    path.write_text(
        "mlbam,bbref,name,first_season,years,value_musd,type\n"
        "687221,,,2026,8,60,extension\n"
        ",,Some Other Player,2026,1,99,free-agent\n",
        encoding="utf-8",
    )
    rows = ctl.control(real_kb, "687221", 2026, contracts_file=path)
    covered = [r for r in rows if r.contract is not None]
    assert [r.season for r in covered] == list(range(2026, 2034))
    assert all(r.salary_musd == 7.5 and r.salary_source == "user contracts file" for r in covered)
    assert [r.status for r in covered[:6]] == ["pre_arb"] * 3 + ["arb"] * 3
    assert [r.status for r in covered[6:]] == ["signed", "signed"]
    assert rows[-1].season == 2034 and rows[-1].status == "free_agent"
    # by name: the same file keyed on the player's name
    path.write_text("name,first_season,years,value_musd\nDalton Rushing,2026,2,3\n", "utf-8")
    by_name = ctl.control(real_kb, "687221", 2026, contracts_file=path)
    assert by_name[0].salary_musd == 1.5 and by_name[2].salary_source.startswith("league minimum")


@pytest.mark.kb
def test_reported_contract_is_used_and_marked(real_kb) -> None:  # type: ignore[no-untyped-def]
    fact = {"first_season": 2026, "years": 2, "value_musd": 4.0, "type": "extension",
            "source": "Example Wire, 2026-01-05"}  # fmt: skip
    rows = ctl.control(real_kb, "687221", 2026, reported=[fact])
    assert rows[0].salary_musd == 2.0 and rows[0].salary_source == "reported in article"
    assert rows[0].contract is not None and rows[0].contract["reported"] == fact["source"]
    assert rows[2].salary_source.startswith("league minimum")
    # a fact about someone else is ignored
    other = dict(fact, mlbam="999999999")
    assert ctl.control(real_kb, "687221", 2026, reported=[other])[0].salary_musd == 0.79
    assert not math.isnan(rows[0].salary_musd or 0.0)
