"""Polite fetching of news pages and feeds (``rasad fetch URL|FEED... [--follow]``).

:class:`PoliteClient` is an ``httpx`` client with a clear User-Agent,
timeouts (connect, read, and a total deadline per response), retries with
exponential backoff on connection errors, timeouts, 5xx and 429 (honouring
``Retry-After`` up to a cap), a delay between requests to the same host, a
response size limit (streamed: the transfer is aborted past it), bounded
redirects (each hop checked: http/https only) — see ``docs/fetch.md``.

:func:`fetch_all` fetches URLs (or reuses the stored copy), stores each raw
page in the ``pages`` table (:mod:`rasad.store.pages`) and turns it into
articles: a feed into its items (with ``follow``, each item's page fetched
through the same client and stored too), an HTML page through
:func:`rasad.readers.html.read_html`. It yields an :class:`Article` or a
:class:`~rasad.errors.RasadError` per item, so a batch never stops.

Errors are :class:`FetchError` (stage ``fetch``): R401 timeout, R402 HTTP
status, R403 too large, R404 too many redirects, R405 bad URL or scheme,
R406 connection failed or broken response, R407 neither HTML nor a feed.
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from . import __version__
from .article import Article, Source
from .errors import RasadError, StageError
from .store.pages import Page, get_page, put_page

USER_AGENT = f"Rasad/{'.'.join(__version__.split('.')[:2])} (Persian news research; contact: see README)"
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
          "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.I)


class FetchError(RasadError):
    """A URL could not be fetched (R4xx). ``status`` is the HTTP status when there was one."""

    code = "R400"
    stage = "fetch"

    def __init__(self, reason: str, source: str = "", *, code: str | None = None, stage: str | None = None,
                 status: int | None = None):
        self.status = status
        super().__init__(reason, source, code=code, stage=stage)


class PoliteClient:
    """A polite HTTP GET client. Use as a context manager or call :meth:`close`.

    Defaults: ``timeout`` 20 s to connect/read/write (``connect_timeout`` 10 s),
    ``total_timeout`` 60 s per response; ``retries`` 3 more attempts with waits
    of ``backoff`` × 2ⁿ seconds (1, 2, 4 …, at most ``max_backoff``), longer
    when the server's ``Retry-After`` asks (up to ``retry_after_cap``, 60 s);
    ``host_delay`` 1 s between the end of one request and the start of the
    next to the same host; ``max_bytes`` 10 MB per body; ``max_redirects`` 5
    (each hop must be http/https and waits its host's turn). ``transport``
    replaces the network (e.g. ``httpx.MockTransport`` in tests); ``sleep``
    and ``clock`` may be replaced too.
    """

    def __init__(self, *, user_agent: str = USER_AGENT, timeout: float = 20.0, connect_timeout: float = 10.0,
                 total_timeout: float = 60.0, retries: int = 3, backoff: float = 1.0, max_backoff: float = 30.0,
                 retry_after_cap: float = 60.0, host_delay: float = 1.0, max_bytes: int = 10 * 1024 * 1024,
                 max_redirects: int = 5, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.user_agent = user_agent
        self.total_timeout = total_timeout
        self.retries = max(0, retries)
        self.backoff, self.max_backoff, self.retry_after_cap = backoff, max_backoff, retry_after_cap
        self.host_delay = host_delay
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.sleep, self.clock = sleep, clock
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept": ACCEPT, "Accept-Language": "fa,en;q=0.5"},
            timeout=httpx.Timeout(timeout, connect=connect_timeout), follow_redirects=False,
            transport=transport, trust_env=False)
        self.requests = 0  # HTTP requests sent (every attempt and redirect hop)

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def __call__(self, url: str) -> Page:
        return self.fetch(url)

    def fetch(self, url: str) -> Page:
        """GET ``url`` following redirects; the page, or raises :class:`FetchError`."""
        current = _check_url(url, url)
        for _hop in range(self.max_redirects + 1):
            status, reason, headers, body = self._get(current, url)
            location = headers.get("location")
            if status in REDIRECT_STATUSES and location:
                current = _check_url(urljoin(current, location.strip()), url, redirect=True)
                continue
            if not 200 <= status < 300:
                raise FetchError(f"HTTP {status} {reason}".strip() + (f" (from {current})" if current != url else ""),
                                 url, code="R402", status=status)
            return Page(url=url, final_url=current, status=status, content_type=headers.get("content-type"),
                        body=body, headers=_header_dict(headers),
                        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"))
        raise FetchError(f"more than {self.max_redirects} redirects (last to {current})", url, code="R404")

    # -- one URL, with retries ---------------------------------------------------
    def _get(self, url: str, asked: str) -> tuple[int, str, httpx.Headers, bytes]:
        host = (urlsplit(url).hostname or "").lower()
        for attempt in range(self.retries + 1):
            last_try = attempt == self.retries
            self._wait_turn(host)
            wait: float | None = None
            try:
                self.requests += 1
                with self._client.stream("GET", url) as resp:
                    status, headers = resp.status_code, resp.headers
                    if (status >= 500 or status == 429) and not last_try:
                        wait = self._retry_wait(attempt, headers.get("retry-after"))
                    elif not 200 <= status < 300:
                        return status, resp.reason_phrase, headers, b""
                    else:
                        return status, resp.reason_phrase, headers, self._read(resp, asked)
            except httpx.TimeoutException as e:
                if last_try:
                    raise FetchError(f"timed out ({_kind(e)}) on {url} after {attempt + 1} attempt(s)", asked,
                                     code="R401") from e
                wait = self._retry_wait(attempt, None)
            except httpx.UnsupportedProtocol as e:
                raise FetchError(f"unsupported URL: {url}", asked, code="R405") from e
            except httpx.InvalidURL as e:
                raise FetchError(f"bad URL {url}: {e}", asked, code="R405") from e
            except (httpx.TransportError, httpx.DecodingError, httpx.TooManyRedirects) as e:
                if last_try or isinstance(e, httpx.DecodingError):
                    raise FetchError(f"connection failed ({_kind(e)}: {e}) on {url} after {attempt + 1} attempt(s)",
                                     asked, code="R406") from e
                wait = self._retry_wait(attempt, None)
            finally:
                with self._lock:
                    self._last[host] = self.clock()
            if wait:
                self.sleep(wait)
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def _read(self, resp: httpx.Response, asked: str) -> bytes:
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"response too large: {int(declared)} bytes declared > {self.max_bytes} limit",
                             asked, code="R403")
        deadline = self.clock() + self.total_timeout
        chunks, size = [], 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"response too large: over {self.max_bytes} bytes (transfer aborted)", asked,
                                 code="R403")
            if self.clock() > deadline:
                raise FetchError(f"timed out: body not received within {self.total_timeout:g} s", asked,
                                 code="R401")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            last = self._last.get(host)
            wait = 0.0 if last is None else last + self.host_delay - self.clock()
            if wait > 0:
                self.sleep(wait)

    def _retry_wait(self, attempt: int, retry_after: str | None) -> float:
        wait = min(self.backoff * 2 ** attempt, self.max_backoff)
        asked = _retry_after_seconds(retry_after)
        if asked is not None:  # the server's wish, up to the cap; never sooner than the backoff
            wait = max(wait, min(asked, self.retry_after_cap))
        return max(0.0, wait)


def fetch_all(urls: Iterable[str], store=None, follow: bool = False, client: PoliteClient | None = None,
              refetch: bool = False, refresh_feeds: bool = True) -> Iterator[Article | RasadError]:
    """Articles from URLs of pages or feeds; an error per URL or item that fails.

    Each URL is fetched (or, unless ``refetch``, read back from ``store`` when
    it was fetched before) and its raw page stored in ``store`` (a
    :class:`rasad.store.Store`, or None to store nothing). A feed gives its
    items (with ``follow``, each item's link is fetched the same way and
    extracted); an HTML page gives one article. A feed named in ``urls`` whose
    stored copy is reused is fetched again when ``refresh_feeds`` (feeds
    change; the pages they link to are still reused). ``client`` defaults to
    a :class:`PoliteClient` with default settings.
    """
    own = client is None
    client = client or PoliteClient()
    try:
        for url in urls:
            got = _page(url, store, client, refetch)
            if refresh_feeds and isinstance(got, Page) and got.from_store and _is_feed(got):
                got = _page(url, store, client, True)
            if isinstance(got, RasadError):
                yield got
                continue
            yield from _articles(got, store, client, follow, refetch)
    finally:
        if own:
            client.close()


def follower(store, client: PoliteClient, refetch: bool = False) -> Callable[[str], Page]:
    """A ``follow`` function for :func:`rasad.readers.feeds.iter_feed`: fetch (or reuse) and store a page."""
    def follow(url: str) -> Page:
        got = _page(url, store, client, refetch)
        if isinstance(got, RasadError):
            raise got
        return got

    return follow


def _page(url: str, store, client: PoliteClient, refetch: bool) -> Page | RasadError:
    if store is not None and not refetch:
        page = get_page(store, url)
        if page is not None:
            return page
    try:
        page = client.fetch(url)
    except RasadError as e:
        return e
    if store is not None:
        try:
            put_page(store, page)
        except RasadError as e:
            return e
    return page


def _articles(page: Page, store, client: PoliteClient, follow: bool,
              refetch: bool) -> Iterator[Article | RasadError]:
    from .readers.feeds import iter_feed

    media = (page.content_type or "").split(";")[0].strip().lower()
    head = page.body[:65536]
    if _is_feed(page):
        follow_link = follower(store, client, refetch) if follow else None
        yield from iter_feed(page.body, page.url, follow_link, base_url=page.final_url)
    elif media in HTML_TYPES or (media in ("", "text/plain", "application/octet-stream") and _HTML_SNIFF.search(head)):
        yield _read_html(page)
    else:
        yield FetchError(f"neither an HTML page nor a feed (content type {media or 'missing'})", page.url,
                         code="R407")


def _is_feed(page: Page) -> bool:
    from .readers.feeds import is_feed_type, looks_like_feed

    media = (page.content_type or "").split(";")[0].strip().lower()
    return is_feed_type(media) or (media not in HTML_TYPES and looks_like_feed(page.body[:65536]))


def _read_html(page: Page) -> Article | RasadError:
    from .readers.html import read_html

    source = Source(page.url, "html")
    try:
        art = read_html(page.body, source, url=page.final_url, content_type=page.content_type)
    except RasadError as e:
        e.source = e.source or source.ref
        return e
    except Exception as e:  # a bug in the HTML reader must not stop the batch
        return StageError(f"HTML reader failed: {type(e).__name__}: {e}", source.ref, code="R901", stage="read")
    art.url = art.url or page.final_url
    art.fetched = art.fetched or page.fetched_at
    return art


def _check_url(url: str, asked: str, redirect: bool = False) -> str:
    parts = urlsplit(url.strip())
    what = "redirect to" if redirect else "URL"
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"{what} {url!r}: only http and https URLs are fetched", asked, code="R405")
    if not parts.hostname:
        raise FetchError(f"{what} {url!r} has no host", asked, code="R405")
    return url.strip()


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _header_dict(headers: httpx.Headers) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in headers.multi_items():
        key = key.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def _kind(e: Exception) -> str:
    return type(e).__name__


__all__ = ["FetchError", "PoliteClient", "USER_AGENT", "fetch_all"]
