"""hotstove: baseball trade rumors, read, linked, fact-checked and valued.

The public API: ``read()``, ``read_text()``, ``player()``, ``team()``, ``lookup()``,
``evaluate()``, ``build()``, ``status()``.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = [
    "build", "evaluate", "lookup", "player", "read", "read_text", "status", "team", "__version__",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    # The API module imports DuckDB and pandas-facing code; load it on first use only.
    if name in {"build", "evaluate", "lookup", "player", "read", "read_text", "status", "team"}:
        from hotstove import api

        return getattr(api, name)
    raise AttributeError(name)
