"""The `arqam` command: run the pipeline, read the facts, prepare the Dagster home.

Runs started here use the same Dagster instance (DAGSTER_HOME, by default
``.dagster_home`` in the project) as ``make dev``, so the UI shows their
history and their check results.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from importlib import resources
from pathlib import Path

from pipelines.settings import DEFAULT_DAGSTER_HOME, Settings


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME exists and holds arqam's instance config (telemetry off, one run at a time)."""
    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_DAGSTER_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        with resources.as_file(resources.files("pipelines").joinpath("dagster.yaml")) as template:
            shutil.copyfile(template, config)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def command_run(args: argparse.Namespace) -> int:
    from dagster import DagsterInstance

    from pipelines.definitions import JOB_NAME, build_definitions
    from pipelines.summary import run_summary

    settings = Settings.from_env(args.inbox, args.warehouse, args.reports)
    if not settings.inbox.is_dir():
        print(f"arqam: the inbox {settings.inbox} is not a folder", file=sys.stderr)
        return 2
    ensure_dagster_home()
    job = build_definitions(settings).resolve_job_def(JOB_NAME)
    with DagsterInstance.get() as instance:
        result = job.execute_in_process(
            run_config={"loggers": {"console": {"config": {"log_level": args.log_level}}}},
            instance=instance,
            raise_on_error=False,
            tags={"arqam/inbox": str(settings.inbox)},
        )
    print(run_summary(settings, result.run_id, result.success, _failure_messages(result)))
    return 0 if result.success else 1


def _failure_messages(result) -> list[str]:
    messages = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = event.event_specific_data.error
            messages.append(f"{event.step_key}: {error.message.strip() if error else 'failed'}")
    return messages


def command_facts(args: argparse.Namespace) -> int:
    from pipelines.summary import facts_listing

    settings = Settings.from_env(warehouse=args.warehouse)
    if not settings.warehouse.exists():
        print(f"arqam: no warehouse at {settings.warehouse}; run `arqam run` first", file=sys.stderr)
        return 2
    print(facts_listing(settings.warehouse, fact_type=args.type, article=args.article))
    return 0


def command_home(args: argparse.Namespace) -> int:
    print(ensure_dagster_home())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="arqam", description="Facts from Arabic security news, into DuckDB.")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="materialize every asset over the inbox and print a summary")
    run.add_argument("--inbox", help="folder of .txt/.html/.jsonl articles (default: the shipped corpus)")
    run.add_argument("--warehouse", help="DuckDB file (default: warehouse/arqam.duckdb)")
    run.add_argument("--reports", help="data-quality reports folder (default: beside the warehouse)")
    run.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="Dagster log level")
    run.set_defaults(handler=command_run)

    facts = commands.add_parser("facts", help="print the facts table")
    facts.add_argument("--warehouse", help="DuckDB file (default: warehouse/arqam.duckdb)")
    facts.add_argument("--type", help="only this fact type (troops, attacks, funding, ...)")
    facts.add_argument("--article", help="only this article id")
    facts.set_defaults(handler=command_facts)

    home = commands.add_parser("home", help="create DAGSTER_HOME with arqam's instance config and print it")
    home.set_defaults(handler=command_home)

    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
