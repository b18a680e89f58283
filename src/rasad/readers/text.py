"""Plain scraped news text (the seed's family) → :class:`~rasad.article.Article`.

:func:`read_text` does not normalize: every field is ``raw[s:e]`` (stripped)
and ``layout`` holds those spans over ``raw``. Words and labels come from
``data/scraped_text.tsv``, agencies from ``data/agencies.tsv``.

How a text is read:

1. Each line is classified: chrome (dropped), end marker («پایان پیام/ 161»,
   also at the end of the last paragraph), metadata («LABEL: value», the
   value maybe on the next lines; several labels may share a line), an
   unlabelled date line, a line that only names an agency, or content.
2. The body starts at the first of the first ten content lines, with only
   headline-like lines above it, that opens with «به گزارش» or has it glued
   after a copy of the title or lead («…در منطقه شودبه گزارش…»: the copy is
   dropped); else at one that opens with an agency prefix («تهران- ایرنا-»,
   «ایسنا/»); else after a metadata block below the header; else after the
   title.
3. Content lines before the body are the header, read from the end: the lead
   (only when it reads like a sentence: ends with «.» or has 25+ words), the
   title, the surtitle. More lines are dropped as chrome (with a note).
4. The body is one paragraph per non-blank line up to the end marker or a
   chrome list heading («نظر شما», «آخرین اخبار»); later content is chrome.
   A title or lead repeated at the top of the body is dropped.
5. Agency and desk come from the dateline of the first paragraph, else an
   agency prefix of the lead, «گفت‌وگو با ایسنا», a line naming an agency, or
   the domain of a URL label or of ``source.path``.

Conventions:

- ``surtitle`` drops its trailing colon («امیرعبداللهیان در دیدار خلف اف»).
- ``desk`` is «گروه X» when the dateline has one, else «سرویس X», else None.
  X is at most three words and ends before the agency or a ``desk_stop`` word.
- ``end_marker`` is the code after the marker in ASCII digits ('161'); with no
  code, the marker text itself («انتهای پیام»). ``layout["end_marker"]`` spans
  the code, or the marker. ``news_id`` has ASCII digits, letters kept.
- ``published_jalali`` is the date as shown without its Gregorian part
  (``layout["published"]``); that part is in ``layout["published_gregorian"]``.
- Extra layout keys: ``agency`` (the mention), ``tags``, ``author``, ``url``,
  ``credit`` («منبع:»), ``duplicate`` (dropped copies of the title or lead).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..agencies import agency_for_domain, locate_agency, match_agency, name_key
from ..article import Article, Source
from ..data import data_path

Span = tuple[int, int]

_STRIP = " \t\r\n\f\v\u00a0\u200b\u200c\u200d\u200e\u200f\u202f\ufeff"
_SEPS = _STRIP + "-–—|/،,:؛*•"
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_D = "0-9۰-۹٠-٩"
_CODE = rf"[{_D}A-Za-z]+(?:[ \t]*/[ \t]*[{_D}A-Za-z]+)*"
_BY_REPORT = re.compile(r"به[ \u200c]*گزارش(?=[\s\u200c،,:؛]|$)")
_CLAUSE_END = re.compile(r"[،,؛:]")
_TALK = re.compile(r"گفت[ \u200c]*و[ \u200c]*گو[ \u200c]+با[ \u200c]+")
_DESK = re.compile(r"(?<![^\s\u200c])(گروه|سرویس)[ \u200c]+")
_WORDS = re.compile(r"[^\s\u200c،؛,:;«»\"'()\[\]\-–—/|.!؟?]+")
_PREFIX_SEG = re.compile(r"[ \t]*([^\-–—/:|\n.،«»]{1,40}?)[ \t]*([\-–—/:|])")
_URL = re.compile(r"https?://[^\s«»\"'<>]+")
_NEWS_ID = re.compile(rf"[{_D}A-Za-z][{_D}A-Za-z/_\-]*")
_DATE_TOKEN = re.compile(rf"[{_D}]+|[^\W\d_]+")
_NUMERIC_DATE = re.compile(rf"[{_D}]{{2,4}}\s*[/\-.]\s*[{_D}]{{1,2}}\s*[/\-.]\s*[{_D}]{{1,4}}")
_SENTENCE_END = ".!…"
_NO_GLUE = "،,:؛"


@dataclass
class _Line:
    start: int
    end: int
    kind: str = "content"  # blank chrome section end meta date site content


@dataclass(frozen=True)
class _Words:
    chrome: dict[str, bool]  # key -> is a list heading
    end: re.Pattern[str]
    labels: re.Pattern[str]
    label_field: dict[str, str]  # key -> field
    jalali: frozenset[str]
    date_words: frozenset[str]
    gregorian: re.Pattern[str]
    desk_stops: frozenset[str]


def _flex(text: str) -> str:
    """Regex for a word list entry: spaces/ZWNJ optional, ي/ك allowed."""
    out = []
    for ch in text:
        if ch in " \u200c":
            out.append("[ \t\u200c]*")
        elif ch in "یي":
            out.append("[یيى]")
        elif ch in "کك":
            out.append("[کك]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alt(items: list[str]) -> str:
    return "|".join(_flex(t) for t in sorted(items, key=len, reverse=True))


@lru_cache(maxsize=1)
def _words() -> _Words:
    rows: dict[str, list[tuple[str, str]]] = {}
    for line in data_path("scraped_text.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cells = line.split("\t") + [""]
            rows.setdefault(cells[0], []).append((cells[1], cells[2]))
    labels = rows.get("label", [])
    greg = _alt([t for t, _ in rows.get("gregorian_month", [])])
    dw = [w for kind in ("weekday", "date_word", "jalali_month", "gregorian_month")
          for t, _ in rows.get(kind, []) for w in _DATE_TOKEN.findall(t)]
    return _Words(
        chrome={name_key(t): f == "section" for t, f in rows.get("chrome", [])},
        end=re.compile(
            rf"(?:^|(?<=[\s.!؟?»)\]*/\-–—]))[\s*/\-–—]*(?P<marker>{_alt([t for t, _ in rows.get('end', [])])})"
            rf"(?:[ \t\u200c]*[/\-–—:]*[ \t]*(?P<code>{_CODE}))?[\s*/\-–—.]*$"),
        labels=re.compile(rf"(?P<label>{_alt([t for t, _ in labels])})(?![^\W\d_])[ \t\u200c]*(?P<colon>[:：])?"),
        label_field={name_key(t): f for t, f in labels},
        jalali=frozenset(name_key(t) for t, _ in rows.get("jalali_month", [])),
        date_words=frozenset(name_key(w) for w in dw),
        gregorian=re.compile(rf"[{_D}]{{1,2}}[ \t]*(?:{greg})[ \t]*,?[ \t]*[{_D}]{{4}}"
                             rf"|(?:{greg})[ \t]*[{_D}]{{1,2}}[ \t]*,?[ \t]*[{_D}]{{4}}"
                             rf"|(?<![{_D}])(?:19|20|۱۹|۲۰)[{_D}]{{2}}[/\-][{_D}]{{1,2}}[/\-][{_D}]{{1,2}}",
                             re.IGNORECASE),
        desk_stops=frozenset(name_key(t) for t, _ in rows.get("desk_stop", [])),
    )


# --- small span helpers -------------------------------------------------------

def _strip(raw: str, s: int, e: int, chars: str = _STRIP) -> Span:
    while s < e and raw[s] in chars:
        s += 1
    while e > s and raw[e - 1] in chars:
        e -= 1
    return s, e


def _lines(raw: str) -> list[_Line]:
    out = []
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n|$", raw):
        s, e = _strip(raw, pos, m.start())
        out.append(_Line(s, e, "content" if s < e else "blank"))
        pos = m.end()
        if m.end() == len(raw):
            break
    return out


def _loose(text: str) -> str:
    """Comparison key that also ignores punctuation."""
    return re.sub(r"[\W_]", "", name_key(text))


def _loose_map(raw: str, s: int, e: int) -> tuple[str, list[int]]:
    """Loose key of raw[s:e] and, for each of its characters, the raw index."""
    chars: list[str] = []
    index: list[int] = []
    for i in range(s, e):
        for c in _loose(raw[i]):
            chars.append(c)
            index.append(i)
    return "".join(chars), index


def _n_words(text: str) -> int:
    return len(text.split())


# --- line classification ------------------------------------------------------

@dataclass
class _Meta:
    news_id: Span | None = None
    published: Span | None = None
    gregorian: Span | None = None
    author: Span | None = None
    tags: list[Span] | None = None
    url: Span | None = None
    credit: Span | None = None
    site: tuple[str, Span] | None = None
    date_lines: list[tuple[int, Span | None]] = field(default_factory=list)  # unlabelled dates


def _date_parts(raw: str, s: int, e: int) -> tuple[Span | None, Span | None]:
    """(Jalali part, Gregorian part) of a date value."""
    g = _words().gregorian.search(raw, s, e)
    if not g:
        return (s, e), None
    before = _strip(raw, s, g.start(), _SEPS)
    after = _strip(raw, g.end(), e, _SEPS)
    jal = before if before[0] < before[1] else after if after[0] < after[1] else None
    return jal, (g.start(), g.end())


def _is_date_line(text: str) -> bool:
    w = _words()
    if _n_words(text) > 12 or not re.search(f"[{_D}]{{2}}", text):
        return False
    tokens = _DATE_TOKEN.findall(text)
    if not all(t[0] in "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩" or name_key(t) in w.date_words for t in tokens):
        return False
    return any(name_key(t) in w.jalali for t in tokens) or bool(_NUMERIC_DATE.search(text))


def _label_at(raw: str, pos: int, end: int) -> tuple[str, int, bool] | None:
    """A metadata label starting at pos: (field, end of label incl. colon, has colon)."""
    m = _words().labels.match(raw, pos, end)
    if not m:
        return None
    return _words().label_field.get(name_key(m.group("label")), ""), m.end(), bool(m.group("colon"))


def _parse_value(raw: str, field: str, s: int, e: int, meta: _Meta) -> bool:
    """Store a label's value in meta; False when it is not a plausible value."""
    text = raw[s:e]
    if field == "news_id":
        m = _NEWS_ID.match(text)
        if not m or not re.search(f"[{_D}]", m.group()):
            return False
        meta.news_id = meta.news_id or (s, s + m.end())
    elif field == "published":
        if not re.search(f"[{_D}]", text):
            return False
        if meta.published is None and meta.gregorian is None:
            meta.published, meta.gregorian = _date_parts(raw, s, e)
    elif field == "author":
        if _n_words(text) > 5 or any(c in text for c in ".?؟!:«"):
            return False
        meta.author = meta.author or (s, e)
    elif field == "tags":
        tags = meta.tags if meta.tags is not None else []
        pos = s
        for m in re.finditer(r"[،,؛;|#]|\s[-–—]\s|$", text):
            t = _strip(raw, pos, s + m.start(), _SEPS)
            if t[0] < t[1]:
                tags.append(t)
            pos = s + m.end()
        meta.tags = tags
    elif field == "url":
        m = _URL.search(text)
        if not m:
            return False
        meta.url = meta.url or (s + m.start(), s + m.end())
    elif field == "source":
        meta.credit = meta.credit or (s, e)
    return True


def _meta_line(raw: str, lines: list[_Line], i: int, meta: _Meta) -> bool:
    """Parse lines[i] as metadata (may consume following lines); False if it is not."""
    ln = lines[i]
    found = _label_at(raw, ln.start, ln.end)
    if not found:
        return False
    field, pos, colon = found
    value_s, value_e = _strip(raw, pos, ln.end)
    if value_s == value_e:  # label alone: value on the next line(s), tags one per line
        j = i + 1
        while j < len(lines) and lines[j].kind == "blank":
            j += 1
        taken = []
        while j < len(lines) and lines[j].kind == "content" and not _label_at(raw, lines[j].start, lines[j].end):
            if field == "tags" and taken and _n_words(raw[lines[j].start:lines[j].end]) > 6:
                break
            taken.append(j)
            if field != "tags":
                break
            j += 1
        if not taken or not all(_parse_value(raw, field, lines[j].start, lines[j].end, meta) for j in taken):
            return False
        for j in taken:
            lines[j].kind = "meta"
        return True
    if not colon and field != "news_id":
        return False
    # several labels on one line: «کد خبر: ۱۲ | تاریخ انتشار: …»
    segments = []
    cur_field, cur_s = field, value_s
    for sep in re.finditer(r"[ \t]*(?:[|•]|\s[-–—]\s)[ \t]*", raw[value_s:ln.end]):
        nxt = _label_at(raw, value_s + sep.end(), ln.end)
        if nxt and nxt[2]:
            segments.append((cur_field, cur_s, value_s + sep.start()))
            cur_field, cur_s = nxt[0], nxt[1]
    segments.append((cur_field, cur_s, ln.end))
    for f, s, e in segments:
        s, e = _strip(raw, s, e)
        if s == e or not _parse_value(raw, f, s, e, meta):
            return False
    return True


def _classify(raw: str, lines: list[_Line], meta: _Meta) -> dict[int, Span]:
    """Set each line's kind; returns the end markers met, by line index."""
    w = _words()
    ends: dict[int, Span] = {}
    for i, ln in enumerate(lines):  # first chrome and end markers, so metadata values never take them
        if ln.kind != "content":
            continue
        text = raw[ln.start:ln.end]
        if len(text) <= 60:
            section = w.chrome.get(name_key(text), w.chrome.get(name_key(text.strip(_SEPS))))
            if section is not None:
                ln.kind = "section" if section else "chrome"
                continue
        m = w.end.search(text)
        if not m:
            continue
        before = text[:m.start()].rstrip(_STRIP)
        if not before:
            ln.kind = "end"
        elif before[-1] in ".!؟?»)" or "/" in text[m.start():m.start("marker")]:
            ln.end = ln.start + len(before)  # marker closing the last paragraph
        else:
            continue
        ends[i] = (ln.start + m.start(), ln.start + m.end())
    for i, ln in enumerate(lines):
        if ln.kind != "content":
            continue
        text = raw[ln.start:ln.end]
        if _meta_line(raw, lines, i, meta):
            ln.kind = "meta"
        elif _is_date_line(text):
            ln.kind = "date"
            meta.date_lines.append((i, _date_parts(raw, ln.start, ln.end)[0]))
        elif len(text) <= 60 and match_agency(text):
            ln.kind = "site"
            meta.site = meta.site or (match_agency(text) or "", (ln.start, ln.end))
    return ends


# --- header and body ----------------------------------------------------------

def _prefix_dateline(raw: str, s: int, e: int) -> tuple[Span, tuple[str, Span], Span | None] | None:
    """«تهران- ایرنا- …», «ایسنا/ …», «خبرگزاری مهر - گروه سیاسی: …» at raw[s:]."""
    pos = s
    for _ in range(3):
        m = _PREFIX_SEG.match(raw, pos, e)
        if not m or _n_words(m.group(1)) > 4:
            return None
        seg_s, seg_e = m.span(1)
        inner = re.search(r"\(([^)]+)\)", m.group(1))
        agency = match_agency(m.group(1))
        span = (seg_s, seg_e)
        if not agency and inner:
            agency = match_agency(inner.group(1))
            span = (seg_s + inner.start(1), seg_s + inner.end(1))
        pos = m.end()
        if agency:
            desk = None
            d = _PREFIX_SEG.match(raw, pos, e)
            if d and _DESK.match(d.group(1)) and _n_words(d.group(1)) <= 4:
                desk, pos = d.span(1), d.end()
            return (s, pos), (agency, _strip(raw, *span)), desk
    return None


def _dateline(raw: str, s: int, e: int, anywhere: bool = False):
    """«به گزارش … ،» at raw[s:] (or anywhere in raw[s:e]): (span, (agency, span) | None, desk span | None)."""
    m = _BY_REPORT.search(raw, s, e) if anywhere else _BY_REPORT.match(raw, s, e)
    if not m:
        return None
    t = _CLAUSE_END.search(raw, m.end(), min(e, m.end() + 160))
    stop = t.start() if t and "." not in raw[m.end():t.start()] else min(e, m.end() + 120)
    found = locate_agency(raw[m.end():stop])
    agency = (found[0], (m.end() + found[1], m.end() + found[2])) if found else None
    if t and stop == t.start():
        span = (m.start(), t.end())
    elif agency:
        span = (m.start(), agency[1][1])
    else:
        return None
    return span, agency, _desk(raw, m.end(), stop, agency[1][0] if agency else stop)


def _desk(raw: str, s: int, e: int, limit: int) -> Span | None:
    stops = _words().desk_stops
    for kind in ("گروه", "سرویس"):
        for m in _DESK.finditer(raw, s, e):
            if m.group(1) != kind or m.start() >= limit:
                continue
            end = None
            for n, w in enumerate(re.finditer(r"[^\s،؛,:;«»()]+", raw[m.end():limit])):
                if n >= 3 or name_key(w.group()) in stops:
                    break
                end = m.end() + w.end()
            if end:
                return m.start(), end
    return None


def _sentence_like(text: str) -> bool:
    return text.rstrip("»\")'” ")[-1:] in _SENTENCE_END or _n_words(text) >= 25


def _header_like(raw: str, lines: list[_Line], header: list[int]) -> bool:
    """Could these lines all sit above the body? Only the last (the lead) may be a long sentence."""
    texts = [raw[lines[i].start:lines[i].end] for i in header[:-1]]
    return all(_n_words(t) <= 30 for t in texts) and sum(_sentence_like(t) for t in texts) <= 1


def _body_start(raw: str, lines: list[_Line], content: list[int]) -> tuple[int, int, Span | None]:
    """(index into content, raw start of the body, glued text before «به گزارش»)."""
    window = content[:10]
    for k, i in enumerate(window):
        ln = lines[i]
        m = _BY_REPORT.search(raw, ln.start, ln.end)
        if not m or not _header_like(raw, lines, content[:k]):
            continue
        if m.start() == ln.start:
            return k, ln.start, None
        pre = _strip(raw, ln.start, m.start())
        pre_text = raw[pre[0]:pre[1]]
        glued = m.start() == pre[1] and pre_text[-1] not in _NO_GLUE
        earlier = "".join(_loose(raw[lines[j].start:lines[j].end]) for j in content[:k])
        copy = len(_loose(pre_text)) >= 8 and _loose(pre_text) in earlier
        if _n_words(pre_text) <= 25 and (glued or copy):
            return k, m.start(), pre
    for k, i in enumerate(window):
        if _header_like(raw, lines, content[:k]) and _prefix_dateline(raw, lines[i].start, lines[i].end):
            return k, lines[i].start, None
    seen = 0
    for ln in lines:
        if ln.kind == "content":
            seen += 1
        elif ln.kind in ("meta", "date") and 1 <= seen <= 4 and seen < len(content):
            k = seen
            return k, lines[content[k]].start, None
    first = raw[lines[content[0]].start:lines[content[0]].end]
    if _sentence_like(first) and _n_words(first) > 30:
        k = 0  # no header at all
    else:
        k = min(2 if first.endswith((":", "：")) and len(content) > 2 else 1, len(content))
    return k, (lines[content[k]].start if k < len(content) else len(raw)), None


def _copy_end(raw: str, s: int, e: int, copies: list[str]) -> int | None:
    """Raw end of a title/lead copy at the start of raw[s:e], or None."""
    key, index = _loose_map(raw, s, e)
    best = None
    for c in copies:
        if c and len(c) >= 8 and key.startswith(c):
            best = max(best or 0, index[len(c) - 1] + 1)
    return best


def read_text(raw: str, source: Source) -> Article:
    """Read one article of plain scraped text; raises ValueError if there is none."""
    if not raw.strip(_STRIP):
        raise ValueError("empty text")
    lines = _lines(raw)
    meta = _Meta()
    ends = _classify(raw, lines, meta)
    content = [i for i, ln in enumerate(lines) if ln.kind == "content"]
    if not content:
        raise ValueError("no article text: only site chrome, metadata or end markers")

    art = Article(source=source, raw=raw)
    layout: dict[str, list[Span]] = {}
    k, body_from, glued = _body_start(raw, lines, content)
    _header(raw, [(lines[i].start, lines[i].end) for i in content[:k]], glued, layout, art)
    first = content[k] if k < len(content) else len(lines)
    closed_at = _body(raw, lines, ends, first, body_from, layout)
    for i in range(first):  # chrome above the body
        if lines[i].kind in ("chrome", "section", "site"):
            layout.setdefault("chrome", []).append((lines[i].start, lines[i].end))
    if "chrome" in layout:
        layout["chrome"].sort()
    meta.date_lines = [d for d in meta.date_lines if d[0] < closed_at]
    _fill_agency(raw, art, layout, meta, source)
    _fill_meta(raw, layout, meta)

    for f in ("surtitle", "title", "lead", "desk", "author", "url"):
        if f in layout:
            setattr(art, f, raw[slice(*layout[f][0])])
    art.body = [raw[s:e] for s, e in layout.get("body", [])]
    art.tags = [raw[s:e] for s, e in layout.get("tags", [])]
    if "news_id" in layout:
        art.news_id = raw[slice(*layout["news_id"][0])].translate(_DIGITS)
    if "published" in layout:
        art.published_jalali = raw[slice(*layout["published"][0])]
    if "end_marker" in layout:
        art.end_marker = raw[slice(*layout["end_marker"][0])].translate(_DIGITS)
    art.layout = layout
    if not art.body:
        art.notes.append("no body found")
    if not art.title:
        art.notes.append("no title found")
    return art


def _header(raw: str, header: list[Span], glued: Span | None, layout: dict[str, list[Span]], art: Article) -> None:
    """Lead, title and surtitle from the lines above the body, read from the end."""
    if glued and not header:  # the only headline is the one glued to the body
        header, glued = [glued], None
    kept: list[Span] = []
    for h in header:
        if any(_loose(raw[h[0]:h[1]]) == _loose(raw[x[0]:x[1]]) for x in kept):
            layout.setdefault("duplicate", []).append(h)
        else:
            kept.append(h)
    if glued:
        layout.setdefault("duplicate", []).append(glued)
    if len(kept) >= 2 and _sentence_like(raw[slice(*kept[-1])]) \
            and not (len(kept) == 2 and raw[slice(*kept[0])].endswith((":", "："))):
        layout["lead"] = [kept.pop()]
    if kept:
        layout["title"] = [kept.pop()]
    if kept:
        layout["surtitle"] = [_strip(raw, *kept.pop(), _STRIP + ":：")]
    if kept:
        layout.setdefault("chrome", []).extend(kept)
        art.notes.append(f"{len(kept)} line(s) above the surtitle dropped as chrome")


def _body(raw: str, lines: list[_Line], ends: dict[int, Span], first: int, body_from: int,
          layout: dict[str, list[Span]]) -> int:
    """Body paragraphs, end marker and trailing chrome; returns the line index where the article closed."""
    copies = [_loose(raw[slice(*layout[f][0])]) for f in ("title", "lead") if f in layout]
    body: list[Span] = []
    closed_at = len(lines)
    for i in range(first, len(lines)):
        ln = lines[i]
        closed = closed_at < i
        if ln.kind in ("blank", "meta", "site"):
            continue
        if ln.kind == "end" or (i in ends and not closed and body):
            if not closed and body and "end_marker" not in layout:
                m = _words().end.search(raw, *ends[i])
                if m:
                    layout["end_marker"] = [m.span("code") if m.group("code") else m.span("marker")]
                    closed_at = i
            if ln.kind == "end":
                continue
        if ln.kind in ("chrome", "section") or (closed and ln.kind in ("content", "date")):
            layout.setdefault("chrome", []).append((ln.start, ln.end))
            if ln.kind == "section" and body and not closed:
                closed_at = i
            continue
        if ln.kind != "content":
            continue
        s = max(ln.start, body_from)
        while not body and s < ln.end:  # a title or lead repeated at the top of the body
            cut = _copy_end(raw, s, ln.end, copies)
            if cut is None:
                break
            layout.setdefault("duplicate", []).append((s, cut))
            s = _strip(raw, cut, ln.end)[0]
        if s < ln.end:
            body.append((s, ln.end))
        if i in ends and "end_marker" not in layout:  # marker closing the first paragraph
            m = _words().end.search(raw, *ends[i])
            if m:
                layout["end_marker"] = [m.span("code") if m.group("code") else m.span("marker")]
                closed_at = i
    # a last line that is only a code («۶۱۵۵/ ۱۸۳۶») is the end marker
    if len(body) > 1 and "end_marker" not in layout \
            and re.fullmatch(rf"[\s*]*{_CODE}[\s*]*", raw[slice(*body[-1])]):
        layout["end_marker"] = [_strip(raw, *body.pop(), _STRIP + "*")]
    if body:
        layout["body"] = body
    return closed_at


def _fill_agency(raw: str, art: Article, layout: dict[str, list[Span]], meta: _Meta, source: Source) -> None:
    agency: tuple[str, Span] | None = None
    if "body" in layout:
        s, e = layout["body"][0]
        found = _dateline(raw, s, e) or _prefix_dateline(raw, s, e) or _dateline(raw, s, e, anywhere=True)
        if found:
            span, agency, desk = found
            layout["dateline"] = [span]
            if desk:
                layout["desk"] = [desk]
        if agency is None:
            m = _TALK.search(raw, s, e)
            if m:
                hit = locate_agency(raw[m.end():min(e, m.end() + 60)])
                if hit and _n_words(raw[m.end():m.end() + hit[1]]) <= 4:
                    agency = hit[0], (m.end() + hit[1], m.end() + hit[2])
    if agency is None and "lead" in layout:
        found = _prefix_dateline(raw, *layout["lead"][0])
        if found:
            agency = found[1]
    if agency is None and meta.site:
        agency = meta.site
    if agency:
        art.agency = agency[0]
        layout["agency"] = [agency[1]]
        return
    for where in (raw[slice(*meta.url)] if meta.url else "", source.path):
        if "://" in where:
            art.agency = agency_for_domain(where)
            if art.agency:
                return


def _fill_meta(raw: str, layout: dict[str, list[Span]], meta: _Meta) -> None:
    if meta.news_id:
        layout["news_id"] = [meta.news_id]
    published = meta.published
    if published is None and meta.gregorian is None and meta.date_lines:
        published = meta.date_lines[0][1]
    if published:
        layout["published"] = [published]
    if meta.gregorian:
        layout["published_gregorian"] = [meta.gregorian]
    for f in ("author", "url", "credit"):
        if getattr(meta, f):
            layout[f] = [getattr(meta, f)]
    if meta.tags:
        layout["tags"] = meta.tags
