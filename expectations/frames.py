"""The frame each suite validates: the batch's columns and the derived columns its checks read.

GX validates one DataFrame at a time, so facts that span columns or tables
(the text found at the stored offsets, the article existing upstream) are
computed here as columns.  Upstream facts are read back from the warehouse,
not taken from the asset's memory, so the checks are independent of the code
that produced the batch.

A batch's frame is one DuckDB query, Arrow in and Arrow out, and holds only the
columns the suite's expectations read (``suite_columns``).  What is row by row
in Python inside GX is done here in one vectorized pass: a row condition per
fact type, a walk along a list, and above all a long text in the frame, which GX
copies once per expectation.  So a check on an article's text or on evidence
reads a short column derived from it (whether it has text; the first match of a
forbidden pattern, with its context).  Upstream tables are read for the batch's
articles only: a frame costs what its batch holds, not what the warehouse holds.

Derived columns are never null where their check is a yes or no: GX skips nulls,
and the check would pass unseen.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import cache
from typing import Protocol

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from arqam.expectations.suites import first_match_column, has_text_column, plausible_value_column, suites
from arqam.extraction.facts.actors import gazetteer, identify_actor
from arqam.extraction.typing.catalog import FACT_TYPES


class Warehouse(Protocol):
    """Where a frame reads the upstream rows its checks compare with: the warehouse's store
    (``warehouse.store.Warehouse``), or the Parquet path's connection of a batch."""

    def connect(self, read_only: bool) -> AbstractContextManager[duckdb.DuckDBPyConnection]: ...


@cache
def visible_character_regex() -> str:
    r"""A character other than whitespace as Python's ``re`` sees it (``\S``), in RE2's syntax for
    DuckDB: RE2's own ``\s`` is ASCII only, and would take a text of no-break spaces for text."""
    spaces = (chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace())
    return "[^" + "".join(f"\\x{{{ord(space):x}}}" for space in spaces) + "]"


def _has_text(column: str) -> str:
    return f"coalesce(regexp_matches({column}, $visible), false) AS {has_text_column(column)}"


def _first_match(what: str) -> str:
    # the text is scanned once for every forbidden pattern at once (forbidden_found), and again for
    # the match and its context only where one is there: most articles hold none
    return (
        f"CASE WHEN forbidden_found THEN coalesce(regexp_extract(clean_text, ${what}), '') ELSE '' END "
        f"AS {first_match_column(what)}"
    )


def _first_match_with_context(regex: str) -> str:
    """A regex for the first match of ``regex`` and up to 20 characters around it."""
    return "(?s).{0,20}(?:" + regex + ").{0,20}"


# Pairs of columns compared as GX's pair expectations compare them (value_at_least_min: value >= value_min,
# a row skipped where either is missing; span_not_empty and surface_is_text_at_offsets: a row skipped where
# both are missing), but in one pass here: GX goes row by row.  pandas counts NaN as missing, so does this.
BOUNDS_ORDERED = (
    "coalesce(isnan(value) OR isnan(value_min) OR value >= value_min, true) AS value_at_least_min, "
    "coalesce(isnan(value_max) OR isnan(value) OR value_max >= value, true) AS max_at_least_value"
)
SPAN_NOT_EMPTY = (
    "(end_offset IS NULL AND start_offset IS NULL) OR coalesce(end_offset > start_offset, false) AS span_not_empty"
)
SURFACE_AT_OFFSETS = (
    "(surface IS NULL AND text_at_offsets IS NULL) OR coalesce(surface = text_at_offsets, false) "
    "AS surface_is_text_at_offsets"
)

def _of_batch(table: str, columns: str) -> str:
    """A subquery: ``columns`` of the rows of ``table`` about the batch's articles.  They are found by
    article_id, then read by row id: a filter on article_id alone reads the long texts of a whole
    row group (up to 122,880 rows) to keep a few."""
    return (
        "(SELECT " + columns + " FROM " + table + " WHERE rowid IN "
        "(SELECT rowid FROM " + table + " WHERE article_id IN (SELECT article_id FROM batch)))"
    )


# Both days of an as_of or neither, in order (a row condition GX would go through row by row).
AS_OF_ORDERED = (
    "coalesce(as_of_start <= as_of_end, as_of_start IS NULL AND as_of_end IS NULL) AS as_of_interval_ordered"
)

RAW_ARTICLES_SQL = (
    "SELECT b.article_id, b.sha256, b.source_format, array_to_string(b.flags, ',') AS flags, b.published_source, "
    # published is UTC: compared with now in UTC, a day of leeway for a clock or a time zone written wrong
    "coalesce(b.published <= CAST(timezone('UTC', now()) AS TIMESTAMP) + INTERVAL 1 DAY, true) AS published_not_in_future, "
    + _has_text("raw_text") + ", "
    "NOT EXISTS (SELECT 1 FROM raw_articles r WHERE r.sha256 = b.sha256 AND r.article_id <> b.article_id) "
    "AS not_a_stored_duplicate FROM batch b"
)

QUARANTINE_SQL = "SELECT *, " + _has_text("message") + " FROM batch"

# Sentence spans: in order, not overlapping, each non-empty and inside the text.  The offset map:
# as many clean as raw anchors, each inside its text, both sequences non-decreasing.
CLEAN_ARTICLES_SQL = (
    "SELECT *, "
    # a page that is all furniture (or all in another script) cleans to nothing, and says what it cut
    "coalesce(regexp_matches(clean_text, $visible) OR len(removed) > 0, false) AS text_kept_or_cut_for_a_reason, "
    + _first_match("furniture") + ", " + _first_match("non_standard_letters") + ", "
    "coalesce(len(sentence_starts) = len(sentence_ends) AND coalesce(list_bool_and(list_transform("
    "range(1, len(sentence_starts) + 1), lambda i: coalesce("
    "(CASE WHEN i = 1 THEN 0 ELSE sentence_ends[i - 1] END) <= sentence_starts[i] "
    "AND sentence_starts[i] < sentence_ends[i] AND sentence_ends[i] <= clean_length, false))), true), false) "
    "AS sentences_inside_text, "
    "coalesce(len(map_clean) = len(map_raw) AND raw_length IS NOT NULL AND coalesce(list_bool_and(list_transform("
    "range(1, len(map_clean) + 1), lambda i: coalesce("
    "0 <= map_clean[i] AND map_clean[i] <= clean_length AND 0 <= map_raw[i] AND map_raw[i] <= raw_length "
    "AND (i = 1 OR (map_clean[i - 1] <= map_clean[i] AND map_raw[i - 1] <= map_raw[i])), false))), true), false) "
    "AS offset_map_valid "
    "FROM (SELECT b.*, length(b.clean_text) AS clean_length, r.raw_length, "
    "coalesce(regexp_matches(b.clean_text, $forbidden), true) AS forbidden_found, "
    "r.article_id IS NOT NULL AS article_in_upstream FROM batch b "
    "LEFT JOIN " + _of_batch("raw_articles", "article_id, sha256, length(raw_text) AS raw_length")
    + " r ON r.article_id = b.article_id AND r.sha256 = b.sha256)"
)

# A mention's offsets checked against its cleaned article, with the texts at its offsets read in
# Python (``_texts_at_offsets``): SQL's substr finds a character offset by walking the text from its
# start, once per row, so an article of many figures cost its length times its figures.
FACT_MENTIONS_SQL = (
    "SELECT *, " + SURFACE_AT_OFFSETS + " FROM (SELECT *, "
    "coalesce(0 <= start_offset AND start_offset < end_offset AND end_offset <= clean_length, false) "
    "AS offsets_inside_text, "
    "coalesce(evidence = evidence_at_offsets, false) AS evidence_is_text_at_offsets, "
    "coalesce(evidence_start <= start_offset AND end_offset <= evidence_end, false) AS evidence_contains_surface, "
    + SPAN_NOT_EMPTY + ", " + BOUNDS_ORDERED + ", " + AS_OF_ORDERED + ", " + _has_text("rule") + " "
    "FROM (SELECT b.*, c.clean_length, c.article_id IS NOT NULL AS article_in_upstream FROM batch b LEFT JOIN "
    + _of_batch("clean_articles", "article_id, sha256, length(clean_text) AS clean_length")
    + " c ON c.article_id = b.article_id AND c.sha256 = b.sha256))"
)


def facts_row_columns() -> str:
    """The facts suite's columns derived within a row: pairs as one value (``suites.pair_value``),
    the value of each fact type in a column of its own (null on the other types' rows), and the
    value's bounds compared with it (``BOUNDS_ORDERED``).

    A missing type or unit makes a pair outside every allowed set; a missing key or English
    name makes no pair (actor_key_present and the gazetteer check see those rows)."""
    values = ", ".join(
        f"CASE WHEN fact_type = '{name}' THEN value END AS {plausible_value_column(name)}" for name in sorted(FACT_TYPES)
    )
    return (
        "coalesce(fact_type, '') || '|' || coalesce(unit, '') AS type_unit, "
        f"actor_key || '|' || actor_en AS actor_key_en, {values}, " + BOUNDS_ORDERED + ", " + AS_OF_ORDERED
    )


# A fact's evidence checked against its cleaned article, the text at its span read in Python
# (``_texts_at_offsets``), as for the mentions.
FACTS_SQL = (
    "SELECT *, " + facts_row_columns() + ", " + _has_text("evidence") + ", "
    "actor_en IS NOT DISTINCT FROM gazetteer_english AS actor_en_matches_gazetteer "
    "FROM (SELECT b.*, m.article_id IS NOT NULL AS article_in_upstream, g.english AS gazetteer_english "
    "FROM (SELECT b.*, coalesce(b.evidence = b.evidence_at_offsets, false) AS evidence_is_text_at_offsets "
    "FROM batch b) b "
    "LEFT JOIN (SELECT DISTINCT article_id, sha256 FROM fact_mentions WHERE article_id IN "
    "(SELECT article_id FROM batch)) m ON m.article_id = b.article_id AND m.sha256 = b.sha256 "
    "LEFT JOIN actor_english g ON g.actor = b.actor)"
)

CLAIMS_SQL = (
    "SELECT b.*, "
    "coalesce(f.article_id = b.article_id AND f.fact_type = b.fact_type AND f.unit = b.unit AND f.value = b.value "
    "AND f.qualifier = b.qualifier AND f.actor = b.actor AND f.as_of_start IS NOT DISTINCT FROM b.as_of_start "
    "AND f.as_of_end IS NOT DISTINCT FROM b.as_of_end, false) AS fact_matches, "
    "coalesce(b.quantity_key = concat_ws('|', b.fact_type, b.unit, b.actor_key), false) AS quantity_key_matches, "
    "coalesce(a.article_id IS NOT NULL AND a.published IS NOT DISTINCT FROM b.published, false) AS published_matches_article, "
    "coalesce(ids.n = 1, false) AS claim_id_agrees, "
    # the quantity key ends with the actor key: a gazetteer key names its entity
    "b.actor_en IS NOT DISTINCT FROM g.english AS actor_en_matches_quantity_key "
    "FROM batch b LEFT JOIN facts f ON f.fact_id = b.fact_id "
    "LEFT JOIN raw_articles a ON a.article_id = b.article_id "
    # the claim ids of each quantity and value of the batch, among its rows and the stored rows of other articles
    "LEFT JOIN (SELECT quantity_key, value, count(DISTINCT claim_id) AS n FROM ("
    "  SELECT quantity_key, value, claim_id FROM batch UNION ALL "
    "  SELECT c.quantity_key, c.value, c.claim_id FROM claim_facts c "
    "  SEMI JOIN (SELECT DISTINCT quantity_key, value FROM batch) k ON k.quantity_key = c.quantity_key AND k.value = c.value "
    "  WHERE c.article_id NOT IN (SELECT article_id FROM batch)) GROUP BY quantity_key, value) ids "
    "ON ids.quantity_key = b.quantity_key AND ids.value = b.value "
    "LEFT JOIN gazetteer_english g ON g.key = b.actor_key"
)


def suite_columns(table: str) -> list[str]:
    """The columns the table's expectations read, in the suite's order: all its frame holds."""
    columns: list[str] = []
    for spec in suites()[table].expectations:
        for key in ("column", "column_A", "column_B"):
            if key in spec.kwargs and spec.kwargs[key] not in columns:
                columns.append(spec.kwargs[key])
    return columns


@cache
def sql_parameters() -> dict[str, str]:
    """The patterns the frames' SQL reads as $parameters: the clean_articles suite's own regexes."""
    regex_of = {spec.kwargs["column"]: spec.kwargs["regex"] for spec in suites()["clean_articles"].expectations
                if "regex" in spec.kwargs}
    forbidden = ("furniture", "non_standard_letters")
    return {
        "visible": visible_character_regex(),
        **{what: _first_match_with_context(regex_of[first_match_column(what)]) for what in forbidden},
        # any of them, with the flags of the patterns above: a text matches it exactly when it matches one of them
        "forbidden": "(?s)" + "|".join("(?:" + regex_of[first_match_column(what)] + ")" for what in forbidden),
    }


def _with_upstream(batch: pa.Table, warehouse: Warehouse, table: str, sql: str, **lookups: pa.Table) -> pa.Table:
    """The frame of ``table``: ``sql`` (which reads the batch as ``batch``, and the small ``lookups``
    tables by their names) run against the warehouse, reduced to the suite's columns."""
    columns = ", ".join(f'"{column}"' for column in suite_columns(table))
    with warehouse.connect(read_only=True) as con:
        con.register("batch", batch)
        for name, lookup in lookups.items():
            con.register(name, lookup)
        used = {name: value for name, value in sql_parameters().items() if "$" + name in sql}
        return con.sql("SELECT " + columns + " FROM (" + sql + ")", params=used).to_arrow_table()


def raw_articles_frame(batch: pa.Table, warehouse: Warehouse) -> pa.Table:
    return _with_upstream(batch, warehouse, "raw_articles", RAW_ARTICLES_SQL)


def quarantine_frame(batch: pa.Table, warehouse: Warehouse) -> pa.Table:
    return _with_upstream(batch, warehouse, "quarantine", QUARANTINE_SQL)


def clean_articles_frame(batch: pa.Table, warehouse: Warehouse) -> pa.Table:
    return _with_upstream(batch, warehouse, "clean_articles", CLEAN_ARTICLES_SQL)


def fact_mentions_frame(batch: pa.Table, warehouse: Warehouse) -> pa.Table:
    spans = {"evidence_at_offsets": ("evidence_start", "evidence_end", None), "text_at_offsets": ("start_offset", "end_offset", "")}
    return _with_upstream(_texts_at_offsets(batch, warehouse, spans), warehouse, "fact_mentions", FACT_MENTIONS_SQL)


def _texts_at_offsets(batch: pa.Table, warehouse: Warehouse, spans: dict[str, tuple[str, str, str | None]]) -> pa.Table:
    """The batch with, for each ``column: (start, end, outside)`` of ``spans``, the text of its article
    between each row's ``start`` and ``end``, as SQL's substr(text, start + 1, end - start) gives it
    inside the text (a backwards span reads the characters before ``start``), and ``outside`` where
    the span is not inside the text or the article is not stored.  Each article is read once and
    each span is a slice, so the check is linear in the texts; which rows' spans are inside their
    text is worked out column-wise, and the rows are left with one slice each."""
    texts, text_of_row = _articles_of_rows(batch, warehouse)
    lengths = pa.array([None if text is None else len(text) for text in texts], pa.int64())
    length_of_row = pc.take(lengths, pa.array(text_of_row, pa.int64()))
    for column, (start, end, outside) in spans.items():
        low = pc.min_element_wise(batch.column(start), batch.column(end), skip_nulls=False)
        high = pc.max_element_wise(batch.column(start), batch.column(end), skip_nulls=False)
        inside = pc.and_(pc.greater_equal(low, 0), pc.less_equal(high, length_of_row)).fill_null(False)
        at = [
            texts[text][first:last] if ok else outside
            for text, first, last, ok in zip(text_of_row, low.to_pylist(), high.to_pylist(), inside.to_pylist())
        ]
        batch = batch.append_column(column, pa.array(at, pa.string()))
    return batch


def _articles_of_rows(batch: pa.Table, warehouse: Warehouse) -> tuple[list[str], list[int | None]]:
    """The stored clean texts of the batch's articles, and for each row of the batch the position of
    its article's text among them (None where its article and content hash are not stored)."""
    keys = ["article_id", "sha256"]
    with warehouse.connect(read_only=True) as con:
        con.register("batch", batch.select(keys))
        stored = con.sql(
            "SELECT article_id, sha256, clean_text FROM " + _of_batch("clean_articles", "article_id, sha256, clean_text")
        ).to_arrow_table()
    numbered = stored.select(keys).append_column("text", pa.array(range(stored.num_rows), pa.int64()))
    # one position per article and hash, the last, should a store hold one twice (a join would repeat its rows)
    numbered = numbered.group_by(keys, use_threads=False).aggregate([("text", "max")]).rename_columns({"text_max": "text"})
    rows = batch.select(keys).append_column("row", pa.array(range(batch.num_rows), pa.int64()))
    found = rows.join(numbered, keys=keys, join_type="left outer", use_threads=False).sort_by("row")
    return stored.column("clean_text").to_pylist(), found.column("text").to_pylist()


def facts_frame(batch: pa.Table, warehouse: Warehouse) -> pa.Table:
    batch = _texts_at_offsets(batch, warehouse, {"evidence_at_offsets": ("evidence_start", "evidence_end", None)})
    return _with_upstream(batch, warehouse, "facts", FACTS_SQL, actor_english=actor_english(batch["actor"]))


def claims_frame(batch: pa.Table, warehouse: Warehouse) -> pa.Table:
    return _with_upstream(batch, warehouse, "claims", CLAIMS_SQL, gazetteer_english=gazetteer_english())


FRAME_BUILDERS: dict[str, Callable[[pa.Table, Warehouse], pa.Table]] = {
    "raw_articles": raw_articles_frame,
    "quarantine": quarantine_frame,
    "clean_articles": clean_articles_frame,
    "fact_mentions": fact_mentions_frame,
    "facts": facts_frame,
    "claims": claims_frame,
}


def actor_english(actors: pa.ChunkedArray) -> pa.Table:
    """Each distinct actor phrase of a batch with the English name of the gazetteer entity it names
    (null if none): looked up once per phrase, a batch repeats a few dozen."""
    phrases = [phrase for phrase in pc.unique(actors).to_pylist() if phrase is not None]
    english = [known.english if (known := identify_actor(phrase)) else None for phrase in phrases]
    return pa.table({"actor": pa.array(phrases, pa.string()), "english": pa.array(english, pa.string())})


def gazetteer_english() -> pa.Table:
    """Every gazetteer key with its entity's English name."""
    english_of = {actor.key: actor.english for actor, _, _ in gazetteer()}
    return pa.table({"key": pa.array(list(english_of), pa.string()), "english": pa.array(list(english_of.values()), pa.string())})


def with_row_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A facts frame built by hand (tests) with the columns the frame derives within a row, by the
    frame's own SQL (``facts_row_columns``, and evidence_has_text)."""
    con = duckdb.connect()
    try:
        con.register("frame", frame)
        sql = "SELECT *, " + facts_row_columns() + ", " + _has_text("evidence") + " FROM frame"
        return con.sql(sql, params={"visible": visible_character_regex()}).df()
    finally:
        con.close()
