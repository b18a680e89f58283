"""Raw fetched pages (table ``pages``, migration ``0002_pages``).

``rasad fetch`` stores every page it fetched, as received, so extraction can
be re-run later without fetching again. One row per requested URL: a new
fetch of the same URL replaces the old row. Functions take a
:class:`~rasad.store.db.Store` (they can be bound as ``Store`` methods).
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..errors import StorageError

if TYPE_CHECKING:
    from .db import Store

_COLUMNS = "url, final_url, status, content_type, headers, body, fetched_at, sha256"


@dataclass
class Page:
    """A fetched page as received."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str | None
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: str = ""  # ISO 8601, UTC; set when stored if empty
    sha256: str = ""  # of body; computed when empty
    from_store: bool = False  # True when read back from the store instead of fetched

    def __post_init__(self) -> None:
        if not self.sha256:
            self.sha256 = hashlib.sha256(self.body).hexdigest()
        if not self.fetched_at:
            self.fetched_at = datetime.now(UTC).isoformat(timespec="seconds")


def put_page(store: Store, page: Page) -> None:
    """Store ``page``, replacing an earlier fetch of the same URL."""
    try:
        store.conn.execute(
            f"INSERT INTO pages ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)"
            " ON CONFLICT(url) DO UPDATE SET final_url=excluded.final_url, status=excluded.status,"
            " content_type=excluded.content_type, headers=excluded.headers, body=excluded.body,"
            " fetched_at=excluded.fetched_at, sha256=excluded.sha256",
            (page.url, page.final_url, page.status, page.content_type,
             json.dumps(page.headers, ensure_ascii=False, sort_keys=True), sqlite3.Binary(page.body),
             page.fetched_at, page.sha256))
    except sqlite3.Error as e:
        raise StorageError(f"cannot store page {page.url}: {e}", store.path, code="R302") from e


def get_page(store: Store, url: str) -> Page | None:
    """The latest stored fetch of ``url`` (as requested, else as final URL), or None."""
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM pages WHERE url = ?", (url,)).fetchone()
    if row is None:
        row = store.conn.execute(f"SELECT {_COLUMNS} FROM pages WHERE final_url = ? ORDER BY fetched_at DESC"
                                 " LIMIT 1", (url,)).fetchone()
    return _page(row) if row else None


def iter_pages(store: Store, batch: int = 100) -> Iterator[Page]:
    """Every stored page, oldest row first (to re-run extraction)."""
    last = 0
    while True:
        rows = store.conn.execute(f"SELECT id, {_COLUMNS} FROM pages WHERE id > ? ORDER BY id LIMIT ?",
                                  (last, batch)).fetchall()
        if not rows:
            return
        for row in rows:
            yield _page(row[1:])
        last = rows[-1][0]


def _page(row: tuple) -> Page:
    url, final_url, status, content_type, headers, body, fetched_at, sha256 = row
    return Page(url, final_url, status, content_type, bytes(body), json.loads(headers), fetched_at, sha256,
                from_store=True)


__all__ = ["Page", "get_page", "iter_pages", "put_page"]
