"""`arqam report` and `arqam explain` on a real run: the seeds and a small corpus of our own
(tests/report_corpus: two outlets giving two tolls of one attack, dated; an empty file).

The report is checked twice: its HTML, section by section, against the warehouse's rows; and
rendered in headless Chromium (Debian's chromium and chromium-driver, driven by selenium with
both paths given, so Selenium Manager never looks for or downloads a browser)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from selectolax.lexbor import LexborHTMLParser

from arqam.pipelines.cli import main
from arqam.pipelines.explain import MARK_CLOSE, MARK_OPEN
from tests.conftest import SEEDS, make_settings, run_pipeline

CORPUS = Path(__file__).parents[1] / "report_corpus"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A pipeline run over the seeds and the report corpus; its snapshot and its report."""
    root = tmp_path_factory.mktemp("desk")
    shutil.copytree(SEEDS, root / "inbox")
    for path in CORPUS.iterdir():
        shutil.copy(path, root / "inbox" / path.name)
    settings = make_settings(root)
    run_pipeline(settings)
    report = root / "out" / "report.html"
    assert main(["report", "--snapshot", str(settings.snapshot), "--out", str(report)]) == 0
    return settings.snapshot, report


def fact_id_of(snapshot: Path, article_id: str) -> str:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute("SELECT fact_id FROM facts WHERE article_id = ?", [article_id]).fetchone()[0]


def section(report: Path, key: str):
    return LexborHTMLParser(report.read_text(encoding="utf-8")).css_first(f"section#{key}")


# -- the report's content ------------------------------------------------------------------------


def test_the_report_is_one_file_that_asks_for_nothing_outside_it(desk):
    _, report = desk
    page = LexborHTMLParser(report.read_text(encoding="utf-8"))
    assert page.css("script") == [] and page.css("link") == [] and page.css("img") == []
    assert "default-src 'none'" in page.css_first("meta[http-equiv='Content-Security-Policy']").attributes["content"]
    for a in page.css("a[href]"):
        assert a.attributes["href"].startswith("#")
    assert "@import" not in report.read_text(encoding="utf-8") and "url(" not in page.css_first("style").text()


def test_figures_over_time_are_drawn_per_fact_type_with_a_mark_per_dated_day(desk):
    snapshot, report = desk
    over_time = section(report, "over-time")
    svg = over_time.css_first("svg")
    # a panel per fact type, titled with its English label
    with duckdb.connect(str(snapshot), read_only=True) as con:
        labels = {label for (label,) in con.execute("SELECT DISTINCT label_en FROM facts").fetchall()}
    assert labels <= {t.text() for t in svg.css("text")}
    # a point per type and day: the two outlets' tolls on their publication days (9 and 10 March 2024)
    points = [p.attributes["aria-label"] for p in svg.css("g.mark-symbol path[aria-label]")]
    assert len(points) >= len(labels) + 1
    for day, toll in (("Mar 09, 2024", 4), ("Mar 10, 2024", 6)):
        assert f"date: {day}; largest figure that day: {toll}; dated by: published; figures that day: 1" in points
    # the seeds give no publication date: they stand on the day arqam read them, and say so; a figure
    # whose as_of names a year (001's «في 2020» ...) stands on that year
    assert any("dated by: read by arqam" in p for p in points)
    assert any(p.startswith("date: Jan 01, 20") and "dated by: the date it describes" in p for p in points)


def test_a_typed_as_of_start_dates_the_figure_where_the_warehouse_has_one(desk, tmp_path):
    """A figure whose text gives the day it describes (facts.as_of_start) is placed on that day."""
    snapshot, _ = desk
    copy = tmp_path / "typed.duckdb"
    shutil.copy(snapshot, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("UPDATE facts SET as_of_start = DATE '2023-07-14', as_of_end = DATE '2023-07-14' WHERE article_id = 'desk_b'")
    out = tmp_path / "typed.html"
    assert main(["report", "--snapshot", str(copy), "--out", str(out)]) == 0
    points = [p.attributes["aria-label"] for p in section(out, "over-time").css("g.mark-symbol path[aria-label]")]
    assert "date: Jul 14, 2023; largest figure that day: 6; dated by: the date it describes; figures that day: 1" in points
    assert "date: Mar 09, 2024; largest figure that day: 4; dated by: published; figures that day: 1" in points


def test_top_actors_are_named_in_english_with_the_arabic_beside(desk):
    _, report = desk
    actors = section(report, "actors")
    rows = [[td.text().strip() for td in tr.css("td")] for tr in actors.css("tbody tr")]
    us_forces = next(r for r in rows if r[0] == "US forces")
    assert us_forces[1] in {"جنود أمريكيين", "جنود أميركيين", "قوات أميركية"}
    assert int(us_forces[2]) >= 5 and int(us_forces[3]) >= 4  # 3 seeds' facts and the two outlets'
    assert actors.css_first("bdi[dir='rtl'][lang='ar']") is not None
    assert len(actors.css("svg g.mark-rect path")) == len(rows)


def test_claims_in_disagreement_show_the_values_side_by_side_with_their_sources(desk):
    _, report = desk
    claims = section(report, "disagreements")
    values = {v.css_first("h4").text().split(" ")[0]: v for v in claims.css("div.value")}
    assert {"4", "6"} <= set(values)
    four, six = values["4"].text(), values["6"].text()
    assert "Outlet A: drone attack on a base" in four and "desk_a" in four
    assert "Outlet B: the same attack" in six and "desk_b" in six
    assert values["4"].css_first("p.evidence mark").text() == "4"
    assert values["6"].css_first("p.evidence mark").text() == "6"
    assert "people killed: US forces" in claims.text()


def test_the_latest_facts_show_their_arabic_evidence_with_the_figure_marked_and_explained(desk):
    snapshot, report = desk
    latest = section(report, "latest")
    facts = latest.css("div.fact")
    with duckdb.connect(str(snapshot), read_only=True) as con:
        assert len(facts) == min(50, con.execute("SELECT count(*) FROM facts").fetchone()[0])
    # the latest published first: outlet B (10 March) right before outlet A (9 March); the seeds, dated by
    # their datelines, may come before or after both
    outlets = [i for i, fact in enumerate(facts) if "Outlet B" in fact.text() or "Outlet A" in fact.text()]
    b, a = outlets[:2]
    assert "Outlet B" in facts[b].text() and "Outlet A" in facts[a].text() and a == b + 1
    assert facts[b].css_first(".meta").text().startswith("people killed: 6 person · US forces")
    evidence = facts[b].css_first("p.evidence")
    assert evidence.attributes["dir"] == "rtl" and evidence.attributes["lang"] == "ar"
    assert evidence.css_first("mark").text() == "6" and "جنود أمريكيين" in evidence.text()
    # each fact explained: the raw passage, the rule trail, what cleaning removed near it
    why = facts[a].css_first("details")
    assert why.css_first("summary").text() == "Why the warehouse says this"
    assert why.css_first("p.evidence mark").text() == "4"
    assert why.css_first("table.trail td").text().startswith("cue:killed")
    assert "source_line" in why.text() and "المصدر: وكالة أنباء محلية" in why.text()
    assert all(f.css_first("details") is not None for f in facts)


def test_the_quarantine_section_gives_each_reason_with_an_example(desk):
    _, report = desk
    rows = [[td.text() for td in tr.css("td")] for tr in section(report, "quarantine").css("tbody tr")]
    assert rows and rows[0][0] == "empty" and rows[0][1] == "1" and "empty.txt" in rows[0][2]


def test_the_quality_history_has_a_row_and_a_bar_per_run(desk):
    snapshot, report = desk
    quality = section(report, "quality")
    with duckdb.connect(str(snapshot), read_only=True) as con:
        run_id, checks, passed = con.execute(
            "SELECT run_id, count(*), count(*) FILTER (WHERE success) FROM dq_results GROUP BY run_id"
        ).fetchone()
    row = [td.text() for td in quality.css("tbody tr")[0].css("td")]
    assert row[0] == run_id and row[2:5] == [str(checks), str(passed), str(checks - passed)]
    assert len(quality.css("svg g.mark-rect path")) >= 1


def test_report_without_a_snapshot_exits_2_naming_it(tmp_path, capsys):
    assert main(["report", "--snapshot", str(tmp_path / "none.duckdb")]) == 2
    assert "no snapshot at" in capsys.readouterr().err


def test_the_report_goes_beside_the_snapshot_by_default(desk, tmp_path):
    snapshot, _ = desk
    copy = tmp_path / "arqam_snapshot.duckdb"
    shutil.copy(snapshot, copy)
    assert main(["report", "--snapshot", str(copy)]) == 0
    assert (tmp_path / "reports" / "arqam-report.html").stat().st_size > 10_000


# -- arqam explain -------------------------------------------------------------------------------


def test_explain_shows_the_raw_passage_rule_trail_actor_and_what_cleaning_removed(desk, capsys):
    snapshot, _ = desk
    fact_id = fact_id_of(snapshot, "desk_a")
    assert main(["explain", fact_id, "--snapshot", str(snapshot)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"fact {fact_id}: people killed (killed) = 4 person, exact")
    assert "desk_a (Outlet A: drone attack on a base) https://example.org/a" in out
    assert "published    2024-03-09" in out  # as written, or as a TIMESTAMP once published is typed
    assert "actor        جنود أمريكيين — US forces   [key us_forces]" in out
    assert f"أعلنت وزارة الدفاع الأمريكية مقتل {MARK_OPEN}4{MARK_CLOSE} جنود أمريكيين في هجوم" in out
    trail = out.split("how it was typed (rule ")[1].split("\n\n")[0].splitlines()
    assert trail[0].startswith("cue:killed") and len(trail) >= 2
    assert "The nearest predicate of the clause" in trail[1]
    assert "«4» at raw" in out
    assert "source_line (" in out and "characters after it" in out and "«المصدر: وكالة أنباء محلية»" in out


def test_explain_takes_a_unique_prefix_of_the_id(desk, capsys):
    snapshot, _ = desk
    fact_id = fact_id_of(snapshot, "desk_b")
    assert main(["explain", fact_id[:10], "--snapshot", str(snapshot)]) == 0
    assert capsys.readouterr().out.startswith(f"fact {fact_id}:")


@pytest.mark.parametrize("unknown", ["0123456789abcdef01234567", "abc", ""])
def test_explain_of_an_unknown_fact_exits_2_with_one_line(desk, capsys, unknown):
    snapshot, _ = desk
    assert main(["explain", unknown, "--snapshot", str(snapshot)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith(f"arqam: no fact has the id {unknown!r}")


# -- in a real browser ---------------------------------------------------------------------------


def chromium(tmp_path: Path):
    """Headless Chromium through chromedriver, both named: Selenium Manager is never asked."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed: .ci/run installs Debian's chromium and chromium-driver")
        pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1600", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)


@pytest.mark.browser
def test_the_report_renders_in_chromium_offline_with_marks_and_arabic_right_to_left(desk, tmp_path):
    _, report = desk
    driver = chromium(tmp_path)
    try:
        driver.set_page_load_timeout(120)  # a safety net only: the page loads in well under a second
        driver.get(report.as_uri())
        errors = [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
        assert errors == []
        sent = [
            message["params"]
            for message in (json.loads(entry["message"])["message"] for entry in driver.get_log("performance"))
            if message["method"] == "Network.requestWillBeSent"
        ]
        # every request the page made (the browser's own pages, its new tab, are not the page's): itself only
        assert [r["request"]["url"] for r in sent if r.get("documentURL") == report.as_uri()] == [report.as_uri()]
        # every chart drawn: marks with a size on the screen
        for key in ("over-time", "actors", "quality"):
            drawn = driver.execute_script(
                "return [...document.querySelectorAll(`#${arguments[0]} svg .role-mark path`)]"
                ".filter(p => { const b = p.getBBox(); return b.width > 0 || b.height > 0; }).length", key)
            assert drawn > 0, key
        # the Arabic evidence is laid out right to left, the figure marked
        directions = driver.execute_script(
            "return [...document.querySelectorAll('#latest .evidence')].map(e => getComputedStyle(e).direction)")
        assert directions and set(directions) == {"rtl"}
        assert driver.execute_script("return getComputedStyle(document.querySelector('#latest .evidence mark')).backgroundColor") != "rgba(0, 0, 0, 0)"
        # a mark in the right-to-left line sits right of the words that follow it in the text
        order = driver.execute_script(
            "const p = [...document.querySelectorAll('#latest .evidence')].find(e => e.textContent.includes('جنود أمريكيين'));"
            "const m = p.querySelector('mark');"
            "const r = document.createRange(); r.setStart(m.nextSibling, 0); r.setEnd(m.nextSibling, 3);"
            "return [m.getBoundingClientRect().left, r.getBoundingClientRect().left]")
        assert order[0] > order[1]
        driver.save_screenshot(str(tmp_path / "report.png"))
        assert (tmp_path / "report.png").stat().st_size > 10_000
    finally:
        driver.quit()
