"""Actor codes: Persian country/capital/demonym dictionary and sectors."""
import pytest

from rasad.actors import country_of, place_info, sector_of

Z = "\u200c"


@pytest.mark.parametrize("text,iso", [
    ("ایران", "IRN"), ("ایرانی", "IRN"), ("تهران", "IRN"), ("جمهوری اسلامی", "IRN"),
    ("جمهوری اسلامی ایران", "IRN"), ("کشورمان", "IRN"),
    ("آذربایجان", "AZE"), ("جمهوری آذربایجان", "AZE"), ("باکو", "AZE"), ("آذربایجانی", "AZE"),
    ("آمریکا", "USA"), ("امریکا", "USA"), ("ایالات متحده", "USA"), ("واشنگتن", "USA"), ("آمریکایی", "USA"),
    ("رژیم صهیونیستی", "ISR"), ("اسرائیل", "ISR"),
    ("روسیه", "RUS"), ("مسکو", "RUS"), ("ترکیه", "TUR"), ("آنکارا", "TUR"), ("ارمنستان", "ARM"),
    ("ایروان", "ARM"), ("گرجستان", "GEO"), ("تفلیس", "GEO"), ("عربستان سعودی", "SAU"), ("ریاض", "SAU"),
    ("آلمان", "DEU"), ("آلمانی", "DEU"), ("کره جنوبی", "KOR"), ("بریتانیا", "GBR"), ("انگلیس", "GBR"),
    # letter and spacing variants fold to the same key
    ("قره" + Z + "باغ", "AZE"), ("قرهباغ", "AZE"), ("قره باغ", "AZE"), ("قره‌باغ کوهستانی", "AZE"),
    ("امارات متحده عربی", "ARE"), ("امارات متحدهٔ عربی", "ARE"),
])
def test_country_names_capitals_demonyms(text, iso):
    assert country_of(text) == iso


@pytest.mark.parametrize("text", ["قفقاز جنوبی", "قفقاز", "خاورمیانه", "خلیج فارس"])
def test_regions_have_no_country(text):
    assert country_of(text) is None
    assert place_info(text) is not None


def test_seed_places():
    expected = {"ایران": "IRN", "آذربایجان": "AZE", "تهران": "IRN", "باکو": "AZE", "قفقاز جنوبی": None,
                "قره‌باغ": "AZE", "ارمنستان": "ARM", "روسیه": "RUS", "ترکیه": "TUR", "گرجستان": "GEO"}
    assert {k: country_of(k) for k in expected} == expected


@pytest.mark.parametrize("text", [
    "آذربایجان شرقی", "آذربایجان غربی", "آذربایجان‌شرقی", "استان آذربایجان غربی",
    "استاندار آذربایجان شرقی", "مردم آذربایجان غربی",
])
def test_iranian_province_trap(text):
    assert country_of(text) == "IRN"


@pytest.mark.parametrize("text", ["تبریز", "مشهد", "اصفهان", "قم", "ارومیه", "اردبیل", "خوزستان", "بندرعباس"])
def test_iranian_places(text):
    assert country_of(text) == "IRN"


def test_foreign_places_win_over_iranian_divisions():
    assert country_of("حلب") == "SYR"  # also a village name in Iran
    assert country_of("قدس") is None  # Jerusalem: disputed, no code


def test_common_words_only_as_whole_names():
    assert country_of("مالی") == "MLI"
    assert country_of("معاون مالی وزیر") is None
    assert country_of("دوشنبه") == "TJK"
    assert country_of("روز دوشنبه دهم مهر") is None
    assert country_of("ترک کرد") is None


def test_country_inside_a_phrase():
    assert country_of("سفارت جمهوری آذربایجان در تهران") == "AZE"
    assert country_of("وزیر امور خارجه ایران") == "IRN"
    assert country_of("گفتگوی دو کشور") is None


@pytest.mark.parametrize("text,sector", [
    ("وزارت امور خارجه", "GOV"), ("وزارت خارجه", "GOV"), ("سپاه", "MIL"), ("سپاه پاسداران", "MIL"),
    ("ارتش", "MIL"), ("مجلس", "LEG"), ("مجلس شورای اسلامی", "LEG"), ("قوه قضاییه", "JUD"),
    ("قوه قضائیه", "JUD"), ("دادستان", "JUD"), ("سازمان ملل", "IGO"), ("سازمان ملل متحد", "IGO"),
    ("سخنگوی وزارت امور خارجه", "GOV"), ("دبیر شورای عالی امنیت ملی", "GOV"), ("رئیس جمهور", "GOV"),
    ("فرمانده کل سپاه", "MIL"), ("نماینده مجلس", "LEG"), ("امام جمعه تهران", "REL"),
    ("خبرگزاری فارس", "MED"), ("هلال احمر", "NGO"), ("حزب", "PTY"), ("نیروی انتظامی", "COP"),
    ("دبیرکل سازمان ملل", "IGO"), ("شرکت ملی نفت", "BUS"),
])
def test_sectors(text, sector):
    assert sector_of(text) == sector


def test_unknown_sector():
    assert sector_of("کتاب") is None
