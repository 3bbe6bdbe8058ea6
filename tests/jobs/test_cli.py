"""End to end: `arqam run` as a subprocess on a temporary warehouse, then `arqam facts`."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.conftest import SEEDS


def arqam(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "arqam.pipelines.cli", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_arqam_run_then_facts(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    warehouse = tmp_path / "out" / "arqam.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster_home")}

    run = arqam("run", "--inbox", str(inbox), "--warehouse", str(warehouse), env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert "succeeded" in out
    assert "articles read:   5" in out
    assert "quarantined:     0" in out
    assert "troops" in out and "attacks" in out and "funding" in out
    assert "facts.value_plausible_troops" in out and "FAIL" not in out
    assert str(warehouse) in out
    assert "data_docs/local_site/index.html" in out
    assert "leaked" not in run.stderr  # every binding object freed at exit (nanobind lists the ones that are not)
    # the run is in the instance the UI reads
    assert (tmp_path / "dagster_home" / "dagster.yaml").read_text().count("enabled: false") == 1
    assert any((tmp_path / "dagster_home").iterdir())

    facts = arqam("facts", "--warehouse", str(warehouse), "--type", "troops", env=env)
    assert facts.returncode == 0, facts.stderr
    assert "2,400 person" in facts.stdout and "001_989b01d71f21a984" in facts.stdout


def test_arqam_run_refuses_a_missing_inbox(tmp_path):
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home")}
    run = arqam("run", "--inbox", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb"), env=env)
    assert run.returncode == 2 and "not a folder" in run.stderr


def test_exit_now_ends_with_the_code_once_the_output_is_out():
    """`arqam` skips Python's shutdown (exit_now): what was printed into the pipe's buffers, and
    logged, still arrives, and the status is the one given."""
    script = (
        "import logging, sys; from arqam.pipelines.cli import exit_now; "
        "logging.basicConfig(stream=sys.stderr); logging.getLogger('arqam').warning('logged'); "
        "print('summary', end=''); sys.stderr.write('unflushed'); exit_now(3)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert done.stdout == "summary"
    assert "logged" in done.stderr and done.stderr.endswith("unflushed")


def test_a_snapshot_that_cannot_be_published_fails_the_run(tmp_path, monkeypatch, capsys):
    """Every stage succeeds, then the snapshot copy meets a full disk: readers keep the old data, so
    the run says FAILED with the cause and exits 1 (it said succeeded and exited 0), and Dagster records
    the run as failed at its snapshot step (it was a log event of the resource's tear-down)."""
    from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus

    from arqam.pipelines import cli
    from arqam.warehouse.store import Warehouse

    def full_disk(self, target):
        raise OSError(28, "No space left on device", str(target))

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], inbox)  # one article: the run's steps are not what is tested
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("ARQAM_WORKERS", "1")
    monkeypatch.setattr(Warehouse, "publish_snapshot", full_disk)
    status = cli.main(["run", "--inbox", str(inbox), "--warehouse", str(tmp_path / "w.duckdb")])
    out = capsys.readouterr().out
    assert status == 1
    assert "FAILED" in out and "No space left on device" in out
    assert "not republished" in out and not (tmp_path / "w_snapshot.duckdb").exists()
    [cause] = [line for line in out.splitlines() if line.startswith("  ! ")]
    assert cause.startswith("  ! snapshot: ") and "No space left on device" in cause, cause
    with DagsterInstance.get() as instance:  # the same in Dagster's UI: the run failed, at its snapshot step
        [run] = instance.get_runs()
        assert run.status == DagsterRunStatus.FAILURE
        failed = instance.get_records_for_run(run.run_id, of_type=DagsterEventType.STEP_FAILURE).records
        assert [record.event_log_entry.step_key for record in failed] == ["snapshot"]


def test_a_warehouse_held_open_by_another_process_fails_the_run_with_the_holder_named(tmp_path, monkeypatch, capsys):
    """A reader that opened the live warehouse (not its snapshot) keeps DuckDB's file lock: the run
    cannot start, and says so in one line naming the process (it said a bare FAILED)."""
    import duckdb

    from arqam.pipelines import cli

    warehouse = tmp_path / "w.duckdb"
    duckdb.connect(str(warehouse)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
         "print('open', flush=True); time.sleep(600)", str(warehouse)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        inbox = tmp_path / "inbox"
        shutil.copytree(SEEDS, inbox)
        monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
        monkeypatch.setenv("ARQAM_WORKERS", "1")
        status = cli.main(["run", "--inbox", str(inbox), "--warehouse", str(warehouse)])
    finally:
        holder.kill()
        holder.wait()
    out = capsys.readouterr().out
    assert status == 1
    (cause,) = [line for line in out.splitlines() if line.startswith("  ! ")]
    assert cause.startswith("  ! the run could not start: ")
    assert f"PID {holder.pid}" in cause and "readers open the snapshot" in cause


def test_a_reader_that_leaves_the_pipe_early_ends_arqam_quietly():
    """`arqam facts | head`: the reader closes the pipe before the listing is out; arqam ends with the
    status a shell gives a command a closed pipe ended (141), no traceback (there was one)."""
    script = (
        "import sys; from arqam.pipelines import cli; "
        "cli.main = lambda: [print('سطر من القائمة ' * 40) for _ in range(20000)] and 0; cli.entry()"
    )
    listing = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    listing.stdout.read(100)
    listing.stdout.close()  # as head does once it has its lines
    err = listing.stderr.read().decode()
    assert listing.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
