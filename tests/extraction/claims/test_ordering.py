"""sort_indices orders a table exactly as Arrow's own multi-key sort (``Table.sort_by``) does.

A table of cases for what a sort must get right (string keys compared by code point,
nulls last, NaN after numbers, ties on every key but the last broken by it, equal rows
left in order), then the property over random tables: same row order as ``sort_by``.
"""
from __future__ import annotations

import math

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.extraction.claims.ordering import sort_indices


def ordered(table: pa.Table, keys: tuple[str, ...]) -> list[str]:
    """The rows in sort_indices' order, written out (NaN is not equal to itself, its repr is)."""
    return [repr(row) for row in table.take(sort_indices(table, keys)).to_pylist()]


def arrow_ordered(table: pa.Table, keys: tuple[str, ...]) -> list[str]:
    return [repr(row) for row in table.sort_by([(key, "ascending") for key in keys]).to_pylist()]


@pytest.mark.parametrize(
    "rows, keys, expected_ids",
    [
        # Arabic keys in code-point order (ا U+0627 before ب U+0628 before ي U+064A), the id breaking ties
        (
            [{"type": "بعثة", "id": "f2"}, {"type": "انفجار", "id": "f9"}, {"type": "بعثة", "id": "f1"}, {"type": "يوم", "id": "f0"}],
            ("type", "id"),
            ["f9", "f1", "f2", "f0"],
        ),
        # a missing string sorts after every string, as sort_by puts nulls last
        ([{"type": None, "id": "a"}, {"type": "troops", "id": "b"}], ("type", "id"), ["b", "a"]),
        # numbers: NaN after every number, a null after NaN
        (
            [{"value": None, "id": "n"}, {"value": math.nan, "id": "nan"}, {"value": 2.0, "id": "two"}, {"value": -1.0, "id": "m"}],
            ("value", "id"),
            ["m", "two", "nan", "n"],
        ),
        # rows equal in every key keep their order (a stable sort)
        ([{"type": "x", "n": 1, "id": "b"}, {"type": "x", "n": 1, "id": "b"}, {"type": "a", "n": 2, "id": "c"}],
         ("type", "n"), ["c", "b", "b"]),
        # a last string key with a null: the tie is broken with the null last
        ([{"type": "x", "id": None}, {"type": "x", "id": "z"}, {"type": "x", "id": "a"}], ("type", "id"), ["a", "z", None]),
        # no keys, one row, no rows: nothing moves
        ([{"type": "b", "id": "1"}, {"type": "a", "id": "2"}], (), ["1", "2"]),
        ([{"type": "b", "id": "1"}], ("type", "id"), ["1"]),
    ],
)
def test_sort_indices_cases(rows, keys, expected_ids):
    table = pa.Table.from_pylist(rows)
    assert [row["id"] for row in table.take(sort_indices(table, keys)).to_pylist()] == expected_ids
    if keys:
        assert ordered(table, keys) == arrow_ordered(table, keys)


def test_no_rows():
    table = pa.table({"type": pa.array([], pa.string()), "id": pa.array([], pa.string())})
    assert ordered(table, ("type", "id")) == []


def test_chunked_columns_sort_as_one():
    table = pa.concat_tables([pa.table({"k": ["b", "a"], "id": ["2", "1"]}), pa.table({"k": ["a", "c"], "id": ["0", "3"]})])
    assert ordered(table, ("k", "id")) == arrow_ordered(table, ("k", "id"))


few_strings = st.sampled_from(["", "ا", "ب", "قوات", "قوات أمريكية", "a", "B", None])
rows = st.lists(
    st.fixed_dictionaries(
        {
            "fact_type": few_strings,
            "value": st.one_of(st.none(), st.just(math.nan), st.integers(-3, 3).map(float)),
            "count": st.integers(0, 3),
            "fact_id": st.one_of(st.none(), st.text(alphabet="abcاب", max_size=3)),
        }
    ),
    max_size=40,
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(rows, st.permutations(["fact_type", "value", "count", "fact_id"]), st.integers(1, 4))
def test_same_order_as_arrow_sort_by(rows, key_order, how_many):
    schema = pa.schema([("fact_type", pa.string()), ("value", pa.float64()), ("count", pa.int64()), ("fact_id", pa.string())])
    table = pa.Table.from_pylist(rows, schema=schema)
    keys = tuple(key_order[:how_many])
    assert ordered(table, keys) == arrow_ordered(table, keys)
