"""Word-level phrase matching for the entity lexicons (roles, places, organisations).

Text is cut into :class:`Tok` tokens (letters, digits, ZWNJ); phrases are
compared in a *key* form: :func:`~rasad.normalize.fold` with spaces removed,
so «رئیس جمهور», «رئیس‌جمهور» and «رييس جمهور» are one phrase. A phrase never
crosses punctuation or a line break. An ezafe «ی» after a final و/ا/ه is
accepted («سخنگوی» matches «سخنگو»).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .data import data_path
from .normalize import fold

_TOKEN = re.compile(r"[\w\u200c\u064b-\u065f\u0670]+")
_PLAIN_GAP = re.compile(r"[ \u200c]*")


@dataclass(frozen=True)
class Tok:
    start: int
    end: int
    key: str
    plain: bool  # the gap to the next token is only spaces (a phrase may continue)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Comparison form of a word or phrase: folded, no spaces or ZWNJ."""
    return "".join(fold(text).split())


def tokenize(text: str) -> list[Tok]:
    ms = list(_TOKEN.finditer(text))
    toks = []
    for i, m in enumerate(ms):
        nxt = ms[i + 1].start() if i + 1 < len(ms) else m.end()
        plain = i + 1 < len(ms) and _PLAIN_GAP.fullmatch(text, m.end(), nxt) is not None
        toks.append(Tok(m.start(), m.end(), key(m.group()), plain))
    return toks


class PhraseTable:
    """Phrases (in key form) → values; longest match at a token position."""

    def __init__(self) -> None:
        self._map: dict[str, Any] = {}
        self._prefixes: set[str] = set()  # every prefix of every key: a fast "no match here"
        self.max_tokens = 1

    def add(self, phrase: str, value: Any, ezafe: bool = True) -> None:
        k = key(phrase)
        if not k:
            return
        self._set(k, value)
        if ezafe and k[-1] in "واه":
            self._set(k + "ی", value)
        self.max_tokens = max(self.max_tokens, len(re.split("[ \u200c]+", phrase.strip())))

    def _set(self, k: str, value: Any) -> None:
        self._map.setdefault(k, value)
        self._prefixes.update(k[:n] for n in range(1, len(k) + 1))

    def get(self, phrase: str) -> Any:
        return self._map.get(key(phrase))

    def __contains__(self, phrase: str) -> bool:
        return key(phrase) in self._map

    def match(self, toks: list[Tok], i: int, stop: int | None = None) -> tuple[Any, int] | None:
        """Longest phrase starting at token ``i`` (ending before ``stop``): (value, end index)."""
        stop = len(toks) if stop is None else stop
        if i >= stop or toks[i].key not in self._prefixes:
            return None
        end = i + 1
        while end < stop and end - i < self.max_tokens and toks[end - 1].plain:
            end += 1
        for j in range(end, i, -1):
            k = "".join(t.key for t in toks[i:j])
            if k in self._map:
                return self._map[k], j
        return None


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a bundled TSV file (``#`` comments, a header line)."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        rows.append({h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)})
    return rows


def variants(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip() and v.strip() != "-"]


@cache
def table(name: str, kind: str, column: str = "phrases") -> PhraseTable:
    """A phrase table of the rows of ``name`` whose ``kind`` column is ``kind``."""
    t = PhraseTable()
    for row in read_tsv(name):
        if row.get("kind") == kind:
            for phrase in variants(row[column]):
                t.add(phrase, row)
    return t
