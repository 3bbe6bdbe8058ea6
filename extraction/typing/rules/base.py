"""A typing rule: a small named unit that reads a figure and gives its type, or passes.

Each rule is a function over a ``Figure`` (the quantity and what the words around it say) that
returns a ``Typing`` or None, registered with its name and a table of examples beside it, the
way Duckling lays out a language (a list of rules, a corpus of examples): an example is a
sentence as the press writes it and the facts an analyst records from it, and
``tests/extraction/typing/test_typing_rules.py`` checks every example of every rule, and that the rule itself
decided at least one figure of it. The rules are tried in the order of the registry
(``rules/__init__.py``); the first that answers types the figure.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from arqam.extraction.typing.figure import Figure, Typing


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    facts: tuple[tuple[str, float], ...]  # (fact_type, value) of every fact of the sentence, in text order


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    decide: Callable[[Figure], Typing | None]
    examples: tuple[Example, ...]

    @property
    def doc(self) -> str:
        return (self.decide.__doc__ or "").strip()


def _parse(expected: str) -> tuple[tuple[str, float], ...]:
    """"killed 4, wounded 11" → (("killed", 4), ("wounded", 11)); "—" → ()."""
    if expected.strip() in ("", "—", "-"):
        return ()
    facts = []
    for part in expected.split(","):
        fact_type, value = part.split()
        facts.append((fact_type, float(value)))
    return tuple(facts)


def rule(name: str, examples: list[tuple[str, str]]) -> Callable[[Callable[[Figure], Typing | None]], Rule]:
    """Register ``decide`` as the rule ``name`` with its examples: (sentence, "type value, ...")."""

    def register(decide: Callable[[Figure], Typing | None]) -> Rule:
        return Rule(name, decide, tuple(Example(text, _parse(expected)) for text, expected in examples))

    return register
