"""A token of a text, as the number parser asks of it: where it is, what it is, what it reads as.

Data only: the tokenizer (``tokens``) makes them, the rules that block digit runs
(``not_amounts``) and the combinator (``cores``, ``cardinals``) read them.
"""
from __future__ import annotations

from dataclasses import dataclass

from arqam.extraction.numbers.lexicon import Entry


@dataclass(frozen=True, slots=True)
class Reading:
    """A word read as a number word: its entry and what was removed in front of it."""

    entry: Entry
    waw: bool  # starts with the conjunction و
    definite: bool  # carries the article
    prefix: int  # letters of proclitics and article, in the folded word


@dataclass(slots=True)
class Token:
    start: int
    end: int
    kind: str  # num | word | sym
    key: str  # folded word, ASCII digits, or the symbol
    line_start: bool = False
    in_date: bool = False
    blocked: bool = False  # a digit run that is not an amount (phone, list marker, F-16 ...)
    definite: bool = False  # digits after الـ
    reading: Reading | None = None
