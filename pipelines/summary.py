"""What a person reads after a run: counts, checks, where the results are."""
from __future__ import annotations

from pathlib import Path

import duckdb

from arqam.assets.quality_site import index_path as quality_index
from arqam.expectations.no_new_rows import SKIPPED
from arqam.expectations.suites import suites
from arqam.pipelines.settings import Settings
from arqam.warehouse.reading import facts_listed, run_counts
from arqam.warehouse.store import Warehouse


def _format_value(value: float, unit: str | None) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f"{text} {unit}" if unit else text


def run_summary(settings: Settings, run_id: str, success: bool, failures: list[str]) -> str:
    """Read from the live warehouse: the caller still holds the run's lock."""
    lines = [f"arqam run {run_id[:8]}: {'succeeded' if success else 'FAILED'}"]
    for failure in failures:
        lines.append(f"  ! {failure}")
    if not settings.warehouse.exists():
        lines.append(f"no warehouse was written at {settings.warehouse}")
        return "\n".join(lines)
    store = Warehouse(settings.warehouse, settings.duckdb_memory_limit, settings.duckdb_threads)
    try:
        with store.connect(read_only=True) as con:
            counts = run_counts(con, run_id, SKIPPED)
    except duckdb.Error as error:  # a run that could not start (a migration, the file held by another process)
        cause = str(error).strip().splitlines()[0]
        lines.append(f"the warehouse {settings.warehouse} could not be read for the counts: {cause}")
        return "\n".join(lines)
    articles, quarantined, per_type = counts["articles"], counts["quarantined"], counts["per_type"]
    claims, disagreements, checks = counts["claims"], counts["disagreements"], counts["checks"]
    lines.append("")
    lines.append(f"articles read:   {articles}")
    lines.append(
        f"quarantined:     {sum(n for _, n in quarantined)}"
        + (f" ({', '.join(f'{reason}: {n}' for reason, n in quarantined)})" if quarantined else "")
    )
    lines.append(f"facts:           {sum(n for _, n in per_type)}")
    for fact_type, n in per_type:
        lines.append(f"  {fact_type:<20}{n:>5}")
    lines.append(f"claims:          {claims} ({disagreements} in disagreement)")
    lines.append("")
    lines.append("data-quality checks (this run):")
    recorded = {(stage, name): (state, bad, total) for stage, name, state, bad, total in checks}
    for table, suite in suites().items():
        for spec in suite.expectations:
            if (table, spec.name) in recorded:
                state, bad, total = recorded[(table, spec.name)]
                status = f"FAIL ({bad} of {total} rows)" if state == "fail" else state
            else:  # its stage did not run: an earlier one failed
                status = "not run"
            lines.append(f"  {table + '.' + spec.name:<52}{status}")
    lines.append("")
    lines.append(f"warehouse:       {settings.warehouse}")
    if success and settings.snapshot.exists():
        lines.append(f"snapshot:        {settings.snapshot} (for readers: open it read-only)")
    else:
        lines.append(f"snapshot:        {settings.snapshot} (not republished: readers keep the last successful run's)")
    site = quality_index(settings.reports)
    lines.append(f"quality report:  {site}" + ("" if site.exists() else " (not written: no check recorded)"))
    docs = Path(settings.reports) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    note = " (its styles and scripts load from the internet)" if docs.exists() else " (not built yet: no batch validated)"
    lines.append(f"GX Data Docs:    {docs}" + note)
    return "\n".join(lines)


def facts_listing(database: Path, fact_type: str | None = None, article: str | None = None) -> str:
    """The facts of ``database`` (the snapshot: readers never open the live warehouse)."""
    with Warehouse(database).connect(read_only=True) as con:
        rows = facts_listed(con, fact_type, article)
    if not rows:
        return "no facts"
    out = []
    current = None
    for article_id, ftype, value, qualifier, unit, actor, actor_en, attribution, as_of, evidence in rows:
        if article_id != current:
            out.append(f"\n{article_id}")
            current = article_id
        who = f"{actor} ({actor_en})" if actor and actor_en else actor
        parts = (
            qualifier if qualifier != "exact" else "", who, f"by {attribution}" if attribution else "", f"as of {as_of}" if as_of else ""
        )
        details = [d for d in parts if d]
        out.append(f"  {ftype:<18}{_format_value(value, unit):>22}  {' | '.join(details)}")
        snippet = evidence if len(evidence) <= 140 else evidence[:137] + "..."
        out.append(f"  {'':<18}  « {snippet} »")
    return "\n".join(out).lstrip("\n")
