"""Events: the general patterns found studying the old test split of the gold set (third round, docs/events.md) —
the sides of a reported meeting, lead-ins before the subject, visits to regions and of pilgrims, places the NER
did not tag — on short hand-made sentences with hand-made entity spans."""
from test_events import ent, events, make

from rasad.article import Span
from rasad.events import events_stage


def consult(art):
    return events(art, "CONSULT")


def pair(ev):
    return ent(ev.data["actor"]), ent(ev.data["recipient"])


def test_reported_meeting_of_two_others_has_their_sides():
    # «با اشاره به / از TRIGGER X و Y»: the meeting of X and Y, not the subject's
    art = make("کاخ الیزه طی بیانیه‌ای از گفت‌وگوی تلفنی فرانسوآ اولاند و دیوید کامرون خبر داد.",
               {"e1": ["فرانسوآ اولاند"], "e2": ["دیوید کامرون"], "e3": ["کاخ الیزه"]})
    [ev] = consult(art)
    assert set(pair(ev)) == {"e1", "e2"}
    # «X در دیدار Y و Z» still keeps Y و Z as the subject's other side
    own = make("رهبر انقلاب در دیدار رئیس و مسئولان قوه قضاییه گفت: کار خوب است.", {"e1": ["رهبر انقلاب"]})
    [ev] = consult(own)
    assert ent(ev.data["actor"]) == "e1"


def test_subject_after_lead_ins():
    # «ما متوجه شدیم که طی هفته اخیر X …»: the subject is X
    art = make("رئیس جمهور آرژانتین گفت: ما متوجه شدیم که طی هفته اخیر جان کری با همتای ایرانی خود "
               "یعنی آقای ظریف نشستی داشته‌اند.", {"e1": ["جان کری"], "e2": ["ظریف"], "e3": ["رئیس جمهور آرژانتین"]})
    [ev] = consult(art)
    assert ent(ev.data["actor"]) == "e1"
    # «با توجه به X که …، Y با Z دیدار کرد»: the subject is after the adverbial's comma
    adv = make("با توجه به نقش روسیه که در سوریه پررنگ است، محمدجواد ظریف دیروز با سرگئی لاوروف دیدار کرد.",
               {"e1": ["محمدجواد ظریف"], "e2": ["سرگئی لاوروف"], "l1": ["روسیه"]})
    [ev] = consult(adv)
    assert pair(ev) == ("e1", "e2")
    # «در راستای …، X با Y دیدار کرد»
    way = make("امروز در راستای جلسات هم‌اندیشی اداره اوقاف با ائمه جمعه، جعفر ذوبی رئیس اداره اوقاف با "
               "حجت‌الاسلام علی دلبری امام جمعه گالیکش دیدار کرد.", {"e1": ["جعفر ذوبی"], "e2": ["علی دلبری"]})
    [ev] = consult(way)
    assert pair(ev) == ("e1", "e2")


def test_time_word_before_a_reciprocal_subject():
    art = make("همچنین امروز خاویر سولانا مسئول سیاست خارجی اتحادیه اروپا و علی لاریجانی دبیر شورای عالی امنیت "
               "ملی در مونیخ با هم دیدار کردند.", {"e1": ["خاویر سولانا"], "e2": ["علی لاریجانی"]})
    [ev] = consult(art)
    assert set(pair(ev)) == {"e1", "e2"}


def test_visits_to_countries_listed_but_not_to_a_region():
    art = make("نخست وزیر عراق تاکنون از کشورهای اردن، مصر و سوریه دیدن کرده است.",
               {"e1": ["نخست وزیر عراق"], "l1": ["اردن"], "l2": ["مصر"], "l3": ["سوریه"]})
    [ev] = consult(art)
    assert ev.data["mode"] == "visit" and ent(ev.data["actor"]) == "e1"
    region = make("ایاد علاوی از 19 ماه جولای سفر دوره‌ای خود را به کشورهای خاورمیانه آغاز کرده است.",
                  {"e1": ["ایاد علاوی"]})
    assert consult(region) == []


def test_pilgrims_are_no_visit():
    assert consult(make("زائران ایرانی دیروز به کربلا سفر کردند.")) == []
    assert consult(make("هزاران زائر ایرانی برای انجام مناسک حج به مکه سفر کرده‌اند.")) == []
    assert consult(make("کاروان هزار نفری دانشجویان خراسان جنوبی عازم مرقد امام خمینی شد.")) == []
    [ev] = consult(make("حسن روحانی دیروز به بغداد سفر کرد.", {"e1": ["حسن روحانی"]}))
    assert ev.data["location"]["country"] == "IRQ"


def test_nominal_trip_with_own_and_a_place_the_ner_missed():
    art = make("محمد البرادعی در سفر هفته گذشته خود به تهران برای کسب مجوز ناکام شد.", {"e1": ["محمد البرادعی"]})
    [ev] = consult(art)
    assert ent(ev.data["actor"]) == "e1" and ev.data["location"]["country"] == "IRN" and not ev.data["planned"]
    # a capital of the place data with no entity span
    cap = make("معاون وزیر دفاع عربستان سه‌شنبه گذشته به نواکشوت سفر کرده بود.")
    [ev] = consult(cap)
    assert ev.data["location"] == {"text": "نواکشوت", "country": "MRT"}


def test_meeting_visit_of_a_person_and_first_person_speaker():
    text = "مهدی چمران گفت: در زمان ملاقات از مقام معظم رهبری با شهردار تهران گفت‌وگویی داشتم."
    art = make(text, {"e1": ["مهدی چمران"], "e2": ["شهردار تهران"]})
    colon = text.index(":")
    art.spans["quotes"] = [Span(0, len(text), "direct", {"speaker": "e1", "speaker_span": [0, 10],
                                                          "content": [colon + 2, len(text)]})]
    art = events_stage(art)
    sides = {pair(ev) for ev in consult(art)}
    assert ("e1", "e2") in sides
    assert any(a == "e1" and r == "مقام معظم رهبری" for a, r in sides)
    # «دیدار از نمایشگاه» is no meeting with a person
    assert consult(make("علی لاریجانی در جریان دیدار از نمایشگاه کتاب گفت: کار خوب است.",
                        {"e1": ["علی لاریجانی"]})) == []


def test_start_of_talks_is_a_process_not_a_meeting():
    art = make("ملا برادر در سال 2010، حین آغاز مذاکرات صلح با دولت افغانستان، در کراچی دستگیر شد.",
               {"e1": ["ملا برادر"]})
    assert consult(art) == []
    assert consult(make("آغاز مذاکرات ایران و آمریکا می‌تواند به کاهش تنش کمک کند.")) == []


def test_plural_head_shared_by_two_countries():
    art = make("رایزنی رؤسای مجلس و سنای تاجیکستان و قزاقستان", {"l1": ["تاجیکستان"], "l2": ["قزاقستان"]})
    [ev] = consult(art)
    assert ev.data["actor"]["entity_text"] == "رؤسای مجلس و سنای تاجیکستان"
    assert ent(ev.data["recipient"]) == "l2"
