"""The Parquet path (assets/parquet.py, pipelines/parquet.py): the same extraction as a Dagster map over inbox batches.

The seeds, split into two batch folders, go through the backfill job on the
multiprocess executor (two step processes at once) and must give exactly the
warehouse's facts and claims; re-materializing a partition replaces its files;
a file that cannot be read lands in the quarantine Parquet.
"""
import os
import shutil
from pathlib import Path

import duckdb
import pyarrow.dataset
import pytest
from dagster import AssetKey, DagsterInstance, build_sensor_context, evaluate_automation_conditions

from arqam.assets import parquet as parquet_assets
from arqam.pipelines import parquet
from arqam.warehouse import parquet as parquet_store
from arqam.warehouse.store import Warehouse
from tests.conftest import SEEDS

BINARY = b"%PDF-1.7\n\x00\x01\x02 not an article\n"


def split_seeds(inbox: Path) -> Path:
    """The five seeds as two batches, a/ (000-002) and b/ (003-004), and a PDF in b/."""
    for seed in sorted(SEEDS.iterdir()):
        batch = inbox / ("a" if seed.name < "003" else "b")
        batch.mkdir(parents=True, exist_ok=True)
        shutil.copy(seed, batch / seed.name)
    (inbox / "b" / "scan.txt").write_bytes(BINARY)
    return inbox


def views(root: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    parquet_store.duckdb_views(con, str(root))
    return con


def rows(con, sql: str) -> list[dict]:
    return con.sql(sql).to_arrow_table().to_pylist()


def without(rows_: list[dict], *columns: str) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in columns} for row in rows_]


@pytest.fixture
def instance(tmp_path):
    """A persistent Dagster instance (the multiprocess executor's steps share its storage), telemetry off."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    with DagsterInstance.from_config(str(home)) as instance:
        yield instance


def test_backfill_on_two_processes_gives_the_warehouse_facts(tmp_path, instance, seeds_run):
    inbox, root = split_seeds(tmp_path / "inbox"), tmp_path / "parquet"

    result = parquet.run_backfill(inbox, root, instance, processes=2)

    assert result.success
    # one step per batch, each in a process of its own, both processes started before either ended
    steps = [e for e in result.all_events if (e.step_key or "").startswith("extract_one_batch")]
    pids = {e.step_key: e.pid for e in steps if e.is_step_start}
    assert len(pids) == 2 and len(set(pids.values())) == 2 and os.getpid() not in pids.values()
    order = [e.event_type_value for e in steps if e.event_type_value in ("STEP_WORKER_STARTING", "STEP_SUCCESS")]
    assert order[:2] == ["STEP_WORKER_STARTING", "STEP_WORKER_STARTING"], order
    # the asset catalog knows both partitions of every table, as if the partitioned job had run
    assert set(instance.get_dynamic_partitions("inbox_batches")) == {"a", "b"}
    for table in parquet_store.BATCH_TABLES:
        assert instance.get_materialized_partitions(AssetKey(["parquet", table])) == {"a", "b"}
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.parquet")) == sorted(
        [f"{table}/batch={key}/part-0.parquet" for table in (*parquet_store.BATCH_TABLES, "dq_results") for key in "ab"]
        + ["claims/part-0.parquet", "dq_results/batch=_claims/part-0.parquet"]
    )

    con = views(root)
    # every batch and the claims checked in the steps of this run, as the warehouse checks the same rows
    assert rows(con, "SELECT DISTINCT run_id, bool_and(success) AS passed FROM dq_results GROUP BY run_id") == [
        {"run_id": result.run_id, "passed": True}
    ]
    warehouse = Warehouse(seeds_run[0].warehouse)
    assert {r["stage"] for r in rows(con, "SELECT stage FROM dq_results")} == {
        r["stage"] for r in warehouse.query("SELECT stage FROM dq_results").to_pylist()
    } | {"quarantine"}  # b's unreadable file
    for table, key in (("facts", "fact_id"), ("fact_mentions", "mention_id"), ("clean_articles", "article_id"), ("claims", "claim_id")):
        expected = warehouse.query(f"SELECT * FROM {table} ORDER BY {key}").to_pylist()
        got = without(rows(con, f"SELECT * FROM {table} ORDER BY {key}"), "batch")
        assert got == expected, table
    facts = rows(con, "SELECT fact_id, fact_type, value, qualifier, raw_start, raw_end FROM facts")
    assert len(facts) == 21 and len({f["fact_id"] for f in facts}) == 21
    article_columns = "article_id, sha256, file_sha256, raw_text, flags"
    assert rows(con, f"SELECT {article_columns} FROM raw_articles ORDER BY article_id") == warehouse.query(
        f"SELECT {article_columns} FROM raw_articles ORDER BY article_id"
    ).to_pylist()
    # each batch's rows in its own partition, which any Parquet reader sees as DuckDB does
    assert rows(con, "SELECT batch, count(*) AS n FROM raw_articles GROUP BY batch ORDER BY batch") == [
        {"batch": "a", "n": 3},
        {"batch": "b", "n": 2},
    ]
    by_arrow = pyarrow.dataset.dataset(root / "facts", format="parquet", partitioning="hive").to_table()
    assert sorted(zip(by_arrow["fact_id"].to_pylist(), by_arrow["batch"].to_pylist())) == sorted(
        (r["fact_id"], r["batch"]) for r in rows(con, "SELECT fact_id, batch FROM facts")
    )
    assert rows(con, "SELECT batch, source_path, reason FROM quarantine") == [
        {"batch": "b", "source_path": "b/scan.txt", "reason": "binary"}
    ]
    # the warehouse's analysis views work over the Parquet too
    assert rows(con, "SELECT troops, actor_en FROM v_troop_counts") == [{"troops": 2400.0, "actor_en": "US forces"}]


def test_rematerializing_a_partition_replaces_its_files(tmp_path):
    inbox, root = split_seeds(tmp_path / "inbox"), tmp_path / "parquet"
    instance = DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("inbox_batches", ["a", "b"])
    batches = parquet.build_parquet_definitions(inbox, root).resolve_job_def(parquet.BATCHES_JOB)

    def materialize(key: str) -> None:
        assert batches.execute_in_process(partition_key=key, instance=instance).success

    def everything() -> dict[str, list[dict]]:
        con = views(root)
        return {t: rows(con, f"SELECT * FROM {t}_all ORDER BY ALL") for t in parquet_store.BATCH_TABLES}

    materialize("a")
    materialize("b")
    before = everything()
    written = {p: p.stat().st_ino for p in root.rglob("batch=a/*")}
    materialize("a")
    assert everything() == before  # the same rows, none twice
    assert {p: p.stat().st_ino for p in root.rglob("batch=a/*")}.keys() == written.keys()  # only part-0.parquet
    assert all(p.stat().st_ino != inode for p, inode in written.items())  # each one written anew
    assert not list(root.rglob("*.tmp"))

    # the batch now has one file less: its rows go from every table, the other batch keeps its own
    gone = next((inbox / "a").glob("001_*"))
    gone.unlink()
    materialize("a")
    after = everything()
    for table in ("raw_articles", "clean_articles", "fact_mentions", "facts"):
        assert gone.stem not in {r["article_id"] for r in after[table]}
        for batch in "ab":
            kept = [r for r in before[table] if r["batch"] == batch and r["article_id"] != gone.stem]
            assert [r for r in after[table] if r["batch"] == batch] == kept, (table, batch)


def test_views_keep_one_version_of_an_article_across_batches(tmp_path):
    """Batches never see each other: an article in two of them is resolved when the Parquet is read."""
    inbox, root = tmp_path / "inbox", tmp_path / "parquet"
    seed = next(SEEDS.glob("000_*"))
    other = next(SEEDS.glob("004_*"))
    for day in ("2026-11-22", "2026-11-23"):
        (inbox / day).mkdir(parents=True)
    shutil.copy(seed, inbox / "2026-11-22" / seed.name)
    shutil.copy(other, inbox / "2026-11-22" / other.name)
    # the next day: a new version of 000 (a figure added), and 004's text again under another name
    text = seed.read_text(encoding="utf-8")
    (inbox / "2026-11-23" / seed.name).write_text(text + "\nوأصيب 17 جنديا أميركيا في الهجوم.\n", encoding="utf-8")
    shutil.copy(other, inbox / "2026-11-23" / "copy_of_004.txt")
    for key in parquet_assets.inbox_batch_files(inbox):
        parquet_assets.write_batch(inbox, root, key)
    parquet_assets.write_claims(root)

    con = views(root)
    assert rows(con, "SELECT count(*) AS n FROM raw_articles_all") == [{"n": 4}]
    assert rows(con, "SELECT article_id, batch FROM raw_articles ORDER BY article_id") == [
        {"article_id": seed.stem, "batch": "2026-11-23"},  # the last version of an article id
        {"article_id": other.stem, "batch": "2026-11-22"},  # the first name of a text
    ]
    assert {r["batch"] for r in rows(con, f"SELECT batch FROM facts WHERE article_id = '{seed.stem}'")} == {"2026-11-23"}
    assert rows(con, "SELECT count(*) AS n FROM facts WHERE article_id = 'copy_of_004'") == [{"n": 0}]
    assert rows(con, "SELECT value FROM facts WHERE fact_type = 'wounded' AND value = 17") == [{"value": 17.0}]
    # claims count each article once
    assert rows(con, "SELECT count(*) AS n FROM claims, unnest(article_ids) AS a(id) WHERE id = 'copy_of_004'") == [{"n": 0}]
    # a root with no batch yet reads as empty tables
    assert rows(views(tmp_path / "nothing_yet"), "SELECT count(*) AS n FROM v_facts") == [{"n": 0}]


def test_batches_of_the_inbox(tmp_path):
    inbox = tmp_path / "inbox"
    for folder in ("2026-11-23", "bad name", ".hidden", "2026-11-23/late"):
        (inbox / folder).mkdir(parents=True)
    for path in ("2026-11-23/a.txt", "2026-11-23/late/b.txt", "bad name/c.txt", ".hidden/d.txt", "loose.txt"):
        (inbox / path).write_text("نص", encoding="utf-8")

    grouped = parquet_assets.inbox_batch_files(inbox)
    hashed = parquet_assets.batch_key("bad name")
    assert hashed.startswith("_") and hashed != "bad name"
    assert {key: [f.relative_path for f in files] for key, files in grouped.items()} == {
        "2026-11-23": ["2026-11-23/a.txt", "2026-11-23/late/b.txt"],
        "_root": [".hidden", "loose.txt"],  # a hidden folder: one entry, quarantined unread
        hashed: ["bad name/c.txt"],
    }
    for key, files in grouped.items():  # one folder listed alone names its files as the whole listing does
        assert parquet_assets.batch_files(inbox, key) == files
    assert parquet_assets.batch_files(inbox, "no-such-batch") == []
    assert parquet_assets.batch_key("..") != ".." and parquet_assets.batch_key("a...b") != "a...b"


def test_sensor_adds_new_batches_and_runs_changed_ones(tmp_path):
    inbox = split_seeds(tmp_path / "inbox")
    instance = DagsterInstance.ephemeral()
    resources = {"parquet": parquet_assets.ParquetPaths(inbox=str(inbox), root=str(tmp_path / "parquet"))}

    def evaluate():
        with build_sensor_context(instance=instance, resources=resources) as context:
            return parquet_assets.inbox_batches_sensor(context)

    first = evaluate()
    assert [r.partition_keys for r in first.dynamic_partitions_requests] == [["a", "b"]]
    assert [r.partition_key for r in first.run_requests] == ["a", "b"]
    instance.add_dynamic_partitions("inbox_batches", ["a", "b"])
    (inbox / "b" / "new.txt").write_text("وصل 300 جندي", encoding="utf-8")
    second = evaluate()
    assert second.dynamic_partitions_requests == []
    keys = {r.partition_key: r.run_key for r in second.run_requests}
    assert keys["a"] == first.run_requests[0].run_key  # unchanged: the same run key, not run again
    assert keys["b"] != first.run_requests[1].run_key


@pytest.mark.filterwarnings("ignore::dagster.BetaWarning")  # raised by Dagster's own evaluator
def test_claims_are_requested_once_every_batch_has_facts(tmp_path):
    inbox, root = split_seeds(tmp_path / "inbox"), tmp_path / "parquet"
    instance = DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("inbox_batches", ["a", "b"])
    defs = parquet.build_parquet_definitions(inbox, root)
    claims = AssetKey(["parquet", "claims"])
    cursor = None
    for key, requested in (("a", 0), ("b", 1)):
        assert defs.resolve_job_def(parquet.BATCHES_JOB).execute_in_process(partition_key=key, instance=instance).success
        evaluation = evaluate_automation_conditions(defs=defs, instance=instance, cursor=cursor)
        assert evaluation.get_num_requested(claims) == requested, key
        cursor = evaluation.cursor
