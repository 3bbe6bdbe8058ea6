"""Extraction quality on the shipped seeds, measured by the project's scorer and gold."""
from __future__ import annotations

import importlib.util

from arqam.warehouse.store import Warehouse
from tests.conftest import GOLD

spec = importlib.util.spec_from_file_location("score_facts", GOLD.parent / "score_facts.py")
score_facts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score_facts)


def score(settings):
    predictions = Warehouse(settings.warehouse).query("SELECT * FROM facts").to_pylist()
    gold = score_facts.read_jsonl(GOLD / "facts.jsonl")
    traps = score_facts.read_jsonl(GOLD / "traps.jsonl")
    return score_facts.score(gold, traps, predictions), predictions


def test_micro_f1_on_required_facts(seeds_run):
    result, _ = score(seeds_run[0])
    assert result["micro"]["f1"] >= 0.90, result["errors"]


def test_no_figure_from_page_furniture(seeds_run):
    result, _ = score(seeds_run[0])
    assert result["traps_hit"] == 0


def test_headline_facts_are_exact(seeds_run):
    _, predictions = score(seeds_run[0])
    found = {(p["fact_type"], p["value"], p["qualifier"], p["unit"]) for p in predictions if p["article_id"] == "001_989b01d71f21a984"}
    assert ("troops", 2400, "exact", "person") in found
    assert ("attacks", 160, "more_than", "attack") in found
    assert ("trained_personnel", 240000, "more_than", "person") in found
    assert ("funding", 600000000, "exact", "USD") in found
