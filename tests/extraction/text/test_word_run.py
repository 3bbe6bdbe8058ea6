"""``dates.WORD_RUN`` (a word matched run by run, what the tokenizers scan with) matches exactly what
``dates.WORD`` (a branch per character) matches, wherever nothing follows it in its pattern."""
from __future__ import annotations

import random
import re

from arqam.extraction.text.dates import WORD, WORD_MARKS, WORD_RUN

# letters (tatweel and the superscript alef are word characters to ``re``), marks that are not,
# digits of two scripts, the underscore, spaces, punctuation, a direction mark, a Latin letter
_CHARACTERS = ["ب", "ة", "ا", "x", "ـ", "\u0670", "\u064e", "\u0651", "\u0610", "\u06ed", "1", "٣", "_", " ", "\n",
               "،", ".", "\u200f", "-"]


def test_one_character_is_a_word_the_same_way_for_every_code_point():
    word, run = re.compile(WORD), re.compile(WORD_RUN)
    for code in [*range(0x10000), *range(0x10000, 0x110000, 7)]:
        ch = chr(code)
        assert (word.fullmatch(ch) is None) == (run.fullmatch(ch) is None), hex(code)
    assert re.fullmatch(WORD_MARKS, "\u064e") and not re.fullmatch(WORD_MARKS, "ب")  # both kinds are there


def test_words_found_in_a_scan_are_the_same():
    rng = random.Random(7)
    for pattern in ("{}", r"{}|\d+", r"(?P<num>\d+)|(?P<word>{})|(?P<sym>\S)"):
        word, run = re.compile(pattern.format(WORD)), re.compile(pattern.format(WORD_RUN))
        for _ in range(20000):
            text = "".join(rng.choice(_CHARACTERS) for _ in range(rng.randint(0, 16)))
            assert [(m.span(), m.lastgroup) for m in word.finditer(text)] == [
                (m.span(), m.lastgroup) for m in run.finditer(text)], repr(text)
