"""Search finds spelling, spacing and letter variants alike; no query breaks it."""
import pytest
from conftest import SEED

from rasad.ingest import ingest


@pytest.fixture
def seeded(db):
    ingest([str(SEED), "tests/fixtures/json/fars_style.json"], db)
    return db


@pytest.mark.parametrize("query", ["قره باغ", "قرهباغ", "قره\u200cباغ", "قره‌باغ", "علي اكبر", "علیاکبر",
                                   "علی‌اکبر احمدیان", "امیرعبداللهیان", "۶۲۰۹۲۴ OR x", "آذربايجان"])
def test_variants_find_the_seed(seeded, query):
    result = seeded.search(query)
    if query.startswith("۶۲۰۹۲۴"):  # an FTS operator in a query is plain text: no match, no error
        assert result.total == 0
        return
    assert result.total >= 1
    hit = result.hits[0]
    assert hit.news_id == "620924"
    assert hit.snippet.highlights, hit.snippet.text
    s, e = hit.snippet.highlights[0]
    assert hit.snippet.text[s:e].strip()


def test_ranking_prefers_title(seeded):
    result = seeded.search("مدرسه")
    assert result.total == 1 and "مدرسه" in result.hits[0].title


def test_no_hit(seeded):
    assert seeded.search("فوتبال").total == 0


@pytest.mark.parametrize("query", ['"', "AND", "OR NOT", "(((", "*", "NEAR(a b)", "title:x", "'", "^",
                                   "قره باغ" * 300, "", "   ", "-", "a\"b", "{x}"])
def test_malformed_queries_never_raise(seeded, query):
    result = seeded.search(query)
    assert result.total >= 0


def test_filters(seeded):
    assert seeded.search("قره باغ", agency="دفاع‌پرس").total == 1
    assert seeded.search("قره باغ", since="2024-01-01").total == 0
    assert seeded.search("قره باغ", until="2023-10-04").total == 1
