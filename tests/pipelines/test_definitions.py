"""The code location: it loads, its job covers every asset, the schedule and the inbox sensor work."""
from __future__ import annotations

import shutil

from dagster import Definitions, RunRequest, SkipReason, build_sensor_context

from arqam.assets.resources import InboxResource
from arqam.pipelines.definitions import JOB_NAME, build_definitions, inbox_sensor
from tests.conftest import SEEDS, make_settings


def test_the_code_location_loads(tmp_path):
    defs = build_definitions(make_settings(tmp_path))
    Definitions.validate_loadable(defs)
    job = defs.resolve_job_def(JOB_NAME)
    assert {key.to_user_string() for key in job.asset_layer.executable_asset_keys} == {
        "raw_articles", "quarantine", "clean_articles", "fact_mentions", "facts", "claims", "snapshot"
    }
    assert defs.resolve_schedule_def("arqam_daily").cron_schedule == "0 5 * * *"


def test_workspace_points_at_the_definitions():
    import importlib
    import re

    from arqam.pipelines.settings import PROJECT_ROOT

    workspace = (PROJECT_ROOT / "workspace.yaml").read_text()
    modules = re.findall(r"module_name: (\S+)\s+attribute: (\w+)", workspace)
    assert modules == [("arqam.pipelines.definitions", "defs"), ("arqam.pipelines.parquet", "defs")]
    for module, attribute in modules:  # each location loads under the one installed name, arqam
        assert isinstance(getattr(importlib.import_module(module), attribute), Definitions)


def evaluate(inbox, cursor=None):
    context = build_sensor_context(cursor=cursor, resources={"inbox": InboxResource(path=str(inbox))})
    result = inbox_sensor(context)
    return result, context.cursor


def test_the_sensor_starts_a_run_only_when_the_inbox_changes(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    first, cursor = evaluate(inbox)
    assert isinstance(first, RunRequest) and first.run_key == cursor
    unchanged, same_cursor = evaluate(inbox, cursor)
    assert isinstance(unchanged, SkipReason) and same_cursor == cursor
    (inbox / "new.txt").write_text("مقتل 3 جنود", encoding="utf-8")
    changed, new_cursor = evaluate(inbox, cursor)
    assert isinstance(changed, RunRequest) and new_cursor != cursor
