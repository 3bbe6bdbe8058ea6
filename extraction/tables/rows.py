"""Warehouse rows of each stage, built from the core's results (plain dicts, Arrow-ready)."""
from __future__ import annotations

from arqam.extraction.clean.article import clean_text
from arqam.extraction.text.arabic import arabic_share
from arqam.extraction.text.ids import stable_id
from arqam.extraction.text.offsets import OffsetMap
from arqam.extraction.typing import type_quantities

_LETTER_CHECK_LIMIT = 20_000  # characters read to tell the language of a cleaned text


def clean_article_row(article_id: str, sha256: str, raw_text: str) -> dict:
    """The clean_articles row of one raw article: text, sentences, offset map, what was removed."""
    cleaned = clean_text(raw_text)
    map_clean, map_raw = cleaned.offset_map.to_lists()
    return {
        "article_id": article_id,
        "sha256": sha256,
        "clean_text": cleaned.text,
        "sentence_starts": [start for start, _ in cleaned.sentences],
        "sentence_ends": [end for _, end in cleaned.sentences],
        "map_clean": map_clean,
        "map_raw": map_raw,
        "removed": [
            {"raw_start": block.start, "raw_end": block.end, "reason": block.reason, "text": block.text}
            for block in cleaned.removed
        ],
        "arabic_ratio": arabic_share(cleaned.text, _LETTER_CHECK_LIMIT)[0],
    }


def mention_rows(article_id: str, sha256: str, clean: str, sentences: list[tuple[int, int]], offset_map: OffsetMap) -> list[dict]:
    """fact_mentions rows of one cleaned article: every quantity, typed, traceable to raw offsets."""
    rows = []
    for m in type_quantities(clean, sentences):
        q = m.quantity
        raw_start, raw_end = offset_map.span_to_source(q.start, q.end)
        rows.append(
            {
                "mention_id": stable_id(article_id, sha256, q.start, q.end, m.rule),
                "article_id": article_id,
                "sha256": sha256,
                "sentence_index": m.sentence_index,
                "start_offset": q.start,
                "end_offset": q.end,
                "raw_start": raw_start,
                "raw_end": raw_end,
                "surface": q.text,
                "kind": q.kind,
                "fact_type": m.fact_type,
                "value": float(q.value),
                "value_min": None if q.value_min is None else float(q.value_min),
                "value_max": None if q.value_max is None else float(q.value_max),
                "qualifier": q.qualifier,
                "unit": m.unit,
                "counted": m.counted,
                "actor": m.actor,
                "attribution": m.attribution,
                "as_of": m.as_of,
                "as_of_start": m.as_of_start,
                "as_of_end": m.as_of_end,
                "evidence": clean[m.evidence_start : m.evidence_end],
                "evidence_start": m.evidence_start,
                "evidence_end": m.evidence_end,
                "rule": m.rule,
            }
        )
    return rows
