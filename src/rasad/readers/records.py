"""JSON and JSON Lines news records → articles.

Accepts records shaped like the FarsNews dump (``title, abstract, paragraphs,
cat, subcat, tags, link``), common variants (``lead``/``summary``,
``body``/``text``/``content``, ``url``, ``date``/``published``, ``news_id``),
and Rasad's own export (``rasad export`` output reads back losslessly).
The raw text of a record is its text fields joined by blank lines, in the
order surtitle, title, lead, body; ``layout`` points into it. An agency
prefix on the lead («خبرگزاری فارس:») becomes the agency and is cut from
the lead.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..agencies import agency_for_domain, find_agency, match_agency
from ..article import Article, Source
from ..errors import ParseError, RasadError

_KEYS = {
    "surtitle": ("surtitle", "rootitle", "kicker", "supertitle"),
    "title": ("title", "headline"),
    "lead": ("lead", "abstract", "summary", "description"),
    "body": ("body", "paragraphs", "text", "content"),
    "url": ("url", "link"),
    "tags": ("tags", "keywords"),
    "published": ("published", "date", "datetime", "publish_date"),
    "news_id": ("news_id", "newsid", "id"),
    "agency": ("agency", "source_name"),
    "author": ("author",),
}
_PREFIX = re.compile(r"\s*([^:\n_\-–—]{2,40}?)\s*[:：_\-–—]\s*")
_URL_ID = re.compile(r"(?:/news/|[?&](?:nn|id|newsid)=|/)(\d{5,}(?:/\d+)?)(?:[/?#-]|$)")


def _get(rec: dict[str, Any], field: str) -> Any:
    for key in _KEYS[field]:
        if rec.get(key) not in (None, "", []):
            return rec[key]
    return None


def _paragraphs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = re.split(r"\n\s*\n|\n", value)
    if not isinstance(value, list):
        raise ParseError(f"body must be a string or a list of strings, got {type(value).__name__}")
    return [p.strip() for p in value if isinstance(p, str) and p.strip()]


def read_record(rec: Any, source: Source) -> Article:
    """One JSON object → an :class:`Article` (raises :class:`ParseError`)."""
    if not isinstance(rec, dict):
        raise ParseError(f"record is a JSON {type(rec).__name__}, not an object", source.ref, code="R201")
    if isinstance(rec.get("source"), dict) and "raw" in rec:
        return Article.from_dict(rec)
    parts: list[tuple[str, str]] = []
    for field in ("surtitle", "title", "lead"):
        value = _get(rec, field)
        if isinstance(value, str) and value.strip():
            parts.append((field, value.strip()))
    parts += [("body", p) for p in _paragraphs(_get(rec, "body"))]
    if not any(f in ("title", "body", "lead") for f, _ in parts):
        raise ParseError("record has no title, lead or body text", source.ref, code="R202")
    art = Article.from_parts(source, parts)
    raw, layout = art.raw, art.layout
    art.agency = _get(rec, "agency")
    _lead_prefix(art)
    if art.agency is None and "body" in layout:
        s, e = layout["body"][0]
        art.agency = find_agency(raw[s:e][:120])
    url = _get(rec, "url")
    art.url = url if isinstance(url, str) else None
    if art.agency is None and art.url:
        art.agency = agency_for_domain(art.url)
    tags = _get(rec, "tags") or []
    art.tags = [t.strip() for t in (tags.split(",") if isinstance(tags, str) else tags) if str(t).strip()]
    published = _get(rec, "published")
    art.published_jalali = str(published) if published else None
    news_id = _get(rec, "news_id")
    if news_id is None and art.url:
        m = _URL_ID.search(art.url)
        news_id = m.group(1) if m else None
    art.news_id = str(news_id) if news_id is not None else None
    author = _get(rec, "author")
    art.author = str(author) if author else None
    cat = [str(rec[k]) for k in ("cat", "subcat", "desk") if rec.get(k) and rec[k] != "others"]
    art.desk = "/".join(cat) or None
    for field in ("surtitle", "title", "lead"):  # the lead may have lost its agency prefix
        spans = art.layout.get(field)
        setattr(art, field, raw[slice(*spans[0])] if spans else None)
    art.body = [raw[s:e] for s, e in art.layout.get("body", [])]
    return art


def _lead_prefix(art: Article) -> None:
    """«خبرگزاری فارس: …» at the start of the lead: agency, cut from the lead."""
    if "lead" not in art.layout:
        return
    s, e = art.layout["lead"][0]
    m = _PREFIX.match(art.raw, s, e)
    if not m:
        return
    agency = match_agency(m.group(1))
    if agency:
        art.agency = art.agency or agency
        art.layout["dateline"] = [(s + m.start(1) - m.start(), s + m.end(1) - m.start())]
        art.layout["lead"] = [(m.end(), e)] if m.end() < e else []
        if not art.layout["lead"]:
            del art.layout["lead"]


def iter_json(text: str, source: Source) -> Iterator[Article | ParseError]:
    """A JSON document: one object or an array of objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield ParseError(f"malformed JSON at line {e.lineno} column {e.colno}: {e.msg}", source.path, code="R203")
        return
    records = data if isinstance(data, list) else [data]
    fmt = "json"
    for i, rec in enumerate(records):
        src = Source(source.path, fmt, i if isinstance(data, list) else None)
        yield _safe(rec, src)


def iter_jsonl(lines: Iterator[str | RasadError], source: Source) -> Iterator[Article | RasadError]:
    """JSON Lines: one object per line; a bad line is one failure, the rest go on."""
    for i, line in enumerate(lines):
        if isinstance(line, RasadError):
            yield line
            continue
        if not line.strip():
            continue
        src = Source(source.path, "jsonl", i + 1)
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield ParseError(f"malformed JSON (column {e.colno}: {e.msg})", src.ref, code="R203")
            continue
        yield _safe(rec, src)


def _safe(rec: Any, src: Source) -> Article | ParseError:
    try:
        return read_record(rec, src)
    except ParseError as e:
        e.source = e.source or src.ref
        return e
    except (TypeError, ValueError, KeyError) as e:
        return ParseError(f"bad record: {e}", src.ref, code="R204")
