"""Page-only data: the entity page's network of co-mentions and meetings and gap-free timeline, and small lookups.

The JSON API's queries live in :mod:`rasad.web.queries`; these feed the entity page's SVG network and
timeline (drawn by :mod:`rasad.web.svg` and ``templates/_svg.html``). Both degrade to empty results on a
store without entity or event rows.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

RECENT = 2000  # neighbour-to-neighbour co-mentions are counted over the entity's latest articles


def entity_network(store: Store, ent: dict[str, Any], recent: int = RECENT) -> dict[str, list[dict[str, Any]]]:
    """The network around ``ent`` (a :func:`rasad.web.queries.entity` result) as nodes and edges.

    Nodes: the entity, its ``co_mentioned`` entities and the counterparts of its ``meetings`` with an id,
    ``{id, name, type, articles, center}`` (``articles``: shared with the entity; the entity's own count for
    the centre). Edges ``{source, target, kind, weight}``: ``co`` from the entity to each co-mentioned one
    (shared articles), ``co`` between two neighbours (articles naming both among the entity's latest
    ``recent`` articles, so the cost does not grow with the database), ``meet`` to each counterpart (events).
    """
    eid = ent["id"]
    nodes = {eid: {"id": eid, "name": ent["name"], "type": ent["type"], "articles": ent["articles"],
                   "center": True}}
    edges = []
    for c in ent.get("co_mentioned") or []:
        nodes[c["id"]] = {"id": c["id"], "name": c["name"], "type": c["type"], "articles": c["articles"],
                          "center": False}
        edges.append({"source": eid, "target": c["id"], "kind": "co", "weight": c["articles"]})
    met = [m for m in ent.get("meetings") or [] if m.get("id") and m["id"] != eid]
    missing = [m["id"] for m in met if m["id"] not in nodes]
    if missing:
        for i, name, etype in store.conn.execute(
                f"SELECT id, name, type FROM entities WHERE id IN ({','.join('?' * len(missing))})", missing):
            nodes[i] = {"id": i, "name": name, "type": etype, "articles": 0, "center": False}
    edges += [{"source": eid, "target": m["id"], "kind": "meet", "weight": m["count"]} for m in met
              if m["id"] in nodes]
    others = sorted(set(nodes) - {eid})
    if len(others) > 1:
        marks = ",".join("?" * len(others))
        edges += [{"source": a, "target": b, "kind": "co", "weight": n} for a, b, n in store.conn.execute(
            "SELECT a.entity_id, b.entity_id, count(*) FROM entity_articles a"
            " JOIN entity_articles b ON b.article_id = a.article_id AND b.entity_id > a.entity_id"
            " WHERE a.article_id IN (SELECT article_id FROM entity_articles WHERE entity_id = ?"
            " ORDER BY published DESC LIMIT ?)"
            f" AND a.entity_id IN ({marks}) AND b.entity_id IN ({marks}) GROUP BY 1, 2",
            (eid, recent, *others, *others))]
    return {"nodes": list(nodes.values()), "edges": edges}


def fill_months(by_month: list[list], months: int = 36) -> list[dict[str, Any]]:
    """``[["1402-07", n], ...]`` (Jalali months, any order) as consecutive months with zeros for the gaps.

    At most the last ``months`` months up to the latest one; keys that are not ``YYYY-MM`` are left out.
    """
    per = {str(k): int(n) for k, n in by_month if re.fullmatch(r"\d{4}-\d{2}", str(k))}
    if not per:
        return []
    keys = sorted(per)
    y, m = (int(x) for x in keys[-1].split("-"))
    out = []
    for _ in range(months):
        key = f"{y:04d}-{m:02d}"
        if key < keys[0]:
            break
        out.append({"month": key, "articles": per.get(key, 0)})
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def event_types(store: Store) -> list[str]:
    """The PLOVER types of the stored events (for the events page's type filter)."""
    return [t for (t,) in store.conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]


def entity_name(store: Store, ident: str) -> str:
    """The display name of entity ``ident`` (an id or ``#id``; anything else is returned as given)."""
    text = str(ident).strip().lstrip("#")
    row = store.conn.execute("SELECT name FROM entities WHERE id = ?", (int(text),)).fetchone() \
        if text.isdigit() else None
    return row[0] if row else str(ident)


def link_event_entities(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Set ``actor_entity_id`` / ``recipient_entity_id`` (canonical ids, or ``None``) on :func:`queries.events`
    items from their article-level entity ids, in one query; returns ``events``."""
    pairs = {(e["article_id"], e[f"{side}_entity"]) for e in events for side in ("actor", "recipient")
             if e.get(f"{side}_entity")}
    links: dict[tuple[int, str], int] = {}
    if pairs:
        flat = [x for pair in sorted(pairs) for x in pair]
        links = {(a, loc): i for a, loc, i in store.conn.execute(
            "SELECT article_id, local_id, entity_id FROM entity_articles WHERE (article_id, local_id) IN"
            f" (VALUES {','.join(['(?, ?)'] * len(pairs))})", flat)}
    for e in events:
        for side in ("actor", "recipient"):
            e.setdefault(f"{side}_entity_id", links.get((e["article_id"], e.get(f"{side}_entity"))))
    return events
