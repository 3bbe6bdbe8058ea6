"""Dagster resources: the warehouse, the inbox and the quality gate, all configured."""
from __future__ import annotations

import contextlib
import threading
import warnings
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

from dagster import ConfigurableResource, DagsterEventType, DagsterInstance, DagsterRunStatus, InitResourceContext
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from expectations.gx_bridge import QualityGate
from extraction.ingest import DEFAULT_MAX_BYTES
from pipelines.settings import DEFAULT_BATCH_ARTICLES, DEFAULT_BATCH_FACTS, DEFAULT_LOCK_TIMEOUT
from pipelines.workers import BatchPool, default_processes
from warehouse.lock import LockHolder, WarehouseLock
from warehouse.store import DEFAULT_MEMORY_LIMIT, Warehouse, default_snapshot_path

T = TypeVar("T")
_UNFINISHED = (DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING)


class WarehouseResource(DuckDBResource):
    """The DuckDB warehouse file (``database``), with arqam's read/write layer.

    A run holds the warehouse's lock from the resource's set-up to its tear-down
    (waiting up to ``lock_timeout`` seconds for another run to finish), migrates
    the schema first, and publishes the read-only snapshot readers open once
    every step has succeeded.  ``memory_limit`` and ``threads`` bound DuckDB in every
    connection the run opens (see ``Warehouse``).
    """

    snapshot: str = ""  # empty: beside the warehouse, <name>_snapshot.duckdb
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    memory_limit: str = DEFAULT_MEMORY_LIMIT  # DuckDB's syntax: "1GB", "512MB", "25%"
    threads: int = 0  # 0: DuckDB's default, one per core

    @contextlib.contextmanager
    def yield_for_execution(self, context: InitResourceContext):
        run_id = context.run_id
        lock = WarehouseLock(self.database, command="Dagster run", run_id=run_id)

        def waiting(holder: LockHolder | None) -> None:
            if context.log is not None:
                who = holder.describe() if holder else "another run"
                context.log.info(f"waiting up to {self.lock_timeout:.0f} s for {who} to release {self.database}")

        dead = lock.acquire(self.lock_timeout, on_wait=waiting)
        try:
            if dead and context.instance is not None:
                for holder in dead:
                    fail_stale_run(context.instance, holder)
                lock.settle()
            self.store().migrate()
            with self.store().held_open():  # closed (checkpointed) before the snapshot copies the file
                yield self.create_resource(context)
            if _run_succeeded(context):
                path = self.store().publish_snapshot(self.snapshot_path())
                if context.log is not None:
                    context.log.info(f"published the snapshot for readers: {path}")
        finally:
            lock.release()

    def store(self) -> Warehouse:
        return Warehouse(self.database, self.memory_limit, self.threads)

    def snapshot_path(self) -> str:
        return self.snapshot or str(default_snapshot_path(self.database))


def _run_succeeded(context: InitResourceContext) -> bool:
    """Every step of this run so far succeeded (none failed).  True outside a run (no instance)."""
    if context.instance is None or not context.run_id:
        return True
    failures = context.instance.get_records_for_run(context.run_id, of_type=DagsterEventType.STEP_FAILURE, limit=1)
    return not failures.records


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

    Claims are built from the facts of whole quantities, about ``batch_facts`` facts at a time.

    One pool of worker processes per run, started when a batch first needs it and
    stopped when the run ends.
    """

    processes: int = 0  # 0: one per core this process may use
    batch_articles: int = DEFAULT_BATCH_ARTICLES
    batch_facts: int = DEFAULT_BATCH_FACTS
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
    _opening: Future | None = PrivateAttr(default=None)  # open_in_background's

    @contextlib.contextmanager
    def yield_for_execution(self, context: InitResourceContext):
        """Data Docs are brought up to date once, when the run ends (succeeded or not): with every
        result this run stored, a failing one included.  Per stage, each rebuild cost about a
        second at 100k articles, most of it rendering the index and the results of earlier stages."""
        try:
            yield self
        finally:
            if self._opening is not None:  # opened in the background, never used: not left writing the project
                with contextlib.suppress(Exception):
                    self.gate()
            if self._gate is not None and self._gate.docs_out_of_date:
                try:
                    self._gate.build_data_docs()
                except Exception as error:  # a report left behind: every result is also in dq_results
                    if context.log is not None:
                        context.log.warning(f"Data Docs could not be brought up to date: {error!r}")

    def open_in_background(self) -> None:
        """Start opening the gate in a thread, for ``gate`` to take when it is first needed.

        Opening it costs seconds (GX's import, its suites and checkpoints written), almost all
        of which the thread does while the run's own thread waits: for the worker processes
        reading the inbox, for DuckDB.  Call it where the warehouse's lock is held (in a
        stage): the GX project is only written by the run holding it."""
        if self._gate is None and self._opening is None:
            self._opening = _in_background(self._open, "arqam: opening the quality gate")

    def gate(self) -> QualityGate:
        if self._gate is None:
            opening, self._opening = self._opening, None
            self._gate = opening.result() if opening is not None else self._open()
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


def _in_background(function: Callable[[], T], name: str) -> Future[T]:
    """``function()`` in a thread of its own; the future has its result or its error."""
    future: Future[T] = Future()

    def run() -> None:
        try:
            future.set_result(function())
        except BaseException as error:  # noqa: BLE001 - handed to whoever waits for the result
            future.set_exception(error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future


def set_aside(folder: Path) -> Path | None:
    """Rename ``folder`` to ``<folder>.damaged-<UTC time>``; None if there is no such folder."""
    if not folder.is_dir():
        return None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder.with_name(f"{folder.name}.damaged-{stamp}")
    folder.rename(target)
    return target
