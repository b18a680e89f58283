"""Persian news agencies: canonical names, aliases and site domains.

The table is ``data/agencies.tsv``. Names are compared in a key form
(:func:`rasad.normalize.fold` with spaces removed), so «دفاعپرس», «دفاع پرس»,
«دفاع‌پرس» and Arabic-letter spellings (ي/ك) are the same name.

- :func:`match_agency` — the canonical name when a whole text names an agency.
- :func:`locate_agency` / :func:`find_agency` — the first agency named inside a
  text such as a dateline («به گزارش گروه اخبار داخلی دفاعپرس،»), matched on
  whole words, longest alias first.
- :func:`agency_for_domain` — the agency of a site host or URL.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from .data import data_path
from .normalize import fold

# words of a name: split on spaces, ZWNJ and punctuation
_WORD = re.compile(r"[^\s\u200c\u200e\u200f،؛,:;«»\"'()\[\]{}\-–—/|.!؟?*]+")
_EDGE = " \t\r\n\u200c\u200e\u200f\ufeff«»\"'()[]{}،,:;؛-–—/|.!؟?*"


def name_key(text: str) -> str:
    """Comparison key of a name: folded letters and digits, no spaces or ZWNJ."""
    return "".join(fold(text).split())


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str], int]:
    """(alias key -> canonical, domain -> canonical, most words in an alias)."""
    aliases: dict[str, str] = {}
    domains: dict[str, str] = {}
    longest = 1
    lines = data_path("agencies.tsv").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if not line.strip() or line.startswith(("#", "canonical\t")):
            continue
        cells = line.split("\t")
        canonical = cells[0]
        for alias in [canonical, *cells[1].split("|")] if len(cells) > 1 else [canonical]:
            if alias.strip():
                aliases.setdefault(name_key(alias), canonical)
                longest = max(longest, len(_WORD.findall(alias)))
        for domain in cells[2].split("|") if len(cells) > 2 else []:
            if domain.strip():
                domains[domain.strip().lower()] = canonical
    return aliases, domains, longest


def match_agency(text: str) -> str | None:
    """Canonical name if ``text`` as a whole names an agency: 'دفاعپرس' -> 'دفاع‌پرس'."""
    aliases, _, _ = _table()
    return aliases.get(name_key(text.strip(_EDGE)))


def locate_agency(text: str) -> tuple[str, int, int] | None:
    """First agency named in ``text``: (canonical name, start, end) of the mention."""
    aliases, _, longest = _table()
    words = list(_WORD.finditer(text))
    keys = [name_key(w.group()) for w in words]
    for i in range(len(words)):
        for n in range(min(longest, len(words) - i), 0, -1):
            canonical = aliases.get("".join(keys[i : i + n]))
            if canonical:
                return canonical, words[i].start(), words[i + n - 1].end()
    return None


def find_agency(dateline: str) -> str | None:
    """Canonical name of the first agency named in a dateline, or None."""
    found = locate_agency(dateline)
    return found[0] if found else None


def agency_for_domain(url_or_host: str) -> str | None:
    """Agency of a site: 'https://www.isna.ir/news/1' or 'isna.ir' -> 'ایسنا'."""
    _, domains, _ = _table()
    text = url_or_host.strip()
    host = (urlsplit(text if "//" in text else "//" + text).hostname or "").lower()
    while host:
        if host in domains:
            return domains[host]
        host = host.partition(".")[2]
    return None
