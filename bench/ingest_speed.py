"""Ingest speed: every FarsNews article, read, run through the pipeline and stored with FTS.

    .venv/bin/python bench/ingest_speed.py [--repeat 3] [--core] [--files N] [--json]

Runs :func:`rasad.ingest.ingest` into a fresh database per run and prints
articles/s on one core (one process) and the CPU milliseconds per article of
each phase: ``read`` (reader), each pipeline stage, and ``store``, split into
``store.record`` (``to_dict`` and its JSON), ``store.entities`` (canonical
linking), ``store.quotes``, ``store.events`` and ``store.rest`` (article row,
FTS row, transaction). Phase figures are the best (lowest) over the runs, which
drifts least on a shared machine. ``--core`` runs only the core stages
(normalize, dates): target (issue #2) >= 300 articles/s. Without it, the whole
default pipeline: target (issues #4, #5) >= 100 articles/s. ``--json`` prints
one JSON object (for scripts comparing two source trees).
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import rasad.store.db as db
from rasad.ingest import store_items
from rasad.pipeline import Pipeline, Stage, default_pipeline
from rasad.readers import read_file
from rasad.store import Store

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "news", "farsnews")
STORE_PARTS = {"store.record": "record_json", "store.entities": "link_article_entities",
               "store.quotes": "store_quotes", "store.events": "store_events"}


class Clock:
    """CPU seconds per phase, accumulated by wrapped callables."""

    def __init__(self) -> None:
        self.t: dict[str, float] = defaultdict(float)

    def wrap(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        clock, t = time.process_time, self.t

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = clock()
            try:
                return func(*args, **kwargs)
            finally:
                t[name] += clock() - t0
        return timed

    def reads(self, items: Iterable[Any]) -> Iterator[Any]:
        it, clock, t = iter(items), time.process_time, self.t
        while True:
            t0 = clock()
            try:
                item = next(it)
            except StopIteration:
                t["read"] += clock() - t0
                return
            t["read"] += clock() - t0
            yield item


def run_once(files: list[str], pipeline: Pipeline) -> dict[str, Any]:
    clock = Clock()
    timed = Pipeline([Stage(s.name, clock.wrap(s.name, s.func), s.requires, s.provides) for s in pipeline.stages])
    originals = {attr: getattr(db, attr) for attr in STORE_PARTS.values() if hasattr(db, attr)}
    for part, attr in STORE_PARTS.items():
        if attr in originals:  # (an older store may lack one; its time then counts as store.rest)
            setattr(db, attr, clock.wrap(part, originals[attr]))
    write_batch = Store.write_batch
    Store.write_batch = clock.wrap("store", write_batch)  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as tmp, Store(os.path.join(tmp, "bench.db")) as store:
            t0, w0 = time.process_time(), time.perf_counter()
            report = store_items(clock.reads(a for f in files for a in read_file(f)), store, timed)
            cpu, wall = time.process_time() - t0, time.perf_counter() - w0
    finally:
        Store.write_batch = write_batch  # type: ignore[method-assign]
        for attr, func in originals.items():
            setattr(db, attr, func)
    phases = dict(clock.t)
    phases["store.rest"] = phases.get("store", 0.0) - sum(phases.get(p, 0.0) for p in STORE_PARTS)
    phases["other"] = cpu - phases.get("read", 0.0) - phases.get("store", 0.0) - sum(
        phases.get(s.name, 0.0) for s in pipeline.stages)
    n = sum(report.counts[k] for k in ("ingested", "unchanged", "updated"))
    return {"summary": report.summary(), "articles": n, "wall": wall, "cpu": cpu, "phases": phases}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--files", type=int, default=None, help="only the first N corpus files")
    ap.add_argument("--core", action="store_true", help="only the normalize and dates stages")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(CORPUS, "*.json")))[: args.files]
    if not files:
        sys.exit(f"no corpus at {CORPUS} (needs ../shared)")
    pipeline = default_pipeline()
    if args.core:
        pipeline = Pipeline([s for s in pipeline.stages if s.name in ("normalize", "dates")])
    art = next(a for a in read_file(files[0]) if not isinstance(a, Exception))
    pipeline(art)  # warm up: lexicons and models load once, outside the timings
    out = lambda *a: None if args.json else print(*a)  # noqa: E731
    out("stages:", ", ".join(pipeline.names))
    runs = []
    for i in range(args.repeat):
        r = run_once(files, pipeline)
        runs.append(r)
        out(f"run {i + 1}: {r['summary']}; {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, "
            f"{r['articles'] / r['wall']:.0f} articles/s (wall), {r['articles'] / r['cpu']:.0f} articles/s (CPU)")
    n = runs[0]["articles"]
    names = ["read", *pipeline.names, "store", *STORE_PARTS, "store.rest", "other"]
    best = {p: min(r["phases"].get(p, 0.0) for r in runs) * 1000 / n for p in names}
    best_cpu = min(r["cpu"] for r in runs) * 1000 / n
    best_wall = min(r["wall"] for r in runs) * 1000 / n
    if args.json:
        print(json.dumps({"articles": n, "ms_per_article": best, "cpu_ms": best_cpu, "wall_ms": best_wall}))
        return
    print("CPU ms/article per phase (best of the runs):")
    for p in names:
        print(f"  {p:15s} {best[p]:7.3f}")
    print(f"  {'total CPU':15s} {best_cpu:7.3f} = {1000 / best_cpu:.0f} articles/s per core")
    target = 300 if args.core else 100
    print(f"best: {1000 / best_wall:.0f} articles/s on one core, wall clock (target >= {target})")


if __name__ == "__main__":
    main()
