"""The stages of the default pipeline (see :func:`rasad.pipeline.default_pipeline`)."""
from __future__ import annotations

import re
from datetime import date

from . import dates
from .article import Article, Span
from .normalize import normalize, normalize_text
from .urlrules import date_from_url

TEXT_FIELDS = ("surtitle", "title", "lead", "desk", "author", "end_marker")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def normalize_stage(art: Article) -> Article:
    """Normalize the raw text; re-derive text fields from their layout spans."""
    norm = normalize(art.raw)
    art.text, art.offsets = norm.text, norm.offsets

    def cut(span: tuple[int, int]) -> str:
        s, e = span
        return art.text[art.offsets.to_new(s):art.offsets.to_new(e)].strip()

    for field in TEXT_FIELDS:
        spans = art.layout.get(field)
        if spans:
            setattr(art, field, cut(spans[0]) or None)
        elif getattr(art, field):
            setattr(art, field, normalize_text(getattr(art, field)))
    if art.layout.get("body"):
        art.body = [p for p in (cut(s) for s in art.layout["body"]) if p]
    else:
        art.body = [normalize_text(p) for p in art.body]
    if art.agency:
        art.agency = normalize_text(art.agency)
    art.tags = [normalize_text(t) for t in art.tags]
    if art.news_id:
        art.news_id = art.news_id.translate(_DIGITS).strip()
    return art


def dates_stage(art: Article) -> Article:
    """Publish time (ISO with the Tehran offset) and every date mentioned, resolved."""
    shown = art.published_jalali or art.published
    if shown:
        try:
            pt = dates.parse_datetime(shown)
        except ValueError as e:
            art.notes.append(f"publish time not understood: {e}")
        else:
            art.published = pt.iso
            if not re.search("[\u0600-\u06ff]", shown) and not _is_jalali_numeric(shown):
                art.published_jalali = pt.jalali  # shown in Gregorian: give the Jalali form too
    if not art.published and art.url:
        found = date_from_url(art.url)
        if found:
            art.published, art.published_jalali = found
            art.notes.append("publish date taken from the URL (day only)")
    anchor = date.fromisoformat(art.published[:10]) if art.published else None
    art.spans["dates"] = [
        Span(m.start, m.end, m.granularity, m.to_dict()) for m in dates.find_dates(art.text, anchor)
    ]
    return art


def _is_jalali_numeric(text: str) -> bool:
    m = re.match(r"\s*(\d{2,4})[/-]", text.translate(_DIGITS))
    return bool(m) and (len(m.group(1)) == 2 or 1200 < int(m.group(1)) < 1500)
