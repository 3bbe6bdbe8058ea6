"""Claims: the same figure across articles, and where articles disagree.

A claim is one value of one quantity — a fact type, a unit and an actor —
with every article that reports it.  Actors are compared by their gazetteer
key when the gazetteer knows them (data/actors.tsv: "القوات الأمريكية" and
"قوات أميركية" are both ``us_forces``), else by a spelling-insensitive key of
the phrase.

When articles give different values for the same quantity of the same named
actor, each of those claims is flagged as a disagreement, with the other
values side by side (``other_values``).  Two values disagree when one article
reports the first and not the second while another reports the second and not
the first: an article that states both (a figure then and now, a total and a
part) contradicts nothing by itself.  Figures without a named actor are never
compared: two unattributed death tolls are rarely the same quantity.

The claims of a quantity depend on the facts of that quantity only, so any
set of whole quantities can be built on its own (the claims stage builds them
a few at a time).  The work is done over Arrow columns: facts sorted by
quantity, value and article make each claim a run of rows, and two values can
only fail to disagree when some article reports both, so only values that
share an article are compared one by one; every other pair disagrees.
(``tests/facts_claims_reference.py`` keeps the rule written row by row over
dicts; the two give the same rows, tested.)
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from arqam.extraction.actors import actor_key, identify_actor
from arqam.extraction.ids import stable_id
from arqam.extraction.ordering import sort_indices

__all__ = ["CLAIMS_INPUT", "actor_key", "build_claims", "claims_table"]

# the facts columns a claim is made of
CLAIMS_INPUT = ("fact_id", "article_id", "fact_type", "unit", "value", "qualifier", "actor")
# the claims columns (a stage selects them in its table's order)
CLAIMS_COLUMNS = (
    "claim_id", "quantity_key", "fact_type", "unit", "actor", "actor_en", "value", "qualifier", "n_sources",
    "article_ids", "fact_ids", "disagreement", "other_values",
)


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
    claim_of_source = [claim for claim, n in enumerate(n_sources) for _ in range(n)]
    claim_actor = _first_named(facts["actor"], claim_starts)
    english = {name: known.english if (known := identify_actor(name)) else None for name in set(claim_actor)}
    quantity_keys = [f"{t}|{u}|{k}" for t, u, k in zip(fact_types, units, keys)]
    others, other_offsets = _other_values(
        pa.array(values, pa.float64()), quantity_keys, keys, n_sources, claim_of_source, sources
    )
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
    """Claim rows from fact rows (fact_id, article_id, fact_type, unit, value, qualifier, actor), as dicts."""
    rows = list(facts)
    if not rows:
        return []
    return claims_table(pa.Table.from_pylist(rows).select(list(CLAIMS_INPUT))).to_pylist()


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


def _other_values(
    values: pa.Array,
    quantity_keys: list[str],
    keys: list[str],
    n_sources: list[int],
    claim_of_source: list[int],
    sources: pa.Array,
) -> tuple[pa.Array, list[int]]:
    """Each claim's ``other_values`` (flattened) and their offsets.

    Claims come sorted by quantity then value.  Values of a named quantity disagree
    unless the articles of one are all among the articles of the other, which needs
    an article that reports both: those pairs are found from the articles, and every
    other value of the quantity is kept, in order, as a slice of the quantity's values.
    """
    shared: Counter[tuple[int, int]] = Counter()  # two claims of a quantity -> the articles reporting both
    for claims in _claims_sharing_an_article(quantity_keys, claim_of_source, sources):
        for index, one in enumerate(claims):
            for other in claims[index + 1 :]:
                shared[(one, other)] += 1
    agreeing: dict[int, set[int]] = {}  # a claim -> the claims of its quantity it does not disagree with
    for (one, other), both in shared.items():
        if both == n_sources[one] or both == n_sources[other]:
            agreeing.setdefault(one, set()).add(other)
            agreeing.setdefault(other, set()).add(one)
    pieces: list[pa.Array] = []
    offsets = [0]
    start = 0
    for claim in range(len(quantity_keys) + 1):
        if claim < len(quantity_keys) and quantity_keys[claim] == quantity_keys[start]:
            continue
        # claims start .. claim - 1 are one quantity, its values in order
        quantity_values = values.slice(start, claim - start)
        for own in range(start, claim):
            if not keys[own]:
                offsets.append(offsets[-1])
                continue
            if own in agreeing:
                kept = [index for index in range(claim - start) if start + index != own and start + index not in agreeing[own]]
                piece = quantity_values.take(pa.array(kept, pa.int64()))
                pieces.append(piece)
                offsets.append(offsets[-1] + len(piece))
            else:
                pieces += [quantity_values.slice(0, own - start), quantity_values.slice(own - start + 1)]
                offsets.append(offsets[-1] + claim - start - 1)
        start = claim
    flat = pa.concat_arrays(pieces) if pieces else pa.array([], pa.float64())
    return flat, offsets


def _claims_sharing_an_article(quantity_keys: list[str], claim_of_source: list[int], sources: pa.Array) -> list[list[int]]:
    """For each article that reports several values of one quantity: those claims, in order."""
    quantity_of_claim, quantities = [], {}
    for key in quantity_keys:
        quantity_of_claim.append(quantities.setdefault(key, len(quantities)))
    pairs = pa.table(
        {
            "quantity": pa.array(quantity_of_claim, pa.int64()).take(pa.array(claim_of_source, pa.int64())),
            "article_id": sources,
            "claim": pa.array(claim_of_source, pa.int64()),
        }
    )
    pairs = pairs.take(sort_indices(pairs, ("quantity", "article_id", "claim")))
    if pairs.num_rows == 0:
        return []
    starts = pa.array(_run_starts(pairs, ("quantity", "article_id")), pa.int64())
    ends = pa.concat_arrays([starts.slice(1), pa.array([pairs.num_rows], pa.int64())])
    several = pc.greater(pc.subtract(ends, starts), 1)  # most articles report one value of a quantity
    claims = pairs["claim"].to_pylist()
    kept = zip(pc.filter(starts, several).to_pylist(), pc.filter(ends, several).to_pylist())
    return [claims[start:end] for start, end in kept]
