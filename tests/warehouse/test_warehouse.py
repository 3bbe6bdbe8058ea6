"""The warehouse layer: migrations, one-transaction writes, pending work by content hash."""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from datetime import datetime

import duckdb
import pyarrow as pa
import pytest

from arqam.warehouse import store as store_module
from arqam.warehouse.store import STAGE_TABLES, Replacement, Warehouse
from tests.conftest import SEEDS, make_settings, run_pipeline


@pytest.fixture()
def store(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.migrate()
    return wh


def quarantine_rows(store, *ids):
    return store.to_arrow(
        "quarantine",
        [
            dict(quarantine_id=i, source_path=f"{i}.txt", record_index=None, file_sha256="0" * 64, byte_size=0,
                 reason="empty", message="the file is empty")
            for i in ids
        ],
    )


def test_migrations_apply_once(tmp_path):
    """In order of version, but 007 ("applied before: 006") before 006."""
    wh = Warehouse(tmp_path / "w.duckdb")
    assert wh.migrate() == [
        "001_initial.sql", "002_actor_glosses.sql", "003_reading_flags_and_versions.sql", "004_derived_builds.sql",
        "005_inbox_files.sql", "007_rules_version_recorded.sql", "006_keys_kept_by_the_writer.sql",
        "008_dates.sql", "009_dq_status.sql", "010_claims_in_a_view.sql",
    ]
    assert wh.migrate() == []
    names = {r["table_name"] for r in wh.query("SELECT table_name FROM information_schema.tables").to_pylist()}
    assert {"raw_articles", "quarantine", "clean_articles", "fact_mentions", "facts", "claims", "dq_results", "inbox_files",
            "v_troop_counts", "v_attacks_by_actor", "v_funding_by_donor"} <= names


def test_replacing_the_same_rows_twice_leaves_one_copy(store):
    rows = quarantine_rows(store, "a", "b")
    store.write([Replacement("quarantine", rows, key="quarantine_id", keys=["a", "b"])])
    store.write([Replacement("quarantine", rows, key="quarantine_id", keys=["a", "b"])])
    assert store.count("quarantine") == 2


def test_a_failing_write_leaves_the_previous_state(store):
    store.write([Replacement("quarantine", quarantine_rows(store, "a"), key="quarantine_id", keys=["a"])])
    duplicate_key = quarantine_rows(store, "b", "b")  # violates the primary key inside the transaction
    with pytest.raises(duckdb.ConstraintException):
        store.write(
            [
                Replacement("quarantine", quarantine_rows(store, "c"), key="quarantine_id", keys=["a"]),
                Replacement("quarantine", duplicate_key, key="quarantine_id", keys=[]),
            ]
        )
    assert store.query("SELECT quarantine_id FROM quarantine").column(0).to_pylist() == ["a"]



class _FullDisk:
    """A connection whose COMMIT fails as on a full disk: DuckDB has ended the transaction by then."""

    def __init__(self, con):
        self.con = con

    def execute(self, sql, *args):
        if sql == "COMMIT":
            self.con.execute("ROLLBACK")
            raise duckdb.IOException("Could not write file: No space left on device")
        return self.con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.con, name)


def test_a_failed_commit_is_reported_as_itself_not_as_the_rollback(store, monkeypatch):
    opened = store.connect

    @contextmanager
    def full_disk(read_only=False):
        with opened(read_only) as con:
            yield _FullDisk(con)

    monkeypatch.setattr(store, "connect", full_disk)
    with pytest.raises(duckdb.IOException, match="No space left on device") as raised:
        store.write([Replacement("quarantine", quarantine_rows(store, "a"), key="quarantine_id", keys=["a"])])
    assert any("rollback after it failed too" in note for note in getattr(raised.value, "__notes__", []))
    monkeypatch.undo()
    assert store.count("quarantine") == 0  # nothing landed


def test_unknown_tables_and_columns_are_refused(store):
    with pytest.raises(ValueError):
        store.count("raw_articles; DROP TABLE facts")
    with pytest.raises(ValueError):
        store.write([Replacement("quarantine", quarantine_rows(store), key="x; --", keys=["a"])])


def test_pending_articles_follow_the_content_hash(store):
    raw = [
        dict(article_id=i, source_path=f"{i}.txt", record_index=None, source_format="txt", file_sha256="f" * 64,
             sha256=sha * 64, encoding="utf-8", byte_size=3, raw_text="نص", title=None, url=None, published=None)
        for i, sha in (("a", "1"), ("b", "2"))
    ]
    store.write([Replacement("raw_articles", store.to_arrow("raw_articles", raw), keys=["a", "b"])])
    assert store.pending_articles("clean_articles", "raw_articles", ["article_id"]).column(0).to_pylist() == ["a", "b"]
    store.write([store.progress("clean_articles", [{"article_id": "a", "sha256": "1" * 64}])])
    assert store.pending_articles("clean_articles", "raw_articles", ["article_id"]).column(0).to_pylist() == ["b"]
    # article a changes: pending again
    raw[0]["sha256"] = "3" * 64
    store.write([Replacement("raw_articles", store.to_arrow("raw_articles", raw[:1]), keys=["a"])])
    assert store.pending_articles("clean_articles", "raw_articles", ["article_id"]).column(0).to_pylist() == ["a", "b"]


def test_arrow_batches_take_the_table_schema(store):
    table = store.to_arrow("claims", [])
    assert isinstance(table, pa.Table) and table.num_rows == 0
    assert table.schema.field("article_ids").type == pa.list_(pa.string())


def test_new_extraction_rules_make_every_article_pending_again(store):
    raw = [
        dict(article_id="a", source_path="a.txt", record_index=None, source_format="txt", file_sha256="f" * 64,
             sha256="1" * 64, encoding="utf-8", byte_size=3, raw_text="نص", title=None, url=None, published=None)
    ]
    store.write([Replacement("raw_articles", store.to_arrow("raw_articles", raw), keys=["a"])])
    store.write([store.progress("clean_articles", raw, rules_version="v1")])
    assert store.pending_articles("clean_articles", "raw_articles", ["article_id"], rules_version="v1").num_rows == 0
    assert store.pending_articles("clean_articles", "raw_articles", ["article_id"], rules_version="v2").num_rows == 1


# -- upgrading a warehouse built by an earlier version ---------------------------------

def version_1_warehouse(path) -> Warehouse:
    """A warehouse as the first release left it: migration 001, and views over its tables."""
    [(version, name, sql)] = [m for m in store_module._migrations() if m[0] == 1]
    wh = Warehouse(path)
    with wh.connect() as con:
        con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                    "applied_at TIMESTAMP DEFAULT now())")
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        # the first release's views depend on the tables that migration 2 alters
        con.execute("CREATE VIEW v_facts AS SELECT f.article_id, a.title, f.fact_type, f.value, f.actor "
                    "FROM facts f JOIN raw_articles a USING (article_id)")
        con.execute("CREATE VIEW v_attacks_by_actor AS SELECT actor, count(*) AS reports FROM facts "
                    "WHERE fact_type = 'attacks' GROUP BY 1")
    return wh


def columns(wh: Warehouse, table: str) -> list[str]:
    return wh.arrow_schema(table).names


def test_migration_2_upgrades_a_version_1_warehouse(tmp_path):
    wh = version_1_warehouse(tmp_path / "w.duckdb")
    assert "actor_en" not in columns(wh, "facts") and "actor_en" not in columns(wh, "claims")
    old_fact = dict(
        fact_id="f1", article_id="a", sha256="1" * 64, fact_type="troops", value=2400.0, value_min=2400.0,
        value_max=2400.0, qualifier="exact", unit="person", actor="قوات أميركية", attribution="", as_of=None,
        evidence="e", evidence_start=0, evidence_end=1, sentence_index=0, start_offset=0, end_offset=1, raw_start=0,
        raw_end=1, rule="r", label_en="troops deployed or stationed", mention_ids=["m1"],
    )
    done = [{"article_id": "a", "sha256": "1" * 64}]
    wh.write(
        [
            Replacement("facts", wh.to_arrow("facts", [old_fact]), keys=["a"]),
            wh.progress("facts", done, "v1"),
            wh.progress("fact_mentions", done, "v1"),
        ]
    )

    assert wh.migrate()[0] == "002_actor_glosses.sql"  # (and the later ones)
    assert {"actor_key", "actor_en"} <= set(columns(wh, "facts")) and "actor_en" in columns(wh, "claims")
    # the old row is kept, without a gloss, and its article is due again for the facts stage (002), and for
    # fact_mentions too (008: their dates)
    assert wh.query("SELECT fact_id, actor_key, actor_en FROM facts").to_pylist() == [
        {"fact_id": "f1", "actor_key": None, "actor_en": None}
    ]
    assert wh.query("SELECT stage FROM stage_progress").column(0).to_pylist() == []
    # rows written after the upgrade carry the new columns
    new_fact = {**old_fact, "actor_key": "us_forces", "actor_en": "US forces"}
    wh.write([Replacement("facts", wh.to_arrow("facts", [new_fact]), keys=["a"])])
    assert wh.query("SELECT actor_key, actor_en FROM facts").to_pylist() == [{"actor_key": "us_forces", "actor_en": "US forces"}]
    # the views read the new columns
    assert wh.query("SELECT actor_en FROM v_attacks_by_actor").num_rows == 0
    assert "actor_en" in columns_of_view(wh, "v_facts")


def columns_of_view(wh: Warehouse, view: str) -> list[str]:
    with wh.connect(read_only=True) as con:
        return [column[0] for column in con.execute(f"SELECT * FROM {view} LIMIT 0").description]


def test_the_next_run_fills_a_version_1_warehouse_in(seeds_run, tmp_path):
    """A warehouse left by the first release (same articles, same rules, no glosses): the next run
    upgrades it and rebuilds facts and claims to exactly what a fresh run gives."""
    fresh_settings, _ = seeds_run
    settings = make_settings(tmp_path, inbox=tmp_path / "inbox")
    shutil.copytree(SEEDS, settings.inbox)
    settings.warehouse.parent.mkdir(parents=True)
    old = version_1_warehouse(settings.warehouse)
    with old.connect() as con:
        con.execute(f"ATTACH '{fresh_settings.warehouse}' AS fresh (READ_ONLY)")
        for table in STAGE_TABLES:
            version_1_columns = ", ".join(columns_in(con, table))
            if not version_1_columns:  # a table of a later version (claim_facts)
                continue
            # the results a first release could write: it recorded no skipped check (migration 009)
            validated = " WHERE success IS NOT NULL" if table == "dq_results" else ""
            con.execute(f"INSERT INTO {table} ({version_1_columns}) SELECT {version_1_columns} FROM fresh.{table}{validated}")
        con.execute("DETACH fresh")
    assert old.count("facts") > 10 and "actor_en" not in columns(old, "facts")

    assert run_pipeline(settings).success

    def table(wh: Warehouse, name: str, order: str) -> list[dict]:
        return wh.query(f"SELECT * FROM {name} ORDER BY {order}").to_pylist()

    fresh = Warehouse(fresh_settings.warehouse)
    assert table(old, "facts", "fact_id") == table(fresh, "facts", "fact_id")
    assert table(old, "claims", "claim_id") == table(fresh, "claims", "claim_id")
    assert old.query("SELECT count(*) FROM facts WHERE actor_en IS NOT NULL").column(0)[0].as_py() >= 3


def columns_in(con, table: str) -> list[str]:
    return [row[0] for row in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() "
        "AND table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()]


def test_disagreements_are_shown_side_by_side(store):
    from arqam.extraction.claims.quantities import build_claim_facts

    facts = [
        dict(fact_id=f"{article}-{value}", article_id=article, fact_type="troops", unit="person", value=float(value),
             qualifier="exact", actor=actor, published=datetime(2024, 3, 5))
        for article, value, actor in (("a", 2500, "قوات أميركية"), ("b", 2500, "القوات الأمريكية"), ("c", 2000, "جنود أمريكيين"),
                                      ("d", 86, ""))
    ]
    store.write([Replacement("claim_facts", store.to_arrow("claim_facts", build_claim_facts(facts)), keys=None)])
    rows = store.query("SELECT * FROM v_claim_disagreements").to_pylist()
    assert len(rows) == 1
    row = rows[0]
    assert (row["fact_type"], row["actor_en"], row["n_values"]) == ("troops", "US forces", 2)
    assert [(v["value"], v["article_ids"]) for v in row["values_reported"]] == [(2000.0, ["c"]), (2500.0, ["a", "b"])]


# -- keys kept unique by the writer (migration 006) ------------------------------------


def keyed_rows(wh: Warehouse, table: str, keys: list[str], article: str = "a") -> pa.Table:
    """Rows of ``table`` whose writer-kept key takes ``keys``, every other column filled in its type."""
    schema = wh.arrow_schema(table)
    key = store_module.WRITER_KEYS[table]
    filler = {pa.string(): "x", pa.int32(): 0, pa.int64(): 0, pa.float64(): 1.0, pa.bool_(): False}
    rows = []
    for value in keys:
        row = {}
        for field in schema:
            if field.name == key:
                row[field.name] = value
            elif field.name == "article_id":
                row[field.name] = article
            elif pa.types.is_list(field.type):
                row[field.name] = []
            else:
                row[field.name] = filler.get(field.type)
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=schema)


@pytest.mark.parametrize("table", sorted(store_module.WRITER_KEYS))
def test_a_writer_kept_key_is_refused_twice_in_one_write_and_against_a_stored_row(store, table):
    key = store_module.WRITER_KEYS[table]
    delete_by = "article_id" if table != "stage_progress" else key
    store.write([Replacement(table, keyed_rows(store, table, ["k1", "k2"]), key=delete_by, keys=[])])
    before = sorted(store.query(f"SELECT {key} FROM {table}").column(0).to_pylist())
    assert before == ["k1", "k2"]
    with pytest.raises(duckdb.ConstraintException, match=f"{key}: k3"):  # twice among the incoming rows
        store.write([Replacement(table, keyed_rows(store, table, ["k3", "k3"], article="b"), key=delete_by, keys=[])])
    with pytest.raises(duckdb.ConstraintException, match=f"{key}: k2"):  # a stored row has it, and is not replaced
        store.write([Replacement(table, keyed_rows(store, table, ["k2", "k4"], article="b"), key=delete_by, keys=[])])
    assert sorted(store.query(f"SELECT {key} FROM {table}").column(0).to_pylist()) == before  # nothing landed
    # the same keys, replacing the rows that hold them: no clash, one copy each
    replaced_keys = ["k1", "k2"] if delete_by == key else ["a"]
    store.write([Replacement(table, keyed_rows(store, table, ["k1", "k2"]), key=delete_by, keys=replaced_keys)])
    assert sorted(store.query(f"SELECT {key} FROM {table}").column(0).to_pylist()) == ["k1", "k2"]


def test_writer_kept_tables_have_no_primary_key_but_a_non_null_key(store):
    constraints = store.query(
        "SELECT table_name, constraint_type, constraint_column_names AS columns FROM duckdb_constraints()"
    ).to_pylist()
    for table, key in store_module.WRITER_KEYS.items():
        kinds = {(c["constraint_type"], tuple(c["columns"])) for c in constraints if c["table_name"] == table}
        assert not any(kind in ("PRIMARY KEY", "UNIQUE") for kind, _ in kinds), table
        assert ("NOT NULL", (key,)) in kinds, table
    derived = {c["constraint_type"] for c in constraints if c["table_name"] == "derived_builds"}
    assert "PRIMARY KEY" in derived  # the small tables keep theirs


def test_migration_6_keeps_every_row_and_column(tmp_path):
    """Built to schema 5 and filled, then migrated: same columns in the same order and types, same rows;
    stage_progress gains the rules version (007, applied before 006), 'unrecorded' in rows written before."""
    wh = Warehouse(tmp_path / "w.duckdb")
    with wh.connect() as con:
        con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                    "applied_at TIMESTAMP DEFAULT now())")
        for version, name, sql in store_module._migrations():
            if version <= 5:
                con.execute(sql)
                con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    before = {}
    # the writer-kept tables of version 5 (claim_facts came with 010)
    for table in [t for t in store_module.WRITER_KEYS if t != "claim_facts"]:
        rows = keyed_rows(wh, table, ["k1", "k2", "k3"])
        with wh.connect() as con:
            con.register("incoming", rows)
            con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
        before[table] = (wh.arrow_schema(table), wh.query(f"SELECT * FROM {table} ORDER BY 1"))
    assert wh.migrate() == ["007_rules_version_recorded.sql", "006_keys_kept_by_the_writer.sql", "008_dates.sql", "009_dq_status.sql", "010_claims_in_a_view.sql"]
    schema, rows = before["stage_progress"]
    before["stage_progress"] = (
        schema.append(pa.field("rules_version", pa.string())),
        rows.append_column("rules_version", pa.array(["unrecorded"] * rows.num_rows, pa.string())),
    )
    for table, (schema, rows) in before.items():
        if table == "raw_articles":  # 008: published a timestamp ("x" is none), every article to be read again
            for name, kind in (("published", pa.timestamp("us")), ("flags", schema.field("flags").type)):
                at = schema.get_field_index(name)
                schema = schema.set(at, pa.field(name, kind))
                rows = rows.set_column(at, schema.field(name), pa.nulls(rows.num_rows, kind))
        # the columns 008 adds come after these
        assert pa.schema(list(wh.arrow_schema(table))[: len(schema)]) == schema, table
        assert wh.query(f"SELECT {', '.join(schema.names)} FROM {table} ORDER BY 1").equals(rows), table
