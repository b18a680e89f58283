"""The plain scraped-text reader: fixtures, the seed, dateline forms, failures."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasad.agencies import agency_for_domain, find_agency, match_agency
from rasad.article import Source
from rasad.readers.text import read_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "text").glob("*.txt"))
SAMPLE = ROOT / "src" / "rasad" / "sample" / "defapress_620924.txt"
SEED = ROOT.parent / "shared" / "seeds" / "000_e345efdf4617a9a4.txt"
FIELDS = ["surtitle", "title", "lead", "body", "agency", "desk", "news_id", "author", "tags", "url",
          "published_jalali", "end_marker"]
ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def read(path: Path):
    with path.open(encoding="utf-8", newline="") as f:  # keep \r\n: spans are over the raw text
        raw = f.read()
    return raw, read_text(raw, Source(str(path)))


def check_spans(raw: str, art) -> None:
    """Every layout span lies in raw, and field strings are exactly raw[s:e]."""
    for key, spans in art.layout.items():
        for s, e in spans:
            assert 0 <= s < e <= len(raw), (key, s, e)
            assert raw[s:e] == raw[s:e].strip(), f"{key} span not stripped: {raw[s:e]!r}"
    for f in ("surtitle", "title", "lead", "desk", "author", "url", "published_jalali"):
        key = "published" if f == "published_jalali" else f
        value = getattr(art, f)
        assert (value is None) == (key not in art.layout), f
        if value is not None:
            s, e = art.layout[key][0]
            assert raw[s:e] == value, f
    assert [raw[s:e] for s, e in art.layout.get("body", [])] == art.body
    assert [raw[s:e] for s, e in art.layout.get("tags", [])] == art.tags
    starts = [s for s, _ in art.layout.get("body", [])]
    assert starts == sorted(starts)
    for f in ("news_id", "end_marker"):
        if getattr(art, f) is not None:
            s, e = art.layout[f][0]
            assert raw[s:e].translate(ASCII) == getattr(art, f)
    chrome = {raw[s:e] for s, e in art.layout.get("chrome", [])}
    markers = [raw[s:e] for s, e in art.layout.get("end_marker", [])]
    for p in art.body:
        assert p not in chrome and not any(p.endswith(m) for m in markers), p


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    raw, art = read(path)
    for f in FIELDS:
        if f in expected:
            assert getattr(art, f) == expected[f], f
    for key, texts in expected.get("layout_text", {}).items():
        assert [raw[s:e] for s, e in art.layout.get(key, [])] == texts, key
    if "notes" in expected:
        assert art.notes == expected["notes"]
    check_spans(raw, art)


def test_enough_fixtures() -> None:
    assert len(FIXTURES) >= 7
    assert all(p.with_suffix(".expected.json").exists() for p in FIXTURES)


def test_seed() -> None:
    if SEED.exists():  # the bundled sample is the seed
        assert SEED.read_bytes() == SAMPLE.read_bytes()
    raw, art = read(SAMPLE)
    assert art.surtitle == "امیرعبداللهیان در دیدار خلف اف"
    assert art.title == "زبان صلح و امنیت جایگزین تنش و درگیری در منطقه شود"
    assert art.lead.startswith("وزیر امور خارجه در دیدار دستیار ویژه") and art.lead.endswith("تنش و درگیری شود.")
    assert len(art.body) == 12
    assert art.body[0].startswith("به گزارش گروه اخبار داخلی دفاعپرس، «خلف خلف اف»")
    assert art.body[-1].endswith("با هر طرحی که منجر به تغییر ژئوپلیتیک منطقه شود، مخالفیم.")
    assert art.agency == "دفاع\u200cپرس"
    assert art.desk == "گروه اخبار داخلی"
    assert art.news_id == "620924"
    assert art.published_jalali == "۱۲ مهر ۱۴۰۲ - ۲۳:۲۳"
    assert art.end_marker == "161"
    assert art.author is None and art.tags == [] and art.notes == []

    def text(key):
        return [raw[s:e] for s, e in art.layout[key]]

    assert text("news_id") == ["۶۲۰۹۲۴"]
    assert text("published_gregorian") == ["04October 2023"]
    assert text("dateline") == ["به گزارش گروه اخبار داخلی دفاعپرس،"]
    assert text("agency") == ["دفاعپرس"]
    assert text("chrome") == ["نظر شما", "پربیننده ها", "آخرین اخبار"]
    assert text("duplicate") == [art.title]  # the headline glued to the first paragraph
    assert text("end_marker") == ["161"]
    check_spans(raw, art)


@pytest.mark.parametrize("first, agency, desk, dateline", [
    ("به گزارش گروه اخبار داخلی دفاعپرس، متن", "دفاع\u200cپرس", "گروه اخبار داخلی",
     "به گزارش گروه اخبار داخلی دفاعپرس،"),
    ("به گزارش خبرنگار سیاسی خبرگزاری فارس، متن", "خبرگزاری فارس", None, "به گزارش خبرنگار سیاسی خبرگزاری فارس،"),
    ("به گزارش ایسنا، متن", "ایسنا", None, "به گزارش ایسنا،"),
    ("به گزارش ایرنا از تهران، متن", "ایرنا", None, "به گزارش ایرنا از تهران،"),
    ("به گزارش خبرگزاری مهر به نقل از رویترز، متن", "خبرگزاری مهر", None,
     "به گزارش خبرگزاری مهر به نقل از رویترز،"),
    ("به گزارش خبرنگار گروه سیاسی تسنیم، متن", "تسنیم", "گروه سیاسی", "به گزارش خبرنگار گروه سیاسی تسنیم،"),
    ("به گزارش گروه بین‌الملل باشگاه خبرنگاران جوان؛ متن", "باشگاه خبرنگاران جوان", "گروه بین‌الملل",
     "به گزارش گروه بین‌الملل باشگاه خبرنگاران جوان؛"),
    ("به گزارش گروه فرهنگ و هنر ايلنا، متن", "ایلنا", "گروه فرهنگ و هنر", "به گزارش گروه فرهنگ و هنر ايلنا،"),
    ("ایسنا/ متن خبر", "ایسنا", None, "ایسنا/"),
    ("تهران- ایرنا- متن خبر", "ایرنا", None, "تهران- ایرنا-"),
    ("خبرگزاری مهر - گروه سیاسی: متن خبر", "خبرگزاری مهر", "گروه سیاسی", "خبرگزاری مهر - گروه سیاسی:"),
])
def test_dateline_forms(first, agency, desk, dateline) -> None:
    raw = f"عنوان خبر\n\n{first} ادامه دارد.\n\nپاراگراف دوم.\n"
    art = read_text(raw, Source("t"))
    assert (art.title, art.agency, art.desk) == ("عنوان خبر", agency, desk)
    assert [raw[s:e] for s, e in art.layout["dateline"]] == [dateline]
    assert art.body[0].startswith(first)
    check_spans(raw, art)


@pytest.mark.parametrize("raw, reason", [
    ("", "empty text"),
    (" \r\n\t\n\u200c\n", "empty text"),
    ("نظر شما\nپربیننده ها\n\nآخرین اخبار\n", "no article text"),
    ("کد خبر: ۱۲۳۴۵\nتاریخ انتشار: ۱۲ مهر ۱۴۰۲ - ۲۳:۲۳\nپایان پیام/ 161\nنظر شما", "no article text"),
])
def test_no_article(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        read_text(raw, Source("t"))


def test_title_only_is_noted() -> None:
    art = read_text("فقط یک عنوان\n", Source("t"))
    assert art.title == "فقط یک عنوان" and art.body == [] and "no body found" in art.notes


def test_body_only_has_no_title() -> None:
    raw = "به گزارش ایسنا، وزیر نیرو امروز از سد کرج بازدید کرد.\n\nوی گفت: ذخایر آب کافی است.\n\nانتهای پیام\n"
    art = read_text(raw, Source("t"))
    assert art.title is None and "no title found" in art.notes
    assert len(art.body) == 2 and art.agency == "ایسنا" and art.end_marker == "انتهای پیام"


def test_agency_from_url() -> None:
    raw = "عنوان\n\nمتن خبر بدون نام خبرگزاری.\n"
    assert read_text(raw, Source("https://www.tasnimnews.com/fa/news/1")).agency == "تسنیم"
    assert read_text(raw, Source("news/1.txt")).agency is None


@pytest.mark.parametrize("text, name", [
    ("دفاعپرس", "دفاع\u200cپرس"), ("دفاع پرس", "دفاع\u200cپرس"), ("دفاع‌پرس", "دفاع\u200cپرس"),
    ("خبرگزاري فارس", "خبرگزاری فارس"), ("فارس", "خبرگزاری فارس"), (" «ايسنا» ", "ایسنا"),
    ("خبرگزاری دانشجویان ایران", "ایسنا"), ("باشگاه خبرنگاران جوان", "باشگاه خبرنگاران جوان"),
    ("خبرنگار", None), ("", None),
])
def test_match_agency(text, name) -> None:
    assert match_agency(text) == name


def test_find_agency_and_domain() -> None:
    assert find_agency("به گزارش خبرنگار گروه سیاسی تسنیم،") == "تسنیم"
    assert find_agency("به گزارش ایسنا به نقل از ایرنا،") == "ایسنا"
    assert find_agency("به گزارش خبرنگار ما،") is None
    assert agency_for_domain("https://www.isna.ir/news/98030903723/") == "ایسنا"
    assert agency_for_domain("defapress.ir") == "دفاع\u200cپرس"
    assert agency_for_domain("example.com") is None


def test_title_copy_glued_without_dateline() -> None:
    raw = ("کارگران پیمانی:\nتبدیل وضعیت هنوز اجرا نشده است\nکد خبر: 1429871\n"
           "تبدیل وضعیت هنوز اجرا نشده استنماینده کارگران در گفت‌وگو با ایلنا گفت: متن.\nپاراگراف دوم.\n")
    art = read_text(raw, Source("t"))
    assert art.surtitle == "کارگران پیمانی" and art.title == "تبدیل وضعیت هنوز اجرا نشده است"
    assert art.body == ["نماینده کارگران در گفت‌وگو با ایلنا گفت: متن.", "پاراگراف دوم."]
    assert art.agency == "ایلنا" and art.news_id == "1429871"
    check_spans(raw, art)


def test_code_line_is_end_marker_and_bom_is_skipped() -> None:
    raw = "\ufeffعنوان\r\n\r\nبه گزارش ايرنا، متن اول.\r\nمتن دوم.\r\n\r\n**۳۱۸۲\r\n"
    art = read_text(raw, Source("t"))
    assert art.title == "عنوان" and art.agency == "ایرنا" and art.end_marker == "3182"
    assert art.body == ["به گزارش ايرنا، متن اول.", "متن دوم."]
    check_spans(raw, art)
