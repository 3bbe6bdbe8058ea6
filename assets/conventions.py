"""What the Dagster UI shows of each asset: a description for its users, kinds, owners and tags, and on
each materialization the standard table metadata (``dagster/row_count``, ``dagster/table_name``,
``dagster/column_schema``) with a few rows as a preview.

The descriptions say what a table holds for the person who queries it; how a stage computes it is
in the code's docstrings, not here.
"""
from __future__ import annotations

from dagster import MarkdownMetadataValue, MetadataValue, TableColumn, TableColumnConstraints, TableSchema

from arqam.warehouse.reading import columns_described, database_name
from arqam.warehouse.store import Warehouse

KINDS = {"duckdb", "python"}
OWNERS = ["team:arqam"]
PREVIEW_ROWS = 5
# a preview cell longer than this is cut: an article's text would fill the page
PREVIEW_CHARS = 80

DESCRIPTIONS = {
    "raw_articles": (
        "One row per article read from the inbox: its text as it came, where it came from (file, line of a "
        "JSON Lines feed, format, encoding), its title, URL and publication date when the input gives them, "
        "and flags for what reading repaired (mojibake, damaged figures). The content hash identifies it."
    ),
    "quarantine": (
        "Every inbox file or record that could not be read as an article, with a reason code and a sentence "
        "saying why (empty, binary, too large, undecodable ...). Nothing in the inbox is dropped silently: "
        "each input is here or in raw_articles."
    ),
    "clean_articles": (
        "Each article's text as arqam reads it: Arabic normalized, page furniture (menus, share buttons, "
        "captions, tag lists) removed, cut into sentences; with what was removed and why, and a map back to "
        "positions in the original text."
    ),
    "fact_mentions": (
        "Every number in the cleaned articles and what it counts: value and range, kind (count, percent, "
        "money ...), fact type (troops, attacks, killed, funding ... or other), unit, actor, who said it, "
        "the date it refers to, the sentence it stands in, and the rule that typed it."
    ),
    "facts": (
        "The figures of each article, one row per distinct fact: what it counts (type, and its English "
        "label), value, qualifier (about, more than ...), unit, actor with its English name where known, who "
        "said it, and the sentence as evidence. The table analysts query."
    ),
    "claims": (
        "The same quantity as reported across articles: one row per value given for it, with how many "
        "articles give that value, which ones, the other values reported, and whether they disagree."
    ),
    "snapshot": (
        "A read-only copy of the whole warehouse as the last successful run left it: the file that arqam "
        "facts, arqam export, notebooks and dashboards open."
    ),
}
# where each asset stands in the flow, for filtering the asset graph
STAGES = {
    "raw_articles": "ingest",
    "quarantine": "ingest",
    "clean_articles": "clean",
    "fact_mentions": "extract",
    "facts": "extract",
    "claims": "compare",
    "snapshot": "publish",
}


def tags(name: str) -> dict[str, str]:
    return {"stage": STAGES[name], "domain": "security_news"}


def conventions(name: str) -> dict:
    """The keyword arguments every asset (``@asset`` or ``AssetSpec``) named ``name`` takes."""
    return {"description": DESCRIPTIONS[name], "kinds": KINDS, "owners": OWNERS, "tags": tags(name)}


def table_metadata(store: Warehouse, table: str) -> dict:
    """The standard table metadata of ``table`` as it stands, and its first rows as a Markdown preview."""
    with store.connect(read_only=True) as con:
        database = database_name(con)
        columns = columns_described(con, table)
    rows_count = store.count(table)
    names, preview = store.preview(table, PREVIEW_ROWS)
    schema = TableSchema(
        columns=[
            TableColumn(name, data_type, description=comment or None,
                        constraints=TableColumnConstraints(nullable=False) if required else None)
            for name, data_type, required, comment in columns
        ]
    )
    return {
        "dagster/row_count": MetadataValue.int(rows_count),
        "dagster/table_name": MetadataValue.text(f"{database}.main.{table}"),
        "dagster/column_schema": MetadataValue.table_schema(schema),
        "preview": MarkdownMetadataValue(markdown_table(names, preview)),
    }


def _cell(value) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())  # one line per row
    if len(text) > PREVIEW_CHARS:
        text = text[: PREVIEW_CHARS - 1] + "…"
    return text.replace("|", "\\|")


def markdown_table(names: list[str], rows: list[tuple]) -> str:
    """``rows`` as a Markdown table, each cell on one line and cut to ``PREVIEW_CHARS``."""
    if not rows:
        return "_no rows_"
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
