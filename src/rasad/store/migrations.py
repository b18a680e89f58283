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
    ("0003_entities", """
        -- canonical entities across articles (rasad.canonical, store/entities.py)
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL,                -- PER, ORG, LOC, ...
            name TEXT NOT NULL,                -- display name (the fullest name first seen)
            key TEXT NOT NULL,                 -- rasad.canonical.name_key
            kind TEXT NOT NULL DEFAULT 'full', -- 'full', or 'surname': surname-only mentions not tied to one person
            tokens INTEGER NOT NULL,           -- name tokens in the key
            tail1 TEXT,                        -- persons: key of the last token (surname)
            tail2 TEXT,                        -- persons with 3+ tokens: key of the last two tokens
            country TEXT,                      -- ISO 3166 alpha-3 (first one seen)
            sector TEXT,                       -- GOV, MIL, ... (first one seen)
            first_seen TEXT,                   -- earliest / latest article `published`
            last_seen TEXT,
            mention_count INTEGER NOT NULL DEFAULT 0,
            article_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX entities_type_key ON entities(type, key, kind);
        CREATE INDEX entities_key ON entities(key);
        CREATE INDEX entities_tail1 ON entities(tail1);
        CREATE INDEX entities_tail2 ON entities(tail2);
        CREATE INDEX entities_articles ON entities(article_count);
        -- names and surfaces an entity was written as; count = articles
        CREATE TABLE entity_aliases (
            entity_id INTEGER NOT NULL,
            alias TEXT NOT NULL,
            key TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (entity_id, alias)
        ) WITHOUT ROWID;
        CREATE INDEX entity_aliases_key ON entity_aliases(key);
        -- one row per article-level entity (Article.entities item) and the canonical entity it links to
        CREATE TABLE entity_articles (
            article_id INTEGER NOT NULL,       -- articles.id
            local_id TEXT NOT NULL,            -- the article entity's id ('e1')
            entity_id INTEGER NOT NULL,
            name TEXT NOT NULL,                -- the article entity's name
            country TEXT,
            sector TEXT,
            mentions INTEGER NOT NULL,
            published TEXT,
            PRIMARY KEY (article_id, local_id)
        ) WITHOUT ROWID;
        CREATE INDEX entity_articles_entity ON entity_articles(entity_id, published);
        CREATE INDEX entity_articles_published ON entity_articles(published);
        CREATE TABLE entity_mentions (
            article_id INTEGER NOT NULL,
            entity_id INTEGER NOT NULL,
            local_id TEXT NOT NULL,
            start INTEGER,                     -- offsets over the article's normalized text
            "end" INTEGER,
            kind TEXT,                         -- name, surname, title, pronoun, alias
            surface TEXT,
            published TEXT
        );
        CREATE INDEX entity_mentions_article ON entity_mentions(article_id);
        CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id, published);
        -- each role seen in an article ('' for an unknown org or country)
        CREATE TABLE entity_role_mentions (
            article_id INTEGER NOT NULL,
            entity_id INTEGER NOT NULL,
            local_id TEXT NOT NULL,
            role TEXT NOT NULL,
            org TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            text TEXT,
            start INTEGER,
            "end" INTEGER,
            published TEXT
        );
        CREATE INDEX entity_role_mentions_article ON entity_role_mentions(article_id);
        CREATE INDEX entity_role_mentions_entity ON entity_role_mentions(entity_id, role, org, country, published);
        -- roles over time; count = articles
        CREATE TABLE entity_roles (
            entity_id INTEGER NOT NULL,
            role TEXT NOT NULL,
            org TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            first_date TEXT,
            last_date TEXT,
            count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (entity_id, role, org, country)
        ) WITHOUT ROWID;
    """),
    ("0004_quotes", """
        -- quotes per article (rasad.quotes, store/quotes.py); rebuilt when the article is stored
        CREATE TABLE quotes (
            article_id INTEGER NOT NULL,       -- articles.id
            idx INTEGER NOT NULL,              -- order in the article
            kind TEXT NOT NULL,                -- direct, indirect
            speaker_entity INTEGER,            -- canonical entities.id when linked (migration 0003)
            speaker_local TEXT,                -- the article entity's id ('e1'), if any
            speaker_name TEXT,                 -- entity name, else the speaker as written
            speaker_text TEXT,                 -- as written in the clause
            speaker_key TEXT,                  -- fold(speaker_name) without spaces
            role TEXT,
            verb TEXT NOT NULL,                -- canonical reporting verb
            content TEXT NOT NULL,
            start INTEGER NOT NULL,            -- the quote clause over the normalized text
            "end" INTEGER NOT NULL,
            published TEXT,
            PRIMARY KEY (article_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX quotes_speaker_key ON quotes(speaker_key, published);
        CREATE INDEX quotes_speaker_entity ON quotes(speaker_entity, published);
        CREATE INDEX quotes_published ON quotes(published);
    """),
    ("0005_events", """
        -- PLOVER events per article (rasad.events, store/events.py); rebuilt when the article is stored
        CREATE TABLE events (
            article_id INTEGER NOT NULL,       -- articles.id
            idx INTEGER NOT NULL,              -- position in the article's spans["events"]
            type TEXT NOT NULL,                -- PLOVER event type (CONSULT, ...)
            mode TEXT,
            actor_entity TEXT,                 -- article-level entity id (e1 ...), if resolved
            actor_name TEXT,                   -- canonical name, else the text as written
            actor_code TEXT,                   -- ISO 3166 alpha-3 or IGO/...
            actor_sector TEXT,
            recipient_entity TEXT,
            recipient_name TEXT,
            recipient_code TEXT,
            recipient_sector TEXT,
            location TEXT,                     -- place as extracted
            country TEXT,                      -- ISO3 of the place
            date TEXT,                         -- ISO date, month (YYYY-MM) or year
            date_granularity TEXT,             -- day, week, month, year
            date_flag TEXT,                    -- null, or 'publish_date' when the sentence gives no date
            negated INTEGER NOT NULL DEFAULT 0,
            planned INTEGER NOT NULL DEFAULT 0,
            confidence REAL NOT NULL,
            evidence TEXT NOT NULL,            -- the evidence text
            start INTEGER NOT NULL,            -- evidence span over the article's normalized text
            "end" INTEGER NOT NULL,
            published TEXT,                    -- the article's publish time
            search TEXT NOT NULL,              -- folded actor/recipient names and codes, for --actor
            record TEXT NOT NULL,              -- the span's data as JSON
            PRIMARY KEY (article_id, idx)
        );
        CREATE INDEX events_type ON events(type);
        CREATE INDEX events_date ON events(date);
        CREATE INDEX events_actor_code ON events(actor_code);
        CREATE INDEX events_recipient_code ON events(recipient_code);
    """),
    ("0006_stories", """
        -- story grouping (rasad.stories, store/stories.py); docs/stories.md
        CREATE TABLE story_articles (
            article_id INTEGER PRIMARY KEY,    -- articles.id
            story_id INTEGER NOT NULL,         -- articles.id of the story's first article
            content_hash TEXT NOT NULL,        -- the article's content hash when grouped
            exact TEXT NOT NULL,               -- hash of the story text (agency prefix cut)
            score REAL NOT NULL,               -- 1 exact, else estimated Jaccard with `matched`, 0 new story
            matched INTEGER,                   -- the article it was matched with
            signature BLOB                     -- MinHash values, uint32; NULL for an empty text
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);
        CREATE INDEX story_articles_exact ON story_articles(exact);
        -- the LSH index: one row per band of an article's signature (key: band number and values, hashed)
        CREATE TABLE story_bands (
            key INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (key, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX story_bands_article ON story_bands(article_id);
        CREATE TABLE story_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- one event, many mentions: events of one story with the same type, actor, recipient, date,
        -- negation and plan are one event; event_id = article_id * 10000 + idx of its first mention
        CREATE VIEW event_mentions AS
        SELECT min(article_id * 10000 + idx) OVER (PARTITION BY story_id, type, date, actor_key, recipient_key,
                   negated, planned) AS event_id, *
        FROM (SELECT e.article_id, e.idx, coalesce(s.story_id, -e.article_id) AS story_id, e.type, e.date,
                     coalesce('E' || ea.entity_id, e.actor_code, e.actor_name, '') AS actor_key,
                     coalesce('E' || er.entity_id, e.recipient_code, e.recipient_name, '') AS recipient_key,
                     e.negated, e.planned
              FROM events e
              LEFT JOIN story_articles s ON s.article_id = e.article_id
              LEFT JOIN entity_articles ea ON ea.article_id = e.article_id AND ea.local_id = e.actor_entity
              LEFT JOIN entity_articles er ON er.article_id = e.article_id AND er.local_id = e.recipient_entity);
        CREATE VIEW story_events AS
        SELECT m.event_id, m.story_id, m.event_id / 10000 AS article_id, m.event_id % 10000 AS idx, m.type, m.date,
               m.actor_key, m.recipient_key, m.negated, m.planned, count(*) AS mentions,
               count(DISTINCT m.article_id) AS articles, group_concat(DISTINCT a.agency) AS agencies,
               f.actor_name, f.actor_code, f.recipient_name, f.recipient_code, f.evidence
        FROM event_mentions m
        JOIN articles a ON a.id = m.article_id
        JOIN events f ON f.article_id = m.event_id / 10000 AND f.idx = m.event_id % 10000
        GROUP BY m.event_id;
    """),
    ("0007_web_indexes", """
        -- explorer (rasad/web/queries.py): search joins and filters read this narrow index, never the wide rows
        CREATE INDEX articles_web_meta ON articles(id, agency, published);
        CREATE INDEX articles_web_agency ON articles(agency, published);
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
            record = f"INSERT INTO _migrations VALUES ('{name}', '{now}');"
            conn.executescript(f"BEGIN IMMEDIATE;\n{sql};\n{record}\nCOMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
