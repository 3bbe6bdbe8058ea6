"""A quality record to trust: every run records every check, skipped ones as skipped; the history, the trend, the site.

The pipeline tests run the seeds twice with one Dagster instance: the second run finds nothing
new.  The rest work on a warehouse whose dq_results are written by hand: two runs, one failing
check whose unexpected values hold Arabic text and markup.
"""
from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from dagster import DagsterInstance

from arqam.assets.quality_site import index_path, page_path, render_index, render_run_pages
from arqam.expectations.no_new_rows import SKIPPED
from arqam.expectations.suites import suites
from arqam.pipelines import cli
from arqam.pipelines.quality import quality_trend
from arqam.pipelines.summary import run_summary
from arqam.warehouse.store import Warehouse
from tests.conftest import SEEDS, make_settings, run_pipeline
from tests.warehouse.test_migrations import RELEASED_SCHEMAS, build_released_warehouse

EVERY_CHECK = {(table, spec.name) for table, suite in suites().items() for spec in suite.expectations}
# a reference to another host in an attribute that loads something (a style, a script, an image)
OUTSIDE_ASSET = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """The seeds run twice into one warehouse, one Dagster instance: the second finds nothing new."""
    root = tmp_path_factory.mktemp("two_runs")
    shutil.copytree(SEEDS, root / "inbox")
    settings = make_settings(root)
    instance = DagsterInstance.ephemeral()
    first = run_pipeline(settings, instance)
    second = run_pipeline(settings, instance)
    assert first.success and second.success
    return settings, first, second


def rows_of_run(settings, run_id: str) -> list[dict]:
    return Warehouse(settings.warehouse).query(
        "SELECT stage, check_name, status, success, element_count, batches FROM dq_results WHERE run_id = ?", [run_id]
    ).to_pylist()


# -- every run records every check --------------------------------------------------------------


def test_a_run_that_finds_nothing_new_records_every_check_as_skipped(two_runs):
    settings, _, second = two_runs
    rows = rows_of_run(settings, second.run_id)
    assert {(row["stage"], row["check_name"]) for row in rows} == EVERY_CHECK
    assert len(rows) == len(EVERY_CHECK)
    assert all(row["status"] == SKIPPED and row["success"] is None for row in rows)
    assert all(row["element_count"] == 0 and row["batches"] == 0 for row in rows)


def test_a_run_records_its_validated_checks_as_pass_and_an_empty_table_as_skipped(two_runs):
    settings, first, _ = two_runs
    rows = {(row["stage"], row["check_name"]): row for row in rows_of_run(settings, first.run_id)}
    assert set(rows) == EVERY_CHECK
    # the seeds quarantine nothing: its checks had no row to look at
    assert {key for key, row in rows.items() if row["status"] == SKIPPED} == {k for k in EVERY_CHECK if k[0] == "quarantine"}
    passed = [row for key, row in rows.items() if key[0] != "quarantine"]
    assert all(row["status"] == "pass" and row["success"] is True and row["batches"] == 1 for row in passed)


def test_the_summary_of_a_run_that_finds_nothing_new_says_skipped_not_pass(two_runs):
    settings, first, second = two_runs
    lines = run_summary(settings, second.run_id, True, []).splitlines()
    checks = lines[lines.index("data-quality checks (this run):") + 1 :][: len(EVERY_CHECK)]
    assert len(checks) == len(EVERY_CHECK)
    assert all(line.split(None, 1)[1] == SKIPPED for line in checks), checks
    assert not any(line.rstrip().endswith("pass") for line in checks)
    first_lines = run_summary(settings, first.run_id, True, []).splitlines()
    assert f"  {'raw_articles.article_id_unique':<52}pass" in first_lines
    assert f"  {'quarantine.reason_allowed':<52}{SKIPPED}" in first_lines


def test_the_dagster_checks_of_a_run_that_finds_nothing_new_say_skipped_with_no_row_validated(two_runs):
    _, _, second = two_runs
    evaluations = second.get_asset_check_evaluations()
    assert {(e.asset_key.path[-1], e.check_name) for e in evaluations} == EVERY_CHECK
    for e in evaluations:
        assert e.metadata["status"].value == SKIPPED
        assert e.metadata["rows_validated"].value == 0
        assert e.description.startswith(SKIPPED) and "nothing was checked" in e.description


def test_each_dagster_check_links_to_its_page_which_names_the_run_the_table_and_the_batch(two_runs):
    settings, first, second = two_runs
    for result in (first, second):
        for e in result.get_asset_check_evaluations():
            table = e.asset_key.path[-1]
            page = Path(e.metadata["quality_page"].value)
            assert page == page_path(settings.reports, result.run_id, table, e.check_name)
            text = page.read_text(encoding="utf-8")
            assert f"<tr><th>Run id</th><td><code>{result.run_id}</code></td></tr>" in text
            assert f"<tr><th>Table</th><td><code>{table}</code></td></tr>" in text
            assert "<tr><th>Batch</th><td>" in text
            if e.metadata["status"].value == "pass":
                assert f"the new rows of {table} in run {result.run_id}: " in text and "in 1 batch<" in text
            else:
                assert f"none: run {result.run_id} found no new rows of {table}" in text


# -- the history and the trend -------------------------------------------------------------------


def test_the_history_view_gives_every_check_of_both_runs_in_order_with_a_pass_rate(two_runs):
    settings, first, second = two_runs
    history = Warehouse(settings.warehouse).query(
        "SELECT run_id, runs_ago, run_started, stage, check_name, status, pass_rate FROM v_dq_history"
    ).to_pylist()
    assert [row["run_id"] for row in history] == [first.run_id] * len(EVERY_CHECK) + [second.run_id] * len(EVERY_CHECK)
    assert {row["runs_ago"] for row in history if row["run_id"] == second.run_id} == {0}
    assert {row["runs_ago"] for row in history if row["run_id"] == first.run_id} == {1}
    started = {row["run_id"]: row["run_started"] for row in history}
    assert started[first.run_id] < started[second.run_id]
    assert {row["pass_rate"] for row in history if row["status"] == "pass"} == {1.0}
    assert {row["pass_rate"] for row in history if row["status"] == SKIPPED} == {None}


def test_the_latest_result_of_a_check_is_the_latest_that_validated_rows(two_runs):
    settings, first, _ = two_runs
    latest = Warehouse(settings.warehouse).query("SELECT stage, check_name, run_id, status FROM v_dq_latest").to_pylist()
    assert {(row["stage"], row["check_name"]) for row in latest} == {k for k in EVERY_CHECK if k[0] != "quarantine"}
    assert {(row["run_id"], row["status"]) for row in latest} == {(first.run_id, "pass")}


def test_arqam_quality_prints_each_checks_trend_over_the_runs(two_runs, capsys):
    settings, first, second = two_runs
    status = cli.main(["quality", "--warehouse", str(settings.warehouse), "--runs", "5"])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert lines[0].startswith("data-quality trend: the last 2 runs (oldest first)")
    assert lines[1].startswith("  run 1  ") and first.run_id in lines[1]
    assert lines[1].endswith(f"{len(EVERY_CHECK) - 4} pass, 4 {SKIPPED}")
    assert lines[2].startswith("  run 2  ") and lines[2].endswith(f"{second.run_id}  {len(EVERY_CHECK)} {SKIPPED}")
    row = next(line for line in lines if line.startswith("  raw_articles.article_id_unique "))
    assert row.split() == ["raw_articles.article_id_unique", "pass", "skip", "1", "of", "1"]
    row = next(line for line in lines if line.startswith("  quarantine.reason_allowed "))
    assert row.split() == ["quarantine.reason_allowed", "skip", "skip", "not", "run", "on", "rows"]

    assert cli.main(["quality", "--warehouse", str(settings.warehouse), "--runs", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("data-quality trend: the last 1 run (oldest first)") and second.run_id in lines[1]


def test_arqam_quality_without_a_snapshot_or_with_no_runs_exits_2_saying_what_it_expected(tmp_path, capsys):
    assert cli.main(["quality", "--snapshot", str(tmp_path / "none.duckdb")]) == 2
    assert "no snapshot at" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["quality", "--snapshot", str(tmp_path / "none.duckdb"), "--runs", "none"])
    assert exit_.value.code == 2
    assert "expected a whole number of runs, 1 or more, not 'none'" in capsys.readouterr().err


# -- the site, on a record written by hand ----------------------------------------------------------

XSS = "<script>alert(1)</script>"
ARABIC = "كلمات دلالية: بغداد"  # a tags line left in the text


def dq_row(run_id: str, check: str, at: datetime, **values) -> dict:
    row = {"run_id": run_id, "stage": "clean_articles", "check_name": check, "expectation_type": "ExpectColumnValuesToBeNull",
           "column_name": "furniture_found", "success": True, "status": "pass", "batches": 2, "element_count": 40,
           "unexpected_count": 0, "unexpected_sample": "[]", "observed_value": None, "validated_at": at}
    return {**row, **values}


@pytest.fixture
def recorded(tmp_path):
    """A warehouse with two runs recorded: in the second, no_page_furniture_left failed on 3 of 40 rows."""
    store = Warehouse(tmp_path / "w.duckdb")
    store.migrate()
    rows = [
        dq_row("run-a", "no_page_furniture_left", datetime(2025, 3, 1, 9, 0)),
        dq_row("run-a", "article_id_unique", datetime(2025, 3, 1, 9, 1)),
        dq_row("run-b", "no_page_furniture_left", datetime(2025, 3, 2, 9, 0), success=False, status="fail",
               unexpected_count=3, unexpected_sample=json.dumps([ARABIC, XSS], ensure_ascii=False)),
        dq_row("run-b", "article_id_unique", datetime(2025, 3, 2, 9, 1)),
    ]
    store.write([], then=store.replace_quality_results("run-a", store.to_arrow("dq_results", rows[:2])))
    store.write([], then=store.replace_quality_results("run-b", store.to_arrow("dq_results", rows[2:])))
    return store, tmp_path / "reports"


def render(store: Warehouse, reports: Path, keep_runs: int = 20) -> dict:
    with store.connect() as con:
        pages = {run: render_run_pages(con, reports, run, ["clean_articles"]) for run in ("run-a", "run-b")}
        render_index(con, reports, keep_runs)
    return pages


def test_the_history_view_gives_the_share_of_rows_that_met_a_check(recorded):
    store, _ = recorded
    history = store.query("SELECT run_id, runs_ago, check_name, status, pass_rate FROM v_dq_history").to_pylist()
    assert history == [
        {"run_id": "run-a", "runs_ago": 1, "check_name": "article_id_unique", "status": "pass", "pass_rate": 1.0},
        {"run_id": "run-a", "runs_ago": 1, "check_name": "no_page_furniture_left", "status": "pass", "pass_rate": 1.0},
        {"run_id": "run-b", "runs_ago": 0, "check_name": "article_id_unique", "status": "pass", "pass_rate": 1.0},
        {"run_id": "run-b", "runs_ago": 0, "check_name": "no_page_furniture_left", "status": "fail", "pass_rate": 37 / 40},
    ]


def test_the_trend_shows_a_failure_with_its_count(recorded):
    store, _ = recorded
    lines = quality_trend(store.path).splitlines()
    assert lines[1] == "  run 1  2025-03-01 09:00:00  run-a  2 pass"
    assert lines[2] == "  run 2  2025-03-02 09:00:00  run-b  1 pass, 1 FAIL"
    row = next(line for line in lines if line.startswith("  clean_articles.no_page_furniture_left "))
    assert row.split()[1:] == ["pass", "FAIL", "1", "of", "2", "(last:", "3", "of", "40", "rows", "unexpected)"]


def test_the_quality_pages_load_nothing_from_another_host_and_name_batch_run_and_table(recorded):
    store, reports = recorded
    pages = render(store, reports)
    every = [index_path(reports), *(path for run in pages.values() for path in run.values())]
    assert len(every) == 5
    for path in every:
        text = path.read_text(encoding="utf-8")
        assert not OUTSIDE_ASSET.search(text), path
        assert "<script" not in text and "<link" not in text, path  # styles inline, no script at all
    failing = pages["run-b"][("clean_articles", "no_page_furniture_left")].read_text(encoding="utf-8")
    assert "<tr><th>Run id</th><td><code>run-b</code></td></tr>" in failing
    assert "<tr><th>Table</th><td><code>clean_articles</code></td></tr>" in failing
    assert "<tr><th>Batch</th><td>the new rows of clean_articles in run run-b: 40 rows in 2 batches</td></tr>" in failing
    assert '<span class="fail">fail</span>' in failing and "<tr><th>Unexpected</th><td>3</td></tr>" in failing
    index = index_path(reports).read_text(encoding="utf-8")
    assert "<code>run-a</code>" in index and "<code>run-b</code>" in index and "<code>clean_articles</code>" in index
    assert "the new rows of clean_articles in run run-b: 40 rows in 2 batches" in index  # the latest run's batch


def test_unexpected_values_are_shown_as_text_never_as_markup(recorded):
    store, reports = recorded
    failing = render(store, reports)["run-b"][("clean_articles", "no_page_furniture_left")].read_text(encoding="utf-8")
    assert XSS not in failing
    assert '<li dir="auto">&lt;script&gt;alert(1)&lt;/script&gt;</li>' in failing
    assert f'<li dir="auto">{ARABIC}</li>' in failing


def test_every_link_of_the_index_leads_to_a_page_of_that_run(recorded):
    store, reports = recorded
    render(store, reports)
    index = index_path(reports)
    links = re.findall(r'href="([^"]+)"', index.read_text(encoding="utf-8"))
    assert sorted(links) == sorted(
        f"runs/{run}/clean_articles.{check}.html" for run in ("run-a", "run-b")
        for check in ("no_page_furniture_left", "article_id_unique")
    )
    for link in links:
        assert f"<code>{link.split('/')[1]}</code>" in (index.parent / link).read_text(encoding="utf-8")


def test_the_site_keeps_the_pages_of_the_newest_runs_only(recorded):
    store, reports = recorded
    render(store, reports, keep_runs=1)
    assert not page_path(reports, "run-a", "clean_articles", "article_id_unique").exists()
    assert page_path(reports, "run-b", "clean_articles", "article_id_unique").exists()
    assert "run-a" not in index_path(reports).read_text(encoding="utf-8")


# -- the migration ------------------------------------------------------------------------------------


def test_results_recorded_before_the_status_column_get_the_status_their_success_says(tmp_path):
    path = tmp_path / "old.duckdb"
    build_released_warehouse(path, "first_001_with_007_before_006")
    assert "009_dq_status.sql" not in RELEASED_SCHEMAS["first_001_with_007_before_006"][0]
    with duckdb.connect(str(path)) as con:
        con.execute("INSERT INTO dq_results VALUES ('old', 'facts', 'a', 'T', NULL, true, 5, 0, '[]', NULL, '2024-01-01'),"
                    " ('old', 'facts', 'b', 'T', NULL, false, 5, 2, '[]', NULL, '2024-01-01')")
    assert Warehouse(path).migrate() == ["008_dates.sql", "009_dq_status.sql", "010_claims_in_a_view.sql"]
    assert Warehouse(path).query("SELECT check_name, status, batches FROM dq_results ORDER BY 1").to_pylist() == [
        {"check_name": "a", "status": "pass", "batches": None},
        {"check_name": "b", "status": "fail", "batches": None},
    ]


# -- the Parquet path's record -------------------------------------------------------------------


def test_parquet_checks_written_before_the_status_column_are_read_beside_later_ones(tmp_path):
    from arqam.assets import parquet as parquet_assets
    from arqam.warehouse import parquet as parquet_store

    old = pa.table({"run_id": ["old"], "stage": ["facts"], "check_name": ["a"], "expectation_type": ["T"],
                    "column_name": pa.array([None], pa.string()), "success": [False], "element_count": [4],
                    "unexpected_count": [1], "unexpected_sample": ["[]"], "observed_value": pa.array([None], pa.string()),
                    "validated_at": [datetime(2024, 1, 1)]})
    parquet_store.write_parquet(old, parquet_store.partition_path(tmp_path, "dq_results", "a"))
    con = duckdb.connect()
    parquet_store.duckdb_views(con, str(tmp_path))  # only old checks: no status column, and no error
    assert con.sql("SELECT run_id, success FROM v_dq_latest").fetchall() == [("old", False)]
    new = parquet_assets.dq_results([], "new")
    new = pa.Table.from_pylist([dq_row("new", "a", datetime(2024, 2, 1), stage="facts")], schema=new.schema)
    parquet_store.write_parquet(new, parquet_store.partition_path(tmp_path, "dq_results", "b"))
    con = duckdb.connect()
    parquet_store.duckdb_views(con, str(tmp_path))
    assert con.sql("SELECT run_id, status, runs_ago FROM v_dq_history ORDER BY run_id").fetchall() == [
        ("new", "pass", 0), ("old", "fail", 1)]
