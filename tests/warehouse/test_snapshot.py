"""Readers open the snapshot, never the live warehouse: they never block a run, never see half of one.

After each successful run the warehouse is copied (checkpointed, fsynced) and
renamed over ``<warehouse>_snapshot.duckdb``: a reader opens the old snapshot
or the new one, whole.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap

import duckdb
import pytest

from arqam.pipelines.settings import PROJECT_ROOT, Settings
from arqam.warehouse.store import Warehouse, default_snapshot_path
from tests.conftest import SEEDS, make_settings, run_pipeline

NEW_ARTICLE = "بغداد - قالت وزارة الدفاع إن 750 جنديا أميركيا وصلوا إلى قاعدة عين الأسد.\nوأكدت مقتل 6 مسلحين في اشتباك.\n"

# Readers in processes of their own, as notebooks and dashboards are.  "hold": one
# connection opened at the start and kept (a notebook); "poll": a new connection
# every few milliseconds (a dashboard refreshing).  Each records what it sees
# until its stdin closes.  (Within one process DuckDB shares a database among
# its connections: while one is open, new ones see the same snapshot.)
READER = textwrap.dedent(
    r"""
    import json, sys, threading, time
    import duckdb
    path, mode = sys.argv[1], sys.argv[2]
    QUERY = '''SELECT (SELECT count(*) FROM raw_articles),
                      (SELECT count(*) FROM clean_articles),
                      (SELECT count(*) FROM stage_progress WHERE stage = 'fact_mentions'),
                      (SELECT count(*) FROM stage_progress WHERE stage = 'facts'),
                      (SELECT count(*) FROM facts),
                      (SELECT count(*) FROM claims),
                      (SELECT count(*) FROM raw_articles r WHERE NOT EXISTS
                         (SELECT 1 FROM facts f WHERE f.article_id = r.article_id))'''
    held = duckdb.connect(path, read_only=True)
    first = held.execute(QUERY).fetchall()[0]
    if mode == "poll":
        held.close()
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    print(json.dumps({"ready": True}), flush=True)
    seen, opened, errors = {}, 0, []
    while True:
        last = stop.is_set()  # once stopped, one more look: it starts after the run has ended
        try:
            con = held if mode == "hold" else duckdb.connect(path, read_only=True)
            try:
                state = json.dumps(con.execute(QUERY).fetchall()[0])
            finally:
                if mode == "poll":
                    con.close()
            seen[state] = seen.get(state, 0) + 1
            opened += 1
        except Exception as error:
            errors.append(repr(error))
        if last:
            break
        time.sleep(0.005)
    print(json.dumps({"first": first, "seen": seen, "opened": opened, "errors": errors}), flush=True)
    """
)


def start_reader(path, mode: str) -> subprocess.Popen:
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(path), mode], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert json.loads(reader.stdout.readline())["ready"]
    return reader


def stop_reader(reader: subprocess.Popen) -> dict:
    reader.stdin.close()
    report = json.loads(reader.stdout.readline())
    reader.wait(timeout=30)
    return report


def copy_of_seeds_run(seeds_run, tmp_path) -> Settings:
    """A warehouse as a run on the seeds leaves it (copied: the session's is shared)."""
    fresh, _ = seeds_run
    settings = make_settings(tmp_path)
    shutil.copytree(SEEDS, settings.inbox)
    settings.warehouse.parent.mkdir(parents=True)
    shutil.copyfile(fresh.warehouse, settings.warehouse)
    shutil.copyfile(fresh.snapshot, settings.snapshot)
    return settings


def test_a_successful_run_publishes_the_snapshot(seeds_run):
    settings, result = seeds_run
    assert settings.snapshot == default_snapshot_path(settings.warehouse)
    assert settings.snapshot.name == "arqam_snapshot.duckdb" and settings.snapshot.parent == settings.warehouse.parent
    with duckdb.connect(str(settings.snapshot), read_only=True) as snap:
        facts = snap.execute("SELECT count(*) FROM facts").fetchall()[0][0]
        checks = snap.execute("SELECT count(*) FROM dq_results WHERE run_id = ?", [result.run_id]).fetchall()[0][0]
    assert facts == Warehouse(settings.warehouse).count("facts") > 10
    assert checks > 0  # the snapshot is taken once the last stage has landed
    assert not list(settings.snapshot.parent.glob(".*.tmp"))


def test_a_reader_holding_the_snapshot_never_blocks_a_run_and_sees_only_whole_runs(seeds_run, tmp_path):
    settings = copy_of_seeds_run(seeds_run, tmp_path)
    settings = Settings(settings.inbox, settings.warehouse, settings.reports, lock_timeout=0)
    before_inode = settings.snapshot.stat().st_ino
    readers = [start_reader(settings.snapshot, "hold"), start_reader(settings.snapshot, "poll")]
    try:
        (settings.inbox / "new_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        result = run_pipeline(settings)  # both readers have the snapshot open meanwhile
        notebook, dashboard = [stop_reader(reader) for reader in readers]
    finally:
        for reader in readers:
            reader.kill()
            reader.wait()
    assert result.success
    assert settings.snapshot.stat().st_ino != before_inode  # replaced by a rename, not rewritten

    with duckdb.connect(str(settings.snapshot), read_only=True) as snap:
        after = tuple(snap.execute(json_free(READER)).fetchall()[0])
    before = tuple(notebook["first"])
    assert after[0] == before[0] + 1 and after[4] > before[4]
    assert not notebook["errors"] and not dashboard["errors"]
    # the notebook's connection reads the snapshot it opened, whole, all along
    assert {tuple(json.loads(state)) for state in notebook["seen"]} == {before}
    # the dashboard saw the run before it or after it, never a stage of it
    seen = {tuple(json.loads(state)) for state in dashboard["seen"]}
    assert seen == {before, after}, seen
    assert dashboard["opened"] >= 10


def json_free(reader_source: str) -> str:
    """The reader's query, to run it here too."""
    return re.search(r"QUERY = '''(.*?)'''", reader_source, re.DOTALL).group(1)


def test_a_failed_run_leaves_the_snapshot_of_the_last_successful_one(seeds_run, tmp_path, monkeypatch):
    import arqam.extraction.tables.batches

    settings = copy_of_seeds_run(seeds_run, tmp_path)
    before = settings.snapshot.read_bytes()
    (settings.inbox / "new_article.txt").write_text(NEW_ARTICLE, encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("cleaning failed")

    # a run that fails midway: raw_articles lands, clean_articles does not
    monkeypatch.setattr(arqam.extraction.tables.batches, "clean_article_row", broken)
    result = run_pipeline(settings, raise_on_error=False)
    assert not result.success
    assert Warehouse(settings.warehouse).count("raw_articles") == 6  # committed in the live file ...
    assert settings.snapshot.read_bytes() == before  # ... but readers still see the last whole run
    with duckdb.connect(str(settings.snapshot), read_only=True) as snap:
        assert snap.execute("SELECT count(*) FROM raw_articles").fetchall()[0][0] == 5


def test_arqam_facts_reads_the_snapshot_while_the_live_file_is_held(seeds_run):
    settings, _ = seeds_run
    held = duckdb.connect(str(settings.warehouse))  # as a run holds it: nobody else may open it
    try:
        facts = subprocess.run(
            [sys.executable, "-m", "arqam.pipelines.cli", "facts", "--warehouse", str(settings.warehouse), "--type", "troops"],
            capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120,
        )
    finally:
        held.close()
    assert facts.returncode == 0, facts.stderr
    assert "2,400 person" in facts.stdout


def test_arqam_facts_without_a_snapshot_says_how_to_get_one(tmp_path):
    facts = subprocess.run(
        [sys.executable, "-m", "arqam.pipelines.cli", "facts", "--warehouse", str(tmp_path / "none.duckdb")],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120,
    )
    assert facts.returncode == 2 and "no snapshot" in facts.stderr and "arqam run" in facts.stderr


def test_publishing_replaces_the_snapshot_whole(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.migrate()
    target = tmp_path / "snap.duckdb"
    leftover = tmp_path / ".snap.duckdb.12345.tmp"
    leftover.write_bytes(b"half a copy from a killed publisher")
    assert wh.publish_snapshot(target) == target
    assert not leftover.exists() and not list(tmp_path.glob(".*.tmp"))
    with duckdb.connect(str(target), read_only=True) as snap:
        assert snap.execute("SELECT count(*) FROM schema_migrations").fetchall()[0][0] >= 2
    with pytest.raises(ValueError):
        wh.publish_snapshot(wh.path)


def readme_section() -> str:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## Reading the warehouse while arqam runs")[1].split("\n## ")[0]


def test_the_readme_tells_readers_to_open_the_snapshot_read_only():
    """(Every SQL example of the README runs on the snapshot and gives the rows it shows: tests/pipelines/test_readme_queries.py.)"""
    section = readme_section()
    assert "arqam_snapshot.duckdb" in section and "read_only=True" in section and "-readonly" in section


def test_a_copy_is_independent_of_its_original_cloned_or_not(tmp_path):
    from arqam.warehouse.store import copy_file

    source, target = tmp_path / "a.bin", tmp_path / "b.bin"
    source.write_bytes(b"x" * 100_000)
    how = copy_file(source, target)
    assert how in ("clone", "copy") and target.read_bytes() == b"x" * 100_000
    with open(source, "r+b") as changed:  # the warehouse written after its snapshot was taken
        changed.write(b"y" * 10)
    assert target.read_bytes() == b"x" * 100_000


def test_the_snapshot_is_cloned_where_the_file_system_can_and_copied_elsewhere(tmp_path, monkeypatch):
    import errno
    import fcntl

    from arqam.warehouse import store as store_module

    wh = Warehouse(tmp_path / "w.duckdb")
    wh.migrate()
    cloned = []

    def clone(fd, request, source_fd):  # a file system with clones: the blocks shared (here, copied)
        assert request == store_module.FICLONE
        cloned.append(os.pread(source_fd, 1 << 30, 0))
        os.pwrite(fd, cloned[-1], 0)

    copied = []
    real_copyfile = store_module.shutil.copyfile
    monkeypatch.setattr(store_module.shutil, "copyfile", lambda *a: copied.append(a) or real_copyfile(*a))
    monkeypatch.setattr(fcntl, "ioctl", clone)
    target = wh.publish_snapshot(tmp_path / "snap.duckdb")
    assert len(cloned) == 1 and copied == []
    with duckdb.connect(str(target), read_only=True) as snap:
        assert snap.execute("SELECT count(*) FROM schema_migrations").fetchall()[0][0] >= 2

    def unsupported(fd, request, source_fd):  # ext4, tmpfs
        raise OSError(errno.EOPNOTSUPP, "Operation not supported")

    monkeypatch.setattr(fcntl, "ioctl", unsupported)
    target = wh.publish_snapshot(tmp_path / "snap.duckdb")
    assert len(copied) == 1 and target.read_bytes() == wh.path.read_bytes()
