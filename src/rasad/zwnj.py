"""ZWNJ repair: restore zero-width non-joiners that scrapers stripped.

Each run of Persian letters ("segment", so existing ZWNJs, spaces and
diacritics are boundaries) is looked up once and the answer cached:

1. ``compounds.txt`` (hand list): forced ZWNJ forms (قره‌باغ، علی‌اکبر) and
   glued words that must never be split (میز، میدان، بهار، تنها ...);
2. hazm's lexicon (``zwnj_words.tsv.gz``, ~194k words with corpus
   frequencies): a glued form of a ZWNJ word (رئیسجمهور -> رئیس‌جمهور) is
   restored unless the glued spelling is a word at least 1/10 as frequent
   (پاسخنامه); any other known glued word is kept;
3. verb prefix: (preverb) + می/نمی + a form of a verb in ``zwnj_verbs.tsv``
   (میکند -> می‌کند, برنمیگردد -> برنمی‌گردد);
4. suffixes from ``zwnj_affixes.tsv`` after a known (or analysable) stem:
   ها/های/هایی ..., تر/ترین after adjectives, ای/ام/اند ... after a silent ه
   (همکاریهای -> همکاری‌های, منطقهای -> منطقه‌ای, کردهاند -> کرده‌اند);
   the reading with the most frequent stem wins;
5. «به» + a known word (بهخوبی -> به‌خوبی), and an unknown word that is not a
   glued inflection split into 2-3 frequent lexicon words (نائبرئیس -> نائب‌رئیس).

A ZWNJ is only inserted after a letter that joins the next one. Besides
glued parts, a single space before a detached plural/personal suffix or after
a detached «می/نمی» is turned into a ZWNJ (کتاب های -> کتاب‌های,
می کند -> می‌کند).
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from itertools import accumulate, compress

from .data import data_path
from .offsets import Edit

ZWNJ = "\u200c"
NON_JOINING = frozenset("اآأإٱدذرزژوؤۀة")
_LETTERS = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0"
_SEGMENT = re.compile(f"[{_LETTERS}]{{3,}}")
PREVERBS = ("", "بر", "در", "فرو", "فرا", "باز", "وا", "ور")
# detached suffixes joined back with a ZWNJ when written after a space
_DETACHED = ("ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "ترین")
_DETACHED_AFTER_H = ("اند", "ایم", "اید", "ام", "ای")
_SPACED = re.compile(
    f"(?<![{_LETTERS}{ZWNJ}])(ن?می) (?=[{_LETTERS}])"
    f"|(?<=[{_LETTERS}]) ({'|'.join(sorted(_DETACHED + _DETACHED_AFTER_H, key=len, reverse=True))})"
    f"(?![{_LETTERS}{ZWNJ}])"
)
_WORD_AT = re.compile(f"[{_LETTERS}{ZWNJ}]+")
_WORD_BEFORE = re.compile(f"[{_LETTERS}{ZWNJ}]+$")


def _rows(name: str):
    """Non-comment lines of a data file, split on tabs."""
    opener = gzip.open if name.endswith(".gz") else open
    with opener(data_path(name), "rt", encoding="utf-8") as f:  # type: ignore[operator]
        for line in f:
            line = line.rstrip("\n")
            if not line or line == "#" or line.startswith("# "):
                continue
            yield line.split("\t")


class _Lexicon:
    """All tables, built once on first use."""

    def __init__(self) -> None:
        # glued word -> (frequency, POS tags); POS "0" means untagged
        self.words: dict[str, tuple[int, frozenset[str]]] = {}
        # glued form of a ZWNJ word -> (ZWNJ form, frequency, POS tags)
        self.zwnj: dict[str, tuple[str, int, frozenset[str]]] = {}
        for row in _rows("zwnj_words.tsv.gz"):
            word, freq, pos = row[0], int(row[1]), frozenset(row[2].split(","))
            if ZWNJ in word:
                glued = word.replace(ZWNJ, "")
                old = self.zwnj.get(glued)
                if old is None or freq > old[1]:
                    self.zwnj[glued] = (word, freq, pos)
            else:
                self.words[word] = (freq, pos)
        self.forced: dict[str, str] = {}
        self.keep: set[str] = set()
        for row in _rows("compounds.txt"):
            word = row[0].strip()
            if ZWNJ in word:
                self.forced[word.replace(ZWNJ, "")] = word
            elif word:
                self.keep.add(word)
        self.suffixes: list[tuple[str, str, frozenset[str] | None]] = []
        for suffix, cond, pos in _rows("zwnj_affixes.tsv"):
            self.suffixes.append((suffix, cond, None if pos == "*" else frozenset(pos.split(","))))
        self.suffixes.sort(key=lambda s: -len(s[0]))
        self.verbs = _verb_forms()
        self.cache: dict[str, tuple[str, frozenset[str]] | None] = {}
        self.inserts: dict[str, tuple[int, ...]] = {}  # word -> ZWNJ positions (see _word_insertions)


def _verb_forms() -> frozenset[str]:
    """Finite forms that may follow «می»: present and past stems with endings."""
    forms: set[str] = set()
    endings = ("م", "ی", "د", "یم", "ید", "ند")
    for row in _rows("zwnj_verbs.tsv"):
        past, _, presents = row[0].partition("#")
        for present in presents.split(" یا "):
            present = present.strip()
            if present:
                forms.update(present + e for e in endings)
                if present[-1] in "اوآ":
                    forms.update(present + g + e for g in ("ی", "ئ") for e in endings)
                if len(present) >= 3 or present == "توان":
                    forms.add(present)
        past = past.strip()
        if past:
            forms.add(past)
            forms.update(past + e for e in endings if e != "د")
            forms.add(past + "ه")  # participle: می‌کرده (‌اند)
    return frozenset(forms)


# decision knobs (tuned on the dev fold only, see docs/zwnj.md)
COMPOUND_RATIO = 10.0  # restore a lexicon ZWNJ compound if it is this much more frequent than the glued word
COMPOUND_KEEP_TAGGED = False  # keep a glued word that hazm tags (POS) even when rarer
SILENT_H_BONUS = 4  # منطقه+ای beats منطق+های unless منطق is 4x more frequent
BE_PREFIX = True
BE_MIN_FREQ = 1000
SEGMENT_COMPOUNDS = True  # split unknown glued words into frequent lexicon words
SEG_MIN_FREQ = 300_000
SEG_MIN_LEN = 3
SHORT_PARTS = frozenset({"و", "از", "با", "به", "در", "بر", "هر", "که", "تا", "هم"})

_POS_VERB = frozenset({"V"})
_POS_ANY: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


def _join(left: str, right: str) -> str:
    """Concatenate word parts, with a ZWNJ if ``left`` joins to the next letter."""
    return left + (ZWNJ if left and left[-1] not in NON_JOINING else "") + right


def _silent_h(stem: str) -> bool:
    return len(stem) >= 3 and stem[-1] == "ه" and stem[-2] not in "اوآ"


def _known(lex: _Lexicon, s: str) -> bool:
    """Is the glued string a word in its own right (so it stays as is)?"""
    return s in lex.words or s in lex.keep


def _analyse(lex: _Lexicon, s: str) -> tuple[str, frozenset[str]] | None:
    """(form with ZWNJs, POS) of a glued segment, or None if it is not recognised."""
    hit = lex.cache.get(s, False)
    if hit is not False:
        return hit  # type: ignore[return-value]
    res = _analyse_uncached(lex, s)
    if len(lex.cache) > 200_000:
        lex.cache.clear()
    lex.cache[s] = res
    return res


def _analyse_uncached(lex: _Lexicon, s: str) -> tuple[str, frozenset[str]] | None:
    if s in lex.keep:
        return s, _POS_ANY
    if s in lex.forced:
        return lex.forced[s], _POS_ANY
    glued = lex.words.get(s)
    z = lex.zwnj.get(s)
    if z is not None:
        if glued is None or (
            z[1] > COMPOUND_RATIO * glued[0] and (glued[0] > 0 or "0" in glued[1] or not COMPOUND_KEEP_TAGGED)
        ):
            return z[0], z[2]
        return s, glued[1]
    if glued is not None and (glued[0] > 0 or "0" not in glued[1]):
        return s, glued[1]
    # (preverb) + می/نمی + verb form
    for pv in PREVERBS:
        if not s.startswith(pv):
            continue
        rest = s[len(pv) :]
        for mi in ("نمی", "می"):
            if rest.startswith(mi) and rest[len(mi) :] in lex.verbs:
                return pv + _join(mi, rest[len(mi) :]), _POS_VERB
    # stem + suffix: of all readings, the one with the most frequent stem
    best: tuple[int, str] | None = None
    for suffix, cond, pos in lex.suffixes:
        if len(s) < len(suffix) + 2 or not s.endswith(suffix):
            continue
        stem = s[: -len(suffix)]
        if cond == "silent_h" and not _silent_h(stem):
            continue
        sub = _analyse(lex, stem)
        if sub is None:
            continue
        form, stem_pos = sub
        if pos is not None and stem_pos and not (pos & stem_pos):
            continue
        score = _frequency(lex, stem, form) * (SILENT_H_BONUS if cond == "silent_h" else 1)
        if best is None or score > best[0]:
            best = (score, form + suffix if cond == "none" else _join(form, suffix))
    if best is not None:
        if best[1].replace(ZWNJ, "") == s and ZWNJ not in best[1]:
            return (s, glued[1]) if glued is not None else None  # only glued endings: nothing learned
        return best[1], _POS_ANY
    # «به» + a known word (بهخوبی -> به‌خوبی); the glued form is not a word
    if BE_PREFIX and s.startswith("به") and len(s) >= 5 and glued is None:
        rest = lex.words.get(s[2:])
        if rest is not None and rest[0] >= BE_MIN_FREQ:
            return _join("به", s[2:]), _POS_ANY
    if glued is not None:
        return s, glued[1]
    if SEGMENT_COMPOUNDS and not _inflected(lex, s):
        return _segment(lex, s)
    return None


def _inflected(lex: _Lexicon, s: str) -> bool:
    """Is ``s`` a glued inflection of a known word (so not a compound to split)?"""
    if s in lex.verbs or (s[0] in "بن" and s[1:] in lex.verbs) or s.startswith("نمی"):
        return True
    for pv in PREVERBS[1:]:
        if s.startswith(pv) and s[len(pv) :] in lex.verbs:
            return True
    for end in ("مان", "تان", "شان", "م", "ت", "ش", "ان", "ی", "یم", "ید", "ند"):
        stem = s[: -len(end)]
        if s.endswith(end) and len(stem) >= 2 and (stem in lex.words or stem in lex.verbs):
            return True
    for end in ("گان", "گی", "گانی"):  # خبره -> خبرگان، زنده -> زندگی
        if s.endswith(end) and s[: -len(end)] + "ه" in lex.words:
            return True
    return False


def _segment(lex: _Lexicon, s: str) -> tuple[str, frozenset[str]] | None:
    """An unknown glued word as 2-3 frequent lexicon words (نائبرئیس -> نائب‌رئیس)."""
    n = len(s)
    best: tuple[int, int, str] | None = None  # (-parts, weakest part frequency, form)

    def part_freq(p: str, final: bool = False) -> int:
        if p in lex.keep or (final and p in SHORT_PARTS and p not in ("که", "بر")):
            return 0
        w = lex.words.get(p)
        z = lex.zwnj.get(p)
        f = max(w[0] if w else 0, z[1] if z else 0)
        return f if (len(p) >= SEG_MIN_LEN or p in SHORT_PARTS) and f >= SEG_MIN_FREQ else 0

    for i in range(2, n - 1):
        a = s[:i]
        fa = part_freq(a)
        if not fa:
            continue
        fa_form = lex.zwnj[a][0] if a in lex.zwnj and a not in lex.words else a
        candidates = [(s[i:],)] + [(s[i:j], s[j:]) for j in range(i + 1, n - 1)]
        for rest in candidates:
            fs = [part_freq(p, k == len(rest) - 1) for k, p in enumerate(rest)]
            if not all(fs):
                continue
            key = (-(1 + len(rest)), min([fa] + fs))
            if best is None or key > best[:2]:
                form = fa_form
                for p in rest:
                    form = _join(form, lex.zwnj[p][0] if p in lex.zwnj and p not in lex.words else p)
                best = (key[0], key[1], form)
    if best is None or ZWNJ not in best[2]:
        return None
    return best[2], _POS_ANY


def _frequency(lex: _Lexicon, glued: str, form: str) -> int:
    """How common a recognised stem is (verb forms and hand-listed words rank high)."""
    if glued in lex.keep or glued in lex.forced or glued.startswith(("می", "نمی")) and ZWNJ in form:
        return 10**9
    w = lex.words.get(glued)
    z = lex.zwnj.get(glued)
    return max(w[0] if w else 0, z[1] if z else 0)


def _insertions(lex: _Lexicon, s: str) -> tuple[int, ...]:
    """Positions in segment ``s`` where a ZWNJ goes (``()`` for none)."""
    res = _analyse(lex, s)
    out: list[int] = []
    if res is not None and res[0] != s:
        i = 0  # index in s
        for ch in res[0]:
            if ch == ZWNJ:
                out.append(i)
            else:
                i += 1
    return tuple(out)


def _word_insertions(lex: _Lexicon, word: str) -> tuple[int, ...]:
    """Positions in ``word`` (text between spaces) where a ZWNJ goes; short words are cached."""
    out: list[int] = []
    for m in _SEGMENT.finditer(word):
        out.extend(m.start() + i for i in _insertions(lex, m.group()))
    if len(word) <= 64:
        if len(lex.inserts) > 200_000:
            lex.inserts.clear()
        lex.inserts[word] = tuple(out)
    return tuple(out)


def _segment_edits(text: str, edits: list[Edit], lex: _Lexicon) -> None:
    """Insertions inside the letter runs of ``text``.

    Runs never cross a space, so the text is cut at spaces and each word's
    insertions are looked up in a cache; the lookups and the word offsets
    (running sums of the word lengths) need no Python step per word, and only
    words that change are visited.
    """
    words = text.split(" ")
    ats = list(map(lex.inserts.get, words))
    if None in ats:
        ats = [_word_insertions(lex, w) if at is None else at for w, at in zip(words, ats, strict=True)]
    changed = list(compress(range(len(ats)), ats))
    if not changed:
        return
    starts = list(accumulate(map(len, words), initial=0))
    for k in changed:
        start = starts[k] + k  # k spaces before word k
        edits.extend((start + i, start + i, ZWNJ) for i in ats[k])


def _spaced_edits(lex: _Lexicon, text: str, edits: list[Edit]) -> None:
    for m in _SPACED.finditer(text):
        if m.group(1):  # «می کند»: the next word must be a verb form
            nxt = _WORD_AT.match(text, m.end())
            word = nxt.group() if nxt else ""
            if word.split(ZWNJ)[0] in lex.verbs:
                edits.append((m.end() - 1, m.end(), ZWNJ))
        else:  # «کتاب های», «کرده اند»
            suffix = m.group(2)
            prev = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
            stem = prev.group().split(ZWNJ)[-1] if prev else ""
            if suffix in _DETACHED_AFTER_H and not _silent_h(stem):
                continue
            if stem and stem[-1] not in NON_JOINING and not (suffix == "ای" and stem in lex.words):
                edits.append((m.start(), m.start() + 1, ZWNJ))


def repair_edits(text: str) -> list[Edit]:
    """Edits ``(start, end, replacement)`` that restore stripped ZWNJs in ``text``.

    ``text`` is already letter-normalized (Persian ی/ک, no stray marks).
    Edits are sorted, non-overlapping, and only insert or replace around
    ZWNJ positions; they never change letters.
    """
    lex = _lexicon()
    edits: list[Edit] = []
    _segment_edits(text, edits, lex)
    if " " in text:
        _spaced_edits(lex, text, edits)
        edits.sort(key=lambda e: (e[0], e[1]))
    return edits


def repair(text: str) -> str:
    """``text`` with stripped ZWNJs restored (convenience for tests and tools)."""
    out, pos = [], 0
    for start, end, repl in repair_edits(text):
        out.append(text[pos:start])
        out.append(repl)
        pos = end
    out.append(text[pos:])
    return "".join(out)
