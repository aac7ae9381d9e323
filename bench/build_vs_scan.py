"""Benchmark: `hotstove data build` beside DuckDB simply loading the same source files.

Run:  .venv/bin/python bench/build_vs_scan.py [--data-dir ../shared/data] [--repeat 1]

Prints the seconds of each and their ratio, measured in the same run on the same machine.
Targets (issue 2): the build at most 2x the raw load, and under 60 s on a 2-core machine.
The reference copies every source file the build reads into a fresh DuckDB file, table by table,
with no joins, no reshaping and no name model: the least any build must do.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import duckdb

from hotstove import config
from hotstove.kb.build import build


def raw_load(db: Path, data_dir: Path, lahman_dir: Path) -> None:
    con = duckdb.connect(str(db))
    con.execute("SET enable_progress_bar = false")
    n = 0

    def load(sql: str, arg: object) -> None:
        nonlocal n
        n += 1
        con.execute(f"CREATE TABLE t{n} AS SELECT * FROM {sql}", [arg])

    for p in sorted(lahman_dir.glob("*.parquet")):
        load("read_parquet(?)", str(p))
    load("read_csv(?, header = true, all_varchar = true, union_by_name = true)",
         sorted(str(p) for p in (data_dir / "chadwick").glob("people-*.csv")))  # fmt: skip
    load("read_csv(?, header = true, all_varchar = true)", str(data_dir / "chadwick" / "names.csv"))
    for sub in ("batting", "pitching"):
        files = sorted(str(p) for p in (data_dir / "milb" / "mlbapi-2015-2024" / sub).glob("*.csv"))
        load("read_csv(?, header = true, union_by_name = true)", files)
    for p in sorted((data_dir / "milb" / "fangraphs-2025").rglob("*.csv")):
        load("read_csv(?, header = true)", str(p))
    for p in sorted((data_dir / "savant-catchers").rglob("*.csv")):
        load("read_csv(?, header = true)", str(p))
    for p in sorted((data_dir / "contracts").glob("*.csv")):
        load("read_csv(?, header = true, all_varchar = true)", str(p))
    tx = sorted(str(p) for p in (data_dir / "transactions" / "mlb-2001-2021").glob("*.csv"))
    load("read_csv(?, header = true, all_varchar = true)", tx)
    lad = data_dir / "transactions" / "lad-2025-2026"
    load("read_json(?, format = 'array')", str(lad / "dodgers_transactions_all_versions.json"))
    load("read_csv(?, header = true, all_varchar = true)",
         sorted(str(p) for p in lad.glob("dodgers_roster_current_*.csv")))  # fmt: skip
    con.execute("CHECKPOINT")
    con.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    data_dir = config.data_dir(args.data_dir)
    if data_dir is None or not data_dir.is_dir():
        raise SystemExit("no data folder: pass --data-dir or set HOTSTOVE_DATA")
    lahman_dir = config.lahman_dir()
    with tempfile.TemporaryDirectory() as tmp:
        best_raw = best_build = float("inf")
        for i in range(args.repeat):
            t = time.perf_counter()
            raw_load(Path(tmp) / f"raw{i}.duckdb", data_dir, lahman_dir)
            best_raw = min(best_raw, time.perf_counter() - t)
            t = time.perf_counter()
            build(Path(tmp) / f"kb{i}.duckdb", data_dir)
            best_build = min(best_build, time.perf_counter() - t)
    print(f"cores: {os.cpu_count()}")
    print(f"raw load of the same files: {best_raw:6.1f} s")
    print(f"hotstove data build:        {best_build:6.1f} s")
    print(f"ratio build / raw:          {best_build / best_raw:6.2f}x   (target <= 2.0x, < 60 s)")


if __name__ == "__main__":
    main()
