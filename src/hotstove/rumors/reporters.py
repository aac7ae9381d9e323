"""Reporters' track record: of the rumors each reporter or outlet was first to credit, how many
came true as reported, went elsewhere, were denied, or are still open; and the lead time."""

from __future__ import annotations

import statistics
from typing import Any

from hotstove.storage.duck import Duck


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
               f.date, e.done
        FROM firsts f JOIN threads t ON t.id = f.thread_id LEFT JOIN ends e USING (thread_id)
        GROUP BY f.source, t.id, t.status, t.to_club, t.person_id, f.date, e.done
        """
    ).fetchall()
    moved = {
        (r[0], r[1])
        for r in con.execute(
            "SELECT person_id, to_club FROM threads WHERE status = 'completed'"
        ).fetchall()
    }
    out: dict[str, dict[str, Any]] = {}
    for source, outlet, _tid, status, to, pid, first, done in rows:
        rec = out.setdefault(
            source,
            {"reporter": source, "outlet": outlet, "first_reports": 0, "came_true": 0,
             "elsewhere": 0, "denied": 0, "open": 0, "lead_days": []},
        )  # fmt: skip
        rec["first_reports"] += 1
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
