"""WARC archives (``.warc``, ``.warc.gz``) → articles, one per HTML response.

Every ``response`` record with HTTP status 200 and an HTML content type
(``text/html``, ``application/xhtml+xml``) is extracted with
:func:`rasad.readers.html.read_html`; the article's ``url`` is the record's
``WARC-Target-URI`` and its ``WARC-Date`` is the article's ``fetched``. Its source is
``Source(path, "warc", index)``, index
being the 0-based position of the record in the archive (every record counts,
HTML or not). Other records are counted in a :class:`WarcStats` and skipped.

Reading uses FastWARC in strict mode. A damaged archive yields one
``ReadError`` (R106, naming the file and byte offset) per damaged place and
the reader goes on from the next record it can find:

* a record whose header cannot be parsed, or a gzip member that cannot be
  decompressed: skipped to the next ``WARC/1.x`` header (uncompressed) or the
  next gzip member that holds one (``.warc.gz``); needs a seekable input;
* a record whose block is shorter than its ``Content-Length`` (a file cut
  short): reported, and the archive ends there;
* a ``.warc.gz`` whose last gzip member is incomplete (FastWARC stops quietly
  there): found by checking the members after the last record read.
"""
from __future__ import annotations

import io
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from ..article import Article, Source
from ..errors import RasadError, ReadError, StageError
from .decode import MAX_DOCUMENT_BYTES

HTML_TYPES = ("text/html", "application/xhtml+xml")
_SCAN_CHUNK = 1 << 20
_WARC_LINE = re.compile(rb"(?:^|\n)WARC/1\.[0-9]\r?\n")


@dataclass
class WarcStats:
    """What :func:`iter_warc` met; pass one in and read it after iterating."""

    records: int = 0  # WARC records read (every type)
    html: int = 0  # HTML 200 responses handed to the HTML reader
    articles: int = 0  # articles produced
    not_response: int = 0  # warcinfo, request, metadata, revisit, resource … records
    not_200: int = 0  # responses with another status (404, 301, 500 …)
    not_html: int = 0  # 200 responses that are not HTML (images, CSS, JSON …)
    errors: int = 0  # damaged records or places (R106/R104) and pages with no article
    statuses: Counter[int] = field(default_factory=Counter)  # status of skipped responses
    content_types: Counter[str] = field(default_factory=Counter)  # type of skipped 200 responses

    @property
    def skipped(self) -> int:
        return self.not_response + self.not_200 + self.not_html


def looks_like_warc(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) starts a WARC or gzipped WARC file."""
    if head[:2] == b"\x1f\x8b":
        try:
            return zlib.decompressobj(31).decompress(head, 64).startswith(b"WARC/")
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def iter_warc(path_or_stream: str | os.PathLike[str] | BinaryIO, source_path: str, *,
              stats: WarcStats | None = None,
              max_record_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[Article | RasadError]:
    """Articles from the HTML responses of a WARC file, and an error per damaged record.

    ``path_or_stream`` is a path or a binary file object (seekable, to skip
    past damage; a non-seekable stream stops at the first damaged record).
    ``source_path`` names the file in sources and errors. ``stats`` is filled
    as the iterator runs. An HTML payload larger than ``max_record_bytes`` is
    an R104 error for that record.
    """
    stats = stats if stats is not None else WarcStats()
    if isinstance(path_or_stream, (str, os.PathLike)):
        try:
            stream: BinaryIO = open(path_or_stream, "rb")  # noqa: SIM115 (closed below)
        except OSError as e:
            stats.errors += 1
            yield ReadError(e.strerror or str(e), source_path, code="R105")
            return
        owned = True
    else:
        stream, owned = path_or_stream, False
    try:
        yield from _Reader(stream, source_path, stats, max_record_bytes).run()
    finally:
        if owned:
            stream.close()


class _Reader:
    def __init__(self, stream: BinaryIO, path: str, stats: WarcStats, max_bytes: int):
        self.stream, self.path, self.stats, self.max_bytes = stream, path, stats, max_bytes
        try:
            self.seekable = bool(stream.seekable())
        except (AttributeError, OSError, ValueError):
            self.seekable = False
        self.start = stream.tell() if self.seekable else 0
        self.gzip = False
        if self.seekable:
            self.gzip = stream.read(2) == b"\x1f\x8b"
            stream.seek(self.start)
        self.index = 0

    def error(self, reason: str, offset: int | None, code: str) -> ReadError:
        self.stats.errors += 1
        at = f" at byte {offset}" if offset is not None else ""
        return ReadError(f"{reason}{at}", f"{self.path}#{self.index}", code=code)

    def run(self) -> Iterator[Article | RasadError]:
        from fastwarc.warc import ArchiveIterator

        pos = self.start
        last_start: int | None = None  # stream position of the last record read whole
        while True:
            if self.seekable:
                self.stream.seek(pos)
            records = iter(ArchiveIterator(self.stream, parse_http=True, auto_decode="none"))
            while True:
                try:
                    record = next(records)
                except StopIteration:
                    if self.gzip and self.seekable:
                        bad = self._incomplete_member(pos if last_start is None else last_start)
                        if bad is not None:
                            yield self.error("truncated archive: gzip member cut short", bad, code="R106")
                    return
                except (OSError, ValueError) as e:
                    failed_at = self._end_of(last_start) if last_start is not None else pos
                    resume = self._next_record(failed_at) if self.seekable and failed_at is not None else None
                    where = f"; skipped to byte {resume}" if resume is not None else "; rest of file not read"
                    yield self.error(f"broken WARC record ({_reason(e)}){where}", failed_at, code="R106")
                    self.index += 1
                    if resume is None:
                        return
                    pos, last_start = resume, None
                    break
                item, whole = self._record(record)
                if item is not None:
                    yield item
                self.index += 1
                if not whole:
                    return
                last_start = record.stream_pos

    def _record(self, record) -> tuple[Article | RasadError | None, bool]:
        """The article or error for one record, and whether the record was read whole."""
        from fastwarc.warc import WarcRecordType

        self.stats.records += 1
        offset = record.stream_pos
        if not _has_header(record):
            return self.error("truncated archive: record header cut short", offset, code="R106"), False
        expected = record.content_length
        is_page = record.record_type == WarcRecordType.response and record.is_http
        status = record.http_headers.status_code if is_page else None
        ctype = (record.http_headers.get("Content-Type") or "") if is_page else ""
        media = ctype.split(";")[0].strip().lower()
        wanted = is_page and status == 200 and media in HTML_TYPES and expected <= self.max_bytes
        try:
            if wanted:
                payload = record.reader.read()
                got = len(payload)
            else:
                payload, got = b"", record.reader.consume()
        except (OSError, ValueError) as e:
            return self.error(f"broken WARC record ({_reason(e)})", offset, code="R106"), False
        if got < expected:
            why = f"truncated archive: record block has {got} of {expected} bytes"
            return self.error(why, offset, code="R106"), False
        if record.record_type != WarcRecordType.response:
            self.stats.not_response += 1
            return None, True
        if not record.is_http:
            return self.error("broken WARC record (response without an HTTP status line)", offset, code="R106"), True
        if status != 200:
            self.stats.not_200 += 1
            self.stats.statuses[status or 0] += 1
            return None, True
        if media not in HTML_TYPES:
            self.stats.not_html += 1
            self.stats.content_types[media or "-"] += 1
            return None, True
        if expected > self.max_bytes:
            return self.error(f"HTML record too large: {expected / 2**20:.1f} MB > "
                              f"{self.max_bytes // 2**20} MB", offset, code="R104"), True
        self.stats.html += 1
        uri = (record.headers.get("WARC-Target-URI") or "").strip("<> ") or None
        date = record.headers.get("WARC-Date")
        source = Source(self.path, "warc", self.index)
        try:
            body = _decode_http(payload, record.http_headers)
        except (OSError, ValueError, zlib.error, EOFError) as e:
            return self.error(f"undecodable HTTP payload ({_reason(e)})", offset, code="R106"), True
        item = _extract(body, source, uri, ctype)
        if isinstance(item, RasadError):
            self.stats.errors += 1
            return item, True
        item.url = uri or item.url
        if date:
            item.fetched = date
        self.stats.articles += 1
        return item, True

    # -- finding our way through damage --------------------------------------
    def _read_at(self, offset: int, size: int) -> bytes:
        self.stream.seek(offset)
        return self.stream.read(size)

    def _end_of(self, start: int) -> int | None:
        """Byte offset just past the record (or gzip member) starting at ``start``."""
        if not self.seekable:
            return None
        if self.gzip:
            end = _member_end(self.stream, start)
            return end if end is not None else start
        head = self._read_at(start, 64 << 10)
        m = re.search(rb"\r?\n\r?\n", head)
        cl = re.search(rb"(?im)^content-length:[ \t]*([0-9]+)", head[: m.start()] if m else head)
        if not m or not cl:
            return start
        end = start + m.end() + int(cl.group(1))
        tail = self._read_at(end, 4)
        return end + (4 if tail == b"\r\n\r\n" else 2 if tail[:2] in (b"\r\n", b"\n\n") else 0)

    def _next_record(self, after: int) -> int | None:
        """Offset of the next readable record strictly after ``after``, or None."""
        pos = after + 1
        while True:
            chunk = self._read_at(pos, _SCAN_CHUNK)
            if not chunk:
                return None
            if self.gzip:
                i = chunk.find(b"\x1f\x8b\x08")
                while i != -1:
                    if _member_starts_warc(self.stream, pos + i):
                        return pos + i
                    i = chunk.find(b"\x1f\x8b\x08", i + 1)
            else:
                m = _WARC_LINE.search(chunk)
                if m:
                    return pos + m.start() + (1 if chunk[m.start():m.start() + 1] == b"\n" else 0)
            if len(chunk) < _SCAN_CHUNK:
                return None
            pos += len(chunk) - 16  # overlap: a marker may straddle chunks

    def _incomplete_member(self, start: int) -> int | None:
        """Offset of the first incomplete gzip member from ``start`` to the end, or None."""
        pos = start
        while True:
            self.stream.seek(pos)
            if not self.stream.read(1):
                return None
            end = _member_end(self.stream, pos)
            if end is None:
                return pos
            pos = end


def _member_end(stream: BinaryIO, start: int) -> int | None:
    """End offset of the gzip member at ``start``; None if it is cut short or corrupt."""
    stream.seek(start)
    d = zlib.decompressobj(31)
    consumed = 0
    try:
        while not d.eof:
            chunk = stream.read(_SCAN_CHUNK)
            if not chunk:
                return None
            d.decompress(chunk, 0)
            while d.unconsumed_tail:  # max_length=0 leaves none; kept for safety
                d.decompress(d.unconsumed_tail)
            consumed += len(chunk) - len(d.unused_data)
    except zlib.error:
        return None
    return start + consumed


def _member_starts_warc(stream: BinaryIO, offset: int) -> bool:
    stream.seek(offset)
    try:
        return zlib.decompressobj(31).decompress(stream.read(4096), 16).startswith(b"WARC/")
    except zlib.error:
        return False


def _has_header(record) -> bool:
    headers = record.headers
    return bool(headers.get("WARC-Type")) and headers.get("Content-Length") is not None


def _reason(e: BaseException) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text[0].lower() + text[1:]


def _decode_http(payload: bytes, headers) -> bytes:
    """Undo chunked transfer coding and gzip/deflate/br content coding, as stored in the WARC."""
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        payload = _dechunk(payload)
    for coding in reversed([c.strip().lower() for c in (headers.get("Content-Encoding") or "").split(",")]):
        if coding in ("gzip", "x-gzip"):
            payload = zlib.decompressobj(47).decompress(payload)
        elif coding == "deflate":
            try:
                payload = zlib.decompress(payload)
            except zlib.error:
                payload = zlib.decompress(payload, -15)
        elif coding == "br":
            import brotli  # installed with fastwarc

            payload = brotli.decompress(payload)
    return payload


def _dechunk(data: bytes) -> bytes:
    out, pos = io.BytesIO(), 0
    while True:
        eol = data.find(b"\r\n", pos)
        if eol == -1:
            return data if pos == 0 else out.getvalue()  # not chunked after all / cut short
        size_text = data[pos:eol].split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return data if pos == 0 else out.getvalue()
        if size == 0:
            return out.getvalue()
        out.write(data[eol + 2:eol + 2 + size])
        pos = eol + 2 + size + 2


def _extract(body: bytes, source: Source, url: str | None, content_type: str) -> Article | RasadError:
    from .html import read_html

    try:
        return read_html(body, source, url=url, content_type=content_type or None)
    except RasadError as e:
        e.source = e.source or source.ref
        return e
    except Exception as e:  # a bug in the HTML reader must not stop the archive
        return StageError(f"HTML reader failed: {type(e).__name__}: {e}", source.ref, code="R901", stage="read")
