"""Facts and claims over Arrow columns give the rows of the rules written row by row, wherever and however cut.

The reference (``tests/facts_claims_reference.py``) is the rule as first written;
``extraction.facts.figures`` and ``extraction.claims.quantities`` must give exactly its rows: on the
seeds, on generated mentions and facts (ties of offsets, repeated figures, empty
and filled fields, known actors under several spellings, articles reporting
several values), over a pool of processes, and in batches of quantities.
"""
from __future__ import annotations

import shutil
from datetime import date, datetime

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from dagster import DagsterInstance
from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.assets.workers import SLICES_PER_WORKER, BatchPool, split_runs
from arqam.extraction.claims.quantities import CLAIMS_INPUT, build_claims, claims_table
from arqam.extraction.facts.figures import distinct_facts, facts_table
from arqam.extraction.tables.batches import CLEAN_INPUT, clean_batch, facts_batch, mentions_batch
from arqam.warehouse.store import Warehouse
from tests.conftest import SEEDS, make_settings, run_pipeline
from tests.facts_claims_reference import reference_claims, reference_facts

ACTORS = ("", "قوات أميركية", "القوات الأمريكية", "جنود أمريكيين", "مسلحين مجهولين", "المسلحين المجهولين",
          "جماعات مدعومة من إيران")
QUALIFIERS = ("exact", "more_than", "at_least", "approximately", "range", "vague", "something_else")
TYPES = (("troops", "person"), ("killed", "person"), ("funding", "USD"), ("funding", "IQD"), ("other", "person"))


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> dict[str, pa.Schema]:
    store = Warehouse(tmp_path_factory.mktemp("schemas") / "w.duckdb")
    store.migrate()
    return {table: store.arrow_schema(table) for table in ("clean_articles", "fact_mentions", "facts", "claims")}


@pytest.fixture(scope="module")
def seed_mentions(schemas) -> pa.Table:
    files = sorted(SEEDS.glob("*.txt"))
    rows = [{"article_id": f.stem, "sha256": f"sha-{i}", "raw_text": f.read_text(encoding="utf-8")} for i, f in enumerate(files)]
    clean = clean_batch(pa.Table.from_pylist(rows).select(list(CLEAN_INPUT)), schemas["clean_articles"])
    return mentions_batch(clean, schemas["fact_mentions"])


def in_text_order(mentions: list[dict]) -> list[dict]:
    return sorted(mentions, key=lambda m: (m["article_id"], m["start_offset"], m["mention_id"]))


def test_the_seeds_give_the_reference_facts_and_claims(seed_mentions, schemas):
    mentions = seed_mentions.to_pylist()
    expected = pa.Table.from_pylist(reference_facts(in_text_order(mentions)), schema=schemas["facts"])
    facts = facts_batch(seed_mentions, schemas["facts"])
    assert facts.num_rows > 10 and facts.equals(expected)
    shuffled = seed_mentions.take(pa.array(list(range(seed_mentions.num_rows))[::-1]))
    assert facts_batch(shuffled, schemas["facts"]).equals(expected)  # the order mentions come in does not matter
    # the seeds published the same day: every figure of theirs can be compared with every other
    facts = facts.append_column("published", pa.array([datetime(2024, 8, 25)] * facts.num_rows, pa.timestamp("us")))
    fact_rows = facts.select(list(CLAIMS_INPUT)).to_pylist()
    claims = claims_table(facts.select(list(CLAIMS_INPUT))).select(schemas["claims"].names).cast(schemas["claims"])
    assert claims.equals(pa.Table.from_pylist(reference_claims(fact_rows), schema=schemas["claims"]))


mention_rows = st.lists(
    st.tuples(
        st.sampled_from("abc"),  # article
        st.sampled_from(TYPES),
        st.sampled_from((3.0, 40.0, 2400.0)),
        st.integers(0, 6),  # start offset: ties on purpose
        st.sampled_from(QUALIFIERS),
        st.sampled_from(ACTORS),
        st.sampled_from(("", "البنتاغون")),  # attribution
        st.sampled_from((None, "", "2020", "2021")),  # as_of: its days come with it
        st.text("xyz", min_size=1, max_size=3),  # mention id: its order breaks ties of offsets
    ),
    max_size=40,
    unique_by=lambda row: (row[0], row[8]),
)


def as_mentions(rows) -> list[dict]:
    return [
        dict(mention_id=f"{article}-{label}", article_id=article, sha256="s", fact_type=fact_type, value=value,
             value_min=value, value_max=None if qualifier == "more_than" else value, qualifier=qualifier, unit=unit,
             actor=actor, attribution=attribution, as_of=as_of, evidence=f"evidence {start}", evidence_start=start,
             evidence_end=start + 9, sentence_index=start // 3, start_offset=start, end_offset=start + 2,
             raw_start=start + 1, raw_end=start + 3, rule=f"rule:{label}",
             as_of_start=date(int(as_of), 1, 1) if as_of else None, as_of_end=date(int(as_of), 12, 31) if as_of else None)
        for article, (fact_type, unit), value, start, qualifier, actor, attribution, as_of, label in rows
    ]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(mention_rows)
def test_generated_mentions_give_the_reference_facts(rows):
    """Both ways in: dicts (``distinct_facts``, an article at a time) and Arrow (``facts_table``, a batch)."""
    mentions = as_mentions(rows)
    expected = reference_facts(in_text_order(mentions))
    assert distinct_facts(mentions) == expected
    if mentions:
        assert facts_table(pa.Table.from_pylist(mentions)).to_pylist() == expected


fact_rows = st.lists(
    st.tuples(
        st.sampled_from("abcde"),  # article
        st.sampled_from(TYPES[:3]),
        st.sampled_from((3.0, 40.0, 2400.0, 2500.0)),
        st.sampled_from(ACTORS),
        st.sampled_from(QUALIFIERS),
        st.text("pqr", min_size=1, max_size=3),  # fact id: its order breaks ties of articles
        st.sampled_from((None, (date(2020, 1, 1), date(2020, 12, 31)), (date(2020, 3, 1), date(2020, 3, 31)))),  # as_of
        st.sampled_from(("", "في أربيل", "على قاعدة عين الأسد في الأنبار", "في الأنبار", "في الموصل")),  # places
    ),
    max_size=40,
    unique_by=lambda row: row[5],
)
# each article's publication: two within the window, one just outside it, one undated, one in an as_of month
PUBLISHED = {"a": datetime(2020, 3, 30, 12), "b": datetime(2020, 4, 1, 9), "c": datetime(2020, 4, 3, 12),
             "d": None, "e": datetime(2020, 3, 15)}


def as_facts(rows) -> list[dict]:
    return [
        dict(fact_id=label, article_id=article, fact_type=fact_type, unit=unit, value=value, qualifier=qualifier,
             actor=actor, as_of_start=days[0] if days else None, as_of_end=days[1] if days else None,
             evidence=f"قتل {value:g} {place}", published=PUBLISHED[article])
        for article, (fact_type, unit), value, actor, qualifier, label, days, place in rows
    ]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(fact_rows)
def test_generated_facts_give_the_reference_claims(rows):
    facts = as_facts(rows)
    assert build_claims(facts) == reference_claims(facts)


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(fact_rows, st.integers(1, 4))
def test_claims_built_a_few_quantities_at_a_time_are_the_claims_of_all(rows, per_batch):
    """What lets the claims stage read whole quantities in batches: a quantity's claims depend on its facts only."""
    facts = as_facts(rows)
    whole = build_claims(facts)
    keys = sorted({c["quantity_key"] for c in whole})
    key_of = quantity_keys(facts)
    by_key = {key: [f for f, k in zip(facts, key_of) if k == key] for key in keys}
    pieces = []
    for start in range(0, len(keys), per_batch):
        pieces += build_claims([f for key in keys[start : start + per_batch] for f in by_key[key]])
    assert pieces == whole


def quantity_keys(facts: list[dict]) -> list[str]:
    """The quantity key of each fact, as a claim names it."""
    from arqam.extraction.facts.actors import actor_key

    return [f"{f['fact_type']}|{f['unit']}|{actor_key(f['actor'])}" for f in facts]


def test_no_facts_no_claims(schemas):
    empty = schemas["facts"].empty_table()
    assert facts_table(schemas["fact_mentions"].empty_table()).num_rows == 0
    empty = empty.append_column("published", pa.array([], pa.timestamp("us")))
    claims = claims_table(empty.select(list(CLAIMS_INPUT)))
    assert claims.num_rows == 0 and set(claims.schema.names) == set(schemas["claims"].names)
    assert build_claims([]) == [] and distinct_facts([]) == []


def test_a_run_of_equal_keys_is_never_cut():
    table = pa.table({"article_id": list("aaabccccd"), "n": range(9)})
    slices = split_runs(table, "article_id", [1] * 9, 4)
    assert pa.concat_tables(slices).equals(table)
    assert [s["article_id"].to_pylist() for s in slices] == [list("aaa"), list("bcccc"), list("d")]
    assert [len(s) for s in split_runs(table, "article_id", [1] * 9, 9)] == [3, 1, 4, 1]


@pytest.mark.job
def test_facts_on_the_pool_are_the_facts_of_one_process(seed_mentions, schemas):
    ordered = seed_mentions.sort_by([("article_id", "ascending"), ("start_offset", "ascending"), ("mention_id", "ascending")])
    pool = BatchPool(processes=2, inline_below=0)
    try:
        parallel = pool.map(facts_batch, ordered, schemas["facts"], [1] * ordered.num_rows, together="article_id")
        assert pool._executor is not None  # it did go through worker processes
    finally:
        pool.close()
    assert parallel.equals(facts_batch(ordered, schemas["facts"]))
    # the slices were several, each with whole articles (cut inside one, a figure would be two facts)
    slices = split_runs(ordered, "article_id", [1] * ordered.num_rows, 2 * SLICES_PER_WORKER)
    articles = [set(part["article_id"].to_pylist()) for part in slices]
    assert len(slices) > 1 and sum(map(len, articles)) == pc.count_distinct(ordered["article_id"]).as_py()


def claims_rows(store: Warehouse) -> list[dict]:
    return sorted(store.query("SELECT * FROM claims").to_pylist(), key=lambda c: c["claim_id"])


def reference_rows(store: Warehouse) -> list[dict]:
    facts = store.query(f"SELECT {', '.join(CLAIMS_INPUT)} FROM facts LEFT JOIN raw_articles USING (article_id)").to_pylist()
    rows = store.to_arrow("claims", reference_claims(facts)).to_pylist()
    return sorted(rows, key=lambda c: c["claim_id"])


@pytest.mark.job
def test_claims_follow_a_new_version_that_changes_only_a_qualifier_or_actor(tmp_path):
    """The fact keeps its id (same article, type, unit, value): its claim is rebuilt all the same."""
    shutil.copytree(SEEDS, tmp_path / "inbox")
    settings = make_settings(tmp_path)
    instance = DagsterInstance.ephemeral()
    new = settings.inbox / "new.txt"
    new.write_text("قال المتحدث باسم البنتاغون إن 3100 جندي أمريكي ما زالوا في العراق.", encoding="utf-8")
    assert run_pipeline(settings, instance).success
    store = Warehouse(settings.warehouse)
    claim = "SELECT qualifier, actor, article_ids FROM claims WHERE value = 3100"
    assert store.query(claim).to_pylist() == [{"qualifier": "exact", "actor": "جندي أمريكي", "article_ids": ["new"]}]
    new.write_text("قال المتحدث باسم البنتاغون إن نحو 3100 من القوات الأميركية ما زالوا في العراق.", encoding="utf-8")
    assert run_pipeline(settings, instance).success
    assert store.query(claim).to_pylist() == [
        {"qualifier": "approximately", "actor": "القوات الأميركية", "article_ids": ["new"]}
    ]
    assert claims_rows(store) == reference_rows(store)
    new.write_text("", encoding="utf-8")  # emptied, so retired: its facts go, and the claim with them
    assert run_pipeline(settings, instance).success
    assert store.query(claim).num_rows == 0
    assert claims_rows(store) == reference_rows(store)


@pytest.mark.job
def test_claims_in_batches_of_two_articles_are_the_claims_of_one_batch(tmp_path):
    from dagster import materialize

    from arqam.assets.resources import WorkersResource
    from arqam.pipelines.definitions import ALL_ASSETS, build_resources

    tables = {}
    for name, workers in (
        ("one", WorkersResource(processes=1, batch_articles=10_000)),
        ("cut", WorkersResource(processes=2, batch_articles=2, inline_below=0)),
    ):
        shutil.copytree(SEEDS, tmp_path / name / "inbox")
        settings = make_settings(tmp_path / name)
        result = materialize(ALL_ASSETS, resources={**build_resources(settings), "workers": workers},
                             instance=DagsterInstance.ephemeral())
        assert result.success
        store = Warehouse(settings.warehouse)
        tables[name] = {
            "facts": sorted(map(str, store.query("SELECT * FROM facts").to_pylist())),
            "claims": claims_rows(store),
        }
        batches = {m.asset_key.path[-1]: m.metadata["batches"].value for m in result.asset_materializations_for_node("claims")}
        articles = store.query("SELECT count(*) FROM stage_progress WHERE stage = 'facts'").column(0)[0].as_py()
        assert batches == {"claims": 1 if name == "one" else -(-articles // 2)} and articles > 2
        assert tables[name]["claims"] == reference_rows(store)
    assert tables["cut"] == tables["one"]
