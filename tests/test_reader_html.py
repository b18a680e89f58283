"""The HTML reader: site families, the fallback chain, date precedence, charsets, failures, gold figures."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("lxml")
pytest.importorskip("cssselect")

from rasad.article import Source  # noqa: E402
from rasad.errors import ParseError  # noqa: E402
from rasad.readers.html import clean_title, decode_html, families, read_html  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "html"
SHARED = ROOT.parent / "shared" / "data" / "html"
ZWNJ = "\u200c"


def read(name: str, **kw):
    path = FIX / name
    return read_html(path.read_bytes(), Source(str(path), "html"), **kw)


def page(head: str = "", body: str = "") -> bytes:
    """A small page of an unknown layout with a real article body."""
    return f"""<html><head><meta charset="utf-8"><title>عنوان آزمایشی خبر</title>{head}</head><body>
<div class="top"><span class="today">امروز: شنبه ۱۰ دی ۱۴۰۲</span></div>
<div class="main"><h1>عنوان آزمایشی خبر</h1>{body}
<div itemprop="articleBody"><p>به گزارش خبرنگار ما، این متن آزمایشی برای سنجش خواندن تاریخ انتشار نوشته شده است و
چند جمله دارد تا بدنه خبر به حساب بیاید و کوتاه نباشد.</p><p>جمله دوم متن که آن را از حد کمینه بلندتر می‌کند.</p>
</div></div></body></html>""".encode()


def check_layout(art) -> None:
    """raw is the fields joined by blank lines; layout spans point at them."""
    for f in ("surtitle", "title", "lead"):
        if getattr(art, f):
            s, e = art.layout[f][0]
            assert art.raw[s:e] == getattr(art, f)
    assert [art.raw[s:e] for s, e in art.layout["body"]] == art.body
    assert art.raw == "\n\n".join([x for x in (art.surtitle, art.title, art.lead) if x] + art.body)


# --- families ---------------------------------------------------------------------

def test_rules_are_data_one_file_per_family():
    names = {f.name for f in families()}
    assert {"nastooh", "iransamaneh", "asam", "tasnim", "varzesh3"} <= names


def test_nastooh_isna():
    art = read("nastooh_isna.html")
    check_layout(art)
    assert art.surtitle == "با حضور وزیر بهداشت"
    assert art.title == "واردات دارو از مسیر تازه آغاز شد"
    assert art.lead.startswith("معاون وزیر بهداشت می\u200cگوید")
    assert len(art.body) == 2 and all("انتهای پیام" not in p for p in art.body)
    assert art.end_marker == "انتهای پیام"
    assert art.news_id == "99121208123"  # Persian digits → ASCII
    assert art.agency == "ایسنا" and art.author == "مریم احمدی" and art.tags == ["دارو", "واردات"]
    assert art.url.startswith("https://www.isna.ir/news/99121208123")
    assert not any("عکس تزئینی" in p or "خبری دیگر" in p for p in art.body)
    assert art.published.startswith("2021-03-02")  # not the header's today, not the capture-time meta


def test_iransamaneh_yjc():
    art = read("iransamaneh_yjc.html")
    check_layout(art)
    assert art.title == "کشف ۲۰ تن برنج قاچاق در بندرعباس"
    assert art.lead.startswith("ماموران انتظامی بندرعباس")
    assert art.news_id == "7401234"
    assert art.agency == "باشگاه خبرنگاران جوان"
    assert art.end_marker == "ی" and art.body[-1].endswith("ارسال شد.")
    assert art.published.startswith("2020-06-04") and art.published_jalali == "۱۵ خرداد ۱۳۹۹ - ۱۱:۳۰"
    assert art.tags == ["قاچاق کالا", "برنج"]


def test_asam_fars_two_digit_year():
    art = read("asam_fars2014.html")
    check_layout(art)
    assert art.title == "افتتاح کتابخانه عمومی در رشت"
    assert art.lead.startswith("کتابخانه عمومی شهید بهشتی")
    assert art.published_jalali == "93/05/20 :: 10:05" and art.published.startswith("2014-08-11T10:05")
    assert art.news_id == "13930520000412" and art.agency == "خبرگزاری فارس"
    assert not any("fna.ir" in p or "خبری دیگر" in p for p in art.body)


def test_tasnim_title_suffix_tracking_code_readmore():
    art = read("tasnim.html")
    check_layout(art)
    assert art.title == "برگزاری نمایشگاه کتاب در مصلی"
    assert clean_title("برگزاری نمایشگاه کتاب در مصلی- اخبار فرهنگی - اخبار تسنیم - Tasnim") == art.title
    assert art.news_id == "2490123"  # from the (relative) og:url
    assert art.agency == "تسنیم"
    text = "\n".join(art.body)
    assert "R35347" not in text and "ناشران خارجی" not in text and "اخبار فرهنگی" not in text
    assert art.published.startswith("2021-04-30")  # «ارديبهشت» with Arabic yeh


def test_varzesh3_letter_id():
    art = read("varzesh3.html")
    assert art.news_id == "x9Kpq"
    assert (art.surtitle, art.title) == ("دربی ۹۶ با یک گل", "پیروزی پرسپولیس در دربی")
    assert art.lead.startswith("پرسپولیس در دربی") and art.agency == "ورزش سه"
    assert art.published.startswith("2021-04-09T21:40")


@pytest.mark.parametrize("title,expected", [
    ("خبرگزاری آریا - ورود نقدینگی به بورس", "ورود نقدینگی به بورس"),
    ("کاری که پروین و راجرز و... نکردند؛:: ورزش سه ", "کاری که پروین و راجرز و... نکردند؛"),
    ("لیگ قهرمانان آسیا| برتری پرسپولیس- اخبار ورزشی - اخبار تسنیم - Tasnim", "لیگ قهرمانان آسیا| برتری پرسپولیس"),
])
def test_clean_title(title, expected):
    assert clean_title(title) == expected


def test_news_id_suffix_and_url():
    art = read_html(page(body='<div class="code">کد خبر: ۱۶۰۸۵۹۰/۱۳</div>'), Source("x.html"))
    assert art.news_id == "1608590/13"
    art = read_html(page(), Source("x.html"), url="https://www.varzesh3.com/news/d1Gjx/slug")
    assert art.news_id == "d1Gjx"


# --- the fallback chain -----------------------------------------------------------

def test_unknown_layout_goes_through_trafilatura_with_zwnj_kept():
    pytest.importorskip("trafilatura")
    art = read("unknown_layout.html")
    check_layout(art)
    assert any("trafilatura" in n for n in art.notes)
    assert art.title == "بارش برف راه\u200cهای شمالی را بست"
    assert art.lead.startswith("بارش سنگین برف")  # the paragraph before «به گزارش»
    assert art.body[0].startswith("به گزارش شهرنما")
    text = "\n".join(art.body)
    assert "تیم\u200cهای راهداری" in text and "برف\u200cروبی" in text  # ZWNJ survived trafilatura
    page_zwnj = sum(p.count(ZWNJ) for p in art.body)
    assert page_zwnj == 7
    assert art.news_id == "45678" and art.published.startswith("2023-12-26")  # «شناسه خبر», «تاریخ انتشار»
    assert not any("توهین" in p for p in art.body)


def test_rules_off_still_reads_a_family_page():
    art = read("nastooh_isna.html", rules=False)
    assert art.title == "واردات دارو از مسیر تازه آغاز شد"
    assert art.lead and art.lead.startswith("معاون وزیر بهداشت")
    assert len(art.body) == 2


def test_no_article_is_r207():
    with pytest.raises(ParseError) as e:
        read("no_article.html")
    assert e.value.code == "R207"
    for bad in (b"", b"   ", "<html><body><p>کوتاه</p></body></html>"):
        with pytest.raises(ParseError) as e:
            read_html(bad, Source("bad.html"))
        assert e.value.code == "R207"


# --- dates ---------------------------------------------------------------------------

def test_iso_meta_beats_date_element_and_label():
    art = read_html(page(head='<meta property="article:published_time" content="2019-05-29T19:50:37Z">',
                         body='<span class="news-date">۱ تیر ۱۳۹۸</span><p>تاریخ انتشار: ۲ تیر ۱۳۹۸</p>'),
                    Source("x.html"))
    assert art.published.startswith("2019-05-30T00:20:37+04:30")  # UTC → Tehran: the next day
    assert art.published_jalali == "2019-05-29T19:50:37Z"  # the page's own dates name other days


def test_element_shown_when_it_agrees_with_meta():
    art = read_html(page(head='<meta property="article:published_time" content="2019-05-29T19:50:37Z">',
                         body='<span class="news-date">پنجشنبه ۹ خرداد ۱۳۹۸ - ۰۰:۲۰</span>'), Source("x.html"))
    assert art.published.startswith("2019-05-30T00:20")
    assert art.published_jalali == "پنجشنبه ۹ خرداد ۱۳۹۸ - ۰۰:۲۰"


def test_date_element_beats_label_text_and_today_is_ignored():
    art = read_html(page(body='<div class="news-date">۳ تیر ۱۳۹۸</div><p>تاریخ: ۲ تیر ۱۳۹۸</p>'), Source("x.html"))
    assert art.published == "2019-06-24"
    art = read_html(page(body="<div>تاریخ انتشار: ۲ تیر ۱۳۹۸ - ۱۰:۰۰</div>"), Source("x.html"))
    assert art.published.startswith("2019-06-23T10:00")  # not the header's «امروز: شنبه ۱۰ دی ۱۴۰۲»
    art = read_html(page(), Source("x.html"))
    assert art.published is None


def test_jalali_in_published_time_and_capture_meta():
    art = read_html(page(head='<meta property="article:published_time" content="۱۳۹۹/۰۲/۲۱ - ۱۸:۵۹">'
                              '<meta name="date" content="2025-03-20 T 09:00:15 +0330">'), Source("x.html"))
    assert art.published.startswith("2020-05-10T18:59")
    art = read_html(page(head='<meta name="date" content="2025-03-20 T 09:00:15 +0330">'), Source("x.html"))
    assert art.published.startswith("2025-03-20") and any("capture" in n for n in art.notes)  # last resort


def test_pre_1900_iso_meta_is_jalali():
    art = read_html(page(head='<meta property="article:published_time" content="1399-02-21T18:59:00">'),
                    Source("x.html"))
    assert art.published.startswith("2020-05-10")


# --- charsets -------------------------------------------------------------------------

def test_windows_1256_page():
    art = read("windows1256.html")
    assert art.title == "افزايش صادرات پسته"
    assert art.body[1].endswith("داشته\u200cاند.")
    assert art.published.startswith("2023-10-04T23:23")


def test_mislabelled_pages():
    art = read("mislabelled.html")  # meta says UTF-8, bytes are windows-1256
    assert art.title == "افزايش صادرات پسته"
    assert any("declared as utf-8" in n for n in art.notes)
    utf8 = (FIX / "windows1256.html").read_bytes().decode("cp1256").encode("utf-8")  # says 1256, is UTF-8
    text, enc, notes = decode_html(utf8)
    assert enc == "utf-8" and "افزايش صادرات پسته" in text and notes
    text, enc, _ = decode_html((FIX / "windows1256.html").read_bytes(), content_type="text/html; charset=utf-8")
    assert enc == "cp1256" and "افزايش" in text


def test_undecodable_is_r208():
    with pytest.raises(ParseError) as e:
        decode_html(b"<html><body>" + "caf\u00e9 r\u00e9sum\u00e9 na\u00efve ".encode("latin-1") * 50,
                    content_type="text/html; charset=utf-8")  # neither UTF-8 nor Persian windows-1256
    assert e.value.code == "R208"


# --- the gold evaluation ------------------------------------------------------------------

@pytest.mark.skipif(not (SHARED / "pages").is_dir(), reason="../shared/data/html (the real pages and gold) is absent")
def test_gold_figures():
    pytest.importorskip("trafilatura")
    spec = importlib.util.spec_from_file_location("html_eval", ROOT / "bench" / "html_eval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    result = mod.evaluate(SHARED / "pages", SHARED / "gold", repeat=2)
    s = result["summary"]["ours"]
    assert s["f1_mean"] >= 0.98 and s["f1_min"] >= 0.95
    assert s["lead"] == s["lead_of"]
    assert s["title_exact"] >= 10
    assert s["date_right"] == s["pages"] and s["date_wrong"] == 0
    assert s["zwnj"] >= s["zwnj_page"]
    # speed (pages/s vs trafilatura) is a bench figure, not a test: bench/html_eval.py
