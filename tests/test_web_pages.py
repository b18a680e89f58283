"""The Persian web pages in process (FastAPI TestClient) over a store built from the bundled sample,
the text and JSON fixtures and one hostile article; XSS, CSP-safe markup and no external URLs."""
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")
from fastapi.testclient import TestClient  # noqa: E402
from lxml import html as lhtml  # noqa: E402

from rasad.ingest import ingest  # noqa: E402
from rasad.store import Store  # noqa: E402
from rasad.web import pages  # noqa: E402
from rasad.web.app import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "src" / "rasad" / "sample" / "defapress_620924.txt"
FIXTURES = Path(__file__).parent / "fixtures"
STATIC = ROOT / "src" / "rasad" / "web" / "static"

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
ATTR = "' onmouseover='alert(2)' x='"
HOSTILE = {
    "news_id": "666666",
    "surtitle": f"روتیتر {SCRIPT}",
    "title": f"عنوان خطرناک {SCRIPT} {IMG}",
    "lead": f"لید خبر {IMG} {ATTR}",
    "agency": f"خبرگزاری {IMG}",
    "tags": [SCRIPT],
    "body": [f"حسن روحانی رئیس جمهور در تهران گفت: {SCRIPT} باید متوقف شود.",
             f"وی افزود: {IMG} و {ATTR} پذیرفته نیست.", "<b>bold</b> & <i>x</i>"],
    "published": "2023-10-05T10:00:00+03:30",
    "url": "javascript:alert(3)",
}


def build_db(path: Path, hostile: bool = True) -> Path:
    """A store with the bundled sample, the text and JSON fixtures and (``hostile``) the hostile article."""
    files = [str(SEED), *sorted(str(p) for p in (FIXTURES / "text").glob("*.txt")),
             str(FIXTURES / "json" / "fars_style.json")]
    if hostile:
        h = path.parent / "hostile.json"
        h.write_text(json.dumps(HOSTILE, ensure_ascii=False), encoding="utf-8")
        files.append(str(h))
    with Store(path) as store:
        report = ingest(files, store)
    assert report.counts["ingested"] >= len(files) - 1, report.summary()
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(str(db)))


@pytest.fixture(scope="module")
def sample_id(db):
    with Store(db) as store:
        return store.conn.execute("SELECT id FROM articles WHERE news_id = '620924'").fetchone()[0]


@pytest.fixture(scope="module")
def hostile_id(db):
    with Store(db) as store:
        return store.conn.execute("SELECT id FROM articles WHERE news_id = '666666'").fetchone()[0]


def page(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return lhtml.fromstring(r.text), r.text


def text_of(el) -> str:
    return el.text_content()


def entity_id_named(db, name: str) -> int:
    with Store(db) as store:
        row = store.conn.execute("SELECT id FROM entities WHERE name = ? ORDER BY article_count DESC",
                                 (name,)).fetchone()
    assert row, f"no entity {name} in the test store"
    return row[0]


# -- the pages -----------------------------------------------------------------------------------
def test_search_highlights_the_query_and_links_the_article(client, sample_id):
    doc, _ = page(client, "/?q=قره‌باغ")
    hits = doc.cssselect("ol.results li.result")
    assert hits, "no result for قره‌باغ"
    links = [a.get("href") for a in doc.cssselect("li.result h2 a")]
    assert f"/articles/{sample_id}" in links
    marks = [text_of(m) for m in doc.cssselect("li.result mark")]
    assert marks and all(m.replace("\u200c", "").replace(" ", "") == "قرهباغ" for m in marks), marks
    assert doc.get_element_by_id("search-box").get("value") == "قره‌باغ"


def test_search_facets_are_links_that_filter(client):
    doc, _ = page(client, "/")
    agencies = doc.cssselect("#facet-agency a")
    months = doc.cssselect("#facet-month a")
    types = doc.cssselect("#facet-type a")
    assert agencies and months and types
    assert "مهر ۱۴۰۲" in [text_of(a) for a in months]          # the sample's Jalali month, Persian digits
    assert {"شخص", "سازمان", "مکان"} <= {text_of(a) for a in types}
    total_all = int(doc.get_element_by_id("total").get("data-total"))
    month = next(a for a in months if text_of(a) == "مهر ۱۴۰۲")
    assert "month=1402-07" in month.get("href")
    doc2, _ = page(client, month.get("href"))
    n = int(doc2.get_element_by_id("total").get("data-total"))
    assert 0 < n < total_all
    assert "مهر ۱۴۰۲" in text_of(doc2.cssselect(".filters .chip")[0])
    # every hit of the filtered page was published in Mehr 1402 (23 Sep - 22 Oct 2023)
    for t in doc2.cssselect("li.result time"):
        assert "2023-09-23" <= t.get("datetime")[:10] <= "2023-10-22"
    agency = agencies[0]
    doc3, _ = page(client, agency.get("href"))
    metas = [text_of(m) for m in doc3.cssselect("li.result .meta")]
    assert metas and all(text_of(agency) in m for m in metas)


def test_search_pagination(client, monkeypatch):
    monkeypatch.setattr(pages, "PAGE_SIZE", 4)
    doc, _ = page(client, "/")
    total = int(doc.get_element_by_id("total").get("data-total"))
    assert total > 8
    first = [a.get("href") for a in doc.cssselect("li.result h2 a")]
    assert len(first) == 4
    nxt = doc.cssselect(".pager a[rel=next]")[0].get("href")
    doc2, _ = page(client, nxt)
    second = [a.get("href") for a in doc2.cssselect("li.result h2 a")]
    assert len(second) == 4 and not set(first) & set(second)
    assert text_of(doc2.cssselect(".pager .current")[0]) == "۲"


def test_search_empty_state_and_bad_month(client):
    doc, _ = page(client, "/?q=زنبورکخانهٔ‌ناموجود")
    assert doc.get_element_by_id("empty") is not None and not doc.cssselect("li.result")
    doc, _ = page(client, "/?month=1402-13", status=422)
    assert "month" in text_of(doc.get_element_by_id("error"))


def test_article_page_fields_body_entities_quotes_events(client, db, sample_id):
    with Store(db) as store:
        art = store.get(sample_id)
    doc, _ = page(client, f"/articles/{sample_id}")
    assert text_of(doc.get_element_by_id("title")) == art.title
    assert text_of(doc.cssselect(".surtitle")[0]) == art.surtitle
    assert text_of(doc.get_element_by_id("lead")) == art.lead
    assert "۱۲ مهر ۱۴۰۲" in text_of(doc.cssselect(".meta-list")[0])
    assert doc.cssselect(".meta-list time")[0].get("title").startswith("2023-10-04")
    # the marked-up body reads exactly as the stored paragraphs: marking never changes the text
    paras = doc.cssselect("#body p")
    assert [text_of(p) for p in paras] == art.body
    ents = doc.cssselect("#body a.ent")
    assert len(ents) >= 10
    kinds = {c for a in ents for c in a.get("class").split() if c.startswith("ent-")}
    assert {"ent-PER", "ent-ORG", "ent-LOC"} <= kinds
    minister = next(a for a in ents if text_of(a) == "حسین امیرعبداللهیان")
    assert "ent-PER" in minister.get("class")
    assert minister.get("href") == f"/entities/{entity_id_named(db, 'حسین امیرعبداللهیان')}"
    quotes = doc.cssselect("ul.quotes li.quote")
    assert len(quotes) == len(art.spans["quotes"])
    assert any("حسین امیرعبداللهیان" in text_of(q.cssselect(".who")[0]) for q in quotes)
    rows = doc.cssselect("#events + .table-wrap tbody tr")
    assert len(rows) == len(art.spans["events"]) and "رایزنی و دیدار" in text_of(rows[0])
    assert "/entities/" in lhtml.tostring(rows[0], encoding="unicode")


def test_entity_links_lead_to_their_entity_pages(client, sample_id):
    doc, _ = page(client, f"/articles/{sample_id}")
    seen = {}
    for a in doc.cssselect("#body a.ent"):
        seen.setdefault(a.get("href"), text_of(a))
    assert len(seen) >= 5
    for href in list(seen)[:8]:
        edoc, _ = page(client, href)
        assert text_of(edoc.get_element_by_id("name")).strip()


def test_entity_page_names_roles_timeline_network_quotes(client, db):
    eid = entity_id_named(db, "حسین امیرعبداللهیان")
    doc, _ = page(client, f"/entities/{eid}")
    assert text_of(doc.get_element_by_id("name")).startswith("حسین امیرعبداللهیان")
    aliases = [text_of(li) for li in doc.cssselect("#aliases li")]
    assert "امیرعبداللهیان" in aliases
    roles = text_of(doc.get_element_by_id("roles"))
    assert "وزیر امور خارجه" in roles and "۱۴۰۲" in roles
    bars = doc.cssselect("svg#timeline rect.bar")
    assert bars and any(float(b.get("height")) > 0 for b in bars)
    assert "مهر ۱۴۰۲" in text_of(doc.get_element_by_id("timeline"))
    nodes = doc.cssselect("svg#network a.node")
    assert len(nodes) >= 3
    assert {n.get("href") for n in nodes} >= {f"/entities/{eid}", f"/entities/{entity_id_named(db, 'خلف خلف اف')}"}
    assert doc.cssselect("svg#network line.edge-meet"), "the meeting with Khalafov is drawn"
    assert doc.cssselect("svg#network line.edge-co")
    quotes = [text_of(q) for q in doc.cssselect("#entity-quotes blockquote")]
    assert any("زبان صلح و امنیت" in q for q in quotes)
    assert "خلف خلف اف" in text_of(doc.get_element_by_id("meetings"))


def test_entity_articles_link_filters_the_search(client, db):
    eid = entity_id_named(db, "خلف خلف اف")
    doc, _ = page(client, f"/entities/{eid}")
    doc, _ = page(client, doc.get_element_by_id("entity-articles").get("href"))
    assert "خلف خلف اف" in text_of(doc.get_element_by_id("entity-filter"))
    with Store(db) as store:
        expected = {f"/articles/{a}" for (a,) in store.conn.execute(
            "SELECT article_id FROM entity_articles WHERE entity_id = ?", (eid,))}
    assert {a.get("href") for a in doc.cssselect("li.result h2 a")} == expected


def test_entities_page_lists_and_filters_by_type(client):
    doc, _ = page(client, "/entities?type=PER")
    rows = doc.cssselect("#entity-table tbody tr")
    assert rows and all("شخص" in text_of(r) for r in rows)


def test_events_page_filters_by_actor_type_and_jalali_date(client, db):
    import jdatetime

    with Store(db) as store:
        article_id, etype, actor, date = store.conn.execute(
            "SELECT article_id, type, actor_name, date FROM events WHERE actor_name IS NOT NULL AND length(date) = 10"
            " ORDER BY article_id, idx").fetchone()
    doc, _ = page(client, "/events")
    assert doc.cssselect("#event-table tbody tr")
    assert etype in [o.get("value") for o in doc.cssselect("select[name=type] option")]
    doc, _ = page(client, f"/events?type={etype}")
    rows = doc.cssselect("#event-table tbody tr")
    label = text_of(rows[0].cssselect("td")[1]).split("(")[0].strip()
    assert rows and all(text_of(r.cssselect("td")[1]).startswith(label) for r in rows)
    doc, _ = page(client, f"/events?actor={actor}&type={etype}")
    rows = doc.cssselect("#event-table tbody tr")
    assert rows and all(actor in text_of(r) for r in rows)
    assert f"/articles/{article_id}" in [a.get("href") for a in doc.cssselect("#event-table a")]
    actor_links = {text_of(a): a.get("href") for r in rows for a in r.cssselect("td:nth-child(3) a")}
    with Store(db) as store:
        canonical = store.conn.execute(
            "SELECT ea.entity_id FROM events e JOIN entity_articles ea ON ea.article_id = e.article_id"
            " AND ea.local_id = e.actor_entity WHERE e.article_id = ? AND e.actor_name = ?",
            (article_id, actor)).fetchone()
    assert canonical, "the first stored event's actor is a resolved entity"
    assert actor_links.get(actor) == f"/entities/{canonical[0]}"  # its name links to the entity page
    # a Jalali month typed with Persian digits and slashes: only events dated in it
    j = jdatetime.date.fromgregorian(year=int(date[:4]), month=int(date[5:7]), day=int(date[8:]))
    month = f"{j.year}/{j.month:02d}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    doc, _ = page(client, f"/events?since={month}&until={month}")
    times = doc.cssselect("#event-table time")
    assert times and f"/articles/{article_id}" in [a.get("href") for a in doc.cssselect("#event-table a")]
    first, last = pages.jalali.month_range(f"{j.year}-{j.month:02d}")
    assert all(first <= t.get("datetime")[:10] <= last for t in times)
    doc, _ = page(client, "/events?since=not-a-date", status=422)
    assert "since" in text_of(doc.get_element_by_id("error"))


def test_missing_article_and_entity_get_the_persian_404(client):
    for url in ("/articles/99999999", "/articles/no-such-id", "/entities/99999999"):
        doc, _ = page(client, url, status=404)
        assert doc.get("lang") == "fa" and "پیدا نشد" in text_of(doc.get_element_by_id("error"))


def test_pages_degrade_on_an_empty_store_and_one_without_entities(tmp_path):
    Store(tmp_path / "empty.db").close()  # a new database: schema, no rows
    empty = TestClient(create_app(str(tmp_path / "empty.db")))
    doc, _ = page(empty, "/")
    assert "هنوز خبری" in text_of(doc.get_element_by_id("empty"))
    for url in ("/entities", "/events", "/?q=ایران"):
        page(empty, url)
    from rasad.ingest import store_items
    from rasad.pipeline import Pipeline, default_pipeline
    from rasad.readers import read_file

    core = Pipeline([s for s in default_pipeline().stages if s.name in ("normalize", "dates")])
    with Store(tmp_path / "core.db") as store:
        store_items(read_file(str(SEED)), store, core)
    bare = TestClient(create_app(str(tmp_path / "core.db")))
    doc, _ = page(bare, "/articles/1")
    assert text_of(doc.cssselect("#body p")[0]).startswith("به گزارش")
    assert not doc.cssselect("a.ent")
    assert "نقل‌قولی" in text_of(doc.cssselect("main")[0]) and "رویدادی" in text_of(doc.cssselect("main")[0])
    doc, _ = page(bare, "/?q=قره‌باغ")
    assert doc.cssselect("li.result mark")
    page(bare, "/events")
    page(bare, "/entities")


# -- safety --------------------------------------------------------------------------------------
def all_pages(db, sample_id, hostile_id) -> list[str]:
    with Store(db) as store:
        ents = [r[0] for r in store.conn.execute(
            "SELECT DISTINCT entity_id FROM entity_articles WHERE article_id IN (?, ?)", (sample_id, hostile_id))]
    return ["/", "/?q=عنوان خطرناک", "/?q=" + SCRIPT, "/?q=" + IMG, "/?q=روحانی", f"/articles/{sample_id}",
            f"/articles/{hostile_id}", "/entities", "/events", "/events?actor=" + IMG, "/articles/" + SCRIPT,
            *[f"/entities/{e}" for e in ents]]


def assert_inert(doc) -> None:
    """No element, attribute or URL that the hostile text could have injected."""
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in ("img", "iframe", "object", "embed", "style", "i"), el.tag
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name, value)
            assert name != "style", el.tag
            assert "javascript:" not in value.lower(), (el.tag, name, value)
        if el.tag == "script":
            assert el.get("src") == "/static/rasad.js" and not (el.text or "").strip()


def test_hostile_article_renders_inert_everywhere(client, db, sample_id, hostile_id):
    for url in all_pages(db, sample_id, hostile_id):
        r = client.get(url)
        assert r.status_code in (200, 404), url
        assert SCRIPT not in r.text and "<img" not in r.text and "onmouseover='" not in r.text, url
        assert "<b>bold</b>" not in r.text, url
        assert_inert(lhtml.fromstring(r.text))
    doc, text = page(client, f"/articles/{hostile_id}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&#39; onmouseover=&#39;alert(2)&#39; x=&#39;" in text
    assert text_of(doc.get_element_by_id("title")) == HOSTILE["title"]       # shown as text, intact
    assert [text_of(p) for p in doc.cssselect("#body p")] == HOSTILE["body"]
    doc, text = page(client, "/?q=" + IMG)
    assert doc.get_element_by_id("search-box").get("value") == IMG


def test_pages_are_rtl_persian_csp_safe_and_offline(client, db, sample_id, hostile_id):
    urls = all_pages(db, sample_id, hostile_id)
    for url in urls:
        r = client.get(url)
        doc = lhtml.fromstring(r.text)
        assert doc.get("lang") == "fa" and doc.get("dir") == "rtl", url
        assert not doc.cssselect("style") and not doc.xpath("//*[@style]"), url
        for el in doc.xpath("//*[@src or @href or @action]"):
            for attr in ("src", "href", "action"):
                value = el.get(attr)
                if value is not None:
                    assert value.startswith(("/", "?", "#")) and not value.startswith("//"), (url, attr, value)
    for f in STATIC.rglob("*"):
        if f.suffix in (".css", ".js"):
            assert not re.search(r"https?:|//[a-z0-9-]+\.[a-z]", _code(f)), f
        if f.suffix == ".svg":
            assert not re.findall(r"https?://", f.read_text().replace('xmlns="http://www.w3.org/2000/svg"', "")), f
    for t in (STATIC.parent / "templates").glob("*.html"):  # nothing bypasses autoescape
        assert not re.search(r"\|\s*safe|autoescape\s+false|Markup", t.read_text(encoding="utf-8")), t
    css = (STATIC / "rasad.css").read_text(encoding="utf-8")
    for url in re.findall(r"url\(\"?([^\")]+)", css):
        assert (STATIC / url).is_file(), url
    assert client.get("/static/fonts/vazirmatn-variable.woff2").status_code == 200


def _code(f: Path) -> str:
    """A CSS or JS file without its comments."""
    text = f.read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"^\s*//.*$", "", text, flags=re.M)


# -- helpers -------------------------------------------------------------------------------------
@pytest.mark.parametrize("iso, kw, shown", [
    ("2023-10-04T23:23:00+03:30", {"time": True}, "۱۲ مهر ۱۴۰۲، ۲۳:۲۳"),
    ("2023-10-04", {}, "۱۲ مهر ۱۴۰۲"),
    ("2025-03-20", {}, "۳۰ اسفند ۱۴۰۳"),       # 1403 is a leap year: Esfand has 30 days
    ("2023-07", {}, "تیر ۱۴۰۲"),               # a month-granularity event date
    ("not a date", {}, "not a date"),           # shown as stored, never an error
])
def test_jalali_display(iso, kw, shown):
    from rasad.web.jalali import jalali

    assert jalali(iso, **kw) == shown


def test_jalali_input_and_month_ranges():
    from rasad.web.jalali import gregorian, month_range, to_iso

    assert to_iso("۱۴۰۲/۷/۱۲") == "2023-10-04" and to_iso("2023-10-04") == "2023-10-04"
    assert to_iso("1402-07") == "2023-09-23" and to_iso("1402-07", end=True) == "2023-10-22"
    assert month_range("1403-12") == ("2025-02-19", "2025-03-20") and month_range("1402-13") is None
    assert gregorian("2023-10-04T23:23:00+03:30") == "2023-10-04 23:23"


def test_timeline_fills_gaps_and_network_keeps_nodes_inside():
    from rasad.web.graph import fill_months
    from rasad.web.svg import bar_chart, network_layout

    months = fill_months([["1402-11", 2], ["1403-02", 5], ["-", 9]])
    assert [m["month"] for m in months] == ["1402-11", "1402-12", "1403-01", "1403-02"]
    assert [m["articles"] for m in months] == [2, 0, 0, 5]
    assert len(fill_months([[f"1400-{m:02d}", 1] for m in range(1, 13)], months=5)) == 5
    chart = bar_chart(months)
    xs = [b["x"] for b in chart["bars"]]
    assert xs == sorted(xs, reverse=True)  # right to left: the oldest month at the right
    assert chart["bars"][1]["h"] == 0 and chart["bars"][3]["h"] > chart["bars"][0]["h"] > 0
    graph = {"nodes": [{"id": 1, "name": "مرکز", "type": "PER", "articles": 40, "center": True},
                       *({"id": i, "name": "نام " * 9, "type": "ORG", "articles": i, "center": False}
                         for i in range(2, 14))],
             "edges": [{"source": 1, "target": 2, "kind": "co", "weight": 3},
                       {"source": 1, "target": 3, "kind": "meet", "weight": 1},
                       {"source": 1, "target": 99, "kind": "co", "weight": 1}]}  # no node 99: dropped
    net = network_layout(graph)
    assert len(net["nodes"]) == 13 and len(net["edges"]) == 2 and net["edges"][-1]["kind"] == "meet"
    for n in net["nodes"]:
        assert n["r"] <= n["x"] <= net["width"] - n["r"] and n["r"] <= n["y"] <= net["height"] - n["r"]
        assert len(n["label"]) <= 22
