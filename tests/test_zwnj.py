"""ZWNJ repair (rasad.zwnj): restored forms, look-alikes left alone, offsets.

Needs only the bundled data files (no ../shared).
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from rasad.normalize import normalize
from rasad.zwnj import ZWNJ, repair, repair_edits

Z = ZWNJ

# (glued input, expected output, why)
CASES = [
    # می / نمی prefixes on verb forms
    ("میکند", f"می{Z}کند", "present, 3sg"),
    ("میخواهم", f"می{Z}خواهم", "present, 1sg (seed)"),
    ("میشود", f"می{Z}شود", "present of شدن"),
    ("نمیتوان", f"نمی{Z}توان", "negative, bare present stem توان"),
    ("برمیگردد", f"برمی{Z}گردد", "preverb بر + می"),
    ("میکردند", f"می{Z}کردند", "past continuous"),
    # plural and other suffixes
    ("کتابها", f"کتاب{Z}ها", "plural ها"),
    ("همکاریهای", f"همکاری{Z}های", "plural های after ی (seed)"),
    ("جنبههای", f"جنبه{Z}های", "plural های after ه (seed)"),
    ("گامهای", f"گام{Z}های", "seed"),
    ("چارچوبهای", f"چارچوب{Z}های", "seed"),
    ("سیاستهای", f"سیاست{Z}های", "seed"),
    ("هیأتهاست", f"هیأت{Z}هاست", "plural + است (seed)"),
    ("منطقهای", f"منطقه{Z}ای", "ای after silent ه, not منطق+های (seed)"),
    ("بیانیهای", f"بیانیه{Z}ای", "ای after silent ه, not بیانی+های (seed)"),
    ("کردهاند", f"کرده{Z}اند", "perfect, 3pl"),
    ("شدهام", f"شده{Z}ام", "perfect, 1sg"),
    ("خانهاش", f"خانه{Z}اش", "pronoun suffix after silent ه"),
    ("بزرگترین", f"بزرگ{Z}ترین", "superlative"),
    ("گستردهتر", f"گسترده{Z}تر", "comparative after ه"),
    # compounds and names (lexicon and compounds.txt)
    ("قرهباغ", f"قره{Z}باغ", "place name, compounds.txt (seed)"),
    ("علیاکبر", f"علی{Z}اکبر", "first name (seed)"),
    ("دفاعپرس", f"دفاع{Z}پرس", "news agency (seed)"),
    ("عالیرتبه", f"عالی{Z}رتبه", "compound adjective (seed)"),
    ("رئیسجمهور", f"رئیس{Z}جمهور", "lexicon compound"),
    ("بینالمللی", f"بین{Z}المللی", "lexicon compound"),
    ("سرمایهگذاری", f"سرمایه{Z}گذاری", "lexicon compound"),
    ("سرمایهگذاریهای", f"سرمایه{Z}گذاری{Z}های", "compound + plural"),
    ("نائبرئیس", f"نائب{Z}رئیس", "two frequent words"),
    ("بهخوبی", f"به{Z}خوبی", "به + known word"),
    # ZWNJ only after joining letters
    ("خرمآباد", f"خرم{Z}آباد", "ZWNJ after م"),
    ("کشورها", "کشورها", "after ر (non-joining) nothing to insert"),
    # look-alikes that must NOT change
    ("میز", "میز", "table, not می+ز"),
    ("میدان", "میدان", "square, not می+دان"),
    ("میلیون", "میلیون", "million"),
    ("میان", "میان", "between"),
    ("میوه", "میوه", "fruit"),
    ("میگو", "میگو", "shrimp, not می+گو"),
    ("بهار", "بهار", "spring, not به+ار"),
    ("همایش", "همایش", "conference"),
    ("تنها", "تنها", "alone, not تن+ها"),
    ("بیشتر", "بیشتر", "more, not بیش+تر"),
    ("بیشتری", "بیشتری", "بیشتر + ی, not بیش+تری"),
    ("دفتر", "دفتر", "office, not دف+تر"),
    ("الهام", "الهام", "not اله+ام"),
    ("سهام", "سهام", "shares, not سه+ام"),
    ("متهمان", "متهمان", "plural ان, not مته+مان"),
    ("توجهی", "توجهی", "ی attaches directly"),
    ("گروهی", "گروهی", "final ه is a consonant"),
    ("بهای", "بهای", "price-of, not به+ای"),
    ("برشمرد", "برشمرد", "preverb verb, not برش+مرد"),
    ("امیرعبداللهیان", "امیرعبداللهیان", "unknown name stays glued"),
]


@pytest.mark.parametrize("glued,expected,why", CASES, ids=[c[2] for c in CASES])
def test_repair(glued: str, expected: str, why: str) -> None:
    assert repair(glued) == expected, why


@pytest.mark.parametrize("glued,expected,why", CASES, ids=[c[2] for c in CASES])
def test_repair_in_context(glued: str, expected: str, why: str) -> None:
    # same word inside a sentence, next to punctuation
    assert repair(f"او گفت «{glued}»، سپس رفت.") == f"او گفت «{expected}»، سپس رفت."


@pytest.mark.parametrize(
    "text,expected",
    [
        ("کتاب های خوب", f"کتاب{Z}های خوب"),  # detached plural
        ("او می کند", f"او می{Z}کند"),  # detached می before a verb
        ("آنها رفته اند", f"آنها رفته{Z}اند"),  # detached personal ending after ه
        ("کشور ها", "کشور ها"),  # after ر a ZWNJ is meaningless: left alone
        ("ای ایران", "ای ایران"),  # vocative ای is a word
    ],
)
def test_spaced_parts(text: str, expected: str) -> None:
    assert repair(text) == expected


def test_already_correct_text_unchanged() -> None:
    text = f"وزیر امور خارجه می{Z}گوید همکاری{Z}های منطقه{Z}ای گسترش می{Z}یابد."
    assert repair_edits(text) == []


def test_edits_contract() -> None:
    text = "همکاریهای منطقهای در قرهباغ میکند"
    edits = repair_edits(text)
    assert edits == sorted(edits)
    assert all(a[1] <= b[0] for a, b in pairwise(edits))  # non-overlapping
    for start, end, repl in edits:  # only ZWNJs, letters untouched
        assert repl == Z and text[start:end] in ("", " ")


SEED = (
    "زبان صلح و امنیت جایگزین تنش و درگیری در منطقه شودبه گزارش گروه اخبار داخلی دفاعپرس، "
    "وی همچنین خواستار توازن بخشی به جنبههای متنوع روابط دوجانبه با جمهوری آذربایجان شد. "
    "اعاده حاکمیت آذربایجان بر قرهباغ، ضرورت آغاز فصل نوینی از همکاریهای منطقهای را مورد تأکید قرار داد. "
    "برنامه برای سفر مقامات عالیرتبه آذربایجان در چارچوب تداوم تبادل هیأتهاست. "
    "در چارچوب گامهای مثبتی که برداشته شده و در قالب چارچوبهای چند جانبه منطقهای "
    "سیاستهای دولت جمهوری آذربایجان. به تهران سفر میکند. در بیانیهای گفت: «میخواهم» "
    "امروز با علیاکبر احمدیان دیدار کرد."
)
SEED_EXPECTED = [
    "دفاع‌پرس",
    "جنبه‌های",
    "قره‌باغ",
    "همکاری‌های",
    "منطقه‌ای",
    "عالی‌رتبه",
    "هیأت‌هاست",
    "گام‌های",
    "چارچوب‌های",
    "سیاست‌های",
    "می‌کند",
    "بیانیه‌ای",
    "می‌خواهم",
    "علی‌اکبر",
]


def test_seed_article_words() -> None:
    out = normalize(SEED).text
    for word in SEED_EXPECTED:
        assert word in out, word
    # nothing else changed: removing the ZWNJs gives back the input
    assert out.replace(Z, "") == SEED


def test_offsets_map_back() -> None:
    raw = "سفر  مقامات عالیرتبه به قرهباغ ميكند و همکاریهای منطقهای."
    norm = normalize(raw)
    for word, raw_word in [
        ("عالی‌رتبه", "عالیرتبه"),
        ("قره‌باغ", "قرهباغ"),
        ("می‌کند", "ميكند"),
        ("همکاری‌های", "همکاریهای"),
        ("منطقه‌ای", "منطقهای"),
    ]:
        s = norm.text.index(word)
        rs, re_ = norm.raw_span(s, s + len(word))
        assert raw[rs:re_] == raw_word, word
        # a span that starts right after an inserted ZWNJ maps inside the same raw word
        k = word.index(Z) + 1
        rs2, re2 = norm.raw_span(s + k, s + len(word))
        assert raw[rs2:re2] == raw_word[k - 1 :], word


def test_repair_can_be_disabled() -> None:
    assert normalize("میکند", repair_zwnj=False).text == "میکند"
