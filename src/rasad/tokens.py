"""Word tokens and sentences with character offsets.

:func:`tokenize` cuts a (normalized) text into word tokens and returns their
``(start, end)`` offsets over the text it was given: a ZWNJ stays inside a
word (``می‌شود`` is one token), numbers keep their decimal and thousands
separators and time/date separators (``3.5``, ``۱۲:۳۰``, ``1402/07/12``),
Latin words and acronyms (``U.S.``) stay whole, and every other punctuation
mark, «» included, is a token of its own.

:func:`sentences` cuts a text into sentence spans: after ``. ! ? ؟`` (with any
closing quotes or brackets that follow) and at line breaks, but not inside a
number, not after a single letter (``آ. بی``, ``J. Smith``) or inside a dotted
abbreviation (``ه.ش``, ``U.S.``). Both are regular-expression scans: fast and
predictable, not linguistic analysis.
"""
from __future__ import annotations

import re
from itertools import accumulate, chain

ZWNJ = "\u200c"
_MARKS = "\u064b-\u065f\u0670\u0640"  # harakat, superscript alef, tatweel: part of a word
_LETTER = rf"[^\W\d_]|[{_MARKS}]"
_TOKEN = re.compile(
    rf"""
    (?:[A-Za-z]\.){{2,}}                              # U.S.  e.g.
  | \d+(?:[.,٫٬/:]\d+)+                                # 3.5  1,000  ۱۲:۳۰  1402/07/12
  | (?:{_LETTER}|\d)+(?:{ZWNJ}(?:{_LETTER}|\d)+)*      # words (ZWNJ inside), numbers, G20
  | \S                                                 # any other character: one token
    """,
    re.X,
)


def tokenize(text: str) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of the word tokens of ``text``.

    >>> t = "«خلف خلف‌اف» ۳.۵ درصد!"
    >>> [t[s:e] for s, e in tokenize(t)]
    ['«', 'خلف', 'خلف\u200cاف', '»', '۳.۵', 'درصد', '!']
    """
    return [m.span() for m in _TOKEN.finditer(text)]


def words(text: str) -> list[str]:
    """The token strings of ``text``."""
    return _TOKEN.findall(text)


_SPACED_TOKEN = re.compile(rf"(\s*)({_TOKEN.pattern})", re.X)


def spaced_words(text: str) -> list[tuple[str, str]]:
    """``(white space before, token)`` for the tokens of ``text``: the token strings of :func:`tokenize`
    with what separates them, so that offsets need only be computed where wanted (:func:`pair_offsets`)."""
    return _SPACED_TOKEN.findall(text)


def pair_offsets(pairs: list[tuple[str, str]]) -> list[int]:
    """Offsets from :func:`spaced_words`: token ``i`` is ``[out[2 * i], out[2 * i + 1])``."""
    return list(accumulate(map(len, chain.from_iterable(pairs))))


# A candidate end: a run of terminal marks with closing quotes/brackets after it, or a line break.
_END = re.compile(r"[.!?؟]+[»\"'”’)\]]*|\n")
_CLOSERS = "»\"'”’)]"


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` over ``text``, without surrounding white space.

    >>> t = "نرخ تورم ۳.۵ درصد شد. وی گفت: «آری!» سپس رفت؟"
    >>> [t[s:e] for s, e in sentences(t)]
    ['نرخ تورم ۳.۵ درصد شد.', 'وی گفت: «آری!»', 'سپس رفت؟']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _END.finditer(text):
        s, e = m.span()
        if text[s] == "\n":
            _add(text, start, s, spans)
            start = e
            continue
        if text[s] == "." and e - s == 1 and not _dot_ends(text, s):
            continue
        if e < n and not text[e].isspace() and text[e] not in _CLOSERS:
            # "۳.۵", "ه.ش", "example.com": glued to what follows, not an end
            if text[e - 1] in ".":
                continue
        _add(text, start, e, spans)
        start = e
    _add(text, start, n, spans)
    return spans


def _dot_ends(text: str, i: int) -> bool:
    """Whether the single period at ``i`` can end a sentence."""
    j = i
    while j > 0 and not text[j - 1].isspace() and text[j - 1] not in "«(\"'":
        j -= 1
    word = text[j:i]
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "آ. بی", "J. Smith"
    if len(word) >= 3 and word[-2] == "." and word[-1].isalpha():
        return False  # last dot of a dotted abbreviation: "ج.ا.ا."
    return True


def _add(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s < e:
        spans.append((s, e))
