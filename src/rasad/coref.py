"""Within-article references to persons: titles, «این مقام …» descriptions and pronouns.

:func:`find_references` finds the mentions that carry no name; :func:`resolve`
links every person mention, in text order, to an entity:

- a **title** («وزیر امور خارجه», «رئیس دستگاه دیپلماسی») goes to the person
  holding the same canonical role with a compatible organisation/country (a
  title naming no country prefers a person of the home country, IRN): the
  most recently mentioned such person, else the first one mentioned later; with
  none, the title starts an unnamed entity of its own;
- a **description** («این مقام آذربایجانی», «این وزیر») goes to the most recent
  *sentence subject* among the officials of that country (or holding that role),
  else to the most recently mentioned one;
- a **pronoun** («وی», «او», «ایشان») goes to the subject of its own sentence if
  that comes first, else to the subject of the nearest previous sentence that
  has one. A sentence's subject is its first person mention that is neither
  inside another person's role phrase (Aliyev in «دستیار ویژه الهام علی‌اف …»),
  nor right after a preposition («با امیرعبداللهیان») or, for a name, a source phrase («بنابر اعلام پسکوف
  سخنگوی پوتین، وی …»: Putin's «وی»), nor in reported speech
  (after a colon in its sentence, or in its paragraph unless its own sentence is a
  new «Y … گفت:»; the colon of an agency dateline «خبرگزاری فارس:» does not count).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .actors import match_place
from .agencies import match_agency
from .lexicon import Tok, key, table
from .roles import COUNTRY_KINDS, Context, RoleMatch, heads, parse_role

PREPOSITIONS = {key(w) for w in
                "با به از برای درباره دربارهٔ علیه نزد بر میان بین توسط همراه مانند همچون پیرامون خطاب".split()}
# «بنابر اعلام X، …», «به گفته X، …»: X is the source of what follows, not its subject
SOURCE_NOUNS = {key(w) for w in "اعلام گفته اظهارات ادعای".split()}
SOURCE_PREPOSITIONS = {key(w) for w in "بنابر بر به طبق براساس اساس".split()}
THIS = key("این")
ALSO = key("نیز")
LOOKBACK_SENTENCES = 6
# An office with no country named («سخنگوی وزارت امور خارجه») is taken to be Iranian: Rasad reads Iranian news.
HOME_COUNTRY = "IRN"
HOME_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}
_FINAL = set(".!?؟:»\"')…؛")
_SENT_END = re.compile(r"[.!?؟]+[»\"']?(?=\s)|\n+")


@dataclass(eq=False)
class Mention:
    """A person mention (internal): a name, surname, title, description or pronoun."""

    start: int
    end: int
    kind: str  # name | surname | title | alias | pronoun
    i: int
    j: int
    keys: tuple[str, ...] = ()  # name tokens (names only)
    role: RoleMatch | None = None  # a title's role; a description's role head («این وزیر»)
    country: str | None = None  # a description's country («این مقام آذربایجانی»)
    nested: bool = False  # inside another person's role phrase
    subject_ok: bool = False  # may be its sentence's subject
    heading: bool = False  # in a headline or subheading (a line with no sentence-final punctuation)
    also: bool = False  # followed by «نیز» («معاون … نیز گفت»): another person than the one before
    sent: int = 0
    ent: Entity | None = None


@dataclass(eq=False)
class Entity:
    """An article-level person (internal), filled by people.py and :func:`resolve`."""

    type: str = "PER"
    mentions: list[Mention] = field(default_factory=list)
    roles: list[RoleMatch] = field(default_factory=list)
    hint_sector: str | None = None  # from an honorific («سردار» → MIL)
    unnamed: bool = False

    def add(self, m: Mention) -> None:
        m.ent = self
        self.mentions.append(m)

    def country(self) -> str | None:
        """From a role, else a description («این مقام آذربایجانی»), else HOME for a state office."""
        for r in self.roles:
            if r.country:
                return r.country
        for m in self.mentions:
            if m.country:
                return m.country
        if any(r.sector in HOME_SECTORS for r in self.roles):
            return HOME_COUNTRY
        return None

    def sector(self) -> str | None:
        for r in self.roles:
            if r.sector:
                return r.sector
        return self.hint_sector


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Fallback sentence spans when no stage filled ``spans["sentences"]``."""
    out, start = [], 0
    for m in _SENT_END.finditer(text):
        if text[start:m.end()].strip():
            out.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def find_references(ctx: Context, blocked: list[bool], inside: list[bool]) -> list[Mention]:
    """Titles, descriptions and pronouns over tokens not ``blocked`` (names, attached roles);
    none starts ``inside`` another entity («دفتر رئیس جمهور»)."""
    toks, out, t = ctx.toks, [], 0
    pronouns, officials = table("epithets.tsv", "pronoun"), table("epithets.tsv", "official")
    role_start, pronoun_start = heads().may_start, pronouns.may_start
    # only a free token that may open a description, a title or a pronoun can start a reference
    starters = _starters(heads(), pronouns)
    for c in [x for x, tok in enumerate(toks) if tok.key in starters and not blocked[x] and not inside[x]]:
        if c < t:
            continue
        t = c
        k = toks[t].key
        if k == THIS and toks[t].plain and t + 1 < len(toks):
            m = _description(ctx, t, officials)
            if m is not None:
                out.append(m)
                t = m.j
                continue
        r = parse_role(ctx, t) if role_start(k) else None  # no role head starts here: parse_role is None
        if r is not None and r.complete and r.title_ok and _free(blocked, r):
            out.append(Mention(r.start, r.end, "title", t, r.j, role=r))
            t = r.j
            continue
        if pronoun_start(k) and pronouns.match(toks, t, t + 1):
            out.append(Mention(toks[t].start, toks[t].end, "pronoun", t, t + 1))
        t += 1
    return out


_STARTERS: list = []  # [(heads table, pronoun table, keys)]: the last one computed


def _starters(role_heads, pronouns) -> set[str]:
    """Token keys a title, a pronoun or a description («این …») may start with."""
    last = _STARTERS[0] if _STARTERS else None
    if last is None or last[0] is not role_heads or last[1] is not pronouns:
        last = (role_heads, pronouns, role_heads.start_keys() | pronouns.start_keys() | {THIS})
        _STARTERS[:] = [last]
    return last[2]


def _free(blocked: list[bool], r: RoleMatch) -> bool:
    """No blocked token in a title, except from its person complement on («دستیار ویژه X رئیس جمهور …»)."""
    stop = r.person[0] if r.person else r.j
    return not any(blocked[r.i:stop])


def _description(ctx: Context, t: int, officials) -> Mention | None:
    """«این مقام [ارشد] [آذربایجانی|جمهوری آذربایجان]» or «این وزیر»."""
    toks = ctx.toks
    role = None
    m = officials.match(toks, t + 1)
    if m is not None:
        j = m[1]
    else:
        h = heads().match(toks, t + 1)
        if h is None:
            return None
        role = parse_role(ctx, t + 1, allow_person=False)
        j = role.j if role is not None else h[1]
    country = None
    if toks[j - 1].plain and j < len(toks):
        p = match_place(toks, j)
        if p is not None and p[0].kind in COUNTRY_KINDS and p[0].iso3:
            country, j = p[0].iso3, p[1]
    if country is None and role is not None:
        country = role.country
    return Mention(toks[t].start, toks[j - 1].end, "alias", t, j, role=role, country=country)


def mark_subjects(mentions: list[Mention], ctx: Context, sentences: list[tuple[int, int]]) -> None:
    """Sentence index of each mention and whether it may be its sentence's subject."""
    starts = [s for s, _ in sentences]
    text = ctx.text
    headings: dict[int, bool] = {}  # line start -> the line is a heading
    for m in mentions:
        m.sent = max(0, bisect.bisect_right(starts, m.start) - 1)
        ls = text.rfind("\n", 0, m.start) + 1
        if ls not in headings:
            le = text.find("\n", m.end)
            line = text[ls:len(text) if le < 0 else le].rstrip()
            headings[ls] = bool(line) and line[-1] not in _FINAL
        m.heading = headings[ls]
        prev = ctx.toks[m.i - 1].key if m.i > 0 else ""
        m.also = any(t.key == ALSO for t in ctx.toks[m.j:m.j + 2])  # «معاون … [همدان] نیز»
        source = m.kind in ("name", "surname") and prev in SOURCE_NOUNS and m.i > 1 \
            and ctx.toks[m.i - 2].key in SOURCE_PREPOSITIONS
        m.subject_ok = not m.nested and not _reported(ctx.text, m, sentences[m.sent] if sentences else (0, 0)) \
            and prev not in PREPOSITIONS and not source


def _reported(text: str, m: Mention, sentence: tuple[int, int]) -> bool:
    """Inside reported speech: after a colon in its sentence, or after one earlier in its paragraph
    when its own sentence is not a new reporting clause («Y … گفت:»)."""
    ss, se = sentence
    para = text.rfind("\n", 0, m.start) + 1
    colon = text.find(":", para, m.start)
    if colon >= 0 and colon - para <= 40 and match_agency(text[para:colon]):  # «خبرگزاری فارس: …» dateline
        ss, para = max(ss, colon + 1), colon + 1
    if text.find(":", ss, m.start) >= 0:
        return True
    return text.find(":", para, m.start) >= 0 and text.find(":", m.end, max(se, m.end)) < 0


def compatible(a: RoleMatch, b: RoleMatch) -> bool:
    """Same canonical role (spacing aside: «جهادکشاورزی»), or the same head and modifiers with one
    organisation the start of the other («رئیس سازمان تبلیغات [اسلامی]»); no conflicting country."""
    if a.canonical != b.canonical and key(a.canonical) != key(b.canonical):
        return a.head == b.head and a.modifiers == b.modifiers and _org_prefix(a.org_key, b.org_key) \
            and not (a.country and b.country and a.country != b.country)
    if a.org_key and b.org_key and a.org_key != b.org_key:
        return False
    return not (a.country and b.country and a.country != b.country)


def _org_prefix(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return len(short) >= 6 and long.startswith(short)


def resolve(mentions: list[Mention], entities: list[Entity]) -> list[Entity]:
    """Link every unresolved mention, in text order; returns the new (unnamed) entities."""
    mentions.sort(key=lambda m: m.start)
    created: list[Entity] = []
    subjects: dict[int, Mention] = {}  # sentence -> its subject mention (resolved)
    for n, m in enumerate(mentions):
        if m.ent is None:
            if m.kind == "title":
                _resolve_title(m, mentions, entities + created, created, subjects)
            elif m.kind == "alias":
                _resolve_description(m, mentions[:n], subjects)
            elif m.kind == "pronoun":
                _resolve_pronoun(m, mentions[:n], subjects)
        if m.ent is not None and m.subject_ok and m.sent not in subjects:
            subjects[m.sent] = m
    _name_titles(created, subjects)
    return [e for e in created if e.mentions]


def _name_titles(created: list[Entity], subjects: dict[int, Mention]) -> None:
    """An unnamed person whose title is a sentence subject is the named person who is the subject
    of the nearest sentence before it (within LOOKBACK_SENTENCES), else of the nearest one after
    it (the lead's «رئیس سازمان X گفت:», then «به گزارش …، غلام‌رضا هادربادی … اظهار داشت»; also when
    «نیز» follows the title: «معاون … نیز اظهار کرد:», then «موسی رسولی … گفت:»). No
    country may conflict; a previous subject with roles attached to its name must also hold a
    role like the title (same head, organisation or a compatible role)."""
    order = sorted(s for s, m in subjects.items() if not m.heading)
    own = {id(m.ent): list(m.ent.roles) for m in subjects.values() if m.ent is not None}
    for u in sorted(created, key=lambda e: min(x.start for x in e.mentions)):
        first = next((subjects[s] for s in order if subjects[s].ent is u and subjects[s].kind == "title"), None)
        if first is None:
            continue
        n = bisect.bisect_left(order, first.sent)

        target = None
        if n > 0 and first.sent - order[n - 1] <= LOOKBACK_SENTENCES and not first.also:
            prev = subjects[order[n - 1]].ent
            target = prev if _may_name(prev, u, first.role, own) else None
        else:  # none before, or «… نیز گفت» (someone else too): the next one
            for s in order[n + 1:n + 4]:
                e = subjects[s].ent
                if e is u:
                    continue
                if _may_name(e, u, first.role, None):
                    target = e
                break
        if target is not None:
            for x in list(u.mentions):
                target.add(x)
            target.roles.extend(u.roles)
            u.mentions.clear()


def _resolve_title(m: Mention, mentions: list[Mention], entities: list[Entity], created: list[Entity],
                   subjects: dict[int, Mention] | None = None) -> None:
    cands = [e for e in entities if any(compatible(m.role, r) for r in e.roles)
             and (not m.role.country or e.country() in (None, m.role.country))]
    if not m.role.country:  # «وزیر امور خارجه» with no country: in Iranian news, Iran's first
        home = [e for e in cands if e.country() in (HOME_COUNTRY, None)]
        cands = home or cands
    if cands:
        def last_before(e: Entity) -> int:
            return max((x.start for x in e.mentions if x.start < m.start), default=-1)

        before = [e for e in cands if last_before(e) >= 0]
        subj = [x for x in (subjects or {}).values() if x.ent in cands and x.start < m.start]
        if subj:  # the most recent sentence subject among them, not a person named in passing
            best = max(subj, key=lambda x: x.start).ent
        elif before:
            best = max(before, key=last_before)
        else:
            best = min(cands, key=lambda e: min(x.start for x in e.mentions))
        best.add(m)
        best.roles.append(m.role)
        return
    e = Entity(unnamed=True)
    e.add(m)
    e.roles.append(m.role)
    created.append(e)


def _may_name(e: Entity | None, u: Entity, role: RoleMatch, own: dict[int, list[RoleMatch]] | None) -> bool:
    """May the named person ``e`` be the unnamed ``u`` whose title is ``role``? No conflicting country;
    with ``own`` (each person's roles attached to their name), no own role, or some role like it."""
    if e is None or e is u or e.unnamed or e.type != "PER":
        return False
    if role.country and e.country() not in (None, role.country):
        return False
    if own is None or not own.get(id(e), e.roles):
        return True
    return any(compatible(role, r) or r.head == role.head or (r.org_key and r.org_key == role.org_key)
               for r in e.roles)


def _resolve_description(m: Mention, before: list[Mention], subjects: dict[int, Mention]) -> None:
    def fits(e: Entity | None) -> bool:
        if e is None or e.type != "PER" or not e.roles:
            return False
        if m.country and e.country() and e.country() != m.country:
            return False
        if m.country and not e.country():
            return False
        return m.role is None or any(r.head == m.role.head for r in e.roles)

    subj = [s for s in subjects.values() if s.start < m.start and fits(s.ent)]
    last = max((s for s in subjects.values() if s.start < m.start), key=lambda s: s.start, default=None)
    if last is not None and last.ent is not None and last.ent.type == "PER" and not last.ent.roles \
            and not last.ent.unnamed and m.sent - last.sent <= 1 and not m.country \
            and subj and last.start > max(s.start for s in subj):
        last.ent.add(m)  # «واعظی آشتیانی … بازدید کرد. این عضو شورای شهر …»: the subject of the sentence
        return  # before, with no role known to conflict, rather than an older subject holding a like role
    if subj:
        max(subj, key=lambda s: s.start).ent.add(m)
        return
    prior = [x for x in before if fits(x.ent)]
    if prior:
        prior[-1].ent.add(m)


def _resolve_pronoun(m: Mention, before: list[Mention], subjects: dict[int, Mention]) -> None:
    same = subjects.get(m.sent)
    if same is not None and same.start < m.start:
        same.ent.add(m)
        return
    for s in range(m.sent - 1, max(-1, m.sent - 1 - LOOKBACK_SENTENCES), -1):
        if s in subjects:
            subjects[s].ent.add(m)
            return
    prior = [x for x in before if x.ent is not None and x.ent.type == "PER"]
    if prior:
        prior[-1].ent.add(m)


def token_blocked(toks: list[Tok], spans: list[tuple[int, int]]) -> list[bool]:
    """Per token: inside one of the (token-range) spans."""
    out = [False] * len(toks)
    n = len(out)
    for i, j in spans:
        if 0 <= i < j <= n:
            out[i:j] = [True] * (j - i)
        else:
            for k in range(i, j):
                out[k] = True
    return out
