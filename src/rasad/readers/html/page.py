"""The parsed page: metadata, JSON-LD, family detection, selectors and text helpers."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from ...agencies import name_key
from ...article import Source
from .patterns import _BLOCK, _BREAK, _STRIP, _WAYBACK, _WS
from .rules import _common, _Family, _Sel, families


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip(_STRIP)


def _paragraphs(el: etree._Element) -> list[str]:
    """Text blocks of an element: block tags and <br> separate paragraphs."""
    out: list[str] = []
    for event, e in etree.iterwalk(el, events=("start", "end")):
        tag = e.tag if isinstance(e.tag, str) else None
        if event == "start":
            if tag in _BLOCK:
                out.append(_BREAK)
            if tag and e.text:
                out.append(e.text)
        else:
            if tag in _BLOCK:
                out.append(_BREAK)
            if e is not el and e.tail:
                out.append(e.tail)
    return [p for p in (_clean(x) for x in "".join(out).split(_BREAK)) if p]


def _inline(el: etree._Element) -> str:
    return " ".join(_paragraphs(el))


def _loose(text: str) -> str:
    return re.sub(r"[\W_]", "", name_key(text))


def _classes(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _in_furniture(el: etree._Element, never: re.Pattern[str]) -> bool:
    """Inside page furniture: header, nav, footer, aside or a 'today'/related element."""
    e = el
    while e is not None and e.tag not in ("body", "html"):
        parent = e.getparent()
        if e.tag in ("nav", "footer", "aside", "option") or (
                e.tag == "header" and not (parent is not None and parent.tag == "article")):
            return True
        cls = _classes(e)
        if never.search(cls) or not _common().never_tokens.isdisjoint(cls.lower().split()):
            return True
        e = e.getparent()
    return False


@dataclass
class _Page:
    doc: Any
    metas: dict[str, list[str]]
    ld: list[dict[str, Any]]
    title_tag: str
    canonical: str | None
    base: str | None
    hosts: list[str]
    html: str
    notes: list[str]


def _collect(doc: Any, html: str, url: str | None, source: Source, notes: list[str]) -> _Page:
    metas: dict[str, list[str]] = {}
    for m in doc.iter("meta"):
        content = m.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("name", "property", "itemprop", "http-equiv"):
            key = m.get(attr)
            if key:
                for k in key.lower().split():
                    metas.setdefault(k, []).append(content.strip())
    ld: list[dict[str, Any]] = []
    for s in doc.xpath("//script[contains(@type,'ld+json')]"):
        try:
            _flatten_ld(json.loads(s.text or ""), ld)
        except (ValueError, RecursionError):
            notes.append("unreadable JSON-LD block skipped")
    title_el = doc.find(".//title")
    title_tag = _clean(title_el.text_content()) if title_el is not None else ""
    base_el = doc.find(".//base[@href]")
    base = url or (base_el.get("href") if base_el is not None else None)
    canonical = None
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href", "").strip():
            canonical = link.get("href").strip()
            break
    canonical = canonical or _first(metas, "og:url") or next((d.get("url") for d in ld if isinstance(d.get("url"), str)
                                                             and d.get("@type") != "Organization"), None)
    hosts = []
    for u in (canonical, url, source.path, base):
        if u and "//" in u:
            host = urlsplit(_unwrap(u)).hostname
            if host:
                hosts.append(host.lower())
    return _Page(doc, metas, ld, title_tag, canonical, base, hosts, html, notes)


def _flatten_ld(obj: Any, out: list[dict[str, Any]]) -> None:
    if isinstance(obj, list):
        for x in obj:
            _flatten_ld(x, out)
    elif isinstance(obj, dict):
        if "@graph" in obj:
            _flatten_ld(obj["@graph"], out)
        out.append({k.lower() if isinstance(k, str) and not k.startswith("@") else k: v for k, v in obj.items()})


def _first(metas: dict[str, list[str]], *keys: str) -> str | None:
    for k in keys:
        if metas.get(k):
            return metas[k][0]
    return None


def _unwrap(url: str) -> str:
    m = _WAYBACK.match(url.strip())
    return m.group(1) if m else url.strip()


def _detect(page: _Page) -> tuple[_Family | None, str]:
    fams = families()
    for host in page.hosts:
        for fam in fams:
            if any(host == d or host.endswith("." + d) for d in fam.domains):
                return fam, f"domain {host}"
    gen = " ".join(page.metas.get("generator", [])).lower()
    if gen:
        for fam in fams:
            if any(g in gen for g in fam.generator):
                return fam, "generator"
    for fam in fams:
        if any(sel(page.doc) for sel in fam.markup):
            return fam, "markup"
    return None, ""


def _pick(sels: tuple[_Sel, ...], scopes: list[Any], text: bool = True) -> list[Any]:
    """Elements of the first selector that finds one with text (or any, text=False), scope by scope."""
    for sel in sels:
        for scope in scopes:
            found = sel(scope)
            if not text and found:
                return found
            found = [e for e in found if _inline(e)]
            if found:
                return found
    return []
