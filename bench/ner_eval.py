"""Evaluate NER models through ``rasad ner --format conll`` (in process), and time them.

    .venv/bin/python bench/ner_eval.py                 # committed model on PEYMA dev+test, Arman fold models
    .venv/bin/python bench/ner_eval.py --model DIR     # another PEYMA-convention model
    .venv/bin/python bench/ner_eval.py --pipeline      # also: ingest speed of FarsNews with the entities stage

Prints CoNLL strict span P/R/F1 per type (PER, ORG, LOC) and micro over the
three, and tokens/s on one core (CPU time of the whole command: reading,
normalizing, features, CRF, writing). Arman fold models are looked for in
bench/out/ner/arman_foldK (built by ``train/ner.py arman --fold K``).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "train"))

from ner import ARMAN_TYPES, MAIN_TYPES, MODELS, NER, OUT, arman, peyma, peyma_only, retag, score  # noqa: E402

from rasad.ner_cli import ner_cmd  # noqa: E402


def run_conll(model: Path, sents: list[list[tuple[str, str]]]) -> tuple[list[list[str]], float, int]:
    """Tag through the click command; (predicted tags, CPU seconds, tokens)."""
    text = "".join("".join(f"{w}\t{t}\n" for w, t in s) + "\n" for s in sents)
    runner = CliRunner()
    t0 = time.process_time()
    res = runner.invoke(ner_cmd, ["--format", "conll", "--model", str(model)], input=text)
    secs = time.process_time() - t0
    if res.exit_code != 0:
        raise SystemExit(f"rasad ner failed: {res.output}\n{res.exception!r}")
    pred: list[list[str]] = []
    cur: list[str] = []
    for line in res.output.split("\n"):
        if not line:
            if cur:
                pred.append(cur)
                cur = []
            continue
        cur.append(line.rsplit("\t", 1)[1])
    if cur:
        pred.append(cur)
    n = sum(len(s) for s in sents)
    if [len(p) for p in pred] != [len(s) for s in sents]:
        raise SystemExit("output does not line up with the input")
    return pred, secs, n


def report(name: str, model: Path, sents: list[list[tuple[str, str]]]) -> dict:
    from rasad.ner import load_tagger

    load_tagger(model)  # loading is timed separately
    pred, secs, n = run_conll(model, sents)
    sc = score([[t for _, t in s] for s in sents], pred)
    print(f"\n{name}  ({len(sents)} sentences, {n} tokens, {n / secs:,.0f} tokens/s)")
    print(f"  {'type':<6} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}")
    for t in (*MAIN_TYPES, "micro"):
        r = sc[t]
        print(f"  {t:<6} {r['p']:7.4f} {r['r']:7.4f} {r['f1']:7.4f} {r['gold']:6d} {r['pred']:6d}")
    return {"scores": sc, "tokens_per_s": n / secs}


def load_time(model: Path) -> float:
    import subprocess

    code = ("import time; t=time.perf_counter(); from rasad.ner import load_tagger; "
            f"load_tagger({str(model)!r}); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def pipeline_speed() -> None:
    """Ingest FarsNews: the stages before ``entities``, those plus ``entities``, and the whole default pipeline."""
    import glob
    import tempfile

    from rasad.ingest import ingest
    from rasad.ner import load_tagger
    from rasad.pipeline import Pipeline, Stage, default_pipeline
    from rasad.store import Store

    files = sorted(glob.glob(str(ROOT.parent / "shared" / "data" / "news" / "farsnews" / "*.json")))
    load_tagger()
    full = list(default_pipeline().stages)
    names = [s.name for s in full]
    if "entities" in names:
        cut = names.index("entities")
        variants = [("before entities", full[:cut]), ("up to entities", full[:cut + 1]), ("default", full)]
    else:
        from rasad.ner import entities_stage

        ent = Stage("entities", entities_stage, requires=("text",), provides=("sentences", "entities"))
        variants = [("default", full), ("default + entities", [*full, ent])]
    for label, stages in variants:
        with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "b.db")) as store:
            t0 = time.process_time()
            rep = ingest(files, store, pipeline=Pipeline(stages))
            cpu = time.process_time() - t0
        n = rep.counts["ingested"] + rep.counts["updated"] + rep.counts["unchanged"]
        print(f"ingest FarsNews, {label} ({', '.join(s.name for s in stages)}): {n} articles, "
              f"{n / cpu:.0f} articles/s (CPU, one core)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(MODELS))
    ap.add_argument("--no-arman", action="store_true")
    ap.add_argument("--pipeline", action="store_true")
    args = ap.parse_args()
    if not NER.exists():
        sys.exit(f"no NER data at {NER}")
    model = Path(args.model)
    size = sum(p.stat().st_size for p in model.iterdir() if p.is_file())
    print(f"model {model}: {size / 1e6:.1f} MB on disk, loads in {load_time(model):.2f} s")
    report("PEYMA dev", model, [peyma_only(s) for s in peyma("dev")])
    report("PEYMA test", model, [peyma_only(s) for s in peyma("test")])
    if not args.no_arman:
        for k in (1, 2, 3):
            fold_model = OUT / f"arman_fold{k}"
            if not (fold_model / "ner.crfsuite").exists():
                print(f"\nArman fold {k}: no model at {fold_model} (train/ner.py arman --fold {k})")
                continue
            report(f"Arman test fold {k} (model trained on the other folds)", fold_model,
                   [retag(s, ARMAN_TYPES) for s in arman(f"test_fold{k}")])
    if args.pipeline:
        pipeline_speed()


if __name__ == "__main__":
    main()
