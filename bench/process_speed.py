"""rasad process / rasad load at scale: throughput, Ray overhead, peak memory, load speed.

    .venv/bin/python bench/replicate_corpus.py --articles 20000 --out ../scratch/corpus20k
    .venv/bin/python bench/replicate_corpus.py --articles 5000 --out ../scratch/corpus5k
    nice -n 10 .venv/bin/python bench/process_speed.py --big ../scratch/corpus20k --small ../scratch/corpus5k \\
        --scratch ../scratch/process-bench

Runs the real commands as subprocesses on the replicated FarsNews corpus and prints:

* articles/s of ``rasad process`` (local engine) with 1 and 2 workers, and their ratio (target >= 1.8);
* Ray (2 workers) against local (2 workers) on the same input: overhead in wall time (target <= 15 %);
* peak RSS of the whole process tree (driver, workers, Ray's own processes), sampled from /proc every
  0.1 s, for the small and the big corpus with 2 workers: ratio (target: within 20 %);
* CPU seconds per article (user + system of every process of the run's tree, sampled from /proc; Ray's
  own processes included), for docs/scale.md, and articles per CPU-second (meaningful on a busy machine);
* ``rasad load`` of the big output into a fresh database: articles/s (target >= 1,000) and articles per
  CPU-second; ``--load-peer SRC`` alternates it with the rasad package under SRC (before/after in one run).

The machine is shared: the load average before and after each run is printed; ratios are measured in
the same run. Linux only (/proc).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

RASAD = os.path.join(os.path.dirname(sys.executable), "rasad")
PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


def tree(root: int) -> tuple[int, dict[int, int]]:
    """Resident bytes of ``root`` and all its descendants, and the CPU ticks (user + system) of each."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
            with open(f"/proc/{name}/statm") as f:
                pages = int(f.read().split()[1])
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        pid = int(name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = pages * PAGE
        ticks[pid] = int(fields[11]) + int(fields[12])
    total, cpu, todo = 0, {}, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        cpu[pid] = ticks.get(pid, 0)
        todo += children.get(pid, [])
    return total, cpu


def run(cmd: list[str], env: dict[str, str] | None = None) -> dict:
    """Run ``cmd``: wall seconds, CPU seconds of its process tree (sampled), peak tree RSS, its output."""
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak, cpu = 0, {}
    while proc.poll() is None:
        rss, ticks = tree(proc.pid)
        peak = max(peak, rss)
        cpu.update({pid: max(t, cpu.get(pid, 0)) for pid, t in ticks.items()})
        time.sleep(0.1)
    wall = time.perf_counter() - t0
    out, err = proc.communicate()
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return {"wall": wall, "cpu": sum(cpu.values()) / TICK, "peak": peak, "out": out.strip(),
            "load": (load0, os.getloadavg()[0])}


def process(inputs: str, out: str, engine: str, workers: int) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    r = run([RASAD, "process", inputs, "--out", out, "--engine", engine, "--workers", str(workers), "-q"])
    with open(os.path.join(out, "_manifest.jsonl"), encoding="utf-8") as f:
        r["articles"] = sum(json.loads(line)["counts"].get("articles", 0) for line in f)
    r["rate"] = r["articles"] / r["wall"]
    print(f"process {os.path.basename(inputs)} engine={engine} workers={workers}: {r['articles']} articles in "
          f"{r['wall']:.1f} s = {r['rate']:.1f} articles/s; CPU {r['cpu']:.0f} s "
          f"({1000 * r['cpu'] / r['articles']:.1f} ms/article, {r['articles'] / r['cpu']:.1f} articles/CPU-s); "
          f"peak RSS {r['peak'] / 2**20:.0f} MiB; "
          f"load average {r['load'][0]:.1f} → {r['load'][1]:.1f}", flush=True)
    return r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", required=True, help="folder of the 20,000-article corpus")
    ap.add_argument("--small", required=True, help="folder of the 5,000-article corpus")
    ap.add_argument("--scratch", required=True, help="folder for outputs and databases (outside the repo)")
    ap.add_argument("--skip", nargs="*", default=[], choices=["two", "one", "ray", "small", "load"],
                    help="runs to skip; skipping two reuses its earlier output and skips the other runs (load only)")
    ap.add_argument("--load-from", default=None,
                    help="output folder to load (default: the big run's), e.g. one made by replicate_corpus.py "
                         "--processed")
    ap.add_argument("--load-peer", default=None, metavar="SRC",
                    help="also load with the rasad package under SRC (e.g. an older checkout's src/, from git "
                         "archive), alternating with this one: a same-run before/after comparison")
    ap.add_argument("--load-repeat", type=int, default=1, help="loads of each kind (fresh database each time)")
    ap.add_argument("--peers-on", choices=["big", "small"], default="big",
                    help="corpus for the 1-worker and Ray runs compared with 2 local workers")
    args = ap.parse_args()
    os.makedirs(args.scratch, exist_ok=True)
    out = {k: os.path.join(args.scratch, k) for k in ("one", "two", "ray", "small")}
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()}", flush=True)
    if args.load_from:
        out["two"] = args.load_from
    if "two" in args.skip:
        with open(os.path.join(out["two"], "_manifest.jsonl"), encoding="utf-8") as f:
            two = {"articles": sum(json.loads(line)["counts"].get("articles", 0) for line in f)}
        args.skip += ["one", "ray", "small"]
    else:
        two = process(args.big, out["two"], "local", 2)
    if "small" not in args.skip:
        small = process(args.small, out["small"], "local", 2)
        print(f"→ peak RSS {small['articles']} → {two['articles']} articles: {small['peak'] / 2**20:.0f} → "
              f"{two['peak'] / 2**20:.0f} MiB ({100 * (two['peak'] / small['peak'] - 1):+.1f} %, target within 20 %)",
              flush=True)
    # throughput peers: on the big corpus, or (--peers-on small, when the machine is busy) on the small one
    corpus, peer = (args.small, small) if args.peers_on == "small" and "small" not in args.skip else (args.big, two)
    if "one" not in args.skip:
        one = process(corpus, out["one"], "local", 1)
        print(f"→ 2 workers / 1 worker: {peer['rate'] / one['rate']:.2f}x wall (target >= 1.8); CPU per article "
              f"{1000 * one['cpu'] / one['articles']:.1f} → {1000 * peer['cpu'] / peer['articles']:.1f} ms", flush=True)
    if "ray" not in args.skip:
        ray = process(corpus, out["ray"], "ray", 2)
        print(f"→ Ray overhead on 2 workers: {100 * (ray['wall'] / peer['wall'] - 1):+.1f} % wall "
              f"(target <= 15 %)", flush=True)
    if "load" not in args.skip:
        kinds = [("load", None)] + ([("peer load", args.load_peer)] if args.load_peer else [])
        for _ in range(args.load_repeat):
            for name, src in kinds:
                load(name, src, out["two"], os.path.join(args.scratch, "load.db"), two["articles"])


def load(name: str, src: str | None, out: str, db: str, articles: int) -> dict:
    """``rasad load`` of ``out`` into a fresh ``db``, with this checkout's rasad or the one under ``src``."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    cmd, env = [RASAD, "load", out, "--db", db, "-q"], None
    if src:
        cmd = [sys.executable, "-c", "import sys; from rasad.cli import main; sys.exit(main(sys.argv[1:]))", *cmd[1:]]
        env = {**os.environ, "PYTHONPATH": os.path.abspath(src)}
    r = run(cmd, env)
    print(f"{name}: {r['out']}; {articles / r['wall']:.0f} articles/s ({r['wall']:.1f} s, target >= 1,000); "
          f"CPU {r['cpu']:.1f} s = {articles / r['cpu']:.0f} articles/CPU-s; peak RSS {r['peak'] / 2**20:.0f} MiB; "
          f"load average {r['load'][0]:.1f} → {r['load'][1]:.1f}", flush=True)
    return r


if __name__ == "__main__":
    main()
