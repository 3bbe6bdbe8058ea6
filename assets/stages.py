"""The stages that map a core function over articles, declared once: what each writes, what it
follows, what it reads and which function of the core it calls (``gate.map_pending_articles``
runs any of them)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyarrow as pa

from arqam.extraction.tables.batches import CLEAN_INPUT, MENTIONS_INPUT, clean_batch, mentions_batch


@dataclass(frozen=True)
class ArticleStage:
    """A stage whose rows of an article are a function of that article's upstream row alone."""

    table: str  # the table it writes, keyed by article_id
    upstream: str  # the table whose articles it follows, by content hash
    columns: Sequence[str]  # the upstream columns the function reads
    function: Callable[[pa.Table, pa.Schema], pa.Table]  # a batch of upstream rows -> its rows
    text_column: str  # the upstream column whose length weighs an article (work spread evenly)


CLEAN_ARTICLES = ArticleStage("clean_articles", "raw_articles", CLEAN_INPUT, clean_batch, "raw_text")
FACT_MENTIONS = ArticleStage("fact_mentions", "clean_articles", MENTIONS_INPUT, mentions_batch, "clean_text")
