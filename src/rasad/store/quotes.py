"""Quotes per article (table ``quotes``, migration ``0004_quotes``).

:func:`store_quotes` rewrites an article's rows (:func:`quote_rows` of ``article.spans["quotes"]``)
(idempotent; call inside the store's write transaction, after the article row
and its entity links are written). :func:`list_quotes` reads them back. A
speaker is linked to its canonical entity through ``entity_articles`` when
migration ``0003_entities`` has linked the article's entities. Functions take
a :class:`~rasad.store.db.Store`.
"""
from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from ..article import Article
from ..normalize import fold

if TYPE_CHECKING:
    from .db import Store

_COLUMNS = ("article_id, idx, kind, speaker_entity, speaker_local, speaker_name, speaker_text, speaker_key,"
            ' role, verb, content, start, "end", published')


def speaker_key(name: str | None) -> str:
    """Comparison key of a speaker name: search form, no spaces."""
    return "".join(fold(name or "").split())


def quote_rows(article: Article) -> list[tuple]:
    """The ``quotes`` rows of ``article`` from ``idx`` on, made from the article alone (no article id, no
    canonical speaker): what :func:`store_quotes` writes."""
    rows = []
    for i, q in enumerate(article.spans.get("quotes", [])):
        d = q.data or {}
        name = d.get("speaker_name") or d.get("speaker_text") or None
        c0, c1 = (d.get("content") or [q.start, q.end])[:2]
        rows.append((i, q.label, d.get("speaker"), name, d.get("speaker_text"), speaker_key(name), d.get("role"),
                     d.get("verb") or "", article.text[c0:c1], q.start, q.end, article.published))
    return rows


def store_quotes(store: Store, article_id: int, rows: list[tuple], linked: dict[str, int] | None = None) -> int:
    """Replace the stored quotes of article ``article_id`` with ``rows`` (:func:`quote_rows`); return how many.

    ``linked``: what :func:`~rasad.store.entities.link_article_entities` returned for this
    article in this transaction (local id → canonical id, the article's ``entity_articles``
    rows), so that speakers need no lookup; without it they are looked up.
    """
    conn = store.conn
    conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
    full = []
    for i, kind, local, *rest in rows:
        canonical = linked.get(local) if linked is not None and isinstance(local, str) else \
            _canonical(conn, article_id, local)
        full.append((article_id, i, kind, canonical, local, *rest))
    conn.executemany(f"INSERT INTO quotes ({_COLUMNS}) VALUES ({','.join('?' * 14)})", full)
    return len(full)


def _canonical(conn: sqlite3.Connection, article_id: int, local: str | None) -> int | None:
    if not local:
        return None
    try:
        row = conn.execute("SELECT entity_id FROM entity_articles WHERE article_id = ? AND local_id = ?",
                           (article_id, local)).fetchone()
    except sqlite3.OperationalError:  # no entity tables in this database
        return None
    return row[0] if row else None


def list_quotes(store: Store, speaker: str | None = None, since: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    """Stored quotes, newest first; ``speaker`` matches a name, surname or alias key."""
    where, params = [], []
    if speaker:
        key = speaker_key(speaker)
        alias = "q.speaker_entity IN (SELECT entity_id FROM entity_aliases WHERE key = ?)"
        try:
            from ..canonical import name_key
            store.conn.execute("SELECT 1 FROM entity_aliases LIMIT 1")
            where.append(f"(q.speaker_key = ? OR q.speaker_key LIKE ? OR {alias})")
            params += [key, "%" + key, name_key(speaker)]
        except (ImportError, sqlite3.OperationalError):
            where.append("(q.speaker_key = ? OR q.speaker_key LIKE ?)")
            params += [key, "%" + key]
    if since:
        where.append("q.published >= ?")
        params.append(since)
    sql = (f"SELECT q.{_COLUMNS.replace(', ', ', q.')}, a.news_id, a.title, a.url FROM quotes q"
           " JOIN articles a ON a.id = q.article_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY q.published DESC, q.article_id DESC, q.idx")
    if limit:
        sql += f" LIMIT {int(limit)}"
    names = [c.strip().strip('"') for c in _COLUMNS.split(",")] + ["news_id", "title", "url"]
    return [dict(zip(names, row, strict=True)) for row in store.conn.execute(sql, params)]


__all__ = ["list_quotes", "quote_rows", "speaker_key", "store_quotes"]
