"""clean_articles: normalized Arabic, page furniture cut, sentences, offsets back to raw."""
from dagster import AssetExecutionContext, AssetKey, asset

from arqam.assets.conventions import conventions
from arqam.assets.gate import map_pending_articles
from arqam.assets.resources import QualityResource, WarehouseResource, WorkersResource
from arqam.assets.stages import CLEAN_ARTICLES
from arqam.expectations.dagster_checks import check_specs


@asset(deps=[AssetKey("raw_articles")], check_specs=check_specs("clean_articles"), group_name="arqam",
       **conventions("clean_articles"))
def clean_articles(
    context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource, workers: WorkersResource
):
    """Articles of raw_articles not yet cleaned in their current version, batch by batch, on every core."""
    yield from map_pending_articles(context, warehouse, quality, workers, CLEAN_ARTICLES)
