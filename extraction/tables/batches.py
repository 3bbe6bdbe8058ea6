"""The extraction core over Arrow batches: one pure function per stage, batch in, batch out.

Nothing here knows about DuckDB, Dagster or processes.  A stage maps one of
these functions over batches of articles: in the run's own process, over a
pool of worker processes (``assets.workers``), or in a distributed engine
(``pipelines.parquet``); the rows are the same wherever it runs.  A batch
crosses process boundaries as Arrow IPC bytes (``to_ipc`` / ``from_ipc``): only
its own rows are sent, never the buffers a slice was cut from.

The output schemas are passed in (the warehouse's, from its SQL migrations),
so the same columns come out of every engine.
"""
from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from arqam.extraction.claims.quantities import claim_facts_table, claims_table
from arqam.extraction.facts.figures import facts_table
from arqam.extraction.tables.rows import clean_article_row, mention_rows
from arqam.extraction.text.offsets import OffsetMap

# the columns each function reads from its input batch
CLEAN_INPUT = ("article_id", "sha256", "raw_text")
MENTIONS_INPUT = ("article_id", "sha256", "clean_text", "sentence_starts", "sentence_ends", "map_clean", "map_raw")


def clean_batch(raw: pa.Table, schema: pa.Schema) -> pa.Table:
    """clean_articles rows of a batch of raw articles (``CLEAN_INPUT`` columns)."""
    rows = [
        clean_article_row(article_id, sha256, raw_text)
        for article_id, sha256, raw_text in _columns(raw, CLEAN_INPUT)
    ]
    return pa.Table.from_pylist(rows, schema=schema)


def mentions_batch(clean: pa.Table, schema: pa.Schema) -> pa.Table:
    """fact_mentions rows of a batch of cleaned articles (``MENTIONS_INPUT`` columns)."""
    rows: list[dict] = []
    for article_id, sha256, text, starts, ends, map_clean, map_raw in _columns(clean, MENTIONS_INPUT):
        sentences = list(zip(starts, ends))
        rows += mention_rows(article_id, sha256, text, sentences, OffsetMap.from_lists(map_clean, map_raw))
    return pa.Table.from_pylist(rows, schema=schema)


def facts_batch(mentions: pa.Table, schema: pa.Schema) -> pa.Table:
    """facts rows of the mentions of whole articles (every mention of each article in the batch)."""
    return facts_table(mentions).select(schema.names).cast(schema)


def claims_batch(facts: pa.Table, schema: pa.Schema) -> pa.Table:
    """The claims readers see (the view ``claims``) of ``facts`` (``CLAIMS_INPUT`` columns, every fact of each
    of their quantities), computed in Python: the view's own rule, tested equal to it."""
    return claims_table(facts).select(schema.names).cast(schema)


def claim_facts_batch(facts: pa.Table, schema: pa.Schema) -> pa.Table:
    """claim_facts rows of ``facts`` (``CLAIMS_INPUT`` columns): each row is made of its fact and its
    article alone, so any batch of facts can be mapped on its own."""
    return claim_facts_table(facts).select(schema.names).cast(schema)


def extract_batch(raw: pa.Table, schemas: dict[str, pa.Schema]) -> dict[str, pa.Table]:
    """Raw articles to the three tables built from them, in one call (the distributed path's map)."""
    clean = clean_batch(raw, schemas["clean_articles"])
    mentions = mentions_batch(clean, schemas["fact_mentions"])
    return {"clean_articles": clean, "fact_mentions": mentions, "facts": facts_batch(mentions, schemas["facts"])}


def _columns(table: pa.Table, names: tuple[str, ...]) -> Iterable[tuple]:
    return zip(*(table.column(name).to_pylist() for name in names))


# -- batches between processes ------------------------------------------------------


def to_ipc(table: pa.Table) -> bytes:
    """``table`` as Arrow IPC stream bytes: a slice sends its own rows only."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def from_ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()


def split_rows(table: pa.Table, weights: list[int], parts: int) -> list[pa.Table]:
    """``table`` cut into at most ``parts`` slices of about equal total weight (the text lengths).

    Slices keep row order, so concatenating the results of a map keeps it too.
    """
    if table.num_rows == 0:
        return []
    total = sum(weights) or table.num_rows
    target = total / max(1, parts)
    slices: list[pa.Table] = []
    start, acc = 0, 0
    for index, weight in enumerate(weights):
        acc += weight or 1
        if acc >= target and len(slices) < parts - 1:
            slices.append(table.slice(start, index + 1 - start))
            start, acc = index + 1, 0
    if start < table.num_rows:
        slices.append(table.slice(start))
    return slices
