"""The phone pattern of ``not_amounts`` opens each branch with its first character (so ``re`` skips
to the next + or 0); it finds exactly what the pattern with the digit before it checked first finds."""
from __future__ import annotations

import random
import re

from arqam.extraction.numbers.not_amounts import _PHONE_RE

# the pattern as written first: "no digit before" checked before the first character
_CHECKED_FIRST = re.compile(
    r"(?<![0-9])\+[0-9]{6,15}(?![0-9])"
    r"|(?<![0-9])(?:\+|00)[0-9]{1,4}(?:[ -][0-9]{2,5}){2,5}(?![0-9])"
    r"|(?<![0-9])0[0-9]{2,3}[ -][0-9]{3}[ -][0-9]{3,4}(?![0-9])"
)
_PIECES = ["+", "0", "00", "1", "7", "964", "0770", "123", " ", "-", "x", "ب", "1234567"]


def test_the_phone_pattern_finds_what_it_found_with_the_digit_before_checked_first():
    rng = random.Random(11)
    for _ in range(30000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))
        first = rng.randint(0, len(text))
        last = rng.randint(first, len(text))  # windows: the digits before one still count
        assert [m.span() for m in _PHONE_RE.finditer(text, first, last)] == [
            m.span() for m in _CHECKED_FIRST.finditer(text, first, last)], (text, first, last)
    assert _PHONE_RE.search("اتصل على +964 770 123 4567 الآن").group() == "+964 770 123 4567"
    assert _PHONE_RE.search("5+9647701234") is None  # a digit before the +
