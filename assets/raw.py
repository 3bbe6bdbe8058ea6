"""raw_articles and quarantine: every inbox file lands in exactly one of them."""
from dagster import AssetExecutionContext, AssetSpec, multi_asset

from assets.gate import validate_and_write
from expectations.dagster_checks import check_specs
from extraction.ingest import ingest, list_inbox
from pipelines.resources import InboxResource, QualityResource, WarehouseResource
from warehouse.store import Replacement


@multi_asset(
    specs=[
        AssetSpec("raw_articles", description="Decoded inbox articles with their content hash.", group_name="arqam"),
        AssetSpec("quarantine", description="Every input that could not be read, with a reason.", group_name="arqam"),
    ],
    check_specs=[*check_specs("raw_articles"), *check_specs("quarantine")],
    can_subset=False,
)
def raw_articles(
    context: AssetExecutionContext, inbox: InboxResource, warehouse: WarehouseResource, quality: QualityResource
):
    store = warehouse.store()
    seen = store.query(
        "SELECT source_path, any_value(file_sha256) AS file_sha256 FROM "
        "(SELECT source_path, file_sha256 FROM raw_articles UNION ALL SELECT source_path, file_sha256 FROM quarantine) "
        "GROUP BY source_path"
    ).to_pylist()
    stored = store.query("SELECT sha256, article_id, source_path FROM raw_articles").to_pylist()
    batch = ingest(
        list_inbox(inbox.path),
        seen_files={row["source_path"]: row["file_sha256"] for row in seen},
        stored_hashes={row["sha256"]: row["article_id"] for row in stored},
        stored_sources={row["article_id"]: row["source_path"] for row in stored},
        max_bytes=inbox.max_bytes,
    )
    reread = sorted({row["source_path"] for row in batch.articles} | {row["source_path"] for row in batch.quarantine})
    context.log.info(
        f"{len(batch.articles)} new or changed articles, {len(batch.quarantine)} quarantined, "
        f"{batch.skipped_unchanged} files unchanged"
    )
    yield from validate_and_write(
        context,
        warehouse,
        quality,
        [
            Replacement("raw_articles", store.to_arrow("raw_articles", batch.articles), keys=[r["article_id"] for r in batch.articles]),
            Replacement("quarantine", store.to_arrow("quarantine", batch.quarantine), key="source_path", keys=reread),
        ],
        metadata={"raw_articles": {"files_unchanged": batch.skipped_unchanged}},
    )
