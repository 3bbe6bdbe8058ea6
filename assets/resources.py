"""Dagster resources: the warehouse, the inbox and the quality gate, all configured."""
from __future__ import annotations

import contextlib
import warnings
from datetime import UTC, datetime
from pathlib import Path

from dagster import ConfigurableResource, DagsterInstance, DagsterRunStatus, InitResourceContext
from pydantic import Field, PrivateAttr

from arqam.assets.workers import DEFAULT_BATCH_ARTICLES, BatchPool, default_processes
from arqam.expectations.gx_bridge import QualityGate
from arqam.extraction.read.ingest import DEFAULT_MAX_BYTES
from arqam.warehouse.lock import DEFAULT_LOCK_TIMEOUT, LockHolder, WarehouseLock, held_for_run, settle
from arqam.warehouse.store import DEFAULT_MEMORY_LIMIT, Warehouse, default_snapshot_path

_UNFINISHED = (DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING)


class WarehouseResource(ConfigurableResource):
    """The DuckDB warehouse file (``database``), with arqam's read/write layer (``store()``).

    Not dagster-duckdb's ``DuckDBResource``: a stage never holds one connection for
    the run, it opens the store's (bounded in memory and threads, one per transaction).

    A run holds the warehouse's lock from the resource's set-up to its tear-down
    (waiting up to ``lock_timeout`` seconds for another run to finish), or from
    before, when ``arqam run`` took it for this run; here, and only here, the runs
    that died holding it are marked failed.  It migrates the schema first; the ``snapshot`` asset
    publishes the read-only copy readers open.  ``memory_limit`` and ``threads`` bound DuckDB in every
    connection the run opens (see ``Warehouse``).
    """

    database: str = Field(description="Path to the DuckDB warehouse file.")
    snapshot: str = ""  # empty: beside the warehouse, <name>_snapshot.duckdb
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    memory_limit: str = DEFAULT_MEMORY_LIMIT  # DuckDB's syntax: "1GB", "512MB", "25%"
    threads: int = 0  # 0: DuckDB's default, one per core

    @contextlib.contextmanager
    def yield_for_execution(self, context: InitResourceContext):
        run_id = context.run_id
        lock = None
        if held_for_run(self.database, run_id) is None:  # else `arqam run` took it for this run, and keeps it
            lock = WarehouseLock(self.database, command="Dagster run", run_id=run_id)

            def waiting(holder: LockHolder | None) -> None:
                if context.log is not None:
                    who = holder.describe() if holder else "another run"
                    context.log.info(f"waiting up to {self.lock_timeout:.0f} s for {who} to release {self.database}")

            lock.acquire(self.lock_timeout, on_wait=waiting)
        try:
            self._settle_dead_runs(context)
            self.store().migrate()
            with self.store().held_open():
                yield self
        finally:
            if lock is not None:
                lock.release()

    def _settle_dead_runs(self, context: InitResourceContext) -> None:
        """The runs that died holding the lock (named in it until settled) are marked failed in Dagster."""
        holder = held_for_run(self.database, context.run_id)
        if holder is None or not holder.unsettled or context.instance is None:
            return
        for dead in holder.unsettled:
            if context.log is not None:
                context.log.warning(f"an earlier run ({dead.describe()}) ended without finishing; this run completes its work")
            fail_stale_run(context.instance, dead)
        settle(self.database)

    def store(self) -> Warehouse:
        return Warehouse(self.database, self.memory_limit, self.threads)

    def snapshot_path(self) -> str:
        return self.snapshot or str(default_snapshot_path(self.database))


def fail_stale_run(instance: DagsterInstance, holder: LockHolder) -> None:
    """A run that died holding the lock (killed, machine down) is still 'started' in Dagster: mark it failed.

    Otherwise the run queue (max_concurrent_runs: 1) counts it as in progress for ever.
    """
    if not holder.run_id:
        return
    run = instance.get_run_by_id(holder.run_id)
    if run is not None and run.status in _UNFINISHED:
        instance.report_run_failed(
            run, message=f"the process running it ({holder.describe()}) ended without finishing it"
        )


class WorkersResource(ConfigurableResource):
    """How a stage's work is cut and spread: batches of ``batch_articles``, mapped over ``processes``.

    One pool of worker processes per run, started when a batch first needs it and
    stopped when the run ends.
    """

    processes: int = 0  # 0: one per core this process may use
    batch_articles: int = DEFAULT_BATCH_ARTICLES
    inline_below: int = 64  # smaller batches are done in the run's own process
    _pool: BatchPool | None = PrivateAttr(default=None)

    @contextlib.contextmanager
    def yield_for_execution(self, context: InitResourceContext):
        try:
            yield self
        finally:
            if self._pool is not None:
                self._pool.close()

    def pool(self) -> BatchPool:
        if self._pool is None:
            self._pool = BatchPool(self.processes or default_processes(), self.inline_below)
        return self._pool


class InboxResource(ConfigurableResource):
    """The folder new articles are dropped into (.txt, .html, .jsonl)."""

    path: str
    max_bytes: int = DEFAULT_MAX_BYTES


class QualityResource(ConfigurableResource):
    """The Great Expectations project (suites, results, Data Docs) under ``project_dir``."""

    project_dir: str
    _gate: QualityGate | None = PrivateAttr(default=None)

    @contextlib.contextmanager
    def yield_for_execution(self, context: InitResourceContext):
        """Data Docs are brought up to date once, when the run ends (succeeded or not): with every
        result this run stored, a failing one included.  A rebuild per stage would render the
        index and the results of the earlier stages again each time."""
        try:
            yield self
        finally:
            if self._gate is not None and self._gate.docs_out_of_date:
                try:
                    self._gate.build_data_docs()
                except Exception as error:  # a report left behind: every result is also in dq_results
                    if context.log is not None:
                        context.log.warning(f"Data Docs could not be brought up to date: {error!r}")

    def gate(self) -> QualityGate:
        """Opened on first use, in the run's own thread: opened in a thread beside the run, GX's
        import raced the run's own imports of the same modules (SQLAlchemy's), and a run failed
        on a partially initialized module."""
        if self._gate is None:
            self._gate = self._open()
        return self._gate

    def _open(self) -> QualityGate:
        try:
            return QualityGate(self.project_dir)
        except Exception as error:
            # GX rewrites its configuration files (great_expectations.yml, suites,
            # checkpoints) each time it is opened, in place: a run killed meanwhile
            # leaves one half-written, and every later run would fail to open it.
            # That configuration is rebuilt from expectations/suites.py on every
            # open, and every check result is also in dq_results: set the damaged
            # project aside (kept, renamed) and start a new one.
            damaged = set_aside(Path(self.project_dir) / "gx")
            if damaged is None:
                raise
            warnings.warn(f"the Great Expectations project could not be opened ({error!r}); "
                          f"set aside as {damaged}, and rebuilt", stacklevel=2)
            return QualityGate(self.project_dir)


def set_aside(folder: Path) -> Path | None:
    """Rename ``folder`` to ``<folder>.damaged-<UTC time>``; None if there is no such folder."""
    if not folder.is_dir():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder.with_name(f"{folder.name}.damaged-{stamp}")
    folder.rename(target)
    return target
