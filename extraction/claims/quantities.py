"""Claims: the same figure across articles, and where articles disagree.

A claim is one value of one quantity — a fact type, a unit and an actor —
with every article that reports it.  Actors are compared by their gazetteer
key when the gazetteer knows them (data/actors.tsv: "القوات الأمريكية" and
"قوات أميركية" are both ``us_forces``), else by a spelling-insensitive key of
the phrase.  Figures without a named actor are never compared: two
unattributed death tolls are rarely the same quantity.

Two values of a quantity disagree only where two figures describe the same thing
at the same time (docs/claims.md).  A figure f (value V, article a) and a figure
g (value W, article b) are set against each other when:

* they describe the same moment: both have an ``as_of`` and its days are the same
  (2020 and 2020, not 2020 and March 2020); or neither has one, and their articles
  were published at most ``PUBLISHED_WINDOW`` apart; or one has an ``as_of`` and the
  other's article was published within ``PUBLISHED_WINDOW`` of its days.  A figure
  with no date at all (no as_of, no publication date) is compared with nothing;
* they happen at the same place: the places their sentences name (data/places.tsv)
  are the same, or one lies within the other, or one sentence names none;
* neither article reports the other value: an article that states both (a figure
  then and now, a total and a part) contradicts nothing by itself.

Then V and W disagree, each claim flagged, the other value in ``other_values``.

The claims of a quantity depend on the facts of that quantity only, so any
set of whole quantities can be built on its own.  The claims stage stores a row
per fact (``claim_facts_table``: a fact and its article alone make it) and the
warehouse's view ``claims`` compares them when read; ``claims_table`` is the same
rule in Python, the definition the view is tested against.  The grouping is done over Arrow columns (facts sorted by
quantity, value and article make each claim a run of rows); the comparison
looks only at figures that can share a moment: those with the same as_of days,
and those published within the window of each other or of an as_of, found by
bisection over the figures sorted by publication.
(``tests/facts_claims_reference.py`` keeps the rule written pair by pair over
dicts; the two give the same rows, tested.)
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta

import pyarrow as pa
import pyarrow.compute as pc

from arqam.extraction.claims.ordering import sort_indices
from arqam.extraction.claims.places import places_in, places_within, same_place
from arqam.extraction.facts.actors import actor_key, identify_actor
from arqam.extraction.text.ids import stable_id

__all__ = [
    "CLAIMS_INPUT", "CLAIM_FACTS_COLUMNS", "PUBLISHED_WINDOW", "actor_key", "build_claims", "claim_facts_table", "claims_table",
]

# Two reports without a date in their text describe the same moment when published this close:
# the tolls of one incident are reported, updated and contradicted within a day or two.
PUBLISHED_WINDOW = timedelta(days=2)
# the facts columns a claim is made of, and the article's (raw_articles) it needs
CLAIMS_FACT_INPUT = (
    "fact_id", "article_id", "fact_type", "unit", "value", "qualifier", "actor", "as_of_start", "as_of_end", "evidence",
)
CLAIMS_ARTICLE_INPUT = ("published",)
CLAIMS_INPUT = (*CLAIMS_FACT_INPUT, *CLAIMS_ARTICLE_INPUT)
# what a fact given as a dict may leave out (build_claims): no date, no sentence
_OPTIONAL_INPUT = {"as_of_start": pa.date32(), "as_of_end": pa.date32(), "evidence": pa.string(), "published": pa.timestamp("us")}
# the claims columns (a stage selects them in its table's order)
CLAIMS_COLUMNS = (
    "claim_id", "quantity_key", "fact_type", "unit", "actor", "actor_en", "value", "qualifier", "n_sources",
    "article_ids", "fact_ids", "disagreement", "other_values",
)
# What the warehouse stores for claims (claim_facts): one row per fact, made of that fact and its
# article alone, so a run that adds articles writes the rows of their facts and no other.  The
# claims readers see (CLAIMS_COLUMNS: sources, disagreement, other values) are the view ``claims``
# over these rows (warehouse/sql/views.sql), which ``claims_table`` computes in Python, tested equal.
CLAIM_FACTS_COLUMNS = (
    "fact_id", "article_id", "claim_id", "quantity_key", "fact_type", "unit", "actor", "actor_key", "actor_en", "value",
    "qualifier", "as_of_start", "as_of_end", "published", "places", "places_within",
)


def claim_facts_table(facts: pa.Table) -> pa.Table:
    """claim_facts rows (``CLAIM_FACTS_COLUMNS``) of ``facts`` (``CLAIMS_INPUT`` columns): each fact's
    quantity key, claim id, the English name of its actor and the places its sentence names."""
    facts = facts.select(list(CLAIMS_INPUT))
    actors = facts["actor"].combine_chunks().dictionary_encode()
    names = actors.dictionary.to_pylist()
    keys = pa.array([actor_key(name) for name in names], pa.string()).take(actors.indices)
    english = pa.array(
        [known.english if (known := identify_actor(name)) else None for name in names], pa.string()
    ).take(actors.indices)
    quantity_keys = [f"{t}|{u}|{k}" for t, u, k in zip(
        facts["fact_type"].to_pylist(), facts["unit"].to_pylist(), keys.to_pylist()
    )]
    # a sentence is often the evidence of several facts: its places are read once
    evidence = pc.fill_null(facts["evidence"].combine_chunks(), "").dictionary_encode()
    found = [sorted(places_in(text)) if text else [] for text in evidence.dictionary.to_pylist()]
    within = [sorted(places_within(places)) for places in found]
    list_of = pa.list_(pa.string())
    columns = {
        "fact_id": facts["fact_id"],
        "article_id": facts["article_id"],
        "claim_id": pa.array([stable_id(q, v) for q, v in zip(quantity_keys, facts["value"].to_pylist())], pa.string()),
        "quantity_key": pa.array(quantity_keys, pa.string()),
        "fact_type": facts["fact_type"],
        "unit": facts["unit"],
        "actor": facts["actor"],
        "actor_key": keys,
        "actor_en": english,
        "value": facts["value"],
        "qualifier": facts["qualifier"],
        "as_of_start": facts["as_of_start"],
        "as_of_end": facts["as_of_end"],
        "published": facts["published"],
        "places": pa.array(found, list_of).take(evidence.indices),
        "places_within": pa.array(within, list_of).take(evidence.indices),
    }
    return pa.table({name: columns[name] for name in CLAIM_FACTS_COLUMNS})


def claims_table(facts: pa.Table) -> pa.Table:
    """Claim rows (``CLAIMS_COLUMNS``) of ``facts`` (``CLAIMS_INPUT`` columns), every fact of each quantity in them."""
    facts = facts.select(list(CLAIMS_INPUT))
    actors = facts["actor"].combine_chunks().dictionary_encode()
    keys = pa.array([actor_key(name) for name in actors.dictionary.to_pylist()], pa.string()).take(actors.indices)
    facts = facts.append_column("actor_key", keys)
    facts = facts.take(sort_indices(facts, ("fact_type", "unit", "actor_key", "value", "article_id", "fact_id")))
    # each claim is a run of rows: where the quantity or the value changes
    claim_starts = _run_starts(facts, ("fact_type", "unit", "actor_key", "value"))
    first = facts.take(pa.array(claim_starts, pa.int64()))
    fact_types, units, keys, values = (first[name].to_pylist() for name in ("fact_type", "unit", "actor_key", "value"))
    # the articles of each claim, once each, in order
    article_starts = _run_starts(facts, ("fact_type", "unit", "actor_key", "value", "article_id"))
    sources = facts.select(["article_id"]).take(pa.array(article_starts, pa.int64()))["article_id"].combine_chunks()
    source_offsets = _offsets_of(claim_starts, article_starts)
    n_sources = [end - start for start, end in zip(source_offsets, source_offsets[1:])]
    claim_actor = _first_named(facts["actor"], claim_starts)
    english = {name: known.english if (known := identify_actor(name)) else None for name in set(claim_actor)}
    quantity_keys = [f"{t}|{u}|{k}" for t, u, k in zip(fact_types, units, keys)]
    disagreeing = _disagreeing(facts, claim_starts, quantity_keys, keys, sources.to_pylist(), source_offsets)
    other_offsets = [0]
    for others in disagreeing:
        other_offsets.append(other_offsets[-1] + len(others))
    others = pa.array([values[other] for others in disagreeing for other in others], pa.float64())
    columns = {
        "claim_id": pa.array([stable_id(q, v) for q, v in zip(quantity_keys, values)], pa.string()),
        "quantity_key": pa.array(quantity_keys, pa.string()),
        "fact_type": first["fact_type"],
        "unit": first["unit"],
        "actor": pa.array(claim_actor, pa.string()),
        "actor_en": pa.array([english[name] for name in claim_actor], pa.string()),
        "value": first["value"],
        "qualifier": first["qualifier"],
        "n_sources": pa.array(n_sources, pa.int64()),
        "article_ids": pa.ListArray.from_arrays(pa.array(source_offsets, pa.int32()), sources),
        "fact_ids": pa.ListArray.from_arrays(
            pa.array([*claim_starts, facts.num_rows], pa.int32()), facts["fact_id"].combine_chunks()
        ),
        "disagreement": pa.array([end > start for start, end in zip(other_offsets, other_offsets[1:])], pa.bool_()),
        "other_values": pa.ListArray.from_arrays(pa.array(other_offsets, pa.int32()), others),
    }
    return pa.table({name: columns[name] for name in CLAIMS_COLUMNS})


def build_claims(facts: Iterable[dict]) -> list[dict]:
    """Claim rows from fact rows (``CLAIMS_INPUT``; the dates and the evidence may be left out), as dicts."""
    table = _input_table(facts)
    return [] if table is None else claims_table(table).to_pylist()


def build_claim_facts(facts: Iterable[dict]) -> list[dict]:
    """claim_facts rows from fact rows (as ``build_claims`` takes them), as dicts."""
    table = _input_table(facts)
    return [] if table is None else claim_facts_table(table).to_pylist()


def _input_table(facts: Iterable[dict]) -> pa.Table | None:
    """Fact rows as the ``CLAIMS_INPUT`` columns, the optional ones left out filled with nulls; None for no rows."""
    rows = list(facts)
    if not rows:
        return None
    table = pa.Table.from_pylist(rows)
    for name, kind in _OPTIONAL_INPUT.items():
        if name not in table.column_names:
            table = table.append_column(name, pa.nulls(table.num_rows, kind))
    return table.select(list(CLAIMS_INPUT))


def _run_starts(table: pa.Table, columns: tuple[str, ...]) -> list[int]:
    """The rows where a run of equal values of ``columns`` begins (``table`` is sorted by them)."""
    if table.num_rows == 0:
        return []
    changed = None
    for name in columns:
        column = table[name].combine_chunks()
        differs = pc.not_equal(column.slice(1), column.slice(0, len(column) - 1))
        changed = differs if changed is None else pc.or_(changed, differs)
    return [0, *pc.add(pc.indices_nonzero(changed), 1).to_pylist()]


def _offsets_of(outer_starts: list[int], inner_starts: list[int]) -> list[int]:
    """Offsets into ``inner_starts`` of each outer run: every outer run start is also an inner run start."""
    positions = pc.index_in(pa.array(outer_starts, pa.int64()), value_set=pa.array(inner_starts, pa.int64()))
    return [*positions.to_pylist(), len(inner_starts)]


def _first_named(actors: pa.ChunkedArray, claim_starts: list[int]) -> list[str]:
    """Per claim (a run of rows from each start): the first actor that is not empty, or ""."""
    named = pc.indices_nonzero(pc.not_equal(actors, "")).to_pylist()
    names = actors.take(pa.array(named, pa.int64())).to_pylist()
    firsts, index = [], 0
    for start, end in zip(claim_starts, [*claim_starts[1:], len(actors)]):
        while index < len(named) and named[index] < start:
            index += 1
        firsts.append(names[index] if index < len(named) and named[index] < end else "")
    return firsts


def _disagreeing(
    facts: pa.Table,
    claim_starts: list[int],
    quantity_keys: list[str],
    keys: list[str],
    sources: list[str],
    source_offsets: list[int],
) -> list[list[int]]:
    """Per claim, the claims of its quantity it disagrees with (in value order): see the module's note."""
    found: list[list[int]] = [[] for _ in claim_starts]
    if not claim_starts:
        return found
    ends = [*claim_starts[1:], facts.num_rows]
    columns = {name: facts[name].to_pylist() for name in ("article_id", "as_of_start", "as_of_end", "published", "evidence")}
    quantity_start = 0
    for claim in range(1, len(claim_starts) + 1):
        if claim < len(claim_starts) and quantity_keys[claim] == quantity_keys[quantity_start]:
            continue
        if keys[quantity_start] and claim - quantity_start > 1:
            claims = range(quantity_start, claim)
            articles = {c: set(sources[source_offsets[c] : source_offsets[c + 1]]) for c in claims}
            rows = [(c, row) for c in claims for row in range(claim_starts[c], ends[c])]
            for one, other in sorted(_pairs(rows, columns, articles)):
                found[one].append(other)
                found[other].append(one)
        quantity_start = claim
    return [sorted(others) for others in found]


def _pairs(rows: list[tuple[int, int]], columns: dict[str, list], articles: dict[int, set[str]]) -> set[tuple[int, int]]:
    """The pairs of claims (lower first) of one quantity that disagree, from its rows (claim, row)."""
    pairs: set[tuple[int, int]] = set()
    places: dict[int, frozenset[str]] = {}

    def place(row: int) -> frozenset[str]:
        if row not in places:
            places[row] = places_in(columns["evidence"][row])
        return places[row]

    def consider(first: tuple[int, int], second: tuple[int, int]) -> None:
        (one, row_one), (other, row_other) = sorted((first, second))
        if one == other or (one, other) in pairs:
            return
        if columns["article_id"][row_one] in articles[other] or columns["article_id"][row_other] in articles[one]:
            return
        if same_place(place(row_one), place(row_other)):
            pairs.add((one, other))

    by_days: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    published: list[tuple[datetime, int, int]] = []  # (published, claim, row) of the figures without as_of
    for claim, row in rows:
        start, end = columns["as_of_start"][row], columns["as_of_end"][row]
        if start is not None and end is not None:
            by_days[(start, end)].append((claim, row))
        elif columns["published"][row] is not None:
            published.append((columns["published"][row], claim, row))
    for same_days in by_days.values():
        for index, first in enumerate(same_days):
            for second in same_days[index + 1 :]:
                consider(first, second)
    published.sort()
    times = [at for at, _, _ in published]
    for index, (at, claim, row) in enumerate(published):
        for _, other, other_row in published[index + 1 : bisect.bisect_right(times, at + PUBLISHED_WINDOW)]:
            consider((claim, row), (other, other_row))
    for (start, end), dated in by_days.items():
        low = bisect.bisect_left(times, datetime.combine(start, time.min) - PUBLISHED_WINDOW)
        high = bisect.bisect_right(times, datetime.combine(end, time.max) + PUBLISHED_WINDOW)
        for _, other, other_row in published[low:high]:
            for first in dated:
                consider(first, (other, other_row))
    return pairs
