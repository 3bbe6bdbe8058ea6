"""``overlong_numbers`` looks for long digit runs only where one could be: the same runs as matching
every number of the text, on texts made of the characters numbers are written with."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.extraction.numbers.digits import _NUMBER_RE, DIGITS_MAX, overlong_numbers
from arqam.extraction.text.arabic import to_ascii_digits


def every_number(text: str) -> list[tuple[int, int]]:
    """Each NUMBER match of the text, its digits counted, without looking first."""
    return [
        (match.start(), count)
        for match in _NUMBER_RE.finditer(to_ascii_digits(text))
        if (count := sum(ch.isdigit() for ch in match.group())) > DIGITS_MAX
    ]


# digits of three scripts, every separator NUMBER knows, bidi controls, the agencies' ر, and words
PIECES = st.sampled_from(["1", "23", "456", "٧", "۸", ",", ".", "٫", "٬", "،", " ", "\u00a0", "\u202f", "\u2009",
                          "\u200f", "\u202a", "\u2066", "ر", "مليون", "x", "\n"])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_the_same_runs_as_every_number_matched(text):
    assert overlong_numbers(text) == every_number(text)


def test_long_runs_of_every_kind_are_found():
    for text in ("رقم ١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠ فقط", "بلغت 1,000,000,000,000,000,000 دولار", "1 000 000 000 000 000 000",
                 "12345678901\u200f,\u200f2345678901", "1234567890ر123456789012"):
        assert overlong_numbers(text) == every_number(text) != [], text
