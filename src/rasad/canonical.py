"""Canonical entities across articles: name keys and the conservative merge rules.

Pure functions, no database (the store side is :mod:`rasad.store.entities`).
An *article entity* is one dict of ``Article.entities`` (``id``, ``type``,
``name``, ``surfaces``, ``mentions``, ``roles``, ``country``, ``sector``); a
*canonical entity* (:class:`Candidate`) is one row of the ``entities`` table.

Name keys
    :func:`name_tokens` folds the name (:func:`rasad.normalize.fold`: letter
    variants, diacritics, ZWNJ removed), drops punctuation, strips leading
    honorifics of persons («آقای», «دکتر», «حجت‌الاسلام», «سید», …) and glues
    detached name suffixes to the word before («علی اف» → «علیاف», «حسن زاده»
    → «حسنزاده»). :func:`name_key` joins the tokens with nothing between
    them, so «علیاف», «علی‌اف», «علي‌اف» and «علی اف» have one key.

Merge rules (:func:`decide`), for one article entity against the canonical
entities that share its key or surname:

1. Same type and same key → the same entity (for ORG, LOC and every other
   type this is the only rule).
2. A person known by one token only (a surname, «امیرعبداللهیان»), or by a
   spaced spelling of a one-word surname («امیر عبداللهیان» against
   «حسین امیرعبداللهیان»), is *surname-like*. Its *people* are the full-name
   persons whose last token (or last two tokens joined) has its key, minus
   those whose country contradicts the mention's. It links to

   a. the one person among them that another entity of the same article
      already links to (the full name is written in the same article), else
   b. the one person among them seen with the same role (same canonical role;
      organisations, when both are known, must agree), else
   c. the person when there is exactly one.

   Otherwise (none, or two or more and no evidence) it goes to a
   *surname-only* canonical entity of its own (``kind = "surname"``), which
   holds surname mentions not tied to one person. Two different full names
   sharing a surname («علی لاریجانی», «صادق لاریجانی») are different keys and
   so stay apart.
3. When a new full-name person is created and a surname-only entity with its
   surname exists that no other person can claim, the surname-only entity is
   merged into the new person (:func:`should_adopt`): ingest order does not
   keep «امیرعبداللهیان» apart from «حسین امیرعبداللهیان».
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .normalize import fold

PERSON = "PER"
FULL = "full"
SURNAME = "surname"

# Leading honorifics and ranks of persons, dropped from name keys (as written;
# folded and with spaces/ZWNJ removed when compared). Only a prefix is dropped,
# and never the last token.
HONORIFICS = (
    "آقای", "خانم", "دکتر", "مهندس", "استاد", "جناب", "حضرت", "سرکار", "حاج", "حاجی", "سید", "سیده",
    "شهید", "مرحوم", "حجت‌الاسلام", "حجه‌الاسلام", "والمسلمین", "آیت‌الله", "آیه‌الله", "العظمی", "ثقه‌الاسلام",
    "سردار", "سرلشکر", "سرتیپ", "سرتیپ‌دوم", "سرهنگ", "سرگرد", "سروان", "ارتشبد", "سپهبد", "دریادار",
    "دریابان", "دریاسالار", "ناخدا", "خلبان",
)
# Name endings sometimes written detached; glued to the word before.
SUFFIXES = ("اف", "اوف", "اوا", "یف", "یوف", "زاده", "پور", "نیا", "وند", "فر", "نژاد")

_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    return frozenset(fold(h).replace(" ", "") for h in HONORIFICS)


@lru_cache(maxsize=1)
def _suffixes() -> frozenset[str]:
    return frozenset(fold(s) for s in SUFFIXES)


@lru_cache(maxsize=65536)
def _tokens(name: str, person: bool) -> tuple[str, ...]:
    words = _NON_WORD.sub(" ", fold(name).replace("_", " ")).split()
    tokens: list[str] = []
    for w in words:
        if tokens and w in _suffixes():
            tokens[-1] += w
        else:
            tokens.append(w)
    if person:
        hon = _honorifics()
        while len(tokens) > 1:
            if tokens[0] in hon:
                tokens.pop(0)
            elif len(tokens) > 2 and tokens[0] + tokens[1] in hon:
                del tokens[:2]
            else:
                break
    return tuple(tokens)


def name_tokens(name: str, type: str = PERSON) -> tuple[str, ...]:
    """Folded name tokens; for persons without leading honorifics.

    >>> name_tokens("الهام علی اف")
    ('الهام', 'علیاف')
    """
    return _tokens(name or "", (type or "").upper() == PERSON)


def name_key(name: str, type: str = PERSON) -> str:
    """The key two spellings of one name share: folded, honorifics, spaces and ZWNJ removed.

    >>> name_key("علی‌اف") == name_key("علي اف") == name_key("علیاف")
    True
    """
    return "".join(name_tokens(name, type))


def surname_keys(tokens: tuple[str, ...]) -> tuple[str | None, str | None]:
    """(last token, last two tokens joined) of a full name; the second only for 3+ tokens."""
    if len(tokens) < 2:
        return None, None
    return tokens[-1], (tokens[-2] + tokens[-1]) if len(tokens) >= 3 else None


@dataclass(frozen=True)
class Prepared:
    """What the merge rules look at in one article entity."""

    type: str
    name: str
    tokens: tuple[str, ...]
    key: str
    tail1: str | None
    tail2: str | None
    country: str | None
    roles: frozenset[tuple[str, str | None]]  # (role, org key or None)

    @property
    def is_person(self) -> bool:
        return self.type == PERSON


def prepare(entity: dict[str, Any]) -> Prepared | None:
    """The key facts of an article entity, or None when it has no usable name or type."""
    etype = str(entity.get("type") or "").strip().upper()
    name = str(entity.get("name") or "").strip()
    if not etype or not name:
        return None
    tokens = name_tokens(name, etype)
    if not tokens:
        return None
    tail1, tail2 = surname_keys(tokens) if etype == PERSON else (None, None)
    roles = frozenset((str(r["role"]), name_key(r["org"], "ORG") if r.get("org") else None)
                      for r in entity.get("roles") or () if isinstance(r, dict) and r.get("role"))
    return Prepared(etype, name, tokens, "".join(tokens), tail1, tail2, entity.get("country") or None, roles)


@dataclass
class Candidate:
    """A canonical entity as the merge rules see it."""

    id: int
    type: str
    name: str
    key: str
    kind: str = FULL  # "full" or "surname" (surname-only mentions not tied to one person)
    tokens: int = 1
    tail1: str | None = None
    tail2: str | None = None
    country: str | None = None
    roles: frozenset[tuple[str, str | None]] = field(default_factory=frozenset)  # (role, org key or None)

    @classmethod
    def from_name(cls, id: int, name: str, type: str = PERSON, kind: str = FULL, country: str | None = None,
                  roles: Iterable[tuple[str, str | None]] = ()) -> Candidate:
        """A candidate built from a name (for tests and tools)."""
        tokens = name_tokens(name, type)
        tail1, tail2 = surname_keys(tokens) if type.upper() == PERSON else (None, None)
        return cls(id, type.upper(), name, "".join(tokens), kind, len(tokens), tail1, tail2, country,
                   frozenset((r, name_key(o, "ORG") if o else None) for r, o in roles))


def is_surname_like(p: Prepared, candidates: Iterable[Candidate]) -> bool:
    """A person named by one token, or by a spaced spelling of a full name's one-word surname."""
    if not p.is_person:
        return False
    if len(p.tokens) == 1:
        return True
    return any(c.kind == FULL and c.type == PERSON and c.tail1 == p.key and c.key != p.key for c in candidates)


def people_for(p: Prepared, candidates: Iterable[Candidate]) -> list[Candidate]:
    """Full-name persons a surname-like mention may stand for (country must not contradict)."""
    out = []
    for c in candidates:
        if c.kind != FULL or c.type != PERSON or c.key == p.key:
            continue
        if not (c.tail1 == p.key or (len(p.tokens) == 1 and c.tail2 == p.key)):
            continue
        if p.country and c.country and p.country != c.country:
            continue
        out.append(c)
    return sorted(out, key=lambda c: c.id)


def _roles_match(mine: frozenset[tuple[str, str | None]], theirs: frozenset[tuple[str, str | None]]) -> bool:
    return any(r == r2 and (o is None or o2 is None or o == o2) for r, o in mine for r2, o2 in theirs)


def decide_with_reason(entity: dict[str, Any] | Prepared, candidates: Iterable[Candidate],
                       linked: Iterable[int] = ()) -> tuple[Candidate | None, str]:
    """:func:`decide` and the rule that decided (``key``, ``same-article``, ``role``, ``only-person``,
    ``surname-only``, ``new``, ``ambiguous``, ``invalid``)."""
    p = entity if isinstance(entity, Prepared) else prepare(entity)
    if p is None:
        return None, "invalid"
    cands = [c for c in candidates if c.type == p.type]
    exact = sorted((c for c in cands if c.kind == FULL and c.key == p.key), key=lambda c: c.id)
    if exact:
        return exact[0], "key"
    if not is_surname_like(p, cands):
        return None, "new"
    people = people_for(p, cands)
    linked = set(linked)
    same_article = [c for c in people if c.id in linked]
    if len(same_article) == 1:
        return same_article[0], "same-article"
    if len(people) >= 2 and p.roles:
        by_role = [c for c in people if _roles_match(p.roles, c.roles)]
        if len(by_role) == 1:
            return by_role[0], "role"
    if len(people) == 1:
        return people[0], "only-person"
    own = sorted((c for c in cands if c.kind == SURNAME and c.key == p.key), key=lambda c: c.id)
    reason = "ambiguous" if len(people) >= 2 else "surname-only"
    return (own[0] if own else None), reason


def decide(entity: dict[str, Any] | Prepared, candidates: Iterable[Candidate],
           linked: Iterable[int] = ()) -> Candidate | None:
    """The canonical entity an article entity links to, or None to create a new one.

    ``candidates``: canonical entities sharing the entity's key or surname;
    ``linked``: ids of canonical entities other entities of the same article
    already link to (full names are linked before surname-like ones). When
    None comes back for a surname-like person, the new entity is a
    surname-only one (see :func:`new_kind`).
    """
    return decide_with_reason(entity, candidates, linked)[0]


def new_kind(entity: dict[str, Any] | Prepared, candidates: Iterable[Candidate]) -> str:
    """Kind of the canonical entity to create when :func:`decide` returned None."""
    p = entity if isinstance(entity, Prepared) else prepare(entity)
    return SURNAME if p is not None and is_surname_like(p, [c for c in candidates if c.type == p.type]) else FULL


def should_adopt(person: Candidate, surname_entity: Candidate, people: Iterable[Candidate]) -> bool:
    """Merge a surname-only entity into a newly created full-name person?

    When both have the same key (one name spaced two ways), or when the person
    is the one full-name person with that surname (``people``: every
    full-name person whose surname matches the entity's key); never when
    their countries contradict.
    """
    if surname_entity.kind != SURNAME or person.kind != FULL or person.type != surname_entity.type:
        return False
    if person.country and surname_entity.country and person.country != surname_entity.country:
        return False
    if surname_entity.key == person.key:  # the same name, spaced differently («امیر عبداللهیان»)
        return True
    if surname_entity.key not in (person.tail1, person.tail2):
        return False
    return not ({c.id for c in people} - {person.id})


__all__ = ["FULL", "HONORIFICS", "PERSON", "SURNAME", "SUFFIXES", "Candidate", "Prepared", "decide",
           "decide_with_reason", "is_surname_like", "name_key", "name_tokens", "new_kind", "people_for", "prepare",
           "should_adopt", "surname_keys"]
