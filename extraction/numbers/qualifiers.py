"""Qualifier phrases: a bound or an approximation before a number (``أكثر من``، ``نحو``، ``<``),
after it (``على الأقل``، ``أو أقل``), or after the noun it counts (``100 جندي على الأقل``).
"""
from __future__ import annotations

from arqam.extraction.numbers.lexicon import QUALIFIER_GAPS, bare
from arqam.extraction.numbers.phrases import (
    AFTER_BY_FIRST_WORD,
    BEFORE_BY_LAST_WORD,
    COMPARISON_SYMBOLS,
    POST_NOUN_QUALIFIERS,
)
from arqam.extraction.numbers.quantity import Expression
from arqam.extraction.numbers.ranges import RangeReader

POST_NOUN_REACH = 2  # tokens after a number (its noun, an adjective) before a bound that still bounds it


class QualifierReader(RangeReader):
    """The qualifier of an expression."""

    def add_qualifier(self, expression: Expression, floor: int) -> None:
        """A qualifier phrase before the number and one after it (``أقل من 5000 أو يساوي``،
        ``حوالي 500 أو أقل``: a bound after wins over an approximation before), or one after
        the counted noun (``100 جندي على الأقل``)."""
        if expression.qualifier not in ("exact",):
            return
        first = expression.first
        gap = first - 1 >= floor and self.tokens[first - 1].kind == "word" and bare(self.key(first - 1) or "") in QUALIFIER_GAPS
        for phrase_end in (first - 1, first - 2) if gap else (first - 1,):
            start = self.qualifier_before(phrase_end, floor)
            if start is not None:
                expression.qualifier, expression.first = start
                break
        for phrase in AFTER_BY_FIRST_WORD.get(self.key(expression.last + 1) or "", ()):
            end = self.phrase_at(phrase.words, expression.last + 1)
            if end is None or self.opens_next_number(end + 1):
                continue
            if phrase.meaning == "or_equal":
                upgraded = {"more_than": "at_least", "less_than": "at_most"}.get(expression.qualifier)
                if upgraded is None:
                    continue
                expression.qualifier, expression.last = upgraded, end
            elif expression.qualifier in ("exact", "approximately"):
                expression.qualifier, expression.last = phrase.meaning, end
            return
        if expression.qualifier == "exact":
            self.add_post_noun_qualifier(expression)

    def qualifier_before(self, end: int, floor: int) -> tuple[str, int] | None:
        """(qualifier, first token) of a qualifier phrase ending at token ``end``."""
        if end < floor:
            return None
        for phrase in BEFORE_BY_LAST_WORD.get(self.key(end) or "", ()):
            start = self.phrase_before(phrase.words, end, floor)
            if start is not None and not self.broken_symbol(start):
                return phrase.meaning, start
        return None

    def opens_next_number(self, i: int) -> bool:
        """Does the phrase ending before token ``i`` belong to the next number (``5000 أو أقل من
        6000``، ``على الأكثر 100 وعلى الأقل 20``، ``3 قتلى وأكثر من 40``)?"""
        return self.key(i) in ("من", "عن") or self.core(i) is not None

    def add_post_noun_qualifier(self, expression: Expression, reach: int = POST_NOUN_REACH) -> None:
        """``قتل 100 جندي على الأقل``، ``3 جنود أمريكيين تقريبا``: a bound after the counted noun
        (and up to one adjective) still bounds the number."""
        for k in range(expression.last + 1, expression.last + 1 + reach):
            token = self.tokens[k] if k < len(self.tokens) else None
            if token is None or token.kind != "word" or token.reading is not None or token.key == "و":
                return
            for phrase in AFTER_BY_FIRST_WORD.get(self.key(k + 1) or "", ()):
                end = self.phrase_at(phrase.words, k + 1)
                if end is not None and phrase.meaning in POST_NOUN_QUALIFIERS and not self.opens_next_number(end + 1):
                    expression.qualifier, expression.last = phrase.meaning, end
                    return

    def broken_symbol(self, start: int) -> bool:
        """``=>30``، ``<>30``: a comparison sign glued after another is no comparison."""
        token = self.tokens[start]
        if token.key not in COMPARISON_SYMBOLS or start == 0:
            return False
        previous = self.tokens[start - 1]
        return previous.end == token.start and previous.key in COMPARISON_SYMBOLS
