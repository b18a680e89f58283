"""Events per article (table ``events``, migration ``0005_events``).

:func:`store_events` replaces an article's rows with those of its ``spans["events"]`` (:func:`event_rows`)
(idempotent: storing the same article twice leaves the same rows); it runs
inside the caller's write transaction (``Store._put``). :func:`list_events`
filters by actor (ISO3 code, or a name / alias matched in search form), type
and date. Functions take a :class:`~rasad.store.db.Store`.
"""
from __future__ import annotations

import json
import re
import sqlite3
from typing import TYPE_CHECKING, Any

from ..article import Article
from ..errors import StorageError
from ..normalize import fold

if TYPE_CHECKING:
    from .db import Store

COLUMNS = ("article_id", "idx", "type", "mode", "actor_entity", "actor_name", "actor_code", "actor_sector",
           "recipient_entity", "recipient_name", "recipient_code", "recipient_sector", "location", "country",
           "date", "date_granularity", "date_flag", "negated", "planned", "confidence", "evidence", "start", "end",
           "published", "search", "record")
_CODE = re.compile(r"^[A-Z]{3}$")


def _side(p: dict[str, Any] | None) -> tuple[Any, ...]:
    if not p:
        return None, None, None, None
    return p.get("entity"), p.get("name") or p.get("entity_text"), p.get("code"), p.get("sector")


def _aliases(article: Article, p: dict[str, Any] | None) -> list[str]:
    if not p:
        return []
    out = [p.get("entity_text") or "", p.get("name") or ""]
    for ent in article.entities or []:
        if p.get("entity") and ent.get("id") == p["entity"]:
            out += [ent.get("name") or "", *(ent.get("surfaces") or [])]
    return [a for a in out if a]


def event_rows(article: Article) -> list[tuple]:
    """The ``events`` rows of ``article`` without their first column (the article id): what
    :func:`store_events` writes, made from the article alone."""
    rows = []
    for idx, span in enumerate(article.spans.get("events", [])):
        d = span.data
        loc = d.get("location") or {}
        date = d.get("date") or {}
        names = _aliases(article, d.get("actor")) + _aliases(article, d.get("recipient"))
        codes = [p.get("code") for p in (d.get("actor"), d.get("recipient")) if p and p.get("code")]
        search = "\x1f" + "\x1f".join(fold(n) for n in names + codes) + "\x1f"
        rows.append((idx, span.label, d.get("mode"), *_side(d.get("actor")), *_side(d.get("recipient")),
                     loc.get("text"), loc.get("country"), date.get("value"), date.get("granularity"), date.get("flag"),
                     int(bool(d.get("negated"))), int(bool(d.get("planned"))), float(d.get("confidence") or 0),
                     article.text[span.start:span.end], span.start, span.end, article.published, search,
                     json.dumps(d, ensure_ascii=False, separators=(",", ":"))))
    return rows


def store_events(store: Store, article_id: int, rows: list[tuple]) -> int:
    """Replace the stored events of article *article_id* with *rows* (:func:`event_rows`); return how many."""
    try:
        store.conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
        cols = ", ".join(f'"{c}"' for c in COLUMNS)
        store.conn.executemany(f"INSERT INTO events ({cols}) VALUES ({', '.join('?' * len(COLUMNS))})",
                               [(article_id, *r) for r in rows])
    except sqlite3.Error as e:
        raise StorageError(f"cannot store events of article {article_id}: {e}", store.path, code="R302") from e
    return len(rows)


def list_events(store: Store, actor: str | None = None, type: str | None = None,  # noqa: A002 - CLI name
                since: str | None = None, until: str | None = None, limit: int | None = None,
                include_planned: bool = True) -> list[dict[str, Any]]:
    """Stored events, oldest first. *actor*: ISO3 code (actor or recipient) or a name/alias (search form);
    *type*: PLOVER type; *since*/*until*: ISO dates compared with the event date (inclusive)."""
    where, params = [], []
    if actor:
        if _CODE.match(actor.strip()):
            where.append("(e.actor_code = ? OR e.recipient_code = ?)")
            params += [actor.strip(), actor.strip()]
        else:
            where.append("e.search LIKE ?")
            params.append("%" + fold(actor.strip()).replace("%", "").replace("_", "") + "%")
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
    if since:
        where.append("e.date >= ?")
        params.append(since)
    if until:
        where.append("substr(e.date, 1, ?) <= ?")
        params += [len(until), until]
    if not include_planned:
        where.append("e.planned = 0 AND e.negated = 0")
    sql = (f"SELECT {', '.join('e.' + chr(34) + c + chr(34) for c in COLUMNS)}, a.news_id, a.agency, a.title, a.url "
           "FROM events e JOIN articles a ON a.id = e.article_id"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY e.date, e.article_id, e.idx")
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for row in store.conn.execute(sql, params):
        rec = dict(zip((*COLUMNS, "news_id", "agency", "title", "url"), row, strict=True))
        rec["negated"], rec["planned"] = bool(rec["negated"]), bool(rec["planned"])
        rec["record"] = json.loads(rec["record"])
        rec.pop("search")
        out.append(rec)
    return out


__all__ = ["event_rows", "list_events", "store_events"]
