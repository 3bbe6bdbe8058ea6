"""The DataFrame each suite validates: the batch plus the derived columns its checks read.

GX validates one DataFrame at a time, so facts that span columns or tables
(the text found at the stored offsets, the article existing upstream) are
computed here as columns.  Upstream facts are read back from the warehouse,
not taken from the asset's memory, so the checks are independent of the code
that produced the batch.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pyarrow as pa

from extraction.actors import gazetteer, identify_actor
from warehouse.store import Warehouse


# The text at a row's offsets in its cleaned article, computed where the text is (DuckDB counts
# characters as Python does): the article's text never travels to pandas once per mention.
# No upstream text reads as "" and as offsets outside it, so the checks fail rather than skip nulls.
TEXT_AT_OFFSETS = (
    "coalesce(0 <= b.start_offset AND b.start_offset < b.end_offset AND b.end_offset <= length(c.clean_text), false) "
    "AS offsets_inside_text, "
    "coalesce(substr(c.clean_text, b.start_offset + 1, b.end_offset - b.start_offset), '') AS text_at_offsets, "
    "coalesce(substr(c.clean_text, b.evidence_start + 1, b.evidence_end - b.evidence_start), '') "
    "AS text_at_evidence_offsets, "
    "(b.evidence_start <= b.start_offset AND b.end_offset <= b.evidence_end) AS evidence_contains_surface"
)


def _with_upstream(batch: pa.Table, warehouse: Warehouse, sql: str) -> pd.DataFrame:
    """Run ``sql`` (which reads the batch as ``batch``) against the warehouse."""
    with warehouse.connect(read_only=True) as con:
        con.register("batch", batch)
        return con.sql(sql).to_df()


def raw_articles_frame(batch: pa.Table, warehouse: Warehouse) -> pd.DataFrame:
    return _with_upstream(
        batch,
        warehouse,
        "SELECT article_id, sha256, raw_text, source_format, array_to_string(flags, ',') AS flags, "
        "NOT EXISTS (SELECT 1 FROM raw_articles r WHERE r.sha256 = b.sha256 AND r.article_id <> b.article_id) "
        "AS not_a_stored_duplicate FROM batch b",
    )


def quarantine_frame(batch: pa.Table, warehouse: Warehouse) -> pd.DataFrame:
    return batch.select(["quarantine_id", "reason", "message", "source_path"]).to_pandas()


def clean_articles_frame(batch: pa.Table, warehouse: Warehouse) -> pd.DataFrame:
    frame = _with_upstream(
        batch,
        warehouse,
        "SELECT b.article_id, b.clean_text, b.sentence_starts, b.sentence_ends, b.map_clean, b.map_raw, "
        "b.arabic_ratio, r.article_id IS NOT NULL AS article_in_upstream, length(r.raw_text) AS raw_length, "
        # a page that is all furniture (or all in another script) cleans to nothing, and says what it cut
        "(regexp_matches(b.clean_text, '\\S') OR len(b.removed) > 0) AS text_kept_or_cut_for_a_reason "
        "FROM batch b LEFT JOIN raw_articles r ON r.article_id = b.article_id AND r.sha256 = b.sha256",
    )
    frame["sentences_inside_text"] = [
        _spans_inside(list(starts), list(ends), len(text))
        for starts, ends, text in zip(frame.sentence_starts, frame.sentence_ends, frame.clean_text)
    ]
    frame["offset_map_valid"] = [
        _map_valid(list(clean), list(raw), len(text), raw_length)
        for clean, raw, text, raw_length in zip(frame.map_clean, frame.map_raw, frame.clean_text, frame.raw_length)
    ]
    return frame.drop(columns=["sentence_starts", "sentence_ends", "map_clean", "map_raw", "raw_length"])


def fact_mentions_frame(batch: pa.Table, warehouse: Warehouse) -> pd.DataFrame:
    frame = _with_upstream(
        batch,
        warehouse,
        "SELECT b.mention_id, b.fact_type, b.kind, b.qualifier, b.start_offset, b.end_offset, b.surface, "
        "b.evidence, b.evidence_start, b.evidence_end, b.rule, b.value, b.value_min, b.value_max, "
        f"{TEXT_AT_OFFSETS}, c.article_id IS NOT NULL AS article_in_upstream "
        "FROM batch b LEFT JOIN clean_articles c ON c.article_id = b.article_id AND c.sha256 = b.sha256",
    )
    return frame


def facts_frame(batch: pa.Table, warehouse: Warehouse) -> pd.DataFrame:
    frame = _with_upstream(
        batch,
        warehouse,
        "SELECT b.fact_id, b.fact_type, b.qualifier, b.unit, b.value, b.value_min, b.value_max, b.evidence, "
        f"b.evidence_start, b.evidence_end, b.start_offset, b.end_offset, {TEXT_AT_OFFSETS}, "
        "b.actor, b.actor_key, b.actor_en, "
        "EXISTS (SELECT 1 FROM fact_mentions m WHERE m.article_id = b.article_id AND m.sha256 = b.sha256) "
        "AS article_in_upstream "
        "FROM batch b LEFT JOIN clean_articles c ON c.article_id = b.article_id AND c.sha256 = b.sha256",
    )
    frame = with_pair_columns(frame)
    frame["evidence_is_text_at_offsets"] = frame.evidence == frame.text_at_evidence_offsets
    actors = [_text_or_none(actor) for actor in frame.actor]
    english_of = {  # each distinct actor looked up once: a batch repeats a few dozen names
        actor: known.english if (known := identify_actor(actor)) else None for actor in set(actors)
    }
    frame["actor_en_matches_gazetteer"] = [
        _text_or_none(english) == english_of[actor] for actor, english in zip(actors, frame.actor_en)
    ]
    return frame


def claims_frame(batch: pa.Table, warehouse: Warehouse) -> pd.DataFrame:
    frame = _with_upstream(
        batch,
        warehouse,
        "SELECT b.claim_id, b.n_sources, b.fact_type, b.disagreement, b.quantity_key, b.actor_en, "
        "len(b.article_ids) = b.n_sources AS n_sources_matches_articles, "
        "(len(b.other_values) > 0) = b.disagreement AS disagreement_consistent, "
        "coalesce(found.n, 0) = len(b.fact_ids) AS facts_exist "
        "FROM batch b LEFT JOIN (SELECT i.claim_id, count(f.fact_id) AS n "
        "FROM (SELECT claim_id, unnest(fact_ids) AS fact_id FROM batch) i JOIN facts f ON f.fact_id = i.fact_id "
        "GROUP BY i.claim_id) found ON found.claim_id = b.claim_id",
    )
    english_of = {actor.key: actor.english for actor, _, _ in gazetteer()}
    frame["actor_en_matches_quantity_key"] = [
        _text_or_none(english) == english_of.get(str(quantity_key).rsplit("|", 1)[-1])
        for quantity_key, english in zip(frame.quantity_key, frame.actor_en)
    ]
    return frame


FRAME_BUILDERS: dict[str, Callable[[pa.Table, Warehouse], pd.DataFrame]] = {
    "raw_articles": raw_articles_frame,
    "quarantine": quarantine_frame,
    "clean_articles": clean_articles_frame,
    "fact_mentions": fact_mentions_frame,
    "facts": facts_frame,
    "claims": claims_frame,
}


def with_pair_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The column pairs the facts suite checks against a set, each as one value (``suites.pair_value``)."""
    frame["type_unit"] = frame.fact_type.astype(str) + "|" + frame.unit.astype(str)
    key_en = frame.actor_key.astype(str) + "|" + frame.actor_en.astype(str)
    frame["actor_key_en"] = key_en.where(frame.actor_en.notna() & frame.actor_key.notna(), None)
    return frame


def _text_or_none(value) -> str | None:
    """A text column's value, with pandas' missing values (None, NaN) as None."""
    return value if isinstance(value, str) else None


def _spans_inside(starts: list[int], ends: list[int], length: int) -> bool:
    if len(starts) != len(ends):
        return False
    previous_end = 0
    for start, end in zip(starts, ends):
        if not previous_end <= start < end <= length:
            return False
        previous_end = end
    return True


def _map_valid(clean: list[int], raw: list[int], clean_length: int, raw_length) -> bool:
    if len(clean) != len(raw) or raw_length is None or pd.isna(raw_length):
        return False
    pairs = list(zip(clean, raw))
    return all(0 <= c <= clean_length and 0 <= r <= raw_length for c, r in pairs) and all(
        c1 <= c2 and r1 <= r2 for (c1, r1), (c2, r2) in zip(pairs, pairs[1:])
    )
