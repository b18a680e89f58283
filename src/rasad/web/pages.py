"""Server-rendered Persian (RTL) web pages: search, article, entity, entities, events.

Thin layer: each route calls :mod:`rasad.web.queries` (what the JSON API returns) and renders a Jinja
template with autoescaping on; the entity page adds :mod:`rasad.web.graph` (network, timeline) drawn as SVG
by ``templates/_svg.html`` with geometry from :mod:`rasad.web.svg`. No page uses inline scripts or styles,
so the app's Content-Security-Policy holds. A missing article or entity gets the Persian 404 page; a bad
parameter re-renders the page with the message and status 422.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..store import Store
from . import graph, jalali, queries, svg
from .deps import get_store

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
_env.filters.update(jalali=jalali.jalali, gregorian=jalali.gregorian, fa=jalali.fa_digits,
                    jmonth=jalali.jalali_month)
templates = Jinja2Templates(env=_env)
PAGE_SIZE = 20
TIMELINE_MONTHS = 36
StoreDep = Annotated[Store, Depends(get_store)]


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"nav": name, **context}, status_code=status)


def error_response(request: Request, status: int, code: str, message: str,
                   candidates: list[dict[str, Any]] | None = None) -> HTMLResponse:
    """The Persian error page (404 and 4xx); the app renders every non-API error with it."""
    return _render(request, "error.html", status, error={"status": status, "code": code, "message": message},
                   candidates=candidates)


def _error(request: Request, err: queries.QueryError | queries.NotFound) -> HTMLResponse:
    return error_response(request, err.status, err.code, err.message, getattr(err, "candidates", None))


def _href(path: str, params: dict[str, Any]) -> str:
    """``path`` with the non-empty ``params`` as a query string."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


@router.get("/")
def search_page(request: Request, store: StoreDep, q: str = "", agency: str = "", month: str = "", type: str = "",
                entity: str = "", page: int = 1) -> HTMLResponse:
    """Search box, hits with highlighted snippets, facets (agency, Jalali month, entity type), pages;
    ``entity`` (an entity id) keeps the articles that mention it."""
    params = {"q": q, "agency": agency, "month": month, "type": type, "entity": entity}
    since = until = None
    if month:
        span = jalali.month_range(month)
        if span is None:
            return _error(request, queries.QueryError("bad_month", f"month: a Jalali month such as 1402-07 "
                                                                   f"(got {month[:20]!r})"))
        since, until = span
    try:
        result = queries.search(store, q, agency=agency or None, since=since, until=until, entity=entity or None,
                                entity_type=type or None, page=page, size=PAGE_SIZE)
        entity_name = graph.entity_name(store, entity) if entity else None
    except (queries.QueryError, queries.NotFound) as e:
        return _error(request, e)
    last = max(1, -(-result["total"] // PAGE_SIZE))
    last = min(last, queries.MAX_OFFSET // PAGE_SIZE)
    pages = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    return _render(request, "search.html", result=result, params=params, page=page, last=last, pages=pages,
                   facet_cap=queries.FACET_CAP, entity_name=entity_name,
                   href=lambda **kw: _href("/", {**params, "page": None, **kw}))


@router.get("/articles/{ident}")
def article_page(ident: str, request: Request, store: StoreDep) -> HTMLResponse:
    """An article: surtitle, title, lead, metadata, body with entities marked and linked, quotes, events."""
    try:
        art = queries.article(store, ident)
    except (queries.QueryError, queries.NotFound) as e:
        return _error(request, e)
    blocks = {"surtitle": [], "title": [], "lead": [], "body": []}
    for b in art["blocks"]:
        blocks.setdefault(b["field"], []).append(b["segments"])
    entities = sorted(art["entities"], key=lambda e: (-len(e["mentions"]), e.get("name") or ""))
    return _render(request, "article.html", art=art, blocks=blocks, entities=entities)


@router.get("/entities")
def entities_page(request: Request, store: StoreDep, type: str = "") -> HTMLResponse:
    """The most mentioned entities, optionally of one type."""
    try:
        result = queries.entities(store, type=type or None, top=200)
    except queries.QueryError as e:
        return _error(request, e)
    return _render(request, "entities.html", result=result, type=type)


@router.get("/entities/{ident}")
def entity_page(ident: str, request: Request, store: StoreDep) -> HTMLResponse:
    """An entity: names and aliases, roles over time, timeline of articles per month, quotes, network."""
    try:
        ent = queries.entity(store, ident)
    except (queries.QueryError, queries.NotFound) as e:
        return _error(request, e)
    timeline = graph.fill_months(ent["by_jalali_month"], TIMELINE_MONTHS)
    network = graph.entity_network(store, ent)
    return _render(request, "entity.html", ent=ent, chart=svg.bar_chart(timeline) if timeline else None,
                   net=svg.network_layout(network) if len(network["nodes"]) > 1 else None, months=TIMELINE_MONTHS)


@router.get("/events")
def events_page(request: Request, store: StoreDep, actor: str = "", type: str = "", since: str = "", until: str = "",
                page: int = 1) -> HTMLResponse:
    """Events filtered by actor, PLOVER type and date (Jalali or Gregorian), as a table linked to articles."""
    params = {"actor": actor, "type": type, "since": since, "until": until}
    try:
        result = queries.events(store, actor or None, type or None, jalali.to_iso(since),
                                jalali.to_iso(until, end=True), page, size=50)
    except queries.QueryError as e:
        return _render(request, "events.html", 422, result=None, params=params, types=graph.event_types(store),
                       error=e, page=page, last=page, href=lambda **kw: "")
    graph.link_event_entities(store, result["events"])
    last = max(1, -(-result["total"] // 50))
    return _render(request, "events.html", result=result, params=params, types=graph.event_types(store),
                   error=None, page=page, last=last, href=lambda **kw: _href("/events", {**params, **kw}))
