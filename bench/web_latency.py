"""Explorer latency under load: p50/p95 of search and article requests, 4 concurrent clients on loopback.

    .venv/bin/python bench/web_build_db.py            # once: bench/out/web100k.db (100,000 articles)
    .venv/bin/python bench/web_latency.py [--db bench/out/web100k.db] [--clients 4] [--requests 400]

Starts ``rasad serve`` (Uvicorn, in a subprocess) on a free loopback port, then runs ``--clients`` threads,
each with its own keep-alive httpx client, over a shuffled list of requests: searches with realistic
Persian queries (one to three consecutive words of titles and leads drawn from the database, some with an
agency, date range or entity-type filter, some on page 2) and articles by internal id or news id, through
the JSON API and, when the web pages are there, the HTML article page. A warm-up round is not counted.
Latency is client-side: request sent to body read. Prints p50/p95/p99/max per kind against the targets
(issue #6: search p95 < 50 ms, article < 30 ms), and the server's CPU time per request with the load
average, which tell a slow server from a busy machine. Absolute figures: on a shared machine run it when
it is quiet and compare runs made together.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"search": 50.0, "search+filters": 50.0, "article (API)": 30.0, "article (page)": 30.0,
           "search (page)": None}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def qs(**params: object) -> str:
    return str(httpx.QueryParams(params))


def requests_for(db: str, n: int, rng: random.Random) -> list[tuple[str, str]]:
    """``n`` (kind, path) pairs per kind, drawn from the database."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    top = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    ids = [rng.randint(1, top) for _ in range(n * 2)]
    rows = conn.execute(f"SELECT id, news_id, title, json_extract(record, '$.lead') FROM articles WHERE id IN"
                        f" ({','.join('?' * len(ids))})", ids).fetchall()
    agencies = [r[0] for r in conn.execute("SELECT DISTINCT agency FROM articles WHERE agency IS NOT NULL")]
    first, last = conn.execute("SELECT min(published), max(published) FROM articles").fetchone()
    conn.close()
    queries = []
    for _, _, title, lead in rows:
        words = [w for w in re.findall(r"\w+", f"{title} {lead or ''}") if len(w) >= 3 and not w.isdigit()]
        if words:
            k = rng.choice((1, 1, 2, 2, 3))
            i = rng.randrange(max(1, len(words) - k + 1))
            queries.append(" ".join(words[i:i + k]))
    y0, y1 = int(first[:4]), int(last[:4])
    out = []
    for i in range(n):
        q = queries[i % len(queries)]
        out.append(("search", "/api/search?" + qs(q=q, page=rng.choice((1, 1, 1, 2)))))
        params = {"q": queries[(i * 7 + 3) % len(queries)]}
        choice = i % 3
        if choice == 0:
            params["agency"] = rng.choice(agencies)
        elif choice == 1:
            y = rng.randint(y0, y1)
            params.update(since=f"{y}-{rng.randint(1, 6):02d}-01", until=f"{y}-{rng.randint(7, 12):02d}-28")
        else:
            params["entity_type"] = rng.choice(("PER", "ORG", "LOC"))
        out.append(("search+filters", "/api/search?" + qs(**params)))
        aid, news_id = rows[i % len(rows)][:2]
        out.append(("article (API)", f"/api/articles/{aid if i % 2 else news_id}"))
        out.append(("article (page)", f"/articles/{aid}"))
        out.append(("search (page)", "/?" + qs(q=q)))
    return out


def run(base: str, work: list[tuple[str, str]], clients: int) -> tuple[dict[str, list[float]], list[str]]:
    times: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    items = iter(work)

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            while True:
                with lock:
                    item = next(items, None)
                if item is None:
                    return
                kind, path = item
                t0 = time.perf_counter()
                r = c.get(path)
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    if r.status_code != 200:
                        errors.append(f"{r.status_code} {path}: {r.text[:120]}")
                    times.setdefault(kind, []).append(ms)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` and its children so far (Linux /proc)."""
    total = 0.0
    pids = [pid]
    while pids:
        p = pids.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            pids += [int(c) for t in Path(f"/proc/{p}/task").iterdir()
                     for c in (t / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "web100k.db"))
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--requests", type=int, default=400, help="requests per kind")
    ap.add_argument("--workers", type=int, default=1, help="rasad serve --workers")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="", help="only request kinds containing this text (e.g. article)")
    args = ap.parse_args()
    if not os.path.exists(args.db):
        sys.exit(f"no database at {args.db}: build it with bench/web_build_db.py")
    rng = random.Random(args.seed)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    rasad = Path(sys.executable).with_name("rasad")
    server = subprocess.Popen([str(rasad), "serve", "--db", args.db, "--port", str(port),
                               "--workers", str(args.workers)])
    try:
        for _ in range(300):
            try:
                stats = httpx.get(base + "/api/stats", timeout=30).json()
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            sys.exit("the server did not start")
        warm_n = 20  # the warm-up uses its own requests: a repeated search would be served from the cache
        work = requests_for(args.db, args.requests + warm_n, rng)
        work, warm = work[:5 * args.requests], work[5 * args.requests:]
        has_pages = httpx.get(base + "/articles/1").headers.get("content-type", "").startswith("text/html")
        if not has_pages:
            work = [w for w in work if not w[0].endswith("(page)")]
        work = [w for w in work if args.only in w[0]]
        warm = [w for w in warm if args.only in w[0] and (has_pages or not w[0].endswith("(page)"))]
        print(f"database: {args.db} ({stats['articles']} articles); server: rasad serve --workers {args.workers};"
              f" {args.clients} concurrent clients; {args.requests} requests per kind")
        run(base, warm, args.clients)
        rng.shuffle(work)
        t0, cpu0 = time.perf_counter(), cpu_seconds(server.pid)
        times, errors = run(base, work, args.clients)
        wall, cpu = time.perf_counter() - t0, cpu_seconds(server.pid) - cpu0
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{len(work)} requests in {wall:.1f} s ({len(work) / wall:.0f} req/s); {len(errors)} errors;"
          f" server CPU {cpu * 1000 / len(work):.1f} ms per request; load average {os.getloadavg()[0]:.1f}"
          f" on {os.cpu_count()} CPUs")
    for e in errors[:5]:
        print("  error:", e)
    print(f"{'kind':<16} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  target p95")
    for kind, target in TARGETS.items():
        v = times.get(kind)
        if not v:
            continue
        verdict = "" if target is None else f"< {target:.0f} ms: {'met' if pct(v, 95) < target else 'MISSED'}"
        print(f"{kind:<16} {len(v):>5} {pct(v, 50):>8.1f} {pct(v, 95):>8.1f} {pct(v, 99):>8.1f} {max(v):>8.1f}"
              f"  {verdict}")


if __name__ == "__main__":
    main()
