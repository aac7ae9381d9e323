"""The player card against the real knowledge base: the facts rumor stories quote."""

from __future__ import annotations

import pytest

from hotstove.errors import AmbiguousName, NotFound
from hotstove.kb.card import player_card
from hotstove.kb.store import KB

pytestmark = pytest.mark.kb


def _line(rows: list[dict], season: int, level: str) -> dict:
    got = [r for r in rows if r["season"] == season and r["level"] == level]
    assert len(got) == 1, got
    return got[0]


def test_rushing_card(real_kb: KB) -> None:
    c = player_card(real_kb, "Dalton Rushing")
    assert c.ids["mlbam"] == 687221 and c.ids["bbref"] == "rushida01"
    assert c.ids["retro"] == "rushd001" and c.ids["fangraphs"] == "31382"
    assert (c.born, c.bats, c.throws, c.debut) == ("2001-02-21", "L", "R", "2025-05-15")
    mlb = _line(c.batting, 2025, "MLB")
    assert (mlb["G"], mlb["SO"], mlb["BB"], mlb["PA"]) == (53, 58, 10, 155)
    assert [round(mlb[k], 3) for k in ("AVG", "OBP", "SLG", "OPS")] == [0.204, 0.258, 0.324, 0.582]
    first = [f for f in c.fielding if f["season"] == 2025 and f["position"] == "1B"]
    assert first and (first[0]["G"], first[0]["GS"]) == (8, 1)
    catcher = next(f for f in c.fielding if f["season"] == 2025 and f["position"] == "C")
    assert (catcher["PB"], catcher["SB"], catcher["CS"]) == (2, 17, 8)
    assert sum(r["G"] for r in c.postseason if r["season"] == 2025) == 1


def test_rushing_minor_league_lines(real_kb: KB) -> None:
    c = player_card(real_kb, "687221")
    aa = _line(c.batting, 2024, "AA")
    assert (aa["G"], aa["AB"], aa["H"], aa["HR"], round(aa["SLG"], 3)) == (77, 281, 76, 17, 0.512)
    assert aa["org"] == "LAD"
    aaa24 = _line(c.batting, 2024, "AAA")
    assert (aaa24["G"], aaa24["AB"], aaa24["H"], aaa24["HR"]) == (37, 139, 38, 9)
    # the 2025 snapshot stops on 2025-08-25: 31 games, and the card says so
    aaa25 = _line(c.batting, 2025, "AAA")
    assert aaa25["G"] == 31 and [round(aaa25[k], 3) for k in ("AVG", "OBP", "SLG")] == [
        0.308, 0.424, 0.514,
    ]  # fmt: skip
    assert any("2025-08-25" in n for n in c.notes)


def test_rushing_catcher_defense(real_kb: KB) -> None:
    cd = player_card(real_kb, "rushida01").catcher_defense
    assert cd["available"]
    block = [r for r in cd["blocking"] if r["season"] == 2025][0]
    assert block["blocks_above_average"] == -4 and block["pitches"] == 1330
    frame = [r for r in cd["framing"] if r["season"] == 2025][0]
    assert round(frame["framing_runs"], 2) == -3.06


def test_yordan_alvarez_obp_recomputed(real_kb: KB) -> None:
    # the published OBP column of the Stats-API minor-league files is wrong (.158); ours is not
    c = player_card(real_kb, "Yordan Alvarez")
    aaa = _line(c.batting, 2019, "AAA")
    assert (aaa["G"], aaa["HR"], round(aaa["AVG"], 3), round(aaa["SLG"], 3)) == (
        56,
        23,
        0.343,
        0.742,
    )
    assert round(aaa["OBP"], 3) == 0.443


def test_traded_season_summed_with_stints(real_kb: KB) -> None:
    # Juan Soto 2022: Nationals then Padres; one MLB row, both stints kept
    c = player_card(real_kb, "Juan Soto")
    row = _line(c.batting, 2022, "MLB")
    assert row["team"] == "2 teams" and [s["team"] for s in row["stints"]] == ["WSH", "SD"]
    assert row["G"] == sum(s["G"] for s in row["stints"])


def test_pitcher_card(real_kb: KB) -> None:
    c = player_card(real_kb, "Tarik Skubal")
    p = _line(c.pitching, 2025, "MLB")
    assert p["IP"] == "195.1" and round(p["ERA"], 2) == 2.21


def test_historical_player(real_kb: KB) -> None:
    c = player_card(real_kb, "Babe Ruth")
    assert c.ids["bbref"] == "ruthba01"
    assert _line(c.batting, 1927, "MLB")["HR"] == 60
    assert _line(c.pitching, 1916, "MLB")["W"] == 23


def test_ambiguous_and_unknown(real_kb: KB) -> None:
    with pytest.raises(AmbiguousName) as amb:
        player_card(real_kb, "Will Smith")
    ids = {c.bbref for c in amb.value.candidates}
    assert {"smithwi04", "smithwi05"} <= ids
    # a close misspelling of one MLB player is taken, and the card says what was read
    card = player_card(real_kb, "Daltn Rushin")
    assert card.ids["bbref"] == "rushida01"
    assert any("Daltn Rushin" in n for n in card.notes)
    with pytest.raises(NotFound) as nf:
        player_card(real_kb, "Dalten Rushingham")
    assert any(s.bbref == "rushida01" for s in nf.value.suggestions)


@pytest.mark.parametrize(
    ("query", "bbref"),
    [
        ("Ichiro", "suzukic01"),  # a single word that is no surname: a unique MLB first name
        ("Michael A. Taylor", "taylomi02"),  # a middle initial decides between namesakes
        ("Rushing", "rushida01"),  # a surname alone, one MLB player
        ("Pudge Rodriguez", "rodriiv01"),  # the register's nickname
        ("Jacob DeGrom", "degroja01"),  # case
        ("Mookie Bets", "bettsmo01"),  # misspelling
        ("Roman Anthony", "anthoro01"),
    ],
)
def test_name_forms(real_kb: KB, query: str, bbref: str) -> None:
    assert player_card(real_kb, query).ids["bbref"] == bbref


def test_ambiguous_message_counts_mlb_namesakes(real_kb: KB) -> None:
    with pytest.raises(AmbiguousName, match="2 MLB players"):
        player_card(real_kb, "Will Smith")
    with pytest.raises(AmbiguousName):
        player_card(real_kb, "Max Muncy")  # two MLB Max Muncys (LAD 2015-, ATH 2025-)
