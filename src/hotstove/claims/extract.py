"""Claim extraction: every number an article states as a fact about a player's record.

``extract_claims(linked)`` reads a linked article sentence by sentence. Patterns (one table,
``_PATTERNS``, most specific first) turn the words around a number into a statistic: slash
lines, rates with their names (".582 OPS", "a 2.31 ERA"), counts ("58 strikeouts", "drove in
118", "caught 121 games", "eight games (one start) at first base"), innings ("66 1/3"), records
("went 13-6", "2-for-6"), ages ("the 24-year-old", "Garcia, 28", "turns 25 soon"), Statcast
figures ("-4 blocks above average", "24th percentile in framing"), prospect ranks, OPS+, wRC+,
WAR, K% and contract facts ("a 10-year, $140 million extension"). Each claim is tied to

- a player: ``extract_focus`` (the last name or pronoun before the number, see there);
- a season: ``extract_season`` (the article's date, else ``linked.season``; markers in the
  sentence, a series or the paragraph; the rule is in that module's docstring);
- a level: MLB unless the sentence puts the number "in"/"at" a minor level ("In Triple-A, ...");
- a club: when the number's clause says "for the Rays" / "with the Mariners";
- a position for games at a position, a postseason round, ``pitching`` for a pitcher's counts.

Every other number is left out; with ``debug=[]`` each one is appended with its text, span and
the reason (a year or date, money, a score or team record, an ordinal, a count of something
that is not a record, no player in focus, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hotstove.claims.extract_focus import Sentence, build_sentences
from hotstove.claims.extract_season import (
    REFERENCE,
    Marker,
    SeasonFrame,
    carries,
    frame,
    markers,
    month_number,
    season_marker,
)
from hotstove.claims.numbers import INT, RATE, YEAR, all_numbers, innings_value, int_value
from hotstove.records import Claim, LinkedArticle

__all__ = ["extract_claims"]

# --- words -----------------------------------------------------------------------------------

_POS_WORDS = {
    "first base": "1B", "first": "1B", "second base": "2B", "second": "2B", "third base": "3B",
    "third": "3B", "shortstop": "SS", "short": "SS", "catcher": "C", "the plate": "C",
    "left field": "LF", "center field": "CF", "centerfield": "CF", "right field": "RF",
    "outfield": "OF", "the outfield": "OF", "designated hitter": "DH", "dh": "DH",
    "pitcher": "P", "the mound": "P", "plate": "C",
}  # fmt: skip
_POS = (
    r"(?:first base|second base|third base|shortstop|short|left field|center field|centerfield|"
    r"right field|the outfield|outfield|designated hitter|DH|"
    r"catcher|the plate|the mound|plate|mound|"
    r"first|second|third)(?!\s+(?:inning|round|half|place|straight|time|year|season|game))"
)
_POS_TAIL = rf"(?P<postail>\s+(?:at|in|as|behind)\s+(?:the\s+|a\s+)?(?P<pos>{_POS}))"
_COUNT_NOUNS: list[tuple[str, str]] = [
    (r"plate appearances", "PA"),
    (r"relief appearances|appearances|outings", "G*"),
    (r"home runs?|homers?|HRs?|dingers|long balls", "HR"),
    (r"runs batted in|RBIs?", "RBI"),
    (r"doubles", "2B"),
    (r"triples", "3B"),
    (r"stolen bases|steals|bags", "SB"),
    (r"walks|bases on balls", "BB"),
    (r"strikeouts|K['’]?s", "SO"),
    (r"hits", "H"),
    (r"runs scored", "R"),
    (r"saves", "SV"),
    (r"wins|victories", "W"),
    (r"losses", "L"),
    (r"starts", "GS*"),
    (r"at-bats|at bats", "AB"),
    (r"games?", "G"),
]
_NOUN_RE = "|".join(f"(?:{n})" for n, _ in _COUNT_NOUNS)
_RATE_WORDS: list[tuple[str, str]] = [
    (r"OPS\+", "OPS_PLUS"),
    (r"ERA\+", "ERA_PLUS"),
    (r"wRC\+", "WRC_PLUS"),
    (r"OPS", "OPS"),
    (r"OBP|on-base percentage|on-base mark|on-base", "OBP"),
    (r"SLG|slugging percentage|slugging mark|slugging", "SLG"),
    (r"AVG|BA|batting average|average", "AVG"),
    (r"ERA|earned run average", "ERA"),
    (r"WHIP", "WHIP"),
    (r"FIP", "FIP"),
    (r"xERA", "XERA"),
    (r"wOBA", "WOBA"),
    (r"xwOBA", "XWOBA"),
]
_PCT_WORDS: list[tuple[str, str]] = [
    (r"strikeout rate|K rate|K%|K-rate|strikeout percentage", "K_PCT"),
    (r"walk rate|BB rate|BB%|walk percentage", "BB_PCT"),
    (r"whiff rate", "WHIFF_PCT"),
    (r"chase rate", "CHASE_PCT"),
    (r"hard-hit rate", "HARD_HIT_PCT"),
    (r"barrel rate", "BARREL_PCT"),
]
_STATCAST: list[tuple[str, str]] = [
    (r"blocks above average", "BLOCKS_ABOVE_AVG"),
    (r"outs above average|OAA", "OUTS_ABOVE_AVG"),
    (r"(?:catcher )?framing runs", "FRAMING_RUNS"),
    (r"defensive runs saved|DRS", "DRS"),
    (r"runs above average", "RUNS_ABOVE_AVG"),
    (r"fielding run value", "FIELDING_RUN_VALUE"),
]
_PCTL_METRICS: list[tuple[str, str]] = [
    (r"framing", "FRAMING_PCTL"),
    (r"blocking|blocks", "BLOCKING_PCTL"),
    (r"whiff", "WHIFF_PCTL"),
    (r"chase", "CHASE_PCTL"),
    (r"sprint speed|speed", "SPRINT_SPEED_PCTL"),
    (r"exit velo\w*", "EXIT_VELO_PCTL"),
    (r"hard-hit", "HARD_HIT_PCTL"),
    (r"barrel", "BARREL_PCTL"),
    (r"arm strength|arm", "ARM_STRENGTH_PCTL"),
    (r"pop time", "POP_TIME_PCTL"),
    (r"xwOBA", "XWOBA_PCTL"),
    (r"xBA", "XBA_PCTL"),
    (r"strikeout rate|K%|K rate", "K_PCT_PCTL"),
    (r"walk rate|BB%", "BB_PCT_PCTL"),
    (r"outs above average|OAA|defense", "OAA_PCTL"),
]
_LEVELS = [
    (r"Triple-A|Triple A|AAA", "AAA"),
    (r"Double-A|Double A", "AA"),
    (r"High-A|High A|Advanced-A", "A+"),
    (r"Single-A|Low-A|Class A|Class-A|Low A", "A"),
    (r"rookie ball|rookie-level|(?:Arizona |Florida |Dominican )?[Cc]omplex [Ll]eague", "ROOKIE"),
]
_LEVEL_RE = re.compile(
    r"\b(?P<prep>[Ii]n|[Aa]t|[Ww]ith|[Ff]or|of|to|from|up from|back to|down to)\s+(?:the\s+)?"
    r"(?P<lvl>" + "|".join(p for p, _ in _LEVELS) + r")\b",
)
_LEVEL_FUTURE = re.compile(
    r"\b(?:will|would|could|likely|expected|open|opens|start|assign\w*|option\w*|send|sent|head|"
    r"report|rehab|return)\b[^,.;]{0,20}$"
)
_POSTSEASON = re.compile(
    r"\b(?:postseason|post-season|playoffs?|World Series|ALCS|NLCS|ALDS|NLDS|Division Series|"
    r"Championship Series|Wild Card|wild-card series)\b"
)
_ROUNDS = [
    (r"World Series", "WS"), (r"ALCS", "ALCS"), (r"NLCS", "NLCS"), (r"ALDS", "ALDS"),
    (r"NLDS", "NLDS"), (r"American League Championship Series", "ALCS"),
    (r"National League Championship Series", "NLCS"), (r"Division Series", "DS"),
    (r"Wild Card|wild-card", "WC"),
]  # fmt: skip
_PITCHING = re.compile(
    r"\b(?:ERA|WHIP|innings|saves?|saved|starts|appearances|outings|batters|hitters|"
    r"no-hitter|mound|bullpen|pitched|worked in|relief|strikeouts and|walks in)\b"
)

# --- patterns --------------------------------------------------------------------------------


@dataclass(slots=True)
class Hit:
    """One stat read off the text: its number's span and the words stating it."""

    stat: str
    value: float | int | str
    span: tuple[int, int]  # the number (used to claim it and to find the season)
    words: tuple[int, int]  # the words that state it
    position: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


Handler = Callable[[re.Match[str], int], Iterator[Hit]]


def _g(m: re.Match[str], name: str, off: int) -> tuple[int, int]:
    return (off + m.start(name), off + m.end(name))


def _w(m: re.Match[str], off: int) -> tuple[int, int]:
    return (off + m.start(), off + m.end())


def _noun_stat(noun: str) -> str:
    for pat, stat in _COUNT_NOUNS:
        if re.fullmatch(pat, noun, re.IGNORECASE):
            return stat
    return "G"


def _pos(word: str | None) -> str | None:
    if not word:
        return None
    return _POS_WORDS.get(word.lower())


def _h_slash(m: re.Match[str], off: int) -> Iterator[Hit]:
    for name, stat in (("a", "AVG"), ("o", "OBP"), ("s", "SLG"), ("ops", "OPS")):
        if m.group(name):
            yield Hit(stat, float(m.group(name)), _g(m, name, off), _w(m, off))


def _h_rate_word(m: re.Match[str], off: int) -> Iterator[Hit]:
    word = m.group("w")
    for pat, stat in _RATE_WORDS:
        if re.fullmatch(pat, word, re.IGNORECASE if len(word) > 4 else 0):
            raw = m.group("r")
            val: float | int = int(raw) if stat.endswith("_PLUS") else float(raw)
            if stat.endswith("_PLUS") and "." in raw:
                return
            if stat in {"AVG", "OBP", "SLG", "OPS", "WOBA", "XWOBA"} and "." not in raw:
                return
            yield Hit(stat, val, _g(m, "r", off), _w(m, off))
            return


def _h_war(m: re.Match[str], off: int) -> Iterator[Hit]:
    yield Hit("WAR", float(m.group("r")), _g(m, "r", off), _w(m, off))


def _h_pct(m: re.Match[str], off: int) -> Iterator[Hit]:
    word = m.group("w")
    for pat, stat in _PCT_WORDS:
        if re.fullmatch(pat, word, re.IGNORECASE):
            yield Hit(stat, float(m.group("r")), _g(m, "r", off), _w(m, off))
            return


def _h_statcast(m: re.Match[str], off: int) -> Iterator[Hit]:
    word = m.group("w")
    for pat, stat in _STATCAST:
        if re.fullmatch(pat, word, re.IGNORECASE):
            raw = m.group("n").replace("−", "-")
            sign = -1 if raw.startswith("-") else 1
            n = int_value(raw.lstrip("+-"))
            if n is not None:
                yield Hit(stat, sign * n, _g(m, "n", off), _w(m, off), extra={"need_pos": True})
            return


def _h_percentile(m: re.Match[str], off: int) -> Iterator[Hit]:
    yield Hit("PCTL", int(m.group("n")), _g(m, "n", off), _w(m, off), extra={"pctl": True})


def _h_prospect(m: re.Match[str], off: int) -> Iterator[Hit]:
    g = _ng(m)
    yield Hit("PROSPECT_RANK", int(m.group(g)), _g(m, g, off), _w(m, off),
              extra={"no_level": True})  # fmt: skip


def _h_contract(m: re.Match[str], off: int) -> Iterator[Hit]:
    years = int_value(m.group("y"))
    if years is not None:
        yield Hit("CONTRACT_YEARS", years, _g(m, "y", off), _w(m, off), extra={"contract": True})
    if m.group("v"):
        v = float(m.group("v").replace(",", ""))
        if (m.group("u") or "").lower() == "billion":
            v *= 1000
        val: float | int = int(v) if v.is_integer() else v
        yield Hit("CONTRACT_VALUE", val, _g(m, "v", off), _w(m, off), extra={"contract": True})


def _ng(m: re.Match[str]) -> str:
    return "n" if m.groupdict().get("n") is not None else "n2"


def _h_age(m: re.Match[str], off: int) -> Iterator[Hit]:
    g = _ng(m)
    n = int_value(m.group(g))
    if n is None or not 16 <= n <= 50:
        return
    extra: dict[str, Any] = {"no_level": True, "age": True}
    when = m.groupdict().get("when") or ""
    extra["when"] = when
    extra["verb"] = (m.groupdict().get("verb") or "").lower()
    yield Hit("AGE", n, _g(m, g, off), _w(m, off), extra=extra)


def _h_appos(m: re.Match[str], off: int) -> Iterator[Hit]:
    n = int(m.group("n"))
    if 16 <= n <= 50:
        yield Hit("AGE", n, _g(m, "n", off), _w(m, off),
                  extra={"no_level": True, "name_end": off + m.end("pre")})  # fmt: skip


def _h_record(m: re.Match[str], off: int) -> Iterator[Hit]:
    w, loss = int(m.group("w")), int(m.group("l"))
    if w + loss > 40:
        return  # a club's record, not a pitcher's
    yield Hit("W", w, _g(m, "w", off), _w(m, off))
    yield Hit("L", loss, _g(m, "l", off), _w(m, off))


def _h_for(m: re.Match[str], off: int) -> Iterator[Hit]:
    gh, gab = ("h", "ab") if m.group("h") else ("h2", "ab2")
    h, ab = int_value(m.group(gh)), int_value(m.group(gab))
    if h is not None and ab is not None and h <= ab:
        yield Hit("H", h, _g(m, gh, off), _w(m, off))
        yield Hit("AB", ab, _g(m, gab, off), _w(m, off))


def _h_innings(m: re.Match[str], off: int) -> Iterator[Hit]:
    frac = m.group("f") or m.group("f2")
    yield Hit("IP", innings_value(m.group("n"), frac), (off + m.start("n"), off + m.end("n")),
              _w(m, off), extra={"ip": True})  # fmt: skip


def _h_compound(m: re.Match[str], off: int) -> Iterator[Hit]:
    kind = m.group("k").lower()
    stat = {"homer": "HR", "home-run": "HR", "hr": "HR", "steal": "SB", "stolen-base": "SB",
            "save": "SV", "win": "W", "strikeout": "SO", "rbi": "RBI",
            "double": "2B"}[kind]  # fmt: skip
    n = int_value(m.group("n"))
    if n is not None:
        yield Hit(stat, n, _g(m, "n", off), _w(m, off))


def _h_verb(stat: str, pos: str | None = None) -> Handler:
    def handler(m: re.Match[str], off: int) -> Iterator[Hit]:
        n = int_value(m.group("n"))
        if n is None:
            return
        p = _pos(m.groupdict().get("pos")) or pos
        s = stat
        extra: dict[str, Any] = {}
        obj = (m.groupdict().get("obj") or "").lower()
        if obj in {"batters", "hitters"}:
            extra["pitching"] = True
        if s == "GS" and p is None:
            extra["pitching"] = True
        yield Hit(s, n, _g(m, "n", off), _w(m, off), position=p, extra=extra)
        gs = m.groupdict().get("gs")
        if gs and int_value(gs) is not None:
            yield Hit("GS", int_value(gs) or 0, _g(m, "gs", off), _w(m, off), position=p)

    return handler


def _h_pitched(stat: str) -> Handler:
    """A count only a pitcher has: "walked 65 batters", "issued 51 walks"."""

    def handler(m: re.Match[str], off: int) -> Iterator[Hit]:
        n = int_value(m.group("n"))
        if n is not None:
            yield Hit(stat, n, _g(m, "n", off), _w(m, off), extra={"pitching": True})

    return handler


def _h_count(m: re.Match[str], off: int) -> Iterator[Hit]:
    n = int_value(m.group("n"))
    if n is None:
        return
    noun = m.group("noun")
    stat = _noun_stat(noun)
    extra: dict[str, Any] = {}
    if stat == "G*":
        stat, extra["pitching"] = "G", True
    elif stat == "GS*":
        stat = "GS"
    if noun.lower() == "game" and n != 1:
        return
    pos = _pos(m.groupdict().get("pos"))
    if stat == "G" and pos is not None:
        stat = "G_POS"
    elif stat == "GS" and pos is None:
        extra["pitching"] = True
    if m.groupdict().get("more"):
        extra["more"] = True
    yield Hit(stat, n, _g(m, "n", off), _w(m, off), position=pos, extra=extra)
    gs = m.groupdict().get("gs")
    if gs and int_value(gs) is not None:
        yield Hit("GS", int_value(gs) or 0, _g(m, "gs", off), _w(m, off), position=pos)


def _h_of_them(m: re.Match[str], off: int) -> Iterator[Hit]:
    n = int_value(m.group("n"))
    if n is None:
        return
    pos = _pos(m.groupdict().get("pos")) or ("C" if "plate" in m.group() else None)
    extra: dict[str, Any] = {} if pos else {"pitching": True}
    yield Hit("GS", n, _g(m, "n", off), _w(m, off), position=pos, extra=extra)


def _h_bare_avg(m: re.Match[str], off: int) -> Iterator[Hit]:
    yield Hit("AVG", float(m.group("r")), _g(m, "r", off), _w(m, off), extra={"bare": True})


def _h_elided(m: re.Match[str], off: int) -> Iterator[Hit]:
    """ "29 more at third", "62 at shortstop", "four for Minnesota", "hit 48 in 2021": the stat
    named last in the sentence (or a home run record's topic) carries over."""
    n = int_value(m.group("n"))
    if n is None or re.fullmatch(YEAR, m.group("n")):
        return
    verb = (m.groupdict().get("verb") or "").lower()
    yield Hit("?", n, _g(m, "n", off), _w(m, off), position=_pos(m.groupdict().get("pos")),
              extra={"elided": True, "verb": verb})  # fmt: skip


_NOUNS_AFTER = (
    r"(?!\s+(?:more\s+)?(?:players?|prospects?|clubs?|teams?|years?|seasons?|weeks?|months?|days?|"
    r"trades?|deals?|times|catchers|pitchers|innings|outfielders|infielders|relievers|arms|"
    r"runs|points|percent|million|billion|rings?|titles?|All-Star|MVP|Gold|of\b|straight|"
    r"consecutive|other|young|top|more|others|hours?|minutes?|home|games?|starts?|RBIs?|"
    r"-|/|\.|\d))"
)
_I = re.IGNORECASE
_PATTERNS: list[tuple[str, re.Pattern[str], Handler]] = [
    (
        "contract",
        re.compile(
            rf"\b(?P<y>{INT})-year(?:,?\s+\$(?P<v>[\d.,]+)\s*(?P<u>million|billion|M\b))?"
            rf"(?=[^.]{{0,40}}?\b(?:deal|contract|extension|pact|agreement|offer)\b)",
            _I,
        ),
        _h_contract,
    ),
    (
        "contract",
        re.compile(rf"\b(?P<y>{INT}) years and \$(?P<v>[\d.,]+)\s*(?P<u>million|billion)", _I),
        _h_contract,
    ),
    (
        "slash",
        re.compile(
            r"(?<![\d.])(?P<a>\d?\.\d{3})/(?P<o>\d?\.\d{3})/(?P<s>\d?\.\d{3})"
            r"(?:/(?P<ops>\d?\.\d{3}))?(?![\d/])"
        ),
        _h_slash,
    ),
    (
        "rate",
        re.compile(
            rf"(?<![\w.$])(?P<r>{RATE}|\d{{2,3}})\s+(?P<w>OPS\+|ERA\+|wRC\+|OPS|OBP|SLG|AVG|BA|ERA|"
            rf"WHIP|FIP|xERA|xwOBA|wOBA|on-base percentage|on-base mark|slugging percentage|"
            rf"slugging mark|batting average|average|earned run average)(?![\w+])"
        ),
        _h_rate_word,
    ),
    (
        "rate",
        re.compile(
            rf"\b(?P<w>OPS\+|ERA\+|wRC\+|OPS|OBP|ERA|WHIP|batting average|on-base percentage|"
            rf"slugging percentage)\s+(?:of|at|was|is|sits at|"
            rf"stood at|to)\s+(?:just\s+|only\s+|a\s+)?"
            rf"(?P<r>{RATE}|\d{{2,3}})(?![\d.%])"
        ),
        _h_rate_word,
    ),
    (
        "war",
        re.compile(
            r"(?<![\w.$])(?P<r>-?\d{1,2}(?:\.\d)?)\s+(?:[fbr]WAR|WAR|wins above "
            r"replacement)\b"
        ),
        _h_war,
    ),
    (
        "pct",
        re.compile(
            r"(?<![\w.$])(?P<r>\d{1,2}(?:\.\d)?)\s?(?:%|"
            r"percent)\s+(?P<w>strikeout rate|K rate|K-rate|"
            r"walk rate|BB rate|whiff rate|chase rate|"
            r"hard-hit rate|barrel rate|strikeout percentage|"
            r"walk percentage)",
            _I,
        ),
        _h_pct,
    ),
    (
        "pct",
        re.compile(
            r"\b(?P<w>strikeout rate|K rate|K%|walk rate|BB rate|BB%|whiff rate|chase rate|"
            r"hard-hit rate|barrel rate)\s+(?:of|at|was|"
            r"is)\s+(?P<r>\d{1,2}(?:\.\d)?)\s?(?:%|percent)",
            _I,
        ),
        _h_pct,
    ),
    (
        "statcast",
        re.compile(
            rf"(?<![\w.])(?P<n>[-−+]?\d+|"
            rf"{INT})\s+(?P<w>blocks above average|outs above average|OAA|"
            rf"(?:catcher )?framing runs|defensive runs saved|DRS|runs above average|"
            rf"fielding run value)\b",
            _I,
        ),
        _h_statcast,
    ),
    (
        "percentile",
        re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)[- ]percentile\b", _I),
        _h_percentile,
    ),
    (
        "prospect",
        re.compile(
            r"\bNo\.\s?(?P<n>\d{1,3})\s+(?:overall\s+)?(?:[\w-]+\s+){0,2}?prospect\b"
            r"|\b(?P<n2>\d{1,3})(?:st|nd|rd|th)-(?:best|ranked|rated)\s+(?:overall\s+)?prospect\b"
        ),
        _h_prospect,
    ),
    (
        "for",
        re.compile(
            rf"(?:\b(?P<h>\d+)-for-(?P<ab>\d+)\b|\b(?:went|was|is|going|go)\s+"
            rf"(?P<h2>{INT})-for-(?P<ab2>{INT})\b)(?!\s+(?:trades?|deals?|swaps?))",
            _I,
        ),
        _h_for,
    ),
    (
        "record",
        re.compile(
            r"\b(?:went|going|go|goes|finished|finishing|was|is|"
            r"posted|posting|at)\s+(?P<w>\d{1,2})-"
            r"(?P<l>\d{1,2})\b(?!-|\s+(?:win|loss|victory|defeat|lead|deficit|count|in the series))"
        ),
        _h_record,
    ),
    (
        "record",
        re.compile(
            r"(?<![\w-])(?P<w>\d{1,2})-(?P<l>\d{1,2})\s+(?:record|mark|season|campaign|ledger|"
            r"won-lost|win-loss)\b"
        ),
        _h_record,
    ),
    (
        "innings",
        re.compile(
            rf"\b(?P<n>{INT})(?:\s+(?P<f>[12]/3)|"
            rf"\s?(?P<f2>[⅓⅔]))?\s+(?:big-league\s+|major league\s+|"
            rf"MLB\s+|scoreless\s+|total\s+)?innings\b(?!\s+(?:in|of)\s+(?:a|one|the)\s+(?:game|"
            rf"start|outing))",
            _I,
        ),
        _h_innings,
    ),
    (
        "compound",
        re.compile(
            rf"\b(?P<n>{INT})-(?P<k>homer|home-run|HR|steal|"
            rf"stolen-base|save|win|strikeout|RBI|double)"
            rf"\s+(?:season|campaign|year|pace|rookie)",
            _I,
        ),
        _h_compound,
    ),
    (
        "age",
        re.compile(r"\b[Aa]n?\s+(?P<n>\d{2})-year-old\b|\b[Tt]he\s+(?P<n2>\d{2})-year-old\b"),
        _h_age,
    ),
    (
        "age",
        re.compile(
            rf"\b(?P<verb>turns|turned|will turn|turning|will be|is|"
            rf"was|who is|now)\s+(?P<n>\d{{2}}|{INT})"
            rf"(?P<when>\s+(?:soon|next month|next week|last week|last month|this month|in \w+|on "
            rf"Opening Day|on \w+\.? \d+|later this \w+)?)?(?=\s*(?:[,.;)]|and\b|—|-\s|$))",
            _I,
        ),
        _h_age,
    ),
    (
        "appos",
        re.compile(
            r"(?P<pre>[A-Z][\w.'’-]*),\s+(?P<n>\d{2})(?=,|\s+(?:and|who|is|was|has|had|would|will|"
            r"could|brings|made|hit|played|gets|joins|to|,)\b)"
        ),
        _h_appos,
    ),
    (
        "starts_pos",
        re.compile(
            rf"\b(?:started|starting|starts|start)\s+(?:him\s+|her\s+)?(?:only\s+|just\s+)?"
            rf"(?P<n>{INT})\s+(?:games\s+|times\s+|of them\s+)?(?:at|in|behind|as)\s+"
            rf"(?:the\s+)?(?P<pos>{_POS})",
            _I,
        ),
        _h_verb("GS"),
    ),
    (
        "of_them",
        re.compile(
            rf"\b(?P<n>{INT})\s+of\s+them\s+(?:starts|"
            rf"behind the plate|at\s+(?:the\s+)?(?P<pos>{_POS}))",
            _I,
        ),
        _h_of_them,
    ),
    (
        "of_them",
        re.compile(
            rf"\b(?:starting|started)\s+(?P<n>{INT})\s+of\s+them(?:\s+(?:at|in|behind|as)\s+"
            rf"(?:the\s+)?(?P<pos>{_POS}))?",
            _I,
        ),
        _h_verb("GS", "C"),
    ),
    (
        "caught",
        re.compile(rf"\b(?:caught|catching|catches)\s+(?P<n>{INT})\s+games\b", _I),
        _h_verb("G_POS", "C"),
    ),
    (
        "sb",
        re.compile(
            rf"\b(?:stole|steals|stealing|swiped|swiping)\s+(?P<n>{INT})"
            rf"(?:\s+(?:bases|bags))?\b",
            _I,
        ),
        _h_verb("SB"),
    ),
    (
        "bb",
        re.compile(rf"\b(?:walked|walking|walks|drew|drawing)\s+(?P<n>{INT})\s+times\b", _I),
        _h_verb("BB"),
    ),
    (
        "bb",
        re.compile(
            rf"\b(?:walked|walking|walks|issued|issuing|allowed|allowing)\s+(?P<n>{INT})"
            rf"\s+(?:(?P<obj>batters|hitters|men)|(?:free passes|bases on balls|walks)\b)",
            _I,
        ),
        _h_pitched("BB"),
    ),
    (
        "so",
        re.compile(
            rf"\b(?:struck out|striking out|strikes out|fanned|fanning|whiffed)\s+(?P<n>{INT})"
            rf"(?:\s+(?P<obj>times|batters|hitters|men))?\b",
            _I,
        ),
        _h_verb("SO"),
    ),
    (
        "rbi",
        re.compile(
            rf"\b(?:drove in|driving in|drives in|knocked in)\s+(?P<n>{INT})"
            rf"(?:\s+(?:runs|more))?\b",
            _I,
        ),
        _h_verb("RBI"),
    ),
    ("r", re.compile(rf"\b(?:scored|scoring)\s+(?P<n>{INT})\s+runs\b", _I), _h_verb("R")),
    (
        "sv",
        re.compile(rf"\b(?:saved|saving|converted)\s+(?P<n>{INT})\s+(?:games|saves|of)\b", _I),
        _h_verb("SV"),
    ),
    (
        "hr",
        re.compile(rf"\bhomer(?:ed|ing|s)?\s+(?P<n>once|twice|{INT}(?=\s+times))", _I),
        _h_verb("HR"),
    ),
    ("played_all", re.compile(rf"\bplayed in all\s+(?P<n>{INT})\b", _I), _h_verb("G")),
    (
        "appearing",
        re.compile(
            rf"\b(?:appearing|appeared|appears|pitching|pitched|"
            rf"worked|working|playing|played)\s+in\s+"
            rf"(?:just\s+|only\s+)?(?P<n>{INT})\s+(?:\w+\s+)?games?\b",
            _I,
        ),
        _h_verb("G"),
    ),
    (
        "count",
        re.compile(
            rf"(?<![\w$.-])(?P<n>no|{INT})(?P<more>\s+more)?\s+(?:(?:big-league|major league|MLB|"
            rf"regular-season|total|career-high|combined)\s+)?(?P<noun>{_NOUN_RE})\b"
            rf"(?:\s*\((?P<gs>{INT})\s+starts?\))?"
            rf"(?:\s+(?:for\s+[\w. ]+?\s+)?(?:at|in|as|behind)\s+(?:the\s+|a\s+)?(?P<pos>{_POS}))?",
            _I,
        ),
        _h_count,
    ),
    (
        "bare_avg",
        re.compile(
            r"(?<![\w./$])(?P<r>\.\d{3})(?![\d/%])(?!\s+(?:team|club|record|"
            r"winning|ball|mark\b))"
        ),
        _h_bare_avg,
    ),
    (
        "elided",
        re.compile(
            rf"(?:\b(?P<verb>hit|whose|with|and|spent|added|"
            rf"played)\s+|,\s+)(?P<n>{INT})(?P<more>\s+more)?"
            rf"(?=\s+(?:more\s+)?(?:for|in|at|as|more)\b|\s*[,.;)])"
            rf"(?:\s+(?:more\s+)?(?:at|as|in)\s+(?:the\s+)?(?P<pos>{_POS}))?" + _NOUNS_AFTER,
            _I,
        ),
        _h_elided,
    ),
    ("more_times", re.compile(rf"\b(?P<n>{INT})\s+more\s+times\b", _I), _h_elided),
]

# A sentence in the present tense ("He has 12 homers", "is hitting .300") is about the season
# under way, not the one the sentences before it named.
_PRESENT = re.compile(r"\b(?:has|have|is|are)\b|['’]s\s+(?:hitting|batting|got|posted|been)\b")
_BOTH = re.compile(rf"\bboth\s+({YEAR})\s+and\s+({YEAR})\b")
_RATES = {"AVG", "OBP", "SLG", "OPS", "ERA", "WHIP", "FIP", "XERA", "WOBA", "XWOBA", "WAR"}
_GAME_STATS = {"IP", "SO", "BB", "H", "R", "HR", "RBI"}
_GAME_LEVEL = re.compile(
    r"\bheld\s+(?:the\s+)?[\w. ]+?\s+to\s+\w+\s+(?:runs?|hits?)|\bin the (?:first|second|"
    r"third|fourth|fifth|sixth|seventh|eighth|ninth|\d+th) inning\b|\bGame \d\b"
)

# --- skip reasons ----------------------------------------------------------------------------

_MONTH_WORDS = (
    r"Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|July|Aug(?:ust|\.)?|"
    r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?"
)


def _skip_reason(text: str, s: int, e: int) -> str:
    tok = text[s:e]
    before = text[max(0, s - 14) : s]
    after = text[e : e + 24]
    if re.search(r"\$\s*$", before) or re.match(r"\s*(?:million|billion|thousand)\b", after):
        return "money that is not a contract fact"
    if re.fullmatch(YEAR, tok) and not re.match(r"\s*(?:games|home|homers|strikeouts)", after):
        return "a year"
    if re.search(rf"(?:{_MONTH_WORDS})\s*$", before) or re.match(r"\s*(?:p\.m\.|a\.m\.)", after):
        return "a date or time"
    if re.search(r"(?:No\.|#|number)\s*$", before, re.IGNORECASE):
        return "a jersey or list number"
    if re.match(r"-\d", after) or re.search(r"\d-$", before):
        return "a score, series or club record"
    if re.match(r"(?:st|nd|rd|th)\b", after):
        return "an ordinal (a rank, an inning, an order)"
    if re.match(r"-(?:game|man|team|player|year|time|run|inning|hour)\b", after, re.IGNORECASE):
        return "a length or count of something that is not a record"
    if re.search(r"\bGame\s*$", before):
        return "a game number"
    return "not a number about a player's record"


# --- the extractor ---------------------------------------------------------------------------


def _level_in(text: str, sent: Sentence, pos: int) -> str:
    body = text[sent.start : sent.end]
    best: tuple[int, str] | None = None
    for m in _LEVEL_RE.finditer(body):
        prep = m.group("prep").lower()
        if prep in {"from", "up from", "to", "back to", "down to", "of"}:
            continue
        if _LEVEL_FUTURE.search(body[max(0, m.start() - 30) : m.start()]):
            continue  # "will likely open at Triple-A Durham": not where a number was made
        lvl = next(code for pat, code in _LEVELS if re.fullmatch(pat, m.group("lvl")))
        at = sent.start + m.start()
        dist = abs(at - pos)
        if best is None or dist < best[0]:
            best = (dist, lvl)
    return best[1] if best else "MLB"


def _clause(text: str, sent: Sentence, s: int, e: int) -> tuple[int, int]:
    lo = max(text.rfind(c, sent.start, s) for c in ",;:(")
    lo = sent.start if lo < 0 else lo + 1
    m = re.compile(r"[,;:)]|\s[-–—]\s").search(text, e, sent.end)
    return lo, (m.start() if m else sent.end)


def _team(text: str, e: int, clause_end: int, clubs: list[tuple[int, int, str]]) -> str | None:
    window = text[e:clause_end]
    for m in re.finditer(r"\b(?:for|with)\s+(?:the\s+)?", window):
        at = e + m.end()
        for cs, _ce, code in clubs:
            if cs == at:
                return code
    return None


def _postseason_round(text: str, s: int, e: int, sent: Sentence) -> str | None:
    window = text[s : min(sent.end, e + 60)]
    for pat, code in _ROUNDS:
        if re.search(pat, window):
            return code
    body = text[sent.start : sent.end]
    for pat, code in _ROUNDS:
        if re.search(pat, body):
            return code
    return None


def _age_season(hit: Hit, fr: SeasonFrame) -> tuple[int, str | None]:
    when = (hit.extra.get("when") or "").strip().lower()
    verb = hit.extra.get("verb", "")
    base = fr.age_season()
    as_of = None
    if fr.published is not None:
        as_of = fr.published.isoformat()
        if verb in {"turns", "will turn", "turning", "will be"} or "next" in when:
            y, mth = fr.published.year, fr.published.month
            target = None
            m = re.match(r"in (\w+)", when)
            if m and month_number(m.group(1)):
                target = month_number(m.group(1))
            elif "next month" in when or "soon" in when:
                target = mth % 12 + 1
            elif "opening day" in when:
                target = 3
            if target is not None and target < mth:
                y += 1
            return y, as_of
        return base, as_of
    m = re.match(r"in (\w+)", when)
    target = month_number(m.group(1)) if m else None
    if (
        verb in {"turns", "will turn", "turning", "will be"}
        and not fr.in_season
        and ((target is not None and target <= 4) or "opening day" in when)
    ):
        return fr.season + 1, None
    return base, None


def extract_claims(
    linked: LinkedArticle, *, debug: list[dict[str, Any]] | None = None
) -> list[Claim]:
    """Every number ``linked`` states as a fact about a player's record, as :class:`Claim` s.

    ``debug``, when a list, receives one dict per number left out (``text``, ``span``,
    ``reason``) and per claim kept (``text``, ``span``, ``stat``, ``how``: how its player was
    decided).
    """
    text = linked.article.text
    fr = frame(linked)
    sentences = build_sentences(linked)
    clubs = sorted((m.start, m.end, c.code) for c in linked.clubs for m in c.mentions)
    mention_ends = {m.end for p in linked.players for m in p.mentions}
    claims: list[Claim] = []
    taken: list[tuple[int, int]] = []
    prior: Marker | None = None  # the season named last
    carry: dict[int, Marker] = {}  # player -> the season his last sentences named
    prev_end = 0

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for sent in sentences:
        body = text[sent.start : sent.end]
        first = sent.start + len(body) - len(body.lstrip())
        if "\n" in text[prev_end:first]:
            carry = {}  # a new paragraph names its season afresh
        prev_end = sent.start + len(body.rstrip())
        carried = {} if _PRESENT.search(body) else carry
        named_now: dict[int, Marker] = {}
        marks: list[Marker] = markers(text, sent.start, sent.end, fr, prior)
        named = [mk for mk in marks if mk.season is not None]
        post = bool(_POSTSEASON.search(body)) and not re.search(r"regular season", body)
        pitching_ctx = bool(_PITCHING.search(body))
        hits: list[tuple[str, Hit]] = []
        for name, rx, handler in _PATTERNS:
            for m in rx.finditer(body):
                for hit in handler(m, sent.start):
                    if name == "appos" and hit.extra.get("name_end") not in mention_ends:
                        continue
                    if name in {"elided", "more_times"} and not free(*hit.span):
                        continue
                    if not free(*hit.span) and name not in {"count", "of_them"}:
                        continue
                    if name == "count" and not free(*hit.span):
                        continue
                    hits.append((name, hit))
                    taken.append(hit.span)
        hits.sort(key=lambda x: x[1].span)
        last_stat: tuple[str, str | None] | None = None
        for name, hit in hits:
            s, e = hit.span
            owner, how = sent.owner(s)
            if owner is None:
                if debug is not None:
                    debug.append(
                        {
                            "text": text[s:e],
                            "span": [s, e],
                            "reason": how if how.startswith("about") else "no player in focus",
                        }
                    )
                continue
            player = linked.players[owner]
            stat, position = hit.stat, hit.position
            if hit.extra.get("elided"):
                if last_stat is None:
                    topic = re.search(
                        r"home runs?|homers?|\bmarks?\b|homered",
                        text[max(0, sent.start - 300) : sent.end],
                    )
                    if not topic or name == "more_times":
                        if debug is not None:
                            debug.append(
                                {
                                    "text": text[s:e],
                                    "span": [s, e],
                                    "reason": "a bare number with no statistic named",
                                }
                            )
                        continue
                    stat = "HR"
                else:
                    stat = last_stat[0]
                    if position is None and stat == "G_POS":
                        stat = "G"
                    if position is not None and (
                        stat in {"G", "G_POS"} or hit.extra.get("verb") in {"spent", "played"}
                    ):
                        stat = "G_POS"
            if stat == "PCTL":
                stat = _pctl_metric(text, sent, s, e)
            if stat not in _RATES and stat not in {"AGE", "PROSPECT_RANK", "IP"}:
                last_stat = (stat, position)  # the count an elided number ("and six") repeats
            if stat in _GAME_STATS and _GAME_LEVEL.search(body):
                if debug is not None:
                    debug.append(
                        {"text": text[s:e], "span": [s, e], "reason": "a single game's line"}
                    )
                continue
            lo, hi = _clause(text, sent, s, e)
            extra = hit.extra
            level: str | None = None if extra.get("no_level") else _level_in(text, sent, s)
            as_of: str | None = None
            seasons_more: list[int] = []
            relative = True  # the season is read against the reference season, not named
            if stat == "AGE":
                season, as_of = _age_season(hit, fr)
            elif extra.get("contract"):
                season = fr.season + 1 if not fr.in_season else fr.season
                explicit = [mk.season for mk in marks if mk.season is not None]
                if re.search(rf"before the ({YEAR}) season", body):
                    season = int(re.search(rf"before the ({YEAR}) season", body).group(1))  # type: ignore[union-attr]
                    relative = False
                elif explicit and max(explicit) > season:
                    season = max(explicit)
                    relative = False
                level = None
            else:
                mk = season_marker(text, s, e, sent.end, marks) or carried.get(owner)
                season = mk.season if mk is not None and mk.season is not None else fr.season
                relative = mk is None or mk.season is None or mk.relative
                if mk is not None and mk.start >= sent.start and carries(text, mk, sent.start):
                    named_now[owner] = mk
                both = _BOTH.search(text, e, hi)
                if both:
                    season = int(both.group(1))
                    seasons_more = [int(both.group(2))]
                    relative = False
            if extra.get("need_pos") and position is None:
                pm = re.search(rf"\b(?:at|in|as)\s+(?:the\s+)?(?P<pos>{_POS})", body)
                position = _pos(pm.group("pos")) if pm else None
            postseason: str | None = None
            if post and stat not in {"AGE", "PROSPECT_RANK"} and not extra.get("contract"):
                if stat == "G":
                    stat = "POSTSEASON_G"
                rnd = _postseason_round(text, s, e, sent)
                postseason = rnd if (stat != "POSTSEASON_G" or rnd) else None
                if postseason == "DS":
                    postseason = "ALDS" if re.search(r"American League|\bAL\b", text) else "DS"
            pitching = bool(extra.get("pitching"))
            if (
                stat in {"G", "GS", "SO", "BB"}
                and not pitching
                and pitching_ctx
                and stat != "G_POS"
            ):
                pitching = stat != "BB" or bool(re.search(r"\bERA|innings|WHIP", body))
                if stat == "G" and not re.search(
                    r"ERA|innings|saves|appearances|WHIP|pitched|worked", body
                ):
                    pitching = False
            team = _team(text, e, hi, clubs) if stat not in {"AGE", "PROSPECT_RANK"} else None
            ws, we = hit.words
            for sea in [season, *seasons_more]:
                claims.append(
                    Claim(
                        span=(ws, we),
                        text=text[ws:we],
                        stat=stat,
                        value=hit.value,
                        player=player.bbref or (str(player.mlbam) if player.mlbam else None),
                        person_id=player.person_id,
                        season=sea,
                        level=level,
                        position=position
                        if stat in {"G_POS", "GS"} or extra.get("need_pos")
                        else None,
                        team=team,
                        postseason=postseason if stat != "POSTSEASON_G" or postseason else None,
                        pitching=pitching,
                        as_of=as_of,
                        # an undated story's reference season is a guess the verdicts may revise
                        computed={
                            REFERENCE: {"in_season": fr.in_season, "offset": sea - fr.season}
                        }  # fmt: skip
                        if relative and fr.published is None
                        else None,
                    )
                )
            if debug is not None:
                debug.append(
                    {
                        "text": text[ws:we],
                        "span": [ws, we],
                        "stat": stat,
                        "how": how,
                        "clause": [lo, hi],
                    }
                )
        if named:
            prior = named[-1]
        carry.update(named_now)
    if debug is not None:
        for s, e, tok in all_numbers(text):
            if free(s, e):
                debug.append({"text": tok, "span": [s, e], "reason": _skip_reason(text, s, e)})
    claims.sort(key=lambda c: c.span)
    return claims


def _pctl_metric(text: str, sent: Sentence, s: int, e: int) -> str:
    """ "24th percentile in framing", "graded poorly in pitch framing (24th percentile)", "his
    whiff rate ranked in the 95th percentile": the metric named nearest the number."""
    body_lo, body_hi = sent.start, sent.end
    best: tuple[int, str] | None = None
    for pat, stat in _PCTL_METRICS:
        for m in re.finditer(pat, text[body_lo:body_hi], re.IGNORECASE):
            at = body_lo + m.start()
            dist = s - at if at < s else (at - e) * 2
            if best is None or dist < best[0]:
                best = (dist, stat)
    return best[1] if best else "PCTL"
