"""`arqam report`: the analyst's report, one HTML file that opens offline.

Everything is inside the file: the style sheet inline, each chart an inline SVG drawn here by
Vega-Lite (altair builds the spec, vl-convert renders it without a browser), no script and no
font to fetch; a Content-Security-Policy forbids the page any request.  It reads the read-only
snapshot (never the live warehouse) through the queries of ``warehouse/sql/report.sql``, and
shows: figures over time per fact type, the top actors, the claims in disagreement (values side
by side with their sources), the latest facts (the Arabic evidence right-to-left, the figure
marked, each explained as `arqam explain` does), the quarantine's reasons and the data-quality
history.  docs/report.md describes each section.
"""
from __future__ import annotations

import contextlib
import html
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from arqam.pipelines.explain import Explanation, UnknownFact, explain, format_value, queries, value_line
from arqam.warehouse.reading import has_column

REPORT_NAME = "arqam-report.html"
TOP_ACTORS = 15

STYLE = """
body { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; margin: 0 auto;
       max-width: 1100px; padding: 1em 1.5em 3em; color: #1d1d1f; line-height: 1.45; }
h1 { margin-bottom: .2em; } h2 { border-bottom: 2px solid #d0d4da; padding-bottom: .2em; margin-top: 2em; }
nav a { margin-right: 1em; } .note { color: #555; font-size: .92em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; font-size: .93em; }
th, td { border: 1px solid #d0d4da; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f2f4f7; } td.num { text-align: right; white-space: nowrap; }
[lang="ar"] { font-family: "DejaVu Sans", "Noto Naskh Arabic", "Geeza Pro", "Arial", sans-serif; }
.evidence { direction: rtl; text-align: right; font-size: 1.08em; background: #fafbfc;
            border-right: 4px solid #9aa5b1; padding: .4em .7em; margin: .4em 0; }
mark { background: #ffe066; padding: 0 .15em; border-radius: 2px; }
.fact { border: 1px solid #e1e4e8; border-radius: 6px; padding: .5em .8em; margin: .8em 0; }
.fact .meta { font-weight: bold; } .fact .id { font-family: monospace; color: #666; font-weight: normal; }
details { margin: .3em 0; } summary { cursor: pointer; color: #0b5cad; }
.trail td:first-child, .id { font-family: monospace; }
.values { display: flex; flex-wrap: wrap; gap: .8em; } .value { flex: 1 1 300px; border: 1px solid #e1e4e8;
          border-radius: 6px; padding: .4em .7em; } .value h4 { margin: .2em 0; }
.chart svg { max-width: 100%; height: auto; } .fail { color: #b00020; } .pass { color: #1b7f3b; }
"""
# no request of any kind: only the inline style sheet and inline SVG (images as data: URLs)
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def default_report_path(snapshot: Path) -> Path:
    """warehouse/arqam_snapshot.duckdb -> warehouse/reports/arqam-report.html"""
    return Path(snapshot).resolve().parent / "reports" / REPORT_NAME


def write_report(snapshot: Path, out: Path | None = None, latest: int = 50) -> Path:
    """Write the report of ``snapshot`` to ``out`` (replaced whole, never half-written); its path."""
    out = Path(out) if out else default_report_path(snapshot)
    page = build_report(snapshot, latest=latest)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        partial.write_text(page, encoding="utf-8")
        os.replace(partial, out)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return out


def _rows(con: duckdb.DuckDBPyConnection, name: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(queries()[name], params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def build_report(snapshot: Path, latest: int = 50) -> str:
    """The report's HTML, from the snapshot opened read-only."""
    with duckdb.connect(str(snapshot), read_only=True) as con:
        as_of_start = "TRY_CAST(f.as_of_start AS TIMESTAMP)" if has_column(con, "facts", "as_of_start") else "NULL"
        con.execute(queries()["report_facts"].replace("{as_of_start}", as_of_start))
        totals = _rows(con, "totals")[0]
        over_time = _rows(con, "over_time")
        actors = _rows(con, "top_actors", [TOP_ACTORS])
        disagreements = _rows(con, "disagreements")
        facts = _rows(con, "latest_facts", [latest])
        explained = {}
        for fact in facts:
            # a fact whose article's clean row is missing: shown without its explanation
            with contextlib.suppress(UnknownFact):
                explained[fact["fact_id"]] = explain(con, fact["fact_id"])
        quarantine = _rows(con, "quarantine_reasons")
        quality = _rows(con, "quality_history")
    sections = [
        ("over-time", "Figures over time", _over_time_section(over_time)),
        ("actors", "Top actors", _actors_section(actors)),
        ("disagreements", "Claims in disagreement", _disagreements_section(disagreements)),
        ("latest", "Latest facts, explained", _latest_section(facts, explained)),
        ("quarantine", "Quarantine", _quarantine_section(quarantine)),
        ("quality", "Data quality, run by run", _quality_section(quality)),
    ]
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = (
        f"<p class='note'>From the snapshot <code>{_e(snapshot)}</code>, {generated}: "
        f"{totals['articles']} articles, {totals['facts']} facts, {totals['claims']} claims "
        f"({totals['claims_in_disagreement']} in disagreement), {totals['quarantined']} files or records quarantined, "
        f"{totals['quality_runs']} runs with data-quality results.</p>"
    )
    nav = "<nav>" + "".join(f"<a href='#{key}'>{_e(title)}</a>" for key, title, _ in sections) + "</nav>"
    body = "".join(f"<section id='{key}'><h2>{_e(title)}</h2>{content}</section>" for key, title, content in sections)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>arqam report</title><style>{STYLE}</style></head>"
        f"<body><header><h1>arqam report</h1>{head}{nav}</header>{body}</body></html>\n"
    )


# -- pieces ------------------------------------------------------------------------------------


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _ar(text: str | None) -> str:
    """Arabic inside an English page: its own direction, isolated from the text around it."""
    return f"<bdi dir='rtl' lang='ar'>{_e(text)}</bdi>" if text else "—"


def _evidence(evidence: str, start: int, end: int) -> str:
    """The Arabic evidence, right-to-left, the figure marked."""
    start, end = max(0, start), min(len(evidence), end)
    return (
        f"<p class='evidence' dir='rtl' lang='ar'>{_e(evidence[:start])}<mark>{_e(evidence[start:end])}</mark>"
        f"{_e(evidence[end:])}</p>"
    )


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td class='num'>{c}</td>" if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _svg(chart) -> str:
    """A chart as inline SVG, drawn here: the page needs no script to show it."""
    import vl_convert

    return f"<div class='chart'>{vl_convert.vegalite_to_svg(chart.to_json())}</div>"


def _none(text: str) -> str:
    return f"<p class='note'>{_e(text)}</p>"


# -- sections ----------------------------------------------------------------------------------


def _over_time_section(rows: list[dict]) -> str:
    if not rows:
        return _none("No facts yet.")
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame(rows)
    chart = (
        alt.Chart(frame)
        .mark_point(filled=True, opacity=0.8)
        .encode(
            x=alt.X("day:T", title="date"),
            y=alt.Y("largest:Q", title="largest figure that day", scale=alt.Scale(type="symlog")),
            size=alt.Size("figures:Q", title="figures that day", scale=alt.Scale(range=[40, 400])),
            shape=alt.Shape("date_basis:N", title="dated by"),
            color=alt.Color("date_basis:N", title="dated by"),
        )
        .properties(width=250, height=130)
        .facet(facet=alt.Facet("label_en:N", title=None), columns=3)
        .resolve_scale(y="independent")
    )
    return (
        _svg(chart)
        + "<p class='note'>One panel per fact type. A figure is dated by the date it describes (its "
        "<code>as_of</code>) where the warehouse has one, else by its article's publication date, else by the "
        "day arqam first read the article (“read by arqam”).</p>"
    )


def _actors_section(rows: list[dict]) -> str:
    if not rows:
        return _none("No fact names an actor yet.")
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame([{"name": r["name"], "facts": r["facts"]} for r in rows])
    chart = (
        alt.Chart(frame)
        .mark_bar(color="#4c78a8")
        .encode(x=alt.X("facts:Q", title="facts"), y=alt.Y("name:N", title=None, sort="-x"))
        .properties(width=520, height=alt.Step(22))
    )
    table = _table(
        ["actor (English)", "actor (Arabic, as written)", "facts", "articles", "fact types"],
        [
            [_e(r["actor_en"] or "— (not in the gazetteer)"), _ar(r["actor_ar"]), str(r["facts"]), str(r["articles"]),
             _e(", ".join(r["fact_types"]))]
            for r in rows
        ],
        numeric={2, 3},
    )
    return _svg(chart) + table


def _disagreements_section(rows: list[dict]) -> str:
    if not rows:
        return _none("No claims in disagreement: no two sources give different figures for one quantity.")
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["quantity_key"], []).append(row)
    parts = []
    for values in groups.values():
        first = values[0]
        who = first["actor_en"] or first["actor"] or "(no actor stated)"
        cells = []
        for v in values:
            sources = "".join(
                f"<div class='source'><b>{_e(s['source'])}</b> <span class='id'>{_e(s['article_id'])}</span>"
                + (f" · {_e(s['published'])}" if s["published"] else "")
                + _evidence(s["evidence"], s["figure_start"], s["figure_end"]) + "</div>"
                for s in v["sources"]
            )
            cells.append(
                f"<div class='value'><h4>{_e(format_value(v['value'], v['unit']))} ({_e(v['qualifier'])}), "
                f"{v['n_sources']} source{'s' if v['n_sources'] != 1 else ''}</h4>{sources}</div>"
            )
        parts.append(
            f"<div class='claim'><h3>{_e(first['label_en'])}: {_e(who)} "
            f"{_ar(first['actor']) if first['actor_en'] else ''}</h3><div class='values'>{''.join(cells)}</div></div>"
        )
    return "".join(parts)


def _latest_section(facts: list[dict], explained: dict[str, Explanation]) -> str:
    if not facts:
        return _none("No facts yet.")
    parts = []
    for f in facts:
        who = f["actor_en"] or f["actor"] or ""
        date = f"{f['dated_at']:%Y-%m-%d} ({f['date_basis']})" if f["dated_at"] else "undated"
        meta = (
            f"<div class='meta'>{_e(f['label_en'])}: {_e(format_value(f['value'], f['unit']))}"
            f"{' (' + _e(f['qualifier']) + ')' if f['qualifier'] != 'exact' else ''}"
            f"{' · ' + _e(who) if who else ''} <span class='id'>{_e(f['fact_id'])}</span></div>"
            f"<div class='note'>{_e(f['source'])} · {_e(date)}</div>"
        )
        explanation = explained.get(f["fact_id"])
        details = (
            f"<details><summary>Why the warehouse says this</summary>{explanation_html(explanation)}</details>"
            if explanation else ""
        )
        parts.append(f"<div class='fact'>{meta}{_evidence(f['evidence'], f['figure_start'], f['figure_end'])}{details}</div>")
    return (
        f"<p class='note'>The {len(facts)} latest facts (the latest published first; those of articles without a "
        "publication date by the day arqam read them), each with its evidence and the "
        "answer of <code>arqam explain FACT_ID</code>.</p>" + "".join(parts)
    )


def explanation_html(e: Explanation) -> str:
    """`arqam explain` as HTML: the raw passage (the figure marked), the rule trail, actor, cleaning."""
    facts = _table(
        ["value", "actor", "attribution", "as of", "article"],
        [[
            _e(value_line(e)),
            (_ar(e.actor) + (f" — {_e(e.actor_en)}" if e.actor_en else "")) if e.actor else "—",
            _ar(e.attribution),
            _e(e.as_of or "—"),
            f"{_e(e.source)} <span class='id'>{_e(e.article_id)}</span>",
        ]],
    )
    passage = (
        f"<p class='note'>The raw passage (<code>raw_text</code> {e.passage_start}–{e.passage_end}):</p>"
        f"<p class='evidence' dir='rtl' lang='ar'>{_e(e.before)}<mark>{_e(e.figure)}</mark>{_e(e.after)}</p>"
    )
    trail = "<table class='trail'><tbody>" + "".join(
        f"<tr><td>{_e(s.part)}</td><td>{_e(s.meaning)}</td></tr>" for s in e.trail
    ) + "</tbody></table>"
    mentions = "<ul>" + "".join(
        f"<li>{_ar(m.surface)} at raw {m.raw_start}–{m.raw_end}, rule <code>{_e(m.rule)}</code></li>" for m in e.mentions
    ) + "</ul>"
    removed = "<ul>" + "".join(
        f"<li><code>{_e(r.reason)}</code> ({'inside the passage' if r.where == 'inside' else f'{r.distance} characters {r.where} it'}, "
        f"raw {r.raw_start}–{r.raw_end}): {_ar(r.text)}</li>"
        for r in e.removed
    ) + "</ul>" if e.removed else "<p class='note'>Nothing removed in or near the passage.</p>"
    return (
        facts + passage + f"<p><b>How it was typed</b> (rule <code>{_e(e.rule)}</code>):</p>{trail}"
        f"<p><b>Mentions of this figure in the article</b>:</p>{mentions}"
        f"<p><b>What cleaning removed in and around the passage</b>:</p>{removed}"
    )


def _quarantine_section(rows: list[dict]) -> str:
    if not rows:
        return _none("Nothing quarantined: every file and record was read.")
    return _table(
        ["reason", "files or records", "for example", "what it means"],
        [[f"<code>{_e(r['reason'])}</code>", str(r["files"]), _e(", ".join(r["examples"])), _e(r["example_message"])] for r in rows],
        numeric={1},
    )


def _quality_section(rows: list[dict]) -> str:
    if not rows:
        return _none("No data-quality results yet.")
    import altair as alt
    import pandas as pd

    records = []
    for r in rows:
        run = f"{r['validated_at']:%Y-%m-%d %H:%M} · {r['run_id'][:8]}"
        records += [{"run": run, "outcome": "passed", "checks": r["passed"]}, {"run": run, "outcome": "failed", "checks": r["failed"]}]
    chart = (
        alt.Chart(pd.DataFrame(records))
        .mark_bar()
        .encode(
            x=alt.X("run:O", title="run", sort=None),
            y=alt.Y("checks:Q", title="checks"),
            color=alt.Color("outcome:N", scale=alt.Scale(domain=["passed", "failed"], range=["#1b7f3b", "#b00020"])),
        )
        .properties(width=alt.Step(40), height=180)
    )
    table = _table(
        ["run", "validated", "checks", "passed", "failed", "failed checks"],
        [
            [f"<span class='id'>{_e(r['run_id'])}</span>", _e(f"{r['validated_at']:%Y-%m-%d %H:%M:%S}"), str(r["checks"]),
             f"<span class='pass'>{r['passed']}</span>", f"<span class='{'fail' if r['failed'] else 'pass'}'>{r['failed']}</span>",
             _e(", ".join(r["failed_checks"])) or "—"]
            for r in rows
        ],
        numeric={2, 3, 4},
    )
    return _svg(chart) + table
