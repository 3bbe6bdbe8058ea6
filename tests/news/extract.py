"""The extraction core over a folder of article files, in this process: what ``arqam run`` stores in
``facts``, without Dagster or the warehouse (read → clean → mentions → facts, the same functions)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from arqam.extraction.facts.figures import distinct_facts
from arqam.extraction.text.offsets import OffsetMap
from arqam.extraction.read.documents import read_document
from arqam.extraction.tables.rows import clean_article_row, mention_rows

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")


def article_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in ARTICLE_SUFFIXES)


def mentions_of(paths: Iterable[Path]) -> list[dict]:
    rows: list[dict] = []
    for path in paths:
        articles, _rejections = read_document(path.name, path.read_bytes())
        for article in articles:
            clean = clean_article_row(article.article_id, article.sha256, article.raw_text)
            offsets = OffsetMap.from_lists(clean["map_clean"], clean["map_raw"])
            sentences = list(zip(clean["sentence_starts"], clean["sentence_ends"]))
            rows += mention_rows(article.article_id, article.sha256, clean["clean_text"], sentences, offsets)
    return rows


def facts_of(paths: Iterable[Path]) -> list[dict]:
    return distinct_facts(mentions_of(paths))
