"""Reporters' track record: of the rumors each reporter or outlet was first to credit, how many
came true as reported, went elsewhere, were denied, or are still open; and the lead time.

A thread's fate comes first from the later articles in it (completed or denied). A thread the
articles leave open is judged from the data: the transaction wire (``wire_moves``: the player
traded, signed or claimed to the buying club on or after the first report came true, on that date;
to another club, went elsewhere), else the players' season stints (he played for the buyer in a
season from the report's on: came true, with no date, so no lead time; for a third club only:
went elsewhere). Each record says how many of its verdicts each kind of evidence gave.
"""

from __future__ import annotations

import statistics
from typing import Any

from hotstove.storage.duck import Duck

_ARRIVALS = ("trade", "signing", "waiver_claim")


def _has(con: Duck, table: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchone()
    return bool(row and row[0])


Rumor = tuple[str | None, str | None, str | None, str | None]  # person, to, from, first date
Fate = tuple[str, str | None, str]  # ('came_true' | 'elsewhere', date or None, evidence)


def fates_from_data(con: Duck, rumors: list[Rumor]) -> dict[Rumor, Fate]:
    """The fate the data gives each open rumor, in two queries for all of them at once."""
    import pandas as pd

    keep = [r for r in dict.fromkeys(rumors) if r[0] and r[3] and len(str(r[3])) >= 10]
    if not keep:
        return {}
    frame = pd.DataFrame(
        [(p, t, f, str(d)[:10], int(str(d)[:4])) for p, t, f, d in keep],
        columns=["person_id", "to_club", "from_club", "day", "season"],
    ).astype({"person_id": "string", "to_club": "string", "from_club": "string",
              "day": "string"})  # fmt: skip
    con.register("hs_open_rumors", frame)
    try:
        first_move: dict[tuple[str, str], tuple[str, str]] = {}
        if _has(con, "wire_moves"):
            for pid, day, date, club in con.execute(
                f"""
                SELECT r.person_id, r.day, CAST(arg_min(w.date, w.date) AS VARCHAR),
                       arg_min(w.to_club, w.date)
                FROM (SELECT DISTINCT person_id, day FROM hs_open_rumors) r
                JOIN wire_moves w ON w.person_id = r.person_id
                 AND w.date >= CAST(r.day AS DATE) AND w.to_club IS NOT NULL
                 AND w.kind IN {_ARRIVALS}
                GROUP BY r.person_id, r.day
                """
            ).fetchall():
                first_move[(str(pid), str(day))] = (str(date), str(club))
        played: dict[tuple[str, int], set[str]] = {}
        for pid, season, team in con.execute(
            """
            WITH r AS (SELECT DISTINCT person_id, season FROM hs_open_rumors)
            SELECT r.person_id, r.season, s.team FROM r JOIN (
                SELECT person_id, season, team FROM batting_best WHERE level = 'MLB'
                UNION
                SELECT person_id, season, team FROM pitching_best WHERE level = 'MLB'
            ) s ON s.person_id = r.person_id AND s.season >= r.season
            """
        ).fetchall():
            played.setdefault((str(pid), int(season)), set()).add(str(team))
    finally:
        con.unregister("hs_open_rumors")
    out: dict[Rumor, Fate] = {}
    for rumor in keep:
        pid, to, frm, first = rumor
        day = str(first)[:10]
        move = first_move.get((str(pid), day))
        if move is not None:
            date, club = move
            if to and club == to:
                out[rumor] = ("came_true", date, "transactions")
                continue
            if club != frm:
                out[rumor] = ("elsewhere", date, "transactions")
                continue
        clubs = played.get((str(pid), int(day[:4])), set())
        if to and to in clubs:
            out[rumor] = ("came_true", None, "season stints")
        elif clubs - {frm, to}:
            out[rumor] = ("elsewhere", None, "season stints")
    return out


def fate_from_data(
    con: Duck, person_id: str | None, to_club: str | None, from_club: str | None, first: str | None
) -> Fate | None:
    """('came_true' | 'elsewhere', date or None, evidence) for one open rumor, or None."""
    rumor = (person_id, to_club, from_club, first)
    return fates_from_data(con, [rumor]).get(rumor)


def track_record(con: Duck) -> list[dict[str, Any]]:
    rows = con.execute(
        """
        WITH firsts AS (
            SELECT DISTINCT ON (ta.thread_id) ta.thread_id, ta.source, ta.outlet, ta.date
            FROM thread_articles ta WHERE ta.source IS NOT NULL
            ORDER BY ta.thread_id, ta.seq
        ),
        ends AS (
            SELECT ta.thread_id, min(ta.date) FILTER (WHERE ta.status = 'completed') AS done
            FROM thread_articles ta GROUP BY ta.thread_id
        )
        SELECT f.source, any_value(f.outlet), t.id, t.status, t.to_club, t.person_id,
               f.date, e.done, t.from_club
        FROM firsts f JOIN threads t ON t.id = f.thread_id LEFT JOIN ends e USING (thread_id)
        GROUP BY f.source, t.id, t.status, t.to_club, t.person_id, f.date, e.done, t.from_club
        """
    ).fetchall()
    # where each player's completed threads took him: a rumor of another club went elsewhere
    moved: dict[str, set[str]] = {}
    for pid, to in con.execute(
        "SELECT person_id, to_club FROM threads WHERE status = 'completed'"
    ).fetchall():
        moved.setdefault(pid, set()).add(to)

    def went_elsewhere(pid: Any, to: Any) -> bool:
        return bool(moved.get(pid, set()) - {to})

    open_rumors = [
        (pid, to, frm, first)
        for _s, _o, _tid, status, to, pid, first, _done, frm in rows
        if status not in ("completed", "denied") and not went_elsewhere(pid, to)
    ]
    fates = fates_from_data(con, open_rumors)
    out: dict[str, dict[str, Any]] = {}
    for source, outlet, _tid, status, to, pid, first, done, frm in rows:
        rec = out.setdefault(
            source,
            {"reporter": source, "outlet": outlet, "first_reports": 0, "came_true": 0,
             "elsewhere": 0, "denied": 0, "open": 0, "lead_days": [],
             "judged_by": {"articles": 0, "transactions": 0, "season stints": 0}},
        )  # fmt: skip
        rec["first_reports"] += 1
        elsewhere = went_elsewhere(pid, to)
        fate = None
        if status not in ("completed", "denied") and not elsewhere:
            fate = fates.get((pid, to, frm, first))
        if fate is not None:
            verdict, date, evidence = fate
            rec[verdict] += 1
            rec["judged_by"][evidence] += 1
            if verdict == "came_true" and date and first and len(first) >= 10:
                rec["lead_days"].append(_days(first, date))
            continue
        if status in ("completed", "denied") or elsewhere:
            rec["judged_by"]["articles"] += 1
        if status == "completed":
            rec["came_true"] += 1
            if first and done and len(first) >= 10 and len(done) >= 10:
                rec["lead_days"].append(_days(first, done))
        elif status == "denied":
            rec["denied"] += 1
        elif elsewhere:
            rec["elsewhere"] += 1
        else:
            rec["open"] += 1
    result = []
    for rec in out.values():
        lead = rec.pop("lead_days")
        decided = rec["came_true"] + rec["elsewhere"] + rec["denied"]
        rec["decided"] = decided
        rec["hit_rate"] = round(rec["came_true"] / decided, 3) if decided else None
        rec["median_lead_days"] = statistics.median(lead) if lead else None
        rec["small_sample"] = decided < 5
        result.append(rec)
    result.sort(key=lambda r: (-r["first_reports"], r["reporter"] or ""))
    return result


def _days(first: str, last: str) -> int:
    import datetime as dt

    return (dt.date.fromisoformat(last[:10]) - dt.date.fromisoformat(first[:10])).days
