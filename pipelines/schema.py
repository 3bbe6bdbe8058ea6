"""`arqam schema`: the warehouse's catalog for a reader, from the snapshot.

Every table and view, then its columns with their types, each with what it holds: the comments
the warehouse itself carries (warehouse/sql/comments.sql), so what is printed here is what any
DuckDB client of the snapshot shows.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from arqam.warehouse.catalog import Relation, catalog


class UnknownName(ValueError):
    """A table or view the warehouse does not have."""


def read_catalog(database: Path) -> list[Relation]:
    with duckdb.connect(str(database), read_only=True) as con:
        return catalog(con)


def schema_listing(relations: Sequence[Relation], names: Sequence[str] = ()) -> str:
    """The catalog as text: each relation (of ``names`` only, when given) with its comment, then its columns."""
    known = {relation.name: relation for relation in relations}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UnknownName(
            f"no table or view named {', '.join(unknown)}; the warehouse has: {', '.join(known)}"
        )
    chosen = [known[name] for name in names] if names else list(relations)
    blocks = []
    for relation in chosen:
        width = max((len(c.name) for c in relation.columns), default=0)
        type_width = min(max((len(c.data_type) for c in relation.columns), default=0), 24)
        lines = [f"{relation.kind} {relation.name}", f"  {relation.comment or '(no comment)'}"]
        for column in relation.columns:
            lines.append(
                f"    {column.name:<{width}}  {column.data_type:<{type_width}}  {column.comment or '(no comment)'}"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
