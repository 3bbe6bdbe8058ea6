"""The one way a stage lands in the warehouse: validate, write or stop, then report.

Every asset ends here.  A stage lands batch by batch (memory stays flat however
large the inbox): each batch is validated by its suite before anything of it
is written, then written in one transaction with its progress and its quality
results.  A failing batch is not written and stops the stage; the batches
before it stay (each is whole and valid, and the next run does not redo them).
Readers see none of it until the run publishes its snapshot.  The checks are
reported to Dagster once per stage, over every batch.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import pyarrow.compute as pc
from dagster import AssetExecutionContext, Failure, MaterializeResult
from duckdb import DuckDBPyConnection

from arqam.assets.conventions import table_metadata
from arqam.assets.quality_record import record_skipped, render_pages
from arqam.assets.resources import QualityResource, WarehouseResource, WorkersResource
from arqam.assets.stages import ArticleStage
from arqam.expectations.dagster_checks import check_results
from arqam.expectations.frames import FRAME_BUILDERS
from arqam.expectations.gx_bridge import ValidationOutcome, merge_outcomes
from arqam.extraction.version import rules_version
from arqam.warehouse.store import Replacement


class StageGate:
    """Validates and writes a stage's batches; reports their checks, merged, at the end."""

    def __init__(
        self, context: AssetExecutionContext, warehouse: WarehouseResource, quality: QualityResource, tables: Sequence[str]
    ):
        self.context, self.quality = context, quality
        self.store = warehouse.store()
        self.outcomes: dict[str, list[ValidationOutcome]] = {table: [] for table in tables}
        self.written: dict[str, int] = {table: 0 for table in tables}
        self.batches = 0
        self.failed: list[str] = []

    def land(
        self,
        replacements: Sequence[Replacement],
        bookkeeping: Sequence[Replacement] = (),
        then: Callable[[DuckDBPyConnection], None] | None = None,
    ) -> bool:
        """Validate one batch and write it, all in one transaction; False (nothing written) if a check fails.

        ``bookkeeping`` (stage progress) is written in the same transaction, unvalidated;
        so is whatever ``then`` does with the connection (see ``Warehouse.write``): a run
        killed at any moment leaves all of the batch or none of it.
        """
        dq_rows: list[dict] = []
        failed: list[str] = []
        for rep in replacements:
            if rep.rows.num_rows:
                suite = rep.checked_as
                frame = FRAME_BUILDERS[suite](rep.rows, self.store)
                outcome = self.quality.gate().validate(suite, frame, build_docs=False)
                self.outcomes[suite].append(outcome)
                dq_rows += merge_outcomes(self.outcomes[suite]).dq_rows(self.context.run_id)
                failed += [f"{suite}.{e.name} ({e.unexpected_count} unexpected)" for e in outcome.failures()]
        record_quality = self.store.replace_quality_results(
            self.context.run_id, self.store.to_arrow("dq_results", dq_rows)
        )
        if failed:
            self.store.write([], then=record_quality)
            self.failed += failed
            return False

        def record_quality_then(con: DuckDBPyConnection) -> None:
            record_quality(con)
            if then is not None:
                then(con)

        self.store.write([*replacements, *bookkeeping], then=record_quality_then)
        for rep in replacements:
            if rep.checked_as in self.written:
                self.written[rep.checked_as] += rep.rows.num_rows
        self.batches += 1
        return True

    def report(self, metadata: dict[str, dict] | None = None) -> Iterator:
        """Yield every check's result over all batches, then the materializations; raise if a batch failed.

        A table with no new rows gets its checks recorded as skipped (``dq_results``), and no
        Dagster result: Dagster shows a check the step did not evaluate as skipped, not passed."""
        validated = any(self.outcomes.values())
        # the report is brought up to date once, when the run ends (QualityResource), not per stage
        docs = str(self.quality.gate().data_docs_index) if validated else None
        record_skipped(self.store, self.context.run_id, [t for t, outcomes in self.outcomes.items() if not outcomes])
        pages = render_pages(self.context, self.store, self.quality.project_dir, list(self.outcomes))
        for table, outcomes in self.outcomes.items():
            yield from check_results(table, merge_outcomes(outcomes), docs, pages)
        if self.failed:
            landed = f"; the {self.batches} batches before it were written" if self.batches else ", nothing was written"
            raise Failure(
                description="data-quality checks failed: the failing batch was not written" + landed + ": "
                + "; ".join(self.failed),
                metadata={"failed_checks": self.failed, "batches_written": self.batches},
            )
        for table in self.outcomes:
            yield MaterializeResult(
                asset_key=table,
                metadata={
                    "rows_written": self.written[table],
                    "batches": self.batches,
                    "table_rows": self.store.count(table),
                    **table_metadata(self.store, table),
                    **(metadata or {}).get(table, {}),
                },
            )


def map_pending_articles(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    quality: QualityResource,
    workers: WorkersResource,
    stage: ArticleStage,
) -> Iterator:
    """``stage`` over the articles it has not processed under today's rules, batch by batch, on every
    core; the next batch is extracted while this one is validated and written."""
    store = warehouse.store()
    table, version = stage.table, rules_version()
    schema = store.arrow_schema(table)
    gate = StageGate(context, warehouse, quality, [table])
    batches = store.pending_batches(table, stage.upstream, stage.columns, version, workers.batch_articles)
    text_lengths = lambda batch: pc.utf8_length(batch[stage.text_column]).to_pylist()  # noqa: E731
    for batch, rows in workers.pool().map_ahead(stage.function, ((b, b) for b in batches), schema, text_lengths):
        done = store.progress(table, batch.select(["article_id", "sha256"]).to_pylist(), version)
        if not gate.land([Replacement(table, rows, keys=batch["article_id"].to_pylist())], bookkeeping=[done]):
            break
        context.log.info(f"{table}: {gate.written[table]} rows from {gate.batches} batches so far")
    yield from gate.report()
