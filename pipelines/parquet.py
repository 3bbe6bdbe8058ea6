"""The Parquet path's code location (``arqam_parquet`` in workspace.yaml) and its command line.

The same extraction as the warehouse path, as a Dagster map over inbox batches written as
partitioned Parquet: its assets, ops and sensor are in ``assets/parquet.py``, its storage in
``warehouse/parquet.py``; here they become ``Definitions`` (``defs``, paths from the
environment: ``ARQAM_INBOX``, ``ARQAM_PARQUET``, ``ARQAM_MAX_BYTES``), the backfill job on an
executor of the caller's choice, and ``arqam parquet`` (``backfill``, ``sql``).  See
docs/distributed.md.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb
from dagster import (
    DagsterInstance,
    Definitions,
    ExecutorDefinition,
    build_reconstructable_job,
    execute_job,
    multiprocess_executor,
)

from arqam.assets.parquet import (
    BACKFILL_JOB,
    BATCHES_JOB,  # noqa: F401 (the batches job's name, for its callers)
    ParquetPaths,
    batch_tables,
    inbox_batches_sensor,
    parquet_backfill,
    parquet_batches,
    parquet_claims,
)
from arqam.extraction.read.ingest import DEFAULT_MAX_BYTES
from arqam.pipelines.home import ensure_dagster_home
from arqam.pipelines.settings import DEFAULT_INBOX, PROJECT_ROOT, env_whole
from arqam.warehouse.parquet import duckdb_views


def execution_config(processes: int = 0) -> dict:
    """Step processes forked from a server that imported this module and Great Expectations once (not
    spawned, each importing Dagster and GX again: seconds a step); ``processes`` at a time (0: one per core)."""
    preload = {"preload_modules": ["arqam.pipelines.parquet", "great_expectations"]}
    return {"execution": {"config": {"max_concurrent": processes, "start_method": {"forkserver": preload}}}}


def build_parquet_definitions(
    inbox: str | Path, root: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, executor: ExecutorDefinition = multiprocess_executor
) -> Definitions:
    """The Parquet path's code location.  ``executor`` runs the backfill's steps: the multiprocess
    executor on one machine, ``dagster_k8s.k8s_job_executor`` or ``dagster_celery.celery_executor``
    across machines (the inbox and the root then on storage every worker mounts)."""
    backfill = parquet_backfill.to_job(
        name=BACKFILL_JOB,
        executor_def=executor,
        config=execution_config() if executor is multiprocess_executor else None,
    )
    return Definitions(
        assets=[batch_tables, parquet_claims],
        jobs=[parquet_batches, backfill],
        sensors=[inbox_batches_sensor],
        resources={"parquet": ParquetPaths(inbox=str(inbox), root=str(root), max_bytes=max_bytes)},
    )


def backfill_job(inbox: str, root: str, max_bytes: int = DEFAULT_MAX_BYTES):
    """The backfill job bound to these paths: what every step process rebuilds (``build_reconstructable_job``)."""
    return build_parquet_definitions(inbox, root, max_bytes).resolve_job_def(BACKFILL_JOB)


def run_backfill(inbox: str | Path, root: str | Path, instance: DagsterInstance, processes: int = 2, max_bytes: int = DEFAULT_MAX_BYTES):
    """Every batch of ``inbox`` with the multiprocess executor, ``processes`` at a time, then claims.

    ``instance`` must be a persistent DagsterInstance (the steps are separate
    processes that share its storage), not an ephemeral one.
    """
    rebuilt = build_reconstructable_job("arqam.pipelines.parquet", "backfill_job", (str(inbox), str(root), max_bytes))
    return execute_job(rebuilt, instance, run_config=execution_config(processes))


def _paths_from_env() -> tuple[Path, Path, int]:
    inbox = Path(os.environ.get("ARQAM_INBOX") or DEFAULT_INBOX).resolve()
    root = Path(os.environ.get("ARQAM_PARQUET") or PROJECT_ROOT / "warehouse" / "parquet").resolve()
    return inbox, root, env_whole("ARQAM_MAX_BYTES", DEFAULT_MAX_BYTES, 1, "a size in bytes, 1 or more")


defs = build_parquet_definitions(*_paths_from_env())


# -- command line -----------------------------------------------------------------------


def main(argv: list[str] | None = None, prog: str = "python -m pipelines.parquet") -> int:
    """The Parquet path's command line (docs/distributed.md)."""
    inbox, root, max_bytes = _paths_from_env()
    parser = argparse.ArgumentParser(
        prog=prog, description="backfill: every inbox batch as Parquet, then claims; sql: a query over the Parquet."
    )
    parser.add_argument("--root", default=str(root), help="the Parquet root (ARQAM_PARQUET)")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("backfill", help="every inbox batch with the multiprocess executor, then claims")
    run.add_argument("--inbox", default=str(inbox), help="the inbox, one folder per batch (ARQAM_INBOX)")
    run.add_argument("--processes", type=int, default=os.cpu_count() or 2, help="batches at once")
    query = commands.add_parser("sql", help="run a query over the Parquet (tables named as in the warehouse)")
    query.add_argument("query")
    args = parser.parse_args(argv)
    if args.command == "sql":
        con = duckdb.connect()
        duckdb_views(con, args.root)
        con.sql(args.query).show(max_rows=1000)
        return 0
    ensure_dagster_home()  # the command's own instance, as `arqam run` uses
    with DagsterInstance.get() as instance:
        result = run_backfill(args.inbox, args.root, instance, args.processes, max_bytes)
    print(backfill_report(result, args.root))
    return 0 if result.success else 1


def backfill_report(result, root: str | Path) -> str:
    """What ``backfill`` prints: how it ended, then the cause of each step that failed (a failing
    check by its name, as ``arqam run`` prints it)."""
    batches = [e for e in result.all_events if e.is_step_success and e.step_key.startswith("extract_one_batch")]
    ended = "succeeded" if result.success else "FAILED"
    lines = [f"parquet backfill {result.run_id[:8]}: {ended}, {len(batches)} batches -> {root}"]
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = event.event_specific_data.error
            lines.append(f"  ! {event.step_key}: {error.message.strip() if error else 'failed'}")
    return "\n".join(lines)


if __name__ == "__main__":
    from arqam.pipelines.parquet import main as imported_main  # one copy of the definitions: the importable one

    sys.exit(imported_main())
