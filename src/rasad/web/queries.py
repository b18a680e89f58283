"""Read queries behind the explorer: plain functions over a :class:`~rasad.store.Store` returning JSON-ready dicts.

Both the JSON API (:mod:`rasad.web.api`) and the web pages call these, so a page shows exactly what the API
returns. Every function validates its parameters and raises :class:`QueryError` (a bad parameter; ``status``
422) or :class:`NotFound` (``status`` 404); nothing else is expected to escape. Dates in and out are ISO 8601
(``published`` keeps the Tehran offset); Jalali forms are given next to them as ``YYYY-MM-DD`` / ``YYYY-MM``
text with Latin digits (pages turn them into display text).

Limits: a query is at most :data:`MAX_QUERY_CHARS` characters; ``size`` at most :data:`MAX_SIZE`;
``page * size`` at most :data:`MAX_OFFSET` (:data:`RANK_WINDOW` for search); search ranks the
:data:`RANK_WINDOW` most recently stored matches and counts facets over the best :data:`FACET_CAP`
(``total_exact``, ``facets_exact`` say when more matched); quotes and events are counted up to
:data:`COUNT_CAP`.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import sqlite3
import threading
from collections import Counter, OrderedDict
from typing import TYPE_CHECKING, Any

import jdatetime

from ..article import Article, Span
from ..normalize import fold
from ..plover import to_plover
from ..store.entities import (
    _SUMMARY,
    _people_with_surname,
    _summary,
    entity_aliases,
    entity_roles,
    find_entities,
    list_entities,
)
from ..store.events import _CODE as EVENT_CODE
from ..store.events import COLUMNS as EVENT_COLUMNS
from ..store.quotes import speaker_key
from ..store.search import Highlighter, Snippet, article_filters, fts_query

if TYPE_CHECKING:
    from ..store import Store

MAX_QUERY_CHARS = 500
MAX_SIZE = 100
MAX_OFFSET = 10_000
MAX_TOP = 500
RANK_WINDOW = 500
COUNT_CAP = 10_000
FACET_CAP = 200
ENTITY_SAMPLE = 2_000
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class QueryError(ValueError):
    """A bad parameter: ``code`` (short, stable), ``message`` (one line, names the parameter), ``status``."""

    status = 422

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class NotFound(KeyError):
    """No such article or entity (``status`` 404). ``candidates`` lists entities when a name is ambiguous."""

    status = 404

    def __init__(self, code: str, message: str, candidates: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.code, self.message, self.candidates = code, message, candidates

    def __str__(self) -> str:
        return self.message


# -- parameter checks ------------------------------------------------------
def check_text(name: str, value: str | None, limit: int = MAX_QUERY_CHARS) -> str:
    """``value`` stripped of control characters; ``QueryError`` if longer than ``limit``."""
    value = _CONTROL.sub(" ", value or "").strip()
    if len(value) > limit:
        raise QueryError("too_long", f"{name}: at most {limit} characters (got {len(value)})")
    return value


def check_date(name: str, value: str | None) -> str | None:
    """An ISO date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a real date), else ``QueryError``."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not _ISO_DATE.fullmatch(value):
        raise QueryError("bad_date", f"{name}: expected an ISO date such as 2023-10-04, got {value[:40]!r}")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        dt.date(*parts[:3])
    except ValueError:
        raise QueryError("bad_date", f"{name}: {value} is not a real date") from None
    return value


def check_page(page: int, size: int, max_offset: int | None = None) -> tuple[int, int]:
    """``(limit, offset)`` for a 1-based page; ``QueryError`` outside the limits (``page * size`` at most
    ``max_offset``, :data:`MAX_OFFSET` by default)."""
    max_offset = MAX_OFFSET if max_offset is None else max_offset
    if size < 1 or size > MAX_SIZE:
        raise QueryError("bad_size", f"size: between 1 and {MAX_SIZE} (got {size})")
    if page < 1:
        raise QueryError("bad_page", f"page: at least 1 (got {page})")
    if page * size > max_offset:
        raise QueryError("bad_page", f"page: page × size may not exceed {max_offset}; narrow the query instead")
    return size, (page - 1) * size


def check_type(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{2,12}", value):
        raise QueryError("bad_type", f"type: a type name such as PER, ORG, LOC (got {value[:40]!r})")
    return value


def jalali_date(iso: str | None) -> str | None:
    """``2023-10-04…`` → ``'1402-07-12'``; a month ``2023-10`` → ``'1402-07'``, the Jalali month of its first day.

    None when the text is not such a date.
    """
    if not iso:
        return None
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", iso)
    if not m:
        return None
    day = _jalali_day(int(m[1]), int(m[2]), int(m[3] or 1))
    return day if day is None or m[3] else day[:7]


@functools.lru_cache(maxsize=8192)
def _jalali_day(y: int, m: int, d: int) -> str | None:
    try:
        j = jdatetime.date.fromgregorian(date=dt.date(y, m, d))
    except ValueError:
        return None
    return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"


def snippet_parts(snippet: Snippet) -> list[list[Any]]:
    """A snippet as ``[[text, is_match], ...]`` (no HTML: the caller escapes and marks)."""
    out: list[list[Any]] = []
    pos = 0
    for s, e in snippet.highlights:
        if s > pos:
            out.append([snippet.text[pos:s], False])
        out.append([snippet.text[s:e], True])
        pos = e
    if pos < len(snippet.text):
        out.append([snippet.text[pos:], False])
    return out


# -- search ------------------------------------------------------------------
def _id(text: str) -> int | None:
    """An internal id written as 1-18 ASCII digits (optionally after ``#``), else None."""
    m = re.fullmatch(r"#?([0-9]{1,18})", text.strip())
    return int(m[1]) if m else None


def _entity_ids(store: Store, entity: str | int) -> list[int]:
    if (eid := _id(str(entity))) is not None:
        return [eid]
    found = find_entities(store, check_text("entity", str(entity), 200))
    if not found:
        raise NotFound("unknown_entity", f"entity: no entity named «{str(entity).strip()[:80]}»")
    return [e["id"] for e in found]


def search(store: Store, q: str | None, *, agency: str | None = None, since: str | None = None,
           until: str | None = None, entity: str | int | None = None, entity_type: str | None = None,
           page: int = 1, size: int = 20, facets: bool = True) -> dict[str, Any]:
    """Articles matching ``q`` (best first), or the newest articles when ``q`` is empty.

    Filters: ``agency`` (exact name as stored), ``since``/``until`` (ISO dates, inclusive, on ``published``),
    ``entity`` (canonical entity id, ``#id`` or a name: articles mentioning it; a name several entities
    answer to means any of them; an unknown name is ``NotFound``), ``entity_type`` (articles mentioning an
    entity of that type). Returns::

        {"query": str, "filters": {...}, "total": int, "total_exact": bool, "page": int, "size": int,
         "hits": [{"id": int, "news_id": str|None, "agency": str|None, "title": str|None,
                   "published": str|None, "published_jalali": "1402-07-12"|None,
                   "snippet": [[text, is_match], ...]}],
         "facets": {"agency": [[name, count], ...], "month": [["1402-07", count], ...],
                    "entity_type": [["PER", count], ...]},
         "facets_exact": bool}

    Ranking is BM25 (title 5, lead 2, body 1) over the :data:`RANK_WINDOW` most recently stored matching
    articles; when more match, ``total`` is that window's size and ``total_exact`` false. Facet counts are
    articles among the best :data:`FACET_CAP` hits; months are Jalali, newest first; the rest most
    frequent first. With ``facets=False`` they are not counted and the result has no ``facets`` and
    ``facets_exact`` keys (counting is about a third of the cost of a first-time search).
    """
    q = check_text("q", q)
    agency = check_text("agency", agency, 200) or None
    since, until = check_date("since", since), check_date("until", until)
    entity_type = check_type(entity_type)
    limit, offset = check_page(page, size, RANK_WINDOW)
    match = fts_query(q) if q else ""
    if q and not match:  # only punctuation or operators: no words to look for
        return _result(q, page, size, 0, True, [], {}, True, agency, since, until, entity, entity_type)
    where, params = article_filters(agency, since, until)
    if entity is not None and str(entity).strip():
        ids = _entity_ids(store, entity)
        marks = ",".join("?" * len(ids))
        where.append(f"a.id IN (SELECT article_id FROM entity_articles WHERE entity_id IN ({marks}))")
        params += ids
    if entity_type:
        where.append("EXISTS (SELECT 1 FROM entity_articles ea JOIN entities e ON e.id = ea.entity_id"
                     " WHERE ea.article_id = a.id AND e.type = ?)")
        params.append(entity_type)
    stamp = _db_stamp(store)  # taken before reading: a commit during the read keys the result as stale
    key = (store.path, stamp, RANK_WINDOW, FACET_CAP, match, tuple(where), tuple(params))
    cached = _cache_get(key) if stamp is not None else None
    if cached is None or (facets and cached[1] is None):
        ranked = cached[0] if cached else _ranked(store, match, where, params)
        cached = (ranked, _facets(store, ranked[:FACET_CAP]) if facets else None)
        if stamp is not None:
            _cache_put(key, cached)
    ranked, counts = cached
    page_ids = ranked[offset:offset + limit]
    rows = {r[0]: r for r in store.conn.execute(
        "SELECT id, news_id, agency, title, published, json_extract(record, '$.lead', '$.body')"
        f" FROM articles WHERE id IN ({','.join('?' * len(page_ids))})", page_ids)}
    snippet = Highlighter(q) if q else None
    hits = []
    for aid in page_ids:
        _, news_id, agency_, title, published, lead_body = rows[aid]
        lead, body = json.loads(lead_body)  # one parse of the record for both fields
        texts = [t for t in [title, lead, *(body or [])] if t]
        snip = snippet(texts) if snippet else Snippet(_cut(lead or (texts[1] if len(texts) > 1 else "")))
        hits.append({"id": aid, "news_id": news_id, "agency": agency_, "title": title, "published": published,
                     "published_jalali": jalali_date(published), "snippet": snippet_parts(snip)})
    exact = len(ranked) < RANK_WINDOW
    counts = {k: [list(x) for x in v] for k, v in (counts or {}).items()}  # a copy: the cached one stays as is
    result = _result(q, page, size, len(ranked), exact, hits, counts, len(ranked) <= FACET_CAP, agency, since, until,
                     entity, entity_type)
    if not facets:
        del result["facets"], result["facets_exact"]
    return result


def _ranked(store: Store, match: str, where: list[str], params: list[Any]) -> list[int]:
    """Ids of the ranking window, best first (newest first without ``match``)."""
    try:
        if match:
            # newest matches first (FTS5 walks its index in rowid order and stops at the window), ranked after
            join = " JOIN articles a INDEXED BY articles_web_meta ON a.id = f.rowid" if where else ""
            cond = "".join(f" AND {w}" for w in where)
            return [r[0] for r in store.conn.execute(
                "SELECT id FROM (SELECT f.rowid AS id, bm25(articles_fts, 5.0, 2.0, 1.0) AS score"
                f" FROM articles_fts f{join} WHERE articles_fts MATCH ?{cond} ORDER BY f.rowid DESC"
                f" LIMIT {RANK_WINDOW}) ORDER BY score, id DESC", [match, *params])]
        else:
            sql_where = (" WHERE " + " AND ".join(where)) if where else ""
            return [r[0] for r in store.conn.execute(
                f"SELECT a.id FROM articles a{sql_where} ORDER BY a.published DESC, a.id DESC LIMIT {RANK_WINDOW}",
                params)]
    except sqlite3.OperationalError as e:  # an FTS expression SQLite rejects; fts_query quotes every word
        raise QueryError("bad_query", f"q: cannot search for this text ({e})") from None


# -- search cache: (ranking window, facets) per query and filters, while the database file is unchanged ------
_CACHE_SIZE = 256
_cache: OrderedDict[tuple, tuple[list[int], dict]] = OrderedDict()
_cache_lock = threading.Lock()


def _db_stamp(store: Store) -> tuple | None:
    """What changes with every commit: size and modification time of the database and its WAL, and the WAL
    index header (its first 48 bytes hold a per-transaction change counter and the last frame; file times
    alone are too coarse once the WAL is reused at the same size). None: do not cache."""
    if store.path == ":memory:":
        return None
    try:
        db = os.stat(store.path)
    except OSError:
        return None
    try:
        wal = os.stat(store.path + "-wal")
        with open(store.path + "-shm", "rb") as f:
            wal_stamp = (wal.st_mtime_ns, wal.st_size, f.read(48))
    except OSError:
        wal_stamp = None
    return (db.st_mtime_ns, db.st_size, wal_stamp)


def _cache_get(key: tuple) -> tuple[list[int], dict] | None:
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
        return hit


def _cache_put(key: tuple, value: tuple[list[int], dict]) -> None:
    with _cache_lock:
        _cache[key] = value
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)


def _cut(text: str, width: int = 180) -> str:
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def _facets(store: Store, ids: list[int]) -> dict[str, list[list[Any]]]:
    rows = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows += store.conn.execute("SELECT id, agency, substr(published, 1, 10) FROM articles INDEXED BY"
                                   f" articles_web_meta WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
    agencies = Counter(r[1] or "-" for r in rows)
    months: Counter[str] = Counter()
    for day, n in Counter(r[2] for r in rows).items():  # day: 'YYYY-MM-DD' (cached conversion)
        months[(jalali_date(day) or "-")[:7]] += n
    types: Counter[str] = Counter()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        types.update(dict(store.conn.execute(
            "SELECT e.type, count(DISTINCT ea.article_id) FROM entity_articles ea JOIN entities e"
            f" ON e.id = ea.entity_id WHERE ea.article_id IN ({','.join('?' * len(chunk))}) GROUP BY e.type",
            chunk)))
    return {"agency": [list(x) for x in agencies.most_common()],
            "month": [[m, months[m]] for m in sorted(months, reverse=True)],
            "entity_type": [list(x) for x in types.most_common()]}


def _result(q: str, page: int, size: int, total: int, exact: bool, hits: list, facets: dict, facets_exact: bool,
            agency: str | None, since: str | None, until: str | None, entity: Any, entity_type: str | None
            ) -> dict[str, Any]:
    return {"query": q, "filters": {"agency": agency, "since": since, "until": until,
                                    "entity": None if entity is None else str(entity), "entity_type": entity_type},
            "total": total, "total_exact": exact, "page": page, "size": size, "hits": hits,
            "facets": facets or {"agency": [], "month": [], "entity_type": []}, "facets_exact": facets_exact}


# -- one article -------------------------------------------------------------
def _article_row(store: Store, ident: str | int) -> tuple[int, str]:
    text = str(ident).strip()
    if len(text) > 100 or not text:
        raise NotFound("unknown_article", f"no article with id or news id {text[:100]!r}")
    row = None
    if (aid := _id(text)) is not None and not text.startswith("#"):
        row = store.conn.execute("SELECT id, record FROM articles WHERE id = ?", (aid,)).fetchone()
    if row is None:
        row = store.conn.execute("SELECT id, record FROM articles WHERE news_id = ? ORDER BY id LIMIT 1",
                                 (text,)).fetchone()
    if row is None:
        raise NotFound("unknown_article", f"no article with id or news id {text!r}")
    return row[0], row[1]


def article(store: Store, ident: str | int) -> dict[str, Any]:
    """One article by internal id or agency news id (``NotFound`` otherwise).

    Returns every field of the stored :class:`~rasad.article.Article` record except ``raw``, ``offsets`` and
    ``layout`` (positions over the raw text), plus::

        "id": int, "published_jalali": "1402-07-12"|None,
        "entities": [{"id": "e1", "entity_id": int|None (canonical), "type", "name", "country", "sector",
                      "roles": [...], "mentions": [[start, end, kind], ...]}],
        "blocks": [{"field": "surtitle"|"title"|"lead"|"body", "start": int, "end": int,
                    "segments": [{"text": str, "entity": "e1"|None, "entity_id": int|None, "type": "PER"|None,
                                  "kind": "name"|"surname"|"title"|...|None}]}],
        "quotes": [{"idx", "kind", "speaker_entity" (canonical id|None), "speaker_local", "speaker_name",
                    "role", "verb", "content", "start", "end"}],
        "events": [{"idx", "type", "mode", "actor": {...}, "recipient": {...}, "actor_entity_id": int|None,
                    "recipient_entity_id": int|None, "location", "country", "date", "date_granularity",
                    "date_flag", "negated", "planned", "confidence", "evidence", "start", "end"}]

    ``blocks`` cut each field into plain and entity segments (offsets over ``text``; pronoun mentions are not
    marked), so a page can render the body with entities linked without touching offsets.
    """
    aid, record = _article_row(store, ident)
    d = json.loads(record)
    text = d.get("text") or ""
    links = dict(store.conn.execute("SELECT local_id, entity_id FROM entity_articles WHERE article_id = ?", (aid,)))
    ents = []
    for e in d.get("entities") or []:
        if isinstance(e, dict):
            ents.append({"id": e.get("id"), "entity_id": links.get(e.get("id")), "type": e.get("type"),
                         "name": e.get("name"), "country": e.get("country"), "sector": e.get("sector"),
                         "roles": e.get("roles") or [], "mentions": e.get("mentions") or []})
    out = {k: v for k, v in d.items() if k not in ("raw", "offsets", "layout", "spans", "entities")}
    out["spans"] = {k: v for k, v in (d.get("spans") or {}).items() if k not in ("quotes", "events", "entities")}
    out.update(id=aid, published_jalali=jalali_date(d.get("published")), entities=ents,
               blocks=_blocks(d, text, ents), quotes=_article_quotes(store, aid),
               events=_article_events(store, aid, links))
    return out


def _blocks(d: dict[str, Any], text: str, ents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    marks = []  # (start, end, local, canonical, type, kind)
    for e in ents:
        for m in e["mentions"]:
            if isinstance(m, list) and len(m) >= 2 and isinstance(m[0], int) and isinstance(m[1], int):
                kind = m[2] if len(m) > 2 else None
                if kind != "pronoun" and 0 <= m[0] < m[1] <= len(text):
                    marks.append((m[0], m[1], e["id"], e["entity_id"], e["type"], kind))
    marks.sort(key=lambda m: (m[0], -m[1]))
    blocks, pos = [], 0
    fields = [("surtitle", d.get("surtitle")), ("title", d.get("title")), ("lead", d.get("lead"))]
    fields += [("body", p) for p in d.get("body") or []]
    for name, value in fields:
        if not value:
            continue
        start = text.find(value, pos)
        if start < 0:
            start = text.find(value)
        if start < 0:  # not a substring of the text (should not happen): plain text
            blocks.append({"field": name, "start": None, "end": None,
                           "segments": [_segment(value, None)]})
            continue
        end = start + len(value)
        pos = end
        segs, cur = [], start
        for m in marks:
            if m[0] < cur or m[0] >= end or m[1] > end:
                continue
            if m[0] > cur:
                segs.append(_segment(text[cur:m[0]], None))
            segs.append(_segment(text[m[0]:m[1]], m))
            cur = m[1]
        if cur < end:
            segs.append(_segment(text[cur:end], None))
        blocks.append({"field": name, "start": start, "end": end, "segments": segs})
    return blocks


def _segment(text: str, m: tuple | None) -> dict[str, Any]:
    if m is None:
        return {"text": text, "entity": None, "entity_id": None, "type": None, "kind": None}
    return {"text": text, "entity": m[2], "entity_id": m[3], "type": m[4], "kind": m[5]}


_QUOTE_COLS = ("idx", "kind", "speaker_entity", "speaker_local", "speaker_name", "speaker_text", "role", "verb",
               "content", "start", "end")


def _article_quotes(store: Store, aid: int) -> list[dict[str, Any]]:
    cols = ", ".join(f'"{c}"' for c in _QUOTE_COLS)
    return [dict(zip(_QUOTE_COLS, r, strict=True)) for r in store.conn.execute(
        f"SELECT {cols} FROM quotes WHERE article_id = ? ORDER BY idx", (aid,))]


def _article_events(store: Store, aid: int, links: dict[str, int]) -> list[dict[str, Any]]:
    out = []
    for row in store.conn.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in EVENT_COLUMNS)} FROM events"
                                  " WHERE article_id = ? ORDER BY idx", (aid,)):
        out.append(_event(dict(zip(EVENT_COLUMNS, row, strict=True)), links))
    return out


def _event(rec: dict[str, Any], links: dict[str, int] | None = None) -> dict[str, Any]:
    data = json.loads(rec.pop("record"))
    rec.pop("search", None)
    rec["negated"], rec["planned"] = bool(rec["negated"]), bool(rec["planned"])
    rec["actor"], rec["recipient"] = data.get("actor"), data.get("recipient")
    rec["trigger"] = data.get("trigger")
    if links is not None:
        rec["actor_entity_id"] = links.get(rec["actor_entity"]) if rec["actor_entity"] else None
        rec["recipient_entity_id"] = links.get(rec["recipient_entity"]) if rec["recipient_entity"] else None
    return rec


# -- entities ----------------------------------------------------------------
def entities(store: Store, type: str | None = None, top: int = 50,  # noqa: A002 - the API's name
             since: str | None = None) -> dict[str, Any]:
    """Canonical entities, most articles first::

        {"type": str|None, "since": str|None, "top": int,
         "entities": [{"id", "name", "type", "surname_only", "country", "sector", "articles", "mentions",
                       "first_seen", "last_seen"}]}
    """
    etype, since = check_type(type), check_date("since", since)
    if top < 1 or top > MAX_TOP:
        raise QueryError("bad_top", f"top: between 1 and {MAX_TOP} (got {top})")
    return {"type": etype, "since": since, "top": top,
            "entities": list_entities(store, type=etype, top=top, since=since)}


def entity(store: Store, id_or_name: str | int) -> dict[str, Any]:
    """One canonical entity by id (``12`` or ``#12``) or by name/alias (``NotFound``; an ambiguous name raises
    ``NotFound`` with code ``ambiguous_entity`` and ``candidates``). Returns what
    :func:`rasad.store.entities.entity_details` returns::

        {"id", "name", "type", "surname_only", "country", "sector", "articles", "mentions", "first_seen",
         "last_seen", "names": [{"name", "articles"}], "aliases": [{"alias", "articles"}],
         "roles": [{"role", "org", "country", "first_date", "last_date", "count"}],
         "by_month": {"2023-10": n, ...} (Gregorian), "co_mentioned": [{"id", "name", "type", "articles"}],
         "candidates": [...] (surname-only entities)}

    plus ``"by_jalali_month": [["1402-07", n], ...]`` (oldest first; articles), ``"quotes"`` (latest 20, as
    :func:`quotes` items), ``"events"`` (latest 50 where it is actor or recipient, as :func:`events` items
    with ``actor_entity_id``/``recipient_entity_id``), ``"meetings": [{"id": int|None, "name", "count"}]``
    (counterparts in its CONSULT events, most first) and ``"sample": {"articles": n, "complete": bool}``.
    Counts over time (``by_month``, roles, aliases) cover every article; ``names``, ``co_mentioned``,
    ``events`` and ``meetings`` cover its latest :data:`ENTITY_SAMPLE` articles (``complete`` false when it
    has more), so a page on an entity in half the database stays fast.
    """
    text = str(id_or_name).strip()
    if not text:
        raise NotFound("unknown_entity", "no entity name given")
    check_text("entity", text, 200)
    eid = _id(text)
    if eid is None:
        found = find_entities(store, text)
        if not found:
            raise NotFound("unknown_entity", f"no entity named «{text}»")
        if len(found) > 1:
            raise NotFound("ambiguous_entity", f"«{text}» names {len(found)} entities", found)
        eid = found[0]["id"]
    q = store.conn.execute
    row = q(f"SELECT {_SUMMARY} FROM entities WHERE id = ?", (eid,)).fetchone()
    if row is None:
        raise NotFound("unknown_entity", f"no entity #{eid}")
    d = _summary(row)
    latest = list(dict.fromkeys(r[0] for r in q(
        "SELECT article_id FROM entity_articles WHERE entity_id = ? ORDER BY published DESC, article_id DESC"
        " LIMIT ?", (eid, ENTITY_SAMPLE))))
    marks = ",".join("?" * len(latest))
    d["names"] = [{"name": n, "articles": c} for n, c in q(
        f"SELECT name, count(DISTINCT article_id) FROM entity_articles WHERE article_id IN ({marks})"
        " AND +entity_id = ? GROUP BY name ORDER BY 2 DESC, name", (*latest, eid))]  # by article: the sample
    d["aliases"], d["roles"] = entity_aliases(store.conn, eid), entity_roles(store.conn, eid)
    months: Counter[str] = Counter()
    jmonths: Counter[str] = Counter()
    for day, n in q("SELECT substr(published, 1, 10), count(DISTINCT article_id) FROM entity_articles"
                    " WHERE entity_id = ? GROUP BY 1", (eid,)):
        months[day[:7] if day else "unknown"] += n
        jmonths[(jalali_date(day) or "-")[:7]] += n
    d["by_month"] = {m: months[m] for m in sorted(months, key=lambda m: (m == "unknown", m))}
    d["by_jalali_month"] = [[m, jmonths[m]] for m in sorted(jmonths)]
    d["co_mentioned"] = [{"id": i, "name": n, "type": t, "articles": c} for i, n, t, c in q(
        "SELECT e.id, e.name, e.type, x.n FROM (SELECT entity_id AS id, count(DISTINCT article_id) AS n"
        f" FROM entity_articles WHERE article_id IN ({marks}) AND entity_id != ? GROUP BY entity_id) x"
        " JOIN entities e ON e.id = x.id ORDER BY x.n DESC, e.article_count DESC, e.id LIMIT 10", (*latest, eid))]
    if d["surname_only"]:
        key = q("SELECT key FROM entities WHERE id = ?", (eid,)).fetchone()[0]
        d["candidates"] = _people_with_surname(store, key)
    d["quotes"] = quotes(store, entity=eid, size=20)["quotes"]
    evs = _entity_events(store, eid, latest)
    meet: Counter[tuple[int | None, str]] = Counter()
    for ev in evs:
        if ev["type"] != "CONSULT":
            continue
        other = "recipient" if ev["actor_entity_id"] == eid else "actor"
        if name := ev.get(f"{other}_name"):
            meet[(ev[f"{other}_entity_id"], name)] += 1
    d["events"] = evs[:50]
    titles = {r[0]: r[1:] for r in q("SELECT id, news_id, agency, title FROM articles WHERE id IN"
                                      f" ({','.join('?' * len(d['events']))})", [e["article_id"] for e in d["events"]])}
    for ev in d["events"]:
        ev["news_id"], ev["agency"], ev["title"] = titles.get(ev["article_id"], (None, None, None))
        ev["date_jalali"] = jalali_date(ev["date"])
    d["meetings"] = [{"id": i, "name": n, "count": c} for (i, n), c in meet.most_common()]
    d["sample"] = {"articles": len(latest), "complete": len(latest) < ENTITY_SAMPLE}
    return d


def _entity_events(store: Store, eid: int, article_ids: list[int]) -> list[dict[str, Any]]:
    """Events in ``article_ids`` whose actor or recipient is entity ``eid``, newest first."""
    cols = ", ".join(f'e."{c}"' for c in EVENT_COLUMNS)
    rows = store.conn.execute(
        f"SELECT {cols}, ea.entity_id, eb.entity_id FROM events e"
        " LEFT JOIN entity_articles ea ON ea.article_id = e.article_id AND ea.local_id = e.actor_entity"
        " LEFT JOIN entity_articles eb ON eb.article_id = e.article_id AND eb.local_id = e.recipient_entity"
        f" WHERE e.article_id IN ({','.join('?' * len(article_ids))}) AND (ea.entity_id = ? OR eb.entity_id = ?)"
        " ORDER BY e.published DESC, e.article_id DESC, e.idx", (*article_ids, eid, eid)).fetchall()
    out = []
    n = len(EVENT_COLUMNS)
    for row in rows:
        rec = _event(dict(zip(EVENT_COLUMNS, row[:n], strict=True)))
        rec["actor_entity_id"], rec["recipient_entity_id"] = row[n:]
        out.append(rec)
    return out


# -- quotes and events ---------------------------------------------------------
_QUOTE_LIST = ("article_id", "idx", "kind", "speaker_entity", "speaker_local", "speaker_name", "speaker_text",
               "role", "verb", "content", "start", "end", "published")


def quotes(store: Store, speaker: str | None = None, since: str | None = None, until: str | None = None,
           page: int = 1, *, size: int = 20, entity: int | None = None) -> dict[str, Any]:
    """Stored quotes, newest first. ``speaker``: a name, surname or alias (as ``rasad quotes --speaker``);
    ``entity``: a canonical entity id; ``since``/``until``: ISO dates on the article's publish time. Returns::

        {"speaker": str|None, "since", "until", "total": int, "total_exact": bool, "page", "size",
         "quotes": [{"article_id", "idx", "kind", "speaker_entity", "speaker_local", "speaker_name",
                     "speaker_text", "role", "verb", "content", "start", "end", "published",
                     "published_jalali", "news_id", "agency", "title"}]}
    """
    speaker = check_text("speaker", speaker, 200) or None
    since, until = check_date("since", since), check_date("until", until)
    limit, offset = check_page(page, size)
    where, params = [], []
    if speaker:
        from ..canonical import name_key

        key = speaker_key(speaker)
        if not re.search(r"\w", key):
            raise QueryError("bad_speaker", "speaker: no letters in the name")
        where.append("(q.speaker_key = ? OR q.speaker_key LIKE ? ESCAPE '\\' OR q.speaker_entity IN"
                     " (SELECT entity_id FROM entity_aliases WHERE key = ?))")
        params += [key, "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"),
                   name_key(speaker)]
    if entity is not None:
        where.append("q.speaker_entity = ?")
        params.append(int(entity))
    if since:
        where.append("q.published >= ?")
        params.append(since)
    if until:
        where.append("q.published < ?")
        params.append(until + "\uffff")
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    total = store.conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM quotes q{sql_where} LIMIT {COUNT_CAP + 1})",
                               params).fetchone()[0]
    cols = ", ".join(f'q."{c}"' for c in _QUOTE_LIST)
    rows = store.conn.execute(
        f"SELECT {cols}, a.news_id, a.agency, a.title FROM quotes q JOIN articles a ON a.id = q.article_id"
        f"{sql_where} ORDER BY q.published DESC, q.article_id DESC, q.idx LIMIT ? OFFSET ?",
        [*params, limit, offset]).fetchall()
    out = []
    for r in rows:
        rec = dict(zip((*_QUOTE_LIST, "news_id", "agency", "title"), r, strict=True))
        rec["published_jalali"] = jalali_date(rec["published"])
        out.append(rec)
    return {"speaker": speaker, "since": since, "until": until, "total": min(total, COUNT_CAP),
            "total_exact": total <= COUNT_CAP, "page": page, "size": size, "quotes": out}


def events(store: Store, actor: str | None = None, type: str | None = None,  # noqa: A002 - the API's name
           since: str | None = None, until: str | None = None, page: int = 1, *, size: int = 50) -> dict[str, Any]:
    """Stored events, newest event date first. ``actor``: ISO3 code (actor or recipient) or a name/alias;
    ``type``: PLOVER type; ``since``/``until``: ISO dates compared with the event date (inclusive). Returns::

        {"actor", "type", "since", "until", "total", "total_exact", "page", "size",
         "events": [{"article_id", "idx", "type", "mode", "actor_entity", "actor_name", "actor_code",
                     "actor_sector", "recipient_entity", "recipient_name", "recipient_code", "recipient_sector",
                     "location", "country", "date", "date_granularity", "date_flag", "negated", "planned",
                     "confidence", "evidence", "start", "end", "published", "actor": {...}, "recipient": {...},
                     "trigger", "news_id", "agency", "title", "url", "date_jalali"}]}

    ``date_flag`` is ``'publish_date'`` when the sentence gave no date and the publish date stands in.
    """
    actor = check_text("actor", actor, 200) or None
    etype = check_type(type)
    since, until = check_date("since", since), check_date("until", until)
    limit, offset = check_page(page, size)
    where, params = _event_filters(actor, etype, since, until)
    sql_where = (" WHERE " + " AND ".join(where)) if where else ""
    total = store.conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM events e{sql_where} LIMIT {COUNT_CAP + 1})",
                               params).fetchone()[0]
    out = []
    for rec in _event_rows(store, sql_where, params, limit, offset):
        rec["date_jalali"] = jalali_date(rec["date"])
        out.append(rec)
    return {"actor": actor, "type": etype, "since": since, "until": until, "total": min(total, COUNT_CAP),
            "total_exact": total <= COUNT_CAP, "page": page, "size": size, "events": out}


def _event_filters(actor: str | None, etype: str | None, since: str | None, until: str | None
                   ) -> tuple[list[str], list[Any]]:

    where: list[str] = []
    params: list[Any] = []
    if actor:
        if EVENT_CODE.match(actor):
            where.append("(e.actor_code = ? OR e.recipient_code = ?)")
            params += [actor, actor]
        else:
            folded = fold(actor).replace("\\", "").replace("%", "").replace("_", "")
            if not folded.strip():
                raise QueryError("bad_actor", "actor: no letters in the name")
            where.append("e.search LIKE ?")
            params.append("%" + folded + "%")
    if etype:
        where.append("e.type = ?")
        params.append(etype)
    if since:
        where.append("e.date >= ?")
        params.append(since)
    if until:
        where.append("substr(e.date, 1, ?) <= ?")
        params += [len(until), until]
    return where, params


def _event_rows(store: Store, sql_where: str, params: list[Any], limit: int, offset: int) -> list[dict[str, Any]]:
    cols = ", ".join(f'e."{c}"' for c in EVENT_COLUMNS)
    rows = store.conn.execute(
        f"SELECT {cols}, a.news_id, a.agency, a.title, a.url FROM events e JOIN articles a ON a.id = e.article_id"
        f"{sql_where} ORDER BY e.date DESC, e.article_id DESC, e.idx LIMIT ? OFFSET ?",
        [*params, limit, offset]).fetchall()
    out = []
    n = len(EVENT_COLUMNS)
    for row in rows:
        rec = _event(dict(zip(EVENT_COLUMNS, row[:n], strict=True)))
        rec["news_id"], rec["agency"], rec["title"], rec["url"] = row[n:]
        out.append(rec)
    return out


def plover(store: Store, actor: str | None = None, type: str | None = None,  # noqa: A002
           since: str | None = None, until: str | None = None, page: int = 1, *, size: int = 50
           ) -> list[dict[str, Any]]:
    """The events :func:`events` returns (same filters and page), as PLOVER records (:func:`rasad.plover.to_plover`)."""
    found = events(store, actor, type, since, until, page, size=size)["events"]
    out = []
    for r in found:
        rows = store.conn.execute("SELECT record FROM events WHERE article_id = ? AND idx = ?",
                                  (r["article_id"], r["idx"])).fetchone()
        from ..article import Source

        art = Article(source=Source(path=r.get("url") or str(r["article_id"])), raw="", text="",
                      news_id=r["news_id"], agency=r["agency"], title=r["title"], url=r["url"],
                      published=r["published"])
        rec = to_plover(art, Span(r["start"], r["end"], r["type"], json.loads(rows[0])), r["idx"])
        rec["event_text"] = [r["evidence"]]
        out.append(rec)
    return out


# -- stats -------------------------------------------------------------------
def stats(store: Store) -> dict[str, Any]:
    """Counts over the whole database::

        {"articles": int, "agencies": [[name, count], ...], "published": [first, last],
         "published_jalali": [first, last], "entities": int, "entity_types": [[type, count], ...],
         "quotes": int, "events": int, "event_types": [[type, count], ...], "failures": int,
         "failures_by_code": [[code, count], ...]}
    """
    q = store.conn.execute
    first, last = q("SELECT min(published), max(published) FROM articles").fetchone()
    return {
        "articles": q("SELECT count(*) FROM articles").fetchone()[0],
        "agencies": [list(r) for r in q("SELECT coalesce(agency, '-'), count(*) FROM articles GROUP BY 1"
                                        " ORDER BY 2 DESC")],
        "published": [first, last],
        "published_jalali": [jalali_date(first), jalali_date(last)],
        "entities": q("SELECT count(*) FROM entities").fetchone()[0],
        "entity_types": [list(r) for r in q("SELECT type, count(*) FROM entities GROUP BY 1 ORDER BY 2 DESC")],
        "quotes": q("SELECT count(*) FROM quotes").fetchone()[0],
        "events": q("SELECT count(*) FROM events").fetchone()[0],
        "event_types": [list(r) for r in q("SELECT type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC")],
        "failures": q("SELECT count(*) FROM failures").fetchone()[0],
        "failures_by_code": [list(r) for r in q("SELECT code, count(*) FROM failures GROUP BY 1 ORDER BY 2 DESC")],
    }


__all__ = ["COUNT_CAP", "ENTITY_SAMPLE", "FACET_CAP", "MAX_OFFSET", "MAX_QUERY_CHARS", "MAX_SIZE", "MAX_TOP",
           "RANK_WINDOW", "NotFound", "QueryError", "article", "check_date", "check_page", "check_text", "entities",
           "entity", "events", "jalali_date", "plover", "quotes", "search", "snippet_parts", "stats"]
