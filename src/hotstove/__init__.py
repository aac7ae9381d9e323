"""hotstove: baseball trade rumors, read, linked, fact-checked and valued.

The public API: ``read()``, ``read_text()``, ``player()``, ``team()``, ``lookup()``, ``trade()``,
``leaders()``, ``backtest()``, ``ingest()``, ``rumors()``, ``reporters()``, ``evaluate()``,
``build()``, ``status()``.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
_API = (
    "backtest", "build", "evaluate", "ingest", "leaders", "lookup", "player", "read", "read_text",
    "reporters", "rumors", "status", "team", "trade",
)  # fmt: skip
__all__ = [*_API, "__version__"]


def __getattr__(name: str) -> Any:
    # The API module imports DuckDB and pandas-facing code; load it on first use only.
    if name in _API:
        from hotstove import api

        return getattr(api, name)
    raise AttributeError(name)
