"""Digit runs as the press writes them: thousands separators, decimal marks, the agencies' ر.

The tokenizer cuts the runs with ``NUMBER``, ``digits_value`` reads one, and a run longer than
``DIGITS_MAX`` digits is an identifier, never an amount. Arabic-Indic and Persian digits are
translated to ASCII first (``arabic.to_ascii_digits``, same length).
"""
from __future__ import annotations

import re
from fractions import Fraction

from arqam.extraction.text.arabic import to_ascii_digits

DIGITS_MAX = 18  # longer digit runs are identifiers, not amounts
# Bidi controls that editors leave between the digits and separators of a number (25799\u202a,\u202a52).
BIDI_CONTROLS = "\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c"
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")
THIN_SPACES = " \u00a0\u202f\u2009"  # thousands separators in French-style typesetting: 40 000
# Some agencies write the decimal point as the letter ر, the fraction first in the stored
# string: 5ر1 is 1.5, 25ر3 is 3.25 (docs/facts.md, numbers as the press writes them).
AGENCY_DECIMAL = "ر"
NUMBER = (
    rf"[0-9]+{AGENCY_DECIMAL}[0-9]+(?![0-9])"  # 5ر1 مليار
    rf"|[0-9]{{1,3}}(?:[{THIN_SPACES}][0-9]{{3}})+(?:[.,٫][0-9]+)?(?![0-9])"  # 1 414 021 100، 40 000
    rf"|[0-9]+(?:[{BIDI_CONTROLS}]*[.,٫٬،][{BIDI_CONTROLS}]*[0-9]+)*"
)
_NUMBER_RE = re.compile(NUMBER)  # the digit runs alone, as tokenize cuts them
# More than DIGITS_MAX digits in one NUMBER match take a longer stretch of what NUMBER is made of
# (digits of any script before their translation, marks, spaces, bidi controls), from a digit:
# without one, no match can be overlong.  NUMBER tries each of its branches at every character;
# this stops only at digits.
_LONG_RUN_RE = re.compile(rf"\d[\d{AGENCY_DECIMAL}{THIN_SPACES}{BIDI_CONTROLS}.,٫٬،]{{{DIGITS_MAX},}}")


def overlong_numbers(text: str) -> list[tuple[int, int]]:
    """(offset, digits) of each digit run in ``text`` longer than DIGITS_MAX digits: one the parser
    never reads as an amount (an identifier, a code, a run of digits glued together), for a trace.

    >>> overlong_numbers("رقم الحوالة ١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠ وقيمتها 500 دولار")
    [(12, 20)]
    >>> overlong_numbers("بلغت 1,000,000,000,000,000,000 دولار")
    [(5, 19)]
    """
    if _LONG_RUN_RE.search(text) is None:  # one pass rules out almost every text
        return []
    return [
        (match.start(), count)
        for match in _NUMBER_RE.finditer(to_ascii_digits(text))
        if (count := sum(ch.isdigit() for ch in match.group())) > DIGITS_MAX
    ]


def digits_value(raw: str, before_scale: bool) -> Fraction | None:
    """The value of a digit run with separators, None when they make no sense.

    ``٫`` is decimal, ``٬`` and spaces are thousands; with two kinds of mark the last one,
    written once, is decimal (``1,234.5``، ``26،013,94``); a mark repeated is thousands
    (``1.234.567``); a lone ``.`` or ``,`` before exactly three digits is a thousands separator
    (``2.400 جندي``، ``2,400``) unless a scale word follows (``1.500 مليون`` is 1.5 million,
    ``318,250 مليون`` 318.25 million: the press writes decimals of millions, and the thousands
    reading would be a thousand times too large). The agencies' ``ر`` is a decimal point after
    the fraction: ``5ر1`` is 1.5.
    """
    if AGENCY_DECIMAL in raw:
        fraction, integer = raw.split(AGENCY_DECIMAL)
        return Fraction(int(integer)) + Fraction(int(fraction), 10 ** len(fraction))
    raw = _BIDI_RE.sub("", raw)
    groups = re.split(r"[.,٫٬،\s]", raw)
    marks = [" " if ch.isspace() else ch for ch in raw if not ch.isdigit()]
    if not marks:
        return Fraction(int(raw))
    decimal_at = None  # index of the decimal separator among marks
    kinds = set(marks) - {" ", "٬"}
    if "٫" in marks:
        decimal_at = len(marks) - 1 - marks[::-1].index("٫")
    elif len(set(marks)) > 1 and marks[-1] not in " ٬":
        decimal_at = len(marks) - 1
    elif len(marks) == 1 and kinds:
        is_thousands = len(groups[1]) == 3 and not (marks[0] in ".," and before_scale)
        decimal_at = None if is_thousands else 0
    if decimal_at is not None and (decimal_at != len(marks) - 1 or marks.count(marks[decimal_at]) > 1):
        return None
    integer_groups = groups[: decimal_at + 1] if decimal_at is not None else groups
    if len(integer_groups) > 1 and (len(integer_groups[0]) > 3 or any(len(g) != 3 for g in integer_groups[1:])):
        return None
    value = Fraction(int("".join(integer_groups)))
    if decimal_at is not None:
        fraction = groups[-1]
        value += Fraction(int(fraction), 10 ** len(fraction))
    return value
