"""End to end on the seed article: every field exactly right."""
from conftest import SEED

from rasad.ingest import ingest

Z = "\u200c"


def test_seed_every_field(db):
    report = ingest([str(SEED)], db)
    assert report.counts["ingested"] == 1, report.failures
    a = db.get("620924")
    assert a.surtitle == "امیرعبداللهیان در دیدار خلف اف"
    assert a.title == "زبان صلح و امنیت جایگزین تنش و درگیری در منطقه شود"
    assert a.lead == ("وزیر امور خارجه در دیدار دستیار ویژه رئیس جمهور آذربایجان با اشاره به اراده ایران برای "
                      "توسعه مناسبات با این کشور گفت: از این پس در این منطقه باید زبان صلح و امنیت جایگزین تنش "
                      "و درگیری شود.")
    assert a.news_id == "620924"
    assert a.published == "2023-10-04T23:23:00+03:30"
    assert a.published_jalali.startswith("۱۲ مهر ۱۴۰۲")
    assert a.agency == f"دفاع{Z}پرس"
    assert a.desk == "گروه اخبار داخلی"
    assert a.end_marker == "161"
    assert a.body[0].startswith(f"به گزارش گروه اخبار داخلی دفاع{Z}پرس، «خلف خلف اف»")
    assert a.body[-1].endswith("مخالفیم.")
    assert len(a.body) == 12
    body = "\n".join(a.body)
    for chrome in ("نظر شما", "پربیننده", "آخرین اخبار", "پایان پیام", "کد خبر", "شودبه"):
        assert chrome not in body
    # stripped ZWNJs are restored in the stored text
    for word in ("قره‌باغ", "علی‌اکبر", "می‌کند", "جنبه‌های", "منطقه‌ای", "همکاری‌های"):
        assert word in body, word
    # relative dates resolved against the publish date
    found = {a.text[s.start:s.end]: s.data["value"] for s in a.spans["dates"]}
    assert any(v == "2023-10-02" for k, v in found.items() if "دوشنبه" in k), found
    assert any(v == "2023-09-28" for k, v in found.items() if "پنجشنبه" in k), found
    # spans over the normalized text map back to the raw text
    i = a.text.index("قره‌باغ")
    s, e = a.raw_span(i, i + len("قره‌باغ"))
    assert a.raw[s:e] == "قرهباغ"


def test_seed_meetings_end_to_end(db):
    """The three meetings of the seed, through the whole default pipeline (real NER model)."""
    ingest([str(SEED)], db)
    a = db.get("620924")
    meetings = sorted(
        (frozenset((e.data["actor"]["name"].split()[-1], e.data["recipient"]["name"].split()[-1])),
         (e.data["location"] or {}).get("text"), e.data["date"]["value"])
        for e in a.spans["events"] if e.label == "CONSULT" and not e.data["planned"])
    assert meetings == sorted([
        (frozenset(("اف", "امیرعبداللهیان")), "تهران", "2023-10-04"),
        (frozenset(("امیرعبداللهیان", "علی‌اف")), "باکو", "2023-07"),
        (frozenset(("اف", "احمدیان")), "تهران", "2023-10-04"),
    ]), meetings
