"""raw_articles and quarantine: every inbox file lands in exactly one of them.

A file read again (new bytes) replaces every row it gave before, in both
tables.  An article it no longer gives (the file now fails, or a JSON Lines
feed dropped a record) is retired: its rows of every later stage go in the
same transaction, so no fact outlives its text.  A changed article (same id,
new text) is rebuilt by the later stages, which follow the content hash.
``article_versions`` keeps the history, in the same transaction: one row per
version, closed when a newer one replaces it (or its file no longer gives it),
with the superseded text.

``inbox_files`` records, with each landed batch, the state (size, times, inode)
of every file read: the next run does not open a file whose state is as
recorded (``extraction.read.ingest.unchanged_since_recorded``).
"""
from datetime import datetime, timezone

import duckdb
import pyarrow as pa
from dagster import AssetExecutionContext, AssetSpec, multi_asset

from arqam.assets.conventions import conventions
from arqam.assets.gate import StageGate
from arqam.expectations.dagster_checks import check_specs
from arqam.extraction.read.ingest import READ_AGAIN_REASONS, ingest, list_inbox
from arqam.pipelines.resources import InboxResource, QualityResource, WarehouseResource, WorkersResource
from arqam.warehouse.store import Replacement, Warehouse

# the stages built from an article, each keyed by article_id: a retired article leaves them all
DOWNSTREAM_TABLES = ("clean_articles", "fact_mentions", "facts")
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


@multi_asset(
    specs=[
        AssetSpec("raw_articles", group_name="arqam", **conventions("raw_articles")),
        AssetSpec("quarantine", group_name="arqam", **conventions("quarantine")),
    ],
    check_specs=[*check_specs("raw_articles"), *check_specs("quarantine")],
    can_subset=False,
)
def raw_articles(
    context: AssetExecutionContext,
    inbox: InboxResource,
    warehouse: WarehouseResource,
    quality: QualityResource,
    workers: WorkersResource,
):
    """The inbox, read ``workers.batch_articles`` files at a time, each batch landed in its own transaction."""
    store = warehouse.store()
    stage = StageGate(context, warehouse, quality, ["raw_articles", "quarantine"])
    files = list_inbox(inbox.path)
    totals = dict.fromkeys(("unchanged", "not_read", "superseded", "retired"), 0)
    for start in range(0, len(files), max(1, workers.batch_articles)):
        chunk = files[start : start + workers.batch_articles]
        # what is stored of these files and of the articles they hold, as the batches before left it
        known = _file_state(store, [item.relative_path for item in chunk])
        batch = ingest(
            chunk,
            seen_files=known["seen_files"],
            stored_hashes={},
            stored_articles=lambda sha256s, article_ids: _stored_articles(store, sha256s, article_ids),
            max_bytes=inbox.max_bytes,
            read_files=workers.pool().read_files,
            file_records=known["file_records"],
        )
        _drop_unchanged(store, batch)
        totals["unchanged"] += batch.skipped_unchanged
        totals["not_read"] += batch.not_read
        if not batch.reread:
            if batch.file_records:  # files hashed again, unchanged: their state, for the next run
                store.write([], then=lambda con, records=batch.file_records: record_file_states(con, records))
            continue
        before = store.query(
            "SELECT article_id, sha256, raw_text FROM raw_articles WHERE source_path IN (SELECT unnest(?))", [batch.reread]
        ).to_pylist()
        kept = {(row["article_id"], row["sha256"]) for row in batch.articles}
        superseded = [row for row in before if (row["article_id"], row["sha256"]) not in kept]
        retired = sorted({row["article_id"] for row in before} - {row["article_id"] for row in batch.articles})
        totals["superseded"] += len(superseded)
        totals["retired"] += len(retired)
        retirement = []
        if retired:
            retirement = [Replacement(table, store.to_arrow(table, []), keys=retired) for table in DOWNSTREAM_TABLES]
            retirement.append(
                Replacement("stage_progress", store.to_arrow("stage_progress", []), key="article_id", keys=retired)
            )
        landed = stage.land(
            [
                Replacement("raw_articles", store.to_arrow("raw_articles", batch.articles), key="source_path", keys=batch.reread),
                Replacement("quarantine", store.to_arrow("quarantine", batch.quarantine), key="source_path", keys=batch.reread),
            ],
            bookkeeping=retirement,
            then=lambda con, superseded=superseded, records=batch.file_records: (
                record_versions(con, superseded),
                record_file_states(con, records),
            ),
        )
        if not landed:
            break
        context.log.info(
            f"{stage.written['raw_articles']} new or changed articles, {stage.written['quarantine']} quarantined, "
            f"{totals['unchanged']} files unchanged ({totals['not_read']} not opened), "
            f"{totals['superseded']} versions superseded, "
            f"{totals['retired']} articles retired"
        )
    yield from stage.report(
        metadata={
            "raw_articles": {
                "files_unchanged": totals["unchanged"],
                "files_not_opened": totals["not_read"],
                "articles_retired": totals["retired"],
            }
        }
    )


def _file_state(store: Warehouse, paths: list[str]) -> dict:
    """What ``ingest`` compares these inbox files with: the hash each was read from, its recorded state.

    Asked of the warehouse batch by batch: what a run holds in memory is a batch's, not the
    warehouse's, since every file's state and every article's hash grow with the corpus.
    """
    records = store.query("SELECT * FROM inbox_files WHERE source_path IN (SELECT unnest(?::VARCHAR[]))", [paths])
    return {
        "seen_files": _seen_files(store, paths),
        "file_records": {row["source_path"]: row for row in records.to_pylist()},
    }


def _stored_articles(store: Warehouse, sha256s: list[str], article_ids: list[str]) -> tuple[dict, dict]:
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


def _seen_files(store: Warehouse, paths: list[str]) -> dict[str, str]:
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


def _drop_unchanged(store: Warehouse, batch) -> None:
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
    now = datetime.now(timezone.utc).replace(tzinfo=None)
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
