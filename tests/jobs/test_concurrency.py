"""One run at a time per warehouse: a second run waits for the first or is refused, naming it.

The lock is an flock on ``<warehouse>.lock`` held for the whole run; the kernel
drops it when its process dies, so a killed run never blocks the next one.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest
from dagster import DagsterInstance

from arqam.pipelines.settings import PROJECT_ROOT, Settings
from arqam.warehouse.lock import LockHolder, WarehouseBusy, WarehouseLock, current_holder, held_for_run, lock_path
from arqam.warehouse.store import Warehouse
from tests.conftest import SEEDS, make_settings, run_pipeline

DATA_TABLES = ("raw_articles", "quarantine", "clean_articles", "fact_mentions", "facts", "claims", "stage_progress")
KEYS = {"raw_articles": "article_id", "quarantine": "quarantine_id", "clean_articles": "article_id",
        "fact_mentions": "mention_id", "facts": "fact_id", "claims": "claim_id", "stage_progress": "progress_key"}

# Another process holding the lock as a run would, until its stdin closes (or it is killed).
HOLDER = textwrap.dedent(
    """
    import sys
    from arqam.warehouse.lock import WarehouseLock
    lock = WarehouseLock(sys.argv[1], command="arqam run", run_id="run-in-the-way")
    lock.acquire()
    print("held", flush=True)
    sys.stdin.read()
    lock.release()
    """
)


def arqam(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "arqam.pipelines.cli", *args], cwd=PROJECT_ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def hold_lock(warehouse) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(warehouse)], cwd=PROJECT_ROOT, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


def tables(path) -> dict[str, list[dict]]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.sql(f"SELECT * FROM {t} ORDER BY {KEYS[t]}").to_arrow_table().to_pylist() for t in DATA_TABLES}
    finally:
        con.close()


def test_two_runs_started_at_once_one_waits_for_the_other(seeds_run, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    warehouse = tmp_path / "wh" / "arqam.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster_home")}
    args = ("run", "--inbox", str(inbox), "--warehouse", str(warehouse), "--wait", "240", "--log-level", "ERROR")
    first, second = arqam(*args, env=env), arqam(*args, env=env)
    outputs = [(p.pid, *p.communicate(timeout=300), p.returncode) for p in (first, second)]

    assert [code for *_, code in outputs] == [0, 0], outputs
    waited = [(pid, err) for pid, _, err, _ in outputs if "waiting up to 240 s" in err]
    assert len(waited) == 1, outputs  # one ran at once, the other waited for it ...
    waiter, message = waited[0]
    [runner] = [pid for pid, *_ in outputs if pid != waiter]
    assert f"in use by arqam run, pid {runner}" in message and "Dagster run" in message  # ... naming it
    assert all("succeeded" in out for _, out, _, _ in outputs)
    # the warehouse is what one run gives: nothing twice, nothing corrupted
    fresh, _ = seeds_run
    assert tables(warehouse) == tables(fresh.warehouse)
    assert tables(default_snapshot(warehouse)) == tables(warehouse)
    assert current_holder(warehouse) is None and lock_path(warehouse).read_text() == ""


def default_snapshot(warehouse):
    return warehouse.with_name("arqam_snapshot.duckdb")


def test_a_run_that_may_not_wait_is_refused_naming_the_run_in_the_way(tmp_path):
    warehouse = tmp_path / "arqam.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster_home")}
    holder = hold_lock(warehouse)
    try:
        # Python lists every module the refused run imports on stderr: a count of work, not a time
        refused = arqam("run", "--inbox", str(SEEDS), "--warehouse", str(warehouse), "--wait", "0",
                        env={**env, "PYTHONPROFILEIMPORTTIME": "1"})
        out, err = refused.communicate(timeout=120)
        imported = {line.rsplit("|", 1)[-1].strip() for line in err.splitlines() if line.startswith("import time:")}
        err = "\n".join(line for line in err.splitlines() if not line.startswith("import time:"))
        patient = arqam("run", "--inbox", str(SEEDS), "--warehouse", str(warehouse), "--wait", "1", env=env)
        _, patient_err = patient.communicate(timeout=120)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert refused.returncode == 75, (out, err)
    assert f"in use by another run (arqam run, pid {holder.pid}, Dagster run run-in-the-way, started " in err
    assert "refused without waiting" in err and "--wait" in err
    assert "arqam.warehouse.lock" in imported, err  # the listing was read
    assert not {name for name in imported if name.split(".")[0] in ("dagster", "great_expectations")}, \
        "refused only after the imports a run costs"
    assert patient.returncode == 75
    assert "waiting up to 1 s" in patient_err and "refused after waiting 1 s" in patient_err
    assert not warehouse.exists()  # neither touched the warehouse


def test_a_dagster_run_waits_for_the_lock_or_fails_naming_the_holder(tmp_path, monkeypatch):
    """The same lock through the warehouse resource: a run the daemon starts while `arqam run` works."""
    shutil.copytree(SEEDS, tmp_path / "inbox")
    base = make_settings(tmp_path)
    instance = DagsterInstance.ephemeral()
    holder = hold_lock(base.warehouse)
    try:
        impatient = Settings(base.inbox, base.warehouse, base.reports, lock_timeout=0.5)
        refused = run_pipeline(impatient, instance, raise_on_error=False)
        assert not refused.success
        assert f"arqam run, pid {holder.pid}, Dagster run run-in-the-way" in run_log(instance, refused.run_id)
        assert not base.warehouse.exists()  # nothing done without the lock

        # a patient run waits for the holder to let go, then runs: the holder lets go
        # once the run is seen waiting (however slow the machine is to get it there)
        acquire = WarehouseLock.acquire

        def acquire_then_release_the_holder(self, timeout=0.0, on_wait=None, poll=0.1):
            def waiting(who):
                on_wait(who)
                holder.stdin.close()

            return acquire(self, timeout, waiting if on_wait else None, poll)

        monkeypatch.setattr(WarehouseLock, "acquire", acquire_then_release_the_holder)
        patient = Settings(base.inbox, base.warehouse, base.reports, lock_timeout=120)
        result = run_pipeline(patient, instance)
        assert result.success and holder.stdin.closed
        assert f"waiting up to 120 s for arqam run, pid {holder.pid}" in run_log(instance, result.run_id)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert current_holder(base.warehouse) is None
    assert Warehouse(base.warehouse).count("raw_articles") == 5


def run_log(instance: DagsterInstance, run_id: str) -> str:
    """Every message of the run's event log, errors included."""
    texts = []
    for entry in instance.all_logs(run_id):
        texts.append(entry.user_message or "")
        event = entry.dagster_event
        error = getattr(event.event_specific_data, "error", None) if event and event.event_specific_data else None
        while error is not None:
            texts.append(error.message)
            error = error.cause
    return "\n".join(texts)


def test_a_lock_left_by_a_killed_process_is_free_and_names_it(tmp_path):
    warehouse = tmp_path / "arqam.duckdb"
    holder = hold_lock(warehouse)
    assert current_holder(warehouse).pid == holder.pid
    with pytest.raises(WarehouseBusy) as busy:
        WarehouseLock(warehouse).acquire(timeout=0)
    assert busy.value.holder.pid == holder.pid and "run-in-the-way" in str(busy.value)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)

    assert current_holder(warehouse) is None  # the kernel let go of it
    lock = WarehouseLock(warehouse, command="arqam run", run_id="next")
    dead = lock.acquire(timeout=0)
    try:
        assert [(h.pid, h.run_id) for h in dead] == [(holder.pid, "run-in-the-way")]
        # taken once: the Dagster run inside `arqam run` finds it held for it, and cannot take it again
        assert held_for_run(warehouse, "next").pid == os.getpid()
        assert held_for_run(warehouse, "another run") is None
        with pytest.raises(WarehouseBusy):
            WarehouseLock(warehouse, command="Dagster run", run_id="next").acquire(timeout=0)
        assert current_holder(warehouse).run_id == "next"
        assert LockHolder.parse(lock_path(warehouse).read_text()).unsettled  # not settled yet: still named
        lock.settle()
        assert LockHolder.parse(lock_path(warehouse).read_text()).unsettled == ()
    finally:
        lock.release()
    assert lock_path(warehouse).read_text() == ""  # released cleanly: nobody named
