"""Trigger rules for :mod:`rasad.events`, read from ``data/event_triggers.tsv``.

A rule is one row of the file: PLOVER type, mode, kind (verb/noun), a
pattern (regular expression with macros, see the file header), how the
participants are found (``args``) and a base confidence. ``@skip`` rows are
contexts in which a trigger is not an event (interviews, sports matches,
topics); ``@place`` rows are a small place → ISO3 lookup used when
:mod:`rasad.actors` is not installed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .data import data_path

_S = r"[\x20\u200c]+"  # a space in a pattern
_O = r"[\x20\u200c]?"  # «_» in a pattern
_LET = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc"  # Persian/Arabic letters
_NEG = "ن?"
_MI = f"(?:{_NEG}می{_O})?"
_MACROS = {
    "KARD": (f"(?:{_MI}(?:{_NEG}کرد(?:ند|یم|م|ه(?:{_S}(?:است|اند|بود|بودند|شد))?)?|{_NEG}کن(?:د|ند|یم|م))"
             f"|{_NEG}خواه(?:د|ند|یم){_S}کرد)(?![{_LET}])"),
    "DASHT": (f"(?:{_MI}(?:{_NEG}داشت(?:ند|یم|م|ه(?:{_S}(?:است|اند|بود|بودند))?)?|{_NEG}دار(?:د|ند|یم))"
              f"|{_NEG}خواه(?:د|ند|یم){_S}داشت)(?![{_LET}])"),
    "SHOD": (f"(?:{_MI}(?:{_NEG}شد(?:ند|یم|م|ه(?:{_S}(?:است|اند|بود|بودند))?)?|{_NEG}شو(?:د|ند|یم))"
             f"|{_NEG}خواه(?:د|ند|یم){_S}شد)(?![{_LET}])"),
    "DAD": (f"(?:{_MI}(?:{_NEG}داد(?:ند|یم|م|ه(?:{_S}(?:است|اند|بود|بودند))?)?|{_NEG}ده(?:د|ند|یم))"
            f"|{_NEG}خواه(?:د|ند|یم){_S}داد)(?![{_LET}])"),
    "NAMUD": f"(?:{_MI}{_NEG}نمود(?:ند|یم|م|ه(?:{_S}(?:است|اند))?)?|{_MI}{_NEG}نمای(?:د|ند))(?![{_LET}])",
    "RASID": (f"(?:{_MI}(?:{_NEG}رسید(?:ند|یم|م|ه(?:{_S}(?:است|اند|بود|بودند))?)?|{_NEG}رس(?:د|ند|یم))"
              f"|{_NEG}خواه(?:د|ند|یم){_S}رسید)(?![{_LET}])"),
    "TALK": f"(?:گفتگو|گفت{_O}و{_O}گو|گفت{_S}گو)",
    "B": f"(?![{_LET}])",
}


@dataclass(frozen=True)
class Rule:
    type: str
    mode: str
    kind: str  # verb | noun
    pattern: re.Pattern[str]
    args: str
    confidence: float
    source: str  # the pattern as written in the data file


def _expand(pattern: str) -> str:
    """Macros, spaces and «_» of a data-file pattern; inside a character class («[^ .،]») they stay as written."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]" or pattern[i - 1] in "[^"
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == " ":
            while i + 1 < len(pattern) and pattern[i + 1] == " ":
                i += 1
            out.append(_S)
        else:
            out.append(_O if ch == "_" else ch)
        i += 1
    pattern = "".join(out)
    for name, rx in _MACROS.items():
        pattern = pattern.replace("{" + name + "}", rx)
    return pattern


def _rows() -> list[list[str]]:
    rows = []
    for line in data_path("event_triggers.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """Every trigger rule, in file order."""
    out = []
    for cols in _rows():
        if cols[0].startswith("@"):
            continue
        typ, mode, kind, pattern, args, conf = cols[:6]
        out.append(Rule(typ, mode, kind, re.compile(rf"(?<![{_LET}]){_expand(pattern)}"), args,
                        float(conf), pattern))
    return tuple(out)


def required_literals(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of strings such that every match of ``pattern`` contains a string of each set (a cheap,
    exact prefilter: a text holding no string of one of the sets has no match); () if none is known.

    Derived from the parsed pattern: a run of literal characters; everything required by a group
    or by a repeat that must occur at least once; for a branch, the union over its alternatives of
    one set each requires. Assertions, classes and optional parts add nothing."""
    if pattern.flags & re.IGNORECASE:
        return ()
    try:
        from re import _constants as c
        from re import _parser
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - no prefilter, never a wrong one
        return ()

    def best(sets: list[frozenset[str]]) -> frozenset[str]:
        return max(sets, key=lambda s: (min(map(len, s)), -len(s)))

    def seq(items) -> list[frozenset[str]]:
        out: list[frozenset[str]] = []
        run: list[str] = []
        for op, av in items:
            if op is c.LITERAL:
                run.append(chr(av))
                continue
            if run:
                out.append(frozenset(["".join(run)]))
                run = []
            if op is c.SUBPATTERN:
                if not (av[1] & re.IGNORECASE):
                    out += seq(av[3])
            elif op is c.ATOMIC_GROUP:
                out += seq(av)
            elif op is c.BRANCH:
                alts = [seq(a) for a in av[1]]
                if all(alts):
                    out.append(frozenset().union(*(best(a) for a in alts)))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
                out += seq(av[2])
        if run:
            out.append(frozenset(["".join(run)]))
        return out

    sets = [s for s in dict.fromkeys(seq(tree)) if s and all(s)]
    return tuple(sorted(sets, key=lambda s: (-min(map(len, s)), len(s), sorted(s))))


@lru_cache(maxsize=1)
def skips() -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    """(after, before) contexts in which a trigger is not an event."""
    after, before = [], []
    for cols in _rows():
        if cols[0] == "@skip":
            (after if cols[2] == "after" else before).append(re.compile(_expand(cols[3])))
    return tuple(after), tuple(before)


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Place name (spaces as written) → ISO3, from the @place rows."""
    out = {}
    for cols in _rows():
        if cols[0] == "@place":
            for name in cols[2].split("|"):
                out[name.replace("_", "\u200c")] = cols[1]
    return out


@lru_cache(maxsize=1)
def same_titles() -> dict[str, str]:
    """Title (letters folded, spaces single, no ZWNJ) → the name of its office, from the @same rows: the
    usual titles of one office-holder («مقام معظم رهبری», «رهبر انقلاب»), merged as one party."""
    from .normalize import fold
    out = {}
    for cols in _rows():
        if cols[0] == "@same":
            for name in cols[2].split("|"):
                out[" ".join(fold(name.replace("_", " ")).replace("\u200c", " ").split())] = cols[1]
    return out


@lru_cache(maxsize=1)
def place_re() -> re.Pattern[str]:
    names = sorted(places(), key=len, reverse=True)
    alt = "|".join(re.escape(n).replace("\u200c", _O).replace("\\ ", _S).replace(" ", _S) for n in names)
    return re.compile(rf"(?<![{_LET}])(?:{alt})(?![{_LET}])")


def place_country(text: str) -> str | None:
    """ISO3 of a place name: rasad.actors.country_of when available, else the @place rows."""
    try:
        from .actors import country_of  # written by the NER work; optional here
    except ImportError:
        country_of = None
    if country_of is not None:
        try:
            code = country_of(text)
        except Exception:  # noqa: BLE001 - a lookup failure must not stop the stage
            code = None
        if code:
            return code
    norm = " ".join(text.replace("\u200c", " ").split())
    for name, code in places().items():
        if " ".join(name.replace("\u200c", " ").split()) == norm:
            return code
    m = place_re().search(text)
    return places().get(m.group(0)) if m and m.group(0) in places() else (_lookup_loose(m.group(0)) if m else None)


def _lookup_loose(found: str) -> str | None:
    key = found.replace("\u200c", "").replace(" ", "")
    for name, code in places().items():
        if name.replace("\u200c", "").replace(" ", "") == key:
            return code
    return None


__all__ = ["LETTERS", "Rule", "place_country", "place_re", "places", "rules", "same_titles", "skips"]

LETTERS = _LET
