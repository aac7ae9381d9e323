"""Terminal rendering of hotstove's records with rich: tables a person reads, nothing computed."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from hotstove.display import num, rate
from hotstove.kb.card import PlayerCard
from hotstove.kb.depth import DepthChart
from hotstove.records import LinkedArticle


def _int(v: Any) -> str:
    return "" if v is None else f"{round(v):d}"


PITCH_COLS = ("W", "L", "G", "GS", "SV", "IP", "H", "ER", "HR", "BB", "SO")


def _team(r: dict[str, Any]) -> str:
    """A short club label: the MLB code, a minor-league abbreviation, or the parent club."""
    team = r.get("team") or ""
    if r.get("level") == "MLB" or (team and len(team) <= 4):
        return team
    return r.get("org") or team[:5]


def _table(title: str, cols: list[str], rows: list[list[str]], right_from: int = 3) -> Table:
    t = Table(
        title=title, title_justify="left", title_style="bold", header_style="bold",
        box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 0, 0, 1), collapse_padding=True,
    )  # fmt: skip
    for i, c in enumerate(cols):
        t.add_column(c, justify="right" if i >= right_from else "left", no_wrap=True)
    for r in rows:
        t.add_row(*r)
    return t


def card(con: Console, c: PlayerCard) -> None:
    ids = ", ".join(f"{k} {v}" for k, v in c.ids.items() if v)
    bio = [
        f"[bold]{c.name}[/]  {'/'.join(c.positions[:3])}",
        f"Born {c.born or 'unknown'}" + (f" in {c.birthplace}" if c.birthplace else ""),
        f"Bats {c.bats or '?'}, throws {c.throws or '?'}; MLB debut {c.debut or 'none'}",
        f"ids: {ids}",
    ]
    con.print(Panel("\n".join(bio), expand=False))
    if c.batting:
        cols = ["Year", "Lvl", "Team", "G", "PA", "AB", "H", "2B", "3B", "HR", "BB", "SO",
                "AVG", "OBP", "SLG", "OPS"]  # fmt: skip
        rows = [
            [str(r["season"]), r["level"], _team(r),
             *(num(r.get(k)) for k in ("G", "PA", "AB", "H", "2B", "3B", "HR", "BB", "SO")),
             *(rate(r.get(k)) for k in ("AVG", "OBP", "SLG", "OPS"))]
            for r in c.batting
        ]  # fmt: skip
        con.print(_table("Batting", cols, rows))
    if c.pitching:
        cols = ["Season", "Lvl", "Team", "W", "L", "G", "GS", "SV", "IP", "H", "ER", "HR", "BB",
                "SO", "ERA", "WHIP"]  # fmt: skip
        rows = [
            [str(r["season"]), r["level"], num(r["team"]),
             *(num(r.get(k)) for k in PITCH_COLS),
             rate(r.get("ERA"), 2), rate(r.get("WHIP"), 2)]
            for r in c.pitching
        ]  # fmt: skip
        con.print(_table("Pitching", cols, rows))
    if c.fielding:
        cols = ["Season", "Team", "Pos", "G", "GS", "Inn", "E", "PB", "WP", "SB", "CS", "CS%"]
        rows = [
            [str(r["season"]), num(r["team"]), r["position"],
             *(num(r.get(k)) for k in ("G", "GS", "innings", "E", "PB", "WP", "SB", "CS")),
             rate(r.get("CS%"), 3)]
            for r in c.fielding
        ]  # fmt: skip
        con.print(_table("Fielding (MLB)", cols, rows))
    cd = c.catcher_defense
    if cd.get("available") and any(cd.get(k) for k in ("framing", "blocking", "poptime")):
        rows = []
        for r in cd.get("framing", []):
            rows.append([str(r["season"]), "framing runs", rate(r.get("framing_runs"), 1),
                         f"{num(r.get('pitches'))} pitches"])  # fmt: skip
        for r in cd.get("blocking", []):
            rows.append([str(r["season"]), "blocks above avg", _int(r.get("blocks_above_average")),
                         f"{_int(r.get('blocking_runs'))} runs, "
                         f"{num(r.get('pitches'))} pitches"])  # fmt: skip
        for r in cd.get("poptime", []):
            rows.append([str(r["season"]), "pop time to 2B", num(r.get("pop_2b")),
                         f"arm {num(r.get('arm_strength'))} mph"])  # fmt: skip
        con.print(
            _table("Catcher defense (Baseball Savant)", ["Season", "Metric", "Value", ""], rows, 2)
        )
    elif not cd.get("available"):
        con.print(f"[dim]Catcher defense: {cd.get('note')}[/]")
    if c.postseason:
        cols = ["Season", "Round", "Team", "G", "AB", "H", "HR", "BB", "SO", "AVG", "OBP", "SLG"]
        rows = [
            [str(r["season"]), r["round"], num(r["team"]),
             *(num(r.get(k)) for k in ("G", "AB", "H", "HR", "BB", "SO")),
             *(rate(r.get(k)) for k in ("AVG", "OBP", "SLG"))]
            for r in c.postseason
        ]  # fmt: skip
        con.print(_table("Postseason batting", cols, rows))
    for note in c.notes:
        con.print(f"[dim]Note: {note}[/]")
    con.print("[dim]Sources:[/]")
    for s in c.sources:
        con.print(f"[dim]  - {s['source']}[/]")


def depth(con: Console, d: DepthChart) -> None:
    con.print(f"[bold]{d.club_name}[/] ({d.club}) {d.season}")
    for pos in d.depth:
        cols = ["Player", "G", "GS", "PA", "AVG", "OBP", "SLG", "HR"]
        rows = [
            [p["name"], num(p["G"]), num(p["GS"]), num(p.get("PA")),
             rate(p.get("AVG")), rate(p.get("OBP")), rate(p.get("SLG")), num(p.get("HR"))]
            for p in pos["players"]
        ]  # fmt: skip
        con.print(_table(pos["position"], cols, rows, 1))
    con.print(f"[dim]Source: {d.source}[/]")


def candidates(con: Console, cands: list[Any]) -> None:
    for c in cands:
        if isinstance(c, str):
            con.print(f"  {c}")
            continue
        years = (
            f"MLB {c.mlb_first}-{c.mlb_last}" if c.mlb_first
            else f"pro {c.pro_first}-{c.pro_last}" if c.pro_first else "years unknown"
        )  # fmt: skip
        ids = " ".join(x for x in (str(c.mlbam) if c.mlbam else "", c.bbref or "") if x)
        con.print(
            f"  {c.name} ({years}; {c.positions or '?'}; {c.clubs or '?'}) {ids}",
            highlight=False,
        )


def status(con: Console, st: dict[str, Any]) -> None:
    con.print(f"Knowledge base: {st['db']} (built {st['meta'].get('built_at', '?')})")
    t = Table(header_style="bold")
    for c in ("Source", "Status", "Tables (rows)", "As of", "Credit"):
        t.add_column(c, overflow="fold")
    for s in st["sources"]:
        tables = ", ".join(f"{k} {v:,}" for k, v in s["tables"].items())
        note = (s.get("note") or "").removeprefix("absent: ")
        state = "[green]present[/]" if s["present"] else f"[red]ABSENT[/] {note}"
        t.add_row(s["source"], state, tables, s.get("as_of") or "", s.get("credit") or "")
    con.print(t)
    for s in st["sources"]:
        if s.get("coverage") and s["present"]:
            con.print(f"[dim]{s['source']}: {s['coverage']}[/]")


def linked(con: Console, la: LinkedArticle) -> None:
    a = la.article
    meta = " | ".join(
        x for x in (a.outlet, a.author, a.published_str() or "date unknown", a.source) if x
    )
    con.print(Panel(f"[bold]{a.title}[/]\n[dim]{meta}[/]", expand=False))
    if la.players:
        rows = [
            [p.name, p.bbref or "", str(p.mlbam or ""), f"{p.confidence:.2f}", str(len(p.mentions))]
            for p in la.players
        ]
        con.print(_table("Players", ["Name", "bbref", "MLBAM", "Conf", "Mentions"], rows, 3))
    if la.clubs:
        con.print("[bold]Clubs:[/] " + ", ".join(
            f"{c.code} ({', '.join(sorted({m.text for m in c.mentions}))})" for c in la.clubs
        ))  # fmt: skip
    if la.people:
        rows = [[p.name, p.role, p.club or p.outlet or "", p.title or ""] for p in la.people]
        con.print(_table("People", ["Name", "Role", "Club / outlet", "Title"], rows, 9))
    for u in la.unresolved:
        cands = ", ".join(str(c.get("name")) for c in u.candidates[:3])
        con.print(f"[yellow]Unresolved:[/] {u.text} ({u.reason}; candidates: {cands or 'none'})")
    for note in a.notes:
        con.print(f"[dim]Note: {note}[/]")
    con.print()


def threads(con: Console, items: list[dict[str, Any]]) -> None:
    if not items:
        con.print("No rumor threads yet: `hotstove ingest PATH` stores articles and threads them.")
        return
    rows = []
    for t in items:
        src = t["first_source"]
        first = " / ".join(x for x in (src.get("reporter"), src.get("outlet")) if x)
        move = f"{t['from'] or '?'} -> {t['to'] or '?'}"
        rows.append([t["id"], t["player"]["name"] or "", move, t["kind"], t["status"],
                     str(len(t["articles"])), first, t["updated"] or ""])  # fmt: skip
    cols = ["Id", "Player", "Move", "Kind", "Status", "Articles", "First source", "Updated"]
    con.print(_table("Rumor threads", cols, rows, 9))


def thread(con: Console, t: dict[str, Any]) -> None:
    con.print(f"[bold]{t['player']['name']}[/]: {t['from'] or '?'} -> {t['to'] or '?'}, "
              f"{t['kind']}, {t['status']}")  # fmt: skip
    rows = [[e.get("date") or "", e.get("outlet") or "", e.get("status") or "",
             e.get("source") or "", e.get("article") or ""] for e in t["timeline"]]  # fmt: skip
    con.print(_table("Timeline", ["Date", "Outlet", "Status", "Source", "Article"], rows, 9))


def reporters(con: Console, items: list[dict[str, Any]]) -> None:
    if not items:
        con.print("No credited reporters in the archive yet.")
        return
    rows = [[r["reporter"] or "", r["outlet"] or "", str(r["first_reports"]), str(r["came_true"]),
             str(r["elsewhere"]), str(r["denied"]), str(r["open"]),
             "" if r["hit_rate"] is None else f"{r['hit_rate']:.0%}" + (" (small sample)"
             if r["small_sample"] else "")] for r in items]  # fmt: skip
    cols = ["Reporter", "Outlet", "First", "True", "Elsewhere", "Denied", "Open", "Hit rate"]
    con.print(_table("Reporters' track record", cols, rows, 2))


_RATE_STATS = {"AVG", "OBP", "SLG", "OPS"}


def _value(stat: str, v: Any) -> str:
    if stat in _RATE_STATS and isinstance(v, (int, float)):
        return rate(v)
    return str(v)


def claims(con: Console, la: LinkedArticle) -> None:
    a = la.article
    con.print(Panel(f"[bold]{a.title}[/]\n[dim]{a.source}[/]", expand=False))
    names = {p.bbref or str(p.mlbam): p.name for p in la.players}
    rows = []
    counts = {"verified": 0, "wrong": 0, "unverifiable": 0}
    for c in la.claims:
        if c.verdict in counts:
            counts[c.verdict] += 1
        mark = {"verified": "[green]verified[/]", "wrong": "[red]WRONG[/]"}.get(
            c.verdict or "", "[yellow]unverifiable[/]"
        )
        detail = (
            f"true: {c.truth}" if c.verdict == "wrong"
            else (c.reason or "") if c.verdict != "verified" else (c.source or "")
        )  # fmt: skip
        who = names.get(c.player or "", c.player or "?")
        value = _value(c.stat, c.value)
        rows.append([who, str(c.season or ""), c.level or "", c.stat, value, mark, detail, c.text])
    if rows:
        cols = ["Player", "Season", "Lvl", "Stat", "Value", "Verdict", "Truth / why", "Text"]
        con.print(_table("Claims", cols, rows, 9))
    con.print(
        f"{len(la.claims)} claims: {counts['verified']} verified, {counts['wrong']} wrong, "
        f"{counts['unverifiable']} unverifiable"
    )
    con.print()
