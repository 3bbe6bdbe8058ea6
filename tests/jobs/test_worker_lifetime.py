"""Nothing outlives a killed run: its workers, their forkserver and the resource tracker end with it.

A run's worker processes are forked by a forkserver, so the run is not even their
parent, and nothing tells them when the run is killed (SIGKILL runs no clean-up).
Each test starts a process in a session of its own (a kill cannot reach the test
runner), with a marker in its environment that every process it starts inherits,
kills it with SIGKILL at a point defined by what it has started, and then waits
(polling, with a generous deadline as a safety net) until no process bearing the
marker is left.
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pyarrow as pa
import pytest

from arqam.pipelines.settings import PROJECT_ROOT
from bench.corpus import write_articles

MARK = "ARQAM_TEST_PROCESS_MARK"  # only this test sets it: the processes it finds are its own
GONE_WITHIN = 120.0  # seconds, a safety net: the workers go at once, a forkserver still loading its modules once loaded
EVENT_WITHIN = 600.0  # seconds for a run to reach the point it is killed at (a hang fails the test, not the suite)


def marked_processes(mark: str) -> dict[int, str]:
    """pid -> command line of every live process whose environment holds ``MARK=mark`` (a zombie is gone:
    it holds no memory, and /proc shows it no environment)."""
    found = {}
    wanted = f"{MARK}={mark}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if wanted not in Path(f"/proc/{entry}/environ").read_bytes().split(b"\0"):
                continue
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # ended meanwhile, or not ours to read
            continue
        found[int(entry)] = command.strip()
    return found


def pool_processes(processes: dict[int, str]) -> int:
    """The forkserver and the workers it forked (each runs the forkserver's command line)."""
    return sum("multiprocessing.forkserver" in command for command in processes.values())


def ended(pid: int) -> bool:
    """The process has ended (a zombie its parent has not reaped yet, or gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in "ZX"
    except OSError:
        return True


def wait_for(condition, what: str, pid: int, output: Path) -> None:
    """Until ``condition()`` holds; the test fails if the process ``pid`` ends first."""
    deadline = time.monotonic() + EVENT_WITHIN
    while not condition():
        if ended(pid):
            pytest.fail(f"the process ended before {what}:\n{output.read_text(errors='replace')[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"not {what} within {EVENT_WITHIN:.0f} s")
        time.sleep(0.05)


def wait_until_gone(mark: str) -> dict[int, str]:
    """Wait until no process of ``mark`` is left; those left at the deadline are returned (and killed,
    not to outlive the test)."""
    deadline = time.monotonic() + GONE_WITHIN
    while (left := marked_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


# A process that starts a pool from a thread that then ends (as a Dagster step may run in a
# thread), warms both workers up, and gives each a slice that never ends.
HOLDER = r"""
import sys, threading
import pyarrow as pa
from arqam.assets.workers import BatchPool
from tests.jobs.test_worker_lifetime import hold_forever

pool = BatchPool(processes=2, inline_below=0)
folder = sys.argv[1]
batch = pa.table({"folder": [folder] * 8, "slice": list(range(8))})
starter = threading.Thread(target=pool.submit, args=(hold_forever, batch, batch.schema, [1] * 8))
starter.start()
starter.join()
print("submitted", flush=True)
threading.Event().wait()
"""


def hold_forever(batch: pa.Table, schema: pa.Schema) -> pa.Table:
    """A slice whose worker says it has begun (a file named after its pid) and never finishes."""
    Path(batch["folder"][0].as_py(), str(os.getpid())).touch()
    threading.Event().wait()
    return batch


def test_workers_busy_in_a_slice_end_with_the_process_that_started_their_pool_from_an_ended_thread(tmp_path):
    mark = uuid.uuid4().hex
    began = tmp_path / "began"
    began.mkdir()
    output = tmp_path / "holder.log"
    with open(output, "w") as log:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(began)], cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, MARK: mark, "PYTHONPATH": str(PROJECT_ROOT)}, start_new_session=True,
        )
    try:
        # both workers inside a slice: each main thread is busy in work that never returns
        wait_for(lambda: len(list(began.iterdir())) >= 2, "two workers in a slice", holder.pid, output)
        started = marked_processes(mark)
        assert pool_processes(started) == 3, started  # the forkserver and two workers
        assert any("resource_tracker" in command for command in started.values()), started
    finally:
        holder.kill()  # not reaped yet: the pid is still the holder's
        holder.wait()
        left = wait_until_gone(mark)
    assert left == {}, f"left after the kill: {left}"


# A process with `arqam run`'s imports done (a few seconds, mostly Great Expectations'), forking a
# child per run that executes `pipelines.cli.main(["run", ...])` as the `arqam` command does; it
# kills the child with SIGKILL when told to (not reaped until then, its pid is still the child's).
ZYGOTE = r"""
import json, os, signal, sys, threading, traceback
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
import duckdb, pyarrow, pandas, dagster, great_expectations
import arqam.pipelines.cli, arqam.pipelines.definitions, arqam.assets.resources, arqam.pipelines.summary
import arqam.expectations.gx_bridge, arqam.expectations.frames, arqam.expectations.dagster_checks
print(json.dumps({"threads": threading.active_count()}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.environ.update(request["env"])
        try:
            code = arqam.pipelines.cli.main(request["args"])
        except BaseException:
            traceback.print_exc()
            code = 99
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code or 0)
    print(json.dumps({"pid": pid}), flush=True)
    sys.stdin.readline()
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0}), flush=True)
"""

KILL_POINTS = {
    # the run is starting its pool: the forkserver is up, the workers may not be
    "the forkserver has started": lambda processes, log: pool_processes(processes) >= 1,
    # both workers are up, loading their lexicons or reading the inbox (the first stage)
    "both workers exist": lambda processes, log: pool_processes(processes) == 3,
    # the workers have cleaned every article and wait between stages, or extract mentions
    "clean_articles has written": lambda processes, log: "clean_articles: 64 rows" in log,
}


def test_no_process_of_a_run_killed_at_any_point_outlives_it(tmp_path):
    """A real `arqam run` with two workers over 64 articles (the fewest it reads in its workers),
    killed at each point of KILL_POINTS."""
    kill_runs_at_each_point(tmp_path)


def kill_runs_at_each_point(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write_articles(inbox, 64, seed=15)
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE], cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}, start_new_session=True,
    )
    try:
        assert json.loads(zygote.stdout.readline())["threads"] == 1, "forking a process with threads is not safe"
        for number, (point, reached) in enumerate(KILL_POINTS.items()):
            mark, output = uuid.uuid4().hex, tmp_path / f"run{number}.log"
            env = {MARK: mark, "DAGSTER_HOME": str(tmp_path / "dagster_home"), "ARQAM_WORKERS": "2"}
            arguments = ["run", "--inbox", str(inbox), "--warehouse", str(tmp_path / f"w{number}" / "arqam.duckdb"),
                         "--wait", "0"]
            output.touch()  # read before the run has opened it
            request = {"args": arguments, "env": env, "log": str(output)}
            zygote.stdin.write(json.dumps(request) + "\n")
            zygote.stdin.flush()
            run = json.loads(zygote.stdout.readline())["pid"]
            try:
                wait_for(lambda: reached(marked_processes(mark), output.read_text(errors="replace")), point, run, output)  # noqa: B023
                assert pool_processes(marked_processes(mark)) >= 1, point
            finally:
                zygote.stdin.write("kill\n")
                zygote.stdin.flush()
                killed = json.loads(zygote.stdout.readline())
                left = wait_until_gone(mark)
            assert killed["signal"] == signal.SIGKILL, f"the run ended before it was killed ({point}): {output.read_text()[-3000:]}"
            assert left == {}, f"left after a run was killed when {point}: {left}"
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=60)
