"""Persian date parsing and resolution.

:func:`find_dates` finds date mentions in Persian (or English) text, each with
its character span in the text as given, and resolves relative ones
(«امروز (چهارشنبه)», «روز دوشنبه دهم مهر ماه», «تیر ماه», «هفته گذشته») against
the publish date. :func:`parse_datetime` reads a publish-time field
(«۱۲ مهر ۱۴۰۲ - ۲۳:۲۳ - 04October 2023», «1398/02/30», ISO strings …) and
:func:`tehran_iso` writes a Tehran wall time as ISO 8601 with the offset Iran
had on that date (+04:30 in summer until 2022, +03:30 otherwise).

Conventions for :class:`DateMention`:

* ``value`` is always Gregorian ISO: ``YYYY-MM-DD`` (granularity ``day``; for
  ``week`` the first day of the week, Saturday), ``YYYY-MM`` (``month``) or
  ``YYYY`` (``year``). A Jalali month or year is not a Gregorian one: its
  ``value`` is the Gregorian month/year that contains its middle day, i.e.
  the one it mostly overlaps (تیر ۱۴۰۲ = 22 June–22 July 2023 → ``2023-07``;
  ۱۴۰۱ → ``2022``). The exact range is in ``first_day``/``last_day`` and the
  Jalali value in ``jalali`` (``1402-04``).
* Year inference for mentions without a year («دهم مهر ماه», «تیر ماه»): the
  candidate nearest to the anchor, where days in the future count double
  (so the past is preferred); «گذشته»/«آینده»/«سال گذشته» … after the month
  force the choice.
* A weekday with a day number («روز پنجشنبه هشتم مهر ماه»): if they disagree
  and the year is inferred, the weekday wins when a date with that weekday is
  within 3 days of the stated one (reporters name the weekday of recent
  events; the seed's «پنجشنبه هشتم مهر» is Thursday 6 Mehr = 2023-09-28).
  With an explicit year the written date is kept. Either way ``note`` says so.
* A weekday alone («روز دوشنبه») is the most recent such day on or before
  the anchor; «دوشنبه گذشته» is strictly before, «دوشنبه آینده» after,
  «دوشنبه هفته گذشته» the Monday of the previous (Saturday-based) week.
* Two-digit Jalali years: ``yy >= 50`` → 13yy, else 14yy; a result later
  than the anchor's (or today's) Jalali year + 1 is not taken as a date.

Vocabulary (month, weekday, ordinal and relative words) is in
``data/dates.tsv``. Text may be raw or normalized: Arabic ي/ك, Arabic-Indic
or Latin digits, stripped or present ZWNJs are all matched.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from zoneinfo import ZoneInfo

import jdatetime

from .data import data_path

TEHRAN = ZoneInfo("Asia/Tehran")

__all__ = ["DateMention", "PublishTime", "find_dates", "parse_datetime", "tehran_iso", "TEHRAN"]


@dataclass
class DateMention:
    """One date mention: span in the input text and its resolved value.

    ``value``: Gregorian ISO date/month/year (see module docstring);
    ``granularity``: 'day' | 'week' | 'month' | 'year'; ``calendar``: the
    calendar the text used ('jalali' | 'gregorian'); ``relative``: resolved
    against the anchor; ``time``: 'HH:MM' when a time is attached;
    ``jalali``: the Jalali value ('1402-07-12', '1402-04', '1402'; None for
    Gregorian months/years); ``first_day``/``last_day``: Gregorian range
    covered; ``note``: e.g. a weekday that disagrees with the date.
    """

    start: int
    end: int
    text: str
    value: str
    granularity: str
    calendar: str
    relative: bool
    time: str | None = None
    jalali: str | None = None
    first_day: str | None = None
    last_day: str | None = None
    note: str | None = None

    def to_dict(self) -> dict:
        """Plain dict (JSON-ready); the fields are plain values, so no deep copy is needed."""
        return {f: getattr(self, f) for f in _MENTION_FIELDS}


_MENTION_FIELDS = tuple(f.name for f in fields(DateMention))


@dataclass
class PublishTime:
    """A parsed publish time.

    ``iso``: '2023-10-04T23:23:00+03:30' (Tehran offset of that date), or
    'YYYY-MM-DD' when the text has no time; ``jalali``: '1402-07-12 23:23'
    (or '1402-07-12'); ``text``: the input as shown; ``mentions``: every
    date found (a Jalali and a Gregorian date both show up here);
    ``conflict``: True when the dates found disagree (Jalali is preferred).
    """

    iso: str
    jalali: str
    text: str
    mentions: list[DateMention] = field(default_factory=list)
    conflict: bool = False

    def to_dict(self) -> dict:
        """Plain dict (JSON-ready)."""
        return asdict(self)


# ---------------------------------------------------------------- folding
_FOLD = {
    "\u064a": "ی", "\u0649": "ی", "\u06d0": "ی", "\u0626": "ی",
    "\u0643": "ک", "\u06aa": "ک",
    "\u0623": "ا", "\u0625": "ا", "\u0622": "ا", "\u0671": "ا",
    "\u0624": "و", "\u0629": "ه", "\u06c0": "ه", "\u06d5": "ه", "\u06c1": "ه", "\u06be": "ه",
    "\u200c": " ", "\u00a0": " ", "\t": " ", "\u202f": " ", "\u2009": " ",
    "\u066b": ".", "\u060c": "،",
}
for _i in range(10):
    _FOLD[chr(0x06F0 + _i)] = str(_i)
    _FOLD[chr(0x0660 + _i)] = str(_i)
_DROP = set("\u0640\u200b\u200d\u200e\u200f\u061c\ufeff\u00ad\u0670") | {chr(c) for c in range(0x064B, 0x0653)}


_FOLD_ITEMS = [(k, v) for k, v in _FOLD.items() if k != v]
_DROP_RE = re.compile("[" + "".join(sorted(_DROP)) + "]")
# sequential str.replace == one simultaneous translate: no replacement is itself folded or dropped
assert not any(v in _FOLD or v in _DROP for _, v in _FOLD_ITEMS) and not set(_FOLD) & _DROP


def _fold_fast(text: str) -> tuple[str, list[int] | None]:
    """Matching form of *text* and the key to map its offsets back (None: same offsets).

    Folding is 1:1 except for the dropped characters (tatweel, diacritics,
    ZWJ, LRM …); when there are some, the key lists, for the k-th dropped
    character at index d_k of *text*, d_k - k: folded index p is then index
    ``p + bisect_right(key, p)`` of *text* (see :func:`_orig_index`).
    """
    for k, v in _FOLD_ITEMS:
        if k in text:
            text = text.replace(k, v)
    if not _DROP_RE.search(text):
        return text, None
    key = [m.start() - i for i, m in enumerate(_DROP_RE.finditer(text))]
    return _DROP_RE.sub("", text), key


def _orig_index(p: int, key: list[int] | None) -> int:
    return p if key is None else p + bisect_right(key, p)


def _fold(text: str) -> tuple[str, list[int]]:
    """Matching form of *text* and, per folded char, its index in *text*."""
    folded, key = _fold_fast(text)
    idx = [_orig_index(p, key) for p in range(len(folded))]
    idx.append(len(text))
    return folded, idx


def _fold_str(text: str) -> str:
    return _fold_fast(text)[0]


# ---------------------------------------------------------------- lexicon
@lru_cache(maxsize=1)
def _lexicon() -> dict[str, list[tuple[str, str, str]]]:
    """kind -> [(value, folded form, flags)] from data/dates.tsv."""
    lex: dict[str, list[tuple[str, str, str]]] = {}
    for line in data_path("dates.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        kind, value, forms = cols[0], cols[1], cols[2]
        flags = cols[3] if len(cols) > 3 else ""
        for form in forms.split("|"):
            form = " ".join(_fold_str(form).split())
            if form and (value, form, flags) not in lex.setdefault(kind, []):
                lex[kind].append((value, form, flags))
    return lex


def _form_re(form: str) -> str:
    """Regex of a folded form: inner spaces match space, ZWNJ or nothing."""
    return " *".join(re.escape(p) for p in form.split(" "))


def _alt(kind: str, pred=lambda v, f, fl: True) -> str:
    forms = sorted((f for v, f, fl in _lexicon()[kind] if pred(v, f, fl)), key=len, reverse=True)
    return "(?:" + "|".join(_form_re(f) for f in forms) + ")"


def _lookup(kind: str, matched: str) -> str:
    """Value of a matched form (spaces removed for comparison)."""
    key = matched.replace(" ", "").casefold()
    for v, f, _ in _lexicon()[kind]:
        if f.replace(" ", "").casefold() == key:
            return v
    raise KeyError(f"{kind}: {matched!r}")


_L = r"(?<![^\W\d_])"   # not preceded by a letter
_R = r"(?![^\W\d_])"    # not followed by a letter
_ND = r"(?<![0-9])"
_NDR = r"(?![0-9])"


def _is_latin(f: str) -> bool:
    return f.isascii()


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    wd = _alt("weekday")
    jm = _alt("jmonth")
    gm_fa = _alt("gmonth", lambda v, f, fl: not _is_latin(f) and "needs_year" not in fl)
    gm_fa_y = _alt("gmonth", lambda v, f, fl: not _is_latin(f))
    gm_en = _alt("gmonth", lambda v, f, fl: _is_latin(f))
    ordn = _alt("ordinal")
    num = _alt("number")
    unit = _alt("unit")
    cal = _alt("calendar")
    qual = _alt("qualifier")
    wdp = rf"(?:{_L}(?:روز *)?(?P<wd>{wd}){_R} *[،,]? *)?"
    day = rf"(?:{_ND}(?P<dd>[0-9]{{1,2}})(?: *ام{_R})?|{_L}(?P<dw>{ordn}){_R})"
    year = rf"(?P<y>{_ND}[0-9]{{4}}{_NDR}|{_ND}[0-9]{{2}}(?![0-9:/.]))"
    calm = rf"(?: *(?P<cal>{cal}){_R})?"
    tail = rf"(?! *(?:رو|از){_R})"  # «ماه پیش رو» = the coming month, «دو روز قبل از …» is narrative
    qualp = rf"(?: *{_L}(?P<q>{qual}){_R}{tail})?"
    sep = r"(?P<sep>[/.\-])"
    p = [
        ("block", rf"{_L}{_alt('block')}{_R}"),
        ("block", rf"(?:{_ND}[0-9]+{_NDR}|{_L}{num}{_R}) *{_L}{unit}(?: *ها)?{_R} *(?:گذشته|اخیر|آینده|آتی){_R}"),
        ("iso", rf"{_ND}(?P<y>[0-9]{{4}})-(?P<m>[0-9]{{2}})-(?P<d>[0-9]{{2}})T(?P<H>[0-9]{{2}}):(?P<M>[0-9]{{2}})"
                r"(?::[0-9]{2}(?:\.[0-9]+)?)?(?P<z>Z|[+-][0-9]{2}:?[0-9]{2})?"),
        ("ymd", rf"{wdp}(?<![0-9][/.\-]){_ND}(?P<y>[0-9]{{4}}|[0-9]{{2}}){sep}(?P<m>[0-9]{{1,2}})(?P=sep)"
                rf"(?P<d>[0-9]{{1,2}})(?![0-9]|[/.\-][0-9]){calm}"),
        ("dmy", rf"{wdp}(?<![0-9][/.\-]){_ND}(?P<d>[0-9]{{1,2}}){sep}(?P<m>[0-9]{{1,2}})(?P=sep)"
                rf"(?P<y>[0-9]{{4}})(?![0-9]|[/.\-][0-9]){calm}"),
        ("jday", rf"{wdp}{day} *{_L}(?P<jm>{jm})(?: *ماه)?{_R} *[،,]? *(?:سال *)?{year}{calm}"),
        ("jday", rf"{wdp}{day} *{_L}(?P<jm>{jm})(?: *ماه)?{_R}{qualp}"),
        ("jmonth", rf"{_L}(?P<jm>{jm})(?: *ماه)?{_R} *[،,]? *(?:سال *)?(?P<y>{_ND}[0-9]{{4}}{_NDR}){calm}"),
        ("jmonth", rf"{_L}(?P<jm>{jm}) *ماه{_R}{qualp}"),
        ("gday", rf"{wdp}{day} *{_L}(?P<gm>{gm_fa_y}){_R} *[،,]? *(?:سال *)?(?P<y>{_ND}[0-9]{{4}}{_NDR}){calm}"),
        ("gday", rf"{wdp}{day} *{_L}(?P<gm>{gm_fa}){_R}(?: *(?P<cal>میلادی){_R})?{qualp}"),
        ("gmonth", rf"{_L}(?P<gm>{gm_fa_y}){_R} *(?:ماه *)?[،,]? *(?:سال *)?(?P<y>{_ND}[0-9]{{4}}{_NDR}){calm}"),
        ("gday", rf"(?i:{_ND}(?P<dd>[0-9]{{1,2}})(?:st|nd|rd|th)? *(?:of +)?(?P<gm>{gm_en})(?![a-z])\.?,? *"
                 rf"(?P<y>[0-9]{{4}}){_NDR})"),
        ("gday", rf"(?i:(?<![a-z])(?P<gm>{gm_en})(?![a-z])\.? *(?P<dd>[0-9]{{1,2}})(?:st|nd|rd|th)?{_NDR},? *"
                 rf"(?P<y>[0-9]{{4}}){_NDR})"),
        ("gmonth", rf"(?i:(?<![a-z0-9])(?P<gm>{gm_en})(?![a-z])\.?,? *(?P<y>[0-9]{{4}}){_NDR})"),
        ("year", rf"{_L}سال *(?P<y>{_ND}[0-9]{{4}}{_NDR}){calm}"),
        ("year", rf"(?P<y>{_ND}[0-9]{{4}}{_NDR}) *(?P<cal>{cal}){_R}"),
        ("relday", rf"{_L}(?P<rp>{_alt('relperiod', lambda v, f, fl: v.startswith('day:'))}){_R}"
                   rf"(?: *[(\[] *(?P<wd>{wd}) *[)\]])?"),
        ("relperiod", rf"{_L}(?P<rp>{_alt('relperiod', lambda v, f, fl: not v.startswith('day:'))}){_R}{tail}"
                      rf"(?: *(?P<cal>میلادی){_R})?"),
        ("ago", rf"(?:{_ND}(?P<n>[0-9]{{1,3}}){_NDR}|{_L}(?P<nw>{num}){_R}) *{_L}(?P<u>{unit}){_R} *"
                rf"(?P<a>{_alt('ago')}){_R}{tail}"),
        ("weekday", rf"{_L}(?:روز *)?(?P<wd>{wd}){_R}{qualp}"),
    ]
    return [(name, re.compile(rx)) for name, rx in p]


# ---------------------------------------------------------------- gates
# Scanning ~20 patterns over a whole text is slow: they start with lookbehinds
# and optional groups, so the regex engine tries them at every position. But
# no pattern can consume a newline (tests check it), so a match lies within one
# line, and a line's matches are the same whether the pattern scans the whole
# text or just that line (``finditer(text, line_start, line_end)``: lookbehinds
# still see the text before; a lookahead sees the end of the string instead of
# a newline, which none of them can match either). Each pattern therefore runs
# only on the lines where its gate matches. A gate is a few regexes, one of
# which matches somewhere inside every match of the pattern (so a line where
# none matches has no match of the pattern); each begins with a literal (the
# Latin-month one: a character class) so that the engine finds candidates with
# its fast prefix search instead of trying every position, and a gate regex
# whose leading literal is not in the text (``in``: faster still) is skipped.

_NL = r"(?<![^\W\d_]{0})"  # after literal {0}: the char before it is not a letter (= _L before it)


def _forms(kind: str, pred=lambda v, f, fl: True) -> list[str]:
    return [f for v, f, fl in _lexicon()[kind] if pred(v, f, fl)]


def _subgates(forms: list[str], right: str = "", left: bool = True, before: str = _NL) -> list[str]:
    """Literal-prefixed regexes matching ``_L form right`` (``form right`` if
    not *left*) for every folded *form*, one per distinct first word. *before*
    (a lookbehind over the first word {0}) replaces ``_L``."""
    groups: dict[str, set[str]] = {}
    for f in forms:
        first, *rest = f.split(" ")
        groups.setdefault(first, set()).add("".join(" *" + re.escape(p) for p in rest))
    out = []
    for first, rests in sorted(groups.items()):
        lit = re.escape(first)
        tail = next(iter(rests)) if len(rests) == 1 else "(?:" + "|".join(sorted(rests, key=len, reverse=True)) + ")"
        out.append(lit + (before.format(lit) if left else "") + tail + right)
    return out


def _ci(word: str) -> str:
    """*word* (ASCII letters) as (?i) matches it, without the flag (which
    would turn off the fast prefix search): İ and ı match i, ſ s, K k."""
    extra = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}
    return "".join(f"[{c}{c.upper()}{extra.get(c, '')}]" for c in word)


def _containing(forms: list[str], lits: tuple[str, ...], where=str.__contains__) -> bool:
    return all(any(where(piece, lit) for piece in f.split(" ") for lit in lits) for f in forms)


@lru_cache(maxsize=1)
def _gates() -> list[tuple[str, ...]]:
    """The gate (regexes) of each entry of :func:`_patterns` (same order)."""
    # «امام جمعه», «سه شنبه ها» … all contain one of these words; weekday names end with one
    # (if data/dates.tsv changes so that they don't, the gates fall back to the forms themselves)
    block_lits = ("جمعه", "شنبه", "امروزه")
    block = (_subgates(block_lits, left=False) if _containing(_forms("block"), block_lits)
             else _subgates(_forms("block"), _R))
    wd_lits = ("شنبه", "جمعه", "ادینه")
    weekday = (_subgates(wd_lits, _R, left=False)
               if _containing([f.split(" ")[-1] for f in _forms("weekday")], wd_lits, str.endswith)
               else [""])  # matches every line
    latin = _forms("gmonth", lambda v, f, fl: _is_latin(f))
    en3 = sorted({f[:3] for f in latin})
    first = "".join(sorted({ch for w in en3 for ch in _ci(w[0])[1:-1]}))
    letters = "a-zA-Z\u0130\u0131\u017f\u212a"
    gm_fa = lambda v, f, fl: not _is_latin(f)  # noqa: E731
    unit = _forms("unit")
    jm = _subgates(_forms("jmonth"), rf"(?: *ماه)?{_R}")
    gm_y = _subgates(_forms("gmonth", gm_fa), rf"{_R} *(?:ماه *)?[،,]? *(?:سال *)?[0-9]")
    ymd = [rf"{re.escape(c)}(?<=[0-9]{re.escape(c)})[0-9]" for c in "/.-"]
    en = ([f"[{first}](?:" + "|".join(f"(?<={_ci(w[0])}){_ci(w[1:])}" for w in en3) + rf")[{letters}]*\.?,? *[0-9]"]
          if all(len(f) >= 3 and f.isalpha() for f in latin) else [""])
    g = [
        block,                                                                               # block
        _subgates(unit, rf"(?: *ها)?{_R} *(?:گذشته|اخیر|آینده|آتی){_R}"),                    # block
        [r"T[0-9]"],                                                                         # iso
        ymd, ymd,                                                                            # ymd, dmy
        jm, jm, jm, jm,                                                                      # jday ×2, jmonth ×2
        gm_y,                                                                                # gday + year
        _subgates(_forms("gmonth", lambda v, f, fl: gm_fa(v, f, fl) and "needs_year" not in fl), _R),  # gday
        gm_y,                                                                                # gmonth
        en, en, en,                                                                          # Latin gday ×2, gmonth
        [r"سال *[0-9]"],                                                                     # year
        _subgates(_forms("calendar"), before="(?<=[ 0-9]{0})"),                               # year
        _subgates(_forms("relperiod", lambda v, f, fl: v.startswith("day:")), _R),           # relday
        _subgates(_forms("relperiod", lambda v, f, fl: not v.startswith("day:")), _R),       # relperiod
        _subgates(unit, rf"{_R} *(?:{'|'.join(_form_re(f) for f in _forms('ago'))}){_R}"),   # ago
        weekday,                                                                             # weekday
    ]
    assert len(g) == len(_patterns())
    return [tuple(gate) for gate in g]


def _literal_prefix(rx: str) -> str:
    """The literal every match of the regex *rx* starts with ('' if none)."""
    lit = ""
    for ch in rx:
        if ch in "\\[](){}?*+.|^$ ":
            break
        lit += ch
    else:
        return lit
    if rx[len(lit)] in "?*{":  # a quantifier applies to the char before it
        lit = lit[:-1]
    return lit


@dataclass(frozen=True)
class _Plan:
    """What :func:`find_dates` runs, as indices (compiled patterns hash slowly).

    ``lits``: literals, shortest first; ``lit_parent``: index of an earlier
    literal contained in it (absent → it is absent too) or -1; ``subs``: (literal
    index or -1, gate regex); ``gates``: sub indices; ``steps``: (pattern name,
    pattern, gate index) in :func:`_patterns` order.
    """

    lits: tuple[str, ...]
    lit_parent: tuple[int, ...]
    subs: tuple[tuple[int, re.Pattern[str]], ...]
    gates: tuple[tuple[int, ...], ...]
    steps: tuple[tuple[str, re.Pattern[str], int], ...]


@lru_cache(maxsize=1)
def _plan() -> _Plan:
    gates = _gates()
    sub_rx = sorted({rx for gate in gates for rx in gate})
    lits = sorted({_literal_prefix(rx) for rx in sub_rx} - {""}, key=lambda x: (len(x), x))
    parent = tuple(next((j for j in range(i) if lits[j] in lit), -1) for i, lit in enumerate(lits))
    subs = tuple((lits.index(lp) if (lp := _literal_prefix(rx)) else -1, re.compile(rx)) for rx in sub_rx)
    gate_ids = sorted(set(gates))
    steps = tuple((name, rx, gate_ids.index(gate)) for (name, rx), gate in zip(_patterns(), gates, strict=True))
    return _Plan(tuple(lits), parent, subs, tuple(tuple(sub_rx.index(rx) for rx in g) for g in gate_ids), steps)


def _gated_lines(gate: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of *text* where *gate* matches, in order."""
    out = []
    n = len(text)
    search = gate.search
    pos = 0
    while pos <= n:
        m = search(text, pos)
        if m is None:
            break
        p = m.start()
        le = text.find("\n", p)
        if le < 0:
            le = n
        out.append((text.rfind("\n", 0, p) + 1, le))
        pos = le + 1
    return out


_PRIORITY = {"block": 0, "iso": 1}
_TIME_RE = r"(?:ساعت *)?(?P<H>[0-9]{1,2}) *: *(?P<M>[0-9]{2})(?: *: *[0-9]{2})?(?![0-9])"


@lru_cache(maxsize=1)
def _time_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    ampm = _alt("ampm")
    right = re.compile(
        rf" *(?:[-–—،,|/] *)?(?:(?:{_TIME_RE})|(?:ساعت *(?P<h>[0-9]{{1,2}})(?![0-9:])))"
        rf"(?: *(?P<ap>{ampm}){_R})?")
    left = re.compile(r"(?<![0-9:])(?:ساعت *)?(?P<H>[0-9]{1,2}) *: *(?P<M>[0-9]{2})(?: *: *[0-9]{2})? *"
                      r"(?:[-–—،,|/] *)?$")
    anywhere = re.compile(rf"(?<![0-9:]){_TIME_RE}")
    return right, left, anywhere


# ---------------------------------------------------------------- calendar helpers
# Calendar conversions are pure and few distinct dates recur, so they are cached
# (a jdatetime object also reads the locale each time it is built).
@lru_cache(maxsize=8192)
def _jdate(y: int, m: int, d: int) -> jdatetime.date | None:
    try:
        return jdatetime.date(y, m, d)
    except ValueError:
        return None


def _gdate(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _j2g(y: int, m: int, d: int) -> dt.date:
    """Gregorian date of a valid Jalali date."""
    return jdatetime.date(y, m, d).togregorian()


@lru_cache(maxsize=4096)
def _jmonth_range(y: int, m: int) -> tuple[dt.date, dt.date]:
    first = _j2g(y, m, 1)
    nxt = _j2g(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def _gmonth_range(y: int, m: int) -> tuple[dt.date, dt.date]:
    first = dt.date(y, m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


@lru_cache(maxsize=8192)
def _to_j(d: dt.date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=d)


def _jweekday(d: dt.date) -> int:
    """Persian weekday: Saturday=0 … Friday=6."""
    return (d.weekday() + 2) % 7


_WD_NAMES = ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"]


def _week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=_jweekday(d))


def _plausible(y: int, calendar: str) -> bool:
    """Years a news text means (so «۱۰ مهر ۱۵۰۰ نفر» is not a date)."""
    return 1250 <= y <= 1450 if calendar == "jalali" else 1850 <= y <= 2100


def _two_digit(yy: int, anchor: dt.date | None) -> int | None:
    y = 1300 + yy if yy >= 50 else 1400 + yy
    ref = _to_j(anchor or dt.date.today()).year
    return y if y <= ref + 1 else None


def _score(first: dt.date, last: dt.date, anchor: dt.date) -> int:
    """Distance to the anchor; the future counts double."""
    if first <= anchor <= last:
        return 0
    if last < anchor:
        return (anchor - last).days
    return 2 * (first - anchor).days


def _choose(cands: list[tuple[object, dt.date, dt.date]], anchor: dt.date, q: str | None):
    """Pick a (key, first, last) candidate given a past/next qualifier."""
    if q == "past":
        cands = [c for c in cands if c[2] < anchor]
    elif q == "next":
        cands = [c for c in cands if c[1] > anchor]
    if not cands:
        return None
    return min(cands, key=lambda c: (_score(c[1], c[2], anchor), c[1] > anchor))


# ---------------------------------------------------------------- resolution
def _mk_day(d: dt.date, calendar: str, relative: bool, note: str | None = None) -> dict:
    return dict(value=d.isoformat(), granularity="day", calendar=calendar, relative=relative,
                jalali=_to_j(d).strftime("%Y-%m-%d"), first_day=d.isoformat(), last_day=d.isoformat(), note=note)


def _mk_jmonth(y: int, m: int, relative: bool) -> dict:
    first, last = _jmonth_range(y, m)
    mid = _j2g(y, m, 15)
    return dict(value=f"{mid.year:04d}-{mid.month:02d}", granularity="month", calendar="jalali",
                relative=relative, jalali=f"{y:04d}-{m:02d}", first_day=first.isoformat(), last_day=last.isoformat())


def _mk_gmonth(y: int, m: int, relative: bool) -> dict:
    first, last = _gmonth_range(y, m)
    return dict(value=f"{y:04d}-{m:02d}", granularity="month", calendar="gregorian", relative=relative,
                jalali=None, first_day=first.isoformat(), last_day=last.isoformat())


def _mk_jyear(y: int, relative: bool) -> dict:
    first = _j2g(y, 1, 1)
    last = _j2g(y + 1, 1, 1) - dt.timedelta(days=1)
    return dict(value=str(y + 621), granularity="year", calendar="jalali", relative=relative,
                jalali=f"{y:04d}", first_day=first.isoformat(), last_day=last.isoformat())


def _mk_gyear(y: int, relative: bool) -> dict:
    return dict(value=f"{y:04d}", granularity="year", calendar="gregorian", relative=relative, jalali=None,
                first_day=f"{y:04d}-01-01", last_day=f"{y:04d}-12-31")


def _mk_week(start: dt.date, relative: bool) -> dict:
    return dict(value=start.isoformat(), granularity="week", calendar="jalali", relative=relative,
                jalali=_to_j(start).strftime("%Y-%m-%d"), first_day=start.isoformat(),
                last_day=(start + dt.timedelta(days=6)).isoformat())


def _g(m: re.Match, name: str) -> str | None:
    return m.groupdict().get(name)


def _day_of(m: re.Match) -> int:
    return int(m["dd"]) if _g(m, "dd") else int(_lookup("ordinal", m["dw"]))


def _year_of(m: re.Match, calendar: str, anchor: dt.date | None) -> int | None:
    """Explicit year of a match (None when absent); -1 when invalid."""
    y = _g(m, "y")
    if not y:
        return None
    if len(y) == 2:
        if calendar != "jalali":
            return -1
        return _two_digit(int(y), anchor) or -1
    return int(y) if _plausible(int(y), calendar) else -1


def _qual_year(q: str | None, anchor: dt.date, calendar: str) -> int | None:
    if q and q.startswith("year:"):
        base = _to_j(anchor).year if calendar == "jalali" else anchor.year
        return base + int(q.split(":")[1])
    return None


def _weekday_fix(d: dt.date, wd: int | None, year_inferred: bool) -> tuple[dt.date, str | None]:
    if wd is None or _jweekday(d) == wd:
        return d, None
    said = f"text says {_WD_NAMES[wd]}, {d.isoformat()} is {_WD_NAMES[_jweekday(d)]}"
    if year_inferred:
        shifts = sorted(range(-3, 4), key=lambda s: (abs(s), s > 0))
        for s in shifts:
            c = d + dt.timedelta(days=s)
            if _jweekday(c) == wd:
                return c, f"{said}; weekday kept: {c.isoformat()}"
    return d, f"{said}; date kept"


_BLOCK: dict = {}  # resolution result meaning "not a date, and hide shorter readings"


def _resolve(kind: str, m: re.Match, anchor: dt.date | None) -> dict | None:
    gd = m.groupdict()
    q = _lookup("qualifier", gd["q"]) if gd.get("q") else None
    wd = int(_lookup("weekday", gd["wd"])) if gd.get("wd") else None
    if kind == "iso":
        d = _gdate(int(m["y"]), int(m["m"]), int(m["d"]))
        if not d or int(m["H"]) > 23 or int(m["M"]) > 59:
            return None
        when = dt.datetime.combine(d, dt.time(int(m["H"]), int(m["M"])))
        if m["z"]:  # an offset: give Tehran wall time, like every other mention
            z = m["z"].replace("Z", "+00:00")
            off = dt.timedelta(hours=int(z[1:3]), minutes=int(z[-2:])) * (1 if z[0] == "+" else -1)
            when = when.replace(tzinfo=dt.timezone(off)).astimezone(TEHRAN).replace(tzinfo=None)
        r = _mk_day(when.date(), "gregorian", False)
        r["time"] = when.strftime("%H:%M")
        return r
    if kind in ("ymd", "dmy"):
        y, mo, da = m["y"], int(m["m"]), int(m["d"])
        if len(y) == 2:
            yi = _two_digit(int(y), anchor)
            if yi is None:
                return None
            cal = "jalali"
        else:
            yi = int(y)
            cal = "jalali" if _plausible(yi, "jalali") else "gregorian" if _plausible(yi, "gregorian") else None
        if gd.get("cal"):
            cal = _lookup("calendar", gd["cal"]) if cal is None or cal == _lookup("calendar", gd["cal"]) else None
        if cal == "jalali":
            jd = _jdate(yi, mo, da)
            d = _j2g(yi, mo, da) if jd else None
        elif cal == "gregorian":
            d = _gdate(yi, mo, da)
        else:
            return None
        if not d:
            return None
        d, note = _weekday_fix(d, wd, False)
        return _mk_day(d, cal, False, note)
    if kind in ("jday", "gday"):
        cal = "jalali" if kind == "jday" else "gregorian"
        mo = int(_lookup("jmonth" if cal == "jalali" else "gmonth", gd["jm"] if cal == "jalali" else gd["gm"]))
        da = _day_of(m)
        y = _year_of(m, cal, anchor)
        if y == -1:
            return None
        mk = (lambda yy: _jdate(yy, mo, da)) if cal == "jalali" else (lambda yy: _gdate(yy, mo, da))
        conv = (lambda x: _j2g(x.year, x.month, x.day)) if cal == "jalali" else (lambda x: x)
        if y is not None:
            x = mk(y)
            if not x:  # «۳۰ اسفند ۱۴۰۲»: an impossible day, not a month mention
                return _BLOCK
            d, note = _weekday_fix(conv(x), wd, False)
            return _mk_day(d, cal, False, note)
        if anchor is None:
            return None
        fixed = _qual_year(q, anchor, cal)
        base = _to_j(anchor).year if cal == "jalali" else anchor.year
        years = [fixed] if fixed is not None else [base - 1, base, base + 1]
        cands = []
        for yy in years:
            x = mk(yy)
            if x:
                g = conv(x)
                cands.append((yy, g, g))
        c = _choose(cands, anchor, None if fixed is not None else q)
        if not c:
            return None
        d, note = _weekday_fix(c[1], wd, True)
        return _mk_day(d, cal, True, note)
    if kind in ("jmonth", "gmonth"):
        cal = "jalali" if kind == "jmonth" else "gregorian"
        mo = int(_lookup(kind, gd["jm"] if cal == "jalali" else gd["gm"]))
        y = _year_of(m, cal, anchor)
        if y == -1:
            return None
        if y is not None:
            return _mk_jmonth(y, mo, False) if cal == "jalali" else _mk_gmonth(y, mo, False)
        if anchor is None:
            return None
        fixed = _qual_year(q, anchor, cal)
        base = _to_j(anchor).year
        years = [fixed] if fixed is not None else [base - 1, base, base + 1]
        c = _choose([(yy, *_jmonth_range(yy, mo)) for yy in years], anchor, None if fixed is not None else q)
        return _mk_jmonth(c[0], mo, True) if c else None
    if kind == "year":
        y = int(m["y"])
        cal = _lookup("calendar", gd["cal"]) if gd.get("cal") else None
        if cal is None:
            cal = "jalali" if _plausible(y, "jalali") else "gregorian" if _plausible(y, "gregorian") else None
        if cal is None or not _plausible(y, cal):
            return None
        return _mk_jyear(y, False) if cal == "jalali" else _mk_gyear(y, False)
    if anchor is None:
        return None
    if kind in ("relday", "relperiod"):
        unit, off = _lookup("relperiod", m["rp"]).split(":")
        return _shift(anchor, unit, int(off), "gregorian" if gd.get("cal") else "jalali", wd)
    if kind == "ago":
        n = int(m["n"]) if gd.get("n") else int(_lookup("number", m["nw"]))
        return _shift(anchor, _lookup("unit", m["u"]), n * int(_lookup("ago", m["a"])), "jalali", None)
    if kind == "weekday":
        back = (_jweekday(anchor) - wd) % 7
        if q in ("week:-1", "week:0", "week:1"):
            d = _week_start(anchor) + dt.timedelta(days=7 * int(q.split(":")[1]) + wd)
        elif q == "past":
            d = anchor - dt.timedelta(days=back or 7)
        elif q == "next":
            d = anchor + dt.timedelta(days=(wd - _jweekday(anchor)) % 7 or 7)
        else:
            d = anchor - dt.timedelta(days=back)
        return _mk_day(d, "jalali", True)
    return None


def _shift(anchor: dt.date, unit: str, n: int, calendar: str, wd: int | None) -> dict:
    if unit == "day":
        d = anchor + dt.timedelta(days=n)
        note = None
        if wd is not None and _jweekday(d) != wd:
            note = f"text says {_WD_NAMES[wd]}, {d.isoformat()} is {_WD_NAMES[_jweekday(d)]}; date kept"
        return _mk_day(d, "jalali", True, note)
    if unit == "week":
        return _mk_week(_week_start(anchor) + dt.timedelta(days=7 * n), True)
    if unit == "month":
        if calendar == "gregorian":
            k = anchor.year * 12 + anchor.month - 1 + n
            return _mk_gmonth(k // 12, k % 12 + 1, True)
        j = _to_j(anchor)
        k = j.year * 12 + j.month - 1 + n
        return _mk_jmonth(k // 12, k % 12 + 1, True)
    if calendar == "gregorian":
        return _mk_gyear(anchor.year + n, True)
    return _mk_jyear(_to_j(anchor).year + n, True)


def _candidates(folded: str, gated: bool = True) -> list[tuple[int, int, str, re.Match]]:
    """(start, end, pattern name, match) of every pattern match in *folded*,
    pattern by pattern in :func:`_patterns` order, each in text order.
    ``gated=False`` scans the whole text with every pattern (the reference:
    same result, much slower)."""
    cands: list[tuple[int, int, str, re.Match]] = []
    if not gated:
        for name, rx in _patterns():
            _collect(rx.finditer(folded), name, folded, cands)
        return cands
    plan = _plan()
    # a plain substring test is much cheaper than a regex search: gate regexes
    # whose leading literal is absent match nothing
    has: list[bool] = []
    for lit, par in zip(plan.lits, plan.lit_parent, strict=True):
        has.append((par < 0 or has[par]) and lit in folded)
    sub_lines: list[list[tuple[int, int]] | None] = [None] * len(plan.subs)
    gate_lines: list[list[tuple[int, int]] | None] = [None] * len(plan.gates)
    for name, rx, gi in plan.steps:
        spans = gate_lines[gi]
        if spans is None:
            parts = []
            for si in plan.gates[gi]:
                found = sub_lines[si]
                if found is None:
                    li, sub = plan.subs[si]
                    found = sub_lines[si] = _gated_lines(sub, folded) if li < 0 or has[li] else []
                if found:
                    parts.append(found)
            spans = gate_lines[gi] = (parts[0] if len(parts) == 1 else
                                      sorted(set().union(*parts)) if parts else [])
        for ls, le in spans:
            _collect(rx.finditer(folded, ls, le), name, folded, cands)
    return cands


def _collect(matches, name: str, folded: str, cands: list) -> None:
    """Add matches as candidates, trimming trailing spaces a pattern may have eaten."""
    for m in matches:
        s, e = m.span()
        while e > s and folded[e - 1] == " ":
            e -= 1
        if e > s:
            cands.append((s, e, name, m))


# ---------------------------------------------------------------- public API
def find_dates(text: str, anchor: dt.date | None = None) -> list[DateMention]:
    """All date mentions in *text*, in text order, spans into *text* as given.

    Absolute dates are parsed; relative ones («امروز», «دهم مهر ماه»,
    «تیر ماه», «هفته گذشته», «روز دوشنبه», «سه روز پیش» …) are resolved
    against *anchor* (the publish date) and skipped when it is None. A time
    next to a day («… - ۲۳:۲۳», «ساعت ۹ صبح») is attached and the span extended.
    """
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    folded, key = _fold_fast(text)
    cands = _candidates(folded)
    # resolve first, so that a reading that fails (a bad year) leaves room for a shorter one
    good: list[tuple[int, int, str, dict | None]] = []
    for s, e, name, m in cands:
        r = None if name == "block" else _resolve(name, m, anchor)
        if r is _BLOCK:
            name, r = "block", None
        if name == "block" or r is not None:
            good.append((s, e, name, r))
    good.sort(key=lambda c: (-(c[1] - c[0]), _PRIORITY.get(c[2], 5), c[0]))
    taken: list[tuple[int, int, str, dict | None]] = []
    for c in good:
        if not any(c[0] < t[1] and t[0] < c[1] for t in taken):
            taken.append(c)
    resolved = sorted(((s, e, r) for s, e, name, r in taken if r is not None), key=lambda c: c[0])
    # attach times to day mentions
    right, left, _ = _time_patterns()
    used: list[tuple[int, int]] = [(s, e) for s, e, _ in resolved]
    out: list[DateMention] = []
    for i, (s, e, r) in enumerate(resolved):
        if r["granularity"] == "day" and not r.get("time"):
            nxt = resolved[i + 1][0] if i + 1 < len(resolved) else len(folded)
            tm = right.match(folded, e, nxt)
            if tm and (tm["H"] is not None or tm["h"] is not None):
                h = int(tm["H"] if tm["H"] is not None else tm["h"])
                mi = int(tm["M"]) if tm["M"] is not None else 0
                if tm["ap"] and _lookup("ampm", tm["ap"]) == "pm" and h < 12:
                    h += 12
                if h < 24 and mi < 60:
                    r["time"] = f"{h:02d}:{mi:02d}"
                    e2 = tm.end()
                    while folded[e2 - 1] == " ":
                        e2 -= 1
                    used[i] = (s, e2)
                    e = e2
            else:
                prev = used[i - 1][1] if i else 0
                tm = left.search(folded, prev, s)
                if tm and int(tm["H"]) < 24 and int(tm["M"]) < 60:
                    r["time"] = f"{int(tm['H']):02d}:{tm['M']}"
                    s = tm.start()
                    used[i] = (s, e)
        a, b = _orig_index(s, key), _orig_index(e - 1, key) + 1
        out.append(DateMention(start=a, end=b, text=text[a:b], **r))
    return out


def tehran_iso(when: dt.datetime) -> str:
    """ISO 8601 of a Tehran time with the offset Iran had on that date.

    A naive *when* is Tehran wall time; an aware one is converted to Tehran.
    """
    if when.tzinfo is None:
        when = when.replace(tzinfo=TEHRAN)
    else:
        when = when.astimezone(TEHRAN)
    return when.isoformat(timespec="seconds")


_ISO_FULL = re.compile(r"(?<![0-9])([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)"
                       r" *(Z|[+-][0-9]{2}:?[0-9]{2})(?![0-9])")


def parse_datetime(text: str) -> PublishTime:
    """Parse a publish-time text into ISO 8601 (Tehran offset) and Jalali.

    Accepts Jalali dates in words or numbers (two-digit years, Arabic or
    Latin digits, Arabic letters), Gregorian dates in Persian or English,
    ISO 8601 (with ``Z``/offset: converted to Tehran time), and an optional
    time. When Jalali and Gregorian dates disagree the Jalali one wins and
    ``conflict`` is set. Raises ``ValueError`` when no full date is found.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("parse_datetime: empty text, no date to parse")
    shown = text.strip()
    folded = _fold_str(shown)
    mentions = find_dates(shown)
    m = _ISO_FULL.search(folded)
    if m:
        off = m[3] if m[3] == "Z" or ":" in m[3] else m[3][:3] + ":" + m[3][3:]
        try:
            aware = dt.datetime.fromisoformat(f"{m[1]}T{m[2]}{'+00:00' if off == 'Z' else off}")
        except ValueError as exc:
            raise ValueError(f"parse_datetime: bad ISO timestamp in {shown!r}: {exc}") from None
        local = aware.astimezone(TEHRAN)
        return PublishTime(iso=tehran_iso(aware), jalali=jdatetime.datetime.fromgregorian(
            datetime=local.replace(tzinfo=None)).strftime("%Y-%m-%d %H:%M"), text=shown, mentions=mentions)
    days = [d for d in mentions if d.granularity == "day" and not d.relative]
    if not days:
        raise ValueError(f"parse_datetime: no complete date (day, month and year) in {shown!r}")
    best = next((d for d in days if d.calendar == "jalali"), days[0])
    conflict = len({d.value for d in days}) > 1
    tm = best.time or next((d.time for d in days if d.time), None)
    if tm is None:
        t = _time_patterns()[2].search(folded)
        if t and int(t["H"]) < 24 and int(t["M"]) < 60:
            tm = f"{int(t['H']):02d}:{t['M']}"
    day = dt.date.fromisoformat(best.value)
    jal = _to_j(day).strftime("%Y-%m-%d")
    if tm is None:
        return PublishTime(iso=day.isoformat(), jalali=jal, text=shown, mentions=mentions, conflict=conflict)
    h, mi = map(int, tm.split(":"))
    local = dt.datetime.combine(day, dt.time(h, mi))
    return PublishTime(iso=tehran_iso(local), jalali=f"{jal} {tm}", text=shown, mentions=mentions, conflict=conflict)
