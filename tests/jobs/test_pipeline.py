"""The assets in-process: every stage lands, checks gate the writes, re-runs change nothing."""
from __future__ import annotations

import shutil
from datetime import datetime

import pytest
from dagster import AssetKey, DagsterInstance, materialize

from arqam.pipelines.definitions import ALL_ASSETS, build_resources
from arqam.warehouse.store import Warehouse
from tests.conftest import SEEDS, leave_furniture_in_clean_text, make_settings, run_pipeline

DATA_TABLES = ("raw_articles", "quarantine", "clean_articles", "fact_mentions", "facts", "claims")


def snapshot(settings) -> dict[str, list]:
    store = Warehouse(settings.warehouse)
    return {t: sorted(map(str, store.query(f"SELECT * FROM {t}").to_pylist())) for t in DATA_TABLES}


def test_every_stage_lands_on_the_seeds(seeds_run):
    settings, result = seeds_run
    assert result.success
    store = Warehouse(settings.warehouse)
    assert store.count("raw_articles") == 5
    assert store.count("quarantine") == 0
    assert store.count("clean_articles") == 5
    assert store.count("fact_mentions") > store.count("facts") > 10
    assert store.count("claims") > 0
    checks = store.query("SELECT stage, bool_and(success) AS ok, count(*) AS n FROM dq_results "
                         "WHERE status <> 'skipped: no new rows' GROUP BY 1").to_pylist()
    assert {c["stage"] for c in checks} == {"raw_articles", "clean_articles", "fact_mentions", "facts", "claims"}
    assert all(c["ok"] for c in checks)
    evaluations = result.get_asset_check_evaluations()
    assert evaluations and all(e.passed for e in evaluations)
    assert (settings.reports / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html").exists()


def test_every_fact_is_traceable_to_raw_text(seeds_run):
    settings, _ = seeds_run
    rows = Warehouse(settings.warehouse).query(
        "SELECT f.*, c.clean_text, r.raw_text FROM facts f JOIN clean_articles c USING (article_id) "
        "JOIN raw_articles r USING (article_id)"
    ).to_pylist()
    for row in rows:
        assert row["clean_text"][row["evidence_start"] : row["evidence_end"]] == row["evidence"]
        surface = row["clean_text"][row["start_offset"] : row["end_offset"]]
        raw = row["raw_text"][row["raw_start"] : row["raw_end"]]
        assert raw.split() and surface.split()[-1][:2] in raw  # the raw span holds the same figure
        assert row["rule"]


def test_a_second_run_changes_nothing(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "inbox")
    settings = make_settings(tmp_path)
    instance = DagsterInstance.ephemeral()
    assert run_pipeline(settings, instance).success
    before = snapshot(settings)
    second = run_pipeline(settings, instance)
    assert second.success
    assert snapshot(settings) == before
    validated = Warehouse(settings.warehouse).query(
        "SELECT count(*) AS n FROM dq_results WHERE run_id = ? AND status <> 'skipped: no new rows'", [second.run_id]
    ).to_pylist()
    assert validated == [{"n": 0}]  # nothing new: nothing to validate (tests/pipelines/test_quality.py: each check skipped)

    # one new file: only that file goes through the stages
    (settings.inbox / "new_article.txt").write_text(
        "بغداد - قالت وزارة الدفاع إن 500 جندي وصلوا إلى قاعدة عين الأسد.\nوأكدت مقتل 4 مسلحين في اشتباك.", encoding="utf-8"
    )
    third = run_pipeline(settings, instance)
    assert third.success
    store = Warehouse(settings.warehouse)
    per_stage = {
        row["stage"]: row["n"]
        for row in store.query(
            "SELECT stage, max(element_count) AS n FROM dq_results WHERE run_id = ? GROUP BY 1", [third.run_id]
        ).to_pylist()
    }
    assert per_stage["raw_articles"] == 1 and per_stage["clean_articles"] == 1
    new_facts = store.query("SELECT fact_type, value FROM facts WHERE article_id = 'new_article' ORDER BY value").to_pylist()
    assert new_facts == [{"fact_type": "killed", "value": 4.0}, {"fact_type": "troops", "value": 500.0}]


def test_unreadable_inputs_are_quarantined_and_the_run_goes_on(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    shutil.copy(inbox / "001_989b01d71f21a984.txt", inbox / "copy_of_001.txt")
    settings = make_settings(tmp_path, inbox)
    assert run_pipeline(settings).success
    store = Warehouse(settings.warehouse)
    reasons = {r["source_path"]: r["reason"] for r in store.query("SELECT source_path, reason FROM quarantine").to_pylist()}
    assert reasons == {"empty.txt": "empty", "photo.txt": "binary", "copy_of_001.txt": "duplicate"}
    assert store.count("raw_articles") == 5


def materialize_all(settings):
    return materialize(
        ALL_ASSETS, resources=build_resources(settings), instance=DagsterInstance.ephemeral(), raise_on_error=False
    )


def test_a_failing_check_blocks_the_write_and_everything_downstream(tmp_path, monkeypatch):
    leave_furniture_in_clean_text(monkeypatch)
    shutil.copytree(SEEDS, tmp_path / "inbox")
    settings = make_settings(tmp_path)
    result = materialize_all(settings)
    assert not result.success
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [(e.asset_key, e.check_name) for e in failed] == [(AssetKey("clean_articles"), "no_page_furniture_left")]
    store = Warehouse(settings.warehouse)
    assert store.count("raw_articles") == 5  # upstream landed
    assert store.count("clean_articles") == 0  # the bad batch never reached its table
    assert store.count("fact_mentions") == 0  # and nothing downstream ran
    recorded = store.query(
        "SELECT success FROM dq_results WHERE stage = 'clean_articles' AND check_name = 'no_page_furniture_left'"
    ).column(0).to_pylist()
    assert recorded == [False]  # the failure is on the dashboard


@pytest.mark.parametrize(
    "field, bad_value, check",
    [("value", 7e9, "value_plausible_troops"), ("unit", "dollar", "unit_matches_type"), ("evidence", "نص آخر", "evidence_is_text_at_offsets")],
)
def test_facts_checks_refuse_bad_rows(tmp_path, monkeypatch, field, bad_value, check):
    import pyarrow as pa

    import arqam.extraction.tables.batches

    real = arqam.extraction.tables.batches.facts_table

    def corrupt(mentions):
        table = real(mentions)
        rows = table.to_pylist()
        target = next(r for r in rows if r["fact_type"] == "troops")
        target[field] = bad_value
        return pa.Table.from_pylist(rows, schema=table.schema)

    monkeypatch.setattr(arqam.extraction.tables.batches, "facts_table", corrupt)
    shutil.copytree(SEEDS, tmp_path / "inbox")
    settings = make_settings(tmp_path)
    result = materialize_all(settings)
    assert not result.success
    failed = {e.check_name for e in result.get_asset_check_evaluations() if not e.passed}
    assert check in failed
    store = Warehouse(settings.warehouse)
    assert store.count("fact_mentions") > 0 and store.count("facts") == 0 and store.count("claims") == 0


def test_new_rules_reprocess_every_article_and_give_the_same_rows(tmp_path, monkeypatch):
    import arqam.assets.extract
    import arqam.assets.gate

    shutil.copytree(SEEDS, tmp_path / "inbox")
    settings = make_settings(tmp_path)
    instance = DagsterInstance.ephemeral()
    assert run_pipeline(settings, instance).success
    before = snapshot(settings)
    monkeypatch.setattr(arqam.assets.gate, "rules_version", lambda: "next-rules")  # clean_articles, fact_mentions
    monkeypatch.setattr(arqam.assets.extract, "rules_version", lambda: "next-rules")  # facts, claims
    rerun = run_pipeline(settings, instance)
    assert rerun.success
    reprocessed = {
        row["stage"]: row["n"]
        for row in Warehouse(settings.warehouse).query(
            "SELECT stage, max(element_count) AS n FROM dq_results WHERE run_id = ? AND status <> 'skipped: no new rows' "
            "GROUP BY 1", [rerun.run_id]
        ).to_pylist()
    }
    assert reprocessed["clean_articles"] == 5 and "raw_articles" not in reprocessed
    assert snapshot(settings) == before


HTML_PAGE = """<!doctype html><html><head><meta charset="windows-1256"><title>هجوم على قاعدة</title>
<script>var views = 1234567;</script><style>.x{}</style></head>
<body><nav><a href="/">الرئيسية</a> <a href="/iraq">العراق</a></nav>
<article><h1>هجوم بطائرات مسيرة على قاعدة عين الأسد</h1>
<p>قال مسؤول أمني إن القاعدة تعرضت لأكثر من 12 هجوما منذ بداية الشهر.</p>
<p>وأسفر الهجوم الأخير عن إصابة 5 جنود أميركيين بجروح طفيفة.</p></article>
<aside><h3>اقرأ أيضا</h3><a href="/a">تخصيص 900 مليون دولار للجيش</a></aside>
<footer>جميع الحقوق محفوظة 2024</footer></body></html>"""

JSONL = "\n".join(
    [
        '{"id": "wire-1", "title": "تدريب", "text": "أعلنت وزارة الدفاع تخريج 1500 منتسب بعد تدريبهم.", "published": "2024-07-01"}',
        '{"id": "wire-2", "text": "تعهدت الدول المانحة بتقديم 250 مليون يورو لإعادة الإعمار."}',
        '{"id": "wire-3", "text": "نص مقطوع',
    ]
)


def test_html_and_json_lines_inputs_go_through_every_stage(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "page.html").write_bytes(HTML_PAGE.encode("cp1256"))
    (inbox / "wire.jsonl").write_text(JSONL, encoding="utf-8")
    settings = make_settings(tmp_path, inbox)
    assert run_pipeline(settings).success
    store = Warehouse(settings.warehouse)
    articles = {r["article_id"]: r for r in store.query("SELECT * FROM raw_articles").to_pylist()}
    assert set(articles) == {"page", "wire-1", "wire-2"}
    assert articles["page"]["encoding"] == "cp1256" and articles["wire-1"]["published"] == datetime(2024, 7, 1)
    assert "views" not in articles["page"]["raw_text"]  # scripts are not text
    [broken] = store.query("SELECT * FROM quarantine").to_pylist()
    assert (broken["source_path"], broken["record_index"], broken["reason"]) == ("wire.jsonl", 3, "bad_json")
    facts = {(r["article_id"], r["fact_type"], r["value"], r["unit"]) for r in store.query("SELECT * FROM facts").to_pylist()}
    assert facts == {
        ("page", "attacks", 12.0, "attack"),
        ("page", "wounded", 5.0, "person"),
        ("wire-1", "trained_personnel", 1500.0, "person"),
        ("wire-2", "funding", 250_000_000.0, "EUR"),
    }
