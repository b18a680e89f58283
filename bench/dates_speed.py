"""Speed of ``rasad.dates.find_dates`` on the FarsNews corpus.

    .venv/bin/python bench/dates_speed.py [--repeat 3] [--files N]

Each article of ../shared/data/news/farsnews/*.json is built like the records
reader does (title, abstract and paragraphs joined by blank lines), normalized
with :func:`rasad.normalize.normalize_text` (not timed), and given to
``find_dates`` with its publish date as anchor: the Jalali date in the
FarsNews URL (``/news/8707060255`` → 1387-07-06) when there is one, else a
fixed date. Prints ms per article, characters per second and mentions found,
for every run and the best one.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rasad.normalize import normalize_text  # noqa: E402
from rasad.urlrules import date_from_url  # noqa: E402

SHARED = Path(__file__).parent.parent.parent / "shared"
FARS = SHARED / "data" / "news" / "farsnews"
FIXED_ANCHOR = dt.date(2008, 9, 27)  # ۶ مهر ۱۳۸۷, around the corpus' articles


def articles(limit_files: int | None = None) -> list[tuple[str, dt.date]]:
    """(normalized text, anchor) for every FarsNews article."""
    out: list[tuple[str, dt.date]] = []
    for path in sorted(FARS.glob("*.json"))[:limit_files]:
        for art in json.loads(path.read_text(encoding="utf-8")):
            parts = [art.get("title"), art.get("abstract"), *(art.get("paragraphs") or [])]
            raw = "\n\n".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
            found = date_from_url(art.get("link") or "")
            anchor = dt.date.fromisoformat(found[0]) if found else FIXED_ANCHOR
            out.append((normalize_text(raw), anchor))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--files", type=int, default=None, help="use only the first N corpus files")
    args = ap.parse_args()
    if not SHARED.exists() or not any(FARS.glob("*.json")):
        print(f"[skip] FarsNews corpus not found under {FARS} (needs ../shared)")
        return
    from rasad.dates import find_dates

    docs = articles(args.files)
    chars = sum(len(t) for t, _ in docs)
    find_dates("۱۲ مهر ۱۴۰۲", FIXED_ANCHOR)  # compile patterns, load the lexicon
    print(f"{len(docs)} articles, {chars:,} characters (normalized)")
    best = float("inf")
    for i in range(args.repeat):
        n = 0
        t0 = time.perf_counter()
        for text, anchor in docs:
            n += len(find_dates(text, anchor))
        wall = time.perf_counter() - t0
        best = min(best, wall)
        print(f"run {i + 1}: {wall:.3f} s, {1000 * wall / len(docs):.3f} ms/article, "
              f"{chars / wall:,.0f} chars/s, {n} mentions")
    print(f"best: {1000 * best / len(docs):.3f} ms/article, {chars / best:,.0f} chars/s")


if __name__ == "__main__":
    main()
