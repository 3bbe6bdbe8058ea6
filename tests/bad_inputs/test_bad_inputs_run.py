"""The whole job over bad inputs: every file ends in exactly one place, the run goes on for the rest,
a second run changes nothing (and opens no file whose state was recorded), a changed file retires its
old facts and keeps their history."""
from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from dagster import DagsterInstance

from arqam.extraction.read import ingest as ingest_module
from arqam.extraction.read.ingest import list_inbox
from arqam.warehouse.store import Warehouse
from tests.bad_inputs import CORPUS_MAX_BYTES, Expected, article, deny_like_a_user, unlock, write_corpus
from tests.conftest import make_settings, run_pipeline

DATA_TABLES = ("raw_articles", "quarantine", "clean_articles", "fact_mentions", "facts", "claims", "stage_progress")


def snapshot(settings, tables=DATA_TABLES) -> dict[str, list]:
    store = Warehouse(settings.warehouse)
    return {t: sorted(map(str, store.query(f"SELECT * FROM {t}").to_pylist())) for t in tables}


def tree(root: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes | str]:
    """Every path under ``root`` with its content (or what a link points to), outside ``skip``."""
    found = {}
    for directory, folders, names in os.walk(root):
        folders[:] = [f for f in folders if os.path.join(directory, f) not in skip]
        for name in folders + names:
            path = os.path.join(directory, name)
            if os.path.islink(path):
                found[path] = "-> " + os.readlink(path)
            elif os.path.isfile(path) and os.access(path, os.R_OK) and os.path.getsize(path) < 10_000_000:
                found[path] = Path(path).read_bytes()
            else:
                found[path] = "special or large"
    return found


def facts_of(store: Warehouse) -> dict[str, set[tuple[str, float]]]:
    facts: dict[str, set] = {}
    for row in store.query("SELECT article_id, fact_type, value FROM facts").to_pylist():
        facts.setdefault(row["article_id"], set()).add((row["fact_type"], row["value"]))
    return facts


def article_facts(n: int) -> set[tuple[str, float]]:
    """The facts of tests.bad_inputs.article(n)."""
    return {("troops", 100.0 + n), ("killed", float(n % 7 + 2)), ("wounded", float(n % 5 + 3))}


def test_the_bad_corpus_through_the_whole_job(tmp_path, monkeypatch):
    """One test, two runs (a Dagster run costs seconds): each check below reads their results."""
    root = tmp_path
    expected = write_corpus(root / "inbox", root / "outside")
    # one process: deny_like_a_user patches this process only (worker processes would read as root)
    settings = replace(make_settings(root), max_bytes=CORPUS_MAX_BYTES, workers=1)
    before = tree(root)
    instance = DagsterInstance.ephemeral()
    deny_like_a_user(monkeypatch)  # a file or folder without read permission cannot be read, even by root
    # the files read as if written 10 s before (else a file written under 2 s before its reading has
    # no recorded state, and the second run reads it again: how many depends on the machine's speed)
    now_ns = ingest_module._clock_ns
    monkeypatch.setattr(ingest_module, "_clock_ns", lambda: now_ns() + 10_000_000_000)
    opened: list[str] = []
    open_file = ingest_module._os_open
    monkeypatch.setattr(ingest_module, "_os_open", lambda path, flags: opened.append(str(path)) or open_file(path, flags))
    try:
        first = run_pipeline(settings, instance, raise_on_error=False)
        assert first.success
        after_first = snapshot(settings, (*DATA_TABLES, "article_versions"))
        store = Warehouse(settings.warehouse)
        every_input_ends_in_exactly_one_place(store, expected)
        the_readable_articles_give_their_facts_and_nothing_else_does(store)
        nothing_is_written_outside_the_warehouse_and_reports(root, settings, before)

        recorded = every_file_read_whole_has_its_state_recorded(store, root / "inbox")

        opened.clear()
        second = run_pipeline(settings, instance, raise_on_error=False)
        assert second.success
        assert snapshot(settings, (*DATA_TABLES, "article_versions")) == after_first
        every_input_ends_in_exactly_one_place(store, expected)
        validated = store.query("SELECT count(*) AS n FROM dq_results WHERE run_id = ? AND status <> 'skipped: no new rows'",
                                [second.run_id]).to_pylist()
        assert validated == [{"n": 0}]  # nothing new: nothing validated (every check skipped), nothing written
        # no file with a recorded state was opened (but as the target of a link, which is read each time)
        inbox = os.path.realpath(root / "inbox")
        link_targets = {os.path.relpath(os.path.realpath(root / "inbox" / item.relative_path), inbox)
                        for item in list_inbox(root / "inbox") if os.path.islink(item.path)}
        assert {os.path.relpath(os.path.realpath(path), inbox) for path in opened} & recorded <= link_targets
        [metadata] = [m.metadata for m in second.asset_materializations_for_node("raw_articles")
                      if m.asset_key.path == ["raw_articles"]]
        assert metadata["files_not_opened"].value == len(recorded) > 30
    finally:
        unlock(root / "inbox")


def every_input_ends_in_exactly_one_place(store: Warehouse, expected: list[Expected]) -> None:
    stored = {(r["source_path"], r["record_index"] if r["source_format"] == "jsonl" else None): r
              for r in store.query("SELECT * FROM raw_articles").to_pylist()}
    quarantined = {(r["source_path"], r["record_index"]): r for r in store.query("SELECT * FROM quarantine").to_pylist()}
    assert not set(stored) & set(quarantined)
    for e in expected:
        key = (e.path, e.record)
        if e.reason is None:
            assert key in stored, f"{e.kind}: {e.path}:{e.record} is not in raw_articles ({quarantined.get(key)})"
            row = stored[key]
            assert row["article_id"] == e.article_id and tuple(row["flags"]) == e.flags, e.kind
            assert bool(row["flags"]) == bool(row["flag_notes"]), e.kind
        else:
            assert key in quarantined and quarantined[key]["reason"] == e.reason, f"{e.kind}: {quarantined.get(key)}"
    assert len(stored) + len(quarantined) == len(expected)  # nothing lost, nothing made up
    assert {k[0] for k in stored} | {k[0] for k in quarantined} == {e.path for e in expected}
    versions = store.query("SELECT article_id, sha256 FROM article_versions WHERE superseded_at IS NULL").to_pylist()
    assert sorted((v["article_id"], v["sha256"]) for v in versions) == sorted((r["article_id"], r["sha256"]) for r in stored.values())


def every_file_read_whole_has_its_state_recorded(store: Warehouse, inbox: Path) -> set[str]:
    """The paths of inbox_files: every file but links, files refused without being read, and files
    refused for what another file holds (read every time: what they collided with may change)."""
    listed = {item.relative_path for item in list_inbox(inbox)}
    links = {path for path in listed if os.path.islink(inbox / path)}
    quarantined = store.query("SELECT source_path, reason FROM quarantine").to_pylist()
    refused_again = {q["source_path"] for q in quarantined if q["reason"] in ("duplicate", "id_conflict")}
    unread = {q["source_path"] for q in quarantined if q["reason"] in ("unreadable", "not_a_file", "outside_inbox", "too_large", "hidden_file")}
    rows = store.query("SELECT source_path, file_sha256 FROM inbox_files").to_pylist()
    stored = {(r["source_path"], r["file_sha256"]) for t in ("raw_articles", "quarantine")
              for r in store.query(f"SELECT source_path, file_sha256 FROM {t}").to_pylist()}
    assert all((row["source_path"], row["file_sha256"]) in stored for row in rows)
    recorded = {row["source_path"] for row in rows}
    assert recorded == listed - links - refused_again - unread
    return recorded


def the_readable_articles_give_their_facts_and_nothing_else_does(store: Warehouse) -> None:
    facts = facts_of(store)
    # repaired texts give exactly the facts of the text they were garbled from
    for article_id, n in (("garbled_cp1256", 12), ("twice", 13), ("latin1", 14), ("wire-5", 25), ("cp1256", 6),
                          ("iso8859_6", 7), ("utf16_le", 4), ("utf16_be_bom", 3), ("etc_passwd", 21), ("xff_xfe-odd", 38)):
        assert facts.get(article_id) == article_facts(n), article_id
    # a figure the damage touched is masked, never read as another figure
    assert facts["stray_bytes"] == article_facts(10) - {("troops", 110.0)}
    assert all(value > 0 for rows in facts.values() for _, value in rows)
    # no fact from a file or line that was refused, nor from the English and French articles (kept, flagged)
    stored_ids = {r["article_id"] for r in store.query("SELECT article_id FROM raw_articles").to_pylist()}
    assert set(facts) <= stored_ids - {"english", "french", "wire-4"}
    assert {"english", "french", "wire-4"} <= stored_ids
    values = {value for rows in facts.values() for _, value in rows}
    assert not values & {2500.0, 160.0, 999.0, 900.0, 800.0, 700.0}


def nothing_is_written_outside_the_warehouse_and_reports(root: Path, settings, before: dict) -> None:
    unlock(root / "inbox")
    try:
        skip = (str(settings.warehouse.parent), str(settings.reports))
        expected = {p: c for p, c in before.items() if not p.startswith(skip)}
        assert tree(root, skip) == expected  # the inbox untouched, nothing new beside it
    finally:
        (root / "inbox" / "perm" / "locked.txt").chmod(0)
        (root / "inbox" / "perm" / "locked_folder").chmod(0)


def feed(*records: dict) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def test_changed_files_new_versions_retired_facts_history_and_a_rebuild_from_scratch(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(article(1), encoding="utf-8")
    (inbox / "b.txt").write_text(article(2), encoding="utf-8")
    (inbox / "c.txt").write_text(article(6), encoding="utf-8")
    (inbox / "wire.jsonl").write_text(feed({"id": "x", "text": article(3)}, {"id": "y", "text": article(4)}), encoding="utf-8")
    settings = make_settings(tmp_path, inbox)
    instance = DagsterInstance.ephemeral()
    assert run_pipeline(settings, instance).success
    store = Warehouse(settings.warehouse)
    assert facts_of(store) == {"a": article_facts(1), "b": article_facts(2), "c": article_facts(6),
                               "x": article_facts(3), "y": article_facts(4)}

    (inbox / "a.txt").rename(inbox / "renamed.txt")  # a renamed ...
    (inbox / "a.txt").write_text(article(11), encoding="utf-8")  # ... and its name reused: a new version of a
    (inbox / "b.txt").write_bytes(b"")  # now empty: quarantined, its article retired
    (inbox / "wire.jsonl").write_text(feed({"id": "x", "text": article(3)}), encoding="utf-8")  # y dropped
    with store.connect() as con:  # c as read before migration 003: no flags, so read again (same text)
        con.execute("UPDATE raw_articles SET flags = NULL, flag_notes = NULL WHERE article_id = 'c'")
    second = run_pipeline(settings, instance)
    assert second.success

    assert facts_of(store) == {"a": article_facts(11), "c": article_facts(6), "x": article_facts(3)}
    for table in ("raw_articles", "clean_articles", "fact_mentions", "facts", "stage_progress"):
        ids = set(store.query(f"SELECT DISTINCT article_id FROM {table}").column(0).to_pylist())
        assert ids == {"a", "c", "x"}, table
    claims = store.query("SELECT article_ids FROM claims").column(0).to_pylist()
    assert {i for ids in claims for i in ids} == {"a", "c", "x"}
    assert store.query("SELECT source_path, reason FROM quarantine ORDER BY 1").to_pylist() == [
        {"source_path": "b.txt", "reason": "empty"},
        {"source_path": "renamed.txt", "reason": "duplicate"},  # of a's old text, which this run replaces
    ]
    assert store.query("SELECT flags FROM raw_articles WHERE article_id = 'c'").column(0).to_pylist() == [[]]
    cleaned = store.query(
        "SELECT element_count FROM dq_results WHERE run_id = ? AND stage = 'clean_articles' LIMIT 1", [second.run_id]
    ).column(0).to_pylist()
    assert cleaned == [1]  # a's new version only: c was read again, but its text is the same

    versions = store.query(
        "SELECT article_id, superseded_at IS NOT NULL AS superseded, raw_text FROM article_versions ORDER BY article_id, first_seen"
    ).to_pylist()
    assert [(v["article_id"], v["superseded"]) for v in versions] == [
        ("a", True), ("a", False), ("b", True), ("c", False), ("x", False), ("y", True)
    ]
    assert [v["raw_text"] for v in versions] == [article(1), None, article(2), None, None, article(4)]

    # the duplicate is looked at again: its original text is gone, so it is an article now
    assert run_pipeline(settings, instance).success
    assert facts_of(store) == {"a": article_facts(11), "c": article_facts(6), "x": article_facts(3),
                               "renamed": article_facts(1)}
    assert store.query("SELECT source_path FROM quarantine").column(0).to_pylist() == ["b.txt"]

    # the incremental warehouse is what a run from scratch over the same inbox gives
    fresh = make_settings(tmp_path / "fresh", inbox)
    assert run_pipeline(fresh).success
    assert snapshot(fresh) == snapshot(settings)
