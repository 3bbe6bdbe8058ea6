"""The benchmark's corpus and entry point: reproducible, realistic, and runnable on a tiny size.

Speed is never asserted here: timings belong to ``make bench``, not to a test
that would fail on a busy machine.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import numerals
from bench.corpus import article_name, generate_articles, load_language, unknown_slots, write_articles
from bench.parser import main

PROJECT_ROOT = Path(__file__).resolve().parents[2]

ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


@pytest.fixture(scope="module")
def pages() -> list[str]:
    return [text for _name, text in generate_articles(40, seed=3)]


def test_same_seed_gives_the_same_bytes():
    assert list(generate_articles(5, seed=11)) == list(generate_articles(5, seed=11))


def test_another_seed_gives_other_articles():
    first = [text for _name, text in generate_articles(5, seed=11)]
    second = [text for _name, text in generate_articles(5, seed=12)]
    assert all(a != b for a, b in zip(first, second))


def test_a_slice_is_the_same_articles_as_in_the_whole_corpus():
    whole = list(generate_articles(6, seed=2))
    assert list(generate_articles(3, seed=2, start=3)) == whole[3:]
    assert [name for name, _ in whole] == [article_name(i, 2) for i in range(6)]


def test_every_slot_in_the_data_files_is_filled():
    assert unknown_slots(load_language()) == set()


def test_articles_are_arabic_news_with_figures_in_every_script(pages):
    text = "".join(pages)
    letters = [ch for ch in text if ch.isalpha()]
    assert sum(bool(ARABIC_LETTER.match(ch)) for ch in letters) > 0.95 * len(letters)
    for script in (numerals.ASCII_DIGITS, numerals.ARABIC_INDIC_DIGITS, numerals.PERSIAN_DIGITS):
        assert any(digit in text for digit in script)
    for words in (("ألف", "آلاف"), ("مليون",), ("مليار",), ("%", "٪", "في المئة", "في المائة", "بالمئة"),
                  ("أكثر من", "نحو", "قرابة"), ("بين",), ("قال", "بحسب", "وفق"), ("إف-16", "F-16")):
        assert any(word in text for word in words), words
    assert re.search(r"\d,\d{3}", text) and "٬" in text  # thousands separators, ASCII and Arabic


def test_articles_carry_page_furniture(pages):
    text = "".join(pages)
    for heading in (("اقرأ أيضا", "إقرأ أيضاً", "مقالات ذات صلة", "مقالات مشابهة"), ("كلمات دلالية", "الوسوم"),
                    ("اضف تعليق", "يرجى إدخال الأرقام"), ("شارك",), ("مشاهدة", "عدد المشاهدات")):
        assert any(f"\n{phrase}" in text for phrase in heading), heading
    assert all(page.count("\n\n") >= 5 for page in pages)  # paragraphs, not one block


def test_number_words_and_digits_spell_the_value():
    assert numerals.number_words(2500) == "ألفين وخمسمئة"
    assert numerals.number_words(25) == "خمسة وعشرين"
    assert numerals.number_words(3_000_000) == "ثلاثة ملايين"
    assert numerals.digits(12500, numerals.SCRIPTS[1], grouped=True) == "١٢٬٥٠٠"


def test_write_articles_makes_an_inbox_of_text_files(tmp_path):
    paths = write_articles(tmp_path / "inbox", 3, seed=5)
    expected = dict(generate_articles(3, seed=5))
    assert {path.stem: path.read_text(encoding="utf-8") for path in paths} == expected
    assert all(path.suffix == ".txt" for path in paths)


def test_bench_writes_a_report_with_positive_figures(tmp_path, capsys):
    out = tmp_path / "parser.json"
    main(["--mb", "0.02", "--repeat", "1", "--out", str(out), "--profile"])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {"corpus", "repeat", "baseline", "parser", "ratio", "target_ratio", "within_target"} <= report.keys()
    assert report["corpus"]["articles"] >= 1 and report["corpus"]["chars"] > 0
    for name in ("baseline", "parser"):
        assert report[name]["seconds"] > 0 and report[name]["chars_per_second"] > 0 and report[name]["found"] > 0
    assert report["ratio"] > 0 and report["target_ratio"] == 20
    printed = capsys.readouterr().out
    assert "ratio parser/scan" in printed and "function calls" in printed  # the table, then the profile


def test_python_dash_m_bench_runs_from_the_project_root(tmp_path):
    out = tmp_path / "report.json"
    subprocess.run([sys.executable, "-m", "bench", "--mb", "0.01", "--repeat", "1", "--out", str(out)],
                   cwd=PROJECT_ROOT, check=True, capture_output=True)
    assert json.loads(out.read_text(encoding="utf-8"))["parser"]["found"] > 0
