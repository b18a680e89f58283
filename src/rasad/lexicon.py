"""Word-level phrase matching for the entity lexicons (roles, places, organisations).

Text is cut into :class:`Tok` tokens (letters, digits, ZWNJ); phrases are
compared in a *key* form: :func:`~rasad.normalize.fold` with spaces removed,
so «رئیس جمهور», «رئیس‌جمهور» and «رييس جمهور» are one phrase. A phrase never
crosses punctuation or a line break. An ezafe «ی» after a final و/ا/ه is
accepted («سخنگوی» matches «سخنگو»).
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import accumulate, chain, repeat
from typing import Any, NamedTuple

from .data import data_path
from .normalize import fold

_TOKEN = re.compile(r"[\w\u200c\u064b-\u065f\u0670]+")
_PLAIN_GAP = re.compile(r"[ \u200c]*")


class Tok(NamedTuple):
    """A token (immutable; a named tuple, as it is made some 400 times per article)."""

    start: int
    end: int
    key: str
    plain: bool  # the gap to the next token is only spaces (a phrase may continue)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Comparison form of a word or phrase: folded, no spaces or ZWNJ."""
    return "".join(fold(text).split())


def first_key(text: str) -> str:
    """Key of the first token of ``text`` ("" if none): a cheap test before :func:`tokenize`."""
    m = _TOKEN.search(text)
    return key(m.group()) if m else ""


_new_tuple = tuple.__new__
# each token with the gap before it (the gap holds no token character, so no ZWNJ either)
_GAP_TOKEN = re.compile(r"([^\w\u200c\u064b-\u065f\u0670]*)([\w\u200c\u064b-\u065f\u0670]+)")


def tokenize(text: str) -> list[Tok]:
    pairs = _GAP_TOKEN.findall(text)
    if not pairs:
        return []
    gaps, words = zip(*pairs, strict=True)
    offsets = list(accumulate(map(len, chain.from_iterable(pairs))))  # end of each gap, of each token
    starts, ends = offsets[0::2], offsets[1::2]
    # a phrase may continue over a gap of spaces only (the last token has no gap after it)
    plain = [g == " " or not g.strip(" ") for g in gaps[1:]]
    plain.append(False)
    return list(map(_new_tuple, repeat(Tok), zip(starts, ends, map(key, words), plain, strict=True)))


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

    def may_start(self, k: str) -> bool:
        """Whether a phrase may start with a token of key ``k`` (:meth:`match` is None otherwise)."""
        return k in self._prefixes

    def start_keys(self) -> set[str]:
        """Every token key a phrase may start with (do not modify)."""
        return self._prefixes

    def get(self, phrase: str) -> Any:
        return self._map.get(key(phrase))

    def __contains__(self, phrase: str) -> bool:
        return key(phrase) in self._map

    def match(self, toks: list[Tok], i: int, stop: int | None = None) -> tuple[Any, int] | None:
        """Longest phrase starting at token ``i`` (ending before ``stop``): (value, end index)."""
        stop = len(toks) if stop is None else stop
        if i >= stop:
            return None
        k = toks[i].key
        prefixes, phrases = self._prefixes, self._map
        if k not in prefixes:
            return None
        best = (phrases[k], i + 1) if k in phrases else None
        # every prefix of every phrase is in ``prefixes``: extend while the joined keys still are one
        end, last = i + 1, min(stop, i + self.max_tokens)
        while end < last and toks[end - 1].plain:
            k += toks[end].key
            if k not in prefixes:
                break
            end += 1
            if k in phrases:
                best = (phrases[k], end)
        return best


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
