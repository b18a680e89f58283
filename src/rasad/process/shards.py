"""Inputs → shards, and the manifest of completed shards.

A shard is the unit of work and of resume: a run of consecutive small files
(in :func:`rasad.readers.iter_paths` order), or a range of lines of a big
JSON Lines file. Reading a shard streams its records, so a worker holds one
record and one batch at a time whatever the size of the input.

Shard ids are the SHA-1 of what a shard covers (paths and line ranges), so
the same inputs give the same shards on every run. The manifest
(``_manifest.jsonl`` in the output folder) gets one line per completed shard,
appended in one ``write`` after the shard's Parquet files are renamed into
place; a line cut short by a kill is ignored. A unit (file or line range)
that a completed shard covered is never processed again.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from ..article import Article, Source
from ..errors import RasadError, ReadError
from ..readers import MAX_LINE_BYTES, _looks_jsonl, iter_paths, read_file
from ..readers.records import _safe as read_record_safe

SHARD_LINES = 1000  # JSON Lines records per shard
SHARD_FILES = 200  # small files per shard
SHARD_BYTES = 64 * 2**20  # a file this large is a shard of its own
MANIFEST = "_manifest.jsonl"
_SCAN = 1 << 20


@dataclass(frozen=True)
class Unit:
    """One file (``first_line`` 0), or lines ``first_line``… of a JSON Lines file from byte ``start`` to ``end``."""

    path: str
    start: int = 0
    end: int = -1
    first_line: int = 0

    @property
    def ident(self) -> tuple[str, int, int]:
        return os.path.abspath(self.path), self.start, self.end


@dataclass(frozen=True)
class Shard:
    seq: int  # position in the plan: loading follows it, so ids match `rasad ingest` of the same inputs
    units: tuple[Unit, ...]

    @property
    def id(self) -> str:
        h = hashlib.sha1()
        for u in self.units:
            h.update(repr(u.ident).encode())
        return h.hexdigest()[:16]

    def to_json(self) -> str:
        return json.dumps({"seq": self.seq, "units": [asdict(u) for u in self.units]}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Shard:
        d = json.loads(text)
        return cls(d["seq"], tuple(Unit(**u) for u in d["units"]))


def plan(inputs: Iterable[str], done: set[tuple[str, int, int]] = frozenset(),
         shard_lines: int = SHARD_LINES, exclude: str | None = None) -> Iterator[Shard]:
    """The shards of ``inputs`` (files, folders, globs), skipping units in ``done`` and files under ``exclude``
    (the output folder, when it lies inside an input folder).

    A JSON Lines file is cut every ``shard_lines`` lines (one streaming pass
    counts them); other files are grouped, up to :data:`SHARD_FILES` files,
    a big file (>= :data:`SHARD_BYTES`) being a shard of its own.
    """
    seq, group, group_bytes = 0, [], 0

    def flush() -> Iterator[Shard]:
        nonlocal seq, group, group_bytes
        todo = tuple(u for u in group if u.ident not in done)
        if todo:
            yield Shard(seq, todo)
        if group:
            seq += 1
        group, group_bytes = [], 0

    skip = os.path.abspath(exclude) + os.sep if exclude else None
    for path in iter_paths(list(inputs)):
        if path == "-":
            raise ValueError("rasad process reads files, not stdin (-): save the input to a file first")
        if skip and os.path.abspath(path).startswith(skip):
            continue
        if _is_jsonl(path):
            yield from flush()
            for unit in _line_ranges(path, shard_lines):
                group = [unit]
                yield from flush()
            continue
        size = os.path.getsize(path) if os.path.isfile(path) else 0
        if size >= SHARD_BYTES:
            yield from flush()
        group.append(Unit(path))
        group_bytes += size
        if len(group) >= SHARD_FILES or group_bytes >= SHARD_BYTES:
            yield from flush()
    yield from flush()


def _is_jsonl(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return _looks_jsonl(f.read(65536))
    except OSError:
        return False  # read_file reports it


def _line_ranges(path: str, every: int) -> Iterator[Unit]:
    """Cut a file every ``every`` lines: one pass, one buffer of :data:`_SCAN` bytes."""
    start, line, pos, count = 0, 1, 0, 0
    with open(path, "rb") as f:
        while chunk := f.read(_SCAN):
            i = 0
            while (j := chunk.find(b"\n", i)) >= 0:
                count += 1
                i = j + 1
                if count == every:
                    yield Unit(path, start, pos + i, line)
                    start, line, count = pos + i, line + every, 0
            pos += len(chunk)
    if pos > start:
        yield Unit(path, start, pos, line)


def read_unit(unit: Unit) -> Iterator[Article | RasadError]:
    """Every article (or error) of one unit; JSON Lines records keep their line number in the whole file."""
    if unit.first_line == 0:
        yield from read_file(unit.path)
        return
    try:
        f = open(unit.path, "rb")
    except OSError as e:
        yield ReadError(e.strerror or str(e), unit.path, code="R105")
        return
    with f:
        f.seek(unit.start)
        pos, n = unit.start, unit.first_line
        while pos < unit.end:
            line = f.readline()
            if not line:
                break
            pos += len(line)
            ref = f"{unit.path}#{n}"
            if len(line) > MAX_LINE_BYTES:
                yield ReadError(f"line longer than {MAX_LINE_BYTES // 2**20} MB", ref, code="R104")
            else:
                try:
                    text = line.decode("utf-8-sig" if n == 1 else "utf-8")
                except UnicodeDecodeError as e:
                    yield ReadError(f"invalid UTF-8 at byte {e.start} of the line", ref, code="R103")
                else:
                    if text.strip():
                        yield _record(text, Source(unit.path, "jsonl", n))
            n += 1


def _record(line: str, src: Source) -> Article | RasadError:
    from ..errors import ParseError

    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        return ParseError(f"malformed JSON (column {e.colno}: {e.msg})", src.ref, code="R203")
    return read_record_safe(rec, src)


def read_shard(shard: Shard) -> Iterator[Article | RasadError]:
    for unit in shard.units:
        yield from read_unit(unit)


# -- manifest ----------------------------------------------------------------
def read_manifest(out_dir: str) -> dict[str, dict]:
    """Completed shards by id (a last line cut short by a kill is ignored)."""
    path = os.path.join(out_dir, MANIFEST)
    done: dict[str, dict] = {}
    if not os.path.exists(path):
        return done
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.endswith("\n"):
                break
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            done[entry["shard"]] = entry
    return done


def done_units(manifest: dict[str, dict]) -> set[tuple[str, int, int]]:
    return {Unit(**u).ident for entry in manifest.values() for u in entry["units"]}


def record_done(out_dir: str, shard: Shard, counts: dict[str, int]) -> None:
    """Append the shard's line to the manifest in one write, then fsync."""
    entry = {"shard": shard.id, "seq": shard.seq, "units": [asdict(u) for u in shard.units], "counts": counts,
             "completed": datetime.now(UTC).isoformat(timespec="seconds")}
    path = os.path.join(out_dir, MANIFEST)
    _repair_tail(path)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (json.dumps(entry, ensure_ascii=False) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def _repair_tail(path: str) -> None:
    """Cut a last line left unfinished by a kill, so the next line starts clean."""
    try:
        with open(path, "rb+") as f:
            size = f.seek(0, os.SEEK_END)
            if size == 0:
                return
            f.seek(size - 1)
            if f.read(1) == b"\n":
                return
            f.seek(0)
            f.truncate(f.read().rfind(b"\n") + 1)
    except FileNotFoundError:
        return
