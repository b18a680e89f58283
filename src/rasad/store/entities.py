"""Canonical entities across articles (tables of migration ``0003_entities``).

:func:`link_article_entities` links each article-level entity
(``Article.entities``) to a canonical entity by the rules of
:mod:`rasad.canonical`, creating one when none fits, and stores its mentions
and roles. It runs inside the store's write transaction (``Store._put``) and is
idempotent: storing an article again first removes what its previous version
added (counts are decremented, dates recomputed, entities left without
articles deleted).

A :class:`Linker` links the articles of one transaction: article by article
(``rasad ingest``), or in bulk with an in-memory :class:`EntityCache`, the rows
and increments of many articles written together (``rasad load``), with the
same result.

Counters are kept incrementally so that linking costs the same whatever the
size of the database: ``entities.mention_count`` / ``article_count``,
``entity_aliases.count`` and ``entity_roles.count`` (articles). First and last
dates come from indexed ``min``/``max``.

Functions take a :class:`~rasad.store.db.Store` (like :mod:`.pages`).
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..canonical import (
    FULL,
    PERSON,
    SURNAME,
    Candidate,
    Prepared,
    decide_with_reason,
    is_surname_like,
    name_key,
    people_for,
    prepare,
    should_adopt,
)

if TYPE_CHECKING:
    from ..article import Article
    from .db import Store

ALIAS_KINDS = ("name", "surname", "alias")  # mention kinds whose surface is kept as an alias
TABLES = ("entities", "entity_aliases", "entity_articles", "entity_mentions", "entity_role_mentions", "entity_roles")
_COLS = "id, type, name, key, kind, tokens, tail1, tail2, country"


class UnknownEntity(KeyError):
    """No canonical entity has this name or alias."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class AmbiguousEntity(KeyError):
    """Several canonical entities answer to this name; ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[dict[str, Any]]):
        super().__init__(message)
        self.candidates = candidates

    def __str__(self) -> str:
        return str(self.args[0])


# -- writing -------------------------------------------------------------
def link_article_entities(store: Store, article_id: int, article: Article, linker: Linker | None = None,
                          inputs: LinkInputs | None = None) -> dict[str, int]:
    """Link ``article``'s entities to canonical entities; return local id → canonical id.

    Call inside the store's write transaction, after the article row is
    written (``article_id`` = ``articles.id``). Replaces whatever an earlier
    version of the article added. Without ``linker`` the rows are written
    before this returns; with one (a run of articles in one transaction, as
    ``rasad load`` does) they are written by its :meth:`Linker.flush`.
    ``inputs``: :func:`link_inputs` of the article, when the caller made it ahead.
    """
    return (linker or Linker(store.conn)).link(article_id, article, inputs)


Mention = tuple[int | None, int | None, str | None, str | None]  # start, end, kind, surface
LinkInputs = list[tuple["Prepared", dict[str, Any], list[Mention]]]


def link_inputs(article: Article) -> LinkInputs:
    """What linking takes of an article, made from the article alone (``rasad load`` makes it while the
    transaction before is committed): each entity with its prepared name and its mentions, full names
    (and every non-person) first, so that surname-only mentions see them."""
    text = article.text or ""
    items = []
    for e in article.entities or ():
        if isinstance(e, dict) and (p := _prepare(e)) is not None:
            items.append((p, e, [m for m in (_mention(m, text) for m in e.get("mentions") or ()) if m]))
    items.sort(key=lambda x: x[0].is_person and len(x[0].tokens) == 1)
    return items


def unlink_article(store: Store, article_id: int) -> None:
    """Remove what an article added (inside the caller's transaction)."""
    touched: set[int] = set()
    touched_roles: set[tuple[int, str, str, str]] = set()
    _remove(store.conn, article_id, touched, touched_roles)
    _finalize(store.conn, touched, touched_roles)


def rebuild_entities(store: Store, batch: int = 500) -> int:
    """Empty the entity tables and link every stored article again (oldest first); return articles seen.

    For a database filled before ``0003_entities``, or after the merge rules
    changed. One transaction per ``batch`` articles.
    """
    import json

    from ..article import Article

    conn = store.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in TABLES:
            conn.execute(f"DELETE FROM {table}")
        conn.execute("COMMIT")
    except sqlite3.Error:
        conn.execute("ROLLBACK")
        raise
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY coalesce(published, '9999'), id")]
    cache: EntityCache | None = None
    for i in range(0, len(ids), batch):
        chunk = ids[i:i + batch]
        rows = conn.execute(f"SELECT id, record FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                            chunk).fetchall()
        order = {aid: n for n, aid in enumerate(chunk)}
        conn.execute("BEGIN IMMEDIATE")
        try:
            cache = EntityCache.current(cache, conn)
            linker = Linker(conn, cache)
            for aid, record in sorted(rows, key=lambda r: order[r[0]]):
                linker.link(aid, Article.from_dict(json.loads(record)))
            linker.flush()
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            cache = None
            raise
    return len(ids)


_MEMO_MAX = 100_000  # entries per memo below; emptied when full
_prepared: dict[tuple, Prepared | None] = {}
_keys: dict[tuple[str, str], str] = {}


def _prepare(e: dict[str, Any]) -> Prepared | None:
    """:func:`~rasad.canonical.prepare`, remembered: the same names come back article after article.

    The memo key is every field ``prepare`` reads; entities with a non-string field are prepared
    afresh (``str()`` of ``1`` and ``True`` differ though they hash alike)."""
    roles = e.get("roles") or ()
    key = (e.get("type"), e.get("name"), e.get("country"),
           tuple((r.get("role"), r.get("org")) for r in roles if isinstance(r, dict)))
    if not all(v is None or type(v) is str for v in (*key[:3], *(x for pair in key[3] for x in pair))):
        return prepare(e)
    try:
        return _prepared[key]
    except KeyError:
        if len(_prepared) >= _MEMO_MAX:
            _prepared.clear()
        p = _prepared[key] = prepare(e)
        return p


def _name_key(name: str, type: str) -> str:
    """:func:`~rasad.canonical.name_key`, remembered."""
    try:
        return _keys[name, type]
    except KeyError:
        if len(_keys) >= _MEMO_MAX:
            _keys.clear()
        k = _keys[name, type] = name_key(name, type)
        return k


def _int(x: Any) -> int | None:
    return x if isinstance(x, int) and not isinstance(x, bool) else None


def _mention(m: Any, text: str) -> Mention | None:
    if type(m) is list and len(m) == 3 and type(m[0]) is int and type(m[1]) is int and type(m[2]) is str:
        start, end, kind = m  # the usual shape: [start, end, kind]
        surface = text[start:end].strip() or None if 0 <= start < end <= len(text) else None
        return start, end, kind or None, surface
    if isinstance(m, dict):
        start, end, kind = m.get("start"), m.get("end"), m.get("kind")
    elif isinstance(m, (list, tuple)) and len(m) >= 2:
        start, end, kind = m[0], m[1], (m[2] if len(m) > 2 else None)
    else:
        return None
    start, end = _int(start), _int(end)
    surface = None
    if start is not None and end is not None and 0 <= start < end <= len(text):
        surface = text[start:end].strip() or None
    return start, end, (str(kind) if kind else None), surface


def _sql_order(v: Any) -> tuple[int, Any]:
    """SQLite's order of values that may be bound: numbers, then text (UTF-8 bytes = code points), then blobs."""
    return (0, v) if isinstance(v, (int, float)) else (1, v) if isinstance(v, str) else (2, v)


def _least(a: Any, b: Any) -> Any:
    """What ``coalesce(min(a, b), a, b)`` gives in SQLite."""
    if type(a) is str and type(b) is str:  # dates, nearly always
        return b if b < a else a
    return b if a is None else a if b is None else min(a, b, key=_sql_order)


def _greatest(a: Any, b: Any) -> Any:
    """What ``coalesce(max(a, b), a, b)`` gives in SQLite."""
    if type(a) is str and type(b) is str:
        return b if b > a else a
    return b if a is None else a if b is None else max(a, b, key=_sql_order)


def _candidate(row: tuple) -> Candidate:
    return Candidate(*row)


def _candidates(conn: sqlite3.Connection, p: Prepared) -> list[Candidate]:
    if not p.is_person:
        sql, args = f"SELECT {_COLS} FROM entities WHERE type = ?1 AND key = ?2", (p.type, p.key)
    else:
        sql = (f"SELECT {_COLS} FROM entities WHERE type = ?1 AND key = ?2"
               f" UNION SELECT {_COLS} FROM entities WHERE tail1 = ?2 AND type = ?1")
        if len(p.tokens) == 1:
            sql += f" UNION SELECT {_COLS} FROM entities WHERE tail2 = ?2 AND type = ?1"
        args = (p.type, p.key)
    return [_candidate(r) for r in conn.execute(sql, args)]


def _fields(p: Prepared) -> tuple[str, ...]:
    """The columns whose value ``p.key`` a candidate of ``p`` has (what :func:`_candidates` asks)."""
    return ("key", "tail1", "tail2") if p.is_person and len(p.tokens) == 1 else (
        ("key", "tail1") if p.is_person else ("key",))


class _Index:
    """Candidates by id and by (column, type, value) of ``key``, ``tail1`` and ``tail2``."""

    def __init__(self) -> None:
        self.by_id: dict[int, Candidate] = {}
        self.index: dict[tuple[str, str, str], dict[int, Candidate]] = {}

    def add(self, c: Candidate) -> None:
        self.by_id[c.id] = c
        for field, value in (("key", c.key), ("tail1", c.tail1), ("tail2", c.tail2)):
            if value:
                self.index.setdefault((field, c.type, value), {})[c.id] = c

    def remove(self, eid: int) -> None:
        c = self.by_id.pop(eid, None)
        if c is not None:
            for field, value in (("key", c.key), ("tail1", c.tail1), ("tail2", c.tail2)):
                if value:
                    self.index[field, c.type, value].pop(eid, None)

    def candidates(self, p: Prepared) -> list[Candidate]:
        if not p.is_person:
            return list(self.index.get(("key", p.type, p.key), {}).values())
        seen: dict[int, Candidate] = {}
        for field in _fields(p):
            seen.update(self.index.get((field, p.type, p.key), ()))
        return list(seen.values())


class _Pool(_Index):
    """The canonical entities one article's entities may link to, fetched in one query."""

    def __init__(self, conn: sqlite3.Connection, items: list[Prepared]):
        super().__init__()
        keys = sorted({p.key for p in items})
        person_keys = sorted({p.key for p in items if p.is_person})
        single = sorted({p.key for p in items if p.is_person and len(p.tokens) == 1})
        parts, args = [], []
        for column, values in (("key", keys), ("tail1", person_keys), ("tail2", single)):
            for i in range(0, len(values), 500):
                chunk = values[i:i + 500]
                parts.append(f"SELECT {_COLS} FROM entities WHERE {column} IN ({','.join('?' * len(chunk))})")
                args += chunk
        if parts:
            for row in conn.execute(" UNION ".join(parts), args):
                self.add(_candidate(row))


class EntityCache(_Index):
    """Every row of ``entities`` as a :class:`Candidate` (columns ``_COLS``), and its sector.

    For a long run of linking on one connection (``rasad load``, :func:`rebuild_entities`) through
    :class:`Linker`: candidates come from memory instead of a query, and the cache follows what
    linking writes (see :meth:`Linker.link`), so that it equals the table between articles. It is
    valid while no other connection writes: check :meth:`stale` at the start of each transaction.
    """

    def __init__(self, conn: sqlite3.Connection):
        super().__init__()
        self.sectors: dict[int, str] = {}
        self.version = conn.execute("PRAGMA data_version").fetchone()[0]
        for row in conn.execute(f"SELECT {_COLS}, sector FROM entities"):
            self._add_row(row)

    def _add_row(self, row: tuple) -> None:
        self.add(_candidate(row[:-1]))
        if row[-1] is not None:
            self.sectors[row[0]] = row[-1]

    def remove(self, eid: int) -> None:
        super().remove(eid)
        self.sectors.pop(eid, None)

    @classmethod
    def current(cls, cache: EntityCache | None, conn: sqlite3.Connection) -> EntityCache:
        """``cache`` if no other connection committed since it was filled, else a new one."""
        return cache if cache is not None and not cache.stale(conn) else cls(conn)

    def stale(self, conn: sqlite3.Connection) -> bool:
        """Whether another connection committed since the cache was filled."""
        return conn.execute("PRAGMA data_version").fetchone()[0] != self.version

    def refresh(self, conn: sqlite3.Connection, ids: Iterable[int]) -> None:
        """Read these entities again (dropping the ones deleted)."""
        ids = sorted(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for eid in chunk:
                self.remove(eid)
            for row in conn.execute(f"SELECT {_COLS}, sector FROM entities WHERE id IN ({','.join('?' * len(chunk))})",
                                    chunk):
                self._add_row(row)

    def rows(self) -> dict[int, tuple]:
        """The cache as rows of ``SELECT {_COLS}, sector FROM entities`` by id."""
        return {eid: (c.id, c.type, c.name, c.key, c.kind, c.tokens, c.tail1, c.tail2, c.country,
                      self.sectors.get(eid)) for eid, c in self.by_id.items()}


_ADD_COUNTS = ("UPDATE entities SET mention_count = mention_count + ?1, article_count = article_count + ?2,"
               " first_seen = coalesce(min(first_seen, ?3), first_seen, ?3),"
               " last_seen = coalesce(max(last_seen, ?4), last_seen, ?4),"
               " country = coalesce(country, ?5), sector = coalesce(sector, ?6) WHERE id = ?7")
_ADD_ALIASES = ("INSERT INTO entity_aliases (entity_id, alias, key, count) VALUES (?,?,?,?)"
                " ON CONFLICT (entity_id, alias) DO UPDATE SET count = count + excluded.count")
_ADD_ROLES = ("INSERT INTO entity_roles (entity_id, role, org, country, first_date, last_date, count)"
              " VALUES (?,?,?,?,?,?,?) ON CONFLICT (entity_id, role, org, country) DO UPDATE SET"
              " count = count + excluded.count,"
              " first_date = coalesce(min(first_date, excluded.first_date), first_date, excluded.first_date),"
              " last_date = coalesce(max(last_date, excluded.last_date), last_date, excluded.last_date)")


class Linker:
    """Links the entities of the articles stored in one write transaction.

    Without a cache, each article's candidates come from one query and its rows are written before
    :meth:`link` returns (``rasad ingest``). With an :class:`EntityCache` (``rasad load``), candidates
    come from memory and the rows are collected: the ``entity_articles``, ``entity_mentions`` and
    ``entity_role_mentions`` rows of many articles, and the increments of counts and dates of
    ``entities``, ``entity_aliases`` and ``entity_roles`` summed per row, are written by :meth:`flush`
    (call it before COMMIT). The result is the same as writing article after article, because what
    linking reads is kept as it would be then: new entities are inserted at once (same ids); the
    country and sector an article gives its entities are written when the article is done; roles
    are read from the table and the pending rows; and everything pending is written before a merge
    or the removal of an article's earlier version (which read and move rows).
    """

    def __init__(self, conn: sqlite3.Connection, cache: EntityCache | None = None):
        self.conn, self.cache = conn, cache
        self._clear()

    def _clear(self) -> None:
        self._articles: set[int] = set()  # articles with pending rows
        self._rows: tuple[list[tuple], list[tuple], list[tuple]] = ([], [], [])  # articles, mentions, role mentions
        self._counts: dict[int, list[Any]] = {}  # entity -> [mentions, articles, first, last, country, sector]
        self._aliases: dict[tuple[int, str], list[Any]] = {}  # (entity, alias) -> [key, articles]
        self._roles: dict[tuple[int, str, str, str], list[Any]] = {}  # (entity, role, org, country) -> [n, first, last]
        self._role_names: dict[int, set[tuple[str, str]]] = {}  # entity -> (role, org) of its pending roles

    def link(self, article_id: int, article: Article, inputs: LinkInputs | None = None) -> dict[str, int]:
        """:func:`link_article_entities` of one article."""
        conn = self.conn
        touched: set[int] = set()
        touched_roles: set[tuple[int, str, str, str]] = set()
        if article_id in self._articles:
            self.flush()
        if conn.execute("SELECT 1 FROM entity_articles WHERE article_id = ? LIMIT 1", (article_id,)).fetchone():
            self.flush()
            _remove(conn, article_id, touched, touched_roles)

        published = article.published or None
        items = link_inputs(article) if inputs is None else inputs
        if not items and not touched:
            return {}

        pool = self.cache if self.cache is not None else _Pool(conn, [p for p, _, _ in items])
        created: set[int] = set()
        gone: list[int] = []
        linked: dict[str, int] = {}
        art_rows, mention_rows, role_rows = [], [], []
        ent_inc: dict[int, list[Any]] = {}  # id -> [mentions, country, sector]
        aliases: set[tuple[int, str, str]] = set()
        roles: set[tuple[int, str, str, str]] = set()
        for idx, (p, e, mentions) in enumerate(items):
            eid = self._link(pool, p, linked.values(), created, gone, touched, touched_roles)
            local = str(e.get("id") or f"#{idx}")
            if local in linked:
                local = f"{local}#{idx}"
            linked[local] = eid
            inc = ent_inc.setdefault(eid, [0, None, None])
            inc[0] += len(mentions)
            inc[1] = inc[1] or e.get("country") or None
            inc[2] = inc[2] or e.get("sector") or None
            art_rows.append((article_id, local, eid, p.name, e.get("country") or None, e.get("sector") or None,
                             len(mentions), published))
            aliases.add((eid, p.name, p.key))  # p.key is name_key(p.name, p.type)
            for start, end, kind, surface in mentions:
                mention_rows.append((article_id, eid, local, start, end, kind, surface, published))
                if kind in ALIAS_KINDS and surface:
                    aliases.add((eid, surface, _name_key(surface, p.type)))
            for r in e.get("roles") or ():
                if not isinstance(r, dict) or not r.get("role"):
                    continue
                rk = (eid, str(r["role"]), str(r.get("org") or ""), str(r.get("country") or ""))
                roles.add(rk)
                role_rows.append((article_id, eid, local, *rk[1:], r.get("text"), _int(r.get("start")),
                                  _int(r.get("end")), published))
        self._add(article_id, published, art_rows, mention_rows, role_rows, ent_inc, aliases, roles)

        if gone or touched or touched_roles or self.cache is None:
            self.flush()
            if touched or touched_roles:
                _finalize(conn, touched, touched_roles)
            if self.cache is not None:  # the rows this article inserted, merged, updated or deleted, as stored now
                self.cache.refresh(conn, {*ent_inc, *gone, *touched, *created})
        else:
            self._settle(ent_inc, created)
        return linked

    def flush(self) -> None:
        """Write what the articles linked since the last flush added."""
        if not self._articles:
            return
        ex = self.conn.executemany
        art_rows, mention_rows, role_rows = self._rows
        ex("INSERT INTO entity_articles (article_id, local_id, entity_id, name, country, sector, mentions, published)"
           " VALUES (?,?,?,?,?,?,?,?)", art_rows)
        ex('INSERT INTO entity_mentions (article_id, entity_id, local_id, start, "end", kind, surface, published)'
           " VALUES (?,?,?,?,?,?,?,?)", mention_rows)
        ex('INSERT INTO entity_role_mentions (article_id, entity_id, local_id, role, org, country, text, start,'
           ' "end", published) VALUES (?,?,?,?,?,?,?,?,?,?)', role_rows)
        ex(_ADD_COUNTS, [(*v, eid) for eid, v in sorted(self._counts.items())])
        ex(_ADD_ALIASES, [(eid, alias, key, n) for (eid, alias), (key, n) in sorted(self._aliases.items())])
        ex(_ADD_ROLES, [(*rk, first, last, n) for rk, (n, first, last) in sorted(self._roles.items())])
        self._clear()

    def _add(self, article_id: int, published: Any, art_rows: list[tuple], mention_rows: list[tuple],
             role_rows: list[tuple], ent_inc: dict[int, list[Any]], aliases: set[tuple[int, str, str]],
             roles: set[tuple[int, str, str, str]]) -> None:
        """Add one article's rows and increments to what :meth:`flush` writes, summed as SQL would."""
        self._articles.add(article_id)
        for rows, new in zip(self._rows, (art_rows, mention_rows, role_rows), strict=True):
            rows += new
        for eid, (n, country, sector) in ent_inc.items():
            c = self._counts.get(eid)
            if c is None:
                self._counts[eid] = [n, 1, published, published, country, sector]
            else:
                c[0] += n
                c[1] += 1
                c[2], c[3] = _least(c[2], published), _greatest(c[3], published)
                c[4], c[5] = c[4] or country, c[5] or sector
        for eid, alias, key in sorted(aliases):  # the first key inserted stays, as with one INSERT per article
            a = self._aliases.get((eid, alias))
            if a is None:
                self._aliases[eid, alias] = [key, 1]
            else:
                a[1] += 1
        for rk in sorted(roles):
            r = self._roles.get(rk)
            if r is None:
                self._roles[rk] = [1, published, published]
                self._role_names.setdefault(rk[0], set()).add((rk[1], rk[2]))
            else:
                r[0] += 1
                r[1], r[2] = _least(r[1], published), _greatest(r[2], published)

    def _settle(self, ent_inc: dict[int, list[Any]], created: set[int]) -> None:
        """After an article without merges: write the country and sector it gave its entities (candidates
        are read with their country) and set them in the cache; entities created here had neither."""
        assert self.cache is not None
        cache, rows = self.cache, []
        for eid, (_n, country, sector) in ent_inc.items():
            c = cache.by_id[eid]
            old = (None, None) if eid in created else (c.country, cache.sectors.get(eid))
            new = (old[0] or country, old[1] or sector)
            c.country = new[0]
            if new[1] is not None:
                cache.sectors[eid] = new[1]
            if new != old:
                rows.append((country, sector, eid))
        self.conn.executemany("UPDATE entities SET country = coalesce(country, ?), sector = coalesce(sector, ?)"
                              " WHERE id = ?", rows)

    def _with_roles(self, cands: list[Candidate]) -> None:
        for c in cands:
            names = self.conn.execute("SELECT role, org FROM entity_roles WHERE entity_id = ?", (c.id,)).fetchall()
            names += self._role_names.get(c.id, ())
            c.roles = frozenset((role, name_key(org, "ORG") if org else None) for role, org in names)

    def _link(self, pool: _Index, p: Prepared, linked: Iterable[int], created: set[int], gone: list[int],
              touched: set[int], touched_roles: set[tuple[int, str, str, str]]) -> int:
        cands = pool.candidates(p)
        if p.roles and is_surname_like(p, cands) and len(people_for(p, cands)) >= 2:
            self._with_roles([c for c in cands if c.kind == FULL])
        target, _reason = decide_with_reason(p, cands, linked)
        if target is not None:
            return target.id
        kind = SURNAME if is_surname_like(p, cands) else FULL
        tail1, tail2 = (p.tail1, p.tail2) if kind == FULL else (None, None)
        eid = self.conn.execute("INSERT INTO entities (type, name, key, kind, tokens, tail1, tail2)"
                                " VALUES (?,?,?,?,?,?,?)",
                                (p.type, p.name, p.key, kind, len(p.tokens), tail1, tail2)).lastrowid
        assert eid is not None
        new = Candidate(eid, p.type, p.name, p.key, kind, len(p.tokens), tail1, tail2, p.country)
        pool.add(new)
        created.add(eid)
        if kind == FULL and p.is_person:
            for merged in self._adopt(new, touched, touched_roles):
                pool.remove(merged)
                gone.append(merged)
        return eid

    def _adopt(self, person: Candidate, touched: set[int], touched_roles: set[tuple[int, str, str, str]]) -> list[int]:
        """Merge surname-only entities that now clearly belong to the new ``person``; return their ids."""
        conn = self.conn
        merged: list[int] = []
        keys = {k for k in (person.key, person.tail1, person.tail2) if k}
        rows = conn.execute(f"SELECT {_COLS} FROM entities WHERE type = ? AND kind = ? AND key IN"
                            f" ({','.join('?' * len(keys))})", (person.type, SURNAME, *keys)).fetchall()
        for row in rows:
            s = _candidate(row)
            sp = _prepare({"type": s.type, "name": s.name, "country": s.country})
            if sp is None:
                continue
            people = people_for(sp, _candidates(conn, sp))
            if should_adopt(person, s, people):
                self.flush()
                _merge(conn, s.id, person.id, touched, touched_roles)
                merged.append(s.id)
        return merged


def _merge(conn: sqlite3.Connection, src: int, dst: int, touched: set[int],
           touched_roles: set[tuple[int, str, str, str]]) -> None:
    """Move everything of entity ``src`` to ``dst`` and delete ``src``."""
    q = conn.execute
    for table in ("entity_articles", "entity_mentions", "entity_role_mentions"):
        q(f"UPDATE {table} SET entity_id = ? WHERE entity_id = ?", (dst, src))
    q("INSERT INTO entity_aliases (entity_id, alias, key, count) SELECT ?, alias, key, count FROM entity_aliases"
      " WHERE entity_id = ? ON CONFLICT (entity_id, alias) DO UPDATE SET count = count + excluded.count",
      (dst, src))
    q("INSERT INTO entity_roles (entity_id, role, org, country, first_date, last_date, count)"
      " SELECT ?, role, org, country, first_date, last_date, count FROM entity_roles WHERE entity_id = ?"
      " ON CONFLICT (entity_id, role, org, country) DO UPDATE SET count = count + excluded.count,"
      " first_date = coalesce(min(first_date, excluded.first_date), first_date, excluded.first_date),"
      " last_date = coalesce(max(last_date, excluded.last_date), last_date, excluded.last_date)", (dst, src))
    mc, ac, first, last, country, sector = q(
        "SELECT mention_count, article_count, first_seen, last_seen, country, sector FROM entities WHERE id = ?",
        (src,)).fetchone()
    q("UPDATE entities SET mention_count = mention_count + ?, article_count = article_count + ?,"
      " first_seen = coalesce(min(first_seen, ?3), first_seen, ?3),"
      " last_seen = coalesce(max(last_seen, ?4), last_seen, ?4),"
      " country = coalesce(country, ?5), sector = coalesce(sector, ?6) WHERE id = ?7",
      (mc, ac, first, last, country, sector, dst))
    for table in ("entity_aliases", "entity_roles"):
        q(f"DELETE FROM {table} WHERE entity_id = ?", (src,))
    q("DELETE FROM entities WHERE id = ?", (src,))
    if src in touched:
        touched.discard(src)
        touched.add(dst)
    for rk in [rk for rk in touched_roles if rk[0] == src]:
        touched_roles.discard(rk)
        touched_roles.add((dst, *rk[1:]))


def _remove(conn: sqlite3.Connection, article_id: int, touched: set[int],
            touched_roles: set[tuple[int, str, str, str]]) -> None:
    q = conn.execute
    per_entity = q("SELECT entity_id, sum(mentions) FROM entity_articles WHERE article_id = ? GROUP BY entity_id",
                   (article_id,)).fetchall()
    conn.executemany("UPDATE entities SET mention_count = mention_count - ?, article_count = article_count - 1"
                     " WHERE id = ?", [(n, eid) for eid, n in per_entity])
    touched.update(eid for eid, _ in per_entity)
    aliases = q("SELECT entity_id, name FROM entity_articles WHERE article_id = ?1 UNION"
                " SELECT entity_id, surface FROM entity_mentions WHERE article_id = ?1 AND surface IS NOT NULL"
                f" AND kind IN ({','.join('?' * len(ALIAS_KINDS))})", (article_id, *ALIAS_KINDS)).fetchall()
    conn.executemany("UPDATE entity_aliases SET count = count - 1 WHERE entity_id = ? AND alias = ?", aliases)
    role_keys = q("SELECT DISTINCT entity_id, role, org, country FROM entity_role_mentions WHERE article_id = ?",
                  (article_id,)).fetchall()
    conn.executemany("UPDATE entity_roles SET count = count - 1 WHERE entity_id = ? AND role = ? AND org = ?"
                     " AND country = ?", role_keys)
    touched_roles.update(role_keys)
    for table in ("entity_articles", "entity_mentions", "entity_role_mentions"):
        q(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))


def _finalize(conn: sqlite3.Connection, touched: set[int], touched_roles: set[tuple[int, str, str, str]]) -> None:
    """Recompute dates of entities and roles that lost rows; drop what has no article left."""
    ex = conn.executemany
    ids = [(eid,) for eid in sorted(touched)]
    ex("UPDATE entities SET first_seen = (SELECT min(published) FROM entity_articles WHERE entity_id = ?1),"
       " last_seen = (SELECT max(published) FROM entity_articles WHERE entity_id = ?1) WHERE id = ?1", ids)
    ex("UPDATE entity_roles SET"
       " first_date = (SELECT min(published) FROM entity_role_mentions WHERE entity_id = ?1 AND role = ?2"
       " AND org = ?3 AND country = ?4),"
       " last_date = (SELECT max(published) FROM entity_role_mentions WHERE entity_id = ?1 AND role = ?2"
       " AND org = ?3 AND country = ?4)"
       " WHERE entity_id = ?1 AND role = ?2 AND org = ?3 AND country = ?4", sorted(touched_roles))
    role_ids = sorted({(rk[0],) for rk in touched_roles} | set(ids))
    ex("DELETE FROM entity_roles WHERE entity_id = ? AND count <= 0", role_ids)
    ex("DELETE FROM entity_aliases WHERE entity_id = ? AND count <= 0", ids)
    gone = [(eid,) for (eid,) in ids
            if (r := conn.execute("SELECT article_count FROM entities WHERE id = ?", (eid,)).fetchone())
            and r[0] <= 0]
    for table, col in (("entity_aliases", "entity_id"), ("entity_roles", "entity_id"), ("entities", "id")):
        ex(f"DELETE FROM {table} WHERE {col} = ?", gone)


# -- reading -------------------------------------------------------------
_SUMMARY = ("id, name, type, kind, country, sector, article_count, mention_count, first_seen, last_seen")


def _summary(row: tuple) -> dict[str, Any]:
    eid, name, etype, kind, country, sector, articles, mentions, first, last = row
    return {"id": eid, "name": name, "type": etype, "surname_only": kind == SURNAME, "country": country,
            "sector": sector, "articles": articles, "mentions": mentions or 0, "first_seen": first,
            "last_seen": last}


def list_entities(store: Store, type: str | None = None, top: int | None = None,
                  since: str | None = None) -> list[dict[str, Any]]:
    """Canonical entities, most articles first.

    ``type``: only this type (PER, ORG, LOC, …); ``top``: at most this many;
    ``since``: only articles published on or after this ISO date (counts and
    first/last seen are then over those articles).
    """
    limit = top if top is not None and top >= 0 else -1
    if since:
        where, args = ["a.published >= ?"], [since]
        if type:
            where.append("e.type = ?")
            args.append(type.upper())
        rows = store.conn.execute(
            "SELECT e.id, e.name, e.type, e.kind, e.country, e.sector, count(DISTINCT a.article_id),"
            " sum(a.mentions), min(a.published), max(a.published)"
            " FROM entity_articles a JOIN entities e ON e.id = a.entity_id"
            f" WHERE {' AND '.join(where)} GROUP BY e.id ORDER BY 7 DESC, 8 DESC, e.id LIMIT ?",
            (*args, limit)).fetchall()
    else:
        where_sql, args = ("WHERE type = ?", [type.upper()]) if type else ("", [])
        rows = store.conn.execute(
            f"SELECT {_SUMMARY} FROM entities {where_sql}"
            " ORDER BY article_count DESC, mention_count DESC, id LIMIT ?", (*args, limit)).fetchall()
    return [_summary(r) for r in rows]


def find_entities(store: Store, name: str) -> list[dict[str, Any]]:
    """Canonical entities ``name`` may refer to: by id (``#12``), key, alias, then surname."""
    text = name.strip()
    q = store.conn.execute
    if m := re.fullmatch(r"#(\d+)", text):
        return [_summary(r) for r in q(f"SELECT {_SUMMARY} FROM entities WHERE id = ?", (int(m[1]),))]
    per_key, other_key = name_key(text, PERSON), name_key(text, "ORG")
    if not per_key and not other_key:
        return []
    order = " ORDER BY article_count DESC, id"
    exact = [_summary(r) for r in q(
        f"SELECT {_SUMMARY} FROM entities WHERE (type = 'PER' AND key = ?) OR (type != 'PER' AND key = ?){order}",
        (per_key, other_key))]
    full = [e for e in exact if not e["surname_only"]]
    if full:
        return full
    if exact:  # surname-only entities: with the persons who share the surname
        people = _people_with_surname(store, per_key)
        return [*people, *exact] if people else exact
    alias = [_summary(r) for r in q(
        f"SELECT {_SUMMARY} FROM entities WHERE id IN (SELECT entity_id FROM entity_aliases WHERE key IN (?, ?)"
        f" AND count > 0){order}", (per_key, other_key))]
    if alias:
        return alias
    return _people_with_surname(store, per_key)


def _people_with_surname(store: Store, key: str) -> list[dict[str, Any]]:
    return [_summary(r) for r in store.conn.execute(
        f"SELECT {_SUMMARY} FROM entities WHERE type = 'PER' AND kind = 'full' AND (tail1 = ?1 OR tail2 = ?1)"
        " ORDER BY article_count DESC, id", (key,))]


def get_entity(store: Store, name: str, co_mentions: int = 10) -> dict[str, Any]:
    """One canonical entity by name, alias or ``#id``, with its names, aliases,
    roles over time, articles by month and most co-mentioned entities.

    Raises :class:`UnknownEntity` (a ``KeyError``) when nothing matches and
    :class:`AmbiguousEntity` (a ``KeyError`` with ``candidates``) when several
    entities do.
    """
    found = find_entities(store, name)
    if not found:
        raise UnknownEntity(f"no entity named «{name.strip()}»")
    if len(found) > 1:
        listed = "; ".join(f"#{e['id']} {e['name']} ({e['type']}{', surname only' if e['surname_only'] else ''},"
                           f" {e['articles']} articles)" for e in found[:10])
        more = f"; … {len(found) - 10} more" if len(found) > 10 else ""
        raise AmbiguousEntity(f"«{name.strip()}» is ambiguous: {listed}{more}", found)
    return entity_details(store, found[0]["id"], co_mentions)


def entity_details(store: Store, entity_id: int, co_mentions: int = 10) -> dict[str, Any]:
    """Everything :func:`get_entity` returns, for an entity id (raises ``UnknownEntity``)."""
    q = store.conn.execute
    row = q(f"SELECT {_SUMMARY} FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        raise UnknownEntity(f"no entity #{entity_id}")
    d = _summary(row)
    d["names"] = [{"name": n, "articles": c} for n, c in q(
        "SELECT name, count(DISTINCT article_id) FROM entity_articles WHERE entity_id = ? GROUP BY name"
        " ORDER BY 2 DESC, name", (entity_id,))]
    d["aliases"], d["roles"] = entity_aliases(store.conn, entity_id), entity_roles(store.conn, entity_id)
    d["by_month"] = {m or "unknown": n for m, n in q(
        "SELECT substr(published, 1, 7), count(DISTINCT article_id) FROM entity_articles WHERE entity_id = ?"
        " GROUP BY 1 ORDER BY substr(published, 1, 7) IS NULL, 1", (entity_id,))}
    d["co_mentioned"] = [{"id": i, "name": n, "type": t, "articles": c} for i, n, t, c in q(
        "SELECT e.id, e.name, e.type, x.n FROM (SELECT b.entity_id AS id, count(DISTINCT b.article_id) AS n"
        " FROM entity_articles a JOIN entity_articles b ON b.article_id = a.article_id AND b.entity_id != a.entity_id"
        " WHERE a.entity_id = ? GROUP BY b.entity_id) x JOIN entities e ON e.id = x.id"
        " ORDER BY x.n DESC, e.article_count DESC, e.id LIMIT ?", (entity_id, co_mentions))]
    if d["surname_only"]:
        key = q("SELECT key FROM entities WHERE id = ?", (entity_id,)).fetchone()[0]
        d["candidates"] = _people_with_surname(store, key)
    return d


__all__ = ["AmbiguousEntity", "EntityCache", "Linker", "UnknownEntity", "entity_details", "find_entities",
           "get_entity", "link_article_entities", "list_entities", "rebuild_entities", "unlink_article"]


def entity_aliases(conn: sqlite3.Connection, entity_id: int) -> list[dict[str, Any]]:
    """The entity's aliases with the number of articles using each, most used first."""
    return [{"alias": a, "articles": c} for a, c in conn.execute(
        "SELECT alias, count FROM entity_aliases WHERE entity_id = ? AND count > 0 ORDER BY count DESC, alias",
        (entity_id,))]


def entity_roles(conn: sqlite3.Connection, entity_id: int) -> list[dict[str, Any]]:
    """The entity's roles over time (role, org, country, first and last date, count), oldest first."""
    return [{"role": r, "org": o or None, "country": c or None, "first_date": f, "last_date": la, "count": n}
            for r, o, c, f, la, n in conn.execute(
                "SELECT role, org, country, first_date, last_date, count FROM entity_roles WHERE entity_id = ?"
                " ORDER BY coalesce(first_date, '9999'), role, org", (entity_id,))]
