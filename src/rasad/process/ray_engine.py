"""The Ray engine: the same shard job mapped by Ray Data (extra ``ray``).

``ray.data.from_items`` makes one row per shard; ``map_batches`` runs
:class:`ShardMapper`, a callable class, in an actor pool of ``workers``
actors, so each actor builds the pipeline and loads its models once. Each
call processes one shard into its Parquet files and returns the shard's
counts (or the error that stopped it) to the driver, which writes the
manifest. Ray is started locally (``num_cpus=workers``, no dashboard,
loopback only) unless ``address`` names a cluster (``ray start --head``);
every node must see the input paths and the output folder (a shared file
system).
"""
from __future__ import annotations

import json
import os
import traceback
from collections.abc import Iterator, Sequence

from .shards import Shard
from .worker import init, process_shard


class ShardMapper:
    def __init__(self, out_dir: str, batch_size: int):
        self.out_dir, self.batch_size = out_dir, batch_size
        init()

    def __call__(self, batch: dict) -> dict:
        shards, counts, errors = [], [], []
        for text in batch["shard"]:
            shard = Shard.from_json(str(text))
            try:
                counts.append(json.dumps(process_shard(shard, self.out_dir, self.batch_size)))
                errors.append("")
            except Exception as e:  # noqa: BLE001 - reported to the driver; the shard is retried on re-run
                counts.append("")
                errors.append(f"{type(e).__name__}: {e} | {traceback.format_exc(limit=3).splitlines()[-1]}")
            shards.append(shard.id)
        return {"shard": shards, "counts": counts, "error": errors}


def start(workers: int, address: str | None) -> None:
    """Join the cluster at ``address``, or start a local Ray of ``workers`` CPUs (once per process)."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no report sent home: nothing leaves the machine
    try:
        import ray
    except ImportError as e:
        raise RuntimeError("the Ray engine needs the ray extra: pip install 'rasad[ray]'") from e
    if ray.is_initialized():
        return
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                 _node_ip_address="127.0.0.1")


def run_ray(shards: Sequence[Shard], out_dir: str, workers: int, batch_size: int, address: str | None = None
            ) -> Iterator[tuple[Shard, dict[str, int] | BaseException]]:
    """Process ``shards`` on Ray; yield ``(shard, counts)`` or ``(shard, exception)`` as results arrive."""
    if not shards:
        return
    start(workers, address)
    import ray

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    by_id = {s.id: s for s in shards}
    ds = ray.data.from_items([{"shard": s.to_json()} for s in shards], override_num_blocks=len(shards))
    out = ds.map_batches(ShardMapper, fn_constructor_kwargs={"out_dir": out_dir, "batch_size": batch_size},
                         batch_size=1, batch_format="numpy", compute=ray.data.ActorPoolStrategy(size=workers),
                         num_cpus=1)
    for row in out.iter_rows():
        shard = by_id[str(row["shard"])]
        if row["error"]:
            yield shard, RuntimeError(str(row["error"]))
        else:
            yield shard, json.loads(str(row["counts"]))
