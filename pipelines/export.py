"""The warehouse out of arqam: its tables as Parquet or CSV files, the facts as a table, CSV or JSON.

Everything here reads the snapshot (the read-only copy each successful run publishes), never
the live warehouse and never the inbox: what is exported is what the last run landed, with
the warehouse's own columns and types.  DuckDB writes the files itself (its ``COPY ... TO``),
streaming, so a table larger than memory exports as well as a small one.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from arqam.pipelines.settings import unknown_name_message
from arqam.warehouse.reading import facts_every_column, relations

FORMATS = ("parquet", "csv")
# Views that stand where a released table stood (claims became a view of claim_facts in migration 010):
# exported with the tables, so an export holds what it held before.
TABLES_AS_VIEWS = ("claims",)
FACTS_FORMATS = ("table", "csv", "json")


class ExportError(ValueError):
    """What was asked cannot be exported (a name the warehouse does not have): one line, for a person."""


@dataclass(frozen=True)
class Exported:
    name: str
    rows: int
    path: Path


def chosen(con: duckdb.DuckDBPyConnection, names: Sequence[str] | None, views: bool) -> list[str]:
    """The relations to export: ``names`` (tables or views) as given, else every table (with the views in
    ``TABLES_AS_VIEWS``), and every view with ``views``."""
    tables, all_views = relations(con)
    if not names:
        if views:
            return tables + all_views
        return sorted(tables + [v for v in all_views if v in TABLES_AS_VIEWS])
    known = set(tables) | set(all_views)
    for name in names:
        if name not in known:
            raise ExportError(unknown_name_message("table or view", name, tables + all_views))
    return list(dict.fromkeys(names))  # once each, in the order asked


def export_snapshot(
    snapshot: Path, out: Path, fmt: str = "parquet", names: Sequence[str] | None = None, views: bool = False
) -> list[Exported]:
    """Write each chosen relation of ``snapshot`` to ``out/<name>.<fmt>``; each file appears whole or not at all."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    done: list[Exported] = []
    with duckdb.connect(str(snapshot), read_only=True) as con:
        names = chosen(con, names, views)
        out.mkdir(parents=True, exist_ok=True)
        for name in names:
            target = out / f"{name}.{fmt}"
            partial = out / f".{name}.{fmt}.partial"
            # the relation API: the name (checked against the catalog) is never spliced into SQL text
            relation = con.table(name)
            if fmt == "parquet":
                relation.to_parquet(str(partial), compression="zstd")
            else:
                relation.to_csv(str(partial), header=True)
            os.replace(partial, target)  # a reader of ``out`` never sees half a file
            rows = relation.aggregate("count(*)").fetchall()[0][0]
            done.append(Exported(name, rows, target))
    return done


# -- facts ------------------------------------------------------------------------------


def facts_rows(snapshot: Path, fact_type: str | None = None, article: str | None = None) -> tuple[list[str], list[tuple]]:
    """Every column of the facts of ``snapshot``, in article and text order (the table listing's order)."""
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return facts_every_column(con, fact_type, article)


def _plain(value):
    """A value as JSON holds it: lists stay lists, dates and other types as their text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return str(value)


def facts_as_json(columns: list[str], rows: list[tuple]) -> str:
    """A JSON array, one object per fact, one fact per line; Arabic as itself, not escaped."""
    lines = [json.dumps(dict(zip(columns, map(_plain, row))), ensure_ascii=False) for row in rows]
    return "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"


def facts_as_csv(columns: list[str], rows: list[tuple]) -> str:
    """CSV with a header line; a list (mention_ids) as JSON text in its cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, (list, tuple, dict)) else ("" if v is None else v)
             for v in row]
        )
    return buffer.getvalue().rstrip("\n")
