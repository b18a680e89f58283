"""Persian named entities: a CRF tagger over normalized tokens.

The model is a linear-chain CRF (python-crfsuite) trained by ``train/ner.py``
on PEYMA and the ArmanPersoNER corpus (see ``docs/ner.md``). It needs no
deep-learning framework: features are strings computed in Python and the
weights live in ``models/ner.crfsuite`` with a small resource file beside them
(``models/ner_resources.json.gz``: word clusters learned from unlabeled news
text and a lexicon of entity names seen in training).

Every token goes through the project normalizer first (:func:`token_keys`), so
training, ``rasad ner --format conll`` and the pipeline see the same letters:
a corpus token such as «روش های» becomes «روش‌های», and a token that still
holds a space after normalization («از جمله») is split into the sub-tokens
:func:`rasad.tokens.tokenize` would have made; a token's tag is the tag of its
first sub-token.

Features of a word type are computed once and cached (word, affixes, shape,
ZWNJ parts, clusters at three granularities), which is what makes tagging fast;
per sentence, phrase matches against gazetteers (``data/gazetteers/``: countries,
Iranian provinces/counties/cities, first names, titles and organisation heads)
and the training lexicon are added, then a ±2 window.

Scoring: by default (backend ``"native"``) the model's weights are read from the
CRFsuite file once (:mod:`rasad.crf`) and sentences are scored and decoded here,
from per-label score vectors cached per word type, per pair of word clusters, per
word bigram of the model and per phrase-match context (no cache grows with word
pairs); the decoder proves its path is the one CRFsuite would find and hands any sentence it
cannot prove to an exact scorer that adds the weights in CRFsuite's order, so the
tags are identical to pycrfsuite's. ``RASAD_NER_BACKEND=crfsuite`` (or
``Tagger.load(backend="crfsuite")``) tags through pycrfsuite instead.

Public API: :func:`load_tagger` (cached), :meth:`Tagger.tag`,
:meth:`Tagger.tag_many`, :func:`find_entities`, :func:`entities_stage`.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, count
from operator import add, itemgetter
from pathlib import Path

from . import zwnj
from .article import Article, Span
from .crf import make_checked_viterbi, make_viterbi, pack, read_model
from .data import data_path
from .normalize import NON_JOINING, fold, normalize_text
from .tokens import ZWNJ, pair_offsets, sentences, spaced_words, words

MODEL_DIR = Path(__file__).parent / "models"
MODEL_FILE = "ner.crfsuite"
RESOURCES_FILE = "ner_resources.json.gz"
GAZETTEER_DIR = "gazetteers"
# gazetteer file -> feature tag
GAZETTEERS = {
    "countries.txt": "CTRY",
    "world_extra.txt": "CTRY",
    "iran_provinces.txt": "PROV",
    "iran_places.txt": "PLACE",
    "first_names.txt": "FN",
    "titles.txt": "TITLE",
    "org_heads.txt": "ORGH",
    "loc_heads.txt": "LOCH",
}
MAIN_TYPES = ("PER", "ORG", "LOC")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
MAX_PHRASE = 7
BACKENDS = ("native", "crfsuite")


# --------------------------------------------------------------------------- tokens

_KEY_CACHE: dict[str, tuple[str, ...]] = {}
# tokens made only of standard Persian letters, ASCII letters and digits: normalizing them can only
# restore stripped ZWNJs (the letters ة ك ى ي are mapped by the letter table, so they take the long way)
_PLAIN_CHARS = ("[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0"
                "A-Za-z0-9\u06f0-\u06f9]")
_PLAIN = re.compile(_PLAIN_CHARS + "+")
# such runs joined by single ZWNJs that the normalizer's ZWNJ rules keep (not after a non-joining letter,
# not next to a digit): again only stripped ZWNJs can be restored
_DIGITS = "0-9\u06f0-\u06f9"
_PLAIN_ZWNJ = re.compile(f"{_PLAIN_CHARS}+(?:(?<![{NON_JOINING}{_DIGITS}]){ZWNJ}(?![{_DIGITS}]){_PLAIN_CHARS}+)+")
_MAPPED = frozenset("ةكىي")


def token_keys(token: str) -> tuple[str, ...]:
    """The normalized sub-tokens of one token (usually one), cached.

    ``"روش های"`` -> ``("روش‌های",)``; ``"از جمله"`` -> ``("از", "جمله")``.
    """
    keys = _KEY_CACHE.get(token)
    if keys is None:
        if _PLAIN.fullmatch(token) and not _MAPPED.intersection(token):
            keys = (zwnj.repair(token),)  # all the normalizer would do to such a token, much faster
        elif _PLAIN_ZWNJ.fullmatch(token) and not _MAPPED.intersection(token):
            keys = tuple(words(zwnj.repair(token)))
        else:
            norm = normalize_text(token) if token.strip() else token
            keys = tuple(words(norm)) or (norm.strip() or "_",)
        if len(_KEY_CACHE) < 500_000:
            _KEY_CACHE[token] = keys
    return keys


# --------------------------------------------------------------------------- resources

@dataclass
class Resources:
    """What the features read besides the word itself."""

    clusters: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # folded word -> 3 cluster ids
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded phrase -> feature tags
    first_len: dict[str, tuple[int, ...]] = field(default_factory=dict)  # folded first word -> phrase lengths
    # (in words, longest first)
    vocabulary: frozenset[str] = frozenset()  # folded words of the training data

    @classmethod
    def build(cls, clusters: dict[str, tuple[str, str, str]], lexicon: dict[str, tuple[str, ...]],
              gazetteers: dict[str, tuple[str, ...]] | None = None) -> Resources:
        phrases: dict[str, list[str]] = {}
        for source in (gazetteers if gazetteers is not None else load_gazetteers(), lexicon):
            for phrase, tags in source.items():
                phrases.setdefault(phrase, []).extend(t for t in tags if t not in phrases.get(phrase, ()))
        lengths: dict[str, set[int]] = {}
        for phrase in phrases:
            parts = phrase.split(" ")
            if len(parts) <= MAX_PHRASE:
                lengths.setdefault(parts[0], set()).add(len(parts))
        first_len = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}
        return cls(clusters, {k: tuple(v) for k, v in phrases.items()}, first_len)


def load_gazetteers() -> dict[str, tuple[str, ...]]:
    """Folded phrase -> gazetteer tags, from ``data/gazetteers/*.txt`` (one entry a line)."""
    out: dict[str, list[str]] = {}
    for name, tag in GAZETTEERS.items():
        path = data_path(GAZETTEER_DIR) / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key = phrase_key(line)
            if key:
                tags = out.setdefault(key, [])
                if "g" + tag not in tags:
                    tags.append("g" + tag)
    return {k: tuple(v) for k, v in out.items()}


def phrase_key(text: str) -> str:
    """Folded, space-joined sub-tokens of a phrase: the key of gazetteers and the lexicon."""
    return " ".join(fold(k) for t in text.split() for k in token_keys(t))


# --------------------------------------------------------------------------- features

_DOMAIN_COPIED = frozenset(("w=", "sh", "s3", "c2", "c3"))


def _shape_class(ch: str) -> str:
    if ch.isdigit():
        return "d"
    if "a" <= ch.lower() <= "z":
        return "A" if ch.isupper() else "a"
    if ch.isalpha():
        return "f"
    return "z" if ch == ZWNJ else ch


# a word of Arabic-block letters only (the usual case) has the shape "f"
_ALL_F = re.compile("[" + "".join(c for c in map(chr, range(0x600, 0x700)) if _shape_class(c) == "f") + "]+")


def _shape(word: str) -> str:
    """The classes of the characters of ``word`` (see :func:`_shape_class`), runs collapsed, at most 6."""
    if _ALL_F.fullmatch(word):
        return "f"
    out = []
    for ch in word:
        c = _shape_class(ch)
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def _put(out: list, i: int, attr: str) -> None:
    if out[i]:
        out[i].append(attr)
    else:
        out[i] = [attr]


class Featurizer:
    """Turns a sentence of normalized sub-tokens into crfsuite attribute lists."""

    def __init__(self, res: Resources, domain: str = ""):
        self.res = res
        self.domain = domain  # corpus-specific copies of the word's own features ("EasyAdapt"), e.g. "P:"
        self._cache: dict[str, tuple[tuple[str, ...], ...]] = {}
        self.first_names = {k for k, v in res.phrases.items() if "gFN" in v and " " not in k}
        self.titles = {k for k, v in res.phrases.items() if "gTITLE" in v and " " not in k}
        self.places = {k for k, v in res.phrases.items()
                       if {"gCTRY", "gPROV", "gPLACE"}.intersection(v) and " " not in k}

    def key(self, word: str) -> str:
        """The folded form of a normalized sub-token (cached with its features)."""
        return self._type(word)[0][0]

    def _type(self, word: str) -> tuple[tuple[str, ...], ...]:
        """(folded key, own features, window ±1 features [-1 / +1], window ±2 features [-2 / +2])."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        f = fold(word) or word
        sh = _shape(word)
        w, shape = "w=" + f, "sh=" + sh
        n = len(f)
        s2 = "s2=" + f[-2:] if n > 2 else None
        s3 = "s3=" + f[-3:] if n > 3 else None
        base = [w, shape]
        if n > 1:
            base.append("s1=" + f[-1:])
            if s2:
                base.append(s2)
                if s3:
                    base += (s3, "p2=" + f[:2], "p3=" + f[:3])
                else:
                    base.append("p2=" + f[:2])
        if ZWNJ in word:
            parts = word.split(ZWNJ)
            base.append("zf=" + fold(parts[0]))
            base.append("zl=" + fold(parts[-1]))
        cl = self.res.clusters.get(f)
        near = [w, shape, s2] if s2 else [w, shape]
        if cl:
            c2, c3 = "c2=" + cl[1], "c3=" + cl[2]
            base += ("c1=" + cl[0], c2, c3)
            near += (c2, c3)
            far = [w, c2]
        else:
            base.append("c=none")
            far = [w]
        if self.domain:  # corpus-specific copies of the most telling features only (w=, sh, s3, c2, c3)
            d = self.domain.__add__
            base += map(d, [w, shape, s3, c2, c3] if s3 and cl else [w, shape, s3] if s3 else
                        [w, shape, c2, c3] if cl else [w, shape])
        hit = (  # tuples of strings only: the garbage collector stops tracking them (cheaper collections)
            (f, cl[1] if cl else "-"),
            tuple(base),
            tuple(map("-1".__add__, near)),
            tuple(map("+1".__add__, near)),
            tuple(map("-2".__add__, far)),
            tuple(map("+2".__add__, far)),
        )
        if len(self._cache) < 1_000_000:
            self._cache[word] = hit
        return hit

    def matches(self, keys: Sequence[str]) -> list[list[str]]:
        """Phrase matches (gazetteers, lexicon) per position: ``m<TAG><B|I>``."""
        n = len(keys)
        out: list = [()] * n  # a list is made only where something matches
        phrases = self.res.phrases
        first_len = self.res.first_len
        for i in compress(count(), map(first_len.__contains__, keys)):
            for length in first_len[keys[i]]:
                if length > n - i:
                    continue
                tags = phrases.get(keys[i] if length == 1 else " ".join(keys[i:i + length]))
                if tags:
                    for t in tags:
                        _put(out, i, "m" + t + "B")
                        for j in range(i + 1, i + length):
                            _put(out, j, "m" + t + "I")
        return out

    def sentence(self, words_: Sequence[str]) -> list[list[str]]:
        """Attribute lists for a sentence of normalized sub-tokens."""
        n = len(words_)
        types = [self._type(w) for w in words_]
        keys = [t[0][0] for t in types]
        m = self.matches(keys)
        xs = []
        for i in range(n):
            t = types[i]
            x = [*t[1], *m[i]]
            if self.domain and m[i]:
                x += [self.domain + a for a in m[i]]
            if i > 0:
                p = types[i - 1]
                x += p[3]
                x += ["b-=" + keys[i - 1] + "|" + keys[i], "cb-=" + p[0][1] + "|" + t[0][1]]
                x += ["-1" + a for a in m[i - 1]]
                if i > 1:
                    x += types[i - 2][5]
            else:
                x.append("BOS")
            if i < n - 1:
                q = types[i + 1]
                x += q[2]
                x += ["b+=" + keys[i] + "|" + keys[i + 1], "cb+=" + t[0][1] + "|" + q[0][1]]
                x += ["+1" + a for a in m[i + 1]]
                if i < n - 2:
                    x += types[i + 2][4]
            else:
                x.append("EOS")
            xs.append(x)
        return xs


# --------------------------------------------------------------------------- tagger

class Tagger:
    """A loaded CRF model with its resources."""

    def __init__(self, model_path: Path, resources: Resources, meta: dict | None = None,
                 backend: str | None = None):
        import pycrfsuite

        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(model_path))
        self.meta = meta or {}
        self.features = Featurizer(resources, self.meta.get("domain", ""))
        self.rules = True
        self._lock = threading.Lock()
        # "native": score and decode in Python from the model's weights (rasad.crf), identical tags;
        # "crfsuite": hand the attribute strings to pycrfsuite (the reference path)
        self.backend = backend or os.environ.get("RASAD_NER_BACKEND") or "native"
        if self.backend not in BACKENDS:
            raise ValueError(f"unknown NER backend {self.backend!r} (expected one of {BACKENDS})")
        model = read_model(model_path)
        self._labels = model.labels
        self._attrs = model.attributes
        self._nlabels = len(model.labels)
        self._decode = make_viterbi(model.trans)
        self._bos = model.attributes.get("BOS", ())
        self._eos = model.attributes.get("EOS", ())
        self._native: dict[str, tuple] = {}
        self._token_types: dict[str, tuple] = {}  # raw token with one sub-token -> its _ntype
        self._match_vectors: dict[tuple, tuple] = {}  # phrase matches around a position -> dense vector
        self._cluster_ids: dict[str, int] = {}
        self._cluster_pairs: dict[int, tuple] = {}
        self._zero = pack((0.0,) * (self._nlabels + 1))
        self._attr_vectors = {a: self._dense(ops) for a, ops in model.attributes.items()}  # dense, count last
        self._bigrams = self._bigram_index(model.attributes)
        self._bos_v = self._dense(self._bos)
        self._eos_v = self._dense(self._eos)
        max_weight = max([abs(w) for ops in model.attributes.values() for _, w in ops] or [0.0])
        self._checked = make_checked_viterbi(model.trans, max_weight,
                                             model.labels.index("O") if "O" in model.labels else None)
        self.fallbacks = 0  # sentences the checked decoder handed to the exact one

    def _ntype(self, word: str) -> tuple:
        """Everything the scorers need about a word type, cached: (0) folded key, (1) cluster-2 id, (2) the names
        of its own features, (3-6) the names of its window lists "-1",
        "+1", "-2", "+2"; dense per-label sums with the weight count last of (7) its own features and (8-11)
        the four window lists; (12, 13) its cluster-2 number as the left / right word of a pair; (14) the word
        bigrams it starts (right key -> dense vectors for the right and the left word) or None; (15) the word."""
        hit = self._native.get(word)
        if hit is not None:
            return hit
        t = self.features._type(word)
        av = self._attr_vectors
        zero = self._zero
        vecs = []
        for names in t[1:]:
            ds = [av[a] for a in names if a in av]
            vecs.append(tuple(map(sum, zip(*ds, strict=True))) if len(ds) > 1 else ds[0] if ds else zero)
        cid = self._cluster_ids.setdefault(t[0][1], len(self._cluster_ids))
        hit = (t[0][0], t[0][1], t[1], t[2], t[3], t[4], t[5], *vecs,
               cid << 16, cid, self._bigrams.get(t[0][0]), word)
        if len(self._native) < 1_000_000:
            self._native[word] = hit
        return hit

    def _bigram_index(self, attrs: dict) -> dict[str, dict[str, list]]:
        """Word-bigram features ("b-=left|right" for the right word, "b+=left|right" for the left one) indexed
        by left key, then right key: ``[dense for the right word, dense for the left word]``."""
        out: dict[str, dict[str, list]] = {}
        zero = self._zero
        for name, ops in attrs.items():
            side = {"b-=": 0, "b+=": 1}.get(name[:3])
            if side is None:
                continue
            rest = name[3:]
            cut = rest.find("|")
            while cut >= 0:  # a key holding "|" itself: every split (only the true one is ever looked up)
                slot = out.setdefault(rest[:cut], {}).setdefault(rest[cut + 1:], [zero, zero])
                slot[side] = self._dense(ops)
                cut = rest.find("|", cut + 1)
        return {k: {k2: tuple(v2) for k2, v2 in v.items()} for k, v in out.items()}

    def _cluster_pair(self, key: int, a: str, b: str) -> tuple:
        """Dense vectors of the cluster-bigram features of a pair of cluster-2 names ``a``, ``b`` (right
        word's "cb-", left word's "cb+")."""
        cb = a + "|" + b
        get = self._attrs.get
        hit = self._cluster_pairs[key] = (self._dense(get("cb-=" + cb, ())), self._dense(get("cb+=" + cb, ())))
        return hit

    def _match_vector(self, key: tuple) -> tuple[float, ...]:
        """Dense vector of the phrase-match features a position gets from its own matches and its neighbours'
        (``key``: the match lists of the left neighbour, the position, the right neighbour; None at an end)."""
        left, own, right = key
        get = self._attrs.get
        domain = self.features.domain
        ops: tuple = ()
        for a in own:
            ops += get(a, ())
        if domain:
            for a in own:
                ops += get(domain + a, ())
        for a in left or ():
            ops += get("-1" + a, ())
        for a in right or ():
            ops += get("+1" + a, ())
        vec = self._dense(ops) if ops else self._zero
        if len(self._match_vectors) < 200_000:
            self._match_vectors[key] = vec
        return vec

    def _dense(self, ops: tuple[tuple[int, float], ...]) -> tuple[complex, ...]:
        """Per-label sums of (label, weight) pairs, and their count as the last item, packed two floats
        to a complex number (:func:`rasad.crf.pack`): vectors are added item by item, in C."""
        v = [0.0] * (self._nlabels + 1)
        for lab, w in ops:
            v[lab] += w
        v[-1] = float(len(ops))
        return pack(v)

    def _tag_fast(self, cols: tuple[tuple, ...]) -> list[str]:
        """Tags from state scores summed from per-type, per-cluster-pair and per-bigram vectors, decoded by a
        Viterbi that proves its path is the one CRFsuite would find (:func:`rasad.crf.make_checked_viterbi`);
        a sentence it cannot prove (a near tie) is scored exactly by :meth:`_tag_native`. ``cols``: the
        :meth:`_ntype` tuples of the sentence's words, transposed (``cols[k][i]`` is item k of word i)."""
        n = len(cols[0])
        zero = self._zero
        P = list(cols[7])
        L = [self._bos_v, *cols[9][:-1]]
        R = [*cols[8][1:], self._eos_v]
        PP = [zero, zero, *cols[11][:-2]][:n]
        NN = [*cols[10][2:], zero, zero][:n]
        pair_keys = list(map(add, cols[12], cols[13][1:]))
        links = list(map(self._cluster_pairs.get, pair_keys))
        if None in links:
            cpair = self._cluster_pair
            for i in [i for i, lk in enumerate(links) if lk is None]:
                links[i] = cpair(pair_keys[i], cols[1][i], cols[1][i + 1])
        CL = [zero, *map(_FIRST, links)]
        CR = [*map(_SECOND, links), zero]
        keys, bigrams = cols[0], cols[14]
        for i in compress(count(), bigrams[:-1]):
            h = bigrams[i].get(keys[i + 1])
            if h is not None:
                CL[i + 1] = tuple(map(add, CL[i + 1], h[0]))
                CR[i] = tuple(map(add, CR[i], h[1]))
        m = self.features.matches(keys)
        hits = list(compress(count(), m))
        if hits:
            known = self._match_vectors.get
            near = sorted({j for i in hits for j in range(max(0, i - 1), min(n, i + 2))})  # see a match
            for i in near:
                key = (tuple(m[i - 1]) if i > 0 else None, tuple(m[i]), tuple(m[i + 1]) if i < n - 1 else None)
                vec = known(key)
                if vec is None:
                    vec = self._match_vector(key)
                if vec is not zero:
                    P[i] = tuple(map(add, P[i], vec))
        path = self._checked(P, L, R, PP, NN, CL, CR)
        if path is None:
            self.fallbacks += 1
            return self._tag_native(cols[15])
        return list(map(self._labels.__getitem__, path))

    def _tag_native(self, words_: Sequence[str]) -> list[str]:
        """Viterbi tags computed here: the same attributes as :meth:`Featurizer.sentence`, in the same order,
        their weights added in that order (see :mod:`rasad.crf`)."""
        n = len(words_)
        ntype = self._ntype
        get = self._attrs.get

        def ops(names: list[str]) -> tuple[tuple[int, float], ...]:
            return tuple(pair for a in names for pair in get(a, ()))

        def own(names: tuple[str, ...]) -> list[float]:  # state scores of a word's own features, in order
            s = [0.0] * self._nlabels
            for a in names:
                for lab, w in get(a, ()):
                    s[lab] += w
            return s

        types = [(t[0], t[1], own(t[2]), ops(t[3]), ops(t[4]), ops(t[5]), ops(t[6])) for t in map(ntype, words_)]
        keys = [t[0] for t in types]
        m = self.features.matches(keys)
        links = []  # link i joins i and i + 1: (left's "+1" list, b-, cb-) and (right's "-1" list, b+, cb+)
        for a, b in zip(types, types[1:], strict=False):
            kb = a[0] + "|" + b[0]
            cb = a[1] + "|" + b[1]
            links.append((a[4] + get("b-=" + kb, ()) + get("cb-=" + cb, ()),
                          b[3] + get("b+=" + kb, ()) + get("cb+=" + cb, ())))
        get = self._attrs.get
        domain = self.features.domain
        states = []
        empty = ()
        bos, eos = self._bos, self._eos
        last = n - 1
        for i in range(n):
            t = types[i]
            s = list(t[2])
            if not (m[i] or (i > 0 and m[i - 1]) or (i < last and m[i + 1])):
                ops = ((links[i - 1][0] + (types[i - 2][6] if i > 1 else empty)) if i else bos) + (
                    (links[i][1] + (types[i + 2][5] if i + 2 < n else empty)) if i < last else eos)
                for lab, w in ops:
                    s[lab] += w
                states.append(s)
                continue
            mi = m[i]
            if mi:
                for a in mi:
                    for lab, w in get(a, empty):
                        s[lab] += w
                if domain:
                    for a in mi:
                        for lab, w in get(domain + a, empty):
                            s[lab] += w
            if i > 0:
                for lab, w in links[i - 1][0]:
                    s[lab] += w
                for a in m[i - 1]:
                    for lab, w in get("-1" + a, empty):
                        s[lab] += w
                if i > 1:
                    for lab, w in types[i - 2][6]:
                        s[lab] += w
            else:
                for lab, w in bos:
                    s[lab] += w
            if i < last:
                for lab, w in links[i][1]:
                    s[lab] += w
                for a in m[i + 1]:
                    for lab, w in get("+1" + a, empty):
                        s[lab] += w
                if i < n - 2:
                    for lab, w in types[i + 2][5]:
                        s[lab] += w
            else:
                for lab, w in eos:
                    s[lab] += w
            states.append(s)
        labels = self._labels
        return [labels[k] for k in self._decode(states)]

    @classmethod
    def load(cls, directory: Path | str = MODEL_DIR, backend: str | None = None) -> Tagger:
        directory = Path(directory)
        with gzip.open(directory / RESOURCES_FILE, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        ids = data["cluster_ids"]  # word -> "a b c" compact
        clusters = {w: tuple(v.split(" ")) for w, v in ids.items()}
        res = Resources.build(clusters, {k: tuple(v) for k, v in data["lexicon"].items()})
        res.vocabulary = frozenset(data.get("vocabulary") or ())
        zwnj.repair("همکاریهای")  # load the ZWNJ lexicon now rather than on the first token
        return cls(directory / MODEL_FILE, res, data.get("meta"), backend)

    def tag_keys(self, keys: Sequence[str]) -> list[str]:
        """Tags for a sentence of normalized sub-tokens."""
        if not keys:
            return []
        if self.backend == "native":
            cached, ntype = self._native.get, self._ntype
            return self._tag_types([cached(w) or ntype(w) for w in keys])
        else:
            xs = self.features.sentence(keys)
            with self._lock:
                tags = self._crf.tag(xs)
        return self.repair(keys, tags) if self.rules else tags

    def _tag_types(self, types: list[tuple]) -> list[str]:
        """Tags for a sentence of :meth:`_ntype` tuples."""
        cols = tuple(zip(*types, strict=True))
        tags = self._tag_fast(cols)
        return self.repair(cols[15], tags, cols[0]) if self.rules else tags

    def repair(self, keys: Sequence[str], tags: list[str], folded: Sequence[str] | None = None) -> list[str]:
        """Three conservative corrections for news patterns the corpora rarely show.

        1. An ORG/LOC that runs into a person: «وزیر [امور خارجه حسین امیرعبداللهیان]»
           -> ORG «امور خارجه» + PER «حسین امیرعبداللهیان»: the span follows a title word, and
           a first name (gazetteer) follows a word that is neither a title nor a first name, with
           one or two more words (no «و») after it.
        2. A one-word place from the gazetteers (countries and regions, Iranian provinces,
           counties and cities) left untagged is a place when the word never occurs in the
           training data, i.e. the model has no evidence about it («قره‌باغ»).
        3. A short quotation «…» left untagged and followed by a title or role word
           («خلف خلف‌اف» دستیار ویژه …) is a person.
        """
        names, titles = self.features.first_names, self.features.titles
        folded = folded or [self.features.key(k) for k in keys]
        for s, e, label in bio_spans(tags):
            if label in ("ORG", "LOC") and e - s >= 3 and s > 0 and folded[s - 1] in titles:
                for k in range(s + 1, e - 1):
                    if (folded[k] in names and folded[k - 1] not in titles and folded[k - 1] not in names
                            and e - k <= 3 and "و" not in folded[k:e]):
                        tags[k] = "B-PER"
                        for j in range(k + 1, e):
                            tags[j] = "I-PER"
                        break
        n = len(keys)
        places, seen = self.features.places, self.features.res.vocabulary
        for i in compress(count(), map(places.__contains__, folded)):
            if (tags[i] == "O" and folded[i] not in seen
                    and (i + 1 == n or not tags[i + 1].startswith("I-"))):
                tags[i] = "B-LOC"
        for i in [i for i, k in enumerate(keys) if k == "«"] if "«" in keys else ():
            j = i + 1
            while j < n and j - i <= 5 and keys[j] != "»":
                j += 1
            if (j < n and keys[j] == "»" and 1 < j - i <= 5 and j + 1 < n and folded[j + 1] in titles
                    and all(t == "O" for t in tags[i + 1:j]) and all(k.isalpha() for k in folded[i + 1:j])):
                tags[i + 1] = "B-PER"
                for m in range(i + 2, j):
                    tags[m] = "I-PER"
        return tags

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags (``B-PER``, ``I-ORG``, ``O`` …) for one sentence of tokens (any spelling)."""
        native = self.backend == "native"
        if native and tokens:
            types = list(map(self._token_types.get, tokens))
            if None not in types:  # every token seen before, one sub-token each: the usual case
                return self._tag_types(types)
            if self._add_types(tokens, types):  # the new tokens have one sub-token each
                return self._tag_types(types)
        cached = _KEY_CACHE.get
        keys = [cached(t) or token_keys(t) for t in tokens]
        subs = [k for ks in keys for k in ks]
        if len(subs) == len(tokens):  # one sub-token each
            return self.tag_keys(subs)
        subs = []
        first: list[int] = []
        for tok in tokens:
            first.append(len(subs))
            subs.extend(token_keys(tok))
        if not subs:
            return []
        tags = self.tag_keys(subs)
        out = [tags[i] for i in first]
        # a token whose first sub-token is outside an entity but a later one starts one
        for k, i in enumerate(first):
            end = first[k + 1] if k + 1 < len(first) else len(subs)
            if out[k] == "O":
                for j in range(i + 1, end):
                    if tags[j] != "O":
                        out[k] = "B-" + tags[j][2:]
                        break
        return out

    def _add_types(self, tokens: Sequence[str], types: list) -> bool:
        """Fill the ``None`` items of ``types`` with the types of those tokens (cached by raw token);
        False, as soon as one of them has more than one sub-token."""
        cached, ntype, known = self._native.get, self._ntype, self._token_types
        for i in [i for i, t in enumerate(types) if t is None]:
            tok = tokens[i]
            keys = _KEY_CACHE.get(tok) or token_keys(tok)
            if len(keys) != 1:
                return False
            t = types[i] = cached(keys[0]) or ntype(keys[0])
            if len(known) < 1_000_000:
                known[tok] = t
        return True

    def tag_many(self, sentences_: Iterable[Sequence[str]]) -> list[list[str]]:
        return [self.tag(s) for s in sentences_]


_LOADED: dict[str, Tagger] = {}
_LOAD_LOCK = threading.Lock()


def load_tagger(directory: Path | str | None = None) -> Tagger:
    """The committed model (or the one in ``directory``), loaded once per process."""
    key = str(directory or MODEL_DIR)
    with _LOAD_LOCK:
        if key not in _LOADED:
            _LOADED[key] = Tagger.load(directory or MODEL_DIR)
        return _LOADED[key]


# --------------------------------------------------------------------------- spans

def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` token ranges of a BIO sequence, CoNLL style (a stray I- starts an entity)."""
    out = []
    start, label = None, None
    prev = -2
    for i in compress(count(), map("O".__ne__, tags)):  # an "O" (a gap here) ends an entity
        t = tags[i]
        if start is not None and i != prev + 1:
            out.append((start, prev + 1, label))
            start, label = None, None
        if t.startswith("B-") or (t.startswith("I-") and t[2:] != label):
            if start is not None:
                out.append((start, i, label))
            start, label = i, t[2:]
        prev = i
    if start is not None:
        out.append((start, prev + 1, label))
    return out


def find_entities(text: str, tagger: Tagger | None = None,
                  spans: Sequence[tuple[int, int]] | None = None) -> list[Span]:
    """Entity spans over ``text`` (label PER/ORG/LOC, ``data={"text": surface}``).

    ``text`` should be normalized (``Article.text``); sentences are found with
    :func:`rasad.tokens.sentences`, or taken from ``spans`` when given.
    """
    tagger = tagger or load_tagger()
    out: list[Span] = []
    for s0, e0 in spans if spans is not None else sentences(text):
        for sent_s, sent_e in _chunks(text, s0, e0):
            pairs = spaced_words(text[sent_s:sent_e])
            if not pairs:
                continue
            found = bio_spans(tagger.tag(list(map(_SECOND, pairs))))
            if found:
                offs = pair_offsets(pairs)
            for i, j, label in found:
                s, e = offs[2 * i] + sent_s, offs[2 * j - 1] + sent_s
                out.append(Span(s, e, label, {"text": text[s:e]}))
    return out


def _chunks(text: str, s: int, e: int, limit: int = 4000) -> list[tuple[int, int]]:
    """Very long 'sentences' (no punctuation) are cut at spaces so tagging stays linear and bounded."""
    if e - s <= limit:
        return [(s, e)]
    out = []
    while e - s > limit:
        cut = text.rfind(" ", s, s + limit)
        cut = cut if cut > s else s + limit
        out.append((s, cut))
        s = cut
    out.append((s, e))
    return out


# --------------------------------------------------------------------------- pipeline stage

CONTENT_FIELDS = ("surtitle", "title", "lead", "body")


def content_spans(art: Article) -> list[tuple[int, int]]:
    """Spans of ``art.text`` holding the article's content (surtitle, title, lead, body), in order.

    Positions come from ``art.layout`` (raw spans) through ``art.offsets``; an
    article with no layout (e.g. read from JSON fields) is treated as all content.
    """
    raw_spans = [sp for f in CONTENT_FIELDS for sp in art.layout.get(f, [])]
    if not raw_spans:
        return [(0, len(art.text))] if art.text else []
    out = []
    for rs, re_ in sorted(raw_spans):
        s, e = art.offsets.to_new(rs), art.offsets.to_new(re_)
        if out and s < out[-1][1]:
            s = out[-1][1]
        if s < e:
            out.append((s, e))
    return out


def entities_stage(art: Article) -> Article:
    """``spans["sentences"]`` and ``spans["entities"]`` over ``art.text``, content only."""
    sents: list[tuple[int, int]] = []
    for s, e in content_spans(art):
        sents.extend((s + a, s + b) for a, b in sentences(art.text[s:e]))
    art.spans["sentences"] = [Span(s, e, "sentence") for s, e in sents]
    art.spans["entities"] = find_entities(art.text, spans=sents)
    return art


__all__ = [
    "Featurizer", "Resources", "Tagger", "bio_spans", "content_spans", "entities_stage", "find_entities",
    "load_tagger", "phrase_key", "token_keys",
]
