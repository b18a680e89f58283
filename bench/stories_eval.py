"""Story grouping against hand-checked pairs (bench/gold/stories.jsonl), a settings sweep, and its cost.

    .venv/bin/python bench/stories_eval.py               # chosen setting, sweep, per-article cost
    .venv/bin/python bench/stories_eval.py --verbose     # also list the pairs it gets wrong
    .venv/bin/python bench/stories_eval.py --candidates  # print the candidate pairs (how the gold set was built)

Articles: the FarsNews corpus in ../shared (record ids ``fars-news-N.json#I``), read and normalized
by the real reader and normalize stage, plus constructed variants whose id names the recipe
(``variant:KIND:BASE`` or ``boiler:BASE+EXTRA``; :func:`make` builds them, seeded by the id):

- ``prefix``: the agency prefix becomes «به گزارش خبرگزاری تسنیم،» and the lead gets «خبرگزاری تسنیم:»;
- ``lead``: a new title and a reworded lead (clauses swapped, reporting verbs and common words replaced);
- ``trim``: the last third of the body dropped (at least one paragraph);
- ``added``: a paragraph of another article appended (an agency's own background);
- ``combo``: prefix + lead + trim, what another agency running the same wire usually does;
- ``boiler:A+C``: article A with C's longest paragraph appended; two such with the same C and
  different A are different stories sharing boilerplate (hard negatives).

Every labeled pair was read (title, lead, body) and labeled ``same`` (one story: the same event or
statement reported) or ``different`` by hand, with a reason; see docs/stories.md.

Grouping: every corpus article in file order, then the variants in gold order, go through one
:class:`rasad.store.stories.StoryIndex` (the code the store uses); a pair is predicted ``same`` when
both got the same story id. Cost: CPU µs per article of story words + signature + LSH query + insert
with the chosen setting (in-memory index), compared with the default pipeline's CPU time per article
measured in the same run (the peer: what ingest already spends), and ``update_stories`` over a file
database holding the corpus.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import glob
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rasad.article import Article  # noqa: E402
from rasad.errors import RasadError  # noqa: E402
from rasad.pipeline import Pipeline, default_pipeline  # noqa: E402
from rasad.readers import read_file  # noqa: E402
from rasad.store import Store  # noqa: E402
from rasad.store.stories import StoryIndex, update_stories  # noqa: E402
from rasad.stories import Settings, article_words  # noqa: E402

FARS = ROOT.parent / "shared" / "data" / "news" / "farsnews"
GOLD = ROOT / "bench" / "gold" / "stories.jsonl"
SEED = 7301
SWEEP = [(k, t) for k in (2, 3, 4, 5) for t in (0.3, 0.4, 0.45, 0.5, 0.6, 0.7)]

SWAPS = [("اظهار کرد", "گفت"), ("اظهار داشت", "گفت"), ("خبر داد", "اعلام کرد"), ("تاکید کرد", "خاطرنشان کرد"),
         ("امروز", "روز جاری"), ("برای", "به منظور"), ("همچنین", "نیز"), ("بیان کرد", "عنوان کرد"),
         ("گفت", "اظهار داشت"), ("این", "آن"), ("است", "می‌باشد")]


def shingles(words: list[str], k: int) -> set[str]:
    """Exact shingle set (for candidate pairs and exact Jaccard; grouping uses hashes)."""
    return {" ".join(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}


def load_corpus() -> dict[str, Article]:
    """FarsNews articles by ``file#index``, through the reader and the normalize stage."""
    pipe = Pipeline(default_pipeline().stages[:1])
    out = {}
    for f in sorted(glob.glob(str(FARS / "fars-news-*.json"))):
        for art in pipe.pipe(read_file(f)):
            if isinstance(art, RasadError):
                print(f"skip: {art}", file=sys.stderr)
                continue
            out[f"{Path(f).name}#{art.source.record}"] = art
    return out


def _prefix(text: str, agency: str = "خبرگزاری تسنیم") -> str:
    m = re.match(r"^\s*(?:به\s+گزارش|به\s+نقل\s+از)\s[^،,:\n]{1,100}?[،,:]\s*", text)
    return f"به گزارش {agency}، " + (text[m.end():] if m else text)


def _reword(text: str) -> str:
    parts = re.split(r"(?<=[^\d])[:،]\s*", text.rstrip(". "), maxsplit=1)
    if len(parts) == 2 and len(parts[1].split()) > 3:
        text = f"{parts[1]}، {parts[0]}."
    for old, new in SWAPS:
        text = re.sub(rf"(?<!\w){old}(?!\w)", new, text, count=1)
    return text


def make(vid: str, corpus: dict[str, Article]) -> Article:
    """The constructed article named *vid* (deterministic)."""
    rng = random.Random(f"{SEED}:{vid}")
    if vid.startswith("boiler:"):
        base_id, extra_id = vid[len("boiler:"):].split("+")
        base, extra = corpus[base_id], corpus[extra_id]
        return dataclasses.replace(base, body=[*base.body, max(extra.body, key=len)])
    _, kind, base_id = vid.split(":", 2)
    base = corpus[base_id]
    title, lead, body = base.title or "", base.lead or "", list(base.body)
    if kind in ("prefix", "combo"):
        lead = "خبرگزاری تسنیم: " + lead
        if body:
            body[0] = _prefix(body[0])
    if kind in ("lead", "combo"):
        words = (lead or " ".join(body)).split()
        title = " ".join(words[len(words) // 3: len(words) // 3 + 7])
        lead = _reword(lead.removeprefix("خبرگزاری تسنیم: ")) if lead else lead
        if kind == "combo":
            lead = "خبرگزاری تسنیم: " + lead
    if kind in ("trim", "combo"):
        body = body[: max(1, len(body) - max(1, len(body) // 3))]
    if kind == "added":
        others = sorted(k for k in corpus if k != base_id)
        body.append(max(corpus[rng.choice(others)].body or [""], key=len))
    return dataclasses.replace(base, title=title, lead=lead, body=body)


def load_gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(settings: Settings, corpus: dict[str, Article], extra: dict[str, Article]) -> tuple[dict[str, int], float]:
    """Story id of every article, and CPU µs per corpus article spent grouping (words, signature, index)."""
    index = StoryIndex.memory(settings)
    index.add(-1, ["warm", "up"])  # imports datasketch outside the timed loop
    ids = {}
    t0 = time.process_time()
    for n, key in enumerate(corpus):
        ids[key] = index.add(n, article_words(corpus[key])).story_id
    cost = (time.process_time() - t0) / len(corpus) * 1e6
    for n, key in enumerate(extra, start=len(corpus)):
        ids[key] = index.add(n, article_words(extra[key])).story_id
    return ids, cost


def pipeline_cost(corpus: dict[str, Article], n: int = 100) -> float:
    """CPU µs per article of the default pipeline (normalize … events, no store) on the first *n* corpus
    articles: the peer the grouping cost is compared with."""
    pipe = default_pipeline()
    arts = [dataclasses.replace(a) for a in list(corpus.values())[:n]]
    pipe(dataclasses.replace(arts[0]))  # load models outside the timed loop
    t0 = time.process_time()
    for a in arts:
        pipe(a)
    return (time.process_time() - t0) / len(arts) * 1e6


def store_cost(corpus: dict[str, Article]) -> float:
    """CPU µs per article of :func:`update_stories` over a fresh file database holding the corpus."""
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "stories.db") as store:
        store.write_batch(list(corpus.values()))
        update_stories(store, settings=Settings(threshold=0.99))  # warm-up (imports), then regroup all
        n = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        t0 = time.process_time()
        update_stories(store, rebuild=True)
        return (time.process_time() - t0) / n * 1e6


def score(gold: list[dict], ids: dict[str, int]) -> tuple[float, float, list[dict]]:
    tp = fp = fn = 0
    wrong = []
    for g in gold:
        pred = ids[g["a"]] == ids[g["b"]]
        same = g["label"] == "same"
        tp += pred and same
        fp += pred and not same
        fn += same and not pred
        if pred != same:
            wrong.append(g)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, wrong


def candidates(corpus: dict[str, Article], n_random: int = 25) -> None:
    """Print corpus pairs sharing shingles (highest containment first) and random pairs, for labeling."""
    keys = list(corpus)
    sets = {k: shingles(article_words(corpus[k]), 3) for k in keys}
    inv = collections.defaultdict(list)
    for k in keys:
        for s in sets[k]:
            inv[s].append(k)
    inter: collections.Counter = collections.Counter()
    for ks in inv.values():
        if len(ks) <= 50:
            for i in range(len(ks)):
                for j in range(i + 1, len(ks)):
                    inter[ks[i], ks[j]] += 1
    rows = []
    for (a, b), c in inter.items():
        rows.append((c / min(len(sets[a]), len(sets[b])), c / len(sets[a] | sets[b]), a, b))
    rows.sort(key=lambda r: (-r[1], -r[0], r[2], r[3]))
    rng = random.Random(SEED)
    seen: collections.Counter = collections.Counter()
    pairs = []
    for c, j, a, b in rows:  # by Jaccard, each article in at most two pairs
        if c >= 0.05 and seen[a] < 2 and seen[b] < 2:
            seen.update([a, b])
            pairs.append(("shared", a, b, f"cont={c:.2f} jac={j:.2f}"))
    pairs += [("random", *rng.sample(keys, 2), "") for _ in range(n_random)]
    for kind, a, b, note in pairs:
        print(f"### {kind} {a} {b} {note}")
        for k in (a, b):
            art = corpus[k]
            print(f"  T: {art.title}\n  L: {(art.lead or '')[:150]}\n  B: {' '.join(art.body)[:220]}")


def constructed(corpus: dict[str, Article], n_base: int = 16, n_boiler: int = 12) -> list[tuple[str, str]]:
    """Seeded constructed pairs: each variant kind of *n_base* articles against its base, and
    boilerplate pairs (A+C, B+C) and (A+C, C)."""
    rng = random.Random(SEED)
    keys = sorted(corpus, key=lambda k: (k.split("#")[0], int(k.split("#")[1])))
    links = collections.Counter(corpus[k].url for k in keys)
    unique = [k for k in keys if links[corpus[k].url] == 1]
    rich = [k for k in unique if len(corpus[k].body) >= 3 and len(article_words(corpus[k])) >= 150]
    short = [k for k in unique if 40 <= len(article_words(corpus[k])) <= 150]
    long_ = [k for k in rich if len(corpus[k].body) >= 4]
    pairs = []
    for base in rng.sample(rich, n_base):
        pairs += [(base, f"variant:{kind}:{base}") for kind in ("prefix", "lead", "trim", "added", "combo")]
    for _ in range(n_boiler):
        a, b = rng.sample(short, 2)
        c = rng.choice(long_)
        pairs += [(f"boiler:{a}+{c}", f"boiler:{b}+{c}"), (f"boiler:{a}+{c}", c)]
    return pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--candidates", action="store_true")
    args = ap.parse_args()
    if not FARS.is_dir():
        sys.exit(f"FarsNews corpus not found at {FARS}")
    corpus = load_corpus()
    if args.candidates:
        candidates(corpus)
        for a, b in constructed(corpus):
            print(f"### constructed {a} {b}")
            for k in (a, b):
                art = corpus[k] if k in corpus else make(k, corpus)
                print(f"  T: {art.title}\n  L: {art.lead or ''}\n  B: {' | '.join(art.body)[:600]}")
        return
    gold = load_gold()
    extra = {}
    for g in gold:
        for k in (g["a"], g["b"]):
            if k not in corpus and k not in extra:
                extra[k] = make(k, corpus)
    kinds = collections.Counter(f"{g['kind']}/{g['label']}" for g in gold)
    print(f"{len(corpus)} corpus articles, {len(extra)} constructed; {len(gold)} labeled pairs: "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    chosen = Settings()
    ids, cost = run(chosen, corpus, extra)
    p, r, wrong = score(gold, ids)
    sizes = collections.Counter(ids[k] for k in corpus)
    print(f"chosen: shingle={chosen.shingle} threshold={chosen.threshold} num_perm={chosen.num_perm}: "
          f"precision {p:.3f} recall {r:.3f}; corpus stories of 2+: {sum(1 for v in sizes.values() if v > 1)}")
    peer = pipeline_cost(corpus)
    print(f"grouping cost: {cost:.0f} µs CPU/article (story words, signature, LSH query, insert; in-memory index); "
          f"default pipeline: {peer:.0f} µs/article; grouping adds {cost / peer:.1%}")
    print(f"store: update_stories over a file database: {store_cost(corpus):.0f} µs CPU/article "
          "(reads title, lead and body from the stored records, one transaction per 500)")
    ks = collections.defaultdict(list)
    for g in gold:
        a, b = (set(shingles(article_words(corpus.get(k) or extra[k]), chosen.shingle)) for k in (g["a"], g["b"]))
        ks[g["kind"], g["label"]].append(len(a & b) / len(a | b))
    print("exact Jaccard by kind (min-max): " + ", ".join(
        f"{k}/{lab} {min(v):.2f}-{max(v):.2f}" for (k, lab), v in sorted(ks.items())))
    if args.verbose:
        for g in wrong:
            print(f"  wrong: {g['label']} {g['a']} {g['b']} ({g['kind']}: {g['reason']})")
    print("\nshingle threshold precision recall")
    for k, t in SWEEP:
        ids, _ = run(Settings(shingle=k, threshold=t), corpus, extra)
        p, r, _ = score(gold, ids)
        mark = " <- chosen" if (k, t) == (chosen.shingle, chosen.threshold) else ""
        print(f"{k:7d} {t:9.2f} {p:9.3f} {r:6.3f}{mark}")


if __name__ == "__main__":
    main()
