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
from functools import partial
from typing import Any

from ..article import Article
from ..errors import RasadError, StorageError
from .db import Ahead, Store, ahead, compact_json, defer_indexes, restore_indexes
from .entities import EntityCache, Linker

BATCH = 2000
LOAD_CACHE_KIB = 256 * 1024  # SQLite page cache and memory map while loading
# what the store reads of an article (Store._store, store/entities.py, quotes.py, events.py): these fields,
# these spans; with the full-text row, they make the Parquet ``store`` column (:func:`store_json`)
STORED_FIELDS = ("version", "source", "agency", "news_id", "title", "published", "url", "text", "entities")
STORED_SPANS = ("quotes", "events")
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
    def committed(outcomes: list[str], failures: list[dict], shard_done: bool) -> None:
        report.counts.update(outcomes)
        report.counts["failed"] += len(failures)
        report.shards += shard_done
        if on_batch and outcomes:
            on_batch(len(outcomes))

    with ThreadPoolExecutor(1, thread_name_prefix="rasad-load-commit") as pool:
        tail = None  # the transaction in flight (its full-text rows and COMMIT, in `pool`) and what follows it
        try:
            for rows, failures, done in _read(out_dir, entries, batch):  # parsed while `tail` runs
                _wait(tail, store, cache)
                outcomes, fts = _write(store, rows, failures, cache)
                tail = pool.submit(_commit, store, fts, checkpointer), partial(committed, outcomes, failures, done)
        finally:
            _wait(tail, store, cache)


def _read(out_dir: str, entries: list[dict], batch: int) -> Iterator[tuple[list[tuple], list[dict], bool]]:
    """The shards' records in batches, parsed: ``([(key, hash, record (UTF-8), Article, Ahead), ...], failures,
    shard_done)``; a batch ends at :data:`BATCH` records or with its shard (``shard_done``), whose failure rows
    are then in ``failures``, after those of the batch's records that cannot be parsed (R304)."""
    import pyarrow as pa

    binary = pa.binary()
    rows: list[tuple] = []
    bad: list[dict] = []
    for path, item in _ahead(_parquet(out_dir, entries)):
        if isinstance(item, list):  # the shard is done
            yield rows, bad + item, True
            rows, bad = [], []
            continue
        start = 0
        while start < item.num_rows:  # batches of `batch` records within a shard, whatever its row groups
            part = item.slice(start, batch - len(rows))
            start += part.num_rows
            keys, hashes, stored = (part.column(c).to_pylist() for c in ("key", "content_hash", "store"))
            records = part.column("record").cast(binary).to_pylist()  # UTF-8 as it is: no text decoded
            for k, h, r, s in zip(keys, hashes, records, stored, strict=True):
                try:
                    rows.append((k, h, r, *_parse(s)))
                except (ValueError, TypeError, KeyError, AttributeError) as e:
                    bad.append({"source": f"{path}#{k}", "stage": "load", "code": "R304",
                                "message": f"cannot read the stored article {k}: {type(e).__name__}: {e}"})
            if len(rows) + len(bad) >= batch:
                yield rows, bad, False
                rows, bad = [], []


def _parquet(out_dir: str, entries: list[dict]) -> Iterator[tuple[str, Any]]:
    """Each shard's articles (key, content_hash, record, store), a row group at a time, then its failures (a
    list), each with the path of the shard's articles file."""
    import pyarrow.parquet as pq

    from ..process.parquet import shard_file

    for entry in entries:
        path = articles_path = shard_file(out_dir, "articles", entry["shard"])
        try:
            articles = pq.ParquetFile(path)
            if "store" not in articles.schema_arrow.names:
                raise StorageError(f"shard {entry['shard']} has no 'store' column: it was written by an older"
                                   " rasad process; run rasad process again", path, code="R304")
            for i in range(articles.num_row_groups):
                yield path, articles.read_row_group(i, columns=["key", "content_hash", "record", "store"])
            path = shard_file(out_dir, "failures", entry["shard"])
            yield articles_path, pq.ParquetFile(path).read().to_pylist()
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


def store_json(record: dict[str, Any], forms: tuple[str, str, str]) -> str:
    """The Parquet ``store`` column of an article: of its record (``Article.to_dict()``), what the store
    reads (:data:`STORED_FIELDS`, the spans of :data:`STORED_SPANS`), and its full-text row
    (:func:`~rasad.store.db.search_forms`), as compact JSON. Written by the workers of ``rasad process``,
    so that the one loading thread decodes a third of the record and folds no text."""
    spans = record.get("spans") or {}
    d = {k: record[k] for k in STORED_FIELDS if k in record}
    d["spans"] = {k: spans[k] for k in STORED_SPANS if k in spans}
    d["search"] = forms
    return compact_json(d)


def _parse(stored: str) -> tuple[Article, Ahead]:
    """The article of a ``store`` column (:func:`store_json`), and what storing it takes from it alone."""
    d = json.loads(stored)
    title, lead, body = d.pop("search")
    art = Article.from_dict({**d, "raw": ""})
    return art, ahead(art, (title, lead, body))


def _write(store: Store, rows: list[tuple[str, str, bytes, Article, Ahead]],
           failures: list[dict], cache: _Cache) -> tuple[list[str], dict[int, tuple[str, str, str]]]:
    """Store a batch of articles, then ``failures``, in a new transaction left open; return the articles'
    outcomes and FTS rows."""
    conn = store.conn
    now = datetime.now(UTC).isoformat(timespec="seconds")
    outcomes: list[str] = []
    fts: dict[int, tuple[str, str, str]] = {}
    try:
        conn.execute("BEGIN IMMEDIATE")
        # an article clears its source's failures; skip that per article while there are none (as Store does)
        store._failures = conn.execute("SELECT EXISTS (SELECT 1 FROM failures)").fetchone()[0] == 1
        linker = Linker(conn, cache.get(conn))
        for key, digest, record, art, pre in rows:  # Store._put for a record already serialized and parsed
            outcomes.append(store._store(art, key, digest, record, pre, now, linker, fts))
        linker.flush()
        for f in failures:
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


def _wait(tail: tuple[Future, Callable[[], None]] | None, store: Store, cache: _Cache) -> None:
    """Wait for the transaction in flight to be committed, then report it; on an error, roll it back and
    raise."""
    if tail is None:
        return
    try:
        tail[0].result()
    except (sqlite3.Error, ValueError) as e:  # ValueError: a text JSON cannot hold (lone surrogate)
        _abort(store, cache)
        raise StorageError(str(e), store.path, code="R302") from e
    tail[1]()


def _abort(store: Store, cache: _Cache) -> None:
    cache.entities = None  # it holds what is rolled back
    if store.conn.in_transaction:
        store.conn.execute("ROLLBACK")
