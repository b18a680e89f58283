"""rasad load: Parquet datasets → the store, the same rows as rasad ingest, idempotent."""
from __future__ import annotations

import sqlite3

import pytest

pytest.importorskip("pyarrow")

from click.testing import CliRunner  # noqa: E402
from test_process import make_corpus  # noqa: E402

from rasad.cli import main  # noqa: E402
from rasad.ingest import ingest  # noqa: E402
from rasad.process import process  # noqa: E402
from rasad.readers import iter_paths  # noqa: E402
from rasad.store import Store  # noqa: E402
from rasad.store.load import load  # noqa: E402

TABLES = ("articles", "articles_fts", "entities", "entity_aliases", "entity_articles", "entity_mentions",
          "entity_role_mentions", "entity_roles", "quotes", "events", "failures")
VOLATILE = {"ingested_at", "created_at"}
ROWIDS = {"articles_fts", "entity_mentions", "entity_role_mentions", "events"}  # rows told apart by rowid only


def dump(path) -> dict[str, list[tuple]]:
    """Every row of every table, without timestamps (failures without their row id), with the rowids of
    tables whose rows have no key of their own."""
    conn = sqlite3.connect(path)
    out = {}
    for table in TABLES:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        keep = [c for c in cols if c not in VOLATILE and not (table == "failures" and c == "id")]
        rowid = "rowid, " if table in ROWIDS else ""
        out[table] = sorted(conn.execute(f"SELECT {rowid}{', '.join(f'[{c}]' for c in keep)} FROM {table}"),
                            key=repr)
    conn.close()
    return out


def schema(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    conn.close()
    return rows


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    root = tmp_path_factory.mktemp("load")
    inputs = make_corpus(root)
    out = root / "out"
    report = process(inputs, str(out), workers=2, shard_lines=3)
    assert not report.errors
    ingested = root / "ingested.db"
    with Store(ingested) as store:
        ingest(list(iter_paths(inputs)), store)
    return inputs, out, ingested, report


def test_load_equals_ingest(processed, tmp_path):
    inputs, out, ingested, report = processed
    db = tmp_path / "loaded.db"
    with Store(db) as store:
        result = load(str(out), store)
    assert result.counts["ingested"] == report.counts["articles"] and result.counts["updated"] == 0
    assert result.counts["failed"] == report.counts["failures"] > 0
    loaded, expected = dump(db), dump(ingested)
    for table in TABLES:
        assert loaded[table] == expected[table], table
    assert len(loaded["articles"]) == report.counts["articles"] and loaded["quotes"] and loaded["entities"]
    assert schema(db) == schema(ingested)  # the indexes the load dropped are back, the same
    with Store(db) as store:  # search works on what was loaded
        title = store.get(1).title
        assert store.search(title).hits[0].id == 1


def test_small_batches_equal_ingest(processed, tmp_path):
    """Transactions of 2 articles (row groups and shards of 3): batches cut inside and across row groups,
    never across shards; entity rows pending across articles are written at each commit."""
    inputs, out, ingested, report = processed
    db, sizes = tmp_path / "small.db", []
    with Store(db) as store:
        result = load(str(out), store, batch=2, on_batch=sizes.append)
    assert sum(sizes) == report.counts["articles"] and max(sizes) == 2 and len(sizes) > report.counts["articles"] / 2
    assert result.counts["ingested"] == report.counts["articles"]
    assert dump(db) == dump(ingested)


def test_load_twice_and_after_ingest_adds_nothing(processed, tmp_path):
    inputs, out, ingested, report = processed
    db = tmp_path / "loaded.db"
    with Store(db) as store:
        load(str(out), store)
    before = dump(db)
    with Store(db) as store:
        again = load(str(out), store)
    assert again.counts["ingested"] == again.counts["updated"] == 0
    assert again.counts["unchanged"] == report.counts["articles"]
    assert dump(db) == before
    copy = tmp_path / "ingested.db"
    copy.write_bytes(ingested.read_bytes())
    with Store(copy) as store:
        onto_ingest = load(str(out), store)
    assert onto_ingest.counts["unchanged"] == report.counts["articles"] and onto_ingest.counts["ingested"] == 0
    assert dump(copy) == dump(ingested)


def test_cli_load(processed, tmp_path):
    inputs, out, ingested, report = processed
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(main, ["load", str(out), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    assert f"{report.counts['articles']} ingested, 0 updated, 0 unchanged" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["load", str(empty), "--db", str(db)])
    assert result.exit_code == 1 and "R304" in result.output and "no rasad process output" in result.output


def test_unreadable_shard_stops_the_load_after_the_shards_before(processed, tmp_path):
    """A damaged Parquet file (decoded in the reading thread) is a StorageError R304 naming the file;
    the shards before it stay loaded."""
    import json
    import shutil

    from rasad.errors import StorageError
    from rasad.process.parquet import shard_file

    inputs, out, ingested, report = processed
    bad = tmp_path / "bad"
    shutil.copytree(out, bad)
    with open(bad / "_manifest.jsonl", encoding="utf-8") as f:
        entries = sorted((json.loads(line) for line in f), key=lambda e: e["seq"])
    damaged = shard_file(str(bad), "articles", entries[1]["shard"])
    with open(damaged, "wb") as f:
        f.write(b"PAR1 this is not a parquet file PAR1")
    db = tmp_path / "partial.db"
    with Store(db) as store, pytest.raises(StorageError) as err:
        load(str(bad), store)
    assert err.value.code == "R304" and err.value.source == damaged and "cannot read shard" in str(err.value)
    with Store(db) as store:
        assert store.stats()["articles"] == entries[0]["counts"]["articles"] > 0


def test_failed_commit_rolls_back_and_stops_the_load(processed, tmp_path, monkeypatch):
    """The end of a transaction (full-text rows, COMMIT) runs in a thread while the next batch is parsed:
    when it fails, the load stops with a StorageError R302, the transaction is rolled back whole, and a
    load after it gives the same database as ingest."""
    from rasad.errors import StorageError
    from rasad.store import load as loading

    inputs, out, ingested, report = processed
    db = tmp_path / "failed.db"
    monkeypatch.setattr(loading, "_INSERT_FTS", "INSERT INTO no_such_table SELECT value FROM json_each(?)")
    with Store(db) as store, pytest.raises(StorageError) as err:
        load(str(out), store)
    assert err.value.code == "R302" and "no_such_table" in str(err.value)
    assert dump(db) == {table: [] for table in TABLES}
    monkeypatch.undo()
    with Store(db) as store:
        result = load(str(out), store)
    assert result.counts["ingested"] == report.counts["articles"]
    assert dump(db) == dump(ingested)


def test_output_without_store_column_is_refused(processed, tmp_path):
    """Parquet written before the ``store`` column existed: a StorageError R304 naming the file and what
    to do, nothing loaded."""
    import json
    import shutil

    import pyarrow.parquet as pq

    from rasad.errors import StorageError
    from rasad.process.parquet import shard_file

    inputs, out, ingested, report = processed
    old = tmp_path / "old"
    shutil.copytree(out, old)
    with open(old / "_manifest.jsonl", encoding="utf-8") as f:
        first = min((json.loads(line) for line in f), key=lambda e: e["seq"])
    path = shard_file(str(old), "articles", first["shard"])
    pq.write_table(pq.read_table(path).drop_columns(["store"]), path)
    db = tmp_path / "old.db"
    with Store(db) as store, pytest.raises(StorageError) as err:
        load(str(old), store)
    assert err.value.code == "R304" and err.value.source == path
    assert "no 'store' column" in str(err.value) and "run rasad process again" in str(err.value)
    with Store(db) as store:
        assert store.stats()["articles"] == 0


def test_unreadable_record_is_recorded_and_the_load_goes_on(processed, tmp_path):
    """A record whose ``store`` JSON cannot be read: one failure (R304, naming the file and the article key),
    every other article loaded."""
    import json
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    from rasad.process.parquet import shard_file

    inputs, out, ingested, report = processed
    bad = tmp_path / "bad"
    shutil.copytree(out, bad)
    with open(bad / "_manifest.jsonl", encoding="utf-8") as f:
        entry = max((json.loads(line) for line in f), key=lambda e: e["counts"]["articles"])
    path = shard_file(str(bad), "articles", entry["shard"])
    table = pq.read_table(path)
    stored = table.column("store").to_pylist()
    stored[1] = stored[1][: len(stored[1]) // 2]  # cut in the middle
    key = table.column("key")[1].as_py()
    pq.write_table(table.set_column(table.schema.get_field_index("store"), "store", pa.array(stored)), path)
    db = tmp_path / "bad.db"
    with Store(db) as store:
        result = load(str(bad), store)
    assert result.counts["ingested"] == report.counts["articles"] - 1
    assert result.counts["failed"] == report.counts["failures"] + 1
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT source, stage, code, message FROM failures WHERE code = 'R304'").fetchall()
    conn.close()
    assert rows == [(f"{path}#{key}", "load", "R304", rows[0][3])]
    assert rows[0][3].startswith(f"cannot read the stored article {key}: JSONDecodeError")


def test_killed_load_gets_its_indexes_back(processed, tmp_path):
    """A load into an empty database drops some indexes and builds them at its end; killed before that,
    the next Store open builds them, and loading the rest gives the rows of ingest."""
    import subprocess
    import sys

    from rasad.store.load import DEFERRED_INDEXES

    inputs, out, ingested, report = processed
    db = tmp_path / "killed.db"
    script = ("import os, sys; from rasad.store import Store; from rasad.store.load import load\n"
              "store = Store(sys.argv[1])\n"
              "load(sys.argv[2], store, batch=2, on_batch=lambda n: os._exit(9))\n")
    done = subprocess.run([sys.executable, "-c", script, str(db), str(out)], capture_output=True, text=True)
    assert done.returncode == 9, done.stderr
    conn = sqlite3.connect(db)
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2  # the first transaction committed
    assert not indexes & set(DEFERRED_INDEXES)
    conn.close()
    with Store(db) as store:
        assert schema(db) == schema(ingested)  # opening built them
        result = load(str(out), store)
    assert result.counts["ingested"] == report.counts["articles"] - 2
    assert schema(db) == schema(ingested) and dump(db) == dump(ingested)
