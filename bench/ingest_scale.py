"""Benchmark: incremental ingest cost as the article archive grows (1k, 10k, 100k articles).

Run:  .venv/bin/python bench/ingest_scale.py [--kb PATH] [--sizes 1000,10000,100000]
                                             [--batch 200] [--quick] [--no-fix]

The knowledge base is never written: it is copied to a scratch file first (``--scratch DIR``,
default a ``hotstove-ingestbench`` folder in the temp dir; the same path every run, so the
gazetteer's disk cache is reused after the first run). Two kinds of work happen there:

* MEASURED: at each checkpoint (the archive holding N articles) a batch of ``--batch`` NEW
  article variants goes through the whole public path, ``hotstove.api.ingest(jsonl, db=...)``:
  reading, ``has_article``, ``analyse`` (linking, claims, moves), ``next_seq``,
  ``store_article``, ``threads.assign`` and one commit per article. Wall time, printed as
  articles/s and ms/article, split into analyse / storage+threading / the rest, and the
  storage+threading statements are timed one by one.
* FILL (not part of the headline figures): between checkpoints the archive is filled quickly by
  re-storing analysed records of earlier variants under new content ids with
  ``archive.store_article`` + ``threads.assign`` directly, one transaction per chunk (no
  reading, no analyse; each ``executemany`` INSERT is sent as one multi-row ``VALUES``
  statement, the same rows, because DuckDB's executemany costs ~0.8 ms a row).
  So that the fill looks like a real archive (many players, many distinct stories) and not
  100k copies of 24 stories, each filled record gets: its players mapped to other real players
  from the KB, a random date in 2015-2026, and its lower-case words shuffled
  among words of the same length (every span stays valid; the MinHash becomes that of a new
  story). Names, clubs, outlets, claims and moves keep their real shape.

The variants are built from the dev articles (``../shared/eval/dev/articles``): the headline
reworded, paragraphs after the lede reordered, numbers and dates changed, a sentence dropped or a
line added; real player and club names stay, so linking, claims, moves and threads do real work.
Each has its own content id and a publication date in the 2025-26 off-season.

Unless ``--no-fix`` is given, each checkpoint measures a second batch with a candidate fix
applied in this process only (nothing in ``src/`` changes): ART indexes on the columns the
per-article statements filter on (``thread_bands.band``, ``threads.person_id``,
``thread_articles.thread_id``, ``article_moves.article_id``), ``next_seq`` counting on from the
first ``max(seq)`` instead of scanning ``articles`` for every article, and each ``executemany``
INSERT (entities, claims, moves, thread bands) sent as one multi-row ``VALUES`` statement.
The indexes are dropped again before the next fill, so the baseline stays the baseline.

Prints figures only; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import random
import re
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb

import hotstove.api as api
from hotstove import config
from hotstove.records import LinkedArticle
from hotstove.rumors import threads
from hotstove.storage import archive
from hotstove.storage import duck as duck_mod

ROOT = Path(__file__).resolve().parents[1]
DEV_ARTICLES = ROOT.parent / "shared" / "eval" / "dev" / "articles"
FILL_CHUNK = 500  # fill records per transaction
OUTLETS = [
    "MLB.com",
    "ESPN",
    "The Athletic",
    "New York Post",
    "Boston Globe",
    "USA Today",
    "FanGraphs",
    "MLB Trade Rumors",
    "Chicago Tribune",
    "Los Angeles Times",
]
FIX_INDEXES = [
    ("bench_fix_thread_bands", "thread_bands(band)"),
    ("bench_fix_threads_person", "threads(person_id)"),
    ("bench_fix_thread_articles", "thread_articles(thread_id)"),
    ("bench_fix_article_moves", "article_moves(article_id)"),
]
_NUM = re.compile(r"(?<![\d.$/])\b(\d{1,3})\b(?![\d/.]\d)")
_WORDS = re.compile(r"\b[a-z]{3,}\b")
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ADDED = [
    "A person familiar with the talks said the sides spoke again on {day}.",
    "Neither club would comment on {day}, and the agent did not return messages.",
    "The deal, first reported {day}, had not been announced by {hour} p.m.",
    "Talks picked up on {day} after {n} days of silence, according to a league source.",
    "The club still has {n} spots open on its 40-man roster.",
]
_PREFIX = ["Report: ", "Sources: ", "Hot Stove: ", "Rumor Mill: ", "Update: ", "Latest: ", ""]


# ---------------------------------------------------------------- timing of statements and stages


class Timer:
    """Seconds per named part, and counts."""

    def __init__(self) -> None:
        self.secs: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def add(self, key: str, secs: float) -> None:
        self.secs[key] += secs
        self.calls[key] += 1

    def reset(self) -> None:
        self.secs.clear()
        self.calls.clear()


def _sql_key(sql: str) -> str:
    s = " ".join(sql.split())
    return s if len(s) <= 64 else s[:61] + "..."


class TimedCon:
    """A DuckDB connection that times each execute/executemany by its SQL (the rest delegated)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, timer: Timer) -> None:
        self._con = con
        self._timer = timer

    def execute(self, sql: str, params: Any = None) -> Any:
        t = time.perf_counter()
        out = self._con.execute(sql, params) if params is not None else self._con.execute(sql)
        self._timer.add(_sql_key(sql), time.perf_counter() - t)
        return out

    bulk = False  # the fix: an INSERT's executemany sent as one multi-row VALUES statement

    def executemany(self, sql: str, params: Any) -> Any:
        t = time.perf_counter()
        head, sep, group = sql.rpartition("VALUES ")
        rows = list(params)
        if self.bulk and sep and head.lstrip().upper().startswith("INSERT") and rows:
            flat = [x for r in rows for x in r]
            out = self._con.execute(head + sep + ", ".join([group] * len(rows)), flat)
        else:
            out = self._con.executemany(sql, rows)
        self._timer.add(_sql_key(sql), time.perf_counter() - t)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


class Instrument:
    """Wrap the stages ``api.ingest`` calls (looked up at call time) with timers; keep records."""

    STORAGE = ("has_article", "next_seq", "store_article", "assign")

    def __init__(self) -> None:
        self.stages = Timer()
        self.sql = Timer()
        self.records: list[LinkedArticle] = []
        self.fixed_seq: dict[int, int] = {}
        self.fix = False
        self._orig = {
            "analyse": api.analyse,
            "has_article": archive.has_article,
            "next_seq": archive.next_seq,
            "store_article": archive.store_article,
            "assign": threads.assign,
            "connect": duck_mod.connect,
        }

    def install(self) -> None:
        o = self._orig

        def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
            def run(*a: Any, **kw: Any) -> Any:
                t = time.perf_counter()
                try:
                    return fn(*a, **kw)
                finally:
                    self.stages.add(name, time.perf_counter() - t)

            return run

        def analyse(*a: Any, **kw: Any) -> LinkedArticle:
            la = o["analyse"](*a, **kw)
            self.records.append(la)
            return la

        def next_seq(con: Any) -> int:
            if not self.fix:
                return o["next_seq"](con)
            key = id(con)  # the fix: one max(seq) per connection, then count on
            if key not in self.fixed_seq:
                self.fixed_seq[key] = o["next_seq"](con) - 1
            self.fixed_seq[key] += 1
            return self.fixed_seq[key]

        def connect(path: Path | None = None, *, read_only: bool = True) -> Any:
            con = o["connect"](path, read_only=read_only)
            if read_only:
                return con
            timed_con = TimedCon(con, self.sql)
            timed_con.bulk = self.fix
            return timed_con

        api.analyse = timed("analyse", analyse)  # type: ignore[assignment]
        archive.has_article = timed("has_article", o["has_article"])  # type: ignore[assignment]
        archive.next_seq = timed("next_seq", next_seq)  # type: ignore[assignment]
        archive.store_article = timed("store_article", o["store_article"])  # type: ignore[assignment]
        threads.assign = timed("assign", o["assign"])  # type: ignore[assignment]
        duck_mod.connect = connect  # type: ignore[assignment]

    def raw_connect(self, path: Path) -> duckdb.DuckDBPyConnection:
        return self._orig["connect"](path, read_only=False)


# ---------------------------------------------------------------- article variants


@dataclasses.dataclass
class Base:
    name: str
    title: str
    paras: list[str]


def load_bases(folder: Path) -> list[Base]:
    out = []
    for p in sorted(folder.glob("*.txt")):
        text = p.read_text(encoding="utf-8").replace("\r\n", "\n").strip()
        title, _, body = text.partition("\n")
        paras = [x.strip() for x in re.split(r"\n\s*\n", body) if x.strip()]
        out.append(Base(p.stem, title.strip(), paras))
    return out


def _reword_title(title: str, rng: random.Random) -> str:
    t = title
    r = rng.random()
    if ": " in t and r < 0.3:
        a, b = t.split(": ", 1)
        t = f"{b}: {a}"
    elif ": " in t and r < 0.5:
        t = t.split(": ", 1)[1]
    swaps = [
        (" Agree on ", " Reach "),
        (" Land ", " Sign "),
        (" Deal", " Contract"),
        (" Trade", " Swap"),
        (" and ", " & "),
    ]
    for a, b in rng.sample(swaps, 2):
        t = t.replace(a, b)
    return rng.choice(_PREFIX) + t


def _numbers(text: str, rng: random.Random, share: float) -> str:
    def sub(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if rng.random() > share or n == 0:
            return m.group(0)
        return str(max(1, n + rng.choice([-2, -1, 1, 2])))

    return _NUM.sub(sub, text)


def _sentences(para: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", para)


def make_variant(base: Base, k: int, rng: random.Random) -> tuple[str, str]:
    """(title, body) of one variant: reworded headline, reordered paragraphs, changed numbers,
    a sentence dropped or added. Real names are left alone."""
    title = _reword_title(base.title, rng)
    lede, rest = base.paras[0], list(base.paras[1:])
    if len(rest) > 1 and rng.random() < 0.6:
        rng.shuffle(rest)
    paras = [lede, *rest]
    paras = [_numbers(p, rng, 0.25) for p in paras]
    if len(paras) > 1 and rng.random() < 0.5:
        i = rng.randrange(1, len(paras))
        sents = _sentences(paras[i])
        if len(sents) > 1:
            del sents[rng.randrange(1, len(sents))]
            paras[i] = " ".join(sents)
    line = rng.choice(_ADDED).format(
        day=rng.choice(_DAYS), hour=rng.randint(1, 11), n=rng.randint(2, 30)
    )
    i = rng.randrange(1, len(paras) + 1)
    paras[i - 1] = f"{paras[i - 1]} {line}"
    return title, "\n\n".join(paras)


class Variants:
    """An endless stream of distinct variants (JSONL rows) of the dev articles."""

    def __init__(self, bases: list[Base], seed: int = 7) -> None:
        self.bases = bases
        self.rng = random.Random(seed)
        self.k = 0
        self.seen: set[str] = set()

    def rows(self, n: int) -> list[dict[str, Any]]:
        out = []
        while len(out) < n:
            base = self.bases[self.k % len(self.bases)]
            self.k += 1
            title, body = make_variant(base, self.k, self.rng)
            key = hashlib.sha256(f"{title}\n{body}".casefold().encode()).hexdigest()
            if key in self.seen:
                continue
            self.seen.add(key)
            day = dt_offseason(self.rng)
            out.append(
                {
                    "id": f"v{self.k}-{base.name}",
                    "title": title,
                    "text": body,
                    "published": day,
                    "outlet": self.rng.choice(OUTLETS),
                }
            )
        return out


def dt_offseason(rng: random.Random) -> str:
    import datetime as dt

    return (dt.date(2025, 10, 15) + dt.timedelta(days=rng.randrange(0, 130))).isoformat()


# ---------------------------------------------------------------- fast fill from analysed records


class Filler:
    """Analysed records re-stored under new ids, with real players remapped and words shuffled."""

    def __init__(self, players: list[tuple[str, str | None, int | None, str]], seed: int = 11):
        self.players = players  # (person_id, bbref, mlbam, name)
        self.rng = random.Random(seed)
        self.k = 0

    def _shuffle_words(self, text: str) -> str:
        groups: dict[int, list[str]] = defaultdict(list)
        for w in _WORDS.findall(text):
            groups[len(w)].append(w)
        for g in groups.values():
            self.rng.shuffle(g)
        its = {n: iter(g) for n, g in groups.items()}
        return _WORDS.sub(lambda m: next(its[len(m.group(0))]), text)

    def record(self, la: LinkedArticle) -> LinkedArticle:
        import datetime as dt

        self.k += 1
        rng = self.rng
        a = la.article
        text = self._shuffle_words(a.text)
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 4200))
        new_id = hashlib.sha256(f"bench-fill-{self.k}".encode()).hexdigest()[:16]
        art = dataclasses.replace(
            a,
            id=new_id,
            text=text,
            title=text[: len(a.title)],
            source=f"bench-fill#{self.k}",
            published=day,
            published_precision="day",
        )
        remap: dict[str, tuple[str, str | None, int | None, str]] = {}
        for p in la.players:
            remap[p.person_id] = rng.choice(self.players)
        players = [
            dataclasses.replace(
                p,
                person_id=remap[p.person_id][0],
                bbref=remap[p.person_id][1],
                mlbam=remap[p.person_id][2],
                name=remap[p.person_id][3],
            )
            for p in la.players
        ]
        moves = []
        for m in la.moves:
            if m.person_id in remap:
                pid, bbref, mlbam, name = remap[m.person_id]
                m = dataclasses.replace(m, person_id=pid, player=bbref or str(mlbam), name=name)
            moves.append(m)
        return dataclasses.replace(la, article=art, players=players, moves=moves)


def fill(
    inst: Instrument, path: Path, filler: Filler, pool: list[LinkedArticle], upto: int, sql: Timer
) -> tuple[int, float]:
    """Store fill records until the archive holds ``upto`` articles; (added, seconds)."""
    raw = inst.raw_connect(path)
    con = TimedCon(raw, sql)
    con.bulk = True  # the fill sends each executemany as one statement (same rows, ~7x faster)
    added, t0 = 0, time.perf_counter()
    try:
        archive.ensure_schema(raw)
        threads.ensure_schema(raw)
        row = raw.execute("SELECT count(*), coalesce(max(seq), 0) FROM articles").fetchone()
        have, seq = (int(row[0]), int(row[1])) if row else (0, 0)
        while have + added < upto:
            n = min(FILL_CHUNK, upto - have - added)
            recs = [filler.record(pool[filler.k % len(pool)]) for _ in range(n)]
            raw.execute("BEGIN TRANSACTION")
            for la in recs:
                seq += 1
                archive.store_article(con, la, seq)  # type: ignore[arg-type]
                threads.assign(con, la, seq)  # type: ignore[arg-type]
            raw.execute("COMMIT")
            added += n
    finally:
        raw.close()
    return added, time.perf_counter() - t0


# ---------------------------------------------------------------- measurement


def write_jsonl(rows: list[dict[str, Any]], folder: Path, name: str) -> Path:
    p = folder / f"{name}.jsonl"
    with p.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    return p


def count(path: Path, inst: Instrument) -> dict[str, int]:
    raw = inst.raw_connect(path)
    try:
        out = {}
        for t in ("articles", "article_moves", "threads", "thread_articles", "thread_bands"):
            try:
                row = raw.execute(f"SELECT count(*) FROM {t}").fetchone()
                out[t] = int(row[0]) if row else 0
            except duckdb.Error:
                out[t] = 0
        return out
    finally:
        raw.close()


def set_fix(inst: Instrument, path: Path, on: bool) -> float:
    """Create (or drop) the fix's indexes; switch the next_seq counter. Seconds taken."""
    t = time.perf_counter()
    raw = inst.raw_connect(path)
    try:
        for name, target in FIX_INDEXES:
            if on:
                raw.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
            else:
                raw.execute(f"DROP INDEX IF EXISTS {name}")
    finally:
        raw.close()
    inst.fix = on
    inst.fixed_seq.clear()
    return time.perf_counter() - t


def measure(
    inst: Instrument, path: Path, rows: list[dict[str, Any]], work: Path, label: str
) -> dict[str, Any]:
    src = write_jsonl(rows, work, label)
    inst.stages.reset()
    inst.sql.reset()
    t = time.perf_counter()
    rep = api.ingest([src], db=path)
    wall = time.perf_counter() - t
    st = inst.stages.secs
    storage = sum(st[k] for k in Instrument.STORAGE)
    return {
        "stored": rep.stored,
        "skipped": rep.skipped,
        "failed": len(rep.failed),
        "wall": wall,
        "analyse": st["analyse"],
        "storage": storage,
        "stages": dict(st),
        "sql": dict(inst.sql.secs),
        "threads": len(rep.threads),
    }


def show(m: dict[str, Any], label: str, top: int) -> None:
    n = max(1, m["stored"])
    other = m["wall"] - m["analyse"] - m["storage"]
    print(
        f"  {label}: {m['stored']} stored ({m['skipped']} skipped, {m['failed']} failed), "
        f"{m['wall']:.2f} s wall = {m['stored'] / m['wall']:.1f} articles/s, "
        f"{1000 * m['wall'] / n:.1f} ms/article"
    )
    st = m["stages"]
    parts = ", ".join(f"{k} {1000 * st.get(k, 0) / n:.2f}" for k in Instrument.STORAGE)
    print(
        f"    analyse {1000 * m['analyse'] / n:.1f} | storage+threading "
        f"{1000 * m['storage'] / n:.2f} ({parts}) | rest (read, commit, open) "
        f"{1000 * other / n:.1f}   [ms/article]"
    )
    if top:
        rows = sorted(m["sql"].items(), key=lambda kv: -kv[1])[:top]
        for sql, secs in rows:
            print(f"      {1000 * secs / n:7.3f} ms/article  {sql}")


def kb_players(path: Path, inst: Instrument) -> list[tuple[str, str | None, int | None, str]]:
    raw = inst.raw_connect(path)
    try:
        rows = raw.execute(
            "SELECT person_id, bbref, mlbam, concat_ws(' ', name_first, name_last) FROM people "
            "WHERE mlb_games > 0 AND mlb_last >= 1990 AND person_id IS NOT NULL"
        ).fetchall()
    finally:
        raw.close()
    return [(str(r[0]), r[1], r[2], r[3]) for r in rows]


def batches(v: Variants, size: int) -> Iterator[list[dict[str, Any]]]:
    while True:
        yield v.rows(size)


def main() -> None:
    ap = argparse.ArgumentParser(description="hotstove incremental ingest cost vs archive size")
    ap.add_argument(
        "--kb",
        default=os.environ.get("HOTSTOVE_DB"),
        help="knowledge base to copy (default $HOTSTOVE_DB, else the configured one)",
    )
    ap.add_argument(
        "--scratch",
        default=str(Path(tempfile.gettempdir()) / "hotstove-ingestbench"),
        help="folder for the scratch copy and the batch files",
    )
    ap.add_argument("--sizes", default="1000,10000,100000", help="archive sizes to measure at")
    ap.add_argument("--batch", type=int, help="new articles per measured batch (default 200)")
    ap.add_argument("--quick", action="store_true", help="sizes 500,2000, batch 100 (smoke run)")
    ap.add_argument("--no-fix", action="store_true", help="skip the batch with the fix applied")
    ap.add_argument("--top", type=int, default=6, help="statements to list per batch (0: none)")
    ap.add_argument("--articles", default=str(DEV_ARTICLES), help="folder of base articles")
    args = ap.parse_args()
    sizes = [500, 2000] if args.quick else [int(x) for x in args.sizes.split(",") if x.strip()]
    args.batch = args.batch or (100 if args.quick else 200)

    kb = config.db_path(args.kb)
    work = Path(args.scratch)
    work.mkdir(parents=True, exist_ok=True)
    path = work / "kb.duckdb"
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    t = time.perf_counter()
    shutil.copyfile(kb, path)
    print(
        f"knowledge base {kb} copied to scratch {path} in {time.perf_counter() - t:.1f} s "
        "(the original is never opened for writing)"
    )

    inst = Instrument()
    inst.install()
    bases = load_bases(Path(args.articles))
    variants = Variants(bases)
    players = kb_players(path, inst)
    filler = Filler(players)
    fill_sql = Timer()
    print(
        f"{len(bases)} base articles; {len(players):,} real players for the fill remap; "
        f"measured batches of {args.batch}; checkpoints {', '.join(f'{s:,}' for s in sizes)}"
    )
    print(
        "MEASURED = hotstove.api.ingest(batch.jsonl) end to end (wall clock): read, has_article,"
        " analyse, next_seq, store_article, threads.assign, a commit per article."
    )
    print(
        "FILL (between checkpoints, not in the measured figures) = analysed records re-stored "
        "under new ids via archive.store_article + threads.assign, one transaction per "
        f"{FILL_CHUNK}, each executemany sent as one multi-row INSERT; players remapped, words "
        "shuffled, dates spread (see the docstring)."
    )

    # Warm-up: the 24 originals (loads the gazetteer, creates the tables) - printed, not counted.
    t = time.perf_counter()
    rep = api.ingest(sorted(Path(args.articles).glob("*.txt")), db=path)
    print(
        f"\nwarm-up: {rep.stored} original articles ingested in {time.perf_counter() - t:.1f} s "
        "(includes the gazetteer load; not a measured batch)"
    )

    gen = batches(variants, args.batch)
    summary = []
    for size in sizes:
        fill_sql.reset()
        added, secs = fill(inst, path, filler, inst.records, size, fill_sql)
        counts = count(path, inst)
        print(
            f"\n== archive at {counts['articles']:,} articles "
            f"({counts['threads']:,} threads, {counts['thread_bands']:,} thread bands, "
            f"{counts['article_moves']:,} moves, {counts['thread_articles']:,} thread links)"
        )
        if added:
            print(
                f"  fill: {added:,} records in {secs:.1f} s = {added / secs:.0f} articles/s, "
                f"{1000 * secs / added:.2f} ms/article (store_article + assign, no analyse)"
            )
            top = sorted(fill_sql.secs.items(), key=lambda kv: -kv[1])[: args.top]
            for sql, s in top:
                print(f"      {1000 * s / added:7.3f} ms/article  {sql}")
        m = measure(inst, path, next(gen), work, f"batch-{size}")
        show(m, "MEASURED baseline", args.top)
        row = {"size": counts["articles"], "base": m}
        if not args.no_fix:
            idx_secs = set_fix(inst, path, True)
            mf = measure(inst, path, next(gen), work, f"batch-{size}-fix")
            set_fix(inst, path, False)
            show(mf, f"MEASURED with fix (indexes built in {idx_secs:.2f} s)", args.top)
            row["fix"] = mf
        summary.append(row)

    print("\nsummary (ms/article of a measured batch; articles/s in brackets)")
    head = f"  {'archive':>9}  {'full ingest':>20}  {'storage+threads':>15}  {'analyse':>8}"
    if not args.no_fix:
        head += f"  {'fix: full':>20}  {'fix: storage':>12}"
    print(head)
    for r in summary:
        b = r["base"]
        n = max(1, b["stored"])
        line = (
            f"  {r['size']:>9,}  {1000 * b['wall'] / n:>8.1f} ({b['stored'] / b['wall']:>5.1f}/s)"
            f"  {1000 * b['storage'] / n:>15.2f}  {1000 * b['analyse'] / n:>8.1f}"
        )
        if "fix" in r:
            f = r["fix"]
            nf = max(1, f["stored"])
            line += (
                f"  {1000 * f['wall'] / nf:>8.1f} ({f['stored'] / f['wall']:>5.1f}/s)"
                f"  {1000 * f['storage'] / nf:>12.2f}"
            )
        print(line)
    print(f"\nscratch files left in {work} (delete the folder when done)")


if __name__ == "__main__":
    main()
