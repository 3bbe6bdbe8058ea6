"""Inbox files to article rows and quarantine rows: every file lands in exactly one place."""
from __future__ import annotations

import os
from pathlib import Path

from extraction.ingest import QUARANTINE_REASONS, ingest, list_inbox

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


def test_symbolic_links_are_not_followed(tmp_path):
    outside = write(tmp_path / "outside", "secret.txt", ARTICLE)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "link.txt").symlink_to(outside)
    batch = ingest(list_inbox(inbox), {}, {})
    assert batch.articles == [] and [q["reason"] for q in batch.quarantine] == ["unreadable"]


def test_unreadable_files_are_quarantined(tmp_path, monkeypatch):
    locked = write(tmp_path, "locked.txt", ARTICLE)
    write(tmp_path, "open.txt", ARTICLE + " وأصيب 3 آخرون.")
    real_open = Path.open

    def open_denied(self, *args, **kwargs):  # chmod 0 does not stop root, who runs CI
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_denied)
    batch = ingest(list_inbox(tmp_path), {}, {})
    assert [(q["source_path"], q["reason"]) for q in batch.quarantine] == [("locked.txt", "unreadable")]
    assert "Permission denied" in batch.quarantine[0]["message"]
    assert [r["article_id"] for r in batch.articles] == ["open"]


def test_reasons_are_a_closed_set():
    assert {"empty", "binary", "undecodable", "bad_json", "too_large", "duplicate", "id_conflict"} <= set(QUARANTINE_REASONS)
