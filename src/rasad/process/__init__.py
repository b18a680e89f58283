"""Corpus processing at scale: inputs → shards → the default pipeline → Parquet datasets.

:func:`process` plans the shards of the inputs (``shards.py``), skips those
the output folder's manifest lists as complete, maps
:func:`~rasad.process.worker.process_shard` over the rest with an engine
(``local``: a process pool, ``local.py``; ``ray``: Ray Data,
``ray_engine.py``), and appends each completed shard to the manifest. The
datasets and their columns are described in docs/scale.md; ``rasad load``
(:mod:`rasad.store.load`) puts them in the SQLite store.
"""
from __future__ import annotations

import glob
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..errors import RasadError, StageError
from .parquet import DATASETS
from .shards import SHARD_LINES, Shard, done_units, plan, read_manifest, record_done
from .worker import BATCH_SIZE

ENGINES = ("local", "ray")
LOCK = "_lock"
EXIT_AFTER_ENV = "RASAD_PROCESS_EXIT_AFTER"  # test hook: exit hard after this many shards were recorded


@dataclass
class ProcessReport:
    shards: int = 0  # shards processed in this run
    skipped: int = 0  # shards the manifest already listed
    counts: Counter[str] = field(default_factory=Counter)  # articles, failures, mentions, quotes, events
    errors: list[RasadError] = field(default_factory=list)  # shards that failed as a whole (R903)

    def summary(self) -> str:
        c = self.counts
        return (f"{self.shards} shard(s) processed, {self.skipped} already done; {c['articles']} articles, "
                f"{c['failures']} failed records, {c['mentions']} mentions, {c['quotes']} quotes, "
                f"{c['events']} events" + (f"; {len(self.errors)} shard(s) failed" if self.errors else ""))


def process(inputs: Iterable[str], out_dir: str, engine: str = "local", workers: int | None = None,
            batch_size: int = BATCH_SIZE, ray_address: str | None = None,
            on_shard: Callable[[Shard, dict[str, int]], None] | None = None,
            on_plan: Callable[[int], None] | None = None, shard_lines: int = SHARD_LINES) -> ProcessReport:
    """Process every article under ``inputs`` into Parquet datasets under ``out_dir``.

    Re-running after an interruption processes only the shards the manifest
    does not list; nothing is lost or written twice. ``shard_lines``: JSON
    Lines records per shard.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    workers = workers or os.cpu_count() or 1
    os.makedirs(out_dir, exist_ok=True)
    with _lock(out_dir):
        return _process(inputs, out_dir, engine, workers, batch_size, ray_address, on_shard, on_plan, shard_lines)


@contextmanager
def _lock(out_dir: str) -> Iterator[None]:
    """One run per output folder at a time (the lock goes with the process, so a killed run leaves none)."""
    with open(os.path.join(out_dir, LOCK), "w") as f:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            yield
            return
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ValueError(f"another rasad process is writing to {out_dir}") from None
        yield


def _process(inputs, out_dir, engine, workers, batch_size, ray_address, on_shard, on_plan, shard_lines
             ) -> ProcessReport:
    manifest = read_manifest(out_dir)
    _clean(out_dir, set(manifest))
    report = ProcessReport(skipped=len(manifest))
    shards = list(plan(inputs, done_units(manifest), shard_lines, exclude=out_dir))
    if on_plan:
        on_plan(len(shards))
    if engine == "ray":
        from .ray_engine import run_ray

        results = run_ray(shards, out_dir, workers, batch_size, ray_address)
    else:
        from .local import run_local

        results = run_local(shards, out_dir, workers, batch_size)
    exit_after = int(os.environ.get(EXIT_AFTER_ENV) or 0)
    for shard, result in results:
        if isinstance(result, BaseException):
            where = shard.units[0].path + (f" (+{len(shard.units) - 1} files)" if len(shard.units) > 1 else "")
            report.errors.append(StageError(f"shard {shard.id} failed: {type(result).__name__}: {result}", where,
                                            code="R903", stage="process"))
            continue
        record_done(out_dir, shard, result)
        report.shards += 1
        report.counts.update(result)
        if on_shard:
            on_shard(shard, result)
        if exit_after and report.shards >= exit_after:
            sys.stdout.flush()
            os._exit(75)
    return report


def _clean(out_dir: str, complete: set[str]) -> None:
    """Remove ``.tmp`` files and Parquet files of shards the manifest does not list (left by a kill)."""
    for name in DATASETS:
        for path in glob.glob(os.path.join(out_dir, name, "*.parquet*")):
            base = os.path.basename(path)
            if base.endswith(".tmp") or base.split(".")[0] not in complete:
                os.remove(path)


__all__ = ["DATASETS", "ENGINES", "ProcessReport", "process"]
