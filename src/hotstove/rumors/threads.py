"""Rumor threads: the articles that report one rumor, with a timeline and the first source.

A move joins a thread of the same player when the kind and the clubs agree (a missing club agrees
with any) and the stories are close in time or close in wording (MinHash). A story's own news
(its headline player, with a headline club) may join any thread; an aside (a rumor mentioned in
another story) joins only a thread some story led with, so two asides never make a thread. An
old deal recalled in passing is no rumor at all. Candidate threads
come from two indexes only, never a scan of the archive: the player (``threads.person_id``) and
the MinHash bands of the thread's wording (``thread_bands``).
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass
from typing import Any

from datasketch import MinHash

from hotstove.records import LinkedArticle, Move
from hotstove.storage.archive import insert_rows
from hotstove.storage.duck import Duck

NUM_PERM = 64
BANDS, ROWS = 16, 4  # 16 bands of 4 rows: pairs above ~0.5 Jaccard usually share a band
MAX_GAP_DAYS = 120  # a rumor silent this long and told again is a new thread
STATUS_ORDER = {"speculation": 0, "interest": 1, "talks": 2, "agreement": 3, "completed": 4,
                "denied": 4}  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


def minhash(text: str) -> MinHash:
    words = _WORD.findall(text.lower())
    m = MinHash(num_perm=NUM_PERM, seed=7)
    m.update_batch([" ".join(words[i : i + 3]).encode() for i in range(max(1, len(words) - 2))])
    return m


def bands(m: MinHash) -> list[int]:
    hv = m.hashvalues
    out = []
    for b in range(BANDS):
        chunk = struct.pack(f"{ROWS}Q", *(int(x) for x in hv[b * ROWS : (b + 1) * ROWS]))
        out.append(b * 1_000_003 + int.from_bytes(hashlib.blake2b(chunk, digest_size=6).digest()))
    return out


def ensure_schema(con: Duck) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS thread_bands (band BIGINT, thread_id VARCHAR)")
    con.execute("CREATE INDEX IF NOT EXISTS thread_bands_band ON thread_bands (band)")


@dataclass
class _Thread:
    id: str
    person_id: str
    from_club: str | None
    to_club: str | None
    kind: str
    status: str
    updated: str | None


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _days(a: str | None, b: str | None) -> int | None:
    import datetime as dt

    if not a or not b:
        return None
    try:
        da = dt.date.fromisoformat(a[:10] if len(a) >= 10 else a + "-01"[: 10 - len(a)])
        db = dt.date.fromisoformat(b[:10] if len(b) >= 10 else b + "-01"[: 10 - len(b)])
    except ValueError:
        return None
    return abs((da - db).days)


def _headline(la: LinkedArticle) -> tuple[set[str], set[str]]:
    """The players and clubs in a story's headline."""
    end = la.article.body_start
    players = {p.person_id for p in la.players if any(m.start < end for m in p.mentions)}
    clubs = {c.code for c in la.clubs if any(m.start < end for m in c.mentions)}
    return players, clubs


def _is_headline_move(m: Move, players: set[str], clubs: set[str]) -> bool:
    """The story's own news: its player is in the headline, and so is one of its clubs when
    the headline names any ("Alonso, Orioles Agree" is about Baltimore, not a Boston aside)."""
    if m.person_id not in players:
        return False
    return not clubs or bool({m.from_club, m.to_club} & clubs)


def assign(con: Duck, la: LinkedArticle, seq: int) -> list[str]:
    """Put each move of a stored article into a thread (joined or new); return thread ids."""
    ensure_schema(con)
    a = la.article
    date = a.published_str()
    mh = minhash(a.text)
    my_bands = bands(mh)
    by_text = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT thread_id FROM thread_bands WHERE list_contains(?, band)", [my_bands]
        ).fetchall()
    }
    touched: list[str] = []
    head_players, head_clubs = _headline(la)
    for idx, m in enumerate(la.moves):
        if m.person_id is None:
            continue
        headline = _is_headline_move(m, head_players, head_clubs)
        if not headline and m.status == "completed":
            continue  # an old deal recalled in passing is not a rumor

        rows = con.execute(
            "SELECT id, person_id, from_club, to_club, kind, status, updated FROM threads "
            "WHERE person_id = ? AND (? OR opened_by_headline)",
            [m.person_id, headline],
        ).fetchall()
        cands = [_Thread(*r) for r in rows]
        best: _Thread | None = None
        for t in cands:
            if t.kind != m.kind and "other" not in (t.kind, m.kind):
                continue
            if not (_agree(t.to_club, m.to_club) and _agree(t.from_club, m.from_club)):
                continue
            gap = _days(t.updated, date)
            if gap is not None and gap > MAX_GAP_DAYS and t.id not in by_text:
                continue
            if best is None or (t.id in by_text and best.id not in by_text):
                best = t
        if best is None:
            key = f"{m.person_id}|{m.to_club}|{m.kind}|{a.id}"
            tid = hashlib.sha1(key.encode()).hexdigest()[:12]
            con.execute(
                "INSERT INTO threads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [tid, m.player, m.person_id, m.name, m.from_club, m.to_club, m.kind, m.status,
                 a.id, m.source, m.outlet or a.outlet, date, mh.hashvalues.tobytes(), headline],
            )  # fmt: skip
            insert_rows(con, "thread_bands", [[b, tid] for b in my_bands])
        else:
            tid = best.id
            status = best.status
            if best.status not in ("completed", "denied") and (
                STATUS_ORDER[m.status] >= STATUS_ORDER[best.status]
            ):
                status = m.status
            con.execute(
                "UPDATE threads SET status = ?, updated = coalesce(?, updated), "
                "from_club = coalesce(from_club, ?), to_club = coalesce(to_club, ?), "
                "opened_by_headline = opened_by_headline OR ? WHERE id = ?",
                [status, date, m.from_club, m.to_club, headline, tid],
            )
        exists = con.execute(
            "SELECT 1 FROM thread_articles WHERE thread_id = ? AND article_id = ?", [tid, a.id]
        ).fetchone()
        if exists is None:
            con.execute(
                "INSERT INTO thread_articles VALUES (?, ?, ?, ?, ?, ?, ?)",
                [tid, a.id, seq, date, a.outlet or m.outlet, m.status, m.source],
            )
        con.execute(
            "UPDATE article_moves SET thread_id = ? WHERE article_id = ? AND idx = ?",
            [tid, a.id, idx],
        )
        touched.append(tid)
    return touched


_THREAD_FILTER = """(? IS NULL OR t.id = ?)
              AND (? IS NULL OR t.from_club = ? OR t.to_club = ?)
              AND (? IS NULL OR t.player = ? OR t.person_id = ? OR lower(t.name) = lower(?))
              AND (? IS NULL OR t.status = ?)
              AND (? IS NULL OR t.updated >= ?)"""


def _filter_params(
    thread_id: str | None, club: str | None, player: str | None, status: str | None,
    since: str | None,
) -> list[Any]:  # fmt: skip
    return [thread_id, thread_id, club, club, club, player, player, player, player, status,
            status, since, since]  # fmt: skip


def count_threads(
    con: Duck,
    *,
    club: str | None = None,
    player: str | None = None,
    status: str | None = None,
    since: str | None = None,
) -> int:
    """How many threads ``list_threads`` would list with these filters."""
    row = con.execute(
        "SELECT count(*) FROM threads t WHERE " + _THREAD_FILTER,
        _filter_params(None, club, player, status, since),
    ).fetchone()
    return int(row[0]) if row else 0


def list_threads(
    con: Duck,
    *,
    club: str | None = None,
    player: str | None = None,
    status: str | None = None,
    since: str | None = None,
    thread_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Threads newest first, filtered; ``limit``/``offset`` page through them (the page is cut
    before the timelines are gathered, so a page costs the same in a large archive)."""
    rows = con.execute(
        """
        WITH page AS (
            SELECT t.* FROM threads t WHERE """
        + _THREAD_FILTER
        + """
            ORDER BY t.updated DESC NULLS LAST, t.id
            LIMIT ? OFFSET ?
        )
        SELECT t.id, t.name, t.player, t.person_id, t.from_club, t.to_club, t.kind, t.status,
               t.first_article, t.first_source, t.first_outlet, t.updated,
               list(ta.article_id ORDER BY ta.seq) AS articles,
               list({'article': ta.article_id, 'date': ta.date, 'outlet': ta.outlet,
                     'status': ta.status, 'source': ta.source} ORDER BY ta.seq) AS timeline
        FROM page t JOIN thread_articles ta ON ta.thread_id = t.id
        GROUP BY ALL ORDER BY t.updated DESC NULLS LAST, t.id
        """,
        [*_filter_params(thread_id, club, player, status, since), limit, max(0, offset)],
    ).fetchall()  # fmt: skip
    out = []
    for r in rows:
        (tid, name, pl, pid, fr, to, kind, st, first_art, first_src, first_out, upd, arts,
         timeline) = r  # fmt: skip
        credited = [e for e in timeline if e.get("source")]
        first = credited[0] if credited else (timeline[0] if timeline else {})
        first_src = first.get("source")
        first_out = first.get("outlet") or first_out
        first_art = first.get("article") or first_art
        mlbam = int(pid) if pid and pid.isdigit() else None
        bbref = pl if pl and not pl.isdigit() else None
        out.append(
            {
                "id": tid,
                "player": {"name": name, "bbref": bbref, "mlbam": mlbam},
                "from": fr,
                "to": to,
                "kind": kind,
                "status": st,
                "articles": list(arts),
                "first_source": {
                    "reporter": first_src,
                    "outlet": first_out,
                    "article": first_art,
                },  # fmt: skip
                "updated": upd,
                "timeline": list(timeline),
            }
        )
    return out
