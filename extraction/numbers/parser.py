"""Quantities in Arabic news text: numerals, with their qualifiers, currencies and units.

The parser works in three steps, all in one left-to-right pass:

1. a tokenizer splits the text into digit runs, words and symbols, keeping
   offsets; Arabic-Indic and Persian digits are translated first (same length);
2. each token is read against the language data in ``data/`` (number words,
   scale words, duals, qualifiers, currencies, percent words), a word with the
   proclitics و ف ب ل ك and the article removed when needed;
3. a small combinator builds a *core* numeral from consecutive tokens
   (``240 ألف``، ``مئة وخمسين ألفا``، ``مليار و200 مليون``، ``عشرات الآلاف``،
   ``قاعدتين``، ``مئة وثلاثة أرباع``)، then grows it into a quantity: a ratio
   (``واحد من ثلاثة``), a range (``بين 100 و150 ألف``), a percent or currency
   after it, a sign, a qualifier phrase before or after it (or after its counted
   noun: ``100 جندي على الأقل``); a lower and an upper bound joined by و become
   one range (``أكثر من 100 وأقل من 300``).

Language facts the rules rely on: a cardinal 3..10 is followed by an indefinite
noun, so ``خمس الفطيرة`` is a fifth (``data/fraction_homographs.tsv``); a fraction
word alone is a quantity only as a fraction *of* something; ``من X إلى Y`` after a
verb of change (``ارتفع``، ``تراجع``: ``data/change_verbs.tsv``) is an old and a
new value, not a range.

What is never a quantity: numbers inside a date, year or time (``dates.find_dates``),
phone numbers, URLs, list markers at line start, footnote markers ``[3]``, numbers
inside designations (``F-16``، ``إف 16``، ``سو-24``), labels (``المادة 140``،
``القرار 2334``: ``data/identifier_words.tsv``), digits glued to a following word
(``20دولار``) or to a word that is not a short function word (``هو٠`` is a missing
space: ``data/glue_words.tsv``), definite duals (``البلدين``), day names, ``أحد``
alone, ``واحد`` as a pronoun (``أي واحد``: ``data/not_a_count.tsv``).

Values are exact (``fractions.Fraction`` inside) and returned as ``int`` when
integral. The pass only looks a bounded number of tokens back and ahead, so
it runs in time linear in the text.

Where each part lives: the language data in ``lexicon`` (number words, word
lists) and ``phrases`` (qualifiers, ranges, percent, currencies); digit runs in
``digits``; step 1 and 2 in ``tokens`` (and ``not_amounts``, the digit runs that
are never an amount); step 3 in layers, each a class over the one below it:
``view`` (what a token is), ``units``, ``cardinals``, ``cores`` (the numeral of
any kind), ``ranges``, ``qualifiers``, and this module's ``Parser``, which grows
a core into a ``quantity.Quantity``. ``candidates`` runs the same tokenizer and
``Parser`` over the windows around digit runs and number words only (what fact
typing calls); ``find_quantities`` here reads the whole text.
"""
from __future__ import annotations

import re
from fractions import Fraction
from typing import overload

from arqam.extraction.numbers.phrases import PERCENT_BY_LAST_WORD
from arqam.extraction.numbers.qualifiers import QualifierReader
from arqam.extraction.numbers.quantity import Core, Expression, Quantity


class Parser(QualifierReader):
    """The combinator over the tokens of one text: each layer below reads one part of a quantity
    (``view``: the tokens, ``units``, ``cardinals``, ``cores``, ``ranges``, ``qualifiers``), this
    one grows a core into the quantity."""

    # -- the quantity

    def quantity_at(self, i: int, floor: int) -> tuple[Quantity, int] | None:
        """The quantity whose numeral starts at token ``i``, and the index of the token after it.
        ``floor`` is the first token after the previous quantity: nothing is taken before it."""
        core = self.core(i)
        if core is None:
            return None
        if core.kind == "ordinal":  # الـ22: the article belongs to the ordinal
            first = max(i - 1, floor) if core.digits else i
            return self.quantity(core, Expression(first, core.last, core.value, core.value, "ordinal")), core.last + 1
        expression = Expression(core.first, core.last, core.value, core.high, core.kind)
        if core.kind == "vague":
            expression.qualifier = "vague"
        ratio = self.ratio_after(core)
        if ratio:
            whole, expression.last = ratio
            expression.low = expression.high = core.value / whole.value
            expression.kind = "fraction"
        else:
            self.add_range(expression, core, floor)
            self.add_unit(expression, core, floor)
        self.add_sign(expression, core, floor)
        self.add_qualifier(expression, floor)
        return self.quantity(core, expression), expression.last + 1

    def add_range(self, expression: Expression, core: Core, floor: int) -> None:
        found = self.range_after(core, floor)
        if found:
            expression.first, expression.second, expression.low = found
            expression.last, expression.high = expression.second.last, expression.second.value
            expression.qualifier = "range"

    def add_unit(self, expression: Expression, core: Core, floor: int) -> None:
        """Percent words or a currency after the number (or percent words before a number with
        no unit after it: ``نسبة 10``، ``بالمائة 10``), a dollar sign before it."""
        percent_last = self.percent(expression.last + 1)
        if percent_last is not None and core.kind != "vague":
            expression.kind, expression.last = "percent", percent_last
        else:
            named = self.currency(expression.last + 1, partitive=core.kind == "vague" or core.scale > 1)
            if named:
                expression.currency, expression.last = named
                expression.kind = "money"
            elif core.kind == "cardinal":
                for phrase in PERCENT_BY_LAST_WORD.get(self.key(expression.first - 1) or "", ()):
                    start = self.phrase_before(phrase.words, expression.first - 1, floor)
                    if start is not None:
                        expression.kind, expression.first = "percent", start
                        break
        if self.key(expression.first - 1) == "$" and expression.first - 1 >= floor:
            expression.first -= 1
            expression.kind, expression.currency = "money", expression.currency or "USD"

    def add_sign(self, expression: Expression, core: Core, floor: int) -> None:
        sign = self.negative_sign(expression.first, floor) if expression.first == core.first else None
        if sign is not None:
            expression.first, expression.negative = sign, True

    def quantity(self, core: Core, expression: Expression) -> Quantity:
        value = -expression.low if expression.negative else expression.low
        value_min, value_max = {
            "exact": (value, value),
            "more_than": (value, None),
            "at_least": (value, None),
            "less_than": (None, value),
            "at_most": (None, value),
            "approximately": (None, None),
            "range": (value, expression.high),
            "vague": (value, expression.high),
        }[expression.qualifier]
        start, end = self.tokens[expression.first].start, self.tokens[expression.last].end
        return Quantity(
            start=start,
            end=end,
            text=self.text[start:end],
            value=_plain(value),
            value_min=_plain(value_min),
            value_max=_plain(value_max),
            qualifier=expression.qualifier,
            kind=expression.kind,
            currency=expression.currency,
            number_start=core.number_start,
            number_end=self.tokens[(expression.second or core).last].end,
            counted=core.counted,
        )


@overload
def _plain(value: Fraction) -> int | float: ...


@overload
def _plain(value: Fraction | None) -> int | float | None: ...


def _plain(value: Fraction | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.denominator == 1 else float(value)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity of ``text``, in text order, non-overlapping."""
    return join_bounds(text, quantities_of(Parser(text)))


def quantities_of(parser: Parser) -> list[Quantity]:
    """Every quantity of the parser's tokens (a text's, or a window's), in order, non-overlapping,
    bounds not yet joined."""
    quantities: list[Quantity] = []
    floor = 0
    for i, token in enumerate(parser.tokens):
        # a numeral starts at digits or a number word; qualifiers, signs and $ are taken from there
        if i < floor or (token.kind != "num" and token.reading is None):
            continue
        found = parser.quantity_at(i, floor)
        if found is not None:
            quantity, floor = found
            quantities.append(quantity)
    return quantities


# Possessive runs: three greedy \s* in a row backtrack cubically over a long gap that fails.
_BOUND_JOINER_RE = re.compile(r"\s*+[،,]?\s*+(?:و|أو|او)?\s*+")
LOWER_BOUNDS, UPPER_BOUNDS = ("more_than", "at_least"), ("less_than", "at_most")


def join_bounds(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """``أكثر من 100 وأقل من 300``، ``على الأكثر 100 وعلى الأقل 20``: a lower and an upper bound
    joined by و or أو with nothing between them are one range."""
    joined: list[Quantity] = []
    for quantity in quantities:
        previous = joined[-1] if joined else None
        if previous is not None and previous.kind == quantity.kind and _BOUND_JOINER_RE.fullmatch(
            text[previous.end : quantity.start]
        ):
            bounds = {previous.qualifier in LOWER_BOUNDS: previous, quantity.qualifier in LOWER_BOUNDS: quantity}
            lower, upper = bounds.get(True), bounds.get(False)
            if (lower is not None and upper is not None and upper.qualifier in UPPER_BOUNDS
                    and lower.value < upper.value):
                joined[-1] = Quantity(
                    start=previous.start, end=quantity.end, text=text[previous.start : quantity.end],
                    value=lower.value, value_min=lower.value, value_max=upper.value, qualifier="range",
                    kind=quantity.kind, currency=previous.currency or quantity.currency,
                    number_start=previous.number_start, number_end=quantity.number_end, counted=None,
                )
                continue
        joined.append(quantity)
    return joined
