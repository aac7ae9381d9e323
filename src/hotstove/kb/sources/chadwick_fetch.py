"""Download the Chadwick Baseball Bureau register (for users with internet).

The register's public repository publishes ``data/people-0.csv`` ... ``data/people-f.csv`` (16
shards), ``data/names.csv`` and ``data/countries.csv``. They are saved under their own names in
one folder (``$HOTSTOVE_DATA/chadwick`` layout), which ``hotstove.kb.sources.chadwick`` reads.
Each file is checked (its header) and written atomically, so a re-run overwrites a file only with
a complete, valid copy. Credit: Chadwick Baseball Bureau (ODC Attribution License 1.0).
"""

from __future__ import annotations

import os
from pathlib import Path

import httpx

from hotstove.errors import BadInput, SourceUnavailable
from hotstove.kb.fetch import Progress, client_scope, csv_check, download

DEFAULT_BASE_URL = "https://raw.githubusercontent.com/chadwickbureau/register/master/data/"
ENV_BASE_URL = "HOTSTOVE_REGISTER_URL"
MAX_BYTES = 200_000_000  # each shard is a few MB; the cap only stops a runaway answer

SHARDS = tuple(f"people-{c}.csv" for c in "0123456789abcdef")
# file name -> how its header must start
_HEADERS: dict[str, str] = {
    **{shard: "key_person,key_uuid,key_mlbam" for shard in SHARDS},
    "names.csv": "key_person,",
    "countries.csv": "key_iso_alpha2,",
}


def register_files(*, countries: bool = True) -> list[str]:
    """The file names fetched: the 16 shards, ``names.csv`` and (optionally) ``countries.csv``."""
    names = [*SHARDS, "names.csv"]
    return [*names, "countries.csv"] if countries else names


def _base(override: str | None) -> str:
    base = override or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
    return base if base.endswith("/") else base + "/"


def fetch_file(
    name: str,
    dest_dir: Path,
    *,
    base_url: str | None = None,
    client: httpx.Client | None = None,
    progress: Progress | None = None,
) -> Path:
    """Download one register file into ``dest_dir/name`` (atomically, header checked)."""
    if name not in _HEADERS:
        raise BadInput(f"{name!r} is not a register file; expected one of {register_files()}.")
    what = f"Chadwick register {name}"
    check = csv_check(what, header_starts=_HEADERS[name])
    with client_scope(client) as c:
        return download(
            c,
            _base(base_url) + name,
            Path(dest_dir) / name,
            what=what,
            max_bytes=MAX_BYTES,
            check_head=check,
            progress=progress,
        )


def fetch_register(
    dest_dir: Path,
    *,
    base_url: str | None = None,
    client: httpx.Client | None = None,
    progress: Progress | None = None,
    countries: bool = True,
) -> list[Path]:
    """Download the whole register into ``dest_dir``; return the paths written.

    Every file is tried even when one fails; the files that came are kept, and then one
    ``SourceUnavailable`` names every file that did not. ``progress(advance_bytes, total)`` is
    called as bytes arrive (``total``: the current file's size when the server gives it).
    """
    written: list[Path] = []
    failures: list[str] = []
    with client_scope(client) as c:
        for name in register_files(countries=countries):
            try:
                written.append(
                    fetch_file(name, dest_dir, base_url=base_url, client=c, progress=progress)
                )
            except SourceUnavailable as exc:
                failures.append(str(exc))
    if failures:
        raise SourceUnavailable(
            f"{len(failures)} of {len(failures) + len(written)} register files failed "
            f"({len(written)} saved in {dest_dir}): " + " | ".join(failures)
        )
    return written
