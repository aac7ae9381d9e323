"""Errors a user can read.

HotstoveError                 one base to catch; the CLI prints ``code: message`` and exits 1
 +-- KBNotBuilt               no database at the path (build it first)
 +-- KBCorrupt                the database file cannot be opened
 +-- SourceUnavailable        a data folder, file or URL is missing or unreadable
 +-- NotFound                 no player or club matches (carries suggestions)
 +-- AmbiguousName            several players match (carries candidates)
 +-- BadInput                 an argument the user gave is empty or malformed
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class HotstoveError(Exception):
    code = "HS100"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class KBNotBuilt(HotstoveError):
    code = "HS101"

    def __init__(self, path: Path) -> None:
        super().__init__(f"No knowledge base at {path}. Build it with `hotstove data build`.")
        self.path = path


class KBCorrupt(HotstoveError):
    code = "HS102"

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"The knowledge base at {path} cannot be read ({reason}). "
            "Rebuild it with `hotstove data build`."
        )
        self.path = path


class SourceUnavailable(HotstoveError):
    code = "HS103"


class NotFound(HotstoveError):
    code = "HS104"

    def __init__(self, message: str, suggestions: list[Any] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class AmbiguousName(HotstoveError):
    code = "HS105"

    def __init__(self, message: str, candidates: list[Any]) -> None:
        super().__init__(message)
        self.candidates = candidates


class BadInput(HotstoveError):
    code = "HS106"
