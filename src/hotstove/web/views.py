"""What each page and API endpoint shows, built by the same functions the CLI calls.

Every record here is the one ``hotstove ... --json`` prints (``list_threads``, ``track_record``,
``PlayerCard.to_dict``, ``DepthChart.to_dict``, ``TradeReport.to_dict``, ``LinkedArticle.to_dict``
as the archive stores it); the API returns it as is and the page renders it, with a few things
only a page needs beside it (titles of linked articles, the chart, the pagination).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from hotstove.errors import BadInput, NotFound
from hotstove.kb import clubs as clubs_mod
from hotstove.kb import names
from hotstove.kb.card import player_card
from hotstove.kb.depth import depth_chart, resolve_club
from hotstove.kb.store import KB
from hotstove.records import LinkedArticle, ReadError
from hotstove.rumors.reporters import track_record
from hotstove.rumors.threads import STATUS_ORDER, count_threads, list_threads
from hotstove.web import charts
from hotstove.web.markup import player_href, slug
from hotstove.web.state import Handles

STATUSES = tuple(STATUS_ORDER)
PAGE_SIZE = 50
MAX_PASTE_BYTES = 200_000  # pasted text; a long feature story is about 30 kB
MAX_URL_BYTES = 2_000_000  # a fetched page (HTML carries markup around the story)
MAX_URL_ARTICLES = 20  # a feed URL may hold many stories; the page shows the first ones
_ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")
_THREAD_ID = re.compile(r"^[0-9a-f]{12}$")
_HTTP_URL = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)


# --- the archive: threads, articles, reporters ------------------------------------------------


def _has_archive(kb: KB) -> bool:
    return kb.has("threads") and kb.has("articles")


def rumors(
    web: Handles,
    kb: KB,
    *,
    club: str | None = None,
    player: str | None = None,
    status: str | None = None,
    since: str | None = None,
) -> list[dict[str, Any]]:
    """The rumor threads, newest first (``hotstove rumors --json``); cached until the archive
    changes."""
    if not _has_archive(kb):
        return []
    key = ("rumors", club, player, status, since)
    got = web.archive.get_or(key, lambda: list_threads(kb.con, club=club, player=player,
                                                       status=status, since=since))  # fmt: skip
    return list(got)


def check_filters(
    club: str | None, status: str | None, since: str | None, until: str | None
) -> dict[str, str | None]:
    """The board's filters, checked: a club code (any name form is read), a status, dates."""
    out: dict[str, str | None] = {"club": None, "status": None, "since": None, "until": None}
    if club and club.strip():
        out["club"] = club_code(club)
    if status and status.strip():
        if status.strip() not in STATUSES:
            raise BadInput(f"Unknown status {status!r}; use one of {', '.join(STATUSES)}.")
        out["status"] = status.strip()
    for name, value in (("since", since), ("until", until)):
        if value and value.strip():
            out[name] = _date_prefix(value.strip())
    return out


def _known_club(code: str) -> bool:
    return any(c.code == code.upper() for c in clubs_mod.clubs())


def _date_prefix(text: str) -> str:
    """A date, a month (2026-01) or a year, as the archive writes them."""
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        try:
            dt.date.fromisoformat(text if len(text) == 10 else (text + "-01-01")[:10])
            return text
        except ValueError:
            pass
    raise BadInput(f"{text!r} is not a date like 2026-01-12 (or 2026-01, or 2026).")


def board(web: Handles, kb: KB, filters: dict[str, str | None], page: int = 1) -> dict[str, Any]:
    until = filters.get("until")
    if until or not _has_archive(kb):
        threads = rumors(web, kb, club=filters["club"], status=filters["status"],
                         since=filters["since"])  # fmt: skip
        if until:
            threads = [t for t in threads if t["updated"] and t["updated"][: len(until)] <= until]
        total = len(threads)
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(1, page), pages)
        shown = threads[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    else:
        # one page of threads from the archive, not the whole archive
        where = {"club": filters["club"], "status": filters["status"], "since": filters["since"]}
        total = int(web.archive.get_or(("count", *where.values()),
                                       lambda: count_threads(kb.con, **where)))  # fmt: skip
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(1, page), pages)
        shown = list(web.archive.get_or(
            ("page", *where.values(), page),
            lambda: list_threads(kb.con, **where, limit=PAGE_SIZE,
                                 offset=(page - 1) * PAGE_SIZE),
        ))  # fmt: skip
    return {
        "threads": shown,
        "total": total,
        "page": page,
        "pages": pages,
        "filters": filters,
        "statuses": STATUSES,
        "clubs": [dataclasses.asdict(c) for c in clubs_mod.clubs()],
        "archived": _has_archive(kb),
    }


def thread(web: Handles, kb: KB, thread_id: str) -> dict[str, Any]:
    """One thread as ``hotstove rumor ID --json`` prints it."""
    if not _THREAD_ID.match(thread_id) or not _has_archive(kb):
        raise NotFound(f"No rumor thread {thread_id!r}.")
    got = web.archive.get_or(("thread", thread_id),
                             lambda: list_threads(kb.con, thread_id=thread_id))  # fmt: skip
    if not got:
        raise NotFound(f"No rumor thread {thread_id!r}.")
    return got[0]


def thread_page(web: Handles, kb: KB, thread_id: str) -> dict[str, Any]:
    t = thread(web, kb, thread_id)
    titles = {
        r["id"]: r
        for r in kb.rows(
            "SELECT id, title, url, published_text FROM articles WHERE id IN "
            "(SELECT unnest(?::VARCHAR[]))",
            [t["articles"]],
        )
    }
    # the track record is computed in bulk (about a second on a 10,000-article archive) and kept
    record = reporter_record(reporters(web, kb), t)
    return {"thread": t, "titles": titles, "evaluation": eval_params(t), "record": record,
            "record_pending": False}  # fmt: skip


def reporter_record(records: list[dict[str, Any]], t: dict[str, Any]) -> dict[str, Any] | None:
    """The track record of the reporter credited first in thread ``t``."""
    reporter = (t.get("first_source") or {}).get("reporter")
    return next((r for r in records if r["reporter"] == reporter), None) if reporter else None


def eval_params(t: dict[str, Any]) -> dict[str, Any] | None:
    """What to evaluate for a thread: its player from one club to the other (None without both)."""
    p = t.get("player") or {}
    who = p.get("mlbam") or p.get("bbref")
    if not who or not t.get("from") or not t.get("to") or t["from"] == t["to"]:
        return None
    return {"player": str(who), "from": t["from"], "to": t["to"]}


def reporters(web: Handles, kb: KB) -> list[dict[str, Any]]:
    """The track record (``hotstove reporters --json``), cached until the archive changes."""
    if not _has_archive(kb):
        return []
    return list(web.archive.get_or(("reporters",), lambda: track_record(kb.con)))


def article_row(kb: KB, article_id: str) -> dict[str, Any]:
    if not _ARTICLE_ID.match(article_id) or not kb.has("articles"):
        raise NotFound(f"No article {article_id!r} in the archive.")
    row = kb.one(
        "SELECT id, source, title, outlet, author, published_text, url, text, record "
        "FROM articles WHERE id = ?",
        [article_id],
    )
    if row is None:
        raise NotFound(f"No article {article_id!r} in the archive.")
    return row


def article(kb: KB, article_id: str) -> dict[str, Any]:
    """The stored record of an article: what ``hotstove read --json`` printed for it."""
    record = article_row(kb, article_id)["record"]
    return json.loads(record) if isinstance(record, str) else dict(record)


def checks(kb: KB, article_id: str) -> dict[str, Any]:
    """An article's claims with their verdicts, as ``hotstove check --json`` prints them."""
    rec = article(kb, article_id)
    return {"id": rec["id"], "source": rec.get("source"), "claims": rec.get("claims") or []}


def article_page(kb: KB, article_id: str) -> dict[str, Any]:
    row = article_row(kb, article_id)
    record = json.loads(row["record"]) if isinstance(row["record"], str) else row["record"]
    threads = kb.rows(
        """SELECT DISTINCT t.id, t.name, t.from_club, t.to_club, t.kind, t.status
           FROM thread_articles ta JOIN threads t ON t.id = ta.thread_id
           WHERE ta.article_id = ? ORDER BY t.id""",
        [article_id],
    ) if kb.has("thread_articles") else []  # fmt: skip
    return {"record": record, "text": row["text"] or "", "threads": threads, "json_links": True}


def list_articles(kb: KB, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    if not kb.has("articles"):
        return []
    return kb.rows(
        """SELECT id, title, outlet, author, published_text AS published, season, source, url
           FROM articles ORDER BY seq DESC LIMIT ? OFFSET ?""",
        [max(1, min(limit, 500)), max(0, offset)],
    )


# --- players and clubs ------------------------------------------------------------------------


def canonical_player(kb: KB, key: str) -> tuple[str, str | None]:
    """(the card key, the URL to redirect to or None): MLBAM ids stay; a bbref, Retrosheet or
    FanGraphs id moves to the MLBAM URL; a name goes to the search."""
    text = key.strip()
    if text.isdigit():
        return text, None
    cand = names.resolve_id(kb.con, text)
    if cand is None:
        return text, "/search?q=" + _quote(text)
    target = str(cand.mlbam) if cand.mlbam is not None else cand.person_id
    return target, (None if target == text else f"/players/{_quote(target)}")


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def card(web: Handles, kb: KB, key: str) -> dict[str, Any]:
    """The player card (``hotstove player --json``); cached, the knowledge base does not change."""
    return dict(web.cards.get_or(key, lambda: player_card(kb, key).to_dict()))


def player_page(web: Handles, kb: KB, key: str) -> dict[str, Any]:
    c = card(web, kb, key)
    pid = c["person_id"]
    seasons = [int(r["season"]) for r in (c.get("batting") or []) + (c.get("pitching") or [])]
    return {
        "card": c,
        "chart": charts.season_chart(c),
        "pitcher": charts.is_pitcher(c),
        "threads": list(
            web.archive.get_or(
                ("player-threads", pid),
                lambda: (
                    list_threads(kb.con, player=pid, limit=PLAYER_RUMORS)
                    if _has_archive(kb)
                    else []
                ),
            )
        ),  # fmt: skip
        "articles": _articles_naming(kb, pid),
        "transactions": _transactions(web, kb, c["name"], pid, seasons),
    }


PLAYER_RUMORS = 25  # newest threads about him on his page


def _articles_naming(kb: KB, person_id: str, limit: int = 25) -> list[dict[str, Any]]:
    if not kb.has("article_entities"):
        return []
    return kb.rows(
        """SELECT a.id, a.title, a.outlet, a.published_text FROM articles a
           WHERE a.id IN (SELECT article_id FROM article_entities
                          WHERE kind = 'player' AND key = ?)
           ORDER BY a.seq DESC LIMIT ?""",
        [person_id, limit],
    )


def _transactions(
    web: Handles, kb: KB, name: str, person_id: str, seasons: list[int]
) -> list[dict[str, Any]]:
    """Wire lines about him: the moves the wire reader linked to him (``wire_moves``), else the
    lines naming him in full during his career (where a namesake's lines may slip in)."""
    if kb.has("wire_moves"):

        def linked() -> list[dict[str, Any]]:
            return kb.rows(
                """SELECT DISTINCT date, text, to_club AS club FROM wire_moves
                   WHERE person_id = ? ORDER BY date DESC LIMIT 60""",
                [person_id],
            )

        return list(web.transactions.get_or(person_id, linked))
    if not seasons or not kb.has("transaction_lines") or len(name) < 5:
        return []

    def load() -> list[dict[str, Any]]:
        return kb.rows(
            """SELECT date, text, club FROM transaction_lines
               WHERE date BETWEEN ? AND ? AND contains(strip_accents(text), strip_accents(?))
               ORDER BY date DESC LIMIT 60""",
            [dt.date(min(seasons) - 1, 1, 1), dt.date(max(seasons) + 2, 12, 31), name],
        )

    return list(web.transactions.get_or(person_id, load))


def latest_club_season(kb: KB, code: str) -> int:
    row = kb.one("SELECT max(season) AS s FROM team_seasons WHERE code = ?", [code])
    if not row or row["s"] is None:
        raise NotFound(f"No seasons for {code} in the knowledge base.")
    return int(row["s"])


def club_code(text: str) -> str:
    t = text.strip()
    return t.upper() if _known_club(t) else resolve_club(t)


def club_depth(
    web: Handles, kb: KB, code: str, season: int | None, position: str | None = None
) -> dict[str, Any]:
    """The depth chart (``hotstove team --json``); cached."""
    year = season or latest_club_season(kb, code)
    key = (code, year, position)
    return dict(web.clubs.get_or(key, lambda: depth_chart(kb, code, year, position).to_dict()))


CLUB_RUMORS = 25  # newest threads each way on a club page; the board lists them all


def club_page(web: Handles, kb: KB, code: str, season: int | None) -> dict[str, Any]:
    club = dataclasses.asdict(clubs_mod.club(code))
    threads = rumors(web, kb, club=code)
    rumors_in = [t for t in threads if t.get("to") == code]
    rumors_out = [t for t in threads if t.get("from") == code]
    return {
        "club": club,
        "depth": club_depth(web, kb, code, season),
        "rumors_in": rumors_in[:CLUB_RUMORS],
        "rumors_out": rumors_out[:CLUB_RUMORS],
        "counts": {"in": len(rumors_in), "out": len(rumors_out)},
    }


# --- search -----------------------------------------------------------------------------------


def search(web: Handles, kb: KB, q: str) -> dict[str, Any]:
    """Players (the name model), clubs (every club name form) and reporters matching ``q``."""
    text = (q or "").strip()[:100]
    out: dict[str, Any] = {"q": text, "players": [], "clubs": [], "reporters": [], "people": []}
    if not text:
        return out
    res = names.lookup(kb.con, text)
    pool = ([res.chosen] if res.chosen else []) + [
        c for c in res.candidates if res.chosen is None or c.person_id != res.chosen.person_id
    ]
    out["players"] = [
        {**dataclasses.asdict(c), "href": player_href(c.mlbam, c.person_id),
         "chosen": res.chosen is not None and c.person_id == res.chosen.person_id}
        for c in pool[:10]
    ]  # fmt: skip
    seen: set[str] = set()
    for m in clubs_mod.club_candidates(text):
        if m.code in seen or len(seen) >= 5:
            continue
        seen.add(m.code)
        club = clubs_mod.club(m.code)
        out["clubs"].append({"code": m.code, "name": club.name, "alias": m.alias,
                             "score": m.score, "href": f"/clubs/{m.code}"})  # fmt: skip
    from hotstove.kb.roles import staff_candidates

    key = names.name_key(text)
    known = {r["reporter"]: r for r in reporters(web, kb)}
    hits: dict[str, dict[str, Any]] = {}
    for r in known.values():
        rk = names.name_key(r["reporter"] or "")
        if key and rk and (key in rk or rk in key):
            hits[r["reporter"]] = {"name": r["reporter"], "outlet": r.get("outlet"),
                                   "first_reports": r["first_reports"]}  # fmt: skip
    for s in staff_candidates(text):
        if s.role == "reporter":
            rec = known.get(s.name)
            hits.setdefault(
                s.name,
                {
                    "name": s.name,
                    "outlet": s.outlet,
                    "first_reports": rec["first_reports"] if rec else 0,
                },
            )
        else:
            out["people"].append({"name": s.name, "role": s.role, "title": s.title,
                                  "club": s.club,
                                  "href": f"/clubs/{s.club}" if s.club else None})  # fmt: skip
    out["reporters"] = [
        {**h, "href": f"/reporters#reporter-{slug(h['name'])}"} for h in hits.values()
    ]
    return out


# --- evaluation of a move ---------------------------------------------------------------------


def evaluate(
    web: Handles,
    player: str,
    seller: str,
    buyer: str,
    *,
    give: tuple[str, ...] = (),
    position: str | None = None,
) -> dict[str, Any]:
    """The trade report (``hotstove trade --json``); one at a time, each kept for the app's life."""
    from hotstove.valuation.trade import evaluate_trade

    key = (player.strip(), seller.strip().upper(), buyer.strip().upper(), give,
           (position or "").upper() or None)  # fmt: skip
    hit = web.evaluations.get(key)
    if hit is not None:
        return dict(hit)
    with web.valuation() as kb:
        hit = web.evaluations.get(key)  # another request may have computed it meanwhile
        if hit is None:
            report = evaluate_trade(kb, key[0], key[1], key[2], give=list(give),
                                    position=key[4]).to_dict()  # fmt: skip
            hit = web.evaluations.put(key, report)
    return dict(hit)


def cached_evaluation(web: Handles, params: dict[str, Any] | None) -> dict[str, Any] | None:
    if not params:
        return None
    key = (params["player"], params["from"], params["to"], (), None)
    hit = web.evaluations.get(key)
    return dict(hit) if hit is not None else None


def give_list(give: str | None) -> tuple[str, ...]:
    return tuple(g.strip() for g in (give or "").split(",") if g.strip())


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The short version of a trade report for a thread page."""
    season = report.get("season")
    last = [v for v in report.get("value") or [] if v.get("season") == season]
    war_last = round(sum(v.get("WAR") or 0.0 for v in last), 1) if last else None
    control = report.get("control") or []
    surplus = report.get("surplus") or {}
    fit = report.get("fit") or {}
    buyer = fit.get("buyer") or {}
    seller = fit.get("seller") or {}
    top = (buyer.get("incumbents") or [None])[0]
    return {
        "player": report["player"],
        "from": report["from"],
        "to": report["to"],
        "season": season,
        "war_last": war_last,
        "projection": report.get("projection") or {},
        "control_years": len(control),
        "control_through": control[-1]["season"] if control else None,
        "first_status": control[0]["status"] if control else None,
        "surplus_musd": surplus.get("total_musd"),
        "position": fit.get("position"),
        "incumbent": top,
        "expected_games": seller.get("expected_games"),
        "history": len(report.get("history") or []),
        "notes": report.get("notes") or [],
    }


# --- the paste box ----------------------------------------------------------------------------


def parse_date(text: str | None) -> dt.date | None:
    if not text or not text.strip():
        return None
    try:
        t = text.strip()
        return dt.date.fromisoformat(t if len(t) > 7 else t + "-01")
    except ValueError:
        raise BadInput(f"{text!r} is not a date like 2026-01-12.") from None


def check_paste(text: str | None, url: str | None) -> tuple[str, str]:
    """The pasted text or URL, checked: one of them, within the size cap, a URL only http(s)."""
    text, url = (text or "").strip("\ufeff"), (url or "").strip()
    if url and text.strip():
        raise BadInput("Paste the article's text or give its URL, not both.")
    if url:
        if not _HTTP_URL.match(url):
            raise BadInput("Only http:// and https:// addresses are read.")
        return "", url
    if not text.strip():
        raise BadInput("Paste an article's text (headline on the first line) or give a URL.")
    size = len(text.encode("utf-8"))
    if size > MAX_PASTE_BYTES:
        raise BadInput(
            f"The text is {size / 1000:.0f} kB, over the {MAX_PASTE_BYTES // 1000} kB limit."
        )
    return text, ""


def read_pasted(
    web: Handles, text: str, url: str, published: dt.date | None
) -> list[LinkedArticle | ReadError]:
    """Read, link and check pasted text or a URL with the pipeline of ``hotstove read``/``check``
    (``api.analyse``); nothing is stored."""
    from hotstove import reading
    from hotstove.api import analyse
    from hotstove.linking import load_gazetteer

    if url:
        items: list[Any] = []
        for item in reading.read([url], published=published, max_bytes=MAX_URL_BYTES):
            items.append(item)
            if len(items) >= MAX_URL_ARTICLES:
                break
    else:
        items = [reading.read_text(text, source="<pasted>", published=published)]
    out: list[LinkedArticle | ReadError] = []
    with web.read() as kb:
        gaz = None
        for item in items:
            if isinstance(item, ReadError):
                out.append(item)
                continue
            gaz = gaz or load_gazetteer(kb)
            try:
                out.append(analyse(item, gaz, kb))
            except Exception as exc:  # noqa: BLE001 - one article's failure is reported
                out.append(ReadError(item.source, f"could not analyse this article: {exc}"))
    return out


def store_pasted(web: Handles, text: str, url: str, published: dt.date | None) -> Any:
    """Store what was pasted with ``api.ingest`` (the text through a temporary file)."""
    from hotstove import api

    with web.exclusive() as path:
        if url:
            return api.ingest([url], published=published, db=path)
        with tempfile.TemporaryDirectory(prefix="hotstove-paste-") as tmp:
            file = Path(tmp) / "pasted.txt"
            file.write_text(text, encoding="utf-8")
            return api.ingest([file], published=published, db=path)


def stored_ids(web: Handles, ids: list[str]) -> set[str]:
    with web.read() as kb:
        if not kb.has("articles") or not ids:
            return set()
        rows = kb.rows("SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    return {r["id"] for r in rows}
