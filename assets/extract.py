"""fact_mentions, facts and claims: quantities typed as facts, then deduplicated, then compared."""
from dagster import AssetExecutionContext, AssetKey, asset

from assets.gate import StageGate, map_pending_articles, validate_and_write
from expectations.dagster_checks import check_specs
from extraction.batches import MENTIONS_INPUT, facts_batch, mentions_batch
from extraction.claims import build_claims
from extraction.version import rules_version
from pipelines.resources import QualityResource, WarehouseResource, WorkersResource
from warehouse.store import Replacement


@asset(deps=[AssetKey("clean_articles")], check_specs=check_specs("fact_mentions"), group_name="arqam")
def fact_mentions(
    context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource, workers: WorkersResource
):
    """Every quantity of the newly cleaned articles, typed, with evidence and offsets; on every core."""
    yield from map_pending_articles(
        context, warehouse, quality, workers, "fact_mentions", "clean_articles", MENTIONS_INPUT, mentions_batch,
        "clean_text", rules_version(),
    )


@asset(deps=[AssetKey("fact_mentions")], check_specs=check_specs("facts"), group_name="arqam")
def facts(context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource, workers: WorkersResource):
    """One row per distinct fact per article, for the articles whose mentions changed."""
    store = warehouse.store()
    schema = store.arrow_schema("facts")
    stage = StageGate(context, warehouse, quality, ["facts"])
    batches = store.pending_batches("facts", "clean_articles", ("article_id", "sha256"), rules_version(), workers.batch_articles)
    for changed in batches:
        ids = changed["article_id"].to_pylist()
        mentions = store.query("SELECT * FROM fact_mentions WHERE article_id IN (SELECT unnest(?))", [ids])
        rows = facts_batch(mentions, schema)
        done = store.progress("facts", changed.to_pylist(), rules_version())
        if not stage.land([Replacement("facts", rows, keys=ids)], bookkeeping=[done]):
            break
        context.log.info(f"{stage.written['facts']} facts so far")
    yield from stage.report()


@asset(deps=[AssetKey("facts")], check_specs=check_specs("claims"), group_name="arqam")
def claims(context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource):
    """The same fact across articles: sources counted, disagreements flagged.

    Rebuilt for the quantities whose facts changed (a claim compares the facts of one
    quantity), so a run that adds a few articles does not rebuild every claim.
    """
    store = warehouse.store()
    columns = "fact_id, article_id, fact_type, unit, value, qualifier, actor"
    version = rules_version()
    if store.built_under("claims") != version:  # new rules, or a warehouse just upgraded: every claim
        facts_used = store.query(f"SELECT {columns} FROM facts")
        touched, then = None, store.record_built_under("claims", version)
    else:
        touched, then = store.quantities_to_reclaim(), None
        facts_used = store.query(
            f"SELECT {columns} FROM facts WHERE concat_ws('|', fact_type, unit, actor_key) IN (SELECT unnest(?))",
            [touched],
        )
    rows = build_claims(facts_used.to_pylist())
    scope = "every quantity" if touched is None else f"{len(touched)} quantities whose facts changed"
    context.log.info(f"{len(rows)} claims rebuilt for {scope}")
    replacement = Replacement("claims", store.to_arrow("claims", rows), key="quantity_key", keys=touched)
    yield from validate_and_write(context, warehouse, quality, [replacement], then=then)
