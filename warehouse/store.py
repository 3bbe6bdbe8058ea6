"""The DuckDB warehouse: schema migrations, stage reads, one-transaction stage writes.

Arrow in, Arrow out.  The SQL files in ``sql/`` are the single source of truth
for table shapes: Arrow batches are cast to the schema DuckDB reports, so a
column added by a migration needs no second declaration in Python.

DuckDB lets one process write a file, and a process reading it blocks the
writer.  So a warehouse is three files:

- the live file (``arqam.duckdb``), opened by runs only, one run at a time;
  every stage lands in it in one transaction;
- its lock (``arqam.duckdb.lock``, see ``warehouse.lock``): an exclusive
  ``flock`` that a run holds from start to end;
- the snapshot (``arqam_snapshot.duckdb``): a read-only copy published by an
  atomic rename after each successful run, the only file readers open.
"""
from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
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
            # the views in one transaction too: none is seen half-replaced
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(resources.files("warehouse").joinpath("sql/views.sql").read_text(encoding="utf-8"))
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
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

    def pending_articles(
        self, stage: str, upstream: str, columns: Sequence[str] = ("article_id", "sha256"), rules_version: str = ""
    ) -> pa.Table:
        """Upstream rows that ``stage`` has not processed in their current version.

        The idempotency key is the content hash with the rules version: an article
        is pending when the stage has not recorded it with the same sha256 under
        the same rules (it is new, it changed, or the extraction rules did).
        """
        sql = (
            f"SELECT {_column_list(columns, 'u')} FROM {_table(upstream)} u "
            "WHERE NOT EXISTS (SELECT 1 FROM stage_progress p WHERE p.stage = ? AND p.article_id = u.article_id "
            "AND p.sha256 = u.sha256 AND p.rules_version = ?) "
            "ORDER BY u.article_id"
        )
        return self.query(sql, [stage, rules_version])

    def pending_batches(
        self, stage: str, upstream: str, columns: Sequence[str], rules_version: str, size: int
    ) -> Iterator[pa.Table]:
        """``pending_articles`` in batches of ``size`` articles: one batch in memory at a time.

        The pending ids are listed once, at the start: a batch written meanwhile does
        not move the next one.
        """
        ids = self.pending_articles(stage, upstream, ("article_id",), rules_version).column(0).to_pylist()
        sql = (
            f"SELECT {_column_list(columns, 'u')} FROM {_table(upstream)} u "
            "WHERE u.article_id IN (SELECT unnest(?)) ORDER BY u.article_id"
        )
        for start in range(0, len(ids), max(1, size)):
            yield self.query(sql, [ids[start : start + size]])

    def built_under(self, table: str) -> str | None:
        """The rules version ``table`` was last built in full under (``derived_builds``), if any."""
        rows = self.query("SELECT rules_version FROM derived_builds WHERE table_name = ?", [table]).column(0).to_pylist()
        return rows[0] if rows else None

    @staticmethod
    def record_built_under(table: str, rules_version: str) -> Callable[[duckdb.DuckDBPyConnection], None]:
        """A ``then=`` step: ``table`` is now built in full under ``rules_version``."""

        def record(con: duckdb.DuckDBPyConnection) -> None:
            con.execute("INSERT OR REPLACE INTO derived_builds VALUES (?, ?)", [_table(table), rules_version])

        return record

    def quantities_to_reclaim(self) -> list[str]:
        """Quantity keys (fact_type|unit|actor_key) whose facts are not those their claims cite.

        A claim is built from the facts of one quantity only, so the claims of the
        other quantities stand: a run that adds 1% of articles rebuilds the claims of
        the quantities those articles touch, not every claim.
        """
        sql = (
            "WITH now AS (SELECT concat_ws('|', fact_type, unit, actor_key) AS q, "
            "  list(concat_ws(':', fact_id, value, qualifier, actor) ORDER BY fact_id) AS facts FROM facts GROUP BY 1), "
            "cited AS (SELECT c.quantity_key AS q, count(*) AS n, "
            "  list(concat_ws(':', x.fact_id, x.value, x.qualifier, x.actor) ORDER BY x.fact_id) "
            "    FILTER (WHERE x.fact_id IS NOT NULL) AS facts "
            "  FROM (SELECT quantity_key, unnest(fact_ids) AS fact_id FROM claims) c "
            "  LEFT JOIN facts x ON x.fact_id = c.fact_id GROUP BY 1) "
            "SELECT coalesce(now.q, cited.q) FROM now FULL JOIN cited ON cited.q = now.q "
            "WHERE now.facts IS DISTINCT FROM cited.facts OR cited.n IS DISTINCT FROM len(cited.facts) ORDER BY 1"
        )
        return self.query(sql).column(0).to_pylist()

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

    def write(
        self,
        replacements: Sequence[Replacement],
        then: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    ) -> dict[str, int]:
        """Apply every replacement in one transaction: all of a stage lands, or none of it.

        ``then``, if given, runs on the same connection inside the same transaction,
        after the replacements: for writes a Replacement cannot say (an UPDATE), which
        must land with the stage or not at all.
        """
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
                if then is not None:
                    then(con)
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return written

    def replace_quality_results(self, run_id: str, rows: pa.Table) -> Callable[[duckdb.DuckDBPyConnection], None]:
        """A ``then=`` step: this run's dq_results of the stages in ``rows`` become ``rows``.

        A stage landed batch by batch keeps one row per check and run, over every batch
        so far (the primary key), rewritten with each batch in that batch's transaction.
        """
        stages = sorted(set(rows.column("stage").to_pylist())) if rows.num_rows else []

        def replace(con: duckdb.DuckDBPyConnection) -> None:
            if not stages:
                return
            con.execute("DELETE FROM dq_results WHERE run_id = ? AND stage IN (SELECT unnest(?))", [run_id, stages])
            con.register("incoming_quality", rows)
            con.execute("INSERT INTO dq_results BY NAME SELECT * FROM incoming_quality")
            con.unregister("incoming_quality")

        return replace

    # -- the snapshot readers open ----------------------------------------------

    def publish_snapshot(self, target: str | Path | None = None) -> Path:
        """Copy the warehouse as committed now to ``target`` (atomic rename); return its path.

        The caller holds the warehouse lock (a run does, from start to end), so
        nothing writes while the file is copied.  The copy is taken after a
        checkpoint (no WAL left), fsynced and opened once read-only before it
        replaces the old snapshot: a reader opens the old snapshot or the new one,
        whole, never a file being written; a reader holding the old one open keeps
        reading it (a rename does not touch an open file) and blocks nothing.
        """
        target = Path(target) if target else default_snapshot_path(self.path)
        if target.resolve() == self.path.resolve():
            raise ValueError(f"the snapshot cannot be the warehouse itself: {target}")
        with self.connect() as con:
            con.execute("CHECKPOINT")
        wal = self.path.with_name(self.path.name + ".wal")
        if wal.exists() and wal.stat().st_size:
            raise RuntimeError(f"{wal} is not empty after a checkpoint: is another process writing {self.path}?")
        target.parent.mkdir(parents=True, exist_ok=True)
        for leftover in target.parent.glob(f".{target.name}.*.tmp"):  # from a publisher killed midway
            leftover.unlink(missing_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            shutil.copyfile(self.path, partial)
            with open(partial, "rb+") as copied:
                os.fsync(copied.fileno())
            check = duckdb.connect(str(partial), read_only=True)  # a whole, readable database
            try:
                check.execute("SELECT max(version) FROM schema_migrations").fetchall()
            finally:
                check.close()
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        _fsync_directory(target.parent)
        return target


def default_snapshot_path(warehouse: str | Path) -> Path:
    """warehouse/arqam.duckdb -> warehouse/arqam_snapshot.duckdb"""
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.stem + "_snapshot" + (warehouse.suffix or ".duckdb"))


def _fsync_directory(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _table(name: str) -> str:
    if name not in STAGE_TABLES:
        raise ValueError(f"not a warehouse table: {name!r}")
    return name


def _column_list(columns: Sequence[str], alias: str) -> str:
    """``a.x, a.y``: column names checked one by one, never a SQL fragment from a caller."""
    return ", ".join(f"{_column(alias)}.{_column(name)}" for name in columns)


def _column(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"not a column name: {name!r}")
    return name
