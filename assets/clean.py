"""clean_articles: normalized Arabic, page furniture cut, sentences, offsets back to raw."""
import pyarrow.compute as pc
from dagster import AssetExecutionContext, AssetKey, asset

from assets.gate import StageGate
from expectations.dagster_checks import check_specs
from extraction.batches import CLEAN_INPUT, clean_batch
from extraction.version import rules_version
from pipelines.resources import QualityResource, WarehouseResource, WorkersResource
from warehouse.store import Replacement


@asset(deps=[AssetKey("raw_articles")], check_specs=check_specs("clean_articles"), group_name="arqam")
def clean_articles(
    context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource, workers: WorkersResource
):
    """Articles of raw_articles not yet cleaned in their current version, batch by batch, on every core."""
    store = warehouse.store()
    schema = store.arrow_schema("clean_articles")
    stage = StageGate(context, warehouse, quality, ["clean_articles"])
    batches = store.pending_batches("clean_articles", "raw_articles", CLEAN_INPUT, rules_version(), workers.batch_articles)
    for raw in batches:
        rows = workers.pool().map(clean_batch, raw, schema, weights=pc.utf8_length(raw["raw_text"]).to_pylist())
        ids = raw["article_id"].to_pylist()
        done = store.progress("clean_articles", raw.select(["article_id", "sha256"]).to_pylist(), rules_version())
        if not stage.land([Replacement("clean_articles", rows, keys=ids)], bookkeeping=[done]):
            break
        context.log.info(f"cleaned {stage.written['clean_articles']} articles")
    yield from stage.report()
