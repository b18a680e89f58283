"""Events (PLOVER): trigger patterns per type, participants, places, dates, negation and plans,
PLOVER export, the store and the CLI — on short hand-made sentences with hand-made entity spans."""
import json

import pytest
from click.testing import CliRunner
from conftest import SEED

from rasad import read_file
from rasad.article import Article, Source, Span
from rasad.events import events_stage
from rasad.pipeline import default_pipeline
from rasad.plover import to_plover, validate_plover
from rasad.stages import dates_stage

PUBLISHED = "2023-10-04T10:00:00+03:30"  # Wednesday 12 Mehr 1402


def make(text: str, people: dict[str, list[str]] | None = None, published: str | None = PUBLISHED) -> Article:
    """An article over *text*; *people*: entity id -> surfaces (first = name; «وی» = pronoun)."""
    art = Article(source=Source("test"), raw=text, text=text, published=published)
    art = dates_stage(art)
    art.entities, mentions = [], []
    for eid, surfaces in (people or {}).items():
        typ = "LOC" if eid.startswith("l") else "PER"
        art.entities.append({"id": eid, "type": typ, "name": surfaces[0], "surfaces": surfaces, "mentions": [],
                             "roles": [], "country": None, "sector": None})
        for surface in surfaces:
            pos = 0
            while (i := text.find(surface, pos)) >= 0:
                if not any(s <= i < e for s, e, _ in mentions):
                    kind = "pronoun" if surface in ("وی", "او") else "name"
                    mentions.append((i, i + len(surface), (eid, kind)))
                pos = i + len(surface)
    art.spans["mentions"] = [Span(s, e, kind, {"entity": eid}) for s, e, (eid, kind) in sorted(mentions)]
    return events_stage(art)


def events(art: Article, label: str | None = None) -> list[Span]:
    return [s for s in art.spans["events"] if label is None or s.label == label]


def ent(p: dict | None) -> str | None:
    return p and (p["entity"] or p["entity_text"])


# ---------------------------------------------------------------- CONSULT
def test_meeting_with_entities():
    art = make("حسن روحانی با ولادیمیر پوتین دیدار کرد.", {"e1": ["حسن روحانی"], "e2": ["ولادیمیر پوتین"]})
    [ev] = events(art, "CONSULT")
    assert ev.data["mode"] == "meeting"
    assert (ent(ev.data["actor"]), ent(ev.data["recipient"])) == ("e1", "e2")
    assert not ev.data["negated"] and not ev.data["planned"]
    assert ev.data["date"] == {"value": "2023-10-04", "granularity": "day", "text": None, "flag": "publish_date"}
    s, e = ev.data["sentence"]
    assert art.text[s:e].startswith("حسن روحانی")
    assert art.text[ev.data["trigger"][0]:ev.data["trigger"][1]] == "دیدار کرد"
    assert 0 < ev.data["confidence"] <= 1


def test_visit_place_and_today():
    text = "الهام علی‌اف که به تهران سفر کرده است، امروز (چهارشنبه) با ابراهیم رئیسی دیدار و گفتگو کرد."
    art = make(text, {"e1": ["الهام علی‌اف"], "e2": ["ابراهیم رئیسی"]})
    [ev] = events(art, "CONSULT")
    d = ev.data
    assert (ent(d["actor"]), ent(d["recipient"])) == ("e1", "e2")  # the visitor is the actor
    assert d["mode"] == "visit"
    assert d["location"]["text"] == "تهران" and d["location"]["country"] == "IRN"
    assert d["date"]["value"] == "2023-10-04" and d["date"]["flag"] is None and "امروز" in d["date"]["text"]


def test_noun_meeting_with_place():
    art = make("وزیر امور خارجه ایران در دیدار با سرگئی لاوروف در مسکو گفت: روابط خوب است.",
               {"e1": ["وزیر امور خارجه ایران"], "e2": ["سرگئی لاوروف"]})
    [ev] = events(art, "CONSULT")
    assert (ent(ev.data["actor"]), ent(ev.data["recipient"])) == ("e1", "e2")
    assert ev.data["location"]["country"] == "RUS"


def test_nominal_meeting_x_with_y_and_x_and_y():
    art = make("دیدار خاتمی با میرحسین موسوی", {"e1": ["خاتمی"], "e2": ["میرحسین موسوی"]})
    [ev] = events(art, "CONSULT")
    assert (ent(ev.data["actor"]), ent(ev.data["recipient"])) == ("e1", "e2")
    art = make("دیدار مقامات ارشد ترکمنستان و چین")
    [ev] = events(art, "CONSULT")
    assert "ترکمنستان" in ev.data["actor"]["entity_text"] and ev.data["recipient"]["entity_text"] == "چین"


def test_reciprocal_meeting():
    art = make("خاویر سولانا و علی لاریجانی در مونیخ با هم دیدار کردند.",
               {"e1": ["خاویر سولانا"], "e2": ["علی لاریجانی"]})
    [ev] = events(art, "CONSULT")
    assert {ent(ev.data["actor"]), ent(ev.data["recipient"])} == {"e1", "e2"}
    assert ev.data["reciprocal"] and ev.data["location"]["country"] == "DEU"


def test_phone_call():
    art = make("رئیسی در تماس تلفنی با اردوغان درباره غزه گفتگو کرد.", {"e1": ["رئیسی"], "e2": ["اردوغان"]})
    [ev] = events(art, "CONSULT")
    assert ev.data["mode"] == "phone"
    assert (ent(ev.data["actor"]), ent(ev.data["recipient"])) == ("e1", "e2")


def test_pronoun_participant_resolved_through_mentions():
    text = "ناصر کنعانی به باکو رفت. وی با جیحون بایراموف ملاقات کرد."
    art = make(text, {"e1": ["ناصر کنعانی", "وی"], "e2": ["جیحون بایراموف"]})
    [ev] = events(art, "CONSULT")
    assert ent(ev.data["actor"]) == "e1" and ev.data["actor"]["entity_text"] == "وی"


@pytest.mark.parametrize("text", [
    "علی احمدی در گفتگو با خبرنگار فارس گفت: بودجه کم است.",
    "مهدی کوچک‌زاده در گفت و گو با خبرنگار پارلمانی خبرگزاری فارس اظهار کرد: امیدی نیست.",
    "در دیدار تیم‌های استقلال و پرسپولیس یک گل رد و بدل شد.",
    "وی درباره سفر این مقام به تهران گفته بود: برنامه‌ای هست.",
    "احمدی در این دیدار گفت: همکاری ادامه دارد.",
])
def test_not_meetings(text):
    assert events(make(text), "CONSULT") == []


# ---------------------------------------------------------------- negation, plans, dates
@pytest.mark.parametrize("text", [
    "قرار است رئیسی هفته آینده با پوتین دیدار کند.",
    "رئیسی با پوتین دیدار خواهد کرد.",
    "رئیسی فردا با پوتین دیدار می‌کند.",
])
def test_planned(text):
    [ev] = events(make(text, {"e1": ["رئیسی"], "e2": ["پوتین"]}), "CONSULT")
    assert ev.data["planned"] and not ev.data["negated"]


def test_negated():
    [ev] = events(make("رئیسی با پوتین دیدار نکرد.", {"e1": ["رئیسی"], "e2": ["پوتین"]}), "CONSULT")
    assert ev.data["negated"] and not ev.data["planned"]


def test_month_date_and_sidelines():
    text = ("امیرعبداللهیان با اشاره به ملاقات اخیرش با الهام علی‌اف در باکو که در تیر ماه و در حاشیه نشست "
            "وزرای خارجه جنبش عدم تعهد صورت گرفت، گفت: روابط خوب است.")
    art = make(text, {"e1": ["امیرعبداللهیان"], "e2": ["الهام علی‌اف"]})
    [ev] = events(art, "CONSULT")
    d = ev.data
    assert (ent(d["actor"]), ent(d["recipient"])) == ("e1", "e2")
    assert d["date"]["value"] == "2023-07" and d["date"]["granularity"] == "month" and d["date"]["flag"] is None
    assert d["location"] == {"text": "باکو", "country": "AZE"}
    assert "جنبش عدم تعهد" in d["occasion"] and d["mode"] == "multilateral"


@pytest.mark.parametrize("text,people,pair", [
    # «X با Y دیدار و …»: the meeting verb is left out
    ("ظریف با لاوروف دیدار و بر گسترش روابط تأکید کرد.", {"e1": ["ظریف"], "e2": ["لاوروف"]}, ("e1", "e2")),
    ("ظریف با لاوروف دیدار و گفت‌وگو کرد.", {"e1": ["ظریف"], "e2": ["لاوروف"]}, ("e1", "e2")),
    ("ظریف با همتای روس خود به بحث و تبادل نظر پرداخت.", {"e1": ["ظریف"], "e2": ["همتای روس"]}, ("e1", "e2")),
    # a quantified other side, a comma-less source lead-in, time words and «همانطور که»
    ("به گزارش روابط عمومی استانداری فارس حسن احمدی صبح امروز در دیدار با جمعی از بازاریان گفت: کار زیاد است.",
     {"o1": ["روابط عمومی استانداری فارس"], "e1": ["حسن احمدی"]}, ("e1", "جمعی از بازاریان")),
    ("همانطور که رهبر انقلاب در دیدار با هیئت دولت فرمودند، کار زیاد است.", {"e1": ["رهبر انقلاب"]},
     ("e1", "هیئت دولت")),
    # «سخنان X در دیدار با Y»: X met Y, not the speaker of the sentence
    ("امام جمعه با اشاره به سخنان رهبر انقلاب در دیدار با خانواده شهدا گفت: دشمن ناکام است.",
     {"e1": ["رهبر انقلاب"], "e2": ["امام جمعه"]}, ("e1", "خانواده شهدا")),
    # «X در دیدار Y و Z»: Y و Z together are the other side
    ("آیت‌الله طبسی در دیدار طلاب و پژوهشگران مدرسه فقاهت گفت: درس بخوانید.", {"e1": ["طبسی"]},
     ("e1", "طلاب و پژوهشگران مدرسه فقاهت")),
    # «دیدار X و Y با Z»: X و Y is one side
    ("دیدار وزیر و مسئولان وزارت اطلاعات با رهبر انقلاب", {"e1": ["رهبر انقلاب"]},
     ("وزیر و مسئولان وزارت اطلاعات", "e1")),
    # hosts, «به دیدار X رفت»; the guest is the actor
    ("رئیس جمهور سفیر جدید فرانسه را به حضور پذیرفت.", {"e1": ["رئیس جمهور"], "e2": ["سفیر جدید فرانسه"]},
     ("e2", "e1")),
    ("حسن روحانی به دیدار رهبر انقلاب رفت.", {"e1": ["حسن روحانی"], "e2": ["رهبر انقلاب"]}, ("e1", "e2")),
    # phone calls
    ("ظریف با لاوروف تماس تلفنی برقرار کرد.", {"e1": ["ظریف"], "e2": ["لاوروف"]}, ("e1", "e2")),
    ("ظریف در گفت‌وگوی تلفنی با لاوروف درباره سوریه رایزنی کرد.", {"e1": ["ظریف"], "e2": ["لاوروف"]},
     ("e1", "e2")),
    # «دیدار میان X و Y», «ضمن دیدار با», «نشست مشترک با»
    ("دیدار میان ایران و عربستان در بغداد برگزار شد.", {"l1": ["ایران"], "l2": ["عربستان"]}, ("l1", "l2")),
    ("ظریف ضمن دیدار با لاوروف گفت: روابط خوب است.", {"e1": ["ظریف"], "e2": ["لاوروف"]}, ("e1", "e2")),
    ("ظریف در نشست مشترک با لاوروف گفت: روابط خوب است.", {"e1": ["ظریف"], "e2": ["لاوروف"]}, ("e1", "e2")),
    ("بنا به گزارش وب‌گاه قدس، قراقع در دیدارش با مهند جرادات افزود: کودکان در زندانند.",
     {"e1": ["قراقع"], "e2": ["مهند جرادات"]}, ("e1", "e2")),
    # «این در حالی است که X …»; «X … سفر کرد و در دیدار با Y …» shares its subject
    ("این در حالی است که شیمون پرز چندی پیش، در دیدار با مدودف گفت که جنگی نیست.",
     {"e1": ["شیمون پرز"], "e2": ["مدودف"]}, ("e1", "e2")),
    ("آهلین سه بار به ایران سفر کرد و در دیدار با رئیس قوه قضائیه درباره دو تبعه سوئد گفتگو کرد.",
     {"e1": ["آهلین"], "e2": ["رئیس قوه قضائیه"]}, ("e1", "e2")),
])
def test_meeting_patterns(text, people, pair):
    evs = [s for s in events(make(text, people), "CONSULT") if not s.data["planned"]]
    assert len(evs) == 1, [(ent(s.data["actor"]), ent(s.data["recipient"]), s.data["rule"]) for s in evs]
    assert (ent(evs[0].data["actor"]), ent(evs[0].data["recipient"])) == pair


def test_phone_call_and_restated_meeting_are_one_event():
    text = "رئیس مجلس تاجیکستان در تماس تلفنی با رئیس سنای قزاقستان، با وی به گفت‌وگو و رایزنی پرداخت."
    [ev] = events(make(text, {"e1": ["رئیس مجلس تاجیکستان"], "e2": ["رئیس سنای قزاقستان"]}), "CONSULT")
    assert ev.data["mode"] == "phone" and (ent(ev.data["actor"]), ent(ev.data["recipient"])) == ("e1", "e2")


def test_multilateral_meeting_lists_every_participant():
    text = "حسن روحانی، حامد کرزی، امامعلی رحمان و ممنون حسین در کابل با هم دیدار و مسائل منطقه را بررسی کردند."
    people = {"e1": ["حسن روحانی"], "e2": ["حامد کرزی"], "e3": ["امامعلی رحمان"], "e4": ["ممنون حسین"]}
    [ev] = events(make(text, people), "CONSULT")
    d = ev.data
    assert d["reciprocal"] and (ent(d["actor"]), ent(d["recipient"])) == ("e1", "e2")
    assert [ent(p) for p in d["participants"]] == ["e1", "e2", "e3", "e4"]
    assert d["location"]["country"] == "AFG"


def test_nominal_visit_and_domestic_trip():
    [ev] = events(make("پس از سفر اخیر حامد کرزی به اسلام‌آباد، روابط بهتر شد.", {"e1": ["حامد کرزی"]}), "CONSULT")
    assert ent(ev.data["actor"]) == "e1" and ev.data["mode"] == "visit"
    assert ev.data["location"] == {"text": "اسلام‌آباد", "country": "PAK"}
    # a provincial tour has no counterpart: no CONSULT
    assert events(make("وزیر کشور امروز به یزد سفر کرد."), "CONSULT") == []


@pytest.mark.parametrize("text", [
    "تیم استقلال فردا میزبان پرسپولیس است.",
    "شهر کلاله میزبان مسابقات جهانی آلیش بوده است.",
    "وی در پایان گفت‌وگوی خود با خبرنگار فارس تاکید کرد: کار زیاد است.",
    "همانطور که هفته گذشته در گفت و گوی هفتگی عرض کردم، ارزیابی ما مثبت است.",
    "یک فرد ناشناس طی تماس تلفنی با دفتر این شبکه در بیروت تهدید کرد.",
    "تلویزیون تاجیکستان با پخش گزارش‌های ویژه از دیدار و مذاکرات مقامات در کابل گفت: خوب بود.",
    "ظریف از نمایشگاه کتاب دیدن کرد.",
    "ظریف در گفت‌وگو با الجزیره گفت: روابط خوب است.",
    "جلسه با حضور استاندار برگزار شد.",
    "در استان ما یک روستا از نعمت ارتباط تلفنی برخوردار بود.",
    "ایران تاکید کرده اگر واشنگتن به برجام بازگردد می‌تواند در مذاکرات بین ایران و 1+5 حضور یابد.",
    "جورج جبور که با واحد مرکزی خبر گفت و گو می‌کرد افزود: امام بصیرت داشت.",
    "محمود عباس، مصادره اراضی کرانه باختری را عامل ایجاد تنش در مذاکرات سازش دانست.",
    "بحرین یک متحد آمریکا است و میزبان ناوگان پنجم نیروی دریایی آمریکا است.",
])
def test_not_meetings_more(text):
    evs = [s for s in events(make(text), "CONSULT") if s.data["confidence"] >= 0.5 and not s.data["planned"]]
    assert evs == [], [(s.data["actor"], s.data["recipient"], s.data["rule"]) for s in evs]


def test_purpose_meeting_is_planned_and_the_trip_happened():
    art = make("وزیر امور خارجه ایران برای دیدار با سرگئی لاوروف عازم مسکو شد.",
               {"e1": ["وزیر امور خارجه ایران"], "e2": ["سرگئی لاوروف"]})
    by_mode = {s.data["mode"]: s.data for s in events(art, "CONSULT")}
    assert by_mode["meeting"]["planned"] and (ent(by_mode["meeting"]["actor"]), ent(by_mode["meeting"]["recipient"])) \
        == ("e1", "e2")
    assert not by_mode["visit"]["planned"] and by_mode["visit"]["location"]["country"] == "RUS"


def test_noun_meeting_cancelled_is_negated():
    [ev] = events(make("دیدار رئیسی با پوتین لغو شد.", {"e1": ["رئیسی"], "e2": ["پوتین"]}), "CONSULT")
    assert ev.data["negated"]


def test_first_person_meeting_in_a_quote_is_the_speaker_s():
    text = "چمران گفت: با شهردار تهران گفت‌وگویی داشتم و رایزنی‌های خود را با وزارت کشور خواهیم داشت."
    art = make(text, {"e1": ["چمران"], "e2": ["شهردار تهران"], "o1": ["وزارت کشور"]})
    colon = text.index(":")
    art.spans["quotes"] = [Span(0, len(text), "direct", {"speaker": "e1", "speaker_span": [0, 5],
                                                          "content": [colon + 2, len(text)]})]
    art = events_stage(art)
    evs = {ent(s.data["recipient"]): s.data for s in events(art, "CONSULT")}
    assert ent(evs["e2"]["actor"]) == "e1" and not evs["e2"]["planned"]
    assert ent(evs["o1"]["actor"]) == "e1" and evs["o1"]["planned"]


def test_headline_joins_the_dated_body_meeting():
    text = "همکاری محور دیدار مقامات ترکمنستان و چین\nوزیر خارجه ترکمنستان روز گذشته با همتای چینی خود دیدار کرد."
    art = Article(source=Source("test"), raw=text, text=text, published=PUBLISHED,
                  layout={"title": [(0, text.index("\n"))], "body": [(text.index("\n") + 1, len(text))]})
    art = dates_stage(art)
    art.entities = [{"id": "l1", "type": "LOC", "name": "ترکمنستان", "country": "TKM"},
                    {"id": "l2", "type": "LOC", "name": "چین", "country": "CHN"},
                    {"id": "e1", "type": "PER", "country": "TKM", "roles": [{"role": "وزیر امور خارجه"}]},
                    {"id": "e2", "type": "PER", "country": "CHN"}]
    spans = []
    for eid, surface in (("l1", "ترکمنستان"), ("l2", "چین"), ("e1", "وزیر خارجه ترکمنستان"), ("e2", "همتای چینی")):
        i = text.find(surface)
        spans.append(Span(i, i + len(surface), "name", {"entity": eid}))
    art.spans["mentions"] = sorted(spans, key=lambda sp: sp.start)
    [ev] = events(events_stage(art), "CONSULT")
    assert ev.data["date"]["value"] == "2023-10-03" and len(ev.data["mentions"]) == 2


def test_no_publish_date():
    [ev] = events(make("رئیسی با پوتین دیدار کرد.", published=None), "CONSULT")
    assert ev.data["date"]["flag"] == "no_date" and ev.data["date"]["value"] is None


# ---------------------------------------------------------------- other event types
@pytest.mark.parametrize("text,label,actor,recipient", [
    ("ایران و روسیه در زمینه انرژی به توافق رسیدند.", "AGREE", "ایران", None),
    ("وزیر خارجه چین از مواضع ایران حمایت کرد.", "SUPPORT", "وزیر خارجه چین", "مواضع ایران"),
    ("ایران و روسیه رزمایش مشترک دریایی برگزار کردند.", "COOPERATE", "ایران", None),
    ("ایران کمک‌های بشردوستانه به لبنان ارسال کرد.", "AID", "ایران", "لبنان"),
    ("وزیر خارجه ایران از سازمان ملل خواست اقدام کند.", "REQUEST", "وزیر خارجه ایران", "سازمان ملل"),
    ("سخنگوی وزارت خارجه حمله به سفارت را محکوم کرد.", "ACCUSE", "سخنگوی وزارت خارجه", "سفارت"),
    ("سخنگوی دولت این ادعا را رد کرد.", "REJECT", "سخنگوی دولت", "ادعا"),
    ("وزیر دفاع آمریکا ایران را تهدید کرد.", "THREATEN", "وزیر دفاع آمریکا", "ایران"),
    ("کارگران کارخانه مقابل فرمانداری تجمع کردند.", "PROTEST", "کارگران کارخانه", None),
    ("وزارت خزانه‌داری آمریکا سه شرکت ایرانی را تحریم کرد.", "SANCTION", "وزارت خزانه‌داری آمریکا", "شرکت ایرانی"),
    ("روسیه نیروهای خود را به مرز اوکراین اعزام کرد.", "MOBILIZE", "روسیه", "مرز اوکراین"),
    ("پلیس تهران دو سارق مسلح را دستگیر کرد.", "COERCE", "پلیس تهران", "سارق مسلح"),
    ("رژیم صهیونیستی به غزه حمله کرد.", "ASSAULT", "رژیم صهیونیستی", "غزه"),
])
def test_event_types(text, label, actor, recipient):
    evs = events(make(text), label)
    assert evs, [(s.label, s.data["rule"]) for s in make(text).spans["events"]]
    d = evs[0].data
    assert actor in d["actor"]["entity_text"]
    if recipient:
        assert d["recipient"] and recipient in d["recipient"]["entity_text"]


@pytest.mark.parametrize("text,people,label,mode,pair", [
    ("رئیسی سفر خود به نیویورک را لغو کرد.", {"e1": ["رئیسی"]}, "REJECT", "meet", ("e1", None)),
    ("عربستان با ایران قطع رابطه کرد.", {"l1": ["عربستان"], "l2": ["ایران"]}, "SANCTION", "discontinue", ("l1", "l2")),
    ("آمریکا سفیر ونزوئلا را اخراج کرد.", {"l1": ["آمریکا"], "e1": ["سفیر ونزوئلا"]}, "SANCTION", "expel",
     ("l1", "e1")),
    ("سه نفر از اعضای باند در تهران دستگیر شدند.", {}, "COERCE", "arrest", (None, "سه نفر از اعضای باند")),
    ("جنگنده‌های رژیم صهیونیستی غزه را بمباران کردند.", {"o1": ["رژیم صهیونیستی"], "l1": ["غزه"]}, "ASSAULT",
     "aerial", ("جنگنده‌های رژیم صهیونیستی", "l1")),
    ("ایران و عراق بر سر مرزها توافق کردند.", {"l1": ["ایران"], "l2": ["عراق"]}, "AGREE", None, ("l1", "l2")),
    ("تفاهم‌نامه همکاری میان ایران و ونزوئلا به امضا رسید.", {"l1": ["ایران"], "l2": ["ونزوئلا"]}, "SUPPORT", None,
     ("l1", "l2")),
    ("وزیر خارجه ایران خواستار آزادی زندانیان شد.", {"e1": ["وزیر خارجه ایران"]}, "REQUEST", None, ("e1", None)),
    ("روسیه به آمریکا هشدار داد.", {"l1": ["روسیه"], "l2": ["آمریکا"]}, "THREATEN", None, ("l1", "l2")),
    ("کارگران ذوب آهن اعتصاب کردند.", {}, "PROTEST", "strike", ("کارگران ذوب آهن", None)),
    ("روزنامه نیویورک تایمز نوشت دولت بحرین به معترضان حمله کرد.", {"o1": ["دولت بحرین"]}, "ASSAULT", None,
     ("o1", "معترضان")),
    ("ایران دو هزار تن کمک‌های انسانی به سوریه ارسال کرد.", {"l1": ["ایران"], "l2": ["سوریه"]}, "AID", None,
     ("l1", "l2")),
    ("شورای امنیت از ایران خواست غنی‌سازی را متوقف کند.", {"o1": ["شورای امنیت"], "l1": ["ایران"]}, "REQUEST", None,
     ("o1", "l1")),
])
def test_event_types_with_entities(text, people, label, mode, pair):
    evs = events(make(text, people), label)
    assert len(evs) == 1, [(s.label, s.data["rule"]) for s in make(text, people).spans["events"]]
    d = evs[0].data
    assert d["mode"] == mode and (ent(d["actor"]), ent(d["recipient"])) == pair
    assert not d["planned"] and not d["negated"] and d["confidence"] >= 0.5 or pair[0] is None


@pytest.mark.parametrize("text", [
    "عباس و هنیه در تلاش برای دست‌یابی به توافق ملی با یکدیگر دیدار کردند.",  # no AGREE
    "وی اظهار داشت: دولت به طور جدی پیگیر مطالبات کارگران است.",
    "این کتاب به خوانندگان کمک می‌کند تا تاریخ را بهتر بشناسند.",  # a book helping readers: no AID between parties
    "روابط عمومی اداره کل ورزش و جوانان استان اعلام کرد.",
])
def test_other_types_do_not_fire_on_plain_sentences(text):
    evs = [s for s in make(text).spans["events"] if s.label != "CONSULT" and s.data["confidence"] >= 0.5]
    assert evs == [], [(s.label, s.data["actor"], s.data["rule"]) for s in evs]


def test_types_come_from_the_data_file():
    from rasad.event_rules import rules

    types = {r.type for r in rules()}
    assert {"CONSULT", "AGREE", "COOPERATE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST",
            "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "AID"} <= types


# ---------------------------------------------------------------- the seed, with hand-made spans
SEED_PEOPLE = {
    "e1": ["حسین امیرعبداللهیان", "امیرعبداللهیان", "وزیر امور خارجه ایران", "وزیر امور خارجه", "رئیس دستگاه دیپلماسی"],
    "e2": ["خلف خلف اف", "دستیار ویژه رئیس جمهور آذربایجان", "این مقام جمهوری آذربایجان", "خلف اف"],
    "e3": ["الهام علی‌اف"],
    "e4": ["ناصر کنعانی"],
    "e5": ["علی‌اکبر احمدیان", "احمدیان"],
}


def seed_article() -> Article:
    art = default_pipeline()(next(iter(read_file(str(SEED)))))
    text = art.text
    mentions, entities = [], []
    for eid, surfaces in SEED_PEOPLE.items():
        entities.append({"id": eid, "type": "PER", "name": surfaces[0], "surfaces": surfaces, "mentions": [],
                         "roles": [], "country": "AZE" if eid in ("e2", "e3") else "IRN", "sector": "GOV"})
        for surface in surfaces:
            pos = 0
            while (i := text.find(surface, pos)) >= 0:
                if not any(s < i + len(surface) and i < e for s, e, _ in mentions):
                    mentions.append((i, i + len(surface), eid))
                pos = i + len(surface)
    # «وی» in the third body paragraph is Amir-Abdollahian
    i = text.index("وی همچنین خواستار")
    mentions.append((i, i + 2, "e1"))
    art.entities = entities
    art.spans["mentions"] = [Span(s, e, "name", {"entity": eid}) for s, e, eid in sorted(mentions)]
    return events_stage(art)


def consult_pairs(art: Article) -> dict[frozenset, dict]:
    return {frozenset({ent(s.data["actor"]), ent(s.data["recipient"])}): s.data for s in events(art, "CONSULT")
            if not s.data["planned"] and not s.data["negated"]}


def test_seed_meetings_with_handmade_spans():
    art = seed_article()
    pairs = consult_pairs(art)
    a = pairs[frozenset({"e1", "e2"})]
    assert a["location"]["country"] == "IRN" and a["location"]["text"] == "تهران"
    assert a["date"]["value"] == "2023-10-04" and a["mode"] == "visit"
    assert ent(a["actor"]) == "e2"  # Khalafov is the visitor
    b = pairs[frozenset({"e2", "e5"})]
    assert b["location"]["country"] == "IRN" and b["date"]["value"] == "2023-10-04"
    c = pairs[frozenset({"e1", "e3"})]
    assert c["location"] == {"text": "باکو", "country": "AZE"}
    assert c["date"]["value"] == "2023-07" and c["date"]["granularity"] == "month"
    assert "جنبش عدم تعهد" in c["occasion"]
    assert len(pairs) == 3, pairs.keys()  # headline, lead and body mentions are merged
    assert ent(next(s for s in events(art, "REQUEST")).data["actor"]) == "e1"  # «وی همچنین خواستار … شد»


# ---------------------------------------------------------------- PLOVER
def test_plover_export_validates():
    art = seed_article()
    for i, span in enumerate(art.spans["events"]):
        rec = to_plover(art, span, i)
        assert validate_plover(rec) == [], rec
        json.dumps(rec)
    rec = to_plover(art, events(art, "CONSULT")[0], 0)
    assert rec["event"] == ["CONSULT"] and rec["actor"][0]["code"] in ("AZE", "IRN")
    assert rec["event_loc"]["country_code"] == "IRN" and rec["date"] == "2023-10-04"
    assert rec["mode"] == ["visit"] and rec["quad_code"] == 1
    assert set(rec) >= {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text",
                        "text_info", "cite_info"}


def test_plover_planned_meeting_is_agree_future():
    art = make("رئیسی با پوتین دیدار خواهد کرد.", {"e1": ["رئیسی"], "e2": ["پوتین"]})
    rec = to_plover(art, art.spans["events"][0], 0)
    assert rec["event"] == ["AGREE"] and "future" in rec["context"] and rec["rasad_event_type"] == "CONSULT"
    assert validate_plover(rec) == []


def test_plover_validator_reports_problems():
    errors = validate_plover({"id": 3, "actor": [{"code": 5, "foo": "x"}], "event": ["MEET"], "date": "4/10/2023",
                              "bogus": 1})
    text = " | ".join(errors)
    for part in ("id: expected str", "actor[0].code", "actor[0].foo: unknown", "event[0]", "date: not YYYY-MM-DD",
                 "bogus: unknown"):
        assert part in text, errors
    assert "event: missing" in " ".join(validate_plover({"id": "x", "date": "2023-01-01", "actor": [{"code": "IRN"}]}))


# ---------------------------------------------------------------- store and CLI
def _stored(db):
    from rasad.store.events import event_rows, store_events

    art = seed_article()
    db.write_batch([art])
    article_id = db.conn.execute("SELECT id FROM articles").fetchone()[0]
    db.conn.execute("BEGIN IMMEDIATE")
    n = store_events(db, article_id, event_rows(art))
    db.conn.execute("COMMIT")
    return art, article_id, n


def test_store_round_trip(db):
    from rasad.store.events import event_rows, list_events, store_events

    art, article_id, n = _stored(db)
    assert n == len(art.spans["events"]) > 0
    rows = list_events(db)
    assert len(rows) == n and rows[0]["record"] == art.spans["events"][rows[0]["idx"]].data
    # idempotent
    db.conn.execute("BEGIN IMMEDIATE")
    store_events(db, article_id, event_rows(art))
    db.conn.execute("COMMIT")
    assert len(list_events(db)) == n
    consult = list_events(db, type="consult")
    assert {r["type"] for r in consult} == {"CONSULT"} and len(consult) == 3
    assert {r["date"] for r in list_events(db, actor="AZE", type="CONSULT")} == {"2023-10-04", "2023-07"}
    by_name = list_events(db, actor="امیرعبداللهیان", type="CONSULT")  # canonical name or alias, folded
    assert len(by_name) == 2
    assert len(list_events(db, actor="علياف", type="CONSULT")) == 1  # Arabic yeh, no ZWNJ
    assert [r["date"] for r in list_events(db, type="CONSULT", until="2023-07")] == ["2023-07"]
    assert {r["date"] for r in list_events(db, type="CONSULT", since="2023-10-01")} == {"2023-10-04"}
    row = consult[0]
    assert row["evidence"] == art.text[row["start"]:row["end"]] and row["news_id"] == "620924"


def test_cli(db, tmp_path):
    from rasad.events_cli import events_cmd

    _stored(db)
    runner = CliRunner()
    res = runner.invoke(events_cmd, ["--db", db.path, "--type", "CONSULT"])
    assert res.exit_code == 0, res.output
    assert "CONSULT" in res.output and "باکو" in res.output
    res = runner.invoke(events_cmd, ["--db", db.path, "--actor", "AZE", "--format", "plover"])
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in res.output.splitlines()]
    assert recs and all(validate_plover(r) == [] for r in recs)
    res = runner.invoke(events_cmd, ["--db", db.path, "--format", "jsonl", "--since", "2023-10-01",
                                     "--until", "2023-10-31"])
    assert res.exit_code == 0 and all(json.loads(x)["date"].startswith("2023-10") for x in res.output.splitlines())
    res = runner.invoke(events_cmd, ["--db", str(tmp_path / "empty.db")])
    assert res.exit_code == 0 and "no events" in res.output


# ---------------------------------------------------------------- end to end with the real NER and people stages
def test_seed_end_to_end_with_real_stages():
    """The seed through normalize, dates, NER, people and events (skipped until the NER model is committed)."""
    try:
        from rasad.ner import entities_stage
        from rasad.people import people_stage
    except ImportError as e:
        pytest.skip(f"NER/people stages not available: {e}")
    art = default_pipeline()(next(iter(read_file(str(SEED)))))
    try:
        art = entities_stage(art)
    except (FileNotFoundError, OSError) as e:
        pytest.skip(f"NER model not available: {e}")
    art = events_stage(people_stage(art))

    def who(p):
        return (p.get("name") or p["entity_text"]) if p else ""

    found = []
    for s in events(art, "CONSULT"):
        d = s.data
        if d["planned"] or d["negated"]:
            continue
        names = who(d["actor"]) + " | " + who(d["recipient"])
        found.append((names, d["location"] and d["location"]["country"], d["date"]["value"]))
    expected = [({"امیرعبداللهیان", "خلف"}, "IRN", "2023-10-04"), ({"احمدیان", "خلف"}, "IRN", "2023-10-04"),
                ({"امیرعبداللهیان", "علی‌اف"}, "AZE", "2023-07")]
    for words, country, date in expected:
        assert any(all(w in names for w in words) and c == country and v == date for names, c, v in found), found


def test_rule_prefilter_literals_are_required():
    import re

    from rasad.event_rules import required_literals, rules

    assert required_literals(re.compile("(?:دیدار|ملاقات) (کرد|داشت)")) == (
        frozenset({"دیدار", "ملاقات"}), frozenset({"داشت", "کرد"}), frozenset({" "}))
    assert required_literals(re.compile("(?:دیدار)?[^.]+")) == ()
    text = ("وزیر امور خارجه با همتای خود دیدار کرد و درباره توافق گفت‌وگو کردند."
            " سفر او به باکو انجام شد.")
    for rule in rules():
        for m in rule.pattern.finditer(text):
            assert all(any(lit in m.group() for lit in lits) for lits in required_literals(rule.pattern))
