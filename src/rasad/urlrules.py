"""Publish dates encoded in news URLs, from ``data/url_dates.tsv``."""
from __future__ import annotations

import re
from functools import lru_cache

import jdatetime

from .data import data_path


@lru_cache(maxsize=1)
def _rules() -> list[tuple[str, re.Pattern[str]]]:
    rules = []
    for line in data_path("url_dates.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            domain, pattern = line.split("\t")[:2]
            rules.append((domain, re.compile(pattern)))
    return rules


def date_from_url(url: str) -> tuple[str, str] | None:
    """``(iso_date, jalali_date)`` when a rule for the URL's site finds a valid Jalali date."""
    for domain, pattern in _rules():
        if domain not in url:
            continue
        m = pattern.search(url)
        if not m:
            continue
        y = int(m.group("y"))
        y = y + 1300 if y < 100 else y
        try:
            jd = jdatetime.date(y, int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        return jd.togregorian().isoformat(), f"{y:04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    return None
