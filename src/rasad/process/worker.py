"""What every engine maps over shards: read → the default pipeline → Parquet.

:func:`process_shard` is the whole job for one shard. It reads the shard's
records as a stream, runs them through the pipeline that ``rasad ingest``
uses (:func:`rasad.pipeline.default_pipeline`; a failing record becomes a
row of ``failures`` and the batch goes on), and writes each batch of
``batch_size`` items as one row group, so a worker holds one batch at a time.
The pipeline is built once per worker process (:func:`init`).
"""
from __future__ import annotations

from collections import Counter

from ..errors import RasadError
from ..pipeline import Pipeline, default_pipeline
from .parquet import ShardWriter
from .shards import Shard, read_shard

BATCH_SIZE = 200
_PIPELINE: Pipeline | None = None


def init() -> Pipeline:
    """Build the pipeline and load its models (once per worker process)."""
    global _PIPELINE
    if _PIPELINE is None:
        from pathlib import Path

        from ..readers import read_file

        _PIPELINE = default_pipeline()
        sample = Path(__file__).resolve().parent.parent / "sample" / "defapress_620924.txt"
        list(_PIPELINE.pipe(read_file(str(sample))))  # loads the lexicons and the NER model now, not mid-shard
    return _PIPELINE


def process_shard(shard: Shard, out_dir: str, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Process one shard into its Parquet files; return its counts (articles, failures, …)."""
    pipeline = init()
    counts: Counter[str] = Counter()
    writer = ShardWriter(out_dir, shard.id)
    try:
        n = 0
        for item in pipeline.pipe(read_shard(shard)):
            writer.add(item)
            if isinstance(item, RasadError):
                counts["failures"] += 1
            else:
                counts["articles"] += 1
                counts["mentions"] += len(item.spans.get("mentions", []))
                counts["quotes"] += len(item.spans.get("quotes", []))
                counts["events"] += len(item.spans.get("events", []))
            n += 1
            if n % batch_size == 0:
                writer.flush()
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return dict(counts)
