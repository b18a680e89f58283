"""The Ray engine really runs (a local Ray instance) and writes the same records as the local engine."""
from __future__ import annotations

import os

import pytest

pytest.importorskip("pyarrow")
ray = pytest.importorskip("ray", reason="the Ray engine needs the ray extra (make test installs it)")

from test_process import make_corpus, table  # noqa: E402

from rasad.process import DATASETS, process  # noqa: E402
from rasad.process.shards import read_manifest  # noqa: E402


@pytest.fixture(scope="module")
def ray_local():
    yield
    if ray.is_initialized():
        ray.shutdown()


def rows(out, dataset):
    """Rows sorted by article key and position; the article record compared as stored (no timestamps in it)."""
    return sorted(table(out, dataset), key=lambda r: (r.get("key") or "", r.get("idx") or 0, r.get("start") or 0,
                                                      r.get("entity") or "", r.get("source") or ""))


def test_ray_matches_local(tmp_path, ray_local):
    inputs = make_corpus(tmp_path)
    local, on_ray = tmp_path / "local", tmp_path / "ray"
    a = process(inputs, str(local), engine="local", workers=2, shard_lines=3)
    b = process(inputs, str(on_ray), engine="ray", workers=2, shard_lines=3)
    assert ray.is_initialized() and not b.errors
    assert os.environ["RAY_USAGE_STATS_ENABLED"] == "0"  # a local Ray sends no usage report
    assert b.counts == a.counts and b.counts["articles"] > 10
    assert set(read_manifest(str(on_ray))) == set(read_manifest(str(local)))
    for name in DATASETS:
        assert rows(on_ray, name) == rows(local, name), name
    again = process(inputs, str(on_ray), engine="ray", workers=2, shard_lines=3)
    assert again.shards == 0 and again.skipped == b.shards
