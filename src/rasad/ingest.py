"""Ingest: read inputs, run the pipeline, store articles and failures in batches."""
from __future__ import annotations

import gc
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .article import Article
from .errors import RasadError
from .pipeline import Pipeline, default_pipeline
from .readers import iter_paths, read_file
from .readers.feeds import Follow
from .store import Store

BATCH_SIZE = 200


@dataclass
class IngestReport:
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[RasadError] = field(default_factory=list)

    def summary(self) -> str:
        c = self.counts
        return (f"{c['ingested']} ingested, {c['updated']} updated, {c['unchanged']} unchanged, "
                f"{c['failed']} failed")


def store_items(items: Iterable[Article | RasadError], store: Store, pipeline: Pipeline | None = None,
                batch_size: int = BATCH_SIZE, report: IngestReport | None = None) -> IngestReport:
    """Run ``pipeline`` over read items and store them, one transaction per batch.

    A failing file or record is recorded in the ``failures`` table and the rest
    go on. Safe to re-run after an interruption: what is stored comes back
    ``unchanged``.
    """
    pipeline = pipeline or default_pipeline()
    report = report or IngestReport()
    batch: list[Article | RasadError] = []

    def flush() -> None:
        for outcome, _source in store.write_batch(batch):
            report.counts[outcome] += 1
        report.failures.extend(x for x in batch if isinstance(x, RasadError))
        batch.clear()

    with _gc_for_batches() as warmed:
        for item in pipeline.pipe(items):
            if _interrupted.is_set():
                raise KeyboardInterrupt
            warmed(item)
            batch.append(item)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
    return report


_interrupted = threading.Event()


@contextmanager
def interrupt_between_items() -> Iterator[None]:
    """Ctrl-C stops :func:`store_items` between two items (a second Ctrl-C stops at once).

    Python delivers a KeyboardInterrupt wherever the main thread happens to be;
    inside a finalizer or a garbage-collector pass it is printed and dropped,
    and the ingest would run on. The handler only sets a flag, which the loop
    checks; the batch in flight is then never written. Main thread only (the CLI).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_sigint(_sig: int, _frame: object) -> None:
        if _interrupted.is_set():
            raise KeyboardInterrupt
        _interrupted.set()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        _interrupted.clear()


_gc_lock = threading.Lock()
_gc_depth = 0


@contextmanager
def _gc_for_batches() -> Iterator[Callable[[Article | RasadError], None]]:
    """Fewer garbage-collector passes over the models while articles stream through.

    The stages keep large long-lived structures (NER model, lexicons, caches),
    which every full collection walks again. Once the first article has gone
    through (models loaded), the heap is frozen (``gc.freeze``: never walked),
    and young collections run every 10,000 allocations instead of 700, so
    fewer objects are promoted and full collections are rare. The middle
    generation is collected after 100 young collections instead of 10: most
    of what survives a young collection is a batch waiting to be stored, freed
    before then, so it is not walked again. All is undone at the end; nested
    or concurrent ingests change the settings once.
    """
    global _gc_depth
    with _gc_lock:
        _gc_depth += 1
        outer = _gc_depth == 1
        threshold = gc.get_threshold()
        if outer:
            gc.set_threshold(max(threshold[0], 10_000), max(threshold[1], 100), threshold[2])
    frozen = False

    def warmed(item: Article | RasadError) -> None:
        nonlocal frozen
        if outer and not frozen and isinstance(item, Article):
            frozen = True
            gc.freeze()

    try:
        yield warmed
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if outer:
                if frozen:
                    gc.unfreeze()
                gc.set_threshold(*threshold)


def ingest(paths: Iterable[str], store: Store, pipeline: Pipeline | None = None,
           batch_size: int = BATCH_SIZE, on_file: Callable[[str], None] | None = None,
           follow: Follow | None = None) -> IngestReport:
    """Ingest every article found under ``paths`` (see :func:`rasad.readers.iter_paths`).

    ``follow``: see :func:`rasad.readers.read_file` (feeds' linked pages).
    """

    def items() -> Iterable[Article | RasadError]:
        for path in [paths] if isinstance(paths, str) else paths:
            yield from read_file(path, follow)
            if on_file:
                on_file(path)

    return store_items(items(), store, pipeline, batch_size)


__all__ = ["IngestReport", "ingest", "iter_paths", "store_items"]
