"""Clear errors: a setting or a fact type that cannot be used ends `arqam` with
status 2 and one line saying what was expected, never a traceback; `arqam --version`."""
from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata

import pytest

from arqam.pipelines.cli import main
from arqam.pipelines.settings import Settings, SettingsError

# every number, size and switch of pipelines/settings.py, each with a value it cannot use
BAD_SETTINGS = [
    ("ARQAM_WORKERS", "two", "a whole number"),
    ("ARQAM_WORKERS", "-1", "0 or more"),
    ("ARQAM_DUCKDB_MEMORY_LIMIT", "lots", "a memory size"),
    ("ARQAM_DUCKDB_MEMORY_LIMIT", "512", "a number and a unit"),
    ("ARQAM_DUCKDB_THREADS", "many", "a whole number"),
    ("ARQAM_MAX_BYTES", "10MB", "a size in bytes"),
    ("ARQAM_MAX_BYTES", "0", "1 or more"),
    ("ARQAM_BATCH_ARTICLES", "1e4", "a whole number"),
    ("ARQAM_BATCH_ARTICLES", "0", "1 or more"),
    ("ARQAM_LOCK_TIMEOUT", "ten minutes", "seconds"),
    ("ARQAM_LOCK_TIMEOUT", "-5", "0 or more"),
    ("ARQAM_LOCK_TIMEOUT", "nan", "0 or more"),
    ("ARQAM_SENSOR", "maybe", "on or off"),
]


@pytest.mark.parametrize(("name", "value", "expected"), BAD_SETTINGS)
def test_a_setting_that_cannot_be_used_is_named_with_what_was_expected(monkeypatch, name, value, expected):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        Settings.from_env()
    message = str(raised.value)
    assert message.startswith(f"{name}={value!r} is not ") and expected in message and "\n" not in message


@pytest.mark.parametrize(
    ("name", "value", "field", "read"),
    [
        ("ARQAM_WORKERS", "3", "workers", 3),
        ("ARQAM_DUCKDB_MEMORY_LIMIT", "1.5GiB", "duckdb_memory_limit", "1.5GiB"),
        ("ARQAM_DUCKDB_MEMORY_LIMIT", "25%", "duckdb_memory_limit", "25%"),
        ("ARQAM_DUCKDB_THREADS", "0", "duckdb_threads", 0),
        ("ARQAM_MAX_BYTES", "1_000_000", "max_bytes", 1_000_000),
        ("ARQAM_LOCK_TIMEOUT", "0", "lock_timeout", 0.0),
        ("ARQAM_LOCK_TIMEOUT", "2.5", "lock_timeout", 2.5),
        ("ARQAM_SENSOR", "off", "sensor", False),
        ("ARQAM_SENSOR", "ON", "sensor", True),
        ("ARQAM_BATCH_ARTICLES", "", "batch_articles", 10_000),  # empty: the default
    ],
)
def test_good_settings_are_read_as_given(monkeypatch, name, value, field, read):
    monkeypatch.setenv(name, value)
    assert getattr(Settings.from_env(), field) == read


@pytest.mark.parametrize("command", [["run"], ["facts"], ["export", "--out", "x"]])
def test_every_command_refuses_a_bad_setting_with_status_2_and_one_line(monkeypatch, capsys, tmp_path, command):
    monkeypatch.setenv("ARQAM_WORKERS", "two")
    monkeypatch.setenv("ARQAM_WAREHOUSE", str(tmp_path / "w.duckdb"))
    assert main(command) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("arqam: ARQAM_WORKERS='two' is not a whole number")


def test_arqam_parquet_refuses_a_bad_size_limit_with_status_2_and_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("ARQAM_MAX_BYTES", "lots")
    assert main(["parquet", "--root", str(tmp_path / "pq"), "sql", "SELECT 1"]) == 2
    assert capsys.readouterr().err == (
        "arqam: ARQAM_MAX_BYTES='lots' is not a whole number: expected a size in bytes, 1 or more\n"
    )


def test_the_installed_command_prints_no_traceback_for_a_bad_setting(tmp_path):
    env = {**os.environ, "ARQAM_DUCKDB_MEMORY_LIMIT": "lots", "DAGSTER_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "arqam.pipelines.cli", "run", "--warehouse", str(tmp_path / "w.duckdb")],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "arqam: ARQAM_DUCKDB_MEMORY_LIMIT='lots' is not a memory size: "
        "expected a number and a unit, as 512MB, 2GB, 1.5GiB, or a share as 25%\n"
    )
    assert not (tmp_path / "w.duckdb").exists()


def test_an_unknown_fact_type_names_the_known_ones_and_the_close_one(capsys, tmp_path):
    # refused before the snapshot is looked for: the type is wrong whatever the warehouse holds
    assert main(["facts", "--type", "troop", "--snapshot", str(tmp_path / "none.duckdb")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("arqam: unknown fact type 'troop' (did you mean troops?): expected one of troops, ")
    assert "trained_personnel" in err and "percentage" in err


def test_an_unknown_fact_type_far_from_any_suggests_none(capsys, tmp_path):
    assert main(["facts", "--type", "zebra", "--snapshot", str(tmp_path / "none.duckdb")]) == 2
    err = capsys.readouterr().err
    assert "did you mean" not in err and "expected one of troops" in err


def test_arqam_version_is_the_installed_packages():
    done = subprocess.run(
        [sys.executable, "-m", "arqam.pipelines.cli", "--version"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0
    assert done.stdout == f"arqam {metadata.version('arqam')}\n"
