"""The claims stage's work, full and +1%, on one warehouse in one process: CPU seconds (DuckDB's threads included).

``python -m bench.claims_stage <warehouse.duckdb>`` on a copy of a warehouse (it is migrated and its claims rewritten):
the rows of every article written, then of 1% of them, each followed by the reads a run makes of claims.
"""
import json
import sys
import time

from arqam.extraction.claims.quantities import CLAIMS_ARTICLE_INPUT, CLAIMS_FACT_INPUT
from arqam.extraction.tables.batches import claim_facts_batch, claims_batch
from arqam.warehouse.store import Replacement, Warehouse


def stage(store: Warehouse, articles: list[str]) -> tuple:
    """What the stage and the run do for claims: rows of these articles' facts written, then the run's reads."""
    schema = store.arrow_schema("claim_facts")
    for start in range(0, len(articles), 10_000):
        batch = articles[start:start + 10_000]
        facts = store.facts_of_articles(batch, CLAIMS_FACT_INPUT, CLAIMS_ARTICLE_INPUT)
        store.write([Replacement("claim_facts", claim_facts_batch(facts, schema), keys=batch)])
    store.count("claims")  # Dagster metadata
    store.preview("claims", 5)
    with store.connect(read_only=True) as con:  # the run's summary
        return con.execute("SELECT count(*), count(*) FILTER (WHERE disagreement) FROM claims").fetchone()


def cpu(call) -> tuple:
    cpu_start, wall_start = time.process_time(), time.time()
    out = call()
    return time.process_time() - cpu_start, time.time() - wall_start, out


def main(path: str) -> dict:
    store = Warehouse(path)
    store.migrate()
    ids = store.query("SELECT article_id FROM raw_articles ORDER BY article_id").column(0).to_pylist()
    store.write([Replacement("claim_facts", store.arrow_schema("claim_facts").empty_table(), keys=None)])
    full = cpu(lambda: stage(store, ids))
    step = max(1, len(ids) // 100)
    incremental = cpu(lambda: stage(store, ids[::step][:len(ids) // 100]))
    view = cpu(lambda: store.query("SELECT * FROM claims").num_rows)
    facts = store.query(
        f"SELECT f.{', f.'.join(CLAIMS_FACT_INPUT)}, a.published FROM facts f LEFT JOIN raw_articles a USING (article_id)"
    )
    old = cpu(lambda: claims_batch(facts, store.arrow_schema("claims")).num_rows)
    return {
        "warehouse": path, "articles": len(ids), "facts": facts.num_rows,
        "claims_stage_full_cpu_s": round(full[0], 2), "claims_stage_incremental_cpu_s": round(incremental[0], 2),
        "incremental_over_full": round(incremental[0] / full[0], 4),
        "view_read_in_full_cpu_s": round(view[0], 2), "old_full_claims_build_cpu_s": round(old[0], 2),
        "claims_and_disagreements": full[2], "wall_s": {"full": round(full[1], 1), "incremental": round(incremental[1], 1)},
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1]), indent=1))
