"""Train and evaluate Rasad's Persian NER model (a CRF, see docs/ner.md).

    .venv/bin/python train/ner.py gazetteers          # rebuild data/gazetteers/ lists from ../shared
    .venv/bin/python train/ner.py clusters            # word clusters from unlabeled text -> bench/out/ner/
    .venv/bin/python train/ner.py peyma [--arman] [--c1 C1 --c2 C2 --iters N] [--out DIR]
    .venv/bin/python train/ner.py arman --fold K      # one Arman fold model -> bench/out/ner/arman_foldK
    .venv/bin/python train/ner.py all                 # clusters, production model, the three Arman folds
    .venv/bin/python train/ner.py score               # re-evaluate them (after a change to the tagging code)

RASAD_NER_WORD_DROPOUT=0.3 hides the identity of 30% of the rare word types while
training (tried: no change on dev; off by default).

Training needs python-crfsuite, numpy and scikit-learn (clusters only); the
data live in ../shared/data (read-only). The production model (PEYMA train +
harmonised Arman) is written to src/rasad/models/ with its scores in
src/rasad/models/ner_scores.json; models are selected on PEYMA dev (and on a
held-out part of the Arman training folds), never on test.
"""
from __future__ import annotations

import argparse
import csv
import glob
import gzip
import json
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasad.ner import (  # noqa: E402
    MAIN_TYPES,
    MODEL_FILE,
    RESOURCES_FILE,
    Featurizer,
    Resources,
    Tagger,
    bio_spans,
    load_gazetteers,
    token_keys,
)
from rasad.normalize import fold, normalize_text  # noqa: E402
from rasad.tokens import words  # noqa: E402

SHARED = Path(os.environ.get("RASAD_SHARED", ROOT.parent / "shared")) / "data"
NER = SHARED / "ner"
OUT = ROOT / "bench" / "out" / "ner"
MODELS = ROOT / "src" / "rasad" / "models"
CLUSTERS = OUT / "clusters.json"
Sentence = list[tuple[str, str]]  # (token, BIO tag with '-')
SLICE = 200  # the first SLICE sentences of PEYMA dev: tests/test_ner.py checks the committed model on them


# --------------------------------------------------------------------------- corpora

def read_conll(path: Path, sep: str) -> list[Sentence]:
    """PEYMA ("tok|TAG", tags B_X) or Arman ("tok TAG", tags B-x); tags become B-X."""
    sents: list[Sentence] = []
    cur: Sentence = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        i = line.rfind(sep)
        tok, tag = line[:i], line[i + 1:].strip()
        tag = tag.replace("_", "-")
        if tag != "O":
            tag = tag[:2] + tag[2:].upper()
        cur.append((tok, tag))
    if cur:
        sents.append(cur)
    return sents


def peyma(split: str) -> list[Sentence]:
    return read_conll(NER / "peyma" / f"{split}.txt", "|")


def arman(name: str) -> list[Sentence]:
    return read_conll(NER / "arman" / f"{name}.txt", " ")


ARMAN_TYPES = {"PERS": "PER", "ORG": "ORG", "LOC": "LOC", "FAC": "FAC", "PRO": "PRO", "EVENT": "EVENT"}


def retag(sent: Sentence, mapping: dict[str, str]) -> Sentence:
    """Rename entity types (a type mapped to '' becomes O)."""
    out = []
    for tok, tag in sent:
        if tag == "O":
            out.append((tok, tag))
            continue
        t = mapping.get(tag[2:], tag[2:])
        out.append((tok, tag[:2] + t if t else "O"))
    return out


def entities(sent: Sentence) -> list[tuple[int, int, str]]:
    return bio_spans([t for _, t in sent])


def key_of(toks: list[str]) -> str:
    return " ".join(fold(k) for t in toks for k in token_keys(t))


# --------------------------------------------------------------------------- harmonisation

_DEMONYM = re.compile(r"(ییان|یان|ئیان|یها|ی‌ها|ها|ئی|یی|ی)$")


class Harmoniser:
    """Rewrites Arman's annotation into PEYMA's conventions (the production model's).

    - ``pers/org/loc`` -> PER/ORG/LOC;
    - an ORG that is a place name (gazetteer country/province/city or a phrase PEYMA
      tags LOC most of the time: Arman tags «ایران», «آمریکا» as ORG when they act)
      -> LOC;
    - a one-word ORG that is a nationality/demonym («ایرانی», «آمریکائی») -> O;
    - FAC/PRO/EVENT -> the type PEYMA gives most often to entities with the same
      first word («دانشگاه …» ORG, «ورزشگاه …» LOC, «روزنامه …» ORG); FAC with no
      evidence -> LOC (PEYMA tags facilities as LOC), PRO/EVENT -> O;
    - «جهان», «دنیا» outside entities -> LOC (PEYMA tags them LOC).
    """

    def __init__(self, peyma_train: list[Sentence]):
        gaz = load_gazetteers()
        self.places = {k for k, v in gaz.items() if {"gCTRY", "gPROV", "gPLACE"} & set(v)}
        by_phrase: dict[str, Counter] = defaultdict(Counter)
        by_first: dict[str, Counter] = defaultdict(Counter)
        word_tags: dict[str, Counter] = defaultdict(Counter)
        for s in peyma_train:
            for tok, tag in s:
                word_tags[key_of([tok])][tag[2:] if tag != "O" else "O"] += 1
            for i, j, t in entities(s):
                k = key_of([w for w, _ in s[i:j]])
                by_phrase[k][t] += 1
                by_first[k.split(" ")[0]][t] += 1
        for k, c in by_phrase.items():
            if c.most_common(1)[0][0] == "LOC":
                self.places.add(k)
        self.by_first = by_first
        self.world_loc = {w for w in ("جهان", "دنیا")
                          if word_tags[fold(w)]["LOC"] >= 0.7 * sum(word_tags[fold(w)].values())}
        self.changes: Counter = Counter()

    def _demonym(self, k: str) -> bool:
        if " " in k:
            return False
        stem = _DEMONYM.sub("", k)
        return stem != k and (stem in self.places or stem + "ه" in self.places or stem + "ا" in self.places)

    def __call__(self, sent: Sentence) -> Sentence:
        sent = retag(sent, ARMAN_TYPES)
        tags = [t for _, t in sent]
        toks = [w for w, _ in sent]
        for i, j, t in entities(sent):
            k = key_of(toks[i:j])
            new = t
            if t == "ORG":
                if k in self.places:
                    new = "LOC"
                elif self._demonym(k):
                    new = ""
            elif t in ("FAC", "PRO", "EVENT"):
                c = self.by_first.get(k.split(" ")[0])
                best = None
                if c:
                    cand = [(n, x) for x, n in c.items() if x in MAIN_TYPES]
                    if cand and max(cand)[0] >= 3:
                        best = max(cand)[1]
                new = best or ("LOC" if t == "FAC" else "")
            if new != t:
                self.changes[f"{t}->{new or 'O'}"] += 1
                for m in range(i, j):
                    tags[m] = ("B-" if m == i else "I-") + new if new else "O"
        for m, w in enumerate(toks):
            if tags[m] == "O" and normalize_text(w) in self.world_loc:
                tags[m] = "B-LOC"
                self.changes["O->LOC (جهان/دنیا)"] += 1
        return list(zip(toks, tags, strict=True))


def peyma_only(sent: Sentence) -> Sentence:
    """PEYMA's time and number types (DAT, TIM, MON, PCT) are not kept."""
    return retag(sent, {"DAT": "", "TIM": "", "MON": "", "PCT": ""})


# --------------------------------------------------------------------------- sub-tokens

def subtokens(sent: Sentence) -> tuple[list[str], list[str]]:
    """Normalized sub-tokens and their tags (a token's B- goes to its first sub-token)."""
    ws: list[str] = []
    ts: list[str] = []
    for tok, tag in sent:
        keys = token_keys(tok)
        for n, k in enumerate(keys):
            ws.append(k)
            ts.append(tag if n == 0 or tag == "O" else "I-" + tag[2:])
    return ws, ts


# --------------------------------------------------------------------------- clusters

def unlabeled_text() -> list[list[str]]:
    """Sentences of normalized words: FarsNews + PEYMA train and dev (never a test split)."""
    out: list[list[str]] = []
    for path in sorted(glob.glob(str(SHARED / "news" / "farsnews" / "*.json"))):
        for art in json.loads(Path(path).read_text(encoding="utf-8")):
            for para in [art.get("title") or "", art.get("abstract") or "", *(art.get("paragraphs") or [])]:
                if para:
                    out.append(words(normalize_text(para)))
    for split in ("train", "dev"):
        for s in peyma(split):
            out.append([k for tok, _ in s for k in token_keys(tok)])
    return out


def build_clusters(dim: int = 100, sizes: tuple[int, int, int] = (32, 128, 512), min_count: int = 3,
                   n_contexts: int = 3000) -> dict[str, str]:
    """Distributional word clusters: PPMI of ±1/±2 neighbour counts, truncated SVD, k-means at three sizes."""
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD

    t0 = time.time()
    sents = [[fold(w) for w in s] for s in unlabeled_text()]
    freq = Counter(w for s in sents for w in s)
    vocab = [w for w, c in freq.most_common() if c >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:n_contexts])}
    nc = len(ctx)
    rows, cols = [], []
    for s in sents:
        ids = [index.get(w, -1) for w in s]
        cids = [ctx.get(w, -1) for w in s]
        n = len(s)
        for i in range(n):
            if ids[i] < 0:
                continue
            for off, slot in ((-2, 0), (-1, 1), (1, 2), (2, 3)):
                j = i + off
                if 0 <= j < n and cids[j] >= 0:
                    rows.append(ids[i])
                    cols.append(slot * nc + cids[j])
    m = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(vocab), 4 * nc))
    m.sum_duplicates()
    total = m.sum()
    row = np.asarray(m.sum(axis=1)).ravel()
    col = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col = col / col.sum() * total
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (row[coo.row] * col[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape)
    vec = TruncatedSVD(dim, random_state=0).fit_transform(ppmi)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    labels = []
    for k in sizes:
        km = MiniBatchKMeans(k, random_state=0, batch_size=4096, n_init=3).fit(vec)
        labels.append(km.labels_)
    out = {w: f"{labels[0][i]} {labels[1][i]} {labels[2][i]}" for i, w in enumerate(vocab)}
    print(f"clusters: {len(sents)} sentences, {sum(freq.values())} words, {len(vocab)} types, "
          f"{time.time() - t0:.0f} s", file=sys.stderr)
    return out


def load_clusters() -> dict[str, str]:
    if not CLUSTERS.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        CLUSTERS.write_text(json.dumps(build_clusters(), ensure_ascii=False), encoding="utf-8")
    return json.loads(CLUSTERS.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- lexicon

def build_lexicon(data: list[tuple[list[str], list[str]]], min_count: int = 1) -> dict[str, tuple[str, ...]]:
    """Entity phrases of the training data -> ``x<TYPE><h|m|l>`` tags (how often the phrase is that entity)."""
    ent: dict[str, Counter] = defaultdict(Counter)
    for ws, ts in data:
        keys = [fold(w) for w in ws]
        for i, j, t in bio_spans(ts):
            if j - i <= 6:
                ent[" ".join(keys[i:j])][t] += 1
    # how often each phrase occurs at all (as any n-gram)
    lens = {len(k.split(" ")) for k in ent}
    occ: Counter = Counter()
    for ws, _ in data:
        keys = [fold(w) for w in ws]
        for n in lens:
            for i in range(len(keys) - n + 1):
                k = " ".join(keys[i:i + n]) if n > 1 else keys[i]
                if k in ent:
                    occ[k] += 1
    out: dict[str, tuple[str, ...]] = {}
    for k, c in ent.items():
        total = sum(c.values())
        if total < min_count:
            continue
        tags = []
        for t, n in c.items():
            share = n / max(occ[k], total)
            if share >= 0.2:
                tags.append("x" + t + ("h" if share >= 0.7 else "m" if share >= 0.4 else "l"))
        if tags:
            out[k] = tuple(tags)
    return out


# --------------------------------------------------------------------------- training

class DropoutFeaturizer(Featurizer):
    """Training only: the words of ``drop`` lose their identity features (own, window, bigrams).

    A rare word's identity explains its training occurrences so well that the CRF
    learns little from gazetteers, clusters and affixes, which are all it has for a
    word never seen in training. Hiding the identity of some rare word types
    simulates unseen words (type-level word dropout).
    """

    def __init__(self, res: Resources, domain: str, drop: set[str]):
        super().__init__(res, domain)
        self.drop = drop

    def sentence(self, words_):
        xs = super().sentence(words_)
        if not self.drop:
            return xs
        keys = [self.key(w) for w in words_]
        for i, k in enumerate(keys):
            if k not in self.drop:
                continue
            xs[i] = [a for a in xs[i] if not _is_identity(a) and not a.startswith(("b-=", "b+="))]
            if i > 0:
                xs[i - 1] = [a for a in xs[i - 1] if not a.startswith("b+=") and not a.startswith("+1w=")]
            if i + 1 < len(xs):
                xs[i + 1] = [a for a in xs[i + 1] if not a.startswith("b-=") and not a.startswith("-1w=")]
            if i > 1:
                xs[i - 2] = [a for a in xs[i - 2] if not a.startswith("+2w=")]
            if i + 2 < len(xs):
                xs[i + 2] = [a for a in xs[i + 2] if not a.startswith("-2w=")]
        return xs


def _is_identity(a: str) -> bool:
    return a.startswith("w=") or a[2:4] == "w=" and a[1] == ":"


def dropped_types(data: list[tuple[list[str], list[str]]], rate: float, max_count: int = 10,
                  seed: int = 0) -> set[str]:
    """A random ``rate`` of the word types seen at most ``max_count`` times in ``data``."""
    if rate <= 0:
        return set()
    freq = Counter(fold(w) for ws, _ in data for w in ws)
    rnd = random.Random(seed)
    return {w for w, c in sorted(freq.items()) if c <= max_count and rnd.random() < rate}


WORD_DROPOUT = float(os.environ.get("RASAD_NER_WORD_DROPOUT", "0"))


def featurize(data: list[tuple[list[str], list[str]]], clusters: dict[str, tuple[str, str, str]],
              domains: list[str] | None = None, folds: int = 5) -> list[list[list[str]]]:
    """Features with a jackknifed lexicon: each part sees the lexicon of the other parts only.

    ``domains`` (one per sentence, e.g. "P:" / "A:"): corpus-specific feature copies, or none.
    """
    gaz = load_gazetteers()
    domains = domains or [""] * len(data)
    parts = [i % folds for i in range(len(data))]
    xs: list[list[list[str]] | None] = [None] * len(data)
    drop = dropped_types(data, WORD_DROPOUT)
    for k in range(folds):
        lex = build_lexicon([d for d, p in zip(data, parts, strict=True) if p != k])
        res = Resources.build(clusters, lex, gaz)
        fzs = {d: DropoutFeaturizer(res, d, drop) for d in set(domains)}
        for i, (ws, _) in enumerate(data):
            if parts[i] == k:
                xs[i] = fzs[domains[i]].sentence(ws)
    return xs  # type: ignore[return-value]


def train(data: list[Sentence], out: Path, c1: float, c2: float, iters: int, meta: dict,
          algo: str = "lbfgs", domains: list[str] | None = None) -> Path:
    import pycrfsuite

    t0 = time.time()
    cl = load_clusters()
    clusters = {w: tuple(v.split(" ")) for w, v in cl.items()}
    sub = [subtokens(s) for s in data]
    xs = featurize(sub, clusters, domains)
    trainer = pycrfsuite.Trainer(algorithm=algo, verbose=False)
    for x, (_, ts) in zip(xs, sub, strict=True):
        trainer.append(x, ts)
    if algo == "lbfgs":
        trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iters, "feature.possible_transitions": True})
    else:
        trainer.set_params({"max_iterations": iters, "feature.possible_transitions": True})
    out.mkdir(parents=True, exist_ok=True)
    t1 = time.time()
    trainer.train(str(out / MODEL_FILE))
    lex = build_lexicon(sub)
    # keep only the clusters of words the model can use: all of them (unseen words need them most)
    meta = dict(meta, algorithm=algo, c1=c1, c2=c2, word_dropout=WORD_DROPOUT, iterations=iters,
                train_sentences=len(data), train_tokens=sum(len(s) for s in data),
                train_seconds=round(time.time() - t1))
    write_resources(out, meta, cl, lex, vocabulary(sub))
    print(f"trained {out} in {time.time() - t0:.0f} s (features {t1 - t0:.0f} s)", file=sys.stderr)
    return out


def vocabulary(sub: list[tuple[list[str], list[str]]]) -> list[str]:
    """Folded word types of the training data (the tagger's test for 'never seen in training')."""
    return sorted({fold(w) for ws, _ in sub for w in ws})


def write_resources(out: Path, meta: dict, clusters: dict[str, str], lexicon: dict, vocab: list[str]) -> None:
    with gzip.open(out / RESOURCES_FILE, "wt", encoding="utf-8") as fh:
        json.dump({"meta": meta, "cluster_ids": clusters, "lexicon": lexicon, "vocabulary": vocab}, fh,
                  ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------- evaluation

def score(gold: list[list[str]], pred: list[list[str]], types=MAIN_TYPES) -> dict:
    """CoNLL strict span P/R/F1 per type and micro over ``types``."""
    tp: Counter = Counter()
    ng: Counter = Counter()
    np_: Counter = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs = {s for s in bio_spans(g) if s[2] in types}
        ps = {s for s in bio_spans(p) if s[2] in types}
        for s in gs:
            ng[s[2]] += 1
        for s in ps:
            np_[s[2]] += 1
        for s in gs & ps:
            tp[s[2]] += 1
    out = {}
    for t in [*types, "micro"]:
        a = sum(tp.values()) if t == "micro" else tp[t]
        b = sum(np_.values()) if t == "micro" else np_[t]
        c = sum(ng.values()) if t == "micro" else ng[t]
        p = a / b if b else 0.0
        r = a / c if c else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[t] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "gold": c, "pred": b}
    return out


def evaluate(tagger: Tagger, data: list[Sentence]) -> tuple[dict, float]:
    """Tag the corpus tokens as ``rasad ner --format conll`` does; scores and tokens/s."""
    gold = [[t for _, t in s] for s in data]
    toks = [[w for w, _ in s] for s in data]
    t0 = time.process_time()
    pred = [tagger.tag(s) for s in toks]
    secs = time.process_time() - t0
    return score(gold, pred), sum(map(len, toks)) / max(secs, 1e-9)


def show(name: str, sc: dict) -> str:
    parts = [f"{t} {sc[t]['f1']:.4f}" for t in (*MAIN_TYPES, "micro")]
    return f"{name:>14}: " + "  ".join(parts)


# --------------------------------------------------------------------------- commands

def cmd_peyma(args) -> None:
    train_data = [peyma_only(s) for s in peyma("train")]
    meta = {"data": "PEYMA train", "conventions": "PEYMA (PER, ORG, LOC)"}
    changes: Counter = Counter()
    if args.arman:
        h = Harmoniser(train_data)
        for f in (1, 2, 3):
            train_data += [h(s) for s in arman(f"test_fold{f}")]
        changes = h.changes
        meta["data"] = "PEYMA train + Arman (all folds, harmonised to PEYMA)"
        meta["harmonisation"] = dict(changes)
        print("harmonisation:", dict(changes), file=sys.stderr)
    out = Path(args.out)
    domains = None
    if args.arman and args.adapt:
        n_p = len([s for s in peyma("train")])
        domains = ["P:"] * n_p + ["A:"] * (len(train_data) - n_p)
        meta["domain"] = "P:"
    train(train_data, out, args.c1, args.c2, args.iters, meta, args.algo, domains)
    tagger = Tagger.load(out)
    dev = [peyma_only(s) for s in peyma("dev")]
    test = [peyma_only(s) for s in peyma("test")]
    sd, speed = evaluate(tagger, dev)
    st, _ = evaluate(tagger, test)
    print(show("PEYMA dev", sd))
    print(show("PEYMA test", st))
    sl, _ = evaluate(tagger, dev[:SLICE])
    result = {"model": tagger.meta, "peyma_dev": sd, "peyma_test": st, f"peyma_dev_first{SLICE}": sl,
              "tokens_per_s_eval": round(speed)}
    if out.resolve() == MODELS.resolve():
        _update_scores({"peyma": result})
    else:
        (out / "scores.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


def cmd_arman(args) -> None:
    k = args.fold
    data = [retag(s, ARMAN_TYPES) for s in arman(f"train_fold{k}")]
    test = [retag(s, ARMAN_TYPES) for s in arman(f"test_fold{k}")]
    result: dict = {"fold": k}
    if args.holdout:
        rnd = random.Random(k)
        idx = list(range(len(data)))
        rnd.shuffle(idx)
        cut = len(idx) // 10
        dev = [data[i] for i in idx[:cut]]
        data = [data[i] for i in idx[cut:]]
    out = OUT / (f"arman_fold{k}" + ("_holdout" if args.holdout else "") + ("_adapt" if args.adapt else ""))
    meta = {"data": f"Arman train_fold{k}", "conventions": "Arman"}
    domains = None
    if args.adapt:  # PEYMA train as a second corpus, with corpus-specific feature copies
        extra = [peyma_only(s) for s in peyma("train")]
        domains = ["A:"] * len(data) + ["P:"] * len(extra)
        data = data + extra
        meta.update(data=f"Arman train_fold{k} + PEYMA train (corpus-specific features)", domain="A:")
    train(data, out, args.c1, args.c2, args.iters, meta, args.algo, domains)
    tagger = Tagger.load(out)
    if args.holdout:
        sd, _ = evaluate(tagger, dev)
        result["heldout_dev"] = sd
        print(show(f"fold{k} dev", sd))
    st, speed = evaluate(tagger, test)
    result["test"] = st
    print(show(f"fold{k} test", st))
    (out / "scores.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.holdout:
        _update_scores({f"arman_fold{k}": result})


def cmd_score(_args) -> None:
    """Re-evaluate the committed model and the Arman fold models with the current code; rewrite the scores."""
    tagger = Tagger.load(MODELS)
    dev = [peyma_only(s) for s in peyma("dev")]
    test = [peyma_only(s) for s in peyma("test")]
    sd, speed = evaluate(tagger, dev)
    st, _ = evaluate(tagger, test)
    sl, _ = evaluate(tagger, dev[:SLICE])
    print(show("PEYMA dev", sd))
    print(show("PEYMA test", st))
    _update_scores({"peyma": {"model": tagger.meta, "peyma_dev": sd, "peyma_test": st,
                              f"peyma_dev_first{SLICE}": sl, "tokens_per_s_eval": round(speed)}})
    for k in (1, 2, 3):
        folder = OUT / f"arman_fold{k}"
        if (folder / MODEL_FILE).exists():
            sc, _ = evaluate(Tagger.load(folder), [retag(s, ARMAN_TYPES) for s in arman(f"test_fold{k}")])
            print(show(f"fold{k} test", sc))
            _update_scores({f"arman_fold{k}": {"fold": k, "test": sc}})


def _update_scores(part: dict) -> None:
    path = MODELS / "ner_scores.json"
    cur = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    cur.update(part)
    path.write_text(json.dumps(cur, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def cmd_gazetteers(_args) -> None:
    gz = SHARED / "gazetteers"
    dst = ROOT / "src" / "rasad" / "data" / "gazetteers"
    dst.mkdir(parents=True, exist_ok=True)

    def write(name: str, items: list[str], header: str) -> None:
        items = sorted({i.strip() for i in items if i.strip()})
        (dst / name).write_text(header + "\n" + "\n".join(items) + "\n", encoding="utf-8")

    def col(path: Path, name: str) -> list[str]:
        with path.open(encoding="utf-8") as fh:
            return [r[name] for r in csv.DictReader(fh)]

    write("countries.txt", col(gz / "countries_fa" / "country.csv", "value"),
          "# Country and territory names in Persian (CLDR via umpirsky/country-list, MIT; see LICENSES.md).")
    write("iran_provinces.txt", col(gz / "iran_divisions" / "provinces.csv", "name"),
          "# Iranian provinces (SaliBhdr/typhoon-iran-cities, MIT; see LICENSES.md).")
    write("iran_places.txt", col(gz / "iran_divisions" / "counties.csv", "name")
          + col(gz / "iran_divisions" / "cities.csv", "name"),
          "# Iranian counties and cities (SaliBhdr/typhoon-iran-cities, MIT; see LICENSES.md).")
    names = []
    for f in ("male_fa.txt", "female_fa.txt"):
        names += (gz / "persian_names" / f).read_text(encoding="utf-8").splitlines()
    write("first_names.txt", names,
          "# Persian first names, male and female (armanyazdi/persian-names, MIT; see LICENSES.md).")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("gazetteers")
    sub.add_parser("clusters")
    sub.add_parser("score", help="re-evaluate the committed and Arman fold models, rewrite ner_scores.json")
    for name in ("peyma", "arman", "all"):
        p = sub.add_parser(name)
        p.add_argument("--c1", type=float, default=0.05)
        p.add_argument("--c2", type=float, default=0.1)
        p.add_argument("--iters", type=int, default=300)
        p.add_argument("--algo", default="lbfgs", choices=("lbfgs", "ap", "pa", "l2sgd"))
        p.add_argument("--adapt", action="store_true",
                       help="two corpora with corpus-specific feature copies (EasyAdapt)")
        if name == "peyma":
            p.add_argument("--arman", action="store_true", help="add Arman, harmonised to PEYMA's conventions")
            p.add_argument("--out", default=str(MODELS))
        if name == "arman":
            p.add_argument("--fold", type=int, required=True, choices=(1, 2, 3))
            p.add_argument("--holdout", action="store_true", help="train on 90%%, report the held-out 10%%")
    args = ap.parse_args()
    if not NER.exists():
        sys.exit(f"no NER data at {NER}")
    if args.cmd == "gazetteers":
        cmd_gazetteers(args)
    elif args.cmd == "clusters":
        OUT.mkdir(parents=True, exist_ok=True)
        CLUSTERS.write_text(json.dumps(build_clusters(), ensure_ascii=False), encoding="utf-8")
    elif args.cmd == "score":
        cmd_score(args)
    elif args.cmd == "peyma":
        cmd_peyma(args)
    elif args.cmd == "arman":
        cmd_arman(args)
    elif args.cmd == "all":
        # the committed model: PEYMA train + harmonised Arman, corpus-specific feature copies
        args.arman, args.adapt, args.out, args.holdout = True, True, str(MODELS), False
        cmd_peyma(args)
        args.adapt = False  # the Arman evaluation models: Arman's other two folds only
        for k in (1, 2, 3):
            args.fold = k
            cmd_arman(args)


if __name__ == "__main__":
    main()
