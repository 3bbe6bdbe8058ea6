"""The arqam code location: assets, the job over the whole graph, a daily schedule, an inbox sensor.

Paths come from the environment (see ``settings.py``); ``build_definitions``
takes explicit settings for the command line and for tests.
"""
from __future__ import annotations

import hashlib
import os

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    Definitions,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    in_process_executor,
    sensor,
)

from arqam.assets.clean import clean_articles
from arqam.assets.extract import claims, fact_mentions, facts
from arqam.assets.publish import snapshot
from arqam.assets.raw import raw_articles
from arqam.assets.resources import InboxResource, QualityResource, WarehouseResource, WorkersResource
from arqam.extraction.read.ingest import list_inbox
from arqam.pipelines.settings import Settings

ALL_ASSETS = [raw_articles, clean_articles, fact_mentions, facts, claims, snapshot]
JOB_NAME = "arqam_all"

# One process, one writer: DuckDB allows a single writing process per file, and
# a run's imports cost far more than its steps on a batch (docs/stack.md).
arqam_all = define_asset_job(
    JOB_NAME,
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Every stage, from inbox files to claims, with the data-quality gate between stages; then the snapshot for readers.",
)

daily = ScheduleDefinition(
    name="arqam_daily",
    job=arqam_all,
    cron_schedule="0 5 * * *",
    default_status=DefaultScheduleStatus.RUNNING,
    description="Materialize everything once a day (05:00) for whatever arrived in the inbox.",
)


def inbox_fingerprint(inbox_path: str) -> str:
    """Changes whenever a file is added, removed or rewritten in the inbox."""
    digest = hashlib.sha256()
    for item in list_inbox(inbox_path):
        try:
            stat = os.stat(item.path)
        except OSError:
            continue
        digest.update(f"{item.relative_path}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def make_inbox_sensor(running: bool = True):
    """The inbox sensor, running or stopped when a Dagster instance first sees it (``ARQAM_SENSOR``);
    a state set later in the UI is the instance's and wins over this default."""
    status = DefaultSensorStatus.RUNNING if running else DefaultSensorStatus.STOPPED

    @sensor(name="inbox_sensor", job=arqam_all, minimum_interval_seconds=60, default_status=status)
    def inbox_sensor(context: SensorEvaluationContext, inbox: InboxResource):
        """Start a run when files appear in (or change in) the inbox."""
        fingerprint = inbox_fingerprint(inbox.path)
        if fingerprint == context.cursor:
            return SkipReason("no new or changed files in the inbox")
        context.update_cursor(fingerprint)
        return RunRequest(run_key=fingerprint)

    return inbox_sensor


inbox_sensor = make_inbox_sensor()


def build_resources(settings: Settings) -> dict:
    return {
        "inbox": InboxResource(path=str(settings.inbox), max_bytes=settings.max_bytes),
        "warehouse": WarehouseResource(
            database=str(settings.warehouse), snapshot=str(settings.snapshot), lock_timeout=settings.lock_timeout,
            memory_limit=settings.duckdb_memory_limit, threads=settings.duckdb_threads,
        ),
        "quality": QualityResource(project_dir=str(settings.reports)),
        "workers": WorkersResource(processes=settings.workers, batch_articles=settings.batch_articles),
    }


def build_definitions(settings: Settings) -> Definitions:
    return Definitions(
        assets=ALL_ASSETS,
        jobs=[arqam_all],
        schedules=[daily],
        sensors=[make_inbox_sensor(settings.sensor)],
        resources=build_resources(settings),
        # every job in process, those the UI makes for a selection of assets too: one writer
        executor=in_process_executor,
    )


defs = build_definitions(Settings.from_env())
