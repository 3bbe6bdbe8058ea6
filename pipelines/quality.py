"""`arqam quality`: every check's trend over the last runs, read from ``v_dq_history``.

Read from the snapshot, like `arqam facts`: readers never open the live warehouse.  The
snapshot is published by a successful run and holds every run's results up to it, the
failed runs' before it included; a run that failed since is in its own summary and in
the quality site (``<reports>/site/index.html``) until the next successful run.
"""
from __future__ import annotations

from pathlib import Path

from arqam.assets.quality_site import in_flow_order
from arqam.warehouse.reading import check_trend
from arqam.warehouse.store import Warehouse

_CELL = {"pass": "pass", "fail": "FAIL"}


def quality_trend(database: Path, runs: int = 10) -> str:
    """The last ``runs`` runs of ``database``, oldest first, and each check's result in each."""
    with Warehouse(database).connect(read_only=True) as con:
        history = check_trend(con, runs)
    if not history:
        return f"no data-quality result in {database} yet"
    order: list[tuple[str, object]] = []
    by_check: dict[tuple[str, str], dict[str, tuple]] = {}
    for started, run_id, stage, check, status, validated, unexpected in history:
        if not order or order[-1][0] != run_id:
            order.append((run_id, started))
        by_check.setdefault((stage, check), {})[run_id] = (status, validated, unexpected)
    lines = [f"data-quality trend: the last {len(order)} run{'s' if len(order) != 1 else ''} (oldest first), from {database}"]
    for number, (run_id, started) in enumerate(order, 1):
        statuses = [results[run_id][0] for results in by_check.values() if run_id in results]
        counts = [(sum(s == key for s in statuses), label) for key, label in (("pass", "pass"), ("fail", "FAIL"))]
        skipped = sum(s not in ("pass", "fail") for s in statuses)
        summary = ", ".join([*(f"{n} {label}" for n, label in counts if n), *([f"{skipped} skipped: no new rows"] if skipped else [])])
        lines.append(f"  run {number:<3}{started:%Y-%m-%d %H:%M:%S}  {run_id}  {summary}")
    lines.append("")
    width = 52
    lines.append(f"  {'check':<{width}}" + "".join(f"{n:<6}" for n in range(1, len(order) + 1)) + "passed")
    for stage, check in in_flow_order(by_check):
        results = by_check[(stage, check)]
        cells = "".join(f"{_CELL.get(results[run_id][0], 'skip') if run_id in results else '':<6}" for run_id, _ in order)
        ran = [results[run_id] for run_id, _ in order if run_id in results and results[run_id][0] in _CELL]
        passed = f"{sum(r[0] == 'pass' for r in ran)} of {len(ran)}" if ran else "not run on rows"
        status, validated, unexpected = ran[-1] if ran else (None, None, None)
        if status == "fail" and unexpected is not None:
            passed += f" (last: {unexpected} of {validated} rows unexpected)"
        lines.append(f"  {stage + '.' + check:<{width}}{cells}{passed}")
    lines.append("")
    lines.append("pass: every row validated met the check; FAIL: some did not (the run wrote none of that batch); "
                 "skip: skipped, no new rows to check")
    return "\n".join(lines)
