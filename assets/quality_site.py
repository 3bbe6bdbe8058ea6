"""arqam's data-quality site: static pages rendered from ``dq_results``, that open offline.

``<reports>/site/index.html``: the latest run (each table, its batch, its checks'
counts), the runs kept, and every check's trend across them; each result links to
its page, ``<reports>/site/runs/<run id>/<table>.<check>.html``, which names the
table, the run id and the batch, and shows what the check found.  Every style is
inline, there is no script and no link to another host: the pages read the same
with no network (GX's Data Docs load theirs from CDNs; docs/quality.md says why
arqam renders its own).  Every value is HTML-escaped: unexpected values are text
of articles and names of files, which anyone can write.

A stage renders its own results' pages, then the index, as it reports its checks
to Dagster, so each Dagster check can link to its page.  The pages of the newest
``KEEP_RUNS`` runs are kept; older runs' folders are removed with the index.
"""
from __future__ import annotations

import html
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import duckdb

from arqam.expectations.suites import suites
from arqam.warehouse.quality import check_history, run_results

KEEP_RUNS = 20
SITE = "site"

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; background: #fff; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.pass { color: #146c2e; } .fail { color: #b00020; font-weight: bold; } .skipped { color: #777; }
td.cell { text-align: center; }
code { font-size: .95em; }
""".strip()


def check_order() -> dict[tuple[str, str], int]:
    """(table, check) in the order of the flow: the stages in turn, each suite's checks as declared."""
    return {(table, spec.name): n for n, (table, spec) in enumerate(
        (table, spec) for table, suite in suites().items() for spec in suite.expectations)}


def in_flow_order(keys):
    """``keys`` (table, check) sorted as the flow runs them; checks no suite declares now come last."""
    order = check_order()
    return sorted(keys, key=lambda key: (order.get(key, len(order)), key))


def site_root(reports: str | Path) -> Path:
    return Path(reports) / SITE


def index_path(reports: str | Path) -> Path:
    return site_root(reports) / "index.html"


def page_path(reports: str | Path, run_id: str, table: str, check: str) -> Path:
    return site_root(reports) / "runs" / run_id / f"{table}.{check}.html"


def _status_class(status: str | None) -> str:
    if status == "pass":
        return "pass"
    if status == "fail":
        return "fail"
    return "skipped"


def _short(status: str | None) -> str:
    return {"pass": "pass", "fail": "FAIL"}.get(status or "", "skipped")


def _document(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def batch_description(table: str, run_id: str, rows: int | None, batches: int | None, status: str | None) -> str:
    """What the check validated, in words: the batch of the run's new rows of ``table``."""
    if status not in ("pass", "fail"):
        return f"none: run {run_id} found no new rows of {table}"
    count = f"{rows:,} rows" if rows is not None else "rows"
    if batches is None:  # recorded before the batches were counted
        return f"the new rows of {table} in run {run_id} ({count})"
    return f"the new rows of {table} in run {run_id}: {count} in {batches} batch{'es' if batches != 1 else ''}"


def render_run_pages(
    con: duckdb.DuckDBPyConnection, reports: str | Path, run_id: str, stages: Sequence[str]
) -> dict[tuple[str, str], Path]:
    """The page of every result of ``run_id`` for ``stages``, written; their paths by (table, check)."""
    why = {(table, spec.name): spec.why for table, suite in suites().items() for spec in suite.expectations}
    pages = {}
    for row in run_results(con, run_id, stages):
        path = page_path(reports, run_id, row["stage"], row["check_name"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result_page(row, why.get((row["stage"], row["check_name"]), "")), encoding="utf-8")
        pages[(row["stage"], row["check_name"])] = path
    return pages


def result_page(row: dict, why: str) -> str:
    """One check's result in one run, as a page."""
    e = html.escape
    status = row["status"]
    try:
        sample = json.loads(row["unexpected_sample"] or "[]")
    except ValueError:
        sample = [row["unexpected_sample"]]
    fields = [
        ("Table", f"<code>{e(row['stage'])}</code>"),
        ("Run id", f"<code>{e(row['run_id'])}</code>"),
        ("Run started", e(str(row["run_started"]))),
        ("Batch", e(batch_description(row["stage"], row["run_id"], row["element_count"], row["batches"], status))),
        ("Check", f"<code>{e(row['check_name'])}</code>" + (f": {e(why)}" if why else "")),
        ("Expectation", f"<code>{e(row['expectation_type'])}</code>"
         + (f" on column <code>{e(row['column_name'])}</code>" if row["column_name"] else "")),
        ("Status", f"<span class=\"{_status_class(status)}\">{e(status or 'unknown')}</span>"),
        ("Rows validated", e(f"{row['element_count']:,}") if row["element_count"] is not None else "not counted"),
        ("Unexpected", e(f"{row['unexpected_count']:,}") if row["unexpected_count"] is not None else "not counted"),
        ("Observed value", f"<span dir=\"auto\">{e(row['observed_value'])}</span>" if row["observed_value"] else "none"),
        ("Recorded at", e(str(row["validated_at"]))),
    ]
    body = [
        f"<h1><code>{e(row['stage'])}.{e(row['check_name'])}</code>: "
        f"<span class=\"{_status_class(status)}\">{e(status or 'unknown')}</span></h1>",
        "<table>",
        *(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in fields),
        "</table>",
    ]
    if sample:
        body.append("<h2>Unexpected values (up to 20)</h2>\n<ul>")
        body += [f"<li dir=\"auto\">{e(str(value))}</li>" for value in sample]
        body.append("</ul>")
    body.append('<p><a href="../../index.html">Every check, every run</a></p>')
    title = f"{row['stage']}.{row['check_name']}: {status} (run {row['run_id']})"
    return _document(title, "\n".join(body))


def render_index(con: duckdb.DuckDBPyConnection, reports: str | Path, keep_runs: int = KEEP_RUNS) -> Path:
    """The index over the newest ``keep_runs`` runs, written; the pages of older runs removed."""
    history = check_history(con, keep_runs)
    runs: list[tuple[str, object]] = []
    for row in history:
        if not runs or runs[-1][0] != row["run_id"]:
            runs.append((row["run_id"], row["run_started"]))
    e = html.escape
    body = ["<h1>arqam: data quality</h1>"]
    if not runs:
        body.append("<p>No check has been recorded yet.</p>")
    else:
        latest_id, latest_started = runs[-1]
        latest = [row for row in history if row["run_id"] == latest_id]
        body.append(f"<h2>Latest run: <code>{e(latest_id)}</code>, started {e(str(latest_started))}</h2>")
        body.append("<table>\n<tr><th>Table</th><th>Batch</th><th>pass</th><th>FAIL</th><th>skipped</th></tr>")
        for table in dict.fromkeys(table for table, _ in in_flow_order({(r["stage"], r["check_name"]) for r in latest})):
            rows = [row for row in latest if row["stage"] == table]
            counts = {s: sum(1 for row in rows if _short(row["status"]) == s) for s in ("pass", "FAIL", "skipped")}
            validated = max((row["rows_validated"] or 0 for row in rows), default=0)
            status = "pass" if counts["pass"] or counts["FAIL"] else None
            batch = batch_description(table, latest_id, validated, rows[0]["batches"], status)
            body.append(
                f"<tr><td><code>{e(table)}</code></td><td>{e(batch)}</td><td class=\"pass\">{counts['pass']}</td>"
                f"<td class=\"fail\">{counts['FAIL'] or ''}</td><td class=\"skipped\">{counts['skipped'] or ''}</td></tr>"
            )
        body.append("</table>")
        body.append(f"<h2>Runs (the newest {len(runs)}, oldest first)</h2>")
        body.append("<table>\n<tr><th>#</th><th>Started</th><th>Run id</th><th>pass</th><th>FAIL</th><th>skipped</th></tr>")
        for number, (run_id, started) in enumerate(runs, 1):
            rows = [row for row in history if row["run_id"] == run_id]
            counts = {s: sum(1 for row in rows if _short(row["status"]) == s) for s in ("pass", "FAIL", "skipped")}
            body.append(
                f"<tr><td>{number}</td><td>{e(str(started))}</td><td><code>{e(run_id)}</code></td>"
                f"<td class=\"pass\">{counts['pass']}</td><td class=\"fail\">{counts['FAIL'] or ''}</td>"
                f"<td class=\"skipped\">{counts['skipped'] or ''}</td></tr>"
            )
        body.append("</table>")
        body.append("<h2>Every check across the runs (columns numbered as above; each cell links to its result)</h2>")
        body.append(
            "<table>\n<tr><th>Table</th><th>Check</th>"
            + "".join(f"<th>{n}</th>" for n in range(1, len(runs) + 1))
            + "<th>Passed</th></tr>"
        )
        by_check: dict[tuple[str, str], dict[str, str]] = {}
        for row in history:
            by_check.setdefault((row["stage"], row["check_name"]), {})[row["run_id"]] = row["status"]
        for table, check in in_flow_order(by_check):
            statuses = by_check[(table, check)]
            cells = []
            for run_id, _ in runs:
                if run_id not in statuses:
                    cells.append("<td class=\"cell\"></td>")
                    continue
                status = statuses[run_id]
                href = f"runs/{run_id}/{table}.{check}.html"
                cells.append(
                    f"<td class=\"cell\"><a class=\"{_status_class(status)}\" href=\"{e(href)}\" "
                    f"title=\"{e(status or '')}\">{_short(status)}</a></td>"
                )
            ran = [s for s in statuses.values() if s in ("pass", "fail")]
            passed = f"{sum(s == 'pass' for s in ran)} of {len(ran)}" if ran else "never ran"
            body.append(f"<tr><td><code>{e(table)}</code></td><td><code>{e(check)}</code></td>{''.join(cells)}<td>{passed}</td></tr>")
        body.append("</table>")
    path = index_path(reports)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_document("arqam: data quality", "\n".join(body)), encoding="utf-8")
    _remove_older_runs(reports, {run_id for run_id, _ in runs})
    return path


def _remove_older_runs(reports: str | Path, kept: set[str]) -> None:
    folder = site_root(reports) / "runs"
    if not folder.is_dir():
        return
    for run in folder.iterdir():
        if run.is_dir() and run.name not in kept:
            shutil.rmtree(run, ignore_errors=True)
