"""Events in PLOVER terms: who did what to whom, where and when.

:func:`events_stage` finds event triggers (``data/event_triggers.tsv``, read
by :mod:`rasad.event_rules`) in the article's title, lead and body, finds the
participants (:mod:`rasad.event_args`: article mentions and entities when the
NER and people stages ran, else the phrases themselves), the place, the date
(from ``spans["dates"]``), negation and future/planned marks, and writes
``article.spans["events"]``: one :class:`~rasad.article.Span` per event over
the evidence, labelled with the PLOVER event type. See ``docs/events.md``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any

from .article import Article, Span
from .event_args import NOT_PARTY, STOP, ArgFinder, alternation, words
from .event_rules import LETTERS, Rule, place_country, required_literals, rules, same_titles, skips
from .normalize import fold

_TOGETHER = re.compile(r"با[ \u200c]+(?:" + alternation("together") + r")(?![\u0621-\u06cc])")
_GOVERNED = re.compile(r"(?:^|[ \u200c])(?:" + alternation("governors") + r")"
                       r"(?:[ \u200c]+(?:" + alternation("governed_heads") + r"))?\s*$")
_GOVERNED_AND = re.compile(r"(?:^|[ \u200c])(?:" + alternation("governed_and_preps") + r")[ \u200c]+"
                           r"(?:[^ \u200c.،:؛]+[ \u200c]+){0,1}"
                           r"(?:" + alternation("governed_and_nouns") + r")(?![ \u200c]?ها)[^.،:؛]{0,80}[ \u200c]و\s*$")
_OWNER = re.compile(r"(?:^|[ \u200c])(" + alternation("speech_nouns") + r")[ \u200c]+([^.،:؛]{2,60}?)[ \u200c]+در\s*$")
_PLACE_PREFIX = re.compile(r"^(?:" + alternation("place_prefixes") + r")[ \u200c]+")
_FIRST_PERSON = re.compile(r"(?:[^ \u200cه]م|یم)$|(?:^|[ \u200c])خواه(?:م|یم) ")  # the verb's last word, or «خواهیم»
_FIRST_PRONOUNS = frozenset(words("first_pronouns"))
_FUTURE_AUX = re.compile(r"(?<![^ \u200c])(ن?)خواه(?:م|ی|د|یم|ید|ند)[ \u200c]+$")
_MEET_NOUN = re.compile(alternation("meet_nouns"))
_PILGRIMAGE = re.compile(r"(?<![\u0621-\u06cc])(?:" + alternation("pilgrimage") + r")(?![\u0621-\u06cc])")
_FIRST_PAST = re.compile(r"(?<![^ \u200c])(?:" + alternation("first_past_stems") + r")(?:م|یم)[ \u200c]*$")


def _clause_end(text: str, pos: int, e: int) -> int:
    """The end of the clause going on at *pos* (the next comma, semicolon or stop before *e*)."""
    m = re.compile(r"[،,؛:.!?؟]").search(text, pos, e)
    return m.start() if m else e

# an interviewer, not a party (data/event_words.tsv, list «media»)
_MEDIA = re.compile(r"(?:" + alternation("media") + r")(?![\u0621-\u06cc])")
_PURPOSE = re.compile(r"(?:^|[ \u200c])(?:" + alternation("purpose") + r")[ \u200c]+$")
_PRONOUNS = frozenset(words("pronouns"))
_SENT_END = re.compile(r"(?<=[.!?؟])(?=\s)|\n+")
_NEG_VERB = re.compile(r"^ن(?:" + alternation("neg_verb_stems") + r")")
_PLANNED_BEFORE = re.compile(r"(?:" + alternation("planned_before") + r"|"
                             r"(?<![^ \u200c])(?:" + alternation("planned_before_words") + r")(?![^ \u200c]))")
# a conditional or a modal before a nominal meeting: not stated as having happened
_HYPOTHETICAL = re.compile(r"(?<![^ \u200c])(?:" + alternation("hypothetical") + r")(?![^ \u200c])")
_NOUN_PLANNED_AFTER = re.compile(r"^[^.،]{0,60}?(?:" + alternation("noun_planned_after") + r")")
# the sentence's last verb is a future («X در مذاکراتش با Y، خواستار … خواهد شد»)
_REPORTED = re.compile(r"[:«]|(?<![^ \u200c])(?:" + alternation("reported_words") + r")(?![^ \u200c])")
_FUTURE_END = re.compile(r"(?:(?<![^ \u200c])ن?خواه(?:د|ند|م|یم)[ \u200c]+[^ \u200c.،:«»]+|"
                         r"(?<![^ \u200c])ن?می[ \u200c]?(?:" + alternation("future_end_stems") + r")(?:د|ند))"
                         r"[ \u200c]*[.!?؟]?[ \u200c]*$")
_NOUN_NEG_AFTER = re.compile(r"^[^.،]{0,60}?(?:" + alternation("noun_neg_after") + r")")
_NOUN_NEG_BEFORE = re.compile(r"(?:" + alternation("noun_neg_before") + r")\s*$")
# a request or a process («حین آغاز مذاکرات»)
_REQUEST_BEFORE = re.compile(r"(?:" + alternation("request_before") + r")\s*$")
# «دیدار می‌کنند», «به گفت‌وگو می‌پردازد»: a meeting told in the present tense is about to happen
_PRESENT = re.compile(r"^(?:ن?می[ \u200c]?(?:" + alternation("present_stems") + r")|"
                      r"(?:[^ \u200c]+[ \u200c]+)+ن?می[ \u200c]?(?:" + alternation("present_stems") + r"))"
                      r"(?:د|ند|م|یم|ید)$")
_SUBJUNCTIVE = re.compile(r"(?:^|[ \u200c])(?:" + alternation("subjunctive") + r")$")
_OTHER_EVENT = re.compile(r"(?<![^ \u200c])(?:" + alternation("other_events") + r")(?![\u0621-\u06cc])")
_WELCOME = re.compile(r"مورد[ \u200c]+استقبال(?:[ \u200c]+(رسمی|گرم))?[ \u200c]+")
_POSTED = re.compile(r"(?:" + alternation("envoy_titles") + r")[^،.]{1,40}?[ \u200c]در[ \u200c]+"
                     r"([^ \u200c،.]+(?:[ \u200c]+[^ \u200c،.]+)?)$")
_WITH_AFTER_PLACE = re.compile(r"[ \u200c]+در[ \u200c]+(?:[^ \u200c.،:؛]+[ \u200c]+){1,4}?با[ \u200c]")
_SIDELINES_OF = re.compile(r"حاشیه(?:[ \u200c]?ی)?[ \u200c]+$")
_WITH_NEXT = re.compile(r"(?:[ \u200c]*(?:خود|اخیر|ش|شان))?[ \u200c]+با[ \u200c]")
_SIDELINES = re.compile(r"در حاشیه(?:[ \u200c]ی)? ([^،,.:؛]{3,80}?)(?= صورت| انجام| برگزار| که|[،,.:؛]|$)")
_NOUN_TAIL = re.compile(r"(?:[ \u200c]*(?:" + alternation("noun_tail_re") + rf")(?![{LETTERS}]))*")
_PLURAL = re.compile("[\u200c ]?ها(?:ی)?(?![\u0621-\u06cc])")
_SPORTS = re.compile(r"(?<![\u0621-\u06cc])(?:" + alternation("sports") + r")(?![\u0621-\u06cc])")
_HOME_PLACES = frozenset(words("home_places"))
_CONTENT_FIELDS = ("surtitle", "title", "lead", "body")


def events_stage(article: Article) -> Article:
    """Fill ``article.spans["events"]`` (see the module docstring)."""
    finder = ArgFinder(article)
    events: list[dict[str, Any]] = []
    fields = _fields(article)
    headings = [(s, e) for name, s, e in fields if name != "body" or _subheading(article.text[s:e])]
    sentences = _sentences(article, _merge([(s, e) for _, s, e in fields]))
    for (s, e), candidates in zip(sentences, _candidates_by_sentence(article.text, sentences), strict=True):
        if not candidates:
            continue
        found = _sentence_events(article, finder, s, e, candidates)
        for ev in found:
            ev["_heading"] = any(hs <= s < he for hs, he in headings)
        events.extend(found)
    events = _inherit_visit_place(events)
    events = _dedupe(events, article.text)
    for ev in events:
        ev.pop("_visit", None)
        ev.pop("_heading", None)
        ev.pop("_noun", None)
    article.spans["events"] = [Span(ev.pop("_start"), ev.pop("_end"), ev.pop("_type"), ev) for ev in events]
    return article


# ---------------------------------------------------------------- regions and sentences
def _fields(article: Article) -> list[tuple[str, int, int]]:
    """(field name, start, end) of the content fields (surtitle, title, lead, body paragraphs) in the text."""
    out = []
    for name in _CONTENT_FIELDS:
        for rs, re_ in article.layout.get(name, []):
            s, e = article.text_span(rs, re_)
            if e > s:
                out.append((name, s, e))
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = sorted(spans)
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _subheading(paragraph: str) -> bool:
    """A body paragraph that reads as a subheading (short, no final stop): it restates a meeting the body
    reports, usually without its date (so do the title, surtitle and lead)."""
    return len(paragraph.split()) <= 16 and paragraph.rstrip()[-1:] not in ".!?؟:"


def _sentences(article: Article, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    regions = regions or [(0, len(article.text))]
    given = article.spans.get("sentences")
    if given:
        starts = [rs for rs, _ in regions]
        out = []
        for sp in given:
            i = bisect_right(starts, sp.start) - 1
            if i >= 0 and sp.start < regions[i][1]:
                out.append((sp.start, sp.end))
        return out
    out = []
    text = article.text
    for rs, re_ in regions:
        pos = rs
        for m in _SENT_END.finditer(text, rs, re_):
            if m.start() > pos:
                out.append((pos, m.start()))
            pos = m.end()
        if pos < re_:
            out.append((pos, re_))
    return [(s, e) for s, e in out if text[s:e].strip()]


# ---------------------------------------------------------------- triggers
_Candidates = tuple[tuple[Rule, tuple[tuple[str, ...], ...]], ...]


@lru_cache(maxsize=1)
def _rule_literals() -> tuple[tuple[Rule, tuple[frozenset[str], ...]], ...]:
    """Each rule (file order) with the sets of strings its every match holds one of (see
    :func:`~rasad.event_rules.required_literals`)."""
    return tuple((rule, required_literals(rule.pattern)) for rule in rules())


@lru_cache(maxsize=1)
def _first_literals() -> tuple[str, ...]:
    """The strings of the first (most selective) set of every rule."""
    return tuple(sorted({lit for _, sets in _rule_literals() if sets for lit in sets[0]}))


@lru_cache(maxsize=1)
def _rule_table() -> tuple[tuple[Rule, tuple[str, ...], tuple[tuple[str, ...], ...]], ...]:
    """(rule, strings of its first set, its other sets), in file order."""
    return tuple((rule, tuple(sets[0]) if sets else (), tuple(tuple(x) for x in sets[1:]))
                 for rule, sets in _rule_literals())


def _candidates_by_sentence(text: str, sentences: list[tuple[int, int]]) -> list[_Candidates]:
    """For each sentence, the rules that may match in it (a string of their first set occurs in it), in
    file order, each with its other sets to check (one pass over the text per string of a first set)."""
    starts = [s for s, _ in sentences]
    where: dict[str, set[int]] = {}
    for lit in _first_literals():
        i = text.find(lit)
        if i < 0:
            continue
        found = where[lit] = set()
        while i >= 0:
            k = bisect_right(starts, i) - 1
            if k >= 0 and i < sentences[k][1]:
                found.add(k)
                i = text.find(lit, sentences[k][1])  # the next sentence on
            else:
                i = text.find(lit, i + 1)
    per: list[list[int]] = [[] for _ in sentences]
    table = _rule_table()
    for idx, (_, first, _) in enumerate(table):
        if not first:
            for lst in per:
                lst.append(idx)
            continue
        ks = [where[lit] for lit in first if lit in where]
        for k in (ks[0] if len(ks) == 1 else set().union(*ks)):
            per[k].append(idx)
    return [tuple((table[i][0], table[i][2]) for i in sorted(lst)) if lst else () for lst in per]


def _matches(text: str, s: int, e: int, candidates: _Candidates | None = None) -> list[tuple[Rule, re.Match[str]]]:
    found: list[tuple[Rule, re.Match[str]]] = []
    if candidates is None:
        candidates = tuple((rule, tuple(map(tuple, sets))) for rule, sets in _rule_literals())
    find = text.find
    for rule, sets in candidates:
        # a rule can match in [s, e) only if a string of each of its sets is there
        for lits in sets:
            for lit in lits:
                if find(lit, s, e) >= 0:
                    break
            else:
                break
        else:
            for m in rule.pattern.finditer(text, s, e):
                found.append((rule, m))
    found.sort(key=lambda rm: (rm[1].start(), -(rm[1].end() - rm[1].start()), rm[0].kind != "verb"))
    kept: list[tuple[Rule, re.Match[str]]] = []
    for rule, m in found:
        if any(k.type == rule.type and m.start() < km.end() and km.start() < m.end() for k, km in kept):
            continue
        kept.append((rule, m))
    return kept


def _skipped(text: str, sent_start: int, m: re.Match[str]) -> bool:
    after, before = skips()
    tail = text[m.end():m.end() + 80]
    head = text[max(sent_start, m.start() - 60):m.start()]
    return any(p.search(tail) for p in after) or any(p.search(head) for p in before)


def _verb(m: re.Match[str]) -> tuple[str, int, int]:
    """The verb group of a verb-rule match (its last non-empty group), else the whole match."""
    for i in range(m.re.groups, 0, -1):
        if m.group(i):
            return m.group(i), m.start(i), m.end(i)
    return m.group(0), m.start(), m.end()


# ---------------------------------------------------------------- one sentence
def _sentence_events(article: Article, finder: ArgFinder, s: int, e: int,
                     candidates: _Candidates | None = None) -> list[dict[str, Any]]:
    text = article.text
    out = []
    for rule, m in _matches(text, s, e, candidates):
        purpose = rule.kind == "noun" and _PURPOSE.search(text, max(s, m.start() - 20), m.start()) is not None
        if rule.kind == "noun" and not purpose and _skipped(text, s, m):
            continue
        if rule.kind == "noun" and _REQUEST_BEFORE.search(text[s:m.start()]):
            continue
        if rule.kind == "noun" and _PLURAL.match(text, m.end()):
            continue
        # «X در حاشیه دیدار فرماندهان …»: an occasion X attended, not X's meeting; only named parties
        # inside it («در حاشیه دیدار روحانی و پوتین») make one
        occasion = rule.kind == "noun" and _SIDELINES_OF.search(text, max(s, m.start() - 20), m.start()) \
            and not _WITH_NEXT.match(text, m.end())
        if rule.type == "CONSULT" and _SPORTS.search(text, s, e):
            continue
        ev = _parse(article, finder, rule, m, s, e, occasion=bool(occasion))
        if ev is not None and occasion and not (ev["actor"] and ev["actor"]["entity"]
                                                 and ev["recipient"] and ev["recipient"]["entity"]):
            continue
        if ev is not None:
            ev["planned"] = ev["planned"] or purpose  # «برای دیدار با X عازم Y شد»: the meeting is to come
            out.append(ev)
    welcomes = {v["trigger"][1] for v in out if v["_type"] == "CONSULT" and v["verb"].startswith("استقبال")}
    out = [v for v in out if not (v["_type"] == "SUPPORT" and v["trigger"][1] in welcomes)]  # a welcome, no support
    return _merge_restated([v for v in _absorb_visits(out) if not (v["_visit"] and _domestic(v, finder))])


def _merge_restated(evs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """«X در تماس تلفنی با Y، با وی به گفت‌وگو پرداخت»: a second meeting of the same actor in the sentence
    whose other side is a pronoun or missing restates the first one (a phone call stays a phone call)."""
    meetings = [v for v in evs if v["_type"] == "CONSULT" and v["actor"] and not v["_visit"]]
    drop = set()
    for i, a in enumerate(meetings):
        for b in meetings[i + 1:]:
            if id(b) in drop or not _same_party(a["actor"], b["actor"]) or a["planned"] != b["planned"]:
                continue
            rb = b["recipient"]
            if rb is None or rb["entity_text"] in _PRONOUNS:
                drop.add(id(b))
                if b["mode"] == "phone":
                    a["mode"] = "phone"
    return [v for v in evs if id(v) not in drop]


def _parse(article: Article, finder: ArgFinder, rule: Rule, m: re.Match[str], s: int, e: int,
           occasion: bool = False) -> dict[str, Any] | None:
    text = article.text
    actor = recipient = None
    mode = rule.mode or None
    location = None
    reciprocal = False
    participants: list[dict[str, Any]] = []
    if rule.kind == "noun":
        actor, recipient, end = _noun_args(finder, rule, m, s, e, governed_ok=not occasion)
        if rule.args == "visit":  # «سفر X به Z»: X (else the subject) went to Z
            actor = recipient if recipient is not None else actor
            dest = finder.visit_place(m.end(), min(e, m.end() + 60), first=True)
            if actor is None or dest is None:
                return None
            location = {"text": dest["text"], "country": dest["country"]}
            recipient = _place_party(dest)
            end = max(end, dest["end"])
        if actor is None and recipient is None:
            return None
        if actor is not None and actor["entity_text"] in _FIRST_PRONOUNS:
            actor = finder.speaker_at(m.start()) or actor  # «ما در حال برگزاری مذاکرات با Y هستیم»: the speaker
        elif _FIRST_PAST.search(text, m.end(), _clause_end(text, m.end(), e)):
            # «در زمان ملاقات از مقام معظم رهبری با شهردار تهران گفت‌وگویی داشتم»: I is the quote's speaker
            actor = finder.speaker_at(m.start()) or actor
        verb, vs, ve = m.group(0), m.start(), m.end()
        negated = bool(_NOUN_NEG_AFTER.search(text[m.end():e]) or _NOUN_NEG_BEFORE.search(text[s:m.start()]))
        tail_text = text[m.end():e]
        planned = bool(_NOUN_PLANNED_AFTER.search(tail_text)
                       or _HYPOTHETICAL.search(text, finder.clause_start(s, m.start()), m.start())
                       or not _REPORTED.search(tail_text) and _FUTURE_END.search(tail_text))
    else:
        verb, vs, ve = _verb(m)
        end = m.end()
        args = rule.args
        lo = finder.clause_start(s, m.start())
        if args in ("with", "elided"):
            # «با Y» before the trigger («با Y قرارداد امضا کرد»), else inside it («تماس تلفنی با Y برقرار کرد»)
            recipient = finder.after_marker("با", lo, m.start()) or finder.after_marker("با", m.start(), vs)
            window = text[lo:m.end()]
            together = _TOGETHER.search(window)
            if together or recipient is None and re.search(r"(?:ند|ه اند)$", verb):
                reciprocal = True
            if together:
                recipient = None
            if args == "elided" and not _elided_ok(finder, recipient, together, lo, m.start()):
                return None
            actor = finder.subject(s, m.start())
            if reciprocal and recipient is None:
                found = finder.coordinated(s, lo + together.start() if together else m.start())
                if len(found) >= 2:
                    actor, recipient = found[0], found[1]
                    participants = found
                else:
                    pair = finder.split_subject(s, m.start())
                    if pair:
                        actor, recipient = pair
        elif args in ("visit", "arrive"):
            actor = finder.subject(s, m.start())
            if args == "arrive" and not (actor and actor.get("etype") == "PER"):
                return None  # «نیروها وارد حلب شدند»: only a person's arrival is a visit
            dest = finder.visit_place(lo, m.end())
            if dest is None and "دیدن" in verb:  # «از X دیدن کرد»: only a visited place counts (no exhibitions)
                place = finder.place_after(finder.words(m.start(), m.end())[0][1], vs, max_skip=1, known=True)
                dest = place
            if dest is None or args == "arrive" and not dest.get("country"):
                return None  # an arrival needs a known place («وارد شهرستان سقز شد» may be a provincial tour)
            if _PILGRIMAGE.search(text, s, e):
                return None  # «زائران ایرانی به کربلا سفر کردند», «عازم مرقد امام خمینی شد»: no consultation
            if not dest.get("country") and _is_region(dest.get("text") or dest.get("entity_text") or ""):
                return None  # «سفر دوره‌ای خود را به کشورهای خاورمیانه آغاز کرد»: a tour, no counterpart
            if isinstance(dest, dict) and "entity_text" not in dest:
                location = {"text": dest["text"], "country": dest["country"]}
                recipient = _place_party(dest)
            else:
                recipient = dest
                if dest and dest.get("code"):
                    location = {"text": dest["entity_text"], "country": dest["code"]}
        elif args == "received":
            actor = finder.before_ra(lo, vs, lo)
            recipient = finder.subject(s, actor["start"] if actor else m.start())
        elif args == "after":
            k = _MEET_NOUN.search(text, m.start(), vs)
            tail = _NOUN_TAIL.match(text, k.end()) if k else None
            ps, pe = finder.phrase(tail.end() if tail else vs, vs)
            recipient = finder.participant(ps, pe) if pe > ps else None
            actor = finder.subject(s, m.start())
        elif args == "host":
            recipient = finder.subject(s, m.start())
            actor = (finder.after_marker("میزبان", m.start(), m.end())
                     or finder.after_marker("پذیرای", m.start(), m.end()))
        elif args == "welcome":  # «Y از X به طور رسمی استقبال کرد»: X is the guest
            actor = finder.after_marker("از", lo, vs, last=False)
            recipient = finder.subject(s, actor["start"] if actor else m.start())
        elif args == "welcomed":  # «X مورد استقبال (رسمی) Y قرار گرفت»
            actor = finder.subject(s, m.start())
            k = _WELCOME.match(text, m.start())
            ps, pe = finder.phrase(k.end(), vs) if k else (vs, vs)
            recipient = finder.participant(ps, pe) if pe > ps else None
            if not (k and k.group(1)) and not all(p and p.get("etype") == "PER" for p in (actor, recipient)):
                return None
        elif args in ("az", "be", "alayh"):
            marker = {"az": "از", "be": "به", "alayh": "علیه"}[args]
            recipient = finder.after_marker(marker, lo, vs, last=False)
            if recipient is None and args == "alayh":
                recipient = finder.before_ra(lo, vs, lo)
            actor = finder.subject(s, m.start())
            if actor and recipient and actor["start"] == recipient["start"]:
                actor = finder.subject(s, recipient["start"] - 1) if recipient["start"] > s else None
        elif args == "obj":
            recipient = finder.before_ra(lo, vs, lo)
            actor = finder.subject(s, recipient["start"] if recipient else m.start())
            if actor and recipient and recipient["start"] <= actor["start"]:
                actor = None
        elif args == "between":
            pair = finder.between(lo, vs)
            if pair is None:
                return None
            actor, recipient = pair
        elif args == "passive":
            recipient = finder.subject(s, vs)
        else:  # subj
            actor = finder.subject(s, m.start())
        aux = _FUTURE_AUX.search(text, max(lo, vs - 16), vs)  # «را … خواهیم داشت»: the filler took the auxiliary
        if (_FIRST_PERSON.search(verb) or aux and _FIRST_PERSON.search(aux.group(0).strip())) \
                and args not in ("passive", "host", "welcome", "welcomed"):
            # «… با شهردار تهران گفت‌وگویی داشتم»: I/we is the speaker of the quote
            speaker = finder.speaker_at(m.start())
            if speaker is not None or actor is None or actor["entity_text"] not in _FIRST_PRONOUNS:
                actor = speaker
        if actor and recipient and actor["start"] == recipient["start"]:
            recipient = None
        if actor is None and recipient is None:
            return None
        negated = bool(_NEG_VERB.match(verb))
        planned = bool("خواه" in verb or _SUBJUNCTIVE.search(verb) and not verb.startswith("می")
                       or rule.type == "CONSULT" and _PRESENT.match(verb))
        if aux:
            planned, negated = True, negated or bool(aux.group(1))
        if not planned:
            planned = bool(_PLANNED_BEFORE.search(text[finder.clause_start(s, m.start()):m.start()]))
        if verb == "سفر" and not planned:  # «در سفر خود به X …»: the clause's verb tells its tense
            tail_text = text[m.end():e]
            planned = bool(_NOUN_PLANNED_AFTER.search(tail_text)
                           or not _REPORTED.search(tail_text) and _FUTURE_END.search(tail_text))
    if location is None:
        location = finder.location(s, e, m.start())
        if location:
            location = {k: v for k, v in location.items() if k not in ("start", "end")}
    if rule.type == "CONSULT" and any(_MEDIA.match(p["entity_text"]) for p in (actor, recipient) if p):
        return None  # «X که با روزنامه آساهی گفت و گو می‌کرد»: an interview
    if rule.type == "CONSULT" and location is None and rule.mode != "phone":
        dest = finder.visit_place(s, e) if re.search(r"سفر", text[s:e]) else None
        if dest:
            location = {"text": dest["text"], "country": dest["country"]}
            mode = "visit"
    if location and not location.get("country") and mode == "host" and recipient and recipient.get("code"):
        location = dict(location, country=recipient["code"])  # a welcome takes place in the host's country
    occasion = _SIDELINES.search(text, s, e)
    if rule.type == "CONSULT" and occasion and mode == "meeting":
        mode = "multilateral"
    date = _date(article, s, e, m.start())
    if date and date["flag"] is None and article.published and date["value"] > article.published[:len(date["value"])]:
        planned = True
    parts = [p for p in (actor, recipient) if p]
    start = min([m.start()] + [p["start"] for p in parts])
    end = max([end] + [p["end"] for p in parts])
    conf = rule.confidence * (1.0 if actor else 0.5) * (1.0 if recipient or rule.type not in ("CONSULT",) else 0.5)
    if rule.kind == "noun" and recipient and not any(p["entity"] or p.get("code") for p in parts):
        # «مذاکرات آب و هوایی», «ملاقات خانواده زندانی و تحکیم …», «در جریان ملاقات با اسرا»: no party named
        conf *= 0.55
    if rule.type != "CONSULT" and actor and not actor["entity"] and not actor.get("code"):
        conf *= 0.7  # the actor is a bare phrase, no named party («بیانیه», «احزاب مخالف»)
    if any(p["entity"] for p in parts):
        conf = min(1.0, conf + 0.05)
    if any(p["entity_text"] in _PRONOUNS and not p.get("entity") for p in parts):
        conf *= 0.5  # «وی …» that the people stage did not resolve: we cannot say who
    ev = {
        "_type": rule.type, "_start": start, "_end": end,
        "mode": mode,
        "actor": _public(actor), "recipient": _public(recipient),
        "reciprocal": reciprocal,
        "participants": [_public(p) for p in participants] if len(participants) > 2 else [],
        "location": location,
        "date": date,
        "negated": negated, "planned": planned,
        "context": [],
        "occasion": occasion.group(1).strip() if occasion else None,
        "confidence": round(conf, 3),
        "trigger": [m.start(), m.end()],
        "verb": verb,
        "sentence": [s, e],
        "rule": rule.source,
        "_visit": rule.args in ("visit", "arrive"),
        "_noun": rule.kind == "noun",
    }
    return ev


def _place_party(place: dict[str, Any]) -> dict[str, Any]:
    """A visited place as the recipient of a visit."""
    return {"entity": None, "entity_text": place["text"], "name": None, "code": place["country"],
            "sector": None, "office": None, "start": place["start"], "end": place["end"]}


def _elided_ok(finder: ArgFinder, recipient: dict[str, Any] | None, together: re.Match[str] | None,
               lo: int, trigger: int) -> bool:
    """«X با Y دیدار و …» / «با هم دیدار و …»: «با Y» (or «با هم») ends just before the trigger, and no
    preposition stands right before it («از دیدار و مذاکرات …» is a noun)."""
    prev = finder.words(max(lo, trigger - 30), trigger)[-1:]
    if not prev or prev[0][2] in STOP and prev[0][2] not in ("هم", "یکدیگر"):
        return False
    if together:
        return lo + together.end() >= trigger - 1
    return recipient is not None and len(finder.words(recipient["end"], trigger)) <= 2


def _noun_args(finder: ArgFinder, rule: Rule, m: re.Match[str], s: int, e: int, governed_ok: bool = True):
    """Participants of a nominal trigger: «(در) دیدار X با Y», «دیدار X و Y», «X در دیدار (با) Y»,
    «سخنان X در دیدار با Y»."""
    text = finder.text
    pos = m.end()
    tail = _NOUN_TAIL.match(text, pos)
    pos = tail.end() if tail else pos
    for ds, de in finder.dates:  # «در دیدار دیروز خود با Y», «در دیدار روز چهارشنبه 30 شهریور ماه با Y»
        if pos <= ds <= pos + 2 and de < e:
            tail = _NOUN_TAIL.match(text, de)
            pos = tail.end() if tail else de
            break
    before = text[s:m.start()]
    governed = governed_ok and bool(_GOVERNED.search(before) or _GOVERNED_AND.search(before)
                    or before.strip() and _ends_with_subject(before))
    subject = None
    if governed:
        owner = _OWNER.search(before)
        if owner:
            subject = finder.participant(s + owner.end(1), s + owner.end(2))
        else:
            subject = finder.subject(s, m.start())
        if subject is not None and subject["start"] >= m.start():
            subject = None
    nxt = finder.words(pos, e)[:1]
    x = y = None
    if nxt and nxt[0][2] in ("میان", "بین"):  # «دیدار میان X و Y»
        found = finder.coordinated_from(nxt[0][1], e)
        if len(found) >= 2:
            x, y = found[0], found[1]
    elif nxt and nxt[0][2] == "از" and m.group(0) in ("ملاقات", "دیدار"):
        # «در زمان ملاقات از مقام معظم رهبری»: a visit to a person (not «دیدار از نمایشگاه»)
        ps, pe = finder.phrase(nxt[0][1], e)
        y = finder.participant(ps, pe) if pe > ps else None
        if y is not None and y.get("etype") != "PER" and _office(y) is None:
            y = None
    elif nxt and nxt[0][2] == "با":
        w2 = finder.words(nxt[0][1], e)[:1]
        if w2 and w2[0][2] not in ("یکدیگر", "هم") and w2[0][2] not in NOT_PARTY:
            ps, pe = finder.phrase(nxt[0][1], e)
            y = finder.participant(ps, pe)
    elif nxt:
        ps, pe = finder.phrase(pos, e)
        after = finder.words(pe, e)[:2]
        if pe > ps and after and after[0][2] == "در":
            # «دیدار X رئیس Y در پارلمان این کشور با Z»: a place phrase between X (a named party) and «با Z»
            far = _WITH_AFTER_PLACE.match(text, pe)
            head = finder.participant(ps, pe)
            if far and head and head["entity"]:
                after = finder.words(far.end() - 3, e)[:2]
        if pe > ps and after and after[0][2] == "با" and (len(after) < 2 or after[1][2] not in NOT_PARTY):
            x = finder.participant(ps, pe)  # «دیدار X و Y با Z»: X و Y is one side
            qs, qe = finder.phrase(after[0][1], e)
            y = finder.participant(qs, qe)
            if y is None:
                x, y = None, x
        elif pe > ps and subject is not None and not (_ends_with_subject(before)
                                                      and _two_parties(finder, pos, e) is not None):
            y = finder.participant(ps, pe)  # «X در دیدار Y و Z»: Y و Z is the other side
        elif (pair := _shared_head(finder, pos, e)) is not None:
            x, y = pair  # «رایزنی رؤسای مجلس و سنای تاجیکستان و قزاقستان»: the officials of two countries
        else:
            ps, pe = finder.phrase(pos, e, split_and=True)
            first = finder.participant(ps, pe) if pe > ps else None
            after = finder.words(pe, e)[:2] if first is not None else []
            if after and after[0][2] == "و" and (len(after) < 2 or after[1][2] not in NOT_PARTY):
                qs, qe = finder.phrase(after[0][1], e)
                y = finder.participant(qs, qe)
                x = first
                if y is None:
                    x, y = None, first
            else:
                y = first
    if y is None and x is None:
        return None, None, m.end()
    if x is None:
        x = subject
    end = max([m.end()] + [p["end"] for p in (x, y) if p])
    if x is None:
        # one side only: «دیدار با Y» with no subject
        return None, y, end
    return x, y, end


_SHARED_HEAD = re.compile(r"[ \u200c]*((?:" + alternation("shared_heads") + r")[ \u200c]"
                          r"[^.،؛:«»]{1,60})[ \u200c]+و[ \u200c]+([^ \u200c.،؛:«»]+)(?![^ \u200c.،؛:«»])")


def _shared_head(finder: ArgFinder, pos: int, e: int) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """«TRIGGER رؤسای X و Y C1 و C2» (a plural head shared by two countries' officials): the officials of
    C1 (the phrase up to C1) and C2; None unless C1 and C2 are two countries."""
    m = _SHARED_HEAD.match(finder.text, pos, e)
    if not m:
        return None
    c1 = place_country(m.group(1).split()[-1])
    c2 = place_country(m.group(2))
    if not (c1 and c2 and c1 != c2):
        return None
    x = finder.participant(m.start(1), m.end(1))
    y = finder.participant(m.start(2), m.end(2))
    return (x, y) if x and y else None


def _is_region(name: str) -> bool:
    """A region across borders («خاورمیانه», «اروپا») in the place data: no party to visit."""
    try:
        from .actors import place_info
    except ImportError:
        return False
    place = place_info(name)
    return place is not None and place.kind == "region" and place.iso3 is None


def _two_parties(finder: ArgFinder, pos: int, e: int) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """«TRIGGER X و Y» with two distinct parties (two people, or two countries' parties): the meeting's own
    sides («با اشاره به دیدار وزرای خارجه ایران و آمریکا», «از گفت‌وگوی تلفنی رئیس‌جمهور فرانسه و نخست‌وزیر
    انگلیس خبر داد»), not the subject's counterpart."""
    ps, pe = finder.phrase(pos, e, split_and=True)
    x = finder.participant(ps, pe) if pe > ps else None
    after = finder.words(pe, e)[:2] if x is not None else []
    if not (after and after[0][2] == "و" and (len(after) < 2 or after[1][2] not in NOT_PARTY)):
        return None
    qs, qe = finder.phrase(after[0][1], e)
    y = finder.participant(qs, qe)
    if y is None:
        return None
    people = x.get("etype") == "PER" and y.get("etype") == "PER" and x["entity"] != y["entity"]
    countries = x.get("code") and y.get("code") and x["code"] != y["code"]
    return (x, y) if people or countries else None


def _ends_with_subject(before: str) -> bool:
    """«X … ملاقات اخیرش با» – a possessive noun after a subject: the subject is the actor."""
    return bool(re.search(r"(?:اشاره به|از|با ارزیابی [^ ]+ از)\s*$", before))


def _public(p: dict[str, Any] | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"entity": p["entity"], "type": p.get("etype"), "entity_text": p["entity_text"], "name": p.get("name"),
            "code": p.get("code"),
            "sector": p.get("sector"), "office": p.get("office"), "span": [p["start"], p["end"]]}


# ---------------------------------------------------------------- dates
def _date(article: Article, s: int, e: int, trigger: int) -> dict[str, Any]:
    best = None
    text = article.text
    for d in article.spans.get("dates", []):
        if s <= d.start and d.end <= e:
            if d.start > trigger and _OTHER_EVENT.search(text, trigger + 3, d.start):
                continue  # «دیدار X و Y تکمیل نشست روز شنبه بود»: the date of another event
            dist = abs(d.start - trigger) + (0 if d.start < trigger else 5)
            if best is None or dist < best[0]:
                best = (dist, d)
    if best is not None:
        d = best[1].data or {}
        return {"value": d.get("value"), "granularity": d.get("granularity") or best[1].label,
                "text": article.text[best[1].start:best[1].end], "flag": None}
    if article.published:
        return {"value": article.published[:10], "granularity": "day", "text": None, "flag": "publish_date"}
    return {"value": None, "granularity": None, "text": None, "flag": "no_date"}


# ---------------------------------------------------------------- merging
def _absorb_visits(evs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A «که به تهران سفر کرده» visit in a sentence with a meeting of the visitor becomes the meeting's mode
    and place."""
    meetings = [v for v in evs if v["_type"] == "CONSULT" and not v["_visit"] and not v["planned"] and v["actor"]]
    if not meetings:  # a meeting with no actor («طرفین به برگزاری مذاکرات بیشتر توافق کردند») absorbs no visit
        return evs
    out = []
    for v in evs:
        if v["_type"] == "CONSULT" and v["_visit"]:
            own = [mt for mt in meetings if v["actor"] is None
                   or any(_same_party(v["actor"], p) for p in (mt["actor"], mt["recipient"]) if p)]
            if not own:  # «با توجه به سفر ظریف به مسکو …، پوتین با اردوغان دیدار کرد»: another's trip
                out.append(v)
                continue
            for mt in own:
                if mt["mode"] != "phone":
                    mt["mode"] = "visit"
                    if v["location"] and (mt["location"] is None or mt["location"].get("venue")):
                        venue = (mt["location"] or {}).get("venue")
                        mt["location"] = dict(v["location"], **({"venue": venue} if venue else {}))
            continue
        out.append(v)
    return out


def _domestic(v: dict[str, Any], finder: ArgFinder | None = None) -> bool:
    """A trip inside the traveller's own country (a minister's provincial tour): no counterpart, no CONSULT.
    Unknown travellers to an Iranian place other than the capital are taken as domestic (Iranian news)."""
    country = (v["location"] or {}).get("country")
    if not country:
        return False
    for t in ((v["actor"] or {}).get("office"), (v["actor"] or {}).get("entity_text")):
        posted = _POSTED.search(t or "")
        if posted and place_country(posted.group(1)) == country:
            return True  # «سفیر ژاپن در ایران … به ارومیه سفر می‌کند»: a tour of the country he is posted to
    if finder is not None and finder.posted_country((v["actor"] or {}).get("entity")) == country:
        return True
    actor_code = (v["actor"] or {}).get("code")
    if actor_code:
        return actor_code == country
    place = _PLACE_PREFIX.sub("", (v["location"] or {}).get("text") or "")
    return country == "IRN" and place not in _HOME_PLACES


def _inherit_visit_place(evs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Meetings with no place, on the day of a visit the article reports, took place where the visitor went."""
    visits = [v for v in evs if v["_type"] == "CONSULT" and v["mode"] == "visit" and v["location"]
              and not v["planned"] and not v["negated"]]
    for v in evs:
        if v["_type"] != "CONSULT" or v["location"] is not None or v["mode"] == "phone" or v["planned"]:
            continue
        for vis in visits:
            if vis["date"]["value"] != v["date"]["value"]:
                continue
            if _same_party(vis["actor"], v["recipient"]) and not _same_party(vis["actor"], v["actor"]):
                v["actor"], v["recipient"] = v["recipient"], v["actor"]
            if _same_party(vis["actor"], v["actor"]):
                v["location"] = {"text": vis["location"]["text"], "country": vis["location"]["country"],
                                 "inferred": True}
                v["mode"] = "visit"
                v["confidence"] = round(v["confidence"] * 0.95, 3)
                break
    return evs


def _words(p: dict[str, Any] | None) -> set[str]:
    if not p:
        return set()
    return set(fold(p.get("name") or p["entity_text"]).replace("«", " ").replace("»", " ").split())


def _same_party(a: dict[str, Any] | None, b: dict[str, Any] | None, loose: bool = False) -> bool:
    """Whether two participants are the same party: one entity; else one's words within the other's
    («وزارت اطلاعات» / «وزیر و مسئولان وزارت اطلاعات»), or mostly shared words when one is no entity.
    *loose* (a heading against the body): the same country code is enough when one side is a country
    or a phrase («مقامات ترکمنستان», «چین»)."""
    if a is None or b is None:
        return False
    if a.get("entity") and a["entity"] == b.get("entity"):
        return True
    office = _office(a)
    if office and office == _office(b):
        return True  # «مقام رهبری» / «رهبر انقلاب»
    if _holds(a, b) or _holds(b, a):
        return True  # «رئیس جمهور تاجیکستان» / «رحمان» (office رئیس جمهور, country TJK)
    if loose and a.get("code") and a["code"] == b.get("code") and (_group(a) or _group(b)):
        return True
    ta, tb = _text_words(a), _text_words(b)
    if ta and tb and (ta <= tb or tb <= ta):
        return True
    if a.get("entity") and b.get("entity") and (a.get("name") or b.get("name")):
        return False  # two named entities (role-only ones, «وزیر و مسئولان وزارت …», are compared by words)
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.75


def _holds(named: dict[str, Any], title: dict[str, Any]) -> bool:
    """Whether *title*, a party with no canonical name («رئیس جمهور تاجیکستان»), is the office of *named*
    (an entity with a name, its office «رئیس جمهور» and the same country): the title's words but the
    country's are the office's words."""
    if not named.get("name") or title.get("name") or not named.get("office") or not named.get("code"):
        return False
    if named["code"] != title.get("code"):
        return False
    words = [w for w in _text_words(title) if place_country(w) is None]
    return bool(words) and set(words) == set(fold(named["office"]).split())


def _office(p: dict[str, Any]) -> str | None:
    """The office an @same title names («رهبر انقلاب» → leader_iran), from the text or the canonical name."""
    titles = same_titles()
    for t in (p["entity_text"], p.get("name")):
        if t:
            key = " ".join(fold(t).replace("\u200c", " ").replace("«", " ").replace("»", " ").split())
            if key in titles:
                return titles[key]
    return None


def _group(p: dict[str, Any]) -> bool:
    """A party standing for a country's officials: a place («چین») or a phrase («مقامات ترکمنستان»)."""
    return not p.get("entity") or p.get("type") in ("LOC", "GPE")


def _text_words(p: dict[str, Any]) -> set[str]:
    return set(fold(p["entity_text"]).replace("«", " ").replace("»", " ").split()) - _FUNCTION_WORDS


_FUNCTION_WORDS = frozenset(words("function_words"))


def _dedupe(evs: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """One event per (type, participants, date, planned/negated): the best-documented mention is kept.

    Mentions of one event are grouped transitively (the headline names a surname, the lead a title,
    the body both), and the group is represented by its highest-scoring member. A mention with no
    date of its own in a heading (title, lead, subheading) or that calls the meeting recent
    («ملاقات اخیر …») joins a dated mention of the pair.
    """
    def same_time(o: dict[str, Any], v: dict[str, Any]) -> bool:
        if o["date"]["value"] == v["date"]["value"]:
            return True
        undated = [x for x in (o, v) if x["date"]["flag"] == "publish_date"]
        if len(undated) != 1:
            return False
        if undated[0]["_heading"] or undated[0]["_noun"]:
            return True  # a heading, or a nominal back-reference («دیدار X و Y …») with no date of its own
        s, e = undated[0]["sentence"]
        return _RECENT.search(fold(text[s:e])) is not None

    groups: list[list[dict[str, Any]]] = []
    for v in evs:
        def joins(g: list[dict[str, Any]], cross: bool, v: dict[str, Any] = v) -> bool:
            return any(o["_type"] == v["_type"] and same_time(o, v) and _same_pair(o, v)
                       and (o["planned"] == v["planned"] and o["negated"] == v["negated"]) != cross for o in g)
        hits = [g for g in groups if joins(g, False)]
        if _undated_heading(v) and not hits:  # a headline joins the body's planned meeting («قصد دارد …»)
            hits = [g for g in groups if joins(g, True)][:1]
        elif not _undated_heading(v):  # … and so does a planned body mention told after the headline
            hits += [g for g in groups if g not in hits and all(_undated_heading(o) for o in g) and joins(g, True)]
        merged = [v]
        for g in hits:
            merged = g + merged
            groups.remove(g)
        groups.append(merged)
    groups = _join_unnamed_headings(groups)
    out = []
    for g in groups:
        best = max(g, key=_score)
        told = [o for o in g if not _undated_heading(o)]
        if told and _undated_heading(best):  # a headline says less than the body on whether it happened
            src = max(told, key=_score)
            best["planned"], best["negated"] = src["planned"], src["negated"]
        best["mentions"] = sorted([o["_start"], o["_end"]] for o in g)
        out.append(best)
    out.sort(key=lambda v: v["_start"])
    return out


def _undated_heading(v: dict[str, Any]) -> bool:
    return v["_heading"] and v["date"]["flag"] == "publish_date" and not v["planned"] and not v["negated"]


def _other_named(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether the parties of *a* and *b* that are not shared include two different named entities."""
    pa = [p for p in (a["actor"], a["recipient"]) if p]
    pb = [p for p in (b["actor"], b["recipient"]) if p]
    rest_a = [p for p in pa if not any(_same_party(p, q) for q in pb)]
    rest_b = [q for q in pb if not any(_same_party(p, q) for p in pa)]
    return any(p.get("name") for p in rest_a) and any(q.get("name") for q in rest_b)


def _join_unnamed_headings(groups: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """A heading meeting told by titles («رئیس تشکیلات خودگردان و نخست‌وزیر فلسطین گفتگو کردند»), undated,
    with a party that is no named entity, joins the body's meeting when exactly one body meeting of that kind
    is left (sharing its named party, if it has one); a round-up reporting several is left alone."""
    def kind(v: dict[str, Any]) -> tuple[Any, ...]:
        return v["_type"], v["planned"], v["negated"]

    def parties(v: dict[str, Any]) -> list[dict[str, Any]]:
        return [p for p in (v["actor"], v["recipient"]) if p]
    for g in list(groups):
        if g[0]["_type"] != "CONSULT" or not all(
                v["_heading"] and v["date"]["flag"] == "publish_date" and any(not p.get("name") for p in parties(v))
                for v in g):
            continue
        body = [h for h in groups if h is not g and kind(h[0]) == kind(g[0]) and not all(v["_heading"] for v in h)
                and max(v["confidence"] for v in h) >= 0.5]
        paired = [h for h in body if _same_pair(g[0], h[0])]  # both parties, a country matching its officials
        shared = [h for h in body if any(_same_party(x, y) for x in parties(g[0]) for y in parties(h[0]))]
        if len(paired) == 1:
            body = paired  # «رایزنی رؤسای مجلس و سنای تاجیکستان و قزاقستان» / the Tajik–Kazakh call
        elif shared or any(p.get("name") for p in parties(g[0])):
            # the one body meeting sharing a party (the same entity, if only one does), whose other party
            # is not another named entity
            body = [h for h in shared if not _other_named(g[0], h[0])]
            strong = [h for h in body if any(x.get("entity") and x["entity"] == y.get("entity")
                                             for x in parties(g[0]) for y in parties(h[0]))]
            body = strong if len(strong) == 1 else body
        if len(body) == 1:
            body[0].extend(g)
            groups.remove(g)
    return groups


_RECENT = re.compile(r"(?<!\w)اخیر(?:ش|شان)?(?!\w)")


def _same_pair(a: dict[str, Any], b: dict[str, Any]) -> bool:
    pa, pb = (a["actor"], a["recipient"]), (b["actor"], b["recipient"])
    if not (pa[0] or pa[1]) or not (pb[0] or pb[1]):
        return False
    loose = a.get("_heading", False) != b.get("_heading", False)
    direct = all(_same_party(x, y, loose) or (x is None and y is None) for x, y in zip(pa, pb, strict=True))
    swapped = all(_same_party(x, y, loose) or (x is None and y is None) for x, y in zip(pa, pb[::-1], strict=True))
    return direct or swapped


def _score(v: dict[str, Any]) -> float:
    return (v["confidence"] + (0.2 if v["location"] else 0) + (0.1 if v["date"]["flag"] is None else 0)
            + 0.1 * sum(1 for p in (v["actor"], v["recipient"]) if p and p["entity"]))


__all__ = ["events_stage"]
