"""The one way a stage lands in the warehouse: validate, report, then write or stop.

Every asset ends here.  Each new batch is validated by its suite before
anything is written; the results go to Dagster (asset checks) and to the
``dq_results`` table; a failing batch stops the run and its table keeps its
last good state.  The stage rows and their quality results are written in one
transaction.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from dagster import AssetExecutionContext, Failure, MaterializeResult
from duckdb import DuckDBPyConnection

from expectations.dagster_checks import check_results
from expectations.frames import FRAME_BUILDERS
from pipelines.resources import QualityResource, WarehouseResource
from warehouse.store import Replacement


def validate_and_write(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    quality: QualityResource,
    replacements: Sequence[Replacement],
    metadata: dict[str, dict] | None = None,
    bookkeeping: Sequence[Replacement] = (),
    then: Callable[[DuckDBPyConnection], None] | None = None,
) -> Iterator:
    """Yield check results, then the materializations; raise before writing if a check fails.

    ``bookkeeping`` (stage progress) is written in the same transaction, unvalidated;
    so is whatever ``then`` does with the connection (see ``Warehouse.write``): a run
    killed at any moment leaves all of the stage or none of it.
    """
    store = warehouse.store()
    dq_rows: list[dict] = []
    failed: list[str] = []
    for rep in replacements:
        outcome = None
        if rep.rows.num_rows:
            gate = quality.gate()
            outcome = gate.validate(rep.table, FRAME_BUILDERS[rep.table](rep.rows, store))
            dq_rows += outcome.dq_rows(context.run_id)
            failed += [f"{rep.table}.{e.name} ({e.unexpected_count} unexpected)" for e in outcome.failures()]
        yield from check_results(rep.table, outcome, str(quality.gate().data_docs_index) if outcome else None)
    dq = Replacement("dq_results", store.to_arrow("dq_results", dq_rows), key="run_id", keys=())
    if failed:
        store.write([dq])
        raise Failure(
            description="data-quality checks failed, nothing was written: " + "; ".join(failed),
            metadata={"failed_checks": failed},
        )
    written = store.write([*replacements, *bookkeeping, dq], then=then)
    for rep in replacements:
        yield MaterializeResult(
            asset_key=rep.table,
            metadata={"rows_written": written.get(rep.table, 0), "table_rows": store.count(rep.table), **(metadata or {}).get(rep.table, {})},
        )
