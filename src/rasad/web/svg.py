"""Geometry for the server-rendered SVG charts (templates/_svg.html draws it; no markup here).

Charts are plain SVG produced by Jinja with autoescaping, so they need no JavaScript, obey the
Content-Security-Policy and print. Coordinates are in the SVG's own ``viewBox`` units.
"""
from __future__ import annotations

import math
from typing import Any


def bar_chart(points: list[dict[str, Any]], value: str = "articles", width: int = 720, height: int = 220,
              ) -> dict[str, Any]:
    """Vertical bars for ``points`` (oldest first), drawn right to left like the text: the oldest at the right.

    Returns ``{width, height, bars: [{x, y, w, h, cx, point, show_label, show_value}], ticks: [{y, value}], base,
    left, right, label_y}``.
    """
    pad_top, pad_bottom, pad_side = 14, 46, 34
    inner_w, inner_h = width - 2 * pad_side, height - pad_top - pad_bottom
    top = max([p[value] for p in points] + [1])
    step = _nice_step(top)
    top = step * math.ceil(top / step)
    n = max(len(points), 1)
    slot = min(inner_w / n, 60)
    every = max(1, math.ceil(n / 8))  # at most 8 month labels; bar values only when the bars are wide
    bars = []
    for i, p in enumerate(points):
        h = inner_h * p[value] / top
        # right to left: the first (oldest) month sits at the right edge
        x = width - pad_side - (i + 1) * slot + slot * 0.15
        bars.append({"x": round(x, 1), "y": round(pad_top + inner_h - h, 1), "w": round(slot * 0.7, 1),
                     "h": round(h, 1), "cx": round(x + slot * 0.35, 1), "point": p,
                     "show_label": (n - 1 - i) % every == 0, "show_value": n <= 18 and p[value] > 0})
    ticks = [{"y": round(pad_top + inner_h - inner_h * v / top, 1), "value": v}
             for v in range(0, top + 1, step)]
    return {"width": width, "height": height, "bars": bars, "ticks": ticks, "base": pad_top + inner_h,
            "left": pad_side, "right": width - pad_side, "label_y": pad_top + inner_h + 18}


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 5:
            return step
    return 10 ** len(str(top))


def network_layout(graph: dict[str, list[dict[str, Any]]], width: int = 680, height: int = 500,
                   label_chars: int = 22) -> dict[str, Any]:
    """The centre node in the middle, the others on a circle (most connected first, clockwise from the top).

    Labels longer than ``label_chars`` are shortened with «…» (the full name is in the node's tooltip).
    Returns ``{width, height, nodes: [{…node, x, y, r, label, lx, ly, anchor}],
    edges: [{…edge, x1, y1, x2, y2, w, near}]}``; ``near`` marks edges that touch the centre.
    """
    nodes = graph.get("nodes") or []
    if not nodes:
        return {"width": width, "height": height, "nodes": [], "edges": []}
    cx, c = width / 2, height / 2
    radius = height / 2 - 40
    center = [n for n in nodes if n.get("center")][:1]
    others = [n for n in nodes if n not in center]
    top = max([n.get("articles") or 1 for n in others] + [1])
    placed: dict[Any, dict[str, Any]] = {}
    for n in center:
        placed[n["id"]] = {**n, "x": cx, "y": c, "r": 18}
    for i, n in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(others), 1)
        x, y = cx + radius * math.cos(angle), c + radius * math.sin(angle)
        r = 7 + 7 * math.sqrt((n.get("articles") or 1) / top)
        right = math.cos(angle) >= 0
        placed[n["id"]] = {**n, "x": round(x, 1), "y": round(y, 1), "r": round(r, 1),
                           "lx": round(x + (r + 5) * (1 if right else -1), 1), "ly": round(y + 4, 1),
                           "anchor": "start" if right else "end"}
    for n in center:
        placed[n["id"]].update(lx=cx, ly=round(c + 18 + 18, 1), anchor="middle")
    for n in placed.values():
        name = str(n.get("name") or "")
        n["label"] = name if len(name) <= label_chars else name[:label_chars - 1].rstrip() + "…"
    centre_ids = {n["id"] for n in center}
    wmax = max([e.get("weight") or 1 for e in graph.get("edges") or []] + [1])
    edges = []
    for e in graph.get("edges") or []:
        a, b = placed.get(e["source"]), placed.get(e["target"])
        if a is None or b is None:
            continue
        w = 1 + 4 * (e.get("weight") or 1) / wmax
        edges.append({**e, "x1": a["x"], "y1": a["y"], "x2": b["x"], "y2": b["y"], "w": round(w, 1),
                      "near": e["source"] in centre_ids or e["target"] in centre_ids})
    edges.sort(key=lambda e: (e["kind"] == "meet", e["near"]))  # meetings, then the centre's edges, on top
    return {"width": width, "height": height, "nodes": list(placed.values()), "edges": edges}
