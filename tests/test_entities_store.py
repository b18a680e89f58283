"""Bulk entity linking (store/entities.Linker with an EntityCache, as rasad load uses it) writes the same rows,
with the same ids and rowids, as linking article after article (rasad ingest)."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_canonical import JUDICIARY, MINISTER, SPEAKER, _cache_sequence, article, ent, put

from rasad.store import Store
from rasad.store.entities import _COLS, TABLES, EntityCache, Linker

ROWID_TABLES = {"entity_mentions", "entity_role_mentions"}  # rows without a key: their rowids must match too


def snapshot(store):
    out = {}
    for table in TABLES:
        rowid = "rowid, " if table in ROWID_TABLES else ""
        out[table] = sorted(map(repr, store.conn.execute(f"SELECT {rowid}* FROM {table}")))
    return out


def bulk(store, cache, arts):
    """Link ``arts`` ((article id, Article) pairs) in one transaction through one Linker."""
    store.conn.execute("BEGIN IMMEDIATE")
    linker = Linker(store.conn, cache)
    linked = [linker.link(article_id, art) for article_id, art in arts]
    linker.flush()
    store.conn.execute("COMMIT")
    return linked


def assert_cache_is_table(store, cache):
    assert cache.rows() == {r[0]: r for r in store.conn.execute(f"SELECT {_COLS}, sector FROM entities")}


def test_bulk_equals_one_by_one_for_every_batch_size(tmp_path):
    """Creations, adoptions, merges, links by role and by same article, and changed articles (an article
    stored twice in one batch too), in batches of 1, 2, 3 and all articles."""
    sequence = _cache_sequence()
    with Store(tmp_path / "plain.db") as plain:
        expected_linked = [put(plain, article_id, art) for article_id, art in sequence]
        expected = snapshot(plain)
    assert len(expected["entities"]) >= 6 and expected["entity_role_mentions"] and expected["entity_roles"]
    for size in (1, 2, 3, len(sequence)):
        with Store(tmp_path / f"bulk{size}.db") as store:
            cache = EntityCache(store.conn)
            linked = []
            for i in range(0, len(sequence), size):
                linked += bulk(store, cache, sequence[i:i + size])
                assert_cache_is_table(store, cache)
            assert linked == expected_linked, size
            assert snapshot(store) == expected, size


def test_roles_of_earlier_articles_in_the_batch_decide(tmp_path):
    """A surname with a role links to the one namesake holding that role, when the roles were seen earlier in
    the same batch (not yet in entity_roles)."""
    sequence = [
        (1, article([ent("e1", "PER", "علی لاریجانی", roles=[SPEAKER], mentions=[("name", 0)])], "2023-01-01",
                    ["علی لاریجانی"])),
        (2, article([ent("e1", "PER", "صادق لاریجانی", roles=[JUDICIARY], mentions=[("name", 0)])], "2023-01-02",
                    ["صادق لاریجانی"])),
        (3, article([ent("e1", "PER", "لاریجانی", roles=[SPEAKER], mentions=[("surname", 0)])], "2023-01-03",
                    ["لاریجانی"])),
        (4, article([ent("e1", "PER", "لاریجانی", roles=[JUDICIARY], mentions=[("surname", 0)])], "2023-01-04",
                    ["لاریجانی"])),
    ]
    with Store(tmp_path / "plain.db") as plain, Store(tmp_path / "bulk.db") as store:
        expected = [put(plain, article_id, art) for article_id, art in sequence]
        assert bulk(store, EntityCache(store.conn), sequence) == expected
        assert [d["e1"] for d in expected] == [1, 2, 1, 2]  # decided by role
        assert snapshot(store) == snapshot(plain)


def test_cache_is_stale_once_another_connection_writes(tmp_path):
    with Store(tmp_path / "c.db") as store:
        cache = EntityCache(store.conn)
        bulk(store, cache, _cache_sequence()[:3])
        assert not cache.stale(store.conn) and len(cache.by_id) >= 2
        with Store(tmp_path / "c.db") as other:
            other.conn.execute("UPDATE entities SET country = 'IRQ' WHERE id = (SELECT min(id) FROM entities)")
        assert cache.stale(store.conn)


# -- random articles over a few colliding names ------------------------------------------------------------------
NAMES = [("PER", n) for n in ("لاریجانی", "علی لاریجانی", "صادق لاریجانی", "امیرعبداللهیان", "امیر عبداللهیان",
                              "حسین امیرعبداللهیان", "کنعانی", "ناصر کنعانی", "علی‌اف", "الهام علی اف",
                              "محمد جواد ظریف", "جواد ظریف", "ظریف")] + [
    ("ORG", "وزارت امور خارجه"), ("ORG", "مجلس شورای اسلامی"), ("LOC", "ایران"), ("LOC", "تهران")]
ROLES = [MINISTER, SPEAKER, dict(MINISTER, org=None, country=None)]
DATES = [None, "", "2023-01-05T10:00:00+03:30", "2023-02-01", "2022-12-31T23:00:00+03:30", "2023-02-01T08:00:00Z"]

entity = st.builds(
    lambda name, roles, country, sector, kinds: ent(None, name[0], name[1], roles=roles, country=country,
                                                    sector=sector, mentions=[(k, 0) for k in kinds]),
    st.sampled_from(NAMES), st.lists(st.sampled_from(ROLES), max_size=2),
    st.sampled_from([None, "IRN", "AZE"]), st.sampled_from([None, "GOV", "MIL"]),
    st.lists(st.sampled_from(["name", "surname", "pronoun", "alias"]), max_size=3))


@st.composite
def articles(draw):
    ents = draw(st.lists(entity, max_size=5))
    for i, e in enumerate(ents):
        e["id"] = f"e{i + 1}"
    words = [e["name"] for e in ents] or ["x"]
    for i, e in enumerate(ents):  # each mention on the entity's own word
        e["mentions"] = [(kind, i) for kind, _ in e["mentions"]]
    return draw(st.integers(1, 8)), article(ents, draw(st.sampled_from(DATES)), words)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(articles(), min_size=1, max_size=14), st.lists(st.integers(1, 5), min_size=1, max_size=6))
def test_random_articles_bulk_equals_one_by_one(sequence, sizes):
    with Store(":memory:") as plain, Store(":memory:") as store:
        expected_linked = [put(plain, article_id, art) for article_id, art in sequence]
        cache, linked, i, n = EntityCache(store.conn), [], 0, 0
        while i < len(sequence):
            size = sizes[n % len(sizes)]
            linked += bulk(store, cache, sequence[i:i + size])
            assert_cache_is_table(store, cache)
            i, n = i + size, n + 1
        assert linked == expected_linked
        assert snapshot(store) == snapshot(plain)
