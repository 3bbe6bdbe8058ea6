"""Each suite as blocking Dagster asset checks: one check per expectation.

The checks are declared on the asset itself (``check_specs``) and evaluated
before the asset writes, so a failing batch never reaches its table and the
downstream assets never start (docs/stack.md: a separate blocking check would run
only after the write).
"""
from __future__ import annotations

from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, MetadataValue

from arqam.expectations.gx_bridge import ValidationOutcome
from arqam.expectations.suites import suites


def check_specs(table: str) -> list[AssetCheckSpec]:
    return [
        AssetCheckSpec(name=spec.name, asset=table, description=spec.why or spec.gx_type, blocking=True)
        for spec in suites()[table].expectations
    ]


def check_results(table: str, outcome: ValidationOutcome | None, data_docs: str | None = None) -> list[AssetCheckResult]:
    """Dagster results for every expectation; ``outcome=None`` means no new rows to validate."""
    if outcome is None:
        return [
            AssetCheckResult(
                asset_key=table,
                check_name=spec.name,
                passed=True,
                metadata={"rows_validated": 0, "note": "no new rows in this run"},
            )
            for spec in suites()[table].expectations
        ]
    results = []
    for e in outcome.expectations:
        metadata = {
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
