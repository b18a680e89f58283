"""Per-thread read-only store handles for request handlers."""
from __future__ import annotations

import threading

from fastapi import Request

from ..store import Store

_local = threading.local()


def get_store(request: Request) -> Store:
    """The calling thread's open store for the app's database (opened once per thread)."""
    path = request.app.state.db
    cache = getattr(_local, "stores", None)
    if cache is None:
        cache = _local.stores = {}
    store = cache.get(path)
    if store is None:
        store = cache[path] = Store(path)
    return store
