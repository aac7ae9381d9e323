"""Past moves between two clubs: wire trades read once, stint movements inferred, values summed."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from hotstove.errors import BadInput, HotstoveError, NotFound
from hotstove.valuation import history
from hotstove.valuation.history import MovedPlayer, _considerations, _dedupe, _Trade

# --- offline -----------------------------------------------------------------------------------


def _trade(day: str, text: str, names: list[str]) -> _Trade:
    got: dict[str, list[MovedPlayer]] = {
        "AAA": [MovedPlayer(n, None, None, "BBB", "AAA") for n in names],
        "BBB": [],
    }
    return _Trade(dt.date.fromisoformat(day), text, got, {"AAA": [], "BBB": ["cash"]})


def test_one_trade_told_twice_is_kept_once_with_its_fuller_line() -> None:
    short = _trade("2030-01-10", "short", ["Jane Doe"])
    full = _trade("2030-01-11", "full", ["Jane Doe", "Joan Roe"])
    later = _trade("2030-01-20", "later", ["Jane Doe"])
    kept = _dedupe([short, full, later])
    assert [t.text for t in kept] == ["full", "later"]
    assert kept[0].also == ["short"]


def test_considerations_after_for_go_to_the_club_that_gave_players_up() -> None:
    line = "Aville traded RHP Jane Doe to Btown for cash and a player to be named later."
    got = _considerations(line, "BBB", "AAA", "BBB")  # Btown received Jane Doe
    assert got == {"AAA": ["cash", "player to be named later"], "BBB": []}
    line = "Aville traded RHP Jane Doe and cash to Btown for LHP Joan Roe."
    assert _considerations(line, "BBB", "AAA", "BBB") == {"AAA": [], "BBB": ["cash"]}


# --- the real knowledge base -------------------------------------------------------------------

BETTS_TRADE = "2020-02-10"


def _betts_trade(moves: list[history.PastMove]) -> list[history.PastMove]:
    return [m for m in moves if m.kind == "trade" and m.date == BETTS_TRADE]


@pytest.mark.kb
def test_lad_bos_has_the_betts_trade_once(real_kb: Any) -> None:
    start = time.perf_counter()
    moves = history.club_history(real_kb, "LAD", "BOS")
    took = time.perf_counter() - start
    print(f"club_history LAD-BOS: {took:.2f} s, {len(moves)} moves")
    assert took < 3.0
    found = _betts_trade(moves)
    assert len(found) == 1  # the wire lists it twice
    trade = found[0]
    assert not trade.inferred and trade.source == "transactions" and trade.season == 2020
    assert trade.text and "Mookie Betts" in trade.text
    assert trade.also  # the other copy is kept as text
    bos = {p.name: p for p in trade.side("BOS").players}
    lad = {p.name: p for p in trade.side("LAD").players}
    assert set(bos) == {"Alex Verdugo", "Connor Wong", "Jeter Downs"}
    assert set(lad) == {"Mookie Betts", "David Price"}
    ids = {
        r["person_id"]: r["bbref"]
        for r in real_kb.rows(
            "SELECT person_id, bbref FROM people WHERE bbref IN "
            "('bettsmo01', 'verdual01', 'wongco01')"
        )
    }
    assert ids[lad["Mookie Betts"].person_id] == "bettsmo01"
    assert ids[bos["Alex Verdugo"].person_id] == "verdual01"
    assert ids[bos["Connor Wong"].person_id] == "wongco01"
    assert lad["Mookie Betts"].position == "RF" and bos["Connor Wong"].position == "C"
    assert "cash" in trade.side("LAD").considerations
    assert lad["Mookie Betts"].seasons[0] == 2020
    assert bos["Alex Verdugo"].seasons == [2020, 2021, 2022, 2023]
    assert bos["Alex Verdugo"].last_season == 2023
    # newest first
    assert [m.season for m in moves] == sorted((m.season for m in moves), reverse=True)


@pytest.mark.kb
def test_values_are_summed_per_side(real_kb: Any) -> None:
    worth = {"bettsmo01": 30.0, "priceda01": 2.5, "verdual01": 4.0, "wongco01": 3.0,
             "downsje01": 0.0}  # fmt: skip
    by_id = {
        r["person_id"]: r["bbref"]
        for r in real_kb.rows(
            "SELECT person_id, bbref FROM people WHERE bbref IN ('bettsmo01', "
            "'priceda01', 'verdual01', 'wongco01', 'downsje01')"
        )  # fmt: skip
    }
    calls: list[tuple[str, str, int, int | None]] = []

    def value_of(pid: str, club: str, first: int, last: int | None) -> float | None:
        calls.append((by_id.get(pid, pid), club, first, last))
        return worth.get(by_id.get(pid, ""))

    trade = _betts_trade(history.club_history(real_kb, "LAD", "BOS", value_of=value_of))[0]
    lad, bos = trade.side("LAD"), trade.side("BOS")
    assert lad.value == pytest.approx(32.5) and lad.value_complete
    assert bos.value == pytest.approx(7.0) and bos.value_complete
    assert ("verdual01", "BOS", 2020, 2023) in calls
    assert ("priceda01", "LAD", 2021, 2022) in calls  # he sat out 2020
    betts = next(c for c in calls if c[0] == "bettsmo01")
    assert betts[1:3] == ("LAD", 2020)
    # without value_of nothing is valued
    plain = _betts_trade(history.club_history(real_kb, "LAD", "BOS"))[0]
    assert plain.side("LAD").value is None and not plain.side("LAD").value_complete


@pytest.mark.kb
def test_movement_before_the_wire_is_inferred_from_stints(real_kb: Any) -> None:
    # Boston to Seattle in July 1997, four years before the wire begins
    moves = history.club_history(real_kb, "BOS", "SEA")
    hits = [
        m
        for m in moves
        for p in m.side("SEA").players
        if p.name == "Heathcliff Slocumb" and m.season == 1997
    ]
    assert len(hits) == 1
    m = hits[0]
    assert m.inferred and m.kind == "moved" and m.source == "season stints (Lahman)"
    assert m.date is None and m.period == "during 1997"
    assert m.side("SEA").players[0].from_club == "BOS"
    assert m.side("SEA").players[0].seasons == [1997, 1998]
    # within the wire's years only parsed trades appear, never an inferred movement
    assert not [x for x in moves if x.inferred and 2002 <= x.season <= 2020]
    assert any(not x.inferred for x in moves)


@pytest.mark.kb
def test_limit_and_record(real_kb: Any) -> None:
    moves = history.club_history(real_kb, "LAD", "BOS", limit=3)
    assert len(moves) == 3
    d = moves[0].to_dict()
    assert {"date", "season", "kind", "source", "inferred", "sides", "text"} <= set(d)
    assert [s["club"] for s in d["sides"]] == ["LAD", "BOS"]


@pytest.mark.kb
def test_bad_clubs_are_clear_errors(real_kb: Any) -> None:
    with pytest.raises(NotFound) as err:
        history.club_history(real_kb, "LAD", "XYZ")
    assert isinstance(err.value, HotstoveError) and "XYZ" in str(err.value)
    with pytest.raises(BadInput):
        history.club_history(real_kb, "BOS", "bos")
