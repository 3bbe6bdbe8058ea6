"""What the parser gives, and the two shapes a number takes on the way: the *core* (the numeral
itself: ``240 ألف``، ``مئة وخمسين``، ``عشرات الآلاف``) and the *expression* (the core grown with a
range, a unit, a sign, a qualifier).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int  # offset in text of the whole expression, qualifier phrase included
    end: int  # exclusive; includes scale words, currency words, percent words
    text: str  # == text[start:end]
    value: int | float  # base units: 240 ألف -> 240000; value_min for ranges and vague plurals
    value_min: int | float | None
    value_max: int | float | None
    qualifier: str  # exact | more_than | at_least | less_than | at_most | approximately | range | vague
    kind: str  # cardinal | ordinal | percent | money | fraction | vague
    currency: str | None  # ISO 4217 for money, else None
    number_start: int  # span of the numeral itself, without qualifier phrase / currency / percent words
    number_end: int
    counted: str | None  # the dual noun that carries its own number (قاعدتين -> 2), else None


@dataclass(slots=True)
class Core:
    first: int  # token index of the first token of the numeral
    last: int  # token index of its last token (inclusive)
    value: Fraction
    kind: str = "cardinal"  # cardinal | ordinal | fraction | vague
    scale: int = 1  # the scale word of the first part (240 ألف -> 1000), for ranges and sums
    low: Fraction | None = None  # vague bounds
    high: Fraction | None = None
    counted: str | None = None
    digits: bool = False  # written in digits
    number_start: int = 0


@dataclass(slots=True)
class Expression:
    """A core grown into a quantity: its token span and what the words around it say."""

    first: int  # token span of the whole expression
    last: int
    low: Fraction  # the value (the lower bound of ranges and vague plurals)
    high: Fraction | None  # the upper bound of ranges and vague plurals
    kind: str
    qualifier: str = "exact"
    currency: str | None = None
    negative: bool = False
    second: Core | None = None  # the second number of a range
