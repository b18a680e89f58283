"""The one record every stage takes and returns.

An :class:`Article` holds the raw text as read, the normalized text, the
article's fields, and annotations as spans over the normalized text. Field
positions (``layout``) are spans over ``raw``; ``offsets`` maps normalized
positions back to raw ones. ``to_dict``/``from_dict`` round-trip losslessly
through JSON.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .offsets import OffsetMap

SCHEMA_VERSION = 1


def content_digest(folded: str) -> str:
    """:attr:`Article.content_hash` of the search form of title, lead and body joined by newlines."""
    return hashlib.sha256(" ".join(folded.split()).encode()).hexdigest()[:32]


@dataclass
class Source:
    """Where an article came from: a path or URL, its format, and its record index."""

    path: str
    format: str = "text"
    record: int | None = None  # index inside a multi-record file (JSON array, JSONL, WARC)

    @property
    def ref(self) -> str:
        return self.path if self.record is None else f"{self.path}#{self.record}"


@dataclass
class Span:
    """A labelled span ``[start, end)`` over the normalized text."""

    start: int
    end: int
    label: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Article:
    source: Source
    raw: str
    text: str = ""
    offsets: OffsetMap = field(default_factory=OffsetMap)
    surtitle: str | None = None
    title: str | None = None
    lead: str | None = None
    body: list[str] = field(default_factory=list)
    agency: str | None = None
    desk: str | None = None
    news_id: str | None = None
    author: str | None = None
    tags: list[str] = field(default_factory=list)
    url: str | None = None
    published: str | None = None  # ISO 8601 with the Asia/Tehran offset of that date
    published_jalali: str | None = None  # as shown on the page
    end_marker: str | None = None
    fetched: str | None = None  # when the page was captured (WARC-Date, or the time rasad fetch got it)
    layout: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # field -> raw spans
    spans: dict[str, list[Span]] = field(default_factory=dict)  # kind -> spans over text
    entities: list[dict[str, Any]] = field(default_factory=list)  # article-level entities (see docs/entities.md)
    notes: list[str] = field(default_factory=list)  # non-fatal problems a stage met
    stages: list[str] = field(default_factory=list)  # names of the stages that ran
    version: int = SCHEMA_VERSION

    @property
    def content_hash(self) -> str:
        """SHA-256 (first 16 bytes, hex) of title, lead and body in search form."""
        from .normalize import fold

        return content_digest(fold("\n".join([self.title or "", self.lead or "", *self.body])))

    @classmethod
    def from_parts(cls, source: Source, parts: list[tuple[str, str]]) -> Article:
        """An article whose ``raw`` is the ``(field, text)`` parts joined by blank lines.

        Readers of structured input (JSON, HTML, feeds) use it: ``layout`` points
        into ``raw``, and surtitle, title, lead and body are set from it.
        """
        chunks: list[str] = []
        layout: dict[str, list[tuple[int, int]]] = {}
        pos = 0
        for name, value in parts:
            if pos:
                chunks.append("\n\n")
                pos += 2
            layout.setdefault(name, []).append((pos, pos + len(value)))
            chunks.append(value)
            pos += len(value)
        raw = "".join(chunks)
        art = cls(source=source, raw=raw, layout=layout)
        for name in ("surtitle", "title", "lead"):
            if name in layout:
                setattr(art, name, raw[slice(*layout[name][0])])
        art.body = [raw[s:e] for s, e in layout.get("body", [])]
        return art

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-text offsets of a span over the normalized text."""
        return self.offsets.span_to_old(start, end)

    def text_span(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """Normalized-text offsets of a span over the raw text."""
        return self.offsets.to_new(raw_start), self.offsets.to_new(raw_end)

    def to_dict(self, content_hash: str | None = None) -> dict[str, Any]:
        """A JSON-ready dict; ``content_hash``, when the caller has it, saves computing it again."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["source"] = asdict(self.source)
        d["offsets"] = self.offsets.to_json()
        d["layout"] = {k: [list(s) for s in v] for k, v in self.layout.items()}
        d["spans"] = {k: [{"start": s.start, "end": s.end, "label": s.label, "data": s.data} for s in v]
                      for k, v in self.spans.items()}
        d["content_hash"] = content_hash or self.content_hash
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        d = dict(d)
        d.pop("content_hash", None)
        version = d.get("version", SCHEMA_VERSION)
        if version > SCHEMA_VERSION:
            raise ValueError(f"article schema version {version} is newer than this Rasad ({SCHEMA_VERSION})")
        d["source"] = Source(**d["source"])
        d["offsets"] = OffsetMap.from_json(d.get("offsets") or [])
        d["layout"] = {k: [tuple(s) for s in v] for k, v in (d.get("layout") or {}).items()}
        d["spans"] = {k: [Span(**s) for s in v] for k, v in (d.get("spans") or {}).items()}
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})
