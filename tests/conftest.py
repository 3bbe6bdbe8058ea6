"""Shared fixtures: a pipeline run over the shipped corpus, in a temporary warehouse."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from dagster import DagsterInstance

from arqam.pipelines.settings import PROJECT_ROOT, Settings

SEEDS = PROJECT_ROOT / "corpus" / "seeds"
GOLD = Path(__file__).parent / "gold" / "seeds"


# Scratch folders in memory when the machine has a RAM disk. A run commits each stage and Dagster
# each event with an fsync, and on a disk shared with other work the tests then wait on I/O rather
# than compute (a seeds run: the same CPU time, twice the wall time on the disk). A kill -9 loses
# nothing in memory that a disk would have kept: only a crash of the machine would, which no test makes.
RAM_DISK = Path("/dev/shm")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """Put pytest's temporary folders (and TMPDIR, for the runs the tests start) on the RAM disk,
    unless ``--basetemp`` was given; an xdist worker gets its folder inside the controller's."""
    if config.option.basetemp or hasattr(config, "workerinput"):
        return
    if not (RAM_DISK.is_dir() and os.access(RAM_DISK, os.W_OK)):
        return
    root = Path(tempfile.mkdtemp(prefix="arqam-tests-", dir=RAM_DISK))
    config.option.basetemp = str(root / "pytest")
    config._arqam_ram_scratch = root
    (root / "tmp").mkdir()
    os.environ["TMPDIR"] = str(root / "tmp")  # read by the xdist workers and every run they start
    tempfile.tempdir = None  # tempfile reads TMPDIR again


def pytest_unconfigure(config):
    root = getattr(config, "_arqam_ram_scratch", None)
    if root is not None:  # memory is not a disk: nothing of a session is kept after it
        shutil.rmtree(root, ignore_errors=True)


def make_settings(root: Path, inbox: Path | None = None) -> Settings:
    return Settings(inbox=inbox or root / "inbox", warehouse=root / "wh" / "arqam.duckdb", reports=root / "quality")


def leave_furniture_in_clean_text(monkeypatch) -> None:
    """Make cleaning leave a tags line in every article: the clean_articles check must fail the run."""
    import arqam.extraction.tables.batches

    real = arqam.extraction.tables.batches.clean_article_row

    def leaves_furniture(article_id, sha256, raw_text):
        row = real(article_id, sha256, raw_text)
        row["clean_text"] += "\nكلمات دلالية: العراق"
        return row

    monkeypatch.setattr(arqam.extraction.tables.batches, "clean_article_row", leaves_furniture)


def run_pipeline(settings: Settings, instance: DagsterInstance | None = None, raise_on_error: bool = True):
    from arqam.pipelines.definitions import JOB_NAME, build_definitions

    job = build_definitions(settings).resolve_job_def(JOB_NAME)
    return job.execute_in_process(instance=instance or DagsterInstance.ephemeral(), raise_on_error=raise_on_error)


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory):
    """The whole job, once, over a copy of the shipped seeds."""
    root = tmp_path_factory.mktemp("seeds_run")
    shutil.copytree(SEEDS, root / "inbox")
    settings = make_settings(root)
    result = run_pipeline(settings)
    return settings, result


# Whole-job tests (marker ``job``): every test under these folders, every test that asks for one of
# these fixtures (each runs the whole job once for its module or session), and the tests marked by
# hand where they call the job, a worker pool or ``arqam`` themselves.
JOB_FOLDERS = ("jobs", "bad_inputs")
JOB_FIXTURES = {"seeds_run", "corpus_run", "dated_run", "articles_run", "two_runs", "desk", "hostile_run", "fresh"}
TESTS = Path(__file__).parent


# Whole runs first: the two workers then start on the long tests and end on the many short ones,
# instead of one worker finishing a long run alone while the other has nothing left to take.  The
# Makefile hands out whole modules in this order (xdist's loadscope, not reordered by size).
FIRST_FOLDERS = (*JOB_FOLDERS, "bench")


def pytest_collection_modifyitems(config, items):
    with_jobs = set()
    for item in items:
        folder = Path(item.fspath).relative_to(TESTS).parts[0]
        if folder in JOB_FOLDERS or JOB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.job)
        if item.get_closest_marker("job"):
            with_jobs.add(item.fspath)

    def order(item) -> int:  # a module stays in one piece, in its order: its fixtures are built once
        if Path(item.fspath).relative_to(TESTS).parts[0] in FIRST_FOLDERS:
            return 0
        return 1 if item.fspath in with_jobs else 2

    items.sort(key=order)
