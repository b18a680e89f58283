"""Story grouping: near-duplicates, boilerplate, exact duplicates, incremental store, events, CLI."""
import dataclasses
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import FARSNEWS, SEED, need_shared

from rasad.cli import main
from rasad.ingest import ingest
from rasad.pipeline import Pipeline, default_pipeline
from rasad.readers import read_file
from rasad.store.stories import StoryIndex, event_mentions, list_stories, list_story_events, story_of, update_stories
from rasad.stories import Settings, article_words, exact_key, group, signature, story_words, strip_prefix

SEED_TEXT = SEED.read_text(encoding="utf-8")


def _normalized(path):
    pipe = Pipeline(default_pipeline().stages[:1])
    return [a for a in pipe.pipe(read_file(path))]


@pytest.fixture(scope="module")
def seed():
    (art,) = _normalized(SEED)
    return art


def _variant(art, title=None, lead=None, body=None):
    return dataclasses.replace(art, title=art.title if title is None else title,
                               lead=art.lead if lead is None else lead,
                               body=list(art.body if body is None else body))


def _tasnim(art):
    first = art.body[0].replace("به گزارش گروه اخبار داخلی دفاع‌پرس،", "به گزارش خبرگزاری تسنیم،")
    assert first != art.body[0]
    return _variant(art, lead="خبرگزاری تسنیم: " + art.lead, body=[first, *art.body[1:]])


def _reworded(art):
    return _variant(art, title="امیرعبداللهیان: زبان صلح باید جایگزین تنش در قفقاز شود",
                    lead="وزیر خارجه کشورمان در دیدار با دستیار ویژه علی‌اف گفت که از این پس زبان صلح و امنیت "
                         "باید در منطقه جایگزین تنش و درگیری شود و ایران اراده توسعه روابط با باکو را دارد.")


def _trimmed(art):
    return _variant(art, body=art.body[: len(art.body) * 2 // 3])


def test_prefix_and_dateline_are_cut():
    assert strip_prefix("به گزارش خبرگزاری فارس از تهران، وزیر گفت") == "وزیر گفت"
    assert strip_prefix("به گزارش تسنیم، وزیر گفت") == "وزیر گفت"
    assert strip_prefix("خبرگزاری تسنیم: وزیر گفت") == "وزیر گفت"
    # a colon after words that are not an agency is content
    assert strip_prefix("وزیر امور خارجه گفت: صلح") == "وزیر امور خارجه گفت: صلح"
    a = story_words("عنوان", "خبرگزاری فارس: لید خبر", ["به گزارش فارس، متن خبر", "پاراگراف دوم"])
    b = story_words("عنوان", "خبرگزاری تسنیم: لید خبر", ["به گزارش خبرگزاری تسنیم، متن خبر", "پاراگراف دوم"])
    assert a == b == ["عنوان", "لید", "خبر", "متن", "خبر", "پاراگراف", "دوم"]


def test_constructed_near_duplicates_are_one_story(seed):
    variants = [seed, _tasnim(seed), _reworded(seed), _trimmed(seed), _trimmed(_reworded(_tasnim(seed)))]
    assert group(variants) == [0, 0, 0, 0, 0]


def test_exact_duplicate_whatever_the_agency_prefix(seed):
    assert exact_key(article_words(seed)) == exact_key(article_words(_tasnim(seed)))
    assert exact_key(article_words(seed)) != exact_key(article_words(_trimmed(seed)))


BOILER = ("جدول رده‌بندی لیگ برتر فوتبال پس از پایان دیدارهای این هفته به این شرح است و تیم‌های پرسپولیس، "
          "استقلال، سپاهان، تراکتور و گل‌گهر در رده‌های اول تا پنجم جدول قرار دارند و رقابت برای کسب عنوان "
          "قهرمانی و سهمیه آسیایی در هفته‌های پایانی فصل همچنان ادامه دارد.")


def _sports(seed, title, lead, body):
    return _variant(seed, title=title, lead=lead, body=[body, BOILER])


def test_unrelated_articles_sharing_boilerplate_are_not_grouped(seed):
    a = _sports(seed, "پیروزی پرسپولیس مقابل سپاهان در ورزشگاه آزادی",
                "تیم فوتبال پرسپولیس در هفته بیستم لیگ برتر با دو گل سپاهان را شکست داد.",
                "به گزارش خبرگزاری فارس، دیدار دو تیم پرسپولیس و سپاهان عصر امروز در ورزشگاه آزادی برگزار شد "
                "و شاگردان سرمربی سرخپوشان با گل‌های دقایق ۳۰ و ۷۵ به برتری رسیدند.")
    b = _sports(seed, "تساوی استقلال و تراکتور در تبریز",
                "دیدار تیم‌های فوتبال تراکتور و استقلال در هفته بیستم لیگ برتر با تساوی یک بر یک به پایان رسید.",
                "به گزارش خبرگزاری فارس، تراکتور در نیمه نخست با ضربه سر مدافع خود پیش افتاد اما استقلال در "
                "دقایق پایانی با یک ضربه آزاد کار را به تساوی کشاند تا دو تیم به یک امتیاز قناعت کنند.")
    assert group([a, b, seed]) == [0, 1, 2]
    # the same template paragraph does not make two reports one story, whatever the order
    assert group([b, a]) == [0, 1]


def test_farsnews_only_repeated_links_are_grouped():
    files = [need_shared(FARSNEWS / name) for name in ("fars-news-2.json", "fars-news-3.json")]
    arts = [a for f in files for a in _normalized(f)]
    stories = group(arts)
    groups = {}
    for art, story in zip(arts, stories, strict=True):
        groups.setdefault(story, []).append(art)
    multi = [g for g in groups.values() if len(g) > 1]
    # the two files share two links (the same article twice); nothing else is one story
    assert len(multi) == 2
    assert all(len({a.url for a in g}) == 1 for g in multi)


def test_signatures_are_the_same_in_another_process(seed):
    words = article_words(seed)
    code = ("import sys, json; from rasad.stories import signature; "
            "print(json.dumps(signature(json.loads(sys.stdin.read())).tolist()))")
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(words), capture_output=True, text=True,
                         check=True, env={"PYTHONHASHSEED": "123", "PATH": ""}).stdout
    assert json.loads(out) == signature(words).tolist()


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _tasnim_file(tmp_path, news_id="۷۷۷۱۱۱", agency="تسنیم"):
    """The seed as another agency ran it: its dateline and news id."""
    text = SEED_TEXT.replace("به گزارش گروه اخبار داخلی دفاعپرس،", f"به گزارش خبرگزاری {agency}،")
    text = text.replace("کد خبر: ۶۲۰۹۲۴", f"کد خبر: {news_id}")
    assert text.count(agency) == 1 and news_id in text
    return str(_write(tmp_path, f"{news_id}.txt", text))


def test_incremental_grouping_in_the_store(db, tmp_path):
    ingest([str(SEED)], db)
    assert update_stories(db) == 1
    (seed_id,) = [r[0] for r in db.conn.execute("SELECT id FROM articles")]
    before = db.conn.execute("SELECT signature FROM story_articles WHERE article_id = ?", (seed_id,)).fetchone()
    ingest([_tasnim_file(tmp_path)], db)
    assert update_stories(db) == 1          # only the new article is grouped
    assert update_stories(db) == 0
    new_id = db.conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    assert story_of(db, new_id) == story_of(db, seed_id) == seed_id
    assert db.conn.execute("SELECT signature FROM story_articles WHERE article_id = ?",
                           (seed_id,)).fetchone() == before
    (story,) = list_stories(db)
    assert story["size"] == 2 and set(story["agencies"]) == {"دفاع‌پرس", "تسنیم"}
    assert [a["id"] for a in story["articles"]] == [seed_id, new_id]
    # rebuilding from scratch gives the same stories
    rows = db.conn.execute("SELECT article_id, story_id FROM story_articles ORDER BY 1").fetchall()
    assert update_stories(db, rebuild=True) == 2
    assert db.conn.execute("SELECT article_id, story_id FROM story_articles ORDER BY 1").fetchall() == rows


def test_changed_article_or_settings_are_regrouped(db, tmp_path):
    ingest([str(SEED), _tasnim_file(tmp_path)], db)
    assert update_stories(db) == 2
    # the same key (agency and news id) with other content: only that article is grouped again
    other = SEED_TEXT.replace("کد خبر: ۶۲۰۹۲۴", "کد خبر: ۷۷۷۱۱۱").replace(
        "به گزارش گروه اخبار داخلی دفاعپرس،", "به گزارش خبرگزاری تسنیم،")
    paras = other.split("\n\n")
    changed = "\n\n".join(paras[:6] + ["تیم ملی والیبال ایران امروز در تورنمنت قهرمانی آسیا به مصاف ژاپن می‌رود.",
                                      *paras[-4:]])
    path = _write(tmp_path, "tasnim_777111.txt", changed)
    ingest([str(path)], db)
    assert db.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert update_stories(db) == 1
    # the old band rows of the changed article are gone: one row per band per article
    bands = db.conn.execute("SELECT article_id, count(*) FROM story_bands GROUP BY article_id").fetchall()
    assert len(bands) == 2 and bands[0][1] == bands[1][1] == StoryIndex(db.conn).bands
    assert update_stories(db, settings=Settings(shingle=4)) == 2


def test_one_event_many_mentions(db, tmp_path):
    ingest([str(SEED), _tasnim_file(tmp_path)], db)
    update_stories(db)
    ids = [r[0] for r in db.conn.execute("SELECT id FROM articles ORDER BY id")]
    per_article = [db.conn.execute("SELECT count(*) FROM events WHERE article_id = ?", (i,)).fetchone()[0]
                   for i in ids]
    assert per_article[0] > 0 and per_article[0] == per_article[1]
    events = list_story_events(db, story_id=ids[0])
    assert events and all(e["mentions"] == 2 and e["articles"] == 2 for e in events)
    assert {e["article_id"] for e in events} == {ids[0]}          # first mention is in the first article
    consult = next(e for e in events if e["type"] == "CONSULT")
    assert set(consult["agencies"].split(",")) == {"دفاع‌پرس", "تسنیم"}
    mentions = event_mentions(db, consult["article_id"], consult["idx"])
    assert [m[0] for m in mentions] == ids
    # not grouped: each article's events are their own
    db.conn.execute("DELETE FROM story_articles")
    assert all(e["mentions"] == 1 for e in list_story_events(db))


def test_cli_stories(db, tmp_path):
    ingest([str(SEED), _tasnim_file(tmp_path), _tasnim_file(tmp_path, "۸۸۸۲۲۲", "ایرنا")], db)
    runner = CliRunner()
    res = runner.invoke(main, ["stories", "--db", db.path])
    assert res.exit_code == 0, res.output
    lines = [line for line in res.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    cells = lines[0].split("\t")
    assert cells[1] == "3" and cells[3] == "دفاع‌پرس، تسنیم، ایرنا"
    assert cells[4].startswith("زبان صلح")
    res = runner.invoke(main, ["stories", "--db", db.path, "--json"])
    (story,) = [json.loads(line) for line in res.stdout.splitlines()]
    assert story["size"] == 3 and len(story["articles"]) == 3 and story["events"][0]["mentions"] == 3
    res = runner.invoke(main, ["stories", "--db", db.path, "--min-size", "4"])
    assert res.exit_code == 0 and res.stdout == "" and "no stories" in res.stderr
    res = runner.invoke(main, ["stories", "--db", db.path, "--since", "2030-01-01"])
    assert res.stdout == ""
    res = runner.invoke(main, ["stories", "--db", db.path, "--until", "2023-10-04", "--min-size", "3"])
    assert res.stdout.count("\n") == 1
    res = runner.invoke(main, ["stories", "--db", db.path, "--since", "yesterday"])
    assert res.exit_code == 2 and "ISO date" in res.output


def test_cli_and_ingest_do_not_import_datasketch():
    code = ("import sys; import rasad.cli, rasad.ingest, rasad.store.stories; "
            "print(sorted(m for m in ('datasketch', 'scipy', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "datasketch" not in out and "scipy" not in out
