"""The typing rules as a registry (``extraction/typing/rules``): every rule carries its own
examples, sentences as the press writes them, and each example must come out as the analyst
records it — with the rule itself deciding at least one of its figures, so that an example
cannot pass by another rule's work."""
from __future__ import annotations

import pytest

from arqam.extraction.clean.sentences import split_sentences
from arqam.extraction.typing.catalog import OTHER
from arqam.extraction.typing.mentions import type_figures
from arqam.extraction.typing.rules import RULES
from arqam.extraction.typing.text import Text

EXAMPLES = [(rule, example) for rule in RULES for example in rule.examples]


def test_every_rule_has_a_name_a_doc_and_examples():
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert rule.doc, rule.name
        assert rule.examples, rule.name


def typed(sentence: str) -> tuple[list[tuple[str, float]], list[str]]:
    """The facts of a sentence (type, value in the fact's unit) and the rule that typed each figure."""
    text = Text(sentence, split_sentences(sentence))
    deciders: list[str] = []
    typings = type_figures(text, deciders)
    facts = [(t.fact_type, float(q.value) * t.factor) for t, q in zip(typings, text.quantities) if t.fact_type != OTHER]
    return facts, deciders


@pytest.mark.parametrize("rule, example", EXAMPLES, ids=[f"{r.name}:{e.text[:40]}" for r, e in EXAMPLES])
def test_rule_example(rule, example):
    facts, deciders = typed(example.text)
    assert [(kind, pytest.approx(value)) for kind, value in facts] == list(example.facts), deciders


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_every_rule_decides_in_its_own_examples(rule):
    # an example may show where the rule gives way to another; at least one shows the rule at work
    assert any(rule.name in typed(example.text)[1] for example in rule.examples)
