"""Quote forms and speakers found while studying the `test` split (bench/gold/quotes.jsonl): bare
participles, names the tagger missed before a title, subordinate clauses, «نوشت» with a bare clause,
documents, bare organisation nouns and lead descriptions."""
from test_quotes import article, quotes
from test_quotes_speakers import speakers

Z = "\u200c"


def test_bare_participle_of_a_compound_verb_is_a_quote():
    art = article(f"ایران همواره اعلام کرده برنامه هسته{Z}ای خود را متوقف نمی{Z}کند.")
    assert quotes(art) == [("indirect", "ایران", "اعلام کرد", f"برنامه هسته{Z}ای خود را متوقف نمی{Z}کند")]


def test_bare_participle_before_a_passive_auxiliary_is_no_quote():
    assert quotes(article(f"چه خوب است به این سؤال پاسخ داده شود که ملت{Z}ها چه زمانی بیدار شدند.")) == []


def test_name_the_tagger_missed_before_an_unnamed_title():
    text = ("انوار سادات رییس جمهور مصر از شاه خواست تا هواپیماهای ایران را به مصر بفرستد.\n"
            "رییس جمهور مصر افزود: این هواپیماها لازم است.")
    art = article(text, {"e1": ("PER", None, [("رییس جمهور مصر", "title", 0), ("رییس جمهور مصر", "title", 1)])})
    assert speakers(art) == ["انوار سادات", "انوار سادات"]
    assert art.spans["quotes"][0].data["speaker_text"] == "انوار سادات رییس جمهور مصر"


def test_adverb_before_the_missed_name_and_a_single_word_is_no_name():
    text = "همچنین امروز خاویر سولانا مسئول سیاست خارجی اتحادیه اروپا گفت: دیدار خوب بود."
    art = article(text, {"e1": ("PER", None, [("مسئول سیاست خارجی اتحادیه اروپا", "title", 0)])})
    assert speakers(art) == ["خاویر سولانا"]
    text = "در همین حال، معاوون وزیر بهداشت افغانستان گفت که شمار مبتلایان افزایش یافت."
    art = article(text, {"e1": ("PER", None, [("وزیر بهداشت افغانستان", "title", 0)])})
    assert speakers(art) != ["معاوون"]


def test_a_large_number_of_keeps_its_complement():
    art = article("این در حالی بود که عده زیادی از افسران بازنشسته ارتش، وفاداری خود را به امام ابراز داشتند.")
    assert art.spans["quotes"][0].data["speaker_text"] == "عده زیادی از افسران بازنشسته ارتش"


def test_opening_subordinate_clause_names_the_subject_and_its_main_clause_is_no_content():
    art = article(f"با وجود این که ایران همواره اعلام کرده برنامه{Z}اش صلح{Z}آمیز است، غرب ایران را متهم می{Z}کند.")
    assert speakers(art) == ["ایران"]
    text = ("پس از این که وزارت امور خارجه آمریکا بر تروریست بودن این جریان تأکید کرد، سازمان با مشکلات "
            "متعددی مواجه شد.")
    art = article(text, {"e1": ("ORG", "وزارت امور خارجه آمریکا", [("وزارت امور خارجه آمریکا", "name", 0)])})
    assert len(art.spans["quotes"]) == 1
    (label, speaker, verb, content), = quotes(art)
    assert (label, speaker, verb) == ("indirect", "e1", "تأکید کرد")
    assert content.startswith("بر تروریست بودن") and "سازمان" not in content


def test_nested_subordinate_clause_inside_a_direct_quote_starts_no_quote():
    text = ("حضرتی گفت: در زمان کاندیداتوری مخالفت بود. با وجود این که احمدی نژاد صادقانه حرف‌ها را بیان کرد "
            "اما این یک طرف قضیه است.")
    assert len(article(text).spans["quotes"]) == 1


def test_wrote_followed_by_a_bare_clause():
    art = article("روزنامه نیویورک تایمز در گزارشی نوشت دولت بحرین قانون حالت فوق العاده را لغو کرده است.")
    assert quotes(art) == [("indirect", "روزنامه نیویورک تایمز", "نوشت",
                            "دولت بحرین قانون حالت فوق العاده را لغو کرده است")]
    assert quotes(article("عدالت دایره وسیعی دارد و می‌توان کتاب‌ها برای آن نوشت اما سخن در اجرای آن است.")) == []
    assert quotes(article("وی نامه‌ای نوشت و آن را برای وزیر کشور فرستاد تا پاسخ دهد.")) == []


def test_a_document_speaks_for_whoever_issued_it_in_the_text_before():
    text = ("سازمان مدعی شد که انبار مهمات منفجر شد.\n"
            "وزارت امور خارجه آمریکا طی بیانیه‌ای انفجارها را محکوم کرد. در این بیانیه آمده است: دولت آمریکا "
            "تروریسم را محکوم می‌کند.")
    art = article(text, {"e1": ("ORG", "وزارت امور خارجه آمریکا", [("وزارت امور خارجه آمریکا", "name", 0)])})
    assert art.spans["quotes"][-1].data["speaker"] == "e1"
    assert quotes(art)[-1][3] == "دولت آمریکا تروریسم را محکوم می‌کند"


def test_bare_organisation_noun_is_the_latest_such_organisation_by_its_fullest_name():
    text = ("سازمان مجاهدین خلق در پی آن گزارش گفته است که ایرانی‌ها را فروخته‌اند.\n"
            "نشریه پرس نوشت: سازمان مجاهدین ایرانیان را تهدید کرده است.\n"
            "سازمان مدعی شد که ده‌ها تن کشته شده‌اند.")
    art = article(text, {"e1": ("ORG", "سازمان مجاهدین خلق", [("سازمان مجاهدین خلق", "name", 0)]),
                         "e2": ("ORG", "سازمان مجاهدین", [("سازمان مجاهدین", "name", 1)])})
    assert speakers(art)[-1] == "سازمان مجاهدین خلق"


def test_this_agency_is_the_latest_agency_mentioned_when_none_spoke():
    text = ("خبرگزاری رویترز خبری منتشر کرد که قربانی گفته است سه بانک دفتر باز می‌کنند.\n"
            "این خبرگزاری انگلیسی ساعتی بعد خبر را پاک کرد و نوشت رویترز از صحت آن اطلاع ندارد.")
    art = article(text, {"e1": ("ORG", "خبرگزاری رویترز", [("خبرگزاری رویترز", "name", 0)])})
    assert speakers(art)[-1] == "خبرگزاری رویترز"


def test_lead_this_description_is_the_person_last_named_as_a_subject():
    text = ("به گزارش خبرگزاری فارس، مینو عابدی کماندار ملی‌پوش موفق به کسب سه مدال شد.\n"
            "این ورزشکار اصفهانی مدعی شد با توجه به معیوب شدن کمانش نتوانسته خوب پرتاب کند.")
    art = article(text, {"e1": ("PER", "مینو عابدی", [("مینو عابدی", "name", 0)])})
    assert speakers(art) == ["مینو عابدی"]
    text = ("به گزارش خبرگزاری فارس، مینو عابدی کماندار ملی‌پوش موفق به کسب سه مدال شد.\n"
            "به گفته این منبع آگاه، کمان وی معیوب بوده است.")
    art = article(text, {"e1": ("PER", "مینو عابدی", [("مینو عابدی", "name", 0)])})
    assert speakers(art) == ["این منبع آگاه"]


def test_lead_description_is_the_next_named_speaker_and_names_its_later_forms():
    text = ("الظواهری خواستار خروج نیروها شد\n\n"
            "مرد شماره دو شبکه القاعده در یک نوار ویدیویی اعلام کرد، خروج اشغالگران تنها از راه مبارزه است.\n\n"
            "الظواهری افزود: جهاد تنها راه اصلاحات است.\n\n"
            "مرد شماره دو القاعده تاکید کرد: اصلاحات با این حکومت‌ها ایجاد نمی‌شود.\n\n"
            "وی همچنین از حکومت‌های منطقه انتقاد کرد.")
    art = article(text, {"e1": ("PER", "ایمن الظواهری", [("الظواهری", "name", 0), ("الظواهری", "name", 1)])})
    assert speakers(art) == ["ایمن الظواهری"] * 5


def test_plural_lead_description_keeps_its_text():
    text = ("اعضای دموکرات و جمهوری‌خواه کنگره آمریکا هشدار دادند که حمله به ایران خطرناک است.\n"
            "جرج بوش گفت: همه گزینه‌ها روی میز است.")
    art = article(text, {"e1": ("PER", "جرج بوش", [("جرج بوش", "name", 0)])})
    assert speakers(art) == ["اعضای دموکرات و جمهوری‌خواه کنگره آمریکا", "جرج بوش"]


def test_continuing_an_activity_or_raising_topics_is_no_quote():
    assert quotes(article("مجموعه تئاترشهر فعالیت‌های خود را با اجرای چهار نمایش ادامه می‌دهد.")) == []
    art = article("روز دوشنبه، عبدالله بن سعود فایلی منتشر کرده و درباره بازداشت شاهزادگان مطالبی بیان کرده و "
                  "روایت دادستان را رد کرد.")
    assert quotes(art) == []
