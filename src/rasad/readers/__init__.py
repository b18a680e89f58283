"""Readers: files and streams → :class:`~rasad.article.Article` records.

``iter_paths`` expands files, folders, globs and ``-`` (stdin);
``read_file`` detects the format from content (not the file name) and
yields one article per record, or a :class:`~rasad.errors.RasadError` for
each record or file that could not be read, so a batch never stops.

Detection order (content first, never the file name alone):

1. WARC (``WARC/`` or a gzip stream that starts with it) → ``warc.py``;
   any other gzip file is an error (R107).
2. Markup (``<`` after a BOM and blanks): an RSS/Atom feed → ``feeds.py``,
   else an HTML page → ``html/``.
3. JSON Lines (the first two non-blank lines each hold an object) → ``records.py``.
4. JSON (``[`` or ``{``) → ``records.py``.
5. Anything else: plain scraped text → ``text.py``.
"""
from __future__ import annotations

import glob
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..article import Article, Source
from ..errors import ParseError, RasadError, ReadError
from .decode import MAX_DOCUMENT_BYTES, decode
from .feeds import Follow, iter_feed, looks_like_feed
from .html import read_html
from .records import iter_json, iter_jsonl
from .text import read_text
from .warc import iter_warc, looks_like_warc

MAX_JSON_BYTES = 512 * 1024 * 1024
MAX_LINE_BYTES = 5 * 1024 * 1024
SKIP_SUFFIXES = {".db", ".db-wal", ".db-shm", ".pyc"}


def iter_paths(args: list[str]) -> Iterator[str]:
    """Files named by ``args``: files, folders (recursively, sorted), globs, ``-``."""
    for arg in args:
        if arg == "-":
            yield "-"
        elif os.path.isdir(arg):
            for root, dirs, files in os.walk(arg):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix not in SKIP_SUFFIXES:
                        yield os.path.join(root, name)
        elif os.path.exists(arg):
            yield arg
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield arg  # read_file reports it as missing
            for m in matches:
                if os.path.isfile(m):
                    yield m


def read_file(path: str, follow: Follow | None = None) -> Iterator[Article | RasadError]:
    """Every article in one file (``-`` is stdin), or the errors met reading it.

    ``follow(url)`` (see :func:`rasad.fetch.follower`), when given, fetches the
    page each feed item links to, so that the page is extracted.
    """
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            size = os.path.getsize(path)
            with open(path, "rb") as f:
                head = f.read(65536)
                if looks_like_warc(head):
                    f.close()
                    yield from iter_warc(path, path)
                    return
                if head[:2] == b"\x1f\x8b":
                    raise ReadError("gzip file that is not a WARC archive (gunzip it first)", path, code="R107")
                if _looks_jsonl(head):
                    f.seek(0)
                    yield from iter_jsonl(_lines(f, path), Source(path, "jsonl"))
                    return
                limit = MAX_JSON_BYTES if head.lstrip()[:1] in (b"[", b"{") else MAX_DOCUMENT_BYTES
                if size > limit:
                    raise ReadError(f"file too large: {size / 2**20:.1f} MB > {limit // 2**20} MB limit "
                                    "for one document (split it, or use JSON Lines)", path, code="R104")
                data = head + f.read()
    except OSError as e:
        yield ReadError(e.strerror or str(e), path, code="R105")
        return
    except RasadError as e:
        yield e
        return
    yield from read_bytes(data, path, follow)


def read_bytes(data: bytes, path: str = "-", follow: Follow | None = None) -> Iterator[Article | RasadError]:
    """Every article in an in-memory document."""
    if looks_like_warc(data[:65536]):
        yield from iter_warc(io.BytesIO(data), path)
        return
    if data[:2] == b"\x1f\x8b":
        yield ReadError("gzip file that is not a WARC archive (gunzip it first)", path, code="R107")
        return
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        if looks_like_feed(data[:65536].lstrip(b" \t\r\n")):
            yield from iter_feed(data, path, follow)
        else:
            yield _html(data, path)
        return
    try:
        text, _encoding = decode(data, path)
    except RasadError as e:
        yield e
        return
    start = text.lstrip("\ufeff \t\r\n")[:1]
    if _looks_jsonl(text[:65536].encode()):
        yield from iter_jsonl(iter(text.splitlines()), Source(path, "jsonl"))
    elif start in ("[", "{"):
        yield from iter_json(text, Source(path, "json"))
    elif start == "<":  # UTF-16 markup
        yield _html(text, path)
    else:
        try:
            yield read_text(text, Source(path, "text"))
        except ValueError as e:
            yield ParseError(str(e), path, code="R206")


def _html(data: bytes | str, path: str) -> Article | RasadError:
    try:
        return read_html(data, Source(path, "html"))
    except RasadError as e:
        return e
    except ValueError as e:
        return ParseError(str(e), path, code="R207")


def _looks_jsonl(head: bytes) -> bool:
    lines = [ln.strip() for ln in head.lstrip(b"\xef\xbb\xbf").splitlines() if ln.strip()]
    return len(lines) >= 2 and lines[0].startswith(b"{") and lines[0].endswith(b"}") and lines[1].startswith(b"{")


def _lines(f, path: str) -> Iterator[str | RasadError]:
    for n, line in enumerate(f, 1):
        if len(line) > MAX_LINE_BYTES:
            yield ReadError(f"line longer than {MAX_LINE_BYTES // 2**20} MB", f"{path}#{n}", code="R104")
            continue
        try:
            yield line.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as e:
            yield ReadError(f"invalid UTF-8 at byte {e.start} of the line", f"{path}#{n}", code="R103")
