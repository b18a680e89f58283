"""Ingest: read files, run the pipeline, store articles and failures in batches."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .errors import RasadError
from .pipeline import Pipeline, default_pipeline
from .readers import iter_paths, read_file
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


def ingest(paths: Iterable[str], store: Store, pipeline: Pipeline | None = None,
           batch_size: int = BATCH_SIZE, on_file: Callable[[str], None] | None = None) -> IngestReport:
    """Ingest every article found under ``paths`` (see :func:`rasad.readers.iter_paths`).

    Each batch is committed on its own; a failing file or record is recorded
    in the ``failures`` table and the rest go on. Safe to re-run after an
    interruption: what is stored already comes back ``unchanged``.
    """
    pipeline = pipeline or default_pipeline()
    report = IngestReport()
    batch: list = []

    def flush() -> None:
        for outcome, _source in store.write_batch(batch):
            report.counts[outcome] += 1
        report.failures.extend(x for x in batch if isinstance(x, RasadError))
        batch.clear()

    for path in paths if not isinstance(paths, str) else [paths]:
        for item in pipeline.pipe(read_file(path)):
            batch.append(item)
            if len(batch) >= batch_size:
                flush()
        if on_file:
            on_file(path)
    if batch:
        flush()
    return report


__all__ = ["IngestReport", "ingest", "iter_paths"]
