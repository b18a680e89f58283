"""The Persian normalizer: one function for ingest, index and query time.

:func:`normalize` returns the display form of a text (letters unified,
invisible marks removed, spacing fixed, stripped ZWNJs restored) together
with an :class:`~rasad.offsets.OffsetMap` back to the input. :func:`fold`
turns display text into the search form used by the full-text index and by
queries: diacritics dropped, letter variants and digits folded, ZWNJ removed.
The character tables live in ``data/letters.tsv``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import zwnj
from .data import data_path
from .offsets import Edit, OffsetMap, apply_edits

ZWNJ = "\u200c"
# letters that do not join to the following letter: a ZWNJ after them is redundant
NON_JOINING = "اآأإٱدذرزژوؤۀة"
PERSIAN_LETTERS = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], dict[int, str]]:
    """(display table, fold table) read from data/letters.tsv."""
    display: dict[int, str] = {}
    fold: dict[int, str] = {}
    for line in data_path("letters.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        table, src, dst = line.split("\t")[:3]
        src_chars = _decode(src)
        dst_char = _decode(dst)
        for ch in src_chars:
            (display if table == "display" else fold)[ord(ch)] = dst_char
    # Arabic presentation forms: compatibility-decompose to plain letters
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFF)):
        norm = unicodedata.normalize("NFKC", chr(cp))
        if norm != chr(cp) and len(norm) == 1:
            display[cp] = display.get(ord(norm), norm)
    for k, v in display.items():  # the search form starts from the display form
        fold.setdefault(k, v)
    return display, fold


def _decode(field: str) -> str:
    """Table cells are written as U+XXXX code points, space separated."""
    if field in ("", "-"):
        return ""
    return "".join(chr(int(c[2:], 16)) for c in field.split())


# Edits made after the letter table (each pattern's match is replaced by the
# value the callback returns); all work on the display form.
_INVISIBLE = "\u200b\u200d\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff\u00ad"
_RULES: list[tuple[re.Pattern[str], object]] = [
    (re.compile("\r\n?"), "\n"),
    (re.compile(f"[{_INVISIBLE}]+"), ""),
    # multi-code-point presentation ligatures (e.g. U+FDF2 Allah, U+FEFB la)
    (re.compile("[\ufb50-\ufdff\ufe70-\ufefe]"),
     lambda m: unicodedata.normalize("NFKC", m.group()).translate(_tables()[0])),
    # kashida between letters (a lone ـ used as a dash is kept)
    (re.compile(f"(?<=[{PERSIAN_LETTERS}])\u0640+|\u0640+(?=[{PERSIAN_LETTERS}])"), ""),
    (re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]"), " "),
    # ZWNJ: runs collapse; none next to spaces, punctuation, line ends or after non-joiners
    (re.compile(f"{ZWNJ}{{2,}}"), ZWNJ),
    (re.compile(f"(?<=[\\s{NON_JOINING}\\W\\d]){ZWNJ}|{ZWNJ}(?=[\\s\\W\\d])|^{ZWNJ}|{ZWNJ}$", re.M), ""),
    (re.compile(" {2,}"), " "),
    (re.compile(" +$|^ +", re.M), ""),
    # no space before closing punctuation, none inside «» and ()
    (re.compile(r" +(?=[.,،؛:!?؟»)\]])"), ""),
    (re.compile(r"(?<=[«(\[]) +"), ""),
    # a space after punctuation that is glued to a following Persian word
    (re.compile(f"(?<=[،؛!؟»])(?=[{PERSIAN_LETTERS}«])|(?<=[.:])(?=[{PERSIAN_LETTERS}]{{2}})"), " "),
]


def _rule_edits(text: str) -> tuple[str, OffsetMap]:
    mapping = OffsetMap()
    for pattern, repl in _RULES:
        edits: list[Edit] = []
        for m in pattern.finditer(text):
            new = repl(m) if callable(repl) else repl  # type: ignore[operator]
            if new != m.group():
                edits.append((m.start(), m.end(), new))
        if edits:
            text, step = apply_edits(text, edits)
            mapping = mapping.then(step)
    return text, mapping


@dataclass
class Normalized:
    """A normalized text and the map from its positions to the input's."""

    text: str
    offsets: OffsetMap

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span_to_old(start, end)


def normalize(text: str, repair_zwnj: bool = True) -> Normalized:
    """Normalize Persian text for display, keeping offsets to ``text``.

    >>> normalize("وزارت امور خارجه مي‌گويد كه").text
    'وزارت امور خارجه می‌گوید که'
    """
    display, _ = _tables()
    out = text.translate(display)  # one-to-one: offsets unchanged
    out, mapping = _rule_edits(out)
    if repair_zwnj:
        edits = zwnj.repair_edits(out)
        if edits:
            out, step = apply_edits(out, edits)
            mapping = mapping.then(step)
    return Normalized(out, mapping)


def normalize_text(text: str) -> str:
    """Display form only (short strings such as words and names are cached)."""
    if len(text) <= 48:
        return _normalize_short(text)
    return normalize(text).text


@lru_cache(maxsize=1 << 16)
def _normalize_short(text: str) -> str:
    return normalize(text).text


_FOLD_DROP = re.compile(f"[{ZWNJ}\u064b-\u065f\u0670\u0640]")


def fold(text: str) -> str:
    """Search form of display text: what the index stores and queries use."""
    _, table = _tables()
    return _FOLD_DROP.sub("", text.translate(table)).lower()


def search_form(text: str) -> str:
    """Search form of any text (raw input or query): normalize, then fold."""
    return fold(normalize(text).text)
