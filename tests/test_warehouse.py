"""The warehouse layer: migrations, one-transaction writes, pending work by content hash."""
from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from warehouse.store import Replacement, Warehouse


@pytest.fixture()
def store(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.migrate()
    return wh


def quarantine_rows(store, *ids):
    return store.to_arrow(
        "quarantine",
        [
            dict(quarantine_id=i, source_path=f"{i}.txt", record_index=None, file_sha256="0" * 64, byte_size=0,
                 reason="empty", message="the file is empty")
            for i in ids
        ],
    )


def test_migrations_apply_once(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    assert wh.migrate() == ["001_initial.sql"]
    assert wh.migrate() == []
    names = {r["table_name"] for r in wh.query("SELECT table_name FROM information_schema.tables").to_pylist()}
    assert {"raw_articles", "quarantine", "clean_articles", "fact_mentions", "facts", "claims", "dq_results",
            "v_troop_counts", "v_attacks_by_actor", "v_funding_by_donor"} <= names


def test_replacing_the_same_rows_twice_leaves_one_copy(store):
    rows = quarantine_rows(store, "a", "b")
    store.write([Replacement("quarantine", rows, key="quarantine_id", keys=["a", "b"])])
    store.write([Replacement("quarantine", rows, key="quarantine_id", keys=["a", "b"])])
    assert store.count("quarantine") == 2


def test_a_failing_write_leaves_the_previous_state(store):
    store.write([Replacement("quarantine", quarantine_rows(store, "a"), key="quarantine_id", keys=["a"])])
    duplicate_key = quarantine_rows(store, "b", "b")  # violates the primary key inside the transaction
    with pytest.raises(duckdb.ConstraintException):
        store.write(
            [
                Replacement("quarantine", quarantine_rows(store, "c"), key="quarantine_id", keys=["a"]),
                Replacement("quarantine", duplicate_key, key="quarantine_id", keys=[]),
            ]
        )
    assert store.query("SELECT quarantine_id FROM quarantine").column(0).to_pylist() == ["a"]


def test_unknown_tables_and_columns_are_refused(store):
    with pytest.raises(ValueError):
        store.count("raw_articles; DROP TABLE facts")
    with pytest.raises(ValueError):
        store.write([Replacement("quarantine", quarantine_rows(store), key="x; --", keys=["a"])])


def test_pending_articles_follow_the_content_hash(store):
    raw = [
        dict(article_id=i, source_path=f"{i}.txt", record_index=None, source_format="txt", file_sha256="f" * 64,
             sha256=sha * 64, encoding="utf-8", byte_size=3, raw_text="نص", title=None, url=None, published=None)
        for i, sha in (("a", "1"), ("b", "2"))
    ]
    store.write([Replacement("raw_articles", store.to_arrow("raw_articles", raw), keys=["a", "b"])])
    assert store.pending_articles("clean_articles", "raw_articles", "article_id").column(0).to_pylist() == ["a", "b"]
    store.write([store.progress("clean_articles", [{"article_id": "a", "sha256": "1" * 64}])])
    assert store.pending_articles("clean_articles", "raw_articles", "article_id").column(0).to_pylist() == ["b"]
    # article a changes: pending again
    raw[0]["sha256"] = "3" * 64
    store.write([Replacement("raw_articles", store.to_arrow("raw_articles", raw[:1]), keys=["a"])])
    assert store.pending_articles("clean_articles", "raw_articles", "article_id").column(0).to_pylist() == ["a", "b"]


def test_arrow_batches_take_the_table_schema(store):
    table = store.to_arrow("claims", [])
    assert isinstance(table, pa.Table) and table.num_rows == 0
    assert table.schema.field("article_ids").type == pa.list_(pa.string())


def test_new_extraction_rules_make_every_article_pending_again(store):
    raw = [
        dict(article_id="a", source_path="a.txt", record_index=None, source_format="txt", file_sha256="f" * 64,
             sha256="1" * 64, encoding="utf-8", byte_size=3, raw_text="نص", title=None, url=None, published=None)
    ]
    store.write([Replacement("raw_articles", store.to_arrow("raw_articles", raw), keys=["a"])])
    store.write([store.progress("clean_articles", raw, rules_version="v1")])
    assert store.pending_articles("clean_articles", "raw_articles", "article_id", rules_version="v1").num_rows == 0
    assert store.pending_articles("clean_articles", "raw_articles", "article_id", rules_version="v2").num_rows == 1
