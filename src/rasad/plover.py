"""PLOVER JSON records from Rasad events (PLOVER manual, chapter "Data Fields").

:func:`to_plover` turns one ``spans["events"]`` span into a PLOVER event
record; :func:`validate_plover` checks a record against the field list
(required fields, types, entity/location/text/cite objects). Field names
follow the manual's tables "PLOVER JSON", "Information object for entities",
"Information object for text", "Information object for citations" and
"Location object". Rasad-specific fields are prefixed ``rasad_``.

Conventions (see docs/events.md): actor/recipient are lists of entity
objects; a future/planned CONSULT, SUPPORT, COOPERATE or AID is exported as
AGREE (the manual: "References to future meetings ... should be coded as
AGREE") with the auxiliary mode ``future`` in ``context``; a negated event
gets ``negation`` in ``context`` and ``has_event: false``.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from .article import Article, Span

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4,
        "COERCE": 4, "ASSAULT": 4}  # 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict
SCALE = {"AGREE": 2.5, "CONSULT": 2.5, "SUPPORT": 5, "CONCEDE": 4.5, "COOPERATE": 9.5, "AID": 10, "RETREAT": 6.5,
         "REQUEST": 0, "ACCUSE": -3, "REJECT": -2, "THREATEN": -3.5, "PROTEST": -5, "SANCTION": -6, "MOBILIZE": -5.5,
         "COERCE": -7, "ASSAULT": -9}
MODE_SCALE = {("CONSULT", "visit"): 4, ("CONSULT", "third-party"): 1, ("CONSULT", "multilateral"): 4,
              ("CONSULT", "phone"): 1.5}
CODER = "rasad-events"
CODEBOOK = "plover-base (PLOVER manual, 2021+)"

# field -> (required, allowed JSON types)
FIELDS: dict[str, tuple[bool, tuple[type, ...]]] = {
    "id": (True, (str,)), "has_event": (False, (bool,)), "date": (True, (str,)), "time": (False, (str,)),
    "enddate": (False, (str,)), "endtime": (False, (str,)), "actor": (True, (list,)), "recipient": (False, (list,)),
    "event": (True, (list,)), "event_loc": (False, (dict,)), "event_text": (False, (list,)),
    "quad_code": (False, (int,)), "event_scale": (False, (int, float)), "mode": (False, (list,)),
    "context": (False, (list,)), "link": (False, (str,)), "text": (False, (str,)), "text_info": (False, (dict,)),
    "cite_info": (False, (dict,)), "coder": (False, (str,)), "coded_date": (False, (str,)),
    "coded_time": (False, (str,)), "comment": (False, (str,)),
}
ENTITY_FIELDS = {"code": str, "sector": str, "entity_text": str, "identifier_id": str, "identifier_text": str,
                 "religion": str, "ethnicity": str, "office": str, "gender": str, "age": int}
TEXT_INFO_FIELDS = {"sequence": int, "start": int, "end": int, "text_story": list}
CITE_FIELDS = {"corpus": str, "citation": str, "url": str, "title": str, "language": str, "publication": str,
               "license": str, "copyright": str, "coder": str, "codebook": str, "version": str}
LOCATION_FIELDS = {"extracted_place": str, "resolved_place": str, "geonameid": int, "lat": float, "lon": float,
                   "city": str, "district": str, "province": str, "country": str, "country_code": str,
                   "feature_class": str, "feature_code": str, "resolution": int}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _entity(p: dict[str, Any] | None) -> dict[str, Any] | None:
    if not p:
        return None
    out: dict[str, Any] = {"entity_text": p.get("entity_text") or ""}
    if p.get("code"):
        out["code"] = p["code"]
    if p.get("sector"):
        out["sector"] = p["sector"]
    if p.get("name"):
        out["identifier_text"] = p["name"]
    if p.get("entity"):
        out["rasad_entity"] = p["entity"]
    if p.get("office"):
        out["office"] = p["office"]
    return out


def _day(value: str | None, fallback: str | None) -> str:
    """A YYYY-MM-DD date for PLOVER's ``date``: months/years become their first day."""
    v = value or (fallback or "")[:10]
    if re.fullmatch(r"\d{4}", v):
        return v + "-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return v + "-01"
    return v[:10]


def to_plover(article: Article, span: Span, idx: int) -> dict[str, Any]:
    """The PLOVER record of event ``span`` (the *idx*-th event of *article*)."""
    d = span.data
    event = span.label
    context = list(d.get("context") or [])
    if d.get("planned"):
        context.append("future")
        if event in ("CONSULT", "SUPPORT", "COOPERATE", "AID"):
            event = "AGREE"
    if d.get("negated"):
        context.append("negation")
    date = d.get("date") or {}
    key = article.news_id or article.content_hash[:12]
    agency = article.agency or "rasad"
    rec: dict[str, Any] = {
        "id": f"{agency}-{key}-{idx}",
        "has_event": not d.get("negated", False),
        "date": _day(date.get("value"), article.published),
        "actor": [a for a in [_entity(d.get("actor"))] if a],
        "recipient": [r for r in [_entity(d.get("recipient"))] if r],
        "event": [event],
        "mode": [d["mode"]] if d.get("mode") and d["mode"] != "meeting" else [],
        "context": context,
        "event_text": [article.text[span.start:span.end]],
        "quad_code": QUAD.get(event, 0),
        "event_scale": MODE_SCALE.get((event, d.get("mode")), SCALE.get(event, 0.0)),
        "text_info": {"sequence": idx, "start": span.start, "end": span.end},
        "cite_info": {"corpus": "rasad", "citation": article.news_id or article.source.ref, "url": article.url or "",
                      "title": article.title or "", "language": "fa", "publication": article.agency or "",
                      "coder": CODER, "codebook": CODEBOOK},
        "coder": CODER,
        "coded_date": datetime.now(UTC).date().isoformat(),
        "rasad_event_type": span.label,
        "rasad_date": date,
        "rasad_confidence": d.get("confidence"),
        "rasad_trigger": d.get("trigger"),
        "rasad_sentence": d.get("sentence"),
    }
    loc = d.get("location")
    if loc:
        rec["event_loc"] = {"extracted_place": loc.get("text") or "",
                            **({"country_code": loc["country"]} if loc.get("country") else {})}
    if d.get("occasion"):
        rec["comment"] = f"occasion: {d['occasion']}"
    if date.get("flag"):
        rec["comment"] = (rec.get("comment", "") + f"; date: {date['flag']}").lstrip("; ")
    return rec


def _check_obj(name: str, obj: Any, fields: dict[str, type], errors: list[str]) -> None:
    if not isinstance(obj, dict):
        errors.append(f"{name}: not an object")
        return
    for k, v in obj.items():
        if k.startswith("rasad_"):
            continue
        if k not in fields:
            errors.append(f"{name}.{k}: unknown field")
        elif v is not None and not isinstance(v, fields[k]) and not (fields[k] is float and isinstance(v, int)):
            errors.append(f"{name}.{k}: expected {fields[k].__name__}, got {type(v).__name__}")


def validate_plover(record: dict[str, Any]) -> list[str]:
    """Problems of a PLOVER record: missing required fields, wrong types, unknown names ([] if valid)."""
    errors: list[str] = []
    if not isinstance(record, dict):
        return ["record: not an object"]
    for name, (required, types) in FIELDS.items():
        if name not in record or record[name] is None:
            if required:
                errors.append(f"{name}: missing")
            continue
        if not isinstance(record[name], types) or (types == (int,) and isinstance(record[name], bool)):
            errors.append(f"{name}: expected {'/'.join(t.__name__ for t in types)}, got {type(record[name]).__name__}")
    for name in record:
        if name not in FIELDS and not name.startswith("rasad_"):
            errors.append(f"{name}: unknown field")
    if isinstance(record.get("date"), str) and not _DATE.match(record["date"]):
        errors.append("date: not YYYY-MM-DD")
    for side in ("actor", "recipient"):
        for i, ent in enumerate(record.get(side) or []):
            _check_obj(f"{side}[{i}]", ent, ENTITY_FIELDS, errors)
    if isinstance(record.get("actor"), list) and not record["actor"]:
        errors.append("actor: empty")
    for i, ev in enumerate(record.get("event") or []):
        if ev not in EVENT_TYPES:
            errors.append(f"event[{i}]: {ev!r} is not a PLOVER event type")
    if record.get("quad_code") is not None and record["quad_code"] not in (1, 2, 3, 4):
        errors.append("quad_code: not 1-4")
    if "text_info" in record:
        _check_obj("text_info", record["text_info"], TEXT_INFO_FIELDS, errors)
    if "cite_info" in record:
        _check_obj("cite_info", record["cite_info"], CITE_FIELDS, errors)
    if "event_loc" in record:
        _check_obj("event_loc", record["event_loc"], LOCATION_FIELDS, errors)
    for name in ("mode", "context", "event_text"):
        if isinstance(record.get(name), list) and not all(isinstance(x, str) for x in record[name]):
            errors.append(f"{name}: items must be strings")
    return errors


__all__ = ["EVENT_TYPES", "FIELDS", "to_plover", "validate_plover"]
