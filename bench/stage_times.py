"""Time per pipeline stage over the FarsNews corpus (ms per article, CPU time).

    .venv/bin/python bench/stage_times.py [--files 1]
"""
from __future__ import annotations

import argparse
import glob
import os
import time
from collections import defaultdict

from rasad.errors import RasadError
from rasad.pipeline import default_pipeline
from rasad.readers import read_file

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "news", "farsnews")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1)
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(CORPUS, "*.json")))[: args.files]
    pipeline = default_pipeline()
    arts = [a for f in files for a in read_file(f) if not isinstance(a, RasadError)]
    for stage in pipeline.stages:  # warm up: lexicons and models load once
        arts[0] = stage.func(arts[0])
    arts = [a for f in files for a in read_file(f) if not isinstance(a, RasadError)]
    times: dict[str, float] = defaultdict(float)
    for art in arts:
        for stage in pipeline.stages:
            t = time.process_time()
            art = stage.func(art)
            times[stage.name] += time.process_time() - t
    total = sum(times.values())
    for name, t in times.items():
        print(f"{name:10s} {1000 * t / len(arts):7.2f} ms/article")
    print(f"{'total':10s} {1000 * total / len(arts):7.2f} ms/article = {len(arts) / total:.0f} articles/s per core")


if __name__ == "__main__":
    main()
