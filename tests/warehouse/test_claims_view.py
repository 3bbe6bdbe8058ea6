"""The view ``claims`` computes what the core's ``claims_table`` computes (the rule in Python, which
``tests.behaviour`` fingerprints), from the rows the claims stage stores (claim_facts, one per fact):
on generated facts (publication dates at the window's edge and beyond it, as_of days, places, articles
reporting several values), and on every unit case of the like-with-like rule."""
from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings

from arqam.extraction.claims.quantities import build_claim_facts, build_claims
from arqam.warehouse.store import Replacement, Warehouse
from tests.extraction.claims import test_claims_like_with_like as like
from tests.extraction.claims.test_facts_claims_equivalence import as_facts, fact_rows


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Warehouse:
    warehouse = Warehouse(tmp_path_factory.mktemp("claims_view") / "w.duckdb")
    warehouse.migrate()
    return warehouse


def view_claims(store: Warehouse, facts: list[dict]) -> list[dict]:
    """The claims of ``facts`` as the view gives them, once their claim_facts rows are the table's only rows."""
    store.write([Replacement("claim_facts", store.to_arrow("claim_facts", build_claim_facts(facts)), keys=None)])
    return sorted(store.query("SELECT * FROM claims").to_pylist(), key=lambda c: c["claim_id"])


def core_claims(store: Warehouse, facts: list[dict]) -> list[dict]:
    return sorted(store.to_arrow("claims", build_claims(facts)).to_pylist(), key=lambda c: c["claim_id"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fact_rows)
def test_the_view_gives_the_claims_of_the_core(store, rows):
    facts = as_facts(rows)
    assert view_claims(store, facts) == core_claims(store, facts)


def test_some_generated_claims_disagree(store):
    """The generated facts above reach the comparison: a view that flagged nothing would not pass unseen."""
    rows = [("a", ("killed", "person"), 3.0, "القوات الأمريكية", "exact", "f1", None, ""),
            ("b", ("killed", "person"), 5.0, "قوات أميركية", "exact", "f2", None, "")]
    claims = view_claims(store, as_facts(rows))
    assert [(c["value"], c["disagreement"], c["other_values"]) for c in claims if c["value"] == 3.0] == [(3.0, True, [5.0])]


def test_no_facts_no_claims(store):
    assert view_claims(store, []) == []


UNIT_CASES = [
    "test_figures_of_two_years_do_not_disagree_and_of_one_year_do",
    "test_without_as_of_the_publication_dates_must_lie_within_the_window",
    "test_a_figure_with_no_date_at_all_is_compared_with_nothing",
    "test_an_as_of_is_compared_with_a_publication_within_the_window_of_its_days",
    "test_two_places_part_figures_and_a_place_within_another_does_not",
    "test_claims_are_the_same_whatever_order_the_facts_come_in",
]


@pytest.mark.parametrize("case", UNIT_CASES)
def test_the_view_keeps_every_like_with_like_case(store, monkeypatch, case):
    monkeypatch.setattr(like, "build_claims", lambda facts: view_claims(store, list(facts)))
    getattr(like, case)()


def test_the_run_counts_and_previews_claims_as_the_view_gives_them(store):
    """Dagster's metadata reads the claims' count and a preview without computing every claim: the count
    from claim_facts, the preview of one quantity; both are the view's."""
    rows = [("a", ("killed", "person"), 3.0, "القوات الأمريكية", "exact", "f1", None, ""),
            ("b", ("killed", "person"), 5.0, "قوات أميركية", "exact", "f2", None, ""),
            ("b", ("troops", "person"), 40.0, "", "exact", "f3", None, ""),
            ("c", ("troops", "person"), 40.0, "", "exact", "f4", None, "")]
    claims = view_claims(store, as_facts(rows))
    assert store.count("claims") == len(claims) == 3
    names, preview = store.preview("claims", 5)
    first = min(c["quantity_key"] for c in claims)
    assert [dict(zip(names, row)) for row in preview] == sorted(
        (c for c in claims if c["quantity_key"] == first), key=lambda c: c["value"])


def test_figures_published_the_same_day_are_compared_by_their_own_times(store):
    """Figures of one value published the same day are compared as one shape, with its earliest and latest
    time: a figure two days later is within the window of the later one only, and one three days later of none."""
    def fact(label, article, value, published):
        return dict(fact_id=label, article_id=article, fact_type="killed", unit="person", value=value, qualifier="exact",
                    actor="القوات الأمريكية", as_of_start=None, as_of_end=None, evidence=f"قتل {value:g}", published=published)

    morning, evening = datetime(2020, 3, 30, 8), datetime(2020, 3, 30, 20)
    for later, disagree in ((datetime(2020, 4, 1, 10), True), (datetime(2020, 4, 1, 21), False), (datetime(2020, 3, 28, 7), False),
                            (datetime(2020, 3, 28, 9), True), (datetime(2020, 4, 2, 1), False)):
        facts = [fact("f1", "a", 3.0, morning), fact("f2", "b", 3.0, evening), fact("f3", "c", 5.0, later)]
        claims = view_claims(store, facts)
        assert claims == core_claims(store, facts)
        assert [c["disagreement"] for c in claims] == [disagree, disagree], later
