"""fact_mentions, facts and claims: quantities typed as facts, then deduplicated, then compared."""
from dagster import AssetExecutionContext, AssetKey, asset

from arqam.assets.conventions import conventions
from arqam.assets.gate import StageGate, map_pending_articles
from arqam.assets.resources import QualityResource, WarehouseResource, WorkersResource
from arqam.assets.stages import FACT_MENTIONS
from arqam.expectations.dagster_checks import check_specs
from arqam.extraction.claims.quantities import CLAIMS_ARTICLE_INPUT, CLAIMS_FACT_INPUT
from arqam.extraction.facts.figures import FACTS_INPUT
from arqam.extraction.tables.batches import claims_batch, facts_batch
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

    Rebuilt for the quantities whose facts changed (a claim compares the facts of one
    quantity), so a run that adds a few articles does not rebuild every claim; under
    new rules, every quantity.  A few quantities at a time: each batch reads the facts
    of whole quantities, about ``batch_facts`` of them, and lands in one transaction.
    A worker builds a batch's claims, the next batch's while this one lands.
    """
    store = warehouse.store()
    schema = store.arrow_schema("claims")
    version = rules_version()
    everything = store.built_under("claims") != version  # new rules, or a warehouse just upgraded
    sizes = store.facts_per_quantity(None if everything else store.quantities_to_reclaim())
    batches = quantity_batches(sizes, workers.batch_facts) or [[]]
    stage = StageGate(context, warehouse, quality, ["claims"])
    # each batch's claims built in a worker, the next batch's while this one is validated and written;
    # a single batch in this process (nothing to overlap: the trip would only cost time and memory)
    with_facts = ((keys, store.facts_of_quantities(keys, CLAIMS_FACT_INPUT, CLAIMS_ARTICLE_INPUT)) for keys in batches)
    if len(batches) > 1:
        with_claims = workers.pool().map_ahead(claims_batch, with_facts, schema, None)
    else:
        with_claims = ((keys, claims_batch(facts, schema)) for keys, facts in with_facts)
    with store.one_checkpoint():  # a claims batch replaces rows of a table that is one row group
        for number, (keys, rows) in enumerate(with_claims, 1):
            done = store.record_built_under("claims", version) if everything and number == len(batches) else None
            if not stage.land([Replacement("claims", rows, key="quantity_key", keys=keys)], then=done):
                break
    scope = "every quantity" if everything else "the quantities whose facts changed"
    context.log.info(f"{stage.written['claims']} claims rebuilt for {len(sizes)} quantities ({scope})")
    yield from stage.report()


def quantity_batches(sizes: list[tuple[str, int]], batch_facts: int) -> list[list[str]]:
    """Quantity keys in batches of about ``batch_facts`` facts, in order; a larger quantity is a batch of its own."""
    batches: list[list[str]] = []
    facts_in_batch = 0
    for key, facts in sizes:
        if not batches or facts_in_batch + facts > batch_facts:
            batches.append([])
            facts_in_batch = 0
        batches[-1].append(key)
        facts_in_batch += facts
    return batches
