"""read_html: the fallback chain, post-filters, news id, title, agency, people and tags."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

from ...agencies import agency_for_domain, locate_agency, match_agency, name_key
from ...article import Article, Source
from ...errors import ParseError
from ..text import _dateline, _prefix_dateline, _words
from .decode import decode_html
from .page import _clean, _collect, _detect, _first, _in_furniture, _inline, _loose, _Page, _paragraphs, _pick, _unwrap
from .patterns import (
    _ARABIC,
    _DIGITS,
    _ID_LABEL,
    _ID_VALUE,
    _MIN_BODY,
    _PLACEHOLDERS,
    _SEPS,
    _STRIP,
    _URL_ID,
    _XML_DECL,
    _ZWNJ_ENT,
)
from .published import _date_candidates, _order, _parse_shown, _resolve_date
from .rules import _common, _Family


def _news_id_from_text(scopes: list[Any]) -> str | None:
    for scope in scopes:
        for t in scope.xpath(".//text()[contains(., 'خبر') or contains(., 'مطلب')]"):
            if not _ID_LABEL.search(t):
                continue
            holder = t.getparent()
            if getattr(t, "is_tail", False) and holder is not None:
                holder = holder.getparent()
            for cont in (holder, holder.getparent() if holder is not None else None):
                if cont is None:
                    continue
                txt = _inline(cont)
                m = _ID_LABEL.search(txt)
                if m:
                    v = _ID_VALUE.match(txt[m.end():].lstrip(" :：-–"))
                    if v and re.search(r"[0-9۰-۹٠-٩]", v.group()):
                        return re.sub(r"\s+", "", v.group()).translate(_DIGITS)
                for inp in cont.xpath(".//input[@value]"):
                    v = _ID_VALUE.fullmatch(inp.get("value", "").strip())
                    if v and re.search(r"[0-9]", v.group()):
                        return v.group().translate(_DIGITS)
    return None


def _news_id_from_url(url: str | None) -> str | None:
    if not url:
        return None
    m = _URL_ID.search(unquote(urlsplit(_unwrap(url)).path + "?" + urlsplit(_unwrap(url)).query))
    return m.group(1) if m else None


def _site_like(segment: str) -> bool:
    seg = segment.strip(_SEPS)
    if not seg:
        return True
    if match_agency(seg) or not _ARABIC.search(seg):
        return True
    key = name_key(seg)
    return any(key.startswith(w) for w in _common().site_words) and len(seg.split()) <= 6


def clean_title(text: str) -> str:
    """Cut site-name segments from both ends of a <title>/og:title."""
    text = _clean(text)
    parts = [(m.start(), m.end()) for m in re.finditer(r"\s*(?:\s[-–—|]\s*|[-–—|]\s|::|\s\|)\s*", text)]
    if not parts:
        return text
    bounds = [0] + [p for s, e in parts for p in (s, e)] + [len(text)]
    segs = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    lo, hi = 0, len(segs) - 1
    while hi > lo and _site_like(text[segs[hi][0]:segs[hi][1]]):
        hi -= 1
    while lo < hi and _site_like(text[segs[lo][0]:segs[lo][1]]):
        lo += 1
    return text[segs[lo][0]:segs[hi][1]].strip(_STRIP)


def _drop_link_lists(el: Any) -> None:
    for e in list(el.iter("ul", "ol", "div", "table", "section")):
        if e is el or e.getparent() is None:
            continue
        total = len(_clean(e.text_content()))
        if not total:
            continue
        links = e.findall(".//a")
        linked = sum(len(_clean(a.text_content())) for a in links)
        if linked >= 0.8 * total and (len(links) >= 2 or total < 200):
            e.drop_tree()


def _body_from(el: Any, exclude: list[Any], fam: _Family | None) -> list[str]:
    for x in exclude:  # a title or lead inside the body container
        if x is not None and x is not el and any(a is el for a in x.iterancestors()):
            x.drop_tree()
    com = _common()
    for sel in (fam.select.get("drop", ()) if fam else ()) + com.body_drop:
        for e in sel(el):
            if e is not el and e.getparent() is not None:
                e.drop_tree()
    _drop_link_lists(el)
    return _paragraphs(el)


def _densest(doc: Any) -> Any | None:
    best, score = None, 0
    for el in doc.iter("div", "article", "section", "td", "main", "span"):
        s = len((el.text or "").strip())
        for c in el:
            if c.tag == "p":
                s += len(_clean(c.text_content()))
            s += len((c.tail or "").strip())
        if s > score:
            best, score = el, s
    return best


def _trafilatura(html: str, notes: list[str]) -> list[str]:
    try:
        import trafilatura
    except ImportError:
        notes.append("trafilatura not installed: fallback step 3 skipped")
        return []
    ph = next((c for c in _PLACEHOLDERS if c not in html), None)
    if ph is None:
        return []
    protected = _ZWNJ_ENT.sub(ph, html.replace("\u200c", ph))
    try:
        doc = trafilatura.bare_extraction(protected, include_comments=False, include_tables=True,
                                          with_metadata=False)
    except Exception as e:  # trafilatura raises assorted errors on odd markup
        notes.append(f"trafilatura failed: {type(e).__name__}")
        return []
    text = getattr(doc, "text", None) if doc is not None else None
    if text is None and isinstance(doc, dict):
        text = doc.get("text")
    if not text:
        return []
    return [p for p in (_clean(x.replace(ph, "\u200c")) for x in text.split("\n")) if p]


def _cut_header(paras: list[str], title: str) -> list[str]:
    """A fallback body that starts with the page header (surtitle, title, date): cut up to the title."""
    key = _loose(title)
    for i, p in enumerate(paras[:6]):
        if key and _loose(p) == key:
            return paras[i + 1:]
    return paras


def _filter_body(paras: list[str], copies: list[str]) -> tuple[list[str], str | None, list[str]]:
    """Post-filters: title/lead copies, end marker, related/comment headings, furniture."""
    com = _common()
    w = _words()
    out: list[str] = []
    end_marker = None
    notes: list[str] = []
    keys = [c for c in (_loose(x) for x in copies) if len(c) >= 8]
    for p in paras:
        loose = _loose(p)
        if not out and (loose in keys or (keys and any(k.startswith(loose) for k in keys) and len(loose) >= 20)):
            continue
        if not out and len(p.split()) <= 10 and _parse_shown(p):  # a date line above the body
            continue
        key = name_key(p.strip(_SEPS))
        if len(p) <= 60 and key in com.related:
            if out:
                notes.append(f"body cut at «{p}»")
                break
            continue
        if len(p) <= 300 and any(r in name_key(p) for r in com.comment_rules):
            if out:
                break
            continue
        m = com.end.search(p) if len(p) < 2000 else None
        if m and (m.start() == 0 or p[:m.start()].rstrip(_STRIP)[-1:] in ".!؟?»)*"):
            before = p[:m.start()].rstrip(_STRIP + "*-–—/")
            if before:
                out.append(before)
            code = (m.group("code") or "").strip()
            end_marker = re.sub(r"\s+", "", code).translate(_DIGITS) if code else m.group("marker")
            break
        if len(p) <= 60 and w.chrome.get(key) is False:
            continue
        if any(f.match(p) for f in com.furniture) or not re.search(r"[^\W_]", p):
            continue
        out.append(p)
    return out, end_marker, notes


def read_html(data: bytes | str, source: Source, url: str | None = None,
              content_type: str | None = None, *, rules: bool = True) -> Article:
    """Read one news article from an HTML page; raises :class:`ParseError` (R207, R208)."""
    text, _encoding, notes = decode_html(data, content_type, source.ref)
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise ParseError("empty HTML document", source.ref, code="R207")
    try:
        doc = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise ParseError(f"unparsable HTML: {e}", source.ref, code="R207") from None
    page = _collect(doc, text, url, source, notes)
    for sel in _common().drop:
        for e in sel(doc):
            if e.getparent() is not None:
                e.drop_tree()
    for e in list(doc.iter(etree.Comment)):
        if e.getparent() is not None:
            e.drop_tree()

    fam, how = _detect(page) if rules else (None, "")
    com = _common()
    scopes: list[Any] = [doc]
    if fam:
        scope = _pick(fam.select.get("scope", ()), [doc], text=False)
        if scope:
            scopes = [scope[0], doc]
    fields: dict[str, Any] = {}
    els: dict[str, Any] = {}
    for f in ("surtitle", "title", "lead"):
        found = _pick(fam.select.get(f, ()), scopes[:1]) if fam else []
        if found:
            els[f], fields[f] = found[0], _inline(found[0])
    body: list[str] = []
    step = ""
    if fam:
        found = _pick(fam.select.get("body", ()), scopes[:1])
        if found:
            body = _body_from(found[0], [els.get(f) for f in ("surtitle", "title", "lead")], fam)
            step = f"site rules ({fam.name}, by {how})"
        if not body or "title" not in fields:
            notes.append(f"site rules ({fam.name}) under-delivered: "
                         + ", ".join(f for f in ("title", "body") if not (fields.get(f) or (f == "body" and body))))
    # generic title / surtitle / lead
    if "title" not in fields:
        t_el, t = _generic_title(page, scopes)
        if t:
            fields["title"] = t
            if t_el is not None:
                els["title"] = t_el
    if "surtitle" not in fields and not fam and "title" in els:
        s_el = _near(_pick(com.select["surtitle"], scopes[:1]), els["title"], page)
        if s_el is not None and len(_inline(s_el).split()) <= 20 and _loose(_inline(s_el)) != _loose(fields["title"]):
            els["surtitle"], fields["surtitle"] = s_el, _inline(s_el).rstrip(":： ")
    if "lead" not in fields and not fam:
        cands = [e for e in _pick(com.select["lead"], scopes[:1]) if 6 <= len(_inline(e).split()) <= 120]
        l_el = _near(cands, els.get("title"), page)
        if l_el is not None and _loose(_inline(l_el)) != _loose(fields.get("title", "")):
            els["lead"], fields["lead"] = l_el, _inline(l_el)
    copies = [fields[f] for f in ("title", "lead", "surtitle") if fields.get(f)]

    def good(paras: list[str]) -> bool:
        return sum(len(p) for p in _filter_body(paras, copies)[0]) >= _MIN_BODY

    if not good(body):
        found = _pick(com.select["body"], scopes)
        if found:
            cand = _body_from(found[0], [els.get(f) for f in ("surtitle", "title", "lead")], None)
            if good(cand):
                body, step = cand, "schema.org articleBody"
    if not good(body):
        cand = _trafilatura(page.html, notes)
        if good(cand):
            body, step = cand, "trafilatura (ZWNJ protected)"
    if not good(body):
        el = _densest(doc)
        if el is not None:
            cand = _body_from(el, [els.get(f) for f in ("surtitle", "title", "lead")], None)
            if sum(len(p) for p in cand) > sum(len(p) for p in body):
                body, step = cand, "densest block"
    if step.startswith(("trafilatura", "densest")) and fields.get("title"):
        body = _cut_header(body, fields["title"])
    body, end_marker, fnotes = _filter_body(body, copies)
    notes += fnotes
    if "lead" not in fields and len(body) >= 2 and _leads_dateline(body):
        fields["lead"] = body.pop(0)
    if "lead" not in fields:
        desc = _first(page.metas, "description", "og:description")
        if desc and body and _loose(desc) and _loose(body[0]) == _loose(desc) and len(body) >= 2:
            fields["lead"] = body.pop(0)
    words = sum(len(p.split()) for p in body) + len(fields.get("lead", "").split())
    if words < 15:
        raise ParseError("no article found in the HTML (no body text: index page, empty template or not news)",
                         source.ref, code="R207")

    parts = [(f, fields[f]) for f in ("surtitle", "title", "lead") if fields.get(f)] + [("body", p) for p in body]
    art = Article.from_parts(source, parts)
    art.end_marker = end_marker
    art.notes = notes + ([f"body from {step}"] if step else [])

    # url, news id
    canon = page.canonical
    if canon and "//" not in canon:
        base = page.base
        if not base and fam and fam.domains:
            base = f"https://{fam.domains[0]}"
            art.notes.append(f"relative canonical URL completed with the site's domain {fam.domains[0]}")
        canon = urljoin(base, canon) if base else canon
    art.url = _unwrap(canon) if canon else (url or None)
    nid = None
    if fam and fam.select.get("news_id"):
        for el in _pick(fam.select["news_id"], scopes[:1]):
            nid = _news_id_from_text([el])
            if nid:
                break
    art.news_id = nid or _news_id_from_text(scopes) or _news_id_from_url(art.url) or _news_id_from_url(url)
    if art.news_id:
        art.news_id = art.news_id.translate(_DIGITS)

    _fill_agency(art, page, fam, scopes)
    _fill_people_tags(art, page, fam, scopes)
    _resolve_date(_date_candidates(page, fam, scopes, els.get("title")), art)
    if not art.title:
        art.notes.append("no title found")
    return art


def _leads_dateline(body: list[str]) -> bool:
    """body[0] is a lead: a sentence (or two) standing before the «به گزارش …» paragraph."""
    first, second = body[0], body[1]
    if re.match(r"به[ \u200c]*گزارش", first) or len(first.split()) > 90 or len(first.split()) < 6:
        return False
    return bool(re.match(r"به[ \u200c]*گزارش", second) or _prefix_dateline(second, 0, len(second)))


def _near(cands: list[Any], anchor: Any, page: _Page) -> Any | None:
    """The candidate closest to the anchor (the title) in document order."""
    cands = [c for c in cands if not _in_furniture(c, _common().never_words)]
    if not cands:
        return None
    if anchor is None or len(cands) == 1:
        return cands[0]
    order = _order(page.doc)
    a = order.get(anchor, 0)
    return min(cands, key=lambda c: abs(order.get(c, 0) - a))


def _generic_title(page: _Page, scopes: list[Any]) -> tuple[Any | None, str | None]:
    meta_title = (_first(page.metas, "og:title", "twitter:title")
                  or next((d.get("headline") for d in page.ld if isinstance(d.get("headline"), str)), None)
                  or page.title_tag)
    ref = _loose(meta_title or "")
    h_els = [e for e in _pick(_common().select["title"], scopes[:1]) if not _in_furniture(e, _common().never_words)]
    for e in h_els[:5]:
        t = _inline(e)
        if ref and _loose(t) and _loose(t) in ref:
            return e, t
    for e in scopes[0].iter("h1", "h2"):
        t = _inline(e)
        if ref and len(_loose(t)) >= 10 and _loose(t) in ref:
            return e, t
    if meta_title:
        return None, clean_title(meta_title)
    if h_els:
        return h_els[0], _inline(h_els[0])
    return None, None


def _fill_agency(art: Article, page: _Page, fam: _Family | None, scopes: list[Any]) -> None:
    if fam and fam.select.get("agency"):
        found = _pick(fam.select["agency"], [page.doc])
        if found:
            name = _inline(found[0])
            art.agency = match_agency(name) or name
            return
    raw, layout = art.raw, art.layout
    if "body" in layout:
        s, e = layout["body"][0]
        found = _dateline(raw, s, e) or _prefix_dateline(raw, s, e)
        if found:
            span, agency, desk = found
            layout["dateline"] = [span]
            if desk:
                layout["desk"] = [desk]
                art.desk = raw[slice(*desk)]
            if agency:
                art.agency = agency[0]
                layout["agency"] = [agency[1]]
                return
    if "lead" in layout:
        found = _prefix_dateline(raw, *layout["lead"][0])
        if found:
            art.agency = found[1][0]
            layout["agency"] = [found[1][1]]
            return
    for host in page.hosts:
        if fam:
            for dom, name in fam.sites.items():
                if host == dom or host.endswith("." + dom):
                    art.agency = name
                    return
        agency = agency_for_domain(host)
        if agency:
            art.agency = agency
            return
    if fam and len(fam.sites) == 1:
        art.agency = next(iter(fam.sites.values()))
        return
    site = _first(page.metas, "og:site_name")
    if site:
        hit = locate_agency(site)
        art.agency = hit[0] if hit else None


def _fill_people_tags(art: Article, page: _Page, fam: _Family | None, scopes: list[Any]) -> None:
    author = None
    if fam and fam.select.get("author"):
        found = _pick(fam.select["author"], scopes[:1])
        if found:
            author = _inline(found[0])
    if not author:
        cand = _first(page.metas, "author")
        for d in page.ld:
            a = d.get("author")
            a = a[0] if isinstance(a, list) and a else a
            if isinstance(a, dict) and a.get("@type", "Person") == "Person" and isinstance(a.get("name"), str):
                cand = cand or a["name"]
        if cand and _ARABIC.search(cand) and len(cand.split()) <= 4 and not _site_like(cand):
            author = _clean(cand)
    art.author = author or None
    tags: list[str] = []
    if fam and fam.select.get("tags"):
        tags = [_inline(e) for e in _pick(fam.select["tags"], scopes)]
    if not tags:
        for value in page.metas.get("article:tag", []) + page.metas.get("keywords", [])[:1]:
            tags += [t for t in re.split(r"[,،؛;]", value)]
    seen: set[str] = set()
    out = []
    for t in tags:
        t = _clean(t)
        k = name_key(t)
        if t and k not in seen and not match_agency(t) and len(t) <= 80:
            seen.add(k)
            out.append(t)
    art.tags = out
