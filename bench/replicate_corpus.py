"""Replicate the FarsNews corpus into JSON Lines shards for the scale benches (bench/process_speed.py).

    .venv/bin/python bench/replicate_corpus.py --articles 20000 --out ../scratch/corpus20k

Copy k of a record gets another news id (the digits of its link with k
appended) and its title ends with « (k)», so every copy is a distinct
article with its own key and content hash (nothing is deduplicated away).
Files of ``--per-file`` lines are written under ``--out``, which must be
outside the repository; the corpus itself is never copied into the repo.

``--processed`` writes a ``rasad process`` output folder instead (for the
``rasad load`` figure when the machine is too busy to process 20,000
articles): the 1,200 records go through the default pipeline once, in this
process, and copy k of each processed article gets the same other news id
and title suffix, in shards of ``--per-file`` articles with their manifest.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "news", "farsnews")
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def records() -> list[dict]:
    out = []
    for path in sorted(glob.glob(os.path.join(CORPUS, "*.json"))):
        with open(path, encoding="utf-8") as f:
            out += [r for r in json.load(f) if isinstance(r, dict)]
    return out


def replicate(base: list[dict], n: int):
    for i in range(n):
        k, rec = divmod(i, len(base))
        rec = dict(base[rec])
        if k:
            rec["link"] = re.sub(r"(\d{6,})", lambda m, k=k: f"{m.group(1)}{k:03d}", rec.get("link") or "") or None
            rec["title"] = f"{rec.get('title') or ''} ({k})"
        yield rec


def processed(base: list[dict], n: int, out: str, per_shard: int) -> int:
    from rasad.article import Article
    from rasad.pipeline import default_pipeline
    from rasad.process.parquet import ShardWriter
    from rasad.process.shards import Shard, Unit, record_done
    from rasad.readers.records import read_record

    pipeline = default_pipeline()
    arts = [a for a in pipeline.pipe(read_record(r, _source(i)) for i, r in enumerate(base, 1))
            if isinstance(a, Article)]
    written = 0
    for seq, start in enumerate(range(0, n, per_shard)):
        shard = Shard(seq, (Unit(f"replica-{seq:04d}.jsonl", 0, per_shard, 1),))
        writer = ShardWriter(out, shard.id)
        for i in range(start, min(n, start + per_shard)):
            k, j = divmod(i, len(arts))
            art = Article.from_dict(arts[j].to_dict())
            if k:
                art.news_id = f"{art.news_id}{k:03d}" if art.news_id else None
                art.title = f"{art.title or ''} ({k})"
            writer.add(art)
            written += 1
        writer.commit()
        record_done(out, shard, {"articles": min(n, start + per_shard) - start})
    return written


def _source(i: int):
    from rasad.article import Source

    return Source("farsnews.jsonl", "jsonl", i)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--per-file", type=int, default=2000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--processed", action="store_true", help="write a rasad process output folder (Parquet)")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    if out == REPO or out.startswith(REPO + os.sep):
        sys.exit("--out must be outside the repository (the corpus is never copied into it)")
    base = records()
    if not base:
        sys.exit(f"no corpus at {CORPUS} (needs ../shared)")
    os.makedirs(out, exist_ok=True)
    if args.processed:
        n = processed(base, args.articles, out, args.per_file)
        print(f"{n} processed articles (from {len(base)} FarsNews records) in Parquet shards under {out}")
        return
    f, written = None, 0
    for i, rec in enumerate(replicate(base, args.articles)):
        if i % args.per_file == 0:
            if f:
                f.close()
            f = open(os.path.join(out, f"fars-{i // args.per_file:04d}.jsonl"), "w", encoding="utf-8")
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        written += 1
    if f:
        f.close()
    print(f"{written} articles from {len(base)} FarsNews records in {-(-written // args.per_file)} files under {out}")


if __name__ == "__main__":
    main()
