"""The web app's hold on the knowledge base: one read-only database per app, a cursor per request.

The file is opened read-only once, at the first request. Each request borrows a ``KB`` built on a
cursor of that connection (DuckDB cursors are the thread-safe way to share one database) and gives
it back afterwards, so the per-connection caches (table list, surname index) outlive the request.
Evaluations of a move run on one dedicated handle, one at a time: the valuation tables are cached
per ``KB`` object, so they are computed once per app instead of once per request.

While the app holds the file, no other process can write it (DuckDB's file lock), so the archive
changes only when the app itself stores a pasted article: ``exclusive()`` waits for the requests
in flight, closes every handle (a read-write connection cannot share the process with read-only
ones), lets the caller write, and bumps ``generation`` so the archive caches start afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hotstove.kb.store import KB


class LRU:
    """A small thread-safe least-recently-used cache of computed records."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Any, value: Any) -> Any:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def get_or(self, key: Any, make: Callable[[], Any]) -> Any:
        hit = self.get(key)
        return hit if hit is not None else self.put(key, make())

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class Handles:
    """Read handles on one knowledge-base file, an evaluation handle, and the write gate."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.generation = 0
        self._base: KB | None = None
        self._idle: list[KB] = []
        self._valuation: KB | None = None
        self._valuation_lock = threading.Lock()
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        # records computed from the knowledge-base tables (unchanged while the app runs)
        self.cards = LRU(256)
        self.clubs = LRU(64)
        self.transactions = LRU(256)
        self.evaluations = LRU(64)
        # records computed from the archive tables (start afresh when the app stores an article)
        self.archive = LRU(128)

    @contextmanager
    def read(self) -> Iterator[KB]:
        """A read-only ``KB`` for the duration of one request."""
        with self._cond:
            while self._writing:
                self._cond.wait()
            if self._base is None:
                self._base = KB.open(self.path)
            kb = self._idle.pop() if self._idle else KB(self._base.con.cursor(), self.path)
            self._readers += 1
        try:
            yield kb
        finally:
            with self._cond:
                self._readers -= 1
                self._idle.append(kb)
                self._cond.notify_all()

    @contextmanager
    def valuation(self) -> Iterator[KB]:
        """The one handle evaluations run on (their caches are kept per ``KB``), one at a time."""
        with self.read(), self._valuation_lock:
            if self._valuation is None:
                assert self._base is not None  # opened by read()
                self._valuation = KB(self._base.con.cursor(), self.path)
            yield self._valuation

    @contextmanager
    def exclusive(self) -> Iterator[Path]:
        """Close every handle until the block ends, so the caller may open the file to write."""
        with self._cond:
            while self._writing or self._readers:
                self._cond.wait()
            self._writing = True
            self._close()
        try:
            yield self.path
        finally:
            with self._cond:
                self._writing = False
                self.generation += 1
                self.archive.clear()
                self._cond.notify_all()

    def _close(self) -> None:
        for kb in [*self._idle, self._valuation, self._base]:
            if kb is not None:
                kb.close()
        self._idle.clear()
        self._valuation = None
        self._base = None

    def close(self) -> None:
        with self._cond:
            self._close()
