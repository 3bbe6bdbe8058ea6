"""The GX suites themselves: every suite passes good rows and refuses bad ones."""
from __future__ import annotations

import pandas as pd
import pytest

from expectations.frames import with_pair_columns
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
        actor="قوات أميركية", actor_key="us_forces", actor_en="US forces", actor_en_matches_gazetteer=True,
    )
    second = {**row, "fact_id": "f2", "fact_type": "funding", "unit": "USD", "value": 6e8, "value_min": 6e8, "value_max": 6e8,
              "actor": "", "actor_key": "", "actor_en": None}
    frame = pd.DataFrame([row, second])
    for column, value in changes.items():
        frame.loc[0, column] = value
    return with_pair_columns(frame)


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
        ({"actor_en": "American forces"}, "actor_en_allowed"),
        ({"actor_key": "جنود امركي"}, "actor_key_matches_actor_en"),
        ({"actor_en": "ISIS"}, "actor_key_matches_actor_en"),
        ({"actor_key": None}, "actor_key_present"),
        ({"actor_en_matches_gazetteer": False}, "actor_en_matches_gazetteer"),
    ],
)
def test_bad_facts_fail_the_right_check(gate, changes, failing):
    outcome = gate.validate("facts", fact_frame(**changes))
    assert failing in {e.name for e in outcome.failures()}


def test_funding_must_be_in_a_currency_code(gate):
    frame = fact_frame()
    frame.loc[1, "unit"] = "dollar"
    frame = with_pair_columns(frame)
    assert "unit_matches_type" in {e.name for e in gate.validate("facts", frame).failures()}


@pytest.mark.parametrize(
    "text, failing",
    [
        ("نص فيه تشكيل: مَقتل", "standard_arabic_letters_only"),
        ("نص فيه أرقام ٢٤٠٠", "standard_arabic_letters_only"),
        ("نص فيه ی فارسية", "standard_arabic_letters_only"),
        ("نص\nمقالات مشابهة\nعنوان", "no_page_furniture_left"),
    ],
)
def test_clean_text_checks(gate, text, failing):
    frame = clean_frame(text)
    assert failing in {e.name for e in gate.validate("clean_articles", frame).failures()}


def clean_frame(text: str, kept_or_cut: bool = True) -> pd.DataFrame:
    return pd.DataFrame(
        [dict(article_id="a", clean_text=text, arabic_ratio=1.0, article_in_upstream=True, sentences_inside_text=True,
              offset_map_valid=True, text_kept_or_cut_for_a_reason=kept_or_cut)]
    )


def test_a_text_emptied_without_a_reason_fails_and_with_one_passes(gate):
    """A page that was all furniture cleans to nothing, saying what it cut; text lost silently is a defect."""
    lost = gate.validate("clean_articles", clean_frame("", kept_or_cut=False))
    assert {e.name for e in lost.failures()} == {"clean_text_kept_or_cut_for_a_reason"}
    assert gate.validate("clean_articles", clean_frame("", kept_or_cut=True)).success


def test_results_become_dq_rows(gate):
    outcome = gate.validate("facts", fact_frame(value=9e6, value_max=9e6))
    rows = outcome.dq_rows("run-1")
    assert len(rows) == len(suites()["facts"].expectations)
    failed = [r for r in rows if not r["success"]]
    assert failed and failed[0]["run_id"] == "run-1" and failed[0]["unexpected_count"] == 1
    assert gate.data_docs_index.exists()


def test_a_fact_of_an_unknown_actor_has_no_english_name(gate):
    """actor_en may be null, and is not checked against the gazetteer's names then."""
    frame = fact_frame(actor="مسلحين مجهولين", actor_key="مسلحين مجهولين", actor_en=None)
    outcome = gate.validate("facts", frame)
    assert outcome.success, outcome.failures()


def claim_frame(**changes) -> pd.DataFrame:
    row = dict(
        claim_id="c1", n_sources=2, fact_type="troops", disagreement=True, quantity_key="troops|person|us_forces",
        actor_en="US forces", n_sources_matches_articles=True, disagreement_consistent=True, facts_exist=True,
        actor_en_matches_quantity_key=True,
    )
    second = {**row, "claim_id": "c2", "quantity_key": "killed|person|", "actor_en": None, "disagreement": False}
    frame = pd.DataFrame([row, second])
    for column, value in changes.items():
        frame.loc[0, column] = value
    return frame


def test_good_claims_pass(gate):
    outcome = gate.validate("claims", claim_frame())
    assert outcome.success, outcome.failures()
    assert {e.name for e in outcome.expectations} == {e.name for e in suites()["claims"].expectations}


@pytest.mark.parametrize(
    "changes, failing",
    [
        ({"claim_id": "c2"}, "claim_id_unique"),
        ({"n_sources": 0}, "n_sources_positive"),
        ({"facts_exist": False}, "facts_exist"),
        ({"disagreement_consistent": False}, "disagreement_consistent"),
        ({"actor_en": "the Americans"}, "actor_en_allowed"),
        ({"actor_en_matches_quantity_key": False}, "actor_en_matches_quantity_key"),
    ],
)
def test_bad_claims_fail_the_right_check(gate, changes, failing):
    outcome = gate.validate("claims", claim_frame(**changes))
    assert failing in {e.name for e in outcome.failures()}


def test_the_frames_derive_the_actor_checks_from_the_stored_rows(tmp_path):
    """A stale or wrong English name in a batch is seen by the derived columns the checks read."""
    from expectations.frames import claims_frame, facts_frame
    from warehouse.store import Warehouse

    store = Warehouse(tmp_path / "w.duckdb")
    store.migrate()
    base = dict(
        article_id="a", sha256="0" * 64, fact_type="troops", value=2400.0, value_min=2400.0, value_max=2400.0,
        qualifier="exact", unit="person", attribution="", as_of=None, evidence="e", evidence_start=0, evidence_end=1,
        sentence_index=0, start_offset=0, end_offset=1, raw_start=0, raw_end=1, rule="r", label_en="troops",
        mention_ids=["m"],
    )
    facts = [
        {**base, "fact_id": "right", "actor": "قوات أميركية", "actor_key": "us_forces", "actor_en": "US forces"},
        {**base, "fact_id": "unknown", "actor": "مسلحين", "actor_key": "مسلحين", "actor_en": None},
        {**base, "fact_id": "missing", "actor": "القوات العراقية", "actor_key": "iraqi_security_forces", "actor_en": None},
        {**base, "fact_id": "wrong", "actor": "قوات أميركية", "actor_key": "us_forces", "actor_en": "ISIS"},
        {**base, "fact_id": "invented", "actor": "", "actor_key": "", "actor_en": "US forces"},
    ]
    frame = facts_frame(store.to_arrow("facts", facts), store)
    assert dict(zip(frame.fact_id, frame.actor_en_matches_gazetteer)) == {
        "right": True, "unknown": True, "missing": False, "wrong": False, "invented": False,
    }
    claim = dict(fact_type="troops", unit="person", actor="", value=1.0, qualifier="exact", n_sources=1, article_ids=["a"],
                 fact_ids=["right"], disagreement=False, other_values=[])
    claims = [
        {**claim, "claim_id": "known", "quantity_key": "troops|person|us_forces", "actor_en": "US forces"},
        {**claim, "claim_id": "spelled", "quantity_key": "troops|person|مسلحين", "actor_en": None},
        {**claim, "claim_id": "unnamed", "quantity_key": "troops|person|us_forces", "actor_en": None},
        {**claim, "claim_id": "misnamed", "quantity_key": "troops|person|مسلحين", "actor_en": "US forces"},
    ]
    frame = claims_frame(store.to_arrow("claims", claims), store)
    assert dict(zip(frame.claim_id, frame.actor_en_matches_quantity_key)) == {
        "known": True, "spelled": True, "unnamed": False, "misnamed": False,
    }
