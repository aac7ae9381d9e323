"""Typed records that flow between the article stages.

    Article  --link-->  LinkedArticle (mentions, players, clubs, people, unresolved)

Each record is frozen and carries its provenance (the article id, character spans into
``Article.text``). Missing is None; DataFrames are an export, not an interface.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SourceKind = Literal["text", "html", "feed", "jsonl", "url"]
DatePrecision = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class Article:
    """One news story as read.

    ``text`` is everything the later stages see and every span points into: for a plain-text
    file it is the file's text exactly (title on the first line); for other inputs it is the
    title, a blank line, then the body. ``body_start`` is where the body begins in ``text``.
    """

    id: str
    source: str  # the path or URL read (a feed entry: the feed's path + "#" + entry link or index)
    title: str
    text: str
    body_start: int
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    published_precision: DatePrecision | None = None  # "2026-01" is month precision
    url: str | None = None
    kind: SourceKind = "text"
    notes: tuple[str, ...] = ()  # e.g. "no publication date in the source"

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = self.published_str()
        d["notes"] = list(self.notes)
        return d

    def published_str(self) -> str | None:
        if self.published is None:
            return None
        if self.published_precision == "year":
            return f"{self.published.year:04d}"
        if self.published_precision == "month":
            return f"{self.published.year:04d}-{self.published.month:02d}"
        return self.published.isoformat()


@dataclass(frozen=True, slots=True)
class ReadError:
    """An input that could not be read as an article: reported, never fatal to a batch."""

    source: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "error": self.message}


def article_id(title: str, body: str) -> str:
    """A stable id from the content: the same story read twice (or from HTML and text) is one."""
    norm = unicodedata.normalize("NFKC", f"{title}\n{body}").casefold()
    norm = re.sub(r"\s+", " ", norm).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names something: a person, a club or an outlet."""

    start: int
    end: int
    text: str
    kind: Literal["person", "club", "affiliate", "outlet"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class LinkedPlayer:
    name: str
    person_id: str
    bbref: str | None
    mlbam: int | None
    confidence: float
    mentions: list[Span] = field(default_factory=list)
    how: str = ""


@dataclass(slots=True)
class LinkedPerson:
    """A named non-player: manager, executive, coach, agent or reporter."""

    name: str
    role: Literal["manager", "executive", "coach", "agent", "reporter"]
    club: str | None = None
    outlet: str | None = None
    title: str | None = None
    bbref: str | None = None
    mlbam: int | None = None
    confidence: float = 1.0
    mentions: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class LinkedClub:
    code: str
    confidence: float
    mentions: list[Span] = field(default_factory=list)
    via: list[str] = field(default_factory=list)  # "nickname", "affiliate", "context", ...


@dataclass(slots=True)
class Unresolved:
    text: str
    mentions: list[Span]
    candidates: list[dict[str, Any]]
    reason: str


Verdict = Literal["verified", "wrong", "unverifiable"]


@dataclass(slots=True)
class Claim:
    """A number an article states as a fact about a player's record, and the verdict on it.

    Field names follow the gold format (``../shared/eval/FORMAT.md``): ``player`` is the bbref id,
    else the MLBAM id; ``value`` is the number as stated (".204" -> 0.204; "66 1/3" innings ->
    66.1 in baseball notation); ``level`` is MLB, AAA, AA, A+, A or ROOKIE (None for AGE).
    """

    span: tuple[int, int]  # into Article.text
    text: str  # the words that state it
    stat: str  # G, PA, AB, H, 2B, 3B, HR, RBI, R, SB, BB, SO, AVG, OBP, SLG, OPS, ERA, IP, W, L,
    # SV, WHIP, AGE, GS, G_POS, POSTSEASON_G, CONTRACT_YEARS, CONTRACT_VALUE, PROSPECT_RANK,
    # or a Statcast-style metric named as the article names it (BLOCKS_ABOVE_AVG, FRAMING_PCTL)
    value: float | int | str
    player: str | None = None
    person_id: str | None = None
    season: int | None = None
    level: str | None = None
    position: str | None = None  # for G_POS
    team: str | None = None  # when the number covers one stint of a split season
    postseason: str | None = None  # round prefix (ALCS, WS) for postseason numbers
    pitching: bool = False  # G, GS, SO, BB counted as a pitcher
    as_of: str | None = None  # the date an AGE is computed at
    verdict: Verdict | None = None
    truth: float | int | str | None = None
    source: str | None = None  # the table and season that decide it
    reason: str | None = None  # why unverifiable (or where a wrong value came from)
    incomplete: bool = False  # the data covers the season only in part
    computed: dict[str, Any] | None = None  # e.g. the percentile computed from a leaderboard


MoveKind = Literal[
    "trade", "signing", "extension", "waiver_claim", "designated", "release", "other"
]
MoveStatus = Literal["interest", "talks", "agreement", "completed", "denied", "speculation"]


@dataclass(slots=True)
class Move:
    """A roster move an article reports, rumors or recalls (gold format ``moves``)."""

    player: str | None  # bbref id, else the MLBAM id
    person_id: str | None
    name: str
    from_club: str | None  # "from" in JSON; None for a free agent or where unknown
    to_club: str | None  # "to" in JSON
    kind: MoveKind
    status: MoveStatus
    source: str | None = None  # the reporter credited
    outlet: str | None = None
    span: tuple[int, int] | None = None  # the sentence that states it
    text: str | None = None
    with_players: list[str] = field(default_factory=list)  # others in the same trade
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["from"] = d.pop("from_club")
        d["to"] = d.pop("to_club")
        return d


@dataclass(slots=True)
class LinkedArticle:
    article: Article
    players: list[LinkedPlayer]
    clubs: list[LinkedClub]
    people: list[LinkedPerson]
    unresolved: list[Unresolved]
    outlets: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    season: int | None = None  # the season the story is about (its date, else inferred)

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "source": a.source,
            "title": a.title,
            "outlet": a.outlet,
            "author": a.author,
            "published": a.published_str(),
            "season": self.season,
            "url": a.url,
            "players": [asdict(p) for p in self.players],
            "clubs": [c.code for c in self.clubs],
            "club_mentions": [asdict(c) for c in self.clubs],
            "people": [asdict(p) for p in self.people],
            "outlets": list(self.outlets),
            "unresolved": [asdict(u) for u in self.unresolved],
            "claims": [{**asdict(c), "why": c.reason} for c in self.claims],
            "moves": [m.to_dict() for m in self.moves],
            "notes": list(a.notes),
        }
