"""What a stage adds to the quality record as it reports: skipped checks, and the site's pages."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from dagster import AssetExecutionContext

from arqam.assets.quality_site import render_index, render_run_pages
from arqam.expectations.no_new_rows import skipped_rows
from arqam.warehouse.store import Warehouse


def record_skipped(store: Warehouse, run_id: str, tables: Sequence[str]) -> None:
    """One ``skipped: no new rows`` row per check of each of ``tables``, in one transaction."""
    if not tables:
        return
    at = datetime.now(UTC).replace(tzinfo=None)
    rows = store.to_arrow("dq_results", [row for table in tables for row in skipped_rows(table, run_id, at)])
    store.write([], then=store.replace_quality_results(run_id, rows))


def render_pages(
    context: AssetExecutionContext, store: Warehouse, reports: str, tables: Sequence[str]
) -> dict[tuple[str, str], Path]:
    """This run's result pages of ``tables`` and the index of the quality site; their paths by (table, check).

    A page that cannot be written is a report left behind, not a failed stage: every result is
    in ``dq_results`` anyway."""
    try:
        with store.connect(read_only=True) as con:
            pages = render_run_pages(con, reports, context.run_id, tables)
            render_index(con, reports)
        return pages
    except OSError as error:
        context.log.warning(f"the quality site could not be written under {reports}: {error!r}")
        return {}
