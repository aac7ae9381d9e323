"""Terminal rendering of the evaluation records: the trade report, leaders and the backtest.

Works on the same dicts ``--json`` prints, so the terminal and JSON never disagree.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console

from hotstove.cli.render import _table
from hotstove.display import decimal as _f
from hotstove.display import money as _money
from hotstove.display import num, rate


def trade(con: Console, r: dict[str, Any]) -> None:
    p = r["player"]
    ids = ", ".join(f"{k} {p[k]}" for k in ("mlbam", "bbref", "retro", "fangraphs") if p.get(k))
    con.print(
        f"[bold]{p['name']}[/] ({ids}) from [bold]{r['from']['name']}[/] to "
        f"[bold]{r['to']['name']}[/]"
    )
    bio = [f"age {p['age_next_season']} next season" if p.get("age_next_season") else "",
           f"bats {p['bats']}/throws {p['throws']}" if p.get("bats") else "",
           f"debut {p['debut']}" if p.get("debut") else "no MLB debut in the data"]  # fmt: skip
    con.print("  " + "; ".join(b for b in bio if b))
    if p.get("positions"):
        pos = ", ".join(f"{x['position']} {x['G']} G ({x['level']})" for x in p["positions"])
        con.print(f"  positions: {pos}")
    if r["value"]:
        rows = [
            [num(v["season"]), str(v.get("team") or ""), str(v.get("pos") or ""), num(v.get("G")),
             num(v.get("PA")), rate(v.get("wOBA")), _f(v.get("bat_runs")), _f(v.get("br_runs")),
             _f(v.get("fld_runs")), _f(v.get("pos_runs")), _f(v.get("rep_runs")), _f(v.get("IP")),
             _f(v.get("FIP"), 2), _f(v.get("WAR"))]
            for v in r["value"][-8:]
        ]  # fmt: skip
        cols = ["Season", "Team", "Pos", "G", "PA", "wOBA", "Bat", "BsR", "Fld", "Pos", "Rep",
                "IP", "FIP", "WAR"]  # fmt: skip
        con.print(_table("Value by season (runs; WAR)", cols, rows, 3))
    pr = r["projection"]
    if pr.get("WAR") is not None:
        shown = ("PA", "AVG", "OBP", "SLG", "wOBA", "IP", "FIP")
        parts = [f"{k} {rate(pr[k]) if k in ('AVG', 'OBP', 'SLG', 'wOBA') else pr[k]}"
                 for k in shown if pr.get(k) is not None]  # fmt: skip
        con.print(f"[bold]Projection {pr['season']}[/]: {', '.join(parts)}; WAR {_f(pr['WAR'])}")
    if r["control"]:
        look = {o["season"]: o for o in r["outlook"]}
        rows = [
            [num(c["season"]), c["status"] + ("*" if c.get("estimated") else ""),
             str(c.get("service_before") or ""), _money(c.get("salary_musd")),
             _f(look.get(c["season"], {}).get("WAR"))]
            for c in r["control"]
        ]  # fmt: skip
        cols = ["Season", "Status", "Service", "Salary", "Proj WAR"]
        con.print(_table("Control (* estimated service time)", cols, rows, 2))
        for src in dict.fromkeys(str(c.get("salary_source")) for c in r["control"]
                                 if c.get("salary_source")):  # fmt: skip
            con.print(f"  [dim]salary: {src}[/]")
    s = r.get("surplus")
    if s:
        con.print(
            f"[bold]Surplus value[/]: {_money(s.get('total_musd'))} over the controlled years "
            f"(at {_money(s.get('dollars_per_war'))} per WAR, discount "
            f"{float(s.get('discount_rate') or 0):.0%})"
        )
    fit = r.get("fit")
    if fit:
        b = fit["buyer"]
        rows = [[i["name"], num(i["G"]), num(i.get("PA")), _f(i.get("WAR")),
                 _f(i.get("projected_WAR")), _f(i.get("projected_gain"))]
                for i in b["incumbents"]]  # fmt: skip
        con.print(_table(f"{b['club']} at {b['position']} ({b['season']})",
                         ["Incumbent", "G", "PA", "WAR", "Proj WAR", "Gain"], rows, 1))  # fmt: skip
        sl = fit["seller"]
        rows = [[i["name"], num(i["G"]), num(i.get("PA")), _f(i.get("WAR")),
                 _f(i.get("projected_WAR"))] for i in sl["blockers"]]  # fmt: skip
        con.print(_table(f"{sl['club']} at {sl['position']} ({sl['season']}): blockers",
                         ["Blocker", "G", "PA", "WAR", "Proj WAR"], rows, 1))  # fmt: skip
        con.print(f"  games left for him at {sl['position']}: {num(sl.get('expected_games'))}")
        for alt in fit.get("alternatives", []):
            names = ", ".join(f"{i['name']} ({i['G']} G)" for i in alt["incumbents"][:3])
            con.print(f"  alternative {alt['position']} at {alt['club']}: {names or 'nobody'}")
    for pk in r.get("package", []):
        if pk.get("error"):
            con.print(f"  offered: {pk['query']}: {pk['error']}")
        else:
            con.print(
                f"  offered: {pk['name']}: WAR {_f(pk.get('WAR_last_season'))} last season, "
                f"projected {_f(pk.get('projected_WAR'))}, surplus {_money(pk.get('surplus_musd'))}"
            )
    if r.get("history"):
        trades = [m for m in r["history"] if not m.get("inferred")]
        moved = [m for m in r["history"] if m.get("inferred")]
        pair = f"{r['from']['code']} - {r['to']['code']}"
        con.print(f"[bold]History {pair}[/]: {len(trades)} trades on the wire, "
                  f"{len(moved)} moves inferred from season stints")  # fmt: skip
        for m in (trades + moved[: max(0, 12 - len(trades))])[:20]:
            con.print("  " + _history_line(m))
    for n in r.get("notes", []):
        con.print(f"[yellow]note[/]: {n}")
    for s in r.get("sources", []):
        con.print(f"[dim]{s['what']}: {s['source']}[/]")


def _history_line(m: dict[str, Any]) -> str:
    sides = []
    for side in m.get("sides", []):
        got = [p.get("name") or "?" for p in side.get("players", [])]
        got += list(side.get("considerations") or [])
        val = side.get("value")
        after = (
            f" ({val:+.1f} WAR with them after)" if val is not None and side.get("players") else ""
        )
        if got:
            sides.append(f"{side.get('club')} got {', '.join(got)}{after}")
    when = m.get("date") or m.get("period") or m.get("season")
    tag = " (inferred from season stints)" if m.get("inferred") else ""
    return f"{when} {m.get('kind')}{tag}: " + "; ".join(sides)


def leaders(con: Console, season: int, kind: str, rows: list[dict[str, Any]]) -> None:
    cols = ["#", "Player", "Team", "Pos", "PA", "wOBA", "Bat", "BsR", "Fld", "Pos", "IP", "FIP",
            "WAR"]  # fmt: skip
    war_key = {"batting": "WAR_bat", "pitching": "WAR_pit"}.get(kind, "WAR")
    body = []
    for i, r in enumerate(rows, 1):
        bat = bool(r.get("PA"))  # a pitcher who never batted shows no batting columns
        runs = [
            _f(r.get(k)) if bat else "" for k in ("bat_runs", "br_runs", "fld_runs", "pos_runs")
        ]
        body.append(
            [str(i), r.get("name") or "", str(r.get("team") or ""), str(r.get("pos") or ""),
             num(r.get("PA") or None), rate(r.get("wOBA")), *runs, _f(r.get("IP") or None),
             _f(r.get("FIP"), 2), _f(r.get(war_key))]
        )  # fmt: skip
    con.print(_table(f"{season} leaders by WAR ({kind})", cols, body, 4))


def backtest(con: Console, d: dict[str, Any]) -> None:
    cols = ["System", "OBP", "SLG", "wOBA"]

    def row(name: str, m: dict[str, Any]) -> list[str]:
        return [name, rate(m["OBP"], 4), rate(m["SLG"], 4), rate(m["wOBA"], 4)]

    first, last = d["seasons"][0], d["seasons"][-1]
    title = f"PA-weighted RMSE, {first}-{last}, {d.get('players')} player-seasons"
    con.print(_table(title, cols, [row("Marcel", d["marcel"]), row("hotstove", d["hotstove"])], 1))
    m, h = d["marcel"], d["hotstove"]
    con.print("  hotstove / Marcel: " + ", ".join(f"{k} {h[k] / m[k]:.3f}" for k in m))
    ref = d.get("reference")
    if ref and ref.get("steamer"):
        span = "-".join(str(x) for x in ref.get("seasons", []))
        rows = [row("Steamer", ref["steamer"]), row("Marcel", ref["marcel"]),
                row("hotstove", ref["hotstove"])]  # fmt: skip
        con.print(_table(f"Beside a published system, {span}, {ref.get('players')} shared "
                         "player-seasons", cols, rows, 1))  # fmt: skip
        con.print(f"  [dim]{ref.get('label', '')}[/]")
