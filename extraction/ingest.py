"""From inbox files to raw article rows and quarantine rows: nothing is lost.

Every file ends in exactly one place: its articles in ``raw_articles``, or a
row in ``quarantine`` that says why.  A file already seen with the same bytes
is skipped (the file hash is the idempotency key); the same text under a
second name is quarantined as a duplicate of the first.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from extraction.reading import RawArticle, Rejection, read_document

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
READABLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class InboxFile:
    relative_path: str
    path: Path


@dataclass
class IngestBatch:
    articles: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)
    skipped_unchanged: int = 0


def list_inbox(root: str | Path) -> list[InboxFile]:
    """Every regular file under ``root`` (hidden files aside), in a stable order."""
    root = Path(root)
    found = []
    for directory, subdirs, files in os.walk(root, followlinks=False):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(directory) / name
            found.append(InboxFile(path.relative_to(root).as_posix(), path))
    return found


def quarantine_row(file_sha256: str, byte_size: int, rejection: Rejection) -> dict:
    key = f"{rejection.source_path}\x1f{rejection.record_index}\x1f{file_sha256}"
    return {
        "quarantine_id": hashlib.sha256(key.encode()).hexdigest()[:32],
        "source_path": rejection.source_path,
        "record_index": rejection.record_index,
        "file_sha256": file_sha256,
        "byte_size": byte_size,
        "reason": rejection.reason,
        "message": rejection.message,
    }


def article_row(article: RawArticle, file_sha256: str, byte_size: int) -> dict:
    return {
        "article_id": article.article_id,
        "source_path": article.source_path,
        "record_index": article.record_index,
        "source_format": article.source_format,
        "file_sha256": file_sha256,
        "sha256": article.sha256,
        "encoding": article.encoding,
        "byte_size": byte_size,
        "raw_text": article.raw_text,
        "title": article.title,
        "url": article.url,
        "published": article.published,
    }


def read_file_bytes(item: InboxFile, max_bytes: int) -> tuple[bytes | None, Rejection | None, int]:
    """The file's bytes, or why they cannot be read (too large, a link, no permission)."""
    try:
        if item.path.is_symlink():
            return None, Rejection(item.relative_path, None, "unreadable", "a symbolic link: not followed"), 0
        size = item.path.stat().st_size
        if size > max_bytes:
            return None, Rejection(
                item.relative_path, None, "too_large", f"{size:,} bytes is over the {max_bytes:,}-byte limit"
            ), size
        with item.path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        return data, None, len(data)
    except OSError as error:
        return None, Rejection(item.relative_path, None, "unreadable", f"cannot read the file: {error.strerror}"), 0


def ingest(
    files: Iterable[InboxFile],
    seen_files: Mapping[str, str],
    stored_hashes: Mapping[str, str],
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> IngestBatch:
    """Read new or changed files.

    ``seen_files``: source_path -> file sha256 of every file already in the
    warehouse (stored or quarantined).  ``stored_hashes``: article sha256 ->
    article_id of every stored article.
    """
    batch = IngestBatch()
    hashes = dict(stored_hashes)
    for item in files:
        data, problem, size = read_file_bytes(item, max_bytes)
        file_sha = hashlib.sha256(data).hexdigest() if data is not None else hashlib.sha256(
            f"{problem.reason}:{size}".encode()
        ).hexdigest()
        if seen_files.get(item.relative_path) == file_sha:
            batch.skipped_unchanged += 1
            continue
        if problem is not None:
            batch.quarantine.append(quarantine_row(file_sha, size, problem))
            continue
        articles, rejections = read_document(item.relative_path, data)
        batch.quarantine.extend(quarantine_row(file_sha, size, r) for r in rejections)
        for article in articles:
            original = hashes.get(article.sha256)
            if original is not None and original != article.article_id:
                batch.quarantine.append(
                    quarantine_row(
                        file_sha,
                        size,
                        Rejection(
                            article.source_path,
                            article.record_index,
                            "duplicate",
                            f"the same text as article {original}: stored once",
                        ),
                    )
                )
                continue
            hashes[article.sha256] = article.article_id
            batch.articles.append(article_row(article, file_sha, size))
    return _last_version_wins(batch)


def _last_version_wins(batch: IngestBatch) -> IngestBatch:
    """Two records with one article_id in a batch: keep the last, quarantine the earlier."""
    by_id: dict[str, dict] = {}
    for row in batch.articles:
        earlier = by_id.get(row["article_id"])
        if earlier is not None:
            batch.quarantine.append(
                quarantine_row(
                    earlier["file_sha256"],
                    earlier["byte_size"],
                    Rejection(
                        earlier["source_path"],
                        earlier["record_index"],
                        "duplicate",
                        f"article id {row['article_id']} appears again in {row['source_path']}: the later one is kept",
                    ),
                )
            )
        by_id[row["article_id"]] = row
    batch.articles = list(by_id.values())
    return batch
