"""The extraction core over Arrow batches, and its map over worker processes: same rows wherever it runs."""
from __future__ import annotations

import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from dagster import DagsterInstance, materialize

from arqam.assets.resources import WorkersResource
from arqam.assets.workers import BatchPool
from arqam.extraction.facts.figures import distinct_facts
from arqam.extraction.tables.batches import (
    CLEAN_INPUT,
    clean_batch,
    extract_batch,
    facts_batch,
    from_ipc,
    mentions_batch,
    split_rows,
    to_ipc,
)
from arqam.extraction.tables.rows import clean_article_row, mention_rows
from arqam.extraction.text.offsets import OffsetMap
from arqam.pipelines.definitions import ALL_ASSETS, build_resources
from arqam.warehouse.store import Warehouse
from tests.conftest import SEEDS, make_settings

TABLES = ("raw_articles", "clean_articles", "fact_mentions", "facts", "claims", "stage_progress", "article_versions")


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> dict[str, pa.Schema]:
    store = Warehouse(tmp_path_factory.mktemp("schemas") / "w.duckdb")
    store.migrate()
    return {table: store.arrow_schema(table) for table in ("clean_articles", "fact_mentions", "facts")}


@pytest.fixture(scope="module")
def seeds() -> pa.Table:
    files = sorted(SEEDS.glob("*.txt"))
    rows = [{"article_id": f.stem, "sha256": f"sha-{i}", "raw_text": f.read_text(encoding="utf-8")} for i, f in enumerate(files)]
    return pa.Table.from_pylist(rows).select(list(CLEAN_INPUT))


def test_the_batch_functions_give_the_rows_of_the_article_functions(seeds, schemas):
    clean = clean_batch(seeds, schemas["clean_articles"])
    expected = [clean_article_row(*row) for row in zip(*(seeds[c].to_pylist() for c in CLEAN_INPUT))]
    assert clean.to_pylist() == pa.Table.from_pylist(expected, schema=schemas["clean_articles"]).to_pylist()
    mentions = mentions_batch(clean, schemas["fact_mentions"])
    one_by_one = []
    for row in expected:
        sentences = list(zip(row["sentence_starts"], row["sentence_ends"]))
        one_by_one += mention_rows(row["article_id"], row["sha256"], row["clean_text"], sentences,
                                   OffsetMap.from_lists(row["map_clean"], row["map_raw"]))
    assert mentions.num_rows == len(one_by_one) > 10
    facts = facts_batch(mentions, schemas["facts"])
    ordered = sorted(one_by_one, key=lambda m: (m["article_id"], m["start_offset"]))
    assert sorted(facts["fact_id"].to_pylist()) == sorted(f["fact_id"] for f in distinct_facts(ordered))
    assert {k: v.num_rows for k, v in extract_batch(seeds, schemas).items()} == {
        "clean_articles": 5, "fact_mentions": mentions.num_rows, "facts": facts.num_rows
    }


def test_a_slice_crosses_processes_with_its_own_rows_only(seeds):
    part = seeds.slice(1, 2)
    data = to_ipc(part)
    assert from_ipc(data).equals(part)
    assert len(data) < len(to_ipc(seeds))


@pytest.mark.parametrize(
    "weights, parts, sizes",
    [
        ([1, 1, 1, 1], 2, [2, 2]),
        ([10, 1, 1, 1, 1], 2, [1, 4]),  # a long article is a slice of its own
        ([1, 1, 1], 8, [1, 1, 1]),  # never more slices than rows
        ([0, 0, 0, 0], 2, [2, 2]),  # empty texts still count as rows
        ([5], 4, [1]),
    ],
)
def test_rows_are_split_in_order_into_slices_of_about_equal_text(weights, parts, sizes):
    table = pa.table({"n": list(range(len(weights)))})
    slices = split_rows(table, weights, parts)
    assert [s.num_rows for s in slices] == sizes
    assert pa.concat_tables(slices)["n"].to_pylist() == list(range(len(weights)))


@pytest.mark.job
def test_the_pool_gives_the_rows_of_one_process(seeds, schemas):
    pool = BatchPool(processes=2, inline_below=0)
    try:
        weights = pc.utf8_length(seeds["raw_text"]).to_pylist()
        parallel = pool.map(clean_batch, seeds, schemas["clean_articles"], weights)
        assert pool._executor is not None  # it did go through worker processes
        assert parallel.equals(clean_batch(seeds, schemas["clean_articles"]))
        mentions = pool.map(mentions_batch, parallel, schemas["fact_mentions"], [1] * parallel.num_rows)
        assert mentions.equals(mentions_batch(parallel, schemas["fact_mentions"]))
    finally:
        pool.close()


@pytest.mark.job
def test_the_next_batch_is_mapping_while_the_caller_lands_this_one(seeds, schemas):
    """map_ahead: batch n+1 is handed to the workers before batch n comes back, and the rows are map's."""
    events: list[str] = []

    class RecordingPool(BatchPool):
        def submit(self, function, batch, schema, weights, together=None):
            events.append(f"start {batch['article_id'][0]}")
            return super().submit(function, batch, schema, weights, together)

    pool = RecordingPool(processes=2, inline_below=0)
    batches = [seeds.slice(i, 2) for i in range(0, seeds.num_rows, 2)]
    try:
        lengths = lambda b: pc.utf8_length(b["raw_text"]).to_pylist()  # noqa: E731
        for batch, rows in pool.map_ahead(clean_batch, ((b, b) for b in batches), schemas["clean_articles"], lengths):
            events.append(f"land {batch['article_id'][0]}")
            assert rows.equals(clean_batch(batch, schemas["clean_articles"]))
    finally:
        pool.close()
    first = [b["article_id"][0] for b in batches]
    assert len(first) == 3
    assert events == [
        f"start {first[0]}", f"start {first[1]}", f"land {first[0]}", f"start {first[2]}", f"land {first[1]}",
        f"land {first[2]}",
    ]


def snapshot(settings) -> dict[str, list]:
    store = Warehouse(settings.warehouse)
    columns = {"article_versions": "article_id, sha256, source_path, superseded_at, raw_text"}
    return {
        t: sorted(map(str, store.query(f"SELECT {columns.get(t, '*')} FROM {t}").to_pylist())) for t in TABLES
    }


@pytest.mark.job
def test_batches_of_two_on_two_processes_give_the_tables_of_one_batch_in_one_process(tmp_path):
    """The batch size and the number of processes change how the work is cut, never the rows."""
    results = {}
    for name, workers in (
        ("one", WorkersResource(processes=1, batch_articles=10_000)),
        ("cut", WorkersResource(processes=2, batch_articles=2, inline_below=0)),
    ):
        shutil.copytree(SEEDS, tmp_path / name / "inbox")
        settings = make_settings(tmp_path / name)
        resources = {**build_resources(settings), "workers": workers}
        result = materialize(ALL_ASSETS, resources=resources, instance=DagsterInstance.ephemeral())
        assert result.success
        results[name] = snapshot(settings)
        if name == "cut":
            batches = {
                m.asset_key.path[-1]: m.metadata["batches"].value
                for m in result.asset_materializations_for_node("clean_articles")
            }
            assert batches == {"clean_articles": 3}  # 5 articles, 2 at a time
    assert results["cut"] == results["one"]


@pytest.mark.job
def test_the_pool_reads_inbox_files_as_one_process_does(tmp_path):
    from arqam.extraction.read.ingest import ingest, list_inbox, read_inbox_files

    shutil.copytree(SEEDS, tmp_path / "inbox")
    (tmp_path / "inbox" / "empty.txt").write_bytes(b"")
    (tmp_path / "inbox" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "inbox" / "copy.txt").write_bytes(next(SEEDS.glob("*.txt")).read_bytes())
    files = list_inbox(tmp_path / "inbox")
    pool = BatchPool(processes=2, inline_below=0)
    try:
        seen = [None] * len(files)
        assert pool.read_files(files, seen, 1 << 20) == read_inbox_files(files, seen, 1 << 20)
        assert pool._executor is not None
        parallel = ingest(files, {}, max_bytes=1 << 20, read_files=pool.read_files)
    finally:
        pool.close()
    serial = ingest(files, {}, max_bytes=1 << 20)
    assert parallel.articles == serial.articles and parallel.quarantine == serial.quarantine
    assert sorted(r["reason"] for r in serial.quarantine) == ["binary", "duplicate", "empty"]


@pytest.mark.job
def test_claims_write_the_rows_of_the_new_articles_only_and_equal_a_full_rebuild(tmp_path):
    """The claims' stored rows are made of one fact and its article each: a run that adds an article
    writes the rows of its facts, none other; the view then gives the claims the core gives all facts."""
    from arqam.extraction.claims.quantities import CLAIMS_INPUT, build_claims
    from tests.conftest import run_pipeline

    shutil.copytree(SEEDS, tmp_path / "inbox")
    settings = make_settings(tmp_path)
    instance = DagsterInstance.ephemeral()
    assert run_pipeline(settings, instance).success
    store = Warehouse(settings.warehouse)
    stored_before = store.query("SELECT * FROM claim_facts ORDER BY fact_id").to_pylist()
    (settings.inbox / "new.txt").write_text(
        "قال المتحدث باسم البنتاغون إن 3100 جندي أمريكي ما زالوا في العراق.", encoding="utf-8"
    )
    second = run_pipeline(settings, instance)
    assert second.success
    new_facts = store.query("SELECT fact_id FROM facts WHERE article_id = 'new'").column(0).to_pylist()
    assert new_facts
    assert store.query("SELECT * FROM claim_facts WHERE article_id <> 'new' ORDER BY fact_id").to_pylist() == stored_before
    validated = store.query(
        "SELECT element_count FROM dq_results WHERE run_id = ? AND stage = 'claims' LIMIT 1", [second.run_id]
    ).column(0).to_pylist()
    assert validated == [len(new_facts)]
    facts = store.query(f"SELECT {', '.join(CLAIMS_INPUT)} FROM facts LEFT JOIN raw_articles USING (article_id)").to_pylist()
    full = sorted(store.to_arrow("claims", build_claims(facts)).to_pylist(), key=lambda c: c["claim_id"])
    assert sorted(store.query("SELECT * FROM claims").to_pylist(), key=lambda c: c["claim_id"]) == full


@pytest.mark.job
def test_claims_are_built_in_a_worker_the_next_batch_while_this_one_lands(tmp_path, monkeypatch):
    """Each claims batch (the rows of a batch of articles' facts) is built on the pool, the next one before
    this one lands; the claims are those built in one process, in one batch."""
    from arqam.extraction.tables.batches import claim_facts_batch

    events: list[str] = []
    real_submit, real_write = BatchPool.submit, Warehouse.write

    def submit(self, function, batch, schema, weights, together=None):
        if function is claim_facts_batch:
            events.append("built")
        return real_submit(self, function, batch, schema, weights, together)

    def write(self, replacements, then=None):
        if any(rep.table == "claim_facts" and rep.keys for rep in replacements):
            events.append("landed")
        return real_write(self, replacements, then)

    monkeypatch.setattr(BatchPool, "submit", submit)
    monkeypatch.setattr(Warehouse, "write", write)
    tables = {}
    for name, workers in (("one", WorkersResource(processes=1, batch_articles=10_000)),
                          ("cut", WorkersResource(processes=2, batch_articles=1, inline_below=0))):
        events.clear()
        shutil.copytree(SEEDS, tmp_path / name / "inbox")
        settings = make_settings(tmp_path / name)
        assert materialize(ALL_ASSETS, resources={**build_resources(settings), "workers": workers},
                           instance=DagsterInstance.ephemeral()).success
        tables[name] = sorted(map(str, Warehouse(settings.warehouse).query("SELECT * FROM claims").to_pylist()))
        if name == "cut":
            batches = events.count("landed")
            assert batches >= 3 and events == ["built", "built"] + ["landed", "built"] * (batches - 2) + ["landed"] * 2
    assert tables["cut"] == tables["one"]


def test_a_run_of_a_few_articles_starts_no_worker_process(tmp_path, monkeypatch):
    """Every stage counts its batch in articles against ``inline_below``: two dozen articles dense in
    figures (hundreds of facts) are read, cleaned, typed, deduplicated and compared in the run's
    process, which starting a pool for them would only slow down."""
    from bench.corpus import write_articles

    started: list[str] = []
    real_pool = BatchPool._pool

    def pool(self):
        started.append("pool")
        return real_pool(self)

    monkeypatch.setattr(BatchPool, "_pool", pool)
    shutil.copytree(SEEDS, tmp_path / "inbox")
    write_articles(tmp_path / "inbox", 20)
    settings = make_settings(tmp_path)
    workers = WorkersResource(processes=2, inline_below=64)
    assert materialize(ALL_ASSETS, resources={**build_resources(settings), "workers": workers},
                       instance=DagsterInstance.ephemeral()).success
    assert Warehouse(settings.warehouse).query("SELECT count(*) AS n FROM claim_facts").to_pylist()[0]["n"] >= 200
    assert started == []
