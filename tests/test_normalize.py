"""Persian input/output pairs for the normalizer (display form and search form)."""
import pytest

from rasad.normalize import fold, normalize_text, search_form

Z = "\u200c"


@pytest.mark.parametrize("raw, expected", [
    ("علي كريمي", "علی کریمی"),                      # Arabic yeh and kaf
    ("مدرسة", "مدرسه"),                              # teh marbuta
    ("٤٥٦ و ۴۵۶ و 456", "۴۵۶ و ۴۵۶ و 456"),          # Arabic-Indic digits become Persian; Latin kept
    ("ﻛﺘﺎﺏ", "کتاب"),                                # presentation forms
    ("كتـــاب", "کتاب"),                              # kashida between letters
    ("۱۹ ـ ۲۰", "۱۹ ـ ۲۰"),                           # a lone kashida used as a dash stays
    ("سلام\u200f دنیا\u200e", "سلام دنیا"),           # RLM/LRM removed
    ("سلام\u200d", "سلام"),                          # stray ZWJ removed
    ("سلام\u00a0دنیا", "سلام دنیا"),                 # no-break space
    ("سلام  ،  دنیا", "سلام، دنیا"),                  # no space before the comma, one after
    ("گفت:برای", "گفت: برای"),                        # space after a colon before a word
    ("ساعت ۲۳:۲۳ بود", "ساعت ۲۳:۲۳ بود"),            # but not between digits
    ("« سلام »", "«سلام»"),                           # no space inside guillemets
    ("( متن )", "(متن)"),
    ("نسبت 3.5 درصد", "نسبت 3.5 درصد"),             # decimal point untouched
    (f"می{Z}{Z}رود", f"می{Z}رود"),                   # ZWNJ runs collapse
    (f"کار{Z}ها", "کارها"),                           # ZWNJ after a non-joining letter is redundant
    (f"{Z}سلام {Z}", "سلام"),                         # ZWNJ at word edges removed
    ("خط اول\r\nخط دوم", "خط اول\nخط دوم"),          # CRLF
    ("تأکید مؤسسه مسئله", "تأکید مؤسسه مسئله"),     # hamza forms kept for display
    ("اَلْحَمْد", "اَلْحَمْد"),                       # diacritics kept for display
])
def test_display_form(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize("a, b", [
    (f"قره{Z}باغ", "قرهباغ"),                          # ZWNJ ignored by search
    ("علي اكبر", "علی اکبر"),                          # Arabic letters
    ("تأکید", "تاکید"),                                # hamza on alef
    ("مؤسسه", "موسسه"),
    ("۱۴۰۲", "1402"),                                  # digits
    ("٢٣", "23"),
    ("اَلْحَمْد", "الحمد"),                            # diacritics
    ("خانۀ", "خانه"),
    ("Tehran", "tehran"),
])
def test_search_form_folds_variants(a, b):
    assert search_form(a) == search_form(b)


def test_fold_is_idempotent():
    s = search_form("علي‌اكبر «احمدیان» ۱۲ مهر")
    assert fold(s) == s


def test_line_count_preserved():
    text = "خط یک\nخط  دو\n\nخط چهار"
    assert normalize_text(text).count("\n") == text.count("\n")


def _reference_fold(text: str) -> str:
    """fold as first written: the fold table by str.translate, then the drops, then lower()."""
    import re

    from rasad.normalize import _tables

    return re.sub(f"[{Z}\u064b-\u065f\u0670\u0640]", "", text.translate(_tables()[1])).lower()


def test_fast_maps_equal_translate():
    """The display and fold maps (str.replace steps + one regex) equal a plain str.translate,
    on short and long texts, whatever characters they mix."""
    import random

    from rasad.normalize import _display, _tables

    display, folds = _tables()
    alphabet = [chr(k) for k in folds] + list("abc ΣσΑ سلام\n،.") + [Z, "\u0640", "\u064e", "\ufefb"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.choice([5, 60, 65, 300])))
        assert _display(text) == text.translate(display)
        assert fold(text) == _reference_fold(text)


def test_fold_of_joined_texts_is_joined_folds():
    """The store folds title, lead and body once and joins them (content hash): fold acts per character."""
    parts = ["ΣΑΣ", "علي\u200cاكبر", "", "آیت‌الله ۱۴۰۲ ΟΔΟΣ", "ς"]
    for sep in (" ", "\n"):
        assert fold(sep.join(parts)) == sep.join(fold(p) for p in parts)
