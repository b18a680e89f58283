"""WARC reader: fixtures written here with FastWARC from small HTML strings."""
from __future__ import annotations

import gzip
import io

import pytest

from rasad.article import Article
from rasad.errors import RasadError, ReadError
from rasad.readers.warc import WarcStats, iter_warc, looks_like_warc

fastwarc = pytest.importorskip("fastwarc")
from fastwarc.warc import WarcHeader, WarcRecord, WarcRecordType  # noqa: E402


def page(title: str, lead: str, paras: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{title} - سایت نمونه'
            f'</title><meta property="article:published_time" content="2023-10-04T18:53:00+03:30"></head><body>'
            f'<article><h1>{title}</h1><p class="lead">{lead}</p><div class="body">{body}</div></article>'
            f"</body></html>").encode()


PAGES = [
    ("http://news.test/news/1001/", "افزایش بارش در استان‌های شمالی",
     "سازمان هواشناسی از افزایش بارش‌ها در هفته آینده خبر داد.",
     ["به گزارش خبرنگار ما، بارش‌های پاییزی از فردا در گیلان و مازندران آغاز می‌شود.",
      "کارشناسان هواشناسی می‌گویند شدت بارش در ارتفاعات بیشتر خواهد بود."]),
    ("http://news.test/news/1002/", "بازگشایی کتابخانه‌های عمومی تهران",
     "کتابخانه‌های عمومی پایتخت پس از بازسازی دوباره باز شدند.",
     ["مدیرکل کتابخانه‌ها گفت که ساعت کار کتابخانه‌ها در روزهای تعطیل نیز افزایش می‌یابد.",
      "این طرح در مرحله نخست در ده کتابخانه اجرا شده است."]),
    ("http://news.test/news/1003/", "برگزاری جشنواره فیلم کودک در اصفهان",
     "سی‌وچهارمین جشنواره فیلم کودک و نوجوان در اصفهان آغاز شد.",
     ["در این دوره از جشنواره فیلم‌هایی از بیست کشور به نمایش درمی‌آید.",
      "دبیر جشنواره از حضور گسترده خانواده‌ها در سالن‌ها خبر داد."]),
]
DATES = ["2023-10-04T15:23:00Z", "2023-10-05T08:00:00Z", "2023-10-06T09:30:00Z"]


def record(uri: str, status: int, ctype: str, body: bytes, date: str, rtype=None, headers=None) -> bytes:
    rec = WarcRecord()
    rec.init_headers(rtype or WarcRecordType.response)
    rec.headers[WarcHeader.WARC_TARGET_URI] = uri
    rec.headers["WARC-Date"] = date
    if rtype in (None, WarcRecordType.response):
        rec.headers["Content-Type"] = "application/http; msgtype=response"
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        block = (f"HTTP/1.1 {status} {'OK' if status == 200 else 'Not Found'}\r\nContent-Type: {ctype}\r\n{extra}"
                 f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    else:
        rec.headers["Content-Type"] = ctype
        block = body
    rec.set_bytes_content(block)
    out = io.BytesIO()
    rec.write(out)
    return out.getvalue()


def archive() -> list[bytes]:
    """warcinfo, 3 HTML pages, a 404 page, an image: each record's bytes."""
    recs = [record("", 0, "application/warc-fields", b"software: rasad-tests\r\n", DATES[0],
                   rtype=WarcRecordType.warcinfo)]
    for (uri, title, lead, paras), date in zip(PAGES, DATES, strict=True):
        recs.append(record(uri, 200, "text/html; charset=utf-8", page(title, lead, paras), date))
    recs.insert(2, record("http://news.test/missing", 404, "text/html", b"<html><p>not found</p></html>", DATES[1]))
    recs.append(record("http://news.test/logo.png", 200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64), DATES[2]))
    return recs


HTML_RECORDS = [1, 3, 4]  # record indexes of the three pages (warcinfo 0, 404 at 2, image at 5)



def _joined(art: Article) -> str:
    return " ".join(filter(None, [art.title, art.lead, *art.body]))


@pytest.mark.parametrize("compressed", [False, True], ids=["warc", "warc.gz"])
def test_round_trip(tmp_path, compressed):
    recs = archive()
    path = tmp_path / ("a.warc.gz" if compressed else "a.warc")
    path.write_bytes(b"".join(gzip.compress(r) for r in recs) if compressed else b"".join(recs))
    assert looks_like_warc(path.read_bytes()[:4096])
    stats = WarcStats()
    items = list(iter_warc(str(path), str(path), stats=stats))
    assert all(isinstance(x, Article) for x in items), [str(x) for x in items if isinstance(x, RasadError)]
    assert len(items) == 3
    for art, (uri, title, _lead, paras), date, index in zip(items, PAGES, DATES, HTML_RECORDS, strict=True):
        assert art.url == uri
        assert art.fetched == date
        assert art.source.format == "warc" and art.source.path == str(path) and art.source.record == index
        assert title in (art.title or "")
        assert paras[0] in _joined(art)
    assert (stats.records, stats.html, stats.articles, stats.errors) == (6, 3, 3, 0)
    assert (stats.not_200, stats.not_html, stats.not_response, stats.skipped) == (1, 1, 1, 3)
    assert stats.statuses == {404: 1} and stats.content_types == {"image/png": 1}


def test_stream_input_and_encodings():
    raw = page(*PAGES[0][1:])
    recs = [record("http://news.test/gz", 200, "text/html; charset=utf-8", gzip.compress(raw), DATES[0],
                    headers={"Content-Encoding": "gzip"}),
            record("http://news.test/chunked", 200, "text/html; charset=utf-8",
                   b"%x\r\n%s\r\n0\r\n\r\n" % (len(raw), raw), DATES[1], headers={"Transfer-Encoding": "chunked"})]
    items = list(iter_warc(io.BytesIO(b"".join(recs)), "stream.warc"))
    assert [type(x) for x in items] == [Article, Article], [str(x) for x in items]
    assert all(PAGES[0][1] in (a.title or "") for a in items)


def test_truncated_gzip(tmp_path):
    members = [gzip.compress(r) for r in archive()]
    whole = b"".join(members)
    # cut inside the 4th page member (record 4): records before it are read, then one clear error
    cut = sum(len(m) for m in members[:4]) + len(members[4]) // 2
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole[:cut])
    stats = WarcStats()
    items = list(iter_warc(str(path), "cut.warc.gz", stats=stats))
    arts = [x for x in items if isinstance(x, Article)]
    errs = [x for x in items if isinstance(x, RasadError)]
    assert [a.url for a in arts] == [PAGES[0][0], PAGES[1][0]]
    assert len(errs) == 1 and isinstance(errs[0], ReadError) and errs[0].code == "R106"
    msg = str(errs[0])
    assert "\n" not in msg and "cut.warc.gz" in msg and "truncated" in msg
    assert f"byte {sum(len(m) for m in members[:4])}" in msg
    assert stats.errors == 1


@pytest.mark.parametrize("where", ["header", "body", "trailer"])
def test_truncated_gzip_anywhere_is_reported(tmp_path, where):
    members = [gzip.compress(r) for r in archive()]
    last = members[-1]
    cut = {"header": 5, "body": len(last) // 2, "trailer": len(last) - 3}[where]
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(b"".join(members[:-1]) + last[:cut])
    items = list(iter_warc(str(path), "cut.warc.gz"))
    assert len([x for x in items if isinstance(x, Article)]) == 3
    errs = [x for x in items if isinstance(x, RasadError)]
    assert [e.code for e in errs] == ["R106"], [str(e) for e in errs]


def test_truncated_plain_warc(tmp_path):
    recs = archive()
    data = b"".join(recs)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: sum(len(r) for r in recs[:4]) + 300])  # inside record 4's block
    items = list(iter_warc(str(path), "cut.warc"))
    assert [x.url for x in items if isinstance(x, Article)] == [PAGES[0][0], PAGES[1][0]]
    errs = [x for x in items if isinstance(x, RasadError)]
    assert len(errs) == 1 and errs[0].code == "R106" and errs[0].source == "cut.warc#4"
    assert f"at byte {sum(len(r) for r in recs[:4])}" in str(errs[0])


@pytest.mark.parametrize("compressed", [False, True], ids=["warc", "warc.gz"])
def test_broken_record_rest_goes_on(tmp_path, compressed):
    recs = archive()
    recs[3] = recs[3].replace(b"WARC/1.1\r\n", b"WARX/1.1\r\n", 1)  # record 3 (second page): bad header line
    if compressed:
        members = [gzip.compress(r) for r in recs]
        offset = sum(len(m) for m in members[:3])
        data = b"".join(members)
    else:
        offset = sum(len(r) for r in recs[:3])
        data = b"".join(recs)
    path = tmp_path / "broken.warc"
    path.write_bytes(data)
    stats = WarcStats()
    items = list(iter_warc(str(path), "broken.warc", stats=stats))
    assert [x.url for x in items if isinstance(x, Article)] == [PAGES[0][0], PAGES[2][0]]
    errs = [x for x in items if isinstance(x, RasadError)]
    assert len(errs) == 1 and errs[0].code == "R106"
    assert errs[0].source == "broken.warc#3" and f"at byte {offset}" in str(errs[0])
    assert "broken WARC record" in str(errs[0])
    # the record after the damage keeps its index
    assert [x.source.record for x in items if isinstance(x, Article)] == [1, 4]
    assert stats.not_html == 1 and stats.errors == 1


def test_corrupt_gzip_member(tmp_path):
    members = [gzip.compress(r) for r in archive()]
    bad = bytearray(members[3])
    bad[30:60] = bytes(30)
    members[3] = bytes(bad)
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(b"".join(members))
    items = list(iter_warc(str(path), "corrupt.warc.gz"))
    assert [x.url for x in items if isinstance(x, Article)] == [PAGES[0][0], PAGES[2][0]]
    errs = [x for x in items if isinstance(x, RasadError)]
    assert [e.code for e in errs] == ["R106"] and f"byte {sum(len(m) for m in members[:3])}" in str(errs[0])


def test_page_without_article_is_one_error(tmp_path):
    recs = archive()
    recs.insert(2, record("http://news.test/empty", 200, "text/html", b"<html><body></body></html>", DATES[0]))
    items = list(iter_warc(io.BytesIO(b"".join(recs)), "e.warc"))
    errs = [x for x in items if isinstance(x, RasadError)]
    assert len([x for x in items if isinstance(x, Article)]) == 3
    assert len(errs) == 1 and errs[0].source == "e.warc#2"


def test_missing_file_and_not_a_warc(tmp_path):
    [err] = list(iter_warc(str(tmp_path / "nope.warc"), "nope.warc"))
    assert err.code == "R105"
    path = tmp_path / "x.warc"
    path.write_bytes(b"this is not a WARC file\r\n\r\n")
    items = list(iter_warc(str(path), "x.warc"))
    assert len(items) == 1 and items[0].code == "R106"
    assert not looks_like_warc(b"<html>")
