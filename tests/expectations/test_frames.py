"""The frames' derived columns: the text read back at a row's offsets is SQL's substr of the stored text."""
from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.expectations.frames import _texts_at_offsets
from arqam.warehouse.store import Replacement, Warehouse

SHA = "a" * 64
TEXTS = {
    "short": "قتل 3 جنود",
    "long": "وصلت قوات من 2400 جندي إلى القاعدة، وقال مسؤول إن 160 هجوما استهدفها منذ العام الماضي. " * 3,
    "astral": "رمز 𝟚 خارج المستوى الأساسي ثم ٤٠٠ جندي",
    "empty": "",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Warehouse(tmp_path_factory.mktemp("frames") / "w.duckdb")
    store.migrate()
    rows = [
        dict(article_id=article_id, sha256=SHA, clean_text=text, sentence_starts=[], sentence_ends=[], map_clean=[],
             map_raw=[], removed=[], arabic_ratio=1.0)
        for article_id, text in TEXTS.items()
    ]
    store.write([Replacement("clean_articles", store.to_arrow("clean_articles", rows))])
    with store.held_open():  # each example joins the open database instead of opening the file
        yield store


@pytest.fixture(scope="module")
def sql():
    con = duckdb.connect()
    yield con
    con.close()


def substr_reference(con: duckdb.DuckDBPyConnection, rows: list[dict], outside: str | None) -> list[str | None]:
    """What SQL gives: substr(text, start + 1, end - start) where both offsets are inside the text of
    the row's article and content hash, ``outside`` elsewhere."""
    texts = pa.table({"article_id": list(TEXTS), "sha256": [SHA] * len(TEXTS), "clean_text": list(TEXTS.values())})
    spans = pa.table({
        "row": pa.array(range(len(rows)), pa.int64()),
        "article_id": pa.array([r["article_id"] for r in rows], pa.string()),
        "sha256": pa.array([r["sha256"] for r in rows], pa.string()),
        "s": pa.array([r["s"] for r in rows], pa.int64()),
        "e": pa.array([r["e"] for r in rows], pa.int64()),
    })
    con.register("texts", texts)
    con.register("spans", spans)
    return [found for (found,) in con.execute(
        "SELECT CASE WHEN s IS NOT NULL AND e IS NOT NULL AND least(s, e) >= 0 AND greatest(s, e) <= length(t.clean_text) "
        "THEN substr(t.clean_text, s + 1, e - s) ELSE ? END FROM spans "
        "LEFT JOIN texts t USING (article_id, sha256) ORDER BY row", [outside]).fetchall()]


offsets = st.one_of(st.none(), st.integers(min_value=-5, max_value=300))
rows = st.lists(
    st.fixed_dictionaries({
        "article_id": st.sampled_from([*TEXTS, "not_stored", None]),
        "sha256": st.sampled_from([SHA, "b" * 64]),
        "s": offsets,
        "e": offsets,
    }),
    max_size=40,
)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(rows=rows, outside=st.sampled_from([None, ""]))
def test_the_text_at_offsets_is_sqls_substr_inside_the_text_and_outside_elsewhere(store, sql, rows, outside):
    batch = pa.table({
        "article_id": pa.array([r["article_id"] for r in rows], pa.string()),
        "sha256": pa.array([r["sha256"] for r in rows], pa.string()),
        "s": pa.array([r["s"] for r in rows], pa.int64()),
        "e": pa.array([r["e"] for r in rows], pa.int64()),
    })
    found = _texts_at_offsets(batch, store, {"at": ("s", "e", outside)})
    assert found.column("at").to_pylist() == substr_reference(sql, rows, outside)
    assert found.select(["article_id", "sha256", "s", "e"]).equals(batch)  # the batch's rows, in their order


def test_a_backwards_span_reads_the_characters_before_its_start(store):
    text = TEXTS["short"]
    batch = pa.table({"article_id": ["short", "short"], "sha256": [SHA, SHA], "s": [4, 4], "e": [2, 5]})
    found = _texts_at_offsets(batch, store, {"at": ("s", "e", None)}).column("at").to_pylist()
    assert found == [text[2:4], text[4:5]]
