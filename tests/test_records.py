import json

from conftest import FARSNEWS, need_shared

from rasad.article import Article
from rasad.errors import RasadError
from rasad.pipeline import default_pipeline
from rasad.readers import read_bytes, read_file

FIX = "tests/fixtures/json/"


def articles(path):
    return list(default_pipeline().pipe(read_file(path)))


def test_fars_style_json_fields():
    a, b = articles(FIX + "fars_style.json")
    assert a.source.format == "json" and a.source.record == 0
    assert a.title == "افتتاح دو مدرسه جدید در روستاهای استان کرمان"
    assert a.lead.startswith("مدیرکل نوسازی مدارس")          # agency prefix cut from the lead
    assert a.agency and "فارس" in a.agency
    assert a.body[0].startswith("به گزارش فارس از کرمان")
    assert a.news_id == "13990226000471"
    assert a.published == "2020-05-15"                         # from the Fars URL: 1399-02-26
    assert a.tags == ["مدرسه", "کرمان"]
    assert a.desk == "society/education"
    assert b.lead.startswith("تیم ملی والیبال")              # «خبرگزاري فارس :\n» prefix
    assert b.news_id == "8705140123" and b.published_jalali == "1387-05-14"


def test_jsonl_detected_by_content_and_bad_line_isolated():
    items = articles(FIX + "fars_style.jsonl.txt")
    assert [type(x).__name__ for x in items] == ["Article", "Article", "ParseError", "Article"]
    err = items[2]
    assert err.code == "R203" and err.source.endswith("fars_style.jsonl.txt#3")
    assert "\n" not in str(err)
    assert items[3].title == "خبر سوم" and items[3].source.record == 4


def test_record_without_text_is_an_error():
    (err,) = read_bytes(b'{"link": "https://x.ir/1"}', "one.json")
    assert isinstance(err, RasadError) and err.code == "R202" and "no title" in err.reason


def test_export_round_trip_is_lossless():
    (a, _b) = articles(FIX + "fars_style.json")
    d = a.to_dict()
    again = Article.from_dict(json.loads(json.dumps(d, ensure_ascii=False)))
    assert again.to_dict() == d
    # an exported record read back as input is the same article
    (back,) = read_bytes(json.dumps(d, ensure_ascii=False).encode(), "export.json")
    assert back.to_dict() == d


def test_real_farsnews_file():
    path = need_shared(FARSNEWS / "fars-news-1.json")
    items = articles(str(path))
    arts = [x for x in items if isinstance(x, Article)]
    assert len(items) == 300 and len(arts) >= 295
    assert sum(1 for a in arts if a.agency) / len(arts) > 0.9
    assert not any((a.lead or "").startswith("خبرگزاری فارس") for a in arts)
    assert sum(1 for a in arts if a.published) / len(arts) > 0.9    # dates from Fars ids
    assert all("ي" not in a.text and "ك" not in a.text for a in arts)
