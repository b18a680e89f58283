"""Persian-aware search: FTS5 queries over the search form, and highlights.

The index holds :func:`rasad.normalize.fold` of each field, so letter
variants (ي/ی, ك/ک), diacritics and digits never matter. Spacing does: the
same name is written «قره‌باغ», «قرهباغ» or «قره باغ». :func:`fts_query`
therefore expands a query into the ways its words may be joined or split,
and every user word is quoted, so FTS operators in a query are just text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize import search_form

MAX_QUERY_WORDS = 12
_WORD = re.compile(r"\w+")
_JOIN_MAX = 8  # join/split variants only for queries of up to this many words


def query_words(query: str) -> list[str]:
    return _WORD.findall(search_form(query))[:MAX_QUERY_WORDS]


def _alts(word: str) -> list[str]:
    """A word, or the same letters split in two (each part >= 2 letters), as phrases."""
    alts = [f'"{word}"']
    if len(word) >= 5 and not word.isdigit():
        alts += [f'"{word[:i]} {word[i:]}"' for i in range(2, len(word) - 1)]
    return alts


def fts_query(query: str) -> str:
    """FTS5 MATCH expression for a user query ('' when it has no words)."""
    words = query_words(query)
    if not words:
        return ""
    if len(words) > _JOIN_MAX:
        return " AND ".join(f'"{w}"' for w in words)

    def expr(i: int) -> str:
        if i >= len(words):
            return ""
        head = "(" + " OR ".join(_alts(words[i])) + ")"
        rest = expr(i + 1)
        options = [f"{head} AND {rest}" if rest else head]
        if i + 1 < len(words):
            joined = f'"{words[i]}{words[i + 1]}"'
            rest2 = expr(i + 2)
            options.append(f"{joined} AND {rest2}" if rest2 else joined)
        return "(" + " OR ".join(options) + ")" if len(options) > 1 else options[0]

    return expr(0)


# letters that fold together, for matching query words inside display text
_CLASSES = {
    "ی": "یيىئ", "ک": "کك", "ا": "اأإآٱ", "ه": "هةۀە", "و": "وؤ",
    **{str(d): f"{d}{chr(0x06F0 + d)}{chr(0x0660 + d)}" for d in range(10)},
}
_GAP = "[\u200c\u064b-\u065f\u0670\u0640 ]?"


def article_filters(agency: str | None, since: str | None, until: str | None) -> tuple[list[str], list[str]]:
    """SQL conditions (and their parameters) on ``articles a``: this agency, published in [since, until]."""
    where, params = [], []
    if agency:
        where.append("a.agency = ?")
        params.append(agency)
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append("a.published < ?")
        params.append(until + "\uffff")
    return where, params


def _word_pattern(word: str) -> str:
    parts = [f"[{re.escape(_CLASSES[c])}]" if c in _CLASSES else re.escape(c) for c in word]
    return _GAP.join(parts)


@dataclass
class Snippet:
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # spans in ``text``

    def marked(self, left: str = "[", right: str = "]") -> str:
        out, pos = [], 0
        for s, e in self.highlights:
            out += [self.text[pos:s], left, self.text[s:e], right]
            pos = e
        out.append(self.text[pos:])
        return "".join(out)


def highlight(texts: list[str], query: str, width: int = 90) -> Snippet:
    """The best window of ``texts`` (display text) with every query word marked."""
    return Highlighter(query, width)(texts)


def _cut(text: str, start: int, length: int) -> str:
    return text[start:start + length] + (" …" if len(text) > start + length else "")


# -- many snippets for one query (the explorer's result pages) -------------
class Highlighter:
    """``highlight`` for many texts of one query: the query's words and pattern computed once
    (normalizing the query costs more than marking an article)."""

    def __init__(self, query: str, width: int = 90):
        self.words, self.width = query_words(query), width
        self.pattern = re.compile("|".join(f"({_word_pattern(w)})" for w in sorted(set(self.words), key=len,
                                                                                    reverse=True)), re.IGNORECASE)

    def __call__(self, texts: list[str]) -> Snippet:
        width = self.width
        if not self.words or not texts:
            return Snippet((texts or [""])[0][: 2 * width])
        best, best_hits = texts[0], []
        for t in texts:
            hits = [m.span() for m in self.pattern.finditer(t)]
            if len(hits) > len(best_hits):
                best, best_hits = t, hits
        if not best_hits:
            return Snippet(_cut(best, 0, 2 * width))
        start = max(0, best_hits[0][0] - width)
        end = min(len(best), best_hits[0][1] + width)
        if start > 0:  # start on a word boundary
            space = best.find(" ", start)
            start = space + 1 if 0 <= space < best_hits[0][0] else start
        text = best[start:end]
        spans: list[tuple[int, int]] = []
        for s, e in best_hits:
            if s < start or e > end:
                continue
            if spans and not best[spans[-1][1] + start:s].strip(" \u200c"):
                spans[-1] = (spans[-1][0], e - start)  # «قره» + «باغ» across a ZWNJ: one highlight
            else:
                spans.append((s - start, e - start))
        prefix = "… " if start > 0 else ""
        suffix = " …" if end < len(best) else ""
        return Snippet(prefix + text + suffix, [(s + len(prefix), e + len(prefix)) for s, e in spans])
