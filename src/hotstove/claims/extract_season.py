"""Which season a stated number belongs to.

The reference season ``S`` is the season an unmarked number ("he hit .280") means:

- Dated article: the season under way or just finished: its year from April on, else the year
  before (a January 2026 story means 2025). From April to October the season is under way.
- Undated article: ``linked.season``, the season the linker inferred the story is about; a year
  the text names as still to come ("would not pitch in 2026", "back for 2026", "after the 2026
  season", "options for 2009") sets it to the year before that one. The season is taken as
  under way when the text says so ("this season" beside a number, "before Friday's trading
  deadline", "stretch run"), else as an offseason story.

Markers then move a number off ``S``: a year in its clause after it ("in 96 games in 2022"),
else one ending the sentence and a series the number is an item of ("appeared in 152 games,
clubbed 15 homers and drove in 58 last season"), else the nearest before it in the sentence
("2023, when he hit 29 home runs"), else the season named in the main clause of an earlier
sentence of the paragraph about the same player ("In 2019, he posted a 4.91 ERA. He made 18
starts." - both 2019), unless the sentence is in the present tense; "last season" /
"last year" (``S - 1`` while the season is under way, else ``S``); "this season" (``S``); "two
years ago" (``S - 2``); "the year before" (``S - 1``); "that season" (the year named last).
Ages: the calendar year the age is stated in; for an offseason story that is ``S + 1`` when the
text places it in January to March ("Feb. 15", "in January", "this spring", "spring training
approaches"), and "turns N in March" or "on Opening Day" is the coming season.

For an undated story ``S`` is a guess: claims read against it carry ``REFERENCE`` so that the
verdicts can move it to the season the numbers fit (see ``verify._redate``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hotstove.claims.numbers import INT, YEAR, int_value
from hotstove.records import LinkedArticle

_MONTHS = {
    m: i + 1
    for i, ms in enumerate(
        ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
         "aug august", "sep sept september", "oct october", "nov november", "dec december"]
    )
    for m in ms.split()
}  # fmt: skip
_FUTURE = re.compile(
    rf"(?:\b(?:will|would|won't|wouldn't|to)\s+(?:not\s+)?(?:\w+\s+){{0,3}}?(?:miss|pitch|play|return|be)\s+"
    rf"(?:\w+\s+){{0,2}}?(?:in\s+)?(?:the\s+)?(?P<a>{YEAR})\b"
    rf"|\b[Mm]iss(?:es|ing)?\s+(?:all\s+of\s+)?(?P<b>{YEAR})\b"
    rf"|\b(?:back|owed|salary)\s+(?:\S+\s+){{0,3}}?for\s+(?P<c>{YEAR})\b"
    rf"|\boptions?\s+(?:\S+\s+){{0,6}}?for\s+(?P<f>{YEAR})\b"
    rf"|\bafter\s+the\s+(?P<d>{YEAR})\s+season\b"
    rf"|\b(?:coming|upcoming|next)\s+(?P<e>{YEAR})\s+season\b)"
)
_IN_SEASON = re.compile(
    r"(?:before|ahead of)\s+\w+day['’]s\s+(?:[\w.: ]+\s)?(?:trade|trading)\s+deadline|"
    r"\bstretch run\b|\bpennant race\b|\bis (?:hitting|batting)\b",
    re.IGNORECASE,
)
_EARLY_YEAR = re.compile(
    r"\b(?:Jan|Feb)\.\s\d|\bin (?:January|February)\b|\bthis spring\b|"
    r"spring training (?:approaches|is approaching|nears)|\bheading into spring\b|"
    r"pitchers and catchers report",
)
_REL = re.compile(
    rf"\b(?P<last>last (?:season|year)(?!['’]s))\b|\b(?P<this>this (?:season|year))\b"
    rf"|\b(?P<ago>{INT}) (?:years|seasons) ago\b|\b(?P<before>the (?:year|season) before|"
    rf"the previous (?:season|year)|a year earlier)\b|\b(?P<that>that (?:season|year))\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(rf"(?<![\d$.,/-])(?P<y>{YEAR})(?![\d%/-])")
_NOT_SEASON_BEFORE = re.compile(
    r"(?:through|thru|until|till|beyond|by|since|from|\$|No\.|#)\s*(?:at least\s+)?$", re.IGNORECASE
)


# ``Claim.computed`` key marking a claim of an undated story whose season was read against the
# story's reference season (unmarked, "last season", an age) rather than named; its value is
# ``{"in_season": bool, "offset": claim season - reference season}``. ``verify_claims`` may move
# the reference season to the one the numbers fit, and drops the key.
REFERENCE = "reference_season_in_season"


@dataclass(frozen=True, slots=True)
class SeasonFrame:
    season: int  # S: what an unmarked number means
    in_season: bool
    early_year: bool  # an offseason story written January to March
    published: dt.date | None

    def last(self) -> int:
        return self.season - 1 if self.in_season else self.season

    def age_season(self) -> int:
        if self.published is not None:
            return self.published.year
        return self.season + 1 if (self.early_year and not self.in_season) else self.season


def frame(linked: LinkedArticle) -> SeasonFrame:
    a = linked.article
    text = a.text
    if a.published is not None:
        d = a.published
        season = d.year if d.month >= 4 else d.year - 1
        return SeasonFrame(season, 4 <= d.month <= 10, d.month <= 3, d)
    season = linked.season if linked.season is not None else dt.date.today().year - 1
    # a year still to come caps the season; one named as the next ("owed $20 million for 2026",
    # "will miss 2026") sets it; a club option's year only caps (options run years ahead)
    near = [
        int(next(g for g in m.groups() if g)) for m in _FUTURE.finditer(text) if not m.group("f")
    ]
    capped = [int(m.group("f")) for m in _FUTURE.finditer(text) if m.group("f")]
    if near:
        season = min(near) - 1
    if capped and season >= min(capped):
        season = min(capped) - 1
    in_season = bool(_IN_SEASON.search(text))
    return SeasonFrame(season, in_season, bool(_EARLY_YEAR.search(text)), None)


@dataclass(frozen=True, slots=True)
class Marker:
    start: int
    end: int
    season: int | None  # None: "that season" with nothing before it
    relative: bool = False  # read against the reference season ("last season"), not a year


def markers(text: str, s: int, e: int, fr: SeasonFrame, prior: Marker | None) -> list[Marker]:
    """Season markers in one sentence ``text[s:e]``; ``prior`` is the one named last before it."""
    out: list[Marker] = []
    body = text[s:e]
    for m in _YEAR_RE.finditer(body):
        year = int(m.group("y"))
        if _NOT_SEASON_BEFORE.search(body[max(0, m.start() - 20) : m.start()]):
            continue
        after = body[m.end() : m.end() + 12]
        if re.match(r"\s*(?:season\s+)?(?:and beyond|onward)", after):
            continue
        if year > fr.season:
            continue  # a year still to come is not a record's season
        out.append(Marker(s + m.start(), s + m.end(), year))
    for m in _REL.finditer(body):
        y: int | None
        if m.group("last"):
            y = fr.last()
        elif m.group("this"):
            y = fr.season
        elif m.group("ago"):
            n = int_value(m.group("ago")) or 0
            y = fr.season - n
        elif m.group("before"):
            y = fr.season - 1
        else:
            earlier = [x for x in out if x.start < s + m.start()] or ([prior] if prior else [])
            ref = earlier[-1] if earlier else None
            out.append(Marker(s + m.start(), s + m.end(), ref.season if ref else None,
                              ref.relative if ref else False))  # fmt: skip
            continue
        out.append(Marker(s + m.start(), s + m.end(), y, True))
    out.sort(key=lambda x: x.start)
    return out


_CLAUSE_BREAK = re.compile(r"[,;:]|\s[-–—]\s|—")
# Between a number and a season named at the end of its sentence, only the items of one series
# ("appeared in 152 games, clubbed 15 homers and drove in 58 last season"): a contrast or a
# subordinate clause ("30 homers, up from 20 in 2022", "after hitting .250 in 2022") or a stop
# stronger than a comma ends the series.
_NOT_A_SERIES = re.compile(
    r"[;:()]|\s[-–—]\s|—|\b(?:after|before|since|following|until|compared|versus|vs|than|"
    r"from|but|while|when|whereas|although|though|despite|including|which|who|whose|"
    r"previous|prior|earlier|later)\b",
    re.IGNORECASE,
)
# A subordinate clause names a season other than the one the sentence is about ("Written off
# after hitting .184 in 2024, he rebuilt his value"): its year does not carry to what follows.
_SUBORDINATE = re.compile(
    r"\b(?:after|before|since|following|until|compared|than|from|when|while|despite|"
    r"although|though)\b",
    re.IGNORECASE,
)


def season_marker(
    text: str, pos: int, end: int, sent_end: int, marks: list[Marker]
) -> Marker | None:
    """The marker that dates a number at ``text[pos:end]``, None when no marker in its sentence
    does: one after it in its clause ("in 96 games in 2022"), else one ending the sentence and a
    series the number opens ("He appeared in 152 games, clubbed 15 homers and drove in 58 last
    season"), else the nearest before it ("2023, when he hit 29 home runs")."""
    brk = _CLAUSE_BREAK.search(text, end, sent_end)
    clause_end = brk.start() if brk else sent_end
    after = [mk for mk in marks if mk.start >= end and mk.season is not None]
    for mk in after:
        if mk.start < clause_end:
            return mk
    if after:
        last = after[-1]
        tail = text[last.end : sent_end]
        between = text[end : last.start]
        if (
            last is after[0]
            and re.fullmatch(r"[\s.!?\"”’)]*", tail)
            and not _NOT_A_SERIES.search(between)
            and re.search(r",|\band\b", between)
        ):
            return last
    before = [mk for mk in marks if mk.end <= pos and mk.season is not None]
    return before[-1] if before else None


def carries(text: str, mk: Marker, sent_start: int) -> bool:
    """Whether a season named in a sentence's main clause, which carries on to the following
    sentences about the same player until another season is named ("In 2019, he posted a 4.91
    ERA. He made 18 starts." - both 2019); a year in a subordinate clause does not."""
    lo = sent_start
    for m in _CLAUSE_BREAK.finditer(text, sent_start, mk.start):
        lo = m.end()
    return not _SUBORDINATE.search(text, lo, mk.start)


def month_number(word: str) -> int | None:
    return _MONTHS.get(word.lower().rstrip("."))
