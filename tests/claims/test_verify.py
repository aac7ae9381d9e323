"""The verdict engine: every claimed number judged against the knowledge base.

- the dev gold claims against the full KB (``real_kb``; fast with ``HOTSTOVE_TEST_KB``): verdict
  accuracy >= 0.95 and the true values agree at the printed precision;
- the seed facts about Dalton Rushing (seed articles 000 and 003);
- precision, innings notation and split seasons, on the tiny KB (real Lahman tables).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hotstove import stats
from hotstove.claims.verify import ip_outs, parse_value, verify_claims
from hotstove.records import Claim

GOLD = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "gold.jsonl"


def claim(stat: str, value: float | int | str, player: str = "rushida01", **kw: Any) -> Claim:
    kw.setdefault("season", 2025)
    kw.setdefault("level", "MLB")
    return Claim(span=(0, 0), text=kw.pop("text", ""), stat=stat, value=value, player=player, **kw)


def one(kb: Any, c: Claim, published: dt.date | None = dt.date(2026, 1, 15)) -> Claim:
    return verify_claims([c], kb, published=published)[0]


def _published(s: str) -> dt.date:
    parts = [int(x) for x in s.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _same_at_precision(stat: str, got: Any, want: Any) -> bool:
    if want is None:
        return True  # the gold cannot tell (e.g. an incomplete season): nothing to compare
    if got is None:
        return False
    places = {"AVG": 3, "OBP": 3, "SLG": 3, "OPS": 3, "ERA": 2, "WHIP": 2, "IP": 1}.get(stat, 0)
    return round(float(got), places) == round(float(want), places)


# --- 1. the dev gold claims ------------------------------------------------------------------


@pytest.mark.skipif(not GOLD.is_file(), reason="no dev gold set beside the repository")
def test_dev_gold_claims(real_kb: Any) -> None:
    total = right = 0
    misses: list[str] = []
    truth_misses: list[str] = []
    for line in GOLD.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        art = json.loads(line)
        golds = art["claims"]
        claims = [
            Claim(
                span=(0, 0),
                text=g["text"],
                stat=g["stat"],
                value=g["value"],
                player=str(g["player"]),
                season=g.get("season"),
                level=g.get("level"),
                position=g.get("position"),
                team=g.get("team"),
                postseason=g.get("postseason"),
                pitching=bool(g.get("pitching")),
                as_of=g.get("as_of"),
            )
            for g in golds
        ]
        for g, c in zip(
            golds,
            verify_claims(claims, real_kb, published=_published(art["published"])),
            strict=True,
        ):
            total += 1
            tag = (
                f"{art['id']} {g['player']} {g['season']} {g.get('level')} "
                f"{g['stat']}={g['value']}: gold {g['verdict']} {g.get('truth')}, "
                f"got {c.verdict} {c.truth} ({c.source}; {c.reason})"
            )
            if c.verdict == g["verdict"]:
                right += 1
            else:
                misses.append(tag)
            if not _same_at_precision(g["stat"], c.truth, g.get("truth")):
                truth_misses.append(tag)
            if g.get("incomplete"):
                assert c.incomplete, tag
    accuracy = right / total
    assert accuracy >= 0.95, f"verdict accuracy {accuracy:.3f} on {total}:\n" + "\n".join(misses)
    assert not truth_misses, "truth disagrees:\n" + "\n".join(truth_misses)


# --- 2. the seed facts -----------------------------------------------------------------------


def test_seed_mlb_line(real_kb: Any) -> None:
    got = verify_claims(
        [claim("AVG", 0.204), claim("AVG", 0.214), claim("SO", 58), claim("SO", 68)],
        real_kb,
        published=dt.date(2026, 1, 20),
    )
    assert [(c.verdict, c.truth) for c in got] == [
        ("verified", 0.204),
        ("wrong", 0.204),
        ("verified", 58),
        ("wrong", 58),
    ]
    assert all(c.source == "Lahman Batting 2025" for c in got)


def test_seed_triple_a_line_is_incomplete(real_kb: Any) -> None:
    c = one(real_kb, claim("AVG", ".314", level="AAA"))
    assert c.verdict == "unverifiable" and c.incomplete
    assert c.reason == "the 2025 minor-league data stops on 2025-08-25"
    assert c.source == "FanGraphs minor-league leaderboard 2025 (through 2025-08-25)"
    assert c.computed is not None and c.computed["partial"] == 0.308
    assert c.computed["line"]["G"] == 31 and c.computed["line"]["PA"] == 132
    assert (c.computed["line"]["OBP"], c.computed["line"]["SLG"]) == (0.424, 0.514)
    games = one(real_kb, claim("G", 35, level="AAA"))
    assert games.verdict == "unverifiable" and games.incomplete  # never "wrong"


def test_seed_statcast(real_kb: Any) -> None:
    blocks = one(real_kb, claim("BLOCKS_ABOVE_AVG", -4))
    assert (blocks.verdict, blocks.truth) == ("verified", -4)
    assert blocks.source == "Baseball Savant catcher blocking 2025"
    pctl = one(real_kb, claim("FRAMING_PCTL", 24))
    assert pctl.verdict == "verified" and pctl.truth == 23
    assert pctl.computed is not None
    computed = pctl.computed
    assert (computed["percentile"], computed["pool"], computed["below"]) == (23, 57, 13)
    assert one(real_kb, claim("FRAMING_PCTL", 40)).verdict == "wrong"
    old = one(real_kb, claim("FRAMING_PCTL", 50, season=2021))
    assert (old.verdict, old.reason) == ("unverifiable", "no framing data for 2021")
    blocking_2024 = one(real_kb, claim("BLOCKS_ABOVE_AVG", 2, season=2024))
    assert blocking_2024.reason == "no blocking data for 2024"


def test_seed_fielding_and_postseason(real_kb: Any) -> None:
    g1b = one(real_kb, claim("G_POS", 8, position="1B"))
    assert (g1b.verdict, g1b.truth, g1b.source) == ("verified", 8, "Lahman Appearances 2025")
    gs1b = one(real_kb, claim("GS", 1, position="1B"))
    assert (gs1b.verdict, gs1b.source) == ("verified", "Lahman Fielding 2025")
    post = one(real_kb, claim("POSTSEASON_G", 1))
    assert (post.verdict, post.truth, post.source) == ("verified", 1, "Lahman BattingPost 2025")


def test_seed_age_and_prospect_rank(real_kb: Any) -> None:
    turns = one(real_kb, claim("AGE", 25, season=2026, level=None, text="turns 25 soon"))
    assert (turns.verdict, turns.truth) == ("verified", 25)
    at = one(real_kb, claim("AGE", 24, season=2026, level=None), published=dt.date(2026, 1, 20))
    assert (at.verdict, at.truth) == ("verified", 24)
    rank = one(real_kb, claim("PROSPECT_RANK", 1, season=2024, level=None))
    assert (rank.verdict, rank.reason) == ("unverifiable", "prospect rankings are not in the data")


def test_contract(real_kb: Any) -> None:
    years = one(real_kb, claim("CONTRACT_YEARS", 10, player="smithwi05", season=2024, level=None))
    value = one(real_kb, claim("CONTRACT_VALUE", 140, player="smithwi05", season=2024, level=None))
    off = one(real_kb, claim("CONTRACT_VALUE", 150, player="smithwi05", season=2024, level=None))
    assert (years.verdict, value.verdict) == ("verified", "verified")
    assert (off.verdict, off.truth) == ("wrong", 140)


def test_two_club_triple_a_line_is_summed(real_kb: Any) -> None:
    got = verify_claims(
        [claim(s, v, player="castidi02", season=2024, level="AAA") for s, v in
         (("AVG", ".261"), ("OBP", ".364"), ("SLG", ".397"))],
        real_kb,
    )  # fmt: skip
    assert [c.verdict for c in got] == ["verified"] * 3
    assert "Norfolk Tides 3 G + St. Paul Saints 110 G" in (got[0].source or "")


# --- 3. precision, innings, split seasons (tiny KB: the real Lahman tables) -------------------


def test_parse_value_keeps_printed_precision() -> None:
    assert parse_value(".204", 3) == (Decimal(".204"), 3)
    assert parse_value(".2045", 3) == (Decimal(".2045"), 4)
    assert parse_value(".190", 3) == (Decimal(".190"), 3)
    assert parse_value(0.19, 3) == (Decimal("0.19"), 3)  # a float lost its trailing zero
    assert parse_value(0.2045, 3) == (Decimal("0.2045"), 4)
    assert parse_value(-4.0, 0) == (Decimal("-4.0"), 0)
    assert parse_value("$140 million", 0) == (Decimal(140), 0)
    assert parse_value("n/a", 0) is None


def test_ip_notation() -> None:
    assert ip_outs(66.1) == 199
    assert ip_outs("66 1/3") == 199
    assert ip_outs("66.2") == 200
    assert ip_outs(195.1) == 586
    assert ip_outs(65) == 195
    assert ip_outs(66.33) == 199  # decimal innings, read as such


def test_precision_of_a_rate(tiny_kb: Any) -> None:
    # Rushing 2025: 29 for 142 = .20423
    assert one(tiny_kb, claim("AVG", ".204")).verdict == "verified"
    four = one(tiny_kb, claim("AVG", ".2045"))
    assert (four.verdict, four.truth) == ("wrong", 0.2042)
    assert one(tiny_kb, claim("AVG", ".2042")).verdict == "verified"
    assert one(tiny_kb, claim("OPS", 0.582)).verdict == "verified"  # OBP + SLG unrounded


def test_innings_and_era(tiny_kb: Any) -> None:
    diaz = "diazed04"  # 2025: 66 1/3 innings, 1.63 ERA
    ip = one(tiny_kb, claim("IP", "66 1/3", player=diaz))
    assert (ip.verdict, ip.truth, ip.source) == ("verified", 66.1, "Lahman Pitching 2025")
    assert one(tiny_kb, claim("IP", 66.1, player=diaz)).verdict == "verified"
    off = one(tiny_kb, claim("IP", 66.2, player=diaz))
    assert (off.verdict, off.truth) == ("wrong", 66.1)
    assert one(tiny_kb, claim("ERA", 1.63, player=diaz)).verdict == "verified"
    assert one(tiny_kb, claim("ERA", "1.6", player=diaz)).verdict == "verified"  # 1 place printed


def test_split_season_summed_unless_team_named(tiny_kb: Any) -> None:
    # Griffey Jr. 2008: CIN 102 G, 88-for-359; CWS 41 G, 34-for-131
    g = "griffke02"
    whole = one(tiny_kb, claim("G", 143, player=g, season=2008))
    assert (whole.verdict, whole.source) == ("verified", "Lahman Batting 2008")
    cin = one(tiny_kb, claim("G", 102, player=g, season=2008, team="CIN"))
    assert (cin.verdict, cin.source) == ("verified", "Lahman Batting 2008 (CIN stint)")
    avg = one(tiny_kb, claim("AVG", round(122 / 490, 3), player=g, season=2008))
    assert avg.verdict == "verified"
    cws = one(tiny_kb, claim("AVG", round(34 / 131, 3), player=g, season=2008, team="CWS"))
    assert cws.verdict == "verified"
    mixed = one(tiny_kb, claim("G", 102, player=g, season=2008))  # one stint's number, no club
    assert (mixed.verdict, mixed.truth) == ("wrong", 143)
    assert mixed.reason == "true for the CIN stint alone"


def test_what_the_data_cannot_tell(tiny_kb: Any) -> None:
    future = one(tiny_kb, claim("AVG", ".250", season=2026))
    assert future.verdict == "unverifiable" and "Lahman stops at 2025" in (future.reason or "")
    nobody = one(tiny_kb, claim("HR", 3, player=None))  # type: ignore[arg-type]
    assert (nobody.verdict, nobody.reason) == ("unverifiable", "no player linked")
    mid = one(tiny_kb, claim("SO", 40), published=dt.date(2025, 7, 15))
    assert mid.verdict == "unverifiable" and mid.computed == {"final": 58}
    assert one(tiny_kb, claim("WAR", 2.1)).verdict == "unverifiable"


def test_near_miss_names_the_season(tiny_kb: Any) -> None:
    # Rushing hit 17 HR at Double-A in 2024 and 9 at Triple-A
    c = one(tiny_kb, claim("HR", 9, season=2024, level="AA"))
    assert (c.verdict, c.truth) == ("wrong", 17)
    assert c.reason == "true at Triple-A in 2024, not Double-A"


def test_one_query_per_table_for_a_batch(tiny_kb: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_rows = type(tiny_kb).rows

    def counting(self: Any, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        seen.append(" ".join(sql.split())[:60])
        return real_rows(self, sql, params)

    monkeypatch.setattr(type(tiny_kb), "rows", counting)
    batch = [claim(s, v) for s, v in (("AVG", ".204"), ("OBP", ".258"), ("SLG", ".324"),
                                      ("SO", 58), ("BB", 10), ("G", 53))]  # fmt: skip
    batch += [claim("HR", 4, player="griffke02", season=2008)]
    verify_claims(batch, tiny_kb)
    batting = [s for s in seen if "batting_best" in s]
    assert len(batting) == 1, seen


def test_per_batter() -> None:
    assert stats.per_batter(98, 260) == 98 / 260
    assert stats.per_batter(None, 260) is None
    assert stats.per_batter(5, 0) is None
