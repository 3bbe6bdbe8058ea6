"""Sorting an Arrow table by several keys, string keys among them, at the speed of an integer sort.

Arrow's multi-key sort (``Table.sort_by``) compares strings row by row, and sorting
every fact by quantity, value, article and fact id is most of a full rebuild of the
claims.  Here a string column is first replaced by each value's rank among the
column's distinct values (a few dozen fact types, one per article: a small sort),
and the integer columns are sorted instead.  A last key unique to each row, such as an id, would
make that small sort a large one: it only orders the rows equal in every other
key, few or none, and they are ordered by it directly.  A float column is sorted
by its dense rank, so that two NaN, or two nulls, are equal there as in ``sort_by``.

The order is exactly ``sort_by``'s, ascending: nulls last, NaN after every number,
rows equal in every key left in their order (both sorts are stable).
"""
from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["sort_indices"]


def sort_indices(table: pa.Table, keys: Sequence[str]) -> pa.Array:
    """Row indices that put ``table`` in ascending order of ``keys``: ``table.take(...)`` sorts it."""
    if not keys or table.num_rows < 2:
        return pa.array(range(table.num_rows), pa.uint64())
    last = keys[-1]
    tie_break = last if len(keys) > 1 and _is_string(table.schema.field(last).type) else None
    ranked = [key for key in keys if key != tie_break]
    codes = pa.table({f"k{index}": _order_codes(table[key]) for index, key in enumerate(ranked)})
    order = pc.sort_indices(codes, sort_keys=[(name, "ascending") for name in codes.column_names])
    if tie_break is None:
        return order
    return _break_ties(order, codes, table[tie_break])


def _is_string(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)


def _order_codes(column: pa.ChunkedArray) -> pa.Array:
    """Integers, never null, that sort as ``column`` does and are equal where its values are: a
    string's rank among the distinct strings (nulls after them all), an integer column without
    nulls as it is, any other column's dense rank (NaN after every number, nulls last)."""
    column = column.combine_chunks()
    if _is_string(column.type):
        encoded = column.dictionary_encode()
        ranks = pc.rank(encoded.dictionary, sort_keys="ascending", tiebreaker="dense")
        return pc.fill_null(ranks.take(encoded.indices), len(encoded.dictionary) + 1)
    if pa.types.is_integer(column.type) and column.null_count == 0:
        return column
    return pc.rank(column, sort_keys="ascending", tiebreaker="dense")


def _break_ties(order: pa.Array, codes: pa.Table, tie_break: pa.ChunkedArray) -> pa.Array:
    """``order`` with each run of rows equal in ``codes`` (``_order_codes``: no nulls) put in
    ascending order of ``tie_break`` (nulls last; equal ones keep their order)."""
    equal_to_previous = None
    for name in codes.column_names:
        column = codes[name].combine_chunks().take(order)
        same = pc.equal(column.slice(1), column.slice(0, len(column) - 1))
        equal_to_previous = same if equal_to_previous is None else pc.and_(equal_to_previous, same)
    tied = pc.indices_nonzero(equal_to_previous).to_pylist()  # position i: sorted rows i and i + 1 are equal
    if not tied:
        return order
    positions = order.to_pylist()
    values = tie_break.combine_chunks()
    run_start = previous = tied[0]
    for position in [*tied[1:], None]:
        if position is not None and position == previous + 1:
            previous = position
            continue
        run = positions[run_start : previous + 2]
        keyed = values.take(pa.array(run, pa.uint64())).to_pylist()
        run.sort(key=lambda row, keyed=dict(zip(run, keyed)): (keyed[row] is None, keyed[row] or ""))  # noqa: B008 (bound once)
        positions[run_start : previous + 2] = run
        if position is not None:
            run_start = previous = position
    return pa.array(positions, order.type)
