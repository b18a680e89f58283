"""Named schema migrations, applied in order and recorded in ``_migrations``.

Add a migration by appending ``(name, sql)`` to :data:`MIGRATIONS`; never
edit one that has shipped.
"""
from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_articles", """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,          -- 'agency|news_id' or 'hash|content_hash'
            content_hash TEXT NOT NULL,
            agency TEXT,
            news_id TEXT,
            title TEXT,
            published TEXT,                    -- ISO 8601
            url TEXT,
            source TEXT NOT NULL,
            record TEXT NOT NULL,              -- the whole Article as JSON
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE INDEX articles_news_id ON articles(news_id);
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_agency ON articles(agency);
        -- search forms (rasad.normalize.fold) of the article's fields; rowid = articles.id
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, lead, body, tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL UNIQUE,       -- path, or path#record
            stage TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
    """),
    ("0002_pages", """
        -- raw fetched pages (rasad fetch), so extraction can be re-run without refetching
        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,          -- the URL asked for; the latest fetch is kept
            final_url TEXT NOT NULL,           -- after redirects
            status INTEGER NOT NULL,
            content_type TEXT,
            headers TEXT NOT NULL,             -- response headers as a JSON object
            body BLOB NOT NULL,                -- the body as received (content coding undone)
            fetched_at TEXT NOT NULL,          -- ISO 8601, UTC
            sha256 TEXT NOT NULL               -- of body
        );
        CREATE INDEX pages_final_url ON pages(final_url);
    """),
]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations this database lacks; return their names."""
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        now = datetime.now(UTC).isoformat()
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{sql};\nINSERT INTO _migrations VALUES ('{name}', '{now}');\nCOMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
