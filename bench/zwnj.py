"""ZWNJ restoration on the Arman test set: Rasad vs hazm vs rishe.

    .venv-bench/bin/python bench/zwnj.py            # held-aside set (test_fold2+3)
    .venv-bench/bin/python bench/zwnj.py --split dev  # tuning set (test_fold1)
    .venv-bench/bin/python bench/zwnj.py --errors 40  # also print some errors (rasad)

The set is built by ``bench/zwnj_testset.py``: reference = Arman sentence
normalized without ZWNJ repair, input = reference with all ZWNJs removed.
Every system gets the input sentence by sentence and its output is aligned
to the reference letter by letter (spaces and ZWNJs ignored, letter variants,
digits and diacritics folded, so a peer's other normalizations do not count).
Then, for every gap between two adjacent Persian letters of the reference,
the separator (nothing / ZWNJ / space) in reference, input and output is
compared:

* restored % = gaps with a ZWNJ in the reference that have a ZWNJ in the
  output / all ZWNJ gaps of the reference;
* wrong change = a gap whose output separator differs from both the input
  and the reference (a ZWNJ or space inserted where the reference has none,
  a space removed, a space put where the reference has a ZWNJ ...). A word
  (space-separated reference token with a Persian letter) is wrongly changed
  if one of its inner gaps or the gap after it is a wrong change;
  wrong-change % = wrongly changed words / words;
* of these, "ref-inconsistent" words are those where the output word
  (reference word with the inserted ZWNJs) occurs with exactly these ZWNJs
  elsewhere in the Arman corpus (Arman writes «سالهای» in one sentence and
  «سال‌های» in another); "adjusted" excludes them. The strict figure is the
  headline; the adjusted one shows how much is the reference's own
  inconsistency.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import zwnj_testset

from rasad.normalize import _tables, normalize

ZWNJ = "\u200c"
LETTERS = set(
    [chr(c) for c in range(0x0621, 0x063B)]
    + [chr(c) for c in range(0x0641, 0x064B)]
    + list("\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0")
)
_DROP = set(
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u0640\u200d\u200e\u200f"
)


def skeleton(text: str) -> tuple[str, list[str]]:
    """Folded visible characters and, for each, the separator that follows it."""
    fold = _tables()[1]
    chars: list[str] = []
    seps: list[str] = []
    for ch in text:
        if ch.isspace():
            if seps:
                seps[-1] = " "
        elif ch == ZWNJ:
            if seps and seps[-1] == "":
                seps[-1] = ZWNJ
        elif ch in _DROP:
            continue
        else:
            t = ch.translate(fold)
            if len(t) != 1:
                continue
            chars.append(t)
            seps.append("")
    return "".join(chars), seps


def out_seps(ref_chars: str, out_text: str) -> list[str | None]:
    """Output separator after each reference character (None: not aligned)."""
    oc, os_ = skeleton(out_text)
    if oc == ref_chars:
        return list(os_)
    res: list[str | None] = [None] * len(ref_chars)
    sm = SequenceMatcher(None, ref_chars, oc, autojunk=False)
    for a, b, n in sm.get_matching_blocks():
        for k in range(n - 1):  # last char of a block: its gap is not aligned
            res[a + k] = os_[b + k]
        if n and a + n < len(ref_chars) and b + n < len(oc):
            res[a + n - 1] = os_[b + n - 1]
    return res


# plural and comparative endings that Arman writes glued about 70% of the time
# after a joining letter (dev fold: ها/های/هایی 1050 glued vs 427 with ZWNJ;
# تر/ترین 54 vs 31), although the standard spelling has a ZWNJ
CONVENTION_SUFFIXES = (
    "ها",
    "های",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هایمان",
    "هایتان",
    "هایشان",
    "تر",
    "ترین",
    "تری",
)


def corpus_vocab() -> tuple[set[str], set[str]]:
    """(ZWNJ-bearing words, all words) of the whole Arman corpus, letters only."""
    fold = _tables()[1]
    zw: set[str] = set()
    words: set[str] = set()
    for split in zwnj_testset.SPLITS:
        for _, ref in zwnj_testset.build(split):
            for tok in ref.split():
                w = "".join(c for c in tok if c in LETTERS or c == ZWNJ).strip(ZWNJ)
                w = w.translate(fold)  # same letter folding as the aligned skeletons
                words.add(w)
                if ZWNJ in w:
                    zw.add(w)
    return zw, words


def convention_only(word: str, vocab: set[str]) -> bool:
    """One ZWNJ added before a plural/comparative ending, after a word the corpus has on its own."""
    head, _, tail = word.rpartition(ZWNJ)
    return tail in CONVENTION_SUFFIXES and head.replace(ZWNJ, "") in vocab


def evaluate(name, fn, pairs, vocabs, errors=None):
    inconsistent_vocab, all_vocab = vocabs
    n_zwnj = restored = as_space = words = wrong = wrong_incons = wrong_conv = 0
    fn("می‌کند")  # load lexicons before timing
    t0 = time.perf_counter()
    outputs = [fn(inp) for inp, _ in pairs]
    secs = time.perf_counter() - t0
    for (inp, ref), out in zip(pairs, outputs, strict=True):
        rc, rs = skeleton(ref)
        ic, is_ = skeleton(inp)
        assert ic == rc, (inp, ref)
        os_ = out_seps(rc, out)
        # word spans over reference characters: a word ends at a gap with a space
        start = 0
        for i in range(len(rc)):
            if rs[i] == " " or i == len(rc) - 1:
                span = range(start, i + 1)
                start = i + 1
                if not any(rc[k] in LETTERS for k in span):
                    continue
                words += 1
                bad = []
                for k in span:
                    if k + 1 >= len(rc) or rc[k] not in LETTERS or rc[k + 1] not in LETTERS:
                        continue
                    o = os_[k]
                    if rs[k] == ZWNJ:
                        n_zwnj += 1
                        restored += o == ZWNJ
                        as_space += o == " "
                    if o is not None and o != is_[k] and o != rs[k]:
                        bad.append(k)
                if bad:
                    wrong += 1
                    word = "".join(
                        rc[k] + (ZWNJ if (k in bad and os_[k] == ZWNJ) or rs[k] == ZWNJ else "")
                        for k in span
                        if rc[k] in LETTERS
                    ).strip(ZWNJ)
                    zw_only = all(os_[k] == ZWNJ and k != span[-1] for k in bad)
                    incons = zw_only and word in inconsistent_vocab
                    conv = (
                        zw_only
                        and not incons
                        and len(bad) == 1
                        and convention_only(
                            "".join(rc[k] + (ZWNJ if k in bad else "") for k in span if rc[k] in LETTERS),
                            all_vocab,
                        )
                    )
                    wrong_incons += incons
                    wrong_conv += conv
                    if errors is not None:
                        tag = "incons " if incons else "conv " if conv else ""
                        errors[tag + rc[span[0] : span[-1] + 1] + " -> " + word] += 1
    return {
        "system": name,
        "zwnj": n_zwnj,
        "restored": 100 * restored / max(n_zwnj, 1),
        "as_space": 100 * as_space / max(n_zwnj, 1),
        "words": words,
        "wrong": 100 * wrong / max(words, 1),
        "wrong_adj": 100 * (wrong - wrong_incons - wrong_conv) / max(words, 1),
        "wrong_n": wrong,
        "incons_n": wrong_incons,
        "conv_n": wrong_conv,
        "chars_s": sum(len(i) for i, _ in pairs) / secs,  # one pass, cold word cache
    }


def systems():
    yield "rasad", lambda s: normalize(s).text
    try:
        from hazm import Normalizer as HazmNormalizer

        h = HazmNormalizer()
        yield "hazm", h.normalize
    except ImportError as e:
        print(f"[skip] hazm not installed ({e}); use the bench venv, see docs/zwnj.md", file=sys.stderr)
    try:
        from rishe import Normalizer as RisheNormalizer

        r = RisheNormalizer()
        yield "rishe", r.normalize
    except ImportError as e:
        print(f"[skip] rishe not installed ({e}); use the bench venv, see docs/zwnj.md", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="test", choices=["dev", "test"])
    ap.add_argument("--errors", type=int, default=0, help="print the N most frequent rasad errors")
    ap.add_argument("--only", help="comma-separated systems to run")
    args = ap.parse_args()
    if not zwnj_testset.available():
        sys.exit(f"[skip] Arman corpus not found under {zwnj_testset.ARMAN}")
    pairs = zwnj_testset.build(args.split)
    vocab = corpus_vocab()
    print(f"split={args.split}: {len(pairs)} sentences")
    print(
        f"{'system':8} {'ZWNJs':>6} {'restored%':>9} {'as space%':>9} {'words':>7} "
        f"{'wrong%':>7} {'wrong n':>7} {'ref-incons':>10} {'convention':>10} {'adj wrong%':>10} {'chars/s':>9}"
    )
    for name, fn in systems():
        if args.only and name not in args.only.split(","):
            continue
        errs: Counter | None = Counter() if (args.errors and name == "rasad") else None
        r = evaluate(name, fn, pairs, vocab, errs)
        print(
            f"{r['system']:8} {r['zwnj']:6d} {r['restored']:9.2f} {r['as_space']:9.2f} {r['words']:7d} "
            f"{r['wrong']:7.2f} {r['wrong_n']:7d} {r['incons_n']:10d} {r['conv_n']:10d} {r['wrong_adj']:10.2f} "
            f"{r['chars_s']:9.0f}"
        )
        if errs:
            errs = Counter({e: n for e, n in errs.items() if not e.startswith(("conv ", "incons "))})
            for e, n in errs.most_common(args.errors):
                print(f"   {n:4d}  {e}")
    # missed restorations for rasad (dev only: keep the held-aside set unread)
    if args.errors and args.split == "dev":
        missed: Counter = Counter()
        for inp, ref in pairs:
            out = normalize(inp).text
            for rt, ot in zip(ref.split(), out.split(), strict=False):
                if ZWNJ in rt and rt != ot:
                    missed[re.sub(r"[^\w\u200c]", "", rt) + " <- " + re.sub(r"[^\w\u200c]", "", ot)] += 1
        print("missed (dev):")
        for e, n in missed.most_common(args.errors):
            print(f"   {n:4d}  {e}")


if __name__ == "__main__":
    main()
