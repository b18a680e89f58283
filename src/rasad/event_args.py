"""Participants, places and phrases around an event trigger (for :mod:`rasad.events`).

Participants come from the article's mentions (``spans["mentions"]``, each
linked to an article entity, pronouns included) and, where no mention covers
the phrase, from the phrase itself (a noun-phrase chunk cut at stop words).
A participant is a dict::

    {"entity": "e1" | None, "entity_text": surface, "name": canonical name | None,
     "code": ISO3 | None, "sector": str | None, "office": role | None, "start": int, "end": int}
"""
from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .data import data_path
from .event_rules import place_country, place_re

try:
    from .actors import place_info as _place_info
except ImportError:  # the place data is optional here
    _place_info = None
_FOREIGN_KINDS = frozenset(("country", "capital", "city"))


@lru_cache(maxsize=8192)
def _foreign_place(name: str) -> str | None:
    """ISO3 of a place of the place data that is no common word (a country, capital or city), else None."""
    place = _place_info(name) if _place_info is not None else None
    if place is not None and place.iso3 and place.contained and place.kind in _FOREIGN_KINDS:
        return place.iso3
    return None


@lru_cache(maxsize=1)
def event_words() -> dict[str, tuple[str, ...]]:
    """The word lists of the event grammar: list name -> entries in file order (``data/event_words.tsv``)."""
    lists: dict[str, list[str]] = {}
    for n, line in enumerate(data_path("event_words.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, entry = line.partition("\t")
        if not sep or not entry.strip():
            raise ValueError(f"event_words.tsv line {n}: expected list_name<TAB>word_or_phrase, got {line!r}")
        lists.setdefault(name.strip(), []).append(entry.strip())
    return {name: tuple(entries) for name, entries in lists.items()}


def words(name: str) -> tuple[str, ...]:
    """The entries of one list of ``data/event_words.tsv``."""
    try:
        return event_words()[name]
    except KeyError:
        raise KeyError(f"event_words.tsv has no list {name!r}") from None


def alternation(name: str) -> str:
    """The list's entries as a regex alternation (no group) trying them in file order: the entries of a
    ``…_re`` list (regex fragments) as written, plain entries escaped (see :func:`_factored`)."""
    entries = words(name)
    return "|".join(entries) if name.endswith("_re") else _factored(entries)


def _factored(entries: Sequence[str]) -> str:
    """``a|b|…`` of escaped plain strings, with the common prefix of neighbouring entries factored out
    («قرار است|قرار بود» → «قرار (?:است|بود)»): the same alternatives tried in the same order, fewer
    branches to try."""
    out, i = [], 0
    while i < len(entries):
        j = i + 1
        while entries[i] and j < len(entries) and entries[j][:1] == entries[i][:1]:
            j += 1
        if j == i + 1:
            out.append(re.escape(entries[i]))
        else:
            prefix = os.path.commonprefix(list(entries[i:j]))
            out.append(re.escape(prefix) + "(?:" + _factored([e[len(prefix):] for e in entries[i:j]]) + ")")
        i = j
    return "|".join(out)


_WORD = re.compile(r"[^\s\u200c،,:؛;.!?؟()\[\]«»\"“”\-–—•*]+(?:\u200c[^\s\u200c،,:؛;.!?؟()\[\]«»\"“”\-–—•*]+)*")
_PUNCT_STOP = re.compile(r"[،,:؛;.!?؟()\[\]\n]")
# words that end a participant phrase
STOP = frozenset(words("stop"))
# a «با» followed by one of these does not introduce a participant
NOT_PARTY = frozenset(words("not_party"))
_REPORT = re.compile(r"^\s*(?:" + alternation("report_openers") + r")[^،,]*[،,]\s*")
_SAID = re.compile(r"^[^،,:.]{0,60}?(?:" + alternation("said_verbs") + r")(?:\s*[،,]\s*|\s+که\s+)"
                   r"|^[^،,:.]{0,60}?(?:" + alternation("said_bare") + r")\s+")
_LEAD_ADV = re.compile(r"^\s*(?:" + alternation("lead_adverbs") + r")\s*[،,]?\s*")
_COORD = re.compile(r"[ \u200c]*(?:[،,][ \u200c]*(?:و[ \u200c]+)?|و[ \u200c]+)")
_VERB_AND = re.compile(r"(?<![^ \u200c])(?:" + alternation("verb_and") + r")[ \u200c]*[،,]?[ \u200c]+و[ \u200c]+(?!گو)")
_POINTED = re.compile(r"(?<![^ \u200c])(?:" + alternation("pointed") + r")[ \u200c]*$")
_THIS_COUNTRY = re.compile(r"[ \u200c]*(?:" + alternation("demonstratives") + r")[ \u200c]+کشور(?![\u0621-\u06cc])")
# «در پی …», «در راستای …»: a clause opening with one of these has an adverbial, not a subject, first
_ADVERBIAL_HEADS = frozenset(words("adverbial_heads"))
_POSTED_IN = re.compile(r"[ \u200c]+در[ \u200c]+"
                        r"([^ \u200c،.:()]+(?:[ \u200c]+(?:" + alternation("posted_place_tails_re") + r"))?)")
# a clause opening with one of these has an adverbial up to its comma («با توجه به X که …، Y …»)
_ADVERBIAL_OPENER = re.compile(r"\s*(?:" + alternation("adverbial_openers") + r")(?![\u0621-\u06cc])")
_SOURCE = re.compile(r"\s*(?:" + alternation("source_openers") + r")\s")
_HONORIFICS = frozenset(words("honorifics"))
_BAD_START = frozenset(words("bad_start"))
_WAS_THAT = re.compile(r"[ \u200c]*(?:بود که|است که|،)?[ \u200c]*")
_NUMBERS = frozenset(words("numbers"))
_QUANTIFIERS = frozenset(words("quantifiers"))
_DETERMINERS = frozenset(words("determiners"))
_TIME_WORDS = frozenset(words("time_words"))
_SPAN_WORDS = frozenset(words("span_words"))
_GENERIC = frozenset(words("generic"))
_VENUES = frozenset(words("venues"))
_TOWARDS = frozenset(words("towards"))


@dataclass
class Mention:
    start: int
    end: int
    entity: str | None
    kind: str
    etype: str | None


def collect_mentions(article: Any) -> list[Mention]:
    """Mentions linked to entities, plus NER entity spans that no mention covers."""
    out: list[Mention] = []
    types = {e.get("id"): e.get("type") for e in article.entities or []}
    for s in article.spans.get("mentions", []):
        ent = (s.data or {}).get("entity")
        out.append(Mention(s.start, s.end, ent, s.label or "name", types.get(ent)))
    covered = bytearray(len(article.text) + 1)
    for m in out:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    for s in article.spans.get("entities", []):
        if not any(covered[s.start:s.end]):
            data = s.data or {}
            out.append(Mention(s.start, s.end, data.get("entity") or data.get("id"), "name", s.label or None))
    out.sort(key=lambda m: (m.start, -m.end))
    return out


class ArgFinder:
    """Finds participants and places in one article's text."""

    def __init__(self, article: Any):
        self.text: str = article.text
        self.mentions = collect_mentions(article)
        self.inner = bytearray(len(self.text) + 1)  # 1 at the characters after a mention's first one
        for m in self.mentions:
            self.inner[m.start + 1:m.end] = b"\x01" * max(0, m.end - m.start - 1)
        self.entities = {e.get("id"): e for e in article.entities or [] if e.get("id")}
        self.dates = sorted((d.start, d.end) for d in article.spans.get("dates", []))
        self.quotes = [(q.data["content"][0], q.data["content"][1], q.data) for q in article.spans.get("quotes", [])
                       if (q.data or {}).get("content") and q.data.get("speaker_span")]

    def speaker_at(self, pos: int) -> dict[str, Any] | None:
        """The speaker of the quote whose content holds *pos* («… گفت‌وگویی داشتم» → the speaker)."""
        for s, e, q in self.quotes:
            if s <= pos < e:
                ss, se = q["speaker_span"]
                ms = [m for m in self.mentions if m.start <= ss < m.end or ss <= m.start < se]
                if ms:
                    return self._from_mention(ms[0])
                return self.participant(ss, se)
        return None

    def posted_country(self, entity: str | None) -> str | None:
        """The country where the entity is posted («سفیر ژاپن در ایران» → IRN), from its roles in the text."""
        for role in (self.entities.get(entity or "", {}).get("roles") or []):
            if "سفیر" in (role.get("role") or "") or "کاردار" in (role.get("role") or ""):
                m = _POSTED_IN.match(self.text, role.get("end") or 0)
                if m and role.get("end"):
                    code = place_country(m.group(1))
                    if code:
                        return code
        return None

    # -- participants -------------------------------------------------------
    def participant(self, start: int, end: int) -> dict[str, Any] | None:
        """The participant of the phrase ``text[start:end]``: its first mention, else the phrase."""
        start, end = self._trim(start, end)
        if end <= start:
            return None
        ms = [m for m in self.mentions if m.start < end and start < m.end and m.etype not in ("DATE", "TIME")]
        if ms and all(w in _HONORIFICS for _, _, w in self.words(start, ms[0].start)):
            head = self._from_mention(ms[0])  # the head of the phrase (a name nested in a role comes later)
            if not head["code"]:  # «وزیر دارایی و اقتصاد ترکمنستان»: the country named later in the phrase
                head["code"] = next((c for c in (self._from_mention(m)["code"] for m in ms[1:]
                                                 if m.etype in ("LOC", "GPE")) if c), None)
            return head
        surface = " ".join(re.sub("[«»\"“”]", " ", self.text[start:end]).split())
        if surface in STOP or len(surface) < 2 or surface.split()[0] in _BAD_START:
            return None
        # a phrase whose head is no mention («خانواده قربانیان جنایت پاکدشت», «مقامات ارشد ترکمنستان»)
        code = next((c for c in (self._from_mention(m)["code"] for m in ms) if c), None)
        return {"entity": None, "entity_text": surface, "name": None, "code": code or self._code_of_text(surface),
                "sector": None, "office": None, "start": start, "end": end}

    def _from_mention(self, m: Mention) -> dict[str, Any]:
        ent = self.entities.get(m.entity or "", {})
        roles = ent.get("roles") or []
        office = roles[0].get("role") or roles[0].get("text") if roles else None
        code = ent.get("country") or (self._code_of_text(self.text[m.start:m.end])
                                      if m.etype in ("LOC", "GPE") else None)
        return {"entity": m.entity, "etype": m.etype, "entity_text": self.text[m.start:m.end], "name": ent.get("name"),
                "code": code, "sector": ent.get("sector"), "office": office, "start": m.start, "end": m.end}

    def _code_of_text(self, text: str) -> str | None:
        m = place_re().fullmatch(text.strip())
        return place_country(text) if m else None

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        t = self.text
        while start < end and t[start] in " \u200c\n«»\"“”'":
            start += 1
        while end > start and t[end - 1] in " \u200c\n«»\"“”'،,:":
            end -= 1
        return start, end

    def words(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(self.text, lo, hi)]

    def phrase(self, pos: int, hi: int, split_and: bool = False, max_words: int = 12) -> tuple[int, int]:
        """The participant phrase starting at *pos* (before *hi*): (start, end); start == end if none.

        Stops at punctuation, a stop word, «و» when *split_and*, or *max_words*;
        a stop word inside a mention does not stop it.
        """
        t = self.text
        start = end = prev_end = None
        n = 0
        last = first = ""
        for wm in _WORD.finditer(t, pos, hi):
            ws, we, w = wm.start(), wm.end(), wm.group()
            gap = t[end if end is not None else pos:ws]
            if _PUNCT_STOP.search(gap):
                break
            inside = self.inner[ws] == 1  # a stop word inside a mention does not end the phrase
            if not inside and n >= 1 and (w.isdigit() or w in _NUMBERS):
                break  # «ایران دو هزار تن کمک …»: a quantity starts the next phrase
            if not inside and n >= 1 and w.startswith(("می\u200c", "نمی\u200c")):
                break  # «با اسرا می‌روند»: a present-tense verb ends the phrase
            if not inside and (w in STOP or (split_and and w == "و")):
                if not (w == "از" and (n == 1 and last in _QUANTIFIERS or n == 2 and first in _QUANTIFIERS
                                       or n == 2 and last in ("تن", "نفر"))):
                    # «جمعی از بازاریان», «جمع زیادی از روحانیان», «سیزده تن از نمایندگان»
                    break
            if start is None:
                start, first = ws, w
            prev_end, end, last = end, we, w
            n += 1
            if n >= max_words:
                break
        if start is None:
            return pos, pos
        if last in ("و", "از") and prev_end is not None:
            end = prev_end
        # extend to the end of a mention that the phrase cuts
        for m in self.mentions:
            if m.start < end < m.end and m.end <= hi:
                end = m.end
        return start, end

    def clause_start(self, sent_start: int, pos: int, said: bool = True, coord: bool = True) -> int:
        """Start of the clause that ends at *pos*: after «به گزارش …،» and similar lead-ins (and, when
        *said*, after «X گفت،» / «X اعلام کرد که»)."""
        t = self.text
        s = sent_start
        colon = max(t.rfind(":", sent_start, pos), t.rfind("؛", sent_start, pos))
        if colon >= 0:
            s = colon + 1
        for m in _VERB_AND.finditer(t, s, pos) if coord else ():  # «… دارد و ما نیز …»: a clause after «verb و»
            s = m.end()
        for _ in range(3):
            seg = t[s:pos]
            m = _REPORT.match(seg) or _LEAD_ADV.match(seg) or (_SAID.match(seg) if said else None)
            if not m:
                break
            cut = next((x for x in self.mentions if x.start < s + m.end() - 1 < x.end), None)
            if cut is not None and m.re is _REPORT:  # «به نقل از اداره‌کل میراث فرهنگی، صنایع‌دستی و …،»
                comma = re.compile(r"[،,]\s*").search(t, cut.end, pos)
                s = comma.end() if comma else s + m.end()
            else:
                s += m.end()
        if _ADVERBIAL_OPENER.match(t, s, pos):  # «با توجه به نقش روسیه که …، ظریف با لاوروف دیدار کرد»
            comma = max(t.rfind("،", s, pos), t.rfind(",", s, pos))
            if comma > s:
                s = comma + 1
        m = _SOURCE.match(t, s, pos)
        if m:  # «به گزارش روابط عمومی X حسن زیاری …» with no comma: the subject follows the source's name
            src = next((x for x in self.mentions if m.end() <= x.start < pos), None)
            if src is not None and len(self.words(m.end(), src.start)) <= 3 and src.end < pos:
                s = src.end
        return s

    def subject(self, sent_start: int, pos: int) -> dict[str, Any] | None:
        """The clause subject: the first participant phrase of the clause ending at *pos*."""
        s = self.clause_start(sent_start, pos)
        # skip leading time adverbs («ظهر امروز»)
        words = self.words(s, pos)
        i = 0
        while i < len(words) and (words[i][2] in _TIME_WORDS or words[i][2] in ("روز", "(", "در", "طی")) and i < 3:
            i += 1
        if 0 < i < len(words) and words[i - 1][2] in ("طی", "در"):
            while i < len(words) and words[i][2] in _SPAN_WORDS:
                i += 1  # «طی هفته اخیر «جان کری» …»: a leading time span
        if i:
            s = words[i][0] if i < len(words) else pos
        for ds, de in self.dates:  # «دو سال پیش بود که …», «روز گذشته …»: a leading date is no subject
            if s <= ds <= s + 1 and de < pos:
                s = de
                m = _WAS_THAT.match(self.text, s, pos)
                s = m.end() if m else s
        ps, pe = self.phrase(s, pos)
        if pe > ps and i and words[i - 1][2] == "در" and self.text[ps:pe].split()[0] in _ADVERBIAL_HEADS:
            # «در پی تداوم تیرگی روابط روسیه با کشورهای غربی پوتین … سفر می‌کند»: an adverbial, no subject;
            # the subject is the last person or organisation named outside a prepositional phrase;
            # «در راستای …، X با Y دیدار کرد»: the phrase after the adverbial's comma
            comma = re.compile(r"[،,]\s*").search(self.text, pe, pos)
            if comma:
                qs, qe = self.phrase(comma.end(), pos)
                if qe > qs:
                    return self.participant(qs, qe)
            return self._bare_named(pe, pos)
        if pe > ps:
            return self.participant(ps, pe)
        inner = self.clause_start(sent_start, pos)
        for outer in (self.clause_start(sent_start, pos, said=False), self.clause_start(sent_start, pos, coord=False)):
            if outer < inner:  # «X گفت که با Y دیدار کرده است», «X به ایران سفر کرد و در دیدار با Y …»
                ps, pe = self.phrase(outer, inner)
                if pe > ps:
                    return self.participant(ps, pe)
        # «… بولسونارو که در این عمارت با ترامپ دیدار داشت»: the antecedent of the relative clause
        ke = [ws for ws, we, w in self.words(sent_start, pos) if w == "که"]
        if ke and not _PUNCT_STOP.search(self.text[ke[-1]:pos]):
            pointed = _POINTED.search(self.text, sent_start, ke[-1])
            if pointed:  # «می‌توان به X اشاره کرد که … با Y دیدار داشت»: X is the antecedent
                return self.after_marker("به", sent_start, pointed.start())
            return self.phrase_before(ke[-1], sent_start)
        return None

    def _bare_named(self, lo: int, hi: int) -> dict[str, Any] | None:
        """The last PER/ORG mention in [lo, hi) not right after a preposition."""
        for m in reversed([m for m in self.mentions if lo <= m.start and m.end <= hi and m.etype in ("PER", "ORG")]):
            prev = [w for w in self.words(max(lo, m.start - 40), m.start) if w[2] not in _HONORIFICS][-1:]
            if not prev or prev[0][2] not in STOP:
                return self._from_mention(m)
        return None

    def phrase_before(self, pos: int, lo: int, max_words: int = 8) -> dict[str, Any] | None:
        """The participant whose phrase ends right before *pos* (going back to a stop word or punctuation)."""
        start = pos
        for ws, we, w in reversed(self.words(lo, pos)[-max_words:]):
            if re.search(r"[،,:؛;.!?؟()\[\]\n]", self.text[we:start]) or w in STOP:
                break
            start = ws
        if start >= pos:
            return None
        ms = [m for m in self.mentions if m.start < pos and start < m.end and m.end <= pos]
        if ms:
            start = min(start, ms[0].start)
        return self.participant(start, pos)

    def coordinated(self, sent_start: int, pos: int) -> list[dict[str, Any]]:
        """«X، Y، Z و W … با هم دیدار کردند»: the participants of the clause's coordinated subject."""
        return self.coordinated_from(self._after_time(self.clause_start(sent_start, pos), pos), pos)

    def _after_time(self, s: int, pos: int) -> int:
        """*s* moved past leading time words («امروز», «روز»): «امروز X و Y با هم دیدار کردند»."""
        for ws, _, w in self.words(s, pos)[:3]:
            if w not in _TIME_WORDS and w != "روز":
                return ws
        return s

    def coordinated_from(self, lo: int, pos: int) -> list[dict[str, Any]]:
        """The participants of the list «X، Y و Z» that starts at *lo* (before *pos*)."""
        t = self.text
        out: list[dict[str, Any]] = []
        while True:
            ps, pe = self.phrase(lo, pos, split_and=True)
            if pe <= ps:
                break
            p = self.participant(ps, pe)
            if p is None:
                break
            out.append(p)
            m = _COORD.match(t, pe, pos)
            if not m:
                break
            lo = m.end()
        return out

    def between(self, lo: int, hi: int) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """«میان/بین X و Y» in [lo, hi): the two parties."""
        for _, we, w in self.words(lo, hi):
            if w in ("میان", "بین"):
                found = self.coordinated_from(we, hi)
                if len(found) >= 2:
                    return found[0], found[1]
        return None

    def split_subject(self, sent_start: int, pos: int) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """«X و Y … با هم دیدار کردند»: the subject phrase split on «و» into two participants."""
        s = self._after_time(self.clause_start(sent_start, pos), pos)
        ps, pe = self.phrase(s, pos)
        for ws, we, w in self.words(ps, pe):
            if w == "و" and ws > ps:
                a, b = self.participant(ps, ws), self.participant(we, pe)
                if a and b:
                    return a, b
        return None

    def after_marker(self, marker: str, lo: int, hi: int, last: bool = True,
                     split_and: bool = False) -> dict[str, Any] | None:
        """Participant after the (last) «marker» word in [lo, hi) that introduces one."""
        found = None
        for _, we, w in self.words(lo, hi):
            if w != marker:
                continue
            nxt = self.words(we, hi)[:1]
            if not nxt or nxt[0][2] in NOT_PARTY:
                continue
            ps, pe = self.phrase(we, hi, split_and=split_and)
            if pe > ps:
                found = (ps, pe)
                if not last:
                    break
        return self.participant(*found) if found else None

    def before_ra(self, lo: int, hi: int, subject_end: int) -> dict[str, Any] | None:
        """Participant of the object phrase before the last «را» in [lo, hi).

        Going back from «را», the phrase stops at a stop word or punctuation; it starts at a
        number or determiner («سه شرکت», «این ادعا»), and a place name right before «را» is
        the object on its own («آمریکا ایران را»).
        """
        ra = [ws for ws, we, w in self.words(lo, hi) if w == "را"]
        if not ra:
            return None
        r = ra[-1]
        words = self.words(max(lo, subject_end), r)
        start = r
        for k, (ws, we, w) in enumerate(reversed(words)):
            gap = self.text[we:start]
            if _PUNCT_STOP.search(gap) or (w in STOP and w not in _DETERMINERS):
                break
            start = ws
            if w in _DETERMINERS or w.isdigit():
                break
            if k == 0 and place_re().fullmatch(w) and len(words) > 1 and words[-2][2] not in _GENERIC:
                break  # «آمریکا ایران را»: the place alone is the object (but «سفیر ونزوئلا را» is one phrase)
        ms = [m for m in self.mentions if m.start < r and start < m.end]
        if ms:
            start = min(start, ms[-1].start)
            return self._from_mention(ms[-1])
        return self.participant(start, r) if start < r else None

    # -- places ----------------------------------------------------------------
    def place_after(self, pos: int, hi: int, max_skip: int = 2, known: bool = False) -> dict[str, Any] | None:
        """A place right after *pos* (after up to *max_skip* words such as «شهر», «محل», «کشور»); *known* also
        looks the words up in the place data (a destination the NER did not tag)."""
        t = self.text
        for m in self.mentions:
            if pos <= m.start < hi and m.etype in ("LOC", "GPE", "FAC") and len(self.words(pos, m.start)) <= max_skip:
                txt = t[m.start:m.end]
                ent = self.entities.get(m.entity or "", {})
                return {"text": txt, "country": ent.get("country") or place_country(txt),
                        "start": m.start, "end": m.end}
        pm = place_re().search(t, pos, hi)
        if pm and len(self.words(pos, pm.start())) <= max_skip:
            return {"text": pm.group(0), "country": place_country(pm.group(0)), "start": pm.start(), "end": pm.end()}
        return self._known_place(pos, hi, max_skip) if known else None

    def _known_place(self, pos: int, hi: int, max_skip: int) -> dict[str, Any] | None:
        """A place of the place data (rasad.actors) the NER did not tag («به نواکشوت سفر کرد»): 1–3 words
        after up to *max_skip* words; only names that are no common word and lie in a known country."""
        if _place_info is None:
            return None
        words = self.words(pos, min(hi, pos + 80))[:max_skip + 3]
        for i in range(min(max_skip + 1, len(words))):
            for n in (3, 2, 1):
                if i + n > len(words):
                    continue
                ps, pe = words[i][0], words[i + n - 1][1]
                code = _foreign_place(self.text[ps:pe])
                if code:
                    return {"text": self.text[ps:pe], "country": code, "start": ps, "end": pe}
        return None

    def location(self, lo: int, hi: int, trigger: int) -> dict[str, Any] | None:
        """Where the event took place: «در X», «در محل X» nearest the trigger in [lo, hi)."""
        best = None
        for ws, we, w in self.words(lo, hi):
            if w != "در":
                continue
            nxt = self.words(we, min(hi, we + 60))[:2]
            if nxt and nxt[0][2] in _VENUES:
                ps, pe = self.phrase(nxt[0][0], hi, max_words=5)
                place = self.place_after(we, hi) or {"text": self.text[ps:pe], "country": None, "start": ps, "end": pe}
                place = dict(place, venue=self.text[ps:pe])
            else:
                place = self.place_after(we, hi, known=True)  # «در نواکشوت با Y دیدار کرد»
            if place:
                d = abs(ws - trigger)
                if best is None or d < best[0]:
                    best = (d, place)
        return best[1] if best else None

    def visit_place(self, lo: int, hi: int, first: bool = False) -> dict[str, Any] | None:
        """Destination of «به X سفر کرد(ه)» / «سفر … به X» / «عازم X شد» in [lo, hi): the last one before a verb,
        the *first* one after a noun (the caller keeps [lo, hi) short there)."""
        found = None
        for _, we, w in self.words(lo, hi):
            if w in _TOWARDS:
                p = self.place_after(we, hi, max_skip=1, known=True)
                if p is None and _THIS_COUNTRY.match(self.text, we, hi):
                    p = self.place_before(we, max(0, we - 300))  # «… با چین به این کشور سفر می‌کند»
                if p:
                    found = p
                    if first:
                        break
        return found

    def place_before(self, pos: int, lo: int) -> dict[str, Any] | None:
        """The last place named in [lo, pos) (the antecedent of «این کشور»)."""
        t = self.text
        ms = [m for m in self.mentions if lo <= m.start and m.end <= pos and m.etype in ("LOC", "GPE")]
        if ms:
            m = ms[-1]
            ent = self.entities.get(m.entity or "", {})
            txt = t[m.start:m.end]
            return {"text": txt, "country": ent.get("country") or place_country(txt), "start": m.start, "end": m.end}
        last = None
        for pm in place_re().finditer(t, lo, pos):
            last = pm
        if last is None:
            return None
        name = last.group(0)
        return {"text": name, "country": place_country(name), "start": last.start(), "end": last.end()}


__all__ = ["ArgFinder", "Mention", "NOT_PARTY", "STOP", "alternation", "collect_mentions", "event_words",
           "words"]
