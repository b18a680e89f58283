"""Ingest: read inputs, run the pipeline, store articles and failures in batches."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
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

    for item in pipeline.pipe(items):
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return report


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
