"""Canonical entities across articles: name keys, merge rules, store tables, CLI."""
import json

import click
import pytest
from click.testing import CliRunner

from rasad.article import Article, Source
from rasad.canonical import (
    SURNAME,
    Candidate,
    decide,
    decide_with_reason,
    name_key,
    name_tokens,
    new_kind,
    should_adopt,
)
from rasad.entities_cli import entities as entities_cmd
from rasad.entities_cli import entity as entity_cmd
from rasad.store import Store
from rasad.store.entities import (
    AmbiguousEntity,
    UnknownEntity,
    get_entity,
    link_article_entities,
    list_entities,
    rebuild_entities,
    unlink_article,
)

MINISTER = {"role": "وزیر امور خارجه", "text": "وزیر امور خارجه", "start": None, "end": None,
            "org": "وزارت امور خارجه", "country": "IRN"}
SPEAKER = {"role": "رئیس مجلس", "text": "رئیس مجلس شورای اسلامی", "start": None, "end": None,
           "org": "مجلس شورای اسلامی", "country": "IRN"}
JUDICIARY = {"role": "رئیس قوه قضاییه", "text": "رئیس قوه قضاییه", "start": None, "end": None,
             "org": "قوه قضاییه", "country": "IRN"}


def ent(local, etype, name, roles=(), country=None, sector=None, mentions=None):
    return {"id": local, "type": etype, "name": name, "surfaces": [name], "mentions": mentions or [],
            "roles": [dict(r) for r in roles], "country": country, "sector": sector}


# -- name keys -------------------------------------------------------------
def test_spelling_variants_share_one_key():
    keys = {name_key(v) for v in ("علیاف", "علی‌اف", "علي‌اف", "علی اف", "علي اف")}
    assert len(keys) == 1
    assert name_key("الهام علی‌اف") == name_key("الهام علیاف") == name_key("الهام علي اف")
    assert name_key("حسین امیرعبداللهیان") == name_key("حسین امیر‌عبداللهیان") == name_key("حسين اميرعبداللهيان")


def test_tokens_glue_detached_suffixes_and_drop_honorifics():
    assert name_tokens("خلف خلف اف") == ("خلف", "خلفاف")
    assert name_tokens("الهام علی اف") == ("الهام", "علیاف")
    assert name_key("دکتر حسن روحانی") == name_key("حسن روحانی")
    assert name_key("حجت‌الاسلام والمسلمین سید ابراهیم رئیسی") == name_key("ابراهیم رئیسی")
    assert name_key("آقای کنعانی") == name_key("کنعانی")
    assert name_key("آقامحمدی") != name_key("محمدی")  # a surname, not an honorific
    assert name_key("«وزارت امور خارجه»", "ORG") == name_key("وزارت امورخارجه", "ORG")
    assert name_key("سید", "PER") == "سید"  # never drop the last token


# -- merge decisions (pure) --------------------------------------------------
def test_same_full_name_key_is_the_same_entity():
    c = Candidate.from_name(1, "الهام علیاف")
    assert decide(ent("e1", "PER", "الهام علی‌اف"), [c]) is c
    assert decide(ent("e1", "PER", "الهام علي اف"), [c]) is c
    assert decide(ent("e1", "LOC", "الهام علیاف"), [c]) is None  # types must agree


def test_surname_only_with_one_candidate_links():
    c = Candidate.from_name(7, "حسین امیرعبداللهیان", country="IRN")
    target, reason = decide_with_reason(ent("e1", "PER", "امیرعبداللهیان"), [c])
    assert (target, reason) == (c, "only-person")
    # spaced spelling of the one-word surname
    assert decide(ent("e1", "PER", "امیر عبداللهیان"), [c]) is c
    # last two tokens of a three-token name
    c3 = Candidate.from_name(8, "حسین امیر عبداللهیان")
    assert decide(ent("e1", "PER", "امیرعبداللهیان"), [c3]) is c3


def test_two_people_sharing_a_surname_stay_apart():
    ali = Candidate.from_name(1, "علی لاریجانی")
    sadegh = Candidate.from_name(2, "صادق لاریجانی")
    assert decide(ent("e1", "PER", "صادق لاریجانی"), [ali]) is None
    assert new_kind(ent("e1", "PER", "صادق لاریجانی"), [ali]) == "full"
    # surname only, two candidates, no evidence: neither
    target, reason = decide_with_reason(ent("e1", "PER", "لاریجانی"), [ali, sadegh])
    assert (target, reason) == (None, "ambiguous")
    assert new_kind(ent("e1", "PER", "لاریجانی"), [ali, sadegh]) == SURNAME
    own = Candidate.from_name(3, "لاریجانی", kind=SURNAME)
    assert decide(ent("e1", "PER", "لاریجانی"), [ali, sadegh, own]) is own
    # a two-token name that is a suffix of a three-token one is another person
    assert decide(ent("e1", "PER", "باقر قالیباف"), [Candidate.from_name(4, "محمد باقر قالیباف")]) is None


def test_evidence_role_and_same_article():
    ali = Candidate.from_name(1, "علی لاریجانی", roles=[("رئیس مجلس", "مجلس شورای اسلامی")])
    sadegh = Candidate.from_name(2, "صادق لاریجانی", roles=[("رئیس قوه قضاییه", "قوه قضاییه")])
    target, reason = decide_with_reason(ent("e2", "PER", "لاریجانی", roles=[SPEAKER]), [ali, sadegh])
    assert (target, reason) == (ali, "role")
    assert decide(ent("e2", "PER", "لاریجانی", roles=[JUDICIARY]), [ali, sadegh]) is sadegh
    # the same role with a contradicting organisation is no evidence
    other_org = dict(SPEAKER, org="مجلس خبرگان")
    assert decide(ent("e2", "PER", "لاریجانی", roles=[other_org]), [ali, sadegh]) is None
    # full name written elsewhere in the same article
    target, reason = decide_with_reason(ent("e2", "PER", "لاریجانی"), [ali, sadegh], linked=[2, 99])
    assert (target, reason) == (sadegh, "same-article")


def test_country_contradiction_blocks_a_surname_link():
    c = Candidate.from_name(1, "الهام علیاف", country="AZE")
    assert decide(ent("e1", "PER", "علیاف", country="AZE"), [c]) is c
    assert decide(ent("e1", "PER", "علیاف", country="IRN"), [c]) is None


def test_org_and_loc_by_key_only():
    org = Candidate.from_name(1, "وزارت امور خارجه", type="ORG")
    assert decide(ent("e1", "ORG", "وزارت امورخارجه"), [org]) is org
    assert decide(ent("e1", "ORG", "خارجه"), [org]) is None
    loc = Candidate.from_name(2, "قره‌باغ", type="LOC")
    assert decide(ent("e1", "LOC", "قره باغ"), [loc]) is loc
    assert decide(ent("e1", "LOC", "باغ"), [loc]) is None


def test_adoption_rules():
    s = Candidate.from_name(5, "امیرعبداللهیان", kind=SURNAME)
    p = Candidate.from_name(6, "حسین امیرعبداللهیان")
    assert should_adopt(p, s, [p])
    assert not should_adopt(p, s, [p, Candidate.from_name(9, "علی امیرعبداللهیان")])
    assert not should_adopt(Candidate.from_name(6, "حسین امیرعبداللهیان", country="IRN"),
                            Candidate.from_name(5, "امیرعبداللهیان", kind=SURNAME, country="AZE"), [p])
    assert should_adopt(Candidate.from_name(7, "امیر عبداللهیان"), s, [])  # same key, spaced


# -- store -------------------------------------------------------------------
def article(entities, published, words=()):
    """An article whose text holds ``words``; mentions may refer to them with ('name', i)."""
    text, pos = "", []
    for w in words:
        pos.append((len(text), len(text) + len(w)))
        text += w + " . "
    for e in entities:
        if isinstance(e, dict) and "mentions" in e:
            e["mentions"] = [[*pos[m[1]], m[0]] if isinstance(m, tuple) else m for m in e["mentions"]]
    return Article(Source("test.txt"), raw=text, text=text, published=published, entities=entities)


def put(store, article_id, art):
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        linked = link_article_entities(store, article_id, art)
        store.conn.execute("COMMIT")
    except BaseException:
        store.conn.execute("ROLLBACK")
        raise
    return linked


def snapshot(store):
    out = {}
    for table in ("entities", "entity_aliases", "entity_articles", "entity_mentions", "entity_role_mentions",
                  "entity_roles"):
        out[table] = sorted(map(repr, store.conn.execute(f"SELECT * FROM {table}")))
    return out


def minister_article(published, extra=()):
    return article([ent("e1", "PER", "حسین امیرعبداللهیان", roles=[MINISTER], country="IRN", sector="GOV",
                        mentions=[("name", 0), ("surname", 1), ("pronoun", 2)]),
                    ent("e2", "LOC", "ایران", country="IRN", mentions=[("name", 3)]), *extra],
                   published, words=["حسین امیرعبداللهیان", "امیرعبداللهیان", "وی", "ایران"])


def test_surname_first_then_full_name_is_one_entity(db):
    put(db, 1, article([ent("e1", "PER", "امیرعبداللهیان", mentions=[("surname", 0)])], "2023-01-05T10:00:00+03:30",
                       ["امیرعبداللهیان"]))
    assert list_entities(db)[0]["surname_only"]
    put(db, 2, minister_article("2023-02-07T09:00:00+03:30"))
    put(db, 3, article([ent("e1", "PER", "امیر‌عبداللهیان", mentions=[("surname", 0)])], "2023-03-01T08:00:00+03:30",
                       ["امیر‌عبداللهیان"]))
    people = list_entities(db, type="PER")
    assert len(people) == 1
    e = get_entity(db, "امیرعبداللهیان")
    assert e["name"] == "حسین امیرعبداللهیان" and not e["surname_only"]
    assert e["articles"] == 3 and e["mentions"] == 5
    assert e["first_seen"].startswith("2023-01-05") and e["last_seen"].startswith("2023-03-01")
    assert {a["alias"] for a in e["aliases"]} >= {"امیرعبداللهیان", "حسین امیرعبداللهیان"}
    assert "وی" not in {a["alias"] for a in e["aliases"]}  # pronouns are not aliases


def test_people_sharing_a_surname_in_the_store(db):
    put(db, 1, article([ent("e1", "PER", "علی لاریجانی", roles=[SPEAKER], mentions=[("name", 0)])],
                       "2023-01-01T10:00:00+03:30", ["علی لاریجانی"]))
    put(db, 2, article([ent("e1", "PER", "صادق لاریجانی", roles=[JUDICIARY], mentions=[("name", 0)])],
                       "2023-01-02T10:00:00+03:30", ["صادق لاریجانی"]))
    # surname only, no evidence: its own surname-only entity
    put(db, 3, article([ent("e1", "PER", "لاریجانی", mentions=[("surname", 0)])], "2023-01-03T10:00:00+03:30",
                       ["لاریجانی"]))
    # surname only with the speaker's role: Ali
    put(db, 4, article([ent("e1", "PER", "لاریجانی", roles=[SPEAKER], mentions=[("surname", 0)])],
                       "2023-01-04T10:00:00+03:30", ["لاریجانی"]))
    # surname only, Sadegh's full name in the same article
    put(db, 5, article([ent("e1", "PER", "لاریجانی", mentions=[("surname", 0)]),
                        ent("e2", "PER", "صادق لاریجانی", mentions=[("name", 1)])],
                       "2023-01-05T10:00:00+03:30", ["لاریجانی", "صادق لاریجانی"]))
    by_name = {e["name"]: e for e in list_entities(db, type="PER")}
    assert set(by_name) == {"علی لاریجانی", "صادق لاریجانی", "لاریجانی"}
    assert by_name["علی لاریجانی"]["articles"] == 2
    assert by_name["صادق لاریجانی"]["articles"] == 2
    assert by_name["لاریجانی"]["surname_only"] and by_name["لاریجانی"]["articles"] == 1
    assert get_entity(db, "علی لاریجانی")["id"] == by_name["علی لاریجانی"]["id"]
    with pytest.raises(AmbiguousEntity) as info:
        get_entity(db, "لاریجانی")
    assert {c["name"] for c in info.value.candidates} == {"علی لاریجانی", "صادق لاریجانی", "لاریجانی"}
    assert "علی لاریجانی" in str(info.value) and "\n" not in str(info.value)
    held = get_entity(db, f"#{by_name['لاریجانی']['id']}")
    assert {c["name"] for c in held["candidates"]} == {"علی لاریجانی", "صادق لاریجانی"}
    # a later full name does not take the ambiguous surname-only mentions
    put(db, 6, article([ent("e1", "PER", "جواد لاریجانی", mentions=[("name", 0)])], "2023-01-06T10:00:00+03:30",
                       ["جواد لاریجانی"]))
    assert get_entity(db, f"#{by_name['لاریجانی']['id']}")["articles"] == 1


def test_storing_the_same_article_twice_changes_nothing(db):
    put(db, 1, minister_article("2023-01-05T10:00:00+03:30"))
    put(db, 2, minister_article("2023-02-05T10:00:00+03:30"))
    before = snapshot(db)
    put(db, 2, minister_article("2023-02-05T10:00:00+03:30"))
    put(db, 1, minister_article("2023-01-05T10:00:00+03:30"))
    assert snapshot(db) == before
    e = get_entity(db, "حسین امیرعبداللهیان")
    assert e["articles"] == 2 and e["mentions"] == 6


def test_restoring_a_changed_article_recomputes(db):
    kanaani = ent("e3", "PER", "ناصر کنعانی", roles=[dict(MINISTER, role="سخنگوی وزارت امور خارجه")],
                  mentions=[("name", 3)])
    put(db, 1, minister_article("2023-01-05T10:00:00+03:30"))
    put(db, 2, minister_article("2023-06-05T10:00:00+03:30", extra=[kanaani]))
    assert get_entity(db, "کنعانی")["articles"] == 1
    # article 2 again, now dated earlier and without Kanaani
    put(db, 2, minister_article("2022-12-01T10:00:00+03:30"))
    with pytest.raises(UnknownEntity):
        get_entity(db, "ناصر کنعانی")
    e = get_entity(db, "امیرعبداللهیان")
    assert e["first_seen"].startswith("2022-12-01") and e["last_seen"].startswith("2023-01-05")
    assert e["roles"][0]["first_date"].startswith("2022-12-01") and e["roles"][0]["last_date"].startswith("2023-01")
    assert e["by_month"] == {"2022-12": 1, "2023-01": 1}
    # removing an article entirely
    db.conn.execute("BEGIN IMMEDIATE")
    unlink_article(db, 2)
    db.conn.execute("COMMIT")
    e = get_entity(db, "امیرعبداللهیان")
    assert e["articles"] == 1 and e["first_seen"].startswith("2023-01-05") and e["roles"][0]["count"] == 1


def test_roles_over_time_months_and_co_mentions(db):
    speaker = dict(MINISTER, role="سخنگوی وزارت امور خارجه")
    kan = [("name", 3)]
    put(db, 1, minister_article("2023-01-05T10:00:00+03:30",
                                extra=[ent("e3", "PER", "ناصر کنعانی", roles=[speaker], mentions=kan)]))
    put(db, 2, minister_article("2023-01-20T10:00:00+03:30",
                                extra=[ent("e3", "PER", "ناصر کنعانی", roles=[speaker], mentions=kan)]))
    put(db, 3, minister_article("2023-03-02T10:00:00+03:30"))
    # the same person in a new role later
    put(db, 4, article([ent("e1", "PER", "حسین امیرعبداللهیان",
                            roles=[{"role": "دستیار ویژه رئیس مجلس", "text": "", "org": "مجلس شورای اسلامی",
                                    "country": "IRN"}], mentions=[("name", 0)])],
                       "2023-05-09T10:00:00+03:30", ["حسین امیرعبداللهیان"]))
    e = get_entity(db, "حسین امیرعبداللهیان")
    roles = [(r["role"], r["first_date"][:10], r["last_date"][:10], r["count"]) for r in e["roles"]]
    assert roles == [("وزیر امور خارجه", "2023-01-05", "2023-03-02", 3),
                     ("دستیار ویژه رئیس مجلس", "2023-05-09", "2023-05-09", 1)]
    assert e["by_month"] == {"2023-01": 2, "2023-03": 1, "2023-05": 1}
    assert [(c["name"], c["articles"]) for c in e["co_mentioned"]] == [("ایران", 3), ("ناصر کنعانی", 2)]
    assert get_entity(db, "ایران")["co_mentioned"][0]["name"] == "حسین امیرعبداللهیان"


def test_list_entities_filters(db):
    put(db, 1, minister_article("2023-01-05T10:00:00+03:30"))
    put(db, 2, minister_article("2023-02-05T10:00:00+03:30",
                                extra=[ent("e3", "ORG", "وزارت امور خارجه", sector="GOV", mentions=[])]))
    put(db, 3, article([ent("e1", "LOC", "ایران", country="IRN", mentions=[("name", 0)])],
                       "2023-03-05T10:00:00+03:30", ["ایران"]))
    rows = list_entities(db)
    assert [r["name"] for r in rows] == ["ایران", "حسین امیرعبداللهیان", "وزارت امور خارجه"]
    assert [r["articles"] for r in rows] == [3, 2, 1]
    assert [r["name"] for r in list_entities(db, type="org")] == ["وزارت امور خارجه"]
    assert len(list_entities(db, top=1)) == 1
    since = list_entities(db, since="2023-02-01")
    assert [(r["name"], r["articles"]) for r in since] == [("ایران", 2), ("حسین امیرعبداللهیان", 1),
                                                           ("وزارت امور خارجه", 1)]
    assert since[0]["first_seen"].startswith("2023-02-05")


def test_wired_into_write_batch(tmp_path, monkeypatch):
    """The wiring planned for Store._put: link after the article row is written, same transaction."""
    original = Store._put

    def _put(self, art, now):
        outcome = original(self, art, now)
        if outcome != "unchanged":
            from rasad.store.db import article_key
            rowid = self.conn.execute("SELECT id FROM articles WHERE key = ?", (article_key(art),)).fetchone()[0]
            link_article_entities(self, rowid, art)
        return outcome

    monkeypatch.setattr(Store, "_put", _put)
    with Store(tmp_path / "w.db") as store:
        a = minister_article("2023-01-05T10:00:00+03:30")
        a.title, a.body, a.agency, a.news_id = "عنوان", ["متن خبر"], "فارس", "1"
        assert store.write_batch([a]) == [("ingested", "test.txt")]
        assert store.write_batch([a]) == [("unchanged", "test.txt")]
        a.entities = a.entities[:1]
        assert store.write_batch([a]) == [("updated", "test.txt")]
        assert [e["name"] for e in list_entities(store)] == ["حسین امیرعبداللهیان"]
        assert rebuild_entities(store) == 1
        assert [e["name"] for e in list_entities(store)] == ["حسین امیرعبداللهیان"]


def test_bad_entities_are_skipped(db):
    art = article([{"id": "e1", "type": "PER", "name": ""}, {"type": "ORG", "name": "سپاه", "mentions": [[5, 999]]},
                   "not a dict", ent("e1", "LOC", "تهران", mentions=[[-1, 3, "name"], ["a", "b"]])],
                  None, ["x"])
    linked = put(db, 1, art)
    assert len(linked) == 2  # the duplicate local id is kept apart
    assert {e["name"] for e in list_entities(db)} == {"سپاه", "تهران"}
    assert get_entity(db, "تهران")["by_month"] == {"unknown": 1}


# -- CLI ---------------------------------------------------------------------
@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "cli.db"
    with Store(path) as store:
        put(store, 1, minister_article("2023-01-05T10:00:00+03:30"))
        put(store, 2, minister_article("2023-02-05T10:00:00+03:30"))
        put(store, 3, article([ent("e1", "PER", "علی لاریجانی", mentions=[("name", 0)])],
                              "2023-01-01T10:00:00+03:30", ["علی لاریجانی"]))
        put(store, 4, article([ent("e1", "PER", "صادق لاریجانی", mentions=[("name", 0)])],
                              "2023-01-01T10:00:00+03:30", ["صادق لاریجانی"]))
    return str(path)


def test_cli_entities(filled):
    runner = CliRunner()
    r = runner.invoke(entities_cmd, ["--db", filled])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert "name" in lines[0] and "country/sector" in lines[0]
    assert "IRN/GOV" in lines[1] and "حسین امیرعبداللهیان" in lines[1] and "2023-01-05" in lines[1]
    r = runner.invoke(entities_cmd, ["--db", filled, "--type", "PER", "--top", "2", "--json"])
    rows = json.loads(r.output)
    assert len(rows) == 2 and all(x["type"] == "PER" for x in rows)
    r = runner.invoke(entities_cmd, ["--db", filled, "--since", "2023-02-01", "--json"])
    assert {x["name"] for x in json.loads(r.output)} == {"حسین امیرعبداللهیان", "ایران"}
    assert runner.invoke(entities_cmd, ["--db", filled, "--since", "yesterday"]).exit_code == 2


def test_cli_entity(filled):
    runner = CliRunner()
    r = runner.invoke(entity_cmd, ["امیر عبداللهیان", "--db", filled])
    assert r.exit_code == 0, r.output
    assert "حسین امیرعبداللهیان" in r.output and "وزیر امور خارجه" in r.output
    assert "2023-01  1" in r.output and "ایران" in r.output
    d = json.loads(runner.invoke(entity_cmd, ["حسین امیرعبداللهیان", "--json", "--db", filled]).output)
    assert d["articles"] == 2 and d["by_month"] == {"2023-01": 1, "2023-02": 1}
    assert d["roles"][0]["count"] == 2 and d["co_mentioned"][0]["name"] == "ایران"
    r = runner.invoke(entity_cmd, ["ظریف", "--db", filled])
    assert r.exit_code == 4 and r.output.strip() == "error: no entity named «ظریف»"
    r = runner.invoke(entity_cmd, ["لاریجانی", "--db", filled])
    assert r.exit_code == 4 and len(r.output.strip().splitlines()) == 1
    assert "علی لاریجانی" in r.output and "صادق لاریجانی" in r.output


def test_commands_are_click_commands():
    assert isinstance(entities_cmd, click.Command) and entities_cmd.name == "entities"
    assert isinstance(entity_cmd, click.Command) and entity_cmd.name == "entity"


def test_migration_is_registered():
    from rasad.store.migrations import MIGRATIONS

    names = [n for n, _ in MIGRATIONS]
    assert "0003_entities" in names and names.index("0003_entities") > names.index("0002_pages")
    with Store(":memory:") as s:
        s.conn.execute("SELECT id, type, name, key, country, sector, first_seen, last_seen, mention_count"
                       " FROM entities").fetchall()
        s.conn.execute('SELECT article_id, entity_id, local_id, start, "end", kind, published'
                       " FROM entity_mentions").fetchall()
        s.conn.execute("SELECT entity_id, role, org, country, first_date, last_date, count FROM entity_roles")
        s.conn.execute("SELECT entity_id, alias, key FROM entity_aliases")


def _cache_sequence():
    """Articles that create, adopt, merge, link by role and by same article, and re-link changed articles."""
    kanaani = ent("e3", "PER", "ناصر کنعانی", roles=[dict(MINISTER, role="سخنگوی وزارت امور خارجه")],
                  mentions=[("name", 3)])
    return [
        (1, article([ent("e1", "PER", "امیرعبداللهیان", mentions=[("surname", 0)])], "2023-01-05T10:00:00+03:30",
                    ["امیرعبداللهیان"])),
        (2, minister_article("2023-02-07T09:00:00+03:30")),
        (3, article([ent("e1", "PER", "علی لاریجانی", roles=[SPEAKER], country="IRN", mentions=[("name", 0)])],
                    "2023-01-01T10:00:00+03:30", ["علی لاریجانی"])),
        (4, article([ent("e1", "PER", "لاریجانی", mentions=[("surname", 0)]),
                     ent("e2", "PER", "صادق لاریجانی", country="IRN", mentions=[("name", 1)])],
                    "2023-01-05T10:00:00+03:30", ["لاریجانی", "صادق لاریجانی"])),
        (5, article([ent("e1", "PER", "لاریجانی", mentions=[("surname", 0)])], "2023-01-03T10:00:00+03:30",
                    ["لاریجانی"])),
        (6, article([ent("e1", "PER", "لاریجانی", roles=[SPEAKER], mentions=[("surname", 0)])],
                    "2023-01-04T10:00:00+03:30", ["لاریجانی"])),
        (7, minister_article("2023-06-05T10:00:00+03:30", extra=[kanaani])),
        (7, minister_article("2022-12-01T10:00:00+03:30")),  # changed: Kanaani's entity is deleted
        (8, article([ent("e1", "PER", "کنعانی", mentions=[("surname", 0)]),
                     ent("e2", "PER", "الهام علی اف", country="AZE", mentions=[("name", 1)])],
                    "2023-07-01T10:00:00+03:30", ["کنعانی", "الهام علی اف"])),
        (9, article([ent("e1", "PER", "ناصر کنعانی", mentions=[("name", 0)]),
                     ent("e2", "PER", "علی‌اف", country="AZE", mentions=[("surname", 1)])],
                    "2023-07-02T10:00:00+03:30", ["ناصر کنعانی", "علی‌اف"])),
    ]
