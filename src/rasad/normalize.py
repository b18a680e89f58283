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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial

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


class _CharMap:
    """``str.translate`` of a one-character-to-string map, faster on news text.

    ``translate`` with a dict looks every character up. Here, characters of the
    Arabic block and ZWNJ (frequent in input) are replaced by ``str.replace``,
    one step per character present, then the rest by one regex whose callback
    only runs on the few characters that change. The steps and the regex in
    sequence equal one simultaneous map because no step's replacement contains
    a mapped character (checked; else only the regex is used). Short texts
    (words, names) take one regex over all mapped characters.
    """

    def __init__(self, change: dict[str, str]):
        change = {k: v for k, v in change.items() if k != v}
        self.whole = self._sub(change)
        steps = tuple((k, v) for k, v in sorted(change.items()) if "\u0600" <= k <= "\u06ff" or k == ZWNJ)
        if any(ch in change for _, v in steps for ch in v):
            steps = ()
        self.steps = steps
        self.rest = self._sub({k: v for k, v in change.items() if (k, v) not in steps})

    @staticmethod
    def _sub(change: dict[str, str]):
        if not change:
            return lambda text: text
        pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(change)) + "]")
        get = change.__getitem__
        sub, search = partial(pattern.sub, lambda m: get(m.group())), pattern.search
        return lambda text: sub(text) if search(text) else text

    def __call__(self, text: str) -> str:
        if len(text) <= 64 or not self.steps:
            return self.whole(text)
        for a, b in self.steps:
            if a in text:
                text = text.replace(a, b)
        return self.rest(text)


@lru_cache(maxsize=1)
def _display_map() -> _CharMap:
    return _CharMap({chr(k): v for k, v in _tables()[0].items()})


def _display(text: str) -> str:
    """``text.translate(display table)`` (one character for one: offsets unchanged)."""
    return _display_map()(text)


def _decode(field: str) -> str:
    """Table cells are written as U+XXXX code points, space separated."""
    if field in ("", "-"):
        return ""
    return "".join(chr(int(c[2:], 16)) for c in field.split())


# Edits made after the letter table (each pattern's match is replaced by the
# value the callback returns); all work on the display form. For speed, a rule
# may name strings a text must contain for it to match at all (``needs``), or
# the characters every match starts with (``at``) or starts right after
# (``after``), so that only those positions are tried: the matches are the same.
_INVISIBLE = "\u200b\u200d\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff\u00ad"


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    repl: str | Callable[[re.Match[str]], str]
    needs: tuple[str, ...] | Callable[[str], bool] = ()
    at: str = ""
    after: str = ""


def _line_edge_space(text: str) -> bool:
    return text[:1] == " " or text[-1:] == " " or " \n" in text or "\n " in text


_RULES: list[_Rule] = [
    _Rule(re.compile("\r\n?"), "\n", at="\r"),
    _Rule(re.compile(f"[{_INVISIBLE}]+"), ""),
    # multi-code-point presentation ligatures (e.g. U+FDF2 Allah, U+FEFB la)
    _Rule(re.compile("[\ufb50-\ufdff\ufe70-\ufefe]"),
          lambda m: unicodedata.normalize("NFKC", m.group()).translate(_tables()[0])),
    # kashida between letters (a lone ـ used as a dash is kept)
    _Rule(re.compile(f"(?<=[{PERSIAN_LETTERS}])\u0640+|\u0640+(?=[{PERSIAN_LETTERS}])"), "", at="\u0640"),
    _Rule(re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]"), " "),
    # ZWNJ: runs collapse; none next to spaces, punctuation, line ends or after non-joiners
    _Rule(re.compile(f"{ZWNJ}{{2,}}"), ZWNJ, needs=(ZWNJ * 2,)),
    _Rule(re.compile(f"(?<=[\\s{NON_JOINING}\\W\\d]){ZWNJ}|{ZWNJ}(?=[\\s\\W\\d])|^{ZWNJ}|{ZWNJ}$", re.M), "",
          at=ZWNJ),
    _Rule(re.compile(" {2,}"), " ", needs=("  ",)),
    _Rule(re.compile(" +$|^ +", re.M), "", needs=_line_edge_space),
    # no space before closing punctuation, none inside «» and ()
    _Rule(re.compile(r" +(?=[.,،؛:!?؟»)\]])"), "", needs=tuple(" " + c for c in ".,،؛:!?؟»)]")),
    _Rule(re.compile(r"(?<=[«(\[]) +"), "", needs=("« ", "( ", "[ ")),
    # a space after punctuation that is glued to a following Persian word
    _Rule(re.compile(f"(?<=[،؛!؟»])(?=[{PERSIAN_LETTERS}«])|(?<=[.:])(?=[{PERSIAN_LETTERS}]{{2}})"), " ",
          after="،؛!؟».:"),
]
_ANCHORS = {c: re.compile(f"[{re.escape(c)}]") for r in _RULES for c in (r.at, r.after) if c}


def _matches(rule: _Rule, text: str) -> Iterator[re.Match[str]]:
    """``rule.pattern.finditer(text)``, trying only the positions the rule allows."""
    needs = rule.needs
    if needs and not (needs(text) if callable(needs) else any(n in text for n in needs)):
        return
    if not (rule.at or rule.after):
        yield from rule.pattern.finditer(text)
        return
    match, pos = rule.pattern.match, 0
    for a in _ANCHORS[rule.at or rule.after].finditer(text):
        start = a.start() if rule.at else a.end()
        if start < pos:
            continue
        m = match(text, start)
        if m is not None:
            yield m
            pos = m.end() if m.end() > start else start + 1


def _rule_edits(text: str) -> tuple[str, OffsetMap]:
    mapping = OffsetMap()
    for rule in _RULES:
        edits: list[Edit] = []
        repl = rule.repl
        for m in _matches(rule, text):
            new = repl(m) if callable(repl) else repl
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
    out = _display(text)  # one-to-one: offsets unchanged
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


_FOLD_DROPPED = ZWNJ + "".join(map(chr, range(0x064B, 0x0660))) + "\u0670\u0640"  # diacritics, kashida
_FOLD_DROP = re.compile(f"[{_FOLD_DROPPED}]")


@lru_cache(maxsize=1)
def _fold_map() -> _CharMap:
    """The fold table then the drops, as one map: ``_FOLD_DROP.sub("", text.translate(table))``
    acts character by character, so it is one character-to-string map."""
    change = {chr(k): _FOLD_DROP.sub("", v) for k, v in _tables()[1].items()}
    for ch in _FOLD_DROPPED:
        change.setdefault(ch, "")
    return _CharMap(change)


def fold(text: str) -> str:
    """Search form of display text: what the index stores and queries use."""
    return _fold_map()(text).lower()


def search_form(text: str) -> str:
    """Search form of any text (raw input or query): normalize, then fold."""
    return fold(normalize(text).text)
