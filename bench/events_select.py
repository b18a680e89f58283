"""Select the FarsNews articles of the events gold set (seeded, reproducible).

Candidates: articles of ``../shared/data/news/farsnews/fars-news-*.json``
(unique links, in file order) whose title, lead or body mention a meeting or
talk word («دیدار», «ملاقات», «گفتگو»/«گفت‌وگو»), letters folded. 45 of them
are drawn with ``random.Random(20261128)``. That broad filter mostly finds
interviews («در گفت‌وگو با خبرنگار فارس») and sports matches, so 20 more are
drawn (same generator, continuing) from the remaining articles that use a
meeting phrase («دیدار کرد», «در دیدار با», «دیدار و گفتگو», «ملاقات کرد» …),
to have enough meetings to measure recall. The seed article is added by
``bench/events_eval.py``. ``python bench/events_select.py`` prints the links.

Split ``dev2`` (a second round, annotated before the system was run on it):
``select_dev2()`` draws with ``random.Random(20261129)`` 15 articles from the
meeting-phrase candidates not yet in the gold set, then 10 from the articles
with wider meeting-like words (visits «سفر کرد»/«عازم», phone calls «تلفنی»,
hosting «میزبان»/«به حضور پذیرفت», talks «مذاکره/رایزنی کرد», «دیدار»,
«ملاقات») that are in neither. ``python bench/events_select.py --dev2`` prints them.

Split ``dev3`` (a third round, also annotated before the system was run on it):
``select_dev3()`` draws with ``random.Random(20261130)`` 20 articles from the
broad candidates (the filter of the first 45) not yet in the gold set, the
same population as most of the test split. ``--dev3`` prints them.

Split ``dev4`` (a fourth round, annotated first too): ``select_dev4()`` draws
with ``random.Random(20261201)`` 15 articles with wider meeting-like words
(``_WIDE``, as for dev2) not yet in the gold set, for more meetings to study
participants on. ``--dev4`` prints them.

Split ``test2`` (a held-out round, annotated by hand before the system was run
on it, never studied): ``select_test2()`` draws with ``random.Random(20261202)``
21 broad candidates, then 9 meeting-phrase ones, none in the gold set before
it: the proportions of the first ``test`` split (23 broad, 10 strict of 33).
Only 2 ``_STRICT`` candidates are left in the dump (1195 articles), so the 9 are
those 2 and 7 drawn from the wider meeting-like ones (``_WIDE``: visits, phone
calls, hosting, talks). That gives few meetings (the remaining pool is mostly
interviews and sport), so 10 more are drawn (same generator, continuing) from
the ``_WIDE`` candidates outside the sports category (``cat`` != ``sports``).
``--test2`` prints the 40.
"""
from __future__ import annotations

import glob
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FARSNEWS = ROOT.parent / "shared" / "data" / "news" / "farsnews"
SEED = 20261128
N = 45
N_STRICT = 20
_STRICT = re.compile("دیدار (?:و (?:گفتگو|گفت‌وگو|گفت وگو|گفت و گو|رایزنی) )?(?:کرد|کردند|داشت|داشتند)|"
                     "در دیدار (?:با|از)|ملاقات (?:کرد|کردند|داشت)|در ملاقات با|تلفنی")
_WIDE = re.compile("دیدار|ملاقات|(?:گفتگو|گفت‌وگو|گفت وگو|گفت و گو|رایزنی|مذاکره) (?:کرد|کردند|داشت|داشتند)|"
                   "تلفنی|سفر (?:کرد|کردند)|عازم|به حضور پذیرفت|میزبان")
SEED_DEV2 = 20261129
N_DEV2_STRICT = 15
N_DEV2_WIDE = 10
SEED_DEV3 = 20261130
N_DEV3 = 20
SEED_DEV4 = 20261201
N_DEV4 = 15
SEED_TEST2 = 20261202
N_TEST2_BROAD = 21
N_TEST2_STRICT = 9
N_TEST2_EXTRA = 10
_WORDS = re.compile("دیدار|ملاقات|گفتگو|گفت\u200cوگو|گفت وگو|گفت و گو")


def _fold(s: str) -> str:
    return s.replace("ي", "ی").replace("ك", "ک")


def load_farsnews() -> dict[str, dict]:
    """link -> record, first occurrence of each link, in file order."""
    out: dict[str, dict] = {}
    for path in sorted(glob.glob(str(FARSNEWS / "fars-news-*.json"))):
        for rec in json.loads(Path(path).read_text(encoding="utf-8")):
            out.setdefault(rec["link"], rec)
    return out


def candidates(records: dict[str, dict], pattern: re.Pattern[str] = _WORDS) -> list[str]:
    keep = []
    for link, rec in records.items():
        text = _fold(" ".join([rec.get("title") or "", rec.get("abstract") or "", *(rec.get("paragraphs") or [])]))
        if pattern.search(text):
            keep.append(link)
    return keep


def select(records: dict[str, dict] | None = None, n: int = N, n_strict: int = N_STRICT,
           seed: int = SEED) -> list[str]:
    """The gold links: *n* broad candidates, then *n_strict* meeting-phrase ones."""
    records = records if records is not None else load_farsnews()
    rng = random.Random(seed)
    broad = rng.sample(candidates(records), n)
    rest = [link for link in candidates(records, _STRICT) if link not in set(broad)]
    return broad + rng.sample(rest, n_strict)


def select_dev2(records: dict[str, dict] | None = None, exclude: set[str] | frozenset[str] = frozenset(),
                seed: int = SEED_DEV2) -> list[str]:
    """The dev2 links: meeting-phrase candidates, then wider meeting-like ones, none in *exclude* (the gold set)."""
    records = records if records is not None else load_farsnews()
    rng = random.Random(seed)
    strict = [link for link in candidates(records, _STRICT) if link not in exclude]
    first = rng.sample(strict, N_DEV2_STRICT)
    wide = [link for link in candidates(records, _WIDE) if link not in exclude and link not in set(strict)]
    return first + rng.sample(wide, N_DEV2_WIDE)


def select_dev3(records: dict[str, dict] | None = None, exclude: set[str] | frozenset[str] = frozenset(),
                seed: int = SEED_DEV3) -> list[str]:
    """The dev3 links: broad candidates (meeting or talk words) not in *exclude* (the gold set before dev3)."""
    records = records if records is not None else load_farsnews()
    return random.Random(seed).sample([link for link in candidates(records) if link not in exclude], N_DEV3)


def select_dev4(records: dict[str, dict] | None = None, exclude: set[str] | frozenset[str] = frozenset(),
                seed: int = SEED_DEV4) -> list[str]:
    """The dev4 links: articles with wider meeting-like words not in *exclude* (the gold set before dev4)."""
    records = records if records is not None else load_farsnews()
    return random.Random(seed).sample([link for link in candidates(records, _WIDE) if link not in exclude], N_DEV4)


def select_test2(records: dict[str, dict] | None = None, exclude: set[str] | frozenset[str] = frozenset(),
                 seed: int = SEED_TEST2) -> list[str]:
    """The test2 links: broad candidates, then meeting-phrase ones, none in *exclude* (the gold set before test2)."""
    records = records if records is not None else load_farsnews()
    rng = random.Random(seed)
    broad = rng.sample([link for link in candidates(records) if link not in exclude], N_TEST2_BROAD)
    strict = [link for link in candidates(records, _STRICT) if link not in exclude and link not in set(broad)]
    strict = strict[:N_TEST2_STRICT]
    wide = [link for link in candidates(records, _WIDE)
            if link not in exclude and link not in set(broad) and link not in set(strict)]
    first = broad + strict + rng.sample(wide, N_TEST2_STRICT - len(strict))
    extra = [link for link in wide if link not in set(first) and records[link].get("cat") != "sports"]
    return first + rng.sample(extra, N_TEST2_EXTRA)


def _gold_links(before: tuple[str, ...]) -> set[str]:
    """Links of the gold set's records whose ``set`` is not in *before* (the rounds drawn later)."""
    gold = ROOT / "bench" / "gold" / "events.jsonl"
    recs = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {r["link"] for r in recs if r["set"] not in before}


if __name__ == "__main__":
    import sys
    if "--test2" in sys.argv:
        for link in select_test2(exclude=_gold_links(("test2",))):
            print(link)
    elif "--dev2" in sys.argv:
        for link in select_dev2(exclude=_gold_links(("dev2", "dev3", "dev4"))):
            print(link)
    elif "--dev3" in sys.argv:
        for link in select_dev3(exclude=_gold_links(("dev3", "dev4"))):
            print(link)
    elif "--dev4" in sys.argv:
        for link in select_dev4(exclude=_gold_links(("dev4",))):
            print(link)
    else:
        for link in select():
            print(link)
