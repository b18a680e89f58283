"""Persian news web pages (HTML) → :class:`~rasad.article.Article`.

:func:`read_html` decodes the bytes, parses them with lxml and reads the
article's fields. Like :mod:`rasad.readers.records`, the article's ``raw`` is
the extracted text fields joined by blank lines (surtitle, title, lead, body
paragraphs) and ``layout`` holds their spans over ``raw``; nothing is
normalized here. Site rules are data: one TOML file per CMS family in
``data/sites/`` (``common.toml`` holds the generic selectors and the words of
the post-filters); see ``docs/html.md``.

Fallback chain. Each step runs only if the previous one under-delivered
(for the body: fewer than 150 characters left after the post-filters):

1. **Site rules.** The family is recognised by the page's domain (canonical
   URL, og:url, the ``url`` argument or the source path; Wayback copies are
   unwrapped), else by ``<meta name=generator>``, else by a markup probe. Its
   selectors give surtitle, title, lead, body, date, news id, tags, author.
2. **Schema.org markup**: ``[itemprop=articleBody]`` for the body, the generic
   selectors of ``common.toml`` (``h1[itemprop=headline]``, ``.lead``, …) for
   the rest.
3. **trafilatura** (``bare_extraction``) on the page with every ZWNJ replaced
   by a placeholder character and restored afterwards (trafilatura deletes
   U+200C; private-use characters are deleted too, so the placeholder is a
   printable letter absent from the page).
4. **Densest block**: the element whose direct ``<p>`` children and ``<br>``-
   separated text hold the most text.

Whatever the step, the project's own logic then fills what is missing and
cleans the result:

- title: the rule's element, else ``h1``, else og:title / JSON-LD headline /
  ``<title>`` with site-name segments cut from both ends («… - اخبار تسنیم -
  Tasnim», «خبرگزاری آریا - …»);
- lead: the rule's element, else a first paragraph standing before the
  dateline paragraph («به گزارش …»), else a visible element whose text is the
  meta description;
- post-filters on the body: copies of the title/lead at its top, the end marker
  («انتهای پیام/ی» → ``end_marker``, it and the rest cut), related-news and
  comment headings (the rest cut), tracking codes, short links and category
  tags («- اخبار ورزشی -», dropped), link lists inside the body (dropped);
- news id: «کد خبر» text (or the ``<input>`` after it), else the URL; Persian
  digits become ASCII, letters («d1Gjx») and suffixes («1608590/13») are kept;
- agency: the rule's publication element (Magiran), the body's dateline
  («به گزارش خبرگزاری فارس،»), an agency prefix of the lead («خبرگزاری آریا -»),
  the site (rules ``[sites]``, ``agencies.tsv`` domains), og:site_name;
- publish time, best first: (1) ISO metadata with a year after 1900
  (article:published_time, JSON-LD datePublished, dc.date …; a Jalali value
  there — YJC — is read as Jalali), and ``<time datetime>``; (2) the article's
  own date element (rule selector, else a date/time-classed element nearest the
  title); (3) the text after «تاریخ انتشار» / «تاریخ:»; (4) ``<meta name=date>``
  and modification times, which may be the capture time (ISNA 2025). Header
  "today" dates, related-news lists and footers are never read.
  ``published_jalali`` is the date as shown on the page when it names the same
  day, else the metadata string; ``published`` is its ISO form (Tehran offset).

Charsets: a BOM, then strict UTF-8, then the declared charset (HTTP header,
then ``<meta charset>``) and windows-1256, whichever reads as Persian; a page
declared as one thing and written in another is read by its bytes (with a
note). A page with no article raises ``ParseError`` R207; undecodable bytes
R208.
"""
from __future__ import annotations

import codecs
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from .. import dates
from ..agencies import agency_for_domain, locate_agency, match_agency, name_key
from ..article import Article, Source
from ..data import data_path
from ..errors import ParseError
from .text import _alt, _dateline, _is_date_line, _prefix_dateline, _words

__all__ = ["read_html", "decode_html", "families"]

Span = tuple[int, int]
_STRIP = " \t\r\n\f\v\u00a0\u200b\u200c\u200d\u200e\u200f\u202f\ufeff"
_SEPS = _STRIP + "-–—|/،,:؛*•»«"
_WS = re.compile(r"[\s\u00a0\u200b\u2009\u202f\ufeff]+")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_BREAK = "\x00"
_BLOCK = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tbody thead tfoot tr td th blockquote section article "
    "header footer figure figcaption pre hr main aside nav center address details summary form fieldset".split())
_MIN_BODY = 150  # characters: less than this and the next step of the chain runs
_ARABIC = re.compile("[\u0600-\u06ff]")
_LETTER = re.compile(r"[^\W\d_]")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_ZWNJ_ENT = re.compile(r"&(?:zwnj|#8204|#x200c);", re.I)
_PLACEHOLDERS = "\u16a0\u16a1\u16a2\ua4d0\ua4d1"  # printable letters trafilatura keeps
_ID_LABEL = re.compile(r"(?:[کك]د|شناسه)[ \u200c]*(?:خبر|مطلب)(?!نگار)[ \u200c]*[:：]?")
_ID_VALUE = re.compile(r"[0-9۰-۹٠-٩A-Za-z][0-9۰-۹٠-٩A-Za-z_\-]*(?:[ \t]*/[ \t]*[0-9۰-۹]{1,4}(?![0-9۰-۹/]))?")
_URL_ID = re.compile(r"(?i)(?:/news/|[?&](?:nn|id|newsid|news_id)=|/)"
                     r"((?=[A-Za-z]*\d)[A-Za-z0-9]{5,}(?:/\d{1,4})?)(?=[/?#-]|$)")
_ISO = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:\s*T?\s*([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?"
                  r"(?:\.[0-9]+)?\s*(Z|[+-][0-9]{1,2}:?[0-9]{2})?)?")
_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/[0-9a-z_]+/(.+)$", re.I)


# --- rules ----------------------------------------------------------------------

class _Sel:
    """One selector: CSS (cssselect) or XPath (starts with '/' or '('; '//' is read inside the scope)."""

    def __init__(self, text: str):
        self.text = text
        if text.startswith(("/", "(")):
            expr = re.sub(r"(^|\(|\|\s*)//", r"\1.//", text)
            self._fn = etree.XPath(expr)
        else:
            self._fn = CSSSelector(text, translator="html")

    def __call__(self, el: etree._Element) -> list[etree._Element]:
        return [e for e in self._fn(el) if isinstance(e, etree._Element) and isinstance(e.tag, str)]


@dataclass
class _Family:
    name: str
    domains: tuple[str, ...] = ()
    generator: tuple[str, ...] = ()
    markup: tuple[_Sel, ...] = ()
    select: dict[str, tuple[_Sel, ...]] = field(default_factory=dict)
    sites: dict[str, str] = field(default_factory=dict)


@dataclass
class _Common:
    select: dict[str, tuple[_Sel, ...]]
    drop: tuple[_Sel, ...]
    body_drop: tuple[_Sel, ...]
    date_meta: tuple[str, ...]
    last_meta: tuple[str, ...]
    date_labels: re.Pattern[str]
    date_words: re.Pattern[str]
    never_words: re.Pattern[str]
    never_tokens: frozenset[str]
    comment_rules: tuple[str, ...]
    related: frozenset[str]
    furniture: tuple[re.Pattern[str], ...]
    site_words: tuple[str, ...]
    end: re.Pattern[str]


def _sels(items: list[str]) -> tuple[_Sel, ...]:
    return tuple(_Sel(s) for s in items)


@lru_cache(maxsize=1)
def families() -> tuple[_Family, ...]:
    """The CMS families of ``data/sites/*.toml`` (all but ``common.toml``), by file name."""
    out = []
    for path in sorted(data_path("sites").glob("*.toml")):
        if path.stem == "common":
            continue
        d = tomllib.loads(path.read_text(encoding="utf-8"))
        det = d.get("detect", {})
        out.append(_Family(
            name=d.get("family", path.stem),
            domains=tuple(x.lower() for x in det.get("domains", [])),
            generator=tuple(x.lower() for x in det.get("generator", [])),
            markup=_sels(det.get("markup", [])),
            select={k: _sels(v) for k, v in d.get("select", {}).items()},
            sites={k.lower(): v for k, v in d.get("sites", {}).items()},
        ))
    return tuple(out)


def _words_re(words: list[str], whole: bool = False) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:^|[\s_\-])(?:{alt})(?:$|[\s_\-])" if whole else f"(?:{alt})", re.I)


@lru_cache(maxsize=1)
def _common() -> _Common:
    d = tomllib.loads(data_path("sites/common.toml").read_text(encoding="utf-8"))
    sel, dt, flt = d["select"], d["dates"], d["filters"]
    ends = [t for t, _ in _scraped_rows("end")]
    labels = sorted(dt["labels"], key=len, reverse=True)
    return _Common(
        select={k: _sels(v) for k, v in sel.items() if k not in ("drop", "body_drop")},
        drop=_sels(sel["drop"]),
        body_drop=_sels(sel["body_drop"]),
        date_meta=tuple(x.lower() for x in dt["meta"]),
        last_meta=tuple(x.lower() for x in dt["last_resort_meta"]),
        date_labels=re.compile("(?:" + "|".join(_alt([x]) for x in labels) + r")[ \t\u200c]*[:：]"),
        date_words=re.compile("|".join(re.escape(w) for w in dt["element_words"]), re.I),
        never_words=re.compile("|".join(re.escape(w) for w in dt["never_words"]), re.I),
        never_tokens=frozenset(dt.get("never_tokens", [])),
        comment_rules=tuple(name_key(x) for x in flt["comment_rules"]),
        related=frozenset(name_key(x) for x in flt["related"])
        | frozenset(k for k, section in _words().chrome.items() if section),
        furniture=tuple(re.compile(x) for x in flt["furniture"]),
        site_words=tuple(name_key(x) for x in d["titles"]["site_words"]),
        end=re.compile(rf"(?:^|(?<=[\s.!؟?»)\]*/\-–—]))[\s*/\-–—]*(?P<marker>{_alt(ends)})"
                       rf"(?:[ \t\u200c]*[/\-–—:]+[ \t]*(?P<code>[^\s/]{{1,12}}(?:[ \t]*/[ \t]*[^\s/]{{1,12}})*))?"
                       r"[\s*/\-–—.]*$"),
    )


def _scraped_rows(kind: str) -> list[tuple[str, str]]:
    rows = []
    for line in data_path("scraped_text.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 2 and cells[0] == kind:
            rows.append((cells[1], cells[2] if len(cells) > 2 else ""))
    return rows


# --- decoding -------------------------------------------------------------------

def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _persian_share(text: str) -> float:
    letters = _LETTER.findall(text[:40000])
    return len(_ARABIC.findall(text[:40000])) / len(letters) if letters else 0.0


def decode_html(data: bytes | str, content_type: str | None = None, source: str = "") -> tuple[str, str, list[str]]:
    """``(text, encoding, notes)`` of an HTML page; raises ParseError R208 when no charset reads it."""
    if isinstance(data, str):
        return data, "str", []
    if not data.strip():
        raise ParseError("empty HTML document", source, code="R207")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig", []
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace"), "utf-16", []
    declared = None
    if content_type:
        m = re.search(r"charset\s*=\s*([^\s;]+)", content_type, re.I)
        declared = _codec(m.group(1)) if m else None
    if declared is None:
        m = _META_CHARSET.search(data[:16384])
        declared = _codec(m.group(1).decode("ascii", "ignore")) if m else None
    notes: list[str] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if declared not in (None, "utf-8", "ascii"):
            notes.append(f"charset declared as {declared} but the bytes are UTF-8: read as UTF-8")
        return text, "utf-8", notes
    tried: list[tuple[float, str, str]] = []
    for enc in dict.fromkeys(e for e in (declared, "cp1256") if e and e != "utf-8"):
        try:
            cand = data.decode(enc)
        except UnicodeDecodeError:
            continue
        tried.append((_persian_share(cand), enc, cand))
    persian = [t for t in tried if t[0] > 0.3]
    if persian:
        share, enc, cand = persian[0]
        if declared and enc != declared:
            notes.append(f"charset declared as {declared} but the bytes are {enc}: read as {enc}")
        return cand, enc, notes
    loose = data.decode("utf-8", "replace")
    if loose.count("\ufffd") <= max(2, len(loose) // 1000):
        notes.append("a few bytes are not valid UTF-8: replaced")
        return loose, "utf-8", notes
    if tried and tried[0][1] == declared:
        return tried[0][2], declared, notes
    raise ParseError(f"cannot decode the page: not UTF-8, not {declared or 'a declared charset'}, "
                     "not Persian windows-1256", source, code="R208")


# --- text of elements ---------------------------------------------------------------

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


# --- page metadata ------------------------------------------------------------------

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


# --- family detection and selection ----------------------------------------------------

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


# --- dates ------------------------------------------------------------------------------

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
    if title_el is not None and len(found) > 1:
        order = _order(page.doc)
        t = order.get(title_el, 0)
        found.sort(key=lambda f: abs(order.get(f[0], 0) - t))
    el, txt, pt = found[0]
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
    if title_el is not None and len(found) > 1:
        order = _order(page.doc)
        t = order.get(title_el, 0)
        found.sort(key=lambda f: abs(order.get(f[0], 0) - t))
    return _DateCand(3, "date line", found[0][1], found[0][2])


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


# --- news id, agency, title ----------------------------------------------------------

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


# --- body ---------------------------------------------------------------------------

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


# --- the reader ------------------------------------------------------------------------

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

    # raw + layout, as records.py does
    parts = [(f, fields[f]) for f in ("surtitle", "title", "lead") if fields.get(f)] + [("body", p) for p in body]
    raw = ""
    layout: dict[str, list[Span]] = {}
    for f, value in parts:
        if raw:
            raw += "\n\n"
        layout.setdefault(f, []).append((len(raw), len(raw) + len(value)))
        raw += value
    art = Article(source=source, raw=raw, layout=layout)
    for f in ("surtitle", "title", "lead"):
        if f in layout:
            setattr(art, f, raw[slice(*layout[f][0])])
    art.body = [raw[s:e] for s, e in layout.get("body", [])]
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
