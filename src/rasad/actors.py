"""Actor codes: the country (ISO 3166 alpha-3) and sector of a place, role or organisation.

Data: ``data/countries.tsv`` (country names, capitals, demonyms), ``data/places.tsv``
(foreign cities and regions), ``data/iran_places.tsv`` (Iranian provinces, counties
and cities → IRN), ``data/sectors.tsv`` (organisations → sector). A name that is a
region across borders («قفقاز جنوبی») has no country.

>>> country_of("باکو"), country_of("آذربایجان شرقی"), country_of("قفقاز جنوبی")
('AZE', 'IRN', None)
>>> sector_of("سخنگوی وزارت امور خارجه"), sector_of("سپاه")
('GOV', 'MIL')
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .lexicon import PhraseTable, Tok, key, read_tsv, table, tokenize, variants


@dataclass(frozen=True)
class Place:
    """What a place name is: its country (or None), kind and whether it may match inside a phrase."""

    iso3: str | None
    kind: str  # country | capital | demonym | city | region | site | province | county | deictic
    contained: bool = True


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, Place], PhraseTable]:
    """(whole-name lookup, phrase table of the names that may match inside a phrase)."""
    exact: dict[str, Place] = {}
    inside = PhraseTable()

    def add(name: str, place: Place) -> None:
        exact.setdefault(key(name), place)
        if place.contained:
            inside.add(name, place, ezafe=False)

    for row in read_tsv("countries.tsv"):
        iso = row["iso3"]
        weak = set(variants(row["exact_only"]))
        for name in [row["source_name"], *variants(row["names"])]:
            add(name, Place(iso, "country", name not in weak))
        for name in weak:
            add(name, Place(iso, "country", False))
        for name in variants(row["capitals"]):
            add(name, Place(iso, "capital"))
        for name in variants(row["demonyms"]):
            add(name, Place(iso, "demonym"))
    for row in read_tsv("places.tsv"):
        add(row["name"], Place(None if row["iso3"] == "-" else row["iso3"], row["kind"]))
    for row in read_tsv("iran_places.tsv"):
        add(row["name"], Place("IRN", row["kind"], row["contained"] == "1"))
    return exact, inside


@lru_cache(maxsize=1)
def _whole_places() -> PhraseTable:
    """Every place name (for a place right after a role head: «استاندار مازندران»)."""
    t = PhraseTable()
    for k, place in _places()[0].items():
        t._set(k, place)  # keys are already in key form
    t.max_tokens = 4
    return t


def place_info(name: str) -> Place | None:
    """What a whole place name is («باکو» → capital of AZE), or None if unknown."""
    return _places()[0].get(key(name))


def match_place(toks: list[Tok], i: int, whole: bool = False) -> tuple[Place, int] | None:
    """The longest place name starting at token ``i``: (place, end index).

    ``whole`` also accepts names that are common words («مرکزی») and Iranian
    cities; use it where a place is expected (after «استاندار»)."""
    return (_whole_places() if whole else _places()[1]).match(toks, i)


@lru_cache(maxsize=8192)
def country_of(text: str) -> str | None:
    """ISO3 of a country, capital, demonym or city name, or of the first one inside a phrase.

    «ایران», «ایرانی», «تهران», «جمهوری اسلامی» → IRN; «آذربایجان غربی» (an Iranian
    province) → IRN; «قفقاز جنوبی» (a region) → None; «سفارت جمهوری آذربایجان» → AZE."""
    whole = place_info(text)
    if whole is not None:
        return whole.iso3
    toks = tokenize(text)
    i = 0
    while i < len(toks):
        m = match_place(toks, i)
        if m and m[0].iso3:
            return m[0].iso3
        i = m[1] if m else i + 1
    return None


def org_info(toks: list[Tok], i: int) -> tuple[dict[str, str], int] | None:
    """A known organisation name starting at token ``i``: (sectors.tsv row, end index)."""
    return table("sectors.tsv", "org", "names").match(toks, i)


@lru_cache(maxsize=8192)
def sector_of(text: str) -> str | None:
    """Sector of a role or organisation: GOV, MIL, COP, SPY, LEG, JUD, PTY, REB, IGO, NGO, MED, BUS, EDU, REL.

    A role decides by its head or what follows it («سخنگوی وزارت امور خارجه» → GOV);
    an organisation by a known name inside it («سپاه پاسداران» → MIL), else by a
    generic head word («خبرگزاری فارس» → MED)."""
    from .roles import parse_role_text

    role = parse_role_text(text)
    if role is not None and role.sector:
        return role.sector
    toks = tokenize(text)
    for tbl in (table("sectors.tsv", "org", "names"), table("sectors.tsv", "word", "names")):
        for i in range(len(toks)):
            m = tbl.match(toks, i)
            if m:
                return m[0]["sector"]
    return None


@lru_cache(maxsize=8192)
def org_country(name: str) -> str | None:
    """Country of an organisation: one named in it («سفارت آذربایجان»), else its default («سپاه» → IRN)."""
    found = country_of(name)
    if found:
        return found
    toks = tokenize(name)
    for i in range(len(toks)):
        m = org_info(toks, i)
        if m and m[0]["country"] != "-":
            return m[0]["country"]
    return None
