"""Inbox files to article rows and quarantine rows: every file lands in exactly one place."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extraction.ingest import QUARANTINE_REASONS, ingest, list_inbox
from tests.bad_inputs import CORPUS_MAX_BYTES, deny_like_a_user, unlock, write_corpus

ARTICLE = "قالت وزارة الدفاع إن 500 جندي وصلوا إلى القاعدة."


def write(root, name, content):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def seen_of(batch):
    rows = batch.articles + batch.quarantine
    return {row["source_path"]: row["file_sha256"] for row in rows}


def test_every_file_lands_once_and_unchanged_files_are_skipped(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "sub/b.txt", ARTICLE + " وأكدت مقتل 4 مسلحين.")
    write(tmp_path, "empty.txt", "")
    write(tmp_path, ".hidden.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {}, {})
    assert sorted(r["article_id"] for r in first.articles) == ["a", "b"]
    assert [(q["source_path"], q["reason"]) for q in first.quarantine] == [("empty.txt", "empty")]
    again = ingest(list_inbox(tmp_path), seen_of(first), {r["sha256"]: r["article_id"] for r in first.articles})
    assert again.articles == [] and again.quarantine == [] and again.skipped_unchanged == 3


def test_the_same_text_under_another_name_is_a_duplicate(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "copy.txt", ARTICLE)
    batch = ingest(list_inbox(tmp_path), {}, {})
    assert [r["article_id"] for r in batch.articles] == ["a"]
    [duplicate] = batch.quarantine
    assert duplicate["reason"] == "duplicate" and "article a" in duplicate["message"]


def test_a_changed_file_is_a_new_version_of_its_article(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {}, {})
    write(tmp_path, "a.txt", ARTICLE + " وأصيب 3 آخرون.")
    second = ingest(
        list_inbox(tmp_path),
        seen_of(first),
        {r["sha256"]: r["article_id"] for r in first.articles},
        {r["article_id"]: r["source_path"] for r in first.articles},
    )
    [new_version] = second.articles
    assert new_version["article_id"] == "a" and new_version["sha256"] != first.articles[0]["sha256"]


def test_another_file_cannot_replace_an_article_it_does_not_own(tmp_path):
    write(tmp_path, "one/report.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {}, {})
    write(tmp_path, "two/report.txt", "نص آخر تماما عن 12 هجوما.")
    second = ingest(
        list_inbox(tmp_path),
        seen_of(first),
        {r["sha256"]: r["article_id"] for r in first.articles},
        {r["article_id"]: r["source_path"] for r in first.articles},
    )
    assert second.articles == []
    [conflict] = second.quarantine
    assert conflict["reason"] == "id_conflict" and "one/report.txt" in conflict["message"]


def test_too_large_files_are_quarantined_and_looked_at_again_when_they_change(tmp_path):
    write(tmp_path, "big.txt", ARTICLE * 10)
    first = ingest(list_inbox(tmp_path), {}, {}, max_bytes=100)
    assert [q["reason"] for q in first.quarantine] == ["too_large"]
    assert ingest(list_inbox(tmp_path), seen_of(first), {}, max_bytes=100).skipped_unchanged == 1
    write(tmp_path, "big.txt", ARTICLE)
    os.utime(tmp_path / "big.txt", ns=(1, 1))
    fixed = ingest(list_inbox(tmp_path), seen_of(first), {}, max_bytes=100)
    assert [r["article_id"] for r in fixed.articles] == ["big"]


def test_symbolic_links_are_followed_inside_the_inbox_only(tmp_path):
    outside = write(tmp_path / "outside", "secret.txt", ARTICLE)
    inbox = tmp_path / "inbox"
    write(inbox, ".archive/kept.txt", ARTICLE + " وأصيب 3 آخرون.")
    (inbox / "inside.txt").symlink_to(".archive/kept.txt")
    (inbox / "outside.txt").symlink_to(outside)
    (inbox / "climbing.txt").symlink_to("../outside/secret.txt")
    batch = ingest(list_inbox(inbox), {}, {})
    assert [(r["source_path"], r["article_id"]) for r in batch.articles] == [("inside.txt", "inside")]
    assert sorted((q["source_path"], q["reason"]) for q in batch.quarantine) == [
        ("climbing.txt", "outside_inbox"),
        ("outside.txt", "outside_inbox"),
    ]
    assert "outside the inbox" in batch.quarantine[0]["message"]


def test_a_link_retargeted_outside_is_refused_next_time(tmp_path):
    inbox = tmp_path / "inbox"
    write(inbox, "real.txt", ARTICLE)
    write(tmp_path, "elsewhere.txt", ARTICLE + " وأصيب 3 آخرون.")
    (inbox / "link.txt").symlink_to("real.txt")
    first = ingest(list_inbox(inbox), {}, {})
    assert [q["reason"] for q in first.quarantine] == ["duplicate"]  # the link to real.txt: the same text
    (inbox / "link.txt").unlink()
    (inbox / "link.txt").symlink_to(tmp_path / "elsewhere.txt")
    second = ingest(list_inbox(inbox), seen_of(first), {r["sha256"]: r["article_id"] for r in first.articles})
    assert [(q["source_path"], q["reason"]) for q in second.quarantine] == [("link.txt", "outside_inbox")]


def test_unreadable_files_and_folders_are_quarantined(tmp_path, monkeypatch):
    locked = write(tmp_path, "locked.txt", ARTICLE)
    write(tmp_path, "open.txt", ARTICLE + " وأصيب 3 آخرون.")
    write(tmp_path, "closed/inside.txt", ARTICLE + " وأصيب 4 آخرون.")
    locked.chmod(0)
    (tmp_path / "closed").chmod(0)
    try:
        deny_like_a_user(monkeypatch)  # root reads whatever the mode says
        batch = ingest(list_inbox(tmp_path), {}, {})
    finally:
        locked.chmod(0o644)
        (tmp_path / "closed").chmod(0o755)
    assert sorted((q["source_path"], q["reason"]) for q in batch.quarantine) == [
        ("closed", "unreadable"),
        ("locked.txt", "unreadable"),
    ]
    assert all("Permission denied" in q["message"] for q in batch.quarantine)
    assert [r["article_id"] for r in batch.articles] == ["open"]


def test_pipes_and_folder_links_are_never_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # opening it to read would wait for ever for a writer
    write(tmp_path, "real/a.txt", ARTICLE)
    (tmp_path / "alias").symlink_to("real")
    batch = ingest(list_inbox(tmp_path), {}, {})
    assert sorted((q["source_path"], q["reason"]) for q in batch.quarantine) == [
        ("alias", "not_a_file"),
        ("pipe.txt", "not_a_file"),
    ]
    assert [r["source_path"] for r in batch.articles] == ["real/a.txt"]  # read once, where it is


def test_file_names_that_are_not_utf8_are_escaped(tmp_path):
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_bytes(ARTICLE.encode())
    [row] = ingest(list_inbox(tmp_path), {}, {}).articles
    assert row["source_path"] == "caf\\xe9.txt" and row["article_id"] == "caf_xe9"
    row["source_path"].encode("utf-8")  # storable


def test_reasons_are_a_closed_set():
    assert {"empty", "binary", "undecodable", "bad_json", "too_large", "duplicate", "id_conflict"} <= set(QUARANTINE_REASONS)
    assert {"mojibake", "not_a_file", "outside_inbox", "unreadable"} <= set(QUARANTINE_REASONS)
    assert len(set(QUARANTINE_REASONS)) == len(QUARANTINE_REASONS)


# ---------------------------------------------------------------------------
# size limits and streaming


def test_a_300_mb_file_is_refused_from_its_size_without_being_opened(tmp_path, monkeypatch):
    import extraction.ingest as ingest_module

    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse
    write(tmp_path, "small.txt", ARTICLE)
    opened = []
    real_open = ingest_module._os_open
    monkeypatch.setattr(ingest_module, "_os_open", lambda path, flags: opened.append(Path(path).name) or real_open(path, flags))
    batch = ingest(list_inbox(tmp_path), {}, {}, max_bytes=1024 * 1024)
    [refused] = batch.quarantine
    assert (refused["source_path"], refused["reason"], refused["byte_size"]) == ("big.txt", "too_large", 300 * 1024 * 1024)
    assert "314,572,800 bytes is over the 1,048,576-byte limit" in refused["message"]
    assert opened == ["small.txt"]


def test_a_file_growing_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    from extraction.ingest import InboxFile, read_inbox_file

    path = write(tmp_path, "growing.jsonl", "\n".join(f'{{"id": "{i}", "text": "{ARTICLE}"}}' for i in range(50)))
    limit = path.stat().st_size - 1

    class Earlier:  # the file as it was when its size was checked: within the limit
        def __init__(self, stat):
            self._stat = stat

        def __getattr__(self, name):
            return self._stat.st_size - 10 if name == "st_size" else getattr(self._stat, name)

    real_lstat, real_fstat = os.lstat, os.fstat
    monkeypatch.setattr(os, "lstat", lambda p: Earlier(real_lstat(p)) if Path(p) == path else real_lstat(p))
    monkeypatch.setattr(os, "fstat", lambda fd: Earlier(real_fstat(fd)))
    result = read_inbox_file(InboxFile("growing.jsonl", path, tmp_path), None, limit)
    monkeypatch.undo()
    assert [r.reason for r in result.rejections] == ["too_large"] and result.articles == []
    assert "grew past" in result.rejections[0].message


def test_json_lines_are_streamed_not_loaded(tmp_path):
    import tracemalloc

    pad = "x" * 100_000  # a field arqam does not keep: the file is large, its articles small
    with open(tmp_path / "feed.jsonl", "w", encoding="utf-8") as handle:
        for i in range(300):
            handle.write(json.dumps({"id": f"r{i}", "text": f"{ARTICLE} {i}", "raw_html": pad}, ensure_ascii=False) + "\n")
    size = (tmp_path / "feed.jsonl").stat().st_size
    assert size > 30_000_000
    tracemalloc.start()
    try:
        batch = ingest(list_inbox(tmp_path), {}, {}, max_bytes=64 * 1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(batch.articles) == 300 and batch.quarantine == []
    assert peak < size / 5  # a few lines and chunks at a time, never the file


def test_an_unchanged_file_is_hashed_not_parsed(tmp_path, monkeypatch):
    import extraction.ingest as ingest_module

    write(tmp_path, "a.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {}, {})
    monkeypatch.setattr(ingest_module, "read_stream", lambda *a: pytest.fail("parsed again"))
    again = ingest(list_inbox(tmp_path), seen_of(first), {})
    assert again.skipped_unchanged == 1 and again.reread == []


def test_a_disk_error_while_reading_is_unreadable_not_undecodable(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode())
    monkeypatch.setattr("os.read", lambda fd, n: (_ for _ in ()).throw(OSError(5, "Input/output error")))
    batch = ingest(list_inbox(tmp_path), {}, {})
    assert [(q["reason"], q["message"]) for q in batch.quarantine] == [("unreadable", "cannot read the file: Input/output error")]


# ---------------------------------------------------------------------------
# a file read again replaces what it gave


def test_a_changed_feed_gives_up_its_ids(tmp_path):
    write(tmp_path, "a.jsonl", jsonl_lines({"id": "x", "text": ARTICLE}, {"id": "y", "text": ARTICLE + " 2"}))
    first = ingest(list_inbox(tmp_path), {}, {})
    stored = {r["sha256"]: r["article_id"] for r in first.articles}
    sources = {r["article_id"]: r["source_path"] for r in first.articles}
    write(tmp_path, "a.jsonl", jsonl_lines({"id": "y", "text": ARTICLE + " 2"}))  # x moved ...
    write(tmp_path, "b.jsonl", jsonl_lines({"id": "x", "text": ARTICLE + " 3"}))  # ... to a new feed, new text
    second = ingest(list_inbox(tmp_path), seen_of(first), stored, sources)
    assert second.reread == ["a.jsonl", "b.jsonl"]
    assert sorted((r["article_id"], r["source_path"]) for r in second.articles) == [("x", "b.jsonl"), ("y", "a.jsonl")]
    assert second.quarantine == []


def jsonl_lines(*records) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"


# ---------------------------------------------------------------------------
# the bad-input corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad_corpus")
    expected = write_corpus(root / "inbox", root / "outside")
    yield root / "inbox", expected
    unlock(root / "inbox")


def ingest_corpus(inbox, monkeypatch, seen=None, hashes=None):
    deny_like_a_user(monkeypatch)
    return ingest(list_inbox(inbox), seen or {}, hashes or {}, max_bytes=CORPUS_MAX_BYTES)


def test_every_bad_input_ends_in_exactly_one_place(corpus, monkeypatch):
    inbox, expected = corpus
    batch = ingest_corpus(inbox, monkeypatch)
    places: dict[tuple, dict] = {}
    for row in batch.articles:
        key = (row["source_path"], row["record_index"] if row["source_format"] == "jsonl" else None)
        assert key not in places
        places[key] = {"place": "raw", **row}
    for row in batch.quarantine:
        key = (row["source_path"], row["record_index"])
        assert key not in places, f"{key} is both stored and quarantined"
        places[key] = {"place": "quarantine", **row}
    wrong = []
    for e in expected:
        got = places.pop((e.path, e.record), None)
        if got is None:
            wrong.append(f"{e.path}:{e.record} ({e.kind}) is nowhere")
        elif e.reason is not None and (got["place"], got["reason"]) != ("quarantine", e.reason):
            wrong.append(f"{e.path}:{e.record} ({e.kind}): expected {e.reason}, got {got.get('reason') or 'stored'}")
        elif e.reason is None:
            checks = {
                "place": "raw",
                "article_id": e.article_id,
                "flags": list(e.flags),
                "encoding": e.encoding or got.get("encoding"),
                "raw_text": e.text or got.get("raw_text"),
            }
            for name, value in checks.items():
                if got.get(name) != value:
                    wrong.append(f"{e.path}:{e.record} ({e.kind}): {name} is {got.get(name)!r:.80}, not {value!r:.80}")
    assert wrong == []
    assert places == {}, f"rows nobody expected: {sorted(places)}"
    assert all(q["message"].strip() and q["reason"] in QUARANTINE_REASONS for q in batch.quarantine)


def test_nothing_is_lost(corpus, monkeypatch):
    inbox, expected = corpus
    batch = ingest_corpus(inbox, monkeypatch)
    inputs = {item.relative_path for item in list_inbox(inbox)}
    sources = {r["source_path"] for r in batch.articles} | {q["source_path"] for q in batch.quarantine}
    assert sources == inputs and len(inputs) >= 60
    for item in list_inbox(inbox):  # one row per file, one row per non-blank line of a readable feed
        rows = [r for r in batch.articles + batch.quarantine if r["source_path"] == item.relative_path]
        lines = [e for e in expected if e.path == item.relative_path]
        assert len(rows) == max(len(lines), 1), item.relative_path


def test_the_corpus_reads_the_same_every_time_and_is_skipped_once_seen(corpus, monkeypatch, tmp_path):
    inbox, _ = corpus
    first = ingest_corpus(inbox, monkeypatch)
    second = ingest_corpus(inbox, monkeypatch)
    assert first.articles == second.articles and first.quarantine == second.quarantine

    again = tmp_path / "again"
    write_corpus(again, tmp_path / "outside")  # the generator is deterministic
    unlock(again)
    unlock(inbox)
    try:
        assert files_of(again) == files_of(inbox)
    finally:
        (inbox / "perm" / "locked.txt").chmod(0)
        (inbox / "perm" / "locked_folder").chmod(0)

    seen = {r["source_path"]: r["file_sha256"] for r in first.articles + first.quarantine}
    rerun = ingest_corpus(inbox, monkeypatch, seen, {r["sha256"]: r["article_id"] for r in first.articles})
    assert rerun.articles == [] and rerun.quarantine == [] and rerun.reread == []
    assert rerun.skipped_unchanged == len(list_inbox(inbox))


def files_of(folder: Path) -> dict[bytes, bytes]:
    """Every regular file under ``folder`` (links aside) by its path in bytes: its content, or its size if large."""
    found = {}
    for directory, _, names in os.walk(os.fsencode(folder)):
        for name in names:
            path = os.path.join(directory, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            size = os.path.getsize(path)
            found[os.path.relpath(path, os.fsencode(folder))] = size if size > 10_000_000 else Path(os.fsdecode(path)).read_bytes()
    return found
