"""Property test: articles written about REAL player-seasons are read back number for number.

Hypothesis picks an MLB batter season (>= 200 PA, 2015-2025) or a starter's season (>= 80 IP),
computes the truth with ``hotstove.stats`` from the summed counting stats (never a published
rate), and writes a short dated article stating several of those numbers in varied, natural
forms (slash lines, "23 home runs", "struck out 68 times", "over 131 games", "a .734 OPS",
"a 3.21 ERA over 180 1/3 innings", "went 13-6", small counts as words), with the season as
"in 2019", "last season", "this season" or left to the dateline. Optionally one number is
altered. Every stated number must come back as a claim on the right player, season, level and
stat; the unaltered ones ``verified``, the altered one ``wrong`` with the true value.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import hotstove
from hotstove import stats

pytestmark = pytest.mark.kb

FIRST, LAST = 2015, 2025
PLACES = {"AVG": 3, "OBP": 3, "SLG": 3, "OPS": 3, "ERA": 2, "WHIP": 2, "IP": 1}
PITCHER_COUNTS = {"SO", "BB", "G", "GS"}  # stats whose meaning depends on ``pitching``

# --- the real seasons ------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Season:
    bbref: str
    first: str
    last: str
    season: int
    line: dict[str, int | None]  # summed over stints
    stints: tuple[dict[str, int | None], ...]
    pitching: bool

    def __repr__(self) -> str:
        return f"Season({self.bbref!r}, {self.season})"


class Pool:
    """The seasons to draw from: a plain class with a short repr, since Hypothesis prints the
    test's arguments (a dataclass it would print field by field)."""

    def __init__(self, batters: list[Season], pitchers: list[Season]) -> None:
        self.batters, self.pitchers = batters, pitchers

    def __repr__(self) -> str:
        return f"Pool({len(self.batters)} batter and {len(self.pitchers)} pitcher seasons)"


_UNIQUE_NAMES = """
    SELECT name_first, name_last FROM people
    WHERE mlb_games > 0 AND name_first IS NOT NULL AND name_last IS NOT NULL
    GROUP BY 1, 2 HAVING count(*) = 1
"""


def _seasons(kb: Any, table: str, counts: tuple[str, ...], having: str, pitching: bool) -> list:
    cols = ", ".join(f'b."{c}"' for c in counts)
    rows = kb.rows(
        f"""
        SELECT b.bbref, p.name_first, p.name_last, b.season, b.stint, {cols}
        FROM {table} b JOIN people p USING (person_id)
        JOIN ({_UNIQUE_NAMES}) u ON u.name_first = p.name_first AND u.name_last = p.name_last
        WHERE b.level = 'MLB' AND b.season BETWEEN {FIRST} AND {LAST} AND b.bbref IS NOT NULL
          AND p.name_suffix IS NULL
          AND (b.bbref, b.season) IN (
              SELECT bbref, season FROM {table} WHERE level = 'MLB' GROUP BY 1, 2 HAVING {having})
        ORDER BY b.bbref, b.season, b.stint
        """
    )
    grouped: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for r in rows:
        grouped.setdefault((r["bbref"], r["season"]), []).append(r)
    out = []
    for (bbref, season), stints in sorted(grouped.items()):
        lines = tuple({c: s[c] for c in counts} for s in stints)
        out.append(
            Season(
                bbref=bbref,
                first=stints[0]["name_first"],
                last=stints[0]["name_last"],
                season=season,
                line=stats.sum_lines(lines, counts),
                stints=lines if len(lines) > 1 else (),
                pitching=pitching,
            )
        )
    return out


@pytest.fixture(scope="module")
def seasons(real_kb_path: Path) -> Pool:
    from hotstove.kb.store import KB

    with KB.open(real_kb_path) as kb:
        bat = _seasons(kb, "batting_best", stats.BATTING_COUNTS, "sum(PA) >= 200", False)
        pit = _seasons(
            kb, "pitching_best", stats.PITCHING_COUNTS, "sum(IPouts) >= 240 AND sum(GS) >= 10", True
        )
    assert len(bat) > 1000 and len(pit) > 300
    return Pool(bat, pit)


# --- numbers as printed ----------------------------------------------------------------------

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _round(x: float, places: int) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _rate(d: Decimal, places: int) -> str:
    s = f"{d:.{places}f}"
    return s[1:] if places == 3 and s.startswith("0.") else s


def _innings(outs: int) -> str:
    frac = {0: "", 1: " 1/3", 2: " 2/3"}[outs % 3]
    return f"{outs // 3}{frac}"


@dataclass
class Fact:
    stat: str
    stated: Decimal | int  # the value as written (an IP as outs)
    truth: Decimal | int
    text: str  # the number as written
    pitching: bool = False

    @property
    def altered(self) -> bool:
        return self.stated != self.truth


def _stint_values(s: Season, stat: str) -> set[Any]:
    return {v for v in (_true_value(ln, stat, s.pitching) for ln in s.stints) if v is not None}


def _true_value(line: dict[str, Any], stat: str, pitching: bool) -> Decimal | int | None:
    rate: dict[str, Callable[[Any], float | None]] = (
        {"ERA": stats.era, "WHIP": stats.whip}
        if pitching
        else {"AVG": stats.avg, "OBP": stats.obp, "SLG": stats.slg, "OPS": stats.ops}
    )
    if stat in rate:
        x = rate[stat](line)
        return None if x is None else _round(x, PLACES[stat])
    if stat == "IP":
        return line.get("IPouts")
    v = line.get(stat)
    return None if v is None else int(v)


def _alter(draw: Any, s: Season, stat: str, truth: Decimal | int) -> Decimal | int:
    """A wrong value near the truth that matches no stint of a split season either."""
    avoid = _stint_values(s, stat) | {truth}
    while True:
        if stat in {"AVG", "OBP", "SLG", "OPS"}:
            step = Decimal(draw(st.integers(5, 40))) / 1000
        elif stat in {"ERA", "WHIP"}:
            step = Decimal(draw(st.integers(8, 90))) / 100
        elif stat == "IP":
            step = 3 * draw(st.integers(1, 12)) + draw(st.sampled_from([0, 1, 2]))
        else:
            assert isinstance(truth, int)
            step = draw(st.integers(1, max(2, truth // 8)))
        floor = 0 if isinstance(step, Decimal) else 1  # no count of one: "one bags"
        new = truth + step if draw(st.booleans()) or truth - step <= floor else truth - step
        if new not in avoid and new > floor:
            return new


def _written(stat: str, value: Decimal | int, words: bool) -> str:
    if isinstance(value, Decimal):
        return _rate(value, PLACES[stat])
    if stat == "IP":
        return _innings(value)
    return _WORDS[value] if words and value < 10 and stat not in {"W", "L"} else str(value)


# --- articles --------------------------------------------------------------------------------


def _plain(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _name(draw: Any, s: Season) -> tuple[str, str]:
    first = s.first.replace(". ", ".")  # "J. D." as articles write it: "J.D."
    full, last = f"{first} {s.last}", s.last
    if draw(st.booleans()):
        full, last = _plain(full), _plain(last)
    return full, last


def _dateline(draw: Any, year: int) -> tuple[str, dt.date, str, str]:
    """(how the season is named, the publication date, a lead-in form, a follow-up marker)."""
    form = draw(st.sampled_from(["in", "last", "this", "none"]))
    if form == "in":
        pub = dt.date(min(year + draw(st.integers(1, 4)), 2026), draw(st.integers(1, 10)), 15)
        follow = draw(st.sampled_from(["", " that season", " that year", f" in {year}"]))
        return f"in {year}", pub, f"In {year}", follow
    if form == "last":
        # the offseason after it (season S = year) or the next season under way (S = year + 1)
        month = draw(st.sampled_from([1, 2, 3, 5, 6, 7, 8, 9]))
        follow = draw(st.sampled_from(["", " last season"]))
        return "last season", dt.date(year + 1, month, 10), "Last season", follow
    if form == "this":
        pub = dt.date(year, draw(st.sampled_from([11, 12])), 5)
        return "this season", pub, "This season", draw(st.sampled_from(["", " this season"]))
    pub = draw(st.sampled_from([dt.date(year, 11, 20), dt.date(year + 1, 1, 12)]))
    return "", pub, "", ""


def _batter_facts(draw: Any, s: Season) -> list[Fact]:
    stats_ = ["AVG", "OBP", "SLG", "HR", "SO", "G", "OPS", "RBI", "SB", "BB", "2B"]
    pool = [x for x in stats_[3:] if (_true_value(s.line, x, False) or 0) > 1]
    chosen = draw(st.lists(st.sampled_from(pool), min_size=2, max_size=5, unique=True))
    if draw(st.booleans()):
        chosen = ["AVG", "OBP", "SLG", *chosen]
    return [_fact(s, x, False) for x in chosen]


def _pitcher_facts(draw: Any, s: Season) -> list[Fact]:
    pool = ["ERA", "IP", "SO", "W", "GS", "WHIP", "BB"]
    pool = [x for x in pool if (_true_value(s.line, x, True) or 0) > 1]
    chosen = draw(st.lists(st.sampled_from(pool), min_size=2, max_size=5, unique=True))
    if "W" in chosen and (s.line["W"] or 0) + (s.line["L"] or 0) <= 40:
        chosen.insert(chosen.index("W") + 1, "L")
    else:
        chosen = [x for x in chosen if x != "W"]
    return [_fact(s, x, True) for x in chosen]


def _fact(s: Season, stat: str, pitching: bool) -> Fact:
    truth = _true_value(s.line, stat, pitching)
    assert truth is not None
    return Fact(stat, truth, truth, "", pitching and stat in PITCHER_COUNTS)


# Phrases: "np" (a noun phrase after "with"), "vp" (a verb phrase after "He").
_BAT_NP = {
    "HR": ["{v} home runs", "{v} homers"],
    "SO": ["{v} strikeouts"],
    "OPS": ["{a} {v} OPS", "an OPS of {v}"],
    "RBI": ["{v} RBIs", "{v} runs batted in"],
    "SB": ["{v} stolen bases", "{v} steals"],
    "BB": ["{v} walks"],
    "2B": ["{v} doubles"],
}
_BAT_VP = {
    "HR": ["hit {v} home runs", "clubbed {v} homers"],
    "SO": ["struck out {v} times", "fanned {v} times"],
    "OPS": ["posted {a} {v} OPS", "finished with {a} {v} OPS"],
    "RBI": ["drove in {v} runs", "drove in {v}"],
    "SB": ["stole {v} bases", "swiped {v} bags"],
    "BB": ["walked {v} times", "drew {v} walks"],
    "2B": ["added {v} doubles", "collected {v} doubles"],
    "G": ["played in {v} games", "appeared in {v} games"],
}
_PIT_NP = {
    "SO": ["{v} strikeouts"],
    "W": ["{a} {v}-{l} record"],
    "GS": ["{v} starts"],
    "WHIP": ["a {v} WHIP"],
    "BB": ["{v} walks"],
    "ERA": ["{a} {v} ERA"],
}
_PIT_VP = {
    "SO": ["struck out {v}", "struck out {v} batters", "racked up {v} strikeouts"],
    "W": ["went {v}-{l}"],
    "GS": ["made {v} starts"],
    "WHIP": ["posted a {v} WHIP", "held a {v} WHIP"],
    "BB": ["walked {v} batters", "issued {v} walks"],
    "ERA": ["posted {a} {v} ERA", "finished with {a} {v} ERA"],
}


def _join(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _fill(tpl: str, fact: Fact, facts: dict[str, Fact]) -> str:
    lose = facts.get("L")
    return tpl.format(v=fact.text, l=lose.text if lose else "", a=_a(fact.text))


def _a(number: str) -> str:
    """ "an .840 OPS", "an 8.10 ERA", "an 11.25 ERA", but "a .734 OPS", "a 3.21 ERA"."""
    return "an" if number.startswith((".8", "8", "11", "18")) else "a"


def _article(draw: Any, s: Season, facts: list[Fact]) -> tuple[str, dt.date]:
    full, last = _name(draw, s)
    words = draw(st.booleans())
    for f in facts:
        f.text = _written(f.stat, f.stated, words and f.stat not in PLACES)
    by = {f.stat: f for f in facts}
    when, pub, lead, follow = _dateline(draw, s.season)
    tail = f" {when}" if when else ""
    body: list[str] = []
    rest = [f for f in facts if f.stat not in {"AVG", "OBP", "SLG", "L"}]
    if s.pitching:
        era, ip = by.get("ERA"), by.get("IP")
        if ip is not None:
            rest.remove(ip)
            if era is not None:
                rest.remove(era)
                opening = draw(st.sampled_from([
                    "{n} posted {a} {e} ERA over {i} innings", "{n} had {a} {e} ERA in {i} innings",
                    "{n} logged {i} innings with {a} {e} ERA",
                ]))  # fmt: skip
            else:
                threw = ["{n} threw {i} innings", "{n} pitched {i} innings"]
                opening = draw(st.sampled_from(threw))
            e = era.text if era else ""
            first = opening.format(n=full, e=e, i=ip.text, a=_a(e))
        else:
            f0 = rest.pop(0)
            first = f"{full} {_fill(draw(st.sampled_from(_PIT_VP[f0.stat])), f0, by)}"
        np_, vp = _PIT_NP, _PIT_VP
    else:
        if "AVG" in by:
            slash = "/".join(by[x].text for x in ("AVG", "OBP", "SLG"))
            first = draw(st.sampled_from([
                "{n} hit {s}", "{n} slashed {s}", "{n} put up a {s} line", "{n} batted {s}",
            ])).format(n=full, s=slash)  # fmt: skip
        else:
            f0 = next((f for f in rest if f.stat != "G"), rest[0])
            rest.remove(f0)
            first = f"{full} {_fill(draw(st.sampled_from(_BAT_VP[f0.stat])), f0, by)}"
        g = by.get("G")
        if g is not None and draw(st.booleans()):
            rest.remove(g)
            first += f" {draw(st.sampled_from(['over', 'in']))} {g.text} games"
        np_, vp = _BAT_NP, _BAT_VP
    # the first sentence: the season up front or at the end, maybe a "with ..." tail
    with_np = [f for f in rest if f.stat in np_][: draw(st.integers(0, 2))]
    for f in with_np:
        rest.remove(f)
    sentence = f"{lead}, {first}" if lead and draw(st.booleans()) else first + tail
    if with_np:
        nps = [_fill(draw(st.sampled_from(np_[f.stat])), f, by) for f in with_np]
        sentence += f", with {_join(nps)}"
    body.append(sentence + ".")
    # the second sentence: the rest, about "He" or the last name
    if rest:
        who = draw(st.sampled_from(["He", last, f"{last} also", "He also"]))
        vps = [_fill(draw(st.sampled_from(vp[f.stat])), f, by) for f in rest]
        body.append(f"{who} {_join(vps)}{follow}.")
    title = draw(st.sampled_from([
        f"{last} looks to build on a solid year", f"What {last} brings to the table",
        f"Scouting report: {full}", f"{last} draws trade interest",
    ]))  # fmt: skip
    text = f"{title}\n\nPublished: {pub.isoformat()}\n\n" + " ".join(body) + "\n"
    return text, pub


# --- the property ----------------------------------------------------------------------------


def _matches(c: Any, f: Fact) -> bool:
    if c.stat != f.stat:
        return False
    if f.stat == "IP":
        from hotstove.claims.verify import ip_outs

        return ip_outs(c.value) == f.stated
    if isinstance(f.stated, Decimal):
        return _round(float(c.value), PLACES[f.stat]) == f.stated
    return c.value == f.stated


def _truth_ok(c: Any, f: Fact) -> bool:
    if c.truth is None:
        return False
    if f.stat == "IP":
        from hotstove.claims.verify import ip_outs

        return ip_outs(c.truth) == f.truth
    if isinstance(f.truth, Decimal):
        return _round(float(c.truth), PLACES[f.stat]) == f.truth
    return int(c.truth) == f.truth


def _check(s: Season, facts: list[Fact], text: str, pub: dt.date, kb_path: Path) -> None:
    linked = hotstove.read_text(text, db=kb_path)
    assert linked.article.published == pub, text
    got = list(linked.claims)
    show = "\n".join(
        f"  {c.stat}={c.value} {c.player} {c.season} {c.level} pitching={c.pitching} "
        f"{c.verdict} truth={c.truth} ({c.text!r}; {c.reason})"
        for c in got
    )
    where = f"\n{text}\n{s.bbref} {s.season} claims:\n{show}"
    for f in facts:
        hits = [c for c in got if _matches(c, f)]
        assert len(hits) == 1, f"{f.stat} {f.text}: {len(hits)} claims" + where
        c = hits[0]
        got.remove(c)
        assert (c.player, c.season, c.level) == (s.bbref, s.season, "MLB"), f.text + where
        if f.stat in PITCHER_COUNTS:
            assert c.pitching == f.pitching, f"{f.stat} {f.text} pitching" + where
        want = "wrong" if f.altered else "verified"
        assert c.verdict == want, f"{f.stat} {f.text}: want {want}" + where
        assert _truth_ok(c, f), f"{f.stat} {f.text}: truth {c.truth} != {f.truth}" + where
    assert not got, "claims no number stated:" + where


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same articles every run
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure prints its article
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_real_seasons_read_back(data: st.DataObject, seasons: Pool, real_kb_path: Path) -> None:
    pitcher = data.draw(st.integers(0, 3)) == 0  # about one article in four
    s = data.draw(st.sampled_from(seasons.pitchers if pitcher else seasons.batters))
    facts = _batter_facts(data.draw, s) if not s.pitching else _pitcher_facts(data.draw, s)
    pick = data.draw(st.one_of(st.none(), st.integers(0, len(facts) - 1)))
    if pick is not None:
        f = facts[pick]
        if f.stat == "L":  # alter the wins of a "13-6" instead
            f = facts[pick - 1]
        f.stated = _alter(data.draw, s, f.stat, f.truth)
        if f.stat == "W" and int(f.stated) + int(s.line["L"] or 0) > 40:
            f.stated = f.truth  # no longer a pitcher's record
    text, pub = _article(data.draw, s, facts)
    _check(s, facts, text, pub, real_kb_path)
