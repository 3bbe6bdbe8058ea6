"""The Python API: arqam.extract_facts gives the pipeline's own facts rows,
arqam.connect opens the snapshot read-only."""
from __future__ import annotations

import duckdb
import pytest

import arqam
from arqam.api import NotAnArticle
from tests.conftest import SEEDS

# my own sentence: a drone attack on a base wounded three soldiers, said a military official
WOUNDED = "قال مسؤول عسكري إن ثلاثة جنود أمريكيين أصيبوا بجروح طفيفة في هجوم بطائرة مسيرة استهدف قاعدة عين الأسد."
ORDER = "ORDER BY article_id, start_offset, fact_type, fact_id"


def stored_facts(snapshot, article_id):
    with duckdb.connect(str(snapshot), read_only=True) as con:
        cursor = con.execute(f"SELECT * FROM facts WHERE article_id = ? {ORDER}", [article_id])
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def in_order(facts):
    return sorted(facts, key=lambda f: (f["article_id"], f["start_offset"], f["fact_type"], f["fact_id"]))


def test_extract_facts_gives_the_rows_the_pipeline_stored_for_each_seed(seeds_run):
    settings, _ = seeds_run
    compared = 0
    for seed in sorted(SEEDS.glob("*.txt")):
        expected = stored_facts(settings.snapshot, seed.stem)
        assert in_order(arqam.extract_facts(seed.read_bytes(), article_id=seed.stem)) == expected, seed.name
        assert in_order(arqam.extract_facts(seed.read_text(encoding="utf-8"), article_id=seed.stem)) == expected
        compared += len(expected)
    assert compared > 10  # the seeds' facts, not lists that are empty on both sides


def test_extract_facts_as_arrow_has_the_warehouse_facts_schema(seeds_run):
    settings, _ = seeds_run
    with duckdb.connect(str(settings.snapshot), read_only=True) as con:
        schema = con.sql("SELECT * FROM facts LIMIT 0").to_arrow_table().schema
    table = arqam.extract_facts(WOUNDED, article_id="drone", arrow=True)
    assert table.schema == schema
    assert table.to_pylist() == arqam.extract_facts(WOUNDED, article_id="drone")


def test_extract_facts_types_a_sentence_of_its_own():
    facts = arqam.extract_facts(WOUNDED, article_id="drone")
    assert [(f["fact_type"], f["value"], f["article_id"]) for f in facts] == [("wounded", 3.0, "drone")]
    assert facts[0]["evidence"] in WOUNDED


def test_extract_facts_decodes_bytes_as_the_pipeline_decodes_a_file():
    assert arqam.extract_facts(WOUNDED.encode("cp1256"), article_id="drone") == arqam.extract_facts(
        WOUNDED, article_id="drone"
    )


@pytest.mark.parametrize(("text", "reason"), [("  \n ", "empty"), ("7 " * 6000, "too_many_figures")])
def test_a_text_the_pipeline_would_quarantine_raises_with_the_reason(text, reason):
    with pytest.raises(NotAnArticle) as raised:
        arqam.extract_facts(text)
    assert raised.value.reason == reason


def test_connect_opens_the_snapshot_read_only(seeds_run):
    settings, _ = seeds_run
    with arqam.connect(settings.snapshot) as con:
        assert con.execute("SELECT count(*) FROM facts").fetchone()[0] > 0
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM facts")


def test_connect_finds_the_snapshot_as_arqam_facts_does(seeds_run, monkeypatch):
    settings, _ = seeds_run
    monkeypatch.delenv("ARQAM_SNAPSHOT", raising=False)
    monkeypatch.setenv("ARQAM_WAREHOUSE", str(settings.warehouse))
    with arqam.connect() as con:
        database = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]
    assert database == str(settings.snapshot)


def test_connect_without_a_snapshot_says_how_to_get_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="arqam run` publishes it"):
        arqam.connect(tmp_path / "none.duckdb")
