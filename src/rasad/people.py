"""The people stage: article-level entities with roles, aliases, pronouns and actor codes.

Runs after the NER stage and reads ``spans["entities"]`` (``Span(start, end,
label, {"text": surface})``) and ``spans["sentences"]``. It fills
``article.entities`` (format in ``docs/entities.md``), ``spans["mentions"]`` and
``spans["roles"]``. Steps:

1. person spans are trimmed of honorifics and of a role the tagger swallowed;
2. a role phrase right after a name («ناصر کنعانی سخنگوی …») or right before it
   («وزیر امور خارجه حسین امیرعبداللهیان») is attached to it; a person inside
   another's role («… دستیار ویژه الهام علی‌اف رئیس جمهور آذربایجان») is nested;
3. names are grouped: same folded name, or a shorter name that is the end of a
   longer one («امیرعبداللهیان», «خلف اف»); names the tagger missed are found
   again in the text;
4. titles, descriptions and pronouns are resolved (``coref.py``);
5. organisations and places are grouped by name (countries by ISO3) and coded.
"""
from __future__ import annotations

import bisect
from itertools import compress, count
from operator import itemgetter, not_, or_
from typing import Any

from .actors import match_place, org_country, place_info, sector_of
from .article import Article, Span
from .coref import Entity, Mention, find_references, mark_subjects, resolve, split_sentences, token_blocked
from .lexicon import Tok, key, tokenize
from .roles import Context, RoleMatch, heads, honorific_at, parse_role

NOT_ENTITIES = {"DATE", "DAT", "TIME", "TIM", "MON", "MONEY", "PCT", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"}
_GAP_OK = set(" «»\"'،,()\u200c")
ENTITY_KEYS = ("id", "type", "name", "surfaces", "mentions", "roles", "country", "sector")
MIN_SEARCH_KEY = 4  # a missed one-word name (surname) is searched for only if at least this long
_START, _END, _KEY = itemgetter(0), itemgetter(1), itemgetter(2)  # of a Tok
REPORT = key("گزارش")


def people_stage(art: Article) -> Article:
    """Fill ``art.entities``, ``spans["mentions"]`` and ``spans["roles"]`` from the entity spans."""
    text, toks = art.text, tokenize(art.text)
    spans = [s for s in art.spans.get("entities", []) if s.label.upper() not in NOT_ENTITIES]
    sentences = [(s.start, s.end) for s in art.spans.get("sentences", [])] or split_sentences(text)
    ctx = Context(text, toks)
    others: list[tuple[str, int, int]] = []
    persons: list[Mention] = []
    hints: dict[int, str] = {}
    ends = list(map(_END, toks))
    starts = list(map(_START, toks))
    for s in spans:
        rng = _tok_range(toks, s.start, s.end, ends, starts)
        if rng is None:
            continue
        label = s.label.upper()
        if label in ("PER", "PERSON", "PERS"):
            m = _person(ctx, *rng, hints)
            if m is not None:
                persons.append(m)
        else:
            others.append((label, *rng))
            (ctx.org_at if label == "ORG" else ctx.loc_at)[rng[0]] = rng[1]
    persons = _dedupe(persons)
    entities = _cluster(persons, hints)
    persons = sorted(persons + _find_missed(ctx, entities, persons, others), key=lambda m: m.i)
    ctx.per_at = {m.i: m.j for m in persons}
    attached = _attach_roles(ctx, persons)
    blocked = token_blocked(toks, [(m.i, m.j) for m in persons] + [(r.i, r.j) for r, _ in attached])
    no_start = token_blocked(toks, [(i + 1, j) for _, i, j in others])
    if art.spans.get("sentences"):  # titles and pronouns only in the content the NER stage read
        inside = token_blocked(toks, [r for s, e in sentences if (r := _tok_range(toks, s, e, ends, starts))])
        no_start = list(map(or_, no_start, map(not_, inside)))
    refs = find_references(ctx, blocked, no_start)
    for r in refs:  # a person inside a title («دستیار ویژه الهام علی‌اف …») is nested
        if r.role is not None and r.role.person:
            _nest(persons, r.role, attached)
    for r, m in attached:
        if not any((x.start, x.end) == (r.start, r.end) for x in m.ent.roles):
            m.ent.roles.append(r)
    mentions = persons + refs
    mark_subjects(mentions, ctx, sentences)
    entities += resolve(mentions, entities)
    heads = [(r.i, r.head_j) for r in _all_roles([r for r, _ in attached] + [m.role for m in refs if m.role])]
    others = [o for o in others if not any(a <= o[1] < b for a, b in heads)]
    return _write(art, ctx, entities, others)


def _all_roles(roles: list[RoleMatch]) -> list[RoleMatch]:
    out = []
    while roles:
        r = roles.pop()
        out.append(r)
        if r.inner is not None:
            roles.append(r.inner)
    return out


def _tok_range(toks: list[Tok], s: int, e: int, ends: list[int],
               starts: list[int] | None = None) -> tuple[int, int] | None:
    i = bisect.bisect_right(ends, s)
    if starts is not None:  # the first token from i on that starts at or after e
        j = bisect.bisect_left(starts, e, i)
    else:
        j = i
        while j < len(toks) and toks[j].start < e:
            j += 1
    return (i, j) if j > i else None


def _person(ctx: Context, i: int, j: int, hints: dict[int, str]) -> Mention | None:
    """A name mention from a person span, without honorifics or a leading/trailing role."""
    toks = ctx.toks
    while i < j:
        h = honorific_at(toks, i)
        if h is not None and h[1] < j:
            if h[0]["sector"] != "-":
                hints[h[1]] = h[0]["sector"]
            i = h[1]
            continue
        r = parse_role(ctx, i, allow_person=False)
        if r is not None and r.complete and r.j < j:
            i = r.j
            continue
        break
    for k in range(i + 1, j):
        r = parse_role(ctx, k, allow_person=False)
        if r is not None and r.complete and r.j >= j:
            j = k
            break
    if i >= j:
        return None
    return Mention(toks[i].start, toks[j - 1].end, "name", i, j, keys=tuple(t.key for t in toks[i:j]))


def _dedupe(ms: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in sorted(ms, key=lambda m: (m.i, -m.j)):
        if not out or m.i >= out[-1].j:
            out.append(m)
    return out


def _gap_ok(text: str, a: int, b: int) -> bool:
    return a <= b and all(c in _GAP_OK for c in text[a:b])


def _attach_roles(ctx: Context, persons: list[Mention]) -> list[tuple[RoleMatch, Mention]]:
    """Roles right after a name, then roles right before a name (not inside a role already taken)."""
    toks, out = ctx.toks, []
    taken: list[tuple[int, int]] = []
    for m in persons:
        if m.j < len(toks) and _gap_ok(ctx.text, m.end, toks[m.j].start):
            r = parse_role(ctx, m.j)
            if r is not None and (r.complete or r.sector):
                out.append((r, m))
                taken.append((r.i, r.j))
                if r.person:
                    _nest(persons, r, out)
    role_start = heads().may_start
    for m in persons:
        if m.nested or m.i == 0 or not _gap_ok(ctx.text, toks[m.i - 1].end, m.start):
            continue
        # a role may not start inside a role taken, or a person, that begins before m
        lo = max([0, m.i - 12] + [b for a, b in taken if a < m.i] + [p.j for p in persons if p is not m and p.i < m.i])
        for s in range(lo, m.i):
            if not role_start(toks[s].key):
                continue  # parse_role is None
            if s > 0 and toks[s - 1].key == REPORT:
                continue  # «به گزارش خبرنگار … فارس، X»: the agency's reporter, not X's role
            r = parse_role(ctx, s)
            if r is not None and r.j == m.i and r.complete and not r.person:
                out.append((r, m))
                taken.append((r.i, r.j))
                break
    return out


def _nest(persons: list[Mention], r: RoleMatch, out: list[tuple[RoleMatch, Mention]]) -> None:
    """Mark the person inside role ``r`` as nested and give it its own role («رئیس جمهور آذربایجان»)."""
    inner = next((p for p in persons if (p.i, p.j) == r.person), None)
    if inner is None:
        return
    inner.nested = True
    if r.inner is not None and not any(x is r.inner or (x.i, x.j) == (r.inner.i, r.inner.j) for x, _ in out):
        out.append((r.inner, inner))


def _cluster(persons: list[Mention], hints: dict[int, str]) -> list[Entity]:
    """Group names, longest first: a name that is the end of a longer one is a surname of that
    person (the closest one if several share it); otherwise same folded name, same person."""
    ents: list[Entity] = []
    by_key: dict[str, Entity] = {}
    suffixes: dict[str, list[Entity]] = {}  # squashed end of a longer name (on token boundaries) -> its persons
    for m in sorted(persons, key=lambda m: (-len(m.keys), m.start)):
        k = "".join(m.keys)
        owners = suffixes.get(k)
        if owners:
            _closest(owners, m).add(m)
            m.kind = "surname"
            continue
        if k not in by_key:
            by_key[k] = Entity()
            ents.append(by_key[k])
        e = by_key[k]
        e.add(m)
        for n in range(1, len(m.keys)):
            end = "".join(m.keys[n:])
            if end != k:
                got = suffixes.setdefault(end, [])
                if e not in got:
                    got.append(e)
    for e in ents:
        for m in e.mentions:
            e.hint_sector = e.hint_sector or hints.get(m.i)
    return ents


def _closest(ents: list[Entity], m: Mention) -> Entity:
    """The entity mentioned last before ``m``, else the one mentioned first after it."""
    before = [(max(x.start for x in e.mentions if x.start < m.start), e) for e in ents
              if any(x.start < m.start for x in e.mentions)]
    if before:
        return max(before, key=lambda t: t[0])[1]
    return min(ents, key=lambda e: min(x.start for x in e.mentions))


def _find_missed(ctx: Context, ents: list[Entity], persons: list[Mention],
                 others: list[tuple[str, int, int]]) -> list[Mention]:
    """Names (and surnames) of known persons that the tagger did not mark elsewhere in the text."""
    toks = ctx.toks
    used = token_blocked(toks, [(m.i, m.j) for m in persons] + [(i, j) for _, i, j in others])
    forms: dict[str, tuple[Entity, int, bool]] = {}
    for e in ents:
        for m in e.mentions:
            for n in range(len(m.keys)):
                part = m.keys[n:]
                if len(part) > 1 or len(part[0]) >= MIN_SEARCH_KEY:
                    forms.setdefault("".join(part), (e, len(part), n == 0 and m.kind == "name"))
    longest = max((n for _, n, _ in forms.values()), default=0)
    prefixes = {k[:n] for k in forms for n in range(1, len(k) + 1)}
    found: list[Mention] = []
    keys = list(map(_KEY, toks))
    i = 0
    # only a free token whose key starts a form may start a name
    for c in [x for x in compress(count(), map(prefixes.__contains__, keys)) if not used[x]]:
        if c < i:
            continue
        i = c
        hit = None
        # a name is tokens i..j-1: none used, each but the last followed by spaces only
        top = min(len(toks), i + longest + 1)
        free = i + 1
        while free < top and not used[free] and toks[free - 1].plain:
            free += 1
        for j in range(free, i, -1):  # longest first: a form may be split differently
            hit = forms.get("".join(keys[i:j]))
            if hit:
                break
        if hit is None:
            i += 1
            continue
        e, _, full = hit
        m = Mention(toks[i].start, toks[j - 1].end, "name" if full else "surname", i, j,
                    keys=tuple(t.key for t in toks[i:j]))
        e.add(m)
        found.append(m)
        i = j
    return found


def _write(art: Article, ctx: Context, persons: list[Entity], others: list[tuple[str, int, int]]) -> Article:
    items: list[tuple[int, dict[str, Any], list[tuple[int, int, str]], list[RoleMatch], Entity | None]] = []
    for e in persons:
        if not e.mentions:
            continue
        items.append((min(m.start for m in e.mentions), _person_dict(ctx, e),
                      [(m.start, m.end, m.kind) for m in e.mentions], e.roles, e))
    for d in _group_others(ctx, others):
        items.append((d["mentions"][0][0], d, d["mentions"], [], None))
    items.sort(key=lambda t: t[0])
    ids: dict[int, str] = {}
    for n, (_, d, _, _, e) in enumerate(items, 1):
        d["id"] = f"e{n}"
        if e is not None:
            ids[id(e)] = d["id"]
    art.entities, mention_spans, role_spans = [], [], []
    for _, d, ms, roles, e in items:
        d["mentions"] = [list(x) for x in sorted(set(ms))]
        if e is not None:
            d["roles"] = [_role_dict(ctx, r, persons, ids) for r in sorted(roles, key=lambda r: r.start)]
            role_spans += [Span(r.start, r.end, "ROLE", {"entity": d["id"], "role": r.canonical}) for r in roles]
        mention_spans += [Span(s, t, k, {"entity": d["id"], "type": d["type"]}) for s, t, k in d["mentions"]]
        art.entities.append({k: d[k] for k in ENTITY_KEYS})
    art.spans["mentions"] = sorted(mention_spans, key=lambda s: (s.start, s.end))
    art.spans["roles"] = sorted(role_spans, key=lambda s: (s.start, s.end))
    return art


def _person_dict(ctx: Context, e: Entity) -> dict[str, Any]:
    names = [m for m in e.mentions if m.kind in ("name", "surname")]
    name = None  # a person known only by a title («رئیس جمهوری خودخوانده قره‌باغ») has no name
    if names:
        best = max(names, key=lambda m: (len(m.keys), m.end - m.start))
        name = ctx.text[best.start:best.end]
    surfaces = list(dict.fromkeys(ctx.text[m.start:m.end] for m in sorted(names, key=lambda m: m.start)))
    return {"type": "PER", "name": name, "surfaces": surfaces, "country": e.country(), "sector": e.sector()}


def _role_dict(ctx: Context, r: RoleMatch, persons: list[Entity], ids: dict[int, str]) -> dict[str, Any]:
    of = None
    if r.person:
        for e in persons:
            if any((m.i, m.j) == r.person for m in e.mentions):
                of = ids.get(id(e))
    return {"role": r.canonical, "text": ctx.text[r.start:r.end], "start": r.start, "end": r.end,
            "org": r.org, "country": r.country, "of": of}


def _group_others(ctx: Context, others: list[tuple[str, int, int]]) -> list[dict[str, Any]]:
    """Organisations, places and other entities, grouped by name (countries by ISO3)."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for label, i, j in sorted(others, key=lambda t: t[1]):
        surface = ctx.surface(i, j)
        country, gkey = None, key(surface)
        whole = place_info(surface)
        if label == "ORG" and whole is not None and whole.kind == "country":
            label = "LOC"  # «جمهوری اسلامی ایران» tagged ORG: the country, one entity with «ایران»
        if label in ("LOC", "GPE", "FAC"):
            p = match_place(ctx.toks, i, whole=True)  # may run past the span: «آذربایجان| شرقی»
            place = p[0] if p and p[1] >= j else place_info(surface)
            if place is not None:
                country = place.iso3
                gkey = "C:" + place.iso3 if place.kind == "country" and place.iso3 else f"{gkey}|{country}"
        g = groups.setdefault((label, gkey), {"type": label, "mentions": [], "_surf": [], "country": country})
        g["mentions"].append((ctx.toks[i].start, ctx.toks[j - 1].end, "name"))
        g["_surf"].append(surface)
    out = []
    for (label, _), g in groups.items():
        name = max(g["_surf"], key=lambda s: (len(s.split()), len(s)))
        g["mentions"] = [(s, t, "name" if ctx.text[s:t] == name else "alias") for s, t, _ in g["mentions"]]
        g.update(name=name, surfaces=list(dict.fromkeys(g.pop("_surf"))), roles=[])
        if label == "ORG":
            g["country"], g["sector"] = org_country(name), sector_of(name)
        else:
            g["country"] = g["country"] if label in ("LOC", "GPE", "FAC") else None
            g["sector"] = None
        out.append(g)
    return out
