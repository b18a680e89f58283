"""Polite fetching, against a local HTTP server on 127.0.0.1 (never the internet)."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rasad.article import Article
from rasad.errors import RasadError

httpx = pytest.importorskip("httpx")
from rasad.fetch import USER_AGENT, FetchError, PoliteClient, fetch_all  # noqa: E402
from rasad.store.pages import Page, get_page, iter_pages, put_page  # noqa: E402

PAGE = ('<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8"><title>{title} - سایت نمونه</title>'
        '</head><body><article><h1>{title}</h1><p class="lead">{lead}</p><div class="body"><p>{p1}</p>'
        '<p>{p2}</p></div></article></body></html>')
NEWS = {
    "/news/300101/": ("افزایش بارش در استان‌های شمالی", "سازمان هواشناسی از افزایش بارش‌ها خبر داد.",
                      "به گزارش خبرنگار ما، بارش‌های پاییزی از فردا در گیلان و مازندران آغاز می‌شود.",
                      "کارشناسان هواشناسی می‌گویند شدت بارش در ارتفاعات بیشتر خواهد بود."),
    "/news/300102/": ("بازگشایی کتابخانه‌های عمومی تهران", "کتابخانه‌های عمومی پایتخت دوباره باز شدند.",
                      "مدیرکل کتابخانه‌ها گفت که ساعت کار کتابخانه‌ها در روزهای تعطیل افزایش می‌یابد.",
                      "این طرح در مرحله نخست در ده کتابخانه اجرا شده است."),
}


def news_page(path: str) -> bytes:
    title, lead, p1, p2 = NEWS[path]
    return PAGE.format(title=title, lead=lead, p1=p1, p2=p2).encode()


def rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>{NEWS[p][0] if p in NEWS else 'خبر حذف‌شده'}</title><link>{base}{p}</link>"
        f"<description>{NEWS[p][1] if p in NEWS else 'این خبر دیگر در دسترس نیست.'}</description>"
        f"<category>گزارش</category><pubDate>Wed, 04 Oct 2023 15:23:00 GMT</pubDate></item>"
        for p in ["/news/300101/", "/news/300102/", "/news/gone/"])
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>اخبار نمونه</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


class Server:
    """A local HTTP server; ``routes`` maps a path to ``handler(req) -> (status, headers, body)``."""

    def __init__(self):
        self.routes: dict = {}
        self.log: list[tuple[float, str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.log.append((time.monotonic(), self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                status, headers, body = route(self) if route else (404, {"Content-Type": "text/plain"}, b"nf")
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if "Content-Length" not in headers and not headers.get("X-No-Length"):
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def hits(self, path: str) -> list[float]:
        return [t for t, p, _ in self.log if p == path]


@pytest.fixture
def server():
    srv = Server()
    srv.thread.start()
    html = {"Content-Type": "text/html; charset=utf-8"}
    for path in NEWS:
        srv.routes[path] = lambda req, p=path: (200, html, news_page(p))
    srv.routes["/feed.xml"] = lambda req: (200, {"Content-Type": "application/rss+xml"}, rss(srv.base))
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def client(**kw) -> PoliteClient:
    kw = {"host_delay": 0.0, "backoff": 0.01, "timeout": 2.0, **kw}
    return PoliteClient(**kw)



# -- fetch_all: pages, feeds, --follow, stored pages -------------------------------------------------


def test_html_page_stored_and_reused(server, db):
    url = server.base + "/news/300101/"
    with client() as c:
        [art] = list(fetch_all([url], db, client=c))
    assert isinstance(art, Article), str(art)
    assert art.source.path == url and art.source.format == "html" and art.url == url
    assert NEWS["/news/300101/"][0] in art.title
    assert server.log[0][2]["User-Agent"] == USER_AGENT and USER_AGENT.startswith("Rasad/0.1 (")
    page = get_page(db, url)
    assert page.status == 200 and page.body == news_page("/news/300101/") and page.from_store
    assert page.content_type.startswith("text/html") and page.headers["content-type"] == page.content_type
    assert len(page.sha256) == 64 and page.fetched_at
    # again: read back from the store, no request; with refetch: fetched again
    with client() as c:
        [again] = list(fetch_all([url], db, client=c))
        assert c.requests == 0 and again.title == art.title
        list(fetch_all([url], db, client=c, refetch=True))
        assert c.requests == 1
    assert len(server.hits("/news/300101/")) == 2


def test_feed_follow_against_local_server(server, db):
    feed = server.base + "/feed.xml"
    with client(retries=0) as c:
        items = list(fetch_all([feed], db, follow=True, client=c))
    first, second, third = items
    for art, path in ((first, "/news/300101/"), (second, "/news/300102/")):
        assert isinstance(art, Article), str(art)
        assert art.source.path == feed and art.source.format == "feed"
        assert art.url == server.base + path
        assert NEWS[path][2] in " ".join(art.body)  # the page's own paragraphs
        assert art.tags == ["گزارش"]  # the item fills what the page lacks
    # the vanished page: one error for that item, filed under the item
    assert isinstance(third, FetchError) and third.code == "R402" and third.source == feed + "#2"
    assert "/news/gone/" in str(third) and "404" in str(third)
    stored = {p.url for p in iter_pages(db)}
    assert stored == {feed, server.base + "/news/300101/", server.base + "/news/300102/"}
    # again: the feed is fetched anew (feeds change), its stored pages are reused, the vanished one retried
    with client(retries=0) as c:
        again = list(fetch_all([feed], db, follow=True, client=c))
    assert [type(x) for x in again] == [Article, Article, FetchError] and c.requests == 2
    assert len(server.hits("/feed.xml")) == 2 and len(server.hits("/news/300101/")) == 1
    with client(retries=0) as c:
        list(fetch_all([feed], db, follow=True, client=c, refresh_feeds=False))
    assert c.requests == 1  # only the vanished page
    # without follow: the items alone, one request
    with client() as c:
        items = list(fetch_all([feed], None, client=c))
    assert [type(x) for x in items] == [Article] * 3 and c.requests == 1
    assert items[0].lead == NEWS["/news/300101/"][1] and items[0].published == "2023-10-04T18:53:00+03:30"


def test_neither_html_nor_feed(server, db):
    server.routes["/logo.png"] = lambda req: (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n")
    with client() as c:
        [err] = list(fetch_all([server.base + "/logo.png"], db, client=c))
        assert err.code == "R407" and err.stage == "fetch"
        [err] = list(fetch_all(["ftp://example.test/x"], db, client=c))
        assert err.code == "R405" and err.source == "ftp://example.test/x"


# -- the polite client ---------------------------------------------------------------------------


def test_retries_with_backoff_503_then_200(server):
    calls = []

    def flaky(req):
        calls.append(1)
        return (503, {"Retry-After": "0"}, b"busy") if len(calls) < 3 else (200, {"Content-Type": "text/html"},
                                                                            b"<html>ok</html>")

    server.routes["/flaky"] = flaky
    with client(retries=3, backoff=0.02) as c:
        page = c.fetch(server.base + "/flaky")
    assert page.status == 200 and page.body == b"<html>ok</html>" and len(calls) == 3 and c.requests == 3


def test_retries_exhausted(server):
    server.routes["/down"] = lambda req: (500, {}, b"err")
    with client(retries=2) as c, pytest.raises(FetchError) as e:
        c.fetch(server.base + "/down")
    assert e.value.code == "R402" and e.value.status == 500 and len(server.hits("/down")) == 3
    assert str(e.value).count("\n") == 0


def test_backoff_is_exponential_and_retry_after_capped():
    answers = iter([httpx.Response(503), httpx.Response(503), httpx.Response(429, headers={"Retry-After": "120"}),
                    httpx.Response(429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
                    httpx.Response(200, text="<html></html>", headers={"Content-Type": "text/html"})])
    slept: list[float] = []
    c = PoliteClient(transport=httpx.MockTransport(lambda req: next(answers)), retries=4, backoff=0.5,
                     retry_after_cap=7.0, host_delay=0.0, sleep=slept.append)
    assert c.fetch("https://news.test/a").status == 200
    assert slept == [0.5, 1.0, 7.0, 4.0]  # 0.5·2ⁿ; Retry-After capped; a date in the past: the backoff


def test_per_host_delay_spaces_requests(server):
    with client(host_delay=0.25) as c:
        c.fetch(server.base + "/news/300101/")
        c.fetch(server.base + "/news/300102/")
    first, second = server.hits("/news/300101/")[0], server.hits("/news/300102/")[0]
    assert second - first >= 0.25


def test_per_host_delay_is_per_host():
    now = [100.0]
    slept: list[float] = []

    def sleep(s):
        slept.append(s)
        now[0] += s

    c = PoliteClient(transport=httpx.MockTransport(lambda req: httpx.Response(200, text="x")), host_delay=2.0,
                     sleep=sleep, clock=lambda: now[0])
    c.fetch("https://a.test/1")
    c.fetch("https://b.test/1")
    assert slept == []
    now[0] += 0.5
    c.fetch("https://a.test/2")
    assert slept == [1.5]


def test_size_limit(server):
    server.routes["/big"] = lambda req: (200, {"Content-Type": "text/html"}, b"x" * 5000)
    server.routes["/big-stream"] = lambda req: (200, {"Content-Type": "text/html", "X-No-Length": "1"}, b"y" * 5000)
    with client(max_bytes=1000, retries=0) as c:
        for path in ("/big", "/big-stream"):
            with pytest.raises(FetchError) as e:
                c.fetch(server.base + path)
            assert e.value.code == "R403", path
        assert c.fetch(server.base + "/news/300101/").status == 200  # under the limit with a larger one
    assert "declared" in str(e.value) or "aborted" in str(e.value)


def test_redirects_bounded(server):
    for n in range(1, 8):
        server.routes[f"/r{n}"] = lambda req, n=n: (302, {"Location": f"/r{n - 1}" if n > 1 else "/news/300101/"},
                                                    b"")
    with client() as c:
        page = c.fetch(server.base + "/r3")
        assert page.final_url == server.base + "/news/300101/" and page.url == server.base + "/r3"
        assert c.fetch(server.base + "/r5").status == 200  # exactly five redirects
        with pytest.raises(FetchError) as e:
            c.fetch(server.base + "/r6")
    assert e.value.code == "R404"
    server.routes["/to-file"] = lambda req: (301, {"Location": "file:///etc/passwd"}, b"")
    with client() as c, pytest.raises(FetchError) as e:
        c.fetch(server.base + "/to-file")
    assert e.value.code == "R405"


def test_timeout(server):
    def slow(req):
        time.sleep(1.0)
        return 200, {"Content-Type": "text/html"}, b"<html>late</html>"

    server.routes["/slow"] = slow
    start = time.monotonic()
    with client(timeout=0.1, retries=1, backoff=0.01) as c, pytest.raises(FetchError) as e:
        c.fetch(server.base + "/slow")
    assert e.value.code == "R401" and "2 attempt" in str(e.value)
    assert time.monotonic() - start < 0.9  # did not wait for the server's answer
    assert len(server.hits("/slow")) == 2


def test_connection_refused_and_bad_urls():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    with client(retries=1) as c:
        with pytest.raises(FetchError) as e:
            c.fetch(f"http://127.0.0.1:{port}/")
        assert e.value.code == "R406"
        for bad in ("ftp://x.test/", "file:///etc/passwd", "http:///nohost", "news.test/page"):
            with pytest.raises(FetchError) as e:
                c.fetch(bad)
            assert e.value.code == "R405", bad


# -- the pages table ------------------------------------------------------------------------------


def test_pages_table_keeps_latest_fetch(db):
    assert db.conn.execute("SELECT 1 FROM _migrations WHERE name = '0002_pages'").fetchone()
    put_page(db, Page("https://a.test/1", "https://a.test/1", 200, "text/html", b"old", {"etag": "1"}))
    put_page(db, Page("https://a.test/1", "https://a.test/one", 200, "text/html", "تازه".encode(), {"etag": "2"}))
    page = get_page(db, "https://a.test/1")
    assert page.body == "تازه".encode() and page.headers == {"etag": "2"} and page.final_url == "https://a.test/one"
    assert get_page(db, "https://a.test/one").url == "https://a.test/1"  # found by final URL too
    assert get_page(db, "https://a.test/2") is None
    assert db.conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 1


def test_fetch_error_is_a_rasad_error():
    e = FetchError("HTTP 404 Not Found", "https://a.test/x", code="R402", status=404)
    assert isinstance(e, RasadError) and e.stage == "fetch" and str(e) == "[R402] https://a.test/x: HTTP 404 Not Found"
