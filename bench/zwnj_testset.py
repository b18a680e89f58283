"""Build the ZWNJ-repair test set from the Arman NER corpus.

Reference = an Arman sentence (tokens joined by spaces) passed through
``rasad.normalize.normalize(..., repair_zwnj=False)``, so it differs from the
system input only in ZWNJs (ZWNJs after non-joining letters are already gone
there, so they are never counted). Input = the reference with every ZWNJ
removed (the word parts glued, which is what scrapers do).

Splits (Arman's three test folds partition the corpus):

* ``dev``  = test_fold1 - the only part looked at while writing rules;
* ``test`` = test_fold2 + test_fold3 - held aside, used only for the figures.

The corpus is for academic research use only: nothing is committed. The set
is built in memory; ``python bench/zwnj_testset.py`` also writes it to
``bench/out/zwnj_{dev,test}.tsv`` (git-ignored) as ``input<TAB>reference``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rasad.normalize import normalize  # noqa: E402

ZWNJ = "\u200c"
ARMAN = ROOT.parent / "shared" / "data" / "ner" / "arman"
SPLITS = {"dev": ["test_fold1.txt"], "test": ["test_fold2.txt", "test_fold3.txt"]}
OUT = ROOT / "bench" / "out"


def arman_sentences(files: list[str], root: Path = ARMAN) -> list[str]:
    """Sentences of the given Arman files, tokens joined by single spaces."""
    sents: list[str] = []
    for name in files:
        tokens: list[str] = []
        for line in (root / name).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line:
                if tokens:
                    sents.append(" ".join(tokens))
                    tokens = []
                continue
            tokens.append(line.rsplit(" ", 1)[0])
        if tokens:
            sents.append(" ".join(tokens))
    return sents


def build(split: str, root: Path = ARMAN) -> list[tuple[str, str]]:
    """``(input, reference)`` pairs of a split ("dev" or "test")."""
    pairs: list[tuple[str, str]] = []
    for sent in arman_sentences(SPLITS[split], root):
        ref = normalize(sent, repair_zwnj=False).text
        if ref:
            pairs.append((ref.replace(ZWNJ, ""), ref))
    return pairs


def available(root: Path = ARMAN) -> bool:
    return all((root / f).exists() for files in SPLITS.values() for f in files)


def main() -> None:
    if not available():
        sys.exit(f"Arman corpus not found under {ARMAN}")
    OUT.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        pairs = build(split)
        path = OUT / f"zwnj_{split}.tsv"
        with path.open("w", encoding="utf-8") as f:
            for inp, ref in pairs:
                f.write(f"{inp}\t{ref}\n")
        n_zwnj = sum(ref.count(ZWNJ) for _, ref in pairs)
        n_words = sum(len(ref.split()) for _, ref in pairs)
        print(f"{split}: {len(pairs)} sentences, {n_words} words, {n_zwnj} ZWNJs -> {path}")


if __name__ == "__main__":
    main()
