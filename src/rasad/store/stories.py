"""Stories in the store (tables of migration ``0006_stories``).

- ``story_articles``: one row per grouped article: its ``story_id`` (the
  ``articles.id`` of the story's first article), the content hash it was grouped
  with (an article whose hash changes is grouped again), its exact key and its
  MinHash signature (``uint32`` bytes), so new articles are compared with stored
  signatures and old ones are never recomputed.
- ``story_bands``: the LSH index (bucket key of one band, article).
- ``story_settings``: shingle size, threshold and permutations the rows were
  built with; other settings regroup everything.
- views ``event_mentions`` / ``story_events``: one event, many mentions (see
  docs/stories.md).

:func:`update_stories` groups the articles not grouped yet, in ``articles.id``
order, so grouping incrementally and rebuilding give the same stories.
:class:`StoryIndex` is the grouping itself over any connection holding these
tables (``StoryIndex.memory`` for an in-memory one).
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ..errors import StorageError
from ..stories import SCHEME, SEED, Settings, band_keys, exact_key, lsh_params, signature, similarity, story_words
from .migrations import migrate

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .db import Store


@dataclass
class Assignment:
    article_id: int
    story_id: int
    score: float          # 1.0 exact duplicate; estimated Jaccard with the article joined; 0.0 a new story
    matched: int | None   # the article it was matched with


class StoryIndex:
    """Assigns articles to stories using the story tables of *conn* (no transaction handling)."""

    def __init__(self, conn: sqlite3.Connection, settings: Settings | None = None):
        self.conn = conn
        self.settings = settings or Settings()
        self.bands, self.rows = lsh_params(self.settings.threshold, self.settings.num_perm)

    @classmethod
    def memory(cls, settings: Settings | None = None) -> StoryIndex:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        migrate(conn)
        return cls(conn, settings)

    def add(self, article_id: int, words: Sequence[str], content_hash: str = "") -> Assignment:
        """Group one article (not yet in the index) and record it."""
        import numpy as np

        s = self.settings
        exact = exact_key(words)
        sig = signature(words, s.shingle, s.num_perm)
        keys = band_keys(sig, self.bands, self.rows) if sig is not None else []
        found = self.conn.execute("SELECT story_id, article_id FROM story_articles WHERE exact = ?"
                                  " ORDER BY article_id LIMIT 1", (exact,)).fetchone() if words else None
        if found:
            result = Assignment(article_id, found[0], 1.0, found[1])
        else:
            result = Assignment(article_id, article_id, 0.0, None)
            cands = [r[0] for r in self.conn.execute(
                f"SELECT DISTINCT article_id FROM story_bands WHERE key IN ({','.join('?' * len(keys))})"
                " ORDER BY article_id", keys)] if keys else []
            for cand in cands:
                story_id, blob = self.conn.execute(
                    "SELECT story_id, signature FROM story_articles WHERE article_id = ?", (cand,)).fetchone()
                score = similarity(sig, np.frombuffer(blob, dtype="uint32"))
                if score >= s.threshold and score > result.score:
                    result = Assignment(article_id, story_id, score, cand)
        self.conn.execute(
            "INSERT INTO story_articles (article_id, story_id, content_hash, exact, score, matched, signature)"
            " VALUES (?,?,?,?,?,?,?)", (article_id, result.story_id, content_hash, exact, result.score,
                                        result.matched, sig.tobytes() if sig is not None else None))
        self.conn.executemany("INSERT INTO story_bands (key, article_id) VALUES (?,?)",
                              [(key, article_id) for key in keys])
        return result

    def remove(self, article_id: int) -> None:
        """Take an article out of the index (its band rows are found from its stored signature)."""
        import numpy as np

        row = self.conn.execute("SELECT signature FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        if row and row[0] is not None:
            keys = band_keys(np.frombuffer(row[0], dtype="uint32"), self.bands, self.rows)
            self.conn.executemany("DELETE FROM story_bands WHERE key = ? AND article_id = ?",
                                  [(key, article_id) for key in keys])
        self.conn.execute("DELETE FROM story_articles WHERE article_id = ?", (article_id,))


def _settings_key(settings: Settings) -> str:
    return json.dumps({**asdict(settings), "scheme": SCHEME, "seed": SEED}, sort_keys=True)


def update_stories(store: Store, rebuild: bool = False, settings: Settings | None = None,
                   batch: int = 500) -> int:
    """Group the stored articles that have no story yet (or changed); return how many were grouped.

    With *rebuild*, or when the stored rows were built with other settings, every article is regrouped.
    Each batch is one write transaction.
    """
    index = StoryIndex(store.conn, settings)
    key = _settings_key(index.settings)
    done = 0
    try:
        row = store.conn.execute("SELECT value FROM story_settings WHERE name = 'settings'").fetchone()
        if rebuild or (row is not None and row[0] != key):
            store.conn.execute("BEGIN IMMEDIATE")
            store.conn.execute("DELETE FROM story_articles")
            store.conn.execute("DELETE FROM story_bands")
            store.conn.execute("COMMIT")
        store.conn.execute("INSERT INTO story_settings (name, value) VALUES ('settings', ?)"
                           " ON CONFLICT(name) DO UPDATE SET value = excluded.value", (key,))
        last = 0
        while True:
            store.conn.execute("BEGIN IMMEDIATE")
            rows = store.conn.execute(
                "SELECT a.id, a.content_hash, s.article_id, json_extract(a.record, '$.title'),"
                " json_extract(a.record, '$.lead'), json_extract(a.record, '$.body')"
                " FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
                " WHERE a.id > ? AND (s.article_id IS NULL OR s.content_hash <> a.content_hash)"
                " ORDER BY a.id LIMIT ?", (last, batch)).fetchall()
            for article_id, content_hash, old, title, lead, body in rows:
                if old is not None:
                    index.remove(article_id)
                index.add(article_id, story_words(title, lead, json.loads(body or "[]")), content_hash)
            store.conn.execute("COMMIT")
            if not rows:
                return done
            done += len(rows)
            last = rows[-1][0]
    except sqlite3.Error as e:
        if store.conn.in_transaction:
            store.conn.execute("ROLLBACK")
        raise StorageError(f"cannot group stories: {e}", store.path, code="R302") from e


def story_of(store: Store, article_id: int) -> int | None:
    """Story id of a grouped article, None when it has not been grouped."""
    row = store.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def list_stories(store: Store, since: str | None = None, until: str | None = None, min_size: int = 2,
                 limit: int | None = None) -> list[dict[str, Any]]:
    """Stories of at least *min_size* articles whose time span overlaps [*since*, *until*], newest first.

    Each: ``story_id``, ``size``, ``agencies`` (distinct, by first appearance), ``first``/``last``
    (publish times), ``title`` (of the first article) and ``articles`` (id, news id, agency, published,
    title, url, score).
    """
    having, params = ["count(*) >= ?"], [min_size]
    if since:
        having.append("max(a.published) >= ?")
        params.append(since)
    if until:
        having.append("min(a.published) < ?")
        params.append(until + "\uffff")
    sql = ("SELECT s.story_id, count(*), min(a.published), max(a.published) FROM story_articles s"
           " JOIN articles a ON a.id = s.article_id GROUP BY s.story_id HAVING " + " AND ".join(having) +
           " ORDER BY max(a.published) DESC, s.story_id")
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for story_id, size, first, last in store.conn.execute(sql, params).fetchall():
        arts = [dict(zip(("id", "news_id", "agency", "published", "title", "url", "score"), r, strict=True))
                for r in store.conn.execute(
                    "SELECT a.id, a.news_id, a.agency, a.published, a.title, a.url, s.score FROM story_articles s"
                    " JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?"
                    " ORDER BY a.published, a.id", (story_id,))]
        agencies = list(dict.fromkeys(a["agency"] for a in arts if a["agency"]))
        title = next((a["title"] for a in arts if a["id"] == story_id), arts[0]["title"])
        out.append({"story_id": story_id, "size": size, "agencies": agencies, "first": first, "last": last,
                    "title": title, "articles": arts})
    return out


_EVENT_COLUMNS = ("story_id", "article_id", "idx", "type", "date", "actor_key", "recipient_key", "negated",
                  "planned", "mentions", "articles", "agencies", "actor_name", "actor_code", "recipient_name",
                  "recipient_code", "evidence")


def list_story_events(store: Store, story_id: int | None = None, min_mentions: int = 1) -> list[dict[str, Any]]:
    """Events with their mentions collapsed (view ``story_events``): one row per event of a story, with
    ``mentions`` (event spans), ``articles`` (distinct articles) and ``agencies`` (distinct, comma-joined);
    ``article_id``/``idx`` name the first mention. Articles not grouped yet count as their own story."""
    where, params = ["mentions >= ?"], [min_mentions]
    if story_id is not None:
        where.append("story_id = ?")
        params.append(story_id)
    rows = store.conn.execute(f"SELECT {', '.join(_EVENT_COLUMNS)} FROM story_events WHERE {' AND '.join(where)}"
                              " ORDER BY date, story_id, article_id, idx", params).fetchall()
    return [dict(zip(_EVENT_COLUMNS, r, strict=True)) for r in rows]


def event_mentions(store: Store, article_id: int, idx: int) -> list[tuple[int, int]]:
    """(article_id, idx) of every mention of the event whose mention is (*article_id*, *idx*)."""
    return [tuple(r) for r in store.conn.execute(
        "SELECT m.article_id, m.idx FROM event_mentions m JOIN event_mentions e ON e.event_id = m.event_id"
        " WHERE e.article_id = ? AND e.idx = ? ORDER BY m.article_id, m.idx", (article_id, idx))]


__all__ = ["Assignment", "StoryIndex", "event_mentions", "list_stories", "list_story_events", "story_of",
           "update_stories"]
