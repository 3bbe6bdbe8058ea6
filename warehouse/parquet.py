"""The Parquet path's storage: the warehouse's tables as partitioned Parquet files, and DuckDB views over them.

Every batch of the inbox writes its own files, whole or not at all::

    <root>/<table>/batch=<key>/part-0.parquet    raw_articles, quarantine, clean_articles, fact_mentions, facts
    <root>/claims/part-0.parquet                  the claims' rows (claim_facts), after every batch
    <root>/dq_results/batch=<key>/part-0.parquet  the checks of a batch (``batch=_claims``: of the claims)

with exactly the warehouse's columns (``warehouse_schemas``: its own migrations, in a
throwaway DuckDB).  ``duckdb_views`` names the current rows as the warehouse names its
tables, so the warehouse's analysis views read them unchanged.  What writes them, and when,
is ``assets/parquet.py``; docs/distributed.md says how to run it.
"""
from __future__ import annotations

import functools
import os
import tempfile
import uuid
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from arqam.warehouse.store import Warehouse

BATCH_TABLES = ("raw_articles", "quarantine", "clean_articles", "fact_mentions", "facts")
PART = "part-0.parquet"


@functools.cache
def warehouse_schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of every table, from the warehouse's own SQL migrations.

    A throwaway DuckDB is migrated once per process, so the Parquet files have
    exactly the warehouse's columns and types, with no second declaration.
    """
    with tempfile.TemporaryDirectory() as folder:
        store = Warehouse(Path(folder) / "schema.duckdb")
        store.migrate()
        return {table: store.arrow_schema(table) for table in (*BATCH_TABLES, "claims", "claim_facts", "dq_results")}


def write_parquet(table: pa.Table, target: Path) -> None:
    """Write ``target`` whole or not at all: a hidden temporary file in the same folder, synced, then renamed.

    A partition is one file per table, so the rename replaces the partition
    atomically: a reader sees the old rows or the new, never both, never half
    (a leftover ``.*.tmp`` of a killed writer matches no ``*.parquet`` glob).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
    try:
        with open(temporary, "wb") as out:
            pq.write_table(table, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def partition_path(root: str | Path, table: str, key: str) -> Path:
    return Path(root) / table / f"batch={key}" / PART


def claims_path(root: str | Path) -> Path:
    return Path(root) / "claims" / PART


def facts_with_articles(con: duckdb.DuckDBPyConnection, fact_columns: Sequence[str], article_columns: Sequence[str]) -> pa.Table:
    """The current facts' ``fact_columns``, each with its article's ``article_columns`` (over ``duckdb_views``)."""
    # names written in the code, never input
    columns = ", ".join([*(f"f.{name}" for name in fact_columns), *(f"a.{name}" for name in article_columns)])
    return con.sql(f"SELECT {columns} FROM facts f LEFT JOIN raw_articles a ON a.article_id = f.article_id").to_arrow_table()


def without_stored_claims(con: duckdb.DuckDBPyConnection, schema: pa.Schema) -> None:
    """``claim_facts`` empty (and no ``claims``) on ``con``: claims about to be rewritten whole are checked
    as new rows with none stored before them, of another article, to compare them with."""
    con.execute("DROP VIEW IF EXISTS claims")
    con.execute("DROP VIEW IF EXISTS claim_facts")
    con.register("claim_facts", schema.empty_table())


def duckdb_views(con: duckdb.DuckDBPyConnection, root: str) -> None:
    """Views over the Parquet under ``root`` (a folder, or ``s3://...`` with httpfs loaded) named as the warehouse's tables.

    ``<table>_all``: every row of every batch, with its ``batch`` column.  The
    tables themselves hold the current rows: an article id in several batches is
    taken from the last batch (keys in sorted order: name batches by date), and
    the same text under two ids is kept once (the first); the later stages
    follow the articles kept, by content hash too, so a reader who comes while a
    batch is being replaced never sees one version's facts under another's text.
    Then ``claim_facts`` (once written), the view ``claims`` over them, and the warehouse's analysis views (``v_facts``,
    ``v_troop_counts`` ...).  One root per connection.
    """
    root = str(root).rstrip("/")
    # names are tables here, never Python variables of the caller that happen to share them
    con.execute("SET python_enable_replacements = false")
    # the root is a value: passed as a parameter, read by the views (re-bound at each query) from the variable
    con.execute("SET VARIABLE arqam_parquet_root = ?", [root])
    for table in (*BATCH_TABLES, "dq_results"):
        if "://" in root or any(Path(root).glob(f"{table}/batch=*/*.parquet")):
            con.execute(
                f"CREATE OR REPLACE VIEW {table}_all AS SELECT * FROM read_parquet("
                f"getvariable('arqam_parquet_root') || '/{table}/batch=*/*.parquet', "
                "hive_partitioning = true, hive_types = {'batch': VARCHAR}"
                # checks written before dq_results had status and batches (009) beside later ones
                + (", union_by_name = true" if table == "dq_results" else "") + ")"
            )
        else:  # no batch written yet: the table is empty, not missing
            con.register(f"{table}_all", warehouse_schemas()[table].append(pa.field("batch", pa.string())).empty_table())
    con.execute(
        "CREATE OR REPLACE VIEW raw_articles AS SELECT * FROM ("
        "  SELECT * FROM raw_articles_all"
        "  QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY batch DESC) = 1)"
        " QUALIFY row_number() OVER (PARTITION BY sha256 ORDER BY batch, article_id) = 1"
    )
    con.execute("CREATE OR REPLACE VIEW quarantine AS SELECT * FROM quarantine_all")
    con.execute("CREATE OR REPLACE VIEW dq_results AS SELECT * FROM dq_results_all")
    for table in ("clean_articles", "fact_mentions", "facts"):
        con.execute(
            f"CREATE OR REPLACE VIEW {table} AS SELECT t.* FROM {table}_all t "
            "SEMI JOIN raw_articles r ON t.article_id = r.article_id AND t.batch = r.batch AND t.sha256 = r.sha256"
        )
    if "://" in root or (Path(root) / "claims" / PART).exists():
        con.execute(
            "CREATE OR REPLACE VIEW claim_facts AS "
            "SELECT * FROM read_parquet(getvariable('arqam_parquet_root') || '/claims/part-0.parquet')"
        )
    for statement in con.extract_statements(resources.files("arqam.warehouse").joinpath("sql/views.sql").read_text("utf-8")):
        try:
            con.execute(statement)
        except duckdb.CatalogException:  # over claim_facts, not yet built
            pass
        except duckdb.BinderException:  # v_dq_history over checks all written before their status was
            pass
