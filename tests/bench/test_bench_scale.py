"""The scale benchmark on a tiny corpus, end to end: every figure is in the report, and plausible.

Speed is never asserted (a busy machine would fail it): only that each figure was
measured, is consistent with the others, and that the incremental run processed
exactly the articles added.  Two real ``arqam run`` processes: about 30 s.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import duckdb
import pytest

from arqam.extraction.read.documents import read_document
from bench.corpus import article_name, generate_article
from bench.scale import (
    FORMAT_SHARES,
    article_format,
    main,
    prepare_workdir,
    render_text,
    sample_files,
    write_corpus,
)
from bench.stages import ESSENTIAL_PROBES, PeakSampler, StepWindow, attribute, heap_mb

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 30
STAGE_NAMES = ["raw_articles/quarantine", "clean_articles", "fact_mentions", "facts", "claims"]


# -- the corpus ------------------------------------------------------------------


def test_a_text_page_is_the_article_of_the_seeded_corpus():
    assert all(render_text(i, 4) == generate_article(i, 4) for i in range(5))


def test_the_inbox_mixes_formats_and_every_file_reads_back_as_its_articles(tmp_path):
    stats = write_corpus(tmp_path, 200, seed=1)
    assert stats.articles == 200 and sum(stats.articles_by_format.values()) == 200
    for fmt, share in FORMAT_SHARES:  # each format near its share (200 draws: within 3 standard deviations)
        assert abs(stats.articles_by_format.get(fmt, 0) / 200 - share) < 0.1, (fmt, stats.articles_by_format)
    assert stats.files_by_format["jsonl"] < stats.articles_by_format["jsonl"]  # feeds hold many records
    assert stats.bytes == sum(p.stat().st_size for p in tmp_path.iterdir())
    ids, refused = [], []
    for path in sorted(tmp_path.iterdir()):
        articles, rejections = read_document(path.name, path.read_bytes())
        ids += [a.article_id for a in articles]
        refused += rejections
        for article in articles:  # figures and Arabic text survive every format
            assert any(ch.isdigit() for ch in article.raw_text) and "ال" in article.raw_text
    assert refused == []
    assert sorted(ids) == [article_name(i, 1) for i in range(200)]


def test_html_pages_carry_chrome_the_reader_drops(tmp_path):
    index = next(i for i in range(100) if article_format(i, 2) == "html")
    write_corpus(tmp_path, index + 1, seed=2)
    page = (tmp_path / f"{article_name(index, 2)}.html").read_text(encoding="utf-8")
    assert "<nav" in page and "<script" in page and "<footer" in page and "og:title" in page
    (article,), _ = read_document("page.html", page.encode("utf-8"))
    assert "dataLayer" not in article.raw_text and "الأكثر قراءة" not in article.raw_text
    assert article.title and article.url and article.published


def test_the_corpus_is_the_same_bytes_for_a_seed_and_a_later_slice_adds_files_only(tmp_path):
    first, again = tmp_path / "a", tmp_path / "b"
    write_corpus(first, 120, seed=3)
    write_corpus(again, 120, seed=3)
    before = {p.name: p.read_bytes() for p in first.iterdir()}
    assert before == {p.name: p.read_bytes() for p in again.iterdir()}
    added = write_corpus(first, 10, seed=3, start=120)
    after = {p.name: p.read_bytes() for p in first.iterdir()}
    assert {name: after[name] for name in before} == before  # no earlier file touched
    assert len(after) - len(before) == added.files


def test_the_extraction_sample_is_evenly_spread_and_all_of_a_small_corpus(tmp_path):
    write_corpus(tmp_path, 100, seed=0)
    files = sorted(tmp_path.iterdir())
    assert sample_files(tmp_path, 0, 100) == files
    assert sample_files(tmp_path, 500, 100) == files
    sample = sample_files(tmp_path, 20, 100)
    assert 0 < len(sample) < len(files) and sample == sorted(set(sample))
    assert sample[0] == files[0] and sample[-1].name > files[len(files) // 2].name


def test_a_work_folder_the_benchmark_did_not_make_is_never_emptied(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(SystemExit):
        prepare_workdir(tmp_path)
    assert (tmp_path / "precious.txt").read_text() == "keep me"
    ours = prepare_workdir(tmp_path / "ours")
    (ours.root / "leftover").write_text("x")
    prepare_workdir(ours.root)
    assert not (ours.root / "leftover").exists()


def test_spans_are_counted_in_the_stage_they_started_in_and_dq_once():
    steps = [StepWindow("raw_articles", 10.0, 14.0, "STEP_SUCCESS"), StepWindow("clean_articles", 14.0, 16.0, "STEP_SUCCESS")]

    def span(name, category, started, seconds, own, in_dq=False, dq_root=False):
        return {"name": name, "category": category, "started": started, "seconds": seconds, "own": own,
                "in_dq": in_dq, "dq_root": dq_root}

    spans = [
        span("import", "imports", 1.0, 3.0, 3.0),
        span("gate", "gx_setup", 10.5, 2.0, 2.0, in_dq=True, dq_root=True),
        span("frame", "dq_frames", 12.6, 0.5, 0.2, in_dq=True, dq_root=True),
        span("read for frame", "duckdb", 12.7, 0.3, 0.3, in_dq=True),  # inside the frame: DQ, not duckdb
        span("write", "duckdb", 13.5, 0.4, 0.4),
        span("clean", "extraction", 14.1, 1.0, 1.0),
    ]
    parts = {p.stage: p for p in attribute(spans, steps, 0.0, 18.0, main_returned=17.0)}
    assert list(parts) == ["startup", "raw_articles/quarantine", "clean_articles", "teardown", "exit"]
    assert [parts[s].seconds for s in parts] == [10.0, 4.0, 2.0, 1.0, 1.0]
    raw = parts["raw_articles/quarantine"]
    assert raw.dq_seconds == pytest.approx(2.5) and raw.work["duckdb"] == pytest.approx(0.4)
    assert raw.work["other"] == pytest.approx(4.0 - 2.5 - 0.4)
    assert parts["clean_articles"].work["extraction"] == pytest.approx(1.0) and parts["clean_articles"].dq_seconds == 0
    assert parts["startup"].work["imports"] == pytest.approx(3.0)


def test_a_span_in_another_thread_is_listed_and_counted_nowhere():
    """The quality gate opens in a thread while the stage works: its time overlaps the run's own."""
    import threading

    from bench.stages import Probe

    probe = Probe()
    with probe.span("stage work", "extraction"):
        worker = threading.Thread(target=probe.timed(lambda: None, "gate opened", "gx_setup"), name="opener")
        worker.start()
        worker.join()
        with probe.span("frame", "dq_frames"):
            pass
    by_name = {span.name: span for span in probe.spans}
    assert by_name["gate opened"].thread == "opener" and not by_name["gate opened"].dq_root
    assert by_name["frame"].dq_root and not by_name["frame"].thread  # the run's own stack is untouched
    assert not by_name["stage work"].in_dq
    steps = [StepWindow("raw_articles", 0.0, time.time() + 60, "STEP_SUCCESS")]
    [_, raw, *_] = attribute([asdict(span) for span in probe.spans], steps, 0.0, time.time() + 61)
    assert "gx_setup" not in raw.dq_parts and "dq_frames" in raw.dq_parts


# -- memory by allocator ---------------------------------------------------------------


@pytest.mark.skipif(heap_mb() is None, reason="mallinfo2 is glibc's")
def test_the_heap_figures_follow_live_allocations_and_what_is_freed():
    before = heap_mb()
    blocks = [bytearray(64 * 1024) for _ in range(800)]  # 50 MB in blocks below glibc's mmap threshold
    held = heap_mb()
    assert held["in_use"] - before["in_use"] >= 45
    del blocks
    after = heap_mb()
    assert held["in_use"] - after["in_use"] >= 45  # freed: no longer in use, whether or not it is still held


def test_the_peak_sampler_keeps_the_sample_of_the_highest_resident_memory():
    sampler = PeakSampler(every=0.01)
    sampler.start()
    deadline = time.monotonic() + 10
    while sampler.at_peak is None and time.monotonic() < deadline:
        time.sleep(0.01)
    first, heap_before = sampler.at_peak["rss_mb"], heap_mb()
    blocks = [bytearray(b"x" * 64 * 1024) for _ in range(1600)]  # 100 MB, every page touched
    while sampler.at_peak["rss_mb"] < first + 80 and time.monotonic() < deadline:
        time.sleep(0.01)
    sampled = sampler.stop()
    del blocks
    assert sampled["at_peak"]["rss_mb"] >= first + 80
    if heap_before is not None:  # the blocks are in the heap's use at that sample
        in_use = sampled["at_peak"]["heap_mb"]["in_use"]
        assert sampled["most_heap_in_use_mb"] >= in_use >= heap_before["in_use"] + 70


# -- the whole benchmark, on 30 articles -------------------------------------------


BATCH = 15  # ARQAM_BATCH_ARTICLES of the benchmarked runs: the environment reaches them


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("scale")
    out = folder / "scale.json"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("ARQAM_BATCH_ARTICLES", str(BATCH))
        returned = main(["--articles", str(ARTICLES), "--corpus", "dense", "--workdir", str(folder / "work"),
                         "--out", str(out), "--keep", "--seed", "7"])
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["articles"] == returned["articles"] == ARTICLES
    return written


def test_the_report_has_every_figure(report):
    assert {"machine", "corpus", "increment", "extraction", "full_run", "incremental_run", "peak_rss_mb",
            "warehouse", "targets"} <= report.keys()
    assert report["ok"] is True
    machine = report["machine"]
    assert machine["cpu_count"] >= 1 and machine["python"] and machine["platform"]
    assert report["corpus"]["articles"] == ARTICLES and report["corpus"]["bytes"] > 0
    assert {t["name"] for t in report["targets"]} == {
        "extraction within 10x of the bare baseline", "100k articles end to end",
        "data-quality share of the full run", "incremental run (+1%) against the full run"}


def test_extraction_is_measured_against_the_baseline_on_the_whole_tiny_corpus(report):
    extraction = report["extraction"]
    assert extraction["whole_corpus"] and extraction["sample_articles"] == ARTICLES
    assert extraction["quarantined"] == 0
    for name in ("baseline", "extraction"):
        p = extraction[name]
        assert p["seconds"] > 0 and p["articles_per_second"] > 0 and p["megabytes_per_second"] > 0 and p["found"] > 0
    assert extraction["ratio"] == pytest.approx(extraction["extraction"]["seconds"] / extraction["baseline"]["seconds"], rel=0.05)
    assert extraction["ratio"] > 1  # the core does more than find digits
    assert set(extraction["phases"]) == {"read", "clean", "mentions", "facts", "claims"}
    assert all(seconds > 0 for seconds in extraction["phases"].values())


def test_the_full_run_is_timed_per_stage_with_its_data_quality_share(report):
    full = report["full_run"]
    assert full["exit_code"] == 0 and full["status"] == "SUCCESS" and full["checks_failed"] == []
    assert not set(full["unprobed"]) & set(ESSENTIAL_PROBES)  # the data-quality share is measured
    assert "arqam.assets.gate:StageGate.report" not in full["unprobed"]  # where the checks reach Dagster
    stages = {s["stage"]: s for s in full["stages"]}
    assert list(stages) == ["startup", *STAGE_NAMES, "snapshot", "teardown", "exit"]
    assert stages["snapshot"]["seconds"] > 0 and stages["snapshot"]["status"] == "STEP_SUCCESS"
    for name in STAGE_NAMES:
        assert stages[name]["seconds"] > 0 and stages[name]["status"] == "STEP_SUCCESS"
        assert 0 < stages[name]["dq_seconds"] <= stages[name]["seconds"]  # every stage validates its batch
    assert sum(s["seconds"] for s in full["stages"]) == pytest.approx(full["wall_seconds"], rel=0.02)
    assert 0 < full["dq_share"] < 1 and full["dq_seconds"] == pytest.approx(sum(s["dq_seconds"] for s in full["stages"]), abs=0.01)
    assert {"dq_planning", "gx_setup", "dq_frames", "gx_validate", "dq_reporting"} <= full["dq_parts"].keys()
    assert full["work"]["extraction"] > 0 and full["work"]["duckdb"] > 0
    assert full["checks_evaluated"] > 0 and full["cpu_seconds"] > 0
    cores = report["machine"]["cpu_count"]  # sampled CPU of the run and its workers: no more than the machine has
    assert 0.5 * full["cpu_seconds"] < full["tree_cpu_seconds"] <= full["wall_seconds"] * cores * 1.05


def test_memory_and_warehouse_size_are_measured(report):
    full = report["full_run"]
    assert 50 < full["peak_rss_mb"] < 8000  # a Python process with Dagster and GX loaded
    assert report["peak_rss_mb"]["full_run"] == full["peak_rss_mb"] and report["peak_rss_mb"]["incremental_run"] > 0
    assert full["peak_memory_mb"] >= 0.5 * full["peak_rss_mb"]  # sampled: the run process and its workers
    assert report["peak_memory_mb"]["full_run"] == full["peak_memory_mb"]
    sampled = [s["peak_memory_mb"] for s in full["stages"] if s["peak_memory_mb"]]
    assert sampled and max(sampled) == full["peak_memory_mb"]  # the parts tile the run: every sample is in one
    for stage in full["stages"]:  # the run process alone: part of the whole, at most its own peak
        if stage["peak_run_process_mb"]:
            assert 0 < stage["peak_run_process_mb"] <= min(stage["peak_memory_mb"], full["peak_rss_mb"]) + 1
    assert full["memory_spans"]  # opening GX alone takes seconds: at least that span is sampled
    assert all(0 < m["memory_before_mb"] <= m["peak_memory_mb"] <= full["peak_memory_mb"] for m in full["memory_spans"])
    # after every write, what the run process holds, and Arrow's and DuckDB's share of it, in the part it was taken in
    marks = full["memory_marks"]
    assert {m["stage"] for m in marks} >= set(STAGE_NAMES)
    assert all(0 < m["arrow_mb"] + (m["duckdb_mb"] or 0) < m["rss_mb"] <= full["peak_rss_mb"] + 1 for m in marks)
    assert any(m["duckdb_mb"] for m in marks)
    # the run process's own peak, split by allocator: a sample of the highest RSS, in a part of the run
    peak = full["memory_at_peak"]
    assert 0 <= peak["arrow_mb"] < peak["rss_mb"] <= full["peak_rss_mb"] + 1
    assert peak["stage"] in {s["stage"] for s in full["stages"]}
    if heap_mb() is not None:  # glibc: what C's heap holds, live and freed, at that sample and at most
        assert all(m["heap_mb"]["in_use"] > 0 for m in marks)
        heap = peak["heap_mb"]
        assert heap["in_use"] > 0 and heap["free"] >= 0 and heap["large"] >= 0
        assert heap["in_use"] < peak["rss_mb"] and heap["in_use"] <= peak["most_heap_in_use_mb"]
    warehouse = report["warehouse"]
    assert warehouse["bytes"] > 0 and warehouse["snapshot_bytes"] > 0 and warehouse["bytes_after_incremental_run"] >= warehouse["bytes"]
    assert Path(report["workdir"], "main", "arqam.duckdb").stat().st_size == report["incremental_run"]["warehouse_bytes"]


def test_every_article_lands_and_the_incremental_run_processes_only_the_new_one(report):
    full, incremental = report["full_run"], report["incremental_run"]
    assert full["table_rows"]["raw_articles"] == full["table_rows"]["clean_articles"] == ARTICLES
    assert full["rows_written"]["raw_articles"] == ARTICLES and full["table_rows"]["facts"] > 0
    assert report["increment"]["articles"] == incremental["new_articles"] == 1  # 1% of 30, at least one
    assert incremental["exit_code"] == 0 and incremental["status"] == "SUCCESS"
    assert incremental["rows_written"]["raw_articles"] == 1 and incremental["rows_written"]["clean_articles"] == 1
    assert incremental["table_rows"]["raw_articles"] == ARTICLES + 1
    assert incremental["table_rows"]["facts"] > full["table_rows"]["facts"]
    assert incremental["share_of_full_run"] == pytest.approx(incremental["wall_seconds"] / full["wall_seconds"], rel=0.01)
    with duckdb.connect(str(Path(report["workdir"], "main", "arqam.duckdb")), read_only=True) as con:
        ids = [row[0] for row in con.execute("SELECT article_id FROM raw_articles ORDER BY 1").fetchall()]
    assert ids == sorted(article_name(i, 7) for i in range(ARTICLES + 1))


def test_the_settings_of_the_environment_reach_the_benchmarked_run(report):
    assert report["settings"]["ARQAM_BATCH_ARTICLES"] == str(BATCH) and report["corpus_kind"] == "dense"
    log = Path(report["full_run"]["log"]).read_text(encoding="utf-8")
    assert f"clean_articles: {ARTICLES} rows from {ARTICLES // BATCH} batches" in log  # not the default's one batch


def test_the_benchmark_reports_both_corpora_each_against_its_own_baseline(tmp_path, capsys):
    out = tmp_path / "scale.json"
    returned = main(["--articles", "40", "--skip-e2e", "--workdir", str(tmp_path / "work"), "--out", str(out), "--seed", "5"])
    dense = json.loads((tmp_path / "scale-dense.json").read_text(encoding="utf-8"))
    news = json.loads((tmp_path / "scale-news.json").read_text(encoding="utf-8"))
    assert (dense["corpus_kind"], news["corpus_kind"]) == ("dense", "news") and returned["ok"]
    for report in (dense, news):
        assert report["extraction"]["ratio"] > 1 and report["extraction"]["baseline"]["seconds"] > 0
    # the realistic corpus: several times fewer figures per kB of cleaned text, longer articles
    assert news["extraction"]["mentions_per_kb"] * 3 < dense["extraction"]["mentions_per_kb"]
    assert news["corpus"]["bytes"] > 1.5 * dense["corpus"]["bytes"]
    printed = capsys.readouterr().out
    assert "both corpora" in printed and "dense" in printed and "news" in printed


def test_the_table_on_stdout_names_each_figure(report):
    from bench.scale import format_report

    text = format_report(report, [])
    for words in ("baseline", "extraction core", "raw_articles/quarantine", "claims", "data quality", "peak RSS",
                  "warehouse on disk", "incremental run", "targets"):
        assert words in text, words


def test_python_dash_m_bench_keeps_the_parser_benchmark(tmp_path):
    out = tmp_path / "parser.json"
    subprocess.run([sys.executable, "-m", "bench", "parser", "--mb", "0.01", "--repeat", "1", "--out", str(out)],
                   cwd=PROJECT_ROOT, check=True, capture_output=True)
    assert json.loads(out.read_text(encoding="utf-8"))["benchmark"] == "parser"
