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
from dagster import AssetExecutionContext, AssetSpec, multi_asset

from arqam.assets.conventions import conventions
from arqam.assets.gate import StageGate
from arqam.assets.resources import InboxResource, QualityResource, WarehouseResource, WorkersResource
from arqam.expectations.dagster_checks import check_specs
from arqam.extraction.read.ingest import ingest, list_inbox
from arqam.warehouse import inbox as stored
from arqam.warehouse.store import Replacement

# the stages built from an article, each keyed by article_id: a retired article leaves them all
DOWNSTREAM_TABLES = ("clean_articles", "fact_mentions", "facts")


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
        known = stored.file_state(store, [item.relative_path for item in chunk])
        batch = ingest(
            chunk,
            seen_files=known["seen_files"],
            stored_articles=lambda sha256s, article_ids: stored.stored_articles(store, sha256s, article_ids),
            max_bytes=inbox.max_bytes,
            read_files=workers.pool().read_files,
            file_records=known["file_records"],
        )
        stored.drop_unchanged(store, batch)
        totals["unchanged"] += batch.skipped_unchanged
        totals["not_read"] += batch.not_read
        if not batch.reread:
            if batch.file_records:  # files hashed again, unchanged: their state, for the next run
                store.write([], then=lambda con, records=batch.file_records: stored.record_file_states(con, records))
            continue
        before = stored.stored_versions(store, batch.reread)
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
                stored.record_versions(con, superseded),
                stored.record_file_states(con, records),
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
