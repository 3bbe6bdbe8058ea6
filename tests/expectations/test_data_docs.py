"""Data Docs brought up to date once per run, rendering only what they do not show yet, old results pruned; the gate opened in a thread."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from dagster import DagsterInstance, materialize

from arqam.expectations import gx_bridge as gx_bridge
from arqam.expectations.gx_bridge import QualityGate
from arqam.pipelines.definitions import ALL_ASSETS, build_resources
from tests.conftest import SEEDS, leave_furniture_in_clean_text, make_settings, run_pipeline
from tests.expectations.test_expectations import fact_frame


def stored_results(project: Path) -> list[Path]:
    """Every stored validation result: validations/<suite>/<run name>/<run time>/<batch>.json."""
    return sorted((project / "gx" / "uncommitted" / "validations").glob("*/*/*/*.json"))


def result_page(project: Path, result: Path) -> Path:
    site = project / "gx" / "uncommitted" / "data_docs" / "local_site" / "validations"
    return site.joinpath(*result.relative_to(project / "gx" / "uncommitted" / "validations").parts).with_suffix(".html")


def index_page(project: Path) -> str:
    return (project / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html").read_text(encoding="utf-8")


def test_only_the_newest_results_of_each_suite_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(gx_bridge, "KEEP_RESULTS_PER_SUITE", 2)
    gate = QualityGate(tmp_path)
    for build_docs in (True, True, False, False):
        gate.validate("facts", fact_frame(), build_docs=build_docs)
    first = stored_results(tmp_path)
    assert len(first) == 4 and all(result_page(tmp_path, result).exists() for result in first[:2])
    gate.build_data_docs()
    kept = stored_results(tmp_path)
    assert kept == first[-2:]  # the two newest (GX names a result's folder by its UTC time)
    assert all(result_page(tmp_path, result).exists() for result in kept)
    assert not any(result_page(tmp_path, result).exists() for result in first[:2])
    assert index_page(tmp_path).count("arqam_facts/__none__/") == 2


def counting_builds(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = QualityGate.build_data_docs

    def counted(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(QualityGate, "build_data_docs", counted)
    return calls


def test_a_run_brings_data_docs_up_to_date_once_rendering_only_what_is_new(tmp_path, monkeypatch):
    builds = counting_builds(monkeypatch)
    shutil.copytree(SEEDS, tmp_path / "inbox")
    settings = make_settings(tmp_path)
    instance = DagsterInstance.ephemeral()
    assert run_pipeline(settings, instance).success
    assert len(builds) == 1  # once for the run, not once per stage
    first = stored_results(settings.reports)
    assert {result.parts[-4] for result in first} == {
        "arqam_raw_articles", "arqam_clean_articles", "arqam_fact_mentions", "arqam_facts", "arqam_claims",
    }
    assert all(result_page(settings.reports, result).exists() for result in first)
    rendered = {result: result_page(settings.reports, result).stat().st_mtime_ns for result in first}

    builds.clear()
    assert run_pipeline(settings, instance).success  # nothing new: nothing validated, nothing to render
    assert builds == [] and stored_results(settings.reports) == first

    seed = sorted(SEEDS.iterdir())[0]
    (tmp_path / "inbox" / ("new_" + seed.name)).write_text(seed.read_text(encoding="utf-8") + "\nوقتل 12 شخصا في الهجوم.\n",
                                                          encoding="utf-8")
    assert run_pipeline(settings, instance).success
    assert len(builds) == 1
    new = sorted(set(stored_results(settings.reports)) - set(first))
    assert new and all(result_page(settings.reports, result).exists() for result in new)
    index = index_page(settings.reports)
    assert all(result.parts[-2] in index for result in new)  # the index links the new results ...
    assert all(result.parts[-2] in index for result in first)  # ... and the earlier ones
    # the earlier results' pages were not rendered again
    assert {result: result_page(settings.reports, result).stat().st_mtime_ns for result in first} == rendered


def test_a_failing_run_shows_its_failure_in_data_docs(tmp_path, monkeypatch):
    builds = counting_builds(monkeypatch)
    leave_furniture_in_clean_text(monkeypatch)
    shutil.copytree(SEEDS, tmp_path / "inbox")
    settings = make_settings(tmp_path)
    result = materialize(ALL_ASSETS, resources=build_resources(settings), instance=DagsterInstance.ephemeral(),
                         raise_on_error=False)
    assert not result.success
    assert len(builds) == 1
    [failing] = [r for r in stored_results(settings.reports) if r.parts[-4] == "arqam_clean_articles"]
    page = result_page(settings.reports, failing)
    assert page.exists() and "كلمات دلالية: العراق" in page.read_text(encoding="utf-8")  # what the check found


def test_a_result_left_without_its_page_is_rendered_by_the_next_build(tmp_path):
    """A run killed after validating and before its end left results Data Docs do not show."""
    gate = QualityGate(tmp_path)
    gate.validate("facts", fact_frame())
    orphan = gate.validate("facts", fact_frame(), build_docs=False)
    assert orphan.success
    del gate  # killed: never built
    later = QualityGate(tmp_path)
    later.validate("facts", fact_frame())
    results = stored_results(tmp_path)
    assert len(results) == 3 and all(result_page(tmp_path, result).exists() for result in results)


# -- the gate opened in a thread, while the first stage reads --------------------------------------------


def test_a_run_opens_the_quality_gate_once_in_its_own_thread(tmp_path, monkeypatch):
    """Not in a thread beside the run: GX's imports raced the run's, and a run failed on a partially
    initialized module."""
    opened_in: list[str] = []
    real = QualityGate.__init__

    def recording(self, *args, **kwargs):
        opened_in.append(threading.current_thread().name)
        real(self, *args, **kwargs)

    monkeypatch.setattr(QualityGate, "__init__", recording)
    shutil.copytree(SEEDS, tmp_path / "inbox")
    assert run_pipeline(make_settings(tmp_path)).success
    assert opened_in == [threading.main_thread().name]


def test_a_damaged_project_is_set_aside_and_rebuilt(tmp_path):
    from arqam.assets.resources import QualityResource

    QualityResource(project_dir=str(tmp_path)).gate()
    (tmp_path / "gx" / "expectations" / "arqam_facts.json").write_text("")  # cut short by a kill
    resource = QualityResource(project_dir=str(tmp_path))
    with pytest.warns(UserWarning, match="set aside"):
        gate = resource.gate()
    assert gate.context.suites.get("arqam_facts").expectations
    assert resource.gate() is gate


def test_a_gate_that_cannot_be_opened_fails_the_stage_that_needs_it(tmp_path, monkeypatch):
    from arqam.assets.resources import QualityResource

    def broken(self, project_dir):
        raise RuntimeError("no GX today")

    monkeypatch.setattr(QualityGate, "__init__", broken)
    resource = QualityResource(project_dir=str(tmp_path))  # no project to set aside: the error stands
    with pytest.raises(RuntimeError, match="no GX today"):
        resource.gate()
