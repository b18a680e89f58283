"""Story grouping: the same story from several agencies gets one story id.

An article's *story text* is its title, lead and body in search form
(:func:`rasad.normalize.fold`) with the agency prefix cut («به گزارش خبرگزاری
فارس،», «خبرگزاری تسنیم:» …), split into words. Two articles are the same story

1. exactly, when their story texts are equal (:func:`exact_key`), or
2. nearly, when the MinHash estimate of the Jaccard similarity of their sets of
   word shingles (``SHINGLE`` consecutive words) is at least ``THRESHOLD``.

Near-duplicate candidates come from LSH banding of the MinHash signature
(``NUM_PERM`` seeded permutations from ``datasketch``; bands and rows chosen by
datasketch's parameter optimiser for ``THRESHOLD``); each candidate is checked
against the estimate, so banding only decides whom to compare. The index itself
lives in SQLite (:mod:`rasad.store.stories`), so grouping is incremental: a new
article is compared with stored signatures and never recomputes them.

:func:`group` groups a list of articles in memory (same code, an in-memory
database), for callers without a store. docs/stories.md has the figures.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .agencies import locate_agency
from .normalize import fold

if TYPE_CHECKING:
    import numpy as np

    from .article import Article

SHINGLE = 3          # words per shingle
THRESHOLD = 0.45     # estimated Jaccard of shingle sets for "same story"
NUM_PERM = 128       # MinHash permutations
SEED = 1             # permutation seed: signatures are the same in every run and process
SCHEME = "affine32"  # datasketch >= 2.0 permutation scheme (uint32 values)

# «به گزارش خبرگزاری فارس از تهران،», «به نقل از روابط عمومی …،», «بنا بر گزارش ایرنا،»
_DATELINE = re.compile(r"^\s*(?:به\s+گزارش|بنا\s*بر\s+گزارش|به\s+نقل\s+از)\s[^،,:؛\n]{1,100}?[،,:؛]\s*")
# «خبرگزاری فارس:», «تسنیم/» at the start of a lead (kept only when it names an agency)
_PREFIX = re.compile(r"^\s*([^:/\n]{2,40})[:/]\s*")
_WORD = re.compile(r"\w+")
_MULT = 0x9E3779B1       # odd multiplier for combining hashes
_MASK32 = 0xFFFFFFFF


def strip_prefix(text: str) -> str:
    """*text* without a leading agency prefix or dateline."""
    m = _PREFIX.match(text)
    if m and locate_agency(m.group(1)):
        text = text[m.end():]
    m = _DATELINE.match(text)
    return text[m.end():] if m else text


def story_words(title: str | None, lead: str | None, body: Sequence[str]) -> list[str]:
    """Words of the story text (search form, agency prefix of lead and first paragraph cut)."""
    parts = [title or "", strip_prefix(lead or "")]
    if body:
        parts += [strip_prefix(body[0]), *body[1:]]
    return _WORD.findall(fold("\n".join(parts)))


def article_words(article: Article) -> list[str]:
    return story_words(article.title, article.lead, article.body)


def exact_key(words: Sequence[str]) -> str:
    """Content hash of the story text: equal for exact duplicates whatever the agency prefix."""
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]


def shingle_hashes(words: Sequence[str], k: int = SHINGLE) -> np.ndarray:
    """Distinct 32-bit hashes of the shingles (*k* consecutive words) of *words*.

    Words are hashed with CRC-32 and a shingle's hash is a polynomial of its words' hashes
    (mod 2**32), so the same words give the same hashes in every process; a text shorter than
    *k* words is one shingle.
    """
    import numpy as np

    h = np.fromiter(map(zlib.crc32, " ".join(words).encode().split()), dtype=np.uint64, count=len(words))
    n = max(1, len(words) - k + 1) if len(words) else 0
    out = h[:n].copy()
    for j in range(1, min(k, len(words))):
        out = (out * _MULT + h[j:j + n]) & _MASK32
    return np.unique(out)


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations


def signature(words: Sequence[str], k: int = SHINGLE, num_perm: int = NUM_PERM) -> np.ndarray | None:
    """MinHash signature (``uint32`` array) of the shingle set, or None for a text with no words."""
    from datasketch import MinHash

    hashes = shingle_hashes(words, k)
    if not len(hashes):
        return None
    m = MinHash(num_perm=num_perm, seed=SEED, hashfunc=int, permutations=_permutations(num_perm), scheme=SCHEME)
    m.update_batch(hashes.tolist())
    return m.hashvalues.astype("uint32")


@lru_cache(maxsize=16)
def lsh_params(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH would use for *threshold*."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def band_keys(sig: np.ndarray, bands: int, rows: int) -> list[int]:
    """The LSH bucket key of each band of *sig*: a 63-bit integer of the band number and its values."""
    import numpy as np

    v = sig[:bands * rows].reshape(bands, rows).astype(np.uint64)
    key = np.arange(bands, dtype=np.uint64)
    for j in range(rows):
        key = key * _MULT + v[:, j]
    return (key & np.uint64(2**63 - 1)).tolist()


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """MinHash estimate of the Jaccard similarity of two signatures."""
    return float((a == b).mean())


@dataclass(frozen=True)
class Settings:
    """Grouping parameters; the defaults are the ones chosen in docs/stories.md."""
    shingle: int = SHINGLE
    threshold: float = THRESHOLD
    num_perm: int = NUM_PERM


def group(articles: Iterable[Article], settings: Settings | None = None) -> list[int]:
    """Story of each article, in order: the 0-based index of the story's first article."""
    from .store.stories import StoryIndex

    index = StoryIndex.memory(settings or Settings())
    out = []
    for i, art in enumerate(articles):
        out.append(index.add(i, article_words(art)).story_id)
    return out


__all__ = ["NUM_PERM", "SCHEME", "SEED", "SHINGLE", "THRESHOLD", "Settings", "article_words", "band_keys", "exact_key",
           "group", "lsh_params", "shingle_hashes", "signature", "similarity", "story_words", "strip_prefix"]
