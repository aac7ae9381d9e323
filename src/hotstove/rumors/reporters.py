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


def fate_from_data(
    con: Duck, person_id: str | None, to_club: str | None, from_club: str | None, first: str | None
) -> tuple[str, str | None, str] | None:
    """('came_true' | 'elsewhere', date or None, evidence) for an open rumor, or None."""
    if not person_id or not first or len(first) < 10:
        return None
    day = first[:10]
    if _has(con, "wire_moves"):
        rows = con.execute(
            f"""SELECT CAST(date AS VARCHAR), to_club FROM wire_moves
                WHERE person_id = ? AND date >= CAST(? AS DATE) AND to_club IS NOT NULL
                  AND kind IN {_ARRIVALS} ORDER BY date LIMIT 1""",
            [person_id, day],
        ).fetchall()
        if rows:
            date, club = rows[0]
            if to_club and club == to_club:
                return "came_true", date, "transactions"
            if club != from_club:
                return "elsewhere", date, "transactions"
    season = int(day[:4])
    rows = con.execute(
        """SELECT season, team FROM batting_best WHERE person_id = ? AND level = 'MLB'
             AND season >= ?
           UNION
           SELECT season, team FROM pitching_best WHERE person_id = ? AND level = 'MLB'
             AND season >= ?
           ORDER BY season""",
        [person_id, season, person_id, season],
    ).fetchall()
    clubs = {team for _s, team in rows}
    if to_club and to_club in clubs:
        return "came_true", None, "season stints"
    if clubs - {from_club, to_club}:
        return "elsewhere", None, "season stints"
    return None


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
    moved = {
        (r[0], r[1])
        for r in con.execute(
            "SELECT person_id, to_club FROM threads WHERE status = 'completed'"
        ).fetchall()
    }
    out: dict[str, dict[str, Any]] = {}
    for source, outlet, _tid, status, to, pid, first, done, frm in rows:
        rec = out.setdefault(
            source,
            {"reporter": source, "outlet": outlet, "first_reports": 0, "came_true": 0,
             "elsewhere": 0, "denied": 0, "open": 0, "lead_days": [],
             "judged_by": {"articles": 0, "transactions": 0, "season stints": 0}},
        )  # fmt: skip
        rec["first_reports"] += 1
        fate = None
        if status not in ("completed", "denied") and not any(
            p == pid and t != to for p, t in moved
        ):
            fate = fate_from_data(con, pid, to, frm, first)
        if fate is not None:
            verdict, date, evidence = fate
            rec[verdict] += 1
            rec["judged_by"][evidence] += 1
            if verdict == "came_true" and date and first and len(first) >= 10:
                import datetime as dt

                days = (dt.date.fromisoformat(date[:10]) - dt.date.fromisoformat(first[:10])).days
                rec["lead_days"].append(days)
            continue
        if status in ("completed", "denied") or any(p == pid and t != to for p, t in moved):
            rec["judged_by"]["articles"] += 1
        if status == "completed":
            rec["came_true"] += 1
            if first and done and len(first) >= 10 and len(done) >= 10:
                import datetime as dt

                days = (dt.date.fromisoformat(done[:10]) - dt.date.fromisoformat(first[:10])).days
                rec["lead_days"].append(days)
        elif status == "denied":
            rec["denied"] += 1
        elif any(p == pid and t != to for p, t in moved):
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
