"""Claim extraction: the seed articles' numbers, one sentence per claim type, numbers that must be
left out, and extraction that never fails on any text."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hotstove
from hotstove.claims.extract import extract_claims
from hotstove.records import Claim, LinkedArticle

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "articles"
SEED_003 = DEV / "seed-003-rushing-bold-pursuit.txt"
SEED_000 = DEV / "seed-000-rushing-revisit.txt"
JAN_2026 = dt.date(2026, 1, 15)


def _key(c: Claim) -> tuple[Any, ...]:
    return (c.player, c.season, c.level, c.stat, c.position, c.value)


def _read(path: Path, db: Path, published: dt.date | None = None) -> LinkedArticle:
    if not path.is_file():
        pytest.skip(f"no dev article at {path}")
    got = next(iter(hotstove.read([path], db=db, published=published)))
    assert isinstance(got, LinkedArticle)
    return got


def _text(text: str, db: Path, published: dt.date = JAN_2026) -> LinkedArticle:
    return hotstove.read_text(text, published=published, db=db)


@pytest.fixture(scope="module")
def seed003(real_kb_path: Path) -> LinkedArticle:
    return _read(SEED_003, real_kb_path)


def test_seed_003_every_rushing_number(seed003: LinkedArticle) -> None:
    got = {_key(c) for c in extract_claims(seed003)}
    r = "rushida01"
    expected = {
        (r, 2025, "MLB", "G", None, 53),
        (r, 2025, "MLB", "AVG", None, 0.204),
        (r, 2025, "MLB", "OBP", None, 0.258),
        (r, 2025, "MLB", "SLG", None, 0.324),
        (r, 2025, "MLB", "OPS", None, 0.582),
        (r, 2025, "MLB", "SO", None, 58),
        (r, 2025, "MLB", "BB", None, 10),
        (r, 2025, "AAA", "AVG", None, 0.314),
        (r, 2025, "AAA", "OBP", None, 0.436),
        (r, 2025, "AAA", "SLG", None, 0.517),
        (r, 2025, "AAA", "G", None, 35),
        (r, 2024, None, "PROSPECT_RANK", None, 1),
        (r, 2025, "MLB", "BLOCKS_ABOVE_AVG", None, -4),
        (r, 2025, "MLB", "FRAMING_PCTL", None, 24),
        (r, 2026, None, "AGE", None, 25),
    }
    assert expected <= got
    assert got <= expected  # nothing else in the article is a claim


def test_seed_003_claims_carry_words_and_spans(seed003: LinkedArticle) -> None:
    text = seed003.article.text
    for c in extract_claims(seed003):
        assert text[c.span[0] : c.span[1]] == c.text
        assert c.person_id == "687221"
    slash = [c for c in extract_claims(seed003) if c.stat == "SLG" and c.level == "AAA"]
    assert slash and ".314/.436/.517" in slash[0].text


def test_seed_003_skipped_numbers_have_reasons(seed003: LinkedArticle) -> None:
    debug: list[dict[str, Any]] = []
    extract_claims(seed003, debug=debug)
    skipped = {d["text"]: d["reason"] for d in debug if "reason" in d}
    assert skipped["2025"] == "a year"
    assert all(text_of(seed003, d) == d["text"] for d in debug)


def text_of(linked: LinkedArticle, d: dict[str, Any]) -> str:
    s, e = d["span"]
    return linked.article.text[s:e]


def test_seed_000_games_at_first_and_postseason(real_kb_path: Path) -> None:
    got = {_key(c) for c in extract_claims(_read(SEED_000, real_kb_path))}
    assert ("rushida01", 2025, "MLB", "G_POS", "1B", 8) in got
    assert ("rushida01", 2025, "MLB", "GS", "1B", 1) in got
    assert ("rushida01", 2025, "MLB", "POSTSEASON_G", None, 1) in got


# --- one sentence per claim type ---------------------------------------------------------------

CASES: list[tuple[str, dt.date, set[tuple[Any, ...]]]] = [
    (  # slash line with OPS, counts, a split-season stint
        "Notes\n\nCal Raleigh hit .247/.359/.589/.948 with 60 home runs and drove in 125 runs last "
        "season. He walked 97 times and stole 14 bases.",
        JAN_2026,
        {
            ("raleica01", 2025, "MLB", "AVG", None, 0.247),
            ("raleica01", 2025, "MLB", "OPS", None, 0.948),
            ("raleica01", 2025, "MLB", "HR", None, 60),
            ("raleica01", 2025, "MLB", "RBI", None, 125),
            ("raleica01", 2025, "MLB", "BB", None, 97),
            ("raleica01", 2025, "MLB", "SB", None, 14),
        },
    ),
    (  # pitching: record, ERA, innings in thirds, WHIP, strikeouts as a pitcher
        "Notes\n\nTarik Skubal went 13-6 with a 2.21 ERA, 241 strikeouts and a 0.89 WHIP in "
        "195 1/3 innings in 2025.",
        JAN_2026,
        {
            ("skubata01", 2025, "MLB", "W", None, 13),
            ("skubata01", 2025, "MLB", "L", None, 6),
            ("skubata01", 2025, "MLB", "ERA", None, 2.21),
            ("skubata01", 2025, "MLB", "SO", None, 241),
            ("skubata01", 2025, "MLB", "WHIP", None, 0.89),
            ("skubata01", 2025, "MLB", "IP", None, 195.1),
        },
    ),
    (  # numbers in words, games at a position, a minor level, a year named
        "Notes\n\nMaikel Garcia started 130 games at third base in 2025. In Double-A in 2022, "
        "he hit .291 over eighty games.",
        JAN_2026,
        {
            ("garcima01", 2025, "MLB", "GS", "3B", 130),
            ("garcima01", 2022, "AA", "AVG", None, 0.291),
            ("garcima01", 2022, "AA", "G", None, 80),
        },
    ),
    (  # ages: appositive, "the N-year-old", "turns N next month"
        "Notes\n\nThe Mets traded for Pete Alonso, 31, on Monday. The 31-year-old turns 32 next "
        "month.",
        dt.date(2025, 12, 10),
        {("alonspe01", 2025, None, "AGE", None, 31), ("alonspe01", 2026, None, "AGE", None, 32)},
    ),
    (  # H-for-AB, saves, a compound ("a 53-homer season"), "last year" in season
        "Notes\n\nPete Alonso hit 53 home runs as a rookie in 2019, a 53-homer season. Edwin Diaz "
        "saved 28 games last year and went 2-for-6 at the plate in 2019.",
        dt.date(2025, 7, 1),
        {
            ("alonspe01", 2019, "MLB", "HR", None, 53),
            ("diazed04", 2024, "MLB", "SV", None, 28),
            ("diazed04", 2019, "MLB", "H", None, 2),
            ("diazed04", 2019, "MLB", "AB", None, 6),
        },
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_claim_types(real_kb_path: Path, text: str, published: dt.date,
                     expected: set[tuple[Any, ...]]) -> None:  # fmt: skip
    got = {_key(c) for c in extract_claims(_text(text, real_kb_path, published))}
    assert expected <= got, expected - got


def test_statcast_percentile_prospect_and_contract(real_kb_path: Path) -> None:
    linked = _text(
        "Notes\n\nDalton Rushing posted -4 blocks above average and ranked in the 24th percentile "
        "in framing in 2025. He was the Dodgers' No. 1 prospect in 2024. Willson Contreras had "
        "six Outs Above Average at first base. Bobby Witt Jr. signed an 11-year, $288.8 million "
        "extension.",
        real_kb_path,
    )
    got = {_key(c) for c in extract_claims(linked)}
    assert ("rushida01", 2025, "MLB", "BLOCKS_ABOVE_AVG", None, -4) in got
    assert ("rushida01", 2025, "MLB", "FRAMING_PCTL", None, 24) in got
    assert ("rushida01", 2024, None, "PROSPECT_RANK", None, 1) in got
    assert ("contrwi01", 2025, "MLB", "OUTS_ABOVE_AVG", "1B", 6) in got
    stats = {(c.player, c.stat, c.value) for c in extract_claims(linked)}
    assert ("wittbo02", "CONTRACT_YEARS", 11) in stats
    assert ("wittbo02", "CONTRACT_VALUE", 288.8) in stats


def test_team_for_one_stint_and_pronoun_focus(real_kb_path: Path) -> None:
    linked = _text(
        "Notes\n\nThe Dodgers claimed Ben Rortvedt. After Will Smith was hurt, he hit .224 in 18 "
        "games for the Dodgers.",
        real_kb_path,
    )
    claims = [c for c in extract_claims(linked) if c.stat in {"AVG", "G"}]
    assert {(c.player, c.stat, c.value, c.team) for c in claims} == {
        ("rortvbe01", "AVG", 0.224, "LAD"),
        ("rortvbe01", "G", 18, "LAD"),
    }


def test_numbers_left_out_with_reasons(real_kb_path: Path) -> None:
    linked = _text(
        "Notes\n\nOn Feb. 15, 2026, the Mets beat the Phillies 5-3 and moved to 60-102. Pete "
        "Alonso, who wears No. 20, got a $1 million bonus, and the club has four catchers on the "
        "40-man roster.",
        real_kb_path,
    )
    debug: list[dict[str, Any]] = []
    assert extract_claims(linked, debug=debug) == []
    reasons = {d["text"]: d["reason"] for d in debug if "reason" in d}
    assert reasons["2026"] == "a year"
    assert reasons["15"] == "a date or time"
    assert reasons["20"] == "a jersey or list number"
    assert reasons["1"] == "money that is not a contract fact"
    assert "score" in reasons["5"] and "score" in reasons["60"]


def test_game_facts_are_not_season_claims(real_kb_path: Path) -> None:
    linked = _text(
        "Notes\n\nLuis Garcia held the Angels to three runs over six innings on Sept. 1.",
        real_kb_path,
    )
    assert [c for c in extract_claims(linked) if c.stat == "IP"] == []


# --- never fails -------------------------------------------------------------------------------


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(extra=st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
       | st.lists(st.sampled_from(["he", "hit", ".300", "/", "1/3", "-", "12-4", "No.", "$5",
                                   "million", "games", "at", "first", "2025", "Triple-A", ",",
                                   ".", "the 24-year-old", "innings", "percentile", "24th",
                                   "both", "and", "1999", "more", "times", "\n"]),
                  max_size=40).map(" ".join))  # fmt: skip
def test_extraction_never_raises_on_appended_text(seed003: LinkedArticle, extra: str) -> None:
    art = dataclasses.replace(seed003.article, text=seed003.article.text + " " + extra)
    linked = dataclasses.replace(seed003, article=art, claims=[])
    debug: list[dict[str, Any]] = []
    for c in extract_claims(linked, debug=debug):
        assert art.text[c.span[0] : c.span[1]] == c.text
