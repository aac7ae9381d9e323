"""Chart specifications computed on the server (plotly's ``data`` + ``layout``), drawn in the page
by the plotly.js that ships inside the ``plotly`` Python package and is served by the app."""

from __future__ import annotations

from typing import Any

# the order minor-league levels are listed in, highest first
MINOR_LEVELS = ("AAA", "AA", "A+", "A", "A-", "RK", "CPX", "DSL")
_SYMBOLS = {"AAA": "diamond", "AA": "square", "A+": "triangle-up", "A": "triangle-down",
            "A-": "cross", "RK": "x", "CPX": "star", "DSL": "hexagon"}  # fmt: skip
MLB_COLOR = "#0b3d91"
MINOR_COLOR = "#d9822b"
SELLER_COLOR = "#8a8f98"

_LAYOUT: dict[str, Any] = {
    "margin": {"l": 56, "r": 16, "t": 8, "b": 44},
    "height": 340,
    "legend": {"orientation": "h", "x": 0, "y": -0.1, "yanchor": "top"},
    "hovermode": "closest",
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12},
}


def is_pitcher(card: dict[str, Any]) -> bool:
    """More batters faced than plate appearances over his whole record."""
    bfp = sum(r.get("BFP") or 0 for r in card.get("pitching") or [])
    pa = sum(r.get("PA") or 0 for r in card.get("batting") or [])
    return bfp > pa


def season_chart(card: dict[str, Any]) -> dict[str, Any] | None:
    """OPS by season (ERA for a pitcher): MLB seasons as a line, each minor level its own marker."""
    pitcher = is_pitcher(card)
    stat, rows, size_key, count = ("ERA", card.get("pitching") or [], "IP", "IPouts") if pitcher \
        else ("OPS", card.get("batting") or [], "PA", "PA")  # fmt: skip
    points = [r for r in rows if r.get(stat) is not None and (r.get(count) or 0) > 0]
    if not points:
        return None
    traces: list[dict[str, Any]] = []
    mlb = [r for r in points if r.get("level") == "MLB"]
    if mlb:
        traces.append(_trace(mlb, stat, size_key, "MLB", MLB_COLOR, "circle", mode="lines+markers"))
    for level in MINOR_LEVELS:
        got = [r for r in points if r.get("level") == level]
        if got:
            traces.append(_trace(got, stat, size_key, level, MINOR_COLOR,
                                 _SYMBOLS.get(level, "circle"), mode="markers"))  # fmt: skip
    seasons = sorted({int(r["season"]) for r in points})
    layout = {
        **_LAYOUT,
        "xaxis": {
            "tickformat": "d",
            **({"dtick": 1} if len(seasons) <= 15 else {}),
        },  # fmt: skip
        "yaxis": {
            "title": {"text": stat},
            "tickformat": ".3f" if stat == "OPS" else ".2f",
            "zeroline": False,
        },  # fmt: skip
    }
    return {"data": traces, "layout": layout, "stat": stat}


def _trace(
    rows: list[dict[str, Any]], stat: str, size_key: str, name: str, color: str, symbol: str,
    *, mode: str,
) -> dict[str, Any]:  # fmt: skip
    level = rows[0].get("level")
    return {
        "type": "scatter",
        "mode": mode,
        "name": name if level == "MLB" else f"{name} (minors)",
        "x": [r["season"] for r in rows],
        "y": [round(float(r[stat]), 3) for r in rows],
        "text": [
            f"{r['season']} {r.get('level')} {r.get('team') or ''}: {stat} "
            f"{_rate(r[stat], stat)}, {size_key} {r.get(size_key)}"
            for r in rows
        ],  # fmt: skip
        "hoverinfo": "text",
        "marker": {
            "color": color,
            "symbol": symbol,
            "size": 11 if level == "MLB" else 9,
            "line": {"width": 1, "color": "#ffffff"},
        },  # fmt: skip
        "line": {"color": color, "width": 2},
    }


def _rate(v: Any, stat: str) -> str:
    if stat == "OPS":
        s = f"{float(v):.3f}"
        return s[1:] if s.startswith("0.") else s
    return f"{float(v):.2f}"


def trade_chart(report: dict[str, Any]) -> dict[str, Any] | None:
    """Projected WAR by season for each side: what the buyer gets (the player, over the years
    he is under control) and what the seller gets (the package, each player's next-season
    projection held over his own years of control)."""
    buyer, seller = report["to"]["code"], report["from"]["code"]
    control = {int(c["season"]) for c in report.get("control") or []}
    outlook = [o for o in report.get("outlook") or [] if not control or o["season"] in control]
    if not outlook:
        return None
    seasons = [int(o["season"]) for o in outlook]
    got: dict[int, float] = dict.fromkeys(seasons, 0.0)
    for pk in report.get("package") or []:
        war = pk.get("projected_WAR")
        if war is None:
            continue
        years = [int(c["season"]) for c in pk.get("control") or []] or seasons[:1]
        for y in years:
            if y in got:
                got[y] += float(war)
    name = report["player"]["name"]
    traces = [
        {"type": "bar", "name": f"{buyer} gets {name}", "x": seasons,
         "y": [o.get("WAR") for o in outlook], "marker": {"color": MLB_COLOR}},
        {"type": "bar", "name": f"{seller} gets the package" if report.get("package")
         else f"{seller} gets (no package given)", "x": seasons,
         "y": [round(got[s], 1) for s in seasons], "marker": {"color": SELLER_COLOR}},
    ]  # fmt: skip
    layout = {
        **_LAYOUT,
        "barmode": "group",
        "xaxis": {"dtick": 1, "tickformat": "d"},
        "yaxis": {"title": {"text": "WAR"}, "zeroline": True},
    }
    return {"data": traces, "layout": layout}
