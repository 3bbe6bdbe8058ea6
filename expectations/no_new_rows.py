"""The record of a check that had nothing to validate in a run.

A stage that finds no new rows validates nothing.  Its checks are still recorded,
one ``dq_results`` row each, so every run has a result for every check of every
stage it ran; the status says the check was skipped, and success is NULL: neither
passed nor failed (``bool_and(success)`` and ``WHERE NOT success`` leave it out).
"""
from __future__ import annotations

from datetime import datetime

from arqam.expectations.suites import suites

SKIPPED = "skipped: no new rows"


def skipped_rows(table: str, run_id: str, at: datetime) -> list[dict]:
    """One ``dq_results`` row per check of ``table``'s suite, skipped in run ``run_id``."""
    return [
        {
            "run_id": run_id,
            "stage": table,
            "check_name": spec.name,
            "expectation_type": spec.gx_type,
            "column_name": spec.kwargs.get("column") or spec.kwargs.get("column_A"),
            "success": None,
            "status": SKIPPED,
            "batches": 0,
            "element_count": 0,
            "unexpected_count": None,
            "unexpected_sample": "[]",
            "observed_value": None,
            "validated_at": at,
        }
        for spec in suites()[table].expectations
    ]
