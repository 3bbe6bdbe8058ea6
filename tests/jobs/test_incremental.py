"""The raw stage run after run, in many batches: the rows of one batch, whatever crosses batches.

An incremental run keeps what is stored in memory and, after each batch it lands, reads
again only the rows of that batch's files; and it does not open a file whose state is as
recorded.  Neither may change a row: a text duplicated, an id claimed, or a file changed
in one batch must be seen by the batches after it exactly as a run in one batch sees it.
"""
from __future__ import annotations

import json
import shutil
import time

import pytest
from dagster import DagsterInstance, materialize

import arqam.assets.raw
import arqam.warehouse.inbox
from arqam.assets.resources import WorkersResource
from arqam.extraction.read import ingest as ingest_module
from arqam.pipelines.definitions import build_resources
from arqam.warehouse.store import Warehouse
from tests.bad_inputs import article
from tests.conftest import make_settings

TABLES = ("raw_articles", "quarantine")


def snapshot(settings) -> dict[str, list]:
    store = Warehouse(settings.warehouse)
    tables = {t: sorted(map(str, store.query(f"SELECT * FROM {t}").to_pylist())) for t in TABLES}
    tables["article_versions"] = sorted(map(str, store.query(
        "SELECT article_id, sha256, source_path, superseded_at IS NULL AS current, raw_text FROM article_versions"
    ).to_pylist()))
    return tables


def feed(*records: dict) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def first_inbox(inbox) -> None:
    """Eight files, read two at a time (a b | c d | e g | h f/b): what collides, collides across batches."""
    inbox.mkdir(parents=True)
    (inbox / "a.txt").write_text(article(1), encoding="utf-8")
    (inbox / "b.txt").write_text(article(2), encoding="utf-8")
    (inbox / "c_feed.jsonl").write_text(feed({"id": "x", "text": article(3)}, {"id": "y", "text": article(4)}), encoding="utf-8")
    (inbox / "d.txt").write_text(article(7), encoding="utf-8")
    (inbox / "e.txt").write_text(article(5), encoding="utf-8")
    (inbox / "f").mkdir()
    (inbox / "f" / "b.txt").write_text(article(6), encoding="utf-8")  # id b, held by batch 1
    (inbox / "g.txt").write_text("", encoding="utf-8")
    (inbox / "h.txt").write_text(article(7), encoding="utf-8")  # a duplicate of d, two batches before


def change_inbox(inbox) -> None:
    (inbox / "a.txt").write_text(article(11), encoding="utf-8")  # a new version
    (inbox / "b.txt").unlink()  # a file gone keeps its rows: f/b.txt still conflicts with it
    (inbox / "e.txt").write_text(article(7), encoding="utf-8")  # now a duplicate of d, a batch before
    (inbox / "c_feed.jsonl").write_text(feed({"id": "x", "text": article(3)}), encoding="utf-8")  # y dropped
    (inbox / "g.txt").write_text(article(8), encoding="utf-8")  # no longer empty


@pytest.fixture
def refreshes_checked(monkeypatch):
    """What a batch is told of the warehouse, asked batch by batch, is what reading all of it gives
    for the batch's files and articles: every stored row, the batches before this one's included."""
    real_file_state, real_stored_articles = arqam.warehouse.inbox.file_state, arqam.warehouse.inbox.stored_articles
    calls = []

    def file_state(store, paths):
        known = real_file_state(store, paths)
        every_path = store.query("SELECT source_path FROM raw_articles UNION SELECT source_path FROM quarantine "
                                 "UNION SELECT source_path FROM inbox_files").column(0).to_pylist()
        everything = real_file_state(store, every_path)
        assert known == {name: {path: value for path, value in rows.items() if path in paths}
                         for name, rows in everything.items()}
        return known

    def stored_articles(store, sha256s, article_ids):
        hashes, sources = real_stored_articles(store, sha256s, article_ids)
        stored = store.query("SELECT sha256, article_id, source_path FROM raw_articles").to_pylist()
        assert hashes == {row["sha256"]: row["article_id"] for row in stored if row["sha256"] in sha256s}
        assert sources == {row["article_id"]: row["source_path"] for row in stored if row["article_id"] in article_ids}
        calls.append((sorted(sha256s), sorted(article_ids)))
        return hashes, sources

    monkeypatch.setattr(arqam.warehouse.inbox, "file_state", file_state)
    monkeypatch.setattr(arqam.warehouse.inbox, "stored_articles", stored_articles)
    return calls


def test_runs_in_batches_of_two_give_the_rows_of_runs_in_one_batch(tmp_path, monkeypatch, refreshes_checked):
    # in this process (one worker), every file settled: the states are recorded, the fast path taken
    monkeypatch.setattr(ingest_module, "_clock_ns", lambda: time.time_ns() + 10_000_000_000)
    inbox = tmp_path / "inbox"
    first_inbox(inbox)
    configurations = {"one": WorkersResource(processes=1, batch_articles=10_000),
                      "twos": WorkersResource(processes=1, batch_articles=2)}

    def run_all(round_: str) -> dict[str, dict]:
        tables = {}
        for name, workers in configurations.items():
            settings = make_settings(tmp_path / name, inbox)
            resources = {**build_resources(settings), "workers": workers}
            assert materialize([arqam.assets.raw.raw_articles], resources=resources,
                               instance=DagsterInstance.ephemeral()).success, round_
            tables[name] = snapshot(settings)
        assert tables["twos"] == tables["one"], round_
        return tables["one"]

    first = run_all("first run")
    assert len(refreshes_checked) > 1  # the batches of two were asked about one after another
    assert any("duplicate" in row for row in first["quarantine"]) and any("id_conflict" in row for row in first["quarantine"])

    refreshes_checked.clear()
    assert run_all("nothing new") == first
    # read again: only the files refused for what another file holds (f/b.txt: id b; h.txt: d's text)
    assert {article_id for _, ids in refreshes_checked for article_id in ids} == {"b", "h"}

    change_inbox(inbox)
    changed = run_all("files changed")
    assert changed != first
    assert run_all("nothing new again") == changed

    shutil.copytree(inbox, tmp_path / "copy" / "inbox")  # the same inbox, read for the first time
    (tmp_path / "copy" / "inbox" / "b.txt").write_text(article(2), encoding="utf-8")  # as the warehouse keeps it
    fresh = make_settings(tmp_path / "copy")
    assert materialize([arqam.assets.raw.raw_articles], resources=build_resources(fresh),
                       instance=DagsterInstance.ephemeral()).success
    expected = snapshot(fresh)
    for table in TABLES:
        assert changed[table] == expected[table], table
