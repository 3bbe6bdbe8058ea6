"""The GX project is registered once: opened again with the same suites, nothing of it is written; a
suite changed in ``suites.py``, a suite file edited, or a checkpoint gone, and it is registered again."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from arqam.expectations import gx_bridge
from arqam.expectations.gx_bridge import QualityGate
from arqam.expectations.suites import suites
from tests.expectations.test_expectations import fact_frame

OBJECT_FOLDERS = ("expectations", "validation_definitions", "checkpoints")


def stored_objects(project: Path) -> dict[str, tuple[int, bytes]]:
    """(mtime, bytes) of every suite, validation definition and checkpoint file."""
    return {
        str(path.relative_to(project)): (path.stat().st_mtime_ns, path.read_bytes())
        for folder in OBJECT_FOLDERS
        for path in sorted((project / "gx" / folder).glob("*.json"))
    }


def outcome(gate: QualityGate, **changes) -> list[tuple]:
    return [(e.name, e.success, e.unexpected_count) for e in gate.validate("facts", fact_frame(**changes), build_docs=False).expectations]


def test_a_project_opened_again_is_not_written_and_validates_as_before(tmp_path):
    first = QualityGate(tmp_path)
    before = stored_objects(tmp_path)
    assert len(before) == 3 * len(suites())
    again = QualityGate(tmp_path)
    assert stored_objects(tmp_path) == before
    assert again._suites_not_in_docs == []
    assert outcome(again) == outcome(first)
    assert outcome(again, value=-5.0) == outcome(first, value=-5.0) != outcome(first)


def test_a_suite_changed_in_the_code_is_registered_again(tmp_path, monkeypatch):
    QualityGate(tmp_path)
    changed = dict(suites())
    facts = changed["facts"]
    changed["facts"] = replace(facts, expectations=facts.expectations[:-1])
    monkeypatch.setattr(gx_bridge, "suites", lambda: changed)
    gate = QualityGate(tmp_path)
    assert gate._suites_not_in_docs == ["arqam_facts"]
    stored = json.loads((tmp_path / "gx" / "expectations" / "arqam_facts.json").read_text(encoding="utf-8"))
    assert len(stored["expectations"]) == len(facts.expectations) - 1
    assert len(outcome(gate)) == len(facts.expectations) - 1


def test_a_suite_file_edited_by_hand_is_written_back(tmp_path):
    QualityGate(tmp_path)
    path = tmp_path / "gx" / "expectations" / "arqam_facts.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    suite["expectations"] = suite["expectations"][:1]
    path.write_text(json.dumps(suite), encoding="utf-8")
    gate = QualityGate(tmp_path)
    assert gate._suites_not_in_docs == ["arqam_facts"]
    assert len(json.loads(path.read_text(encoding="utf-8"))["expectations"]) == len(suites()["facts"].expectations)


def test_a_checkpoint_gone_is_registered_again(tmp_path):
    QualityGate(tmp_path)
    checkpoint = tmp_path / "gx" / "checkpoints" / "arqam_facts.json"
    checkpoint.unlink()
    gate = QualityGate(tmp_path)
    assert checkpoint.exists()
    assert outcome(gate)
