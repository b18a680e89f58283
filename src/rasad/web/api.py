"""JSON API routes (mounted under ``/api``); each calls one function of :mod:`rasad.web.queries`.

Responses are JSON (UTF-8, Persian text as is); a bad parameter is 422 and an unknown article or entity
404, both ``{"error": code, "message": text}`` (see docs/web.md). ``/api/events?format=plover`` is PLOVER
JSON Lines (``application/x-ndjson``).
"""
from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse, Response

from ..store import Store
from . import queries
from .deps import get_store

router = APIRouter(tags=["api"])
StoreDep = Annotated[Store, Depends(get_store)]

_Q = Query(None, description=f"Search text (at most {queries.MAX_QUERY_CHARS} characters); words are "
           "matched in search form, FTS operators are plain text. Empty: newest articles.")
_SINCE = Query(None, description="ISO date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive.", max_length=10)
_UNTIL = Query(None, description="ISO date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive.", max_length=10)
_PAGE = Query(1, ge=1, description=f"1-based page; page × size ≤ {queries.MAX_OFFSET}.")


class JSON(JSONResponse):
    """Compact UTF-8 JSON, Persian text unescaped."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()


@router.get("/search", response_class=JSON, summary="Search articles")
def search(store: StoreDep, q: str | None = _Q, agency: str | None = Query(None, max_length=200),
           since: str | None = _SINCE, until: str | None = _UNTIL,
           entity: str | None = Query(None, max_length=200, description="Entity id, #id or name."),
           entity_type: str | None = Query(None, max_length=12, description="PER, ORG, LOC, …"),
           page: int = _PAGE, size: int = Query(20, ge=1, le=queries.MAX_SIZE),
           facets: bool = Query(False, description="Also count facets (agency, Jalali month, entity type).")
           ) -> JSON:
    """Ranked articles with highlighted snippets (``[[text, is_match], …]``), and with ``facets=true`` facet
    counts (agency, Jalali month, entity type). See :func:`rasad.web.queries.search` for the shape."""
    return JSON(queries.search(store, q, agency=agency, since=since, until=until, entity=entity,
                               entity_type=entity_type, page=page, size=size, facets=facets))


@router.get("/articles/{ident}", response_class=JSON, summary="One article")
def article(store: StoreDep,
            ident: str = Path(..., max_length=100, description="Internal id or agency news id.")) -> JSON:
    """Every field, entities (linked to canonical ids), body blocks with entity segments, quotes, events."""
    return JSON(queries.article(store, ident))


@router.get("/entities", response_class=JSON, summary="Canonical entities")
def entities(store: StoreDep,
             type: str | None = Query(None, max_length=12, description="PER, ORG, LOC, …"),  # noqa: A002
             top: int = Query(50, ge=1, le=queries.MAX_TOP), since: str | None = _SINCE) -> JSON:
    """Entities, most articles first (counts over articles since ``since`` when given)."""
    return JSON(queries.entities(store, type=type, top=top, since=since))


@router.get("/entities/{ident}", response_class=JSON, summary="One entity")
def entity(store: StoreDep,
           ident: str = Path(..., max_length=200, description="Entity id, #id, or a name or alias.")) -> JSON:
    """Names, aliases, roles over time, articles per month, co-mentioned entities, quotes, events,
    meetings. An ambiguous name is 404 ``ambiguous_entity`` with ``candidates``."""
    return JSON(queries.entity(store, ident))


@router.get("/quotes", response_class=JSON, summary="Quotes")
def quotes(store: StoreDep,
           speaker: str | None = Query(None, max_length=200, description="Name, surname or alias."),
           since: str | None = _SINCE, until: str | None = _UNTIL, page: int = _PAGE,
           size: int = Query(20, ge=1, le=queries.MAX_SIZE)) -> JSON:
    """Who said what, newest first."""
    return JSON(queries.quotes(store, speaker, since, until, page, size=size))


@router.get("/events", summary="Events (JSON, or PLOVER JSON Lines)",
            responses={200: {"content": {"application/json": {}, "application/x-ndjson": {}}}})
def events(store: StoreDep,
           actor: str | None = Query(None, max_length=200, description="ISO3 code or a name/alias."),
           type: str | None = Query(None, max_length=12, description="PLOVER type: CONSULT, …"),  # noqa: A002
           since: str | None = _SINCE, until: str | None = _UNTIL, page: int = _PAGE,
           size: int = Query(50, ge=1, le=queries.MAX_SIZE),
           format: Literal["json", "plover"] = Query("json", description="plover: PLOVER JSON Lines.")  # noqa: A002
           ) -> Response:
    """Events coded from the articles, newest event date first; filters on actor, type and event date."""
    if format == "plover":
        records = queries.plover(store, actor, type, since, until, page, size=size)
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        return Response(body.encode(), media_type="application/x-ndjson")
    return JSON(queries.events(store, actor, type, since, until, page, size=size))


@router.get("/stats", response_class=JSON, summary="Database counts")
def stats(store: StoreDep) -> JSON:
    """Articles, agencies, date range, entities, quotes, events and failures."""
    return JSON(queries.stats(store))
