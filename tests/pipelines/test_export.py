"""arqam export and arqam facts --format: the warehouse's own rows, read from its snapshot."""
from __future__ import annotations

import csv
import datetime
import io
import json
import shutil

import duckdb
import pyarrow.parquet as pq
import pytest

from arqam.pipelines.cli import main
from arqam.pipelines.export import relations


def snapshot_of(seeds_run):
    settings, _ = seeds_run
    return settings.snapshot


def test_every_table_of_the_snapshot_is_exported_as_parquet_with_its_rows_and_types(seeds_run, tmp_path, capsys):
    snapshot = snapshot_of(seeds_run)
    assert main(["export", "--snapshot", str(snapshot), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    with duckdb.connect(str(snapshot), read_only=True) as con:
        tables, views = relations(con)
        assert {"raw_articles", "facts", "claim_facts", "dq_results", "quarantine"} <= set(tables)
        assert "claims" in views  # computed from claim_facts, and exported with the tables as when it was one
        exported = [*tables, "claims"]
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{t}.parquet" for t in exported)
        for table in exported:
            stored = con.sql(f"SELECT * FROM {table}").to_arrow_table()
            written = pq.read_table(tmp_path / "out" / f"{table}.parquet")
            assert written.schema.names == stored.schema.names
            assert written.cast(stored.schema).equals(stored), table
            assert f"{table:<24}{stored.num_rows:>9} rows" in printed
    others = [v for v in views if v != "claims"]
    assert others and not any(f"{v} " in printed for v in others)  # the other views only when asked


def test_chosen_tables_and_views_are_exported_as_csv_with_a_header(seeds_run, tmp_path, capsys):
    snapshot = snapshot_of(seeds_run)
    out = tmp_path / "csv"
    assert main(["export", "--format", "csv", "--snapshot", str(snapshot), "--out", str(out),
                 "--table", "facts", "--table", "v_facts"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["facts.csv", "v_facts.csv"]
    with duckdb.connect(str(snapshot), read_only=True) as con:
        for name in ("facts", "v_facts"):
            cursor = con.execute(f"SELECT * FROM {name}")
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            with open(out / f"{name}.csv", encoding="utf-8", newline="") as handle:
                read = list(csv.reader(handle))
            assert read[0] == columns
            assert len(read) - 1 == len(rows) > 0
            evidence = columns.index("evidence")
            assert sorted(r[evidence] for r in read[1:]) == sorted(r[evidence] for r in rows)  # Arabic as itself


def test_views_are_exported_when_asked(seeds_run, tmp_path):
    snapshot = snapshot_of(seeds_run)
    assert main(["export", "--snapshot", str(snapshot), "--out", str(tmp_path), "--views"]) == 0
    with duckdb.connect(str(snapshot), read_only=True) as con:
        tables, views = relations(con)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.parquet" for n in tables + views)
    assert pq.read_table(tmp_path / "v_facts.parquet").num_rows == pq.read_table(tmp_path / "facts.parquet").num_rows


def test_the_export_reads_the_snapshot_it_is_given_not_the_inbox(seeds_run, tmp_path):
    """A copy of the snapshot with one article's facts removed exports without them: the rows come from
    the snapshot, not from extracting the inbox again."""
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(snapshot_of(seeds_run), copy)
    with duckdb.connect(str(copy)) as con:
        total = con.execute("SELECT count(*) FROM facts").fetchone()[0]
        removed = con.execute(
            "DELETE FROM facts WHERE article_id = (SELECT min(article_id) FROM facts) RETURNING fact_id"
        ).fetchall()
    assert 0 < len(removed) < total
    assert main(["export", "--snapshot", str(copy), "--out", str(tmp_path / "out"), "--table", "facts"]) == 0
    assert pq.read_table(tmp_path / "out" / "facts.parquet").num_rows == total - len(removed)


def test_an_unknown_table_exits_2_naming_the_close_one_and_writes_nothing(seeds_run, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["export", "--snapshot", str(snapshot_of(seeds_run)), "--out", str(out), "--table", "fact"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("arqam: unknown table or view 'fact' (did you mean facts?): expected one of ")
    assert not out.exists()


def test_export_without_a_snapshot_says_how_to_get_one(tmp_path, capsys):
    assert main(["export", "--snapshot", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "out")]) == 2
    assert "arqam run` publishes it" in capsys.readouterr().err


def facts_of(snapshot, fact_type=None):
    with duckdb.connect(str(snapshot), read_only=True) as con:
        cursor = con.execute(
            "SELECT * FROM facts WHERE ? IS NULL OR fact_type = ? ORDER BY article_id, start_offset, fact_type, fact_id",
            [fact_type, fact_type],
        )
        columns = [d[0] for d in cursor.description]
        return columns, cursor.fetchall()


@pytest.mark.parametrize("fact_type", [None, "troops"])
def test_facts_as_json_are_every_column_of_the_facts_table(seeds_run, capsys, fact_type):
    snapshot = snapshot_of(seeds_run)
    args = ["facts", "--snapshot", str(snapshot), "--format", "json"] + (["--type", fact_type] if fact_type else [])
    assert main(args) == 0
    out = capsys.readouterr().out
    read = json.loads(out)
    columns, rows = facts_of(snapshot, fact_type)
    assert [list(r) for r in read] == [columns] * len(rows)
    # dates as their ISO text (JSON has no date), every other value as itself
    as_json = [tuple(v.isoformat() if isinstance(v, (datetime.date, datetime.datetime)) else v for v in row) for row in rows]
    assert [tuple(r[c] for c in columns) for r in read] == as_json
    assert "\\u06" not in out  # Arabic written as itself


def test_facts_as_csv_have_a_header_and_one_line_per_fact(seeds_run, capsys):
    snapshot = snapshot_of(seeds_run)
    assert main(["facts", "--snapshot", str(snapshot), "--format", "csv", "--type", "funding"]) == 0
    read = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    columns, rows = facts_of(snapshot, "funding")
    assert read[0] == columns and len(read) == len(rows) + 1 > 1
    at = {name: columns.index(name) for name in ("fact_id", "value", "mention_ids")}
    for line, row in zip(read[1:], rows):
        assert line[at["fact_id"]] == row[at["fact_id"]]
        assert float(line[at["value"]]) == row[at["value"]]
        assert json.loads(line[at["mention_ids"]]) == row[at["mention_ids"]]


def test_facts_as_a_table_stay_the_default(seeds_run, capsys):
    assert main(["facts", "--snapshot", str(snapshot_of(seeds_run)), "--type", "troops"]) == 0
    assert "2,400 person" in capsys.readouterr().out
