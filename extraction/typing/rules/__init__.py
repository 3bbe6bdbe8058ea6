"""The registry of typing rules, in the order they are tried: the first rule that answers types
the figure; a figure no rule types is ``other`` ("no_counted_noun"), kept in ``fact_mentions``
with its reason and never a fact.

The order is the language's: what the number is (a name, an ordinal, money) before what it
counts; a weight and a joint toll before the noun; for people, what is said of them (their
state, a part of a figure before, the situation, the predicate, a count head) before the noun's
own type; the continuations of a list last.
"""
from __future__ import annotations

from arqam.extraction.typing.figure import Figure, Typing, other
from arqam.extraction.typing.rules import continuation, kinds, nouns, people
from arqam.extraction.typing.rules.base import Example, Rule

RULES: tuple[Rule, ...] = (
    kinds.name_in_quotes,
    kinds.apposition,
    kinds.capacity_or_missing,
    kinds.year,
    kinds.year_range,
    kinds.ordinal,
    kinds.per_each,
    kinds.percent,
    kinds.money,
    kinds.currency_carried,
    kinds.fraction_without_amount,
    nouns.weight,
    nouns.killed_and_wounded,
    people.in_need,
    people.participants,
    people.state,
    continuation.listed,
    continuation.continuation,
    continuation.list_item,
    continuation.distribution,
    people.families,
    people.situation,
    people.cue,
    people.cue_only,
    people.noun_before,
    people.bare_situation,
    people.subject,
    nouns.incident,
    continuation.more,
    nouns.noun,
    continuation.comparison,
    continuation.row,
    continuation.listed_bare,
    continuation.anaphora,
    nouns.people_without_predicate,
    nouns.not_a_fact,
)
FALLBACK = "no_counted_noun"


def decide(figure: Figure) -> tuple[Rule | None, Typing]:
    """The rule that types ``figure`` and its typing (None and ``other`` when no rule does)."""
    for rule in RULES:
        typing = rule.decide(figure)
        if typing is not None:
            return rule, typing
    return None, other(FALLBACK)


__all__ = ["RULES", "Example", "Rule", "decide"]
