"""Page-only data for the entity page: its network of co-mentions and meetings, and a gap-free timeline.

The JSON API's queries live in :mod:`rasad.web.queries`; these feed the entity page's SVG network and
timeline (drawn by :mod:`rasad.web.svg` and ``templates/_svg.html``). Both degrade to empty results on a
store without entity or event rows.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

MEETING_TYPES = ("CONSULT",)  # PLOVER types drawn as meetings in the network


def entity_network(store: Store, entity_id: int, limit: int = 12) -> dict[str, list[dict[str, Any]]]:
    """The entity, its ``limit`` most co-mentioned entities and anyone it met, as nodes and edges.

    Nodes: ``{id, name, type, articles, center}``. Edges: ``{source, target, kind, weight}`` with kind
    ``co`` (articles naming both; between every pair of nodes) or ``meet`` (stored events of a
    :data:`MEETING_TYPES` type whose actor and recipient are the two entities).
    """
    q = store.conn.execute
    row = q("SELECT id, name, type, article_count FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return {"nodes": [], "edges": []}
    nodes = {row[0]: _node(row, center=True)}
    for r in q("SELECT e.id, e.name, e.type, e.article_count FROM (SELECT b.entity_id AS id, count(DISTINCT"
               " b.article_id) AS n FROM entity_articles a JOIN entity_articles b ON b.article_id = a.article_id"
               " AND b.entity_id != a.entity_id WHERE a.entity_id = ? GROUP BY b.entity_id) x"
               " JOIN entities e ON e.id = x.id ORDER BY x.n DESC, e.article_count DESC, e.id LIMIT ?",
               (entity_id, limit)):
        nodes[r[0]] = _node(r)
    meets: dict[tuple[int, int], int] = {}
    types = ",".join("?" * len(MEETING_TYPES))
    for a, b in q("SELECT ea.entity_id, eb.entity_id FROM entity_articles me"
                  " JOIN events ev ON ev.article_id = me.article_id"
                  " AND (ev.actor_entity = me.local_id OR ev.recipient_entity = me.local_id)"
                  " JOIN entity_articles ea ON ea.article_id = ev.article_id AND ea.local_id = ev.actor_entity"
                  " JOIN entity_articles eb ON eb.article_id = ev.article_id AND eb.local_id = ev.recipient_entity"
                  f" WHERE me.entity_id = ? AND ev.type IN ({types}) AND ev.negated = 0 AND ev.planned = 0",
                  (entity_id, *MEETING_TYPES)):
        if a != b:
            pair = (min(a, b), max(a, b))
            meets[pair] = meets.get(pair, 0) + 1
    missing = {i for pair in meets for i in pair} - nodes.keys()
    if missing:
        marks = ",".join("?" * len(missing))
        for r in q(f"SELECT id, name, type, article_count FROM entities WHERE id IN ({marks})", sorted(missing)):
            nodes[r[0]] = _node(r)
    ids = sorted(nodes)
    marks = ",".join("?" * len(ids))
    edges = [{"source": a, "target": b, "kind": "co", "weight": n} for a, b, n in q(
        "SELECT a.entity_id, b.entity_id, count(DISTINCT a.article_id) FROM entity_articles a"
        " JOIN entity_articles b ON b.article_id = a.article_id AND b.entity_id > a.entity_id"
        f" WHERE a.entity_id IN ({marks}) AND b.entity_id IN ({marks}) GROUP BY 1, 2", (*ids, *ids))]
    edges += [{"source": a, "target": b, "kind": "meet", "weight": n} for (a, b), n in sorted(meets.items())]
    return {"nodes": list(nodes.values()), "edges": edges}


def _node(row: tuple, center: bool = False) -> dict[str, Any]:
    return {"id": row[0], "name": row[1], "type": row[2], "articles": row[3], "center": center}


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
