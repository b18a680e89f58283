"""The SQLite store: articles, their full-text index, and failures.

One writer at a time (each batch is one ``BEGIN IMMEDIATE`` transaction, so
a killed ingest loses at most the batch in flight and leaves the database
consistent); WAL mode lets readers run alongside. Ingest is idempotent: an
article is identified by agency + news id when it has both, else by content
hash, and an article whose content hash is already stored is not stored again.
"""
from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..article import Article, content_digest
from ..errors import RasadError, StorageError
from ..normalize import fold
from .entities import Linker, LinkInputs, link_article_entities, link_inputs
from .events import event_rows, store_events
from .migrations import migrate
from .quotes import quote_rows, store_quotes
from .search import Snippet, article_filters, fts_query, highlight

DEFAULT_DB = "rasad.db"


def default_db_path() -> str:
    """``$RASAD_DB`` if set, else ``rasad.db`` in the current directory."""
    return os.environ.get("RASAD_DB", DEFAULT_DB)


@dataclass
class Hit:
    id: int
    news_id: str | None
    agency: str | None
    title: str | None
    published: str | None
    score: float
    snippet: Snippet


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)


def article_key(art: Article, content_hash: str | None = None) -> str:
    """``agency|news_id`` when both are known, else ``hash|content_hash``."""
    if art.agency and art.news_id:
        return f"{fold(art.agency)}|{art.news_id}"
    return f"hash|{content_hash or art.content_hash}"


def search_fields(art: Article) -> tuple[tuple[str, str, str], str]:
    """The FTS row (:func:`search_forms`) and the content hash.

    Each text is folded once: ``fold`` works character by character, so the
    fold of texts joined by a space or newline is the folds joined the same way.
    """
    title, lead, body = folds = _folds(art)
    return _forms(art, *folds), content_digest("\n".join([title, lead, body]))


def search_forms(art: Article) -> tuple[str, str, str]:
    """The FTS row: search forms of surtitle + title, lead, body."""
    return _forms(art, *_folds(art))


def _folds(art: Article) -> tuple[str, str, str]:
    return fold(art.title or ""), fold(art.lead or ""), fold("\n".join(art.body))


def _forms(art: Article, title: str, lead: str, body: str) -> tuple[str, str, str]:
    head = f"{fold(art.surtitle)} {title}" if art.surtitle and art.title else (
        fold(art.surtitle) if art.surtitle else title)
    return head, lead, body


@dataclass(frozen=True)
class Ahead:
    """What storing an article takes from the article alone (:func:`ahead`), made before its write
    transaction: ``rasad load`` makes a batch's while the transaction before it commits."""

    forms: tuple[str, str, str]  # the FTS row (search_forms)
    links: LinkInputs  # entities as linking takes them (entities.link_inputs)
    quotes: list[tuple]  # quotes.quote_rows
    events: list[tuple]  # events.event_rows


def ahead(art: Article, forms: tuple[str, str, str]) -> Ahead:
    """:class:`Ahead` of ``art``, whose FTS row is ``forms``."""
    return Ahead(forms, link_inputs(art), quote_rows(art), event_rows(art))


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)  # records are trees


def compact_json(value: Any) -> str:
    """``value`` as compact JSON, text as it is (no ``\\u`` escapes): how records are stored and written."""
    return _COMPACT.encode(value)


def record_json(art: Article, content_hash: str | None = None) -> str:
    """The stored form of an article: compact JSON of ``Article.to_dict()``."""
    return compact_json(art.to_dict(content_hash))


class Store:
    """An open Rasad database. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike[str] | None = None):
        self.path = str(path or default_db_path())
        self._failures = True  # whether the failures table may have rows (see write_batch)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA busy_timeout=10000")
            migrate(self.conn)
            if self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_deferred_indexes'").fetchone():
                restore_indexes(self.conn)  # a bulk load stopped before it built them again
        except sqlite3.DatabaseError as e:
            raise StorageError(f"cannot open database: {e}", self.path, code="R301") from e

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- writing ---------------------------------------------------------
    def write_batch(self, items: list[Article | RasadError]) -> list[tuple[str, str]]:
        """Store articles and record failures in one transaction.

        Returns ``(outcome, source)`` per item, outcome being ``ingested``,
        ``updated``, ``unchanged`` or ``failed``.
        """
        outcomes = []
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            # an article clears its source's failures; skip that per article while there are none
            self._failures = self.conn.execute("SELECT EXISTS (SELECT 1 FROM failures)").fetchone()[0] == 1
            for item in items:
                if isinstance(item, RasadError):
                    self._record_failure(item, now)
                    outcomes.append(("failed", item.source))
                else:
                    outcomes.append((self._put(item, now), item.source.ref))
            self.conn.execute("COMMIT")
        except sqlite3.Error as e:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StorageError(str(e), self.path, code="R302") from e
        return outcomes

    def _put(self, art: Article, now: str) -> str:
        forms, digest = search_fields(art)
        return self._store(art, article_key(art, digest), digest, None, ahead(art, forms), now)

    def _store(self, art: Article, key: str, digest: str, record: str | bytes | None, pre: Ahead, now: str,
               linker: Linker | None = None, fts: dict[int, tuple[str, str, str]] | None = None) -> str:
        """Store one article under ``key`` (inside the write transaction); return the outcome.

        ``record``: its stored JSON (text, or its UTF-8 bytes: stored as text all the same), made from
        ``art`` when None (and only when it is to be written);
        ``pre``: :func:`ahead` of ``art``; ``linker``: links the entities of the whole transaction
        (:class:`~rasad.store.entities.Linker`; the caller flushes it); ``fts``: collects the FTS
        rows (rowid → forms) for the caller to insert together, instead of one insert now.
        """
        conn = self.conn
        if self._failures:
            conn.execute("DELETE FROM failures WHERE source IN (?, ?)", (art.source.ref, art.source.path))
        row = conn.execute("SELECT id, content_hash, record FROM articles WHERE key = ?", (key,)).fetchone()
        if row is None:
            if conn.execute("SELECT id FROM articles WHERE content_hash = ?", (digest,)).fetchone() is not None:
                return "unchanged"
        if record is None:
            record = record_json(art, digest)
        if row is not None and row[1] == digest and _same_record(row[2], record):
            return "unchanged"
        values = (key, digest, art.agency, art.news_id, art.title, art.published, art.url,
                  art.source.ref, record, now)
        if row is None:
            rowid = conn.execute(
                "INSERT INTO articles (key, content_hash, agency, news_id, title, published, url, source,"
                " record, ingested_at) VALUES (?,?,?,?,?,?,?,?,CAST(? AS TEXT),?)", values).lastrowid
            outcome = "ingested"
        else:
            rowid, outcome = row[0], "updated"
            conn.execute(
                "UPDATE articles SET key=?, content_hash=?, agency=?, news_id=?, title=?, published=?, url=?,"
                " source=?, record=CAST(? AS TEXT), ingested_at=? WHERE id=?", (*values, rowid))
            if fts is None or rowid not in fts:  # a row collected in fts is not in the table yet
                conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (rowid,))
        assert rowid is not None
        if fts is None:
            conn.execute("INSERT INTO articles_fts (rowid, title, lead, body) VALUES (?,?,?,?)", (rowid, *pre.forms))
        else:
            fts[rowid] = pre.forms
        linked = link_article_entities(self, rowid, art, linker, pre.links)
        store_quotes(self, rowid, pre.quotes, linked)
        store_events(self, rowid, pre.events)
        return outcome

    def _record_failure(self, err: RasadError, now: str) -> None:
        self._failures = True
        self.conn.execute(
            "INSERT INTO failures (source, stage, code, message, created_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT(source) DO UPDATE SET stage=excluded.stage, code=excluded.code,"
            " message=excluded.message, created_at=excluded.created_at",
            (err.source or "-", err.stage or "", err.code, err.reason, now))

    # -- reading ---------------------------------------------------------
    def get(self, ident: str | int) -> Article:
        """An article by internal id or by agency news id (raises ``KeyError``)."""
        text = str(ident).strip()
        rows = []
        if text.isdigit():
            rows = self.conn.execute("SELECT record FROM articles WHERE id = ?", (int(text),)).fetchall()
        if not rows:
            rows = self.conn.execute("SELECT record FROM articles WHERE news_id = ? ORDER BY id", (text,)).fetchall()
        if not rows:
            raise KeyError(f"no article with id or news id {text!r}")
        return Article.from_dict(json.loads(rows[0][0]))

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        last = 0
        while True:
            rows = self.conn.execute("SELECT id, record FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                                     (last, batch)).fetchall()
            if not rows:
                return
            for _rowid, record in rows:
                yield Article.from_dict(json.loads(record))
            last = rows[-1][0]

    def search(self, query: str, limit: int = 10, offset: int = 0, agency: str | None = None,
               since: str | None = None, until: str | None = None) -> SearchResult:
        """Ranked articles matching ``query`` with highlighted snippets."""
        match = fts_query(query)
        if not match:
            return SearchResult(query, 0)
        where, params = article_filters(agency, since, until)
        where, params = ["articles_fts MATCH ?", *where], [match, *params]
        sql_where = " AND ".join(where)
        join = "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        try:
            total = self.conn.execute(f"SELECT count(*) {join} WHERE {sql_where}", params).fetchone()[0]
            rows = self.conn.execute(
                f"SELECT a.id, a.record, bm25(articles_fts, 5.0, 2.0, 1.0) AS score {join} WHERE {sql_where}"
                " ORDER BY score LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        except sqlite3.OperationalError as e:
            raise StorageError(f"search failed: {e}", self.path, code="R303") from e
        hits = []
        for rowid, record, score in rows:
            d = json.loads(record)
            texts = [t for t in [d.get("title"), d.get("lead"), *d.get("body", [])] if t]
            hits.append(Hit(rowid, d.get("news_id"), d.get("agency"), d.get("title"), d.get("published"),
                            -score, highlight(texts, query)))
        return SearchResult(query, total, hits)

    def stats(self) -> dict[str, object]:
        q = self.conn.execute
        return {
            "database": self.path,
            "articles": q("SELECT count(*) FROM articles").fetchone()[0],
            "agencies": dict(q("SELECT coalesce(agency, '-'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC")),
            "published": list(q("SELECT min(published), max(published) FROM articles").fetchone()),
            "failures": q("SELECT count(*) FROM failures").fetchone()[0],
            "failures_by_code": dict(q("SELECT code, count(*) FROM failures GROUP BY code ORDER BY 2 DESC")),
            "recent_failures": [dict(zip(("source", "stage", "code", "message"), r, strict=True)) for r in
                                q("SELECT source, stage, code, message FROM failures ORDER BY id DESC LIMIT 20")],
        }


def defer_indexes(conn: sqlite3.Connection, names: tuple[str, ...]) -> None:
    """Drop the indexes ``names``, their definitions kept in ``_deferred_indexes`` in the same transaction,
    for :func:`restore_indexes` to build them again: at the end of a bulk load, or when a store opens the
    database after a load that was stopped before its end."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS _deferred_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL)")
        marks = ",".join("?" * len(names))
        rows = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
                            names).fetchall()
        conn.executemany("INSERT OR IGNORE INTO _deferred_indexes VALUES (?, ?)", rows)
        for name, _sql in rows:
            conn.execute(f"DROP INDEX {name}")
        conn.execute("COMMIT")
    except sqlite3.Error:
        conn.execute("ROLLBACK")
        raise


def restore_indexes(conn: sqlite3.Connection) -> None:
    """Build again the indexes :func:`defer_indexes` dropped (those still missing), in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_deferred_indexes'").fetchone():
            present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
            for name, sql in conn.execute("SELECT name, sql FROM _deferred_indexes ORDER BY name").fetchall():
                if name not in present:
                    conn.execute(sql)
            conn.execute("DROP TABLE _deferred_indexes")
        conn.execute("COMMIT")
    except sqlite3.Error:
        conn.execute("ROLLBACK")
        raise


def _same_record(old: str, new: str | bytes) -> bool:
    """Same article apart from where and how it was delivered (source, raw layout, offsets)."""
    a, b = json.loads(old), json.loads(new)
    for d in (a, b):
        for key in ("source", "raw", "offsets", "layout"):
            d.pop(key, None)
    return a == b
