"""Evaluate CONSULT events (meetings) against the hand-made gold set.

    python bench/events_eval.py [--gold bench/gold/events.jsonl] [--min-conf 0.5] [--show]

Articles are read from ``../shared/data/news/farsnews`` by link (the seed from
``src/rasad/sample``) and run through the default pipeline (its stages are
printed first).

Scoring (docs/annotation_events.md): gold meetings with ``status: happened``
are the reference; predictions are CONSULT events that are neither planned
nor negated, with confidence >= ``--min-conf``. A prediction matches a gold
meeting when its actor matches one gold side and its recipient another
(unordered): a side matches when one of its aliases is contained in the
predicted participant's text or canonical name (letters folded) or the
reverse (for texts of 3+ letters). Matching is one-to-one, greedy in text
order. Precision = matched / predictions, recall = matched / gold. Among
matched meetings: place right (gold country, else gold text, equals the
predicted one) and date right (gold value equals the predicted value, where
the gold states a date).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from events_select import load_farsnews  # noqa: E402

from rasad import Source, default_pipeline, read_file  # noqa: E402
from rasad.normalize import fold  # noqa: E402
from rasad.readers.records import read_record  # noqa: E402

GOLD = ROOT / "bench" / "gold" / "events.jsonl"


def load_article(rec: dict, farsnews: dict):
    if rec["set"] == "seed":
        art = next(iter(read_file(str(ROOT / "src" / "rasad" / rec["link"]))))
    else:
        art = read_record(farsnews[rec["link"]], Source(rec["link"], "json"))
    return art


def _texts(p: dict | None) -> list[str]:
    if not p:
        return []
    return [fold(t) for t in (p.get("entity_text"), p.get("name")) if t]


def side_match(aliases: list[str], p: dict | None) -> bool:
    for t in _texts(p):
        t = " ".join(t.replace("«", " ").replace("»", " ").split())
        for a in aliases:
            a = " ".join(fold(a).split())
            if a and (a in t or (len(t) >= 3 and t in a)):
                return True
    return False


def match(gold: dict, ev: dict) -> bool:
    sides = gold["participants"]
    for i, si in enumerate(sides):
        for j, sj in enumerate(sides):
            if i != j and side_match(si, ev["actor"]) and side_match(sj, ev["recipient"]):
                return True
    return False


def place_right(gold: dict, ev: dict) -> bool:
    g, p = gold.get("place"), ev.get("location")
    if not g or not p:
        return False
    if g.get("country") and p.get("country"):
        return g["country"] == p["country"] and (fold(g["text"]) in fold(p["text"]) or fold(p["text"]) in fold(g["text"])
                                                 or g["country"] == p["country"])
    return fold(g["text"]) in fold(p.get("venue") or p["text"]) or fold(p["text"]) in fold(g["text"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--min-conf", type=float, default=0.5)
    ap.add_argument("--show", action="store_true", help="print every miss and false alarm")
    args = ap.parse_args(argv)
    gold = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    farsnews = load_farsnews()
    pipe = default_pipeline()
    print("stages:", ", ".join(pipe.names))
    n_gold = n_pred = n_match = 0
    place_n = place_ok = date_n = date_ok = 0
    planned_flagged = planned_total = 0
    t0 = time.perf_counter()
    for rec in gold:
        art = pipe(load_article(rec, farsnews))
        preds = [s.data for s in art.spans["events"] if s.label == "CONSULT" and not s.data["planned"]
                 and not s.data["negated"] and s.data["confidence"] >= args.min_conf]
        golds = [g for g in rec["meetings"] if g["status"] == "happened"]
        planned_total += sum(1 for g in rec["meetings"] if g["status"] == "planned")
        planned_flagged += sum(1 for g in rec["meetings"] if g["status"] == "planned" and any(
            match(g, s.data) for s in art.spans["events"] if s.label == "CONSULT" and s.data["planned"]))
        used: set[int] = set()
        n_gold += len(golds)
        n_pred += len(preds)
        for g in golds:
            hit = next((i for i, ev in enumerate(preds) if i not in used and match(g, ev)), None)
            if hit is None:
                if args.show:
                    print(f"MISS  {rec['news_id']}: {g['snippet'][:90]}")
                continue
            used.add(hit)
            n_match += 1
            ev = preds[hit]
            if g.get("place"):
                place_n += 1
                place_ok += place_right(g, ev)
            if g.get("when") and g["when"].get("value"):
                date_n += 1
                date_ok += ev["date"]["value"] == g["when"]["value"]
                if args.show and ev["date"]["value"] != g["when"]["value"]:
                    print(f"DATE  {rec['news_id']}: gold {g['when']} got {ev['date']}")
            if args.show and g.get("place") and not place_right(g, ev):
                print(f"PLACE {rec['news_id']}: gold {g['place']} got {ev['location']}")
        if args.show:
            for i, ev in enumerate(preds):
                if i not in used:
                    a = ev["actor"]["entity_text"] if ev["actor"] else None
                    r = ev["recipient"]["entity_text"] if ev["recipient"] else None
                    s, e = ev["sentence"]
                    print(f"FALSE {rec['news_id']}: {a} -> {r}   «{art.text[s:e][:90]}»")
    dt = time.perf_counter() - t0
    p = n_match / n_pred if n_pred else 0.0
    r = n_match / n_gold if n_gold else 0.0
    print(f"articles {len(gold)}  gold meetings {n_gold}  predicted {n_pred}  matched (both participants) {n_match}")
    print(f"CONSULT precision {p:.3f}  recall {r:.3f}  F1 {2 * p * r / (p + r) if p + r else 0:.3f}")
    print(f"place right {place_ok}/{place_n}  date right {date_ok}/{date_n}  planned meetings flagged {planned_flagged}/{planned_total}")
    print(f"{len(gold) / dt:.1f} articles/s (whole pipeline, one process)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
