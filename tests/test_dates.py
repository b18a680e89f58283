"""Tests for rasad.dates: Jalali/Gregorian parsing, relative resolution, Tehran offsets."""
import datetime as dt
from pathlib import Path

import pytest

from rasad.dates import DateMention, PublishTime, find_dates, parse_datetime, tehran_iso

SEED = Path(__file__).resolve().parents[1] / "src" / "rasad" / "sample" / "defapress_620924.txt"  # = the seed
ANCHOR = dt.date(2023, 10, 4)  # ۱۲ مهر ۱۴۰۲, a Wednesday


# --------------------------------------------------------------- parse_datetime
@pytest.mark.parametrize("text, iso, jalali", [
    # the seed's metadata line: Jalali + time + glued English date
    ("۱۲ مهر ۱۴۰۲ - ۲۳:۲۳ - 04October 2023", "2023-10-04T23:23:00+03:30", "1402-07-12 23:23"),
    ("۱۴۰۲/۰۷/۱۲ ۲۳:۲۳", "2023-10-04T23:23:00+03:30", "1402-07-12 23:23"),
    ("1402/07/12 23:23", "2023-10-04T23:23:00+03:30", "1402-07-12 23:23"),
    ("١٤٠٢/٠٧/١٢ ٢٣:٢٣", "2023-10-04T23:23:00+03:30", "1402-07-12 23:23"),   # Arabic-Indic digits
    ("1398/02/30", "2019-05-20", "1398-02-30"),
    ("93/04/18", "2014-07-09", "1393-04-18"),                                  # two-digit year
    ("۰۲/۰۷/۱۲", "2023-10-04", "1402-07-12"),                                  # two-digit 14xx
    ("چهارشنبه ۱۲ مهر ۱۴۰۲ ساعت ۲۳:۲۳", "2023-10-04T23:23:00+03:30", "1402-07-12 23:23"),
    ("۱۲ مهر ۱۳۹۹", "2020-10-03", "1399-07-12"),
    ("۱۲ مهرماه ۹۹", "2020-10-03", "1399-07-12"),
    ("۱۰ ارديبهشت ۱۴۰۰", "2021-04-30", "1400-02-10"),                          # Arabic yeh
    ("۵ آذر ۱۴۰۱", "2022-11-26", "1401-09-05"),
    ("۵ اذر ۱۴۰۱", "2022-11-26", "1401-09-05"),
    ("۵ دي ۱۴۰۱", "2022-12-26", "1401-10-05"),
    ("اول تیرماه ۱۳۹۹", "2020-06-21", "1399-04-01"),
    ("بیست و یکم اسفند ۱۴۰۱", "2023-03-12", "1401-12-21"),
    ("بیست‌ویکم اسفند ۱۴۰۱", "2023-03-12", "1401-12-21"),
    ("12 مهر 1402 23:23", "2023-10-04T23:23:00+03:30", "1402-07-12 23:23"),   # Latin digits
    ("۲۳:۲۳ - ۱۴۰۲/۰۷/۱۲", "2023-10-04T23:23:00+03:30", "1402-07-12 23:23"),  # time first
    ("2019-05-20T10:30:00Z", "2019-05-20T15:00:00+04:30", "1398-02-30 15:00"),
    ("2023-10-04T20:00:00+00:00", "2023-10-04T23:30:00+03:30", "1402-07-12 23:30"),
    ("2023-10-04T23:23:00+0330", "2023-10-04T23:23:00+03:30", "1402-07-12 23:23"),
    ("2023-10-04", "2023-10-04", "1402-07-12"),
    ("04 October 2023", "2023-10-04", "1402-07-12"),
    ("04October 2023", "2023-10-04", "1402-07-12"),
    ("October 4, 2023 10:00", "2023-10-04T10:00:00+03:30", "1402-07-12 10:00"),
    ("۴ اکتبر ۲۰۲۳", "2023-10-04", "1402-07-12"),
    ("۲۰ مه ۲۰۲۳", "2023-05-20", "1402-02-30"),
])
def test_parse_datetime(text, iso, jalali):
    p = parse_datetime(text)
    assert isinstance(p, PublishTime)
    assert (p.iso, p.jalali) == (iso, jalali)
    assert p.text == text.strip()


@pytest.mark.parametrize("text, iso", [
    ("۱۰ تیر ۱۳۹۹ ساعت ۱۰:۰۰", "2020-06-30T10:00:00+04:30"),   # summer 1399: DST
    ("۱۰ تیر ۱۴۰۱ ساعت ۱۰:۰۰", "2022-07-01T10:00:00+04:30"),   # last DST summer (2022)
    ("۱۰ تیر ۱۴۰۲ ساعت ۱۰:۰۰", "2023-07-01T10:00:00+03:30"),   # DST abolished from 2023
    ("۱۲ مهر ۱۳۹۹ ساعت ۱۰:۰۰", "2020-10-03T10:00:00+03:30"),   # after DST ended that year
    ("۱۰ دی ۱۳۹۸ ساعت ۱۰:۰۰", "2019-12-31T10:00:00+03:30"),    # winter
    ("۱۴۰۲/۰۴/۱۰ ۱۲:۰۰", "2023-07-01T12:00:00+03:30"),
])
def test_tehran_offsets(text, iso):
    assert parse_datetime(text).iso == iso


@pytest.mark.parametrize("naive, iso", [
    (dt.datetime(2020, 7, 1, 12, 0), "2020-07-01T12:00:00+04:30"),
    (dt.datetime(2022, 9, 1, 12, 0), "2022-09-01T12:00:00+04:30"),
    (dt.datetime(2023, 7, 1, 12, 0), "2023-07-01T12:00:00+03:30"),
    (dt.datetime(2023, 1, 1, 0, 0), "2023-01-01T00:00:00+03:30"),
    (dt.datetime(2023, 10, 4, 19, 53, tzinfo=dt.UTC), "2023-10-04T23:23:00+03:30"),
])
def test_tehran_iso(naive, iso):
    assert tehran_iso(naive) == iso


def test_conflict_prefers_jalali_and_keeps_both():
    p = parse_datetime("۱۲ مهر ۱۴۰۲ - ۲۳:۲۳ - 05October 2023")
    assert p.iso == "2023-10-04T23:23:00+03:30"
    assert p.conflict
    assert {(m.calendar, m.value) for m in p.mentions} == {("jalali", "2023-10-04"), ("gregorian", "2023-10-05")}
    assert not parse_datetime("۱۲ مهر ۱۴۰۲ - ۲۳:۲۳ - 04October 2023").conflict


@pytest.mark.parametrize("text", ["", "   ", "کد خبر: ۶۲۰۹۲۴", "تیر ماه", "امروز", "۱۳۹۸/۱۳/۱۲",
                                  "30 اسفند 1402", "hello", "مهر ۱۴۰۲",
                                  "12 Mehr 1402"])
def test_parse_datetime_raises(text):
    with pytest.raises(ValueError, match="parse_datetime"):
        parse_datetime(text)


# --------------------------------------------------------------- the seed
def test_seed_mentions():
    text = SEED.read_text(encoding="utf-8")
    found = find_dates(text, ANCHOR)
    got = [(m.text, m.value, m.granularity, m.relative) for m in found]
    assert got == [
        ("۱۲ مهر ۱۴۰۲ - ۲۳:۲۳", "2023-10-04", "day", False),
        ("04October 2023", "2023-10-04", "day", False),
        ("امروز (چهارشنبه)", "2023-10-04", "day", True),
        ("تیر ماه", "2023-07", "month", True),
        ("روز دوشنبه دهم مهر ماه", "2023-10-02", "day", True),
        ("روز پنجشنبه هشتم مهر ماه", "2023-09-28", "day", True),
        ("امروز", "2023-10-04", "day", True),
    ]
    for m in found:
        assert text[m.start:m.end] == m.text
    assert found[0].time == "23:23"
    assert found[3].jalali == "1402-04"
    assert (found[3].first_day, found[3].last_day) == ("2023-06-22", "2023-07-22")
    # 8 Mehr 1402 is a Saturday: the weekday wins (6 Mehr) and the note says why
    assert found[5].jalali == "1402-07-06" and "پنجشنبه" in found[5].note
    assert found[2].note is None and found[4].note is None
    # without an anchor only the absolute dates remain
    assert [m.text for m in find_dates(text)] == ["۱۲ مهر ۱۴۰۲ - ۲۳:۲۳", "04October 2023"]


def test_seed_publish_line():
    p = parse_datetime("تاریخ انتشار: ۱۲ مهر ۱۴۰۲ - ۲۳:۲۳ - 04October 2023")
    assert (p.iso, p.jalali) == ("2023-10-04T23:23:00+03:30", "1402-07-12 23:23")


# --------------------------------------------------------------- find_dates, relative
@pytest.mark.parametrize("text, span, value, granularity, jalali", [
    ("امروز", "امروز", "2023-10-04", "day", "1402-07-12"),
    ("ظهر امروز (چهارشنبه) دیدار کرد", "امروز (چهارشنبه)", "2023-10-04", "day", "1402-07-12"),
    ("امروز (چهارشنبه)".replace("ی", "ي"), "امروز (چهارشنبه)".replace("ی", "ي"), "2023-10-04", "day", "1402-07-12"),
    ("دیروز", "دیروز", "2023-10-03", "day", "1402-07-11"),
    ("ديروز", "ديروز", "2023-10-03", "day", "1402-07-11"),
    ("روز گذشته (سه‌شنبه)", "روز گذشته (سه‌شنبه)", "2023-10-03", "day", "1402-07-11"),
    ("فردا", "فردا", "2023-10-05", "day", "1402-07-13"),
    ("پس‌فردا", "پس‌فردا", "2023-10-06", "day", "1402-07-14"),
    ("پسفردا", "پسفردا", "2023-10-06", "day", "1402-07-14"),
    ("روز دوشنبه دهم مهر ماه", "روز دوشنبه دهم مهر ماه", "2023-10-02", "day", "1402-07-10"),
    ("روز دوشنبه دهم مهرماه", "روز دوشنبه دهم مهرماه", "2023-10-02", "day", "1402-07-10"),
    ("۱۰ مهر", "۱۰ مهر", "2023-10-02", "day", "1402-07-10"),
    ("10 مهر", "10 مهر", "2023-10-02", "day", "1402-07-10"),
    ("دهم مهر", "دهم مهر", "2023-10-02", "day", "1402-07-10"),
    ("اول مهر", "اول مهر", "2023-09-23", "day", "1402-07-01"),
    ("سی‌ویکم شهریور", "سی‌ویکم شهریور", "2023-09-22", "day", "1402-06-31"),
    ("سی و یکم شهریور", "سی و یکم شهریور", "2023-09-22", "day", "1402-06-31"),
    ("سیویکم شهریور", "سیویکم شهریور", "2023-09-22", "day", "1402-06-31"),
    ("۱۵ مهر", "۱۵ مهر", "2023-10-07", "day", "1402-07-15"),            # 3 days ahead beats a year back
    ("۱۰ فروردین", "۱۰ فروردین", "2023-03-30", "day", "1402-01-10"),      # the past is preferred
    ("دهم مهر ماه سال گذشته", "دهم مهر ماه سال گذشته", "2022-10-02", "day", "1401-07-10"),
    ("۱۰ مهر ۲۰ نفر کشته شدند", "۱۰ مهر", "2023-10-02", "day", "1402-07-10"),  # «۲۰» is not a year
    ("تیر ماه", "تیر ماه", "2023-07", "month", "1402-04"),
    ("تیرماه", "تیرماه", "2023-07", "month", "1402-04"),
    ("مهر ماه", "مهر ماه", "2023-10", "month", "1402-07"),
    ("آبان ماه", "آبان ماه", "2023-11", "month", "1402-08"),
    ("تیرماه گذشته", "تیرماه گذشته", "2023-07", "month", "1402-04"),
    ("مهر ماه گذشته", "مهر ماه گذشته", "2022-10", "month", "1401-07"),
    ("تیر ماه سال گذشته", "تیر ماه سال گذشته", "2022-07", "month", "1401-04"),
    ("ارديبهشت ماه", "ارديبهشت ماه", "2023-05", "month", "1402-02"),
    ("هفته گذشته", "هفته گذشته", "2023-09-23", "week", "1402-07-01"),
    ("این هفته", "این هفته", "2023-09-30", "week", "1402-07-08"),
    ("هفته آینده", "هفته آینده", "2023-10-07", "week", "1402-07-15"),
    ("ماه گذشته", "ماه گذشته", "2023-09", "month", "1402-06"),
    ("سال گذشته", "سال گذشته", "2022", "year", "1401"),
    ("سال جاری", "سال جاری", "2023", "year", "1402"),
    ("امسال", "امسال", "2023", "year", "1402"),
    ("پارسال", "پارسال", "2022", "year", "1401"),
    ("سال جاری میلادی", "سال جاری میلادی", "2023", "year", None),
    ("ماه گذشته میلادی", "ماه گذشته میلادی", "2023-09", "month", None),
    ("روز دوشنبه", "روز دوشنبه", "2023-10-02", "day", "1402-07-10"),
    ("دوشنبه", "دوشنبه", "2023-10-02", "day", "1402-07-10"),
    ("روز سه شنبه", "روز سه شنبه", "2023-10-03", "day", "1402-07-11"),
    ("روز سهشنبه", "روز سهشنبه", "2023-10-03", "day", "1402-07-11"),
    ("شنبه", "شنبه", "2023-09-30", "day", "1402-07-08"),
    ("روز جمعه", "روز جمعه", "2023-09-29", "day", "1402-07-07"),
    ("چهارشنبه", "چهارشنبه", "2023-10-04", "day", "1402-07-12"),            # same day = the anchor
    ("چهارشنبه گذشته", "چهارشنبه گذشته", "2023-09-27", "day", "1402-07-05"),
    ("دوشنبه آینده", "دوشنبه آینده", "2023-10-09", "day", "1402-07-17"),
    ("دوشنبه هفته گذشته", "دوشنبه هفته گذشته", "2023-09-25", "day", "1402-07-03"),
    ("سه روز پیش", "سه روز پیش", "2023-10-01", "day", "1402-07-09"),
    ("۳ روز قبل", "۳ روز قبل", "2023-10-01", "day", "1402-07-09"),
    ("دو ماه پیش", "دو ماه پیش", "2023-08", "month", "1402-05"),
    ("۴ اکتبر", "۴ اکتبر", "2023-10-04", "day", "1402-07-12"),
])
def test_relative(text, span, value, granularity, jalali):
    found = find_dates(text, ANCHOR)
    assert len(found) == 1, found
    m = found[0]
    assert (m.text, m.value, m.granularity, m.jalali, m.relative) == (span, value, granularity, jalali, True)
    assert text[m.start:m.end] == span


@pytest.mark.parametrize("text", ["امروز", "تیر ماه", "دهم مهر", "هفته گذشته", "روز دوشنبه", "سه روز پیش"])
def test_relative_needs_anchor(text):
    assert find_dates(text) == []


# --------------------------------------------------------------- find_dates, absolute
@pytest.mark.parametrize("text, value, granularity, calendar, jalali", [
    ("۱۲ مهر ۱۴۰۲", "2023-10-04", "day", "jalali", "1402-07-12"),
    ("١٢ مهر ١٤٠٢", "2023-10-04", "day", "jalali", "1402-07-12"),
    ("۱۲ مهر سال ۱۴۰۲", "2023-10-04", "day", "jalali", "1402-07-12"),
    ("۱۲ مهر ۱۴۰۲ هجری شمسی", "2023-10-04", "day", "jalali", "1402-07-12"),
    ("دوازدهم مهر ۱۴۰۲", "2023-10-04", "day", "jalali", "1402-07-12"),
    ("۱۴۰۲/۷/۱۲", "2023-10-04", "day", "jalali", "1402-07-12"),
    ("۱۴۰۲-۰۷-۱۲", "2023-10-04", "day", "jalali", "1402-07-12"),
    ("۱۴۰۲.۰۷.۱۲", "2023-10-04", "day", "jalali", "1402-07-12"),
    ("12/07/1402", "2023-10-04", "day", "jalali", "1402-07-12"),
    ("30 اسفند 1403", "2025-03-20", "day", "jalali", "1403-12-30"),
    ("مهر ۱۴۰۲", "2023-10", "month", "jalali", "1402-07"),
    ("مهرماه ۱۴۰۲", "2023-10", "month", "jalali", "1402-07"),
    ("مهر ماه سال ۱۴۰۱", "2022-10", "month", "jalali", "1401-07"),
    ("اسفند ۱۴۰۱", "2023-03", "month", "jalali", "1401-12"),
    ("دی ۱۴۰۱", "2023-01", "month", "jalali", "1401-10"),
    ("سال ۱۴۰۱", "2022", "year", "jalali", "1401"),
    ("سال ۲۰۲۰", "2020", "year", "gregorian", None),
    ("۲۰۲۰ میلادی", "2020", "year", "gregorian", None),
    ("۴ اکتبر ۲۰۲۳", "2023-10-04", "day", "gregorian", "1402-07-12"),
    ("۴ اکتبر ۲۰۲۳ میلادی", "2023-10-04", "day", "gregorian", "1402-07-12"),
    ("اکتبر ۲۰۲۳", "2023-10", "month", "gregorian", None),
    ("ژانويه ۲۰۲۰", "2020-01", "month", "gregorian", None),
    ("۲۰ مه ۲۰۲۳", "2023-05-20", "day", "gregorian", "1402-02-30"),
    ("04October 2023", "2023-10-04", "day", "gregorian", "1402-07-12"),
    ("Sep 5th, 2021", "2021-09-05", "day", "gregorian", "1400-06-14"),
    ("May 2020", "2020-05", "month", "gregorian", None),
    ("2023-10-04", "2023-10-04", "day", "gregorian", "1402-07-12"),
    ("2023/10/04", "2023-10-04", "day", "gregorian", "1402-07-12"),
    ("04/10/2023", "2023-10-04", "day", "gregorian", "1402-07-12"),
])
def test_absolute(text, value, granularity, calendar, jalali):
    for anchor in (None, ANCHOR):
        found = find_dates(text, anchor)
        assert len(found) == 1, found
        m = found[0]
        assert (m.text, m.value, m.granularity, m.calendar, m.jalali, m.relative) == (
            text, value, granularity, calendar, jalali, False)


@pytest.mark.parametrize("text, span, time", [
    ("۱۲ مهر ۱۴۰۲ - ۲۳:۲۳", "۱۲ مهر ۱۴۰۲ - ۲۳:۲۳", "23:23"),
    ("۱۴۰۲/۰۷/۱۲ ۲۳:۲۳", "۱۴۰۲/۰۷/۱۲ ۲۳:۲۳", "23:23"),
    ("چهارشنبه ۱۲ مهر ۱۴۰۲ ساعت ۲۳:۲۳ منتشر شد", "چهارشنبه ۱۲ مهر ۱۴۰۲ ساعت ۲۳:۲۳", "23:23"),
    ("امروز ساعت ۱۰ صبح", "امروز ساعت ۱۰ صبح", "10:00"),
    ("فردا ساعت ۹ شب", "فردا ساعت ۹ شب", "21:00"),
    ("ساعت ۱۰:۳۰ روز دوشنبه دهم مهر", "ساعت ۱۰:۳۰ روز دوشنبه دهم مهر", "10:30"),
])
def test_times(text, span, time):
    (m,) = find_dates(text, ANCHOR)
    assert (m.text, m.time) == (span, time)


@pytest.mark.parametrize("text", [
    "امام جمعه تهران", "نماز جمعه", "جمعه‌ها", "امروزه", "تیر", "مهر", "کد خبر: ۶۲۰۹۲۴",
    "فرمت ۳+۳ (ایران، روسیه)", "192.168.1.1", "۱۳۹۸/۱۳/۱۲", "۲۰ می‌خواهند", "در دو روز گذشته",
    "۳۰ اسفند ۱۴۰۲", "بیست‌ویکم", "پیش رو", "مهر ۲۰ نفر",
])
def test_not_dates(text):
    assert find_dates(text, ANCHOR) == []


def test_weekday_checks():
    (m,) = find_dates("امروز (دوشنبه)", ANCHOR)
    assert m.value == "2023-10-04" and "دوشنبه" in m.note
    # explicit year: the written date is kept, the mismatch noted
    (m,) = find_dates("پنجشنبه ۸ مهر ۱۴۰۲", ANCHOR)
    assert m.value == "2023-09-30" and "date kept" in m.note
    (m,) = find_dates("شنبه ۸ مهر ۱۴۰۲", ANCHOR)
    assert m.value == "2023-09-30" and m.note is None


def test_zwnj_and_arabic_letters_same_result():
    variants = ["روز سه‌شنبه یازدهم مهرماه", "روز سهشنبه يازدهم مهر ماه", "روز سه شنبه یازدهم مهر‌ماه"]
    assert {find_dates(v, ANCHOR)[0].value for v in variants} == {"2023-10-03"}


def test_spans_with_dropped_marks():
    text = "خبر ١٢ مهـر ١٤٠٢ آمد"  # tatweel inside the month name
    (m,) = find_dates(text)
    assert text[m.start:m.end] == "١٢ مهـر ١٤٠٢" == m.text
    assert m.value == "2023-10-04"


def test_datetime_anchor_and_to_dict():
    (m,) = find_dates("دیروز", dt.datetime(2023, 10, 4, 23, 23))
    assert isinstance(m, DateMention)
    d = m.to_dict()
    assert d["value"] == "2023-10-03" and d["granularity"] == "day" and d["calendar"] == "jalali"
    assert set(d) >= {"start", "end", "text", "value", "granularity", "calendar", "relative", "time"}
    assert parse_datetime("1398/02/30").to_dict()["iso"] == "2019-05-20"


@pytest.mark.parametrize("text, expected", [
    ("تیر ماه پیش رو", [("تیر ماه پیش رو", "2024-07")]),       # «پیش رو» = the coming one
    ("سال پیش رو", [("سال پیش رو", "2024")]),
    ("ماه پیش رو", [("ماه پیش رو", "2023-11")]),
    ("یک ماه قبل از انتخابات", []),                              # narrative, not anchor-relative
    ("دو روز پیش از حمله", []),
    ("تیر ماه قبل از سفر", [("تیر ماه", "2023-07")]),
    ("۱۰ مهر ۱۵۰۰ نفر", [("۱۰ مهر", "2023-10-02")]),             # 1500 is a count, not a year
    ("۱۲ مهر ۲۰۲۳", [("۱۲ مهر", "2023-10-04")]),
    ("می 1400", []),
    ("سال ۱۵۰۰", []),
    ("2019-05-20T22:30:00-02:00", [("2019-05-20T22:30:00-02:00", "2019-05-21")]),  # Tehran wall time
])
def test_guards(text, expected):
    assert [(m.text, m.value) for m in find_dates(text, ANCHOR)] == expected


def test_iso_mention_time_is_tehran():
    (m,) = find_dates("2019-05-20T10:30:00Z")
    assert (m.value, m.time) == ("2019-05-20", "15:00")


# --------------------------------------------------------------- fast scan (gates) = full scan
def _consumes_newline(items) -> list:
    """Parse-tree ops of a pattern that could consume "\\n" (or anchor on it)."""
    from re import _constants as C  # CPython internals (3.11+)

    def cat_has_nl(code) -> bool:
        return code in (C.CATEGORY_SPACE, C.CATEGORY_UNI_SPACE, C.CATEGORY_NOT_DIGIT, C.CATEGORY_UNI_NOT_DIGIT,
                        C.CATEGORY_NOT_WORD, C.CATEGORY_UNI_NOT_WORD, C.CATEGORY_LINEBREAK, C.CATEGORY_UNI_LINEBREAK)

    bad = []
    for op, av in items:
        if op is C.LITERAL:
            ok = av != 10
        elif op is C.NOT_LITERAL or op is C.ANY or op is C.AT:
            ok = False
        elif op is C.IN:
            hit = neg = False
            for iop, iav in av:
                if iop is C.NEGATE:
                    neg = True
                elif iop is C.LITERAL:
                    hit |= iav == 10
                elif iop is C.RANGE:
                    hit |= iav[0] <= 10 <= iav[1]
                elif iop is C.CATEGORY:
                    hit |= cat_has_nl(iav)
                else:
                    hit = True
            ok = not (hit ^ neg)
        elif op is C.CATEGORY:
            ok = not cat_has_nl(av)
        elif op is C.SUBPATTERN:
            bad += _consumes_newline(av[3])
            continue
        elif op is C.BRANCH:
            for alt in av[1]:
                bad += _consumes_newline(alt)
            continue
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            bad += _consumes_newline(av[2])
            continue
        elif op in (C.ASSERT, C.ASSERT_NOT):
            bad += _consumes_newline(av[1])
            continue
        elif op is C.GROUPREF:
            continue  # repeats a group, checked where it is defined
        else:
            ok = False
        if not ok:
            bad.append((op, av))
    return bad


def test_patterns_never_touch_newlines():
    """find_dates runs each pattern line by line: that is exact only if no pattern
    (lookarounds included) can match a newline or uses anchors (^ $ \\b)."""
    from re import _parser

    from rasad.dates import _patterns

    for name, rx in _patterns():
        assert _consumes_newline(_parser.parse(rx.pattern, rx.flags)) == [], name


def test_gated_scan_equals_full_scan():
    import random

    from rasad.dates import _candidates, _fold_str, _lexicon

    forms = [f for rows in _lexicon().values() for _, f, _ in rows]
    extra = ["ماه", "سال", "روز", "ساعت", "ام", "از", "رو", "مهرماه", "دیماه", "جدید", "زیادی", "T", "Z", "of", "th",
             "JAN", "Sept.", "ſep", "OcT", "MAY", "Aug", "۲۰۲۳-۱۰-۰۴T۲۳:۲۳:۰۰Z", "۱۴۰۲/۰۷/۱۲", "12.7.1402", "۲۳:۲۳"]
    seps = [" ", " ", "  ", "\u200c", "\n", "\n\n", "/", "-", ".", "،", ",", ":", "(", ")", "", "«", "»"]
    rnd = random.Random(1402)
    seed = (Path(__file__).resolve().parents[1] / "src" / "rasad" / "sample" / "defapress_620924.txt")
    texts = [seed.read_text(encoding="utf-8")] if seed.exists() else []
    for _ in range(400):
        parts = []
        for _ in range(rnd.randint(1, 30)):
            r = rnd.random()
            parts.append(rnd.choice(forms + extra) if r < 0.55 else str(rnd.choice(
                [rnd.randint(1, 31), rnd.randint(1300, 1410), rnd.randint(1990, 2030), rnd.randint(0, 99)])))
            parts.append(rnd.choice(seps))
        texts.append("".join(parts))
    n = 0
    for text in texts:
        folded = _fold_str(text)
        fast = [(s, e, name, m.span(), m.groupdict()) for s, e, name, m in _candidates(folded)]
        full = [(s, e, name, m.span(), m.groupdict()) for s, e, name, m in _candidates(folded, gated=False)]
        assert fast == full, text
        n += len(full)
    assert n > 1000  # the texts do exercise the patterns


def test_gate_case_classes_match_ignorecase():
    import re
    import sys

    from rasad.dates import _ci

    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        assert set(re.findall(_ci(letter), every)) == set(re.findall(f"(?i){letter}", every)), letter


def test_fold_offsets():
    from rasad.dates import _DROP, _FOLD, _fold

    text = "\u0640خبر\u064b ١٢ مهـر\u200d ١٤٠٢\u200c آمد\u200e\u0650"
    folded, idx = _fold(text)
    kept = [i for i, ch in enumerate(text) if ch not in _DROP]
    assert folded == "".join(_FOLD.get(text[i], text[i]) for i in kept)
    assert idx == kept + [len(text)]
