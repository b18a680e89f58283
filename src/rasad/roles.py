"""Role phrases: «وزیر امور خارجه»، «سخنگوی وزارت امور خارجه»، «دستیار ویژه الهام علی‌اف رئیس جمهور آذربایجان».

A role phrase is a head from ``data/roles.tsv`` (or an epithet from
``data/epithets.tsv``), optional modifiers («ویژه»، «سابق»), then at most one
complement of a kind the head allows: a person (with that person's own role),
another role, an organisation (optionally followed by a country), a country or
demonym (or «این کشور»), or a place. :func:`parse_role` returns a
:class:`RoleMatch` with the canonical role, the organisation or country named,
its ISO3 and sector.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .actors import match_place, org_country, org_info, place_info, sector_of
from .lexicon import PhraseTable, Tok, key, read_tsv, table, tokenize, variants

DEICTIC_COUNTRY = {key("این کشور"), key("آن کشور")}
# «مدیرعامل کانون بازنشستگان فرهنگی و وظیفه‌بگیران استان اصفهان»: an organisation or place may come after
# up to FILLER words the lexicon and the tagger do not know; these words end the search
FILLER = 8
_FILLER_STOP = {key(w) for w in (
    "در با به از برای که را تا این آن بر طی ضمن روز امروز دیروز نیز هم همچنین گفت افزود کرد شد است بود "
    "داشت دارد اظهار تصریح تاکید تأکید یادآور خاطرنشان ادامه اعلام بیان").split()}
COUNTRY_KINDS = ("country", "demonym")


@dataclass(frozen=True)
class Head:
    canonical: str
    sector: str | None
    combines: tuple[str, ...]
    standalone: bool
    country: str | None
    epithet: bool = False
    title_ok: bool = True  # may stand for a person without a name («خبرنگار فارس» may not)


@lru_cache(maxsize=1)
def heads() -> PhraseTable:
    """Role heads and epithets (epithets first: «رئیس دستگاه دیپلماسی» before «رئیس»)."""
    t = PhraseTable()

    def opt(v: str) -> str | None:
        return None if v in ("", "-") else v

    for row in read_tsv("epithets.tsv"):
        if row["kind"] == "epithet":
            h = Head(row["role"], opt(row["sector"]), ("country",), True, opt(row["country"]), True)
            for p in variants(row["phrases"]):
                t.add(p, h)
    for row in read_tsv("roles.tsv"):
        if row["kind"] == "role":
            h = Head(row["canonical"], opt(row["sector"]), tuple(c for c in row["combines"].split(",") if c != "-"),
                     row["standalone"] == "1", opt(row["country"]), title_ok=row["standalone"] != "name")
            for p in variants(row["phrases"]):
                t.add(p, h)
    return t


def ezafe(phrase: str) -> str:
    """«سخنگو» → «سخنگوی» before what it governs; consonant-final words are unchanged."""
    return phrase + "ی" if phrase and phrase[-1] in "وا" else phrase


@dataclass
class RoleMatch:
    i: int  # first token
    j: int  # end token (exclusive)
    start: int
    end: int
    canonical: str
    org: str | None = None  # organisation or country/place as written
    org_key: str | None = None  # for comparing two roles: "C:IRN", "O:<key>", "P:<key>"
    country: str | None = None
    sector: str | None = None
    complete: bool = False  # has a complement, or the head stands alone
    person: tuple[int, int] | None = None  # token range of a person the role is of («دستیار ویژه X»)
    inner: RoleMatch | None = None  # the person's (or nested) role
    head: str = ""
    head_j: int = 0  # end token of the head and its modifiers
    epithet: bool = False
    title_ok: bool = True
    deictic: bool = False  # «... این کشور»
    modifiers: list[str] = field(default_factory=list)


@dataclass
class Context:
    """Text, tokens and entity spans (as token ranges) a role is parsed against."""

    text: str
    toks: list[Tok]
    per_at: dict[int, int] = field(default_factory=dict)  # person start token -> end token
    org_at: dict[int, int] = field(default_factory=dict)
    loc_at: dict[int, int] = field(default_factory=dict)

    def surface(self, i: int, j: int) -> str:
        return self.text[self.toks[i].start:self.toks[j - 1].end]


def _modifiers() -> PhraseTable:
    return table("roles.tsv", "modifier")


def parse_role(ctx: Context, i: int, allow_person: bool = True, depth: int = 0) -> RoleMatch | None:
    """The role phrase starting at token ``i``, or None."""
    toks = ctx.toks
    m = heads().match(toks, i)
    if m is None:
        return None
    head, j = m
    base, mods = head.canonical, []
    while toks[j - 1].plain:
        mm = _modifiers().match(toks, j)
        if mm is None:
            break
        if mm[0]["canonical"] != "-":
            mods.append(mm[0]["canonical"])
            base = ezafe(base) + " " + mm[0]["canonical"]
        j = mm[1]
    r = RoleMatch(i, j, toks[i].start, toks[j - 1].end, base, country=head.country, sector=head.sector,
                  complete=head.standalone, head=head.canonical, head_j=j, epithet=head.epithet, title_ok=head.title_ok,
                  modifiers=mods)
    if toks[j - 1].plain and j < len(toks):
        for kind in head.combines:
            if _complement(ctx, r, kind, j, allow_person, depth):
                break
        else:
            if "org" in head.combines or "place" in head.combines:
                _filler(ctx, r, j)
    r.end = toks[r.j - 1].end
    return r


def _filler(ctx: Context, r: RoleMatch, j: int) -> None:
    """«مدیر اداره آموزش X»: unknown words, then an organisation or a place, make the complement."""
    toks = ctx.toks
    for k in range(j + 1, min(len(toks), j + FILLER + 1)):
        if not toks[k - 1].plain or toks[k - 1].key in _FILLER_STOP or k - 1 in ctx.per_at:
            return
        end = ctx.org_at.get(k) or ctx.loc_at.get(k)
        if end is None:
            lex = org_info(toks, k) or match_place(toks, k)
            end = lex[1] if lex else None
        if end is not None:
            name = ctx.surface(j, end)
            r.canonical = ezafe(r.canonical) + " " + name
            r.org, r.org_key, r.j = name, "O:" + key(name), end
            r.sector = r.sector or sector_of(name)
            r.country = r.country or org_country(name)
            r.complete = True
            return


def _complement(ctx: Context, r: RoleMatch, kind: str, j: int, allow_person: bool, depth: int) -> bool:
    toks = ctx.toks
    if kind == "person" and allow_person and j in ctx.per_at:
        pj = ctx.per_at[j]
        inner = parse_role(ctx, pj, True, depth + 1) if depth < 2 and pj < len(toks) and toks[pj - 1].plain else None
        r.person = (j, pj)
        if inner is not None and inner.complete and not inner.person:
            _take_inner(r, inner)
        else:
            r.j = pj
        r.complete = True
        return True
    if kind == "role" and depth < 2:
        inner = parse_role(ctx, j, allow_person, depth + 1)
        if inner is not None and inner.complete:
            _take_inner(r, inner)
            r.complete = True
            return True
        return False
    if kind == "org":
        span_end = ctx.org_at.get(j)
        lex = org_info(toks, j)
        if span_end is None and lex is None:
            return False
        end = lex[1] if lex else span_end  # the lexicon wins over a tagger span («… امنیت ملی| دیدار»)
        name = ctx.surface(j, end)
        canon = lex[0]["canonical"] if lex else name
        r.canonical = ezafe(r.canonical) + " " + canon
        r.org, r.org_key, r.j = canon, "O:" + key(canon), end
        r.sector = r.sector or (lex[0]["sector"] if lex else None) or sector_of(name)
        r.country = r.country or org_country(name)
        if toks[end - 1].plain:  # «سخنگوی وزارت امور خارجه ایران»
            c = _country_at(ctx, end)
            if c is not None:
                r.country, r.j = c[0] or r.country, c[1]
        r.complete = True
        return True
    if kind == "country":
        c = _country_at(ctx, j)
        if c is None:
            return False
        r.country = c[0] or r.country
        r.org, r.j = ctx.surface(j, c[1]), c[1]
        r.deictic = c[0] is None
        r.org_key = None if r.deictic else "C:" + c[0]
        r.sector = r.sector or "GOV"  # «نماینده ایران», «سخنگوی آمریکا»
        r.complete = True
        return True
    if kind in ("place", "region"):
        pm = match_place(toks, j, whole=True)
        if pm is None or kind == "region" and pm[0].kind != "region":
            return False
        r.org, r.j = ctx.surface(j, pm[1]), pm[1]
        r.org_key = "P:" + key(r.org)
        r.country = pm[0].iso3 or r.country
        r.complete = True
        return True
    return False


def _take_inner(r: RoleMatch, inner: RoleMatch) -> None:
    r.inner, r.j = inner, inner.j
    r.canonical = ezafe(r.canonical) + " " + inner.canonical
    r.org, r.org_key, r.deictic = inner.org, inner.org_key, inner.deictic
    r.country = inner.country or r.country
    r.sector = r.sector or inner.sector


def _country_at(ctx: Context, j: int) -> tuple[str | None, int] | None:
    """A country, demonym or «این کشور» at token ``j``: (ISO3 or None for «این کشور», end)."""
    toks = ctx.toks
    if j >= len(toks):
        return None
    if toks[j].plain and j + 1 < len(toks) and toks[j].key + toks[j + 1].key in DEICTIC_COUNTRY:
        return None, j + 2
    end = ctx.loc_at.get(j)
    if end is not None:
        p = place_info(ctx.surface(j, end))
        if p is not None and p.kind in COUNTRY_KINDS and p.iso3:
            return p.iso3, end
    pm = match_place(toks, j)
    if pm is not None and pm[0].kind in COUNTRY_KINDS and pm[0].iso3:
        return pm[0].iso3, pm[1]
    return None


def parse_role_text(text: str) -> RoleMatch | None:
    """The role phrase at the start of ``text`` (no entity spans), if any."""
    toks = tokenize(text)
    return parse_role(Context(text, toks), 0) if toks else None


def honorific_at(toks: list[Tok], i: int) -> tuple[dict[str, str], int] | None:
    """An honorific («سردار»، «آیت‌الله») at token ``i``: (roles.tsv row, end index)."""
    return table("roles.tsv", "honorific").match(toks, i)
