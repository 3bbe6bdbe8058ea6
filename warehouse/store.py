"""The DuckDB warehouse: schema migrations, stage reads, one-transaction stage writes.

Arrow in, Arrow out.  The SQL files in ``sql/`` are the single source of truth
for table shapes: Arrow batches are cast to the schema DuckDB reports, so a
column added by a migration needs no second declaration in Python.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

STAGE_TABLES = (
    "raw_articles",
    "quarantine",
    "clean_articles",
    "fact_mentions",
    "facts",
    "claims",
    "dq_results",
    "stage_progress",
)
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Replacement:
    """Rows of one table to replace: delete those whose ``key`` is in ``keys``, insert ``rows``.

    ``keys=None`` replaces the whole table (a derived table rebuilt from its inputs).
    """

    table: str
    rows: pa.Table
    key: str = "article_id"
    keys: Sequence[str] | None = ()


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files("warehouse").joinpath("sql").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class Warehouse:
    """One DuckDB file.  Open a connection per operation: DuckDB allows one writer process."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(self.path), read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    # -- schema ---------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the migrations this file has not seen yet, then recreate the views."""
        applied_now = []
        with self.connect() as con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP DEFAULT now())"
            )
            done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
            for version, name, sql in _migrations():
                if version in done:
                    continue
                con.execute("BEGIN TRANSACTION")
                try:
                    con.execute(sql)
                    con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
                    con.execute("COMMIT")
                except Exception:
                    con.execute("ROLLBACK")
                    raise
                applied_now.append(name)
            con.execute(resources.files("warehouse").joinpath("sql/views.sql").read_text(encoding="utf-8"))
        return applied_now

    def arrow_schema(self, table: str) -> pa.Schema:
        with self.connect(read_only=True) as con:
            return con.sql(f"SELECT * FROM {_table(table)} LIMIT 0").to_arrow_table().schema

    def to_arrow(self, table: str, rows: Sequence[dict]) -> pa.Table:
        """Rows as an Arrow table in the exact schema of ``table``."""
        schema = self.arrow_schema(table)
        return pa.Table.from_pylist(list(rows), schema=schema)

    # -- reads ----------------------------------------------------------------

    def query(self, sql: str, params: Sequence | None = None) -> pa.Table:
        with self.connect(read_only=True) as con:
            return con.sql(sql, params=list(params) if params else None).to_arrow_table()

    def count(self, table: str) -> int:
        with self.connect(read_only=True) as con:
            return con.execute(f"SELECT count(*) FROM {_table(table)}").fetchone()[0]

    def pending_articles(self, stage: str, upstream: str, columns: str = "*", rules_version: str = "") -> pa.Table:
        """Upstream rows that ``stage`` has not processed in their current version.

        The idempotency key is the content hash with the rules version: an article
        is pending when the stage has not recorded it with the same sha256 under
        the same rules (it is new, it changed, or the extraction rules did).
        """
        sql = (
            f"SELECT {columns} FROM {_table(upstream)} u "
            "WHERE NOT EXISTS (SELECT 1 FROM stage_progress p WHERE p.stage = ? AND p.article_id = u.article_id "
            "AND p.sha256 = u.sha256 AND p.rules_version = ?) "
            "ORDER BY u.article_id"
        )
        return self.query(sql, [stage, rules_version])

    def progress(self, stage: str, articles: Sequence[dict], rules_version: str = "") -> Replacement:
        """The bookkeeping that marks ``articles`` (article_id, sha256) as done by ``stage``."""
        rows = [
            {
                "progress_key": f"{stage}/{a['article_id']}",
                "stage": stage,
                "article_id": a["article_id"],
                "sha256": a["sha256"],
                "rules_version": rules_version,
            }
            for a in articles
        ]
        return Replacement(
            "stage_progress", self.to_arrow("stage_progress", rows), key="progress_key", keys=[r["progress_key"] for r in rows]
        )

    # -- writes ---------------------------------------------------------------

    def write(self, replacements: Sequence[Replacement]) -> dict[str, int]:
        """Apply every replacement in one transaction: all of a stage lands, or none of it."""
        written: dict[str, int] = {}
        with self.connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                for rep in replacements:
                    table = _table(rep.table)
                    if rep.keys is None:
                        con.execute(f"DELETE FROM {table}")
                    elif rep.keys:
                        con.execute(
                            f"DELETE FROM {table} WHERE {_column(rep.key)} IN (SELECT unnest(?))",
                            [list(rep.keys)],
                        )
                    if rep.rows.num_rows:
                        con.register("incoming_rows", rep.rows)
                        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
                        con.unregister("incoming_rows")
                    written[rep.table] = written.get(rep.table, 0) + rep.rows.num_rows
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return written


def _table(name: str) -> str:
    if name not in STAGE_TABLES:
        raise ValueError(f"not a warehouse table: {name!r}")
    return name


def _column(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"not a column name: {name!r}")
    return name
