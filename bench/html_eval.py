"""Evaluate the HTML reader on real Persian news pages, with trafilatura in the same run.

    .venv/bin/python bench/html_eval.py [--pages DIR] [--gold DIR] [--repeat N] [--check]

Pages and gold default to ``../shared/data/html/{pages,gold}`` (internal evaluation data: never
copy them into the repository). Per page and overall it prints:

- F1: full-text token F1 of lead + body against the gold lead + body. Tokens are compared after
  deleting ZWNJ, turning punctuation into spaces, folding ي/ك/ى and Arabic-Indic digits.
- lead: our lead field holds the gold lead (token F1 >= 0.8); for trafilatura, the gold lead's
  token sequence appears in its text ("kept"). "-" when the gold has no lead.
- title: exactly the gold title (whitespace collapsed).
- date: the publish day equals the gold ``iso_date`` (right), differs (WRONG) or is missing (none).
- ZWNJ: ZWNJs in our lead + body / in the page's article text (the gold lead + body).
- pages/s: the whole set read ``--repeat`` times, ours vs trafilatura (``bare_extraction`` with
  metadata), same process, same bytes.

``generic`` is our reader with the site rules switched off (``rules=False``): the fallback chain
alone, i.e. what an unseen layout gets. ``--check`` exits 1 when a target of issue 3 is missed.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasad.article import Source  # noqa: E402
from rasad.readers.html import read_html  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "html"
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "\u200c": None,
                       **{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}})
TARGETS = {"f1_mean": 0.98, "f1_min": 0.95, "title_exact": 10}


def tokens(text: str) -> list[str]:
    return re.sub(r"[\W_]+", " ", (text or "").translate(_FOLD)).split()


def f1(pred: str, gold: str) -> float:
    p, g = Counter(tokens(pred)), Counter(tokens(gold))
    if not p and not g:
        return 1.0
    common = sum((p & g).values())
    if not common:
        return 0.0
    prec, rec = common / sum(p.values()), common / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def contains(text: str, part: str) -> bool:
    return " ".join(tokens(part)) in " ".join(tokens(text))


def clean(s: str | None) -> str:
    return " ".join((s or "").split())


def ours(data: bytes, path: Path, rules: bool = True) -> dict:
    try:
        art = read_html(data, Source(str(path), "html"), rules=rules)
    except Exception as e:  # a failure is a row of zeros, not a crash
        return {"text": "", "lead": "", "title": "", "date": None, "error": str(e)}
    return {"text": "\n".join(([art.lead] if art.lead else []) + art.body), "lead": art.lead or "",
            "title": art.title or "", "date": (art.published or "")[:10] or None, "error": None}


def trafilatura_run(data: bytes) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(data, with_metadata=True)
    if doc is None:
        return {"text": "", "lead": "", "title": "", "date": None, "error": "None"}
    return {"text": doc.text or "", "lead": None, "title": doc.title or "", "date": doc.date, "error": None}


def score(res: dict, gold: dict) -> dict:
    gold_text = "\n".join(x for x in (gold.get("lead", ""), gold.get("body", "")) if x)
    if not gold.get("lead"):
        lead = "-" if not res["lead"] else "extra"
    elif res["lead"] is None:  # trafilatura has no lead field: is the lead kept in its text?
        lead = "kept" if contains(res["text"], gold["lead"]) else "lost"
    else:
        lead = "ok" if res["lead"] and f1(res["lead"], gold["lead"]) >= 0.8 else "MISS"
    date = "none" if not res["date"] else ("right" if res["date"] == gold["iso_date"] else "WRONG")
    return {"f1": f1(res["text"], gold_text), "lead": lead, "title": clean(res["title"]) == clean(gold["title"]),
            "date": date, "zwnj": res["text"].count("\u200c"), "zwnj_page": gold_text.count("\u200c"),
            "error": res["error"]}


def evaluate(pages: Path = DEFAULT / "pages", gold: Path = DEFAULT / "gold", repeat: int = 3) -> dict:
    files = sorted(pages.glob("*.html"))
    data = {f: f.read_bytes() for f in files}
    golds = {f: json.loads((gold / (f.stem + ".json")).read_text(encoding="utf-8")) for f in files}
    systems = {"ours": lambda f: ours(data[f], f), "generic": lambda f: ours(data[f], f, rules=False),
               "trafilatura": lambda f: trafilatura_run(data[f])}
    rows: dict[str, dict[str, dict]] = {name: {} for name in systems}
    speed: dict[str, float] = {}
    for name, run in systems.items():
        for f in files:  # warm-up and scores
            rows[name][f.stem] = score(run(f), golds[f])
        t = time.perf_counter()
        for _ in range(repeat):
            for f in files:
                run(f)
        speed[name] = len(files) * repeat / (time.perf_counter() - t)
    summary = {}
    for name, r in rows.items():
        vals = list(r.values())
        with_lead = [v for v in vals if v["lead"] not in ("-", "extra")]
        summary[name] = {
            "f1_mean": sum(v["f1"] for v in vals) / len(vals), "f1_min": min(v["f1"] for v in vals),
            "lead": sum(v["lead"] in ("ok", "kept") for v in with_lead), "lead_of": len(with_lead),
            "lead_extra": sum(v["lead"] == "extra" for v in vals),
            "title_exact": sum(v["title"] for v in vals), "pages": len(vals),
            "date_right": sum(v["date"] == "right" for v in vals),
            "date_wrong": sum(v["date"] == "WRONG" for v in vals),
            "zwnj": sum(v["zwnj"] for v in vals), "zwnj_page": sum(v["zwnj_page"] for v in vals),
            "pages_per_s": speed[name],
        }
    return {"rows": rows, "summary": summary}


def failures(summary: dict) -> list[str]:
    s, t = summary["ours"], summary["trafilatura"]
    out = []
    if s["f1_mean"] < TARGETS["f1_mean"]:
        out.append(f"mean F1 {s['f1_mean']:.3f} < {TARGETS['f1_mean']}")
    if s["f1_min"] < TARGETS["f1_min"]:
        out.append(f"min F1 {s['f1_min']:.3f} < {TARGETS['f1_min']}")
    if s["lead"] < s["lead_of"]:
        out.append(f"lead found on {s['lead']}/{s['lead_of']} pages")
    if s["title_exact"] < TARGETS["title_exact"]:
        out.append(f"title exact on {s['title_exact']}/{s['pages']}")
    if s["date_right"] < s["pages"] or s["date_wrong"]:
        out.append(f"dates right {s['date_right']}/{s['pages']}, wrong {s['date_wrong']}")
    if s["zwnj"] < s["zwnj_page"]:
        out.append(f"ZWNJ kept {s['zwnj']}/{s['zwnj_page']}")
    if s["pages_per_s"] < t["pages_per_s"]:
        out.append(f"speed {s['pages_per_s']:.1f} < trafilatura {t['pages_per_s']:.1f} pages/s")
    return out


def report(result: dict) -> str:
    rows, summary = result["rows"], result["summary"]
    names = list(rows)
    lines = ["| page | " + " | ".join(f"{n} F1 | lead | title | date | ZWNJ" for n in names) + " |",
             "|---|" + "---|---|---|---|---|" * len(names)]
    for page in rows["ours"]:
        cells = []
        for n in names:
            v = rows[n][page]
            cells.append(f"{v['f1']:.3f} | {v['lead']} | {'yes' if v['title'] else 'no'} | {v['date']} | "
                         f"{v['zwnj']}/{v['zwnj_page']}")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines += ["",
              "| system | F1 mean | F1 min | lead found | title exact | dates right / wrong | ZWNJ kept | pages/s |",
              "|---|---|---|---|---|---|---|---|"]
    for n in names:
        s = summary[n]
        lead = f"{s['lead']}/{s['lead_of']}" + (f" (+{s['lead_extra']} extra)" if s["lead_extra"] else "")
        lines.append(f"| {n} | {s['f1_mean']:.3f} | {s['f1_min']:.3f} | {lead} | {s['title_exact']}/{s['pages']} | "
                     f"{s['date_right']} / {s['date_wrong']} | {s['zwnj']}/{s['zwnj_page']} "
                     f"({100 * s['zwnj'] / max(1, s['zwnj_page']):.0f}%) | {s['pages_per_s']:.1f} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT / "pages")
    ap.add_argument("--gold", type=Path, default=DEFAULT / "gold")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args()
    if not args.pages.is_dir():
        print(f"no pages at {args.pages}", file=sys.stderr)
        return 2
    result = evaluate(args.pages, args.gold, args.repeat)
    print(report(result))
    missed = failures(result["summary"])
    for m in missed:
        print(f"target missed: {m}")
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
