"""arqam from Python: the facts of one text, and the warehouse's snapshot, read-only.

``extract_facts`` runs the pipeline's own functions on one text, as ``arqam run`` runs them on
a ``.txt`` file of the inbox: reading (decoding, repairs, the limits on one article), cleaning,
mentions, facts; the rows have the columns and types of the warehouse's ``facts`` table, taken
from its SQL migrations.  Nothing is written anywhere.
"""
from __future__ import annotations

import functools
import hashlib
import tempfile
from dataclasses import replace
from pathlib import Path

import duckdb
import pyarrow as pa

from arqam.extraction.read.documents import read_document
from arqam.extraction.read.ingest import article_row
from arqam.extraction.tables.batches import extract_batch

# the tables extract_batch builds from raw articles, the one it reads, and the claims built from them
_TABLES = ("raw_articles", "clean_articles", "fact_mentions", "facts", "claims")


class NotAnArticle(ValueError):
    """The text is one the pipeline would quarantine (empty, too long, a table of numbers ...), not read.

    ``reason`` is the quarantine's code (``too_long``, ``no_text`` ...), the message its explanation."""

    def __init__(self, reason: str, message: str):
        super().__init__(f"{reason}: {message}")
        self.reason = reason


@functools.cache
def _schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of each table, from a throwaway warehouse migrated once per process."""
    from arqam.warehouse.store import Warehouse  # only here: the reading of texts needs none of it

    with tempfile.TemporaryDirectory() as folder:
        store = Warehouse(Path(folder) / "schema.duckdb")
        store.migrate()
        return {table: store.arrow_schema(table) for table in _TABLES}


def extract_facts(text: str | bytes, article_id: str = "article", *, arrow: bool = False) -> list[dict] | pa.Table:
    """The facts ``arqam run`` would store for ``text`` saved as the inbox file ``<article_id>.txt``.

    ``text``: a str, or the file's bytes (decoded as the pipeline decodes a file: UTF-8,
    UTF-16, the Arabic code pages).  Returns one dict per fact, with every column of the
    warehouse's ``facts`` table, in text order; ``arrow=True``: the same rows as a pyarrow
    Table with the warehouse's schema.  ``article_id`` is used as given (the pipeline takes it
    from the file's name).  A text the pipeline would quarantine raises ``NotAnArticle``.
    """
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    articles, rejections = read_document(f"{article_id}.txt", data)
    if rejections:
        raise NotAnArticle(rejections[0].reason, rejections[0].message)
    article = replace(articles[0], article_id=article_id)
    schemas = _schemas()
    row = article_row(article, hashlib.sha256(data).hexdigest(), len(data))
    raw = pa.Table.from_pylist([row], schema=schemas["raw_articles"])
    facts = extract_batch(raw, schemas)["facts"]
    return facts if arrow else facts.to_pylist()


def connect(snapshot: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection to the warehouse's snapshot (the copy each successful run publishes).

    ``snapshot``: the file; by default the one ``arqam facts`` reads (``ARQAM_SNAPSHOT``, or
    ``<warehouse>_snapshot.duckdb`` beside ``ARQAM_WAREHOUSE`` or the project's warehouse).
    """
    from arqam.pipelines.settings import Settings

    path = Settings.from_env(snapshot=snapshot).snapshot
    if not path.exists():
        raise FileNotFoundError(f"no snapshot at {path}; `arqam run` publishes it after each successful run")
    return duckdb.connect(str(path), read_only=True)
