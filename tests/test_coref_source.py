"""Coreference: a person named in a source phrase («بنابر اعلام X، …») is no sentence subject."""
from test_people import run, who


def test_pronoun_after_a_source_phrase_is_not_the_source():
    text = ("رئیس‌جمهور روسیه با دبیرکل سازمان ملل دیدار خواهد کرد.\n\n"
            "به گزارش خبرگزاری فارس، بنابر اعلام «دیمیتری پسکوف» سخنگوی «ولادیمیر پوتین» رئیس‌جمهور روسیه، "
            "وی قصد دارد به چین سفر کند.")
    art = run(text, per=["دیمیتری پسکوف", "ولادیمیر پوتین"], loc=["روسیه", "چین"],
              org=["خبرگزاری فارس", "سازمان ملل"])
    assert who(art, "وی") == "ولادیمیر پوتین"


def test_pronoun_after_a_plain_subject_is_that_subject():
    text = ("رئیس‌جمهور روسیه با دبیرکل سازمان ملل دیدار خواهد کرد.\n\n"
            "به گزارش خبرگزاری فارس، «دیمیتری پسکوف» امروز گفت که وی قصد دارد به چین سفر کند.")
    art = run(text, per=["دیمیتری پسکوف"], loc=["روسیه", "چین"], org=["خبرگزاری فارس", "سازمان ملل"])
    assert who(art, "وی") == "دیمیتری پسکوف"
