"""RSS/Atom feeds: small feeds written here, Persian text."""
from __future__ import annotations

import pytest

from rasad.article import Article
from rasad.errors import ParseError, RasadError
from rasad.readers.feeds import is_feed_type, iter_feed, looks_like_feed

pytest.importorskip("feedparser")

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>خبرگزاری نمونه</title>
  <link>https://news.test/</link>
  <description>آخرین اخبار</description>
  <item>
    <title>افزایش بارش در استان‌های شمالی</title>
    <link>https://news.test/news/100101/</link>
    <description><![CDATA[<p>سازمان هواشناسی از افزایش بارش‌ها در هفته آینده خبر داد.</p>]]></description>
    <content:encoded><![CDATA[<p>به گزارش خبرنگار ما، بارش‌های پاییزی از فردا آغاز می‌شود.</p>
      <p>کارشناسان می‌گویند شدت بارش در ارتفاعات بیشتر است.</p><script>track()</script>]]></content:encoded>
    <pubDate>Wed, 04 Oct 2023 15:23:00 GMT</pubDate>
    <category>هواشناسی</category>
    <category>استان‌ها</category>
    <dc:creator>مریم احمدی</dc:creator>
  </item>
  <item>
    <title>بازگشایی کتابخانه‌های عمومی</title>
    <link>https://news.test/news/100102/</link>
    <description>کتابخانه‌های عمومی پایتخت پس از بازسازی دوباره باز شدند.</description>
    <pubDate>۱۴۰۲/۰۷/۱۳ - ۱۰:۳۰</pubDate>
  </item>
  <item>
    <link>https://news.test/news/100103/</link>
  </item>
</channel>
</rss>
""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>تارنمای نمونه</title>
  <id>urn:test:feed</id>
  <updated>2023-10-05T08:00:00Z</updated>
  <entry>
    <title>برگزاری جشنواره فیلم کودک</title>
    <id>urn:test:1</id>
    <link rel="alternate" href="/news/2001/"/>
    <updated>2023-10-05T08:00:00Z</updated>
    <author><name>علی رضایی</name></author>
    <summary>جشنواره فیلم کودک و نوجوان در اصفهان آغاز شد.</summary>
    <content type="html">&lt;p&gt;در این دوره فیلم‌هایی از بیست کشور به نمایش درمی‌آید.&lt;/p&gt;</content>
    <category term="سینما"/>
  </entry>
  <entry>
    <title>فقط محتوا</title>
    <id>urn:test:2</id>
    <link href="https://site.test/news/2002/"/>
    <published>2021-06-01T20:00:00Z</published>
    <content type="html">&lt;p&gt;پاراگراف نخست خبر.&lt;/p&gt;&lt;p&gt;پاراگراف دوم خبر.&lt;/p&gt;</content>
  </entry>
</feed>
""".encode()


def test_looks_like_feed():
    assert looks_like_feed(RSS) and looks_like_feed(ATOM)
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c -->\n<rdf:RDF xmlns:rdf="x" '
                           b'xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>')
    assert looks_like_feed('<?xml version="1.0"?><rss version="2.0"/>'.encode("utf-16"))
    assert not looks_like_feed(b"<!DOCTYPE html><html><body><p>feed</p></body></html>")
    assert not looks_like_feed(b'<?xml version="1.0"?><svg/>')
    assert not looks_like_feed(b'{"title": "x"}')
    assert is_feed_type("application/rss+xml; charset=utf-8") and not is_feed_type("text/html")


def test_rss_items():
    items = list(iter_feed(RSS, "feeds/rss.xml"))
    first, second, third = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.source.path == "feeds/rss.xml" and first.source.format == "feed" and first.source.record == 0
    assert first.title == "افزایش بارش در استان‌های شمالی"
    assert first.lead == "سازمان هواشناسی از افزایش بارش‌ها در هفته آینده خبر داد."
    assert first.body == ["به گزارش خبرنگار ما، بارش‌های پاییزی از فردا آغاز می‌شود.",
                          "کارشناسان می‌گویند شدت بارش در ارتفاعات بیشتر است."]
    assert first.url == "https://news.test/news/100101/" and first.news_id == "100101"
    assert first.published == "2023-10-04T18:53:00+03:30"  # 15:23 UTC in Tehran
    assert first.tags == ["هواشناسی", "استان‌ها"] and first.author == "مریم احمدی"
    assert first.agency is None  # «خبرگزاری نمونه» is not a known agency
    # a Jalali pubDate feedparser cannot read is kept for the dates stage
    assert second.published is None and second.published_jalali == "۱۴۰۲/۰۷/۱۳ - ۱۰:۳۰"
    assert second.lead == "کتابخانه‌های عمومی پایتخت پس از بازسازی دوباره باز شدند." and second.body == []
    # an item with no text at all is one error, the rest goes on
    assert isinstance(third, ParseError) and third.source == "feeds/rss.xml#2"


def test_rss_through_the_pipeline():
    from rasad.pipeline import default_pipeline

    first, second = [x for x in default_pipeline().pipe(iter_feed(RSS, "rss.xml")) if isinstance(x, Article)]
    assert first.published.startswith("2023-10-04T18:53") and first.published_jalali.startswith("1402-07-12")
    assert second.published.startswith("2023-10-05")


def test_atom_items():
    first, second = list(iter_feed(ATOM, "https://site.test/feed.atom"))
    assert first.title == "برگزاری جشنواره فیلم کودک"
    assert first.lead == "جشنواره فیلم کودک و نوجوان در اصفهان آغاز شد."
    assert first.body == ["در این دوره فیلم‌هایی از بیست کشور به نمایش درمی‌آید."]
    assert first.url == "https://site.test/news/2001/"  # relative link resolved against the feed URL
    assert first.author == "علی رضایی" and first.tags == ["سینما"]
    assert first.published == "2023-10-05T11:30:00+03:30"
    # content without a summary: feedparser copies content to summary; no lead then
    assert second.lead is None and second.body == ["پاراگراف نخست خبر.", "پاراگراف دوم خبر."]
    assert second.published == "2021-06-02T00:30:00+04:30"  # Iran kept summer time until 2022


def test_not_a_feed():
    [err] = list(iter_feed(b"<html><body>nothing</body></html>", "x.html"))
    assert isinstance(err, ParseError) and err.code == "R210" and err.source == "x.html"
    assert list(iter_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
                          "empty.xml")) == []


PAGE = ('<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8"><title>{title}</title></head><body><article>'
        '<h1>{title}</h1><p class="lead">{lead}</p><div class="body"><p>{p1}</p><p>{p2}</p></div></article>'
        '</body></html>')



def test_follow_with_a_function():
    pages = {
        "https://news.test/news/100101/": PAGE.format(
            title="افزایش بارش در استان‌های شمالی", lead="هواشناسی: بارش‌ها از فردا در شمال کشور آغاز می‌شود.",
            p1="به گزارش خبرنگار ما، بارش‌های پاییزی از فردا در گیلان و مازندران آغاز می‌شود.",
            p2="کارشناسان هواشناسی می‌گویند شدت بارش در ارتفاعات بیشتر خواهد بود.").encode(),
        "https://news.test/news/100103/": b"<html><body></body></html>",
    }
    asked = []

    def follow(url):
        asked.append(url)
        if url not in pages:
            raise OSError("connection refused")
        return pages[url]

    first, second, third = list(iter_feed(RSS, "rss.xml", follow=follow))
    assert asked == ["https://news.test/news/100101/", "https://news.test/news/100102/", "https://news.test/news/100103/"]
    assert isinstance(first, Article) and first.source.ref == "rss.xml#0"
    assert any("گیلان و مازندران" in p for p in first.body)  # the page's body, not the feed's
    assert first.tags == ["هواشناسی", "استان‌ها"] and first.author == "مریم احمدی"  # filled from the item
    assert first.published == "2023-10-04T18:53:00+03:30" or first.published_jalali
    assert first.url == "https://news.test/news/100101/"
    # a failed fetch is one error for that item
    assert isinstance(second, RasadError) and second.source == "rss.xml#1"
    assert second.stage == "fetch" and "news/100102" in str(second)
    # an empty page and an empty item: one error
    assert isinstance(third, RasadError) and third.source == "rss.xml#2"
