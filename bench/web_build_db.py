"""Build a 100,000-article database for the explorer latency bench (bench/web_latency.py).

    nice -n 10 .venv/bin/python bench/web_build_db.py [--out bench/out/web100k.db] [--articles 100000]

The FarsNews corpus (``../shared/data/news/farsnews/*.json``, ~1,500 articles) goes through the default
pipeline once per source article; each result is then stored many times as variants through the store's
write API (``Store.write_batch``, so FTS rows, entity links, quotes and events are written as in a real
ingest). A variant gets its own news id, one of several agencies, a publish time spread over 2021-2024
(Tehran offset) and one or two paragraphs of another article appended to its body and text (spans keep
their offsets; the content hash differs, so nothing is deduplicated and the index is not 67 copies of the
same text). Deterministic for a given ``--seed``. Prints the time taken and the database size: about
4 minutes of CPU for 100,000 articles (2.4 ms per stored article); 19 minutes of wall time on the shared
2-core machine at a load average of 10.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import glob
import os
import random
import sys
import time

import jdatetime

from rasad.article import Article
from rasad.errors import RasadError
from rasad.pipeline import default_pipeline
from rasad.readers import read_file
from rasad.store import Store

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "data", "news", "farsnews")
AGENCIES = ("خبرگزاری فارس", "ایرنا", "ایسنا", "خبرگزاری مهر", "تسنیم", "دفاع‌پرس", "ایلنا", "خبرآنلاین")
START = dt.datetime(2021, 3, 21, 6, 0)
SPAN_MINUTES = 4 * 365 * 24 * 60
TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30))


def source_articles() -> list[Article]:
    files = sorted(glob.glob(os.path.join(CORPUS, "*.json")))
    if not files:
        sys.exit(f"no corpus at {os.path.normpath(CORPUS)} (needs ../shared)")
    pipeline = default_pipeline()
    out, seen = [], set()
    for path in files:
        for item in pipeline.pipe(read_file(path)):
            if isinstance(item, RasadError) or not item.body or item.content_hash in seen:
                continue
            seen.add(item.content_hash)
            out.append(item)
    return out


def variant(art: Article, n: int, rng: random.Random, paragraphs: list[str]) -> Article:
    """The ``n``-th stored copy of ``art``: new id, agency, date and one or two appended paragraphs."""
    when = START + dt.timedelta(minutes=rng.randrange(SPAN_MINUTES))
    j = jdatetime.datetime.fromgregorian(datetime=when)
    extra = rng.sample(paragraphs, rng.choice((1, 2)))
    return dataclasses.replace(
        art, news_id=f"{14000000000000 + n}", agency=AGENCIES[n % len(AGENCIES)], url=None,
        published=when.replace(tzinfo=TEHRAN).isoformat(), published_jalali=j.strftime("%Y/%m/%d %H:%M"),
        body=[*art.body, *extra], text=art.text + "\n" + "\n".join(extra), stages=list(art.stages),
        source=dataclasses.replace(art.source, record=n))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out", "web100k.db"))
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(args.out + suffix):
            os.remove(args.out + suffix)
    t0, c0 = time.perf_counter(), time.process_time()
    sources = source_articles()
    t1 = time.perf_counter()
    print(f"pipeline: {len(sources)} source articles in {t1 - t0:.1f} s", flush=True)
    rng = random.Random(args.seed)
    paragraphs = [p for a in sources for p in a.body if 40 <= len(p) <= 600]
    stored = 0
    with Store(args.out) as store:
        store.conn.execute("PRAGMA synchronous=OFF")
        store.conn.execute("PRAGMA cache_size=-262144")  # 256 MB: entity and FTS pages stay cached
        n = 0
        while stored < args.articles:
            batch = []
            while len(batch) < min(args.batch, args.articles - stored):
                batch.append(variant(sources[n % len(sources)], n, rng, paragraphs))
                n += 1
            outcomes = store.write_batch(batch)
            stored += sum(1 for o, _ in outcomes if o == "ingested")
            if stored and stored % 10_000 < args.batch:
                print(f"  {stored} stored, {time.perf_counter() - t1:.0f} s", flush=True)
        store.conn.execute("PRAGMA optimize")
        store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = os.path.getsize(args.out) / 1e6
    print(f"stored {stored} articles ({n} variants tried) in {time.perf_counter() - t1:.0f} s;"
          f" total {time.perf_counter() - t0:.0f} s wall, {time.process_time() - c0:.0f} s CPU;"
          f" {args.out}: {size:.0f} MB")


if __name__ == "__main__":
    main()
