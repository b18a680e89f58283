"""Ingest speed: every FarsNews article, with normalization, dates and FTS indexing.

    .venv/bin/python bench/ingest_speed.py [--repeat 3] [--core]

Prints articles/s on one core (one process) for a fresh database each run, and
the best of the runs. ``--core`` runs only the core stages (normalize, dates)
and the store with FTS: target (issue #2) >= 300 articles/s. Without it, the
whole default pipeline (entities, people, quotes, events too): target (issues
#4, #5) >= 100 articles/s.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
import tempfile
import time

from rasad.ingest import ingest
from rasad.pipeline import Pipeline, default_pipeline
from rasad.store import Store

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "news", "farsnews")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--core", action="store_true", help="only the normalize and dates stages")
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(CORPUS, "*.json")))
    if not files:
        sys.exit(f"no corpus at {CORPUS} (needs ../shared)")
    pipeline = default_pipeline()
    if args.core:
        pipeline = Pipeline([s for s in pipeline.stages if s.name in ("normalize", "dates")])
    print("stages:", ", ".join(pipeline.names))
    rates = []
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp, Store(os.path.join(tmp, "bench.db")) as store:
            t0 = time.process_time()
            w0 = time.perf_counter()
            report = ingest(files, store, pipeline)
            cpu, wall = time.process_time() - t0, time.perf_counter() - w0
            n = report.counts["ingested"] + report.counts["unchanged"] + report.counts["updated"]
            rates.append(n / wall)
            print(f"run {i + 1}: {report.summary()}; {wall:.2f} s wall, {cpu:.2f} s CPU, "
                  f"{n / wall:.0f} articles/s (wall), {n / cpu:.0f} articles/s (CPU)")
    print(f"best: {max(rates):.0f} articles/s on one core (target >= {300 if args.core else 100})")


if __name__ == "__main__":
    main()
