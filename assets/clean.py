"""clean_articles: normalized Arabic, page furniture cut, sentences, offsets back to raw."""
from dagster import AssetExecutionContext, AssetKey, asset

from assets.gate import validate_and_write
from expectations.dagster_checks import check_specs
from extraction.rows import clean_article_row
from extraction.version import rules_version
from pipelines.resources import QualityResource, WarehouseResource
from warehouse.store import Replacement


@asset(deps=[AssetKey("raw_articles")], check_specs=check_specs("clean_articles"), group_name="arqam")
def clean_articles(context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource):
    """Articles of raw_articles not yet cleaned in their current version."""
    store = warehouse.store()
    pending = store.pending_articles(
        "clean_articles", "raw_articles", ("article_id", "sha256", "raw_text"), rules_version()
    ).to_pylist()
    rows = [clean_article_row(a["article_id"], a["sha256"], a["raw_text"]) for a in pending]
    context.log.info(f"cleaned {len(rows)} articles")
    yield from validate_and_write(
        context,
        warehouse,
        quality,
        [Replacement("clean_articles", store.to_arrow("clean_articles", rows), keys=[r["article_id"] for r in rows])],
        bookkeeping=[store.progress("clean_articles", pending, rules_version())],
    )
