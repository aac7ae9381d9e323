"""Downloads for users with internet: one HTTP policy, and ``fetch_all`` (``hotstove data fetch``).

Every downloader in ``kb/sources`` goes through the helpers at the top of this module, so all of
them share the same rules: explicit timeouts, a User-Agent naming hotstove, a few retries on
server errors (5xx, 429) and dropped connections, a cap on the response size, web pages refused
where a data file was expected, and files written atomically (a temporary file in the same
folder, then renamed). Any failure becomes a one-line :class:`hotstove.errors.SourceUnavailable`.

``fetch_all`` fills a data folder laid out like ``HOTSTOVE_DATA`` (``chadwick/``,
``savant-catchers/``, ``statsapi/``), so the KB build reads it like the shipped data. One failed
file never loses the others: each is tried, and the report lists what came and what failed.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from hotstove.errors import HotstoveError, SourceUnavailable

Progress = Callable[[int, int | None], None]
"""``progress(advance_bytes, total)``: bytes just received; ``total`` is the current file's size
when the server states it (Content-Length), else None."""

TIMEOUT = httpx.Timeout(30.0, connect=10.0)
RETRIES = 2  # extra attempts after the first, on 5xx / 429 / transport errors
BACKOFF_SECONDS = 0.5  # doubled at each retry; a Retry-After header is honoured up to 10 s
_CHUNK = 64 * 1024
_HEAD_LIMIT = 64 * 1024  # bytes kept to check the start of a file

_sleep = time.sleep  # tests replace this to keep retries instant


def user_agent() -> str:
    """``hotstove/<version> (+python-httpx/<version>)``, sent with every request."""
    try:
        from importlib.metadata import version

        ours = version("hotstove")
    except Exception:  # not installed as a distribution (e.g. run from a checkout)
        ours = "dev"
    return f"hotstove/{ours} (baseball knowledge base; python-httpx/{httpx.__version__})"


def http_client(*, timeout: httpx.Timeout | None = None) -> httpx.Client:
    """A client with hotstove's User-Agent, timeouts and redirects followed."""
    return httpx.Client(
        headers={"User-Agent": user_agent()},
        timeout=timeout or TIMEOUT,
        follow_redirects=True,
    )


@contextlib.contextmanager
def client_scope(client: httpx.Client | None) -> Iterator[httpx.Client]:
    """Use the caller's client as is, or open (and close) one of ours."""
    if client is not None:
        yield client
        return
    with http_client() as own:
        yield own


def _mb(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


def _retry_delay(attempt: int, response: httpx.Response | None) -> float:
    delay = BACKOFF_SECONDS * (2**attempt)
    if response is not None:
        header = response.headers.get("Retry-After", "")
        if header.isdigit():
            delay = min(float(header), 10.0)
    return delay


def looks_like_html(head: bytes) -> bool:
    """True when a body starts like a web page (error pages, login walls, captchas)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    return start.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<?xml")) or (
        start.startswith(b"<") and b"<html" in start
    )


def first_line(head: bytes) -> str:
    """The first line of a text body, without a UTF-8 byte-order mark."""
    text = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return text.lstrip("\ufeff").rstrip("\r")


def _stream(
    client: httpx.Client,
    url: str,
    *,
    params: Mapping[str, str | int] | None,
    what: str,
    max_bytes: int,
    sink: Callable[[bytes, int | None], None],
    check_head: Callable[[bytes, str], None] | None,
    reset: Callable[[], None],
) -> None:
    """GET ``url`` and feed the body to ``sink`` in chunks, with the retry and size rules.

    ``check_head(first_bytes, content_type)`` runs once on the start of the body, before any of it
    reaches ``sink``. ``reset()`` is called before a retry so the sink starts over.
    """
    for attempt in range(RETRIES + 1):
        last = attempt == RETRIES
        try:
            with client.stream("GET", url, params=params) as response:
                status = response.status_code
                if status >= 500 or status == 429:
                    if last:
                        raise SourceUnavailable(
                            f"{what}: {response.url} answered HTTP {status} "
                            f"after {RETRIES + 1} tries; try again later."
                        )
                    _sleep(_retry_delay(attempt, response))
                    continue
                if status >= 400:
                    reason = response.reason_phrase or "error"
                    raise SourceUnavailable(
                        f"{what}: {response.url} answered HTTP {status} ({reason})."
                    )
                length = response.headers.get("Content-Length", "")
                total = int(length) if length.isdigit() else None
                if total is not None and total > max_bytes:
                    raise SourceUnavailable(
                        f"{what}: {response.url} is {_mb(total)}, over the {_mb(max_bytes)} "
                        "limit; refusing to download it."
                    )
                ctype = response.headers.get("Content-Type", "")
                head = b""
                pending = check_head  # None once the start of the body has been checked
                received = 0
                for chunk in response.iter_bytes(_CHUNK):
                    received += len(chunk)
                    if received > max_bytes:
                        raise SourceUnavailable(
                            f"{what}: {response.url} sent more than the {_mb(max_bytes)} "
                            "limit; download stopped."
                        )
                    if pending is None:
                        sink(chunk, total)
                        continue
                    head += chunk
                    if b"\n" in head or len(head) >= _HEAD_LIMIT:
                        pending(head, ctype)
                        pending = None
                        sink(head, total)
                if pending is not None:
                    pending(head, ctype)
                    sink(head, total)
                return
        except httpx.TransportError as exc:
            if last:
                kind = type(exc).__name__
                raise SourceUnavailable(
                    f"{what}: could not reach {url} ({kind}); check the connection or try later."
                ) from None
            reset()
            _sleep(_retry_delay(attempt, None))


def get_bytes(
    client: httpx.Client,
    url: str,
    *,
    params: Mapping[str, str | int] | None = None,
    what: str,
    max_bytes: int,
    check_head: Callable[[bytes, str], None] | None = None,
) -> bytes:
    """The whole body of a GET (for API answers), under the shared rules."""
    parts: list[bytes] = []
    _stream(
        client,
        url,
        params=params,
        what=what,
        max_bytes=max_bytes,
        sink=lambda chunk, _total: parts.append(chunk),
        check_head=check_head,
        reset=parts.clear,
    )
    return b"".join(parts)


def download(
    client: httpx.Client,
    url: str,
    dest: Path,
    *,
    params: Mapping[str, str | int] | None = None,
    what: str,
    max_bytes: int,
    check_head: Callable[[bytes, str], None] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Stream a GET into ``dest`` atomically: nothing is left at ``dest`` unless it all came."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:

            def sink(chunk: bytes, total: int | None) -> None:
                out.write(chunk)
                if progress is not None:
                    progress(len(chunk), total)

            def reset() -> None:
                out.seek(0)
                out.truncate()

            _stream(
                client,
                url,
                params=params,
                what=what,
                max_bytes=max_bytes,
                sink=sink,
                check_head=check_head,
                reset=reset,
            )
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def csv_check(
    what: str, *, header_starts: str | None = None, header_has: tuple[str, ...] = ()
) -> Callable[[bytes, str], None]:
    """A ``check_head`` for CSV downloads: no web page, and a header that looks right.

    ``header_starts``: the first line must start with it; ``header_has``: it must name at least
    one of these columns.
    """

    def check(head: bytes, content_type: str) -> None:
        if "html" in content_type.lower() or looks_like_html(head):
            raise SourceUnavailable(
                f"{what}: the server sent a web page instead of CSV (the address may have "
                "changed, or the site is refusing automated downloads)."
            )
        line = first_line(head)
        if header_starts is not None and not line.startswith(header_starts):
            raise SourceUnavailable(
                f"{what}: unexpected header {line[:60]!r} (expected it to start with "
                f"{header_starts!r}); the file format may have changed."
            )
        columns = {c.strip().strip('"') for c in line.split(",")}
        if header_has and not columns.intersection(header_has):
            raise SourceUnavailable(
                f"{what}: unexpected header {line[:60]!r} (no {' or '.join(header_has)} "
                "column); the file format may have changed."
            )
        if "," not in line:
            raise SourceUnavailable(f"{what}: the answer is not a CSV file ({line[:60]!r}).")

    return check


# --------------------------------------------------------------------------------------------
# hotstove data fetch


@dataclass(frozen=True, slots=True)
class _Failure:
    source: str
    item: str
    reason: str


def _write_csv(path: Path, rows: Iterable[Mapping[str, Any]], columns: list[str]) -> Path:
    """Write rows as CSV atomically (NULL -> empty field)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def fetch_all(
    dest: Path,
    *,
    seasons: Iterable[int] = range(2015, 2026),
    statsapi_url: str | None = None,
    savant_url: str | None = None,
    register_url: str | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Download every online source into ``dest`` (a folder laid out like ``HOTSTOVE_DATA``).

    - ``chadwick/``: the register's 16 ``people-*.csv`` shards, ``names.csv``, ``countries.csv``;
    - ``savant-catchers/{season}/``: framing, blocking, pop time and throwing leaderboards;
    - ``statsapi/rosters_40man_{today}.csv``: every MLB club's 40-man roster today, and
      ``statsapi/transactions_{season}.csv``: the season's league-wide transactions
      (both in the KB ``rosters`` / ``transactions`` table shapes).

    Returns ``{"dest", "fetched": [{"source", "item", "path", "bytes"}],
    "failed": [{"source", "item", "reason"}]}``; nothing is raised for a single failed file.
    """
    from hotstove.kb.sources import chadwick_fetch, savant, statsapi

    dest = Path(dest)
    years = sorted(set(seasons))
    fetched: list[dict[str, Any]] = []
    failed: list[_Failure] = []
    day = today or date.today()

    def ok(source: str, item: str, path: Path) -> None:
        rel = path.relative_to(dest).as_posix()
        fetched.append({"source": source, "item": item, "path": rel, "bytes": path.stat().st_size})

    def attempt(source: str, item: str, job: Callable[[], Path | None]) -> None:
        try:
            path = job()
        except HotstoveError as exc:
            failed.append(_Failure(source, item, str(exc)))
        except OSError as exc:  # disk full, permissions: report, keep going
            failed.append(_Failure(source, item, f"{type(exc).__name__}: {exc}"))
        else:
            if path is not None:
                ok(source, item, path)

    with http_client() as client:
        reg_dir = dest / "chadwick"
        for name in chadwick_fetch.register_files():
            job = partial(
                chadwick_fetch.fetch_file,
                name,
                reg_dir,
                base_url=register_url,
                client=client,
                progress=progress,
            )
            attempt("chadwick", name, job)

        sav_dir = dest / "savant-catchers"
        for season in years:
            for board in savant.LEADERBOARDS:
                job = partial(
                    savant.fetch, board, season, sav_dir, base_url=savant_url, client=client
                )
                attempt("savant", f"{board} {season}", job)

        api_dir = dest / "statsapi"

        def rosters() -> Path:
            rows: list[dict[str, Any]] = []
            for team_id in sorted(statsapi.MLB_CLUBS):
                rows.extend(
                    statsapi.roster(team_id, date=day, client=client, base_url=statsapi_url)
                )
            path = api_dir / f"rosters_40man_{day.isoformat()}.csv"
            return _write_csv(path, rows, list(statsapi.ROSTER_COLUMNS))

        attempt("statsapi", f"40-man rosters {day.isoformat()}", rosters)

        for season in years:
            start, end = date(season, 1, 1), min(date(season, 12, 31), day)
            if start > day:
                continue

            def season_moves(start: date = start, end: date = end, season: int = season) -> Path:
                rows = statsapi.transactions(start, end, client=client, base_url=statsapi_url)
                path = api_dir / f"transactions_{season}.csv"
                return _write_csv(path, rows, list(statsapi.TRANSACTION_COLUMNS))

            attempt("statsapi", f"transactions {season}", season_moves)

    return {
        "dest": str(dest),
        "fetched": fetched,
        "failed": [{"source": f.source, "item": f.item, "reason": f.reason} for f in failed],
    }
