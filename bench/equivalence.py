"""Output equivalence of two versions of the pipeline and store (for speed work).

    .venv/bin/python bench/equivalence.py dump OUT_DIR [--files N]
    .venv/bin/python bench/equivalence.py compare DIR_A DIR_B

``dump`` ingests the FarsNews corpus into a fresh database with the default
pipeline and writes, per table, every row in a stable order (the article
records are ``Article.to_dict()`` as stored; timestamps of the run are left
out) plus the FTS index contents, and ``Article.to_dict()`` of every article
computed again from a fresh read, to ``OUT_DIR``. ``compare`` says whether two
dumps are identical, and where they first differ. Run ``dump`` with
``PYTHONPATH`` pointing at each source tree to compare a change with its base.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import sqlite3
import sys
import tempfile

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "news", "farsnews")
SKIP_COLUMNS = {"ingested_at", "created_at", "applied_at"}


def dump(out: str, n_files: int | None) -> None:
    from rasad.errors import RasadError
    from rasad.ingest import ingest
    from rasad.pipeline import default_pipeline
    from rasad.readers import read_file
    from rasad.store import Store

    files = sorted(glob.glob(os.path.join(CORPUS, "*.json")))[:n_files]
    if not files:
        sys.exit(f"no corpus at {CORPUS} (needs ../shared)")
    os.makedirs(out, exist_ok=True)
    pipeline = default_pipeline()
    with open(os.path.join(out, "articles.jsonl"), "w", encoding="utf-8") as f:
        for item in pipeline.pipe(x for path in files for x in read_file(path)):
            if isinstance(item, RasadError):
                f.write(f"ERROR {item}\n")
            else:
                f.write(json.dumps(item.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n")
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "eq.db")
        with Store(db) as store:
            report = ingest(files, store, pipeline)
            print(report.summary())
        conn = sqlite3.connect(db)
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'articles_fts_%' ORDER BY name")]
        for table in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in SKIP_COLUMNS]
            sel = ", ".join(f'"{c}"' for c in cols)
            if table == "articles_fts":
                sel = "rowid, " + sel
            rows = conn.execute(f"SELECT {sel} FROM {table}").fetchall()
            rows.sort(key=lambda r: json.dumps(r, ensure_ascii=False))  # the row order is not part of the output
            with open(os.path.join(out, f"db.{table}.jsonl"), "w", encoding="utf-8") as f:
                f.write(json.dumps(cols, ensure_ascii=False) + "\n")
                for r in rows:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
        conn.close()


def _digest(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def compare(a: str, b: str) -> bool:
    names = sorted(set(os.listdir(a)) | set(os.listdir(b)))
    same = True
    for name in names:
        pa, pb = os.path.join(a, name), os.path.join(b, name)
        if not (os.path.exists(pa) and os.path.exists(pb)):
            print(f"{name}: only in {'A' if os.path.exists(pa) else 'B'}")
            same = False
            continue
        if _digest(pa) == _digest(pb):
            with open(pa, encoding="utf-8") as f:
                lines = sum(1 for _ in f)
            print(f"{name}: identical ({lines} lines, sha256 {_digest(pa)})")
            continue
        same = False
        with open(pa, encoding="utf-8") as fa, open(pb, encoding="utf-8") as fb:
            la, lb = fa.read().splitlines(), fb.read().splitlines()
        diff = [i for i in range(max(len(la), len(lb))) if i >= len(la) or i >= len(lb) or la[i] != lb[i]]
        print(f"{name}: DIFFERENT ({len(la)} vs {len(lb)} lines, {len(diff)} differ); first at line {diff[0] + 1}")
        i = diff[0]
        x, y = (la[i] if i < len(la) else ""), (lb[i] if i < len(lb) else "")
        k = next((j for j in range(min(len(x), len(y))) if x[j] != y[j]), min(len(x), len(y)))
        print(f"  A: …{x[max(0, k - 150):k + 150]}…\n  B: …{y[max(0, k - 150):k + 150]}…")
    print("IDENTICAL" if same else "DIFFERENT")
    return same


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out")
    d.add_argument("--files", type=int, default=None)
    c = sub.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.out, args.files)
    else:
        sys.exit(0 if compare(args.a, args.b) else 1)


if __name__ == "__main__":
    main()
