"""Extraction quality on news nobody here wrote (tests/news, see its README): articles written in
the press's own styles by writers who never saw the code, annotated by two annotators per
docs/facts.md and adjudicated. The blind third is never read while rules are written; the rest
is what rules were tuned on. The core runs in this process on the files as a scraper hands them
over (read, clean, type, facts: the functions the pipeline's stages call)."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tests.news.extract import article_files, facts_of

NEWS = Path(__file__).parents[1] / "news"
spec = importlib.util.spec_from_file_location("score_facts", Path(__file__).parents[1] / "gold" / "score_facts.py")
score_facts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score_facts)


def score(part: str) -> dict:
    folder = NEWS / part
    gold = score_facts.read_jsonl(folder / "gold" / "facts.jsonl")
    traps = score_facts.read_jsonl(folder / "gold" / "traps.jsonl")
    return score_facts.score(gold, traps, facts_of(article_files(folder)))


@pytest.fixture(scope="module")
def blind() -> dict:
    return score("blind")


@pytest.fixture(scope="module")
def tune() -> dict:
    return score("tune")


def summary(result: dict) -> str:
    micro = result["micro"]
    misses = [(e["article_id"], e["fact_type"], e["value"]) for e in result["errors"]["misses"]]
    return f"P {micro['precision']} R {micro['recall']} F1 {micro['f1']}; {len(misses)} misses"


def test_the_blind_set_scores_as_the_issue_asks(blind):
    # scores before and after this work: tests/news/README.md (f9506c6: F1 0.685)
    assert blind["micro"]["f1"] >= 0.90, summary(blind)
    assert blind["micro"]["precision"] >= 0.93, summary(blind)
    assert blind["qualifier_accuracy"] >= 0.93, summary(blind)


def test_few_figures_of_page_furniture_become_facts(blind, tune):
    # f9506c6 hit 25 of the blind set's 505 traps and 85 of the tuning set's 1,583; the goal is none
    assert blind["traps_hit"] <= 8 and tune["traps_hit"] <= 1, (blind["traps_hit"], tune["traps_hit"])


def test_the_tuning_set_scores(tune):
    assert tune["micro"]["f1"] >= 0.93, summary(tune)
    assert tune["micro"]["precision"] >= 0.96, summary(tune)
    assert tune["qualifier_accuracy"] >= 0.95, summary(tune)


@pytest.mark.parametrize("fact_type", ["troops", "detained", "displaced", "killed", "sites", "weapons", "attacks"])
def test_every_type_of_the_blind_set_is_found(blind, fact_type):
    # the types the real news issue found weakest; on this blind set f9506c6 found 0.23 (displaced)
    # to 0.68 (troops) of them, and 0.48 of the attacks, the weakest now
    assert blind["per_type"][fact_type]["recall"] >= 0.70, blind["per_type"][fact_type]


def test_the_corpus_is_as_large_and_varied_as_described():
    rows = [line.split("\t") for line in (NEWS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    articles = {path.stem for part in ("tune", "blind") for path in article_files(NEWS / part)}
    assert {row[0] for row in rows} == articles
    assert sum(int(row[4]) for row in rows) >= 300  # body paragraphs
    assert len({s for row in rows for s in re.findall(r"S\d+", row[3])}) >= 20  # situations of the field
    blind_share = sum(row[1] == "blind" for row in rows) / len(rows)
    assert 0.3 <= blind_share <= 0.4
    for part in ("tune", "blind"):
        gold = score_facts.read_jsonl(NEWS / part / "gold" / "facts.jsonl")
        assert {g["article_id"] for g in gold} <= articles
        texts = {path.stem: path.read_text(encoding="utf-8") for path in article_files(NEWS / part)}
        for fact in gold:  # every evidence is the article's own words
            assert fact["evidence"] in texts[fact["article_id"]], fact
