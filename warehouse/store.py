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
import sys
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
    "claim_facts",
    "dq_results",
    "stage_progress",
)
# The key each per-article table keeps unique without a PRIMARY KEY (migration 006): DuckDB keeps a
# primary key as an index over every key ever written, and with random hash keys each batch rewrites
# much of it, so inserts slow down as the corpus grows.  Warehouse.write refuses,
# inside the write's transaction, rows that would repeat one of these keys.
WRITER_KEYS = {
    "raw_articles": "article_id",
    "clean_articles": "article_id",
    "fact_mentions": "mention_id",
    "facts": "fact_id",
    "claim_facts": "fact_id",
    "stage_progress": "progress_key",
}
# What DuckDB may hold in memory while it works (its buffer cache, sorts, joins): beyond it, it spills to disk.
# Its cache fills up to the limit with the tables a run reads, so the limit, not the warehouse's size, bounds
# a run's memory; a small one costs a little time in spills (measured: docs/performance.md).
DEFAULT_MEMORY_LIMIT = "256MB"
# warehouse file (resolved) -> the connection holding it open in this process (Warehouse.held_open)
_HELD_OPEN: dict[str, duckdb.DuckDBPyConnection] = {}
# what a count of a view costs less to compute from the table it groups
_CHEAP_COUNTS = {"claims": "SELECT count(*) FROM (SELECT DISTINCT quantity_key, value FROM claim_facts)"}
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
# A migration's line "-- applied before: NNN": see _in_order.
_APPLIED_BEFORE = re.compile(r"^-- applied before: (\d{3})$", re.MULTILINE)


class MigrationFailed(RuntimeError):
    """A migration DuckDB refused, named, with DuckDB's error in one line: its transaction rolled back,
    the warehouse is as it was before it.  DuckDB's whole message is its cause."""


@dataclass(frozen=True)
class Replacement:
    """Rows of one table to replace: delete those whose ``key`` is in ``keys``, insert ``rows``.

    ``keys=None`` replaces the whole table (a derived table rebuilt from its inputs).
    ``suite``: the suite (and asset) that checks the rows when it is not named as the table
    (claim_facts: the rows of the claims, checked by the claims suite).
    """

    table: str
    rows: pa.Table
    key: str = "article_id"
    keys: Sequence[str] | None = ()
    suite: str | None = None

    @property
    def checked_as(self) -> str:
        return self.suite or self.table


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files("arqam.warehouse").joinpath("sql").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _in_order(pending: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The migrations to apply, in the order to apply them: by version, except that one saying
    "-- applied before: NNN" goes right before NNN while NNN is still to apply.

    A released migration never changes (docs/migrations.md).  When one fails on warehouses that
    exist (006 on those built with 001 as first released), the repair is a new migration that
    must run before it there; where the failing one is applied already, the repair runs in its
    own turn, and must then change nothing that is right."""
    versions = {version for version, _, _ in pending}

    def position(migration: tuple[int, str, str]) -> tuple[int, int]:
        version, _, sql = migration
        before = _APPLIED_BEFORE.search(sql)
        if before and int(before.group(1)) in versions:
            return (int(before.group(1)), -1)
        return (version, 0)

    return sorted(pending, key=position)


def _roll_back(con: duckdb.DuckDBPyConnection, error: BaseException) -> None:
    """Undo the transaction a statement failed in. A COMMIT that fails (the disk full) has ended it
    already, and DuckDB's ROLLBACK then fails with "no transaction is active": that must not hide
    the error that happened, which is raised; the rollback's own failure is a note on it."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error as rollback_error:
        error.add_note(f"(the rollback after it failed too: {rollback_error})")


class Warehouse:
    """One DuckDB file.  Open a connection per operation: DuckDB allows one writer process.

    ``memory_limit`` (DuckDB's syntax: ``"1GB"``, ``"512MB"``; empty: DuckDB's default, 80% of
    the machine's memory) bounds what DuckDB holds while it works: its buffer cache grows with
    the tables a query reads, so without a bound the run's memory grows with the warehouse;
    past the bound DuckDB spills to a temporary folder beside the file.  ``threads``: 0 for
    DuckDB's default, one per core.
    """

    def __init__(self, path: str | Path, memory_limit: str = DEFAULT_MEMORY_LIMIT, threads: int = 0):
        self.path = Path(path)
        self.memory_limit = memory_limit
        self.threads = threads

    @contextmanager
    def held_open(self) -> Iterator[None]:
        """Keep the database open in this process while the block runs (a run, from its set-up
        to its tear-down).  Each ``connect`` then joins the open database instead of opening the
        file again, and closing it does not checkpoint, so a call does not pay for opening a file whose
        cost grows with its size.  The last close checkpoints."""
        key = str(self.path.resolve())
        if key in _HELD_OPEN:
            yield
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _HELD_OPEN[key] = duckdb.connect(str(self.path))
        try:
            yield
        finally:
            _HELD_OPEN.pop(key).close()

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif str(self.path.resolve()) in _HELD_OPEN:
            read_only = False  # DuckDB refuses a read-only connection beside the read-write one holding it
        con = duckdb.connect(str(self.path), read_only=read_only)
        try:
            # set on the connection (the database's settings), not as connect() configuration: another
            # connection of this process to the same file with a different configuration would be refused
            if self.memory_limit:
                con.execute("SET memory_limit = ?", [self.memory_limit])
            if self.threads:
                con.execute("SET threads = ?", [self.threads])
            yield con
        finally:
            con.close()

    # -- schema ---------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the migrations this file has not seen yet, then recreate the views and every comment (comments.sql)."""
        applied_now = []
        with self.connect() as con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP DEFAULT now())"
            )
            done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
            for version, name, sql in _in_order([m for m in _migrations() if m[0] not in done]):
                con.execute("BEGIN TRANSACTION")
                try:
                    con.execute(sql)
                    con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
                    con.execute("COMMIT")
                except Exception as error:
                    _roll_back(con, error)
                    if not isinstance(error, duckdb.Error):
                        raise
                    # the run's summary shows one line: DuckDB's first (the rest points into the SQL)
                    raise MigrationFailed(
                        f"migration {name} failed, rolled back: {str(error).splitlines()[0]}"
                    ) from error
                applied_now.append(name)
            # the views in one transaction too: none is seen half-replaced
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(resources.files("arqam.warehouse").joinpath("sql/views.sql").read_text(encoding="utf-8"))
                # then every comment: a view recreated above has lost its own, and a table's follow the schema
                con.execute(resources.files("arqam.warehouse").joinpath("sql/comments.sql").read_text(encoding="utf-8"))
                con.execute("COMMIT")
            except Exception as error:
                _roll_back(con, error)
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
        """The rows of ``table``; of the view claims, its claims counted in claim_facts (one per quantity
        and value, as the view groups them) without comparing any two figures."""
        sql = _CHEAP_COUNTS.get(table) or f"SELECT count(*) FROM {_table(table)}"
        with self.connect(read_only=True) as con:
            return con.execute(sql).fetchone()[0]

    def preview(self, table: str, rows: int) -> tuple[list[str], list[tuple]]:
        """(column names, the first ``rows`` rows) of ``table``; of the view claims, those of one quantity: the view
        is computed for the quantity named (a constant DuckDB pushes into it), never for all of them."""
        with self.connect(read_only=True) as con:
            if table == "claims":
                first = con.execute("SELECT min(quantity_key) FROM claim_facts").fetchall()[0][0]
                relation = con.sql("SELECT * FROM claims WHERE quantity_key = ? ORDER BY value", params=[first])
            else:
                relation = con.table(_table(table))
            return relation.columns, relation.limit(rows).fetchall()

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

    def typed_mentions_of(self, article_ids: Sequence[str], columns: Sequence[str], untyped: str) -> pa.Table:
        """The mentions of these articles typed as facts (``fact_type`` other than ``untyped``), sorted by
        article, offset and id: every mention a fact of each article is made of, in text order."""
        sql = (
            f"SELECT {_column_list(columns, 'm')} FROM fact_mentions m WHERE m.article_id IN (SELECT unnest(?)) "
            "AND m.fact_type <> ? ORDER BY m.article_id, m.start_offset, m.mention_id"
        )
        return self.query(sql, [list(article_ids), untyped])

    def articles_to_reclaim(self, rules_version: str) -> pa.Table:
        """(article_id, sha256) of the articles whose claim_facts are not those of their current facts, in
        id order: the facts stage has done them (under ``rules_version``) since the claims stage last did.
        Each claim_facts row is made of its fact and its article alone, so these are all it must write."""
        sql = (
            "SELECT f.article_id, f.sha256 FROM stage_progress f WHERE f.stage = 'facts' AND f.rules_version = ? "
            "AND NOT EXISTS (SELECT 1 FROM stage_progress c WHERE c.stage = 'claims' AND c.article_id = f.article_id "
            "AND c.sha256 = f.sha256 AND c.rules_version = f.rules_version) ORDER BY f.article_id"
        )
        return self.query(sql, [rules_version])

    def articles_gone_from_facts(self) -> list[str]:
        """Articles with claim_facts rows and no facts done any more: their rows are to be deleted."""
        sql = (
            "SELECT DISTINCT article_id FROM claim_facts "
            "WHERE article_id NOT IN (SELECT article_id FROM stage_progress WHERE stage = 'facts') ORDER BY 1"
        )
        return self.query(sql).column(0).to_pylist()

    def facts_of_articles(
        self, article_ids: Sequence[str], columns: Sequence[str], article_columns: Sequence[str] = ()
    ) -> pa.Table:
        """``columns`` of the facts of these articles, with ``article_columns`` of their article (raw_articles)."""
        sql = f"SELECT {_column_list(columns, 'f')}"
        if article_columns:
            sql += f", {_column_list(article_columns, 'a')} FROM facts f LEFT JOIN raw_articles a ON a.article_id = f.article_id"
        else:
            sql += " FROM facts f"
        sql += " WHERE f.article_id IN (SELECT unnest(?)) ORDER BY f.article_id, f.fact_id"
        return self.query(sql, [list(article_ids)])

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
                        if table in WRITER_KEYS:
                            _refuse_repeated_keys(con, table, WRITER_KEYS[table])
                        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
                        con.unregister("incoming_rows")
                    written[rep.table] = written.get(rep.table, 0) + rep.rows.num_rows
                if then is not None:
                    then(con)
                con.execute("COMMIT")
            except Exception as error:
                _roll_back(con, error)
                raise
            self._release_cache(con)
        return written

    def _release_cache(self, con: duckdb.DuckDBPyConnection) -> None:
        """Empty DuckDB's buffer cache, once a batch is written, while the database is held open.

        DuckDB keeps every block a query read until its memory limit is reached: a run that
        holds the warehouse open would hold more with every batch, and more on a larger
        warehouse, although each batch needs only its own rows.  Lowering the limit evicts
        the cache (the blocks are read again from the file, which the OS caches); what
        cannot be evicted stays, and the limit comes back as it was."""
        if not self.memory_limit or str(self.path.resolve()) not in _HELD_OPEN:
            return  # the last connection's close frees the database: nothing is kept between operations
        try:
            con.execute("SET memory_limit = '1MB'")
        except duckdb.Error:
            pass  # DuckDB could not free enough: it evicted what it could
        finally:
            con.execute("SET memory_limit = ?", [self.memory_limit])

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
        nothing writes while the file is copied (a clone where the file system can: see ``copy_file``).  The copy is taken after a
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
            copy_file(self.path, partial)
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


# Linux's FICLONE ioctl, _IOW(0x94, 9, int): the copy shares the original's blocks until either is written
FICLONE = 0x40049409


def copy_file(source: str | Path, target: str | Path) -> str:
    """Copy ``source`` to a new file ``target``; how: "clone" or "copy".

    Where the file system can (Btrfs, XFS, ZFS, APFS ...), the copy is a clone: it shares the
    original's blocks, copy-on-write, so it costs nothing whatever the size, and is afterwards
    as independent of the original as a copy (a write to either leaves the other as it was).
    Elsewhere (ext4, tmpfs; another file system), the bytes are copied.
    """
    if sys.platform.startswith("linux"):
        import fcntl

        with open(source, "rb") as src, open(target, "wb") as dst:
            try:
                fcntl.ioctl(dst.fileno(), FICLONE, src.fileno())
                return "clone"
            except OSError:
                pass  # not supported here: copied below, over the empty file
    shutil.copyfile(source, target)
    return "copy"


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


def _refuse_repeated_keys(con: duckdb.DuckDBPyConnection, table: str, key: str) -> None:
    """What a primary key on ``key`` would refuse of ``incoming_rows``: a key twice among them,
    or one a stored row has (after the write's deletes).  A hash join of the incoming keys against
    the stored key column, once per write: far cheaper than an index updated on every insert."""
    repeated = con.execute(
        f"SELECT {_column(key)} FROM incoming_rows GROUP BY 1 HAVING count(*) > 1 UNION ALL "
        f"SELECT {_column(key)} FROM {_table(table)} WHERE {_column(key)} IN (SELECT {_column(key)} FROM incoming_rows) "
        "LIMIT 1"
    ).fetchone()
    if repeated is not None:
        raise duckdb.ConstraintException(
            f'Duplicate key "{key}: {repeated[0]}" violates the uniqueness of {table}.{key}, which the writer keeps: '
            "nothing of this write was stored"
        )


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
