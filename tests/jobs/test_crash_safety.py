"""Crash safety: `arqam run` killed (SIGKILL) at random points, then run again to completion.

Every stage writes in one transaction, so a run killed at any moment leaves each
table at its last committed state: a stage is all there or not at all.  The next
run finds the work still pending (stage_progress, by content hash) and does it;
at the end the warehouse is row for row what one clean run gives.

`arqam run` runs in a child process each time, killed with SIGKILL at points
drawn (seeded) over the length of a first, timed run.  To spend the test's
seconds on runs rather than on imports, the children are forked from one
process that has imported everything `arqam run` needs (a "zygote"): each
child then executes `pipelines.cli.main(["run", ...])` from its first line, as
the `arqam` command does, in a process of its own that the test kills.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from arqam.extraction.claims.quantities import build_claims
from arqam.pipelines.settings import PROJECT_ROOT
from arqam.warehouse.lock import current_holder, lock_path
from arqam.warehouse.store import STAGE_TABLES, Warehouse, _migrations
from bench.corpus import write_articles
from tests.conftest import SEEDS, make_settings, run_pipeline

KEYS = {
    "raw_articles": "article_id",
    "quarantine": "quarantine_id",
    "clean_articles": "article_id",
    "fact_mentions": "mention_id",
    "facts": "fact_id",
    "claims": "claim_id",  # a view, computed from claim_facts when read
    "claim_facts": "fact_id",
    "stage_progress": "progress_key",
}
STAGES = ("raw_articles", "clean_articles", "fact_mentions", "facts", "claims")
KILL_POINTS = int(os.environ.get("ARQAM_KILL_POINTS", "5"))  # more for a closing note: ARQAM_KILL_POINTS=24
BATCH = 5  # new articles per run: each killed run has work of its own to be killed in
SEED = 20261123
RUN_TIMEOUT = 600  # a run not asked to be killed is killed after this (a hang fails the test, not the suite)

ZYGOTE = r"""
import json, os, signal, sys, threading, time, traceback
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
import duckdb, pyarrow, pandas, dagster, great_expectations
import arqam.pipelines.cli, arqam.pipelines.definitions, arqam.assets.resources, arqam.pipelines.summary
import arqam.expectations.gx_bridge, arqam.expectations.frames, arqam.expectations.dagster_checks
from arqam.extraction.version import rules_version
rules_version()  # one version of the rules for every child, whatever is edited meanwhile
print(json.dumps({"threads": threading.active_count()}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.environ.update(request["env"])
        try:
            code = arqam.pipelines.cli.main(request["args"])
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
        except BaseException:
            traceback.print_exc()
            code = 99
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code or 0)
    started = time.monotonic()
    deadline = started + request["kill_after"]
    while True:
        reaped, status = os.waitpid(pid, os.WNOHANG)
        if reaped:
            break
        if time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)  # not reaped yet: the pid is still this child's
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(0.002)
    print(json.dumps({"pid": pid, "seconds": time.monotonic() - started,
                      "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0,
                      "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}), flush=True)
"""


class Zygote:
    """A process with `arqam run`'s imports done, forking one child per run."""

    def __init__(self, root: Path):
        self.root = root
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE], cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        )
        hello = json.loads(self.proc.stdout.readline())
        assert hello["threads"] == 1, "forking a process with threads is not safe"
        self.count = 0

    def run(self, inbox: Path, warehouse: Path, kill_after: float | None = None) -> dict:
        """`arqam run` to completion, or SIGKILLed ``kill_after`` seconds after it started (by the
        zygote, its parent: a child not yet reaped cannot have given its pid to another process)."""
        self.count += 1
        log = self.root / f"run{self.count}.log"
        request = {
            "args": ["run", "--inbox", str(inbox), "--warehouse", str(warehouse), "--wait", "0"],
            "env": {"DAGSTER_HOME": str(self.root / "dagster_home")},
            "log": str(log),
            "kill_after": RUN_TIMEOUT if kill_after is None else kill_after,
        }
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        status = json.loads(self.proc.stdout.readline())
        return {**status, "log": log.read_text(errors="replace")}

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


# -- reading a warehouse's state ---------------------------------------------------------


def read_state(path: Path) -> dict[str, list[dict]]:
    """Every data table and stage_progress, rows in key order (the file opened read-only)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        state = {t: con.sql(f"SELECT * FROM {t} ORDER BY {key}").to_arrow_table().to_pylist() for t, key in KEYS.items()}
        state["dq_failures"] = con.execute("SELECT count(*) FROM dq_results WHERE NOT success").fetchall()[0][0]
        state["claims_schema"] = con.sql("SELECT * FROM claims LIMIT 0").to_arrow_table().schema
        return state
    finally:
        con.close()


def done(state: dict, stage: str) -> dict[str, str]:
    """article_id -> sha256 of what ``stage`` has processed."""
    return {row["article_id"]: row["sha256"] for row in state["stage_progress"] if row["stage"] == stage}


def by_article(state: dict, table: str) -> dict[str, str]:
    return {row["article_id"]: row["sha256"] for row in state[table]}


def claims_from_facts(state: dict) -> list[dict]:
    published = {row["article_id"]: row.get("published") for row in state["raw_articles"]}
    facts = [{k: f.get(k) for k in ("fact_id", "article_id", "fact_type", "unit", "value", "qualifier", "actor", "as_of_start",
                                    "as_of_end", "evidence")} | {"published": published.get(f["article_id"])}
             for f in state["facts"]]
    rows = pa.Table.from_pylist(build_claims(facts), schema=state["claims_schema"]).to_pylist()
    return sorted(rows, key=lambda row: row["claim_id"])


def inbox_files(inbox: Path) -> dict[str, str]:
    """article_id (file stem) -> sha256 of the file's bytes."""
    return {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(inbox.glob("*.txt"))}


def assert_no_duplicates(state: dict, where: str) -> None:
    for table, key in KEYS.items():
        keys = [row[key] for row in state[table]]
        assert len(keys) == len(set(keys)), f"{where}: duplicate {key} in {table}"


def stages_landed(prev: dict, now: dict, inbox: dict[str, str], where: str) -> list[str]:
    """Check that every stage is either as before or wholly done; return the stages that landed."""
    assert_no_duplicates(now, where)
    assert not now["quarantine"], f"{where}: nothing should be quarantined"
    assert now["dq_failures"] == 0, f"{where}: a failed data-quality check"
    landed = []

    # raw_articles: as before, or every inbox file read in its current version
    if now["raw_articles"] != prev["raw_articles"]:
        assert {r["article_id"]: r["file_sha256"] for r in now["raw_articles"]} == inbox, (
            f"{where}: raw_articles neither as before nor complete"
        )
        landed.append("raw_articles")
    raw = by_article(now, "raw_articles")

    # each stage: its progress as before, or every upstream article done in its current version
    for stage, upstream in (("clean_articles", raw), ("fact_mentions", None), ("facts", None)):
        upstream = upstream if upstream is not None else by_article(now, "clean_articles")
        if done(now, stage) != done(prev, stage):
            assert done(now, stage) == upstream, f"{where}: {stage} half done (its progress is neither old nor complete)"
            landed.append(stage)
    # and each table holds exactly the versions its progress says were done
    assert by_article(now, "clean_articles") == done(now, "clean_articles"), f"{where}: clean_articles vs its progress"
    for table in ("fact_mentions", "facts"):
        progress = done(now, table)
        stray = [r[KEYS[table]] for r in now[table] if progress.get(r["article_id"]) != r["sha256"]]
        assert not stray, f"{where}: {len(stray)} rows of {table} from an article version its stage has not done"
    assert set(raw) >= set(by_article(now, "clean_articles")) >= set(by_article(now, "fact_mentions"))
    assert set(by_article(now, "clean_articles")) >= set(by_article(now, "facts"))

    # claims: the stage writes claim_facts a batch of articles at a time, each batch with its progress;
    # a run's new articles are one batch here (fewer than a batch's articles), so its progress is as
    # before or every article whose facts are done, and the view then gives the claims of the facts now stored
    claims_done = done(now, "claims")
    if claims_done != done(prev, "claims"):
        assert claims_done == done(now, "facts"), f"{where}: claims half done (its progress is neither old nor complete)"
        assert now["claims"] == claims_from_facts(now), f"{where}: claims landed but not those of the facts"
        landed.append("claims")
    else:
        assert now["claim_facts"] == prev["claim_facts"], f"{where}: claim_facts changed without the claims' progress"
    assert {row["article_id"] for row in now["claim_facts"]} <= set(claims_done), f"{where}: claim_facts of an article not done"
    return landed


def assert_complete(state: dict, where: str) -> None:
    """A state a successful run leaves: every stage has done every article, claims match facts."""
    assert_no_duplicates(state, where)
    raw = by_article(state, "raw_articles")
    assert done(state, "clean_articles") == raw, where
    clean = by_article(state, "clean_articles")
    assert done(state, "fact_mentions") == clean == done(state, "facts") == done(state, "claims"), where
    assert state["claims"] == claims_from_facts(state), where


def open_versions(path: Path) -> dict[str, str] | None:
    """article_id -> sha256 of each article's current version in its history (None: no history table)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'article_versions'").fetchall()[0][0]:
            return None
        rows = con.execute("SELECT article_id, sha256 FROM article_versions WHERE superseded_at IS NULL").fetchall()
        assert len(rows) == len({a for a, _ in rows}), "two current versions of one article"
        return dict(rows)
    finally:
        con.close()


def dagster_runs(home: Path) -> list:
    from dagster import DagsterInstance

    with DagsterInstance.from_config(str(home)) as instance:
        return list(instance.get_runs())


def comparable(state: dict) -> dict:
    return {table: state[table] for table in KEYS}


# -- the test ----------------------------------------------------------------------------


def test_runs_killed_at_random_points_leave_the_last_committed_state_and_the_next_run_completes(tmp_path):
    rng = random.Random(SEED)
    root = tmp_path
    inbox = root / "inbox"
    shutil.copytree(SEEDS, inbox)
    live = root / "wh" / "arqam.duckdb"
    snapshot = live.with_name("arqam_snapshot.duckdb")
    zygote = Zygote(root)
    try:
        # a first run, timed: the kill points are spread over its length
        write_articles(inbox, BATCH, seed=SEED, start=0)
        first = zygote.run(inbox, live)
        assert first["code"] == 0, first["log"]
        length = first["seconds"]
        state = read_state(live)
        assert_complete(state, "after the first run")
        assert comparable(read_state(snapshot)) == comparable(state)

        # the run's length cut in KILL_POINTS equal slices, a kill point at random in each
        points = [length * (i + rng.random()) / KILL_POINTS for i in range(KILL_POINTS)]
        rng.shuffle(points)
        report = []
        for round_, kill_after in enumerate(points, 1):
            # new articles, and one article rewritten, for every run to have work to do
            write_articles(inbox, BATCH, seed=SEED, start=round_ * BATCH)
            changed = rng.choice(sorted(inbox.glob("*.txt")))
            changed.write_text(
                changed.read_text(encoding="utf-8") + f"\nوقال مسؤول إن {100 + round_} جنديا أميركيا وصلوا إلى القاعدة.\n",
                encoding="utf-8",
            )
            snapshot_before = snapshot.stat().st_ino
            run = zygote.run(inbox, live, kill_after=kill_after)
            where = f"kill point {round_} ({kill_after:.2f} s)"
            assert run["signal"] == signal.SIGKILL or run["code"] == 0, f"{where}: {run}"
            assert current_holder(live) is None, f"{where}: the lock outlived its process"

            now = read_state(live)  # the warehouse opens (its WAL replayed) ...
            landed = stages_landed(state, now, inbox_files(inbox), where)  # ... each stage old or whole
            republished = snapshot.stat().st_ino != snapshot_before
            snap = read_state(snapshot)  # the snapshot opens, and is a whole successful run
            assert_complete(snap, f"{where}, snapshot")
            if republished:
                assert comparable(snap) == comparable(now), f"{where}: a new snapshot is not the warehouse"
            report.append(
                (round_, kill_after, kill_after / length, "killed" if run["signal"] else "had finished", landed,
                 republished, lock_path(live).read_text().strip() != "")
            )
            state = now

        # the next run completes the work: nothing missing, nothing twice
        last = zygote.run(inbox, live)
        assert last["code"] == 0, last["log"]
        if report[-1][-1]:  # the killed run still named in the lock: reported and completed
            assert "ended without finishing" in last["log"]
        final = read_state(live)
        assert_complete(final, "after the last run")
        assert open_versions(live) in (None, by_article(final, "raw_articles")), "article_versions vs raw_articles"

        # ... and is row for row what one clean run over the same inbox gives
        reference = zygote.run(inbox, root / "reference" / "arqam.duckdb")
        assert reference["code"] == 0, reference["log"]
        expected = read_state(root / "reference" / "arqam.duckdb")
        for table in KEYS:
            assert final[table] == expected[table], f"{table} differs from a clean run's"
        assert comparable(read_state(snapshot)) == comparable(final)
        assert len(final["raw_articles"]) == 5 + BATCH * (KILL_POINTS + 1)
        # no killed run is left 'started' in Dagster (the run queue would count it for ever)
        runs = dagster_runs(root / "dagster_home")
        assert not [r for r in runs if r.status.value not in ("SUCCESS", "FAILURE")], runs
        marked_failed = sum(1 for r in runs if r.status.value == "FAILURE")
    finally:
        zygote.close()

    lines = [f"{marked_failed} killed Dagster runs marked failed by the run after them"]
    lines += [f"first run {length:.2f} s, last {last['seconds']:.2f} s, reference {reference['seconds']:.2f} s; kill points (seed {SEED}):"]
    for _round, at, share, outcome, landed, republished, named in sorted(report, key=lambda r: r[1]):
        lines.append(
            f"  {at:5.2f} s ({share:4.0%}) {outcome:<12} landed: {', '.join(landed) or 'nothing'}"
            + ("; snapshot republished" if republished else "")
            + ("; lock names the dead run" if named and outcome == "killed" else "")
        )
    print("\n".join(lines))
    # (a run may end before its kill point when the machine is less busy than during the first run)
    assert sum(1 for r in report if r[3] == "killed") >= KILL_POINTS // 2, "most runs must have been killed"


# -- a warehouse left by an earlier version ----------------------------------------------

SCHEMA_VERSIONS = [version for version, _, _ in _migrations()]
EARLIER_SCHEMAS = SCHEMA_VERSIONS[:-1] or SCHEMA_VERSIONS  # 001 only, 001+002, ... up to 004: every earlier release


def warehouse_at_schema(path: Path, version: int, rows_from: Path) -> Warehouse:
    """A warehouse as the release with schema ``version`` left it, holding a run's rows."""
    wh = Warehouse(path)
    with wh.connect() as con:
        con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                    "applied_at TIMESTAMP DEFAULT now())")
        for number, name, sql in _migrations():
            if number <= version:
                con.execute(sql)
                con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [number, name])
        con.execute(f"ATTACH '{rows_from}' AS source (READ_ONLY)")
        for table in STAGE_TABLES:
            shared = [c for c in columns_of(con, table, "source") if c in columns_of(con, table, None)]
            if not shared:  # a table of a later schema (claim_facts before 010)
                continue
            listed = ", ".join(shared)
            # the results an earlier release could write: it recorded no skipped check (migration 009)
            validated = " WHERE success IS NOT NULL" if table == "dq_results" else ""
            con.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM source.{table}{validated}")
        con.execute("DETACH source")
    return wh


def columns_of(con, table: str, catalog: str | None) -> list[str]:
    return [row[0] for row in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = coalesce(?, current_database()) "
        "AND table_name = ? ORDER BY ordinal_position", [catalog, table]
    ).fetchall()]


@pytest.mark.parametrize("version", EARLIER_SCHEMAS, ids=[f"schema_{v:03d}" for v in EARLIER_SCHEMAS])
def test_a_warehouse_of_any_earlier_schema_is_upgraded_by_the_next_run(seeds_run, tmp_path, version):
    """Built by migrations 001..version (001 only, 001+002, ...), filled by a run of that time: the next
    run applies the migrations it lacks, redoes what they ask, and ends where a fresh run does."""
    fresh, _ = seeds_run
    settings = make_settings(tmp_path, inbox=tmp_path / "inbox")
    shutil.copytree(SEEDS, settings.inbox)
    settings.warehouse.parent.mkdir(parents=True)
    old = warehouse_at_schema(settings.warehouse, version, fresh.warehouse)
    assert old.query("SELECT max(version) AS v FROM schema_migrations").to_pylist() == [{"v": version}]

    assert run_pipeline(settings).success
    upgraded, expected = read_state(settings.warehouse), read_state(fresh.warehouse)
    for table in KEYS:
        assert upgraded[table] == expected[table], f"{table} after the upgrade from schema {version}"
    for database in (settings.warehouse, settings.snapshot):  # readers get the new schema too
        assert Warehouse(database).query("SELECT version FROM schema_migrations ORDER BY 1").column(0).to_pylist() == (
            SCHEMA_VERSIONS
        )


def test_files_read_before_their_state_was_recorded_are_hashed_once_then_not_opened(seeds_run, tmp_path, monkeypatch):
    """A warehouse of schema 004 has no file states: the next run opens and hashes every file (and
    changes nothing), records their states; the run after it opens none, and changes nothing either."""
    import time

    from arqam.extraction.read import ingest as ingest_module

    fresh, _ = seeds_run
    settings = make_settings(tmp_path, inbox=tmp_path / "inbox")
    shutil.copytree(SEEDS, settings.inbox)
    settings.warehouse.parent.mkdir(parents=True)
    warehouse_at_schema(settings.warehouse, 4, fresh.warehouse)
    monkeypatch.setattr(ingest_module, "_clock_ns", lambda: time.time_ns() + 10_000_000_000)  # the copies settled
    opened: list[str] = []
    open_file = ingest_module._os_open
    monkeypatch.setattr(ingest_module, "_os_open", lambda path, flags: opened.append(Path(path).name) or open_file(path, flags))
    seeds = sorted(path.name for path in settings.inbox.iterdir())
    expected = read_state(fresh.warehouse)

    assert run_pipeline(settings).success
    assert sorted(opened) == seeds
    upgraded = read_state(settings.warehouse)
    assert all(upgraded[table] == expected[table] for table in KEYS)
    states = Warehouse(settings.warehouse).query(
        "SELECT f.source_path FROM inbox_files f JOIN raw_articles r USING (source_path) WHERE r.file_sha256 = f.file_sha256"
    ).column(0).to_pylist()
    assert sorted(states) == seeds

    opened.clear()
    assert run_pipeline(settings).success
    assert opened == []
    again = read_state(settings.warehouse)
    assert all(again[table] == expected[table] for table in KEYS)


def test_a_quality_project_left_half_written_is_set_aside_and_rebuilt(tmp_path):
    """GX rewrites its configuration in place each time it opens: a run killed meanwhile must not
    leave a project that no later run can open."""
    from arqam.assets.resources import QualityResource

    QualityResource(project_dir=str(tmp_path)).gate()
    (tmp_path / "gx" / "expectations" / "arqam_facts.json").write_text("")  # cut short by a kill
    with pytest.warns(UserWarning, match="set aside"):
        gate = QualityResource(project_dir=str(tmp_path)).gate()
    assert gate.context.suites.get("arqam_facts").expectations
    [damaged] = tmp_path.glob("gx.damaged-*")
    assert (damaged / "expectations" / "arqam_facts.json").read_text() == ""


def test_what_a_stage_writes_beyond_its_rows_lands_in_the_same_transaction(tmp_path):
    """``then`` (an UPDATE a Replacement cannot say) commits with the stage's rows, or neither does."""
    from arqam.warehouse.store import Replacement

    wh = Warehouse(tmp_path / "w.duckdb")
    wh.migrate()
    row = dict(quarantine_id="q", source_path="q.txt", record_index=None, file_sha256="0" * 64, byte_size=0,
               reason="empty", message="the file is empty")
    rows = wh.to_arrow("quarantine", [row])

    def fails(con):
        con.execute("UPDATE quarantine SET message = 'changed'")
        raise RuntimeError("killed here")

    with pytest.raises(RuntimeError):
        wh.write([Replacement("quarantine", rows, key="quarantine_id", keys=["q"])], then=fails)
    assert wh.count("quarantine") == 0
    wh.write([Replacement("quarantine", rows, key="quarantine_id", keys=["q"])],
             then=lambda con: con.execute("UPDATE quarantine SET message = 'changed'"))
    assert wh.query("SELECT message FROM quarantine").column(0).to_pylist() == ["changed"]
