"""One expectation suite per warehouse table, as plain data.

Suites are declared here without importing Great Expectations (a slow
import): Dagster needs only their names to declare the asset checks, and the
GX objects are built from these specs when a run validates a batch
(``gx_bridge.py``).  Each expectation names the GX class, its arguments, and
why it exists: a check that cannot fail has no place here.

Some expectations look at *derived* columns, computed next to the batch by
``frames.py`` (the evidence text found at the stored offsets, whether the
article exists upstream...): GX validates one DataFrame, so cross-table and
cross-column facts are made columns first.  So are the facts GX would find
slowly: a value per fact type (not a row condition per type), whether a text
has any, the first forbidden pattern in an article (not the article itself).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from arqam.extraction.facts.actors import gazetteer
from arqam.extraction.read.articles import FLAGS
from arqam.extraction.read.ingest import QUARANTINE_REASONS
from arqam.extraction.read.published import PUBLISHED_SOURCES
from arqam.extraction.text.arabic import NON_STANDARD_ARABIC_RE
from arqam.extraction.typing.catalog import (
    FACT_TYPES,
    OTHER,
    QUALIFIERS,
    QUANTITY_KINDS,
    allowed_type_unit_pairs,
)

SHA256_RE = r"^[0-9a-f]{64}$"
@dataclass(frozen=True)
class ExpectationSpec:
    name: str  # the Dagster check name and the key of its dq_results rows
    gx_type: str  # a class of great_expectations.expectations
    kwargs: dict = field(default_factory=dict)
    why: str = ""


@dataclass(frozen=True)
class Suite:
    table: str  # the warehouse table (and Dagster asset) the suite guards
    expectations: tuple[ExpectationSpec, ...]

    @property
    def name(self) -> str:
        return f"arqam_{self.table}"


def _unique(column: str) -> ExpectationSpec:
    return ExpectationSpec(
        f"{column}_unique", "ExpectColumnValuesToBeUnique", {"column": column}, why=f"{column} is the row's key"
    )


def _not_null(column: str) -> ExpectationSpec:
    return ExpectationSpec(
        f"{column}_present", "ExpectColumnValuesToNotBeNull", {"column": column}, why=f"every row has a {column}"
    )


def _in_set(column: str, values, why: str) -> ExpectationSpec:
    return ExpectationSpec(
        f"{column}_allowed", "ExpectColumnValuesToBeInSet", {"column": column, "value_set": sorted(values)}, why=why
    )


def has_text_column(column: str) -> str:
    """The frame column that says whether ``column`` holds a character other than whitespace."""
    return f"{column}_has_text"


def _non_empty(column: str) -> ExpectationSpec:
    # decided in the frame (frames.py), so a long text never travels to pandas for one character
    return _true(has_text_column(column), f"{column}_non_empty", f"an empty {column}, or whitespace only, carries nothing")


def _true(column: str, name: str, why: str) -> ExpectationSpec:
    return ExpectationSpec(name, "ExpectColumnValuesToBeInSet", {"column": column, "value_set": [True]}, why=why)


def pair_value(first: str, second: str) -> str:
    """Two columns as one value (``troops|person``): GX checks a set of single values far faster
    than a set of pairs (ExpectColumnPairValuesToBeInSet goes row by row in Python)."""
    return f"{first}|{second}"


def first_match_column(what: str) -> str:
    """The frame column holding the first ``what`` found in clean_text, with a little context ('' if none)."""
    return f"{what}_in_clean_text"


def plausible_value_column(fact_type: str) -> str:
    """The frame column holding a fact's value on rows of ``fact_type`` only (null elsewhere): one
    bound per type checked on a plain column, not on rows GX would filter again for every type."""
    return f"value_if_{fact_type}"


def _code_list_regex(codes) -> str:
    """A comma-separated list of ``codes``, possibly empty (a list column as the frame shows it)."""
    one = "(?:" + "|".join(re.escape(code) for code in codes) + ")"
    return f"^(?:{one}(?:,{one})*)?$"


def _furniture_regex() -> str:
    from arqam.extraction.clean.furniture import FURNITURE_MARKERS

    return "|".join(re.escape(marker) for marker in FURNITURE_MARKERS)


@cache
def suites() -> dict[str, Suite]:
    """Every suite, by the table it guards."""
    fact_types = sorted(FACT_TYPES)
    plausible = [
        ExpectationSpec(
            f"value_plausible_{t.name}",
            "ExpectColumnValuesToBeBetween",
            {"column": plausible_value_column(t.name), "min_value": 0, "max_value": t.plausible_max, "strict_min": True},
            why=f"a {t.name} figure above {t.plausible_max:,.0f} is a parsing error, not news",
        )
        for t in FACT_TYPES.values()
    ]
    # pairs of columns are compared in the frame (frames.py: BOUNDS_ORDERED), as GX would compare them:
    # GX's pair expectations go row by row in Python; a boolean column is checked in one pass
    bounds_ordered = [
        _true("value_at_least_min", "value_at_least_min", "value_min is a lower bound of value"),
        _true("max_at_least_value", "max_at_least_value", "value_max is an upper bound of value"),
    ]
    known_pairs = sorted({(actor.key, actor.english) for actor, _, _ in gazetteer()})
    actor_en_allowed = _in_set(
        "actor_en",
        {english for _, english in known_pairs},
        "English actor names come from the gazetteer (extraction/data/actors.tsv), never from free text",
    )
    all_suites = [
        Suite(
            "raw_articles",
            (
                _unique("article_id"),
                _not_null("article_id"),
                ExpectationSpec(
                    "sha256_is_hex_digest",
                    "ExpectColumnValuesToMatchRegex",
                    {"column": "sha256", "regex": SHA256_RE},
                    why="the content hash is the idempotency key",
                ),
                _unique("sha256"),
                _true(
                    "not_a_stored_duplicate",
                    "no_duplicate_of_stored_article",
                    "the same text under another name is quarantined, not stored twice",
                ),
                _non_empty("raw_text"),
                _in_set("source_format", ("txt", "html", "jsonl"), "only readable formats reach raw_articles"),
                ExpectationSpec(
                    "flags_allowed",
                    "ExpectColumnValuesToMatchRegex",
                    {"column": "flags", "regex": _code_list_regex(FLAGS)},
                    why="what reading did to a text (repaired bytes, guessed code page, mojibake) is one of a closed set of codes",
                ),
                _in_set(
                    "published_source",
                    PUBLISHED_SOURCES,
                    "a publication date says which part of the input gave it (docs/dates.md); null when none did",
                ),
                _true(
                    "published_not_in_future",
                    "published_not_in_future",
                    "an article is not published more than a day from now (time zones aside): a later date is misread",
                ),
            ),
        ),
        Suite(
            "quarantine",
            (
                _unique("quarantine_id"),
                _in_set("reason", QUARANTINE_REASONS, "reasons are machine-readable codes"),
                _non_empty("message"),
                ExpectationSpec(
                    "source_path_non_empty",
                    "ExpectColumnValuesToMatchRegex",
                    {"column": "source_path", "regex": r"[\s\S]"},
                    why="every quarantined input says where it was; a file named with spaces only is still a "
                    "name, and must land here rather than stop the stage",
                ),
            ),
        ),
        Suite(
            "clean_articles",
            (
                _unique("article_id"),
                _true("article_in_upstream", "article_in_raw_articles", "every cleaned article comes from raw_articles"),
                _true(
                    "text_kept_or_cut_for_a_reason",
                    "clean_text_kept_or_cut_for_a_reason",
                    "cleaning empties an article only by cutting it, each cut with its reason in removed "
                    "(a page of links only, an English wire): never by losing text",
                ),
                # the regex runs over the frame's first match in clean_text, with its context ('' if none)
                ExpectationSpec(
                    "no_page_furniture_left",
                    "ExpectColumnValuesToNotMatchRegex",
                    {"column": first_match_column("furniture"), "regex": _furniture_regex()},
                    why="related-article lists, tags and comment boxes must be cut before extraction",
                ),
                ExpectationSpec(
                    "standard_arabic_letters_only",
                    "ExpectColumnValuesToNotMatchRegex",
                    {"column": first_match_column("non_standard_letters"), "regex": NON_STANDARD_ARABIC_RE.pattern},
                    why="normalization leaves no diacritics, tatweel, Persian letters, presentation forms or Indic digits",
                ),
                _true("sentences_inside_text", "sentences_inside_text", "every sentence span lies inside clean_text"),
                _true("offset_map_valid", "offset_map_valid", "the offset map is increasing and lands inside raw_text"),
                ExpectationSpec(
                    "arabic_ratio_in_unit_interval",
                    "ExpectColumnValuesToBeBetween",
                    {"column": "arabic_ratio", "min_value": 0, "max_value": 1},
                    why="a ratio",
                ),
            ),
        ),
        Suite(
            "fact_mentions",
            (
                _unique("mention_id"),
                _true("article_in_upstream", "article_in_clean_articles", "every mention comes from a cleaned article"),
                _in_set("fact_type", [*fact_types, OTHER], "fact types, or other"),
                _in_set("kind", QUANTITY_KINDS, "the parser's quantity kinds"),
                _in_set("qualifier", QUALIFIERS, "qualifiers of the fact model"),
                _true("span_not_empty", "span_not_empty", "a mention covers at least one character"),
                _true("offsets_inside_text", "offsets_inside_text", "offsets point inside clean_text"),
                _true(
                    "surface_is_text_at_offsets",
                    "surface_is_text_at_offsets",
                    "the stored span really is where the quantity is",
                ),
                _true("evidence_is_text_at_offsets", "evidence_is_text_at_offsets", "evidence is traceable to the cleaned text"),
                _true("evidence_contains_surface", "evidence_contains_surface", "the evidence states the figure"),
                _non_empty("rule"),
                *bounds_ordered,
                _true(
                    "as_of_interval_ordered",
                    "as_of_interval_ordered",
                    "as_of_start and as_of_end are both there or both missing, the start not after the end",
                ),
            ),
        ),
        Suite(
            "facts",
            (
                _unique("fact_id"),
                _true("article_in_upstream", "article_in_fact_mentions", "every fact's article was extracted"),
                _in_set("fact_type", fact_types, "only fact types reach facts (no 'other')"),
                _in_set("qualifier", QUALIFIERS, "qualifiers of the fact model"),
                ExpectationSpec(
                    "unit_matches_type",
                    "ExpectColumnValuesToBeInSet",
                    {"column": "type_unit", "value_set": [pair_value(*pair) for pair in allowed_type_unit_pairs()]},
                    why="each type has its unit (docs/facts.md); money is in a known ISO 4217 currency",
                ),
                *plausible,
                *bounds_ordered,
                _non_empty("evidence"),
                _true("evidence_is_text_at_offsets", "evidence_is_text_at_offsets", "evidence is traceable to the cleaned text"),
                actor_en_allowed,
                _not_null("actor_key"),
                ExpectationSpec(
                    "actor_key_matches_actor_en",
                    "ExpectColumnValuesToBeInSet",
                    # null where actor_en is: a fact of an unknown actor has no English name to match
                    {"column": "actor_key_en", "value_set": [pair_value(*pair) for pair in known_pairs]},
                    why="a fact with an English actor name is keyed by that gazetteer entity, so claims group it with its other spellings",
                ),
                _true(
                    "as_of_interval_ordered",
                    "as_of_interval_ordered",
                    "as_of_start and as_of_end are both there or both missing, the start not after the end",
                ),
                _true(
                    "actor_en_matches_gazetteer",
                    "actor_en_matches_gazetteer",
                    "actor_en is null exactly when the actor phrase names no gazetteer entity, else the name of the entity it names",
                ),
            ),
        ),
        # the claims' stored rows (claim_facts: one per fact), which the view claims groups and compares
        Suite(
            "claims",
            (
                _unique("fact_id"),
                _in_set("fact_type", fact_types, "fact types"),
                _true(
                    "fact_matches",
                    "fact_matches",
                    "each row is a fact as facts holds it: same article, type, unit, value, qualifier, actor and days",
                ),
                _true(
                    "quantity_key_matches",
                    "quantity_key_matches",
                    "the quantity key is fact_type|unit|actor_key: what the view claims groups and compares by",
                ),
                _true(
                    "published_matches_article",
                    "published_matches_article",
                    "the publication date compared by the view is the article's own (raw_articles.published)",
                ),
                _true(
                    "claim_id_agrees",
                    "claim_id_agrees",
                    "every row of one quantity and value, stored or new, names the same claim: the view shows one id per claim",
                ),
                actor_en_allowed,
                _true(
                    "actor_en_matches_quantity_key",
                    "actor_en_matches_quantity_key",
                    "a figure of a gazetteer entity carries that entity's English name, and only such a figure has one",
                ),
            ),
        ),
    ]
    return {suite.table: suite for suite in all_suites}
