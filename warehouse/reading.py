"""What arqam's readers ask of a warehouse or its snapshot (the run's summary, ``arqam facts``,
``export``, ``quality``, ``report``, the assets' metadata): each question one function over an open
connection, its SQL here beside the schema it reads."""
from __future__ import annotations

import duckdb

# the facts in article and text order, as the table listing and the CSV/JSON give them
_FACTS_WHERE = "WHERE (? IS NULL OR fact_type = ?) AND (? IS NULL OR article_id = ?) "


def facts_listed(con: duckdb.DuckDBPyConnection, fact_type: str | None, article: str | None) -> list[tuple]:
    """(article_id, fact_type, value, qualifier, unit, actor, actor_en, attribution, as_of, evidence) of the facts."""
    return con.execute(
        "SELECT article_id, fact_type, value, qualifier, unit, actor, actor_en, attribution, as_of, evidence "
        "FROM facts " + _FACTS_WHERE + "ORDER BY article_id, start_offset",
        [fact_type, fact_type, article, article],
    ).fetchall()


def facts_every_column(
    con: duckdb.DuckDBPyConnection, fact_type: str | None, article: str | None
) -> tuple[list[str], list[tuple]]:
    """(column names, rows) of the facts, every column."""
    cursor = con.execute(
        "SELECT * FROM facts " + _FACTS_WHERE + "ORDER BY article_id, start_offset, fact_type, fact_id",
        [fact_type, fact_type, article, article],
    )
    return [d[0] for d in cursor.description], cursor.fetchall()


def run_counts(con: duckdb.DuckDBPyConnection, run_id: str, skipped: str) -> dict:
    """What a run's summary counts: articles, quarantine by reason, facts by type, claims, and this run's
    checks as (stage, check, pass / fail / ``skipped``, unexpected, rows)."""
    claims, disagreements = con.execute("SELECT count(*), count(*) FILTER (WHERE disagreement) FROM claims").fetchone()
    return {
        "articles": con.execute("SELECT count(*) FROM raw_articles").fetchone()[0],
        "quarantined": con.execute("SELECT reason, count(*) FROM quarantine GROUP BY 1 ORDER BY 2 DESC").fetchall(),
        "per_type": con.execute("SELECT fact_type, count(*) FROM facts GROUP BY 1 ORDER BY 2 DESC, 1").fetchall(),
        "claims": claims,
        "disagreements": disagreements,
        "checks": con.execute(
            # from success, not status: a warehouse whose upgrade failed has no status column yet
            "SELECT stage, check_name, CASE WHEN success THEN 'pass' WHEN NOT success THEN 'fail' ELSE ? END, "
            "unexpected_count, element_count FROM dq_results WHERE run_id = ?",
            [skipped, run_id],
        ).fetchall(),
    }


def check_trend(con: duckdb.DuckDBPyConnection, runs: int) -> list[tuple]:
    """(run_started, run_id, stage, check_name, status, rows_validated, unexpected_count) of the newest ``runs`` runs."""
    return con.execute(
        "SELECT run_started, run_id, stage, check_name, status, rows_validated, unexpected_count "
        "FROM v_dq_history WHERE runs_ago < ? ORDER BY run_started, run_id, stage, check_name",
        [runs],
    ).fetchall()


def relations(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """(tables, views) of the warehouse's main schema, each sorted by name."""
    rows = con.execute(
        "SELECT table_name, table_type FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_catalog = current_database() ORDER BY table_name"
    ).fetchall()
    return [n for n, kind in rows if kind == "BASE TABLE"], [n for n, kind in rows if kind == "VIEW"]


def has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?", [table, column]
    ).fetchone()[0])


def database_name(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("SELECT current_database()").fetchone()[0]


def columns_described(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    """(name, type, NOT NULL, comment) of each column of ``table``, in order."""
    return con.execute(
        "SELECT column_name, data_type, is_nullable = 'NO', comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? "
        "ORDER BY column_index",
        [table],
    ).fetchall()
