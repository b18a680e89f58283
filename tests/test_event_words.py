"""The event grammar's word lists (data/event_words.tsv): the file loads, every list the code names is there
and non-empty, the regexes built from the lists match what the inline patterns matched."""
import re
from pathlib import Path

import pytest

from rasad import event_args, events
from rasad.event_args import alternation, event_words, words

SRC = Path(event_args.__file__).parent
USED = re.compile(r"""\b(?:words|alternation)\("([a-z_]+)"\)""")


def _used_lists() -> set[str]:
    return {name for mod in ("events.py", "event_args.py") for name in USED.findall((SRC / mod).read_text("utf-8"))}


def test_every_list_the_code_uses_is_in_the_file_and_non_empty():
    lists = event_words()
    used = _used_lists()
    assert len(used) >= 40
    for name in used:
        assert lists.get(name), name
    assert set(lists) == used  # and the file holds no list nobody reads


def test_entries_are_clean_and_unique_per_list():
    for name, entries in event_words().items():
        assert len(set(entries)) == len(entries), name
        for e in entries:
            assert e == e.strip() and "\t" not in e, (name, e)
            if name.endswith("_re"):
                re.compile(e)  # a regex fragment on its own


def test_unknown_list_and_bad_row_are_clear_errors(tmp_path, monkeypatch):
    with pytest.raises(KeyError, match="no list 'nope'"):
        words("nope")
    bad = tmp_path / "event_words.tsv"
    bad.write_text("# header\nmedia\tروزنامه\nmedia روزنامه\n", encoding="utf-8")
    monkeypatch.setattr(event_args, "data_path", lambda name: bad)
    with pytest.raises(ValueError, match="line 3"):
        event_words.__wrapped__()


def test_factored_alternation_tries_the_entries_in_file_order():
    # same first match as the plain alternation, on every entry and the entry with a longer word after it
    for name, entries in event_words().items():
        if name.endswith("_re"):
            continue
        plain = re.compile("|".join(map(re.escape, entries)))
        built = re.compile(alternation(name))
        for e in entries:
            for text in (e, e + "ها", e + " و", e[:-1]):
                a, b = plain.match(text), built.match(text)
                assert (a and a.span()) == (b and b.span()), (name, text)
    assert re.fullmatch(alternation("request_before"), "دعوت به")
    assert alternation("planned_before").startswith(r"قرار\ (?:است|بود|شد(?:|ه))")


EVENT_CASES = [
    # (pattern, text, re method, the match's group 0 / groups, or None): as the inline patterns answered
    ("_PILGRIMAGE", "برای زیارت حرم امام رضا", "search", "زیارت"),
    ("_PILGRIMAGE", "به زیارتگاه رفت", "search", None),
    ("_MEDIA", "در گفتگو با خبرنگار فارس", "search", "خبرنگار"),
    ("_MEDIA", "به هفته‌نامه گفت", "search", "هفته‌نامه"),
    ("_MEDIA", "به هفته نامه گفت", "search", "هفته نامه"),
    ("_MEDIA", "به هفتهنامه گفت", "search", "هفتهنامه"),
    ("_MEDIA", "شبکه بهداشت", "search", None),
    ("_SPORTS", "سرمربی تیم ملی", "search", "سرمربی"),
    ("_SPORTS", "بازیگر", "search", None),
    ("_OTHER_EVENT", "تکمیل نشست روز شنبه", "search", "نشست"),
    ("_OWNER", "بر اساس صحبت‌های وزیر خارجه در", "search", ("صحبت‌های", "وزیر خارجه")),
    ("_OWNER", "سخنان رهبر انقلاب در", "search", ("سخنان", "رهبر انقلاب")),
    ("_GOVERNED", "وی در حاشیه ", "search", " در حاشیه "),
    ("_GOVERNED", "در حال برگزاری", "search", "در حال برگزاری"),
    ("_GOVERNED", "وی گفت", "search", None),
    ("_REQUEST_BEFORE", "وی خواستار ", "search", "خواستار "),
    ("_REQUEST_BEFORE", "ضمن دعوت به ", "search", "دعوت به "),
    ("_REQUEST_BEFORE", "برای ازسرگیری", "search", "ازسرگیری"),
    ("_REQUEST_BEFORE", "پس از سفر", "search", None),
    ("_HYPOTHETICAL", "اگر دو طرف", "search", "اگر"),
    ("_HYPOTHETICAL", "اگرچه دو طرف", "search", None),
    ("_HYPOTHETICAL", "وی می‌تواند با", "search", "می‌تواند"),
    ("_HYPOTHETICAL", "امیدوار هستیم که", "search", "امیدوار هستیم"),
    ("_PLANNED_BEFORE", "به زودی با", "search", "به زودی"),
    ("_PLANNED_BEFORE", "قرار شده است", "search", "قرار شد"),
    ("_PLANNED_BEFORE", "وی دیروز با", "search", None),
    ("_NOUN_PLANNED_AFTER", " دو کشور برگزار می‌شود", "search", " دو کشور برگزار می‌شود"),
    ("_NOUN_NEG_AFTER", " دو وزیر لغو شد", "search", " دو وزیر لغو شد"),
    ("_PRESENT", "دیدار می‌کنند", "match", "دیدار می‌کنند"),
    ("_PRESENT", "دیدار کردند", "match", None),
    ("_SUBJUNCTIVE", "دیدار داشته باشد", "search", " داشته باشد"),
    ("_POSTED", "سفیر ژاپن در ایران", "search", ("ایران",)),
    ("_SHARED_HEAD", " وزرای خارجه ایران و عراق", "match", ("وزرای خارجه ایران", "عراق")),
    ("_FIRST_PAST", "دیدار کردیم", "search", "کردیم"),
    ("_NEG_VERB", "نمی‌کند", "match", "نمی"),
    ("_PURPOSE", "به منظور ", "search", "به منظور "),
]
ARG_CASES = [
    ("_REPORT", "به گزارش خبرگزاری فارس، وزیر", "match", "به گزارش خبرگزاری فارس، "),
    ("_SAID", "وی افزود، ", "match", "وی افزود، "),
    ("_SAID", "وی متوجه شدیم که ما", "match", "وی متوجه شدیم که "),
    ("_SAID", "روزنامه نوشت ما", "match", "روزنامه نوشت "),
    ("_LEAD_ADV", "همان‌طور که وزیر", "match", "همان‌طور که "),
    ("_LEAD_ADV", "در نهایت، وزیر", "match", "در نهایت، "),
    ("_VERB_AND", "مشکل دارد و ما نیز", "search", "دارد و "),
    ("_VERB_AND", "وی می‌کند و ما", "search", "می‌کند و "),
    ("_VERB_AND", "دیدار و گفت و گو", "search", None),
    ("_POINTED", "به این موضوع اشاره می‌کند", "search", "اشاره می‌کند"),
    ("_THIS_COUNTRY", " این کشور سفر", "match", " این کشور"),
    ("_ADVERBIAL_OPENER", "علیرغم تحریم", "match", "علیرغم"),
    ("_ADVERBIAL_OPENER", "به رغمی", "match", None),
    ("_SOURCE", "به نقل از رویترز", "match", "به نقل از "),
    ("_POSTED_IN", " در جمهوری اسلامی ایران", "match", ("جمهوری اسلامی ایران",)),
    ("_POSTED_IN", " در کره جنوبی", "match", ("کره جنوبی",)),
]


@pytest.mark.parametrize("module, pattern, text, method, expected",
                         [(events, *c) for c in EVENT_CASES] + [(event_args, *c) for c in ARG_CASES])
def test_patterns_built_from_the_lists(module, pattern, text, method, expected):
    m = getattr(getattr(module, pattern), method)(text)
    if expected is None:
        assert m is None
    elif isinstance(expected, tuple):
        assert m is not None and m.groups() == expected
    else:
        assert m is not None and m.group(0) == expected


def test_word_sets():
    assert "در" in event_args.STOP and "حضور" in event_args.NOT_PARTY and "آیت‌الله" in event_args._HONORIFICS
    assert "اینجانب" in events._FIRST_PRONOUNS and "آن‌ها" in events._PRONOUNS
    assert "سه‌شنبه" in event_args._TIME_WORDS and "دیدار" not in event_args._TIME_WORDS
