"""The local engine: a process pool on this machine.

Each worker builds the pipeline and loads its models once (the pool's
initializer), and exits by itself if the driver is killed. At most two shards per worker are in flight, so the driver
holds a bounded number of results whatever the number of shards.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from .shards import Shard
from .worker import init, process_shard


def _init_worker() -> None:
    """Load the models, and exit when the driver is gone (killed), instead of waiting forever for work."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    init()


def run_local(shards: Sequence[Shard], out_dir: str, workers: int, batch_size: int
              ) -> Iterator[tuple[Shard, dict[str, int] | BaseException]]:
    """Process ``shards``; yield ``(shard, counts)``, or ``(shard, exception)``, as each one ends."""
    ctx = multiprocessing.get_context("spawn")  # no fork of the driver's threads (progress bar)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker) as pool:
        todo = iter(shards)
        running: dict[Future, Shard] = {}
        while True:
            while len(running) < 2 * workers and (shard := next(todo, None)) is not None:
                try:
                    running[pool.submit(process_shard, shard, out_dir, batch_size)] = shard
                except BrokenProcessPool as e:  # a worker died (killed, out of memory): report the rest as failed
                    for left in [shard, *todo]:
                        yield left, e
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                shard = running.pop(fut)
                exc = fut.exception()
                yield shard, exc if exc is not None else fut.result()
