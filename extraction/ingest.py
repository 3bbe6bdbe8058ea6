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

from extraction.reading import REASONS as READING_REASONS
from extraction.reading import RawArticle, Rejection, read_document

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# every reason a quarantine row can give: the reader's, and the inbox's own
QUARANTINE_REASONS = (*READING_REASONS, "too_large", "unreadable", "duplicate", "id_conflict")
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


def read_file_bytes(item: InboxFile, max_bytes: int) -> tuple[bytes | None, Rejection | None, int, str]:
    """The file's bytes, or why they cannot be read (too large, a link, no permission).

    Also a fingerprint of the file: the hash of its bytes, or, for a file that
    cannot be read, of its size and modification time, so that a file fixed
    later (permissions, size) is examined again.
    """
    try:
        if item.path.is_symlink():
            problem = Rejection(item.relative_path, None, "unreadable", "a symbolic link: not followed")
            return None, problem, 0, _fingerprint(problem, item.path.lstat())
        stat = item.path.stat()
        if stat.st_size > max_bytes:
            problem = Rejection(
                item.relative_path, None, "too_large", f"{stat.st_size:,} bytes is over the {max_bytes:,}-byte limit"
            )
            return None, problem, stat.st_size, _fingerprint(problem, stat)
        with item.path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        return data, None, len(data), hashlib.sha256(data).hexdigest()
    except OSError as error:
        problem = Rejection(item.relative_path, None, "unreadable", f"cannot read the file: {error.strerror}")
        try:
            stat = item.path.lstat()
        except OSError:
            stat = None
        return None, problem, 0, _fingerprint(problem, stat)


def _fingerprint(problem: Rejection, stat: os.stat_result | None) -> str:
    state = f"{problem.reason}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_mode}" if stat else problem.reason
    return hashlib.sha256(state.encode()).hexdigest()


def ingest(
    files: Iterable[InboxFile],
    seen_files: Mapping[str, str],
    stored_hashes: Mapping[str, str],
    stored_sources: Mapping[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> IngestBatch:
    """Read new or changed files.

    ``seen_files``: source_path -> file sha256 of every file already in the
    warehouse (stored or quarantined).  ``stored_hashes``: article sha256 ->
    article_id of every stored article.  ``stored_sources``: article_id ->
    source_path of every stored article: an id may be given a new version only
    by the file it came from.
    """
    batch = IngestBatch()
    hashes = dict(stored_hashes)
    sources = dict(stored_sources or {})
    for item in files:
        data, problem, size, file_sha = read_file_bytes(item, max_bytes)
        if seen_files.get(item.relative_path) == file_sha:
            batch.skipped_unchanged += 1
            continue
        if problem is not None:
            batch.quarantine.append(quarantine_row(file_sha, size, problem))
            continue
        articles, rejections = read_document(item.relative_path, data)
        batch.quarantine.extend(quarantine_row(file_sha, size, r) for r in rejections)
        for article in articles:
            refusal = _refusal(article, sources, hashes)
            if refusal is not None:
                batch.quarantine.append(quarantine_row(file_sha, size, refusal))
                continue
            hashes[article.sha256] = article.article_id
            sources[article.article_id] = article.source_path
            batch.articles.append(article_row(article, file_sha, size))
    return _last_version_wins(batch)


def _refusal(article: RawArticle, sources: Mapping[str, str], hashes: Mapping[str, str]) -> Rejection | None:
    """Why a readable article cannot be stored: its id belongs to another file, or its text is stored already."""
    owner = sources.get(article.article_id)
    if owner is not None and owner != article.source_path:
        message = f"article id {article.article_id} already comes from {owner}: rename one of the files"
        return Rejection(article.source_path, article.record_index, "id_conflict", message)
    original = hashes.get(article.sha256)
    if original is not None and original != article.article_id:
        message = f"the same text as article {original}: stored once"
        return Rejection(article.source_path, article.record_index, "duplicate", message)
    return None


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
