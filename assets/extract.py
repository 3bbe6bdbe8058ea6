"""fact_mentions, facts and claims: quantities typed as facts, then deduplicated, then compared."""
from dagster import AssetExecutionContext, AssetKey, asset

from assets.gate import validate_and_write
from expectations.dagster_checks import check_specs
from extraction.claims import build_claims
from extraction.facts import distinct_facts
from extraction.offsets import OffsetMap
from extraction.rows import mention_rows
from extraction.version import rules_version
from pipelines.resources import QualityResource, WarehouseResource
from warehouse.store import Replacement


@asset(deps=[AssetKey("clean_articles")], check_specs=check_specs("fact_mentions"), group_name="arqam")
def fact_mentions(context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource):
    """Every quantity of the newly cleaned articles, typed, with evidence and offsets."""
    store = warehouse.store()
    columns = ("article_id", "sha256", "clean_text", "sentence_starts", "sentence_ends", "map_clean", "map_raw")
    pending = store.pending_articles("fact_mentions", "clean_articles", columns, rules_version()).to_pylist()
    rows = []
    for a in pending:
        sentences = list(zip(a["sentence_starts"], a["sentence_ends"]))
        offset_map = OffsetMap.from_lists(a["map_clean"], a["map_raw"])
        rows += mention_rows(a["article_id"], a["sha256"], a["clean_text"], sentences, offset_map)
    processed = [a["article_id"] for a in pending]
    context.log.info(f"{len(rows)} mentions in {len(processed)} articles")
    yield from validate_and_write(
        context,
        warehouse,
        quality,
        [Replacement("fact_mentions", store.to_arrow("fact_mentions", rows), keys=processed)],
        bookkeeping=[store.progress("fact_mentions", pending, rules_version())],
    )


@asset(deps=[AssetKey("fact_mentions")], check_specs=check_specs("facts"), group_name="arqam")
def facts(context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource):
    """One row per distinct fact per article, for the articles whose mentions changed."""
    store = warehouse.store()
    pending = store.pending_articles("facts", "clean_articles", rules_version=rules_version()).to_pylist()
    changed = [a["article_id"] for a in pending]
    mentions = store.query(
        "SELECT * FROM fact_mentions WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id, start_offset",
        [changed],
    ).to_pylist()
    rows = distinct_facts(mentions)
    context.log.info(f"{len(rows)} facts from {len(changed)} articles")
    yield from validate_and_write(
        context,
        warehouse,
        quality,
        [Replacement("facts", store.to_arrow("facts", rows), keys=changed)],
        bookkeeping=[store.progress("facts", pending, rules_version())],
    )


@asset(deps=[AssetKey("facts")], check_specs=check_specs("claims"), group_name="arqam")
def claims(context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource):
    """The same fact across articles: sources counted, disagreements flagged (rebuilt from all facts)."""
    store = warehouse.store()
    rows = build_claims(
        store.query("SELECT fact_id, article_id, fact_type, unit, value, qualifier, actor FROM facts").to_pylist()
    )
    current = store.query("SELECT * FROM claims").to_pylist()
    table = store.to_arrow("claims", rows)
    if _same_rows(table.to_pylist(), current):
        context.log.info(f"{len(rows)} claims, unchanged")
        replacement = Replacement("claims", table.slice(0, 0), key="claim_id", keys=())
    else:
        context.log.info(f"{len(rows)} claims")
        replacement = Replacement("claims", table, key="claim_id", keys=None)
    yield from validate_and_write(context, warehouse, quality, [replacement])


def _same_rows(new: list[dict], current: list[dict]) -> bool:
    def key(row: dict) -> str:
        return repr(sorted(row.items()))

    return sorted(map(key, new)) == sorted(map(key, current))
