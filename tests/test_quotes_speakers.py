"""Quote speakers on short sentences: subject phrases, «که» clauses, titles and pronouns tied to names."""
from test_people import run as people_run
from test_quotes import article, quotes

from rasad.quotes import find_quotes, find_verbs, quotes_stage

Z = "\u200c"


def speakers(art) -> list[str]:
    """Per quote: the resolved name, else the speaker as written."""
    return [q.data["speaker_name"] or q.data["speaker_text"] for q in art.spans["quotes"]]


def with_roles(text: str, people: dict, roles: dict):
    """:func:`article` with roles ({entity id: [role dicts]}) set on the entities, then quotes again."""
    art = article(text, people)
    for e in art.entities:
        e["roles"] = roles.get(e["id"], [])
    return quotes_stage(art)


# ---------------------------------------------------------------- subject phrases

def test_organisation_phrase_is_the_speaker_not_the_place_inside_it():
    text = f"دولت خودخوانده قره{Z}باغ کوهستانی هم روز پنجشنبه اعلام کرد که این جمهوری منحل می{Z}شود."
    art = article(text, {"e1": ("LOC", f"قره{Z}باغ", [(f"قره{Z}باغ", "name", 0)])})
    assert [q.data["speaker_text"] for q in art.spans["quotes"]] == [f"دولت خودخوانده قره{Z}باغ کوهستانی"]
    assert art.spans["quotes"][0].data["speaker"] is None


def test_subject_after_a_leading_adverbial_and_comma():
    art = article("پس از انتشار این خبر، ساکنان خیابان صیاد خواستار پیگیری جدی شهرداری شدند.")
    assert quotes(art) == [("indirect", "ساکنان خیابان صیاد", "خواستار شد", "پیگیری جدی شهرداری")]


def test_part_of_a_group_keeps_its_complement():
    art = article("یکی از مهمانان عراقی در حرم گفت: امام رهبری بزرگ بود.")
    assert speakers(art) == ["یکی از مهمانان عراقی"]


def test_subject_ends_before_emphatic_khod():
    art = article("مقدمی خود تصریح کرد: این کشتی‌ها در اروپا کار می‌کنند.")
    assert speakers(art) == ["مقدمی"]


def test_subject_as_written_wins_over_an_organisation_later_in_the_clause():
    art = article("فرد با اشاره به ترافیک پروانه‌های سازمان تنظیم مقررات افزود: تقاضا زیاد است.",
                  {"e1": ("ORG", "سازمان تنظیم مقررات", [("سازمان تنظیم مقررات", "name", 0)])})
    assert speakers(art) == ["فرد"]


# ---------------------------------------------------------------- «که» clauses

def test_person_named_in_a_that_clause_is_the_speaker():
    text = "سولانا و لاریجانی در مونیخ دیدار کردند که در پایان سولانا به خبرنگاران گفت: دیدار کوتاه بود."
    art = article(text, {"e1": ("PER", "خاویر سولانا", [("سولانا", "name", 0), ("سولانا", "name", 1)]),
                         "e2": ("PER", "علی لاریجانی", [("لاریجانی", "name", 0)])})
    assert quotes(art) == [("direct", "e1", "گفت", "دیدار کوتاه بود")]
    assert art.spans["quotes"][0].data["speaker_span"][0] == text.index("سولانا به")


def test_relative_clause_on_the_subject_keeps_the_subject():
    text = "یعقوبی که پیش از این کتاب وی در حوزه طنز منتشر شده است، گفت: خاطرات کوتاه است."
    art = article(text, {"e1": ("PER", "محسن یعقوبی", [("یعقوبی", "name", 0), ("وی", "pronoun", 0)])})
    assert speakers(art) == ["محسن یعقوبی"]


def test_title_inside_a_relative_clause_on_the_subject_is_not_the_speaker():
    text = "والتر ساباتینی که به تازگی مدیر ورزشی رم شده است در مورد برنامه‌ها گفت: پروژه‌ای نداریم."
    art = article(text, {"e1": ("PER", "والتر ساباتینی", [("والتر ساباتینی", "name", 0)]),
                         "e2": ("PER", None, [("مدیر ورزشی رم", "title", 0)])})
    assert [q.data["speaker"] for q in art.spans["quotes"]] == ["e1"]


def test_that_clause_after_a_first_person_verb():
    text = "موضوع را از دادگستری پیگیر شدیم که «مسعود سلیمانی» معاون دادگستری تاکید کرد: مجوز نگرفتند."
    art = article(text, {"e1": ("PER", "مسعود سلیمانی", [("مسعود سلیمانی", "name", 0)])})
    assert [q.data["speaker"] for q in art.spans["quotes"]] == ["e1"]


def test_name_the_tagger_missed_after_that_is_found_by_its_first_name():
    text = ("رویترز خبری منتشر کرد که پیمان قربانی، معاون اقتصادی بانک مرکزی گفته است سه بانک خارجی "
            "دفتر باز می‌کنند.")
    art = article(text)
    assert speakers(art) == ["پیمان قربانی"]
    assert quotes(art)[0][3] == "سه بانک خارجی دفتر باز می‌کنند"


# ---------------------------------------------------------------- verbs and frames

def test_object_before_khastar_shod_is_the_content():
    art = article("روستا برخورد منطقی با بازاریابی شبکه‌ای را خواستار شد.",
                  {"e1": ("PER", "احمد روستا", [("روستا", "name", 0)])})
    assert quotes(art) == [("indirect", "e1", "خواستار شد", "برخورد منطقی با بازاریابی شبکه‌ای را")]
    assert [(v.canonical, v.kind) for v in find_verbs("آن را خواستار شد.")] == [("خواستار شد", "deem")]


def test_present_tense_aside_is_no_quote():
    assert find_quotes("یادآور می‌شود؛ پیش از این چهار عنوان کتاب منتشر شده است.") == []


def test_statement_named_after_dar_speaks_for_its_issuer():
    text = ("حزب مردم‌سالاری اعلام کرد: عده‌ای به توصیه‌ها عمل نکردند.\n"
            "در این بیانیه همچنین در خصوص زمان تشکیل کنگره نیز آمده است: کنگره در پاییز برگزار می‌شود.")
    art = article(text, {"e1": ("ORG", "حزب مردم‌سالاری", [("حزب مردم‌سالاری", "name", 0)])})
    assert [q[1] for q in quotes(art)] == ["e1", "e1"]


# ---------------------------------------------------------------- roles and titles tied to names

def test_role_followed_by_niz_is_the_next_named_speaker():
    text = ("احسان صباغ مدیرعامل سازمان ترافیک گفت: پارک افتتاح شد.\n"
            "معاون فنی و عمرانی شهرداری همدان نیز در این مراسم اظهار کرد: پارک قدیمی است.\n"
            "موسی رسولی گفت: آموزش داده می‌شود.")
    art = article(text, {"e1": ("PER", "احسان صباغ", [("احسان صباغ", "name", 0)]),
                         "e2": ("PER", "موسی رسولی", [("موسی رسولی", "name", 0)])})
    assert speakers(art) == ["احسان صباغ", "موسی رسولی", "موسی رسولی"]


def test_role_without_niz_is_the_previous_named_speaker():
    text = ("احسان صباغ گفت: پارک افتتاح شد.\n"
            "مدیرعامل سازمان ترافیک شهرداری همدان افزود: پارک قدیمی است.")
    art = article(text, {"e1": ("PER", "احسان صباغ", [("احسان صباغ", "name", 0)])})
    assert speakers(art) == ["احسان صباغ", "احسان صباغ"]


def test_first_title_is_the_next_speaker_known_only_by_surname():
    text = ("معاون فنی کشتیرانی جمهوری اسلامی ایران در مراسم گفت: از همه تشکر می‌کنم.\n"
            "مقدمی تصریح کرد: این کشتی‌ها در اروپا کار می‌کنند.\n"
            "وی خاطرنشان کرد: ناوگان نو شده است.")
    assert speakers(article(text)) == ["مقدمی", "مقدمی", "مقدمی"]


def test_description_is_the_previous_speaker_known_only_by_surname():
    text = ("کارخانه افزود: با تیم‌های خوبی هم‌گروه شدیم.\n"
            "این کارشناس رشته والیبال کشورمان گفت: گروه ما سخت است.")
    assert speakers(article(text)) == ["کارخانه", "کارخانه"]


def test_unnamed_title_with_another_office_or_country_stays_apart():
    text = "بلازی گفت: ایران باید غنی‌سازی را متوقف کند.\nرئیس جمهور کشورمان گفت: ایران آماده گفتگو است."
    people = {"e1": ("PER", "بلازی", [("بلازی", "name", 0)]),
              "e2": ("PER", None, [("رئیس جمهور کشورمان", "title", 0)])}
    roles = {"e1": [{"role": "وزیر امور خارجه", "country": "FRA"}],
             "e2": [{"role": "رئیس جمهور", "country": "IRN"}]}
    art = with_roles(text, people, roles)
    assert [q.data["speaker"] for q in art.spans["quotes"]] == ["e1", "e2"]
    # the same office: the unnamed title is the named speaker before it
    roles["e2"] = [{"role": "وزیر امور خارجه", "country": "FRA"}]
    art = with_roles(text.replace("رئیس جمهور کشورمان", "وزیر خارجه فرانسه"),
                     {**people, "e2": ("PER", None, [("وزیر خارجه فرانسه", "title", 0)])}, roles)
    assert [q.data["speaker"] for q in art.spans["quotes"]] == ["e1", "e1"]


def test_title_the_tagger_took_for_a_name_is_the_previous_speaker():
    text = "مهران خراسانی اظهار داشت: کمک‌ها رسید.\nسرکنسول ایرن در جلال آباد تصریح کرد: بازسازی آغاز می‌شود."
    art = article(text, {"e1": ("PER", "مهران خراسانی", [("مهران خراسانی", "name", 0)]),
                         "e2": ("PER", "سرکنسول ایرن", [("سرکنسول ایرن", "name", 0)])})
    assert [q.data["speaker"] for q in art.spans["quotes"]] == ["e1", "e1"]


def test_lead_title_is_the_person_opening_the_body():
    text = ("قائم مقام مدیر عامل گروه همکاران سیستم گفت: فناوری اطلاعات رشد داشته است.\n"
            "به گزارش خبرگزاری فارس، نادر حریری در نشست مدیران به تحقیقات اشاره کرد.\n"
            "وی اضافه کرد: هزینه سرانه کم است.")
    art = article(text, {"e1": ("PER", "نادر حریری", [("نادر حریری", "name", 0), ("وی", "pronoun", 0)])})
    assert [q.data["speaker"] for q in art.spans["quotes"]] == ["e1", "e1"]


# ---------------------------------------------------------------- pronouns

def test_pronoun_after_a_paragraph_opened_by_another_person():
    text = ("احمد گفت: تیم آماده است.\n"
            "«پائولو اتوری» سرمربی این تیم 30 بازیکن را برگزیده است.\n"
            "وی در این باره گفت: دو بازی مهم داریم.")
    people = {"e1": ("PER", "احمد", [("احمد", "name", 0)]),
              "e2": ("PER", "پائولو اتوری", [("پائولو اتوری", "name", 0), ("وی", "pronoun", 0)])}
    assert [q.data["speaker"] for q in article(text, people).spans["quotes"]] == ["e1", "e2"]


def test_pronoun_keeps_the_previous_speaker_when_the_other_person_is_only_quoted():
    text = ("احمد گفت: پائولو اتوری 30 بازیکن را برگزیده است.\n"
            "وی در این باره افزود: دو بازی مهم داریم.")
    people = {"e1": ("PER", "احمد", [("احمد", "name", 0)]),
              "e2": ("PER", "پائولو اتوری", [("پائولو اتوری", "name", 0), ("وی", "pronoun", 0)])}
    assert [q.data["speaker"] for q in article(text, people).spans["quotes"]] == ["e1", "e1"]


def test_place_or_plural_subject_is_no_antecedent_for_vey():
    text = ("حسن گفت: مذاکره ادامه دارد.\n"
            "کسانی که دیروز ایران را تروریست خواندند امروز سکوت کرده‌اند و ایران اعلام کرد: ما آماده‌ایم.\n"
            "وی ادامه داد: تروریسم خطر است.")
    art = article(text, {"e1": ("PER", "حسن", [("حسن", "name", 0)]),
                         "e2": ("LOC", "ایران", [("ایران", "name", 0), ("ایران", "name", 1)])})
    assert art.spans["quotes"][-1].data["speaker"] == "e1"


# ---------------------------------------------------------------- through the people stage (coref)

def test_title_followed_by_niz_is_not_the_previous_subject():
    text = ("احسان صباغ در مراسم اظهار کرد: پارک افتتاح شد.\n"
            "معاون فنی و عمرانی شهرداری همدان نیز در این مراسم اظهار کرد: پارک قدیمی است.\n"
            "موسی رسولی گفت: آموزش داده می‌شود.")
    art = people_run(text, per=["احسان صباغ", "موسی رسولی"], loc=["همدان"])
    ent = {e["id"]: e for e in art.entities}
    title = next(m for m in art.spans["mentions"] if art.text[m.start:m.end].startswith("معاون فنی"))
    assert ent[title.data["entity"]]["name"] == "موسی رسولی"
    # without «نیز» the title is the previous subject, as before
    art = people_run(text.replace(" نیز", ""), per=["احسان صباغ", "موسی رسولی"], loc=["همدان"])
    ent = {e["id"]: e for e in art.entities}
    title = next(m for m in art.spans["mentions"] if art.text[m.start:m.end].startswith("معاون فنی"))
    assert ent[title.data["entity"]]["name"] == "احسان صباغ"
    quoted = quotes_stage(art)
    assert [q.data["speaker_name"] for q in quoted.spans["quotes"]] == ["احسان صباغ", "احسان صباغ", "موسی رسولی"]


def test_quotes_of_an_unnamed_title_follow_the_name_it_was_found_to_be():
    text = ("پورمحمدی گفت: دولت به دنبال مردمی کردن اقتصاد است.\n"
            "وزیر کشور در خصوص اعتبار ریلی گفت: این مبلغ به شهرداری‌ها نمی‌رسد.\n"
            "وی تاکید کرد: مجلس این مبلغ را تصویب کرد.\n"
            "وزیر کشور تصریح کرد: طرح در حد پیشنهاد است.")
    people = {"e1": ("PER", "مصطفی پورمحمدی", [("پورمحمدی", "name", 0)]),
              "e2": ("PER", None, [("وزیر کشور", "title", 0), ("وی", "pronoun", 0), ("وزیر کشور", "title", 1)])}
    art = with_roles(text, people, {"e1": [{"role": "وزیر کشور", "text": "وزیر کشور"}],
                                    "e2": [{"role": "وزیر کشور", "text": "وزیر کشور", "start": 0}]})
    assert [q.data["speaker"] for q in art.spans["quotes"]] == ["e1"] * 4
    assert speakers(art) == ["مصطفی پورمحمدی"] * 4


def test_unnamed_person_is_named_by_its_fullest_title():
    text = "سخنگوی وزارت دفاع هند از درگیری مرزی خبر داد.\nاین مقام هندی افزود: نیروهای هند پاسخ دادند."
    people = {"e1": ("PER", None, [("سخنگوی وزارت دفاع هند", "title", 0), ("این مقام هندی", "alias", 0)])}
    art = with_roles(text, people, {"e1": [{"role": "سخنگوی وزارت دفاع", "text": "سخنگوی وزارت دفاع هند",
                                            "start": 0}]})
    assert speakers(art) == ["سخنگوی وزارت دفاع هند"] * 2


def test_source_pronoun_is_the_previous_speaker():
    text = "حسن گفت: درگیری آغاز شد.\nبه گفته وی، سربازان با سلاح سبک شلیک کردند."
    art = article(text, {"e1": ("PER", "حسن", [("حسن", "name", 0)])})
    assert [q.data["speaker"] for q in art.spans["quotes"]] == ["e1", "e1"]
    assert quotes(art)[1][3] == "سربازان با سلاح سبک شلیک کردند"


def test_lead_title_is_a_name_the_tagger_missed_opening_the_body():
    text = ("عضو شورای مرکزی جامعه روحانیت مبارز گفت: دشمن از حجاب می‌ترسد.\n"
            "به گزارش خبرگزاری فارس احمد سالک که در مدرسه معصومیه قم سخن می‌گفت، به مخالفت اروپا اشاره کرد.")
    assert speakers(article(text))[0] == "احمد سالک"


def test_agency_reporter_in_the_dateline_is_not_the_persons_role():
    text = ("به گزارش خبرنگار شهری خبرگزاری فارس، محسن هاشمی امروز اظهار داشت: انتخابات مهم است.\n"
            "رئیس شورای شهر تهران ادامه داد: مشارکت کم است.")
    art = people_run(text, per=["محسن هاشمی"], loc=["تهران"], org=["خبرگزاری فارس"])
    hashemi = next(e for e in art.entities if e["name"] == "محسن هاشمی")
    assert not any("خبرنگار" in (r.get("text") or "") for r in hashemi["roles"])
    assert speakers(quotes_stage(art)) == ["محسن هاشمی", "محسن هاشمی"]


def test_this_newspaper_is_the_latest_organisation_that_spoke():
    text = ("یک روزنامه آمریکایی در گزارشی نوشت: سرکوب ادامه دارد.\n"
            "به گزارش فارس، نیویورک تایمز در گزارشی نوشت: دولت بحرین قانون را لغو کرد.\n"
            "پادشاه بحرین گفت: گفت‌وگو آغاز می‌شود.\n"
            "این روزنامه آمریکایی ادامه داد: خاندان حاکم نگران است.")
    people = {"e1": ("ORG", "نیویورک تایمز", [("نیویورک تایمز", "name", 0)]),
              "e2": ("PER", "حمد بن عیسی", [("پادشاه بحرین", "title", 0)])}
    art = article(text, people)
    assert [q.data["speaker"] for q in art.spans["quotes"]] == ["e1", "e1", "e2", "e1"]


def test_claimed_is_a_reporting_verb():
    art = article("روزنامه واشنگتن تایمز در گزارشی ادعا کرد که تهران آماده است.")
    assert quotes(art) == [("indirect", "روزنامه واشنگتن تایمز", "مدعی شد", "تهران آماده است")]


def test_name_the_tagger_missed_at_the_end_of_a_subject_phrase():
    art = article("در ادامه جلسه شورای شهر تهران معصومه ابتکار نیز اظهار داشت: خبرنگاران وقایع را منعکس کنند.")
    assert speakers(art) == ["معصومه ابتکار"]


def test_conjunction_clause_names_its_own_subject():
    people = {"e1": ("PER", "پوتین", [("پوتین", "name", 0)]),
              "e2": ("PER", "دیمیتری میدویدیف", [("دیمیتری میدویدیف", "name", 0)])}
    text = ("پوتین گفت: فکر خواهد کرد.\n"
            "این درحالیست که «دیمیتری میدویدیف» رئیس جمهور روسیه در رم اظهار داشت که از نامزدی حمایت می‌کند.")
    assert [q.data["speaker"] for q in article(text, people).spans["quotes"]] == ["e1", "e2"]
    people = {"e1": ("PER", "کاتزمن", [("کاتزمن", "name", 0)]),
              "e2": ("PER", "حمیدرضا آصفی", [("حمیدرضا آصفی", "name", 0)])}
    text = ("کاتزمن گفت: طرح روسیه جدی است.\n"
            "این در حالی است که حمیدرضا آصفی با تاکید بر این که طرحی دریافت نکرده‌ایم، گفت: طرح مبهم است.")
    assert [q.data["speaker"] for q in article(text, people).spans["quotes"]] == ["e1", "e2"]


def test_relative_clause_closed_by_a_comma_is_not_a_clause_start():
    text = ("به گزارش خبرگزاری فارس، غلامحسین دهقانی روز گذشته در جلسه‌ای که با موضوع افغانستان برگزار شد، "
            "سخنرانی کرد و با اشاره به ناامنی گفت: تروریسم تهدید است.")
    art = article(text, {"e1": ("PER", "غلامحسین دهقانی", [("غلامحسین دهقانی", "name", 0)])})
    assert [q.data["speaker"] for q in art.spans["quotes"]] == ["e1"]


def test_role_speaker_does_not_take_a_relative_clause_head_as_its_name():
    text = ("سخنگوی وزارت بهداشت اعلام کرد: قانون بازنگری می‌شود.\n"
            "اتفاقی که به گفته نائب رئیس صندوق به دنبال مشکلات رخ داد گفته بود هیئت مدیره مقصر است.")
    assert speakers(article(text))[0] == "سخنگوی وزارت بهداشت"


def test_vali_faqih_is_not_a_conjunction():
    art = article("مسئول نمایندگی ولی فقیه در بسیج ملارد گفت: بسیج فعال است.")
    assert speakers(art) == ["مسئول نمایندگی ولی فقیه"]


def test_leading_adverb_then_name_and_comma_keeps_the_name():
    text = "همچنین منصور واعظی، دبیرکل نهاد کتابخانه‌های عمومی کشور در سخنانی گفت: مبارزه ادامه دارد."
    art = article(text, {"e1": ("PER", "منصور واعظی", [("منصور واعظی", "name", 0)])})
    assert [q.data["speaker"] for q in art.spans["quotes"]] == ["e1"]


def test_subject_after_in_hali_ast_ke_without_a_name():
    art = article("این در حالی است که یک دیپلمات غربی به خبرنگاران گفت: بازرسی‌ها به تعویق افتاد.")
    assert speakers(art) == ["یک دیپلمات غربی"]


def test_agency_aside_before_a_comma_is_skipped():
    text = "خاطر نشان می‌شود، در این مراسم فرمانده سپاه منطقه زنجان نیز طی سخنانی گفت: بسیج آماده است."
    art = article(text, {"e1": ("PER", "نوذری", [("فرمانده سپاه منطقه زنجان", "title", 0)])})
    assert [q.data["speaker"] for q in art.spans["quotes"]] == ["e1"]


def test_place_inside_a_long_subject_phrase_only_qualifies_it():
    text = "یکی از نامزدهای احتمالی انتخابات ریاست جمهوری مصر در تازه‌ترین اظهارات گفت: ناتو در لیبی است."
    art = article(text, {"e1": ("LOC", "مصر", [("مصر", "name", 0)])})
    assert speakers(art) == ["یکی از نامزدهای احتمالی انتخابات ریاست جمهوری مصر"]
