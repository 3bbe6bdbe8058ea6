"""The warehouse's catalog: every table and view, its columns and types, and what each holds.

What each holds is the DuckDB comment ``sql/comments.sql`` puts on it (``COMMENT ON``), read back
from ``duckdb_tables()``, ``duckdb_views()`` and ``duckdb_columns()``: the catalog a reader of the
snapshot sees in any DuckDB client, not a second description kept in Python.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    comment: str | None


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str  # "table" or "view"
    comment: str | None
    columns: tuple[Column, ...]


def catalog(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """The tables (by name), then the views (by name), of the connection's database, with their columns in order."""
    relations = con.execute(
        "SELECT table_name, 'table', comment FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary "
        "UNION ALL "
        "SELECT view_name, 'view', comment FROM duckdb_views() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary "
        "ORDER BY 2, 1"
    ).fetchall()
    columns: dict[str, list[Column]] = {}
    for table, name, data_type, comment in con.execute(
        "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal "
        "ORDER BY table_name, column_index"
    ).fetchall():
        columns.setdefault(table, []).append(Column(name, data_type, comment))
    return [Relation(name, kind, comment, tuple(columns.get(name, ()))) for name, kind, comment in relations]


def uncommented(relations: list[Relation]) -> list[str]:
    """``table`` or ``table.column`` of everything in ``relations`` without a comment (or a blank one)."""
    missing = []
    for relation in relations:
        if not (relation.comment or "").strip():
            missing.append(relation.name)
        missing += [f"{relation.name}.{c.name}" for c in relation.columns if not (c.comment or "").strip()]
    return missing
