"""Ingest: bad input is recorded and the batch goes on; re-runs and kills leave no duplicates."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import SEED

from rasad.ingest import ingest

PERSIAN = "به گزارش ایسنا، وزیر نیرو امروز از افتتاح سد جدید در استان فارس خبر داد."


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def test_bad_inputs_recorded_and_batch_goes_on(tmp_path, db):
    good = write(tmp_path, "a_good.txt", SEED.read_bytes())
    files = {
        "b_empty.txt": (b"", "R101"),
        "c_binary.bin": (bytes(range(256)) * 40, "R102"),
        "d_latin1.txt": ("caf\xe9 cr\xe8me br\xfbl\xe9e ".encode("latin-1") * 20, "R103"),
        "e_truncated.json": (b'{"title": "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", "paragraphs": ["', "R203"),
        "f_array_of_numbers.json": (b"[1, 2]", "R201"),
    }
    paths = [good] + [write(tmp_path, n, d) for n, (d, _) in files.items()]
    big = tmp_path / "g_big.txt"
    with open(big, "wb") as f:  # a 50 MB file
        f.write((PERSIAN + "\n").encode() * (50 * 2**20 // len((PERSIAN + "\n").encode()) + 1))
    paths.append(str(big))
    cp1256 = write(tmp_path, "h_cp1256.txt", (PERSIAN + "\n\n" + PERSIAN).replace("ی", "ي").encode("cp1256"))
    utf16 = write(tmp_path, "i_utf16.txt", (PERSIAN + "\n\nمتن دوم خبر.").encode("utf-16"))
    paths += [cp1256, utf16]

    report = ingest(paths, db)
    assert report.counts["ingested"] == 3, report.failures
    codes = {os.path.basename(e.source.split("#")[0]): e.code for e in report.failures}
    expected = {n: c for n, (_, c) in files.items()} | {"g_big.txt": "R104"}
    assert codes == expected, report.failures
    for e in report.failures:  # one line naming the file and the reason
        assert "\n" not in str(e) and e.source in str(e)
    stats = db.stats()
    # 2 bad records in f_
    assert stats["articles"] == 3 and stats["failures"] == len(report.failures) == len(expected) + 1
    assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_reingest_is_idempotent(tmp_path, db):
    p = write(tmp_path, "seed.txt", SEED.read_bytes())
    first = ingest([p], db)
    second = ingest([p, p], db)
    assert first.counts["ingested"] == 1
    assert second.counts["unchanged"] == 2 and second.counts["ingested"] == 0
    # the same content under another name and format is still one article
    copy = write(tmp_path, "copy.txt", SEED.read_bytes().replace(b"\n", b"\r\n"))
    assert ingest([copy], db).counts["unchanged"] == 1
    assert db.stats()["articles"] == 1


def test_collector_settings_changed_during_ingest_and_restored(tmp_path, db):
    import gc

    from rasad.ingest import store_items
    from rasad.readers import read_file

    seen = []

    def items():
        yield from read_file(write(tmp_path, "seed.txt", SEED.read_bytes()))
        seen.append((gc.get_threshold(), gc.get_freeze_count() > 0))
        yield from read_file(write(tmp_path, "other.txt", PERSIAN.encode()))

    before = gc.get_threshold()
    store_items(items(), db)
    assert seen == [((max(before[0], 10_000), max(before[1], 100), before[2]), True)]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_failure_cleared_when_file_is_fixed(tmp_path, db):
    p = write(tmp_path, "later.txt", b"")
    assert ingest([p], db).counts["failed"] == 1
    (tmp_path / "later.txt").write_bytes(SEED.read_bytes())
    assert ingest([p], db).counts["ingested"] == 1
    assert db.stats()["failures"] == 0


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path, sig):
    n = 4000
    corpus = tmp_path / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"title": f"خبر شماره {i}", "news_id": str(100000 + i), "agency": "ایسنا",
                                "paragraphs": [f"{PERSIAN} بند {i} از خبر {i * 7}."]}, ensure_ascii=False) + "\n")
    dbfile = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "rasad.cli", "ingest", str(corpus), "--db", str(dbfile), "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    count = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(dbfile) as c:
                count = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            continue
        if count > 0:
            break
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus bigger"
    proc.send_signal(sig)
    proc.wait(timeout=30)
    if sig == signal.SIGINT:  # Ctrl-C: a clear message and exit code 130
        assert proc.returncode == 130 and b"interrupted" in proc.stderr.read()
    with sqlite3.connect(dbfile) as c:
        partial = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 0 < partial < n
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{n - partial} ingested" in done.stdout and f"{partial} unchanged" in done.stdout
    with sqlite3.connect(dbfile) as c:
        assert c.execute("SELECT count(*), count(DISTINCT key) FROM articles").fetchone() == (n, n)
        assert c.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == n


def test_search_fields_match_their_definitions():
    """Store.search_fields folds each field once; the FTS row and content hash are the plain definitions."""
    from rasad.article import Article, Source
    from rasad.normalize import fold
    from rasad.store.db import search_fields

    for surtitle, title, lead, body in [("روتیتر", "عنوان ΣΑΣ", "لید آیت‌الله", ["یک", "دو"]),
                                        (None, "عنوان", None, []), ("فقط روتیتر", None, "", ["بند"]),
                                        (None, None, None, [])]:
        art = Article(Source("x"), "", surtitle=surtitle, title=title, lead=lead, body=body)
        fts, digest = search_fields(art)
        assert fts == (fold(" ".join(filter(None, [surtitle, title]))), fold(lead or ""), fold("\n".join(body)))
        assert digest == art.content_hash
        assert art.to_dict(digest) == art.to_dict()


def test_ctrl_c_stops_between_items_and_writes_no_partial_batch(db):
    """The CLI's SIGINT handler only sets a flag; the loop stops at the next item.

    The signal arrives inside a finalizer, where Python's own KeyboardInterrupt
    would be printed and dropped and the ingest would run to the end.
    """
    from rasad.article import Article, Source
    from rasad.ingest import IngestReport, interrupt_between_items, store_items

    class CtrlCOnCollect:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGINT)

    def items():
        for i in range(10):
            if i == 5:
                CtrlCOnCollect()
            yield Article(Source(f"item-{i}"), raw=f"{PERSIAN} بند {i}.")

    before, report = signal.getsignal(signal.SIGINT), IngestReport()
    with pytest.raises(KeyboardInterrupt), interrupt_between_items():
        store_items(items(), db, batch_size=3, report=report)
    assert signal.getsignal(signal.SIGINT) is before
    assert sum(report.counts.values()) == 3  # the first full batch; the one in flight is not written
