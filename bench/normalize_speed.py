"""Throughput of ``rasad.normalize.normalize`` vs hazm's ``Normalizer().normalize``.

    .venv-bench/bin/python bench/normalize_speed.py [--paragraphs N] [--repeat R]

Both get the same paragraphs of the FarsNews corpus (../shared/data/news/
farsnews/*.json: title, abstract and every paragraph, one call each), in the
same process. Rasad's lexicon is loaded (and hazm's Normalizer constructed)
before timing; each system's best of R runs is reported in characters per
second, and the ratio rasad/hazm (target: >= 2). Also reports rishe if
installed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rasad.normalize import normalize  # noqa: E402

FARS = ROOT.parent / "shared" / "data" / "news" / "farsnews"


def paragraphs(limit: int) -> list[str]:
    out: list[str] = []
    for path in sorted(FARS.glob("*.json")):
        for art in json.loads(path.read_text(encoding="utf-8")):
            for p in [art.get("title"), art.get("abstract"), *(art.get("paragraphs") or [])]:
                if p and p.strip():
                    out.append(p)
                    if len(out) >= limit:
                        return out
    return out


def rate(fn, texts: list[str], repeat: int) -> tuple[float, float]:
    """(chars/s of the first run, chars/s of the best run)."""
    n = sum(len(t) for t in texts)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        times.append(time.perf_counter() - t0)
    return n / times[0], n / min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--paragraphs", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not FARS.exists():
        sys.exit(f"[skip] FarsNews corpus not found under {FARS}")
    texts = paragraphs(args.paragraphs)
    print(f"{len(texts)} paragraphs, {sum(len(t) for t in texts):,} characters")
    normalize(texts[0])  # load tables and lexicon
    r0, r = rate(lambda t: normalize(t), texts, args.repeat)
    print(f"rasad normalize      {r:12,.0f} chars/s (first run, cold word cache: {r0:,.0f})")
    try:
        from hazm import Normalizer
    except ImportError as e:
        print(f"[skip] hazm not installed ({e}); use the bench venv, see docs/zwnj.md")
        return
    h = Normalizer()
    h.normalize(texts[0])
    _, hr = rate(h.normalize, texts, args.repeat)
    print(f"hazm Normalizer      {hr:12,.0f} chars/s")
    try:
        from rishe import Normalizer as RisheNormalizer

        rn = RisheNormalizer()
        rn.normalize(texts[0])
        print(f"rishe Normalizer     {rate(rn.normalize, texts, args.repeat)[1]:12,.0f} chars/s")
    except ImportError:
        print("[skip] rishe not installed")
    print(f"ratio rasad/hazm     {r / hr:12.2f}x  (target >= 2; first run: {r0 / hr:.2f}x)")


if __name__ == "__main__":
    main()
