"""The phrases around a number: qualifiers (أكثر من، نحو، على الأقل، أو أقل), range patterns
(بين X و Y، من X إلى Y، X - Y), percent words (بالمئة، نسبة) and currencies (دولار، الجنيهات
المصرية), from ``data/qualifiers.tsv``, ``percent_words.tsv`` and ``currencies.tsv``.
"""
from __future__ import annotations

from typing import NamedTuple

from arqam.extraction.text.arabic import PROCLITICS, fold
from arqam.extraction.text.lexicon import read_table


class Phrase(NamedTuple):
    words: tuple[str, ...]  # folded
    meaning: str  # a qualifier, or "percent"


class RangePattern(NamedTuple):
    opener: tuple[str, ...]  # words before X (بين، من), maybe none
    joiner: tuple[str, ...]  # words or symbol between X and Y (و، إلى، -)
    digits_only: bool  # a symbol joiner (10-15) only joins digits


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in text.split())


def _load_qualifiers() -> tuple[list[Phrase], list[Phrase], list[RangePattern]]:
    """(phrases before the number, phrases after it, range patterns), longest first."""
    before: list[Phrase] = []
    after: list[Phrase] = []
    ranges: list[RangePattern] = []
    for text, qualifier, position, *_ in read_table("qualifiers.tsv"):
        words, position = _phrase(text), position.strip()
        if position == "range":
            x, y = words.index("X"), words.index("Y")
            joiner = words[x + 1 : y]
            ranges.append(RangePattern(words[:x], joiner, not joiner[0].isalpha()))
        else:
            (before if position == "before" else after).append(Phrase(words, qualifier.strip()))
    before.sort(key=lambda p: -len(p.words))
    after.sort(key=lambda p: -len(p.words))
    ranges.sort(key=lambda r: -len(r.opener))
    return before, after, ranges


def _load_currencies() -> dict[str, dict[str, str]]:
    """currency word -> {adjective or "-": ISO code}."""
    table: dict[str, dict[str, str]] = {}
    for words, adjectives, code, *_ in read_table("currencies.tsv"):
        for word in words.split():
            by_adjective = table.setdefault(fold(word), {})
            for adjective in adjectives.split():
                by_adjective[fold(adjective) if adjective != "-" else "-"] = code.strip()
    return table


def _by_word(phrases: list[Phrase], before_number: bool) -> dict[str, list[Phrase]]:
    """Phrases indexed by their word next to the number (the last one when they come before
    it, with the proclitic forms of one-word phrases: بنحو، وقرابة), so that a number costs one
    dict lookup rather than a scan of every phrase."""
    index: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        word = phrase.words[-1] if before_number else phrase.words[0]
        keys = [word] + ([p + word for p in PROCLITICS] if before_number and len(phrase.words) == 1 else [])
        for key in keys:
            index.setdefault(key, []).append(phrase)
    return index


def _percent_phrases(position: str) -> list[Phrase]:
    phrases = [Phrase(_phrase(text), "percent") for text, where, *_ in read_table("percent_words.tsv")
               if where.strip() == position]
    return sorted(phrases, key=lambda p: -len(p.words))


BEFORE_QUALIFIERS, AFTER_QUALIFIERS, RANGE_PATTERNS = _load_qualifiers()
BEFORE_BY_LAST_WORD = _by_word(BEFORE_QUALIFIERS, before_number=True)
AFTER_BY_FIRST_WORD = _by_word(AFTER_QUALIFIERS, before_number=False)
PERCENT_BY_FIRST_WORD = _by_word(_percent_phrases("after"), before_number=False)
PERCENT_BY_LAST_WORD = _by_word(_percent_phrases("before"), before_number=True)
RANGE_JOINERS = frozenset(pattern.joiner[0] for pattern in RANGE_PATTERNS)
COMPARISONS = frozenset({"more_than", "at_least", "less_than", "at_most"})
# after the noun a number counts (100 جندي على الأقل), these phrases still bound it
POST_NOUN_QUALIFIERS = frozenset({"at_least", "at_most", "approximately"})
COMPARISON_SYMBOLS = frozenset("<>=≤≥")
CURRENCIES = _load_currencies()
