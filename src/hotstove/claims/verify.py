"""The verdict engine: judge each claimed number against the knowledge base.

``verify_claims(claims, kb, published=...)`` returns a copy of every claim with its ``verdict``
(``verified`` | ``wrong`` | ``unverifiable``), ``truth``, ``source`` (table and season),
``reason`` (why it cannot be judged, or where a wrong number is true instead), ``incomplete``
(the data covers the season only in part) and ``computed`` (a percentile's rank and pool, a
partial line).

Rules, in the order a careful checker applies them:

- rates come from summed counting stats through ``hotstove.stats``, never from rounded rates; a
  season split between clubs or levels is summed unless the claim names one club (``team``);
- a number is equal when it is equal at the precision the article prints (".204" -> 3 places,
  "2.21 ERA" -> 2, counts exactly); innings in baseball notation are compared as outs;
- a stated percentile is verified within 2 points of the one computed from the leaderboard (the
  share of the pool below the player);
- every source knows what it covers: a season it does not hold is unverifiable with the reason,
  and one it holds only in part (the 2025 minor-league snapshot) is unverifiable and
  ``incomplete``, the partial line under ``computed``, never ``wrong``;
- the data are final totals, so a figure from an article dated during that season is unverifiable
  unless it covers a stint that was already over (a player traded away); an undated story told
  during the season quotes a traded player's line with the clubs before his last one;
- a pitcher's strikeouts and walks are the ones he gives, a hitter's the ones he takes: the words
  say which when they can ("walked 65 batters", "struck out 82 times"), else the player's role
  that season (``_as_pitcher``);
- an undated story is dated by its numbers: the season it is read against moves to the one in
  which more of them are true (``_redate``), and an age stated in it is right if he had it at
  some time the story can be from.

All the rows a batch of claims needs are read with one query per table (for all its players).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from hotstove import stats
from hotstove.claims.extract_season import REFERENCE
from hotstove.kb.store import KB
from hotstove.records import Claim

__all__ = ["verify_claims"]

PCTL_TOLERANCE = 2
MILB_PARTIAL_AS_OF = "2025-08-25"  # used when the KB's sources table does not say

# level as claimed -> levels in the KB
LEVELS: dict[str, tuple[str, ...]] = {
    "MLB": ("MLB",),
    "AAA": ("AAA",),
    "AA": ("AA",),
    "A+": ("A+",),
    "A": ("A",),
    "A-": ("A-",),
    "ROOKIE": ("RK", "CPX", "DSL"),
    "RK": ("RK", "CPX", "DSL"),
}
LEVEL_NAMES = {"MLB": "MLB", "AAA": "Triple-A", "AA": "Double-A", "A+": "High-A", "A": "Single-A",
               "A-": "Short-season A", "ROOKIE": "rookie ball", "RK": "rookie ball"}  # fmt: skip

STAT_ALIASES = {"K": "SO", "SO%": "K%", "KPCT": "K%", "BBPCT": "BB%", "POP_TIME_2B": "POP_TIME",
                "INNINGS": "IP", "GP": "G", "SAVES": "SV", "WINS": "W", "LOSSES": "L"}  # fmt: skip

RATE_PLACES = {"AVG": 3, "OBP": 3, "SLG": 3, "OPS": 3, "ISO": 3, "ERA": 2, "WHIP": 2,
               "K/9": 1, "BB/9": 1, "HR/9": 1, "K%": 1, "BB%": 1}  # fmt: skip
PERCENT_STATS = {"K%", "BB%"}
BATTING_RATES = {"AVG", "OBP", "SLG", "OPS", "ISO", "K%", "BB%"}
PITCHING_RATES = {"ERA", "WHIP", "K/9", "BB/9", "HR/9", "K%", "BB%"}
BATTING_STATS = set(stats.BATTING_COUNTS) | BATTING_RATES | {"PA", "TB"}
PITCHING_STATS = set(stats.PITCHING_COUNTS) | PITCHING_RATES | {"IP"}
PITCHING_ONLY = {"ERA", "IP", "W", "L", "SV", "WHIP", "K/9", "BB/9", "HR/9", "ER", "CG", "SHO",
                 "BFP", "IPouts", "WP", "BK"}  # fmt: skip

# G_POS from Lahman Appearances (games at each position, DH and pinch roles included)
APPEARANCE_COLS = {"P": "G_p", "C": "G_c", "1B": "G_1b", "2B": "G_2b", "3B": "G_3b",
                   "SS": "G_ss", "LF": "G_lf", "CF": "G_cf", "RF": "G_rf", "OF": "G_of",
                   "DH": "G_dh", "PH": "G_ph", "PR": "G_pr"}  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class Metric:
    """A Statcast leaderboard column: where it lives and how it is read."""

    table: str
    column: str
    label: str  # "framing", "blocking", "pop time"
    places: int
    lower_is_better: bool = False
    percentile: bool = False
    percent: bool = False  # stored as a fraction, may be quoted as a percentage


METRICS: dict[str, Metric] = {
    "BLOCKS_ABOVE_AVG": Metric("catcher_blocking", "blocks_above_average", "blocking", 0),
    "BLOCKING_RUNS": Metric("catcher_blocking", "blocking_runs", "blocking", 0),
    "BLOCKING_PCTL": Metric("catcher_blocking", "blocks_above_average", "blocking", 0,
                            percentile=True),
    "FRAMING_RUNS": Metric("catcher_framing", "framing_runs", "framing", 0),
    "FRAMING_PCTL": Metric("catcher_framing", "framing_runs", "framing", 0, percentile=True),
    "STRIKE_RATE": Metric("catcher_framing", "strike_rate", "framing", 1, percent=True),
    "POP_TIME": Metric("catcher_poptime", "pop_2b", "pop time", 2, lower_is_better=True),
    "POP_TIME_3B": Metric("catcher_poptime", "pop_3b", "pop time", 2, lower_is_better=True),
    "POP_TIME_PCTL": Metric("catcher_poptime", "pop_2b", "pop time", 0, lower_is_better=True,
                            percentile=True),
    "ARM_STRENGTH": Metric("catcher_poptime", "arm_strength", "arm strength", 1),
    "ARM_STRENGTH_PCTL": Metric("catcher_poptime", "arm_strength", "arm strength", 0,
                                percentile=True),
    "EXCHANGE": Metric("catcher_poptime", "exchange", "pop time", 2, lower_is_better=True),
}  # fmt: skip
METRIC_TABLE_NAMES = {"catcher_blocking": "catcher blocking", "catcher_framing": "catcher framing",
                      "catcher_poptime": "catcher pop time"}  # fmt: skip

NOT_IN_DATA = {
    "PROSPECT_RANK": "prospect rankings are not in the data",
    "WAR": "WAR is not in the data",
    "OPS+": "OPS+ is not in the data (no league-adjusted stats)",
    "WRC+": "wRC+ is not in the data (no league-adjusted stats)",
    "ERA+": "ERA+ is not in the data (no league-adjusted stats)",
    "FIP": "FIP is not in the data",
}


# --- numbers at the printed precision --------------------------------------------------------


def _dec(x: float | int | Decimal) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(repr(x) if isinstance(x, float) else x)


def _quant(x: float | int | Decimal, places: int) -> Decimal:
    """Round half up (as baseball prints: .2045 -> .205) to ``places`` decimals."""
    return _dec(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


_NUM = re.compile(r"^[-+\u2212]?(\d+\.?\d*|\.\d+)$")


def parse_value(value: float | int | str, default_places: int = 0) -> tuple[Decimal, int] | None:
    """A stated number and the decimals it is printed with.

    A string keeps its printed precision exactly (".190" -> 3, ".2045" -> 4). A float has lost
    its trailing zeros, so it counts at least ``default_places`` (0.19 as an AVG -> 3).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value), default_places
    if isinstance(value, float):
        if value != value:
            return None
        d = Decimal(repr(value))
        shown = 0 if value == int(value) else max(0, -d.as_tuple().exponent)  # type: ignore[operator]
        return d, max(default_places, shown)
    s = value.strip().replace(",", "").replace("\u2212", "-").lstrip("$").rstrip("%").strip()
    s = re.sub(r"\s*(?:million|m|mm)$", "", s, flags=re.I)
    if not _NUM.match(s):
        return None
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    return d, len(s.split(".", 1)[1]) if "." in s else 0


_FRACTIONS = {"1/3": 1, "2/3": 2, "\u2153": 1, "\u2154": 2, "": 0}


def ip_outs(value: float | int | str) -> int | None:
    """Innings as stated -> outs: 66.1 and "66 1/3" are 199 outs; 66.33 is read as decimal."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return 3 * value
    if isinstance(value, str):
        s = value.strip()
        m = re.fullmatch(r"(\d+)\s*(?:and\s+)?(1/3|2/3|\u2153|\u2154)?", s)
        if m:
            return 3 * int(m.group(1)) + _FRACTIONS[m.group(2) or ""]
        try:
            value = float(s)
        except ValueError:
            return None
    whole = int(value)
    frac = _dec(value) - whole
    if frac in (Decimal(0), Decimal("0.1"), Decimal("0.2")):
        return 3 * whole + int(frac * 10)
    return round(value * 3)  # decimal innings (66.33)


def _ip_float(outs: int) -> float:
    return float(stats.innings_str(outs) or 0)


# --- the batch: one query per table for every player the claims name -------------------------


# Rows per KB handle, table and player, kept while the handle lives (a read or ingest of many
# articles opens one handle; the knowledge base does not change under it).
_SEEN: weakref.WeakKeyDictionary[KB, dict[str, dict[str, list[dict[str, Any]]]]] = (
    weakref.WeakKeyDictionary()
)
_SEEN_MAX = 20_000  # players per table kept; past that the memory starts afresh


class _Batch:
    def __init__(self, kb: KB, person_ids: list[str]) -> None:
        self.kb = kb
        self.ids = sorted(set(person_ids))
        self._cache: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self._whole: dict[str, list[dict[str, Any]]] = {}
        self._misc: dict[str, Any] = {}

    def _by_person(
        self, name: str, sql: str, key: str = "person_id"
    ) -> dict[str, list[dict[str, Any]]]:
        if name not in self._cache:
            # players already looked up for an earlier article on this KB handle come from
            # memory; one query fetches the rest (a batch of stories names the same players)
            known = _SEEN.setdefault(self.kb, {}).setdefault(name, {})
            missing = [i for i in self.ids if i not in known]
            if missing and self.kb.has(name.split(":")[0]):
                fetched: dict[str, list[dict[str, Any]]] = defaultdict(list)
                for r in self.kb.rows(sql, [missing]):
                    fetched[str(r[key])].append(r)
                for i in missing:
                    known[i] = fetched.get(i, [])
                if len(known) > _SEEN_MAX:
                    known.clear()
            grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for i in self.ids:
                grouped[i] = list(known.get(i, []))
            self._cache[name] = grouped
        return self._cache[name]

    def rows(self, table: str, pid: str) -> list[dict[str, Any]]:
        """All of one player's rows in a person-keyed table (every season)."""
        if table == "appearances":
            got = self._by_person(
                "appearances",
                """
                SELECT p.person_id, a.yearID AS season, ts.code AS team, a.*
                FROM appearances a
                JOIN people p ON p.lahman_id = a.playerID
                LEFT JOIN team_seasons ts ON ts.season = a.yearID AND ts.lahman = a.teamID
                WHERE p.person_id = ANY(?::VARCHAR[])
                """,
            )
        elif table == "contracts":
            got = self._by_person(
                "contracts",
                """
                SELECT p.person_id, c.* FROM contracts c JOIN people p ON p.mlbam = c.mlbam
                WHERE p.person_id = ANY(?::VARCHAR[])
                """,
            )
        else:
            got = self._by_person(
                table,
                f"SELECT * FROM {table} WHERE person_id = ANY(?::VARCHAR[])",
            )
        return got.get(pid, [])

    def leaderboard(self, table: str) -> list[dict[str, Any]]:
        """A whole Statcast leaderboard (small: tens of rows a season)."""
        if table not in self._whole:
            self._whole[table] = (
                self.kb.rows(f"SELECT * FROM {table}") if self.kb.has(table) else []
            )
        return self._whole[table]

    def last_mlb_season(self) -> int | None:
        if "last_mlb" not in self._misc:
            r = self.kb.one("SELECT max(season) AS s FROM batting WHERE level = 'MLB'")
            self._misc["last_mlb"] = r["s"] if r else None
        return self._misc["last_mlb"]  # type: ignore[no-any-return]

    def milb_as_of(self) -> str:
        if "milb_as_of" not in self._misc:
            src = self.kb.source("milb")
            as_of = (src or {}).get("as_of") or ""
            self._misc["milb_as_of"] = (
                as_of if re.fullmatch(r"\d{4}-\d\d-\d\d", as_of) else (MILB_PARTIAL_AS_OF)
            )
        return self._misc["milb_as_of"]  # type: ignore[no-any-return]

    def milb_present(self) -> bool:
        if "milb" not in self._misc:
            src = self.kb.source("milb")
            self._misc["milb"] = bool(src and src.get("present"))
        return self._misc["milb"]  # type: ignore[no-any-return]


def _resolve(kb: KB, claims: list[Claim]) -> dict[str, dict[str, Any]]:
    """People rows for every claim's player, keyed by what the claim says (id or person_id)."""
    keys = {str(c.person_id) for c in claims if c.person_id} | {
        str(c.player) for c in claims if c.player is not None and str(c.player) != ""
    }
    if not keys:
        return {}
    known = _SEEN.setdefault(kb, {}).setdefault("people:resolve", {})
    missing = sorted(k for k in keys if k not in known)
    if missing:
        for k, r in _resolve_rows(kb, set(missing)).items():
            known[k] = [r]
        for k in missing:
            known.setdefault(k, [])
    return {k: known[k][0] for k in keys if known.get(k)}


def _resolve_rows(kb: KB, keys: set[str]) -> dict[str, dict[str, Any]]:
    ks = sorted(keys)
    nums = [int(k) for k in ks if k.isdigit()]
    rows = kb.rows(
        """
        SELECT person_id, mlbam, bbref, lahman_id, birth_date FROM people
        WHERE person_id = ANY(?::VARCHAR[]) OR bbref = ANY(?::VARCHAR[])
           OR lahman_id = ANY(?::VARCHAR[]) OR mlbam = ANY(?::BIGINT[])
        """,
        [ks, ks, ks, nums],
    )
    out: dict[str, dict[str, Any]] = {}
    # the most specific key wins: person_id, then bbref, then mlbam, then Lahman's playerID
    for field in ("lahman_id", "mlbam", "bbref", "person_id"):
        for r in rows:
            v = r.get(field)
            if v is not None and str(v) in keys:
                out[str(v)] = r
    return out


# --- verdicts ----------------------------------------------------------------------------------


@dataclasses.dataclass(slots=True)
class _Out:
    verdict: str
    truth: float | int | str | None = None
    source: str | None = None
    reason: str | None = None
    incomplete: bool = False
    computed: dict[str, Any] | None = None
    team: str | None = None  # the stint the number was found to cover


def _unverifiable(reason: str, source: str | None = None, **kw: Any) -> _Out:
    return _Out("unverifiable", source=source, reason=reason, **kw)


def verify_claims(claims: list[Claim], kb: KB, *, published: dt.date | None = None) -> list[Claim]:
    """Judge every claim; returns new ``Claim`` records with the verdict fields filled."""
    people = _resolve(kb, claims)
    pids = [p["person_id"] for p in people.values()]
    batch = _Batch(kb, pids)

    def person(c: Claim) -> dict[str, Any] | None:
        p = people.get(str(c.person_id)) if c.person_id else None
        if p is None and c.player is not None:
            p = people.get(str(c.player))
        return p

    def judge(c: Claim) -> _Out:
        try:
            return _judge(c, person(c), batch, published)
        except (ValueError, TypeError, ArithmeticError) as exc:  # a malformed claim, not a crash
            return _unverifiable(f"the claim could not be read: {exc}")

    claims = [
        dataclasses.replace(c, pitching=_as_pitcher(c, p, batch))
        if (p := person(c)) is not None and _stat_key(c.stat) in ROLE_STATS and not c.postseason
        else c
        for c in claims
    ]
    if published is None:
        claims = _redate(claims, judge)
    out: list[Claim] = []
    for c in claims:
        p = person(c)
        res = judge(c)
        out.append(
            dataclasses.replace(
                c,
                team=res.team or c.team,
                person_id=c.person_id or (p["person_id"] if p else None),
                verdict=res.verdict,  # type: ignore[arg-type]
                truth=res.truth,
                source=res.source,
                reason=res.reason,
                incomplete=res.incomplete,
                computed=res.computed,
            )
        )
    return out


ROLE_STATS = {"SO", "BB"}  # a pitcher's are the ones he gives, a hitter's the ones he takes
TWO_WAY_MIN = 100  # plate appearances and batters faced that make a season two-way
_BATTER_WORDS = re.compile(r"\btimes\b|\bdr[ae]w\b|\bdrawing\b|\bdraws\b", re.I)
_PITCHER_WORDS = re.compile(
    r"\b(?:batters|hitters|issued|issuing|allowed|allowing|gave up|giving up)\b", re.I
)


def _as_pitcher(c: Claim, p: dict[str, Any], b: _Batch) -> bool:
    """Whether a player's strikeouts or walks are counted as a pitcher's.

    The words decide when they say ("walked 65 batters", "struck out 82 times"). Otherwise the
    player's role does, as a reader knows it: a season in which he faced more batters than he
    came to the plate is a pitcher's (his career when the season is not in the data); only a
    two-way season (both at least ``TWO_WAY_MIN``) leaves it to the sentence's context.
    """
    words = c.text or ""
    if _PITCHER_WORDS.search(words):
        return True
    if _BATTER_WORDS.search(words):
        return False
    levels = LEVELS.get((c.level or "MLB").upper(), ("MLB",))

    def volume(table: str, col: str, season: int | None) -> int:
        rows = [r for r in b.rows(table, p["person_id"])
                if (season is None or r["season"] == season) and r["level"] in levels]  # fmt: skip
        if col == "PA":
            return sum(stats.plate_appearances(r) or 0 for r in rows)
        # batters faced, or where not recorded its parts (outs, hits, walks)
        parts = ("IPouts", "H", "BB")
        return sum(
            int(r["BFP"]) if r.get("BFP") is not None else sum(int(r.get(k) or 0) for k in parts)
            for r in rows
        )

    pa, bf = volume("batting_best", "PA", c.season), volume("pitching_best", "BF", c.season)
    if pa == 0 and bf == 0:
        pa, bf = volume("batting_best", "PA", None), volume("pitching_best", "BF", None)
    if pa >= TWO_WAY_MIN and bf >= TWO_WAY_MIN:
        return c.pitching
    if pa == 0 and bf == 0:
        return c.pitching
    return bf > pa


REDATE_REACH = 2  # seasons either side of the inferred one an undated story may be moved by
REDATE_MIN = 2  # numbers that must fit the moved season


def _redate(claims: list[Claim], judge: Callable[[Claim], _Out]) -> list[Claim]:
    """An undated story's reference season, moved to the one its numbers fit.

    The season an undated story is about is inferred from its text and the players it names;
    a checker holding an undated clipping dates it by its numbers instead: the season in which
    the most of them (those read against the reference season: unmarked, "last season", ages)
    are true. The reference moves by at most ``REDATE_REACH`` seasons, and only when at least
    ``REDATE_MIN`` numbers fit and more fit than at the inferred season; every such number moves
    with it, so one wrong number among true ones stays wrong.
    """
    rel = [i for i, c in enumerate(claims) if c.computed and REFERENCE in c.computed]
    if len(rel) < REDATE_MIN:
        return claims

    def shifted(delta: int) -> list[Claim]:
        out = list(claims)
        for i in rel:
            c = claims[i]
            out[i] = dataclasses.replace(c, season=c.season + delta if c.season else c.season)
        return out

    def fits(delta: int) -> int:
        moved = shifted(delta)
        return sum(judge(moved[i]).verdict == "verified" for i in rel)

    scores = {d: fits(d) for d in range(-REDATE_REACH, REDATE_REACH + 1)}
    best = max(scores, key=lambda d: (scores[d], -abs(d)))
    if best == 0 or scores[best] < REDATE_MIN or scores[best] <= scores[0]:
        return claims
    return shifted(best)


def _stat_key(stat: str) -> str:
    s = stat.strip().upper().replace(" ", "_")
    s = STAT_ALIASES.get(s, s)
    return "IPouts" if s == "IPOUTS" else s


def _judge(c: Claim, p: dict[str, Any] | None, b: _Batch, published: dt.date | None) -> _Out:
    stat = _stat_key(c.stat)
    if stat in NOT_IN_DATA:
        return _unverifiable(NOT_IN_DATA[stat])
    if p is None:
        return _unverifiable(
            "no player linked"
            if c.player is None and c.person_id is None
            else f"player {c.player or c.person_id} is not in the knowledge base"
        )
    if stat == "AGE":
        return _age(c, p, published)
    if c.season is None:
        return _unverifiable("no season given")
    if stat in ("CONTRACT_YEARS", "CONTRACT_VALUE"):
        return _contract(c, stat, p, b)
    if stat in METRICS:
        return _statcast(c, stat, METRICS[stat], p, b)
    if stat == "POSTSEASON_G" or c.postseason:
        return _postseason(c, stat, p, b)
    if stat == "G_POS":
        return _games_at(c, p, b, published)
    if stat == "GS" and c.position:
        return _starts_at(c, p, b, published)
    pitching = c.pitching or stat in PITCHING_ONLY or stat == "GS"
    if stat not in (PITCHING_STATS if pitching else BATTING_STATS):
        if stat.endswith("_PCTL") or stat.endswith("_ABOVE_AVG"):
            return _unverifiable(f"{stat} is not in the data (no such Statcast leaderboard loaded)")
        return _unverifiable(f"{stat} is not in the data")
    return _season_line(c, stat, p, b, published, pitching)


# --- AGE ---------------------------------------------------------------------------------------


def _age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _age(c: Claim, p: dict[str, Any], published: dt.date | None) -> _Out:
    raw = p.get("birth_date")
    if not raw:
        return _unverifiable("no birth date in the data")
    born = dt.date.fromisoformat(str(raw)[:10])
    turns = re.search(r"\bturn(s|ing|ed)?\b", c.text or "", re.I) is not None
    if c.as_of:
        on, how = dt.date.fromisoformat(c.as_of[:10]), f"age on {c.as_of[:10]}"
        truth = _age_on(born, on)
    elif turns and c.season is not None:
        truth, how = c.season - born.year, f"the age he turns in {c.season}"
    elif published is not None:
        truth, how = _age_on(born, published), f"age on {published.isoformat()}"
    elif c.season is not None and c.computed and REFERENCE in c.computed:
        # an undated story: the stated age is right if he had it at some time the story can
        # be from (during its season, or the offseason after it)
        ref = c.computed[REFERENCE]
        s = c.season - int(ref.get("offset") or 0)
        lo, hi = ((dt.date(s, 4, 1), dt.date(s, 9, 30)) if ref.get("in_season")
                  else (dt.date(s, 10, 1), dt.date(s + 1, 3, 31)))  # fmt: skip
        young, old = _age_on(born, lo), _age_on(born, hi)
        src = f"birth date {born.isoformat()}, age {young}-{old} from {lo} to {hi} (undated story)"
        try:
            said = int(Decimal(str(c.value)))
        except (InvalidOperation, ValueError):
            return _unverifiable(f"cannot read the age {c.value!r}", src)
        ok = young <= said <= old
        return _Out("verified" if ok else "wrong", truth=said if ok else old, source=src)
    elif c.season is not None:
        on = dt.date(c.season, 6, 30)
        truth, how = _age_on(born, on), f"age on {on.isoformat()} (season age)"
    else:
        return _unverifiable("no date to compute the age at")
    src = f"birth date {born.isoformat()}, {how}"
    try:
        stated = int(Decimal(str(c.value)))
    except (InvalidOperation, ValueError):
        return _unverifiable(f"cannot read the age {c.value!r}", src, truth=truth)
    return _Out("verified" if stated == truth else "wrong", truth=truth, source=src)


# --- contracts ---------------------------------------------------------------------------------


def _contract(c: Claim, stat: str, p: dict[str, Any], b: _Batch) -> _Out:
    if not b.kb.has("contracts"):
        return _unverifiable("contracts are absent from this build")
    rows = b.rows("contracts", p["person_id"])
    col = "years" if stat == "CONTRACT_YEARS" else "value_musd"
    src = f"Spotrac contracts {c.season}"
    if not rows:
        return _unverifiable("no contract for this player in the Spotrac data", src)
    same = [r for r in rows if r["first_season"] == c.season and r.get(col) is not None]
    got = parse_value(c.value, 0)
    if got is None:
        return _unverifiable(f"cannot read the value {c.value!r}", src)
    stated, places = got
    if not same:
        others = sorted({r["first_season"] for r in rows if r.get(col) is not None})
        return _unverifiable(
            f"no contract starting in {c.season} in the Spotrac data "
            f"(contracts start in {', '.join(map(str, others))})",
            src,
        )
    for r in same:
        if _quant(r[col], places) == _quant(stated, places):
            return _Out("verified", truth=_num(r[col]), source=src,
                        computed={"contract_id": r["contract_id"], "years": r["years"],
                                  "value_musd": r["value_musd"]})  # fmt: skip
    best = max(same, key=lambda r: (r["years"] or 0, r["value_musd"] or 0))
    return _Out("wrong", truth=_num(best[col]), source=src,
                computed={"contract_id": best["contract_id"], "years": best["years"],
                          "value_musd": best["value_musd"]})  # fmt: skip


def _num(x: Any) -> float | int:
    f = float(x)
    return int(f) if f == int(f) else f


# --- Statcast leaderboards ---------------------------------------------------------------------


def _statcast(c: Claim, stat: str, m: Metric, p: dict[str, Any], b: _Batch) -> _Out:
    season = c.season
    assert season is not None
    board = [r for r in b.leaderboard(m.table) if r["season"] == season]
    src = f"Baseball Savant {METRIC_TABLE_NAMES[m.table]} {season}"
    if not b.leaderboard(m.table):
        return _unverifiable(f"no {m.label} data in this build")
    if not board:
        have = ", ".join(str(y) for y in sorted({r["season"] for r in b.leaderboard(m.table)}))
        return _unverifiable(
            f"no {m.label} data for {season}",
            f"Baseball Savant {METRIC_TABLE_NAMES[m.table]} (seasons {have})",
        )
    mlbam = p.get("mlbam")
    mine = [r for r in board if mlbam is not None and r["mlbam"] == mlbam]
    if not mine or mine[0].get(m.column) is None:
        return _unverifiable(f"not on the {season} {m.label} leaderboard", src)
    x = float(mine[0][m.column])
    if m.percentile:
        pool = [float(r[m.column]) for r in board if r.get(m.column) is not None]
        below = sum(1 for v in pool if (v > x if m.lower_is_better else v < x))
        pct = int(_quant(Decimal(100 * below) / Decimal(len(pool)), 0))
        computed = {"percentile": pct, "rank": below + 1, "below": below, "pool": len(pool),
                    m.column: x, "how": "share of the leaderboard below the player"}  # fmt: skip
        got = parse_value(c.value, 0)
        if got is None:
            return _unverifiable(f"cannot read the value {c.value!r}", src, truth=pct)
        ok = abs(float(got[0]) - pct) <= PCTL_TOLERANCE
        return _Out("verified" if ok else "wrong", truth=pct,
                    source=f"{src} (percentile computed from {len(pool)} catchers)",
                    computed=computed)  # fmt: skip
    got = parse_value(c.value, m.places)
    if got is None:
        return _unverifiable(f"cannot read the value {c.value!r}", src)
    stated, places = got
    truth_x = x * 100 if m.percent and abs(float(stated)) > 1 else x
    truth = _quant(truth_x, places)
    return _Out("verified" if truth == _quant(stated, places) else "wrong",
                truth=_num(truth), source=src, computed={m.column: x})  # fmt: skip


# --- season lines (batting / pitching, MLB and minors) -----------------------------------------


def _value_of(stat: str, line: dict[str, Any], pitching: bool) -> float | int | None:
    """The claimed statistic from a (summed) line, through the stat engine."""
    if pitching:
        if stat == "IP":
            return line.get("IPouts")  # compared as outs
        if stat in ("K%", "BB%"):
            return stats.per_batter(line.get("SO" if stat == "K%" else "BB"), line.get("BFP"))
        if stat in PITCHING_RATES:
            v = stats.pitching_rates(line).get(stat)
            return v if isinstance(v, float) else None
        return line.get(stat)
    if stat in BATTING_RATES:
        return stats.batting_rates(line).get(stat)
    if stat == "PA":
        return stats.plate_appearances(line)
    if stat == "TB":
        return stats.total_bases(line) if line.get("AB") is not None else None
    return line.get(stat)


class _Compare:
    """How a stated value meets a computed one, at the article's precision."""

    def __init__(self, stat: str, value: float | int | str) -> None:
        self.stat = stat
        self.ip = stat == "IP"
        self.percent = stat in PERCENT_STATS
        self.stated_outs = ip_outs(value) if self.ip else None
        got = None if self.ip else parse_value(value, RATE_PLACES.get(stat, 0))
        self.stated, self.places = got if got else (Decimal(0), 0)
        self.readable = self.stated_outs is not None if self.ip else got is not None
        if self.percent and self.readable and abs(self.stated) <= 1:
            self.percent = False  # ".253" rather than "25.3%"

    def truth(self, x: float | int) -> float | int:
        if self.ip:
            return _ip_float(int(x))
        if self.percent:
            x = 100 * x
        q = _quant(x, self.places)
        return int(q) if self.places == 0 else float(q)

    def equal(self, x: float | int | None) -> bool:
        if x is None:
            return False
        if self.ip:
            return self.stated_outs == int(x)
        return _quant(100 * x if self.percent else x, self.places) == _quant(
            self.stated, self.places
        )


def _mid_season(published: dt.date | None, season: int) -> bool:
    return published is not None and published.year == season and published < dt.date(season, 10, 1)


def _stint_label(rows: list[dict[str, Any]]) -> str:
    return " + ".join(
        f"{r.get('team_name') or r.get('team') or '?'} {r.get('G') or 0} G" for r in rows
    )


def _season_line(
    c: Claim,
    stat: str,
    p: dict[str, Any],
    b: _Batch,
    published: dt.date | None,
    pitching: bool,
) -> _Out:
    season = c.season
    assert season is not None
    level = (c.level or "MLB").upper()
    if level not in LEVELS:
        return _unverifiable(f"unknown level {c.level!r}")
    levels = LEVELS[level]
    table = "pitching_best" if pitching else "batting_best"
    kind = "pitching" if pitching else "batting"
    counts = stats.PITCHING_COUNTS if pitching else stats.BATTING_COUNTS
    cmp = _Compare(stat, c.value)
    if not cmp.readable:
        return _unverifiable(f"cannot read the value {c.value!r}")
    team = c.team.upper() if c.team else None
    stint_note = f" ({team} stint)" if team else ""

    # what the sources cover
    milb_partial = False
    if level == "MLB":
        last = b.last_mlb_season()
        if last is None or season > last:
            return _unverifiable(
                f"no MLB data for {season} (Lahman stops at {last})",
                f"Lahman {kind.capitalize()} (through {last})",
            )
        if published is not None and season > published.year:
            return _unverifiable(f"the {season} season is after the article's date")
        src = f"Lahman {kind.capitalize()} {season}{stint_note}"
    else:
        if not b.milb_present():
            return _unverifiable("minor-league seasons are absent from this build")
        if season == 2020:
            return _unverifiable("there was no 2020 minor-league season")
        if season < 2015 or season > 2025:
            return _unverifiable(f"no minor-league data for {season} (the data cover 2015-2025)")
        milb_partial = season == 2025
        src = ""  # named from the rows' source below

    every = b.rows(table, p["person_id"])
    rows = [r for r in every if r["season"] == season and r["level"] in levels]
    if team:
        rows = [r for r in rows if (r.get("team") or "").upper() == team
                or (r.get("org") or "").upper() == team]  # fmt: skip
    if not rows:
        where = LEVEL_NAMES.get(level, level)
        return _unverifiable(
            f"no {where} {kind} line for {season}{' with ' + team if team else ''} in the data",
            src or None,
        )
    rows.sort(key=lambda r: r.get("stint") or 0)
    line = stats.sum_lines(rows, counts)
    x = _value_of(stat, line, pitching)
    if level != "MLB":
        source_key = rows[0]["source"]
        if source_key == "milb-fangraphs":
            as_of = b.milb_as_of()
            src = f"FanGraphs minor-league leaderboard {season} (through {as_of})"
        else:
            src = f"MLB Stats API minor-league {kind} {season}, {level}"
        if len(rows) > 1 or team:
            src += f" ({_stint_label(rows)})"
    if x is None:
        return _unverifiable(f"{stat} is not recorded for this {kind} line", src)
    truth = cmp.truth(x)

    if milb_partial or (level != "MLB" and rows[0]["source"] == "milb-fangraphs"):
        as_of = b.milb_as_of()
        partial = {k: line.get(k) for k in counts if line.get(k) is not None}
        partial.update(_rates_for_display(line, pitching))
        return _unverifiable(
            f"the {season} minor-league data stops on {as_of}",
            src,
            incomplete=True,
            computed={"partial": truth, "through": as_of, "line": partial},
        )
    if _mid_season(published, season):
        assert published is not None
        # a named MLB stint followed by another club's is over (the player was traded away)
        last_stint = max((s.get("stint") or 0) for s in rows)
        later = [r for r in every if r["season"] == season and r["level"] == "MLB"
                 and (r.get("stint") or 0) > last_stint]  # fmt: skip
        if not (team and level == "MLB" and later):
            return _unverifiable(
                f"the article is dated {published.isoformat()}, during the {season} season; "
                "the data hold only final totals",
                src,
                computed={"final": truth},
            )
    if not cmp.equal(x) and level == "MLB" and not team and _told_in_season(c, published):
        # an undated story told during the season quotes a traded player's line up to the
        # trade: the stints before his last club's
        last_stint = max((r.get("stint") or 0) for r in rows)
        before = [r for r in rows if (r.get("stint") or 0) < last_stint]
        bx = _value_of(stat, stats.sum_lines(before, counts), pitching) if before else None
        if before and cmp.equal(bx):
            clubs = {(r["season"], r.get("team")) for r in before}
            club = _club_code(b, *next(iter(clubs))) if len(clubs) == 1 else None
            return _Out("verified", truth=cmp.truth(bx) if bx is not None else None,
                        source=f"{src} ({_stint_label(before)}, before his last move)",
                        team=club)  # fmt: skip
    if cmp.equal(x):
        return _Out("verified", truth=truth, source=src)
    miss = _near_miss(cmp, every, season, level, team, counts, stat, pitching)
    return _Out("wrong", truth=truth, source=src, reason=miss)


def _told_in_season(c: Claim, published: dt.date | None) -> bool:
    """An undated story told during the season, about that season's numbers."""
    ref = (c.computed or {}).get(REFERENCE)
    return (
        published is None
        and isinstance(ref, dict)
        and bool(ref.get("in_season"))
        and (int(ref.get("offset") or 0) == 0)
    )


def _club_code(b: _Batch, season: int, lahman: str | None) -> str | None:
    """The club code of a Lahman teamID in a season (through team_seasons)."""
    if lahman is None or not b.kb.has("team_seasons"):
        return lahman
    r = b.kb.one("SELECT code FROM team_seasons WHERE season = ? AND lahman = ?", [season, lahman])
    return str(r["code"]) if r and r.get("code") else lahman


def _rates_for_display(line: dict[str, Any], pitching: bool) -> dict[str, Any]:
    if pitching:
        r = stats.pitching_rates(line)
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items()}
    r2 = stats.batting_rates(line)
    return {k: (round(v, 3) if v is not None else None) for k, v in r2.items()
            if k in ("AVG", "OBP", "SLG", "OPS")}  # fmt: skip


def _near_miss(
    cmp: _Compare,
    every: list[dict[str, Any]],
    season: int,
    level: str,
    team: str | None,
    counts: Iterable[str],
    stat: str,
    pitching: bool,
) -> str | None:
    """Where a wrong number is true instead: another season, level or stint."""
    counts = tuple(counts)
    groups: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for r in every:
        groups[(r["season"], r["level"])].append(r)

    def check(rows: list[dict[str, Any]]) -> bool:
        return cmp.equal(_value_of(stat, stats.sum_lines(rows, counts), pitching))

    levels = LEVELS[level]
    here = [r for (s, lv), rs in groups.items() if s == season and lv in levels for r in rs]
    if len(here) > 1:
        for r in here:
            if (team is None or (r.get("team") or "").upper() != team) and check([r]):
                return f"true for the {r.get('team') or r.get('team_name')} stint alone"
    if team and len(here) > 1 and check(here):
        return f"true for the whole {season} season, not the {team} stint"
    named = LEVEL_NAMES.get(level, level)
    finders: list[tuple[Callable[[int, str], bool], Callable[[int, str], str]]] = [
        (
            lambda s, lv: lv in levels and s in (season - 1, season + 1),
            lambda s, lv: f"true in {s}, not {season}",
        ),
        (
            lambda s, lv: s == season and lv not in levels,
            lambda s, lv: f"true at {LEVEL_NAMES.get(lv, lv)} in {season}, not {named}",
        ),
    ]
    for when, say in finders:
        for (s, lv), rs in sorted(groups.items()):
            if when(s, lv) and check(rs):
                return say(s, lv)
    return None


# --- fielding: games and starts at a position --------------------------------------------------


def _games_at(c: Claim, p: dict[str, Any], b: _Batch, published: dt.date | None) -> _Out:
    season = c.season
    assert season is not None
    pos = (c.position or "").upper()
    if pos not in APPEARANCE_COLS:
        return _unverifiable(f"unknown position {c.position!r}")
    last = b.last_mlb_season()
    if last is None or season > last:
        return _unverifiable(f"no MLB data for {season} (Lahman stops at {last})")
    team = c.team.upper() if c.team else None
    src = f"Lahman Appearances {season}{f' ({team} stint)' if team else ''}"
    if b.kb.has("appearances"):
        rows = [r for r in b.rows("appearances", p["person_id"]) if r["season"] == season]
        if team:
            rows = [r for r in rows if (r.get("team") or "").upper() == team]
        col = APPEARANCE_COLS[pos]
        if not rows:
            return _unverifiable(f"no MLB appearances in {season}", src)
        x = sum(int(r.get(col) or 0) for r in rows)
    else:
        src = src.replace("Appearances", "Fielding")
        frows = [r for r in b.rows("fielding", p["person_id"])
                 if r["season"] == season and r["position"] == pos
                 and (team is None or (r.get("team") or "").upper() == team)]  # fmt: skip
        x = sum(int(r.get("G") or 0) for r in frows)
    return _count_verdict(c, x, src, published, season)


def _starts_at(c: Claim, p: dict[str, Any], b: _Batch, published: dt.date | None) -> _Out:
    season = c.season
    assert season is not None
    pos = (c.position or "").upper()
    last = b.last_mlb_season()
    if last is None or season > last:
        return _unverifiable(f"no MLB data for {season} (Lahman stops at {last})")
    team = c.team.upper() if c.team else None
    src = f"Lahman Fielding {season}{f' ({team} stint)' if team else ''}"
    positions = {"LF", "CF", "RF"} if pos == "OF" else {pos}
    all_rows = [r for r in b.rows("fielding", p["person_id"]) if r["season"] == season]
    if team:
        all_rows = [r for r in all_rows if (r.get("team") or "").upper() == team]
    if not all_rows:
        return _unverifiable(f"no MLB fielding line for {season}", src)
    rows = [r for r in all_rows if r["position"] in positions]
    if pos == "OF" and not rows:
        rows = [r for r in all_rows if r["position"] == "OF"]
    if rows and any(r.get("GS") is None for r in rows):
        return _unverifiable(f"games started are not recorded for {season}", src)
    return _count_verdict(c, sum(int(r.get("GS") or 0) for r in rows), src, published, season)


def _count_verdict(c: Claim, x: int, src: str, published: dt.date | None, season: int) -> _Out:
    got = parse_value(c.value, 0)
    if got is None:
        return _unverifiable(f"cannot read the value {c.value!r}", src)
    if _mid_season(published, season) and not c.team:
        return _unverifiable(
            f"the article is dated {published.isoformat() if published else ''}, during the "
            f"{season} season; the data hold only final totals",
            src,
            computed={"final": x},
        )
    ok = _quant(got[0], 0) == Decimal(x)
    return _Out("verified" if ok else "wrong", truth=x, source=src)


# --- postseason --------------------------------------------------------------------------------


def _postseason(c: Claim, stat: str, p: dict[str, Any], b: _Batch) -> _Out:
    season = c.season
    assert season is not None
    last = b.last_mlb_season()
    if last is None or season > last:
        return _unverifiable(f"no postseason data for {season} (Lahman stops at {last})")
    prefix = (c.postseason or "").upper()
    base = "G" if stat == "POSTSEASON_G" else stat
    pitching = c.pitching or base in PITCHING_ONLY

    def pick(table: str) -> list[dict[str, Any]]:
        rows = [r for r in b.rows(table, p["person_id"]) if r["season"] == season]
        if prefix:
            rows = [r for r in rows if str(r.get("round") or "").upper().startswith(prefix)]
        if c.team:
            rows = [r for r in rows if (r.get("team") or "").upper() == c.team.upper()]
        for r in rows:
            if "IPOuts" in r and "IPouts" not in r:
                r["IPouts"] = r["IPOuts"]
        return rows

    table = "postseason_pitching" if pitching else "postseason_batting"
    rows = pick(table)
    if not rows and not pitching and stat == "POSTSEASON_G":
        alt = pick("postseason_pitching")  # a pitcher who never came to bat
        if alt:
            rows, table, pitching = alt, "postseason_pitching", True
    kind = "PitchingPost" if pitching else "BattingPost"
    rounds = sorted({str(r.get("round")) for r in rows})
    src = f"Lahman {kind} {season}" + (f" ({', '.join(rounds)})" if prefix and rounds else "")
    cmp = _Compare(base, c.value)
    if not cmp.readable:
        return _unverifiable(f"cannot read the value {c.value!r}", src)
    if not rows:
        if stat == "POSTSEASON_G":
            regular = [r for r in b.rows("batting_best", p["person_id"])
                       if r["season"] == season and r["level"] == "MLB"]  # fmt: skip
            if regular:
                ok = cmp.equal(0)
                return _Out("verified" if ok else "wrong", truth=0, source=src,
                            reason=None if ok else f"no postseason games in {season}")  # fmt: skip
        return _unverifiable(f"no {prefix or 'postseason'} line for {season}", src)
    counts = stats.PITCHING_COUNTS if pitching else stats.BATTING_COUNTS
    line = stats.sum_lines(rows, counts)
    x = _value_of(base, line, pitching)
    if x is None:
        return _unverifiable(f"{stat} is not recorded for this postseason line", src)
    return _Out("verified" if cmp.equal(x) else "wrong", truth=cmp.truth(x), source=src)
