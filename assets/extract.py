"""fact_mentions, facts and claims: quantities typed as facts, then deduplicated, then compared."""
from dagster import AssetExecutionContext, AssetKey, asset

from arqam.assets.conventions import conventions
from arqam.assets.gate import StageGate, map_pending_articles
from arqam.assets.resources import QualityResource, WarehouseResource, WorkersResource
from arqam.assets.stages import FACT_MENTIONS
from arqam.expectations.dagster_checks import check_specs
from arqam.extraction.claims.quantities import CLAIMS_ARTICLE_INPUT, CLAIMS_FACT_INPUT
from arqam.extraction.facts.figures import FACTS_INPUT
from arqam.extraction.tables.batches import claim_facts_batch, facts_batch
from arqam.extraction.typing.catalog import OTHER
from arqam.extraction.version import rules_version
from arqam.warehouse.store import Replacement


@asset(deps=[AssetKey("clean_articles")], check_specs=check_specs("fact_mentions"), group_name="arqam",
       **conventions("fact_mentions"))
def fact_mentions(
    context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource, workers: WorkersResource
):
    """Every quantity of the newly cleaned articles, typed, with evidence and offsets; on every core."""
    yield from map_pending_articles(context, warehouse, quality, workers, FACT_MENTIONS)


@asset(deps=[AssetKey("fact_mentions")], check_specs=check_specs("facts"), group_name="arqam", **conventions("facts"))
def facts(context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource, workers: WorkersResource):
    """One row per distinct fact per article, for the articles whose mentions changed; on every core.

    Each batch's mentions are read sorted by article, and cut between articles: a
    fact is made of every mention of its figure in the article.
    """
    store = warehouse.store()
    schema = store.arrow_schema("facts")
    stage = StageGate(context, warehouse, quality, ["facts"])
    batches = store.pending_batches("facts", "clean_articles", ("article_id", "sha256"), rules_version(), workers.batch_articles)
    with_mentions = (
        (changed, store.typed_mentions_of(changed["article_id"].to_pylist(), FACTS_INPUT, OTHER)) for changed in batches
    )
    one_each = lambda mentions: [1] * mentions.num_rows  # noqa: E731
    for changed, rows in workers.pool().map_ahead(facts_batch, with_mentions, schema, one_each, together="article_id"):
        ids = changed["article_id"].to_pylist()
        done = store.progress("facts", changed.to_pylist(), rules_version())
        if not stage.land([Replacement("facts", rows, keys=ids)], bookkeeping=[done]):
            break
        context.log.info(f"{stage.written['facts']} facts so far")
    yield from stage.report()


@asset(deps=[AssetKey("facts")], check_specs=check_specs("claims"), group_name="arqam", **conventions("claims"))
def claims(context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource, workers: WorkersResource):
    """The same fact across articles: sources counted, disagreements flagged.

    What is stored is one row per fact (claim_facts), made of that fact and its article
    alone; the view ``claims`` compares them when read.  So the stage writes the rows of
    the articles whose facts were done since it last ran, and deletes those of articles
    gone: a run that adds a few articles writes a few rows.  On every core, a batch of
    articles at a time, each in one transaction with its progress.
    """
    store = warehouse.store()
    schema = store.arrow_schema("claim_facts")
    version = rules_version()
    stage = StageGate(context, warehouse, quality, ["claims"])
    gone = store.articles_gone_from_facts()
    if gone:
        stage.land([Replacement("claim_facts", schema.empty_table(), keys=gone, suite="claims")])
    pending = store.articles_to_reclaim(version)
    batches = (pending.slice(start, workers.batch_articles) for start in range(0, pending.num_rows, workers.batch_articles))
    with_facts = (
        (batch, store.facts_of_articles(batch["article_id"].to_pylist(), CLAIMS_FACT_INPUT, CLAIMS_ARTICLE_INPUT))
        for batch in batches
    )
    one_each = lambda facts: [1] * facts.num_rows  # noqa: E731
    # counted in articles, as the facts stage counts them: a few articles' facts are built here, not
    # on a pool started for them (the facts come sorted by article)
    for batch, rows in workers.pool().map_ahead(claim_facts_batch, with_facts, schema, one_each, together="article_id"):
        ids = batch["article_id"].to_pylist()
        done = store.progress("claims", batch.to_pylist(), version)
        if not stage.land([Replacement("claim_facts", rows, keys=ids, suite="claims")], bookkeeping=[done]):
            break
    context.log.info(f"claims: the rows of {stage.written['claims']} facts of {pending.num_rows} articles written")
    yield from stage.report()
