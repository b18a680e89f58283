"""The web pages in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Search, open an article, follow an entity link, check that the timeline and the network render, that
nothing is requested from a host other than the loopback server, that the console stays clean and that
the hostile article opens no dialog. Screenshots go to tests/_output/ (git-ignored).

Skipped when Chromium or the playwright package is missing, except under CI=true, where that fails.
"""
import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("RASAD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = Path(__file__).parent / "_output"


def _need_browser():
    missing = []
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        missing.append(f"Chromium at {CHROMIUM} (Debian: apt-get install chromium; `make test` does it as root)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[dev]')")
    try:
        import uvicorn  # noqa: F401
    except ImportError:
        missing.append("uvicorn (pip install -e '.[web]')")
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — CI=true, so this is a failure, not a skip")
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """Uvicorn serving ``create_app(db)`` on a free loopback port in a daemon thread."""

    def __init__(self, db: str):
        import uvicorn

        from rasad.web.app import create_app

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port,
                                                    log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_browser()
    from test_web_pages import build_db

    db = build_db(tmp_path_factory.mktemp("browser") / "browser.db")
    with Server(str(db)) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watch:
    """Everything a page did that a test must check: requests, console errors, page errors, dialogs."""

    def __init__(self, page, base: str):
        self.requests, self.foreign, self.errors, self.dialogs = [], [], [], []
        host = urlsplit(base).hostname

        def route(r):
            url = r.request.url
            self.requests.append(url)
            if urlsplit(url).scheme in ("data", "blob", "about"):
                return r.continue_()
            if urlsplit(url).hostname != host:
                self.foreign.append(url)
                return r.abort()
            return r.continue_()

        page.route("**/*", route)
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

    def clean(self) -> None:
        assert not self.foreign, f"requests to other hosts: {self.foreign}"
        assert not self.errors, self.errors
        assert not self.dialogs, f"a dialog fired: {self.dialogs}"


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    pg = context.new_page()
    pg.watch = Watch(pg, server.base)
    yield pg
    context.close()


def shot(page, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def box(page, selector: str) -> dict:
    b = page.locator(selector).first.bounding_box()
    assert b is not None, f"{selector} is not rendered"
    return b


def test_search_article_entity_chart_and_network(page, server):
    page.goto(server.base + "/")
    assert page.evaluate("document.documentElement.lang") == "fa"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.fill("#search-box", "قره‌باغ")
    page.press("#search-box", "Enter")
    page.wait_for_selector("li.result mark")
    assert "q=" in page.url
    marks = page.locator("li.result mark").all_inner_texts()
    assert marks and all(m.replace("\u200c", "").replace(" ", "") == "قرهباغ" for m in marks)
    # Vazirmatn (served from /static) is the font in use, and the search box sits to the right of its button
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('16px Vazirmatn'))")
    assert box(page, "#search-box")["x"] > box(page, ".search-form button")["x"]
    shot(page, "search")

    page.locator("li.result h2 a", has_text="زبان صلح").first.click()
    page.wait_for_selector("#body a.ent")
    assert page.url.startswith(server.base + "/articles/")
    assert "زبان صلح و امنیت" in page.inner_text("#title")
    assert page.locator("#body a.ent-PER").count() >= 3
    assert page.locator("ul.quotes li.quote").count() >= 3
    shot(page, "article")

    page.locator("#body a.ent-PER", has_text="حسین امیرعبداللهیان").first.click()
    page.wait_for_selector("svg#network")
    assert page.url.startswith(server.base + "/entities/")
    assert page.inner_text("#name").startswith("حسین امیرعبداللهیان")
    for sel in ("svg#timeline", "svg#network"):
        b = box(page, sel)
        assert b["width"] > 100 and b["height"] > 100, (sel, b)
    bar = box(page, "svg#timeline rect.bar")
    assert bar["width"] > 0 and bar["height"] > 0
    assert page.locator("svg#network circle").count() >= 3
    node = box(page, "svg#network a.node.center circle")
    assert node["width"] > 10
    assert page.locator("svg#network line.edge-meet").count() >= 1
    shot(page, "entity")

    page.locator("svg#network a.node:not(.center) circle").first.click()
    page.wait_for_selector("#name")
    assert page.url.startswith(server.base + "/entities/")
    page.watch.clean()
    assert len(page.watch.requests) > 8  # pages, stylesheet, script, font, favicon went through the watch


def test_events_page_filters_in_the_browser(page, server):
    page.goto(server.base + "/events")
    page.select_option("select[name=type]", "CONSULT")  # rasad.js submits on change
    page.wait_for_url("**/events?*type=CONSULT*")
    rows = page.locator("#event-table tbody tr")
    assert rows.count() >= 1
    assert all("رایزنی" in t for t in rows.all_inner_texts())
    shot(page, "events")
    page.locator("#event-table td:last-child a").first.click()
    page.wait_for_selector("#title")
    assert page.url.startswith(server.base + "/articles/")
    page.go_back()
    page.locator('#event-table a[href^="/entities/"]').first.click()
    page.wait_for_selector("svg#network")
    page.watch.clean()


def test_hostile_article_opens_no_dialog(page, server):
    from test_web_pages import HOSTILE, IMG, SCRIPT

    page.goto(server.base + "/?q=" + "عنوان خطرناک")
    page.locator("li.result h2 a").first.click()
    page.wait_for_selector("#title")
    assert page.inner_text("#title") == HOSTILE["title"]
    assert page.locator("#body img, #lead img, img").count() == 0
    page.hover("#lead")
    page.hover("#title")
    shot(page, "hostile")
    for q in (SCRIPT, IMG):
        page.goto(server.base + "/?q=" + q)
        assert page.input_value("#search-box") == q
    page.goto(server.base + "/articles/99999999")
    assert "پیدا نشد" in page.inner_text("#error")
    page.watch.errors = [e for e in page.watch.errors if "404" not in e]  # the 404 page itself is expected
    page.watch.clean()
