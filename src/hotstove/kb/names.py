"""The one name model: normal form, alias tables, candidates and the lookup decision.

``name_key()`` turns any written name into one normal form ("J. T. Realmuto" -> "jt realmuto",
"GUERRERO JR., Vladimir" -> "vladimir guerrero jr").  ``build_aliases()`` writes, inside the
knowledge base, every form under which a person may be written (used name, given names,
initials, nicknames, the register's alternate names, first-name variants learned from the
register itself).  ``candidates()`` lists who a surface string may mean, best evidence first;
``lookup()`` is the decision the ``hotstove player`` command makes.  The article linker calls
``candidates()`` too and adds its own context (club, date, position) to choose.

Candidate tiers, best first: ``id`` (the text is an id), ``exact`` (used first name + last
name), ``initials`` / ``nickname`` / ``alias`` (given names, initials of the given names,
register nicknames, alternate names, surname alone), ``variant`` (a learned first-name variant,
or a first name that starts the person's first name: "Vlad" for "Vladimir"), ``fuzzy`` (close
spelling, found by rapidfuzz inside a block of similar surnames).  Within a tier the prior is
MLB games played.
"""

from __future__ import annotations

import math
import re
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from anyascii import anyascii
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from hotstove.errors import BadInput

if TYPE_CHECKING:
    from hotstove.storage.duck import Duck

__all__ = [
    "Candidate",
    "Resolution",
    "build_aliases",
    "candidates",
    "lookup",
    "name_key",
    "resolve_id",
    "split_suffix",
]

How = Literal["id", "exact", "variant", "initials", "nickname", "alias", "fuzzy"]

# A used first name A counts as a variant of a given first name B ("Mike" of "Michael") only
# when at least this many people in the register are written A while their given name is B.
# The register has thousands of Mike/Michael and hundreds of Joe/Joseph, Bob/Robert, Bill/William
# pairs, while one-off pairs are mostly a player going by a nickname or a middle name spelled
# differently ("Red" for George).  Measured on the register (2026): at 10 the table has the real
# short forms (Vince/Vincent, Gus/August ...) and almost no noise; below 5 noise dominates.
VARIANT_MIN_COUNT = 10
MIN_TOP_SHARE = 0.2

# Rank of each tier; lower is better.  Nickname, initials and alias matches share one tier.
TIER: dict[str, int] = {
    "id": 0,
    "exact": 1,
    "initials": 2,
    "nickname": 2,
    "alias": 2,
    "variant": 3,
    "fuzzy": 4,
}

# Match quality reported as Candidate.score for the tiers that match a stored key exactly.
_TIER_SCORE: dict[str, float] = {
    "id": 1.0,
    "exact": 1.0,
    "initials": 0.95,
    "nickname": 0.95,
    "alias": 0.95,
    "variant": 0.9,
}

# Fuzzy matching: the SURNAME_BLOCK_LIMIT surnames most similar to the query's (Jaro-Winkler, at
# least SURNAME_BLOCK_SIMILARITY) form the block whose aliases rapidfuzz scores; suggestions
# below FUZZY_MIN (0-100) are dropped.  lookup() chooses a fuzzy match only when one MLB player
# scores at least FUZZY_CHOOSE and nobody within FUZZY_MARGIN of the top is another MLB player.
SURNAME_BLOCK_SIMILARITY = 0.86
SURNAME_BLOCK_LIMIT = 25
FUZZY_MIN = 70.0
FUZZY_CHOOSE = 90.0
FUZZY_MARGIN = 5.0

# Shortest first name accepted as a prefix variant ("Vlad" for "Vladimir").
PREFIX_MIN_LEN = 3

# A "Jr." query with no register suffix to match picks the youngest of same-name MLB players
# only when they are a generation apart (father and son), never between unrelated namesakes.
GENERATION_YEARS = 15

# How many candidates lookup() returns with its decision.
LOOKUP_LIST = 10

SUFFIXES = ("jr", "sr", "ii", "iii", "iv")
_YOUNGER = frozenset({"jr", "ii", "iii", "iv"})

_APOSTROPHES = re.compile(r"['`\u2018\u2019\u00b4]")
_NOT_WORD = re.compile(r"[^a-z0-9,]+")
_HAS_DIGIT = re.compile(r"\d")
_ID_SHAPE = re.compile(r"^[a-z0-9][a-z0-9.'_-]*$")


# --------------------------------------------------------------------------- normal form


def _tokens(text: str) -> tuple[list[str], str | None]:
    """Tokens of ``text`` in "first ... last" order and the suffix key found, if any."""
    s = anyascii(text).lower()
    s = _APOSTROPHES.sub("", s)
    s = _NOT_WORD.sub(" ", s)
    suffix: str | None = None
    parts = [p.split() for p in s.split(",")]
    parts = [p for p in parts if p]
    kept: list[list[str]] = []
    for p in parts:  # "Griffey, Ken, Jr." / "Smith Jr., Will": a part that is only a suffix
        if len(p) == 1 and p[0] in SUFFIXES and (kept or len(parts) > 1):
            suffix = suffix or p[0]
        else:
            kept.append(p)
    if len(kept) == 2:  # "Last, First" -> "First Last"; a suffix may trail the last name
        last, first = kept
        if len(last) > 1 and last[-1] in SUFFIXES:
            suffix = suffix or last[-1]
            last = last[:-1]
        tokens = first + last
    else:
        tokens = [t for p in kept for t in p]
    if len(tokens) > 1 and tokens[-1] in SUFFIXES:
        suffix = suffix or tokens[-1]
        tokens = tokens[:-1]
    return _merge_initials(tokens), suffix


def _merge_initials(tokens: list[str]) -> list[str]:
    """Join runs of single letters: ["j", "t", "realmuto"] -> ["jt", "realmuto"]."""
    out: list[str] = []
    run = ""
    for t in tokens:
        if len(t) == 1 and t.isalpha():
            run += t
            continue
        if run:
            out.append(run)
            run = ""
        out.append(t)
    if run:
        out.append(run)
    return out


def split_suffix(text: str) -> tuple[str, str | None]:
    """The name key without its suffix, and the suffix key ("jr", "sr", "ii", "iii", "iv").

    >>> split_suffix("GUERRERO JR., Vladimir")
    ('vladimir guerrero', 'jr')
    """
    tokens, suffix = _tokens(text)
    return " ".join(tokens), suffix


def name_key(text: str) -> str:
    """The normal form of a written name: ASCII, lower case, no punctuation, suffix last.

    >>> name_key("J. T. Realmuto"), name_key("Kiner-Falefa"), name_key("O'Neill")
    ('jt realmuto', 'kiner falefa', 'oneill')
    """
    key, suffix = split_suffix(text)
    return f"{key} {suffix}" if suffix and key else (key or (suffix or ""))


def _suffix_key(raw: str | None) -> str | None:
    if not raw:
        return None
    k = re.sub(r"[^a-z]", "", raw.lower())
    return k if k in SUFFIXES else None


# --------------------------------------------------------------------------- the build

_RAW_PARTS_SQL = """
SELECT DISTINCT raw FROM (
    SELECT name_first AS raw FROM people
    UNION ALL SELECT name_last FROM people
    UNION ALL SELECT name_given FROM people
    UNION ALL SELECT name_matrilineal FROM people
    UNION ALL SELECT trim(unnest(string_split(name_nick, ';'))) FROM people
    UNION ALL SELECT name_first FROM alt_names
    UNION ALL SELECT name_last FROM alt_names
    UNION ALL SELECT name_given FROM alt_names
    UNION ALL SELECT trim(unnest(string_split(name_nick, ';'))) FROM alt_names
) WHERE raw IS NOT NULL AND trim(raw) <> ''
"""

_BASE_SQL = """
CREATE OR REPLACE TEMP TABLE _hs_base AS
SELECT p.person_id,
       f.k AS first_k,
       l.k AS last_k,
       g.k AS given_k,
       m.k AS mat_k,
       p.name_nick,
       CASE lower(regexp_replace(coalesce(p.name_suffix, ''), '[^A-Za-z]', '', 'g'))
            WHEN 'jr' THEN 'jr' WHEN 'sr' THEN 'sr' WHEN 'ii' THEN 'ii'
            WHEN 'iii' THEN 'iii' WHEN 'iv' THEN 'iv' END AS suffix,
       coalesce(p.mlb_games, 0) AS mlb_games,
       coalesce(regexp_matches(p.name_first, '^([A-Z][.]? ?){2,3}$'), false) AS first_is_initials
FROM people p
LEFT JOIN _hs_part f ON f.raw = p.name_first
LEFT JOIN _hs_part l ON l.raw = p.name_last
LEFT JOIN _hs_part g ON g.raw = p.name_given
LEFT JOIN _hs_part m ON m.raw = p.name_matrilineal
WHERE l.k IS NOT NULL AND l.k <> ''
"""

# Learn first-name variants: the used first name A of a person whose given names do not include
# A is paired with the given name starting with the same letter (Ken -> Kenneth in "George
# Kenneth"), else with the first given name (Bob -> Robert).  Initials ("J. T.") are not first
# names and are left out; so is a used name whose commonest pairing is under MIN_TOP_SHARE of
# its uses: that is a nickname given to anyone ("Red": John 10%, Charles 10%, ...), not a short
# form of one name ("Al": Albert 41%, Alfred 19%, Alan 7%).
_VARIANTS_SQL = """
CREATE OR REPLACE TABLE first_name_variants AS
WITH src AS (
    SELECT first_k AS a, string_split(given_k, ' ') AS g
    FROM _hs_base
    WHERE first_k IS NOT NULL AND given_k IS NOT NULL AND NOT first_is_initials
      AND length(first_k) >= 2 AND NOT contains(first_k, ' ')
), paired AS (
    SELECT a, coalesce(list_filter(g, lambda t: t[1] = a[1])[1], g[1]) AS b
    FROM src
    WHERE NOT list_contains(g, a)
), counted AS (
    SELECT a, b, count(*)::INTEGER AS n
    FROM paired
    WHERE b IS NOT NULL AND length(b) >= 2
    GROUP BY a, b
), shared AS (
    SELECT *, max(n) OVER (PARTITION BY a) / sum(n) OVER (PARTITION BY a) AS top_share
    FROM counted
)
SELECT a AS short, b AS "full", n
FROM shared
WHERE n >= $min_n AND top_share >= $min_share
ORDER BY short, "full"
"""

_ALIASES_SQL = """
CREATE OR REPLACE TEMP TABLE _hs_alias_raw AS
WITH b AS (
    SELECT *, split_part(given_k, ' ', 1) AS given_first,
           string_split(given_k, ' ') AS given_tokens
    FROM _hs_base
), nicks AS (
    SELECT b.person_id, n.k AS nick_k, b.last_k
    FROM (SELECT person_id, last_k, trim(unnest(string_split(name_nick, ';'))) AS raw
          FROM b) b
    JOIN _hs_part n ON n.raw = b.raw
), fullset AS (
    SELECT person_id, first_k AS "full" FROM b
    WHERE first_k IN (SELECT "full" FROM first_name_variants)
    UNION
    SELECT b.person_id, v."full" FROM b JOIN first_name_variants v ON v.short = b.first_k
), variant_names AS (
    SELECT person_id, "full" AS name FROM fullset
    UNION
    SELECT f.person_id, v.short FROM fullset f JOIN first_name_variants v ON v."full" = f."full"
), alt AS (
    SELECT a.person_id,
           coalesce(fa.k, b.first_k) AS first_k,
           coalesce(la.k, b.last_k) AS last_k,
           ga.k AS given_k,
           a.name_nick
    FROM alt_names a
    JOIN b USING (person_id)
    LEFT JOIN _hs_part fa ON fa.raw = a.name_first
    LEFT JOIN _hs_part la ON la.raw = a.name_last
    LEFT JOIN _hs_part ga ON ga.raw = a.name_given
)
SELECT person_id, fore || ' ' || last_key AS alias_key, last_key, how FROM (
    SELECT person_id, first_k AS fore, last_k AS last_key, 'exact' AS how FROM b
    UNION ALL
    SELECT person_id, first_k, last_k || ' ' || mat_k, 'alias' FROM b WHERE mat_k <> ''
    UNION ALL
    SELECT person_id, first_k, replace(last_k, ' ', ''), 'alias' FROM b
    WHERE contains(last_k, ' ')
    UNION ALL
    SELECT person_id, given_k, last_k, 'alias' FROM b
    UNION ALL
    SELECT person_id, given_first, last_k, 'alias' FROM b
    UNION ALL
    SELECT person_id, given_first, last_k || ' ' || mat_k, 'alias' FROM b WHERE mat_k <> ''
    UNION ALL
    SELECT person_id,
           array_to_string(list_transform(given_tokens[1:2], lambda t: t[1]), ''),
           last_k, 'initials'
    FROM b WHERE len(given_tokens) >= 2
    UNION ALL
    SELECT person_id, nick_k, last_k, 'nickname' FROM nicks
    UNION ALL
    SELECT v.person_id, v.name, b.last_k, 'variant'
    FROM variant_names v JOIN b USING (person_id)
    WHERE v.name <> coalesce(b.first_k, '')
    UNION ALL
    SELECT person_id, first_k, last_k, 'alias' FROM alt
    UNION ALL
    SELECT person_id, given_k, last_k, 'alias' FROM alt
    UNION ALL
    SELECT a.person_id, n.k, a.last_k, 'nickname'
    FROM (SELECT person_id, last_k, trim(unnest(string_split(name_nick, ';'))) AS raw
          FROM alt) a
    JOIN _hs_part n ON n.raw = a.raw
) WHERE fore IS NOT NULL AND fore <> '' AND last_key IS NOT NULL AND last_key <> ''
"""

# name_aliases carries, after its five own columns, the alias's surname part (last_key) and the
# person columns a Candidate shows, so that a lookup is one read (a join with `people` would
# scan it on every call).  Sorted by surname so fuzzy blocks and prefix variants read a few
# segments; exact keys and person ids go through ART indexes.
_FINISH_SQL = """
CREATE OR REPLACE TABLE name_aliases AS
WITH best AS (
    SELECT alias_key, person_id, last_key,
           arg_min(how, CASE how WHEN 'exact' THEN 1 WHEN 'initials' THEN 2
                       WHEN 'nickname' THEN 3 WHEN 'alias' THEN 4 ELSE 5 END) AS how
    FROM _hs_alias_raw
    WHERE alias_key IS NOT NULL AND alias_key <> ''
    GROUP BY alias_key, person_id, last_key
), joined AS (
    SELECT r.alias_key, r.person_id, r.how, b.suffix, 1.0 + b.mlb_games AS prior, r.last_key,
           p.name_first, p.name_last, p.name_suffix, p.mlbam, p.bbref,
           p.mlb_first, p.mlb_last, p.pro_first, p.pro_last, p.birth_year,
           p.positions, p.clubs, b.mlb_games
    FROM best r JOIN _hs_base b USING (person_id) JOIN people p USING (person_id)
), totals AS (
    SELECT alias_key, sum(prior) AS total FROM joined GROUP BY alias_key
)
SELECT j.alias_key, j.person_id, j.how, j.suffix, j.prior / t.total AS weight,
       j.* EXCLUDE (alias_key, person_id, how, suffix, prior)
FROM joined j JOIN totals t USING (alias_key)
ORDER BY j.last_key, j.alias_key, j.person_id
"""

_SURNAMES_SQL = """
CREATE OR REPLACE TABLE surnames AS
SELECT DISTINCT last_key AS surname_key, person_id FROM name_aliases
ORDER BY surname_key, person_id
"""

# Every id a user may type, one row each, best kind first (MLBAM wins over FanGraphs digits).
_PERSON_IDS_SQL = """
CREATE OR REPLACE TABLE person_ids AS
SELECT id_key, person_id, kind, rank FROM (
    SELECT CAST(mlbam AS VARCHAR) AS id_key, person_id, 'mlbam' AS kind, 0 AS rank FROM people
    UNION ALL SELECT lower(person_id), person_id, 'person', 1 FROM people WHERE mlbam IS NULL
    UNION ALL SELECT lower(bbref), person_id, 'bbref', 2 FROM people
    UNION ALL SELECT lower(retro), person_id, 'retro', 3 FROM people
    UNION ALL SELECT lower(bbref_minors), person_id, 'bbref_minors', 4 FROM people
    UNION ALL SELECT lower(fangraphs), person_id, 'fangraphs', 5 FROM people
    UNION ALL SELECT lower(chadwick), person_id, 'chadwick', 6 FROM people
) WHERE id_key IS NOT NULL AND id_key <> ''
"""

_INDEXES = (
    "CREATE INDEX name_aliases_key ON name_aliases (alias_key)",
    "CREATE INDEX name_aliases_person ON name_aliases (person_id)",
    "CREATE INDEX surnames_key ON surnames (surname_key)",
    "CREATE INDEX person_ids_key ON person_ids (id_key)",
)


def build_aliases(con: Duck, *, min_variant_count: int = VARIANT_MIN_COUNT) -> int:
    """Create the name tables; return the number of aliases.

    Tables: ``name_aliases`` (alias key -> person, with the person's card columns),
    ``first_name_variants`` (learned), ``surnames`` and ``surname_keys`` (surname key -> person,
    for linking and fuzzy blocking), ``person_ids`` (any id -> person).

    Needs the ``people`` and ``alt_names`` tables.  Python only normalizes the distinct name
    parts (first, last, given, nick, matrilineal: about 110,000 strings); the rest is SQL.
    """
    _SURNAME_CACHE.pop(con, None)
    raws = [r[0] for r in con.execute(_RAW_PARTS_SQL).fetchall()]
    keys = [split_suffix(r)[0] for r in raws]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _hs_part AS "
        "SELECT unnest($raws::VARCHAR[]) AS raw, unnest($keys::VARCHAR[]) AS k",
        {"raws": raws, "keys": keys},
    )
    con.execute(_BASE_SQL)
    con.execute(_VARIANTS_SQL, {"min_n": min_variant_count, "min_share": MIN_TOP_SHARE})
    con.execute(_ALIASES_SQL)
    # Joining two keys can put two single letters side by side ("j" + "d smith"); give those
    # the same form name_key() gives the whole string.
    odd = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT alias_key FROM _hs_alias_raw "
            "WHERE regexp_matches(alias_key, '(^| )[a-z] [a-z]( |$)')"
        ).fetchall()
    ]
    if odd:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _hs_fix AS "
            "SELECT unnest($old::VARCHAR[]) AS old, unnest($new::VARCHAR[]) AS new",
            {"old": odd, "new": [split_suffix(k)[0] for k in odd]},
        )
        con.execute(
            "UPDATE _hs_alias_raw SET alias_key = f.new FROM _hs_fix f "
            "WHERE _hs_alias_raw.alias_key = f.old"
        )
    con.execute(_FINISH_SQL)
    con.execute(_SURNAMES_SQL)
    con.execute(_PERSON_IDS_SQL)
    if con.execute(
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'people' AND column_name = 'lahman_id'"
    ).fetchall()[0][0]:
        con.execute(
            "INSERT INTO person_ids SELECT lower(lahman_id), person_id, 'lahman', 1 FROM people "
            "WHERE lahman_id IS NOT NULL AND lower(lahman_id) IS DISTINCT FROM lower(bbref)"
        )
    for ddl in _INDEXES:  # CREATE OR REPLACE TABLE dropped any older index with its table
        con.execute(ddl)
    for t in ("_hs_part", "_hs_base", "_hs_alias_raw", "_hs_fix"):  # temp tables
        con.execute(f"DROP TABLE IF EXISTS {t}")
    rows = con.execute("SELECT count(*) FROM name_aliases").fetchall()
    return int(rows[0][0])


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Candidate:
    """One person a name or id may mean, with what matched and the facts to tell namesakes apart.

    ``score`` is the match quality in [0, 1]: 1.0 for an id or exact key, a little less for the
    alias and variant tiers, rapidfuzz similarity / 100 for fuzzy matches.
    """

    person_id: str
    name: str
    mlbam: int | None
    bbref: str | None
    how: How
    score: float
    mlb_first: int | None
    mlb_last: int | None
    pro_first: int | None
    pro_last: int | None
    birth_year: int | None
    positions: str | None
    clubs: str | None
    mlb_games: int
    suffix: str | None

    @property
    def played_mlb(self) -> bool:
        return self.mlb_games > 0 or self.mlb_first is not None


@dataclass(frozen=True, slots=True)
class Resolution:
    """The lookup decision: ``chosen`` is None when the name is unknown or ambiguous."""

    query: str
    chosen: Candidate | None
    candidates: list[Candidate]
    reason: str


# --------------------------------------------------------------------------- queries

_PERSON_COLS = (
    "a.person_id, a.name_first, a.name_last, a.name_suffix, a.mlbam, a.bbref, "
    "a.mlb_first, a.mlb_last, a.pro_first, a.pro_last, a.birth_year, a.positions, "
    "a.clubs, a.mlb_games"
)


def _candidate(row: tuple[Any, ...], how: How, score: float) -> Candidate:
    (pid, first, last, suffix, mlbam, bbref, mf, ml, pf, pl, by, pos, clubs, games) = row
    name = " ".join(x for x in (first, last, suffix) if x)
    return Candidate(
        person_id=str(pid),
        name=name,
        mlbam=int(mlbam) if mlbam is not None else None,
        bbref=bbref,
        how=how,
        score=score,
        mlb_first=mf,
        mlb_last=ml,
        pro_first=pf,
        pro_last=pl,
        birth_year=by,
        positions=pos,
        clubs=clubs,
        mlb_games=int(games or 0),
        suffix=_suffix_key(suffix),
    )


def resolve_id(con: Duck, text: str) -> Candidate | None:
    """The person whose id is ``text``: MLBAM, bbref, Retrosheet, FanGraphs, bbref minors,
    Lahman or Chadwick key.  Digits that are both an MLBAM and a FanGraphs id mean MLBAM."""
    t = text.strip().lower()
    if not t or " " in t or not _HAS_DIGIT.search(t) or not _ID_SHAPE.match(t):
        return None
    ids = con.execute(
        "SELECT person_id FROM person_ids WHERE id_key = $t ORDER BY rank, person_id LIMIT 1",
        {"t": t},
    ).fetchall()
    if not ids:
        return None
    rows = con.execute(
        f"SELECT {_PERSON_COLS} FROM name_aliases a WHERE a.person_id = $p LIMIT 1",
        {"p": ids[0][0]},
    ).fetchall()
    return _candidate(rows[0], "id", 1.0) if rows else None


def _alias_hits(con: Duck, key: str) -> list[Candidate]:
    rows = con.execute(
        f"SELECT a.how, {_PERSON_COLS} FROM name_aliases a WHERE a.alias_key = $k",
        {"k": key},
    ).fetchall()
    return [_candidate(r[1:], r[0], _TIER_SCORE[r[0]]) for r in rows]


def _prefix_hits(con: Duck, key: str) -> list[Candidate]:
    """ "Vlad Guerrero": same surname, a used or given first name that starts with "vlad"."""
    tokens = key.split()
    if len(tokens) < 2 or len(tokens[0]) < PREFIX_MIN_LEN:
        return []
    first, last = tokens[0], " ".join(tokens[1:])
    rows = con.execute(
        f"SELECT a.how, a.alias_key, {_PERSON_COLS} FROM name_aliases a "
        "WHERE a.last_key = $last AND starts_with(a.alias_key, $first)",
        {"first": first, "last": last},
    ).fetchall()
    found: dict[str, Candidate] = {}
    for how, alias, *person in rows:
        fore = alias[: -len(last) - 1]
        if how in ("exact", "alias") and fore != first and " " not in fore:
            found.setdefault(
                person[0], _candidate(tuple(person), "variant", _TIER_SCORE["variant"])
            )
    return list(found.values())


def _surname_hits(con: Duck, key: str) -> list[Candidate]:
    rows = con.execute(
        f"SELECT DISTINCT ON (a.person_id) {_PERSON_COLS} FROM name_aliases a "
        "WHERE a.last_key = $k ORDER BY a.person_id",
        {"k": key},
    ).fetchall()
    return [_candidate(r, "alias", _TIER_SCORE["alias"]) for r in rows]


# Distinct surname keys per open connection (about 45,000 strings), read once for fuzzy
# blocking; weak keys, so a closed connection takes its list with it.
_SURNAME_CACHE: weakref.WeakKeyDictionary[Any, list[str]] = weakref.WeakKeyDictionary()


def _surname_keys(con: Duck) -> list[str]:
    keys = _SURNAME_CACHE.get(con)
    if keys is None:
        keys = [r[0] for r in con.execute("SELECT DISTINCT surname_key FROM surnames").fetchall()]
        _SURNAME_CACHE[con] = keys
    return keys


def _fuzzy_hits(con: Duck, key: str) -> list[Candidate]:
    """Close spellings: block on surnames similar (Jaro-Winkler) to a trailing or the leading
    part of the query, then score the block's aliases (one-word query: surnames) by rapidfuzz."""
    tokens = key.split()
    probes = {" ".join(tokens[-n:]) for n in (1, 2, 3) if n <= len(tokens)}
    if len(tokens) > 1:
        probes.add(tokens[0])  # "Realmuto JT"
    surnames = _surname_keys(con)
    block: set[str] = set()
    for probe in probes:
        if len(probe) < 2:
            continue
        found = process.extract(
            probe,
            surnames,
            scorer=JaroWinkler.normalized_similarity,
            score_cutoff=SURNAME_BLOCK_SIMILARITY,
            limit=SURNAME_BLOCK_LIMIT,
        )
        block.update(k for k, _, _ in found)
    if not block:
        return []
    rows = con.execute(
        f"SELECT a.alias_key, a.last_key, {_PERSON_COLS} FROM name_aliases a "
        "WHERE a.last_key IN (SELECT unnest($keys::VARCHAR[]))",
        {"keys": sorted(block)},
    ).fetchall()
    single = len(tokens) == 1
    pairs = [(r[1] if single else r[0], r[2]) for r in rows]
    scored = process.extract(
        key,
        sorted({k for k, _ in pairs}),
        scorer=fuzz.ratio if single else fuzz.token_sort_ratio,
        limit=None,
        score_cutoff=FUZZY_MIN,
    )
    by_key: dict[str, float] = {k: s for k, s, _ in scored}
    best: dict[str, float] = {}
    for k, pid in pairs:
        s = by_key.get(k)
        if s is not None and s > best.get(pid, -1.0):
            best[pid] = s
    person: dict[str, tuple[Any, ...]] = {r[2]: r[2:] for r in rows}
    return [_candidate(person[pid], "fuzzy", round(s / 100.0, 4)) for pid, s in best.items()]


def _order(cands: list[Candidate], suffix: str | None) -> list[Candidate]:
    def sort_key(c: Candidate) -> tuple[int, int, float, int, float, str]:
        suffix_rank = 0 if suffix and c.suffix == suffix else 1
        prior = math.log10(1 + c.mlb_games)  # fuzzy: similarity first, the prior breaks ties
        if c.how == "fuzzy":
            return (TIER[c.how], 0, -round(c.score * 100), suffix_rank, -prior, c.person_id)
        return (TIER[c.how], suffix_rank, -c.mlb_games, 0, -c.score, c.person_id)

    return sorted(cands, key=sort_key)


def _mononym_hits(con: Duck, key: str) -> list[Candidate]:
    """ "Ichiro": a single word that is no surname, taken as the used first name of MLB players."""
    rows = con.execute(
        f"SELECT DISTINCT ON (a.person_id) {_PERSON_COLS} FROM name_aliases a "
        "WHERE split_part(a.alias_key, ' ', 1) = $k AND a.how = 'exact' AND a.mlb_games > 0 "
        "ORDER BY a.person_id",
        {"k": key},
    ).fetchall()
    return [_candidate(r, "alias", _TIER_SCORE["alias"]) for r in rows]


def _without_middle_initials(key: str) -> str:
    """ "michael a taylor" -> "michael taylor": a one-letter middle token is a middle initial."""
    tokens = key.split()
    if len(tokens) < 3:
        return key
    kept = [tokens[0], *(t for t in tokens[1:-1] if len(t) > 1), tokens[-1]]
    return " ".join(kept)


def _with_middle_initials(con: Duck, hits: list[Candidate], initials: list[str]) -> list[Candidate]:
    """Keep the people whose given names (after the first) start with the written initials."""
    rows = con.execute(
        "SELECT person_id, name_given FROM people WHERE list_contains($ids, person_id)",
        {"ids": [c.person_id for c in hits]},
    ).fetchall()
    given = {pid: name_key(g or "").split()[1:] for pid, g in rows}
    keep = {pid for pid, rest in given.items()
            if all(any(w.startswith(i) for w in rest) for i in initials)}  # fmt: skip
    return [c for c in hits if c.person_id in keep]


def _gather(con: Duck, key: str, suffix: str | None, *, fuzzy: bool) -> list[Candidate]:
    hits = _alias_hits(con, key)
    if not hits:
        hits = _prefix_hits(con, key)
    if not hits and _without_middle_initials(key) != key:
        hits = _alias_hits(con, _without_middle_initials(key))
        initials = [t for t in key.split()[1:-1] if len(t) == 1]
        if len(hits) > 1 and initials:
            hits = _with_middle_initials(con, hits, initials) or hits
    if not hits and " " not in key:
        hits = _surname_hits(con, key) or _mononym_hits(con, key)
    if fuzzy and not any(c.played_mlb for c in hits):
        seen = {c.person_id for c in hits}
        hits += [c for c in _fuzzy_hits(con, key) if c.person_id not in seen]
    best: dict[str, Candidate] = {}
    for c in hits:  # one row per person, best tier
        old = best.get(c.person_id)
        if old is None or (TIER[c.how], -c.score) < (TIER[old.how], -old.score):
            best[c.person_id] = c
    return _order(list(best.values()), suffix)


def candidates(con: Duck, surface: str, *, limit: int = 10, fuzzy: bool = True) -> list[Candidate]:
    """Who ``surface`` may mean, best first: id, exact, alias tiers, variants, then fuzzy.

    Never raises on odd text; an empty or blank surface gives an empty list.
    """
    text = surface.strip()
    if not text or limit <= 0:
        return []
    hit = resolve_id(con, text)
    if hit is not None:
        return [hit]
    key, suffix = split_suffix(text)
    if not key:
        return []
    return _gather(con, key, suffix, fuzzy=fuzzy)[:limit]


# --------------------------------------------------------------------------- the decision


def _spans(c: Candidate, season: int) -> bool:
    if c.mlb_first is not None and c.mlb_first <= season <= (c.mlb_last or c.mlb_first):
        return True
    return c.pro_first is not None and c.pro_first <= season <= (c.pro_last or c.pro_first)


def _by_suffix(pool: list[Candidate], suffix: str) -> tuple[list[Candidate], str]:
    """Narrow ``pool`` with the suffix the query wrote."""
    same = [c for c in pool if c.suffix == suffix]
    if same:
        return same, f"suffix {suffix}"
    pool = [c for c in pool if c.suffix is None]
    played = [c for c in pool if c.played_mlb and c.birth_year is not None]
    if len(played) >= 2:
        played.sort(key=lambda c: c.birth_year or 0)
        pick = played[-1] if suffix in _YOUNGER else played[0]
        others = [c for c in played if c is not pick]
        if all(
            abs((pick.birth_year or 0) - (o.birth_year or 0)) >= GENERATION_YEARS for o in others
        ):
            return [pick], f"suffix {suffix}: the {'younger' if suffix in _YOUNGER else 'elder'}"
    return pool, ""


def _decide(
    pool: list[Candidate], suffix: str | None, season: int | None
) -> tuple[Candidate | None, list[Candidate], str]:
    notes: list[str] = []
    if suffix:
        narrowed, note = _by_suffix(pool, suffix)
        if narrowed:
            pool = narrowed
            if note:
                notes.append(note)
    if season is not None:
        active = [c for c in pool if _spans(c, season)]
        if active:
            if len(active) < len(pool):
                notes.append(f"active in {season}")
            pool = active
    played = [c for c in pool if c.played_mlb]
    if len(played) == 1:
        if len(pool) > 1:
            notes.append("the only MLB player")
        return played[0], pool, ", ".join(notes)
    if not played and len(pool) == 1:
        return pool[0], pool, ", ".join(notes)
    n = len(played) or len(pool)
    who = "MLB players" if played else "people"
    return None, pool, f"ambiguous: {n} {who}" + (f" ({', '.join(notes)})" if notes else "")


def lookup(con: Duck, query: str, *, season: int | None = None) -> Resolution:
    """The card lookup decision for a name or id.

    An id chooses its person.  For a name the best tier decides: one MLB player in it (or one
    person, when nobody there played in MLB) is chosen; a written suffix picks the person with
    that suffix (or, with no register suffix to match, the younger / elder of a father and son);
    ``season`` keeps those active that year.  Otherwise ``chosen`` is None, with the candidates
    listed.  Unknown names give the nearest spellings and reason "no match".
    """
    text = (query or "").strip()
    if not text:
        raise BadInput("Give a player name, or an MLBAM, bbref, Retrosheet or FanGraphs id.")
    hit = resolve_id(con, text)
    if hit is not None:
        return Resolution(query, hit, [hit], "id")
    key, suffix = split_suffix(text)
    if not key:
        return Resolution(query, None, [], "no match")
    cands = _gather(con, key, suffix, fuzzy=True)
    if not cands:
        return Resolution(query, None, [], "no match")
    top = cands[0]
    if top.how == "fuzzy":
        strong = [c for c in cands if c.score * 100 >= top.score * 100 - FUZZY_MARGIN]
        chosen, pool, note = _decide(strong, suffix, season)
        if top.score * 100 >= FUZZY_CHOOSE and chosen is not None and chosen.played_mlb:
            return Resolution(
                query, chosen, cands[:LOOKUP_LIST], f"close spelling of {chosen.name}"
            )
        return Resolution(query, None, cands[:LOOKUP_LIST], "no match")
    tier = [c for c in cands if TIER[c.how] == TIER[top.how]]
    chosen, pool, note = _decide(tier, suffix, season)
    rest = [c for c in cands if c not in pool]
    listed = (_order(pool, suffix) + rest)[:LOOKUP_LIST]
    if chosen is not None:
        return Resolution(query, chosen, listed, note or top.how)
    return Resolution(query, None, listed, note)
