"""Baseball Savant catcher leaderboards: framing, blocking, pop time (and throwing, fetch only).

Local copy: ``$HOTSTOVE_DATA/savant-catchers/``. Two layouts are read:

- ``{season}/catcher-framing.csv``, ``{season}/catcher_blocking.csv``, ``{season}/poptime.csv``:
  the leaderboards as Savant's CSV buttons give them today (no season column in framing and pop
  time: the folder names the season). ``fetch`` writes here, so a user with internet gets files
  the loader already reads.
- ``history/catcher_framing_{year}.csv`` (the old framing leaderboard: ``runs_extra_strikes``,
  strike rate in percent, first row the league average) and ``history/poptime_{year}.csv``
  (today's pop-time columns plus ``year``).

When a season is in both, the season folder wins and ``history/`` is not read for it. The old
framing file's league-average row is kept out of the player rows, in ``catcher_framing_league``.
``strike_rate`` is a fraction (0.47) in both layouts (the old files' percents are divided by
100). Names are given as "First Last". Credit Baseball Savant (MLB Advanced Media).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx

from hotstove.errors import BadInput, SourceUnavailable
from hotstove.kb.fetch import client_scope, csv_check, download, first_line
from hotstove.storage.duck import Duck

CREDIT = "Baseball Savant (MLB Advanced Media)"
DEFAULT_BASE_URL = "https://baseballsavant.mlb.com"
ENV_BASE_URL = "HOTSTOVE_SAVANT_URL"
MAX_BYTES = 20_000_000  # a leaderboard is tens of kB

Leaderboard = Literal["framing", "blocking", "poptime", "throwing"]
LEADERBOARDS: tuple[Leaderboard, ...] = ("framing", "blocking", "poptime", "throwing")

# leaderboard -> file name inside a season folder
FILE_NAMES: dict[str, str] = {
    "framing": "catcher-framing.csv",
    "blocking": "catcher_blocking.csv",
    "poptime": "poptime.csv",
    "throwing": "catcher_throwing.csv",
}


@dataclass(frozen=True, slots=True)
class _Endpoint:
    path: str
    params: dict[str, str]  # "{y}" stands for the season
    expect: tuple[str, ...]  # the header names at least one of these


_ENDPOINTS: dict[str, _Endpoint] = {
    "framing": _Endpoint(
        "/catcher_framing",
        {"year": "{y}", "team": "", "min": "q", "type": "catcher", "sort": "4,1", "csv": "true"},
        ("rv_tot", "runs_extra_strikes"),
    ),
    "blocking": _Endpoint(
        "/leaderboard/catcher-blocking",
        {
            "game_type": "Regular",
            "n": "q",
            "season_start": "{y}",
            "season_end": "{y}",
            "split": "no",
            "team": "",
            "type": "Cat",
            "with_team_only": "1",
            "csv": "true",
        },
        ("catcher_blocking_runs", "blocks_above_average"),
    ),  # fmt: skip
    "poptime": _Endpoint(
        "/leaderboard/poptime",
        {"year": "{y}", "team": "", "min2b": "5", "min3b": "0", "csv": "true"},
        ("pop_2b_sba",),
    ),
    "throwing": _Endpoint(
        "/leaderboard/catcher-throwing",
        {
            "game_type": "Regular",
            "n": "q",
            "season_start": "{y}",
            "season_end": "{y}",
            "split": "no",
            "team": "",
            "type": "Cat",
            "with_team_only": "1",
            "target_base": "All",
            "csv": "true",
        },
        (),
    ),  # fmt: skip
}

# Columns each kind of file must have (checked before reading, for a clear error).
_NEEDS: dict[str, tuple[str, ...]] = {
    "framing": ("id", "name", "pitches", "rv_tot", "pct_tot"),
    "framing_old": (
        "last_name",
        "first_name",
        "player_id",
        "year",
        "n_called_pitches",
        "runs_extra_strikes",
        "strike_rate",
    ),  # fmt: skip
    "blocking": (
        "player_id",
        "player_name",
        "pitches",
        "catcher_blocking_runs",
        "blocks_above_average",
        "n_pbwp",
        "x_pbwp",
    ),  # fmt: skip
    "poptime": (
        "entity_name",
        "entity_id",
        "team_id",
        "age",
        "maxeff_arm_2b_3b_sba",
        "exchange_2b_3b_sba",
        "pop_2b_sba_count",
        "pop_2b_sba",
        "pop_2b_cs",
        "pop_2b_sb",
        "pop_3b_sba_count",
        "pop_3b_sba",
    ),  # fmt: skip
}

_TABLES = {
    "catcher_framing": "season INTEGER, mlbam BIGINT, name VARCHAR, pitches BIGINT, "
    "framing_runs DOUBLE, strike_rate DOUBLE, source VARCHAR",
    "catcher_framing_league": "season INTEGER, pitches BIGINT, framing_runs DOUBLE, "
    "strike_rate DOUBLE, source VARCHAR",
    "catcher_blocking": "season INTEGER, mlbam BIGINT, name VARCHAR, pitches BIGINT, "
    "blocking_runs DOUBLE, blocks_above_average DOUBLE, pb_wp BIGINT, x_pb_wp DOUBLE, "
    "source VARCHAR",
    "catcher_poptime": "season INTEGER, mlbam BIGINT, name VARCHAR, team_id INTEGER, "
    "age INTEGER, arm_strength DOUBLE, exchange DOUBLE, pop_2b DOUBLE, pop_2b_att BIGINT, "
    "pop_2b_cs DOUBLE, pop_2b_sb DOUBLE, pop_3b DOUBLE, pop_3b_att BIGINT, source VARCHAR",
}


def _first_last(col: str) -> str:
    """SQL turning Savant's "Last, First" into "First Last" (other names unchanged)."""
    return (
        f"CASE WHEN strpos({col}, ', ') > 0 THEN split_part({col}, ', ', 2) || ' ' || "
        f"split_part({col}, ', ', 1) ELSE {col} END"
    )


_READ = "read_csv($path, header = true, auto_detect = true, types = {types})"

_FRAMING = f"""
    INSERT INTO catcher_framing
    SELECT CAST($season AS INTEGER), id, {_first_last("name")}, pitches, rv_tot, pct_tot, $source
    FROM {
    _READ.format(
        types="{'id': 'BIGINT', 'name': 'VARCHAR', 'pitches': 'BIGINT', "
        "'rv_tot': 'DOUBLE', 'pct_tot': 'DOUBLE'}"
    )
}
    WHERE id IS NOT NULL
"""
_FRAMING_LEAGUE = f"""
    INSERT INTO catcher_framing_league
    SELECT CAST($season AS INTEGER), pitches, rv_tot, pct_tot, $source
    FROM {
    _READ.format(
        types="{'id': 'BIGINT', 'pitches': 'BIGINT', 'rv_tot': 'DOUBLE', 'pct_tot': 'DOUBLE'}"
    )
}
    WHERE id IS NULL
"""
_OLD_TYPES = (
    "{'player_id': 'DOUBLE', 'year': 'INTEGER', 'n_called_pitches': 'BIGINT', "
    "'runs_extra_strikes': 'DOUBLE', 'strike_rate': 'DOUBLE', 'last_name': 'VARCHAR', "
    "'first_name': 'VARCHAR'}"
)
_FRAMING_OLD = f"""
    INSERT INTO catcher_framing
    SELECT coalesce(year, CAST($season AS INTEGER)), CAST(player_id AS BIGINT),
           trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')),
           n_called_pitches, runs_extra_strikes, round(strike_rate / 100.0, 5), $source
    FROM {_READ.format(types=_OLD_TYPES)}
    WHERE player_id IS NOT NULL
"""
_FRAMING_OLD_LEAGUE = f"""
    INSERT INTO catcher_framing_league
    SELECT coalesce(year, CAST($season AS INTEGER)), n_called_pitches, runs_extra_strikes,
           round(strike_rate / 100.0, 5), $source
    FROM {_READ.format(types=_OLD_TYPES)}
    WHERE player_id IS NULL
"""
_BLOCKING = f"""
    INSERT INTO catcher_blocking
    SELECT CAST($season AS INTEGER), player_id, {_first_last("player_name")}, pitches,
           catcher_blocking_runs, blocks_above_average, n_pbwp, x_pbwp, $source
    FROM {
    _READ.format(
        types="{'player_id': 'BIGINT', 'player_name': 'VARCHAR', "
        "'pitches': 'BIGINT', 'catcher_blocking_runs': 'DOUBLE', "
        "'blocks_above_average': 'DOUBLE', 'n_pbwp': 'BIGINT', "
        "'x_pbwp': 'DOUBLE'}"
    )
}
    WHERE player_id IS NOT NULL
"""
_POPTIME_TYPES = (
    "{'entity_name': 'VARCHAR', 'entity_id': 'BIGINT', 'team_id': 'INTEGER', 'age': 'INTEGER', "
    "'maxeff_arm_2b_3b_sba': 'DOUBLE', 'exchange_2b_3b_sba': 'DOUBLE', "
    "'pop_2b_sba_count': 'BIGINT', 'pop_2b_sba': 'DOUBLE', 'pop_2b_cs': 'DOUBLE', "
    "'pop_2b_sb': 'DOUBLE', 'pop_3b_sba_count': 'BIGINT', 'pop_3b_sba': 'DOUBLE'}"
)
_POPTIME = """
    INSERT INTO catcher_poptime
    SELECT {season}, entity_id, {name}, team_id, age, maxeff_arm_2b_3b_sba,
           exchange_2b_3b_sba, pop_2b_sba, pop_2b_sba_count, pop_2b_cs, pop_2b_sb, pop_3b_sba,
           pop_3b_sba_count, $source
    FROM {read}
    WHERE entity_id IS NOT NULL
"""


def folder(data_dir: Path) -> Path:
    """``data_dir/savant-catchers`` when ``data_dir`` is the data folder, else ``data_dir``."""
    inner = data_dir / "savant-catchers"
    return inner if inner.is_dir() else data_dir


def present(data_dir: Path | None) -> bool:
    return data_dir is not None and folder(data_dir).is_dir()


def _season_dirs(root: Path) -> dict[int, Path]:
    if not root.is_dir():
        return {}
    return {int(p.name): p for p in root.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)}


def _history(root: Path, pattern: str) -> dict[int, Path]:
    found: dict[int, Path] = {}
    hist = root / "history"
    if hist.is_dir():
        for p in hist.iterdir():
            m = re.fullmatch(pattern, p.name)
            if m and p.is_file():
                found[int(m.group(1))] = p
    return found


def _header(path: Path) -> set[str]:
    with path.open("rb") as fh:
        line = first_line(fh.read(64 * 1024))
    return {c.strip().strip('"') for c in line.split(",")}


def _check_columns(path: Path, kind: str) -> None:
    have = _header(path)
    missing = [c for c in _NEEDS[kind] if c not in have]
    if missing:
        raise SourceUnavailable(
            f"{path} is not a Savant {kind.replace('_old', '')} leaderboard as expected "
            f"(missing columns: {', '.join(missing)})."
        )


def load(con: Duck, data_dir: Path) -> dict[str, int]:
    """Create ``catcher_framing``, ``catcher_framing_league``, ``catcher_blocking`` and
    ``catcher_poptime`` from the local files (``CREATE OR REPLACE``); return their row counts.

    ``data_dir`` is the data folder (``HOTSTOVE_DATA``) or its ``savant-catchers`` folder. A
    table with no file is created empty.
    """
    root = folder(Path(data_dir))
    seasons = _season_dirs(root)

    def src(path: Path) -> str:
        return "savant:" + path.relative_to(root).as_posix()

    for table, columns in _TABLES.items():
        con.execute(f"CREATE OR REPLACE TABLE {table} ({columns})")

    new_framing = {y: d / FILE_NAMES["framing"] for y, d in seasons.items()}
    new_framing = {y: p for y, p in new_framing.items() if p.is_file()}
    for season, path in sorted(new_framing.items()):
        old_style = "runs_extra_strikes" in _header(path)  # Savant's older framing export
        _check_columns(path, "framing_old" if old_style else "framing")
        params = {"path": str(path), "season": season, "source": src(path)}
        con.execute(_FRAMING_OLD if old_style else _FRAMING, params)
        con.execute(_FRAMING_OLD_LEAGUE if old_style else _FRAMING_LEAGUE, params)
    for season, path in sorted(_history(root, r"catcher_framing_(\d{4})\.csv").items()):
        if season in new_framing:
            continue
        _check_columns(path, "framing_old")
        params = {"path": str(path), "season": season, "source": src(path)}
        con.execute(_FRAMING_OLD, params)
        con.execute(_FRAMING_OLD_LEAGUE, params)

    for season, d in sorted(seasons.items()):
        path = d / FILE_NAMES["blocking"]
        if path.is_file():
            _check_columns(path, "blocking")
            con.execute(_BLOCKING, {"path": str(path), "season": season, "source": src(path)})

    pop = {y: d / FILE_NAMES["poptime"] for y, d in seasons.items()}
    pop = {y: p for y, p in pop.items() if p.is_file()}
    for season, path in _history(root, r"poptime_(\d{4})\.csv").items():
        pop.setdefault(season, path)  # history/ only for seasons without a season folder file
    sql = _POPTIME.format(
        season="CAST($season AS INTEGER)",
        name=_first_last("entity_name"),
        read=_READ.format(types=_POPTIME_TYPES),
    )
    for season, path in sorted(pop.items()):
        _check_columns(path, "poptime")
        con.execute(sql, {"path": str(path), "season": season, "source": src(path)})

    counts: dict[str, int] = {}
    for table in _TABLES:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


def url_for(leaderboard: Leaderboard, season: int, *, base_url: str | None = None) -> str:
    """The CSV address of one leaderboard and season (as documented in the data README)."""
    endpoint = _endpoint(leaderboard)
    query = str(httpx.QueryParams(_params(endpoint, season)))
    return f"{_base(base_url)}{endpoint.path}?{query}"


def _base(override: str | None) -> str:
    """``base_url=``, else ``HOTSTOVE_SAVANT_URL``, else the public site."""
    return (override or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).rstrip("/")


def _endpoint(leaderboard: str) -> _Endpoint:
    try:
        return _ENDPOINTS[leaderboard]
    except KeyError:
        raise BadInput(
            f"Unknown Savant leaderboard {leaderboard!r}; choose one of {', '.join(LEADERBOARDS)}."
        ) from None


def _params(endpoint: _Endpoint, season: int) -> dict[str, str]:
    return {k: v.replace("{y}", str(season)) for k, v in endpoint.params.items()}


def fetch(
    leaderboard: Leaderboard,
    season: int,
    dest_dir: Path,
    *,
    base_url: str | None = None,
    client: httpx.Client | None = None,
) -> Path:
    """Download one leaderboard CSV to ``dest_dir/{season}/<file>`` (the layout ``load`` reads).

    ``dest_dir`` is the ``savant-catchers`` folder. The file is written atomically; an HTTP
    error, a web page instead of CSV, an unexpected header or a body over 20 MB raises
    ``SourceUnavailable`` and leaves any earlier copy in place.
    """
    endpoint = _endpoint(leaderboard)
    if not 2008 <= int(season) <= 2100:
        raise BadInput(f"Savant leaderboards start in 2008 (pop time 2015); not {season}.")
    what = f"Baseball Savant {leaderboard} leaderboard {season}"
    dest = Path(dest_dir) / str(int(season)) / FILE_NAMES[leaderboard]
    with client_scope(client) as c:
        return download(
            c,
            f"{_base(base_url)}{endpoint.path}",
            dest,
            params=_params(endpoint, int(season)),
            what=what,
            max_bytes=MAX_BYTES,
            check_head=csv_check(what, header_has=endpoint.expect),
        )
