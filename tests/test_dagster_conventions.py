"""Dagster conventions (issue 16, point 6): what the UI shows of each asset, and the sensor's default state."""
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
