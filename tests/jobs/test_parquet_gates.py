"""The Parquet path's gates: the warehouse's suites check each partition, and the claims, before they are written.

A batch whose rows break a blocking expectation is not written (its partition
keeps its last good files), its run fails naming the check, and the results are
kept in ``<root>/dq_results`` with the warehouse's columns.  Bad rows are put in
at the core's boundary, as tests/jobs/test_pipeline.py does for the warehouse path.
"""
from pathlib import Path

import pyarrow as pa
import pytest
from dagster import DagsterInstance

import arqam.extraction.tables.batches
from arqam.assets import parquet as parquet_assets
from arqam.expectations.suites import suites
from arqam.pipelines import parquet
from arqam.warehouse import parquet as parquet_store
from arqam.warehouse.store import Warehouse
from tests.conftest import leave_furniture_in_clean_text
from tests.jobs.test_parquet_path import rows, split_seeds, views

BATCH_TABLES_WITH_ROWS = {
    "a": ("raw_articles", "clean_articles", "fact_mentions", "facts"),
    "b": ("raw_articles", "quarantine", "clean_articles", "fact_mentions", "facts"),  # b holds an unreadable file
    "_claims": ("claims",),  # the claims' checks, under a name no batch has
}


def quote_words_not_in_the_article(monkeypatch) -> None:
    """Make every batch's first fact quote words its article does not hold: the facts check reads the
    batch's own cleaned texts to see it."""
    real = arqam.extraction.tables.batches.facts_table

    def misquoted(mentions):
        table = real(mentions)
        facts = table.to_pylist()
        facts[0]["evidence"] = "عبارة لم ترد في الخبر أصلا"
        return pa.Table.from_pylist(facts, schema=table.schema)

    monkeypatch.setattr(arqam.extraction.tables.batches, "facts_table", misquoted)


def partition_files(root: Path, key: str) -> dict[Path, bytes]:
    """The files of a batch's five tables (its checks' results aside)."""
    return {path: path.read_bytes() for path in root.glob(f"*/batch={key}/*") if path.parts[-3] != "dq_results"}


def step_failures(result) -> list[str]:
    return [e.event_specific_data.error.message for e in result.all_events if e.event_type_value == "STEP_FAILURE"]


def test_a_clean_corpus_passes_every_check_and_keeps_the_results_beside_the_tables(tmp_path):
    inbox, root = split_seeds(tmp_path / "inbox"), tmp_path / "parquet"
    for key in ("a", "b"):
        parquet_assets.write_batch(inbox, root, key, run_id="run-1")
    parquet_assets.write_claims(root, run_id="run-1")

    con = views(root)
    results = rows(con, "SELECT * FROM dq_results")
    # the warehouse's columns, then the partition's batch
    warehouse = Warehouse(tmp_path / "warehouse.duckdb")
    warehouse.migrate()
    assert con.sql("SELECT * FROM dq_results").columns == [*warehouse.arrow_schema("dq_results").names, "batch"]
    # every check of the suite of each table with rows, once per batch; the claims' once
    assert sorted((r["batch"], r["stage"], r["check_name"]) for r in results) == sorted(
        (key, table, spec.name) for key, tables in BATCH_TABLES_WITH_ROWS.items()
        for table in tables for spec in suites()[table].expectations
    )
    assert all(r["success"] and r["run_id"] == "run-1" for r in results)
    # each check saw the rows written: a table's id check counted every row of its partition
    ids = {"raw_articles": "article_id", "quarantine": "quarantine_id", "clean_articles": "article_id",
           "fact_mentions": "mention_id", "facts": "fact_id", "claims": "fact_id"}
    for key, tables in BATCH_TABLES_WITH_ROWS.items():
        for table in tables:
            check = (key, table, f"{ids[table]}_unique")
            [counted] = [r["element_count"] for r in results if (r["batch"], r["stage"], r["check_name"]) == check]
            # the claims' suite checks their stored rows, one per fact
            written = "claim_facts" if table == "claims" else f"{table}_all WHERE batch = '{key}'"
            assert counted == rows(con, f"SELECT count(*) AS n FROM {written}")[0]["n"] > 0, (key, table)
    # and the warehouse's view of the latest results reads them
    checks = {(r["stage"], r["check_name"]) for r in results}
    assert rows(con, "SELECT count(*) AS n FROM v_dq_latest WHERE success") == [{"n": len(checks)}]


@pytest.mark.parametrize(
    "corrupt, check",
    [
        (leave_furniture_in_clean_text, "clean_articles.no_page_furniture_left"),
        (quote_words_not_in_the_article, "facts.evidence_is_text_at_offsets"),
    ],
)
def test_a_batch_breaking_a_blocking_check_is_not_written_and_its_run_fails_naming_the_check(
    tmp_path, monkeypatch, corrupt, check
):
    inbox, root = split_seeds(tmp_path / "inbox"), tmp_path / "parquet"
    instance = DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("inbox_batches", ["a", "b"])
    batches = parquet.build_parquet_definitions(inbox, root).resolve_job_def(parquet.BATCHES_JOB)
    assert batches.execute_in_process(partition_key="a", instance=instance).success
    good = partition_files(root, "a")
    assert len(good) == len(parquet_store.BATCH_TABLES)

    corrupt(monkeypatch)
    again = batches.execute_in_process(partition_key="a", instance=instance, raise_on_error=False)
    new = batches.execute_in_process(partition_key="b", instance=instance, raise_on_error=False)

    for key, result in (("a", again), ("b", new)):
        assert not result.success
        [cause] = step_failures(result)
        assert f"batch {key} was not written: {check} (" in cause and "\n" not in cause.strip()
    assert partition_files(root, "a") == good  # the last good files, as they were
    assert partition_files(root, "b") == {}  # never written
    # the results are kept: the failing check, under the run that met it
    failing = rows(views(root), "SELECT batch, stage || '.' || check_name AS check, run_id FROM dq_results "
                                "WHERE NOT success ORDER BY batch")
    assert failing == [
        {"batch": "a", "check": check, "run_id": again.run_id},
        {"batch": "b", "check": check, "run_id": new.run_id},
    ]


def test_a_failing_backfill_says_which_check_stopped_which_batch(tmp_path, monkeypatch):
    inbox, root = split_seeds(tmp_path / "inbox"), tmp_path / "parquet"
    leave_furniture_in_clean_text(monkeypatch)
    result = parquet.backfill_job(str(inbox), str(root)).execute_in_process(
        instance=DagsterInstance.ephemeral(), raise_on_error=False
    )
    report = parquet.backfill_report(result, root).splitlines()
    assert report[0] == f"parquet backfill {result.run_id[:8]}: FAILED, 0 batches -> {root}"
    assert [line.split(": ")[0] for line in report[1:]] == ["  ! extract_one_batch[a]", "  ! extract_one_batch[b]"]
    assert all("clean_articles.no_page_furniture_left" in line for line in report[1:])
    assert not (root / "claims").exists()  # claims wait for every batch


def test_claims_of_a_fact_not_in_facts_are_not_written(tmp_path, monkeypatch):
    inbox, root = split_seeds(tmp_path / "inbox"), tmp_path / "parquet"
    for key in ("a", "b"):
        parquet_assets.write_batch(inbox, root, key)
    parquet_assets.write_claims(root)
    good = (root / "claims" / parquet_store.PART).read_bytes()
    real = arqam.extraction.tables.batches.claim_facts_table

    def citing_a_missing_fact(facts):
        table = real(facts)
        claims = table.to_pylist()
        claims[0]["fact_id"] = "no-such-fact"
        return pa.Table.from_pylist(claims, schema=table.schema)

    monkeypatch.setattr(arqam.extraction.tables.batches, "claim_facts_table", citing_a_missing_fact)
    with pytest.raises(parquet_assets.ChecksFailed, match=r"the claims were not written: claims\.fact_matches \(1 unexpected\)$"):
        parquet_assets.write_claims(root, run_id="run-2")
    assert (root / "claims" / parquet_store.PART).read_bytes() == good
    assert rows(views(root), "SELECT batch, check_name, run_id FROM dq_results WHERE NOT success") == [
        {"batch": "_claims", "check_name": "fact_matches", "run_id": "run-2"}
    ]
