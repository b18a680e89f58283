"""Publish time of a page: candidates from metadata, date elements and labels, best first."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ... import dates
from ...article import Article
from ..text import _is_date_line
from .page import _classes, _clean, _in_furniture, _inline, _Page, _pick
from .patterns import _DIGITS, _ISO, _SEPS
from .rules import _common, _Family


@dataclass
class _DateCand:
    level: int  # 1 metadata, 2 date element, 3 label text, 4 last-resort metadata
    where: str
    text: str
    pt: dates.PublishTime


def _parse_meta_date(text: str) -> dates.PublishTime | None:
    """An ISO value (Gregorian after 1900, Jalali for years 1200-1500) or a Jalali text."""
    folded = text.translate(_DIGITS)
    m = _ISO.search(folded)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        hh = f"{int(m[4]):02d}:{m[5]}" if m[4] else None
        if 1200 <= y < 1500:
            try:
                return dates.parse_datetime(f"{y}/{mo:02d}/{d:02d}" + (f" {hh}" if hh else ""))
            except ValueError:
                return None
        if y < 1900:
            return None
        off = m[7]
        if off and off != "Z":
            sign, rest = off[0], off[1:].replace(":", "")
            rest = rest.zfill(4)
            off = f"{sign}{rest[:2]}:{rest[2:]}"
        iso = f"{y:04d}-{mo:02d}-{d:02d}"
        if hh:
            iso += f"T{hh}:{m[6] or '00'}" + ("+00:00" if off == "Z" else off or "")
        try:
            return dates.parse_datetime(iso) if hh and off else _naive(iso)
        except ValueError:
            return None
    try:
        return dates.parse_datetime(text)
    except ValueError:
        return None


def _naive(iso: str) -> dates.PublishTime | None:
    """An ISO value without an offset: Tehran wall time (or a date alone)."""
    import datetime as dt

    import jdatetime

    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    if "T" not in iso:
        jal = jdatetime.date.fromgregorian(date=when.date()).strftime("%Y-%m-%d")
        return dates.PublishTime(iso=when.date().isoformat(), jalali=jal, text=iso)
    jal = jdatetime.datetime.fromgregorian(datetime=when).strftime("%Y-%m-%d %H:%M")
    return dates.PublishTime(iso=dates.tehran_iso(when), jalali=jal, text=iso)


def _parse_shown(text: str) -> dates.PublishTime | None:
    text = _clean(text)
    if not text or len(text) > 120 or not re.search(r"[0-9۰-۹٠-٩]", text):
        return None
    try:
        pt = dates.parse_datetime(text)
    except ValueError:
        return None
    return pt if 1900 <= int(pt.iso[:4]) <= 2100 else None


def _date_candidates(page: _Page, fam: _Family | None, scopes: list[Any], title_el: Any) -> list[_DateCand]:
    com = _common()
    cands: list[_DateCand] = []
    for key in com.date_meta:
        for value in page.metas.get(key, []):
            pt = _parse_meta_date(value)
            if pt:
                cands.append(_DateCand(1, f"meta {key}", value, pt))
    for d in page.ld:
        v = d.get("datepublished")
        if isinstance(v, str):
            pt = _parse_meta_date(v)
            if pt:
                cands.append(_DateCand(1, "JSON-LD datePublished", v, pt))
    for t in scopes[0].iter("time"):
        v = t.get("datetime")
        if v and not _in_furniture(t, com.never_words):
            pt = _parse_meta_date(v)
            if pt:
                cands.append(_DateCand(1, "<time datetime>", v, pt))
    # (2) the article's own date element
    elements = _pick(fam.select.get("date", ()), scopes) if fam else []
    for el in elements:
        txt = _inline(el)
        pt = _parse_shown(_strip_label(txt))
        if pt:
            cands.append(_DateCand(2, "date element", _strip_label(txt), pt))
            break
    if not elements:
        found = _nearest_date_element(page, scopes, title_el)
        if found:
            cands.append(found)
    # (3) text after a date label, else a short element that is only a date, nearest the title
    for scope in scopes:
        found = _labelled_date(scope, title_el)
        if found:
            cands.append(found)
            break
    if not any(c.level in (2, 3) for c in cands):
        found = _date_line_element(page, scopes, title_el)
        if found:
            cands.append(found)
    for key in com.last_meta:
        for value in page.metas.get(key, []):
            pt = _parse_meta_date(value)
            if pt:
                cands.append(_DateCand(4, f"meta {key} (may be the capture time)", value, pt))
    return cands


def _strip_label(text: str) -> str:
    m = _common().date_labels.search(text)
    return text[m.end():].strip(_SEPS) if m and m.start() < 3 else text


def _order(doc: Any) -> dict[Any, int]:
    return {e: i for i, e in enumerate(doc.iter())}


def _nearest_date_element(page: _Page, scopes: list[Any], title_el: Any) -> _DateCand | None:
    com = _common()
    found: list[tuple[Any, str, dates.PublishTime]] = []
    for el in scopes[0].iter():
        if not isinstance(el.tag, str) or el.tag in ("meta", "script", "style", "option"):
            continue
        if not (com.date_words.search(_classes(el)) or el.get("itemprop") == "datePublished"):
            continue
        if _in_furniture(el, com.never_words):
            continue
        txt = _strip_label(_inline(el))
        pt = _parse_shown(txt)
        if pt:
            found.append((el, txt, pt))
    if not found:
        return None
    el, txt, pt = _nearest_title(found, page, title_el)
    return _DateCand(2, "date element (generic)", txt, pt)


def _date_line_element(page: _Page, scopes: list[Any], title_el: Any) -> _DateCand | None:
    com = _common()
    found = []
    for el in scopes[0].iter("span", "div", "li", "p", "small", "time", "td"):
        if len(el) > 3:
            continue
        txt = _inline(el)
        if len(txt) > 60 or not _is_date_line(txt) or _in_furniture(el, com.never_words):
            continue
        pt = _parse_shown(txt)
        if pt:
            found.append((el, txt, pt))
    if not found:
        return None
    _el, txt, pt = _nearest_title(found, page, title_el)
    return _DateCand(3, "date line", txt, pt)


def _nearest_title(found: list[tuple[Any, str, Any]], page: _Page, title_el: Any) -> tuple[Any, str, Any]:
    """The candidate nearest the title in document order (the first one when there is no title)."""
    if title_el is not None and len(found) > 1:
        order = _order(page.doc)
        t = order.get(title_el, 0)
        found = sorted(found, key=lambda f: abs(order.get(f[0], 0) - t))
    return found[0]


def _labelled_date(scope: Any, title_el: Any) -> _DateCand | None:
    com = _common()
    for t in scope.xpath(".//text()[contains(., 'تاریخ') or contains(., 'زمان') or contains(., 'انتشار')]"):
        holder = t.getparent()
        if holder is None:
            continue
        if getattr(t, "is_tail", False):
            holder = holder.getparent()
        if holder is None or _in_furniture(holder, com.never_words):
            continue
        for cont in (holder, holder.getparent()):
            if cont is None:
                continue
            txt = _inline(cont)
            m = com.date_labels.search(txt)
            if not m:
                continue
            value = _clean(txt[m.end():m.end() + 60])
            pt = _parse_shown(value)
            if pt:
                return _DateCand(3, "«تاریخ انتشار» text", _trim_date_text(value, pt), pt)
    return None


def _trim_date_text(value: str, pt: dates.PublishTime) -> str:
    """The part of a label's value that holds the date and time."""
    if pt.mentions:
        s = min(m.start for m in pt.mentions)
        e = max(m.end for m in pt.mentions)
        return value[s:e].strip(_SEPS)
    return value.strip(_SEPS)


def _resolve_date(cands: list[_DateCand], art: Article) -> None:
    if not cands:
        return
    chosen = min(cands, key=lambda c: c.level)  # stable: first of the best level
    day = chosen.pt.iso[:10]
    shown = [c for c in cands if c.level in (2, 3) and c.pt.iso[:10] == day]
    if shown:
        best = shown[0]
        art.published, art.published_jalali = best.pt.iso, best.text
    else:
        art.published = chosen.pt.iso
        art.published_jalali = chosen.text
        try:
            again = dates.parse_datetime(chosen.text).iso[:10]
        except ValueError:
            again = None
        if again != day:  # a later stage re-reads published_jalali: give it a form it reads the same way
            art.published_jalali = chosen.pt.jalali
    if chosen.level == 4:
        art.notes.append(f"publish time from {chosen.where}")
    others = {c.pt.iso[:10] for c in cands if c.level < 4} - {day}
    if others:
        art.notes.append(f"publish dates disagree: {day} ({chosen.where}) vs {', '.join(sorted(others))}")
