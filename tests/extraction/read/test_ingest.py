"""Inbox files to article rows and quarantine rows: every file lands in exactly one place."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from arqam.extraction.read.ingest import QUARANTINE_REASONS, ingest, known_articles, list_inbox
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
    first = ingest(list_inbox(tmp_path), {})
    assert sorted(r["article_id"] for r in first.articles) == ["a", "b"]
    assert sorted((q["source_path"], q["reason"]) for q in first.quarantine) == [
        (".hidden.txt", "hidden_file"), ("empty.txt", "empty")
    ]
    again = ingest(list_inbox(tmp_path), seen_of(first), known_articles({r["sha256"]: r["article_id"] for r in first.articles}))
    assert again.articles == [] and again.quarantine == [] and again.skipped_unchanged == 4


def test_hidden_files_and_folders_are_quarantined_unread(tmp_path):
    write(tmp_path, ".DS_Store", "\x00\x01binary junk")
    write(tmp_path, "sub/.article.txt.swp", ARTICLE)
    write(tmp_path, ".git/objects/pack.txt", ARTICLE)  # a hidden folder is one entry, never walked
    write(tmp_path, "a.txt", ARTICLE)
    batch = ingest(list_inbox(tmp_path), {})
    assert [r["article_id"] for r in batch.articles] == ["a"]
    quarantined = {q["source_path"]: (q["reason"], q["message"]) for q in batch.quarantine}
    assert quarantined == {
        ".DS_Store": ("hidden_file", "a hidden file (its name starts with a dot): not read"),
        ".git": ("hidden_file", "a hidden folder (its name starts with a dot): not read"),
        "sub/.article.txt.swp": ("hidden_file", "a hidden file (its name starts with a dot): not read"),
    }


def test_a_hidden_file_changed_is_quarantined_again(tmp_path):
    write(tmp_path, ".notes.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {})
    write(tmp_path, ".notes.txt", ARTICLE + " وأضاف المصدر أن الوضع هادئ.")
    again = ingest(list_inbox(tmp_path), seen_of(first))
    assert [(q["source_path"], q["reason"]) for q in again.quarantine] == [(".notes.txt", "hidden_file")]


def test_the_same_text_under_another_name_is_a_duplicate(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "copy.txt", ARTICLE)
    batch = ingest(list_inbox(tmp_path), {})
    assert [r["article_id"] for r in batch.articles] == ["a"]
    [duplicate] = batch.quarantine
    assert duplicate["reason"] == "duplicate" and "article a" in duplicate["message"]


def test_a_changed_file_is_a_new_version_of_its_article(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {})
    write(tmp_path, "a.txt", ARTICLE + " وأصيب 3 آخرون.")
    second = ingest(
        list_inbox(tmp_path),
        seen_of(first),
        known_articles(
            {r["sha256"]: r["article_id"] for r in first.articles},
            {r["article_id"]: r["source_path"] for r in first.articles},
        ),
    )
    [new_version] = second.articles
    assert new_version["article_id"] == "a" and new_version["sha256"] != first.articles[0]["sha256"]


def test_another_file_cannot_replace_an_article_it_does_not_own(tmp_path):
    write(tmp_path, "one/report.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {})
    write(tmp_path, "two/report.txt", "نص آخر تماما عن 12 هجوما.")
    second = ingest(
        list_inbox(tmp_path),
        seen_of(first),
        known_articles(
            {r["sha256"]: r["article_id"] for r in first.articles},
            {r["article_id"]: r["source_path"] for r in first.articles},
        ),
    )
    assert second.articles == []
    [conflict] = second.quarantine
    assert conflict["reason"] == "id_conflict" and "one/report.txt" in conflict["message"]


def test_too_large_files_are_quarantined_and_looked_at_again_when_they_change(tmp_path):
    write(tmp_path, "big.txt", ARTICLE * 10)
    first = ingest(list_inbox(tmp_path), {}, max_bytes=100)
    assert [q["reason"] for q in first.quarantine] == ["too_large"]
    assert ingest(list_inbox(tmp_path), seen_of(first), max_bytes=100).skipped_unchanged == 1
    write(tmp_path, "big.txt", ARTICLE)
    os.utime(tmp_path / "big.txt", ns=(1, 1))
    fixed = ingest(list_inbox(tmp_path), seen_of(first), max_bytes=100)
    assert [r["article_id"] for r in fixed.articles] == ["big"]


def test_symbolic_links_are_followed_inside_the_inbox_only(tmp_path):
    outside = write(tmp_path / "outside", "secret.txt", ARTICLE)
    inbox = tmp_path / "inbox"
    write(inbox, ".archive/kept.txt", ARTICLE + " وأصيب 3 آخرون.")
    (inbox / "inside.txt").symlink_to(".archive/kept.txt")
    (inbox / "outside.txt").symlink_to(outside)
    (inbox / "climbing.txt").symlink_to("../outside/secret.txt")
    batch = ingest(list_inbox(inbox), {})
    assert [(r["source_path"], r["article_id"]) for r in batch.articles] == [("inside.txt", "inside")]
    assert sorted((q["source_path"], q["reason"]) for q in batch.quarantine) == [
        (".archive", "hidden_file"),  # the folder unread; the link into it, a file of the inbox, is read
        ("climbing.txt", "outside_inbox"),
        ("outside.txt", "outside_inbox"),
    ]
    assert all("outside the inbox" in q["message"] for q in batch.quarantine if q["reason"] == "outside_inbox")


def test_a_link_retargeted_outside_is_refused_next_time(tmp_path):
    inbox = tmp_path / "inbox"
    write(inbox, "real.txt", ARTICLE)
    write(tmp_path, "elsewhere.txt", ARTICLE + " وأصيب 3 آخرون.")
    (inbox / "link.txt").symlink_to("real.txt")
    first = ingest(list_inbox(inbox), {})
    assert [q["reason"] for q in first.quarantine] == ["duplicate"]  # the link to real.txt: the same text
    (inbox / "link.txt").unlink()
    (inbox / "link.txt").symlink_to(tmp_path / "elsewhere.txt")
    second = ingest(list_inbox(inbox), seen_of(first), known_articles({r["sha256"]: r["article_id"] for r in first.articles}))
    assert [(q["source_path"], q["reason"]) for q in second.quarantine] == [("link.txt", "outside_inbox")]


def test_unreadable_files_and_folders_are_quarantined(tmp_path, monkeypatch):
    locked = write(tmp_path, "locked.txt", ARTICLE)
    write(tmp_path, "open.txt", ARTICLE + " وأصيب 3 آخرون.")
    write(tmp_path, "closed/inside.txt", ARTICLE + " وأصيب 4 آخرون.")
    locked.chmod(0)
    (tmp_path / "closed").chmod(0)
    try:
        deny_like_a_user(monkeypatch)  # root reads whatever the mode says
        batch = ingest(list_inbox(tmp_path), {})
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
    batch = ingest(list_inbox(tmp_path), {})
    assert sorted((q["source_path"], q["reason"]) for q in batch.quarantine) == [
        ("alias", "not_a_file"),
        ("pipe.txt", "not_a_file"),
    ]
    assert [r["source_path"] for r in batch.articles] == ["real/a.txt"]  # read once, where it is


def test_file_names_that_are_not_utf8_are_escaped(tmp_path):
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_bytes(ARTICLE.encode())
    [row] = ingest(list_inbox(tmp_path), {}).articles
    assert row["source_path"] == "caf\\xe9.txt" and row["article_id"] == "caf_xe9"
    row["source_path"].encode("utf-8")  # storable


def test_reasons_are_a_closed_set():
    assert {"empty", "binary", "undecodable", "bad_json", "too_large", "duplicate", "id_conflict"} <= set(QUARANTINE_REASONS)
    assert {"mojibake", "not_a_file", "outside_inbox", "unreadable"} <= set(QUARANTINE_REASONS)
    assert len(set(QUARANTINE_REASONS)) == len(QUARANTINE_REASONS)


# ---------------------------------------------------------------------------
# size limits and streaming


def test_a_300_mb_file_is_refused_from_its_size_without_being_opened(tmp_path, monkeypatch):
    from arqam.extraction.read import ingest as ingest_module

    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse
    write(tmp_path, "small.txt", ARTICLE)
    opened = []
    real_open = ingest_module._os_open
    monkeypatch.setattr(ingest_module, "_os_open", lambda path, flags: opened.append(Path(path).name) or real_open(path, flags))
    batch = ingest(list_inbox(tmp_path), {}, max_bytes=1024 * 1024)
    [refused] = batch.quarantine
    assert (refused["source_path"], refused["reason"], refused["byte_size"]) == ("big.txt", "too_large", 300 * 1024 * 1024)
    assert "314,572,800 bytes is over the 1,048,576-byte limit" in refused["message"]
    assert opened == ["small.txt"]


def test_a_file_growing_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    from arqam.extraction.read.ingest import InboxFile, read_inbox_file

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
        batch = ingest(list_inbox(tmp_path), {}, max_bytes=64 * 1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(batch.articles) == 300 and batch.quarantine == []
    assert peak < size / 5  # a few lines and chunks at a time, never the file


def test_an_unchanged_file_is_hashed_not_parsed(tmp_path, monkeypatch):
    from arqam.extraction.read import ingest as ingest_module

    write(tmp_path, "a.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {})
    monkeypatch.setattr(ingest_module, "read_stream", lambda *a: pytest.fail("parsed again"))
    again = ingest(list_inbox(tmp_path), seen_of(first))
    assert again.skipped_unchanged == 1 and again.reread == []


def test_a_disk_error_while_reading_is_unreadable_not_undecodable(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode())
    monkeypatch.setattr("os.read", lambda fd, n: (_ for _ in ()).throw(OSError(5, "Input/output error")))
    batch = ingest(list_inbox(tmp_path), {})
    assert [(q["reason"], q["message"]) for q in batch.quarantine] == [("unreadable", "cannot read the file: Input/output error")]


# ---------------------------------------------------------------------------
# a file read again replaces what it gave


def test_a_changed_feed_gives_up_its_ids(tmp_path):
    write(tmp_path, "a.jsonl", jsonl_lines({"id": "x", "text": ARTICLE}, {"id": "y", "text": ARTICLE + " 2"}))
    first = ingest(list_inbox(tmp_path), {})
    stored = {r["sha256"]: r["article_id"] for r in first.articles}
    sources = {r["article_id"]: r["source_path"] for r in first.articles}
    write(tmp_path, "a.jsonl", jsonl_lines({"id": "y", "text": ARTICLE + " 2"}))  # x moved ...
    write(tmp_path, "b.jsonl", jsonl_lines({"id": "x", "text": ARTICLE + " 3"}))  # ... to a new feed, new text
    second = ingest(list_inbox(tmp_path), seen_of(first), known_articles(stored, sources))
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
    return ingest(list_inbox(inbox), seen or {}, known_articles(hashes or {}), max_bytes=CORPUS_MAX_BYTES)


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


# ---------------------------------------------------------------------------
# the state fast path: a file stat says is unchanged is not opened


@pytest.fixture
def settled(monkeypatch):
    """Every file read as if 10 s after it was written: old enough for its state to be recorded."""
    import time

    from arqam.extraction.read import ingest as ingest_module

    monkeypatch.setattr(ingest_module, "_clock_ns", lambda: time.time_ns() + 10_000_000_000)


@pytest.fixture
def opened(monkeypatch):
    """The names of the files opened, in order (``_os_open`` is the one place files are opened)."""
    from arqam.extraction.read import ingest as ingest_module

    names: list[str] = []
    real_open = ingest_module._os_open
    monkeypatch.setattr(ingest_module, "_os_open", lambda path, flags: names.append(Path(path).name) or real_open(path, flags))
    return names


def ingest_again(root, earlier, **options):
    """``ingest`` as the next run calls it: with what ``earlier`` (a list of batches) stored and recorded."""
    rows = [row for batch in earlier for row in batch.articles + batch.quarantine]
    seen = {row["source_path"]: row["file_sha256"] for row in rows}  # later batches replace a file's rows
    records: dict = {}
    for batch in earlier:
        for path, record in batch.file_records.items():
            if record is None:
                records.pop(path, None)
            else:
                records[path] = record
    hashes = {row["sha256"]: row["article_id"] for batch in earlier for row in batch.articles}
    sources = {row["article_id"]: row["source_path"] for batch in earlier for row in batch.articles}
    return ingest(list_inbox(root), seen, known_articles(hashes, sources), file_records=records, **options)


def test_a_file_unchanged_since_its_state_was_recorded_is_not_opened(tmp_path, settled, opened):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "feeds/wire.jsonl", jsonl_lines({"id": "x", "text": ARTICLE + " 1"}, {"id": "y", "text": ARTICLE + " 2"}))
    write(tmp_path, "empty.txt", "")  # quarantined whole
    first = ingest(list_inbox(tmp_path), {})
    assert sorted(first.file_records) == ["a.txt", "empty.txt", "feeds/wire.jsonl"]  # one row per file
    wire = first.file_records["feeds/wire.jsonl"]
    stat = (tmp_path / "feeds" / "wire.jsonl").stat()
    assert (wire["byte_size"], wire["mtime_ns"], wire["ctime_ns"], wire["inode"]) == (
        stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino
    )
    assert wire["file_sha256"] == first.articles[-1]["file_sha256"]
    opened.clear()

    again = ingest_again(tmp_path, [first])
    assert opened == []
    assert (again.skipped_unchanged, again.not_read, again.reread) == (3, 3, [])
    assert again.articles == again.quarantine == [] and again.file_records == {}


def test_a_file_touched_but_identical_is_hashed_and_changes_nothing(tmp_path, settled, opened, monkeypatch):
    from arqam.extraction.read import ingest as ingest_module

    path = write(tmp_path, "a.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {})
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # touched, 5 s later
    opened.clear()
    monkeypatch.setattr(ingest_module, "read_stream", lambda *a: pytest.fail("parsed again"))
    second = ingest_again(tmp_path, [first])
    assert opened == ["a.txt"]  # hashed ...
    assert (second.articles, second.quarantine, second.reread) == ([], [], [])  # ... and found the same
    assert second.skipped_unchanged == 1 and second.not_read == 0
    assert second.file_records["a.txt"]["mtime_ns"] == stat.st_mtime_ns + 5_000_000_000  # its new state
    opened.clear()
    assert ingest_again(tmp_path, [first, second]).not_read == 1 and opened == []


def test_a_file_changed_to_the_same_size_is_a_new_version(tmp_path, settled):
    path = write(tmp_path, "a.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {})
    changed = ARTICLE.replace("500", "600")
    assert len(changed.encode()) == len(ARTICLE.encode())
    path.write_text(changed, encoding="utf-8")  # a new mtime, the same size
    second = ingest_again(tmp_path, [first])
    assert second.reread == ["a.txt"] and second.not_read == 0
    [row] = second.articles
    assert row["raw_text"] == changed and row["sha256"] != first.articles[0]["sha256"]
    assert second.file_records["a.txt"]["file_sha256"] == row["file_sha256"] != first.articles[0]["file_sha256"]


def test_a_file_rewritten_with_its_old_mtime_set_back_is_read_again(tmp_path, settled):
    """``cp -p``, ``tar`` or ``rsync -t`` over a file of the same size: mtime and size as recorded, not ctime."""
    path = write(tmp_path, "a.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {})
    stat = path.stat()
    path.write_text(ARTICLE.replace("500", "600"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    second = ingest_again(tmp_path, [first])
    assert [row["raw_text"] for row in second.articles] == [ARTICLE.replace("500", "600")]


def test_a_file_replaced_by_another_of_the_same_size_and_mtime_is_read_again(tmp_path, settled):
    """``rsync -t`` writes a new file beside the old one, gives it the source's mtime, renames it over."""
    path = write(tmp_path, "a.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {})
    stat = path.stat()
    incoming = write(tmp_path, ".incoming/a.txt", ARTICLE.replace("500", "600"))
    os.utime(incoming, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    incoming.replace(path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    second = ingest_again(tmp_path, [first])
    assert [row["raw_text"] for row in second.articles] == [ARTICLE.replace("500", "600")]


def test_a_file_modified_just_before_it_was_read_is_hashed_again_next_time(tmp_path, opened, monkeypatch):
    """Racy: a rewrite within the same tick of the file system's clock keeps size and timestamps,
    so the state of a file modified within 2 s of its reading is not recorded."""
    import time

    from arqam.extraction.read import ingest as ingest_module

    write(tmp_path, "a.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {})  # the real clock: just written
    assert first.file_records == {}
    opened.clear()
    second = ingest_again(tmp_path, [first])
    assert opened == ["a.txt"] and second.articles == [] and second.skipped_unchanged == 1
    assert second.file_records == {}  # still just written

    monkeypatch.setattr(ingest_module, "_clock_ns", lambda: time.time_ns() + 10_000_000_000)
    third = ingest_again(tmp_path, [first, second])  # settled now: hashed once more, recorded
    assert list(third.file_records) == ["a.txt"]
    opened.clear()
    assert ingest_again(tmp_path, [first, second, third]).not_read == 1 and opened == []


def test_settled_means_both_timestamps_two_seconds_before_the_reading():
    from arqam.extraction.read.ingest import FileState

    second = 1_000_000_000
    read_at = 100 * second
    assert FileState(1, 97 * second, 97 * second, 1).settled(read_at)
    assert not FileState(1, 99 * second, 97 * second, 1).settled(read_at)  # mtime within 2 s
    assert not FileState(1, 97 * second, 99 * second, 1).settled(read_at)  # ctime within 2 s (mtime set back)
    assert not FileState(1, 101 * second, 97 * second, 1).settled(read_at)  # in the future: a skewed clock


def test_a_file_that_changes_while_it_is_read_is_not_recorded(tmp_path, settled, monkeypatch):
    from arqam.extraction.read import ingest as ingest_module

    path = write(tmp_path, "a.txt", ARTICLE)
    real_read_stream = ingest_module.read_stream

    def appended_meanwhile(name, stream):
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(" وأصيب 3 آخرون.")
        return real_read_stream(name, stream)

    monkeypatch.setattr(ingest_module, "read_stream", appended_meanwhile)
    batch = ingest(list_inbox(tmp_path), {})
    assert batch.articles and batch.file_records == {}


def test_the_recorded_state_is_trusted_only_for_the_stored_hash_and_within_the_limit(tmp_path, settled, opened):
    write(tmp_path, "a.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {})
    record = first.file_records["a.txt"]
    opened.clear()
    # the stored rows come from other bytes than the recorded state (a row left by a crash, say)
    ingest(list_inbox(tmp_path), {"a.txt": "0" * 64}, file_records={"a.txt": record})
    assert opened == ["a.txt"]
    # the file was quarantined as a duplicate or id conflict (not "seen"): read every time
    opened.clear()
    ingest(list_inbox(tmp_path), {}, file_records={"a.txt": record})
    assert opened == ["a.txt"]
    # the size limit was lowered below the file: refused from its size, as a file never seen would be
    opened.clear()
    smaller = ingest(list_inbox(tmp_path), {"a.txt": record["file_sha256"]}, file_records={"a.txt": record}, max_bytes=10)
    assert [q["reason"] for q in smaller.quarantine] == ["too_large"] and "a.txt" in smaller.file_records
    assert smaller.file_records["a.txt"] is None  # its recorded state is forgotten with its rows


def test_a_file_made_unreadable_is_quarantined_not_skipped(tmp_path, settled, monkeypatch):
    """chmod changes ctime: the file is opened, fails, and is quarantined as it would have been."""
    path = write(tmp_path, "a.txt", ARTICLE)
    first = ingest(list_inbox(tmp_path), {})
    path.chmod(0)
    try:
        deny_like_a_user(monkeypatch)
        second = ingest_again(tmp_path, [first])
    finally:
        path.chmod(0o644)
    assert [(q["source_path"], q["reason"]) for q in second.quarantine] == [("a.txt", "unreadable")]


def test_symbolic_links_have_no_recorded_state(tmp_path, settled):
    write(tmp_path, ".archive/kept.txt", ARTICLE)
    (tmp_path / "link.txt").symlink_to(".archive/kept.txt")
    batch = ingest(list_inbox(tmp_path), {})
    assert [r["source_path"] for r in batch.articles] == ["link.txt"] and batch.file_records == {}


def test_a_file_refused_for_what_another_file_holds_has_no_recorded_state(tmp_path, settled):
    """It is read every run (what it collided with may change): a recorded state would never be used."""
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "copy.txt", ARTICLE)
    write(tmp_path, "one/report.txt", ARTICLE + " 1")
    write(tmp_path, "two/report.txt", ARTICLE + " 2")
    batch = ingest(list_inbox(tmp_path), {})
    assert sorted(q["reason"] for q in batch.quarantine) == ["duplicate", "id_conflict"]
    assert sorted(batch.file_records) == ["a.txt", "one/report.txt"]


def test_hostile_shapes_of_one_article_are_quarantined_with_their_reason(tmp_path):
    # a figure dump in one "sentence", and one JSON line holding a whole glued archive
    write(tmp_path, "dump.txt", "قتل " + "1 " * 100_000 + "جندي")
    glued = "أعلنت القيادة المشتركة انتهاء المناورات في البادية الغربية. " * 150_000
    write(tmp_path, "feed.jsonl", json.dumps({"id": "glued", "text": glued}, ensure_ascii=False) + "\n"
          + json.dumps({"id": "fine", "text": ARTICLE}, ensure_ascii=False) + "\n")
    batch = ingest(list_inbox(tmp_path), {})
    assert [r["article_id"] for r in batch.articles] == ["fine"]
    assert sorted((q["source_path"], q["record_index"], q["reason"]) for q in batch.quarantine) == [
        ("dump.txt", None, "too_many_figures"), ("feed.jsonl", 1, "too_long")
    ]


def test_refusing_a_glued_article_holds_it_a_few_times_at_most(tmp_path):
    import tracemalloc

    glued = "وقالت مصادر محلية إن الطريق أعيد فتحه أمام المسافرين صباح اليوم. " * 120_000
    write(tmp_path, "feed.jsonl", json.dumps({"id": "glued", "text": glued}, ensure_ascii=False) + "\n")
    size = (tmp_path / "feed.jsonl").stat().st_size
    tracemalloc.start()
    try:
        batch = ingest(list_inbox(tmp_path), {})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [q["reason"] for q in batch.quarantine] == ["too_long"] and batch.articles == []
    assert peak < 8 * size  # the line, its text, the parsed field: never a structure per word or figure
