"""The article archive: ingested articles, their entities, claims, moves and rumor threads.

It lives in the knowledge-base file beside the KB tables (``hotstove data build`` carries these
tables over when it rebuilds). Every article is stored in its own transaction, keyed by its
content id, so ingesting twice adds nothing and a killed ingest loses nothing already stored.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from hotstove.records import LinkedArticle
from hotstove.storage.duck import Duck

ARCHIVE_TABLES = ("articles", "article_entities", "article_claims", "article_moves",
                  "threads", "thread_articles", "thread_bands")  # fmt: skip

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS articles (
        id VARCHAR PRIMARY KEY, source VARCHAR, title VARCHAR, outlet VARCHAR, author VARCHAR,
        published DATE, published_text VARCHAR, season INTEGER, url VARCHAR, text VARCHAR,
        seq BIGINT, record JSON)""",
    """CREATE TABLE IF NOT EXISTS article_entities (
        article_id VARCHAR, kind VARCHAR, key VARCHAR, name VARCHAR, role VARCHAR,
        club VARCHAR, outlet VARCHAR, confidence DOUBLE)""",
    """CREATE TABLE IF NOT EXISTS article_claims (
        article_id VARCHAR, idx INTEGER, player VARCHAR, stat VARCHAR, season INTEGER,
        level VARCHAR, value VARCHAR, verdict VARCHAR, truth VARCHAR, record JSON)""",
    """CREATE TABLE IF NOT EXISTS article_moves (
        article_id VARCHAR, idx INTEGER, player VARCHAR, person_id VARCHAR, name VARCHAR,
        from_club VARCHAR, to_club VARCHAR, kind VARCHAR, status VARCHAR, source VARCHAR,
        outlet VARCHAR, text VARCHAR, thread_id VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS threads (
        id VARCHAR PRIMARY KEY, player VARCHAR, person_id VARCHAR, name VARCHAR,
        from_club VARCHAR, to_club VARCHAR, kind VARCHAR, status VARCHAR,
        first_article VARCHAR, first_source VARCHAR, first_outlet VARCHAR,
        updated VARCHAR, minhash BLOB, opened_by_headline BOOLEAN)""",
    """CREATE TABLE IF NOT EXISTS thread_articles (
        thread_id VARCHAR, article_id VARCHAR, seq BIGINT, date VARCHAR, outlet VARCHAR,
        status VARCHAR, source VARCHAR)""",
]


_INDEXES = [
    "CREATE INDEX IF NOT EXISTS article_moves_article ON article_moves (article_id)",
    "CREATE INDEX IF NOT EXISTS threads_person ON threads (person_id)",
    "CREATE INDEX IF NOT EXISTS thread_articles_thread ON thread_articles (thread_id)",
]


def ensure_schema(con: Duck) -> None:
    for sql in (*_SCHEMA, *_INDEXES):
        con.execute(sql)


def insert_rows(con: Duck, table: str, rows: list[list[Any]]) -> None:
    """Many rows in one statement (DuckDB's executemany costs a round trip per row)."""
    if not rows:
        return
    marks = "(" + ", ".join("?" for _ in rows[0]) + ")"
    for start in range(0, len(rows), 200):
        chunk = rows[start : start + 200]
        con.execute(
            f"INSERT INTO {table} VALUES " + ", ".join(marks for _ in chunk),
            [v for row in chunk for v in row],
        )


def has_article(con: Duck, article_id: str) -> bool:
    row = con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()
    return row is not None


def next_seq(con: Duck) -> int:
    row = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchone()
    return int(row[0]) if row else 1


def store_article(con: Duck, la: LinkedArticle, seq: int) -> None:
    """Write one linked article and its entities, claims and moves (the caller's transaction)."""
    a = la.article
    record = la.to_dict()
    con.execute(
        "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [a.id, a.source, a.title, a.outlet, a.author, a.published, a.published_str(),
         la.season, a.url, a.text, seq, json.dumps(record, default=str)],
    )  # fmt: skip
    ents: list[list[Any]] = []
    for p in la.players:
        ents.append([a.id, "player", p.person_id, p.name, None, None, None, p.confidence])
    for c in la.clubs:
        ents.append([a.id, "club", c.code, c.code, None, None, None, c.confidence])
    for q in la.people:
        ents.append([a.id, "person", q.name, q.name, q.role, q.club, q.outlet, q.confidence])
    insert_rows(con, "article_entities", ents)
    claims = [
        [a.id, i, c.player, c.stat, c.season, c.level, str(c.value), c.verdict,
         None if c.truth is None else str(c.truth), json.dumps(asdict(c), default=str)]
        for i, c in enumerate(la.claims)
    ]  # fmt: skip
    insert_rows(con, "article_claims", claims)
    moves = [
        [a.id, i, m.player, m.person_id, m.name, m.from_club, m.to_club, m.kind, m.status,
         m.source, m.outlet, m.text, None]
        for i, m in enumerate(la.moves)
    ]  # fmt: skip
    insert_rows(con, "article_moves", moves)


def copy_archive(old_path: str, new: Duck) -> dict[str, int]:
    """Carry the archive tables from an old KB file into a freshly built one (``new``)."""
    from hotstove.rumors.threads import ensure_schema as ensure_threads

    ensure_schema(new)
    ensure_threads(new)
    new.execute("ATTACH ? AS old_kb (READ_ONLY)", [old_path])
    counts: dict[str, int] = {}
    try:
        listed = new.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'old_kb'"
        ).fetchall()
        have = {r[0] for r in listed}
        for table in ARCHIVE_TABLES:
            if table in have:
                new.execute(f"INSERT INTO {table} SELECT * FROM old_kb.main.{table}")
                row = new.execute(f"SELECT count(*) FROM {table}").fetchone()
                counts[table] = int(row[0]) if row else 0
    finally:
        new.execute("DETACH old_kb")
    return counts
