"""The GX suites themselves: every suite passes good rows and refuses bad ones."""
from __future__ import annotations

import pandas as pd
import pytest

from expectations.gx_bridge import QualityGate
from expectations.suites import suites


@pytest.fixture(scope="module")
def gate(tmp_path_factory):
    return QualityGate(tmp_path_factory.mktemp("gx"))


def fact_frame(**changes) -> pd.DataFrame:
    row = dict(
        fact_id="f1", fact_type="troops", qualifier="exact", unit="person", value=2400.0, value_min=2400.0,
        value_max=2400.0, evidence="قوات من 2400 جندي", evidence_start=0, evidence_end=17, start_offset=9,
        end_offset=13, article_in_upstream=True, offsets_inside_text=True, text_at_offsets="2400",
        text_at_evidence_offsets="قوات من 2400 جندي", evidence_contains_surface=True, evidence_is_text_at_offsets=True,
    )
    second = {**row, "fact_id": "f2", "fact_type": "funding", "unit": "USD", "value": 6e8, "value_min": 6e8, "value_max": 6e8}
    frame = pd.DataFrame([row, second])
    for column, value in changes.items():
        frame.loc[0, column] = value
    return frame


def test_every_expectation_has_a_unique_name_and_a_reason():
    for suite in suites().values():
        names = [e.name for e in suite.expectations]
        assert len(names) == len(set(names)), suite.table
        assert all(e.why for e in suite.expectations), suite.table


def test_good_facts_pass(gate):
    outcome = gate.validate("facts", fact_frame())
    assert outcome.success, outcome.failures()
    assert {e.name for e in outcome.expectations} == {e.name for e in suites()["facts"].expectations}


@pytest.mark.parametrize(
    "changes, failing",
    [
        ({"fact_id": "f2"}, "fact_id_unique"),
        ({"fact_type": "other"}, "fact_type_allowed"),
        ({"qualifier": "many"}, "qualifier_allowed"),
        ({"unit": "USD"}, "unit_matches_type"),
        ({"value": 9e6, "value_max": 9e6}, "value_plausible_troops"),
        ({"value": -5.0, "value_min": -5.0, "value_max": -5.0}, "value_plausible_troops"),
        ({"value_min": 3000.0}, "value_at_least_min"),
        ({"evidence": "   "}, "evidence_non_empty"),
        ({"article_in_upstream": False}, "article_in_fact_mentions"),
        ({"evidence_is_text_at_offsets": False}, "evidence_is_text_at_offsets"),
    ],
)
def test_bad_facts_fail_the_right_check(gate, changes, failing):
    outcome = gate.validate("facts", fact_frame(**changes))
    assert failing in {e.name for e in outcome.failures()}


def test_funding_must_be_in_a_currency_code(gate):
    frame = fact_frame()
    frame.loc[1, "unit"] = "dollar"
    assert "unit_matches_type" in {e.name for e in gate.validate("facts", frame).failures()}


@pytest.mark.parametrize(
    "text, failing",
    [
        ("نص فيه تشكيل: مَقتل", "standard_arabic_letters_only"),
        ("نص فيه أرقام ٢٤٠٠", "standard_arabic_letters_only"),
        ("نص فيه ی فارسية", "standard_arabic_letters_only"),
        ("نص\nمقالات مشابهة\nعنوان", "no_page_furniture_left"),
        ("", "clean_text_non_empty"),
    ],
)
def test_clean_text_checks(gate, text, failing):
    frame = pd.DataFrame(
        [dict(article_id="a", clean_text=text, arabic_ratio=1.0, article_in_upstream=True, sentences_inside_text=True,
              offset_map_valid=True)]
    )
    assert failing in {e.name for e in gate.validate("clean_articles", frame).failures()}


def test_results_become_dq_rows(gate):
    outcome = gate.validate("facts", fact_frame(value=9e6, value_max=9e6))
    rows = outcome.dq_rows("run-1")
    assert len(rows) == len(suites()["facts"].expectations)
    failed = [r for r in rows if not r["success"]]
    assert failed and failed[0]["run_id"] == "run-1" and failed[0]["unexpected_count"] == 1
    assert gate.data_docs_index.exists()
