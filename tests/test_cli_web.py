"""Web inputs through the CLI and ingest: rasad fetch, and HTML/WARC/feed files detected by content."""
import gzip

from click.testing import CliRunner
from test_fetch import NEWS, news_page, rss, server  # noqa: F401 (fixture)
from test_warc import record

from rasad.cli import main
from rasad.store import Store


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_fetch_feed_follow_stores_articles_and_pages(server, tmp_path):  # noqa: F811
    db = str(tmp_path / "web.db")
    r = run("fetch", server.base + "/feed.xml", "--follow", "--delay", "0", "--retries", "0", "--db", db)
    assert "2 ingested" in r.output, r.output
    assert "/news/gone/" in r.output and "[R402]" in r.output  # the 404 item: one line, recorded
    assert r.exit_code == 1
    with Store(db) as store:
        titles = {a.title for a in store.iter_articles()}
        pages = store.conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    assert any(NEWS["/news/300101/"][0] in t for t in titles)
    assert pages == 3  # the feed and two article pages
    # a re-run reuses the stored pages and stores nothing twice
    r = run("fetch", server.base + "/feed.xml", "--follow", "--delay", "0", "--retries", "0", "--db", db)
    assert "0 ingested" in r.output and "2 unchanged" in r.output


def test_ingest_detects_html_warc_and_feed_by_content(tmp_path):
    page = news_page("/news/300101/")
    (tmp_path / "page.dat").write_bytes(page)                      # HTML without an .html name
    (tmp_path / "feed.txt").write_bytes(rss("http://example.invalid"))  # a feed named .txt
    warc = record("http://example.invalid/news/300102/", 200, "text/html; charset=utf-8",
                  news_page("/news/300102/"), "2023-10-04T20:00:00Z")
    (tmp_path / "crawl.warc.gz").write_bytes(gzip.compress(warc))
    db = str(tmp_path / "files.db")
    r = run("ingest", str(tmp_path), "--db", db)
    assert r.exit_code == 0, r.output
    with Store(db) as store:
        formats = sorted(a.source.format for a in store.iter_articles())
    assert formats.count("html") == 1 and formats.count("warc") == 1 and formats.count("feed") == 3, formats
