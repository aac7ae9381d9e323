"""The transaction wire as structured, linked moves: the ``wire_moves`` table of the knowledge base.

Every wire line that states a move (a trade, a signing, a claim, a designation, a release, an
extension) is read by ``moves.parse_wire_line``, the same reader that understands a news story,
and each move's player is then linked with the one name model: the name's alias key, the season
the line is dated, and the clubs on the line decide between namesakes. A name that stays
ambiguous or unknown keeps its text and no id, never a guess.

Parsing is the slow part (about half a millisecond a line over tens of thousands of lines), so
it runs on every core and its result is cached on disk, keyed by the wire's own content and the
reader's source code: a rebuild with the same wire and the same reader only links again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from hotstove.kb.names import name_key
from hotstove.storage.duck import Duck

# Words a wire line uses for the moves the reader knows; other lines (options, recalls, injured
# list) are not roster moves between clubs and are not read.
MOVE_WORDS = (
    r"(?i)\b(traded|trade|signed|claimed|designated|released|agreed|extension|acquired|"
    r"purchased|selected the contract)\b"
)
CACHE_VERSION = 1
_CHUNK = 2000

Progress = Callable[[int, int], None]


def _reader_fingerprint() -> str:
    """The reader's own source: a change to how lines are read invalidates the cache."""
    from hotstove.rumors import moves

    h = hashlib.sha1(f"wire-cache-{CACHE_VERSION}".encode())
    h.update(Path(moves.__file__).read_bytes())
    return h.hexdigest()[:16]


def _lines(con: Duck) -> list[tuple[int, str, str, str | None, str]]:
    rows = con.execute(
        f"""
        SELECT row_number() OVER (ORDER BY date, source, text) AS n, CAST(date AS VARCHAR), text,
               club, source
        FROM transaction_lines WHERE regexp_matches(text, '{MOVE_WORDS}')
        ORDER BY n
        """
    ).fetchall()
    return [(int(n), str(d), str(t), c, str(s)) for n, d, t, c, s in rows]


def _content_key(lines: list[tuple[int, str, str, str | None, str]]) -> str:
    h = hashlib.sha1(_reader_fingerprint().encode())
    for _n, d, t, c, s in lines:
        h.update(f"{d}\t{t}\t{c}\t{s}\n".encode())
    return h.hexdigest()[:20]


def _parse_chunk(chunk: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    from hotstove.rumors.moves import parse_wire_line

    out: list[dict[str, Any]] = []
    for n, date, text in chunk:
        try:
            found = parse_wire_line(text, date)
        except Exception:  # noqa: BLE001 - one odd line never stops the wire
            continue
        for mv in found:
            out.append(
                {
                    "line": n, "date": date, "kind": mv.kind, "name": mv.name,
                    "from_club": mv.from_club, "to_club": mv.to_club,
                    "with_players": list(mv.with_players),
                }
            )  # fmt: skip
    return out


def parse_lines(
    lines: Iterable[tuple[int, str, str]],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """Every move the reader finds in ``(line number, date, text)`` rows, on ``workers`` cores."""
    rows = list(lines)
    chunks = [rows[i : i + _CHUNK] for i in range(0, len(rows), _CHUNK)]
    workers = workers if workers is not None else min(len(chunks), os.cpu_count() or 1)
    found: list[dict[str, Any]] = []
    if workers <= 1 or len(chunks) <= 1:
        for i, c in enumerate(chunks):
            found.extend(_parse_chunk(c))
            if progress:
                progress(i + 1, len(chunks))
        return found
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for i, part in enumerate(pool.map(_parse_chunk, chunks)):
            found.extend(part)
            if progress:
                progress(i + 1, len(chunks))
    return found


def _link(con: Duck, moves: list[dict[str, Any]]) -> None:
    """Give each move's player a person id where the name model, season and clubs agree on one."""
    key_of = {n: name_key(n) for n in {m["name"] for m in moves}}
    keys = {(key_of[m["name"]], int(m["date"][:4]), m["from_club"], m["to_club"]) for m in moves}
    import pandas as pd

    names = pd.DataFrame(list(keys), columns=["k", "season", "a", "b"]).astype(
        {"k": "string", "season": "int64", "a": "string", "b": "string"}
    )
    con.register("wire_names", names)
    rows = con.execute(
        """
        WITH c AS (
            SELECT w.k, w.season, w.a, w.b, n.person_id,
                   coalesce(list_contains(string_split(n.clubs, ','), w.a), false)
                   OR coalesce(list_contains(string_split(n.clubs, ','), w.b), false) AS at_club
            FROM wire_names w JOIN name_aliases n ON n.alias_key = w.k
            WHERE w.season BETWEEN coalesce(n.pro_first, n.mlb_first, w.season) - 1
                               AND coalesce(n.pro_last, n.mlb_last, w.season) + 1
        ),
        d AS (SELECT DISTINCT k, season, a, b, person_id, at_club FROM c)
        SELECT k, season, a, b,
               CASE WHEN count(DISTINCT person_id) = 1 THEN any_value(person_id)
                    WHEN count(DISTINCT person_id) FILTER (WHERE at_club) = 1
                    THEN any_value(person_id) FILTER (WHERE at_club) END AS person_id
        FROM d GROUP BY k, season, a, b
        """
    ).fetchall()
    con.unregister("wire_names")
    chosen = {(k, s, a, b): p for k, s, a, b, p in rows if p is not None}
    for m in moves:
        key = (key_of[m["name"]], int(m["date"][:4]), m["from_club"], m["to_club"])
        m["person_id"] = chosen.get(key)


def load(
    con: Duck,
    cache_dir: Path | None,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> int:
    """Create ``wire_moves`` from ``transaction_lines`` (which must exist); returns its rows."""
    lines = _lines(con)
    key = _content_key(lines)
    cached = cache_dir / f"wire-moves-{key}.pickle" if cache_dir is not None else None
    moves: list[dict[str, Any]] | None = None
    if cached is not None and cached.is_file():
        try:
            moves = pickle.loads(cached.read_bytes())
        except Exception:  # noqa: BLE001 - a damaged cache is parsed again
            moves = None
    if moves is None:
        moves = parse_lines(((n, d, t) for n, d, t, _c, _s in lines), workers=workers,
                            progress=progress)  # fmt: skip
        if cached is not None:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_bytes(pickle.dumps(moves, protocol=pickle.HIGHEST_PROTOCOL))
                os.replace(tmp, cached)
                for old in cached.parent.glob("wire-moves-*.pickle"):
                    if old != cached:
                        old.unlink(missing_ok=True)
            except OSError:
                pass  # no cache is only slower
    _link(con, moves)
    by_line = {n: (text, source) for n, _d, text, _c, source in lines}
    import pandas as pd

    frame = pd.DataFrame(
        {
            "date": [m["date"] for m in moves],
            "kind": [m["kind"] for m in moves],
            "name": [m["name"] for m in moves],
            "person_id": [m["person_id"] for m in moves],
            "from_club": [m["from_club"] for m in moves],
            "to_club": [m["to_club"] for m in moves],
            "with_players": [m["with_players"] for m in moves],
            "text": [by_line[m["line"]][0] for m in moves],
            "source": [by_line[m["line"]][1] for m in moves],
        }
    )
    con.register("wire_frame", frame)
    try:
        con.execute(
            """
            CREATE OR REPLACE TABLE wire_moves AS
            SELECT CAST(f.date AS DATE) AS date,
                   CAST(year(CAST(f.date AS DATE)) AS INTEGER) AS season,
                   CAST(f.kind AS VARCHAR) AS kind, 'completed' AS status,
                   CAST(f.name AS VARCHAR) AS name, CAST(f.person_id AS VARCHAR) AS person_id,
                   p.bbref, p.mlbam,
                   CAST(f.from_club AS VARCHAR) AS from_club, CAST(f.to_club AS VARCHAR) AS to_club,
                   CAST(f.with_players AS VARCHAR[]) AS with_players,
                   CAST(f.text AS VARCHAR) AS text, CAST(f.source AS VARCHAR) AS source
            FROM wire_frame f LEFT JOIN people p ON p.person_id = f.person_id
            ORDER BY date
            """
        )
    finally:
        con.unregister("wire_frame")
    return len(moves)
