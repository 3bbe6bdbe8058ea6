"""The warehouse documents itself: every table, view and column carries a comment saying what it holds,
on warehouses new and upgraded; the views put English first; `arqam schema` prints the catalog."""
from __future__ import annotations

import re

import duckdb
import pytest

from arqam.pipelines.cli import main
from arqam.warehouse.catalog import catalog, uncommented
from arqam.warehouse.store import Warehouse
from tests.warehouse.test_migrations import RELEASED_SCHEMAS, build_released_warehouse


@pytest.fixture
def migrated(tmp_path) -> Warehouse:
    warehouse = Warehouse(tmp_path / "wh" / "arqam.duckdb")
    warehouse.migrate()
    return warehouse


def relations_of(warehouse: Warehouse):
    with warehouse.connect(read_only=True) as con:
        return catalog(con)


def comments_of(warehouse: Warehouse) -> dict[str, str | None]:
    found = {}
    for relation in relations_of(warehouse):
        found[relation.name] = relation.comment
        found.update({f"{relation.name}.{c.name}": c.comment for c in relation.columns})
    return found


def test_every_table_view_and_column_of_a_new_warehouse_says_what_it_holds(migrated):
    relations = relations_of(migrated)
    kinds = {relation.kind for relation in relations}
    assert kinds == {"table", "view"} and len(relations) >= 18
    missing = uncommented(relations)
    assert not missing, (
        "without a comment (add a COMMENT ON line for each to warehouse/sql/comments.sql): " + ", ".join(missing)
    )


def test_a_column_added_without_a_comment_is_named(migrated):
    with migrated.connect() as con:
        con.execute("ALTER TABLE facts ADD COLUMN place VARCHAR")
        con.execute("CREATE VIEW v_places AS SELECT place FROM facts")
        con.execute("COMMENT ON COLUMN facts.actor IS ''")
    assert uncommented(relations_of(migrated)) == ["facts.actor", "facts.place", "v_places", "v_places.place"]


def test_the_comments_are_applied_again_after_the_views_are_recreated(migrated):
    before = comments_of(migrated)
    assert before["v_facts.actor_en"] and before["v_troop_counts"]
    migrated.migrate()  # every run: views replaced (their comments gone), then commented again
    assert comments_of(migrated) == before


@pytest.mark.parametrize("schema", ["first_001_upgraded_to_001", "edited_001_at_006"])
def test_an_old_warehouse_upgraded_carries_the_same_comments_as_a_new_one(schema, migrated, tmp_path):
    assert schema in RELEASED_SCHEMAS
    path = tmp_path / "old.duckdb"
    build_released_warehouse(path, schema)
    with duckdb.connect(str(path), read_only=True) as con:
        assert uncommented(catalog(con))  # as released: nothing commented
    old = Warehouse(path)
    old.migrate()
    assert comments_of(old) == comments_of(migrated)


def test_in_every_view_an_english_name_comes_first_with_its_arabic_right_after_it(migrated):
    pairs = []
    for relation in relations_of(migrated):
        if relation.kind != "view":
            continue
        names = [c.name for c in relation.columns]
        for index, name in enumerate(names):
            arabic = name.removesuffix("_en")
            if name.endswith("_en") and arabic in names:
                pairs.append(relation.name)
                assert names.index(arabic) == index + 1, (relation.name, names)
    # the views of actors and donors all have such a pair
    assert {"v_facts", "v_troop_counts", "v_attacks_by_actor", "v_funding_by_donor", "v_claim_disagreements"} <= set(pairs)


def test_the_views_of_actors_and_donors_lead_with_the_english_name(migrated):
    with migrated.connect(read_only=True) as con:
        first = {
            view: con.execute(f"SELECT * FROM {view} LIMIT 0").description[0][0]
            for view in ("v_attacks_by_actor", "v_funding_by_donor")
        }
    assert first == {"v_attacks_by_actor": "actor_en", "v_funding_by_donor": "donor_en"}


def test_arqam_schema_prints_every_table_view_and_column_with_its_type_and_comment(migrated, capsys):
    snapshot = migrated.publish_snapshot()
    assert main(["schema", "--snapshot", str(snapshot)]) == 0
    printed = capsys.readouterr().out
    for relation in relations_of(migrated):
        assert f"{relation.kind} {relation.name}\n  {relation.comment}\n" in printed
        for column in relation.columns:
            row = rf"^    {re.escape(column.name)} +{re.escape(column.data_type)} +{re.escape(column.comment)}$"
            assert re.search(row, printed, re.MULTILINE), (relation.name, column)


def test_arqam_schema_prints_only_the_tables_named(migrated, capsys):
    snapshot = migrated.publish_snapshot()
    assert main(["schema", "--snapshot", str(snapshot), "claim_facts", "v_facts"]) == 0
    blocks = capsys.readouterr().out.strip().split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == ["table claim_facts", "view v_facts"]


def test_arqam_schema_refuses_an_unknown_name_or_a_missing_snapshot_with_one_line(migrated, tmp_path, capsys):
    snapshot = migrated.publish_snapshot()
    assert main(["schema", "--snapshot", str(snapshot), "troop_counts"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("arqam: no table or view named troop_counts; the warehouse has: ") and "v_troop_counts" in error
    assert error.count("\n") == 1
    assert main(["schema", "--snapshot", str(tmp_path / "none.duckdb")]) == 2
    assert "no snapshot at" in capsys.readouterr().err
