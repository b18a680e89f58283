"""Events: the general patterns found on the dev2/dev3 rounds of the gold set (docs/events.md) — tense and
plans of meetings, occasions, back-references, welcomes, headings against the body, titles of one office —
on short hand-made sentences with hand-made entity spans."""
from test_events import ent, events, make

from rasad.events import events_stage


def consult(art):
    return events(art, "CONSULT")


def test_present_tense_meeting_is_planned():
    art = make("محمود عباس و اسماعیل هنیه امروز نیز با یکدیگر دیدار می‌کنند.",
               {"e1": ["محمود عباس"], "e2": ["اسماعیل هنیه"]})
    [ev] = consult(art)
    assert ev.data["planned"] and not ev.data["negated"]
    past = make("محمود عباس و اسماعیل هنیه دیشب با یکدیگر دیدار کردند.", {"e1": ["محمود عباس"], "e2": ["اسماعیل هنیه"]})
    [ev] = consult(past)
    assert not ev.data["planned"]
    assert ev.data["date"]["value"] == "2023-10-03"  # «دیشب»


def test_nominal_meeting_under_a_future_or_present_verb_is_planned():
    fut = make("وزیر دفاع اندونزی در مذاکراتش با دونالد رامسفلد خواستار عدم مداخله آمریکا خواهد شد.",
               {"e1": ["وزیر دفاع اندونزی"], "e2": ["دونالد رامسفلد"]})
    [ev] = consult(fut)
    assert ev.data["planned"]
    pres = make("منوچهر متکی ضمن دیدار با همتای سوری خود درباره مسائل منطقه به بحث و تبادل نظر می‌پردازد.",
                {"e1": ["منوچهر متکی"]})
    assert consult(pres) and all(ev.data["planned"] for ev in consult(pres))
    # a present verb inside what someone said is not the meeting's
    said = make("شیمون پرز در دیدار با دیمیتری مدودف گفت که ایران اسرائیل را تهدید می‌کند.",
                {"e1": ["شیمون پرز"], "e2": ["دیمیتری مدودف"]})
    [ev] = consult(said)
    assert not ev.data["planned"]


def test_relative_plan_and_wish_make_the_meeting_planned():
    art = make("وزیر دفاع اندونزی در مذاکراتش با دونالد رامسفلد که قرار است هفته آینده به جاکارتا بیاید، سخن گفت.",
               {"e1": ["وزیر دفاع اندونزی"], "e2": ["دونالد رامسفلد"]})
    assert all(ev.data["planned"] for ev in consult(art)) and consult(art)
    wish = make("ایتالیا مایل است مذاکرات با ایران هر چه سریع‌تر آغاز شود.", {"l1": ["ایتالیا"], "l2": ["ایران"]})
    assert all(ev.data["planned"] for ev in consult(wish))


def test_sidelines_of_a_meeting_is_an_occasion():
    art = make("موسی‌الرضا ثروتی ظهر امروز در حاشیه دیدار فرماندهان نظامی و انتظامی استان "
               "به خبرنگاران گفت: کار خوب است.", {"e1": ["موسی‌الرضا ثروتی"]})
    assert consult(art) == []
    # «در حاشیه دیدار با Y»: the subject did meet Y
    met = make("محمدجواد ظریف در حاشیه دیدار با سرگئی لاوروف به خبرنگاران گفت: کار خوب است.",
               {"e1": ["محمدجواد ظریف"], "e2": ["سرگئی لاوروف"]})
    [ev] = consult(met)
    assert (ent(ev.data["actor"]), ent(ev.data["recipient"])) == ("e1", "e2")


def test_noun_coordinated_with_a_governed_one():
    art = make("جورج بوش طی اولین دیدار خود از دو بیمارستان نظامی و ملاقات با مجروحان جنگ عراق گفت: "
               "سوریه باید همکاری کند.", {"e1": ["جورج بوش"]})
    evs = [ev for ev in consult(art) if ev.data["recipient"] and "مجروحان" in ev.data["recipient"]["entity_text"]]
    assert [ent(ev.data["actor"]) for ev in evs] == ["e1"]
    # a plural, habitual tour does not govern
    tour = make("وی که در جریان بازدیدهای دوره‌ای از مناطق و دیدار با شهروندان حضور یافته بود، سخن گفت.")
    assert not [ev for ev in consult(tour) if ev.data["actor"] and ev.data["actor"]["entity_text"] == "وی"]


def test_back_references_are_no_new_meeting():
    art = make("این دیدار در فضایی صمیمی برگزار شد. مقام معظم رهبری در دیدار یاد شده، مطالبی فرمودند.")
    assert consult(art) == []


def test_date_between_noun_and_with():
    art = make("ایاد علاوی در دیدار دیروز خود با بشار اسد به بررسی تحولات عراق پرداخت.",
               {"e1": ["ایاد علاوی"], "e2": ["بشار اسد"]})
    evs = consult(art)
    assert [(ent(ev.data["actor"]), ent(ev.data["recipient"])) for ev in evs] == [("e1", "e2")]
    assert evs[0].data["date"]["value"] == "2023-10-03"


def test_date_of_another_event_is_not_the_meetings():
    art = make("سعید صیام گفت: دیدار عباس و هنیه تکمیل نشست روز شنبه بود.", {"e1": ["عباس"], "e2": ["هنیه"]})
    [ev] = consult(art)
    assert ev.data["date"]["flag"] == "publish_date"


def test_official_welcome_is_hosting_not_support():
    art = make("رئیس جمهور اندونزی صبح امروز در کاخ مردکا از محمود احمدی‌نژاد به طور رسمی استقبال کرد.",
               {"e1": ["محمود احمدی‌نژاد"], "e2": ["رئیس جمهور اندونزی"]})
    [ev] = consult(art)
    assert ev.data["mode"] == "host"
    assert (ent(ev.data["actor"]), ent(ev.data["recipient"])) == ("e1", "e2")  # the guest is the actor
    assert events(art, "SUPPORT") == []
    plan = make("مردم از طرح جدید استقبال کردند.")  # a welcomed plan stays a SUPPORT
    assert consult(plan) == [] and events(plan, "SUPPORT")
    passive = make("محمود احمدی‌نژاد مورد استقبال رسمی رئیس جمهور اندونزی قرار گرفت.",
                   {"e1": ["محمود احمدی‌نژاد"], "e2": ["رئیس جمهور اندونزی"]})
    [ev] = consult(passive)
    assert (ent(ev.data["actor"]), ent(ev.data["recipient"])) == ("e1", "e2")


def test_visit_to_this_country_and_adverbial_opening():
    art = make("در پی تداوم تیرگی روابط روسیه با کشورهای غربی ولادیمیر پوتین با هدف گسترش مناسبات با چین "
               "به این کشور سفر می‌کند.", {"e1": ["ولادیمیر پوتین"], "l1": ["چین"]})
    [ev] = consult(art)
    assert ev.data["mode"] == "visit" and ev.data["planned"]
    assert ent(ev.data["actor"]) == "e1"
    assert ev.data["location"]["country"] == "CHN"


def test_pointed_antecedent_of_a_relative_clause():
    art = make("از میان این افراد می‌توان به ژایر بولسونارو اشاره کرد که در این عمارت با دونالد ترامپ دیدار داشت.",
               {"e1": ["ژایر بولسونارو"], "e2": ["دونالد ترامپ"]})
    [ev] = consult(art)
    assert (ent(ev.data["actor"]), ent(ev.data["recipient"])) == ("e1", "e2")


def test_titles_of_one_office_are_one_party():
    text = ("دیدار وزیر و مسئولان وزارت اطلاعات با رهبر انقلاب\n"
            "مقام رهبری در دیدار وزیر و مسئولان وزارت اطلاعات گفت: ایمان مهم است.")
    art = make(text)
    assert len(consult(art)) == 1


def test_heading_takes_the_bodys_planned_status():
    title = "محور مذاکرات ولادیمیر پوتین و بان کی‌مون"
    text = title + "\nولادیمیر پوتین قصد دارد فردا با بان کی‌مون رایزنی کند."
    art = make(text, {"e1": ["ولادیمیر پوتین"], "e2": ["بان کی‌مون"]})
    art.layout = {"title": [(0, len(title))], "body": [(len(title) + 1, len(text))]}
    [ev] = consult(events_stage(art))
    assert ev.data["planned"]
    assert len(ev.data["mentions"]) == 2  # the headline and the body sentence


def test_unresolved_pronoun_lowers_confidence():
    resolved = make("حسن روحانی به مسکو رفت. وی با ولادیمیر پوتین دیدار کرد.",
                    {"e1": ["حسن روحانی", "وی"], "e2": ["ولادیمیر پوتین"]})
    bare = make("وی با ولادیمیر پوتین دیدار کرد.", {"e2": ["ولادیمیر پوتین"]})
    [r] = consult(resolved)
    [b] = consult(bare)
    assert ent(r.data["actor"]) == "e1"
    assert b.data["confidence"] < 0.5 <= r.data["confidence"]


def test_ambassadors_tour_of_his_host_country_is_no_visit():
    text = "کوجی هاندا سفیر ژاپن در ایران امروز به ارومیه سفر کرد."
    art = make(text, {"e1": ["کوجی هاندا"]})
    art.entities[0]["roles"] = [{"role": "سفیر", "text": "سفیر ژاپن", "start": 11, "end": 20, "country": "JPN"}]
    assert consult(events_stage(art)) == []
    abroad = make("کوجی هاندا سفیر ژاپن در ایران امروز به باکو سفر کرد.", {"e1": ["کوجی هاندا"]})
    abroad.entities[0]["roles"] = [{"role": "سفیر", "text": "سفیر ژاپن", "start": 11, "end": 20, "country": "JPN"}]
    [ev] = consult(events_stage(abroad))
    assert ev.data["location"]["country"] == "AZE"


def test_session_held_with():
    art = make("هیئت رئیسه جبهه جلسه‌ای را با جامعه اسلامی ورزشکاران برگزار کرد.")
    [ev] = consult(art)
    assert "جامعه اسلامی ورزشکاران" in ev.data["recipient"]["entity_text"]
    assert "هیئت رئیسه" in ev.data["actor"]["entity_text"]


def test_place_phrase_between_named_party_and_with():
    art = make("حتی در دیدار سیدعبدالعزیز حکیم رئیس ائتلاف واحد عراق در پارلمان این کشور با جرج بوش اسنادی ارائه شد.",
               {"e1": ["سیدعبدالعزیز حکیم"], "e2": ["جرج بوش"]})
    [ev] = consult(art)
    assert (ent(ev.data["actor"]), ent(ev.data["recipient"])) == ("e1", "e2")


def test_departures_are_visits():
    left = make("محمدجواد ظریف برای سفر به چند کشور اروپایی تهران را به مقصد بروکسل ترک کرد.",
                {"e1": ["محمدجواد ظریف"]})
    [ev] = consult(left)
    assert ev.data["mode"] == "visit" and ent(ev.data["actor"]) == "e1"
    assert ev.data["location"]["country"] == "BEL" and not ev.data["planned"]
    went = make("محمدجواد ظریف امروز راهی مسکو شد.", {"e1": ["محمدجواد ظریف"]})
    [ev] = consult(went)
    assert ev.data["location"]["country"] == "RUS"
    assert consult(make("محمدجواد ظریف امروز راهی مشهد شد.", {"e1": ["محمدجواد ظریف"]})) == []  # domestic


def test_named_meeting_on_whose_sidelines_someone_spoke():
    art = make("محمدجواد ظریف در حاشیه دیدار حسن روحانی و ولادیمیر پوتین به خبرنگاران گفت: کار خوب است.",
               {"e1": ["محمدجواد ظریف"], "e2": ["حسن روحانی"], "e3": ["ولادیمیر پوتین"]})
    [ev] = consult(art)
    assert {ent(ev.data["actor"]), ent(ev.data["recipient"])} == {"e2", "e3"}


def test_arrivals_are_visits_of_people():
    art = make("سرگئی لاوروف صبح امروز وارد تهران شد.", {"e1": ["سرگئی لاوروف"]})
    [ev] = consult(art)
    assert ev.data["mode"] == "visit" and ev.data["location"]["country"] == "IRN"
    came = make("سرگئی لاوروف که به تهران آمده است با محمدجواد ظریف دیدار کرد.",
                {"e1": ["سرگئی لاوروف"], "e2": ["محمدجواد ظریف"]})
    [ev] = consult(came)
    assert (ent(ev.data["actor"]), ent(ev.data["recipient"])) == ("e1", "e2")
    assert ev.data["mode"] == "visit" and ev.data["location"]["text"] == "تهران"
    assert consult(make("نیروهای ارتش وارد حلب شدند.")) == []  # no person: no visit


def test_talks_are_not_a_verb_and_clause_break():
    art = make("سیزده تن از نمایندگان مجلس پاکستان جهت انجام گفت و گوهای مسالمت آمیز راهی هند شدند.")
    [ev] = consult(art)
    assert ev.data["actor"]["entity_text"].startswith("سیزده تن از نمایندگان")
    assert ev.data["location"]["country"] == "IND"


def test_sat_for_talks_and_hosted():
    sat = make("محمدجواد ظریف و سرگئی لاوروف در مسکو به گفت‌وگو نشستند.",
               {"e1": ["محمدجواد ظریف"], "e2": ["سرگئی لاوروف"]})
    [ev] = consult(sat)
    assert {ent(ev.data["actor"]), ent(ev.data["recipient"])} == {"e1", "e2"}
    assert ev.data["location"]["country"] == "RUS"
    hosted = make("محمدجواد ظریف پذیرای سرگئی لاوروف بود.", {"e1": ["محمدجواد ظریف"], "e2": ["سرگئی لاوروف"]})
    [ev] = consult(hosted)
    assert ev.data["mode"] == "host" and (ent(ev.data["actor"]), ent(ev.data["recipient"])) == ("e2", "e1")
    assert consult(make("مشهد پذیرای هزاران زائر بود.")) == []


def test_title_and_name_of_one_office_holder_merge():
    text = ("یودهویونو امروز با محمود احمدی‌نژاد دیدار کرد.\n"
            "رئیس جمهور اندونزی امروز در کاخ مردکا با محمود احمدی‌نژاد دیدار کرد.")
    art = make(text, {"e1": ["یودهویونو"], "e2": ["محمود احمدی‌نژاد"], "l1": ["اندونزی"]})
    art.entities[0].update(country="IDN", roles=[{"role": "رئیس جمهور", "text": "رئیس جمهور اندونزی"}])
    [ev] = consult(events_stage(art))
    assert len(ev.data["mentions"]) == 2
    other = make(text.replace("رئیس جمهور اندونزی", "وزیر خارجه اندونزی"),
                 {"e1": ["یودهویونو"], "e2": ["محمود احمدی‌نژاد"], "l1": ["اندونزی"]})
    other.entities[0].update(country="IDN", roles=[{"role": "رئیس جمهور", "text": "رئیس جمهور اندونزی"}])
    assert len(consult(events_stage(other))) == 2  # another office: another meeting
