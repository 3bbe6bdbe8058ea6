"""The GX suites themselves: every suite passes good rows and refuses bad ones."""
from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime, timedelta

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from arqam.expectations.frames import (
    clean_articles_frame,
    fact_mentions_frame,
    facts_frame,
    quarantine_frame,
    raw_articles_frame,
    visible_character_regex,
    with_row_columns,
)
from arqam.expectations.gx_bridge import QualityGate
from arqam.expectations.suites import suites
from arqam.extraction.typing.catalog import FACT_TYPES
from arqam.warehouse.store import Replacement, Warehouse


@pytest.fixture(scope="module")
def gate(tmp_path_factory):
    return QualityGate(tmp_path_factory.mktemp("gx"))


def fact_frame(**changes) -> pd.DataFrame:
    """A facts frame by hand: the upstream columns as given, those derived within a row by the frame's SQL."""
    return with_row_columns(fact_rows(**changes))


def fact_rows(**changes) -> pd.DataFrame:
    row = dict(
        fact_id="f1", fact_type="troops", qualifier="exact", unit="person", value=2400.0, value_min=2400.0,
        value_max=2400.0, evidence="قوات من 2400 جندي", article_in_upstream=True, evidence_is_text_at_offsets=True,
        actor="قوات أميركية", actor_key="us_forces", actor_en="US forces", actor_en_matches_gazetteer=True,
        as_of_start=pd.Timestamp("2020-01-01"), as_of_end=pd.Timestamp("2020-12-31"),
    )
    second = {**row, "fact_id": "f2", "fact_type": "funding", "unit": "USD", "value": 6e8, "value_min": 6e8, "value_max": 6e8,
              "actor": "", "actor_key": "", "actor_en": None}
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
    outcome = gate.validate("facts", fact_frame(), build_docs=False)
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
        ({"as_of_start": pd.Timestamp("2021-01-01")}, "as_of_interval_ordered"),
        ({"as_of_end": None}, "as_of_interval_ordered"),
    ],
)
def test_bad_facts_fail_the_right_check(gate, changes, failing):
    outcome = gate.validate("facts", fact_frame(**changes), build_docs=False)
    assert failing in {e.name for e in outcome.failures()}


def test_funding_must_be_in_a_currency_code(gate):
    rows = fact_rows()
    rows.loc[1, "unit"] = "dollar"
    frame = with_row_columns(rows)
    assert "unit_matches_type" in {e.name for e in gate.validate("facts", frame, build_docs=False).failures()}


# ---------------------------------------------------------------------------------------
# Checks decided by the frames: a batch goes through its frame builder against a small
# warehouse (article "a" at every stage), as the gate does it.

SHA = "a" * 64
TEXT = "وصلت قوات من 2400 جندي إلى القاعدة"
FIGURE_START = TEXT.index("2400")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Warehouse(tmp_path_factory.mktemp("wh") / "w.duckdb")
    store.migrate()
    store.write([
        Replacement("raw_articles", store.to_arrow("raw_articles", [raw_row()])),
        Replacement("clean_articles", store.to_arrow("clean_articles", [clean_row()])),
        Replacement("fact_mentions", store.to_arrow("fact_mentions", [mention_row()])),
    ])
    return store


def raw_row(**changes) -> dict:
    row = dict(article_id="a", source_path="a.txt", record_index=None, source_format="txt", file_sha256=SHA, sha256=SHA,
               encoding="utf-8", byte_size=100, raw_text="<p>" + TEXT + "</p>", title=None, url=None, published=None,
               flags=[], flag_notes=None)
    return {**row, **changes}


def clean_row(**changes) -> dict:
    row = dict(article_id="a", sha256=SHA, clean_text=TEXT, sentence_starts=[0], sentence_ends=[len(TEXT)],
               map_clean=[0, len(TEXT)], map_raw=[3, 3 + len(TEXT)], removed=[], arabic_ratio=1.0)
    return {**row, **changes}


def mention_row(**changes) -> dict:
    row = dict(mention_id="m", article_id="a", sha256=SHA, sentence_index=0, start_offset=FIGURE_START,
               end_offset=FIGURE_START + 4, raw_start=FIGURE_START + 3, raw_end=FIGURE_START + 7, surface="2400",
               kind="cardinal", fact_type="troops", value=2400.0, value_min=2400.0, value_max=2400.0, qualifier="exact",
               unit="person", counted="جندي", actor="قوات", attribution="", as_of=None, evidence=TEXT, evidence_start=0,
               evidence_end=len(TEXT), rule="troops_noun")
    return {**row, **changes}


def fact_row(**changes) -> dict:
    row = dict(fact_id="f", article_id="a", sha256=SHA, fact_type="troops", value=2400.0, value_min=2400.0,
               value_max=2400.0, qualifier="exact", unit="person", actor="قوات أميركية", attribution="", as_of=None,
               evidence=TEXT, evidence_start=0, evidence_end=len(TEXT), sentence_index=0, start_offset=FIGURE_START,
               end_offset=FIGURE_START + 4, raw_start=FIGURE_START + 3, raw_end=FIGURE_START + 7, rule="troops_noun",
               label_en="troops", mention_ids=["m"], actor_key="us_forces", actor_en="US forces")
    return {**row, **changes}


def failures(gate, store, table: str, build, rows: list[dict]) -> set[str]:
    outcome = gate.validate(table, build(store.to_arrow(table, rows), store), build_docs=False)
    return {e.name for e in outcome.failures()}


def test_good_batches_pass_through_their_frames(gate, store):
    assert failures(gate, store, "raw_articles", raw_articles_frame, [raw_row(article_id="b", sha256="b" * 64)]) == set()
    assert failures(gate, store, "clean_articles", clean_articles_frame, [clean_row()]) == set()
    assert failures(gate, store, "fact_mentions", fact_mentions_frame, [mention_row()]) == set()
    assert failures(gate, store, "facts", facts_frame, [fact_row()]) == set()
    quarantined = dict(quarantine_id="q", source_path="x.bin", record_index=None, file_sha256=SHA, byte_size=3,
                       reason="binary", message="not a text file")
    assert failures(gate, store, "quarantine", quarantine_frame, [quarantined]) == set()


def test_a_publication_date_is_from_a_known_source_and_not_in_the_future(gate, store):
    dated = dict(article_id="b", sha256="b" * 64, published_source="dateline")
    assert failures(gate, store, "raw_articles", raw_articles_frame,
                    [raw_row(**dated, published=datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=20))]) == set()
    assert failures(gate, store, "raw_articles", raw_articles_frame,
                    [raw_row(**dated, published=datetime.now(UTC).replace(tzinfo=None) + timedelta(days=3))]
                    ) == {"published_not_in_future"}
    assert failures(gate, store, "raw_articles", raw_articles_frame,
                    [raw_row(**{**dated, "published_source": "guess"}, published=datetime(2024, 1, 1))]
                    ) == {"published_source_allowed"}


@pytest.mark.parametrize("blank", ["", "   \n\t", "\xa0\u2003\u3000"])  # no-break and other Unicode spaces too
def test_a_text_of_whitespace_only_is_empty(gate, store, blank):
    assert "raw_text_non_empty" in failures(gate, store, "raw_articles", raw_articles_frame, [raw_row(raw_text=blank)])
    assert "rule_non_empty" in failures(gate, store, "fact_mentions", fact_mentions_frame, [mention_row(rule=blank)])
    assert "evidence_non_empty" in failures(gate, store, "facts", facts_frame, [fact_row(evidence=blank)])
    quarantined = dict(quarantine_id="q", source_path="x.bin", record_index=None, file_sha256=SHA, byte_size=3,
                       reason="binary", message=blank)
    assert failures(gate, store, "quarantine", quarantine_frame, [quarantined]) == {"message_non_empty"}


def test_the_frames_see_text_as_python_does():
    """What the frames call text (a character other than whitespace) is what Python's \\S matches, for
    every code point: RE2's own \\S would take a text of no-break spaces for text."""
    characters = [chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF]
    con = duckdb.connect()
    con.register("characters", pa.table({"c": characters}))
    found = con.sql("SELECT regexp_matches(c, $visible) FROM characters", params={"visible": visible_character_regex()})
    assert found.to_arrow_table().column(0).to_pylist() == [re.search(r"\S", c) is not None for c in characters]


@pytest.mark.parametrize(
    "text, failing",
    [
        ("نص فيه تشكيل: مَقتل", "standard_arabic_letters_only"),
        ("نص فيه أرقام ٢٤٠٠", "standard_arabic_letters_only"),
        ("نص فيه ی فارسية", "standard_arabic_letters_only"),
        ("نص\nمقالات مشابهة\nعنوان", "no_page_furniture_left"),
        ("نص طويل " * 50 + "\nكلمات دلالية: العراق", "no_page_furniture_left"),  # far into the text
    ],
)
def test_clean_text_checks(gate, store, text, failing):
    row = clean_row(clean_text=text, sentence_ends=[len(text)], map_clean=[0, 1], map_raw=[3, 4])
    assert failures(gate, store, "clean_articles", clean_articles_frame, [row]) == {failing}


def test_both_forbidden_patterns_are_found_in_one_text(gate, store):
    """The frame scans a text once for any forbidden pattern, then finds each: both checks fail."""
    text = "نص فيه تشكيل: مَقتل\nمقالات مشابهة\nعنوان"
    row = clean_row(clean_text=text, sentence_ends=[len(text)], map_clean=[0, 1], map_raw=[3, 4])
    assert failures(gate, store, "clean_articles", clean_articles_frame, [row]) == {
        "standard_arabic_letters_only", "no_page_furniture_left",
    }


def test_a_failing_text_check_shows_what_it_found(gate, store):
    text = "نص طويل " * 50 + "\nمقالات مشابهة\nعنوان"
    row = clean_row(clean_text=text, sentence_ends=[len(text)], map_clean=[0, 1], map_raw=[3, 4])
    outcome = gate.validate("clean_articles", clean_articles_frame(store.to_arrow("clean_articles", [row]), store), build_docs=False)
    (failed,) = outcome.failures()
    assert failed.unexpected_count == 1 and "مقالات مشابهة" in failed.unexpected_sample[0]
    assert len(failed.unexpected_sample[0]) < 60  # the marker and its context, not the article


def test_a_text_emptied_without_a_reason_fails_and_with_one_passes(gate, store):
    """A page that was all furniture cleans to nothing, saying what it cut; text lost silently is a defect."""
    emptied = clean_row(clean_text=" ", sentence_starts=[], sentence_ends=[], map_clean=[0, 1], map_raw=[0, 1])
    lost = failures(gate, store, "clean_articles", clean_articles_frame, [emptied])
    assert lost == {"clean_text_kept_or_cut_for_a_reason"}
    cut = {**emptied, "removed": [dict(raw_start=0, raw_end=10, reason="furniture", text="اقرأ أيضا")]}
    assert failures(gate, store, "clean_articles", clean_articles_frame, [cut]) == set()


@pytest.mark.parametrize(
    "changes, failing",
    [
        (dict(sentence_starts=[0, 10], sentence_ends=[12, len(TEXT)]), "sentences_inside_text"),  # overlapping
        (dict(sentence_starts=[0], sentence_ends=[len(TEXT) + 1]), "sentences_inside_text"),  # past the end
        (dict(sentence_starts=[5], sentence_ends=[5]), "sentences_inside_text"),  # empty
        (dict(sentence_starts=[-1], sentence_ends=[4]), "sentences_inside_text"),
        (dict(sentence_starts=[0, 5], sentence_ends=[4]), "sentences_inside_text"),  # unpaired
        (dict(sentence_starts=[0, None], sentence_ends=[4, 9]), "sentences_inside_text"),
        (dict(map_clean=[0, 10, 5], map_raw=[3, 13, 20]), "offset_map_valid"),  # clean offsets go back
        (dict(map_clean=[0, 5, 10], map_raw=[3, 20, 13]), "offset_map_valid"),  # raw offsets go back
        (dict(map_clean=[0, len(TEXT) + 1], map_raw=[3, 10]), "offset_map_valid"),  # past the clean text
        (dict(map_clean=[0, 10], map_raw=[3, 500]), "offset_map_valid"),  # past the raw text
        (dict(map_clean=[0, 10], map_raw=[3]), "offset_map_valid"),  # unpaired
        (dict(sha256="b" * 64), "article_in_raw_articles"),  # another version than the stored one
    ],
)
def test_bad_spans_and_maps_fail(gate, store, changes, failing):
    row = clean_row(**changes)
    found = failures(gate, store, "clean_articles", clean_articles_frame, [row])
    assert failing in found and (found == {failing} or failing == "article_in_raw_articles")


def test_spans_and_maps_that_touch_the_ends_pass(gate, store):
    row = clean_row(sentence_starts=[0, 4], sentence_ends=[4, len(TEXT)], map_clean=[0, 0, 4, len(TEXT)],
                    map_raw=[0, 3, 7, len(TEXT) + 7])  # raw_text is TEXT within <p></p>: 7 more characters
    assert failures(gate, store, "clean_articles", clean_articles_frame, [row]) == set()


@pytest.mark.parametrize(
    "changes, failing",
    [
        (dict(surface="2500"), "surface_is_text_at_offsets"),
        (dict(start_offset=FIGURE_START + 1, end_offset=FIGURE_START + 5), "surface_is_text_at_offsets"),
        (dict(evidence="وصلت قوات من 2400 جندي إلى المطار"), "evidence_is_text_at_offsets"),
        (dict(evidence_start=1), "evidence_is_text_at_offsets"),
        (dict(evidence_start=1, surface="2500"), "surface_is_text_at_offsets"),  # read from the article then
        (dict(end_offset=len(TEXT) + 2, surface=TEXT[FIGURE_START:]), "offsets_inside_text"),
        (dict(evidence_start=FIGURE_START + 1, evidence=TEXT[FIGURE_START + 1:]), "evidence_contains_surface"),
        (dict(end_offset=FIGURE_START), "span_not_empty"),
        (dict(end_offset=FIGURE_START - 1), "span_not_empty"),
        (dict(value_min=2500.0), "value_at_least_min"),
        (dict(value_max=2300.0), "max_at_least_value"),
        (dict(value=float("nan"), value_min=1.0, value_max=2.0), None),  # NaN is missing to GX: the pair is skipped
        (dict(sha256="b" * 64), "article_in_clean_articles"),
        (dict(as_of="2021", as_of_start=date(2021, 12, 31), as_of_end=date(2021, 1, 1)), "as_of_interval_ordered"),
        (dict(as_of="2021", as_of_start=date(2021, 1, 1)), "as_of_interval_ordered"),
    ],
)
def test_bad_mentions_fail_the_right_check(gate, store, changes, failing):
    found = failures(gate, store, "fact_mentions", fact_mentions_frame, [mention_row(**changes)])
    if failing is None:
        assert not found & {"value_at_least_min", "max_at_least_value"}
    else:
        assert failing in found


def test_pair_checks_decide_as_gx_pair_expectations_do(gate, store):
    """The pairs compared in the frame (bounds, span, surface) fail exactly the rows GX's pair expectations
    failed: a missing value skips the bounds' row; a missing surface is not the text at the offsets."""
    rows = [
        mention_row(mention_id="ok"),
        mention_row(mention_id="no_bounds", value_min=None, value_max=None),
        mention_row(mention_id="no_value", value=None),
        mention_row(mention_id="low", value_min=2401.0),
        mention_row(mention_id="high", value_max=2399.0),
        mention_row(mention_id="equal_bounds", value_min=2400.0, value_max=2400.0),
        mention_row(mention_id="no_surface", surface=None),
        mention_row(mention_id="backwards", start_offset=FIGURE_START + 4, end_offset=FIGURE_START),
    ]
    outcome = gate.validate("fact_mentions", fact_mentions_frame(store.to_arrow("fact_mentions", rows), store), build_docs=False)
    unexpected = {e.name: e.unexpected_count for e in outcome.expectations}
    assert unexpected["value_at_least_min"] == 1 and unexpected["max_at_least_value"] == 1
    assert unexpected["surface_is_text_at_offsets"] == 1  # no surface
    assert unexpected["span_not_empty"] == 1  # backwards
    facts = [fact_row(fact_id="f1"), fact_row(fact_id="f2", value_max=2000.0), fact_row(fact_id="f3", value_min=None)]
    outcome = gate.validate("facts", facts_frame(store.to_arrow("facts", facts), store), build_docs=False)
    unexpected = {e.name: e.unexpected_count for e in outcome.expectations}
    assert unexpected["max_at_least_value"] == 1 and unexpected["value_at_least_min"] == 0


@pytest.mark.parametrize("fact_type, unit", [(t.name, t.unit if hasattr(t, "unit") else None) for t in FACT_TYPES.values()])
def test_every_type_has_its_own_plausible_bound(gate, store, fact_type, unit):
    """A value above its type's bound fails that type's check only; the same value on a type with a
    higher bound passes it."""
    bound = FACT_TYPES[fact_type].plausible_max
    too_big = fact_row(fact_id="big", fact_type=fact_type, value=bound * 2, value_min=bound * 2, value_max=bound * 2)
    found = failures(gate, store, "facts", facts_frame, [too_big])
    assert f"value_plausible_{fact_type}" in found
    assert not {name for name in found if name.startswith("value_plausible_")} - {f"value_plausible_{fact_type}"}
    negative = fact_row(fact_id="neg", fact_type=fact_type, value=-1.0, value_min=-1.0, value_max=-1.0)
    zero = fact_row(fact_id="zero", fact_type=fact_type, value=0.0, value_min=0.0, value_max=0.0)
    at_bound = fact_row(fact_id="max", fact_type=fact_type, value=bound, value_min=bound, value_max=bound)
    outcome = gate.validate("facts", facts_frame(store.to_arrow("facts", [negative, zero, at_bound]), store), build_docs=False)
    (plausible,) = [e for e in outcome.expectations if e.name == f"value_plausible_{fact_type}"]
    assert not plausible.success and plausible.unexpected_count == 2 and sorted(plausible.unexpected_sample) == [-1.0, 0.0]


def test_facts_frame_compares_evidence_with_the_stored_text(gate, store):
    wrong = fact_row(evidence="وصلت قوات من 2400 جندي إلى المطار")
    assert "evidence_is_text_at_offsets" in failures(gate, store, "facts", facts_frame, [wrong])
    elsewhere = fact_row(sha256="b" * 64)  # a version of the article that was not extracted
    assert {"evidence_is_text_at_offsets", "article_in_fact_mentions"} <= failures(gate, store, "facts", facts_frame, [elsewhere])


def test_results_become_dq_rows(gate):
    outcome = gate.validate("facts", fact_frame(value=9e6, value_max=9e6))  # and its page in Data Docs
    rows = outcome.dq_rows("run-1")
    assert len(rows) == len(suites()["facts"].expectations)
    failed = [r for r in rows if not r["success"]]
    assert failed and failed[0]["run_id"] == "run-1" and failed[0]["unexpected_count"] == 1
    assert gate.data_docs_index.exists()


def test_a_fact_of_an_unknown_actor_has_no_english_name(gate):
    """actor_en may be null, and is not checked against the gazetteer's names then."""
    frame = fact_frame(actor="مسلحين مجهولين", actor_key="مسلحين مجهولين", actor_en=None)
    outcome = gate.validate("facts", frame, build_docs=False)
    assert outcome.success, outcome.failures()


def claim_frame(**changes) -> pd.DataFrame:
    row = dict(
        fact_id="f1", fact_type="troops", actor_en="US forces", fact_matches=True, quantity_key_matches=True,
        published_matches_article=True, claim_id_agrees=True, actor_en_matches_quantity_key=True,
    )
    second = {**row, "fact_id": "f2", "fact_type": "killed", "actor_en": None}
    frame = pd.DataFrame([row, second])
    for column, value in changes.items():
        frame.loc[0, column] = value
    return frame


def test_good_claims_pass(gate):
    outcome = gate.validate("claims", claim_frame(), build_docs=False)
    assert outcome.success, outcome.failures()
    assert {e.name for e in outcome.expectations} == {e.name for e in suites()["claims"].expectations}


@pytest.mark.parametrize(
    "changes, failing",
    [
        ({"fact_id": "f2"}, "fact_id_unique"),
        ({"fact_type": "no_such_type"}, "fact_type_allowed"),
        ({"fact_matches": False}, "fact_matches"),
        ({"quantity_key_matches": False}, "quantity_key_matches"),
        ({"published_matches_article": False}, "published_matches_article"),
        ({"claim_id_agrees": False}, "claim_id_agrees"),
        ({"actor_en": "the Americans"}, "actor_en_allowed"),
        ({"actor_en_matches_quantity_key": False}, "actor_en_matches_quantity_key"),
    ],
)
def test_bad_claims_fail_the_right_check(gate, changes, failing):
    outcome = gate.validate("claims", claim_frame(**changes), build_docs=False)
    assert failing in {e.name for e in outcome.failures()}


def test_the_frames_derive_the_actor_checks_from_the_stored_rows(tmp_path):
    """A stale or wrong English name in a batch is seen by the derived columns the checks read."""
    from arqam.expectations.frames import claims_frame, facts_frame
    from arqam.warehouse.store import Replacement, Warehouse

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
    frame = facts_frame(store.to_arrow("facts", facts), store).to_pandas()
    assert dict(zip(frame.fact_id, frame.actor_en_matches_gazetteer)) == {
        "right": True, "unknown": True, "missing": False, "wrong": False, "invented": False,
    }
    stored = dict(fact_id="stored", article_id="b", claim_id="c-stored", quantity_key="troops|person|us_forces",
                  fact_type="troops", unit="person", actor="قوات أميركية", actor_key="us_forces", actor_en="US forces",
                  value=1.0, qualifier="exact", places=[], places_within=[])
    store.write([Replacement("claim_facts", store.to_arrow("claim_facts", [stored]), keys=None)])
    row = dict(article_id="a", fact_type="troops", unit="person", actor="", value=2400.0, qualifier="exact",
               places=[], places_within=[])
    rows = [
        {**row, "fact_id": "right", "claim_id": "c1", "quantity_key": "troops|person|us_forces", "actor_key": "us_forces", "actor_en": "US forces"},
        {**row, "fact_id": "unknown", "claim_id": "c2", "quantity_key": "troops|person|مسلحين", "actor_key": "مسلحين", "actor_en": None},
        {**row, "fact_id": "missing", "claim_id": "c3", "quantity_key": "troops|person|us_forces", "actor_key": "us_forces", "actor_en": None},
        {**row, "fact_id": "wrong", "claim_id": "c4", "quantity_key": "troops|person|مسلحين", "actor_key": "مسلحين", "actor_en": "US forces"},
        # the stored row of another article with this quantity and value names claim c-stored
        {**row, "fact_id": "other_id", "claim_id": "c5", "quantity_key": "troops|person|us_forces", "actor_key": "us_forces",
         "actor_en": "US forces", "value": 1.0},
        {**row, "fact_id": "unkeyed", "claim_id": "c6", "quantity_key": "troops|person|nobody", "actor_key": "us_forces", "actor_en": "US forces"},
    ]
    frame = claims_frame(store.to_arrow("claim_facts", rows), store).to_pandas()
    assert dict(zip(frame.fact_id, frame.actor_en_matches_quantity_key)) == {
        "right": True, "unknown": True, "missing": False, "wrong": False, "other_id": True, "unkeyed": True,
    }
    assert dict(zip(frame.fact_id, frame.claim_id_agrees))["other_id"] is False
    assert dict(zip(frame.fact_id, frame.quantity_key_matches)) == {
        "right": True, "unknown": True, "missing": True, "wrong": True, "other_id": True, "unkeyed": False,
    }
    # "right" is a fact of facts (article a), the others are not
    assert dict(zip(frame.fact_id, frame.fact_matches))["unknown"] is False


def test_the_mentions_frame_is_linear_in_a_long_article(tmp_path):
    """An article of n characters with a figure every few words: the frame reads the text at each
    mention's offsets. Finding a character offset by walking the text from its start (SQL's substr)
    made it the text's length times its figures; 8x the article must cost about 8x, not 64x."""
    from tests.complexity import assert_linear

    unit = "قتل 3 جنود "
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.migrate()

    def frame_of(text: str):
        rows = [
            mention_row(mention_id=f"m{at}", start_offset=at, end_offset=at + 1, surface="3", evidence=text[at - 4 : at + 6],
                        evidence_start=at - 4, evidence_end=at + 6, raw_start=at, raw_end=at + 1)
            for at in range(4, len(text), len(unit))
        ]
        wh.write([Replacement("clean_articles", wh.to_arrow("clean_articles", [clean_row(
            clean_text=text, sentence_starts=[0], sentence_ends=[len(text)], map_clean=[0], map_raw=[0])]), keys=["a"])])
        frame = fact_mentions_frame(wh.to_arrow("fact_mentions", rows), wh).to_pydict()
        assert all(frame["evidence_is_text_at_offsets"]) and all(frame["surface_is_text_at_offsets"])

    assert_linear(frame_of, lambda n: unit * (n // len(unit)), n=40_000)


def test_the_facts_frame_is_linear_in_a_long_article(tmp_path):
    """The facts check compares each fact's evidence with the text at its span, read the same way as
    the mentions': 8x the article (and its facts) must cost about 8x, not 64x."""
    from arqam.expectations.frames import facts_frame
    from tests.complexity import assert_linear

    unit = "وأصيب 4 مدنيين "
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.migrate()

    def frame_of(text: str):
        rows = [
            fact_row(fact_id=f"f{at}", fact_type="wounded", value=4.0, value_min=4.0, value_max=4.0,
                     start_offset=at, end_offset=at + 1, evidence=text[at - 6 : at + 9], evidence_start=at - 6,
                     evidence_end=at + 9)
            for at in range(6, len(text), len(unit))
        ]
        wh.write([Replacement("clean_articles", wh.to_arrow("clean_articles", [clean_row(
            clean_text=text, sentence_starts=[0], sentence_ends=[len(text)], map_clean=[0], map_raw=[0])]), keys=["a"])])
        frame = facts_frame(wh.to_arrow("facts", rows), wh).to_pydict()
        assert all(frame["evidence_is_text_at_offsets"])

    assert_linear(frame_of, lambda n: unit * (n // len(unit)), n=80_000)
