"""Quotes: who said what, as spans over the normalized text.

:func:`quotes_stage` fills ``article.spans["quotes"]`` with one
:class:`~rasad.article.Span` per reporting clause (label ``direct`` or
``indirect``). Reporting verbs and frames come from
``data/reporting_verbs.tsv`` and are matched in search form
(:func:`rasad.normalize.fold`), so ZWNJ/space variants and Arabic letters match.
The speaker is the subject of the reporting verb: the first entity mention of
the clause (``spans["mentions"]``, including resolved «وی/او» and titles the
people stage linked to a name), else the subject noun phrase as written
(``speaker: None``). A pronoun subject («وی») or an implicit one takes the
previous quote's speaker when there is one (news convention; its own resolved
mention otherwise); a plural, numeric or time subject («حدود سه هفته پیش
گفتند») never becomes that previous speaker. A document («بیانیه در ادامه
می‌افزاید», ``epithets.tsv`` kind ``document``) speaks for the previous speaker.
An organisation inside a role phrase («مسئول واحد … شهرداری زاهدان گفت») is not
the speaker. A role, «این …» description or (first quote only) «یک …» speaker no
entity resolved takes the previous quote's named speaker (the next one's for the
first quote: the lead's title, then the body's name). Agency datelines
(«به گزارش فارس،», «بنا بر این گزارش») are skipped, but a person named inside one
(«به گزارش فارس از قزوین سید مسعود نبوی‌فر، …») is the subject; verbs inside «»
or inside another quote's content start no quote, and interview answers (after
«فارس: …؟» questions) are left alone. Compound verbs also match their bare
participle («اعلام کرده»); a name the tagger missed right before an unnamed
title names it; a lead description with no entity is the next named speaker; a
document («در این بیانیه آمده است») speaks for whoever introduced it; a bare
«سازمان» is the latest such organisation (docs/annotation.md lists the rules).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .agencies import match_agency
from .article import Article, Span
from .data import data_path
from .lexicon import first_key, read_tsv, tokenize
from .normalize import fold
from .roles import heads

PRONOUNS = {"وی", "او", "ایشان"}
_SPEAKER_TYPES = {"PER", "ORG", "GPE", "NORP", "PERSON", None}
# words that end a subject noun phrase (search form)
_STOP = {fold(w) for w in (
    "در با ضمن به از بر برای طی روز امروز دیروز امشب صبح ظهر عصر شب بعد پس قبل پیش هم همچنین نیز که را "
    "همواره همیشه بارها قبلا پیشتر "
    "درباره پیرامون دراین درپی درادامه درپایان ضمنا همچنان اخیرا سپس طبق بنابر هنگام حین خود "
    "بامداد دقایقی ساعاتی لحظاتی اما لکن نسبت بنا بنابر درحالیست درحالیکه علاوه").split()}
_PREP = {fold(w) for w in "با به از برای دیدار بر علیه نزد".split()}
_FINITE = {fold(w) for w in "بود است شد شدند بودند هستند بوده".split()}
_AGENCY_PREFIX = re.compile(r"\s*(?:به گزارش|به نقل از|بنا به گزارش|طبق گزارش|بنا ?بر ?(?:این|همین) گزارش|"
                            r"بر اساس (?:این|همین) گزارش|طبق (?:این|همین) گزارش|به موجب این گزارش|"
                            r"بر ?پایه (?:این|همین) گزارش|خاطر ?نشان می\u200c?\s?شود|یادآور می\u200c?\s?شود|"
                            r"گفتنی است|لازم به ذکر است|شایان ذکر است|قابل ذکر است)\b")
_NEEDS_CONTENT_AFTER = {"آمده است", "نوشت"}
_LEAD_AGENCY = re.compile(r"\s*([^\s:\-–]+(?:\s[^\s:\-–]+){0,2})\s*[:\-–]\s*")
_QUESTION = re.compile(r"\s*(?:\S+\s*){0,2}:\s*\S.*[؟?]\s*$")
_DIGIT = re.compile(r"\d")
_PRESENT = re.compile(r"(?:^|\s)می")  # «می‌گوید», «یادآور می‌شود»
# subject words that are no person («روزی که …», «حدود سه هفته پیش گفتند»): such a speaker is no «وی»
_NOT_PERSON = {fold(w) for w in "روزی زمانی وقتی هنگامی موقعی حدود برخی بعضی عده‌ای همه کسانی * -".split()}
_WORD = re.compile(r"[^\s،؛:,.!؟?«»\"()]+")
# a subordinate clause opening the sentence: «پس از این که X … تأکید کرد، …», «به رغم آنکه …»
_SUBORDINATE = re.compile(r"\s*(?:با ?وجود|پس از|بعد از|قبل از|پیش از|به ?رغم|علی ?رغم|از آنجا|در ?حالی|هنگامی|زمانی|"
                          r"وقتی|همان ?طور|همان\u200cطور)[\s\u200c]*(?:این|آن)?[\s\u200c]*که\s+")
_LEADING = re.compile(r"\s*(?:همچنین|همچنان|در ادامه|در پایان|در خاتمه|سپس|البته|"
                      r"(?:پیش\u200c?تر|قبلا|قبلاً|همواره)(?:\s+نیز)?)?\s*[،,]?\s*")


@dataclass
class _Verb:
    start: int
    end: int
    canonical: str
    kind: str
    gap: tuple[int, int] | None = None
    present: bool = False


# -- the verb table ------------------------------------------------------------
_BARE_PARTICIPLE = r"(?!\w)(?!\s*(?:شد|شو|می|نمی|باش|است|بود|اند|گرد))"  # not «… داده شود», «… کرده است»


def _forms(last: str, present: str, compound: bool = False) -> list[str]:
    """Written forms of a verb's last word. A compound verb («اعلام کرد») also has its bare participle, with
    no auxiliary («ایران همواره اعلام کرده برنامه‌اش …», «بر … تأکید کرده و افزود»)."""
    forms = [last, last + "ند"]
    if last != "است":
        forms += [last + "ه " + aux for aux in ("است", "بود", "بودند", "اند")]
        if compound:
            forms.append(last + "ه" + _BARE_PARTICIPLE)
    if present != "-":
        forms += ["می " + present + "د", "می " + present + "ند"]
    return forms


def _words_re(words: list[str]) -> str:
    parts = []
    for w in words:
        parts.append(r"\s*".join(re.escape(p) for p in w.split()))
    return r"\s*".join(parts)


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern[str], dict[str, tuple[str, str]], re.Pattern[str], re.Pattern[str]]:
    """(verb regex, key -> (canonical, kind), frame-start regex, frame-end regex) in search form."""
    lookup: dict[str, tuple[str, str]] = {}
    alts: list[str] = []
    frame_start, frame_end = [], []
    for line in data_path("reporting_verbs.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("#", "pattern\t")):
            continue
        pattern, canonical, kind, present = (line.split("\t") + ["-"])[:4]
        words = fold(pattern).split()
        if "…" in words:
            i = words.index("…")
            frame_start.append(_words_re(words[:i]))
            for form in _forms(words[-1], fold(present)):
                frame_end.append(_words_re(words[i + 1:-1] + [form]))
                lookup["…" + "".join(words[:i] + words[i + 1:-1] + form.split())] = (canonical, kind)
            continue
        for form in (_forms(words[-1], fold(present), len(words) > 1) if kind not in ("source",) else [words[-1]]):
            bare = form.endswith(_BARE_PARTICIPLE)
            form = form.removesuffix(_BARE_PARTICIPLE)
            alts.append(_words_re(words[:-1] + [form]) + (_BARE_PARTICIPLE if bare else ""))
            lookup["".join(words[:-1] + form.split())] = (canonical, kind)
    alts.sort(key=len, reverse=True)
    verb_re = re.compile(_dispatch(alts) + r"(?!\w)(?!\s*و\s*گو)")
    start_re = re.compile(_dispatch(frame_start) + r"(?!\w)")
    end_re = re.compile(_dispatch(sorted(frame_end, key=len, reverse=True)) + r"(?!\w)")
    return verb_re, lookup, start_re, end_re


def _dispatch(alts: list[str]) -> str:
    """``(?<!\\w)(?:alt1|alt2|…)`` as one group per first character, each opening with that literal
    character (so the regex engine skips positions no alternative can start at).

    Same matches: at a position only the alternatives starting with its character can match, and
    they are tried in their original order."""
    if not alts or not all(alts):
        return r"(?<!\w)(?:" + "|".join(alts) + ")"
    groups: dict[str, list[str]] = {}
    for alt in alts:
        m = re.match(r"\\?(.)", alt, re.S)  # re.escape output: the first character, maybe escaped
        assert m is not None, alt
        groups.setdefault(m.group(1), []).append(alt[m.end():])
    return "(?:" + "|".join(f"{re.escape(c)}(?<!\\w{re.escape(c)})(?:{'|'.join(rest)})"
                            for c, rest in groups.items()) + ")"


_FOLDED: dict[str, str] = {}  # every character seen -> fold(character)
# (regex of characters not seen yet, regex of the characters fold changes, their folds)
_fold_state: tuple[re.Pattern[str], re.Pattern[str] | None, dict[str, str]] = (re.compile("[\\s\\S]"), None, {})


def _fold_tables(text: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """(regex of the characters fold changes, their folds), covering every character of ``text``."""
    global _fold_state
    unseen, changed_re, changed = _fold_state
    if unseen.search(text):  # characters not seen before: the fold regex changes only if fold changes one
        folds = {ch: fold(ch) for ch in set(text).difference(_FOLDED)}
        _FOLDED.update(folds)
        if any(f != c for c, f in folds.items()):
            changed = {c: f for c, f in _FOLDED.items() if f != c}
            changed_re = re.compile("[" + "".join(re.escape(c) for c in sorted(changed)) + "]")
        unseen = re.compile("[^" + "".join(re.escape(c) for c in sorted(_FOLDED)) + "]")
        _fold_state = (unseen, changed_re, changed)
    return changed_re, changed


class _IndexMap:
    """Offset in the original text of each position of its search form (see :func:`_fold_map`)."""

    __slots__ = ("_at", "_marks", "_n")

    def __init__(self, marks: list[tuple[int, int, int, int]], n: int) -> None:
        self._marks = marks  # (folded position, text offset, fold length, shift before), in order
        self._at = [m[0] for m in marks]
        self._n = n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, p: int) -> int:
        if p < 0:
            p += self._n
        if not 0 <= p < self._n:
            raise IndexError(p)
        k = bisect.bisect_right(self._at, p) - 1
        if k < 0:
            return p
        fs, i, n, shift = self._marks[k]
        return i if p < fs + n else p - shift - n + 1

    def __iter__(self):
        return (self[p] for p in range(self._n))


def _fold_map(text: str) -> tuple[str, _IndexMap]:
    """Search form of ``text`` (folded character by character) and, per folded character, its
    offset in ``text`` (plus ``len(text)`` at the end)."""
    changed_re, changed = _fold_tables(text)
    if changed_re is None:
        return text, _IndexMap([], len(text) + 1)
    pieces: list[str] = []
    marks: list[tuple[int, int, int, int]] = []
    prev = shift = 0
    for m in changed_re.finditer(text):
        i = m.start()
        f = changed[text[i]]
        pieces.append(text[prev:i])
        pieces.append(f)
        prev = i + 1
        if len(f) != 1:
            marks.append((i + shift, i, len(f), shift))
            shift += len(f) - 1
    pieces.append(text[prev:])
    return "".join(pieces), _IndexMap(marks, len(text) + shift + 1)


def find_verbs(text: str) -> list[_Verb]:
    """Every reporting verb or frame in ``text``, in order."""
    verb_re, lookup, start_re, end_re = _table()
    folded, idx = _fold_map(text)
    found: list[_Verb] = []
    for m in verb_re.finditer(folded):
        canonical, kind = lookup.get(re.sub(r"\s+", "", m.group()), ("?", "say"))
        found.append(_Verb(idx[m.start()], idx[m.end() - 1] + 1, canonical, kind,
                           present=_PRESENT.search(m.group()) is not None))
    for m in start_re.finditer(folded):
        stop = len(folded)
        for ch in ".!\n:«":
            k = folded.find(ch, m.end())
            if k != -1:
                stop = min(stop, k)
        e = end_re.search(folded, m.end(), stop)
        if e and folded[m.end():e.start()].strip():  # «… را خواستار شد»: no gap, the plain verb row
            canonical, kind = lookup.get("…" + re.sub(r"\s+", "", m.group() + e.group()), ("?", "frame"))
            found.append(_Verb(idx[m.start()], idx[e.end() - 1] + 1, canonical, kind,
                               (idx[m.end()], idx[e.start()])))
    found.sort(key=lambda v: v.start)
    out: list[_Verb] = []
    for v in found:  # drop a verb inside a frame («خواستار … شد» wins over nothing inside it)
        if out and v.start < out[-1].end:
            if v.gap and not out[-1].gap:
                out[-1] = v
            continue
        out.append(v)
    return [v for v in out if v.kind != "not"]  # «بدرود حیات گفت»: an idiom, no quote


# -- text structure ------------------------------------------------------------
_SENT_MARKS = re.compile("[«».!]")
_GUILLEMETS = re.compile("[«»]")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"\n", text + "\n"):
        if m.start() > start and text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    return spans


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Sentences of a paragraph: ends at . or ! followed by space (not inside «»)."""
    out, start, depth = [], s, 0
    for m in _SENT_MARKS.finditer(text, s, e):
        i = m.start()
        ch = text[i]
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth = max(0, depth - 1)
        elif ch in ".!" and depth == 0 and (i + 1 == e or text[i + 1].isspace()):
            out.append((start, i + 1))
            start = i + 1
    if text[start:e].strip():
        out.append((start, e))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in out if text[a:b].strip()]


def _guillemets(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, stack = [], []
    for m in _GUILLEMETS.finditer(text, s, e):
        i = m.start()
        if text[i] == "«":
            stack.append(i)
        elif text[i] == "»" and stack:
            a = stack.pop()
            if not stack:
                out.append((a, i + 1))
    return out


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def _skip(text: str, pos: int, chars: str = " \t\u200c") -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


# -- speakers ------------------------------------------------------------------
def _clause_start(text: str, s: int, v: int, persons: tuple[int, ...] = (), subordinate: bool = True) -> int:
    """Where the subject may begin: after a dateline or a leading narrative clause (and, with
    ``subordinate``, after an opening «با وجود این که …»). ``persons``: starts of person mentions; one inside
    a dateline is its subject («به گزارش فارس از قزوین سید مسعود نبوی‌فر، …»)."""
    s = _skip(text, s, " \t\u200c-–*•")  # a bullet opening the line («-فرستادگان ویژه …»)
    region = text[s:v]
    m = _LEAD_AGENCY.match(region)
    if m and match_agency(m.group(1)):
        s, region = s + m.end(), region[m.end():]
    m = _AGENCY_PREFIX.match(region)
    if m:
        comma = region.find("،", m.end())
        if comma != -1 and len(region[m.end():comma].split()) <= 14:
            inside = [p for p in persons if s + m.end() < p < s + comma]
            s = inside[0] if inside else s + comma + 1
        else:  # «به گزارش خبرنگار پارلمانی خبرگزاری فارس از قزوین X گفت»
            words = list(_WORD.finditer(region, m.end()))
            cut = m.end()
            for i, w in enumerate(words[:10]):
                if match_agency(w.group()) or _fold_word(w.group()) in ("فارس", "ایرنا", "ایسنا", "مهر", "تسنیم"):
                    cut = w.end()
                    if i + 2 < len(words) and _fold_word(words[i + 1].group()) == "از":
                        cut = words[i + 2].end()
            s = s + cut
    region = text[s:v]
    for m in re.finditer(r"(\S+)\s*،", region):
        head = fold(region[:m.start()])
        if "اینکه" in head.replace(" ", "") or "انکه" in head.split():
            break
        if "که" in head.split():
            break  # «X … که … برگزار شد، سخنرانی کرد و … گفت»: the comma closes a relative clause on X
        if fold(m.group(1)) in _FINITE and _np_end(text, _skip(text, s + m.end()), v) > _skip(text, s + m.end()):
            s = s + m.end()
            break
    s = _after_adverbial(text, s, v)
    m = _SUBORDINATE.match(text, s, v) if subordinate else None
    if m:  # «با وجود این که ایران همواره اعلام کرده …»: the subject of the subordinate clause
        s = m.end()
    m = _LEADING.match(text, s, v)
    s = m.end() if m else s
    if text[s:s + 2] == "و ":
        s += 2
    return s


def _after_adverbial(text: str, s: int, v: int) -> int:
    """Past a short leading adverbial phrase and its comma («پس از انتشار این خبر، ساکنان … خواستار … شدند»)
    when the subject follows it; ``s`` otherwise (not in «با بیان اینکه …،» clauses)."""
    lead = _LEADING.match(text, s, v)
    if lead and _np_end(text, lead.end(), v) > lead.end():  # «همچنین منصور واعظی، دبیرکل …»: the subject
        return s
    first = _WORD.search(text, s, v)
    comma = text.find("،", s, v)
    if first is None or comma == -1 or _fold_word(first.group()) not in _STOP \
            or _fold_word(first.group()) in ("که", "را"):
        return s
    head = fold(text[s:comma])
    if len(head.split()) > 8 or "اینکه" in head.replace(" ", "") or _np_end(text, s, v) > s:
        return s
    after = _skip(text, comma + 1)
    return after if _np_end(text, after, v) > after else s


def _np_end(text: str, s: int, v: int) -> int:
    """End of the subject noun phrase that starts at ``s`` (before ``v``)."""
    end = s
    for w in _WORD.finditer(text, s, v):
        between = text[end:w.start()]
        if end == s and w.group() == "و":
            s = end = w.end()
            continue
        if end > s and any(c in between for c in "،:؛"):
            break
        f = _fold_word(w.group())
        if f in _STOP and not (f == "از" and fold(text[s:end]) in _PART_OF):
            break
        end = w.end()
    return end


_WORD_FOLDS: dict[str, str] = {}


def _fold_word(word: str) -> str:
    """``fold(word)``, remembered (subject phrases fold the same few thousand words over and over)."""
    f = _WORD_FOLDS.get(word)
    if f is None:
        if len(_WORD_FOLDS) > 100_000:
            _WORD_FOLDS.clear()
        f = _WORD_FOLDS[word] = fold(word)
    return f


def _verbless(np: str) -> bool:
    """A subject phrase with no finite verb in it (not «بولتن دانشمندان اتمی آمریکا اعلام کرد در …»)."""
    return not any(_VERB_END.search(w) for w in fold(np).split())


# «یکی از مهمانان», «عده زیادی از افسران»: the part keeps «از …»
_PART_OF = {fold(w) for w in "یکی برخی تعدادی شماری گروهی عده‌ای بسیاری هیچ‌یک".split()} | {
    fold(a + " " + b) for a in ("عده", "تعداد", "شمار", "گروه", "جمع") for b in ("زیادی", "کثیری", "انبوهی")}


_KE = re.compile(r"(?<!\w)که(?!\w)")
_VERB_END = re.compile(fold("^ن?(?:کرد|شد|گرفت|داد|داشت|نمود|گردید|آمد|رفت|است|بود|اند)(?:ند|یم|ید|م|ی)?$"))
_THAT_NOT = {fold(w) for w in "این آن چنان چنانچه همان همانطور همان‌طور طور بلکه چرا".split()}


def _after_that(text: str, cs: int, v: int, mentions: list[tuple[int, int, str, str]],
                entities: dict[str, dict[str, Any]]) -> int:
    """Start of a person named as the subject of a «که» clause holding the verb («… دیدار کردند که در پایان
    سولانا به خبرنگاران گفت», «… منتشر کرد که پیمان قربانی، معاون … گفته است»): within the first four
    words after the last «که» (one after «این/آن …», as in «با تأکید بر این که», is passed over), not after a
    preposition, not an object («را»), and with no comma between it
    and the verb (but one right after it); ``cs`` otherwise. The «که» must follow a finite verb («…
    دیدار کردند که», «… پیگیر شدیم که»): a relative clause on the subject («یعقوبی که … است، گفت»,
    «والتر ساباتینی که به تازگی مدیر ورزشی رم شده است … گفت») keeps ``cs``."""
    if _KE.search(fold(text[cs:v])) is None:
        return cs
    words = [(w.start(), w.end(), _fold_word(w.group())) for w in _WORD.finditer(text, cs, v)]
    for k in sorted((n for n, w in enumerate(words) if w[2] == "که" and n > 0), reverse=True):
        if words[k - 1][2] in _THAT_NOT:  # «با تأکید بر این که …»: look at an earlier «که»
            continue
        if not _VERB_END.search(words[k - 1][2]) or "اینکه" in fold(text[cs:words[k][0]]).replace(" ", ""):
            return cs
        return _that_subject(text, words, k, v, mentions, entities, cs)
    return cs


def _that_subject(text: str, words: list[tuple[int, int, str]], k: int, v: int,
                  mentions: list[tuple[int, int, str, str]], entities: dict[str, dict[str, Any]], cs: int) -> int:
    """The person opening the clause after the «که» at word ``k`` (see :func:`_after_that`), else ``cs``."""
    tail = words[k + 1:k + 5]
    starts = [(m[0], m[1]) for m in mentions if m[2] != "pronoun" and entities.get(m[3], {}).get("type") == "PER"]
    names = _first_names()
    starts += [(w[0], tail[n + 1][1]) for n, w in enumerate(tail[:-1]) if w[2] in names]  # a name NER missed
    for a, b in sorted(starts):
        n = next((n for n, w in enumerate(tail) if w[0] == a), None)
        if n is None or (n > 0 and tail[n - 1][2] in _PREP):
            continue
        after = _WORD.search(text, b, v)
        if after is not None and fold(after.group()) == "را":
            continue
        if text.find("،", _skip(text, b) + 1, v) == -1:
            return a
    return cs


def _fullest_title(ent: dict[str, Any]) -> str | None:
    """An unnamed person's fullest title as written («سخنگوی وزارت دفاع هند» for a later «این مقام هندی»)."""
    if ent.get("type") != "PER":
        return None
    roles = [r for r in ent.get("roles") or [] if isinstance(r, dict) and r.get("text")]
    return max(roles, key=lambda r: (len(r["text"]), -(r.get("start") or 0)))["text"] if roles else None


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Persian first names (search form), from the NER gazetteer."""
    lines = data_path("gazetteers/first_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(x.strip()) for x in lines if x.strip() and not x.startswith("#"))


@dataclass
class _Speaker:
    entity: str | None
    text: str
    span: tuple[int, int]
    name: str | None
    role: str | None


def _role_of(text: str, np: str) -> str | None:
    """``np`` if it opens with a role head or epithet (``roles.tsv``, ``epithets.tsv``) as whole words."""
    if not heads().may_start(first_key(np)):
        return None
    toks = tokenize(np[:60])
    return np if heads().match(toks, 0) is not None else None


def _speaker(text: str, s: int, v: int, mentions: list[tuple[int, int, str, str]],
             entities: dict[str, dict[str, Any]], prev: _Speaker | None, known: list[str],
             starts: list[int] | None = None) -> _Speaker | None:
    starts = [m[0] for m in mentions] if starts is None else starts  # of the (sorted) mentions
    lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, v)
    cs = _clause_start(text, s, v, tuple(m[0] for m in mentions[lo:hi] if m[2] != "pronoun"
                                         and entities.get(m[3], {}).get("type") == "PER"))
    that = _after_that(text, cs, v, mentions[lo:hi], entities)
    ne = _np_end(text, that, v)
    if that == cs and fold(text[cs:ne].strip()) in _DESCRIBE:  # «این در حالی است که یک دیپلمات غربی … گفت»
        k = re.search(r"(?<!\w)که(?!\w)", text[ne:v])
        if k is not None and _np_end(text, _skip(text, ne + k.end()), v) > _skip(text, ne + k.end()):
            cs = that = _skip(text, ne + k.end())
            ne = _np_end(text, cs, v)
    if that != cs and not any(m[0] == that for m in mentions[lo:hi]):  # a name the NER stage missed
        return _Speaker(None, text[that:ne], (that, ne), None, None)
    cs = that
    np = text[cs:ne].strip()
    cands = [m for m in mentions[lo:hi] if cs <= m[0]]
    chosen = None
    for m in cands:
        if m[0] <= max(ne, cs + 1):
            chosen = m
            break
    if chosen is None:
        for m in cands:
            ent = entities.get(m[3], {})
            before = [fold(w) for w in text[max(cs, m[0] - 20):m[0]].split()[-2:]]
            if np and np.split()[0] not in PRONOUNS and fold(np) not in _DESCRIBE \
                    and not text[cs:m[0]].rstrip(" \u200c«\"").endswith("،"):
                continue  # «فرد با اشاره به … سازمان تنظیم مقررات … افزود»: the subject as written
            if ent.get("type") in ("PER", "ORG") and not set(before) & _PREP:
                chosen = m
                break
    if chosen is not None and match_agency(text[chosen[0]:chosen[1]]):
        chosen = None
    if (chosen is not None and chosen[0] > cs and entities.get(chosen[3], {}).get("type") not in ("PER", None)
            and ((chosen[0] < ne and _verbless(text[cs:ne])) or _role_of(text, text[cs:chosen[0]]))):
        # «مسئول واحد خبر … شهرداری زاهدان گفت»: the organisation completes the role; «دولت خودخوانده
        # قره‌باغ کوهستانی … اعلام کرد»: a place or organisation inside the subject phrase only qualifies it
        chosen = None
    if chosen is not None:
        ent = entities.get(chosen[3], {})
        lead = _name_before_title(text, cs, chosen, ent, mentions[lo:hi]) if chosen[2] == "title" else None
        if lead is not None:  # «انوار سادات رییس جمهور مصر … خواست»: the name the tagger missed
            return _Speaker(chosen[3], text[lead[0]:chosen[1]], (lead[0], chosen[1]), text[lead[0]:lead[1]],
                            text[chosen[0]:chosen[1]])
        role = text[chosen[0]:chosen[1]] if chosen[2] == "title" else None
        for r in ent.get("roles") or []:
            if role is None and isinstance(r, dict) and r.get("start") is not None and cs <= r["start"] < v:
                role = r.get("text") or r.get("role")
        name = ent.get("name") or _fullest_title(ent)
        if chosen[2] == "pronoun" and prev is not None and (prev.entity != chosen[3] or not name):
            # «وی» opening a reporting clause: the previous quote's speaker (news convention) wins
            return _Speaker(prev.entity, text[chosen[0]:chosen[1]], (chosen[0], chosen[1]),
                            prev.name or prev.text, prev.role)
        return _Speaker(chosen[3] if ent else None, text[chosen[0]:chosen[1]], (chosen[0], chosen[1]),
                        name, role)
    words = np.split()
    if words and words[0] in PRONOUNS:  # «وی …»: the pronoun alone is the subject
        ne = cs + len(words[0])
        np, words = words[0], [words[0]]
        if prev is not None:
            return _Speaker(prev.entity, np, (cs, ne), prev.name or prev.text, prev.role)
    if not words and prev is not None:
        inside = _WORD.findall(text, cs, v)
        if inside[:1] == ["در"] and _document(inside[1:3]):  # «در این بیانیه … آمده است»: the issuer
            issuer = _issuer(text, cs, mentions, entities)
            if issuer is not None:
                return _Speaker(issuer.entity, "", (cs, cs), issuer.name, issuer.role)
            return _Speaker(prev.entity, "", (cs, cs), prev.name or prev.text, prev.role)
        if len(inside) > 4:  # a long subjectless clause: no speaker
            return _Speaker(None, "", (cs, cs), None, None)
        return _Speaker(prev.entity, "", (cs, cs), prev.name or prev.text, prev.role)  # implicit subject
    if not words or match_agency(np):
        return _Speaker(None, np, (cs, ne), None, None)
    if prev is not None and _document(words):  # «بیانیه در ادامه می‌افزاید»: the issuer speaks
        issuer = _issuer(text, cs, mentions, entities)
        if issuer is not None:
            return _Speaker(issuer.entity, np, (cs, cs + len(np)), issuer.name, issuer.role)
        return _Speaker(prev.entity, np, (cs, cs + len(np)), prev.name or prev.text, prev.role)
    for k in known:  # a speaker named before, followed by more words («اسحاقی تعداد مسافران … را»)
        if len(k) >= 3 and fold(np).replace(" ", "").startswith(k) and fold(np).replace(" ", "") != k:
            end = _prefix_end(text, cs, ne, k)
            if end:
                return _Speaker(None, text[cs:end], (cs, end), None, _role_of(text, text[cs:end]))
    words = list(_WORD.finditer(text, cs, ne))
    names = _first_names()
    for k in range(1, len(words) - 1):  # «… جلسه شورای اسلامی شهر تهران معصومه ابتکار»: the name the tagger missed
        if _fold_word(words[k].group()) in names and len(words) - k <= 3 and not _role_of(text, text[cs:ne]) \
                and not any(m[0] <= words[k].start() < m[1] for m in mentions):
            a, b = words[k].start(), words[-1].end()
            return _Speaker(None, text[a:b], (a, b), None, None)
    return _Speaker(None, np, (cs, cs + len(text[cs:ne].rstrip())), None, _role_of(text, np))


def _name_before_title(text: str, cs: int, title: tuple[int, int, str, str], ent: dict[str, Any],
                       mentions: list[tuple[int, int, str, str]]) -> tuple[int, int] | None:
    """The words between the clause start and an unnamed person's title when they are a name the tagger
    missed («انوار سادات رییس جمهور مصر», «امروز خاویر سولانا مسئول …»): two words (three from a first name)
    after nothing but adverbs, with no mention, role, pronoun, description, function word or digit, and
    nothing but spaces or quote marks between them and the title."""
    if ent.get("type") != "PER" or ent.get("name") or title[0] <= cs:
        return None
    words = list(_WORD.finditer(text, cs, title[0]))
    lead = len(words)
    while lead > 0 and len(words) - lead < 3 and _fold_word(words[lead - 1].group()) not in _STOP:
        lead -= 1
    if len(words) - lead == 3 and _fold_word(words[lead].group()) not in _first_names():
        lead += 1  # «جلسه علی احمدی»: three words only from a first name on («محمد علی احمدی»)
    if any(_fold_word(w.group()) not in _STOP for w in words[:lead]):
        return None  # only adverbs before the name («امروز خاویر سولانا مسئول …»)
    words = words[lead:]
    if not 2 <= len(words) <= 3 or text[words[-1].end():title[0]].strip(" \u200c«»\"") \
            or any(m[0] < title[0] and m[1] > words[0].start() for m in mentions if m != title):
        return None
    for w in words:
        f = _fold_word(w.group())
        if f in _STOP or f in _PREP or f in _DESCRIBE or f in _NOT_PERSON or f in PRONOUNS or _DIGIT.search(f) \
                or f == "و" or _VERB_END.search(f):
            return None
    if _role_of(text, text[words[0].start():title[0]]) or heads().may_start(first_key(words[-1].group())):
        return None
    return words[0].start(), words[-1].end()


def _newer(text: str, speaker: _Speaker, after: int, mentions: list[tuple[int, int, str, str]],
           entities: dict[str, dict[str, Any]]) -> _Speaker:
    """«وی» after a paragraph that opens with another named person («پائولو اتوری … برگزیده است. ⏎ وی
    گفت: …»): that person (as the entity stage resolved the pronoun), not the previous quote's speaker."""
    at = next((m for m in mentions if m[0] == speaker.span[0] and m[2] == "pronoun"), None)
    ent = entities.get(at[3], {}) if at is not None else {}
    if at is None or at[3] == speaker.entity or ent.get("type") != "PER" or not ent.get("name"):
        return speaker
    for m in mentions:
        if m[3] != at[3] or m[2] == "pronoun" or not after <= m[0] < speaker.span[0]:
            continue
        ps = text.rfind("\n", 0, m[0]) + 1
        if _clause_start(text, ps, m[1], (m[0],)) >= m[0] - 1:  # it opens its paragraph
            return _Speaker(at[3], speaker.text, speaker.span, ent["name"], None)
    return speaker


_ISSUED = re.compile(r"(?<!\w)(?:بیانیه|اطلاعیه|اعلامیه|نامه|پیامی)(?:[\u200c ]?ای)?(?!\w)")


def _issuer(text: str, cs: int, mentions: list[tuple[int, int, str, str]],
            entities: dict[str, dict[str, Any]]) -> _Speaker | None:
    """Who issued the document a clause at ``cs`` quotes («… وزارت امور خارجه آمریکا طی بیانیه‌ای … محکوم کرد.
    در این بیانیه آمده است»): the person or organisation opening the latest sentence, in this paragraph or
    the one before, that names an indefinite document («بیانیه‌ای», «اعلامیه‌ای»): its first person or
    organisation not after a preposition; ``None`` if there is none."""
    ps = text.rfind("\n", 0, cs)
    back = text.rfind("\n", 0, max(ps, 0))
    back = text.rfind("\n", 0, back) if back > 0 and not text[back:ps].strip() else back
    doc = None
    for m in _ISSUED.finditer(text, back + 1, cs):
        if "ای" in m.group()[-3:] or m.group().endswith("پیامی"):
            doc = m
    if doc is None:
        return None
    ss = max(text.rfind(".", 0, doc.start()), text.rfind("\n", 0, doc.start())) + 1
    start = _clause_start(text, ss, doc.start())
    for m in mentions:
        ent = entities.get(m[3], {})
        before = text[max(start, m[0] - 12):m[0]].split()[-1:]
        if start <= m[0] < doc.start() and m[2] != "pronoun" and ent.get("type") in ("PER", "ORG") \
                and not match_agency(text[m[0]:m[1]]) and not (before and fold(before[0]) in _PREP):
            role = next((r.get("text") or r.get("role") for r in ent.get("roles") or []
                         if isinstance(r, dict) and r.get("start") is not None and ss <= r["start"] < doc.start()),
                        None)
            return _Speaker(m[3], text[m[0]:m[1]], (m[0], m[1]), ent.get("name") or _fullest_title(ent), role)
    return None


@lru_cache(maxsize=1)
def _documents() -> frozenset[str]:
    return frozenset(_key(p) for row in read_tsv("epithets.tsv") if row["kind"] == "document"
                     for p in row["phrases"].split("|"))


def _document(words: list[str]) -> bool:
    """Is the subject a document noun («بیانیه», «این بیانیه», «متن نامه»)?"""
    if words and words[0] == "این":
        words = words[1:]
    docs = _documents()
    return bool(words) and (_key(words[0]) in docs or _key(" ".join(words[:2])) in docs)


def _name_roles(text: str, quotes: list[Span], entities: dict[str, dict[str, Any]],
                mentions: list[tuple[int, int, str, str]]) -> None:
    """A speaker known only by a role the entity stage did not tie to a name («مدیر حوزه‌های علمیه کشور خبر
    داد», an unnamed title entity, or a title the tagger took for a name) or by a description («این مشاوره
    خانواده») is the previous quote's named speaker; in the first quote, or when «نیز» follows the role
    («معاون … نیز گفت»: someone else), a role or an indefinite description («یک متخصص ارتباطات») is the
    next quote's named speaker (for the lead, else the named person opening the next paragraph). A named
    speaker is a person entity with a name, else a short subject as written that is no role, description
    or pronoun («مقدمی»). Quotes that took such a speaker from the one before («وی افزود») follow it."""
    def named(q: Span | None, org: bool = False) -> tuple[str | None, str] | None:
        if q is None:
            return None
        d = q.data
        e = entities.get(d["speaker"] or "", {})
        if e.get("type") == "PER" and e.get("name") and not _role_of(text, e["name"]):
            return d["speaker"], e["name"]
        if org and e.get("type") == "ORG" and e.get("name"):  # «این روزنامه» after «نیویورک تایمز … نوشت»
            return d["speaker"], e["name"]
        said = d["speaker_text"] or ""
        if not d["speaker"] and (not said or said in PRONOUNS):  # it followed a speaker known by text
            said = d["speaker_name"] or ""
        words = said.split()
        sp = d.get("speaker_span") or [0, 0]
        relative = fold(text[sp[1]:sp[1] + 4]).split()[:1] == ["که"]  # «اتفاقی که به گفته …»
        if (not d["speaker"] and not d["role"] and 0 < len(words) <= 2 and said not in PRONOUNS and not relative
                and fold(words[0]) not in _DESCRIBE | _NOT_PERSON and not _DIGIT.search(said)
                and not _role_of(text, said)):
            return None, said
        return None

    title_end = text.find("\n")  # quotes ending before it are in the headline
    fixed: dict[str, tuple[str | None, str]] = {}
    by_entity: dict[str, tuple[str | None, str]] = {}  # unnamed entity -> the named speaker it was found to be
    for n, q in enumerate(quotes):
        d = q.data
        said = d["speaker_text"]
        if d["speaker"] in by_entity:
            d["speaker"], d["speaker_name"] = by_entity[d["speaker"]]
            continue
        ent = entities.get(d["speaker"] or "", {})
        if d["speaker"] and ent.get("type") == "PER" and not ent.get("name") and d["role"] and said \
                and d["speaker_name"] and said.startswith(d["speaker_name"]) and said != d["speaker_name"]:
            by_entity[d["speaker"]] = d["speaker"], d["speaker_name"]  # named by _name_before_title
            continue
        unresolved = not d["speaker"] or (ent.get("type") == "PER" and (
            not ent.get("name") or bool(_role_of(text, ent["name"]))))
        if not unresolved or not said or said in PRONOUNS:
            if not d["speaker"] and d["speaker_name"] in fixed:
                d["speaker"], d["speaker_name"] = fixed[d["speaker_name"]]
            continue
        first = fold(said.split()[0])
        if not d["speaker"] and len(said.split()) == 1 and first in _ORG_NOUNS:  # «سازمان … مدعی شد»
            got = _latest_org(text, mentions, entities, first, d["speaker_span"][0])
            if got is not None:
                d["speaker"], d["speaker_name"] = got
            continue
        words = said.split()
        if fixed and not d["speaker"] and len(words) > 2 and not d["role"] and not _role_of(text, said):
            like = next((got for k, got in fixed.items() if fold(k).split()[:2] == [fold(w) for w in words[:2]]), None)
            if like is not None:  # «مرد شماره دو القاعده» after «مرد شماره دو شبکه القاعده» was named
                fixed[d["speaker_name"]] = like
                d["speaker"], d["speaker_name"] = like
                continue
        lead = ((n == 0 or quotes[n - 1].end <= title_end) and not d["speaker"] and len(words) > 2
                and first not in _NOT_A_PERSON | _NOT_PERSON
                and not first.endswith(("ها", "های", "ان")) and "و" not in fold(said).split()
                and not _DIGIT.search(said))
        if not (d["role"] or _role_of(text, said) or first == fold("این") or (n == 0 and first == fold("یک"))
                or lead):  # the lead's description «مرد شماره دو شبکه القاعده»: the next named speaker
            continue
        sp = d.get("speaker_span") or [0, 0]
        also = fold(text[sp[1]:sp[1] + 6]).split()[:1] == [fold("نیز")]
        src = quotes[n - 1] if n > 0 and not also else (quotes[n + 1] if n + 1 < len(quotes) else None)
        if len(words) > 1 and fold(words[0]) in _DESCRIBE and fold(words[1]) in _ORG_NOUNS:
            # «این روزنامه»: the latest organisation that spoke (not a person quoted in between); the
            # lead's «یک روزنامه آمریکایی»: the first one after it
            near = reversed(quotes[max(0, n - 6):n]) if n > 0 else quotes[1:7]
            got = next((g for p in near if (g := named(p, True))
                        and entities.get(g[0] or "", {}).get("type") == "ORG"), None)
            if got is None and n > 0:  # no organisation spoke: the latest one of that kind mentioned
                got = _latest_org(text, mentions, entities, fold(words[1]), d["speaker_span"][0])
            if got is not None:
                fixed[d["speaker_name"]] = got
                d["speaker"], d["speaker_name"] = got
            continue
        got = named(src)
        if got is None and n == 0:  # the lead's title, then «به گزارش …، نادر حریری …» opening the body
            got = _body_subject(text, q.end, mentions, entities)
        if got is None and n == 0 and first == fold("این") and len(words) > 1 \
                and fold(words[1]) not in _NOT_A_PERSON and not fold(words[1]).endswith(("ها", "های")):
            got = _latest_person(text, mentions, entities, sp[0])  # «مینو عابدی … ⏎ این ورزشکار اصفهانی … مدعی شد»
        if got is not None and _may_hold(ent, entities.get(got[0] or "", {})):
            fixed[d["speaker_name"]] = got
            if d["speaker"]:
                by_entity[d["speaker"]] = got
            d["speaker"], d["speaker_name"] = got


_DESCRIBE = {fold(w) for w in "این آن یک همین".split()}
# nouns of bodies a description «این …» may stand for (the previous speaker, an organisation)
_ORG_NOUNS = {fold(w) for w in ("روزنامه رسانه خبرگزاری نشریه پایگاه شبکه هفته‌نامه ماهنامه سایت مجله "
                                "تلویزیون رادیو وزارتخانه سازمان نهاد حزب گروه جنبش اتحادیه دولت").split()}


def _latest_org(text: str, mentions: list[tuple[int, int, str, str]], entities: dict[str, dict[str, Any]],
                noun: str, before: int) -> tuple[str, str] | None:
    """The organisation named with ``noun`` («خبرگزاری رویترز» for «این خبرگزاری …») mentioned last before
    ``before``, by its fullest name in the article («سازمان مجاهدین خلق» for a «سازمان مجاهدین»)."""
    for m in reversed(mentions):
        ent = entities.get(m[3], {})
        if m[0] < before and ent.get("type") == "ORG" and ent.get("name") \
                and fold(ent["name"]).split()[:1] == [noun]:
            short = fold(ent["name"]) + " "
            longer = [(len(e["name"]), i) for i, e in entities.items() if e.get("type") == "ORG" and e.get("name")
                      and fold(e["name"]).startswith(short)]
            best = m[3] if not longer else max(longer)[1]
            return best, entities[best]["name"]
    return None


# description heads that are no one person already named («این منبع آگاه», «این گزارش»)
_NOT_A_PERSON = {fold(w) for w in "منبع منابع گزارش خبر مسئول مسوول مقام فرد شخص اعضا اعضای مقامات".split()}


def _latest_person(text: str, mentions: list[tuple[int, int, str, str]], entities: dict[str, dict[str, Any]],
                   before: int) -> tuple[str, str] | None:
    """The named person last mentioned by name before ``before``, if that mention opens its clause (a
    sentence subject) in this paragraph or the one before."""
    ps = text.rfind("\n", 0, before)
    back = text.rfind("\n", 0, max(ps, 0))
    back = text.rfind("\n", 0, back) if back > 0 and not text[back:ps].strip() else back
    for m in reversed(mentions):
        ent = entities.get(m[3], {})
        if m[0] >= before or m[2] in ("pronoun", "title") or ent.get("type") != "PER" or not ent.get("name"):
            continue
        if m[0] <= back:
            return None
        ss = max(text.rfind(".", 0, m[0]), text.rfind("\n", 0, m[0]), text.rfind("،", 0, m[0])) + 1
        return (m[3], ent["name"]) if _clause_start(text, ss, m[1], (m[0],)) >= m[0] - 1 else None
    return None


def _body_subject(text: str, end: int, mentions: list[tuple[int, int, str, str]],
                  entities: dict[str, dict[str, Any]]) -> tuple[str | None, str] | None:
    """The named person who is the subject of the paragraph after ``end`` («به گزارش فارس، X …»)."""
    ps = text.find("\n", end)
    if ps == -1:
        return None
    ps = _skip(text, ps, " \t\n\u200c")
    pe = text.find("\n", ps)
    pe = len(text) if pe == -1 else pe
    persons = [m for m in mentions if ps <= m[0] < pe and m[2] != "pronoun"
               and entities.get(m[3], {}).get("type") == "PER" and entities[m[3]].get("name")]
    cs = _clause_start(text, ps, pe, tuple(m[0] for m in persons))
    m = next((m for m in persons if cs <= m[0] <= cs + 2), None)
    if m is not None:
        return m[3], entities[m[3]]["name"]
    # a name the tagger missed, at the clause start or right after the agency («به گزارش فارس احمد سالک …»)
    words = list(_WORD.finditer(text, ps, pe))[:14]
    for k, (a, b) in enumerate(zip(words, words[1:], strict=False)):
        at = cs - 1 <= a.start() <= cs + 2 or (k > 0 and _fold_word(words[k - 1].group()) in _AGENCY_WORDS)
        if at and _fold_word(a.group()) in _first_names() and _fold_word(b.group()) not in _STOP \
                and not any(x <= a.start() < y for x, y, *_ in mentions):
            return None, text[a.start():b.end()]
    return None


_AGENCY_WORDS = {fold(w) for w in "فارس ایرنا ایسنا مهر تسنیم".split()}


# canonical roles (roles.tsv) that describe what a person does, not an office they hold
_DESCRIPTIVE = {fold(w) for w in "کارشناس فعال".split()}


def _may_hold(ent: dict[str, Any], other: dict[str, Any]) -> bool:
    """May the person ``other`` be the speaker whose entity ``ent`` the entity stage left unnamed? When both
    have roles: no conflicting country, and one role with the same head word (the entity stage kept them
    apart: «مسئول سیاست خارجی اتحادیه اروپا» is not «وزیر امور خارجه فرانسه»). A speaker with no roles
    known (no entity, or a title the tagger took for a name) may be anyone."""
    theirs = [r for r in other.get("roles") or [] if isinstance(r, dict) and r.get("role")]
    mine = [r for r in ent.get("roles") or [] if isinstance(r, dict) and r.get("role")]
    if not theirs or not mine:
        return True
    countries = {r.get("country") for r in mine} - {None}
    if {fold(r["role"]) for r in mine} <= _DESCRIPTIVE:  # «کارشناس روس»: an expert may hold any office
        return not (countries and {r.get("country") for r in theirs} - {None}) or bool(
            countries & {r.get("country") for r in theirs})
    if countries and not countries & {r.get("country") for r in theirs}:
        return False
    return bool({fold(r["role"].split()[0]) for r in mine} & {fold(r["role"].split()[0]) for r in theirs})


def _prefix_end(text: str, s: int, e: int, key: str) -> int | None:
    """End of the shortest run of words from ``s`` whose key is ``key``."""
    for w in _WORD.finditer(text, s, e):
        got = fold(text[s:w.end()]).replace(" ", "")
        if got == key:
            return w.end()
        if not key.startswith(got):
            return None
    return None


# -- quotes --------------------------------------------------------------------
def find_quotes(text: str, mentions: list[tuple[int, int, str, str]] | None = None,
                entities: dict[str, dict[str, Any]] | None = None) -> list[Span]:
    """Quote spans over ``text`` given entity mentions ``(start, end, kind, entity_id)``."""
    mentions = sorted(mentions or [])
    starts = [m[0] for m in mentions]
    entities = entities or {}
    verbs = find_verbs(text)
    quotes: list[Span] = []
    prev: _Speaker | None = None
    known: list[str] = []  # keys of the speakers seen so far (texts and names)
    interview = False
    for ps, pe in _paragraphs(text):
        para = text[ps:pe]
        if _QUESTION.match(para) and ":" in para[:20]:
            interview = True
            continue
        if interview:
            continue
        pverbs = [v for v in verbs if ps <= v.start < pe]
        if not pverbs:
            continue
        blocked = _guillemets(text, ps, pe)
        sents = _sentences(text, ps, pe)
        consumed = ps
        for si, (ss, se) in enumerate(sents):
            if ss < consumed:
                continue
            sv = [v for v in pverbs if ss <= v.start < se and not _inside(v.start, blocked)]
            last_end, last_speaker, coord = ss, None, False
            for k, v in enumerate(sv):
                if v.start < last_end:
                    continue
                after = _skip(text, v.end)
                nxt = text[after] if after < len(text) else ""
                has_later = any(w.start > v.end for w in sv[k + 1:])
                follows_and = text[after:after + 2] == "و " and has_later
                colon = nxt == ":"
                opens = nxt == "«" or (colon and text[_skip(text, after + 1, " ")] == "«")
                that = fold(text[after:after + 3]).startswith("که") and (after + 2 >= len(text) or not
                                                                          text[after + 2].isalpha())
                if v.kind == "deem":
                    that = False  # «… را … دانست که …»: a relative clause, not the content
                if has_later and not (follows_and or colon or opens or that):
                    continue  # a reporting verb in a subordinate clause of a later one
                if v.present and not text[ss:v.start].strip(" \u200c،"):
                    continue  # «یادآور می‌شود؛ …», «گفتنی است»: the agency's aside, no speaker
                if not (colon or opens or that) and _topic_before(text, ss, v.start):
                    continue  # «… مطالبی بیان کرده و …»: a topic, nothing said
                if v.canonical in _NEEDS_CONTENT_AFTER and not (colon or opens or that or _bare_after(text, ss, v, se)):
                    continue
                if v.kind == "request":
                    region = fold(text[ss:v.start]).split()
                    if "از" not in region or nxt in ("", ".", "،"):
                        continue
                speaker = last_speaker if coord and last_speaker else _speaker(
                    text, ss if not coord else last_end, v.start, mentions, entities, prev, known, starts)
                if speaker is not None and speaker.text in PRONOUNS and quotes:
                    speaker = _newer(text, speaker, quotes[-1].end, mentions, entities)
                if v.kind == "source":
                    speaker, content = _source(text, v, se, mentions, entities, known)
                    if speaker is not None and speaker.text in PRONOUNS and prev is not None:  # «به گفته وی»
                        speaker = _Speaker(prev.entity, speaker.text, speaker.span, prev.name or prev.text, prev.role)
                    label = "indirect"
                    end = se
                elif colon or opens:
                    label = "direct"
                    cstart = _skip(text, after + 1 if colon else after, " \u200c")
                    if text[cstart:cstart + 1] == "«":
                        close = next((b for a, b in blocked if a == cstart), se)
                        content, end = (cstart + 1, close - 1), max(close, se)
                    else:
                        end = se
                        j = si + 1
                        while j < len(sents) and not _new_clause(text, sents[j], pverbs, blocked):
                            end = sents[j][1]
                            j += 1
                        content = (cstart, end)
                    consumed = end
                elif v.gap:
                    label, content, end = "indirect", v.gap, v.end
                    if that:
                        content, end = (v.gap[0], se), se
                elif that:
                    label = "indirect"
                    content, end = (_skip(text, after + 2, " \u200c"), se), se
                    later = [w for w in sv[k + 1:] if text[_skip(text, w.end):_skip(text, w.end) + 1] in (":", "«")]
                    cut = text.rfind(" و ", v.end, later[0].start) if later else -1
                    if cut != -1:
                        content, end, that, follows_and = (content[0], cut), cut, False, True
                else:
                    label = "indirect"
                    cstart = speaker.span[1] if speaker and speaker.span[1] > ss else ss
                    if coord:
                        cstart = last_end
                    cstart = _LEADING.match(text, cstart, v.start).end()
                    if (speaker and not speaker.entity and speaker.text and _key(speaker.text) not in known
                            and speaker.text not in PRONOUNS and " را " in f" {fold(text[cstart:v.start])} "):
                        cstart = speaker.span[0]  # the subject phrase may hold the object: keep it all
                    if v.canonical == "ادامه داد" and " را " in f" {fold(text[ss:v.start])} ":
                        continue  # «… فعالیت‌های خود را … ادامه می‌دهد»: continues, says nothing
                    if v.canonical in _STATE and fold(text[ss:v.start]).split()[-1:] == ["را"]:
                        continue  # «… مشکلات خود را بیان کردند»: the object only names a topic
                    content = (cstart, v.start)
                    end = v.end
                    rest = text[_skip(text, v.end, " ،\u200c"):se].strip(" .")
                    if _SUBORDINATE.match(text, ss, v.start) and text[_skip(text, v.end):][:1] == "،":
                        rest = ""  # «پس از این که X بر … تأکید کرد، سازمان …»: the main clause is no content
                    if v.kind != "deem" and not follows_and and (
                            (content[1] - content[0] < 3 or v.kind == "request") and rest or len(rest.split()) >= 3):
                        content, end = (_skip(text, v.end, " ،\u200c"), se), se
                    if v.kind == "deem" and (" را " not in f" {fold(text[content[0]:content[1]])} " or (
                            v.canonical == "خواند" and _recited(text, content))):
                        continue
                content = (_skip(text, content[0], " \u200c»،"), content[1])
                content = (content[0], content[0] + len(text[content[0]:content[1]].rstrip(" .»")))
                if content[1] <= content[0]:
                    continue
                start = speaker.span[0] if speaker and speaker.text and speaker.span[0] < v.start else min(v.start, ss)
                quotes.append(Span(min(start, v.start, content[0]), max(end, content[1]), label, {
                    "speaker": speaker.entity if speaker else None,
                    "speaker_text": speaker.text if speaker else "",
                    "speaker_span": list(speaker.span) if speaker else None,
                    "speaker_name": (speaker.name or speaker.text or None) if speaker else None,
                    "role": speaker.role if speaker else None,
                    "verb": v.canonical,
                    "verb_span": [v.start, v.end],
                    "content": list(content),
                    "sentence": [ss, se],
                }))
                if speaker and speaker.text:
                    place = entities.get(speaker.entity or "", {}).get("type") in ("LOC", "GPE")
                    if not place and (speaker.entity or not (
                            text[v.start:v.end].endswith("ند") or _DIGIT.search(speaker.text)
                            or fold(speaker.text.split()[0]) in _NOT_PERSON)):
                        prev = speaker  # a place, a plural or numeric subject («حدود سه هفته … گفتند») is no «وی»
                    keys = [_key(speaker.text), _key(speaker.name or "")]
                    if len(speaker.text.split()) > 1 and not _role_of(text, speaker.text):
                        keys.append(_key(speaker.text.split()[-1]))  # the surname
                    known.extend(k for k in keys if k and k not in known and k not in PRONOUNS)
                last_speaker, last_end = speaker, v.end
                coord = follows_and
                if label == "direct" or (that and not follows_and):
                    break
                last_end = max(last_end, v.end)
    _name_roles(text, quotes, entities, mentions)
    _title_before_name(quotes, entities, mentions)
    _plural_pronouns(text, quotes)
    return quotes


_THEY = {fold(w).replace(" ", "") for w in ("آن‌ها", "آنها", "آنان")}


def _plural_pronouns(text: str, quotes: list[Span]) -> None:
    """«آن‌ها گفتند …»: the speaker of the latest of the three quotes before whose verb is plural
    («کتابداران … گفتند»)."""
    for n, q in enumerate(quotes):
        vs, ve = q.data["verb_span"]
        if _key(q.data["speaker_text"] or "") not in _THEY or _PRESENT.search(text[vs:ve]):
            continue  # «آنها می‌گویند …»: people in general, no one reported
        for p in quotes[max(0, n - 3):n][::-1]:
            vs, ve = p.data["verb_span"]
            if text[vs:ve].endswith("ند") and not _PRESENT.search(text[vs:ve]) \
                    and _key(p.data["speaker_text"] or "") not in _THEY | {""}:
                q.data["speaker"], q.data["speaker_name"] = p.data["speaker"], p.data["speaker_name"]
                break


_GOES_ON = {"افزود", "ادامه داد", "اضافه کرد"}


def _title_before_name(quotes: list[Span], entities: dict[str, dict[str, Any]],
                       mentions: list[tuple[int, int, str, str]]) -> None:
    """A title the entity stage tied to the previous speaker, followed by «X افزود» with a person named for
    the first time there («رئیس سازمان آموزش و پرورش … گفت: … ⏎ جلال امینی افزود: …»): the title is X's."""
    for q, nxt in zip(quotes, quotes[1:], strict=False):
        d, e = q.data, nxt.data
        if not d["role"] or d["speaker_text"] != d["role"] or not e["speaker"] or e["speaker"] == d["speaker"] \
                or e["verb"] not in _GOES_ON or e["speaker_text"] in PRONOUNS or e["role"]:
            continue
        ent = entities.get(e["speaker"], {})
        sp = e.get("speaker_span") or [0, 0]
        if ent.get("type") != "PER" or not ent.get("name") or sp[0] < q.end:
            continue
        if any(m[3] == e["speaker"] and m[0] < sp[0] for m in mentions):
            continue  # named before: the title may well be the previous speaker's
        d["speaker"], d["speaker_name"] = e["speaker"], ent["name"]


def _bare_after(text: str, ss: int, v: _Verb, se: int) -> bool:
    """«… نوشت رویترز از صحت آن اطلاع ندارد»: «نوشت» followed by a clause of four words or more, with no
    object of its own before it («نامه‌ای نوشت», «… را نوشت»)."""
    if v.canonical != "نوشت" or v.present or text[v.end:v.end + 1] not in (" ", "،"):
        return False
    before = text[ss:v.start]
    if not before.strip():  # «نوشت فاطمه …» opening a line of verse: no subject
        return False
    cut = before.rfind(" و ")
    own = fold(before[cut + 3 if cut != -1 else 0:]).split()
    if "را" in own or (own and own[-1].endswith(("ای", "یی"))) or _MODAL & set(own):
        return False  # «… را نوشت», «نامه‌ای نوشت», «می‌توان کتاب‌ها برای آن نوشت»
    rest = _WORD.findall(text, _skip(text, v.end, " ،\u200c"), se)
    return len(rest) >= 4 and fold(rest[0]) not in _NOT_CONTENT_START


def _topic_before(text: str, ss: int, v: int) -> bool:
    """Is the word before the verb at ``v`` an indefinite object naming a topic («مطالبی»)?"""
    w = text[max(ss, v - 20):v].split()
    return bool(w) and w[-1][-1:] == "ی" and fold(w[-1]) in _TOPIC_OBJECTS \
        and not (len(w) > 1 and fold(w[-2]) in _PREP | {"در", "طی"})  # «در گزارشی نوشت»: no object


_STATE = {"بیان کرد", "بیان داشت"}
_MODAL = {fold(w) for w in "می‌توان میتوان نمی‌توان باید نباید".split()}
_NOT_CONTENT_START = {fold(w) for w in "و که است بود شد اما ولی تا".split()}
# indefinite objects that only name a topic («مطالبی بیان کرد»): no quote unless a colon or «که» follows
_TOPIC_OBJECTS = {fold(w) for w in "مطالبی نکاتی سخنانی گزارشی مواردی توضیحاتی".split()}


# objects of «خواند» that are read or recited, not deemed («اشعاری را … خواندند», «نماز را … خواند»)
_RECITED = {fold(w) for w in "شعر شعری اشعار اشعاری سرود سرودی نماز دعا دعای قرآن آیات آیاتی خطبه خطبه‌های "
            "غزل غزلی قصیده قصیده‌ای نوحه مداحی زیارت‌نامه درس".split()}


def _recited(text: str, content: tuple[int, int]) -> bool:
    """Is the object before the first «را» of ``content`` something read aloud (a poem, a prayer)?"""
    words = fold(text[content[0]:content[1]]).split()
    k = words.index("را") if "را" in words else 0
    return k > 0 and (words[k - 1] in _RECITED or words[0] in _RECITED)


def _key(text: str) -> str:
    return fold(text).replace(" ", "")


def _new_clause(text: str, sent: tuple[int, int], verbs: list[_Verb], blocked: list[tuple[int, int]]) -> bool:
    """Does this sentence (after a direct quote) report something new: a past-tense verb with a subject?"""
    if not any(sent[0] <= w.start < sent[1] and not w.present and not _inside(w.start, blocked)
               and text[w.end - 1] != "ه" for w in verbs):  # a bare participle («… پیش‌بینی کرده و …») is no report
        return False
    cs = _clause_start(text, sent[0], sent[1], subordinate=False)  # «با وجود این که X … بیان کرد اما …»: still quoted
    return _np_end(text, cs, sent[1]) > cs


def _source(text: str, v: _Verb, se: int, mentions, entities, known) -> tuple[_Speaker | None, tuple[int, int]]:
    """«به گفته X، …»: the speaker right after the verb, the content after it."""
    s = _skip(text, v.end)
    m = next((m for m in mentions if s <= m[0] <= s + 2), None)
    comma = text.find("،", s, se)
    head = next((e for e in (_prefix_end(text, s, se, k) for k in known if len(k) >= 3) if e), None)
    if m is None and head:
        return _Speaker(None, text[s:head], (s, head), None, None), (_skip(text, head, " ،\u200c"), se)
    if m is not None:
        ent = entities.get(m[3], {})
        sp = _Speaker(m[3] if ent else None, text[m[0]:m[1]], (m[0], m[1]), ent.get("name"), None)
        end = comma if comma != -1 and len(text[m[1]:comma].split()) <= 8 else m[1]
    elif comma != -1 and len(text[s:comma].split()) <= 8:
        sp = _Speaker(None, text[s:comma].strip(), (s, comma), None, None)
        end = comma
    else:
        words = list(_WORD.finditer(text, s, se))[:2]
        end = words[-1].end() if words else s
        sp = _Speaker(None, text[s:end], (s, end), None, None)
    return sp, (_skip(text, end, " ،\u200c"), se)


def _mentions(art: Article) -> list[tuple[int, int, str, str]]:
    out = []
    for sp in art.spans.get("mentions", []):
        ent = (sp.data or {}).get("entity")
        if ent:
            out.append((sp.start, sp.end, sp.label, ent))
    if not out:  # no mention spans: use the entities' own mention lists
        for ent in art.entities:
            for m in ent.get("mentions") or []:
                out.append((m[0], m[1], m[2] if len(m) > 2 else "name", ent["id"]))
    return out


def quotes_stage(art: Article) -> Article:
    """Fill ``art.spans["quotes"]``: one span per reporting clause."""
    entities = {e["id"]: e for e in art.entities if "id" in e}
    art.spans["quotes"] = find_quotes(art.text, _mentions(art), entities)
    return art


__all__ = ["find_quotes", "find_verbs", "quotes_stage"]
