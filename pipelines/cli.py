"""The `arqam` command: run the pipeline, read the facts, prepare the Dagster home.

Runs started here use the same Dagster instance (DAGSTER_HOME, by default
``.dagster_home`` in the project) as ``make dev``, so the UI shows their
history and their check results.  A run holds the warehouse's lock from start
to end: a second one waits (``--wait``) or is refused, naming the first.
`arqam facts` reads the snapshot, never the live warehouse.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import uuid
from pathlib import Path

from arqam.pipelines.home import ensure_dagster_home
from arqam.pipelines.settings import Settings

# exit status of `arqam run` refused because another run holds the warehouse (EX_TEMPFAIL: try again later)
EXIT_BUSY = 75


def command_run(args: argparse.Namespace) -> int:
    from arqam.warehouse.lock import WarehouseBusy, WarehouseLock

    settings = Settings.from_env(args.inbox, args.warehouse, args.reports, args.snapshot, args.wait)
    if not settings.inbox.is_dir():
        print(f"arqam: the inbox {settings.inbox} is not a folder", file=sys.stderr)
        return 2

    # The lock first, before the seconds of imports: a refusal is immediate, and
    # the whole run (migrations, every stage, the snapshot, the summary) is inside it.
    def waiting(holder) -> None:
        who = holder.describe() if holder else "another run"
        print(
            f"arqam: the warehouse {settings.warehouse} is in use by {who}; "
            f"waiting up to {settings.lock_timeout:.0f} s for it to finish",
            file=sys.stderr,
            flush=True,
        )

    # the Dagster run's id is in the lock file from the start: if this process is
    # killed, the next run marks that Dagster run failed (it would stay 'started')
    run_id = str(uuid.uuid4())
    lock = WarehouseLock(settings.warehouse, command="arqam run", run_id=run_id)
    try:
        # the runs that died holding it stay named in it: the run's warehouse resource marks them failed
        lock.acquire(settings.lock_timeout, on_wait=waiting)
    except WarehouseBusy as busy:
        print(f"arqam: {busy}. Try again when it has finished (or wait longer: --wait SECONDS).", file=sys.stderr)
        return EXIT_BUSY
    try:
        return _run_locked(args, settings, run_id)
    finally:
        lock.release()


def _run_locked(args: argparse.Namespace, settings: Settings, run_id: str) -> int:
    """The Dagster run ``run_id``, whose warehouse resource finds the lock held for it (``held_for_run``)."""
    from dagster import DagsterInstance

    from arqam.pipelines.definitions import JOB_NAME, build_definitions
    from arqam.pipelines.summary import run_summary

    ensure_dagster_home()
    job = build_definitions(settings).resolve_job_def(JOB_NAME)
    with DagsterInstance.get() as instance:
        result = job.execute_in_process(
            run_config={"loggers": {"console": {"config": {"log_level": args.log_level}}}},
            instance=instance,
            raise_on_error=False,
            run_id=run_id,
            tags={"arqam/inbox": str(settings.inbox)},
        )
    failures = _failure_messages(result)
    success = result.success and not failures
    print(run_summary(settings, result.run_id, success, failures))
    return 0 if success else 1


def _failure_messages(result) -> list[str]:
    """One line per thing that failed in the run, each with its root cause: a step, a resource
    that could not start (the warehouse held open by another process, a migration), or one that
    failed in its tear-down (Dagster only logs that, yet a run whose work was not kept has not
    succeeded)."""
    messages: list[str] = []
    for event in result.all_events:
        error = getattr(event.event_specific_data, "error", None)
        kind = event.event_type_value
        if kind == "STEP_FAILURE":
            where = event.step_key
        elif kind == "RESOURCE_INIT_FAILURE" or (kind == "ENGINE_EVENT" and error is not None):
            where = "the run could not start" if (event.message or "").startswith("Initialization") else "the run's end"
        else:
            continue
        line = f"{where}: {_root_cause(error)}" if error is not None else f"{where}: failed"
        if line not in messages:
            messages.append(line)
    return messages


def _root_cause(error) -> str:
    """The first line of the first error under Dagster's wrappers (the DuckDB or OS error itself, or
    arqam's own naming it: a migration that failed), without its class's module path."""
    while getattr(error, "cause", None) is not None and (error.cls_name or "").startswith("Dagster"):
        error = error.cause
    first = (error.message or "").strip().splitlines()[:1]
    cause = first[0] if first else error.cls_name or "failed"
    cause = cause.partition(f"{error.cls_name}: ")[2] or cause
    if "Conflicting lock" in cause:  # DuckDB's words; arqam's own lock keeps other runs out
        cause += " (a process other than an arqam run holds the warehouse open: readers open the snapshot)"
    return cause


def command_facts(args: argparse.Namespace) -> int:
    from arqam.extraction.typing.catalog import FACT_TYPES
    from arqam.pipelines.export import facts_as_csv, facts_as_json, facts_rows
    from arqam.pipelines.settings import unknown_name_message
    from arqam.pipelines.summary import facts_listing

    if args.type is not None and args.type not in FACT_TYPES:
        print(f"arqam: {unknown_name_message('fact type', args.type, list(FACT_TYPES))}", file=sys.stderr)
        return 2
    settings = Settings.from_env(warehouse=args.warehouse, snapshot=args.snapshot)
    if not settings.snapshot.exists():
        print(
            f"arqam: no snapshot at {settings.snapshot}; `arqam run` publishes it after each successful run",
            file=sys.stderr,
        )
        return 2
    if args.format == "table":
        print(facts_listing(settings.snapshot, fact_type=args.type, article=args.article))
    else:
        columns, rows = facts_rows(settings.snapshot, fact_type=args.type, article=args.article)
        print((facts_as_csv if args.format == "csv" else facts_as_json)(columns, rows))
    return 0


def command_export(args: argparse.Namespace) -> int:
    from arqam.pipelines.export import ExportError, export_snapshot

    settings = Settings.from_env(warehouse=args.warehouse, snapshot=args.snapshot)
    if not settings.snapshot.exists():
        print(
            f"arqam: no snapshot at {settings.snapshot}; `arqam run` publishes it after each successful run",
            file=sys.stderr,
        )
        return 2
    try:
        done = export_snapshot(settings.snapshot, Path(args.out), args.format, args.table, args.views)
    except ExportError as error:
        print(f"arqam: {error}", file=sys.stderr)
        return 2
    for item in done:
        print(f"{item.name:<24}{item.rows:>9} rows  {item.path}")
    return 0


def command_schema(args: argparse.Namespace) -> int:
    from arqam.pipelines.schema import UnknownName, read_catalog, schema_listing

    settings = Settings.from_env(warehouse=args.warehouse, snapshot=args.snapshot)
    if not settings.snapshot.exists():
        print(f"arqam: no snapshot at {settings.snapshot}; `arqam run` publishes it after each successful run", file=sys.stderr)
        return 2
    try:
        print(schema_listing(read_catalog(settings.snapshot), args.names))
    except UnknownName as error:
        print(f"arqam: {error}", file=sys.stderr)
        return 2
    return 0


def _snapshot_or_none(args: argparse.Namespace) -> Path | None:
    settings = Settings.from_env(warehouse=args.warehouse, snapshot=args.snapshot)
    if settings.snapshot.exists():
        return settings.snapshot
    print(f"arqam: no snapshot at {settings.snapshot}; `arqam run` publishes it after each successful run", file=sys.stderr)
    return None


def command_report(args: argparse.Namespace) -> int:
    from arqam.pipelines.report import write_report

    snapshot = _snapshot_or_none(args)
    if snapshot is None:
        return 2
    print(write_report(snapshot, Path(args.out) if args.out else None, latest=args.latest))
    return 0


def command_explain(args: argparse.Namespace) -> int:
    from arqam.pipelines.explain import explain_command

    snapshot = _snapshot_or_none(args)
    if snapshot is None:
        return 2
    status, text = explain_command(snapshot, args.fact_id)
    print(text, file=sys.stderr if status else sys.stdout)
    return status


def command_quality(args: argparse.Namespace) -> int:
    from arqam.pipelines.quality import quality_trend

    snapshot = _snapshot_or_none(args)
    if snapshot is None:
        return 2
    print(quality_trend(snapshot, runs=args.runs))
    return 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of runs, 1 or more, not {text!r}")
    return int(text)


def command_home(args: argparse.Namespace) -> int:
    print(ensure_dagster_home())
    return 0


def main(argv: list[str] | None = None) -> int:
    """The command; a setting or an argument that cannot be used ends it with status 2 and one line (no traceback)."""
    from arqam.pipelines.settings import SettingsError

    try:
        return _main(argv)
    except SettingsError as error:
        print(f"arqam: {error}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["parquet"]:  # its own options (--root before the subcommand): see docs/distributed.md
        from arqam.pipelines.parquet import main as parquet_main

        return parquet_main(argv[1:], prog="arqam parquet")
    parser = argparse.ArgumentParser(prog="arqam", description="Facts from Arabic security news, into DuckDB.")
    parser.add_argument("--version", action="version", version=f"arqam {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "parquet", help="the same extraction as partitioned Parquet: backfill every inbox batch, or query it (arqam parquet --help)"
    )

    run = commands.add_parser("run", help="materialize every asset over the inbox and print a summary")
    run.add_argument("--inbox", help="folder of .txt/.html/.jsonl articles (default: the shipped corpus)")
    run.add_argument("--warehouse", help="DuckDB file (default: warehouse/arqam.duckdb)")
    run.add_argument("--reports", help="data-quality reports folder (default: beside the warehouse)")
    run.add_argument("--snapshot", help="read-only copy published for readers (default: <warehouse>_snapshot.duckdb)")
    run.add_argument(
        "--wait", type=float, metavar="SECONDS",
        help="how long to wait for another run on the same warehouse (default 600; 0: refuse at once)",
    )
    run.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="Dagster log level")
    run.set_defaults(handler=command_run)

    facts = commands.add_parser("facts", help="print the facts table (from the snapshot of the last successful run)")
    facts.add_argument("--warehouse", help="DuckDB file whose snapshot is read (default: warehouse/arqam.duckdb)")
    facts.add_argument("--snapshot", help="the snapshot to read (default: <warehouse>_snapshot.duckdb)")
    facts.add_argument("--type", help="only this fact type (troops, attacks, funding, ...)")
    facts.add_argument("--article", help="only this article id")
    facts.add_argument(
        "--format", default="table", choices=["table", "csv", "json"],
        help="table (for reading, the default), or csv / json with every column of the facts table",
    )
    facts.set_defaults(handler=command_facts)

    export = commands.add_parser(
        "export", help="write the warehouse's tables as Parquet or CSV files (from the snapshot: docs/export_and_api.md)"
    )
    export.add_argument("--format", default="parquet", choices=["parquet", "csv"], help="file format (default parquet)")
    export.add_argument("--out", required=True, help="folder to write <table>.<format> into (created if missing)")
    export.add_argument(
        "--table", action="append", metavar="NAME",
        help="only this table or view (repeat for more; default: every table)",
    )
    export.add_argument("--views", action="store_true", help="the analysis views (v_*) too, each as its own file")
    export.add_argument("--warehouse", help="DuckDB file whose snapshot is read (default: warehouse/arqam.duckdb)")
    export.add_argument("--snapshot", help="the snapshot to read (default: <warehouse>_snapshot.duckdb)")
    export.set_defaults(handler=command_export)

    schema = commands.add_parser("schema", help="print the warehouse's tables, views and columns, with what each holds")
    schema.add_argument("names", nargs="*", metavar="NAME", help="only these tables or views")
    schema.add_argument("--warehouse", help="DuckDB file whose snapshot is read (default: warehouse/arqam.duckdb)")
    schema.add_argument("--snapshot", help="the snapshot to read (default: <warehouse>_snapshot.duckdb)")
    schema.set_defaults(handler=command_schema)

    report = commands.add_parser("report", help="write the analyst's report, one HTML file that opens offline (docs/report.md)")
    report.add_argument("--warehouse", help="DuckDB file whose snapshot is read (default: warehouse/arqam.duckdb)")
    report.add_argument("--snapshot", help="the snapshot to read (default: <warehouse>_snapshot.duckdb)")
    report.add_argument("--out", help="the HTML file to write (default: reports/arqam-report.html beside the snapshot)")
    report.add_argument("--latest", type=int, default=50, help="how many of the latest facts it shows, explained (default 50)")
    report.set_defaults(handler=command_report)

    explain = commands.add_parser("explain", help="why the warehouse says this: a fact's passage, rule trail, actor and cleaning")
    explain.add_argument("fact_id", help="a fact's id (facts.fact_id), or its first characters")
    explain.add_argument("--warehouse", help="DuckDB file whose snapshot is read (default: warehouse/arqam.duckdb)")
    explain.add_argument("--snapshot", help="the snapshot to read (default: <warehouse>_snapshot.duckdb)")
    explain.set_defaults(handler=command_explain)

    quality = commands.add_parser("quality", help="every data-quality check's trend over the last runs (from the snapshot)")
    quality.add_argument("--warehouse", help="DuckDB file whose snapshot is read (default: warehouse/arqam.duckdb)")
    quality.add_argument("--snapshot", help="the snapshot to read (default: <warehouse>_snapshot.duckdb)")
    quality.add_argument("--runs", type=_positive, default=10, metavar="N", help="how many runs, the latest (default 10)")
    quality.set_defaults(handler=command_quality)

    home = commands.add_parser("home", help="create DAGSTER_HOME with arqam's instance config and print it")
    home.set_defaults(handler=command_home)

    args = parser.parse_args(argv)
    return args.handler(args)


def _version() -> str:
    import arqam

    return arqam.__version__


def exit_now(code: int) -> None:
    """End the process with ``code`` once its output is out, skipping Python's own shutdown.

    When ``main`` returns, every file is closed, the warehouse checkpointed and unlocked, the
    workers stopped: what is left is memory.  Python's shutdown would then tear down some 3,000
    modules and their native objects one by one, a wait after every run, for nothing."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def entry() -> None:
    """The ``arqam`` command."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # its reader left (`arqam facts | head`): the rest has nowhere to go
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 141  # as a shell reports a command a closed pipe ended (128 + SIGPIPE)
    exit_now(code)


if __name__ == "__main__":
    entry()
