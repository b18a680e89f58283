"""Quote forms and speakers found while studying the `test2` split (bench/gold/quotes.jsonl): idioms ending
in a reporting verb, recited objects of «خواند», a bullet before the subject, a bare participle inside a
direct quote, «مورد توجه و تأکید قرار داد», an expert's role, a title before a newly named person, «آن‌ها»
and a topic object of «بیان کرد»."""
from test_quotes import article, quotes
from test_quotes_speakers import speakers

Z = "\u200c"


def test_idioms_ending_in_said_are_no_quotes():
    text = "پیکر این شاعر که شب یکشنبه بر اثر ایست قلبی بدرود حیات گفت صبح امروز تشییع شد."
    assert quotes(article(text)) == []
    assert quotes(article("وزیر این پیروزی را به مردم تبریک گفت.")) == []
    assert len(quotes(article("وزیر گفت: این پیروزی مال مردم است."))) == 1


def test_a_poem_read_aloud_is_not_deemed():
    assert quotes(article("رحیم زریان نیز اشعاری را در وصف مظلومیت مردم غزه خواندند.")) == []
    (label, _speaker, verb, content), = quotes(article("وی این حضور را نعمتی بزرگ برای ایران خواند."))
    assert (label, verb) == ("indirect", "خواند") and content.startswith("این حضور را")


def test_a_bullet_is_not_part_of_the_subject():
    art = article("-فرستادگان ویژه آمریکا به پاکستان از این کشور خواستند تا نفوذ خود را متوقف کند.")
    assert speakers(art) == ["فرستادگان ویژه آمریکا"]


def test_a_bare_participle_in_a_later_sentence_of_a_direct_quote_starts_no_quote():
    text = (f"وی ادامه داد: واگذاری مدارس به شهرداری{Z}ها امکان{Z}پذیر نیست. یعنی وظایف شهرداری{Z}ها را در "
            f"قانون پیش{Z}بینی کرده و اختیارات آنها را افزایش دهیم.")
    (label, _speaker, verb, content), = quotes(article(text))
    assert (label, verb) == ("direct", "ادامه داد") and content.endswith("افزایش دهیم")


def test_made_the_object_of_attention_and_emphasis():
    text = "محسن عابدینی اتمام پروژه‌های نیمه تمام را مورد توجه و تاکید قرار داد."
    (label, _speaker, verb, content), = quotes(article(text))
    assert (label, verb) == ("indirect", "تأکید کرد") and "اتمام پروژه" in content


def _people_quotes(text, per):
    from test_people import run

    from rasad.quotes import quotes_stage
    return [q.data["speaker_name"] for q in quotes_stage(run(text, per=per)).spans["quotes"]]


def test_an_expert_described_by_nationality_is_the_previous_speaker():
    text = ("«الکساندر کاراوایف» عضو هیئت علمی انستیتو اقتصادی روسیه اظهار داشت: پارلمان بودجه را مشخص می‌کند.\n\n"
            "وی گفت: بودجه‌های ناکارآمد باید حذف شود.\n\n"
            "کارشناس روس ادامه داد: باید اقداماتی نیز انجام شود.")
    assert _people_quotes(text, ["الکساندر کاراوایف"]) == ["الکساندر کاراوایف"] * 3


def test_a_title_before_a_person_named_for_the_first_time_is_theirs():
    text = ("به گزارش فارس، مجید غفوری استاندار کرمانشاه امروز گفت: مسکن فرهنگیان مهم است.\n\n"
            "غفوری افزود: زمین مناسب واگذار می‌شود.\n\n"
            "رئیس سازمان آموزش و پرورش استان کرمانشاه در این جلسه گفت: هیچ مشکلی نداشتیم.\n\n"
            "جلال امینی افزود: کیفیت فضاهای آموزشی بهتر شد.")
    assert _people_quotes(text, ["مجید غفوری", "جلال امینی"]) == ["مجید غفوری", "مجید غفوری", "جلال امینی",
                                                                 "جلال امینی"]
    named_before = text.replace("به گزارش فارس، مجید غفوری", "به گزارش فارس، در حضور جلال امینی، مجید غفوری")
    assert _people_quotes(named_before, ["مجید غفوری", "جلال امینی"])[2] != "جلال امینی"  # named before: not moved


def test_they_is_the_latest_plural_speaker():
    text = ("کتابداران در بخشی از این قطع‌نامه گفتند ما آمادگی کامل خود را برای دفاع از غزه اعلام می‌کنیم.\n\n"
            "آن‌ها همچنین گفتند خواهان قطع فوری حملات اسرائیل هستند.")
    assert speakers(article(text)) == ["کتابداران", "کتابداران"]
    text = "مردم گفتند که خسته‌اند.\n\nآنها می‌گویند خدایا ما را ببخش."
    assert speakers(article(text))[-1] == "آنها"  # people in general, in the present: no one reported


def test_stating_an_object_names_a_topic():
    text = "شماری از روسای آموزش و پرورش استان‌ها نیز برخی از ایده‌ها و مشکلات خود را بیان کردند."
    assert quotes(article(text)) == []
    assert len(quotes(article("وی این نکته را بیان کرد که مدارس باید بازسازی شوند."))) == 1
