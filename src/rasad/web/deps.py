"""Per-thread read-only store handles for request handlers.

Sync handlers run in a thread pool; each thread opens the app's database once and keeps the connection.
Connections are ``PRAGMA query_only``, so no handler can write, and WAL mode lets them all read while an
ingest writes. Migrations are applied once by :func:`open_checked` when the app is created, so opening a
store per thread is only reads.
"""
from __future__ import annotations

import threading
from pathlib import Path

from fastapi import Request

from ..errors import StorageError
from ..store import Store

_local = threading.local()


def open_checked(path: str) -> None:
    """Check that ``path`` is an existing Rasad database and bring its schema up to date (once, at start)."""
    if path != ":memory:" and not Path(path).is_file():
        raise StorageError(f"no database at {path} (ingest articles first: rasad ingest … --db {path})", path,
                           code="R301")
    Store(path).close()


def open_store(path: str) -> Store:
    """The calling thread's read-only store for ``path`` (opened once per thread)."""
    cache = getattr(_local, "stores", None)
    if cache is None:
        cache = _local.stores = {}
    store = cache.get(path)
    if store is None:
        store = Store(path)
        store.conn.execute("PRAGMA query_only = ON")
        cache[path] = store
    return store


def get_store(request: Request) -> Store:
    """FastAPI dependency: the calling thread's store for the app's database."""
    return open_store(request.app.state.db)
