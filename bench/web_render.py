"""Time to first render of the explorer's pages in headless Chromium: search, article and entity pages.

    .venv/bin/python bench/web_build_db.py               # once: bench/out/web100k.db (100,000 articles)
    .venv/bin/python bench/web_render.py [--db bench/out/web100k.db] [--repeat 5]

Starts ``rasad serve`` (Uvicorn, in a subprocess) on a free loopback port over ``--db`` (default
``bench/out/web100k.db``; when it does not exist, a small database is built from the bundled sample and the
test fixtures, and the figures say so). Debian's ``/usr/bin/chromium`` is driven by Playwright.

Pages: a search for a frequent word (the most common title word of the newest articles), the article with
the most entity mentions among a sample of stored articles (the biggest body markup), the entity with
the most articles (the heaviest entity page: timeline, network, quotes, events) and, as a typical one, the
101st entity by articles (``entity#100``). Each page is loaded
``--repeat`` times, each in a fresh browser context (empty cache: HTML, CSS, JS and font all fetched).
From the Navigation Timing and Paint Timing APIs: ``ttfb`` (navigation start → first response byte),
``fcp`` (→ first contentful paint) and ``load`` (→ load event end). Prints median and max per page against
the target (issue #6: first render < 1 s). Absolute figures on a shared machine: run when it is quiet.
"""
from __future__ import annotations

import argparse
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("RASAD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET_MS = 1000.0
TIMING = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {ttfb: nav.responseStart, fcp: fcp ? fcp.startTime : null, load: nav.loadEventEnd,
          bytes: nav.transferSize};
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def small_db(folder: str) -> str:
    """The bundled sample and the test fixtures, ingested into ``folder``/small.db."""
    from rasad.ingest import ingest
    from rasad.store import Store

    files = [str(ROOT / "src" / "rasad" / "sample" / "defapress_620924.txt"),
             *sorted(str(p) for p in (ROOT / "tests" / "fixtures" / "text").glob("*.txt")),
             str(ROOT / "tests" / "fixtures" / "json" / "fars_style.json")]
    path = os.path.join(folder, "small.db")
    with Store(path) as store:
        ingest(files, store)
    return path


def pick_pages(db: str) -> dict[str, str]:
    """URL paths of the three pages to time (see the module docstring)."""
    import re

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    titles = [t for (t,) in conn.execute("SELECT title FROM articles ORDER BY id DESC LIMIT 2000") if t]
    counts: dict[str, int] = {}
    for t in titles:
        for w in set(re.findall(r"\w{4,}", t)):
            counts[w] = counts.get(w, 0) + 1
    word = max(counts, key=lambda w: (counts[w], w)) if counts else "ایران"
    try:
        article = conn.execute(
            "SELECT article_id FROM (SELECT article_id, sum(mentions) AS n FROM entity_articles"
            " WHERE article_id IN (SELECT id FROM articles ORDER BY id LIMIT 5000) GROUP BY article_id)"
            " ORDER BY n DESC LIMIT 1").fetchone()
        entity = conn.execute("SELECT id FROM entities ORDER BY article_count DESC LIMIT 1").fetchone()
        typical = conn.execute("SELECT id FROM entities ORDER BY article_count DESC LIMIT 1 OFFSET 100").fetchone()
    except sqlite3.OperationalError:
        article = entity = typical = None
    article = article or conn.execute("SELECT min(id) FROM articles").fetchone()
    conn.close()
    pages = {"search": f"/?q={word}", "article": f"/articles/{article[0]}"}
    if entity:
        pages["entity"] = f"/entities/{entity[0]}"
    if typical:
        pages["entity#100"] = f"/entities/{typical[0]}"
    return pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "web100k.db"))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        sys.exit(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set RASAD_CHROMIUM)")
    scratch = tempfile.TemporaryDirectory(dir=ROOT / "bench" / "out") if not Path(args.db).is_file() else None
    db = small_db(scratch.name) if scratch else args.db
    articles = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute("SELECT count(*) FROM articles").fetchone()[0]
    pages = pick_pages(db)
    port = free_port()
    rasad = Path(sys.executable).with_name("rasad")
    server = subprocess.Popen([str(rasad), "serve", "--db", db, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("the server did not start: " + (server.stderr.read().decode()[-500:] if server.stderr
                                                              else ""))
                time.sleep(0.1)
        results: dict[str, list[dict]] = {name: [] for name in pages}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            warm = browser.new_page()  # one untimed pass: server caches, SQLite pages
            for url in pages.values():
                warm.goto(base + url, wait_until="load")
            warm.close()
            for _ in range(args.repeat):
                for name, url in pages.items():
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    response = page.goto(base + url, wait_until="load")
                    if response is None or response.status != 200:
                        sys.exit(f"{url}: HTTP {response.status if response else '?'}")
                    page.wait_for_timeout(50)  # let the paint entry land
                    results[name].append(page.evaluate(TIMING))
                    context.close()
            version = browser.version
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        if scratch:
            scratch.cleanup()
    where = f"small database (bundled sample + fixtures; no --db found at {args.db})" if scratch else db
    print(f"database: {where} — {articles} articles; Chromium {version} headless; {args.repeat} cold loads per page")
    print(f"{'page':10} {'url':34} {'ttfb ms':>14} {'fcp ms':>14} {'load ms':>14}  target load < {TARGET_MS:.0f} ms")
    worst = 0.0
    def fig(runs: list[dict], key: str) -> str:
        values = [r[key] for r in runs if r[key] is not None]
        return f"{statistics.median(values):6.0f} / {max(values):5.0f}" if values else "     -"

    for name, runs in results.items():

        worst = max(worst, *(r["load"] for r in runs))
        print(f"{name:10} {pages[name][:34]:34} {fig(runs, 'ttfb'):>14} {fig(runs, 'fcp'):>14} {fig(runs, 'load'):>14}")
    print("(median / max over the runs)")
    print(f"slowest load {worst:.0f} ms = {worst / TARGET_MS:.2f} × the 1 s target: "
          f"{'within' if worst < TARGET_MS else 'OVER'} target")


if __name__ == "__main__":
    main()
