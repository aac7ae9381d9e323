"""The Python API: the same functions the CLI calls, returning typed records.

>>> import hotstove
>>> card = hotstove.player("Jane Q. Catcher")   # any name form, or an id
>>> card.ids["mlbam"], card.to_frame("batting")
>>> hotstove.team("Red Sox", season=2025, position="C").to_frame()
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
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
from hotstove.records import Article, LinkedArticle, ReadError

PathLike = str | os.PathLike[str]


def player(query: str, *, db: PathLike | None = None) -> PlayerCard:
    """A player's card by any name form or id (MLBAM, bbref, Retrosheet, FanGraphs)."""
    if not query or not query.strip():
        raise BadInput("Give a player's name, or an MLBAM, bbref, Retrosheet or FanGraphs id.")
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
            if any(lines.values()):
                from hotstove.kb.build import refresh_best

                refresh_best(con)
        finally:
            con.close()
        out["db"] = str(kb_path)
    return out


def analyse(article: Article, gaz: Any, kb: KB) -> LinkedArticle:
    """One article through every stage: link names, extract and judge claims, extract moves."""
    from hotstove.claims.extract import extract_claims
    from hotstove.claims.verify import verify_claims
    from hotstove.linking import link_article
    from hotstove.rumors.moves import extract_moves

    linked = link_article(article, gaz)
    linked.claims = verify_claims(extract_claims(linked), kb, published=article.published)
    linked.moves = extract_moves(linked)
    return linked


def read(
    sources: Iterable[str | os.PathLike[str]],
    *,
    published: dt.date | None = None,
    db: PathLike | None = None,
) -> Iterator[LinkedArticle | ReadError]:
    """Read articles (files, folders, feeds, JSONL, URLs): link every name, judge every number,
    extract every move.

    Yields a :class:`LinkedArticle` per article and a :class:`ReadError` per input that could not
    be read, in input order; one bad input never stops the others.
    """
    from hotstove import reading
    from hotstove.linking import load_gazetteer

    with KB.open(db) as kb:
        gaz = None
        for item in reading.read([str(s) for s in sources], published=published):
            if isinstance(item, ReadError):
                yield item
                continue
            gaz = gaz or load_gazetteer(kb)
            try:
                yield analyse(item, gaz, kb)
            except Exception as exc:  # noqa: BLE001 - one article's failure is reported, not fatal
                yield ReadError(item.source, f"could not analyse this article: {exc}")


def read_text(
    text: str, *, published: dt.date | None = None, db: PathLike | None = None
) -> LinkedArticle:
    """Analyse pasted article text (title on the first line)."""
    from hotstove import reading
    from hotstove.linking import load_gazetteer

    article = reading.read_text(text, published=published)
    with KB.open(db) as kb:
        return analyse(article, load_gazetteer(kb), kb)


@dataclass
class IngestReport:
    stored: int = 0
    skipped: int = 0  # already in the archive (same content id)
    failed: list[ReadError] = field(default_factory=list)
    threads: set[str] = field(default_factory=set)


def ingest(
    sources: Iterable[str | os.PathLike[str]],
    *,
    published: dt.date | None = None,
    db: PathLike | None = None,
    progress: Any = None,
) -> IngestReport:
    """Store articles, entities, claims and moves, and thread the rumors; idempotent by content
    id, one transaction per article (a killed ingest keeps what it stored; a rerun completes it)."""
    from hotstove import reading
    from hotstove.linking import load_gazetteer
    from hotstove.rumors import threads
    from hotstove.storage import archive
    from hotstove.storage.duck import connect

    path = config.db_path(db)
    with KB.open(path):
        pass  # a clear error for a missing, corrupt or outdated knowledge base
    con = connect(path, read_only=False)
    report = IngestReport()
    try:
        archive.ensure_schema(con)
        threads.ensure_schema(con)
        kb = KB(con, path)
        gaz = None
        for item in reading.read([str(s) for s in sources], published=published):
            if progress:
                progress()
            if isinstance(item, ReadError):
                report.failed.append(item)
                continue
            if archive.has_article(con, item.id):
                report.skipped += 1
                continue
            gaz = gaz or load_gazetteer(kb)
            try:
                la = analyse(item, gaz, kb)
            except Exception as exc:  # noqa: BLE001 - reported, the batch goes on
                report.failed.append(ReadError(item.source, f"could not analyse: {exc}"))
                continue
            con.execute("BEGIN TRANSACTION")
            try:
                seq = archive.next_seq(con)
                archive.store_article(con, la, seq)
                report.threads.update(threads.assign(con, la, seq))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            report.stored += 1
    finally:
        con.close()
    return report


def rumors(
    *,
    club: str | None = None,
    player: str | None = None,
    status: str | None = None,
    since: str | None = None,
    db: PathLike | None = None,
) -> list[dict[str, Any]]:
    """The rumor threads in the archive, newest first."""
    from hotstove.rumors import threads

    with KB.open(db) as kb:
        if not kb.has("threads"):
            return []
        return threads.list_threads(kb.con, club=club, player=player, status=status, since=since)


def reporters(*, db: PathLike | None = None) -> list[dict[str, Any]]:
    """Each credited reporter's record: first reports, came true, elsewhere, denied, open."""
    from hotstove.rumors.reporters import track_record

    with KB.open(db) as kb:
        if not kb.has("threads"):
            return []
        return track_record(kb.con)


def evaluate(setdir: PathLike, *, db: PathLike | None = None, threads: bool = True) -> Any:
    """Score hotstove against a gold set (``articles/`` + ``gold.jsonl``, see the eval format).

    With ``threads``, the set is also ingested into a scratch copy of the knowledge base and its
    rumor threads are scored pairwise against the gold ``thread`` labels.
    """
    import dataclasses
    import shutil
    import tempfile

    from hotstove import evaluation

    folder = Path(setdir)
    gold = evaluation.load_gold(folder)
    paths = evaluation.article_paths(folder)
    system = [x.to_dict() for x in read(paths, db=db) if not isinstance(x, ReadError)]
    report = evaluation.score(gold, system)
    if threads:
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp) / "kb.duckdb"
            shutil.copy(config.db_path(db), scratch)
            ingest(paths, db=scratch)
            found = rumors(db=scratch)
        fields = {**report.fields, "thread_pairs": evaluation.thread_pairs(gold, system, found)}
        report = dataclasses.replace(report, fields=fields)
    return report


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


# --- evaluation of a move --------------------------------------------------------------------


def trade(
    player: str,
    seller: str,
    buyer: str,
    *,
    give: Iterable[str] = (),
    position: str | None = None,
    contracts_file: PathLike | None = None,
    dollars_per_war: float | None = None,
    discount_rate: float = 0.08,
    db: PathLike | None = None,
) -> Any:
    """The evaluation of moving ``player`` from ``seller`` to ``buyer`` (a ``TradeReport``)."""
    from hotstove.valuation.trade import evaluate_trade

    with KB.open(db) as kb:
        return evaluate_trade(
            kb, player, seller, buyer, give=[g.strip() for g in give if g.strip()],
            position=position, contracts_file=Path(contracts_file) if contracts_file else None,
            dollars_per_war=dollars_per_war, discount_rate=discount_rate,
        )  # fmt: skip


def leaders(
    season: int, *, n: int = 25, kind: str = "all", db: PathLike | None = None
) -> list[dict[str, Any]]:
    """The season's most valuable players by WAR (``kind``: all, batting or pitching)."""
    from hotstove.valuation import war

    if kind not in ("all", "batting", "pitching"):
        raise BadInput(f"Unknown kind {kind!r}; use all, batting or pitching.")
    if n < 1:
        raise BadInput("--top must be at least 1.")
    with KB.open(db) as kb:
        rows = war.leaders(kb, season, n=n, kind=kind)
        if not rows:
            from hotstove.errors import NotFound

            span = kb.one("SELECT min(season) AS a, max(season) AS b FROM batting_best "
                          "WHERE level = 'MLB'") or {}  # fmt: skip
            raise NotFound(
                f"No MLB season {season} in the knowledge base (it holds {span.get('a')}-"
                f"{span.get('b')}; values are computed from 1871, best read from 1901)."
            )
        return rows


def backtest(*, first: int = 2010, last: int = 2024, db: PathLike | None = None) -> dict[str, Any]:
    """Project each season first..last from the years before it; RMSE beside Marcel's."""
    from hotstove.valuation import backtest as bt

    if first > last:
        raise BadInput(f"--first {first} is after --last {last}.")
    with KB.open(db) as kb:
        return bt.backtest(kb, first=first, last=last)
