"""The local web dashboard and JSON API: a thin shell over the same functions the CLI calls.

    create_app(db)  ->  FastAPI app; ``hotstove serve`` runs it with uvicorn on 127.0.0.1

Pages (server-rendered Jinja, autoescaped) and ``/api/...`` endpoints share one data function
per record (``hotstove.web.views``), so a page and its JSON never disagree; the JSON is the record
``hotstove ... --json`` prints. Errors a user can read (``HotstoveError``) become their message
with a 4xx/5xx status, an unknown route or id a 404 page (JSON under ``/api``); nothing shows a
traceback. Charts are drawn by the plotly.js that ships in the ``plotly`` package, served here.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, Undefined
from pydantic import BaseModel, Field
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hotstove import config, display
from hotstove.errors import (
    AmbiguousName,
    BadInput,
    HotstoveError,
    KBCorrupt,
    KBNotBuilt,
    NotFound,
    SourceUnavailable,
)
from hotstove.records import ReadError
from hotstove.web import charts, markup, views
from hotstove.web.state import Handles

HERE = Path(__file__).resolve().parent
MAX_BODY = views.MAX_PASTE_BYTES * 2  # form encoding can double the text's size
log = logging.getLogger("hotstove.web")

_SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def plotly_js() -> Path | None:
    """plotly.min.js inside the installed ``plotly`` package (found without importing it)."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "package_data" / "plotly.min.js"
    return path if path.is_file() else None


def _plotly_version() -> str:
    try:
        return importlib.metadata.version("plotly")
    except importlib.metadata.PackageNotFoundError:
        return "0"


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    env.filters.update(
        rate=_rate, num=_num, f1=_f1, money=_money, pct=_pct, stat=_stat,
        slug=markup.slug,
    )  # fmt: skip
    env.globals.update(player_href=markup.player_href, urlencode=urlencode)
    return env


def _blank(v: Any) -> bool:
    return isinstance(v, Undefined) or display.blank(v)


def _known(v: Any) -> Any:
    """A template's missing value is an unknown one."""
    return None if isinstance(v, Undefined) else v


def _rate(v: Any, digits: int = 3) -> str:
    return display.rate(_known(v), digits)


def _num(v: Any) -> str:
    return display.num(_known(v))


def _f1(v: Any, digits: int = 1) -> str:
    return display.decimal(_known(v), digits)


def _money(v: Any) -> str:
    return display.money(_known(v))


def _pct(v: Any) -> str:
    return "" if _blank(v) else f"{float(v):.0%}"


def _stat(v: Any, stat: str | None = None) -> str:
    return "" if isinstance(v, Undefined) else markup.fmt_value(v, stat)


class _Guard:
    """Security headers on every answer; a request body over the cap refused before it is read."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in ("POST", "PUT", "PATCH"):
            length = dict(scope["headers"]).get(b"content-length", b"")
            too_big = not length.isdigit() or int(length) > self.max_body
            if too_big:
                status = 413 if length.isdigit() else 411
                msg = (f"The request is over the {self.max_body // 1000} kB limit."
                       if status == 413 else "A request body needs a Content-Length.")  # fmt: skip
                response = _plain_error(scope["path"], status, "HS106", msg)
                await response(scope, receive, send)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in _SECURITY_HEADERS.items():
                    if k not in headers:
                        headers[k] = v
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _plain_error(path: str, status: int, code: str, message: str) -> Response:
    if path.startswith("/api"):
        return _json({"error": {"code": code, "message": message}}, status)
    body = (
        "<!doctype html><meta charset=utf-8><title>hotstove</title>"
        f"<p data-testid=error data-status={status}>{code}: {message}</p>"
    )
    return HTMLResponse(body, status_code=status)


def _json(obj: Any, status: int = 200) -> Response:
    """The CLI's ``--json`` serialization: the same record, the same encoder."""
    body = json.dumps(obj, ensure_ascii=False, default=str)
    return Response(body, status_code=status, media_type="application/json")


def _status(exc: HotstoveError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, AmbiguousName):
        return 409
    if isinstance(exc, KBNotBuilt | KBCorrupt):
        return 503
    if isinstance(exc, SourceUnavailable):
        return 502
    return 400


def _choices(exc: HotstoveError) -> list[dict[str, Any]]:
    """The candidates an ambiguous name may mean, or the suggestions for an unknown one."""
    items = getattr(exc, "candidates", None) or getattr(exc, "suggestions", None) or []
    out: list[dict[str, Any]] = []
    for c in items[:10]:
        if isinstance(c, str):
            out.append({"name": c, "href": f"/clubs/{c}", "detail": "club"})
            continue
        years = f"{c.mlb_first}-{c.mlb_last}" if getattr(c, "mlb_first", None) else ""
        detail = ", ".join(x for x in (years, getattr(c, "positions", None) or "",
                                       getattr(c, "clubs", None) or "") if x)  # fmt: skip
        out.append({"name": getattr(c, "name", str(c)),
                    "href": markup.player_href(getattr(c, "mlbam", None),
                                               getattr(c, "person_id", None)),
                    "detail": detail})  # fmt: skip
    return out


class ReadBody(BaseModel):
    """An article to read: its text (headline first) or an http(s) URL."""

    text: str | None = Field(default=None, description="The article's text, headline first.")
    url: str | None = Field(default=None, description="An http(s) address to fetch instead.")
    published: str | None = Field(default=None, description="Date for a story that has none.")
    store: bool = Field(default=False, description="Also store it in the archive and thread it.")


def create_app(db: Path | None = None) -> FastAPI:
    """The dashboard over the knowledge base at ``db`` (default: $HOTSTOVE_DB or the user's)."""
    path = config.db_path(db)
    web = Handles(path)
    templates = Jinja2Templates(env=_environment())
    plotly_path = plotly_js()
    plotly_url = f"/static/plotly.min.js?v={_plotly_version()}" if plotly_path else None
    templates.env.globals.update(plotly_url=plotly_url, db_path=str(path))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=_warm, args=(web,), name="hotstove-warm", daemon=True).start()
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="hotstove",
        summary="Baseball trade rumors, read, linked, checked and valued.",
        version=importlib.metadata.version("hotstove"),
        docs_url=None,  # the interactive docs load from a CDN; pages here work offline
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.web = web
    app.add_middleware(_Guard, max_body=MAX_BODY)

    def page(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
        return templates.TemplateResponse(request, name, ctx, status_code=status)

    def error_page(request: Request, status: int, code: str, message: str,
                   choices: list[dict[str, Any]] | None = None) -> Response:  # fmt: skip
        if request.url.path.startswith("/api"):
            err: dict[str, Any] = {"code": code, "message": message}
            if choices:
                err["candidates"] = choices
            return _json({"error": err}, status)
        ctx = {"status": status, "code": code, "message": message, "choices": choices or []}
        return page(request, "error.html", ctx, status)

    @app.exception_handler(HotstoveError)
    async def hotstove_error(request: Request, exc: HotstoveError) -> Response:
        return error_page(request, _status(exc), exc.code, exc.message, _choices(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = "No such page." if exc.status_code == 404 else str(exc.detail)
        return error_page(request, exc.status_code, f"HTTP{exc.status_code}", message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ())[1:]) or "the request"
        message = f"{where}: {first.get('msg', 'invalid value')}"
        return error_page(request, 400 if not request.url.path.startswith("/api") else 422,
                          BadInput.code, message)  # fmt: skip

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        first = str(exc).splitlines()[0][:200] if str(exc) else ""
        return error_page(request, 500, "HS199", f"Unexpected {type(exc).__name__}: {first}")

    # --- static files --------------------------------------------------------------------------

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_file() -> Response:
        if plotly_path is None:
            raise NotFound("plotly.min.js is missing from the installed plotly package.")
        return FileResponse(plotly_path, media_type="text/javascript",
                            headers={"cache-control": "public, max-age=604800"})  # fmt: skip

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    # --- pages ---------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def board_page(
        request: Request,
        club: str | None = None,
        status: str | None = None,
        since: str | None = None,
        until: str | None = None,
        page_no: Annotated[int, Query(alias="page", ge=1)] = 1,
    ) -> Response:
        filters = views.check_filters(club, status, since, until)
        with web.read() as kb:
            ctx = views.board(web, kb, filters, page_no)
        return page(request, "board.html", ctx)

    @app.get("/threads/{thread_id}", response_class=HTMLResponse, include_in_schema=False)
    def thread_page(request: Request, thread_id: str) -> Response:
        with web.read() as kb:
            ctx = views.thread_page(web, kb, thread_id)
        ctx["summary"] = None
        got = views.cached_evaluation(web, ctx["evaluation"])
        if got is not None:
            ctx["summary"] = views.summary(got)
        return page(request, "thread.html", ctx)

    @app.get("/threads/{thread_id}/source", response_class=HTMLResponse, include_in_schema=False)
    def thread_source(request: Request, thread_id: str) -> Response:
        with web.read() as kb:
            ctx = views.thread_page(web, kb, thread_id)
            ctx["record"] = views.reporter_record(views.reporters(web, kb), ctx["thread"])
        ctx["record_pending"] = False
        return page(request, "first_source.html", ctx)

    @app.get("/threads/{thread_id}/evaluation", response_class=HTMLResponse,
             include_in_schema=False)  # fmt: skip
    def thread_evaluation(request: Request, thread_id: str) -> Response:
        with web.read() as kb:
            params = views.eval_params(views.thread(web, kb, thread_id))
        ctx: dict[str, Any] = {"params": params, "summary": None, "error": None}
        if params:
            try:
                report = views.evaluate(web, params["player"], params["from"], params["to"])
                ctx["summary"] = views.summary(report)
            except HotstoveError as exc:
                ctx["error"] = f"{exc.code}: {exc.message}"
        return page(request, "evaluation.html", ctx)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> Response:
        with web.read() as kb:
            ctx = views.article_page(kb, article_id)
        ctx["marked"] = markup.mark(ctx["text"], ctx["record"])
        return page(request, "article.html", ctx)

    @app.get("/players/{key}", response_class=HTMLResponse, include_in_schema=False)
    def player_page(request: Request, key: str) -> Response:
        with web.read() as kb:
            target, redirect = views.canonical_player(kb, key)
            if redirect:
                return RedirectResponse(redirect, status_code=301)
            ctx = views.player_page(web, kb, target)
        ctx["charts"] = ctx["chart"] is not None
        return page(request, "player.html", ctx)

    @app.get("/clubs/{code}", response_class=HTMLResponse, include_in_schema=False)
    def club_page(
        request: Request, code: str, season: Annotated[int | None, Query(ge=1871)] = None
    ) -> Response:
        canonical = views.club_code(code)
        if canonical != code:
            query = f"?season={season}" if season else ""
            return RedirectResponse(f"/clubs/{canonical}{query}", status_code=301)
        with web.read() as kb:
            ctx = views.club_page(web, kb, canonical, season)
        return page(request, "club.html", ctx)

    @app.get("/trade", response_class=HTMLResponse, include_in_schema=False)
    def trade_page(
        request: Request,
        player: str | None = None,
        seller: Annotated[str | None, Query(alias="from")] = None,
        buyer: Annotated[str | None, Query(alias="to")] = None,
        give: str | None = None,
        position: str | None = None,
    ) -> Response:
        form = {"player": player or "", "from": seller or "", "to": buyer or "",
                "give": give or "", "position": position or ""}  # fmt: skip
        ctx: dict[str, Any] = {"form": form, "report": None, "chart": None}
        if player and seller and buyer:
            report = views.evaluate(web, player, seller, buyer, give=views.give_list(give),
                                    position=position)  # fmt: skip
            ctx["report"] = report
            ctx["chart"] = charts.trade_chart(report)
            ctx["charts"] = ctx["chart"] is not None
        elif player or seller or buyer:
            raise BadInput("Give a player, the club he leaves (from) and the club he joins (to).")
        return page(request, "trade.html", ctx)

    @app.get("/reporters", response_class=HTMLResponse, include_in_schema=False)
    def reporters_page(request: Request) -> Response:
        with web.read() as kb:
            rows = views.reporters(web, kb)
        return page(request, "reporters.html", {"reporters": rows})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> Response:
        with web.read() as kb:
            ctx = views.search(web, kb, q)
        return page(request, "search.html", ctx)

    @app.get("/paste", response_class=HTMLResponse, include_in_schema=False)
    def paste_form(request: Request) -> Response:
        return page(request, "paste.html", _paste_ctx())

    @app.post("/paste", response_class=HTMLResponse, include_in_schema=False)
    def paste_submit(
        request: Request,
        text: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "",
        published: Annotated[str, Form()] = "",
        store: Annotated[str, Form()] = "",
    ) -> Response:
        ctx = _paste_ctx(text=text, url=url, published=published, store=bool(store))
        try:
            body, link = views.check_paste(text, url)
            when = views.parse_date(published)
        except BadInput as exc:
            ctx["error"] = f"{exc.code}: {exc.message}"
            return page(request, "paste.html", ctx, 400)
        items = views.read_pasted(web, body, link, when)
        ctx["results"] = _paste_results(items)
        if store and any(not isinstance(i, ReadError) for i in items):
            report = views.store_pasted(web, body, link, when)
            ids = [r["record"]["id"] for r in ctx["results"] if r.get("record")]
            ctx["stored"] = {"report": report, "ids": views.stored_ids(web, ids)}
        return page(request, "paste.html", ctx)

    # --- JSON API ------------------------------------------------------------------------------

    @app.get("/api/articles", tags=["articles"])
    def api_articles(
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Response:
        """Stored articles, newest first (id, title, outlet, author, date, source)."""
        with web.read() as kb:
            return _json(views.list_articles(kb, limit=limit, offset=offset))

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(article_id: str) -> Response:
        """A stored article's record: what `hotstove read --json` prints for it."""
        with web.read() as kb:
            return _json(views.article(kb, article_id))

    @app.get("/api/checks/{article_id}", tags=["articles"])
    def api_checks(article_id: str) -> Response:
        """A stored article's claims and verdicts: what `hotstove check --json` prints."""
        with web.read() as kb:
            return _json(views.checks(kb, article_id))

    @app.post("/api/read", tags=["articles"])
    def api_read(body: ReadBody) -> Response:
        """Read, link and check an article's text or URL, as `hotstove read --json` (one
        record per article; a source that could not be read gives {source, error}); stored
        and threaded only with "store": true."""
        text, link = views.check_paste(body.text, body.url)
        when = views.parse_date(body.published)
        items = views.read_pasted(web, text, link, when)
        if body.store and any(not isinstance(i, ReadError) for i in items):
            views.store_pasted(web, text, link, when)
        return _json([i.to_dict() for i in items])

    @app.get("/api/threads", tags=["rumors"])
    def api_threads(
        club: str | None = None,
        status: str | None = None,
        since: str | None = None,
        player: str | None = None,
    ) -> Response:
        """Rumor threads, newest first: `hotstove rumors --json`."""
        filters = views.check_filters(club, status, since, None)
        with web.read() as kb:
            return _json(views.rumors(web, kb, club=filters["club"], status=filters["status"],
                                      since=filters["since"], player=player))  # fmt: skip

    @app.get("/api/threads/{thread_id}", tags=["rumors"])
    def api_thread(thread_id: str) -> Response:
        """One thread's timeline: `hotstove rumor ID --json`."""
        with web.read() as kb:
            return _json(views.thread(web, kb, thread_id))

    @app.get("/api/reporters", tags=["rumors"])
    def api_reporters() -> Response:
        """Reporters' track record: `hotstove reporters --json`."""
        with web.read() as kb:
            return _json(views.reporters(web, kb))

    @app.get("/api/players/{query}", tags=["players"])
    def api_player(query: str) -> Response:
        """A player card by any name form or id: `hotstove player --json`."""
        with web.read() as kb:
            return _json(views.card(web, kb, query.strip()))

    @app.get("/api/clubs/{club}", tags=["clubs"])
    def api_club(
        club: str,
        season: Annotated[int | None, Query(ge=1871)] = None,
        position: str | None = None,
    ) -> Response:
        """A club's depth chart (latest season by default): `hotstove team --json`."""
        code = views.club_code(club)
        with web.read() as kb:
            return _json(views.club_depth(web, kb, code, season, position))

    @app.get("/api/trade", tags=["trade"])
    def api_trade(
        player: str,
        seller: Annotated[str, Query(alias="from")],
        buyer: Annotated[str, Query(alias="to")],
        give: str | None = None,
        position: str | None = None,
    ) -> Response:
        """The evaluation of a move: `hotstove trade --json` (about 10 s the first time)."""
        return _json(views.evaluate(web, player, seller, buyer, give=views.give_list(give),
                                    position=position))  # fmt: skip

    @app.get("/api/search", tags=["search"])
    def api_search(q: str = "") -> Response:
        """Players, clubs and reporters matching any name form."""
        with web.read() as kb:
            return _json(views.search(web, kb, q))

    return app


def _warm(web: Handles) -> None:
    """Fill the board's first page and the track record before the first visitor asks."""
    try:
        with web.read() as kb:
            views.board(web, kb, views.check_filters(None, None, None, None))
            views.reporters(web, kb)
    except Exception:  # noqa: BLE001 - the page itself says what is wrong when it is asked for
        log.debug("warming the board failed", exc_info=True)


def _paste_ctx(**form: Any) -> dict[str, Any]:
    defaults = {"text": "", "url": "", "published": "", "store": False}
    return {"form": {**defaults, **form}, "results": [], "error": None, "stored": None,
            "max_kb": views.MAX_PASTE_BYTES // 1000}  # fmt: skip


def _paste_results(items: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, ReadError):
            out.append({"error": f"{item.source}: {item.message}"})
            continue
        record = item.to_dict()
        out.append({"record": record, "text": item.article.text,
                    "marked": markup.mark(item.article.text, record)})  # fmt: skip
    return out
