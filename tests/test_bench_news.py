"""The realistic benchmark corpus: as dense in figures as real news, as long, with news sites' furniture.

The density is measured with the pipeline's own core on a fixed seed: the same figures on
every machine, whatever its load.
"""
from __future__ import annotations

import random
import re

import pytest

from bench.corpus import SLOT_RE, PageWriter
from bench.news import NEWS_KINDS, TARGET_MENTIONS_PER_KB, NewsWriter, density, news_language
from bench.scale import render_text, write_corpus

DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    folder = tmp_path_factory.mktemp("news")
    write_corpus(folder, 120, seed=0, corpus="news")
    return density(folder)


def test_the_corpus_is_as_dense_in_figures_as_real_news(measured):
    assert measured.articles == 120
    assert abs(measured.mentions_per_kb - TARGET_MENTIONS_PER_KB) < 0.3, measured.line()


def test_articles_are_as_long_as_real_news_and_carry_furniture_cleaning_drops(measured):
    assert 6000 < measured.median_clean_bytes < 11000, measured.line()  # real pages: median about 10 kB
    assert 0.75 < measured.kept_share < 0.95, measured.line()  # real pages: cleaning keeps 0.88 of the text


def test_the_dense_corpus_is_several_times_denser(tmp_path, measured):
    write_corpus(tmp_path, 60, seed=0, corpus="dense")
    assert density(tmp_path).mentions_per_kb > 4 * measured.mentions_per_kb


def test_prose_sentences_hold_no_figure_and_every_slot_is_filled():
    _language, kinds = news_language()
    assert all(kinds[kind] for kind in NEWS_KINDS)
    for template in kinds["prose"] + kinds["mostread"]:
        assert not DIGIT.search(template) and not any(":" in slot for slot in SLOT_RE.findall(template)), template
    writer = NewsWriter(random.Random(1))
    for kind in NEWS_KINDS:
        for template in kinds[kind]:
            assert "{" not in writer.fill(template), template


def test_a_page_has_a_site_navigation_and_a_slice_is_the_same_articles():
    page = render_text(3, 0, "news")
    assert page == render_text(3, 0, "news") and page != render_text(3, 0, "dense")
    assert page.startswith(("الرئيسية", "أخبار العراق"))
    assert isinstance(NewsWriter(random.Random(0)), PageWriter)
