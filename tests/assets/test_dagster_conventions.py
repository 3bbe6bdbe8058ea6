"""Dagster conventions: what the UI shows of each asset, and the sensor's default state."""
from __future__ import annotations

import pytest
from dagster import DefaultSensorStatus

from arqam.pipelines.definitions import build_definitions
from arqam.pipelines.settings import Settings
from tests.conftest import make_settings


@pytest.mark.parametrize(("value", "status"), [("", DefaultSensorStatus.RUNNING), ("on", DefaultSensorStatus.RUNNING),
                                               ("off", DefaultSensorStatus.STOPPED)])
def test_the_inbox_sensor_starts_in_the_state_arqam_sensor_says(monkeypatch, tmp_path, value, status):
    monkeypatch.setenv("ARQAM_SENSOR", value)
    settings = Settings.from_env(inbox=tmp_path, warehouse=tmp_path / "w.duckdb")
    sensor = build_definitions(settings).resolve_sensor_def("inbox_sensor")
    assert sensor.default_status == status


def test_the_sensor_is_running_by_default_in_settings_made_by_hand(tmp_path):
    sensor = build_definitions(make_settings(tmp_path)).resolve_sensor_def("inbox_sensor")
    assert sensor.default_status == DefaultSensorStatus.RUNNING


TABLE_ASSETS = ("raw_articles", "quarantine", "clean_articles", "fact_mentions", "facts", "claims")
# words about how a stage works, not about what its table holds
IMPLEMENTATION_WORDS = ("batch", "worker", "core", "transaction", "pool", "arrow", "in process")


def test_every_asset_has_its_kinds_owners_tags_and_a_description_for_users(tmp_path):
    from arqam.assets.conventions import DESCRIPTIONS

    specs = {spec.key.to_user_string(): spec for spec in build_definitions(make_settings(tmp_path)).resolve_all_asset_specs()}
    assert set(specs) == {*TABLE_ASSETS, "snapshot"}
    for name, spec in specs.items():
        assert spec.kinds == {"duckdb", "python"}, name
        assert spec.owners == ["team:arqam"], name
        assert spec.tags["stage"] in ("ingest", "clean", "extract", "compare", "publish"), name
        assert spec.description == DESCRIPTIONS[name]
        assert not [w for w in IMPLEMENTATION_WORDS if w in spec.description.lower()], name


def materializations(result) -> dict[str, dict]:
    return {
        event.asset_key.to_user_string(): event.materialization.metadata
        for event in result.get_asset_materialization_events()
    }


def test_each_table_materialization_carries_the_standard_table_metadata(seeds_run):
    import duckdb

    settings, result = seeds_run
    metadata = materializations(result)
    with duckdb.connect(str(settings.snapshot), read_only=True) as con:
        for table in TABLE_ASSETS:
            meta = metadata[table]
            rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert meta["dagster/row_count"].value == rows, table
            assert meta["dagster/table_name"].value == f"arqam.main.{table}"
            described = con.execute(f"DESCRIBE {table}").fetchall()
            columns = meta["dagster/column_schema"].schema.columns
            assert [(c.name, c.type) for c in columns] == [(name, kind) for name, kind, *_ in described], table
            assert all(c.constraints.nullable == (null == "YES") for c, (_, _, null, *_) in zip(columns, described))
            preview = meta["preview"].value
            if rows:
                first_column = described[0][0]
                header, rule, *lines = preview.splitlines()
                assert header.startswith(f"| {first_column} |") and 0 < len(lines) <= 5
                assert all(len(cell) <= 82 for line in lines for cell in line.split(" | "))
            else:
                assert preview == "_no rows_"


def test_a_preview_cell_is_one_line_cut_short_and_escaped():
    from arqam.assets.conventions import markdown_table

    table = markdown_table(["a", "b"], [("x|y", "سطر\nثان " + "ك" * 200), (None, 2.5)])
    assert table.splitlines()[2] == "| x\\|y | سطر ثان " + "ك" * 71 + "… |"
    assert table.splitlines()[3] == "|  | 2.5 |"


def test_make_dev_serves_on_the_port_given_and_prints_its_url():
    import subprocess

    from arqam.pipelines.settings import PROJECT_ROOT

    dry = subprocess.run(["make", "--no-print-directory", "-n", "dev", "PORT=3111"], cwd=PROJECT_ROOT, capture_output=True,
                         text=True, timeout=60)  # no "Entering directory" lines when `make test` runs this
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert lines[-1].endswith("/dagster dev -w workspace.yaml -p 3111")
    assert "http://127.0.0.1:3111" in lines[-2]
