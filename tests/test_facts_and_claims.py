"""Mentions become distinct facts per article; facts across articles become claims."""
from __future__ import annotations

from extraction.claims import actor_key, build_claims
from extraction.facts import distinct_facts


def mention(article, fact_type, value, start, qualifier="exact", actor="", unit="person", **extra):
    row = dict(
        mention_id=f"{article}-{start}", article_id=article, sha256="s", fact_type=fact_type, value=float(value),
        value_min=float(value), value_max=float(value), qualifier=qualifier, unit=unit, actor=actor,
        attribution="", as_of=None, evidence=f"evidence {start}", evidence_start=start, evidence_end=start + 10,
        sentence_index=0, start_offset=start, end_offset=start + 4, raw_start=start, raw_end=start + 4, rule="noun:x",
    )
    row.update(extra)
    return row


def test_a_figure_repeated_in_one_article_is_one_fact():
    facts = distinct_facts([mention("a", "troops", 2400, 10), mention("a", "troops", 2400, 300, actor="قوات أميركية")])
    assert len(facts) == 1
    assert facts[0]["mention_ids"] == ["a-10", "a-300"]
    assert facts[0]["actor"] == "قوات أميركية"  # filled from the later mention
    assert facts[0]["label_en"] == "troops deployed or stationed"


def test_other_quantities_never_become_facts():
    assert distinct_facts([mention("a", "other", 300, 5)]) == []


def test_the_same_value_of_different_types_or_articles_stays_apart():
    facts = distinct_facts([mention("a", "killed", 3, 1), mention("a", "sites", 3, 9, unit="site"), mention("b", "killed", 3, 1)])
    assert len(facts) == 3


def test_the_exact_mention_gives_the_evidence():
    facts = distinct_facts([mention("a", "attacks", 160, 1, qualifier="vague"), mention("a", "attacks", 160, 50, qualifier="more_than")])
    assert facts[0]["qualifier"] == "more_than" and facts[0]["start_offset"] == 50


def fact(article, value, actor, fact_type="troops", unit="person"):
    return dict(fact_id=f"{article}-{value}", article_id=article, fact_type=fact_type, unit=unit, value=float(value),
                qualifier="exact", actor=actor)


def test_claims_count_sources_and_flag_disagreement():
    claims = build_claims(
        [fact("a", 2400, "قوات أميركية"), fact("b", 2400, "القوات الأمريكية"), fact("c", 2500, "قوات أمريكية")]
    )
    by_value = {c["value"]: c for c in claims}
    assert by_value[2400]["n_sources"] == 2 and by_value[2400]["article_ids"] == ["a", "b"]
    assert by_value[2400]["disagreement"] and by_value[2400]["other_values"] == [2500]
    assert by_value[2500]["disagreement"] and by_value[2500]["other_values"] == [2400]


def test_figures_without_an_actor_are_not_compared():
    claims = build_claims([fact("a", 3, ""), fact("b", 40000, "")])
    assert [c["disagreement"] for c in claims] == [False, False]


def test_actor_key_folds_spelling():
    assert actor_key("القوات الأميركية") == actor_key("قوات أمريكية")


def test_the_rules_version_follows_the_core_and_its_data():
    from extraction.version import rules_version

    version = rules_version()
    assert len(version) == 16 and version == rules_version()
