"""The ``hotstove`` command: a thin shell over ``hotstove.api``.

Every command calls one API function and hands the record to ``render``; errors from the library
become one line on stderr and exit status 1 (2 for an unexpected failure), never a traceback.
Set ``HOTSTOVE_DEBUG=1`` to see the traceback of an unexpected failure.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from hotstove.errors import AmbiguousName, HotstoveError, NotFound
from hotstove.records import LinkedArticle, ReadError

app = typer.Typer(
    name="hotstove",
    help="Read baseball trade rumors; check them against real data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(help="Build, inspect and fetch the knowledge base.", no_args_is_help=True)
app.add_typer(data_app, name="data")

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one error, one line

DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="Knowledge-base file (default: $HOTSTOVE_DB or the user data dir)."),
]
DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Real-data folder (default: $HOTSTOVE_DATA or ../shared/data)."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


@data_app.command("build")
def data_build(db: DbOpt = None, data_dir: DataOpt = None) -> None:
    """Create or refresh the knowledge base (atomic: a killed build keeps the old one).

    Example: hotstove data build --data-dir ../shared/data
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from hotstove import api, config
    from hotstove.errors import SourceUnavailable

    target = config.db_path(db)
    folder = config.data_dir(data_dir)
    if folder is not None and not folder.is_dir():
        raise SourceUnavailable(
            f"Data folder {folder} does not exist; set HOTSTOVE_DATA or pass --data-dir."
        )
    with Progress(
        TextColumn("{task.description:<30}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as bar:
        task = bar.add_task("building", total=None)

        def progress(label: str, i: int, n: int) -> None:
            bar.update(task, description=label, completed=i, total=n)

        report = api.build(db=target, data_dir=data_dir, progress=progress)
    absent = [s.source for s in report.sources if not s.present]
    err.print(f"Built {report.path} in {report.seconds:.1f} s.")
    if absent:
        err.print(f"Absent sources: {', '.join(absent)} (see `hotstove data status`).")


@data_app.command("status")
def data_status(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List each source with its row counts, as-of date and credit; name the absent ones.

    Example: hotstove data status --json
    """
    from hotstove import api
    from hotstove.cli import render

    st = api.status(db=db)
    if as_json:
        _json(st)
    else:
        render.status(out, st)


@data_app.command("fetch")
def data_fetch(
    dest: Annotated[Path | None, typer.Option("--dest", help="Folder to download into.")] = None,
    first: Annotated[int, typer.Option(help="First season of Savant leaderboards.")] = 2015,
    last: Annotated[int, typer.Option(help="Last season of Savant leaderboards.")] = 2025,
    players: Annotated[
        list[str] | None,
        typer.Option("--player", help="Only this player's year-by-year lines (repeatable)."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Download public sources: the Chadwick register, Savant catcher leaderboards, Stats API
    rosters and transactions; or, with --player, one player's lines into the knowledge base.

    Needs internet. Files land in the layout `hotstove data build --data-dir` reads.
    Example: hotstove data fetch --player "Jane Q. Catcher"
    """
    from hotstove import api, config
    from hotstove.kb import fetch

    if players:
        results = [api.fetch_player(p, dest=dest, db=db) for p in players]
        for r in results:
            err.print(f"Fetched {r['mlbam']}: {r['rows']['batting']} batting and "
                      f"{r['rows']['pitching']} pitching lines.")  # fmt: skip
        _json(results)
        return
    target = dest or config.cache_dir() / "data"
    report = fetch.fetch_all(target, seasons=range(first, last + 1))
    err.print(
        f"Fetched {len(report['fetched'])} files into {report['dest']}; "
        f"{len(report['failed'])} failed."
    )
    for f in report["failed"]:
        err.print(f"  failed: {f['source']} {f['item']}: {f['reason']}")
    _json(report)
    if report["failed"] and not report["fetched"]:
        raise typer.Exit(1)


@app.command()
def player(
    name: Annotated[
        str, typer.Argument(help="A name in any form, or an MLBAM/bbref/Retrosheet/FanGraphs id.")
    ],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show a player card. Example: hotstove player "Jane Q. Catcher" --json"""
    from hotstove import api
    from hotstove.cli import render

    card = api.player(name, db=db)
    if as_json:
        _json(card.to_dict())
    else:
        render.card(out, card)


@app.command()
def team(
    club: Annotated[
        str, typer.Argument(help="Club code, city or nickname (BOS, Red Sox, Boston).")
    ],
    season: Annotated[int, typer.Option("--season", help="Season, e.g. 2025.")] = 2025,
    position: Annotated[
        str | None, typer.Option("--position", help="One position, e.g. C.")
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show a club's depth chart. Example: hotstove team "Red Sox" --season 2025 --position C"""
    from hotstove import api
    from hotstove.cli import render

    chart = api.team(club, season, position, db=db)
    if as_json:
        _json(chart.to_dict())
    else:
        render.depth(out, chart)


@app.command()
def read(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, feeds, JSONL or URLs.")],
    published: Annotated[
        str | None, typer.Option("--published", help="Date for articles that carry none.")
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Read articles and link every name. Example: hotstove read ../shared/examples/articles/"""
    from hotstove.cli import render

    _each_article(sources, published, db, lambda la: _json(la.to_dict()) if as_json
                  else render.linked(out, la))  # fmt: skip


@app.command()
def check(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, feeds, JSONL or URLs.")],
    published: Annotated[
        str | None, typer.Option("--published", help="Date for articles that carry none.")
    ] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Fact-check every number the articles state about players.

    Example: hotstove check ../shared/examples/articles/
    """
    from hotstove.cli import render

    def show(la: LinkedArticle) -> None:
        if as_json:
            _json({"id": la.article.id, "source": la.article.source,
                   "claims": la.to_dict()["claims"]})  # fmt: skip
        else:
            render.claims(out, la)

    _each_article(sources, published, db, show)


def _each_article(
    sources: list[str], published: str | None, db: Path | None,
    show: Callable[[LinkedArticle], None],
) -> None:  # fmt: skip
    """Read and analyse each input, show each article, one line per bad input; exit 1 if any."""
    from hotstove import api
    from hotstove.records import ReadError

    failed = 0
    for item in api.read(sources, published=_date(published), db=db):
        if isinstance(item, ReadError):
            failed += 1
            _read_error(item)
        else:
            show(item)
    if failed:
        raise typer.Exit(1)


def _read_error(item: ReadError) -> None:
    err.print(f"HS107: {item.source}: {item.message}", highlight=False, markup=False)


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, feeds, JSONL or URLs.")],
    published: Annotated[
        str | None, typer.Option("--published", help="Date for articles that carry none.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Store articles with their entities, claims and moves, and thread the rumors.

    Idempotent: an article already stored (same content) is skipped. Example:
    hotstove ingest ../shared/examples/articles/
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from hotstove import api

    with Progress(TextColumn("ingesting"), BarColumn(), TextColumn("{task.completed}"),
                  TimeElapsedColumn(), console=err, transient=True) as bar:  # fmt: skip
        task = bar.add_task("ingest", total=None)
        report = api.ingest(
            sources, published=_date(published), db=db, progress=lambda: bar.advance(task)
        )
    for f in report.failed:
        _read_error(f)
    err.print(
        f"Stored {report.stored} article(s), skipped {report.skipped} already stored, "
        f"{len(report.failed)} failed; {len(report.threads)} thread(s) touched."
    )
    if report.failed:
        raise typer.Exit(1)


@app.command()
def rumors(
    club: Annotated[str | None, typer.Option("--club", help="Club code, e.g. BOS.")] = None,
    player: Annotated[str | None, typer.Option("--player", help="Name, bbref or MLBAM id.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="interest, talks, ...")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Updated on or after DATE.")] = None,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List rumor threads, newest first. Example: hotstove rumors --club BOS"""
    from hotstove import api
    from hotstove.cli import render

    got = api.rumors(club=club, player=player, status=status, since=since, db=db)
    if as_json:
        sys.stdout.write(json.dumps(got, ensure_ascii=False, default=str) + "\n")
    else:
        render.threads(out, got)


@app.command()
def rumor(
    thread_id: Annotated[str, typer.Argument(help="A thread id from `hotstove rumors`.")],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one thread's timeline. Example: hotstove rumor 1a2b3c4d5e6f"""
    from hotstove import api
    from hotstove.cli import render
    from hotstove.errors import NotFound

    got = [t for t in api.rumors(db=db) if t["id"] == thread_id]
    if not got:
        raise NotFound(f"No rumor thread {thread_id!r}; `hotstove rumors` lists them.")
    if as_json:
        _json(got[0])
    else:
        render.thread(out, got[0])


@app.command()
def reporters(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Reporters' track record. Example: hotstove reporters --json"""
    from hotstove import api
    from hotstove.cli import render

    got = api.reporters(db=db)
    if as_json:
        sys.stdout.write(json.dumps(got, ensure_ascii=False, default=str) + "\n")
    else:
        render.reporters(out, got)


def _date(text: str | None) -> dt.date | None:
    from hotstove.errors import BadInput

    if not text:
        return None
    try:
        return dt.date.fromisoformat(text if len(text) > 7 else text + "-01")
    except ValueError:
        raise BadInput(f"{text!r} is not a date like 2026-01-12.") from None


@app.command("eval")
def eval_(
    setdir: Annotated[Path, typer.Argument(help="A gold set: articles/ and gold.jsonl.")],
    misses: Annotated[
        bool, typer.Option("--misses", help="List every miss and false hit.")
    ] = False,
    threads: Annotated[
        bool, typer.Option("--threads/--no-threads", help="Also ingest and score rumor threads.")
    ] = True,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score hotstove against a gold set. Example: hotstove eval ../shared/eval/dev --misses"""
    from hotstove import api, evaluation

    report = api.evaluate(setdir, db=db, threads=threads)
    if as_json:
        _json(report.to_dict())
    else:
        sys.stdout.write(evaluation.render(report, misses=misses) + "\n")


@app.command()
def trade(
    player: Annotated[
        str, typer.Option("--player", help="The player moving: any name form or id.")
    ],
    seller: Annotated[str, typer.Option("--from", help="The club he leaves (LAD, Dodgers).")],
    buyer: Annotated[str, typer.Option("--to", help="The club he joins (BOS, Red Sox).")],
    give: Annotated[
        str | None, typer.Option("--give", help='Players offered for him: "Name A, Name B".')
    ] = None,
    position: Annotated[
        str | None, typer.Option("--position", help="Position at the buyer (default: his main).")
    ] = None,
    contracts: Annotated[
        Path | None,
        typer.Option("--contracts", help="CSV of contracts that override the knowledge base."),
    ] = None,
    dollars_per_war: Annotated[
        float | None, typer.Option("--dollars-per-war", help="Millions of dollars per WAR.")
    ] = None,
    discount: Annotated[
        float, typer.Option("--discount", help="Yearly discount rate for surplus value.")
    ] = 0.08,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Evaluate a move. Example: hotstove trade --player "Jane Q. Catcher" --from LAD --to BOS"""
    from hotstove import api
    from hotstove.cli import render_value

    report = api.trade(
        player, seller, buyer, give=(give or "").split(","), position=position,
        contracts_file=contracts, dollars_per_war=dollars_per_war, discount_rate=discount, db=db,
    )  # fmt: skip
    if as_json:
        _json(report.to_dict())
    else:
        render_value.trade(out, report.to_dict())


@app.command()
def leaders(
    season: Annotated[int, typer.Option("--season", help="Season, e.g. 2025.")] = 2025,
    n: Annotated[int, typer.Option("--top", help="How many players.")] = 25,
    kind: Annotated[str, typer.Option("--kind", help="all, batting or pitching.")] = "all",
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The season's top players by WAR. Example: hotstove leaders --season 2025"""
    from hotstove import api
    from hotstove.cli import render_value

    rows = api.leaders(season, n=n, kind=kind, db=db)
    if as_json:
        _json(rows)
    else:
        render_value.leaders(out, season, kind, rows)


@app.command()
def backtest(
    first: Annotated[int, typer.Option("--first", help="First projected season.")] = 2010,
    last: Annotated[int, typer.Option("--last", help="Last projected season.")] = 2024,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score hotstove's projections against Marcel's, season by season, from earlier data only."""
    from hotstove import api
    from hotstove.cli import render_value

    report = api.backtest(first=first, last=last, db=db)
    if as_json:
        _json(report)
    else:
        render_value.backtest(out, report)


@app.command()
def serve(
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
    ] = 8000,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: this machine only).")
    ] = "127.0.0.1",
    db: DbOpt = None,
    allow_remote: Annotated[
        bool,
        typer.Option("--allow-remote", help="Allow an address other machines can reach."),
    ] = False,
) -> None:
    """Start the local web dashboard and JSON API. Example: hotstove serve --port 8000"""
    import socket

    from hotstove import config
    from hotstove.errors import BadInput
    from hotstove.kb.store import KB

    if not _loopback(host) and not allow_remote:
        raise BadInput(
            f"Refusing to listen on {host}: other machines could reach the dashboard; "
            "add --allow-remote if that is what you want."
        )
    path = config.db_path(db)
    KB.open(path).close()  # a missing or outdated knowledge base is reported before serving
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise BadInput(
                f"Cannot listen on {host}:{port} ({exc.strerror}); pick another --port."
            ) from None
    import uvicorn

    from hotstove.web import create_app

    shown = f"[{host}]" if ":" in host else host
    err.print(f"Serving {path} at http://{shown}:{port}/ (Ctrl-C stops).", markup=False)
    uvicorn.run(create_app(path), host=host, port=port, log_level="info")


def _loopback(host: str) -> bool:
    import ipaddress

    if host.strip().casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def _report_error(exc: HotstoveError) -> None:
    err.print(f"[bold red]{exc.code}[/]: {exc.message}", markup=True, highlight=False)
    if isinstance(exc, AmbiguousName) and exc.candidates:
        from hotstove.cli import render

        render.candidates(err, exc.candidates)
    elif isinstance(exc, NotFound) and exc.suggestions:
        from hotstove.cli import render

        err.print("Did you mean:")
        render.candidates(err, exc.suggestions[:5])


def main() -> None:
    try:
        rc = app(standalone_mode=False)
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except HotstoveError as exc:
        _report_error(exc)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        err.print("Aborted.")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - the one place that turns any failure into a line
        show = getattr(exc, "show", None)
        if callable(show) and isinstance(getattr(exc, "exit_code", None), int):
            show()  # a usage error of the command line itself
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        if os.environ.get("HOTSTOVE_DEBUG"):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        err.print(
            f"HS199: unexpected {type(exc).__name__}: {first[:200]} (HOTSTOVE_DEBUG=1 shows more)"
        )
        sys.exit(2)
