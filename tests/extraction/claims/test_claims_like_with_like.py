"""Claims that compare like with like: two figures disagree only when they describe
the same quantity at the same time and place.  Unit cases of the rule, then its precision measured on
a corpus of articles written for it (tests/fixtures/claims_corpus)."""
from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from arqam.extraction.claims.places import places_in, same_place
from arqam.extraction.claims.quantities import PUBLISHED_WINDOW, build_claims
from arqam.warehouse.store import Warehouse
from tests.conftest import make_settings, run_pipeline

CORPUS = Path(__file__).parents[2] / "fixtures" / "claims_corpus"
US = "القوات الأمريكية"


def fact(article, value, published=datetime(2024, 3, 5, 10), as_of=None, evidence="", fact_type="wounded", actor=US):
    return dict(fact_id=f"{article}-{value}", article_id=article, fact_type=fact_type, unit="person", value=float(value),
                qualifier="exact", actor=actor, published=published, evidence=evidence,
                as_of_start=as_of[0] if as_of else None, as_of_end=as_of[1] if as_of else None)


def flagged(claims) -> dict[float, list[float]]:
    return {c["value"]: c["other_values"] for c in claims if c["disagreement"]}


YEAR_2007 = (date(2007, 1, 1), date(2007, 12, 31))
YEAR_2024 = (date(2024, 1, 1), date(2024, 12, 31))


def test_figures_of_two_years_do_not_disagree_and_of_one_year_do():
    assert flagged(build_claims([fact("a", 160000, as_of=YEAR_2007), fact("b", 2500, as_of=YEAR_2024)])) == {}
    assert flagged(build_claims([fact("a", 3000, as_of=YEAR_2024), fact("b", 2500, as_of=YEAR_2024)])) == {
        2500.0: [3000.0], 3000.0: [2500.0]}
    # a year and a month of it are not the same as_of
    march = (date(2024, 3, 1), date(2024, 3, 31))
    assert flagged(build_claims([fact("a", 3000, as_of=YEAR_2024), fact("b", 2500, as_of=march)])) == {}


def test_without_as_of_the_publication_dates_must_lie_within_the_window():
    day = datetime(2024, 3, 5, 10)
    inside = build_claims([fact("a", 4, published=day), fact("b", 7, published=day + PUBLISHED_WINDOW)])
    assert flagged(inside) == {4.0: [7.0], 7.0: [4.0]}
    outside = build_claims([fact("a", 4, published=day), fact("b", 7, published=day + PUBLISHED_WINDOW + timedelta(hours=1))])
    assert flagged(outside) == {}


def test_a_figure_with_no_date_at_all_is_compared_with_nothing():
    assert flagged(build_claims([fact("a", 4, published=None), fact("b", 7)])) == {}


def test_an_as_of_is_compared_with_a_publication_within_the_window_of_its_days():
    strike = (date(2024, 11, 2), date(2024, 11, 2))
    near = build_claims([fact("a", 9, as_of=strike), fact("b", 12, published=datetime(2024, 11, 3, 8))])
    assert flagged(near) == {9.0: [12.0], 12.0: [9.0]}
    later = build_claims([fact("a", 9, as_of=strike), fact("b", 12, published=datetime(2024, 11, 9, 8))])
    assert flagged(later) == {}


def test_two_places_part_figures_and_a_place_within_another_does_not():
    erbil, anbar = "في هجوم على مطار أربيل", "في قصف على قاعدة عين الأسد بالأنبار"
    assert flagged(build_claims([fact("a", 2, evidence=erbil), fact("b", 6, evidence=anbar)])) == {}
    assert flagged(build_claims([fact("a", 2, evidence="في الأنبار"), fact("b", 6, evidence=anbar)])) == {2.0: [6.0], 6.0: [2.0]}
    assert flagged(build_claims([fact("a", 2, evidence=""), fact("b", 6, evidence=anbar)])) == {2.0: [6.0], 6.0: [2.0]}


def test_places_are_read_after_proclitics_and_in_any_spelling():
    assert places_in("سقطت صواريخ بالموصل وللموصل") == {"mosul"}
    assert places_in("قاعدة عين الاسد") == {"ain_al_asad"} and places_in("اربيل") == {"erbil"}
    assert places_in("بغدادي") == frozenset()  # a whole word only
    assert same_place({"harir"}, {"erbil"}) and not same_place({"fallujah"}, {"ramadi"})


def test_claims_are_the_same_whatever_order_the_facts_come_in():
    facts = [fact("a", 4), fact("b", 7), fact("c", 4, as_of=YEAR_2024), fact("d", 9, published=None)]
    assert build_claims(facts) == build_claims(facts[::-1])


# -- precision on a corpus of true and false disagreements ------------------------------------


def pairs(claims: list[dict]) -> set[tuple]:
    """(fact_type, actor key, lower, higher) of every two values flagged as disagreeing."""
    return {
        (c["fact_type"], c["quantity_key"].split("|")[-1], *sorted((c["value"], other)))
        for c in claims
        for other in c["other_values"]
    }


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("claims_corpus")
    settings = make_settings(root)
    settings.inbox.mkdir(parents=True)
    shutil.copy(CORPUS / "articles.jsonl", settings.inbox / "articles.jsonl")
    assert run_pipeline(settings).success
    return Warehouse(settings.warehouse)


def test_disagreement_is_precise_on_a_corpus_of_true_and_false_ones(corpus_run):
    truth = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    true_pairs = {(t, a, float(low), float(high)) for t, a, low, high in (d["pair"] for d in truth["disagreements"])}
    false_pairs = {(t, a, float(low), float(high)) for t, a, low, high in (d["pair"] for d in truth["not_disagreements"])}
    found = pairs(corpus_run.query("SELECT * FROM claims").to_pylist())
    precision = len(found & true_pairs) / len(found)
    recall = len(found & true_pairs) / len(true_pairs)
    print(f"disagreement on the claims corpus: precision {precision:.2f}, recall {recall:.2f}, {len(found)} pairs flagged")
    assert found & false_pairs == set()
    assert (precision, recall) == (1.0, 1.0)

    # The rule before (type, unit and actor only): every figure at one moment, no place read.
    facts = corpus_run.query("SELECT fact_id, article_id, fact_type, unit, value, qualifier, actor FROM facts").to_pylist()
    before = pairs(build_claims([{**f, "published": datetime(2024, 1, 1)} for f in facts]))
    before_precision = len(before & true_pairs) / len(before)
    print(f"the rule before: precision {before_precision:.2f} ({len(before & false_pairs)} of the false pairs flagged)")
    assert false_pairs <= before and before_precision < 0.5
