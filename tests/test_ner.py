"""Tokens, sentences and the NER model (training-free: the committed model is used as is)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED, SHARED, need_shared

from rasad.ner import (
    MODEL_DIR,
    bio_spans,
    content_spans,
    entities_stage,
    find_entities,
    load_tagger,
    token_keys,
)
from rasad.ner_cli import conll_token, ner_cmd
from rasad.normalize import normalize_text
from rasad.tokens import sentences, tokenize

ROOT = Path(__file__).resolve().parent.parent


def toks(text: str) -> list[str]:
    return [text[s:e] for s, e in tokenize(text)]


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences(text)]


def ents(text: str) -> set[tuple[str, str]]:
    return {(sp.label, sp.data["text"]) for sp in find_entities(normalize_text(text))}


# --------------------------------------------------------------------------- tokens

def test_tokenize_offsets_cover_the_words():
    text = "وزیر امور خارجه  می‌گوید: «ایران» ۳.۵ درصد رشد کرد!"
    spans = tokenize(text)
    assert [text[s:e] for s, e in spans] == [
        "وزیر", "امور", "خارجه", "می‌گوید", ":", "«", "ایران", "»", "۳.۵", "درصد", "رشد", "کرد", "!"]
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert spans == sorted(spans)


def test_tokenize_numbers_latin_and_punctuation():
    assert toks("ساعت ۲۳:۲۳ روز 1402/07/12 و 1,000 دلار") == [
        "ساعت", "۲۳:۲۳", "روز", "1402/07/12", "و", "1,000", "دلار"]
    assert toks("نشست G20 در U.S. (آمریکا)، فرمت ۳+۳.") == [
        "نشست", "G20", "در", "U.S.", "(", "آمریکا", ")", "،", "فرمت", "۳", "+", "۳", "."]
    assert toks("علی‌اکبر احمدیان") == ["علی‌اکبر", "احمدیان"]  # ZWNJ stays inside
    assert toks("") == []


def test_sentences_split_on_marks_and_lines_not_numbers():
    text = "نرخ تورم ۳.۵ درصد شد. وی گفت: «آری!» آیا رفت؟\nخط دوم"
    assert sents(text) == ["نرخ تورم ۳.۵ درصد شد.", "وی گفت: «آری!»", "آیا رفت؟", "خط دوم"]


def test_sentences_keep_abbreviations_and_initials():
    assert sents("ج.ا.ا. بیانیه داد. سپس J. Smith آمد.") == ["ج.ا.ا. بیانیه داد.", "سپس J. Smith آمد."]
    assert sents("  \n\n ") == []
    text = "اول.  دوم!"
    for s, e in sentences(text):
        assert text[s:e] == text[s:e].strip()


def test_token_keys_normalize_corpus_tokens():
    assert token_keys("روش های") == ("روش\u200cهای",)
    assert token_keys("از جمله") == ("از", "جمله")
    assert token_keys("علي") == ("علی",)


def test_bio_spans_conll_style():
    assert bio_spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-LOC"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "ORG"), (6, 7, "LOC")]


# --------------------------------------------------------------------------- tagger

def test_model_files_are_small_and_load_fast():
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.is_file())
    assert size <= 50 * 1024 * 1024
    load_tagger.__globals__["_LOADED"].clear()
    tagger = load_tagger()  # load time (< 2 s) is a bench figure: bench/ner_eval.py prints it
    assert load_tagger() is tagger  # cached


def test_tag_returns_one_bio_tag_per_token():
    tags = load_tagger().tag(["ناصر", "کنعانی", "سخنگوی", "وزارت", "امور", "خارجه", "گفت", "."])
    assert len(tags) == 8
    assert tags[:2] == ["B-PER", "I-PER"]
    assert tags[3:6] == ["B-ORG", "I-ORG", "I-ORG"]
    assert tags[-1] == "O"
    assert load_tagger().tag([]) == []


def test_person_after_a_title():
    found = ents("وزیر امور خارجه حسین امیرعبداللهیان با همتای خود دیدار کرد.")
    assert ("PER", "حسین امیرعبداللهیان") in found


def test_person_before_a_role_and_organisation():
    found = ents("علی‌اکبر احمدیان دبیر شورای عالی امنیت ملی در این دیدار گفت.")
    assert ("PER", "علی‌اکبر احمدیان") in found
    assert ("ORG", "شورای عالی امنیت ملی") in found


def test_places():
    found = ents("نشست وزرای خارجه ایران، روسیه، ترکیه و ارمنستان در تهران برگزار شد.")
    for place in ("ایران", "روسیه", "ترکیه", "ارمنستان", "تهران"):
        assert ("LOC", place) in found


def test_mentions_inside_guillemets():
    found = ents("«خلف خلف‌اف» دستیار ویژه الهام علی‌اف رئیس جمهور آذربایجان به تهران سفر کرد.")
    assert ("PER", "خلف خلف‌اف") in found
    assert ("PER", "الهام علی‌اف") in found
    found = ents("به گزارش دفاع‌پرس، «خلف خلف اف» دستیار ویژه رئیس جمهور آذربایجان به تهران سفر کرد.")
    assert ("PER", "خلف خلف اف") in found
    assert all("«" not in t and "»" not in t for _, t in found)


def test_find_entities_spans_point_into_the_text():
    text = normalize_text("به گزارش خبرگزاری فارس، محمدجواد ظریف وزیر امور خارجه به پکن رفت.")
    spans = find_entities(text)
    assert spans
    for sp in spans:
        assert text[sp.start:sp.end] == sp.data["text"]
        assert sp.label in {"PER", "ORG", "LOC"}


# --------------------------------------------------------------------------- pipeline stage

def test_entities_stage_on_the_sample_article():
    from rasad.pipeline import default_pipeline
    from rasad.readers import read_file

    art = default_pipeline()(next(iter(read_file(str(SEED)))))
    art = entities_stage(art)
    content = content_spans(art)
    assert art.spans["sentences"] and art.spans["entities"]
    for sp in art.spans["entities"] + art.spans["sentences"]:
        assert any(s <= sp.start and sp.end <= e for s, e in content)  # content only, no chrome
    for sp in art.spans["entities"]:
        assert art.text[sp.start:sp.end] == sp.data["text"]
    found = {(sp.label, sp.data["text"]) for sp in art.spans["entities"]}
    for person in ("حسین امیرعبداللهیان", "ناصر کنعانی", "علی‌اکبر احمدیان"):
        assert ("PER", person) in found
    for place in ("تهران", "باکو", "روسیه", "ترکیه", "ارمنستان", "گرجستان"):
        assert ("LOC", place) in found
    assert not any("تاریخ انتشار" in t or "کد خبر" in t for _, t in found)


def test_entities_stage_without_layout_uses_the_whole_text():
    from rasad.article import Article, Source

    art = Article(Source("x"), raw="", text=normalize_text("حسن روحانی به نیویورک رفت."))
    art = entities_stage(art)
    assert ("PER", "حسن روحانی") in {(s.label, s.data["text"]) for s in art.spans["entities"]}


# --------------------------------------------------------------------------- CLI

def test_conll_token_columns():
    assert conll_token("روش های\tO\tNN") == "روش های"
    assert conll_token("ایران B-LOC") == "ایران"
    assert conll_token("ایران") == "ایران"


def test_cli_conll():
    src = "ناصر\tB-PER\nکنعانی\nسخنگوی\nوزارت\nامور\nخارجه\nگفت\n\nاو\nبه\nتهران\nرفت\n"
    res = CliRunner().invoke(ner_cmd, ["--format", "conll"], input=src)
    assert res.exit_code == 0, res.output
    blocks = res.output.strip("\n").split("\n\n")
    assert len(blocks) == 2
    first = [line.split("\t") for line in blocks[0].split("\n")]
    assert [t for t, _ in first] == ["ناصر", "کنعانی", "سخنگوی", "وزارت", "امور", "خارجه", "گفت"]
    assert first[0][1] == "B-PER" and first[1][1] == "I-PER"
    assert blocks[1].split("\n")[2] == "تهران\tB-LOC"


def test_cli_jsonl_text_and_objects():
    src = ("حسن روحانی به نيويورك رفت.\n"
           + json.dumps({"id": 7, "text": "وزارت امور خارجه ایران بیانیه داد."}, ensure_ascii=False) + "\n\n")
    res = CliRunner().invoke(ner_cmd, ["--format", "jsonl"], input=src)
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert len(lines) == 3
    first = lines[0]
    assert {"label": "PER", "text": "حسن روحانی"}.items() <= first["entities"][0].items()
    for e in first["entities"]:  # offsets over the input as given (Arabic yeh/kaf kept)
        assert first["text"][e["start"]:e["end"]] == e["text"]
    assert lines[1]["id"] == 7
    assert any(e["label"] == "ORG" for e in lines[1]["entities"])
    assert lines[2] == {"text": "", "entities": []}


# --------------------------------------------------------------------------- recorded score

def test_committed_model_reproduces_its_recorded_dev_score():
    need_shared(SHARED / "data" / "ner" / "peyma" / "dev.txt")
    sys.path.insert(0, str(ROOT / "train"))
    try:
        import ner as train_ner
    finally:
        sys.path.remove(str(ROOT / "train"))
    recorded = json.loads((MODEL_DIR / "ner_scores.json").read_text(encoding="utf-8"))["peyma"]
    key = f"peyma_dev_first{train_ner.SLICE}"
    dev = [train_ner.peyma_only(s) for s in train_ner.peyma("dev")][: train_ner.SLICE]
    got, _ = train_ner.evaluate(load_tagger(), dev)
    assert got["micro"]["f1"] == pytest.approx(recorded[key]["micro"]["f1"], abs=1e-4)
    assert got["micro"]["f1"] > 0.6  # the first 200 dev sentences are harder than the whole (0.77)


# --------------------------------------------------------------------------- native CRF backend

def _peyma_sentences(split: str, limit: int) -> list[list[str]]:
    path = need_shared(SHARED / "data" / "ner" / "peyma" / f"{split}.txt")
    out, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                out.append(cur)
                cur = []
            continue
        cur.append(line.rpartition("|")[0])
    if cur:
        out.append(cur)
    return out[:limit]


def test_crf_model_reader_matches_pycrfsuite():
    import pycrfsuite

    from rasad.crf import read_model

    model = read_model(MODEL_DIR / "ner.crfsuite")
    ref = pycrfsuite.Tagger()
    ref.open(str(MODEL_DIR / "ner.crfsuite"))
    info = ref.info()  # weights printed with 6 decimals
    assert model.labels == ref.labels()
    assert sum(len(v) for v in model.attributes.values()) == len(info.state_features)
    for (a, lab), w in list(info.state_features.items())[:5000]:
        assert dict(model.attributes[a])[model.labels.index(lab)] == pytest.approx(w, abs=1e-6)
    for (a, b), w in info.transitions.items():
        assert model.trans[model.labels.index(a)][model.labels.index(b)] == pytest.approx(w, abs=1e-6)


def test_native_backend_tags_like_pycrfsuite_on_peyma_dev():
    sents_ = _peyma_sentences("dev", 400)
    native = load_tagger()
    assert native.backend == "native"
    ref = type(native).load(MODEL_DIR, backend="crfsuite")
    exact = type(native).load(MODEL_DIR, backend="native")
    exact._checked = lambda *parts: None  # every sentence through the exact (CRFsuite-order) scorer
    for tokens in sents_:
        want = ref.tag(tokens)
        assert native.tag(tokens) == want, tokens
        assert exact.tag(tokens) == want, tokens
    assert exact.fallbacks == len([s for s in sents_ if s])


def test_native_backend_matches_pycrfsuite_on_seed_entities():
    text = normalize_text(SEED.read_text(encoding="utf-8"))
    ref = load_tagger().load(MODEL_DIR, backend="crfsuite")
    got = [(s.start, s.end, s.label) for s in find_entities(text)]
    want = [(s.start, s.end, s.label) for s in find_entities(text, tagger=ref)]
    assert got == want and got


def test_backend_from_environment(monkeypatch):
    from rasad.ner import Tagger

    monkeypatch.setenv("RASAD_NER_BACKEND", "crfsuite")
    assert Tagger.load(MODEL_DIR).backend == "crfsuite"
    monkeypatch.setenv("RASAD_NER_BACKEND", "nonsense")
    with pytest.raises(ValueError):
        Tagger.load(MODEL_DIR)


def test_bio_spans_like_a_plain_scan_on_random_sequences():
    import random

    def plain(tags):  # the textbook scan: an O, a B- or an I- of another type closes the open entity
        out, start, label = [], None, None
        for i, t in enumerate([*tags, "O"]):
            if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != label):
                if start is not None:
                    out.append((start, i, label))
                    start, label = None, None
                if t != "O":
                    start, label = i, t[2:]
        return out

    rnd = random.Random(4)
    for _ in range(3000):
        tags = [rnd.choice(["O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "I-ORG"]) for _ in range(rnd.randint(0, 12))]
        assert bio_spans(tags) == plain(tags), tags


def test_checked_viterbi_shortcut_gives_the_plain_viterbi_path():
    """The forward/backward shortcut for the common label ("O") changes no decision."""
    import random

    from rasad.crf import make_checked_viterbi, make_viterbi, pack, read_model

    trans = read_model(MODEL_DIR / "ner.crfsuite").trans
    plain = make_viterbi(trans)
    with_shortcut = make_checked_viterbi(trans, 10.0, common=0)
    without = make_checked_viterbi(trans, 10.0)
    rnd = random.Random(7)
    n = len(trans)
    decided = 0
    for _ in range(400):
        length = rnd.randint(1, 30)
        # mostly clear "O" positions (the shortcut's case), some contested ones
        states = [[rnd.uniform(-3, 3) + (rnd.choice([0, 12]) if j == 0 else 0) for j in range(n)]
                  for _ in range(length)]
        parts = [[pack((*s, 20.0)) for s in states]] + [[pack((0.0,) * (n + 1))] * length for _ in range(6)]
        got = with_shortcut(*parts)
        assert got == without(*parts)
        if got is not None:
            decided += 1
            assert got == plain(states)
    assert decided > 300


def test_checked_viterbi_on_random_models_of_any_size():
    """Packed vectors (odd and even lengths), the common-label shortcut and the narrowed maxima: the plain path."""
    import random

    from rasad.crf import make_checked_viterbi, make_viterbi, pack

    rnd = random.Random(11)
    decided = 0
    for n in (2, 3, 4, 5, 7):
        for _ in range(60):
            # "O" (label 0) strongly kept; some labels only reachable from two others (the I-X pattern)
            trans = [[rnd.uniform(-3, 3) for _ in range(n)] for _ in range(n)]
            for j in range(1, n, 2):
                trans[0][j] -= 10.0
            plain, checked = make_viterbi(trans), make_checked_viterbi(trans, 10.0, common=0)
            length = rnd.randint(1, 25)
            states = [[rnd.uniform(-4, 4) + (rnd.choice([0, 6, 15]) if j == 0 else 0) for j in range(n)]
                      for _ in range(length)]
            # the state scores split over seven parts, as the tagger passes them
            parts = [[pack((*s, 3.0)) for s in states]]
            for _ in range(6):
                shift = [[rnd.choice([0.0, 0.5, -0.25]) for _ in range(n)] for _ in range(length)]
                parts.append([pack((*d, 1.0)) for d in shift])
                states = [[a + b for a, b in zip(s, d, strict=True)] for s, d in zip(states, shift, strict=True)]
            got = checked(*parts)
            if got is not None:
                decided += 1
                assert got == plain(states), (n, trans, states)
    assert decided > 250


def test_pack_adds_like_floats():
    from rasad.crf import pack

    a, b = (0.1, 0.2, 0.3), (0.7, -0.2, 1e-17)
    assert pack(a) == (complex(0.1, 0.2), complex(0.3, 0.0))
    summed = [x + y for x, y in zip(pack(a), pack(b), strict=True)]
    assert [summed[0].real, summed[0].imag, summed[1].real] == [x + y for x, y in zip(a, b, strict=True)]


def test_spaced_words_give_tokenize_offsets():
    import random

    from rasad.tokens import pair_offsets, spaced_words, words

    rnd = random.Random(3)
    alphabet = list("اب پ.,:/۱۲3US«»!؟\u200c\t\n") + ["  ", "\u00a0"]
    texts = ["وزیر امور خارجه  می‌گوید: «ایران» ۳.۵ درصد!", "", "  "]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        pairs = spaced_words(text)
        offs = pair_offsets(pairs)
        assert [(offs[2 * i], offs[2 * i + 1]) for i in range(len(pairs))] == tokenize(text), text
        assert [w for _, w in pairs] == words(text)


def test_token_keys_fast_paths_agree_with_the_normalizer():
    """Plain-letter tokens (with or without ZWNJs) skip the normalizer: same keys as through it."""
    import random

    from rasad.ner import _KEY_CACHE
    from rasad.tokens import words

    def slow(token):
        norm = normalize_text(token) if token.strip() else token
        return tuple(words(norm)) or (norm.strip() or "_",)

    rnd = random.Random(5)
    alphabet = list("ابپتجچدذرزژسشکگلمنوهیآأؤئءۀةكىي09۰۹aZ") + ["\u200c"] * 5
    tokens = ["همکاریهای", "می\u200cشود", "کتاب\u200cها", "ر\u200cا", "۱۲\u200cام", "\u200cمی"]
    tokens += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 10))) for _ in range(4000)]
    for t in tokens:
        _KEY_CACHE.pop(t, None)
        assert token_keys(t) == slow(t), t


def test_shape_classes():
    from rasad.ner import _shape

    assert _shape("ایران") == "f"
    assert _shape("G20") == "Ad"
    assert _shape("می\u200cشود") == "fzf"
    assert _shape("U.S.") == "A.A."
    assert _shape("۱۴۰۲/۰۷/۱۲") == "d/d/d"
    assert _shape("abcDEF123ایران!!") == "aAdf!"
