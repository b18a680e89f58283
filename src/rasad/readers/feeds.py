"""RSS and Atom feeds → articles, one per item (via feedparser).

An item's fields map onto the :class:`~rasad.article.Article` record: title →
``title``; summary/description → ``lead``; content (``content:encoded``, Atom
``<content>``) → ``body`` paragraphs; link → ``url``; published (or updated)
→ ``published`` (feedparser reads it as UTC; written as ISO 8601 with the
Tehran offset) — a date feedparser cannot read (a Jalali ``pubDate``) is kept
in ``published_jalali`` for the dates stage; categories → ``tags``; author →
``author``. HTML in these fields is reduced to text, one paragraph per block
element or ``<br>``. When the summary is the content (Atom feeds without a
summary), there is no lead. The record is then built like a JSON record
(:func:`rasad.readers.records.read_record`: agency from a lead prefix, the
dateline or the site; news id from the URL). Sources are
``Source(path, "feed", index)``, index being the 0-based item position.

With ``follow``, each item's link is fetched through it and the page
extracted with :func:`rasad.readers.html.read_html`; the item's fields fill
what the page lacks. A failed fetch is one error for that item; a page with
no article falls back to the item alone, with a note.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

from ..agencies import match_agency
from ..article import Article, Source
from ..dates import tehran_iso
from ..errors import ParseError, RasadError, StageError
from .records import read_record

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S | re.I)
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)[\s>/]")

Follow = Callable[[str], Any]  # url -> bytes, or an object with .body (and .content_type, .final_url)


def looks_like_feed(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a document) is an RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom feed."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    head = head.lstrip(b"\xef\xbb\xbf")
    m = _ROOT.match(head, _PROLOG.match(head).end())
    if not m:
        return False
    if m.group(1) == b"RDF":
        return b"purl.org/rss" in head[:4096] or b"<channel" in head[:8192]
    return True


def is_feed_type(content_type: str | None) -> bool:
    """True for feed media types (``application/rss+xml``, ``application/atom+xml`` …)."""
    return (content_type or "").split(";")[0].strip().lower() in FEED_TYPES


def iter_feed(data: bytes, source_path: str, follow: Follow | None = None, *,
              base_url: str | None = None) -> Iterator[Article | RasadError]:
    """Articles from the items of an RSS/Atom feed, or an error per item that fails.

    ``base_url`` resolves relative links (default: ``source_path`` when it is
    an http(s) URL). ``follow(url)`` returns the linked page as bytes (or as an
    object with ``body``, ``content_type`` and ``final_url``, such as a
    :class:`rasad.store.pages.Page`) or raises.
    """
    import feedparser

    if base_url is None and re.match(r"https?://", source_path):
        base_url = source_path
    headers = {"content-location": base_url} if base_url else {}
    try:
        feed = feedparser.parse(data, response_headers=headers)
    except Exception as e:  # feedparser is lenient; anything escaping it is a bad document
        yield ParseError(f"unreadable feed: {type(e).__name__}: {e}", source_path, code="R210")
        return
    if not feed.get("version") and not feed.entries:
        why = f" ({_reason(feed.get('bozo_exception'))})" if feed.get("bozo") else ""
        yield ParseError(f"not an RSS or Atom feed{why}", source_path, code="R210")
        return
    channel = feed.get("feed", {})
    feed_agency = match_agency(_text(channel.get("title") or "")[:80]) if channel.get("title") else None
    for i, entry in enumerate(feed.entries):
        source = Source(source_path, "feed", i)
        item = _item_article(entry, source, feed_agency)
        link = entry.get("link")
        if follow is None or not link:
            yield item
            continue
        yield _followed(link, follow, source, item)


def _item_article(entry: Any, source: Source, feed_agency: str | None) -> Article | RasadError:
    title = _text(entry.get("title") or "")
    summary = _paragraphs(entry.get("summary") or "")
    content: list[str] = []
    for part in entry.get("content") or []:
        content += _paragraphs(part.get("value") or "")
    lead = " ".join(summary) or None
    if content and summary:
        if _same(summary, content):
            lead = None  # the "summary" is the content (Atom without a summary)
        elif _same(summary[:1], content[:1]) and len(content) > 1:
            content = content[1:]  # the lead is repeated as the first paragraph
    elif not content and len(summary) > 1:
        lead, content = summary[0], summary[1:]
    tags = [t for t in (_text(tag.get("term") or tag.get("label") or "") for tag in entry.get("tags") or []) if t]
    rec: dict[str, Any] = {"title": title, "lead": lead, "body": content, "url": entry.get("link"), "tags": tags,
                           "author": _text(entry.get("author") or "") or None}
    try:
        art = read_record(rec, source)
    except RasadError as e:
        e.source = e.source or source.ref
        return e
    except (TypeError, ValueError) as e:
        return ParseError(f"bad feed item: {e}", source.ref, code="R211")
    art.agency = art.agency or feed_agency
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    shown = entry.get("published") or entry.get("updated")
    if parsed and _plausible(parsed, shown):
        art.published = tehran_iso(datetime.fromtimestamp(calendar.timegm(parsed), UTC))
    elif shown:
        art.published_jalali = shown.strip()  # a date feedparser cannot read (often Jalali): the dates stage will
    return art


def _plausible(parsed: Any, shown: str | None) -> bool:
    """feedparser's reading of a date, unless it read a Jalali date («۱۴۰۲/۰۷/۱۳») as a Gregorian one."""
    if shown and re.search("[\u0600-\u06ff]", shown):
        return False
    return 1900 <= parsed.tm_year <= datetime.now(UTC).year + 1


def _followed(link: str, follow: Follow, source: Source, item: Article | RasadError) -> Article | RasadError:
    from .html import read_html

    try:
        got = follow(link)
    except RasadError as e:
        return _for_item(e, link, source)
    except Exception as e:  # a caller's fetch function may raise anything
        from ..fetch import FetchError

        return FetchError(f"{link}: fetch failed: {type(e).__name__}: {e}", source.ref, code="R406")
    body, content_type, url = (got, None, link) if isinstance(got, (bytes, bytearray)) else (
        got.body, getattr(got, "content_type", None), getattr(got, "final_url", None) or link)
    try:
        page = read_html(bytes(body), source, url=url, content_type=content_type)
    except RasadError as e:
        if isinstance(item, Article):
            item.notes.append(f"linked page not extracted: {e}")
            return item
        return _for_item(e, link, source)
    except Exception as e:
        return StageError(f"{link}: HTML reader failed: {type(e).__name__}: {e}", source.ref, code="R901",
                          stage="read")
    if isinstance(item, Article):
        _fill(page, item)
    page.url = page.url or url
    return page


def _fill(page: Article, item: Article) -> None:
    """Item fields fill what the page lacks."""
    for name in ("title", "lead", "author", "agency", "news_id", "url", "desk"):
        if not getattr(page, name) and getattr(item, name):
            setattr(page, name, getattr(item, name))
    if not page.body and item.body:
        page.body = list(item.body)
    if not page.tags and item.tags:
        page.tags = list(item.tags)
    if not page.published and not page.published_jalali:
        page.published, page.published_jalali = item.published, item.published_jalali


def _for_item(e: RasadError, link: str, source: Source) -> RasadError:
    """The same error, filed under the feed item (so a later success clears it)."""
    reason = e.reason if link in e.reason else f"{link}: {e.reason}"
    try:
        return type(e)(reason, source.ref, code=e.code, stage=e.stage or None)
    except TypeError:
        return RasadError(reason, source.ref, code=e.code, stage=e.stage or None)


def _reason(e: Any) -> str:
    return " ".join(str(e).split())[:200] if e else "unknown reason"


class _Text(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr",
             "section", "article", "figure", "figcaption", "hr", "pre"}
    SKIP = {"script", "style", "noscript", "iframe"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[list[str]] = [[]]
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append([])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCK:
            self.parts.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append([])

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts[-1].append(data)


def _paragraphs(html: str) -> list[str]:
    """Text paragraphs of an HTML (or plain text) fragment."""
    if "<" not in html and "&" not in html:
        return [p for p in (" ".join(s.split()) for s in re.split(r"\n\s*\n", html)) if p]
    parser = _Text()
    parser.feed(html)
    parser.close()
    return [p for p in (" ".join("".join(part).split()) for part in parser.parts) if p]


def _text(html: str) -> str:
    return " ".join(_paragraphs(html))


def _same(a: list[str], b: list[str]) -> bool:
    def squash(x: list[str]) -> str:
        return re.sub(r"[\W_]+", "", " ".join(x)).rstrip(".…")

    return bool(a) and squash(a) == squash(b)


__all__ = ["FEED_TYPES", "is_feed_type", "iter_feed", "looks_like_feed"]
