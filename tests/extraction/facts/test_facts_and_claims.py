"""Mentions become distinct facts per article; facts across articles become claims."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from arqam.extraction.claims.quantities import actor_key, build_claims
from arqam.extraction.facts.actors import english_names, gazetteer, identify_actor, known_keys
from arqam.extraction.facts.figures import distinct_facts
from tests.complexity import assert_linear


def mention(article, fact_type, value, start, qualifier="exact", actor="", unit="person", **extra):
    row = dict(
        mention_id=f"{article}-{start}", article_id=article, sha256="s", fact_type=fact_type, value=float(value),
        value_min=float(value), value_max=float(value), qualifier=qualifier, unit=unit, actor=actor,
        attribution="", as_of=None, evidence=f"evidence {start}", evidence_start=start, evidence_end=start + 10,
        sentence_index=0, start_offset=start, end_offset=start + 4, raw_start=start, raw_end=start + 4, rule="noun:x",
        as_of_start=None, as_of_end=None,
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


def test_the_bounded_mention_gives_the_evidence():
    facts = distinct_facts([mention("a", "attacks", 160, 1, qualifier="vague"), mention("a", "attacks", 160, 50, qualifier="more_than")])
    assert facts[0]["qualifier"] == "more_than" and facts[0]["start_offset"] == 50


def test_a_hedged_mention_speaks_for_a_figure_the_headline_rounds():
    # headline "23 تريليون دينار", body "على نحو 23 تريليون"
    facts = distinct_facts([mention("a", "funding", 23e12, 0, unit="IQD"),
                            mention("a", "funding", 23e12, 400, qualifier="approximately", unit="IQD")])
    assert (facts[0]["qualifier"], facts[0]["start_offset"]) == ("approximately", 400)


def fact(article, value, actor, fact_type="troops", unit="person", published=datetime(2024, 3, 5)):
    """A fact of an article published on ``published`` (the same day for all, unless said)."""
    return dict(fact_id=f"{article}-{value}", article_id=article, fact_type=fact_type, unit=unit, value=float(value),
                qualifier="exact", actor=actor, published=published)


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
    # an actor the gazetteer does not know keeps a spelling-insensitive key of its own
    assert actor_key("مسلحين مجهولين") == actor_key("المسلحين المجهولين") != ""
    assert actor_key("") == ""


# -- known actors: the gazetteer -------------------------------------------------------

@pytest.mark.parametrize(
    "phrase, key",
    [
        # the phrases fact typing produces on the seeds
        ("قوات أميركية", "us_forces"),
        ("جنود أميركيين", "us_forces"),
        ("جماعات مدعومة من إيران", "iran_backed_groups"),
        ("عنصر أمني عراقي", "iraqi_security_forces"),
        # article, hamza, ta marbuta, أميركي/أمريكي, gender and number of the adjective, diacritics
        ("القوات الأمريكية", "us_forces"),
        ("قوات امريكيه", "us_forces"),
        ("جندي أمريكي", "us_forces"),
        ("جنديين أميركيين", "us_forces"),
        ("العسكريين الأمريكيين", "us_forces"),
        ("وَالقُوَّاتُ الأَمْرِيكِيَّةُ", "us_forces"),
        ("الجيش الأميركي", "us_forces"),
        # a conjunction or preposition glued to the first word
        ("والقوات العراقية", "iraqi_security_forces"),
        ("لداعش", "isis"),
        ("وواشنطن", "united_states"),
        ("واشنطن", "united_states"),
        ("للتحالف الدولي", "coalition"),
        # the longest name wins over a name inside it
        ("فصائل مسلحة موالية لإيران", "iran_backed_groups"),
        ("الفصائل المدعومة من طهران", "iran_backed_groups"),
        ("إيران", "iran"),
        ("التحالف الدولي لمحاربة داعش", "coalition"),
        ("تنظيم \"داعش\" الإرهابي", "isis"),
        ("كتائب حزب الله", "kataib_hezbollah"),
        ("حزب الله", "hezbollah"),
        ("التحالف بقيادة الولايات المتحدة", "coalition"),
        ("الولايات المتحدة", "united_states"),
        # other entities, other spellings
        ("البنتاغون", "us_dod"),
        ("وزارة الدفاع الأميركية", "us_dod"),
        ("قوات البيشمركة", "peshmerga"),
        ("البشمركة", "peshmerga"),
        ("تنظيم الدولة الإسلامية", "isis"),
        ("حلف شمال الأطلسي (الناتو)", "nato"),
        ("هيئة الحشد الشعبي", "pmf"),
        ("الحكومة العراقية", "iraqi_government"),
        ("المقاومة الإسلامية في العراق", "islamic_resistance_in_iraq"),
    ],
)
def test_known_actors_are_identified(phrase, key):
    actor = identify_actor(phrase)
    assert actor is not None and actor.key == key, (phrase, actor)


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        None,
        "مدنيين أمريكيين",  # a nationality without a force noun is not the US forces
        "قوات",  # a force of no one in particular
        "التحالف",  # Iraqi politics has many alliances
        "الحشد",  # also "massing" troops
        "مسلحين مجهولين",
        "البيان",
        "قوات الأمن",  # whose?
    ],
)
def test_unknown_actors_are_not_identified(phrase):
    assert identify_actor(phrase) is None


def test_every_gazetteer_form_names_its_own_entry():
    """No form is shadowed by a longer form of another entity, and every entry reads well."""
    entries = gazetteer()
    assert 15 <= len(entries) <= 40  # small: a gazetteer of this domain, not of the world
    assert len(known_keys()) == len(entries)
    for actor, forms, note in entries:
        assert re.fullmatch(r"[a-z][a-z_]*", actor.key) and actor.english.strip() and note.strip(), actor
        assert forms, actor
        for form in forms:
            assert identify_actor(form) == actor, (form, identify_actor(form))
    assert "US forces" in english_names() and "Iran-backed groups" in english_names()


def test_actor_identification_is_linear():
    phrase = "قوات مسلحة مدعومة من جهات عدة في المنطقة "
    assert_linear(identify_actor, lambda n: (phrase * (n // len(phrase) + 1))[:n], n=4000)


def test_facts_carry_the_english_name_and_key_of_a_known_actor():
    facts = distinct_facts(
        [
            mention("a", "troops", 2400, 10, actor="قوات أميركية"),
            mention("a", "attacks", 160, 50, actor="جماعات مدعومة من إيران", unit="attack"),
            mention("a", "killed", 3, 90, actor="مسلحين مجهولين"),
            mention("a", "wounded", 34, 120),
        ]
    )
    glosses = {f["fact_type"]: (f["actor_key"], f["actor_en"]) for f in facts}
    assert glosses == {
        "troops": ("us_forces", "US forces"),
        "attacks": ("iran_backed_groups", "Iran-backed groups"),
        "killed": (actor_key("مسلحين مجهولين"), None),
        "wounded": ("", None),
    }


def test_claims_group_a_known_actor_by_its_gazetteer_key():
    claims = build_claims(
        [fact("a", 2400, "قوات أميركية"), fact("b", 2400, "الجيش الأمريكي"), fact("c", 2500, "جنود أمريكيين")]
    )
    assert {c["quantity_key"] for c in claims} == {"troops|person|us_forces"}
    by_value = {c["value"]: c for c in claims}
    assert by_value[2400]["n_sources"] == 2 and by_value[2400]["fact_ids"] == ["a-2400", "b-2400"]
    assert by_value[2400]["actor_en"] == by_value[2500]["actor_en"] == "US forces"
    assert by_value[2400]["other_values"] == [2500] and by_value[2500]["other_values"] == [2400]


def test_claims_of_different_entities_or_types_are_not_compared():
    claims = build_claims(
        [fact("a", 2400, "قوات أميركية"), fact("b", 2500, "القوات العراقية"), fact("c", 3, "جنود أميركيين", "killed")]
    )
    assert len(claims) == 3 and not any(c["disagreement"] for c in claims)


def test_an_unknown_actor_is_compared_by_its_spelling():
    claims = build_claims([fact("a", 40, "مسلحين مجهولين"), fact("b", 50, "المسلحين المجهولين")])
    assert [c["disagreement"] for c in claims] == [True, True]
    assert [c["actor_en"] for c in claims] == [None, None]


def test_two_values_in_one_article_are_not_a_disagreement():
    """An article that states 2,500 then 2,000 troops (before and after a withdrawal) contradicts nothing."""
    claims = build_claims([fact("a", 2500, "قوات أميركية"), fact("a", 2000, "قوات أميركية"), fact("b", 2500, "القوات الأمريكية")])
    assert not any(c["disagreement"] for c in claims)
    # a third source with only the smaller figure disagrees with the source that has only the larger one
    claims = build_claims(
        [fact("a", 2500, "قوات أميركية"), fact("a", 2000, "قوات أميركية"), fact("b", 2500, "قوات أميركية"),
         fact("c", 2000, "قوات أميركية")]
    )
    by_value = {c["value"]: c for c in claims}
    assert by_value[2500]["other_values"] == [2000] and by_value[2000]["other_values"] == [2500]
    assert by_value[2500]["article_ids"] == ["a", "b"] and by_value[2000]["article_ids"] == ["a", "c"]


def test_a_claim_keeps_every_source():
    claims = build_claims([fact(article, 86, "", "countries", "country") for article in ("c", "a", "b")])
    assert len(claims) == 1
    assert claims[0]["n_sources"] == 3 and claims[0]["article_ids"] == ["a", "b", "c"]
    assert claims[0]["fact_ids"] == ["a-86", "b-86", "c-86"] and not claims[0]["disagreement"]


def test_the_rules_version_follows_the_core_and_its_data():
    from arqam.extraction.version import rules_version

    version = rules_version()
    assert len(version) == 16 and version == rules_version()


def test_the_rules_version_covers_every_typing_rule_and_data_file():
    from arqam.extraction.version import _CORE, rules_files

    files = {path.relative_to(_CORE).as_posix() for path in rules_files()}
    assert {"typing/rules/people.py", "typing/vocabulary.py", "data/situations.tsv", "numbers/parser.py"} <= files


def test_the_readme_examples_are_real_rows(seeds_run):
    """The README's table of what arqam extracts shows rows that a run on the seeds really gives."""
    from arqam.pipelines.settings import PROJECT_ROOT
    from arqam.warehouse.store import Warehouse

    settings, _ = seeds_run
    section = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").split("## What arqam extracts")[1].split("\n## ")[0]
    facts = Warehouse(settings.warehouse).query("SELECT * FROM facts").to_pylist()
    rows = re.findall(
        r"^\| `(\w+)` \| ([^|]+) \| `(\w+)` \| (\d{3}): «([^»]+)» \| (\d+), `(\w+)`, ([^|]+) \|$", section, re.MULTILINE
    )
    assert len(rows) >= 10
    for fact_type, label, unit, article, snippet, value, qualifier, actor in rows:
        matches = [
            f for f in facts
            if f["article_id"].startswith(article) and f["fact_type"] == fact_type and snippet in f["evidence"]
            and f["value"] == float(value)
        ]
        assert matches, (fact_type, snippet)
        fact = matches[0]
        assert (fact["label_en"], fact["unit"], fact["qualifier"]) == (label.strip(), unit, qualifier)
        actor, _, attribution = actor.strip().removesuffix(")").partition(" (attribution: ")
        assert not attribution or fact["attribution"] == attribution, (fact_type, fact["attribution"])
        if " / " in actor:
            assert [fact["actor"], fact["actor_en"]] == [part.strip() for part in actor.split(" / ")]
        else:
            assert fact["actor_en"] is None, (fact_type, fact["actor"], fact["actor_en"])
    assert f"({len(gazetteer())} entries" in " ".join(section.split())
    store = Warehouse(settings.warehouse)
    [claim] = store.query("SELECT * FROM claims WHERE quantity_key = 'killed|person|us_forces'").to_pylist()
    assert (claim["value"], claim["n_sources"], claim["actor_en"]) == (3.0, 2, "US forces")
    assert store.query("SELECT * FROM v_claim_disagreements").num_rows == 0
