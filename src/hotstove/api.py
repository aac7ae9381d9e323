"""The Python API: the same functions the CLI calls, returning typed records.

>>> import hotstove
>>> card = hotstove.player("Dalton Rushing")
>>> card.ids["mlbam"], card.to_frame("batting")
>>> hotstove.team("Red Sox", season=2025, position="C").to_frame()
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from hotstove import config
from hotstove.errors import BadInput
from hotstove.kb import names
from hotstove.kb.build import BuildReport, Progress
from hotstove.kb.build import build as _build
from hotstove.kb.card import PlayerCard, player_card
from hotstove.kb.depth import DepthChart, depth_chart
from hotstove.kb.store import KB
from hotstove.records import LinkedArticle, ReadError

PathLike = str | os.PathLike[str]


def player(query: str, *, db: PathLike | None = None) -> PlayerCard:
    """A player's card by any name form or id (MLBAM, bbref, Retrosheet, FanGraphs)."""
    if not query or not query.strip():
        raise BadInput('Give a player\'s name or id, e.g. "Dalton Rushing" or 687221.')
    with KB.open(db) as kb:
        return player_card(kb, query.strip())


def team(
    club: str, season: int, position: str | None = None, *, db: PathLike | None = None
) -> DepthChart:
    """A club's depth chart for a season, optionally one position."""
    with KB.open(db) as kb:
        return depth_chart(kb, club, season, position)


def lookup(
    query: str, *, season: int | None = None, db: PathLike | None = None
) -> names.Resolution:
    """What a name means: the chosen person, or the candidates with years, clubs and positions."""
    with KB.open(db) as kb:
        return names.lookup(kb.con, query, season=season)


def build(
    *,
    db: PathLike | None = None,
    data_dir: PathLike | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build (or rebuild) the knowledge base atomically."""
    return _build(config.db_path(db), config.data_dir(data_dir), progress=progress)


def fetch_player(
    query: str,
    *,
    dest: PathLike | None = None,
    db: PathLike | None = None,
    statsapi_url: str | None = None,
) -> dict[str, Any]:
    """Download one player's year-by-year lines (MLB and minors) from the MLB Stats API.

    The rows are saved under ``dest/statsapi/players/`` (read by the next build) and written into
    the knowledge base at once when it exists, replacing earlier downloads of the same rows.
    Needs internet (or ``HOTSTOVE_STATSAPI_URL`` pointing at a mirror).
    """
    from hotstove.kb.fetch import _write_csv
    from hotstove.kb.sources import statsapi
    from hotstove.storage.duck import connect

    q = query.strip()
    kb_path = config.db_path(db)
    if q.isdigit():
        mlbam = int(q)
    else:
        with KB.open(kb_path) as kb:
            from hotstove.kb.card import resolve

            cand = resolve(kb, q)
        if cand.mlbam is None:
            raise BadInput(f"{cand.name} has no MLBAM id; the Stats API cannot be asked for him.")
        mlbam = cand.mlbam
    folder = Path(dest) if dest else (config.data_dir() or config.cache_dir() / "data")
    out: dict[str, Any] = {"mlbam": mlbam, "files": [], "rows": {}}
    lines = {
        "batting": statsapi.person_stats(mlbam, "hitting", base_url=statsapi_url),
        "pitching": statsapi.person_stats(mlbam, "pitching", base_url=statsapi_url),
    }
    cols = {"batting": statsapi.BATTING_COLUMNS, "pitching": statsapi.PITCHING_COLUMNS}
    for table, rows in lines.items():
        path = folder / "statsapi" / "players" / f"{mlbam}_{table}.csv"
        _write_csv(path, rows, list(cols[table]))
        out["files"].append(str(path))
        out["rows"][table] = len(rows)
    if kb_path.exists():
        con = connect(kb_path, read_only=False)
        try:
            for table, rows in lines.items():
                if rows:
                    statsapi.write_rows(con, table, rows)
        finally:
            con.close()
        out["db"] = str(kb_path)
    return out


def read(
    sources: Iterable[str | os.PathLike[str]],
    *,
    published: dt.date | None = None,
    db: PathLike | None = None,
) -> Iterator[LinkedArticle | ReadError]:
    """Read articles (files, folders, feeds, JSONL, URLs) and link every name in them.

    Yields a :class:`LinkedArticle` per article and a :class:`ReadError` per input that could not
    be read, in input order; one bad input never stops the others.
    """
    from hotstove import reading
    from hotstove.linking import link_article, load_gazetteer

    with KB.open(db) as kb:
        gaz = load_gazetteer(kb)
        for item in reading.read([str(s) for s in sources], published=published):
            if isinstance(item, ReadError):
                yield item
                continue
            try:
                yield link_article(item, gaz)
            except Exception as exc:  # noqa: BLE001 - one article's failure is reported, not fatal
                yield ReadError(item.source, f"could not link this article: {exc}")


def read_text(
    text: str, *, published: dt.date | None = None, db: PathLike | None = None
) -> LinkedArticle:
    """Link pasted article text (title on the first line)."""
    from hotstove import reading
    from hotstove.linking import link_article, load_gazetteer

    article = reading.read_text(text, published=published)
    with KB.open(db) as kb:
        return link_article(article, load_gazetteer(kb))


def evaluate(setdir: PathLike, *, db: PathLike | None = None) -> Any:
    """Score hotstove against a gold set (``articles/`` + ``gold.jsonl``, see the eval format)."""
    from hotstove import evaluation

    folder = Path(setdir)
    gold = evaluation.load_gold(folder)
    paths = evaluation.article_paths(folder)
    system = [x.to_dict() for x in read(paths, db=db) if not isinstance(x, ReadError)]
    return evaluation.score(gold, system)


def status(*, db: PathLike | None = None) -> dict[str, Any]:
    """What the built knowledge base holds: each source, its rows, as-of date and credit."""
    path = config.db_path(db)
    with KB.open(path) as kb:
        meta = {r["key"]: r["value"] for r in kb.rows("SELECT key, value FROM meta")}
        rows = kb.rows("SELECT * FROM sources ORDER BY source, table_name")
    sources: dict[str, dict[str, Any]] = {}
    for r in rows:
        s = sources.setdefault(
            r["source"],
            {
                "source": r["source"],
                "present": r["present"],
                "credit": r["credit"],
                "as_of": r["as_of"],
                "coverage": r["coverage"],
                "note": r["note"],
                "tables": {},
            },
        )
        if r["table_name"]:
            s["tables"][r["table_name"]] = r["rows"]
    return {"db": str(Path(path)), "meta": meta, "sources": list(sources.values())}
