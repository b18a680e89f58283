"""The JSON API in process (FastAPI TestClient) over a small database: the bundled seed, the text and JSON
fixtures and one hostile article. Content of every endpoint, 404s, 4xx on bad parameters, the malformed-query
battery, the safety headers and the read-only guard."""
import json
import sqlite3
import threading
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import SEED

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
warnings.filterwarnings("ignore", message=".*httpx2.*")
from fastapi.testclient import TestClient  # noqa: E402

from rasad.errors import StorageError  # noqa: E402
from rasad.ingest import ingest  # noqa: E402
from rasad.plover import validate_plover  # noqa: E402
from rasad.store import Store  # noqa: E402
from rasad.web import queries  # noqa: E402
from rasad.web.app import CSP, create_app  # noqa: E402
from rasad.web.deps import open_store  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = {"title": "<script>alert(1)</script> عنوان خطرناک",
           "abstract": "خبرگزاری فارس: لید <img src=x onerror=alert(2)>",
           "paragraphs": ["متن \"بدخواه\" با <b onclick='x()'>تگ</b> و NEAR( و * و ^ در بدنه."],
           "link": "https://www.farsnews.ir/news/14020101000001", "published": "2023-03-21T10:00:00+03:30"}
AMIR = "امیرعبداللهیان"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    hostile = tmp / "hostile.json"
    hostile.write_text(json.dumps([HOSTILE], ensure_ascii=False), encoding="utf-8")
    path = tmp / "web.db"
    with Store(path) as store:
        report = ingest([str(SEED), *sorted(map(str, (FIXTURES / "text").glob("*.txt"))),
                         str(FIXTURES / "json" / "fars_style.json"), str(hostile)], store)
    assert report.counts["failed"] == 0, report.failures
    return str(path)


@pytest.fixture(scope="module")
def client(db_path):
    return TestClient(create_app(db_path))


def ok(client, url, **params):
    r = client.get(url, params=params)
    assert r.status_code == 200, (url, params, r.text)
    return r.json()


def error(client, url, status, code=None, **params):
    r = client.get(url, params=params)
    assert r.status_code == status, (url, params, r.status_code, r.text)
    body = r.json()
    assert set(body) >= {"error", "message"} and body["message"], body
    if code:
        assert body["error"] == code, body
    return body


# -- search -------------------------------------------------------------------
def test_search_ranks_the_seed_with_marked_snippet_and_facets(client):
    plain = ok(client, "/api/search", q=AMIR)
    assert "facets" not in plain  # counted only on request
    r = ok(client, "/api/search", q=AMIR, facets="true")
    assert r["hits"] == plain["hits"] and r["total"] == plain["total"]
    assert r["total"] >= 1 and r["total_exact"]
    top = r["hits"][0]
    assert top["news_id"] == "620924" and top["agency"] == "دفاع‌پرس" and top["published_jalali"] == "1402-07-12"
    marked = [text for text, is_match in top["snippet"] if is_match]
    assert marked and all(AMIR in t for t in marked)
    assert "".join(t for t, _ in top["snippet"]).count(AMIR) >= len(marked)
    assert ["دفاع‌پرس", 1] in r["facets"]["agency"]
    assert ["1402-07", 1] in r["facets"]["month"]
    assert "PER" in dict(r["facets"]["entity_type"])


def test_search_folds_letter_variants_and_spacing(client):
    # the seed writes قره‌باغ; Arabic kaf/yeh and a space must still find it
    for q in ("قره باغ", "قرهباغ", "قره‌باغ"):
        assert "620924" in [h["news_id"] for h in ok(client, "/api/search", q=q)["hits"]], q


def test_search_filters(client):
    everything = ok(client, "/api/search", q="گفت", size=100)
    agencies = {h["agency"] for h in everything["hits"]}
    assert len(agencies) > 2
    only = ok(client, "/api/search", q="گفت", agency="ایسنا", size=100)
    assert only["hits"] and {h["agency"] for h in only["hits"]} == {"ایسنا"} and only["total"] < everything["total"]
    dated = ok(client, "/api/search", q="گفت", since="2023-10-20", until="2023-10-31", size=100)
    assert dated["hits"] and all("2023-10-20" <= h["published"][:10] <= "2023-10-31" for h in dated["hits"])
    amir = ok(client, "/api/entities/" + AMIR)["id"]
    by_entity = ok(client, "/api/search", entity=str(amir))
    assert [h["news_id"] for h in by_entity["hits"]] == ["620924"]
    assert ok(client, "/api/search", entity=AMIR)["hits"] == by_entity["hits"]
    persons = ok(client, "/api/search", entity_type="per", size=100)
    assert 0 < persons["total"] < ok(client, "/api/search", size=100)["total"]


def test_search_without_query_lists_newest_first_and_pages(client, db_path):
    with Store(db_path) as store:
        n = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    r = ok(client, "/api/search", size=100)
    assert r["total"] == n == len(r["hits"])
    dates = [h["published"] for h in r["hits"] if h["published"]]
    assert dates == sorted(dates, reverse=True)
    page2 = ok(client, "/api/search", size=3, page=2)
    assert [h["id"] for h in page2["hits"]] == [h["id"] for h in r["hits"][3:6]]


def test_search_window_and_facet_caps(monkeypatch, db_path):
    monkeypatch.setattr(queries, "RANK_WINDOW", 3)
    monkeypatch.setattr(queries, "FACET_CAP", 2)
    with Store(db_path) as store:
        r = queries.search(store, "", size=3)
        assert r["total"] == 3 and r["total_exact"] is False and len(r["hits"]) == 3
        assert r["facets_exact"] is False and sum(n for _, n in r["facets"]["agency"]) == 2
        r = queries.search(store, "گفت", size=3)
        assert r["total"] == 3 and r["total_exact"] is False and len(r["hits"]) == 3
        with pytest.raises(queries.QueryError, match="page × size"):
            queries.search(store, "گفت", size=2, page=2)
        monkeypatch.setattr(queries, "RANK_WINDOW", 1000)
        assert queries.search(store, "گفت", size=5)["total_exact"] is True


# -- articles -------------------------------------------------------------------
def test_article_by_news_id_and_internal_id(client):
    a = ok(client, "/api/articles/620924")
    assert ok(client, f"/api/articles/{a['id']}") == a
    assert a["title"] == "زبان صلح و امنیت جایگزین تنش و درگیری در منطقه شود"
    assert a["surtitle"] and a["lead"] and len(a["body"]) >= 10 and a["published"].startswith("2023-10-04")
    assert a["published_jalali"] == "1402-07-12" and a["agency"] == "دفاع‌پرس"
    assert "raw" not in a and "offsets" not in a
    # entities are linked to canonical ids; blocks rebuild every field with entities marked
    amir = next(e for e in a["entities"] if e["name"] == "حسین امیرعبداللهیان")
    assert amir["type"] == "PER" and isinstance(amir["entity_id"], int)
    assert any(r["role"] == "وزیر امور خارجه" for r in amir["roles"])
    fields = [a["surtitle"], a["title"], a["lead"], *a["body"]]
    assert ["".join(s["text"] for s in b["segments"]) for b in a["blocks"]] == fields
    marked = [s for b in a["blocks"] for s in b["segments"] if s["entity"]]
    assert any(s["entity_id"] == amir["entity_id"] and AMIR in s["text"] for s in marked)
    for b in a["blocks"]:
        for s in b["segments"]:
            if s["entity"]:
                assert s["type"] in {"PER", "ORG", "LOC"} and s["kind"] != "pronoun"
    # quotes and events
    said = [q for q in a["quotes"] if q["speaker_entity"] == amir["entity_id"]]
    assert len(said) >= 3 and any("زبان صلح و امنیت" in q["content"] for q in said)
    consult = [e for e in a["events"] if e["type"] == "CONSULT"]
    assert any(e["actor_name"] == "خلف خلف اف" and e["recipient_entity_id"] == amir["entity_id"] for e in consult)


def test_hostile_article_comes_back_verbatim_as_json(client):
    hit = ok(client, "/api/search", q="خطرناک")["hits"][0]
    assert hit["title"].startswith("<script>alert(1)</script>")
    r = client.get(f"/api/articles/{hit['id']}")
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<b onclick='x()'>" in r.json()["body"][0]


def test_unknown_article_and_entity_are_404(client):
    for ident in ("999999", "no-such-id", "99999999999999999999999999", "%231", "%00"):
        error(client, f"/api/articles/{ident}", 404, "unknown_article")
    error(client, "/api/entities/نام‌ناشناخته‌ای", 404, "unknown_entity")
    error(client, "/api/entities/999999", 404, "unknown_entity")
    error(client, "/api/nothing-here", 404, "not_found")


# -- entities, quotes, events, stats --------------------------------------------------
def test_entities_list(client):
    r = ok(client, "/api/entities", type="PER", top=50)
    names = [e["name"] for e in r["entities"]]
    assert {"حسین امیرعبداللهیان", "خلف خلف اف", "الهام علی‌اف", "علی‌اکبر احمدیان"} <= set(names)
    assert all(e["type"] == "PER" for e in r["entities"])
    counts = [e["articles"] for e in ok(client, "/api/entities", top=50)["entities"]]
    assert counts == sorted(counts, reverse=True)
    assert len(ok(client, "/api/entities", top=2)["entities"]) == 2
    recent = ok(client, "/api/entities", since="2023-10-05")["entities"]
    assert "حسین امیرعبداللهیان" not in [e["name"] for e in recent]  # only in the seed, 2023-10-04


def test_entity_page_data(client):
    d = ok(client, "/api/entities/" + AMIR)
    assert d["name"] == "حسین امیرعبداللهیان" and d["type"] == "PER" and d["country"] == "IRN"
    assert ok(client, f"/api/entities/{d['id']}")["name"] == d["name"]
    assert ok(client, f"/api/entities/%23{d['id']}")["name"] == d["name"]
    assert AMIR in [a["alias"] for a in d["aliases"]]
    assert [r["role"] for r in d["roles"]][0] == "وزیر امور خارجه"
    assert d["by_jalali_month"] == [["1402-07", 1]] and d["by_month"] == {"2023-10": 1}
    co = {c["name"] for c in d["co_mentioned"]}
    assert {"خلف خلف اف", "الهام علی‌اف"} <= co
    assert len(d["quotes"]) >= 3 and all(q["speaker_entity"] == d["id"] for q in d["quotes"])
    met = {m["name"] for m in d["meetings"]}
    assert "خلف خلف اف" in met
    assert all(d["id"] in (e["actor_entity_id"], e["recipient_entity_id"]) for e in d["events"])
    khalafov = ok(client, "/api/entities/خلف خلف اف")
    assert any(r["role"] == "دستیار ویژه رئیس جمهور" and r["country"] == "AZE" for r in khalafov["roles"])


def test_quotes(client):
    r = ok(client, "/api/quotes", speaker=AMIR)
    assert r["total"] >= 3 and all(q["speaker_name"] == "حسین امیرعبداللهیان" for q in r["quotes"])
    assert any("زبان صلح و امنیت" in q["content"] for q in r["quotes"])
    assert all(q["news_id"] == "620924" and q["published_jalali"] == "1402-07-12" for q in r["quotes"])
    assert ok(client, "/api/quotes", speaker=AMIR, since="2023-10-05")["total"] == 0
    every = ok(client, "/api/quotes", size=100)
    dates = [q["published"] or "" for q in every["quotes"]]
    assert dates == sorted(dates, reverse=True) and every["total"] > r["total"]
    assert ok(client, "/api/quotes", size=2, page=2)["quotes"] == every["quotes"][2:4]


def test_events_and_plover(client):
    r = ok(client, "/api/events", type="consult")
    assert r["type"] == "CONSULT" and r["events"] and all(e["type"] == "CONSULT" for e in r["events"])
    visit = next(e for e in r["events"] if e["actor_name"] == "خلف خلف اف")
    assert visit["date"] == "2023-10-04" and visit["date_jalali"] == "1402-07-12" and visit["location"] == "تهران"
    aze = ok(client, "/api/events", actor="AZE")["events"]
    assert aze and all("AZE" in (e["actor_code"], e["recipient_code"]) for e in aze)
    assert ok(client, "/api/events", type="CONSULT", since="2023-10-05", until="2023-10-31")["events"] == [
        e for e in r["events"] if "2023-10-05" <= e["date"][:10] <= "2023-10-31"]
    p = client.get("/api/events", params={"type": "CONSULT", "format": "plover"})
    assert p.status_code == 200 and p.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in p.text.splitlines()]
    assert len(lines) == len(r["events"])
    for rec in lines:
        assert validate_plover(rec) == [], rec
    assert any(rec["actor"][0].get("code") == "AZE" and rec["date"] == "2023-10-04" for rec in lines)
    error(client, "/api/events", 422, "bad_parameter", format="xml")


def test_stats_match_the_database(client, db_path):
    s = ok(client, "/api/stats")
    with Store(db_path) as store:
        q = store.conn.execute
        assert s["articles"] == q("SELECT count(*) FROM articles").fetchone()[0]
        assert s["quotes"] == q("SELECT count(*) FROM quotes").fetchone()[0] > 0
        assert s["events"] == q("SELECT count(*) FROM events").fetchone()[0] > 0
        assert s["entities"] == q("SELECT count(*) FROM entities").fetchone()[0] > 0
    assert sum(n for _, n in s["agencies"]) == s["articles"]
    assert "database" not in s  # no file system path leaks


# -- bad parameters and malformed queries ----------------------------------------------
@pytest.mark.parametrize("url,params,code", [
    ("/api/search", {"page": 0}, "bad_parameter"),
    ("/api/search", {"page": "x"}, "bad_parameter"),
    ("/api/search", {"size": 101}, "bad_parameter"),
    ("/api/search", {"page": 11, "size": 100}, "bad_page"),
    ("/api/quotes", {"page": 101, "size": 100}, "bad_page"),
    ("/api/search", {"q": "آ" * 501}, "too_long"),
    ("/api/search", {"since": "yesterday"}, "bad_date"),
    ("/api/search", {"until": "2023-02-30"}, "bad_date"),
    ("/api/search", {"entity_type": "P E R"}, "bad_type"),
    ("/api/entities", {"top": 0}, "bad_parameter"),
    ("/api/entities", {"top": 501}, "bad_parameter"),
    ("/api/entities", {"since": "2023/10/01"}, "bad_date"),
    ("/api/quotes", {"since": "1402-07-12x"}, "bad_parameter"),
    ("/api/quotes", {"speaker": "«»!!"}, "bad_speaker"),
    ("/api/events", {"size": 1000}, "bad_parameter"),
    ("/api/events", {"actor": "%%__"}, "bad_actor"),
])
def test_bad_parameters_are_422_with_message(client, url, params, code):
    error(client, url, 422, code, **params)


NASTY = ['"', '""', '"unbalanced', "NEAR(", "NEAR(a b", "a NEAR/3 b", "*", "ab*", "^", "^start", "-", "-x", "--",
         "a OR", "OR", "AND NOT", "NOT", "(", ")", "((", "{a b}", "title:x", "title : ایران", "col:", ":", "+",
         "'", "`", ";", "\\", "\x00", "\x01\x02\x7f", "\u200c", "\u200c\u200c", "\u202e", "\ufeff", "\U0001F600",
         "ـــ", "َُِ", "🇮🇷", "a" * 500, "ایران " * 99, "%", "%25", "_", "?", "&", "=", "#", "<script>",
         "' OR 1=1 --", "SELECT * FROM articles", "ایران AND (سفر OR \"دیدار", "۱۴۰۲", "0", "-1", "1e999"]


@pytest.mark.parametrize("q", NASTY)
def test_malformed_queries_never_500(client, q):
    for url, name in (("/api/search", "q"), ("/api/search", "entity"), ("/api/search", "agency"),
                      ("/api/quotes", "speaker"), ("/api/events", "actor"), ("/api/entities", "type")):
        r = client.get(url, params={name: q})
        assert r.status_code < 500, (url, name, q, r.text)
        assert r.headers["content-type"].startswith("application/json")
    for url in ("/api/articles/", "/api/entities/"):
        r = client.get(url + quote(q, safe=""))
        assert r.status_code < 500, (url, q, r.text)


def test_long_input_is_422_not_500(client):
    r = client.get("/api/search", params={"q": "ایران " * 2000})
    assert r.status_code == 422 and r.json()["error"] == "too_long"
    r = client.get("/api/search?q=" + "%D8%A7" * 10_000)
    assert r.status_code == 422


@pytest.mark.parametrize("raw", ["q=%ff%fe", "q=%D8", "q=%", "q=%zz", "q=%00", "agency=%ff", "q=%E2%80%AE%ff",
                                 "page=%ff", "since=%ff", "q&q=a", "q=a&q=%22"])
def test_invalid_percent_escapes_never_500(client, raw):
    r = client.get("/api/search?" + raw)
    assert r.status_code < 500, (raw, r.text)


def test_arbitrary_text_never_500(client):
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    @hypothesis.settings(max_examples=300, deadline=None, database=None,
                         suppress_health_check=list(hypothesis.HealthCheck))
    @hypothesis.given(st.text(max_size=80) | st.text(alphabet="ایرانسفردیداقهب\u200c \"*^-():NEARORAND", max_size=40))
    def check(q):
        r = client.get("/api/search", params={"q": q})
        assert r.status_code in (200, 422), (q, r.text)
        if r.status_code == 200:
            for hit in r.json()["hits"]:
                assert all(isinstance(t, str) and isinstance(m, bool) for t, m in hit["snippet"])

    check()


# -- safety ---------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/api/stats", "/api/search?q=x", "/api/articles/0", "/api/openapi.json", "/",
                                 "/no-such-page", "/api/search?page=0"])
def test_security_headers_on_every_response(client, url):
    r = client.get(url)
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"])
def test_read_only_other_methods_are_405(client, method):
    r = client.request(method, "/api/search", content=b"{}")
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"
    assert r.headers["allow"] == "GET, HEAD" and r.headers["content-security-policy"] == CSP


def test_head_is_get_without_body(client):
    r = client.head("/api/stats")
    assert r.status_code == 200 and r.content == b"" and r.headers["content-security-policy"] == CSP


def test_request_body_size_limit(client):
    r = client.request("GET", "/api/stats", content=b"x" * 100_000)
    assert r.status_code == 413 and r.json()["error"] == "too_large"


def test_openapi_lists_the_routes(client):
    doc = ok(client, "/api/openapi.json")
    assert {"/api/search", "/api/articles/{ident}", "/api/entities", "/api/entities/{ident}", "/api/quotes",
            "/api/events", "/api/stats"} <= set(doc["paths"])
    assert all(set(ops) == {"get"} for path, ops in doc["paths"].items())
    params = {p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "agency", "since", "until", "entity", "entity_type", "page", "size"} <= params


def test_stores_are_query_only_and_per_thread(db_path):
    mine = open_store(db_path)
    assert open_store(db_path) is mine
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        mine.conn.execute("DELETE FROM articles")
    other = []
    t = threading.Thread(target=lambda: other.append(open_store(db_path)))
    t.start()
    t.join()
    assert other[0] is not mine


def test_missing_database_is_a_clear_error(tmp_path):
    missing = tmp_path / "none.db"
    with pytest.raises(StorageError, match="no database") as e:
        create_app(str(missing))
    assert e.value.code == "R301" and not missing.exists()
    from click.testing import CliRunner

    from rasad.cli import main

    r = CliRunner().invoke(main, ["serve", "--db", str(missing)])
    assert r.exit_code == 1 and "no database" in r.output and not missing.exists()


def test_snippets_are_cut_from_the_text_with_the_query_marked(db_path):
    import random
    import re

    from rasad.normalize import search_form
    from rasad.store.search import Highlighter

    rng = random.Random(5)
    compared = 0
    with Store(db_path) as store:
        for art in store.iter_articles():
            texts = [t for t in [art.title, art.lead, *art.body] if t]
            words = [w for w in re.findall(r"[^\W\d_]+", " ".join(texts)) if len(w) > 2]
            for _ in range(20):
                q = rng.choice(words)
                variant = q.replace("ی", "ي").replace("ک", "ك") if rng.random() < 0.3 else q
                snip = Highlighter(variant)(texts)
                body = snip.text.removeprefix("… ").removesuffix(" …")
                assert any(body in t for t in texts), (q, snip.text)
                assert snip.highlights, (q, snip.text)
                assert any(search_form(q) in search_form(snip.text[s:e]).replace(" ", "")
                           for s, e in snip.highlights), (q, snip.marked())
                compared += 1
    assert compared > 100
    assert Highlighter("نیست‌درمتن")(["الف", "ب"]).highlights == []


def test_entity_matches_the_store_details_and_samples_big_entities(db_path, monkeypatch):
    from rasad.store.entities import entity_details, list_entities

    with Store(db_path) as store:
        for e in list_entities(store):
            mine, theirs = queries.entity(store, e["id"]), entity_details(store, e["id"])
            assert {k: mine[k] for k in theirs} == theirs, e["name"]
            assert mine["sample"] == {"articles": e["articles"], "complete": True}
        busiest = list_entities(store, top=1)[0]
        assert busiest["articles"] >= 2
        monkeypatch.setattr(queries, "ENTITY_SAMPLE", 1)
        d = queries.entity(store, busiest["id"])
        assert d["sample"] == {"articles": 1, "complete": False}
        assert sum(d["by_month"].values()) == busiest["articles"]  # counts over time still cover every article
        assert sum(n["articles"] for n in d["names"]) == 1


def test_readers_run_while_an_ingest_writes(tmp_path):
    path = str(tmp_path / "busy.db")
    with Store(path) as store:
        ingest([str(SEED)], store)
    client = TestClient(create_app(path))
    done, errors, seen = threading.Event(), [], []

    def write():
        try:
            with Store(path) as store:
                ingest(sorted(map(str, (FIXTURES / "text").glob("*.txt"))), store, batch_size=1)
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(f"writer: {e!r}")
        finally:
            done.set()

    def read():
        try:
            while not done.is_set():
                store = open_store(path)
                seen.append(queries.search(store, "گفت")["total"])
                queries.article(store, "620924")
                r = client.get("/api/stats")
                assert r.status_code == 200, r.text
        except Exception as e:  # noqa: BLE001
            errors.append(f"reader: {e!r}")

    threads = [threading.Thread(target=write), *(threading.Thread(target=read) for _ in range(4))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert seen and max(seen) >= min(seen)
    assert ok(client, "/api/stats")["articles"] > 1  # the readers' connections see the new articles


def test_search_cache_gives_fresh_results_and_sees_new_articles(tmp_path, monkeypatch):
    path = str(tmp_path / "cache.db")
    with Store(path) as store:
        ingest([str(SEED)], store)
    store = open_store(path)
    first = queries.search(store, "گفت", size=100)
    first["facets"]["agency"].clear()  # a caller changing its result must not change the cached one
    again = queries.search(store, "گفت", size=100)
    assert again["facets"]["agency"]
    monkeypatch.setattr(queries, "_cache_get", lambda key: None)  # computed afresh
    assert queries.search(store, "گفت", size=100) == again
    monkeypatch.undo()
    with Store(path) as writer:
        ingest(sorted(map(str, (FIXTURES / "text").glob("*.txt"))), writer)
    after = queries.search(store, "گفت", size=100)
    assert after["total"] > again["total"]
    with sqlite3.connect(path) as conn:
        assert after["total"] == conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                                              [queries.fts_query("گفت")]).fetchone()[0]
