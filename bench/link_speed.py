"""Benchmark: hotstove's linker beside spaCy's plain tokenizer, on the same articles, in one run.

Run:  .venv/bin/python bench/link_speed.py [--kb PATH] [--repeat N] [--articles DIR] [--cold]
Needs the ``bench`` extra (spaCy):  .venv/bin/pip install -e '.[bench]'

The articles are read once. Then the same texts go N times through ``spacy.blank("en")``'s
tokenizer alone and N times through ``hotstove.linking.link_article`` (the gazetteer loaded once
beforehand, its load timed apart). Prints articles/s for each and the ratio hotstove / spaCy
(target >= 1.0: linking an article at least as fast as only tokenizing it). Also shows that the
gazetteer is loaded once per process: a batch of ``--batch`` articles asking ``load_gazetteer``
for it gets the same object every time, with no rebuild and no reload from the disk cache.
Times are process CPU time (the best of a few rounds), so other work on the machine matters less.
Prints figures only; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path

from hotstove import config
from hotstove.kb.store import KB
from hotstove.linking import gazetteer as gazetteer_mod
from hotstove.linking import link_article, load_gazetteer
from hotstove.reading import read
from hotstove.records import Article

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ARTICLES = [
    ROOT.parent / "shared" / "eval" / "dev" / "articles",
    ROOT.parent / "shared" / "examples" / "articles",
]
MIN_SECONDS = 2.0  # the spaCy side runs at least this long when --repeat is not given
ROUNDS = 3  # each side is timed this many times (interleaved); the best counts


def cpu() -> float:
    return time.process_time()


def cache_files() -> dict[Path, float]:
    d = config.cache_dir()
    return {p: p.stat().st_mtime for p in d.glob("gazetteer-*.pkl")} if d.is_dir() else {}


def timed(fn: Callable[[], object]) -> float:
    t = cpu()
    fn()
    return cpu() - t


def main() -> None:
    ap = argparse.ArgumentParser(description="hotstove link_article beside spaCy's tokenizer")
    ap.add_argument(
        "--kb",
        default=os.environ.get("HOTSTOVE_DB"),
        help="knowledge base (default $HOTSTOVE_DB, else the configured one)",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=0,
        help="passes over the articles per round (default: enough for >= 2 s)",
    )
    ap.add_argument(
        "--articles",
        type=Path,
        action="append",
        help="folder of articles (repeatable; default the dev set and the examples)",
    )
    ap.add_argument(
        "--batch", type=int, default=10_000, help="articles in the one-load check (default 10000)"
    )
    ap.add_argument(
        "--cold",
        action="store_true",
        help="also time building the gazetteer from the knowledge base (slow)",
    )
    args = ap.parse_args()

    import spacy  # the bench extra

    dirs = args.articles or [d for d in DEFAULT_ARTICLES if d.is_dir()]
    if not dirs:
        raise SystemExit("no articles: pass --articles DIR")
    articles = [a for a in read([str(d) for d in dirs]) if isinstance(a, Article)]
    if not articles:
        raise SystemExit(f"no articles read from {', '.join(map(str, dirs))}")
    texts = [a.text for a in articles]
    n = len(articles)
    chars = sum(map(len, texts))
    print(f"articles: {n} from {', '.join(str(d) for d in dirs)} ({chars / n:,.0f} chars each)")

    # --- the gazetteer: loaded once ------------------------------------------------------------
    kb = KB.open(args.kb)
    before = cache_files()
    t = time.perf_counter()
    gaz = load_gazetteer(kb)
    first = time.perf_counter() - t
    after = cache_files()
    written = [p for p, m in after.items() if before.get(p) != m]
    how = "built from the knowledge base, then cached" if written else "from the disk cache"
    print(f"gazetteer first load:      {first:7.2f} s  ({how})")
    if written:  # the cached load a later process would do
        t = time.perf_counter()
        with written[0].open("rb") as f:
            pickle.load(f)
        print(f"gazetteer disk-cache load: {time.perf_counter() - t:7.2f} s")
    if args.cold:
        t = time.perf_counter()
        gazetteer_mod.build_gazetteer(kb)
        print(f"gazetteer cold build:      {time.perf_counter() - t:7.2f} s  (not cached)")

    # the same object for a whole batch: no rebuild, no reload from disk
    counts = {"build": 0, "disk": 0}
    real_build, real_pickle = gazetteer_mod.build_gazetteer, gazetteer_mod.pickle

    def counting_build(kb_: KB) -> gazetteer_mod.Gazetteer:
        counts["build"] += 1
        return real_build(kb_)

    class CountingPickle:
        HIGHEST_PROTOCOL = pickle.HIGHEST_PROTOCOL
        dump = staticmethod(pickle.dump)

        @staticmethod
        def load(f: object) -> object:
            counts["disk"] += 1
            return pickle.load(f)  # type: ignore[arg-type]

    gazetteer_mod.build_gazetteer = counting_build  # type: ignore[assignment]
    gazetteer_mod.pickle = CountingPickle  # type: ignore[assignment]
    try:
        t = time.perf_counter()
        for _ in range(args.batch):  # what a caller asking once per article would get
            got = load_gazetteer(kb)
            assert got is gaz, "load_gazetteer returned a different gazetteer within one process"
        per_call = (time.perf_counter() - t) / max(1, args.batch)
    finally:
        gazetteer_mod.build_gazetteer = real_build
        gazetteer_mod.pickle = real_pickle
    assert counts == {"build": 0, "disk": 0}, counts
    print(
        f"batch of {args.batch:,} articles: the same gazetteer object every time, "
        f"0 rebuilds, 0 disk loads ({per_call * 1e3:.3f} ms per load_gazetteer call)"
    )

    # --- spaCy's tokenizer vs hotstove's linker --------------------------------------------------
    nlp = spacy.blank("en")
    tokenizer = nlp.tokenizer
    for text in texts:  # warm both up (spaCy's tokenizer caches words; hotstove's lru caches)
        tokenizer(text)
    for a in articles:
        link_article(a, gaz)
    repeat = args.repeat
    if repeat <= 0:  # calibrate on >= 0.25 s of tokenizing, then aim 50% over MIN_SECONDS
        passes, spent = 0, 0.0
        while spent < 0.25:
            spent += timed(lambda: [tokenizer(x) for x in texts])
            passes += 1
        repeat = max(1, round(1.5 * MIN_SECONDS * passes / max(spent, 1e-9)))

    def run_spacy() -> None:
        for _ in range(repeat):
            for x in texts:
                tokenizer(x)

    def run_hotstove() -> None:
        for _ in range(repeat):
            for a in articles:
                link_article(a, gaz)

    best_spacy = best_hot = float("inf")
    for _ in range(ROUNDS):
        best_spacy = min(best_spacy, timed(run_spacy))
        best_hot = min(best_hot, timed(run_hotstove))
    done = n * repeat
    rate_spacy, rate_hot = done / best_spacy, done / best_hot
    print(
        f"repeat: {repeat} passes x {n} articles = {done:,} articles per round, "
        f"best of {ROUNDS} rounds (CPU time)"
    )
    print(
        f'spaCy blank("en") tokenizer: {rate_spacy:8,.0f} articles/s  '
        f"({best_spacy / done * 1e3:.3f} ms/article, {best_spacy:.2f} s)"
    )
    print(
        f"hotstove link_article:       {rate_hot:8,.0f} articles/s  "
        f"({best_hot / done * 1e3:.3f} ms/article, {best_hot:.2f} s)"
    )
    print(f"ratio hotstove / spaCy:      {rate_hot / rate_spacy:8.2f}x  (target >= 1.0)")

    # --- checking beside reading: what `hotstove check` adds to `hotstove read` -----------------
    # Reading = the article read from its file and linked; checking adds extracting every claim
    # and judging it against the KB. Each round opens a fresh KB handle, so the players' rows are
    # fetched as a real batch fetches them (the first story naming a player pays for him).
    from hotstove.claims.extract import extract_claims
    from hotstove.claims.verify import verify_claims

    paths = [p for d in dirs for p in sorted(d.glob("*")) if p.is_file()]

    def read_and_link() -> None:
        for item in read(paths):
            if isinstance(item, Article):
                link_article(item, gaz)

    def read_link_check() -> None:
        with KB.open(args.kb) as fresh:
            for item in read(paths):
                if isinstance(item, Article):
                    la = link_article(item, gaz)
                    verify_claims(extract_claims(la), fresh, published=item.published)

    best_read = best_check = float("inf")
    for _ in range(ROUNDS):
        t = time.perf_counter()
        read_and_link()
        best_read = min(best_read, time.perf_counter() - t)
        t = time.perf_counter()
        read_link_check()
        best_check = min(best_check, time.perf_counter() - t)
    print(
        f"read + link:                 {best_read / n * 1e3:8.2f} ms/article (wall, best of "
        f"{ROUNDS})"
    )
    print(f"read + link + check:         {best_check / n * 1e3:8.2f} ms/article")
    print(f"ratio check / read:          {best_check / best_read:8.2f}x  (target <= 2.0)")
    kb.close()


if __name__ == "__main__":
    main()
