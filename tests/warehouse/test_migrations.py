"""Every warehouse a release left can be upgraded; released migrations never change; a failed one says why.

A warehouse applies each migration once and records it in schema_migrations: a migration edited
after its release is never applied again where it already was, so warehouses built before and
after the edit differ, and the migrations written after it assume the edit.  001 was edited so
(ff6dd92 added stage_progress.rules_version) and every warehouse built before it stopped at
version 5, its runs refused.  So:

- ``fixtures/warehouses/released/`` holds every migration as first released (and 001 as edited
  in ff6dd92, since warehouses were built with it too), the views of each release, and
  ``SHA256SUMS``, the hash of each released migration: the files in ``warehouse/sql`` must stay
  byte for byte as released.  A change to the schema is a new migration.
- A warehouse of each released schema is built here from those texts (not from today's), with
  rows an older release wrote (``rows.json``: a figure its rules typed otherwise than today's
  rules do, recorded as processed by older rules), then opened by today's code and run over a
  small inbox: it must end as a fresh warehouse does, schema and rows.

The fixtures were taken from git history once; the tests do not call git.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from arqam.warehouse.store import Warehouse, _migrations
from tests.conftest import make_settings, run_pipeline

FIXTURES = Path(__file__).parents[1] / "fixtures" / "warehouses"
RELEASED = FIXTURES / "released"
MANIFEST = RELEASED / "SHA256SUMS"
INBOX = FIXTURES / "inbox"
MIGRATIONS = Path(__file__).resolve().parents[2] / "warehouse" / "sql"
MIGRATION_FILE = re.compile(r"^\d{3}_[a-z0-9_]+\.sql$")

# schema_migrations as every release so far created it
SCHEMA_MIGRATIONS = (
    "CREATE TABLE schema_migrations "
    "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP DEFAULT now())"
)
FIRST_001 = "001_initial.sql"
EDITED_001 = "001_initial.edited_in_ff6dd92.sql"
LATER = (
    "002_actor_glosses.sql",
    "003_reading_flags_and_versions.sql",
    "004_derived_builds.sql",
    "005_inbox_files.sql",
    "006_keys_kept_by_the_writer.sql",
)
RULES_RECORDED = "007_rules_version_recorded.sql"
DATES = "008_dates.sql"
DQ_STATUS = "009_dq_status.sql"
CLAIMS_IN_A_VIEW = "010_claims_in_a_view.sql"

# Each released schema: the migrations (fixture files) that built the warehouse, in the order its
# release applied them, before its rows were written; then those a later release applied over
# the rows.  A warehouse built before ff6dd92 kept the first 001: later releases applied 002 to
# 005 to it, then failed at 006.  One built from ff6dd92 on had the edited 001, and any version.
# This release builds with the first 001 again, and 007 before 006.
RELEASED_SCHEMAS = {
    **{
        f"first_001_upgraded_to_{n:03d}": ((FIRST_001,), LATER[: n - 1])
        for n in range(1, 6)
    },
    **{
        f"edited_001_at_{n:03d}": ((EDITED_001, *LATER[: n - 1]), ())
        for n in range(1, 7)
    },
    "first_001_with_007_before_006": ((FIRST_001, *LATER[:4], RULES_RECORDED, LATER[4]), ()),
    "first_001_with_007_before_006_then_008": ((FIRST_001, *LATER[:4], RULES_RECORDED, LATER[4], DATES), ()),
    "first_001_with_007_before_006_then_008_009": ((FIRST_001, *LATER[:4], RULES_RECORDED, LATER[4], DATES, DQ_STATUS), ()),
    # 010 drops the claims table over the rows a release of 009 wrote
    "first_001_with_007_before_006_then_008_009_upgraded_to_010": (
        (FIRST_001, *LATER[:4], RULES_RECORDED, LATER[4], DATES, DQ_STATUS), (CLAIMS_IN_A_VIEW,)
    ),
}
# every table compared with a fresh warehouse's, by its key
KEYS = {
    "raw_articles": "article_id",
    "quarantine": "quarantine_id",
    "clean_articles": "article_id",
    "fact_mentions": "mention_id",
    "facts": "fact_id",
    "claims": "claim_id",
    "claim_facts": "fact_id",
    "stage_progress": "progress_key",
}


def recorded_name(fixture: str) -> str:
    """The name schema_migrations recorded: the file's name in warehouse/sql at its release."""
    return fixture.split(".")[0] + ".sql"


def version_of(fixture: str) -> int:
    return int(fixture[:3])


def released_views(versions: list[int]) -> str:
    """views.sql as the release that applied these migrations had it (it changed with 002; with 008:
    published became a timestamp; with 010: claims became a view over claim_facts)."""
    latest = max(versions)
    as_of = "b91a4b6" if latest < 2 else "bdcc97c" if latest < 8 else "008_dates" if latest < 10 else "010_claims_in_a_view"
    return (RELEASED / f"views.as_of_{as_of}.sql").read_text(encoding="utf-8")


def insert_old_rows(con: duckdb.DuckDBPyConnection) -> None:
    """rows.json, each table's rows with the columns it has here: what a release of this schema wrote."""
    rows = json.loads((FIXTURES / "rows.json").read_text(encoding="utf-8"))
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for table, records in rows.items():
        if table not in tables:
            continue
        schema = con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
        for field in schema:
            if pa.types.is_timestamp(field.type):
                for record in records:
                    if isinstance(record.get(field.name), str):
                        record[field.name] = datetime.fromisoformat(record[field.name])
        incoming = pa.Table.from_pylist(records, schema=schema)
        con.register("incoming", incoming)
        con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
        con.unregister("incoming")


def build_released_warehouse(path: Path, schema: str) -> None:
    """The warehouse as the releases of ``schema`` left it, from the SQL they shipped."""
    built, upgraded = RELEASED_SCHEMAS[schema]
    applied: list[int] = []
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA_MIGRATIONS)

        def apply(fixtures) -> None:
            for fixture in fixtures:
                con.execute("BEGIN TRANSACTION")
                con.execute((RELEASED / fixture).read_text(encoding="utf-8"))
                con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                            [version_of(fixture), recorded_name(fixture)])
                con.execute("COMMIT")
                applied.append(version_of(fixture))
            con.execute(released_views(applied))

        apply(built)
        insert_old_rows(con)
        if upgraded:
            apply(upgraded)
    finally:
        con.close()


def schema_of(path: Path) -> dict:
    """Every table's columns (name, position, type, NULL allowed, default) and constraints, and the views."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "columns": sorted(con.execute(
                "SELECT table_name, column_index, column_name, data_type, is_nullable, column_default "
                "FROM duckdb_columns() WHERE NOT internal AND table_name NOT LIKE 'v\\_%' ESCAPE '\\'"
            ).fetchall()),
            "constraints": sorted(
                (table, kind, tuple(columns)) for table, kind, columns in con.execute(
                    "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints()"
                ).fetchall()
            ),
            "views": sorted(row[0] for row in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()),
        }
    finally:
        con.close()


def rows_of(path: Path) -> dict[str, list[dict]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.sql(f"SELECT * FROM {t} ORDER BY {key}").to_arrow_table().to_pylist() for t, key in KEYS.items()}
    finally:
        con.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest() -> dict[str, str]:
    entries = {}
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split()
            entries[name] = digest
    return entries


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """The inbox run into a new warehouse: where every upgraded one must end."""
    root = tmp_path_factory.mktemp("fresh")
    settings = make_settings(root)
    shutil.copytree(INBOX, settings.inbox)
    assert run_pipeline(settings).success
    return settings


# -- released migrations stay as released ---------------------------------------------------


def changes_to_released_migrations(folder: Path) -> list[str]:
    """What in ``folder`` (warehouse/sql) breaks the rule: released migrations edited, removed or
    renamed, and migrations the manifest does not list yet."""
    current = {path.name: sha256(path) for path in folder.iterdir() if MIGRATION_FILE.match(path.name)}
    released = manifest()
    problems = []
    for name, digest in released.items():
        if name not in current:
            problems.append(f"warehouse/sql/{name} was released: it cannot be removed or renamed")
        elif current[name] != digest:
            problems.append(
                f"warehouse/sql/{name} was released and has been edited since. A warehouse that applied it "
                "never applies it again, so the edit reaches only new warehouses. Restore it as released "
                f"(tests/fixtures/warehouses/released/{name}) and make the change a new migration (docs/migrations.md)."
            )
    for name in sorted(set(current) - set(released)):
        problems.append(
            f"warehouse/sql/{name} is not in tests/fixtures/warehouses/released/SHA256SUMS. A migration is "
            "released when it lands on main: in the commit that adds it, add its line (sha256sum), its copy in "
            "tests/fixtures/warehouses/released/ and the schema its release leaves to RELEASED_SCHEMAS "
            "(tests/warehouse/test_migrations.py); from then on it never changes."
        )
    return problems


def test_every_released_migration_is_byte_for_byte_as_released():
    problems = changes_to_released_migrations(MIGRATIONS)
    assert not problems, "\n".join(problems)


def test_the_check_sees_an_edited_a_removed_and_an_unlisted_migration(tmp_path):
    folder = tmp_path / "sql"
    shutil.copytree(MIGRATIONS, folder)
    edited = folder / "002_actor_glosses.sql"
    edited.write_text(edited.read_text(encoding="utf-8") + "-- a note added later\n", encoding="utf-8")
    (folder / "003_reading_flags_and_versions.sql").unlink()
    (folder / "099_something_new.sql").write_text("SELECT 1;\n", encoding="utf-8")
    problems = changes_to_released_migrations(folder)
    assert [problem.split(" ")[0] for problem in problems] == [
        "warehouse/sql/002_actor_glosses.sql", "warehouse/sql/003_reading_flags_and_versions.sql",
        "warehouse/sql/099_something_new.sql",
    ]
    assert "has been edited" in problems[0] and "removed" in problems[1] and "SHA256SUMS" in problems[2]


def test_the_released_texts_in_the_fixtures_are_those_the_manifest_names():
    for name, digest in manifest().items():
        assert sha256(RELEASED / name) == digest, name


def test_every_released_migration_builds_one_of_the_released_schemas():
    used = {recorded_name(f) for built, upgraded in RELEASED_SCHEMAS.values() for f in (*built, *upgraded)}
    missing = sorted(set(manifest()) - used)
    assert not missing, f"{missing}: add the schema their release leaves to RELEASED_SCHEMAS"


# -- a warehouse of every released schema is upgraded ------------------------------------


@pytest.mark.parametrize("schema", sorted(RELEASED_SCHEMAS))
def test_a_warehouse_of_every_released_schema_is_upgraded_and_its_old_rows_redone(fresh, tmp_path, schema):
    settings = make_settings(tmp_path)
    shutil.copytree(INBOX, settings.inbox)
    settings.warehouse.parent.mkdir(parents=True)
    build_released_warehouse(settings.warehouse, schema)

    assert run_pipeline(settings).success
    wh = Warehouse(settings.warehouse)
    assert wh.query("SELECT version FROM schema_migrations ORDER BY 1").column(0).to_pylist() == [
        version for version, _, _ in _migrations()
    ]
    assert schema_of(settings.warehouse) == schema_of(fresh.warehouse)
    # the older rules' reading (the dead as wounded) is gone: every stage redid the article
    assert wh.query("SELECT count(*) AS n FROM fact_mentions WHERE fact_type = 'wounded'").to_pylist() == [{"n": 0}]
    upgraded, expected = rows_of(settings.warehouse), rows_of(fresh.warehouse)
    for table in KEYS:
        assert upgraded[table] == expected[table], f"{table}, upgraded from {schema}"


def test_the_old_rows_are_there_before_the_upgrade(tmp_path):
    """The fixture is what the test claims: old rows, under older rules or none recorded."""
    for schema in ("first_001_upgraded_to_005", "edited_001_at_006"):
        path = tmp_path / f"{schema}.duckdb"
        build_released_warehouse(path, schema)
        con = duckdb.connect(str(path), read_only=True)
        try:
            assert con.execute("SELECT count(*) FROM fact_mentions WHERE fact_type = 'wounded'").fetchone() == (1,)
            columns = {row[0] for row in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'stage_progress'").fetchall()}
            assert ("rules_version" in columns) == schema.startswith("edited")
        finally:
            con.close()


# -- a migration that fails says why -----------------------------------------------------------


def arqam_run(tmp_path: Path, monkeypatch, capsys, warehouse: Path) -> tuple[int, list[str]]:
    """`arqam run` over the inbox: its exit status and what it printed."""
    from arqam.pipelines import cli

    inbox = tmp_path / "inbox"
    shutil.copytree(INBOX, inbox)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("ARQAM_WORKERS", "1")
    status = cli.main(["run", "--inbox", str(inbox), "--warehouse", str(warehouse)])
    return status, capsys.readouterr().out.splitlines()


def test_a_migration_that_fails_ends_the_run_with_its_name_and_duckdbs_error(tmp_path, monkeypatch, capsys):
    """A warehouse of schema 004 where someone made a table inbox_files by hand: 005 cannot create it.
    The run stops before any stage, exits 1, and says in one line which migration failed and what
    DuckDB said (it said a bare FAILED); the warehouse stays at version 4."""
    warehouse = tmp_path / "w.duckdb"
    build_released_warehouse(warehouse, "edited_001_at_004")
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE TABLE inbox_files (source_path VARCHAR)")

    status, lines = arqam_run(tmp_path, monkeypatch, capsys, warehouse)
    assert status == 1
    assert lines[0].endswith(": FAILED")
    [cause] = [line for line in lines if line.startswith("  ! ")]
    assert "migration 005_inbox_files.sql failed" in cause, cause
    assert 'Table with name "inbox_files" already exists' in cause, cause
    assert "articles read:   1" in lines  # the summary still reads the warehouse as it was left
    assert Warehouse(warehouse).query("SELECT max(version) AS v FROM schema_migrations").to_pylist() == [{"v": 4}]


def test_a_file_that_is_no_arqam_warehouse_fails_the_run_with_the_cause_not_a_traceback(tmp_path, monkeypatch, capsys):
    """A DuckDB file of some other program with a table raw_articles: 001 cannot create its own, and the
    summary cannot read the tables it counts; it says so, after the cause."""
    warehouse = tmp_path / "other.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE TABLE raw_articles (headline VARCHAR, words INTEGER)")

    status, lines = arqam_run(tmp_path, monkeypatch, capsys, warehouse)
    assert status == 1
    assert lines[0].endswith(": FAILED")
    [cause] = [line for line in lines if line.startswith("  ! ")]
    assert "migration 001_initial.sql failed" in cause and 'Table with name "raw_articles" already exists' in cause, cause
    assert any("could not be read for the counts" in line for line in lines), lines
