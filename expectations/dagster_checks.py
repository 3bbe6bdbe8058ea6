"""Each suite as blocking Dagster asset checks: one check per expectation.

The checks are declared on the asset itself (``check_specs``) and evaluated
before the asset writes, so a failing batch never reaches its table and the
downstream assets never start (docs/stack.md: a separate blocking check would run
only after the write).
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, MetadataValue

from arqam.expectations.gx_bridge import ValidationOutcome
from arqam.expectations.no_new_rows import SKIPPED
from arqam.expectations.suites import suites


def check_specs(table: str) -> list[AssetCheckSpec]:
    return [
        AssetCheckSpec(name=spec.name, asset=table, description=spec.why or spec.gx_type, blocking=True)
        for spec in suites()[table].expectations
    ]


def check_results(
    table: str,
    outcome: ValidationOutcome | None,
    data_docs: str | None = None,
    pages: Mapping[tuple[str, str], Path] | None = None,
) -> list[AssetCheckResult]:
    """Dagster results for every expectation, each linking to its page of the quality site (``pages``).

    ``outcome=None``: no new rows, nothing validated.  Dagster requires a result of every check of
    an asset that cannot be subset (a check left out fails the step: DagsterStepOutputNotFoundError),
    and a result is passed or not; so it is ``passed`` (nothing failed), and says it was skipped, as
    dq_results does: ``status: skipped: no new rows`` and a description, no rows counted."""
    if outcome is None:
        return [
            AssetCheckResult(
                asset_key=table,
                check_name=spec.name,
                passed=True,
                metadata={
                    "status": SKIPPED,
                    "rows_validated": 0,
                    **({"quality_page": MetadataValue.path(str(pages[(table, spec.name)]))}
                       if pages and (table, spec.name) in pages else {}),
                },
                description=f"{SKIPPED}: this run found no new rows of {table}, so nothing was checked",
            )
            for spec in suites()[table].expectations
        ]
    results = []
    for e in outcome.expectations:
        metadata = {
            "status": "pass" if e.success else "fail",
            "rows_validated": outcome.rows,
            "expectation": e.gx_type,
            "unexpected_count": e.unexpected_count if e.unexpected_count is not None else -1,
        }
        if e.unexpected_sample:
            metadata["unexpected_sample"] = MetadataValue.json(e.unexpected_sample)
        if e.observed_value is not None:
            metadata["observed_value"] = e.observed_value
        if data_docs:
            metadata["data_docs"] = MetadataValue.path(data_docs)
        if pages and (table, e.name) in pages:
            metadata["quality_page"] = MetadataValue.path(str(pages[(table, e.name)]))
        results.append(
            AssetCheckResult(
                asset_key=table,
                check_name=e.name,
                passed=e.success,
                severity=AssetCheckSeverity.ERROR,
                metadata=metadata,
                description=e.why or None,
            )
        )
    return results
