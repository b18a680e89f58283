"""The Parquet datasets of ``rasad process``: schema, rows, and the per-shard writer.

Each dataset is a folder of ``<shard id>.parquet`` files, one per shard; a
file is written as ``.<pid>.tmp`` in row groups of one batch and renamed into
place when the shard is complete. Every row carries the article ``key``
(``agency|news_id`` or ``hash|content_hash``, as in the store). Columns are
documented in docs/scale.md. ``pyarrow`` is imported lazily (extra
``parquet``).
"""
from __future__ import annotations

import os
from typing import Any

from ..article import Article
from ..errors import RasadError
from ..store.db import article_key, compact_json, search_fields
from ..store.load import store_json

DATASETS = ("articles", "entity_mentions", "entities", "quotes", "events", "failures")


def schemas() -> dict[str, Any]:
    import pyarrow as pa

    s, i, f, b = pa.string(), pa.int32(), pa.float64(), pa.bool_()
    strs = pa.list_(pa.string())
    return {
        "articles": pa.schema([
            ("key", s), ("content_hash", s), ("shard", s), ("source", s), ("format", s), ("agency", s),
            ("news_id", s), ("title", s), ("lead", s), ("url", s), ("published", s), ("published_jalali", s),
            ("fetched", s), ("desk", s), ("author", s), ("tags", strs), ("entities", i), ("mentions", i),
            ("quotes", i), ("events", i), ("stages", strs), ("record", s), ("store", s)]),
        "entity_mentions": pa.schema([
            ("key", s), ("entity", s), ("type", s), ("kind", s), ("start", i), ("end", i), ("surface", s)]),
        "entities": pa.schema([
            ("key", s), ("entity", s), ("type", s), ("name", s), ("country", s), ("sector", s), ("mentions", i),
            ("surfaces", strs), ("roles", strs)]),
        "quotes": pa.schema([
            ("key", s), ("idx", i), ("kind", s), ("speaker", s), ("speaker_name", s), ("speaker_text", s),
            ("role", s), ("verb", s), ("content", s), ("start", i), ("end", i), ("published", s)]),
        "events": pa.schema([
            ("key", s), ("idx", i), ("type", s), ("mode", s), ("actor_entity", s), ("actor_name", s),
            ("actor_code", s), ("actor_sector", s), ("recipient_entity", s), ("recipient_name", s),
            ("recipient_code", s), ("recipient_sector", s), ("location", s), ("country", s), ("date", s),
            ("date_granularity", s), ("date_flag", s), ("negated", b), ("planned", b), ("confidence", f),
            ("evidence", s), ("start", i), ("end", i), ("published", s), ("record", s)]),
        "failures": pa.schema([("shard", s), ("source", s), ("stage", s), ("code", s), ("message", s)]),
    }


def rows(item: Article | RasadError, shard: str) -> dict[str, list[dict[str, Any]]]:
    """The rows one processed item adds to each dataset."""
    if isinstance(item, RasadError):
        return {"failures": [{"shard": shard, "source": item.source or "-", "stage": item.stage or "",
                              "code": item.code, "message": item.reason}]}
    art = item
    forms, digest = search_fields(art)  # the FTS row and the content hash, the text folded once
    key, record = article_key(art, digest), art.to_dict(digest)
    text, spans = art.text, art.spans
    mentions = spans.get("mentions", [])
    quotes, events = spans.get("quotes", []), spans.get("events", [])
    out: dict[str, list[dict[str, Any]]] = {"articles": [{
        "key": key, "content_hash": digest, "shard": shard, "source": art.source.ref,
        "format": art.source.format, "agency": art.agency, "news_id": art.news_id, "title": art.title,
        "lead": art.lead, "url": art.url, "published": art.published, "published_jalali": art.published_jalali,
        "fetched": art.fetched, "desk": art.desk, "author": art.author, "tags": list(art.tags),
        "entities": len(art.entities), "mentions": len(mentions), "quotes": len(quotes), "events": len(events),
        "stages": list(art.stages), "record": compact_json(record),
        "store": store_json(record, forms)}]}
    out["entity_mentions"] = [{"key": key, "entity": m.data.get("entity"), "type": m.data.get("type"),
                               "kind": m.label, "start": m.start, "end": m.end, "surface": text[m.start:m.end]}
                              for m in mentions]
    out["entities"] = [{"key": key, "entity": e.get("id"), "type": e.get("type"), "name": e.get("name"),
                        "country": e.get("country"), "sector": e.get("sector"),
                        "mentions": len(e.get("mentions") or ()),
                        "surfaces": [str(x) for x in e.get("surfaces") or ()],
                        "roles": list(dict.fromkeys(str(r["role"]) for r in e.get("roles") or () if r.get("role")))}
                       for e in art.entities]
    out["quotes"] = []
    for idx, q in enumerate(quotes):
        d = q.data or {}
        c0, c1 = (d.get("content") or [q.start, q.end])[:2]
        out["quotes"].append({"key": key, "idx": idx, "kind": q.label, "speaker": d.get("speaker"),
                              "speaker_name": d.get("speaker_name") or d.get("speaker_text") or None,
                              "speaker_text": d.get("speaker_text"), "role": d.get("role"), "verb": d.get("verb"),
                              "content": text[c0:c1], "start": q.start, "end": q.end, "published": art.published})
    out["events"] = []
    for idx, ev in enumerate(events):
        d = ev.data or {}
        actor, recipient = d.get("actor") or {}, d.get("recipient") or {}
        loc, date = d.get("location") or {}, d.get("date") or {}
        out["events"].append({
            "key": key, "idx": idx, "type": ev.label, "mode": d.get("mode"),
            "actor_entity": actor.get("entity"), "actor_name": actor.get("name") or actor.get("entity_text"),
            "actor_code": actor.get("code"), "actor_sector": actor.get("sector"),
            "recipient_entity": recipient.get("entity"),
            "recipient_name": recipient.get("name") or recipient.get("entity_text"),
            "recipient_code": recipient.get("code"), "recipient_sector": recipient.get("sector"),
            "location": loc.get("text"), "country": loc.get("country"), "date": date.get("value"),
            "date_granularity": date.get("granularity"), "date_flag": date.get("flag"),
            "negated": bool(d.get("negated")), "planned": bool(d.get("planned")),
            "confidence": float(d.get("confidence") or 0), "evidence": text[ev.start:ev.end],
            "start": ev.start, "end": ev.end, "published": art.published, "record": compact_json(d)})
    return out


def shard_file(out_dir: str, dataset: str, shard: str) -> str:
    return os.path.join(out_dir, dataset, f"{shard}.parquet")


class ShardWriter:
    """Writes one shard's rows to every dataset in row groups; :meth:`commit` renames the files into place."""

    def __init__(self, out_dir: str, shard: str):
        import pyarrow.parquet as pq

        self.out_dir, self.shard = out_dir, shard
        self.tmp = f".{os.getpid()}.tmp"  # a worker orphaned by a killed driver never shares a file with a re-run
        self.schemas = schemas()
        self.pending: dict[str, list[dict[str, Any]]] = {name: [] for name in DATASETS}
        self.writers = {}
        for name in DATASETS:
            os.makedirs(os.path.join(out_dir, name), exist_ok=True)
            self.writers[name] = pq.ParquetWriter(shard_file(out_dir, name, shard) + self.tmp, self.schemas[name],
                                                  compression="zstd")

    def add(self, item: Article | RasadError) -> None:
        for name, new in rows(item, self.shard).items():
            self.pending[name].extend(new)

    def flush(self) -> None:
        import pyarrow as pa

        for name, pending in self.pending.items():
            if pending:
                self.writers[name].write_table(pa.Table.from_pylist(pending, schema=self.schemas[name]))
                pending.clear()

    def commit(self) -> None:
        self.flush()
        for writer in self.writers.values():
            writer.close()
        for name in DATASETS:
            path = shard_file(self.out_dir, name, self.shard)
            os.replace(path + self.tmp, path)

    def abort(self) -> None:
        for name, writer in self.writers.items():
            writer.close()
            path = shard_file(self.out_dir, name, self.shard) + self.tmp
            if os.path.exists(path):
                os.remove(path)
