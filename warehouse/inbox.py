"""What the warehouse knows of the inbox's files, and what it records of them as they land.

``raw_articles`` and ``quarantine`` hold what each file gave, with the hash of the file it was
read from; ``inbox_files`` the state (size, times, inode) of every file read, so the next run
does not open a file whose state is as recorded (``extraction.read.ingest.unchanged_since_recorded``);
``article_versions`` the history of every article's versions.  Each function is asked about
one batch of files at a time: what a run holds is a batch's, not the warehouse's.
"""
from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from arqam.extraction.read.ingest import READ_AGAIN_REASONS
from arqam.warehouse.store import Warehouse

INBOX_FILES_SCHEMA = pa.schema(
    [
        ("source_path", pa.string()),
        ("file_sha256", pa.string()),
        ("byte_size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("ctime_ns", pa.int64()),
        ("inode", pa.uint64()),
    ]
)


def file_state(store: Warehouse, paths: list[str]) -> dict:
    """What ``ingest`` compares these inbox files with: the hash each was read from, its recorded state.

    Asked of the warehouse batch by batch: what a run holds in memory is a batch's, not the
    warehouse's (at 100k articles, every file's state and every article's hash held 200 MB).
    """
    records = store.query("SELECT * FROM inbox_files WHERE source_path IN (SELECT unnest(?::VARCHAR[]))", [paths])
    return {
        "seen_files": seen_files(store, paths),
        "file_records": {row["source_path"]: row for row in records.to_pylist()},
    }


def stored_articles(store: Warehouse, sha256s: list[str], article_ids: list[str]) -> tuple[dict, dict]:
    """(sha256 -> article_id, article_id -> source_path) of the stored articles with these hashes,
    and with these ids: what a batch's articles could duplicate or take over."""
    rows = store.query(
        "SELECT sha256, article_id, source_path FROM raw_articles "
        "WHERE sha256 IN (SELECT unnest(?::VARCHAR[])) OR article_id IN (SELECT unnest(?::VARCHAR[]))",
        [sha256s, article_ids],
    ).to_pylist()
    hashes, ids = set(sha256s), set(article_ids)
    return (
        {row["sha256"]: row["article_id"] for row in rows if row["sha256"] in hashes},
        {row["article_id"]: row["source_path"] for row in rows if row["article_id"] in ids},
    )


def seen_files(store: Warehouse, paths: list[str]) -> dict[str, str]:
    """source_path -> the file hash every row of it was read from, of the files ``paths``.

    Read again although unchanged: a file with rows of two states (left by an older
    release); one with articles read before migration 003 (``flags`` NULL: not examined
    for mojibake, damage, language); and one refused as a duplicate or for an id another
    file held, since what it collided with may have changed or gone (a renamed file
    whose old name now holds new text is stored on the next run).
    """
    rows = store.query(
        "SELECT source_path, min(file_sha256) AS file_sha256, count(DISTINCT file_sha256) AS states, "
        "bool_or(again) AS again FROM ("
        "SELECT source_path, file_sha256, flags IS NULL AS again FROM raw_articles "
        "UNION ALL SELECT source_path, file_sha256, reason IN (SELECT unnest(?)) FROM quarantine) "
        "WHERE source_path IN (SELECT unnest(?::VARCHAR[])) GROUP BY source_path",
        [list(READ_AGAIN_REASONS), paths],
    ).to_pylist()
    return {row["source_path"]: row["file_sha256"] for row in rows if row["states"] == 1 and not row["again"]}


def stored_versions(store: Warehouse, paths: list[str]) -> list[dict]:
    """(article_id, sha256, raw_text) of every stored article read from these files."""
    return store.query(
        "SELECT article_id, sha256, raw_text FROM raw_articles WHERE source_path IN (SELECT unnest(?))", [paths]
    ).to_pylist()


def drop_unchanged(store: Warehouse, batch) -> None:
    """Files read again that give exactly the rows already stored: nothing to write, nothing to validate."""
    if not batch.reread:
        return
    stored: dict[str, list] = {}
    new: dict[str, list] = {}
    for table, rows in (("raw_articles", batch.articles), ("quarantine", batch.quarantine)):
        old = store.query(f"SELECT * FROM {table} WHERE source_path IN (SELECT unnest(?))", [batch.reread]).to_pylist()
        for row in old:
            stored.setdefault(row["source_path"], []).append(repr(sorted(row.items())))
        for row in store.to_arrow(table, rows).to_pylist():
            new.setdefault(row["source_path"], []).append(repr(sorted(row.items())))
    same = {path for path in batch.reread if sorted(stored.get(path, [])) == sorted(new.get(path, [None]))}
    batch.articles = [row for row in batch.articles if row["source_path"] not in same]
    batch.quarantine = [row for row in batch.quarantine if row["source_path"] not in same]
    batch.reread = [path for path in batch.reread if path not in same]
    batch.skipped_unchanged += len(same)


def record_file_states(con: duckdb.DuckDBPyConnection, records: dict[str, dict | None]) -> None:
    """Replace the ``inbox_files`` rows of the files in ``records`` (None: the file has none now).

    Inside the transaction of the rows read from those files, or alone when the files
    were unchanged: a row is only trusted while its hash is that of the stored rows,
    so one that outlives them (or comes without them) is never used.
    """
    if not records:
        return
    rows = pa.Table.from_pylist([row for row in records.values() if row], schema=INBOX_FILES_SCHEMA)
    con.execute("DELETE FROM inbox_files WHERE source_path IN (SELECT unnest(?))", [sorted(records)])
    if rows.num_rows:
        con.register("recorded_files", rows)
        con.execute("INSERT INTO inbox_files BY NAME SELECT * FROM recorded_files")
        con.unregister("recorded_files")


def record_versions(con: duckdb.DuckDBPyConnection, superseded: list[dict]) -> None:
    """Bring ``article_versions`` in line with raw_articles: close what is gone, open what is new.

    Runs inside the raw stage's transaction (the history lands with the rows or not at
    all), after them, on every run: a run that changed nothing changes nothing here.
    ``superseded``: (article_id, sha256, raw_text) of the versions this run replaced,
    whose text the history keeps.  It reconciles with raw_articles rather than replaying
    the run, so a warehouse upgraded to schema 3 gets its history on its first run.
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    texts = pa.table(
        {
            "article_id": pa.array([row["article_id"] for row in superseded], pa.string()),
            "sha256": pa.array([row["sha256"] for row in superseded], pa.string()),
            "raw_text": pa.array([row["raw_text"] for row in superseded], pa.string()),
        }
    )
    con.register("superseded_texts", texts)
    con.execute(
        "UPDATE article_versions AS v SET superseded_at = ?, raw_text = s.raw_text "
        "FROM superseded_texts AS s WHERE v.superseded_at IS NULL "
        "AND v.article_id = s.article_id AND v.sha256 = s.sha256",
        [now],
    )
    con.unregister("superseded_texts")
    con.execute(
        "UPDATE article_versions AS v SET superseded_at = ? WHERE v.superseded_at IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM raw_articles r WHERE r.article_id = v.article_id AND r.sha256 = v.sha256)",
        [now],
    )
    con.execute(
        "INSERT INTO article_versions (article_id, sha256, source_path, record_index, file_sha256, first_seen) "
        "SELECT r.article_id, r.sha256, r.source_path, r.record_index, r.file_sha256, ? FROM raw_articles r "
        "WHERE NOT EXISTS (SELECT 1 FROM article_versions v WHERE v.article_id = r.article_id "
        "AND v.sha256 = r.sha256 AND v.superseded_at IS NULL)",
        [now],
    )
