"""Bulk-load the Parquet datasets of ``rasad process`` into the store.

Shards are loaded in plan order (the manifest's ``seq``), records in input
order, each through :meth:`Store._store <rasad.store.db.Store._store>`, the
write step of ``rasad ingest``, so a database filled by ``rasad load`` holds
the same rows, with the same ids, as ``rasad ingest`` of the same inputs.
What makes it fast: the stored JSON record is the Parquet ``record`` column as
it is, and only what the store reads is built from it; one transaction holds
:data:`BATCH` articles (or a shard's last ones and its failures); its end — the full-text rows, inserted
in one statement, and COMMIT — runs in a thread while the next batch is parsed;
entity linking goes through one :class:`~rasad.store.entities.Linker` per
transaction, with candidates from an in-memory
:class:`~rasad.store.entities.EntityCache` (refilled when another connection
wrote in between, seen by ``PRAGMA data_version``) and the entity rows written
in bulk; Parquet is decoded and WAL checkpoints run in threads of their own
(both release the GIL); no garbage collection while loading; a 256 MB page
cache and memory map; into an empty database, the indexes of :data:`DEFERRED_INDEXES` are built at the
end instead of row by row (a store opening the database after a killed load builds them).
No PRAGMA weakens durability: WAL with ``synchronous=NORMAL`` as the store opens it, so a killed load leaves every
committed transaction and nothing of the one in flight. Loading twice, or
loading what was ingested, adds nothing.
"""
from __future__ import annotations

import gc
import json
import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..article import Article
from ..errors import RasadError, StorageError
from .db import Store, defer_indexes, restore_indexes, search_forms
from .entities import EntityCache, Linker

BATCH = 2000
LOAD_CACHE_KIB = 256 * 1024  # SQLite page cache and memory map while loading
STORED_SPANS = ("quotes", "events")  # the spans store/quotes.py and store/events.py read
# indexes a load into an empty database drops and builds at its end: their keys come in no order (each insert
# is a search through the index), no query of the load reads them; those on article ids, which only grow, stay
DEFERRED_INDEXES = ("articles_published", "articles_agency", "articles_web_agency", "entities_articles",
                    "entity_articles_entity", "entity_articles_published", "entity_mentions_entity",
                    "entity_role_mentions_entity", "quotes_speaker_key", "quotes_speaker_entity", "quotes_published",
                    "events_type", "events_date", "events_actor_code", "events_recipient_code")


@dataclass
class LoadReport:
    counts: Counter[str] = field(default_factory=Counter)  # ingested, updated, unchanged, failed
    shards: int = 0

    def summary(self) -> str:
        c = self.counts
        return (f"{self.shards} shard(s): {c['ingested']} ingested, {c['updated']} updated, "
                f"{c['unchanged']} unchanged, {c['failed']} failures recorded")


def load(out_dir: str, store: Store, batch: int = BATCH,
         on_batch: Callable[[int], object] | None = None) -> LoadReport:
    """Load every shard the manifest of ``out_dir`` lists as complete."""
    from ..process.shards import read_manifest

    entries = sorted(read_manifest(out_dir).values(), key=lambda e: e["seq"])
    if not entries and not os.path.exists(os.path.join(out_dir, "articles")):
        raise StorageError("no rasad process output here (no manifest, no articles/)", out_dir, code="R304")
    report = LoadReport()
    conn = store.conn
    saved = {p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("cache_size", "mmap_size", "wal_autocheckpoint")}
    conn.execute(f"PRAGMA cache_size = {-LOAD_CACHE_KIB}")  # entity lookups over a growing database stay in memory
    conn.execute(f"PRAGMA mmap_size = {LOAD_CACHE_KIB * 1024}")
    wal = conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal" and store.path != ":memory:"
    checkpointer = _Checkpointer(store.path) if wal else None
    if checkpointer:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    fresh = conn.execute("SELECT NOT EXISTS (SELECT 1 FROM articles)").fetchone()[0] == 1
    collecting = gc.isenabled()
    gc.disable()  # the records make no reference cycles; collections would walk the entity cache again and again
    try:
        if fresh:
            _indexes(store, defer_indexes, DEFERRED_INDEXES)
        _load(out_dir, store, entries, batch, on_batch, report, _Cache(), checkpointer)
    finally:
        if collecting:
            gc.enable()
        if fresh:
            _indexes(store, restore_indexes)
        if checkpointer:
            checkpointer.close()
        for pragma, value in saved.items():
            conn.execute(f"PRAGMA {pragma} = {value}")
    return report


def _indexes(store: Store, step: Callable[..., None], *args: Any) -> None:
    try:
        step(store.conn, *args)
    except sqlite3.Error as e:
        raise StorageError(f"cannot drop or build indexes: {e}", store.path, code="R302") from e


class _Checkpointer:
    """Copies the committed WAL into the database file from a thread and connection of its own while the load
    goes on: the work SQLite's automatic checkpoint does inside each COMMIT, off the loading thread (SQLite
    releases the GIL). Durability is the same: each checkpoint syncs as SQLite's own does."""

    def __init__(self, path: str):
        self.path, self.wake, self.done = path, threading.Event(), False
        self.thread = threading.Thread(target=self._run, name="rasad-load-checkpoint", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            while True:
                self.wake.wait()
                self.wake.clear()
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                if self.done:
                    return
        except sqlite3.Error:
            return  # the next checkpoint (automatic again after the load) copies what this one did not
        finally:
            conn.close()

    def poke(self) -> None:
        """A transaction was committed."""
        self.wake.set()

    def close(self) -> None:
        """Checkpoint what is left and stop."""
        self.done = True
        self.wake.set()
        self.thread.join()


class _Cache:
    """The :class:`EntityCache` of a load, filled again when another connection wrote in between."""

    entities: EntityCache | None = None

    def get(self, conn: sqlite3.Connection) -> EntityCache:
        self.entities = EntityCache.current(self.entities, conn)
        return self.entities


def _load(out_dir: str, store: Store, entries: list[dict], batch: int, on_batch: Callable[[int], object] | None,
          report: LoadReport, cache: _Cache, checkpointer: _Checkpointer | None) -> None:
    with ThreadPoolExecutor(1, thread_name_prefix="rasad-load-commit") as pool:
        tail = None  # the transaction in flight: its full-text rows and COMMIT, in `pool`
        try:
            for rows, failures in _read(out_dir, entries, batch):  # the next batch is parsed while `tail` runs
                _wait(tail, store, cache)
                outcomes, fts = _write(store, rows, failures, cache)
                tail = pool.submit(_commit, store, fts, checkpointer)
                report.counts.update(outcomes)
                if failures is not None:
                    report.counts["failed"] += len(failures)
                    report.shards += 1
                if on_batch and rows:
                    on_batch(len(rows))
        finally:
            _wait(tail, store, cache)


def _read(out_dir: str, entries: list[dict], batch: int) -> Iterator[tuple[list[tuple], list[dict] | None]]:
    """The shards' records in batches, parsed: ``([(key, hash, record, Article, FTS row), ...], failures)``;
    a batch ends at :data:`BATCH` records or with its shard, whose failure rows are then ``failures``
    (else None)."""
    rows: list[tuple] = []
    for item in _ahead(_parquet(out_dir, entries)):
        if isinstance(item, list):  # the shard is done
            yield rows, item
            rows = []
            continue
        start = 0
        while start < item.num_rows:  # batches of `batch` records within a shard, whatever its row groups
            part = item.slice(start, batch - len(rows))
            start += part.num_rows
            keys, hashes, records = (c.to_pylist() for c in part.columns)
            rows += [(k, h, r, *_parse(r)) for k, h, r in zip(keys, hashes, records, strict=True)]
            if len(rows) >= batch:
                yield rows, None
                rows = []


def _parquet(out_dir: str, entries: list[dict]) -> Iterator[Any]:
    """Each shard's articles (key, content_hash, record), a row group at a time, then its failures (a list)."""
    import pyarrow.parquet as pq

    from ..process.parquet import shard_file

    for entry in entries:
        path = shard_file(out_dir, "articles", entry["shard"])
        try:
            articles = pq.ParquetFile(path)
            for i in range(articles.num_row_groups):
                yield articles.read_row_group(i, columns=["key", "content_hash", "record"])
            path = shard_file(out_dir, "failures", entry["shard"])
            yield pq.ParquetFile(path).read().to_pylist()
        except (OSError, ValueError) as e:
            raise StorageError(f"cannot read shard {entry['shard']}: {e}", path, code="R304") from e


def _ahead(items: Iterator[Any]) -> Iterator[Any]:
    """``items``, each made in a thread while the one before is used (a tenth of loading is decoding
    Parquet, which releases the GIL)."""
    end = object()
    with ThreadPoolExecutor(1, thread_name_prefix="rasad-load-read") as pool:
        ahead = pool.submit(next, items, end)
        while (item := ahead.result()) is not end:
            ahead = pool.submit(next, items, end)
            yield item


def _parse(record: str) -> tuple[Article, tuple[str, str, str]]:
    """The record's article with only what the store reads (the spans of :data:`STORED_SPANS`; no raw
    text, offsets or layout), and its FTS row."""
    d = json.loads(record)
    spans = d.get("spans") or {}
    art = Article.from_dict({**d, "raw": "", "offsets": [], "layout": {},
                             "spans": {k: spans[k] for k in STORED_SPANS if k in spans}})
    return art, search_forms(art)


def _write(store: Store, rows: list[tuple[str, str, str, Article, tuple[str, str, str]]],
           failures: list[dict] | None, cache: _Cache) -> tuple[list[str], dict[int, tuple[str, str, str]]]:
    """Store a batch of articles, then the failures of the shard it ends, in a new transaction left open;
    return the articles' outcomes and FTS rows."""
    conn = store.conn
    now = datetime.now(UTC).isoformat(timespec="seconds")
    outcomes: list[str] = []
    fts: dict[int, tuple[str, str, str]] = {}
    try:
        conn.execute("BEGIN IMMEDIATE")
        # an article clears its source's failures; skip that per article while there are none (as Store does)
        store._failures = conn.execute("SELECT EXISTS (SELECT 1 FROM failures)").fetchone()[0] == 1
        linker = Linker(conn, cache.get(conn))
        for key, digest, record, art, forms in rows:  # Store._put for a record already serialized and parsed
            outcomes.append(store._store(art, key, digest, record, forms, now, linker, fts))
        linker.flush()
        for f in failures or ():
            store._record_failure(RasadError(f["message"], f["source"], code=f["code"], stage=f["stage"]), now)
    except (sqlite3.Error, RasadError) as e:
        _abort(store, cache)
        raise StorageError(str(e), store.path, code="R302") from e
    return outcomes, fts


def _commit(store: Store, fts: dict[int, tuple[str, str, str]], checkpointer: _Checkpointer | None) -> None:
    """End the transaction :func:`_write` began: its full-text rows, then COMMIT. Runs in a thread while the
    next batch is parsed, so each step holds the GIL only once: the rows go in as one JSON array, one
    statement (an ``executemany`` would take the GIL back after every row, waiting on the parsing thread)."""
    rows = json.dumps([(rowid, *forms) for rowid, forms in fts.items()], ensure_ascii=False)
    store.conn.execute(_INSERT_FTS, (rows,))
    store.conn.execute("COMMIT")
    if checkpointer:
        checkpointer.poke()


_INSERT_FTS = ("INSERT INTO articles_fts (rowid, title, lead, body) SELECT json_extract(value, '$[0]'),"
               " json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]')"
               " FROM json_each(?)")


def _wait(tail: Future | None, store: Store, cache: _Cache) -> None:
    """Wait for the transaction in flight to be committed; on an error, roll it back and raise."""
    if tail is None:
        return
    try:
        tail.result()
    except (sqlite3.Error, ValueError) as e:  # ValueError: a text JSON cannot hold (lone surrogate)
        _abort(store, cache)
        raise StorageError(str(e), store.path, code="R302") from e


def _abort(store: Store, cache: _Cache) -> None:
    cache.entities = None  # it holds what is rolled back
    if store.conn.in_transaction:
        store.conn.execute("ROLLBACK")
