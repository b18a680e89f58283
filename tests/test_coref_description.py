"""Coreference: a description «این عضو …» after a person just introduced with no known role."""
from test_people import run, who


def test_description_is_the_person_just_introduced_with_no_role():
    text = ("مهنوش معتمدی آذری عضو کمیسیون فرهنگی شورای شهر گفت: مشکلات زیاد است.\n\n"
            "همچنین واعظی آشتیانی نیز با حضور در جمع شهروندان منطقه 17 به مشکلات رسیدگی کرد.\n\n"
            "این عضو شورای شهر تهران، قوانین را عاملی برای تهدید انگیزه دانست.")
    art = run(text, per=["مهنوش معتمدی آذری", "واعظی آشتیانی"], org=["شورای شهر تهران"])
    assert who(art, "این عضو شورای شهر") == "واعظی آشتیانی"


def test_description_skips_a_newer_subject_of_a_distant_sentence():
    text = ("مهنوش معتمدی آذری عضو کمیسیون فرهنگی شورای شهر گفت: مشکلات زیاد است.\n\n"
            "واعظی آشتیانی به منطقه رفت. هوا سرد بود.\n\n"
            "این عضو شورای شهر تهران، قوانین را عاملی برای تهدید انگیزه دانست.")
    art = run(text, per=["مهنوش معتمدی آذری", "واعظی آشتیانی"], org=["شورای شهر تهران"])
    assert who(art, "این عضو شورای شهر") == "مهنوش معتمدی آذری"
