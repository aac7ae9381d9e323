"""The season a number belongs to across sentences and series, a pitcher's counts, and an
undated story dated by its numbers (issue 6: the gaps the property test found)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import hotstove
from hotstove.claims.extract import extract_claims
from hotstove.claims.extract_season import REFERENCE
from hotstove.claims.verify import verify_claims
from hotstove.records import Claim


def _keys(text: str, db: Path, published: dt.date | None) -> set[tuple[Any, ...]]:
    linked = hotstove.read_text(text, published=published, db=db)
    return {(c.player, c.season, c.stat, c.value, c.pitching) for c in extract_claims(linked)}


@pytest.mark.kb
def test_a_season_ending_a_series_dates_every_item(real_kb_path: Path) -> None:
    got = _keys(
        "Notes\n\nJurickson Profar put up a .243/.331/.391 line last season. He appeared in 152 "
        "games, clubbed 15 homers and drove in 58 last season.",
        real_kb_path,
        dt.date(2023, 7, 10),  # during 2023: "last season" is 2022
    )
    for stat, value in (("G", 152), ("HR", 15), ("RBI", 58)):
        assert ("profaju01", 2022, stat, value, False) in got


@pytest.mark.kb
def test_a_contrast_ends_the_series(real_kb_path: Path) -> None:
    got = _keys(
        "Notes\n\nPete Alonso hit 46 home runs, up from 40 home runs in 2022.", real_kb_path,
        dt.date(2024, 1, 10),
    )  # fmt: skip
    assert ("alonspe01", 2023, "HR", 46, False) in got
    assert ("alonspe01", 2022, "HR", 40, False) in got


@pytest.mark.kb
def test_the_season_named_carries_to_the_next_sentence_about_him(real_kb_path: Path) -> None:
    got = _keys(
        "Notes\n\nIn 2019, Andrew Heaney posted a 4.91 ERA over 95 1/3 innings. He made 18 "
        "starts and walked 30 batters.\n\nHe made 32 starts.",
        real_kb_path,
        dt.date(2024, 4, 15),
    )
    assert ("heanean01", 2019, "GS", 18, True) in got
    assert ("heanean01", 2019, "BB", 30, True) in got  # "walked N batters": a pitcher's walks
    assert ("heanean01", 2024, "GS", 32, True) in got  # a new paragraph names its season afresh


@pytest.mark.kb
def test_a_year_in_a_subordinate_clause_does_not_carry(real_kb_path: Path) -> None:
    got = _keys(
        "Notes\n\nJavier Baez was written off after hitting .184 in 2024. He hit .257 in 126 "
        "games.",
        real_kb_path,
        dt.date(2025, 11, 20),
    )
    assert ("baezja01", 2024, "AVG", 0.184, False) in got
    assert ("baezja01", 2025, "AVG", 0.257, False) in got


@pytest.mark.kb
def test_a_pitchers_strikeouts_without_a_pitching_word(real_kb_path: Path) -> None:
    text = "Notes\n\nAlex Cobb went 5-15 this season. Cobb also struck out 102."
    linked = hotstove.read_text(text, published=dt.date(2018, 11, 5), db=real_kb_path)
    so = [c for c in linked.claims if c.stat == "SO"]
    assert [(c.season, c.pitching, c.verdict, c.truth) for c in so] == [
        (2018, True, "verified", 102)
    ]
    # and a hitter's "strikeouts and" beside a slash line stay his own
    text = "Notes\n\nTy France hit .291/.368/.445 in 2021, with 106 strikeouts and 18 homers."
    linked = hotstove.read_text(text, published=dt.date(2022, 1, 15), db=real_kb_path)
    so = [c for c in linked.claims if c.stat == "SO"]
    assert [(c.pitching, c.verdict) for c in so] == [(False, "verified")]


# --- verdicts on the tiny knowledge base -------------------------------------------------------


def _claim(stat: str, value: Any, player: str, season: int, **kw: Any) -> Claim:
    return Claim(span=(0, 0), text=kw.pop("text", ""), stat=stat, value=value, player=player,
                 season=season, level=kw.pop("level", "MLB"), **kw)  # fmt: skip


def _undated(in_season: bool, offset: int = 0) -> dict[str, Any]:
    return {REFERENCE: {"in_season": in_season, "offset": offset}}


def test_undated_in_season_story_quotes_the_line_before_the_trade(tiny_kb: Any) -> None:
    # Griffey Jr. 2008: CIN 102 G, 88-for-359; CWS 41 G (traded at the deadline)
    g = "griffke02"
    c = _claim("G", 102, g, 2008, computed=_undated(True))
    got = verify_claims([c], tiny_kb, published=None)[0]
    assert (got.verdict, got.truth, got.team) == ("verified", 102, "CIN")
    assert got.computed is None  # the marker does not leak into the output
    # an offseason story means the whole season
    c = _claim("G", 102, g, 2008, computed=_undated(False))
    assert verify_claims([c], tiny_kb, published=None)[0].verdict == "wrong"


def test_an_undated_story_is_dated_by_its_numbers(tiny_kb: Any) -> None:
    g = "griffke02"
    # read against 2007 by the text alone, but true in 2008 (143 G, 122-for-490)
    claims = [
        _claim("G", 143, g, 2007, computed=_undated(False)),
        _claim("AVG", round(122 / 490, 3), g, 2007, computed=_undated(False)),
        _claim("H", 999, g, 2007, computed=_undated(False)),  # wrong in any season
    ]
    got = verify_claims(claims, tiny_kb, published=None)
    assert [(c.season, c.verdict) for c in got] == [
        (2008, "verified"), (2008, "verified"), (2008, "wrong")
    ]  # fmt: skip
    # a dated story is never moved
    dated = [dataclasses.replace(c, computed=None) for c in claims]
    got = verify_claims(dated, tiny_kb, published=dt.date(2008, 1, 10))
    assert {c.season for c in got} == {2007}


def test_an_undated_age_is_right_within_the_story_window(tiny_kb: Any) -> None:
    born = tiny_kb.one("SELECT birth_date FROM people WHERE bbref = 'griffke02'")["birth_date"]
    born = dt.date.fromisoformat(str(born)[:10])  # 1969-11-21
    # an offseason story after 2008 runs from October 2008 to March 2009: 38 or 39
    for age, verdict in ((38, "verified"), (39, "verified"), (40, "wrong")):
        c = _claim("AGE", age, "griffke02", 2008, level=None, computed=_undated(False))
        got = verify_claims([c], tiny_kb, published=None)[0]
        assert got.verdict == verdict, (age, got.source)
    assert born.year == 1969
